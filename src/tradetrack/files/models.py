"""The data files' contract: commitments, their amendments, progress records and settings.

This is the one definition of every shape. Pydantic validates the files with these models and
gives their JSON Schema; scripts/regenerate.py writes core/values.py from them (the plain classes
a load yields), so a field added here reaches every reader, writer and output.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _to_day(value: object) -> object:
    # YAML gives date objects for unquoted ISO dates; JSON and quoted YAML give strings. Plain
    # integers are refused: pydantic's lax mode would read 20251101 as a Unix timestamp.
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        return date.fromisoformat(value)
    raise ValueError("not a date")


Day = Annotated[date, BeforeValidator(_to_day)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Number = Annotated[float, Field(strict=True)]


class Strict(BaseModel):
    # defer_build: validators are built on first validation, which a cache hit never needs.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Strict):
    """Where a fact was published."""

    url: str | None = Field(None, description="Address of the publication.")
    title: str = Field(description="Title or a short description of the publication.")
    date: Day | None = Field(None, description="Publication date, YYYY-MM-DD.")


class Amount(Strict):
    """A quantity with its unit."""

    amount: Number = Field(gt=0, description="The quantity, a positive number.")
    unit: str = Field(description="Unit: t, kt, Mt, MMT, lb, bu (soybean), USD, kUSD, MUSD, bnUSD.")


State = Literal["superseded", "void", "extended", "reinstated", "withdrawn"]


class Amendment(Strict):
    """A dated change to a commitment's terms. Status as of a date uses the terms then in force."""

    date: Day = Field(description="The day the change took effect (or was announced).")
    due: Day | None = Field(None, description="New due date.")
    end: Day | None = Field(None, description="New end date of a suspension.")
    target: Amount | None = Field(None, description="New target quantity of a purchase.")
    to_rate: Number | None = Field(None, description="New target rate of a tariff change, percent.")
    state: State | None = Field(
        None, description="A change of standing: superseded, void, extended, reinstated, withdrawn."
    )
    summary: str = Field(description="What changed, in a sentence.")
    source: Source = Field(description="Where the change was published.")


class Base(Strict):
    """What every commitment has, whatever its kind."""

    id: Slug = Field(description="Unique id: lower-case letters, digits, '-', '_' or '.'.")
    deal: str = Field(description="Id of the deal the commitment belongs to.")
    title: str = Field(description="A one-line title.")
    party: str = Field(description="Who commits, e.g. CN or US.")
    counterparty: str | None = Field(None, description="To whom the commitment is made.")
    description: str | None = Field(None, description="The terms in words.")
    start: Day = Field(description="The day the commitment starts to run, YYYY-MM-DD.")
    sources: list[Source] = Field(min_length=1, description="Where the commitment was published.")
    tags: list[str] = Field(default_factory=list, description="Free labels for filtering.")
    notes: str | None = Field(None, description="Anything a reader should know.")
    amendments: list[Amendment] = Field(
        default_factory=list, description="Dated changes to the terms, oldest first."
    )


class Recurrence(Strict):
    """One target repeated over several yearly periods, written once."""

    years: list[int] = Field(min_length=1, description="The years in which the target applies.")
    year_start: str = Field(
        "01-01",
        pattern=r"^\d{2}-\d{2}$",
        description="Month and day each period starts, MM-DD: 01-01 for calendar years, "
        "09-01 for the US soybean marketing year.",
    )


class Purchase(Base):
    """A quantity to buy within a period."""

    kind: Literal["purchase"] = Field(description="purchase")
    commodity: str = Field(description="What is bought, e.g. soybeans.")
    target: Amount = Field(description="The quantity to buy by the due date.")
    due: Day | None = Field(None, description="Last day of the period (omit with recurring).")
    recurring: Recurrence | None = Field(
        None, description="Repeat the target each year; start and due are then set per period."
    )
    profile: list[Number] | None = Field(
        None,
        min_length=12,
        max_length=12,
        description="Twelve monthly weights (January first) for the expected path; linear if absent.",
    )


class Suspension(Base):
    """A measure suspended from a date until a date."""

    kind: Literal["suspension"] = Field(description="suspension")
    end: Day | None = Field(None, description="Last day of the suspension; omit if open-ended.")


class Tariff(Base):
    """A change of a tariff rate on a date."""

    kind: Literal["tariff"] = Field(description="tariff")
    from_rate: Number = Field(ge=0, description="Rate before the change, percent.")
    to_rate: Number = Field(ge=0, description="Rate promised, percent.")
    due: Day = Field(description="The day the new rate is to apply.")


class Action(Base):
    """A one-off deliverable."""

    kind: Literal["action"] = Field(description="action")
    due: Day | None = Field(None, description="Deadline, if one was stated.")


Commitment = Annotated[Union[Purchase, Suspension, Tariff, Action], Field(discriminator="kind")]


class Thresholds(Strict):
    """Share of the expected amount a purchase must reach to be called on track or at risk."""

    on_track: Number = Field(0.9, gt=0, description="At or above this share of expected: on track.")
    at_risk: Number = Field(0.7, gt=0, description="At or above this share: at risk; below: behind.")


class Settings(Strict):
    """Rules for judging the commitments of this file."""

    default_basis: str = Field("official", description="Basis used when none is asked for.")
    lapsing_days: int = Field(30, ge=0, description="Window for 'lapsing' suspensions, days.")
    disagreement: Number = Field(
        0.2, ge=0, description="Flag bases whose figures differ by more than this share."
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Purchase thresholds.")


class Deal(Strict):
    """A deal: the agreement a set of commitments belongs to."""

    id: Slug = Field(description="Unique id of the deal.")
    title: str = Field(description="Name of the deal.")
    parties: list[str] = Field(min_length=2, description="The parties, e.g. [US, CN].")
    date: Day | None = Field(None, description="Date the deal was announced.")
    sources: list[Source] = Field(default_factory=list, description="Where it was published.")


class CommitmentsFile(Strict):
    """The hand-edited commitments file."""

    version: Literal[1] = Field(1, description="File format version.")
    settings: Settings = Field(default_factory=Settings, description="Status rules.")
    deals: list[Deal] = Field(default_factory=list, description="The deals.")
    commitments: list[Commitment] = Field(default_factory=list, description="The commitments.")


Event = Literal[
    "in-force", "lapsed", "reinstated", "extended", "partial", "done", "implemented", "reversed"
]


class ProgressRecord(Strict):
    """One published figure: an amount, an observed tariff rate, or an event."""

    commitment: str = Field(description="Id of the commitment.")
    date: Day = Field(description="The day the figure is as of, YYYY-MM-DD.")
    amount: Number | None = Field(None, ge=0, description="Amount bought, in unit.")
    unit: str | None = Field(None, description="Unit of amount.")
    increment: bool = Field(
        False, description="True if amount adds to the earlier total; false if it is a to-date total."
    )
    rate: Number | None = Field(None, ge=0, description="Observed tariff rate, percent.")
    event: Event | None = Field(None, description="An event: in-force, lapsed, reinstated, done...")
    basis: str | None = Field(None, description="Basis of the figure, e.g. usda-esr, official.")
    source: str = Field(min_length=1, description="Where the figure was published (address or title).")
    note: str | None = Field(None, description="Anything a reader should know.")


RECORD_MODEL = ProgressRecord
PROGRESS_FIELDS = tuple(ProgressRecord.model_fields)
