"""What judging returns and what it may look at: a Verdict (a status code with the dates and
numbers it follows from, no words), the Doubts it rests on, and the Scope of one ledger."""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from tradetrack.core import targets
from tradetrack.core.status import weakest
from tradetrack.core.values import Settings
from tradetrack.facts.index import Facts, Point, Series
from tradetrack.judge.pace import Projection
from tradetrack.judge.terms import Terms

EMPTY: Mapping = MappingProxyType({})


class Doubt(NamedTuple):
    """A fact a verdict rests on that is not confirmed."""

    what: str  # commitment, amendment, figure or event
    standing: str  # reported or stated
    on: date | None = None  # the amendment's, figure's or event's date
    by: str | None = None  # who stated it (standing: stated)
    note: str | None = None


class Verdict(NamedTuple):
    """One commitment judged as of one day."""

    commitment: Any  # one of core.values' commitment kinds: code dispatches on its `kind`
    as_of: date
    status: str  # a code of core.status.STATUSES
    terms: Terms
    doubts: tuple[Doubt, ...] = ()
    confirmed_status: str | None = None  # the status on confirmed facts alone, where it differs
    confirmed_due: date | None = None  # the due date (end) on confirmed facts alone, where it differs
    basis: str | None = None
    basis_from: str | None = None  # option, commitment or default
    unit: str | None = None
    target: targets.Resolved | None = None
    actual: float | None = None
    expected: float | None = None  # by the as-of day
    expected_at_figure: float | None = None  # by the day of the last figure: like for like
    last_figure: date | None = None  # of the judged basis (a roll-up: the date all parts reach)
    reached_on: date | None = None  # the first figure at or above the target
    days_late: int | None = None
    gap_days: int | None = None  # unconfirmed: days between the last figure and the due date
    stale_days: int | None = None  # before the due date: age of a last figure past stale_days
    event_on: date | None = None  # the day of the event the status rests on
    observed_rate: float | None = None
    by_basis: Mapping[str, float] = EMPTY  # to date, per basis of the judged measure
    other_measures: Mapping[str, float] = EMPTY  # to date, per basis of other measures (never compared)
    measures: Mapping[str, str | None] = EMPTY
    disagreement: bool = False
    inconsistencies: tuple = ()
    projection: Projection | None = None
    parts: tuple = ()  # a roll-up: its parts' verdicts
    missing_parts: tuple[str, ...] = ()  # a roll-up: parts with no figure on the basis yet
    own_total: float | None = None  # a roll-up: its own published figure on the basis, to date
    series: Mapping[str, Series] = EMPTY  # per basis, every figure (read them up to as_of)
    revisions: tuple = ()  # facts.index.Revision of the judged basis up to as_of: revised or declined
    claims: tuple = ()  # facts.index.Claim up to as_of: unverified figures and events, never counted
    claimed_changes: tuple = ()  # unverified amendments up to as_of, never applied

    @property
    def due(self) -> date | None:
        return self.terms.due

    @property
    def days_left(self) -> int | None:
        return (self.terms.due - self.as_of).days if self.terms.due else None

    @property
    def standing(self) -> str:
        return weakest(*(d.standing for d in self.doubts)) if self.doubts else "confirmed"

    @property
    def share(self) -> float | None:
        """Actual as a share of the target."""
        if self.actual is None or not self.target:
            return None
        return self.actual / self.target.amount

    @property
    def share_of_expected(self) -> float | None:
        """Actual as a share of what was expected by the day of the last figure: like for like,
        as the Phase One tracker's "percent of the year-to-date target" through the latest
        month (figures published weeks late do not read as falling behind)."""
        if self.actual is None or not self.expected_at_figure:
            return None
        return self.actual / self.expected_at_figure

    @property
    def share_of_expected_today(self) -> float | None:
        """Actual as a share of what was expected by the as-of day, shown beside the other."""
        if self.actual is None or not self.expected:
            return None
        return self.actual / self.expected

    @property
    def lag_days(self) -> int | None:
        """Days between the last figure and the as-of day."""
        return (self.as_of - self.last_figure).days if self.last_figure is not None else None

    def points(self, basis: str | None = None) -> list[Point]:
        """Cumulative figures on a basis (default: the judged one) up to the as-of day."""
        s = self.series.get(basis or self.basis or "")
        return s.points(self.as_of) if s else []


class Scope(NamedTuple):
    """What judging one commitment may look at besides it."""

    settings: Settings
    by_id: dict[str, Any]
    facts: dict[str, Facts]
    basis: str | None  # asked for with --basis
    judged: dict  # roll-ups' parts judged on the day in judged["day"], by (id, basis)
