"""The derived index of the progress records: per commitment, the running total on each basis
after each figure, and the observed rates and events, in date order.

Built once per load (and kept in the load cache), so judging a commitment on any day is a
binary search, not a pass over its records. Like beancount's realization, it is a stage of its
own: loading, caching, checking and judging all read it; none of them builds it differently.
"""

from array import array
from bisect import bisect_left, bisect_right
from datetime import date
from itertools import compress, islice, repeat
from operator import attrgetter, le, lt, mul, truediv
from typing import NamedTuple

from tradetrack.core import targets
from tradetrack.core.status import AMOUNT_KINDS, STANDINGS
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
    """One basis's cumulative totals, as compact arrays (cheap to cache and to search). A series
    from the cache holds read-only views of its entry's bytes instead (facts/cache.py): they
    index, slice, search and compare as the arrays do, but are never appended to (extend_facts
    copies them)."""

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
        """point(i) of each figure up to day, built column by column in C: a report draws a
        hundred thousand."""
        n = self.upto(day)
        columns = (
            map(date.fromordinal, self.days[:n]),
            self.totals[:n],
            self.lines[:n],
            map(STANDINGS.__getitem__, self.standings[:n]),
        )
        return list(map(tuple.__new__, repeat(Point), zip(*columns, strict=True)))

    def dated_totals(self, day: date) -> list[tuple[date, float]]:
        """(date, total) of each figure up to day: points(day) without the Points, for charts."""
        n = self.upto(day)
        return list(zip(map(date.fromordinal, self.days[:n]), self.totals[:n], strict=True))

    def first_reaching(self, amount: float, n: int) -> int | None:
        """The index of the first of the first n figures at or above amount."""
        limit = amount - 1e-9 * max(1.0, amount)
        head = self.totals[:n]
        if not head or max(head) < limit:  # the usual case: a C-speed pass says not reached
            return None
        return next(i for i, total in enumerate(head) if total >= limit)


class Revision(NamedTuple):
    """A figure that lowers or replaces a total: a revision of the same day's figure (marked
    with `revises`, or higher than it), or a decline the source published."""

    basis: str
    date: Day
    line: int
    previous: float  # the total it replaces or falls from
    total: float
    kind: str  # "revised" or "decline"


class Claim(NamedTuple):
    """A fact seen only in secondary digests (standing: unverified): shown, never counted."""

    date: Day
    line: int
    event: str | None
    amount: float | None  # in the commitment's unit
    rate: float | None
    basis: str | None


class Facts(NamedTuple):
    """What the records of one commitment establish, in date order, ready for any as-of day."""

    series: dict[str, Series]  # per basis: cumulative totals after each figure
    inconsistencies: tuple[Inconsistency, ...]
    rates: tuple[tuple[date, float, str], ...]  # observed tariff rates, with their standing
    events: tuple[tuple[date, str, str], ...]  # events, with their standing
    measures: dict[str, str | None]  # per basis: what its figures measure (None: the default)
    superseded: tuple[tuple[int, int], ...] = ()  # (line of a reported figure, line of the confirmed one)
    revisions: tuple[Revision, ...] = ()
    claims: tuple[Claim, ...] = ()


NO_FACTS = Facts({}, (), (), (), {})


def _empty() -> Series:
    # int32 days and lines: a date ordinal and a line number fit, and the cache reads half the bytes
    return Series(array("i"), array("d"), array("i"), array("b"))


_in_order = attrgetter("date", "line")  # a C call per record, not a Python one


def facts_for(c, records: list[Record], unit: str | None = None, counts=()) -> Facts:
    """Per basis, the running total after each figure; to-date figures set it, increments add.
    `unit`: the commitment's (for a roll-up, its parts'); by default its target's.

    Unverified records become claims and count for nothing. A reported (or stated) to-date
    figure that a confirmed one on its basis contradicts is superseded: kept in the file, left
    out of the series."""
    unit = unit or (targets.unit_of_target(c.target) if c.kind in AMOUNT_KINDS else None)
    series: dict[str, Series] = {}
    measures: dict[str, str | None] = {}
    problems: list[Inconsistency] = []
    revisions: list[Revision] = []
    claims: list[Claim] = []
    revisable: dict[str, date | None] = {}  # per basis: the day of its last to-date figure
    rates, events = [], []
    factors: dict[str, tuple[float, float]] = {}  # per unit: its factor and the target's, as convert uses them
    ordered = sorted(records, key=_in_order)
    plain = _plain_series(ordered, unit, counts) if unit is not None else None
    if plain is not None:
        return Facts(*plain, (), (), ())
    superseded = _superseded(ordered, unit, counts) if unit is not None else {}
    for r in ordered:
        if r.standing == "unverified":
            value = convert(r.amount, r.unit, unit, counts) if r.amount is not None and r.unit and unit else None
            claims.append(Claim(r.date, r.line, r.event, value, r.rate, r.basis))
            continue
        if r.rate is not None:
            rates.append((r.date, r.rate, r.standing))
        if r.event is not None:
            events.append((r.date, r.event, r.standing))
        if r.amount is None or r.unit is None or unit is None or r.line in superseded:
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
        _add_figure(s, basis, r, value, revisable, problems, revisions)
    return Facts(
        series,
        tuple(problems),
        tuple(rates),
        tuple(events),
        measures,
        tuple(sorted(superseded.items())),
        tuple(revisions),
        tuple(claims),
    )


_MOST_BASES = 8  # each basis is one pass over the columns: beyond a few, figure by figure is as quick


def _plain_series(ordered: list[Record], unit: str, counts) -> tuple[dict, tuple, tuple, tuple, dict] | None:
    """The series, and empty inconsistencies, rates and events, and the measures, when every
    record is a confirmed to-date amount in one unit per basis, one a day on its basis, none
    below the one before: then each total is the figure itself, and no inconsistency, revision,
    claim or superseded figure can arise (facts_for's loop would find none), so the columns are
    built at C speed. None when any record is otherwise: facts_for then takes them one by one."""
    if not ordered:
        return None
    cols = dict(zip(Record._fields, zip(*ordered, strict=True), strict=True))
    flags = (set(cols["increment"]), set(cols["decline"]), set(cols["rate"]), set(cols["event"]))
    if set(cols["standing"]) != {"confirmed"} or flags != ({False}, {False}, {None}, {None}):
        return None
    if None in cols["amount"] or None in cols["unit"] or None in cols["basis"]:
        return None
    bases = dict.fromkeys(cols["basis"])  # in the order they first appear, as facts_for's loop adds them
    if len(bases) > _MOST_BASES:
        return None
    series, measures = {}, {}
    standing = array("b", [STANDINGS.index("confirmed")])
    for basis in bases:
        mask = list(map(basis.__eq__, cols["basis"])) if len(bases) > 1 else [True] * len(ordered)
        units = set(compress(cols["unit"], mask))
        if len(units) != 1:
            return None
        (u,) = units
        convert(1.0, u, unit, counts)  # raises if the units do not convert, as facts_for's loop does
        f = (parse_unit(u, counts).factor, parse_unit(unit, counts).factor)
        totals = array("d", map(truediv, map(mul, compress(cols["amount"], mask), repeat(f[0])), repeat(f[1])))
        days = array("i", map(date.toordinal, compress(cols["date"], mask)))
        if not all(map(lt, days, islice(days, 1, None))) or not all(map(le, totals, islice(totals, 1, None))):
            return None
        series[basis] = Series(days, totals, array("i", compress(cols["line"], mask)), standing * len(days))
        measures[basis] = next(compress(cols["measure"], mask))
    return series, (), (), (), measures


def _add_figure(s: Series, basis: str, r: Record, value: float, revisable, problems, revisions) -> None:
    """One counted figure (in the commitment's unit) onto its basis's series: an increment adds,
    a to-date figure sets the total (a second of the same day replaces the first); a to-date
    figure below the total reached is an inconsistency unless it is a decline."""
    replaced = None
    if not r.increment and revisable.get(basis) == r.date:
        # A second to-date figure of the same day revises the first: it takes its place
        # (the record stays in the file), and is checked against the figure before it.
        replaced = (s.totals[-1], s.lines[-1])
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
        if replaced is not None:
            lower = total < replaced[0] - 1e-9 * max(1.0, replaced[0])
            flagged = problems and problems[-1].line == r.line
            if lower and r.revises != replaced[1] and not r.decline and not flagged:
                problems.append(Inconsistency(basis, total, replaced[0], r.date, r.line, r.date, replaced[1]))
            revisions.append(Revision(basis, r.date, r.line, replaced[0], total, "revised"))
        elif r.decline and s.totals and total < before:
            revisions.append(Revision(basis, r.date, r.line, before, total, "decline"))
    revisable[basis] = None if r.increment else r.date
    s.days.append(r.date.toordinal())
    s.totals.append(total)
    s.lines.append(r.line)
    s.standings.append(STANDINGS.index(r.standing))


def _superseded(ordered: list[Record], unit: str, counts) -> dict[int, int]:
    """Reported or stated to-date figures that a confirmed one on the same basis contradicts:
    a later (or same-day) confirmed total below them, or an earlier one above them. Maps each
    such figure's line to the confirmed figure's line. O(n log n) per basis."""
    by_basis: dict[str, tuple[list, list]] = {}
    for r in ordered:
        if r.amount is None or r.unit is None or r.increment or r.standing == "unverified":
            continue
        firm, weak = by_basis.setdefault(r.basis or "", ([], []))
        (firm if r.standing == "confirmed" else weak).append(
            (r.date.toordinal(), convert(r.amount, r.unit, unit, counts), r.line)
        )
    out: dict[int, int] = {}
    for firm, weak in by_basis.values():
        if not firm or not weak:
            continue
        days = [d for d, _, _ in firm]
        high: list[tuple[float, int]] = []  # the highest confirmed total up to each figure
        for _, v, line in firm:
            high.append(max(high[-1], (v, line)) if high else (v, line))
        low: list[tuple[float, int]] = [(0.0, 0)] * len(firm)  # the lowest from each figure on
        for i in range(len(firm) - 1, -1, -1):
            here = (firm[i][1], firm[i][2])
            low[i] = here if i == len(firm) - 1 else min(here, low[i + 1])
        for d, v, line in weak:
            eps = 1e-9 * max(1.0, v)
            after = bisect_left(days, d)  # first confirmed figure on or after d
            if after < len(firm) and low[after][0] < v - eps:
                out[line] = low[after][1]
                continue
            upto = bisect_right(days, d)  # confirmed figures on or before d
            if upto and high[upto - 1][0] > v + eps:
                out[line] = high[upto - 1][1]
    return out


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
    if r.standing != "confirmed" or r.decline or r.revises is not None:
        return None  # a claim, a decline or a revision, or a figure a confirmed one may supersede
    fresh = facts_for(c, [r], unit, counts)
    series = dict(facts.series)
    measures = {**fresh.measures, **facts.measures}
    for basis, s in fresh.series.items():
        old = series.get(basis)
        if old is None:
            series[basis] = s
            continue
        total = s.totals[0] + (old.totals[-1] if r.increment else 0.0)
        lower = old.totals and total < old.totals[-1] - 1e-9 * max(1.0, old.totals[-1])
        if lower and not r.increment:
            return None  # inconsistent, or it supersedes a reported figure: recompute
        series[basis] = Series(
            _joined(old.days, s.days),
            _joined(old.totals, array("d", [total])),
            _joined(old.lines, s.lines),
            _joined(old.standings, s.standings),
        )
    return facts._replace(
        series=series,
        rates=facts.rates + fresh.rates,
        events=facts.events + fresh.events,
        measures=measures,
    )


def _joined(old: array, new: array) -> array:
    """old's items then new's, as a new array (old may be a cached read-only view)."""
    out = array(new.typecode)
    out.frombytes(memoryview(old).cast("B"))  # frombytes takes bytes of one byte each
    return out + new


def facts_by_id(commitments, records, counts=()) -> dict[str, Facts]:
    """The facts of every commitment that has records."""
    grouped: dict[str, list[Record]] = {}
    for r in records:
        grouped.setdefault(r.commitment, []).append(r)
    by_id = {c.id: c for c in commitments}
    return {
        c.id: facts_for(c, grouped[c.id], targets.unit_of(c, by_id) if c.kind in AMOUNT_KINDS else None, counts)
        for c in commitments
        if c.id in grouped
    }
