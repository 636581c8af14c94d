"""Status as of a date: pure functions of the loaded data and a day. No I/O, no rendering.

Each commitment is judged on the terms in force on that day (amendments applied in order),
from the progress records dated on or before it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from types import MappingProxyType
from typing import Mapping, NamedTuple

from tradetrack.core.units import convert
from tradetrack.core.values import Action, Amendment, Amount, Purchase, Settings, Suspension, Tariff
from tradetrack.facts.index import NO_FACTS, Facts, Inconsistency, Point

# Words, grouped by what they mean for a reader (and for colour, which never stands alone).
GOOD = {"met", "on track", "done", "implemented", "in force"}
WATCH = {"at risk", "lapsing", "pending", "partly done", "not started", "no data"}
BAD = {"behind", "missed", "overdue", "lapsed", "reinstated", "reversed"}
SET_ASIDE = {"superseded", "void", "withdrawn"}
STATUSES = (
    "not started", "on track", "at risk", "behind", "met", "missed", "no data",
    "pending", "in force", "lapsing", "lapsed", "reinstated",
    "implemented", "overdue", "reversed", "done", "partly done",
    "superseded", "void", "withdrawn",
)
# Statuses whose clock still runs: days left (or overdue) mean something for them.
OPEN = {"not started", "on track", "at risk", "behind", "no data", "pending", "in force",
        "lapsing", "overdue", "partly done"}


class Terms(NamedTuple):
    """A commitment's terms in force on one day."""

    start: date
    due: date | None  # due date, or end of a suspension
    target: Amount | None
    to_rate: float | None
    state: str | None
    amendments: tuple[Amendment, ...]  # those in force, oldest first


def terms_on(c, day: date) -> Terms:
    due = getattr(c, "end", None) if isinstance(c, Suspension) else getattr(c, "due", None)
    target = getattr(c, "target", None)
    to_rate = getattr(c, "to_rate", None)
    state = None
    applied = []
    for a in c.amendments:
        if a.date > day:
            break
        applied.append(a)
        due = a.due or a.end or due
        if a.target is not None:  # in the commitment's own unit, whatever unit the amendment used
            target = Amount(amount=convert(a.target.amount, a.target.unit, c.target.unit), unit=c.target.unit)
        to_rate = a.to_rate if a.to_rate is not None else to_rate
        state = a.state or state
    return Terms(c.start, due, target, to_rate, state, tuple(applied))


def expected_share(start: date, due: date, day: date, profile: list[float] | None) -> float:
    """Share of the target expected by the end of `day`: linear over [start, due], or weighted
    by a monthly profile (each day gets its month's weight spread over the month's days)."""
    if day < start:
        return 0.0
    if day >= due:
        return 1.0
    if profile is None:
        return ((day - start).days + 1) / ((due - start).days + 1)

    def weight(d: date) -> float:
        days_in_month = ((d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
        return profile[d.month - 1] / days_in_month

    total = done = 0.0
    d = start
    while d <= due:
        w = weight(d)
        total += w
        if d <= day:
            done += w
        d += timedelta(days=1)
    return done / total if total else 1.0


class Projection(NamedTuple):
    """Where the current pace leads."""

    daily_rate: float
    projected_total: float  # at the due date
    reach_date: date | None  # when the target is reached at this pace; None if never
    needed_weekly: float | None  # weekly rate needed from now to meet the target in time


class Assessment(NamedTuple):
    """One commitment judged as of one day."""

    commitment: object
    as_of: date
    status: str
    terms: Terms
    basis: str | None = None
    actual: float | None = None
    expected: float | None = None
    unit: str | None = None
    last_figure: date | None = None
    detail: str = ""
    projection: Projection | None = None
    by_basis: Mapping[str, float] = MappingProxyType({})  # read-only: the default is shared
    disagreement: bool = False
    inconsistencies: tuple[Inconsistency, ...] = ()
    facts: Facts | None = None

    def points(self, basis: str | None = None) -> list[Point]:
        """Cumulative figures on a basis (default: the assessed one) up to the as-of day."""
        s = self.facts.series.get(basis or self.basis) if self.facts else None
        return s.points(self.as_of) if s else []

    @property
    def due(self) -> date | None:
        return self.terms.due

    @property
    def days_left(self) -> int | None:
        return (self.terms.due - self.as_of).days if self.terms.due else None

    @property
    def target(self) -> float | None:
        return self.terms.target.amount if self.terms.target else None

    @property
    def share(self) -> float | None:
        """Actual as a share of the target."""
        if self.actual is None or not self.target:
            return None
        return self.actual / self.target


def assess(c, facts: Facts, day: date, settings: Settings, basis: str | None = None) -> Assessment:
    """Judge commitment c as of day from the facts of its records (later ones are ignored)."""
    terms = terms_on(c, day)
    if isinstance(c, Purchase):
        return assess_purchase(c, terms, facts, day, settings, basis or settings.default_basis)
    if terms.state in SET_ASIDE:
        return Assessment(c, day, terms.state, terms, detail=_state_detail(terms))
    rates = [x for x in facts.rates if x[0] <= day]
    events = [x for x in facts.events if x[0] <= day]
    if isinstance(c, Suspension):
        return assess_suspension(c, terms, events, day, settings)
    if isinstance(c, Tariff):
        return assess_tariff(c, terms, rates, day)
    return assess_action(c, terms, events, day)


def _state_detail(terms: Terms) -> str:
    last = terms.amendments[-1]
    return f"{terms.state} on {last.date}"


def assess_purchase(c: Purchase, terms: Terms, facts: Facts, day: date,
                    settings: Settings, basis: str) -> Assessment:
    unit = c.target.unit
    target = terms.target.amount  # terms_on gives it in the commitment's unit
    counts = {b: s.upto(day) for b, s in facts.series.items()}
    by_basis = {b: facts.series[b].totals[n - 1] for b, n in counts.items() if n}
    inconsistencies = [i for i in facts.inconsistencies if i.date <= day]
    spread = (max(by_basis.values()) - min(by_basis.values())) if len(by_basis) > 1 else 0.0
    disagreement = bool(by_basis) and spread > settings.disagreement * max(by_basis.values())
    n = counts.get(basis, 0)
    actual = by_basis.get(basis)
    last_figure = date.fromordinal(facts.series[basis].days[n - 1]) if n else None
    expected = target * expected_share(terms.start, terms.due, day, c.profile)
    common = dict(basis=basis, actual=actual, expected=expected, unit=unit,
                  last_figure=last_figure, by_basis=by_basis,
                  disagreement=disagreement, inconsistencies=tuple(inconsistencies), facts=facts)
    if terms.state in SET_ASIDE:
        return Assessment(c, day, terms.state, terms, detail=_state_detail(terms), **common)
    if day < terms.start:
        return Assessment(c, day, "not started", terms, detail=f"starts {terms.start}", **common)
    if actual is None:
        return Assessment(c, day, "no data", terms, detail=f"no {basis} figure yet", **common)
    projection = project(terms.start, terms.due, day, actual, target)
    common["projection"] = projection
    if actual >= target:
        return Assessment(c, day, "met", terms, **common)
    if day > terms.due:
        return Assessment(c, day, "missed", terms, **common)
    ratio = actual / expected if expected else 1.0
    t = settings.thresholds
    status = "on track" if ratio >= t.on_track else "at risk" if ratio >= t.at_risk else "behind"
    return Assessment(c, day, status, terms, **common)


def project(start: date, due: date, day: date, actual: float, target: float) -> Projection:
    elapsed = (min(day, due) - start).days + 1
    rate = actual / elapsed if elapsed > 0 else 0.0
    total_days = (due - start).days + 1
    reach = None
    if actual >= target:
        reach = None
    elif rate > 0:
        reach = start + timedelta(days=math.ceil(target / rate) - 1)
    remaining = (due - day).days
    needed = (target - actual) / remaining * 7 if remaining > 0 and actual < target else None
    return Projection(rate, rate * total_days, reach, needed)


def assess_suspension(c: Suspension, terms: Terms, events, day: date, settings: Settings) -> Assessment:
    reinstated = [d for d, e in events if e == "reinstated" and d >= terms.start]
    if terms.state == "reinstated" or reinstated:
        when = reinstated[-1] if reinstated else terms.amendments[-1].date
        return Assessment(c, day, "reinstated", terms, detail=f"measure reinstated {when}")
    if day < terms.start:
        return Assessment(c, day, "pending", terms, detail=f"starts {terms.start}")
    if terms.due is None:
        return Assessment(c, day, "in force", terms, detail="open-ended")
    if day > terms.due:
        return Assessment(c, day, "lapsed", terms, detail=f"ended {terms.due}")
    if (terms.due - day).days <= settings.lapsing_days:
        return Assessment(c, day, "lapsing", terms, detail=f"ends {terms.due}")
    return Assessment(c, day, "in force", terms, detail=f"until {terms.due}")


def assess_tariff(c: Tariff, terms: Terms, rates, day: date) -> Assessment:
    target = terms.to_rate
    reached = [d for d, rate in rates if abs(rate - target) < 1e-9]
    detail = f"{c.from_rate:g}% → {target:g}%"
    latest = rates[-1] if rates else None
    if latest is not None:
        detail += f"; {latest[1]:g}% observed {latest[0]}"
    last = latest[0] if latest else None
    if reached and abs(latest[1] - target) < 1e-9:
        return Assessment(c, day, "implemented", terms, last_figure=last, detail=detail)
    if reached:
        return Assessment(c, day, "reversed", terms, last_figure=last, detail=detail)
    status = "pending" if day <= terms.due else "overdue"
    return Assessment(c, day, status, terms, last_figure=last, detail=detail)


def assess_action(c: Action, terms: Terms, events, day: date) -> Assessment:
    done = [d for d, e in events if e == "done"]
    if done:
        return Assessment(c, day, "done", terms, last_figure=done[0], detail=f"done {done[0]}")
    if terms.due is not None and day > terms.due:
        return Assessment(c, day, "overdue", terms, detail=f"due {terms.due}")
    partial = [d for d, e in events if e == "partial"]
    if partial:
        return Assessment(c, day, "partly done", terms, last_figure=partial[-1], detail=f"partly done {partial[-1]}")
    return Assessment(c, day, "pending", terms, detail="no deadline stated" if terms.due is None else "")


def assess_all(data, day: date, basis: str | None = None) -> list[Assessment]:
    """Assess every commitment from the facts computed at load time."""
    return [assess(c, data.facts.get(c.id, NO_FACTS), day, data.settings, basis) for c in data.commitments]
