"""The derived index of the progress records: per commitment, the running total on each basis
after each figure, and the observed rates and events, in date order.

Built once per load (and kept in the load cache), so judging a commitment on any day is a
binary search, not a pass over its records. Like beancount's realization, it is a stage of its
own: loading, caching, checking and judging all read it; none of them builds it differently.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from datetime import date
from typing import NamedTuple

from tradetrack.core.units import convert
from tradetrack.core.values import Purchase, Record


class Inconsistency(NamedTuple):
    """A to-date figure lower than the total already reached on the same basis."""

    basis: str
    asserted: float
    computed: float
    date: date
    line: int
    previous_date: date
    previous_line: int

    @property
    def difference(self) -> float:
        return self.asserted - self.computed


class Point(NamedTuple):
    date: date
    total: float  # cumulative, in the target's unit
    line: int


class Series(NamedTuple):
    """One basis's cumulative totals, as compact arrays (cheap to cache and to search)."""

    days: array  # date ordinals, ascending
    totals: array  # running total after each figure, in the target's unit
    lines: array  # progress-file line of each figure

    def upto(self, day: date) -> int:
        """How many figures are dated on or before day."""
        return bisect_right(self.days, day.toordinal())

    def points(self, day: date) -> list[Point]:
        n = self.upto(day)
        return [Point(date.fromordinal(d), t, ln) for d, t, ln in zip(self.days[:n], self.totals[:n], self.lines[:n])]


class Facts(NamedTuple):
    """What the records of one commitment establish, in date order, ready for any as-of day.

    Built once per load (and kept in the load cache), so judging a commitment on a day is a
    binary search, not a pass over its records."""

    series: dict[str, Series]  # per basis: cumulative totals after each figure
    inconsistencies: tuple[Inconsistency, ...]
    rates: tuple[tuple[date, float], ...]  # observed tariff rates
    events: tuple[tuple[date, str], ...]


NO_FACTS = Facts({}, (), (), ())


def facts_for(c, records: list[Record]) -> Facts:
    """Per basis, the running total after each figure; to-date figures set it, increments add."""
    unit = c.target.unit if isinstance(c, Purchase) else None
    series: dict[str, Series] = {}
    problems: list[Inconsistency] = []
    rates, events = [], []
    for r in sorted(records, key=lambda r: (r.date, r.line)):
        if r.rate is not None:
            rates.append((r.date, r.rate))
        if r.event is not None:
            events.append((r.date, r.event))
        if r.amount is None or r.unit is None or unit is None:
            continue
        s = series.get(r.basis)
        if s is None:
            s = series[r.basis] = Series(array("l"), array("d"), array("l"))
        value = convert(r.amount, r.unit, unit)
        before = s.totals[-1] if s.totals else 0.0
        if r.increment:
            total = before + value
        else:
            total = value
            if s.totals and value < before - 1e-9 * max(1.0, before):
                problems.append(Inconsistency(r.basis, value, before, r.date, r.line,
                                              date.fromordinal(s.days[-1]), s.lines[-1]))
        s.days.append(r.date.toordinal())
        s.totals.append(total)
        s.lines.append(r.line)
    return Facts(series, tuple(problems), tuple(rates), tuple(events))


def extend_facts(c, facts: Facts | None, r: Record) -> Facts | None:
    """facts with one newer record added, or None when r is not the newest of its kind (then
    the caller recomputes from all records)."""
    facts = facts or NO_FACTS
    dated = [s.days[-1] for s in facts.series.values() if s.days] + [d.toordinal() for d, _ in facts.rates + facts.events]
    if dated and r.date.toordinal() < max(dated):
        return None
    fresh = facts_for(c, [r])
    series = dict(facts.series)
    for basis, s in fresh.series.items():
        old = series.get(basis)
        if old is None:
            series[basis] = s
            continue
        total = s.totals[0] + (old.totals[-1] if r.increment else 0.0)
        inconsistencies = facts.inconsistencies
        if not r.increment and old.totals and total < old.totals[-1] - 1e-9 * max(1.0, old.totals[-1]):
            inconsistencies += (Inconsistency(basis, total, old.totals[-1], r.date, r.line,
                                              date.fromordinal(old.days[-1]), old.lines[-1]),)
        facts = Facts(facts.series, inconsistencies, facts.rates, facts.events)
        series[basis] = Series(old.days + s.days, old.totals + array("d", [total]), old.lines + s.lines)
    return Facts(series, facts.inconsistencies, facts.rates + fresh.rates, facts.events + fresh.events)




def facts_by_id(commitments, records) -> dict[str, Facts]:
    """The facts of every commitment that has records."""
    grouped: dict[str, list[Record]] = {}
    for r in records:
        grouped.setdefault(r.commitment, []).append(r)
    return {c.id: facts_for(c, grouped[c.id]) for c in commitments if c.id in grouped}
