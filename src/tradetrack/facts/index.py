"""The derived index of the progress records: per commitment, the running total on each basis
after each figure, and the observed rates and events, in date order.

Built once per load (and kept in the load cache), so judging a commitment on any day is a
binary search, not a pass over its records. Like beancount's realization, it is a stage of its
own: loading, caching, checking and judging all read it; none of them builds it differently.
"""

from array import array
from bisect import bisect_right
from datetime import date
from typing import NamedTuple

from tradetrack.core import targets
from tradetrack.core.status import STANDINGS
from tradetrack.core.units import convert, parse_unit
from tradetrack.core.values import Record

Day = date  # for fields named `date`, whose name would hide the type in their class


class Inconsistency(NamedTuple):
    """A to-date figure lower than the total already reached on the same basis."""

    basis: str
    asserted: float
    computed: float
    date: Day
    line: int
    previous_date: Day
    previous_line: int

    @property
    def difference(self) -> float:
        return self.asserted - self.computed


class Point(NamedTuple):
    date: Day
    total: float  # cumulative, in the target's unit
    line: int
    standing: str


class Series(NamedTuple):
    """One basis's cumulative totals, as compact arrays (cheap to cache and to search)."""

    days: array  # date ordinals, ascending
    totals: array  # running total after each figure, in the commitment's unit
    lines: array  # progress-file line of each figure
    standings: array  # index in core.status.STANDINGS of each figure's standing

    def upto(self, day: date) -> int:
        """How many figures are dated on or before day."""
        return bisect_right(self.days, day.toordinal())

    def point(self, i: int) -> Point:
        return Point(date.fromordinal(self.days[i]), self.totals[i], self.lines[i], STANDINGS[self.standings[i]])

    def points(self, day: date) -> list[Point]:
        return [self.point(i) for i in range(self.upto(day))]

    def first_reaching(self, amount: float, n: int) -> int | None:
        """The index of the first of the first n figures at or above amount."""
        limit = amount - 1e-9 * max(1.0, amount)
        head = self.totals[:n]
        if not head or max(head) < limit:  # the usual case: a C-speed pass says not reached
            return None
        return next(i for i, total in enumerate(head) if total >= limit)


class Facts(NamedTuple):
    """What the records of one commitment establish, in date order, ready for any as-of day."""

    series: dict[str, Series]  # per basis: cumulative totals after each figure
    inconsistencies: tuple[Inconsistency, ...]
    rates: tuple[tuple[date, float, str], ...]  # observed tariff rates, with their standing
    events: tuple[tuple[date, str, str], ...]  # events, with their standing
    measures: dict[str, str | None]  # per basis: what its figures measure (None: the default)


NO_FACTS = Facts({}, (), (), (), {})


def _empty() -> Series:
    # int32 days and lines: a date ordinal and a line number fit, and the cache reads half the bytes
    return Series(array("i"), array("d"), array("i"), array("b"))


def _in_order(r: Record) -> tuple:
    return (r.date, r.line)


def facts_for(c, records: list[Record], unit: str | None = None, counts=()) -> Facts:
    """Per basis, the running total after each figure; to-date figures set it, increments add.
    `unit`: the commitment's (for a roll-up, its parts'); by default its target's."""
    unit = unit or (targets.unit_of_target(c.target) if c.kind == "purchase" else None)
    series: dict[str, Series] = {}
    measures: dict[str, str | None] = {}
    problems: list[Inconsistency] = []
    revisable: dict[str, date | None] = {}  # per basis: the day of its last to-date figure
    rates, events = [], []
    factors: dict[str, tuple[float, float]] = {}  # per unit: its factor and the target's, as convert uses them
    for r in sorted(records, key=_in_order):
        if r.rate is not None:
            rates.append((r.date, r.rate, r.standing))
        if r.event is not None:
            events.append((r.date, r.event, r.standing))
        if r.amount is None or r.unit is None or unit is None:
            continue
        basis = r.basis or ""  # the loader gives every purchase figure its basis
        s = series.get(basis)
        if s is None:
            s = series[basis] = _empty()
            measures[basis] = r.measure
        f = factors.get(r.unit)
        if f is None:
            f = factors[r.unit] = (parse_unit(r.unit, counts).factor, parse_unit(unit, counts).factor)
            convert(1.0, r.unit, unit, counts)  # raises if the units do not convert
        value = r.amount * f[0] / f[1]  # exactly convert's arithmetic
        if not r.increment and revisable.get(basis) == r.date:
            # A second to-date figure of the same day revises the first: it takes its place
            # (the record stays in the file), and is checked against the figure before it.
            for column in s:
                column.pop()
        before = s.totals[-1] if s.totals else 0.0
        if r.increment:
            total = before + value
        else:
            total = value
            if s.totals and not r.decline and value < before - 1e-9 * max(1.0, before):
                problems.append(
                    Inconsistency(basis, value, before, r.date, r.line, date.fromordinal(s.days[-1]), s.lines[-1])
                )
        revisable[basis] = None if r.increment else r.date
        s.days.append(r.date.toordinal())
        s.totals.append(total)
        s.lines.append(r.line)
        s.standings.append(STANDINGS.index(r.standing))
    return Facts(series, tuple(problems), tuple(rates), tuple(events), measures)


def extend_facts(c, facts: Facts | None, r: Record, unit: str | None = None, counts=()) -> Facts | None:
    """facts with one newer record added, or None when r is not the newest of its kind (then
    the caller recomputes from all records)."""
    facts = facts or NO_FACTS
    dated = [s.days[-1] for s in facts.series.values() if s.days] + [
        d.toordinal() for d, *_ in facts.rates + facts.events
    ]
    day = r.date.toordinal()
    if dated and (day < max(dated) or day == max(dated) and r.amount is not None and not r.increment):
        return None  # back-dated, or perhaps a revision of the last day's figure: recompute
    fresh = facts_for(c, [r], unit, counts)
    series = dict(facts.series)
    measures = {**fresh.measures, **facts.measures}
    inconsistencies = facts.inconsistencies
    for basis, s in fresh.series.items():
        old = series.get(basis)
        if old is None:
            series[basis] = s
            continue
        total = s.totals[0] + (old.totals[-1] if r.increment else 0.0)
        lower = old.totals and total < old.totals[-1] - 1e-9 * max(1.0, old.totals[-1])
        if lower and not r.increment and not r.decline:
            inconsistencies += (
                Inconsistency(
                    basis, total, old.totals[-1], r.date, r.line, date.fromordinal(old.days[-1]), old.lines[-1]
                ),
            )
        series[basis] = Series(
            old.days + s.days, old.totals + array("d", [total]), old.lines + s.lines, old.standings + s.standings
        )
    return Facts(series, inconsistencies, facts.rates + fresh.rates, facts.events + fresh.events, measures)


def facts_by_id(commitments, records, counts=()) -> dict[str, Facts]:
    """The facts of every commitment that has records."""
    grouped: dict[str, list[Record]] = {}
    for r in records:
        grouped.setdefault(r.commitment, []).append(r)
    by_id = {c.id: c for c in commitments}
    return {
        c.id: facts_for(c, grouped[c.id], targets.unit_of(c, by_id) if c.kind == "purchase" else None, counts)
        for c in commitments
        if c.id in grouped
    }
