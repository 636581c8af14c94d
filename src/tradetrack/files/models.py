"""The data files' contract: commitments, their amendments, progress records and settings.

This is the one definition of every shape. Pydantic validates the files with these models and
gives their JSON Schema; scripts/regenerate.py writes core/values.py from them (the plain classes
a load yields), so a field added here reaches every reader, writer and output.

Every number is finite and bounded here, at the file boundary: nothing later has to guard
against infinities, NaN or values that overflow when converted.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def _to_day(value: object) -> object:
    # YAML gives date objects for unquoted ISO dates; JSON and quoted YAML give strings. Plain
    # integers are refused: pydantic's lax mode would read 20251101 as a Unix timestamp.
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValueError("not a date") from None
    if isinstance(value, date) and not hasattr(value, "hour"):
        if not EARLIEST <= value <= LATEST:
            raise ValueError(f"not a date between {EARLIEST.year} and {LATEST.year}")
        return value
    raise ValueError("not a date")


Day = Annotated[date, BeforeValidator(_to_day)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]
# Finite, and small enough that converting between any two units cannot overflow.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e15, le=1e15)]
# A target this small is a typo or an attack: judged against a 1e-9 tolerance it reads "met" on
# nothing, and a chart has no scale for it. Zero stays allowed where it is (a baseline).
SMALLEST_TARGET = 1e-6


def _not_tiny(x: float) -> float:
    if x and abs(x) < SMALLEST_TARGET:
        raise PydanticCustomError("tiny_number", "{value} is too small for a target", {"value": x})
    return x


TargetNumber = Annotated[Number, AfterValidator(_not_tiny)]
Year = Annotated[int, Field(strict=True, ge=EARLIEST.year, le=LATEST.year - 1)]
# Mapping keys arrive as text from YAML ("2020"): read as years, within the same bounds.
YearKey = Annotated[int, Field(ge=EARLIEST.year, le=LATEST.year - 1)]
# unverified: seen only in secondary digests (summaries citing an outlet whose own article was
# not found) or on an aggregator; shown beside a verdict, never deciding it.
Standing = Literal["confirmed", "reported", "stated", "unverified"]


def standing_field(description: str):
    """The standing of a commitment, an amendment or a figure, confirmed unless said; each says
    in its own description what confirms it."""
    return Field("confirmed", description=description)


def standing_note_field():
    return Field(None, description="What the standing rests on, or what is missing.")


# Which side of the target keeps the promise: a floor ("at least 12 Mt"), a ceiling ("at most
# 15%"), or the figure itself ("the rate becomes 10%").
Bound = Literal["at-least", "at-most", "exactly"]


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

    amount: TargetNumber = Field(gt=0, description="The quantity, a positive number.")
    unit: str = Field(
        description="Unit: t, kt, Mt, MMT, lb, bu (soybean), USD, kUSD, MUSD, bnUSD (likewise EUR, "
        "JPY, KRW, CNY, GBP: bnEUR; no currency converts to another), or a count unit named in "
        "settings.count_units."
    )


class Level(Strict):
    """A level a target is measured from, such as the 2017 value of a trade flow."""

    amount: TargetNumber = Field(ge=0, description="The level, zero or more.")
    unit: str = Field(description="Unit of the level; must convert to the increase's.")


class Target(Strict):
    """What a purchase must reach: an amount, or a baseline (per basis) plus an increase."""

    amount: Number | None = Field(None, gt=0, description="The quantity to reach (with unit).")
    unit: str | None = Field(None, description="Unit of amount.")
    baseline: dict[Name, Level] | None = Field(
        None,
        description="The level the increase is added to, per basis (its value depends on whose "
        "statistics define it), e.g. {us-exports: {amount: 95.1, unit: bnUSD}}.",
    )
    increase: Amount | None = Field(None, description="The increase above the baseline.")

    @field_validator("amount")
    @classmethod
    def _amount_not_tiny(cls, x: float | None) -> float | None:
        # here, not in the type: a validator inside `Number | None` would hide gt=0 from the schema
        return x if x is None else _not_tiny(x)


State = Literal["superseded", "void", "extended", "reinstated", "withdrawn"]


class Amendment(Strict):
    """A dated change to a commitment's terms. Status as of a date uses the terms then in force."""

    date: Day = Field(description="The day the change took effect (or was announced).")
    due: Day | None = Field(None, description="New due date.")
    end: Day | None = Field(None, description="New end date of a suspension.")
    target: Target | None = Field(None, description="New target of a purchase.")
    to_rate: Number | None = Field(None, ge=0, description="New target rate of a tariff change, percent.")
    state: State | None = Field(
        None, description="A change of standing: superseded, void, extended, reinstated, withdrawn."
    )
    periods: list[Year] | None = Field(
        None,
        description="The periods (years) of a recurring commitment this changes. Without it, an "
        "amendment changes only periods that had not ended on its date.",
    )
    standing: Standing = standing_field(
        "How firm the change is: confirmed (a legal instrument or both sides), "
        "reported (by the press, no instrument found), stated (by one side only), unverified (seen "
        "only in secondary digests: shown beside the verdict, never applied)."
    )
    standing_note: str | None = standing_note_field()
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
    standing: Standing = standing_field(
        "How firm the commitment is: confirmed (both sides or a legal text), "
        "reported, stated (by one side only; name it in stated_by), or unverified (seen only in "
        "secondary digests)."
    )
    stated_by: str | None = Field(None, description="With standing: stated, the party that stated it.")
    standing_note: str | None = standing_note_field()
    sources: list[Source] = Field(min_length=1, description="Where the commitment was published.")
    tags: list[str] = Field(default_factory=list, description="Free labels; `--tag` selects by them.")
    notes: str | None = Field(None, description="Anything a reader should know.")
    amendments: list[Amendment] = Field(default_factory=list, description="Dated changes to the terms, oldest first.")


class Recurrence(Strict):
    """One commitment repeated over several yearly periods, written once."""

    years: list[Year] = Field(min_length=1, description="The years in which the commitment applies.")
    year_start: str = Field(
        "01-01",
        pattern=r"^\d{2}-\d{2}$",
        description="Month and day each period starts, MM-DD: 01-01 for calendar years, "
        "09-01 for the US soybean marketing year.",
    )
    targets: dict[YearKey, Target] | None = Field(
        None, description="A target per year, where the deal gives one; other years take `target`."
    )


Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1e9)]


Code = Annotated[int, Field(strict=True, ge=1, le=99999)]


def _census_country(value):
    """Census country codes are four characters ("0003" is the EU): a number written unquoted
    (YAML reads 0003 as 3) is padded, so 5700 and "5700" are the same code."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"
    return value


CensusCountry = Annotated[str, BeforeValidator(_census_country), Field(pattern=r"^[0-9]{4}$")]
HsCode = Annotated[str, Field(pattern=r"^[0-9]{2}([0-9]{2}){0,4}$")]


class EsrSeries(Strict):
    """A USDA FAS export-sales series: weekly, by commodity and destination country."""

    commodity: Code = Field(description="ESR commodity code, e.g. 801 for soybeans (`tradetrack codes esr-commodity`).")
    country: Code = Field(description="ESR country code, e.g. 5700 for China (`tradetrack codes esr-country`).")
    measure: Literal["total-commitment", "exports"] = Field(
        "total-commitment",
        description="total-commitment: net sales booked (current and next marketing year); exports: "
        "shipped. Different measures go on different bases.",
    )


class CensusSeries(Strict):
    """A US Census international-trade series: monthly, by HS codes and partner country."""

    flow: Literal["exports", "imports"] = Field(description="US exports to, or imports from, the country.")
    hs: list[HsCode] = Field(
        min_length=1, description='HS codes (2 to 10 digits) whose figures are summed, e.g. ["1201"].'
    )
    country: CensusCountry = Field(
        description='Census country code, four digits: "5700" for China, "0003" for the European Union '
        "(`tradetrack codes census-country` lists them)."
    )
    measure: Literal["value", "quantity"] = Field(
        "value", description="value (USD) or quantity (first unit of quantity, tonnes or kilograms)."
    )


class PublishedSeries(Strict):
    """Where a purchase's figures are published, for `tradetrack fetch`: one source per entry."""

    basis: Name = Field(description="The basis the fetched figures go on, e.g. usda-esr.")
    esr: EsrSeries | None = Field(None, description="A USDA export-sales series.")
    census: CensusSeries | None = Field(None, description="A Census trade series.")


class ToReach(Base):
    """An amount to reach within a period, judged by figures against a target: the terms a
    purchase and an investment share."""

    target: Target | None = Field(
        None, description="What to reach by the due date. A roll-up without it sums its parts' targets."
    )
    basis: Name | None = Field(
        None, description="The basis this commitment is judged on, before the file's default_basis."
    )
    due: Day | None = Field(
        None,
        description="Last day of the period (omit with recurring; omit if the deal "
        "states no deadline: then it is met or pending, never late).",
    )
    recurring: Recurrence | None = Field(None, description="Repeat each year; start and due are then set per period.")
    parts: list[Slug] | None = Field(
        None,
        description="Ids of the commitments this one adds up (a roll-up): its figures, target and "
        "expected path are their sums. A recurring part stands for all its periods.",
    )
    profile: list[Weight] | None = Field(
        None,
        min_length=12,
        max_length=12,
        description="Twelve monthly weights (January first) for the expected path; linear if absent.",
    )
    year_weights: dict[YearKey, Weight] | None = Field(
        None,
        description="Weights of the years of a multi-year period for the expected path, e.g. the "
        "increases each year adds; linear if absent.",
    )
    bound: Bound = Field(
        "at-least",
        description="at-least: met when the figures reach the target; at-most: a ceiling, breached "
        "when they go above it; exactly: met at the target, breached above it.",
    )


class Purchase(ToReach):
    """A quantity of a commodity to buy within a period."""

    kind: Literal["purchase"] = Field(description="purchase")
    commodity: str = Field(description="What is bought, e.g. soybeans.")
    series: list[PublishedSeries] = Field(
        default_factory=list,
        description="Published series of its figures, which `tradetrack fetch` reads and appends.",
    )


class Investment(ToReach):
    """An amount to invest within a period, e.g. $550bn by 19 Jan 2029. No commodity: what is
    counted is money invested, and no published series of it is fetched."""

    kind: Literal["investment"] = Field(description="investment")


class Suspension(Base):
    """A measure suspended from a date until a date."""

    kind: Literal["suspension"] = Field(description="suspension")
    end: Day | None = Field(None, description="Last day of the suspension; omit if open-ended.")


class Tariff(Base):
    """A change of a tariff rate on a date."""

    kind: Literal["tariff"] = Field(description="tariff")
    from_rate: Number | None = Field(None, ge=0, description="Rate before the change, percent, if stated.")
    to_rate: Number = Field(ge=0, description="Rate promised, percent.")
    bound: Bound = Field(
        "exactly",
        description="exactly: the rate becomes to_rate; at-most: a ceiling, implemented while the "
        "observed rate is at or below to_rate, breached above it; at-least: a floor.",
    )
    due: Day | None = Field(
        None, description="The day the new rate is to apply; omit if none was stated (then never overdue)."
    )


class Action(Base):
    """A one-off deliverable."""

    kind: Literal["action"] = Field(description="action")
    due: Day | None = Field(None, description="Deadline, if one was stated.")


AnyKind = Purchase | Investment | Suspension | Tariff | Action
Commitment = Annotated[AnyKind, Field(discriminator="kind")]
Share = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=10)]
Days = Annotated[int, Field(strict=True, ge=0, le=3660)]


class Thresholds(Strict):
    """Share of the expected amount a purchase must reach to be called on track or at risk."""

    on_track: Share = Field(0.9, description="At or above this share of expected: on track.")
    at_risk: Share = Field(0.7, description="At or above this share: at risk; below: behind.")


class Settings(Strict):
    """Rules for judging the commitments of this file."""

    default_basis: Name = Field("official", description="Basis used when neither --basis nor the commitment names one.")
    lapsing_days: Days = Field(30, description="Window for 'lapsing' suspensions, days.")
    disagreement: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=10)] = Field(
        0.2, description="Flag bases whose figures differ by more than this share."
    )
    grace_days: Days = Field(
        7,
        description="After a due date, figures dated this many days before it count as reaching it "
        "(weekly series end on Thursdays); older ones leave the verdict unconfirmed.",
    )
    stale_days: Days = Field(45, description="Before a due date, flag a last figure older than this.")
    count_units: list[Name] = Field(
        default_factory=list,
        description="Units of counted things (aircraft, plants, licences): each converts only to itself.",
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Purchase thresholds.")
    checked: Day | None = Field(
        None,
        description="The day the record was last checked against its sources. Titles show it; a run "
        "more than 30 days after it says the record may be missing later facts.",
    )


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


Event = Literal["in-force", "lapsed", "reinstated", "extended", "partial", "done", "implemented", "reversed"]


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
    basis: Name | None = Field(None, description="Basis of the figure, e.g. usda-esr, official.")
    measure: Name | None = Field(
        None,
        description="What the figure measures when a basis publishes several, e.g. shipped for "
        "USDA's accumulated exports beside its total commitments. Bases of different "
        "measures are never compared with each other.",
    )
    decline: bool = Field(
        False,
        description="True if this to-date amount is below the last one on its basis on purpose "
        "(cancellations the source published); without it, a lower figure is an inconsistency.",
    )
    revises: Annotated[int, Field(strict=True, ge=1, le=10**9)] | None = Field(
        None,
        description="The line of the figure of the same day and basis this one revises. A lower "
        "figure of the same day passes `check` only so marked.",
    )
    standing: Standing = standing_field(
        "How firm the figure is: confirmed (from the publisher: fetched, imported or "
        "its own page), reported (the press quoting it), stated, unverified (seen only in secondary "
        "digests: shown, never counted). A confirmed figure supersedes a reported one it contradicts."
    )
    source: str = Field(min_length=1, description="Where the figure was published (address or title).")
    note: str | None = Field(None, description="Anything a reader should know.")


RECORD_MODEL = ProgressRecord
PROGRESS_FIELDS = tuple(ProgressRecord.model_fields)
