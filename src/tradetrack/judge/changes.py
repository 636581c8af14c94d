"""What changed: the days a commitment's verdict differs from the day before, and the dated facts
that moved it. No second set of rules: every verdict here comes from judge.verdict.judge.

A verdict can change only on a day something is dated (a figure, an observed rate, an event,
an amendment, the start), on the day after a due or end date (in force or as written), on the
first day of a lapse window, or by time alone where a clock runs (a purchase's expected path
rises every day while its figures stand still). So each commitment is judged on those candidate
days only, and between two of them at the last day before the next: where the verdict differs
there, the day it turned is found by bisection (time alone moves a verdict one way, so the
first differing day is well defined). The cost is linear in the facts in the window, not in its
length in days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from tradetrack.core.status import AMOUNT_KINDS, STATUSES
from tradetrack.facts.index import NO_FACTS
from tradetrack.judge.terms import written_due
from tradetrack.judge.verdict import Scope, Verdict, basis_of, judge

ONE = timedelta(days=1)


class Cause(NamedTuple):
    """A dated fact that a change rests on."""

    what: str  # figure, rate, event, amendment, start, due-passed, window, time
    on: date  # the day it is dated (due-passed, window: the due or end date it concerns)
    commitment: str  # whose fact (a roll-up's change may rest on a part's figure)
    basis: str | None = None  # a figure's
    amendment: Any = None  # a core.values.Amendment, for what: amendment


class Change(NamedTuple):
    """One commitment's verdict on `day` differs from its verdict the day before."""

    day: date
    before: Verdict
    after: Verdict
    causes: tuple[Cause, ...]

    @property
    def commitment(self):
        return self.after.commitment


def key(v: Verdict) -> tuple:
    """What a reader quotes of a verdict: its status, how firm it is, and the status on
    confirmed facts alone where that differs. A change is a change of this."""
    return (v.status, v.standing, v.confirmed_status)


def _dues(c) -> set[date]:
    """Every due or end date the commitment has had: as written and as each amendment set it
    (the confirmed-only terms may keep an older one)."""
    found = {written_due(c)} | {a.due or a.end for a in c.amendments}
    return {d for d in found if d is not None}


def candidate_days(c, scope: Scope, since: date, until: date) -> list[date]:
    """The days in [since, until] on which c's verdict can change other than by time alone. A
    purchase's figures count on the basis it is judged on only (its parts': on the roll-up's):
    figures on other bases are shown beside the verdict, never judged."""
    days: set[date] = set()
    lapse = timedelta(days=scope.settings.lapsing_days)
    seen: set[str] = set()

    def visit(x, given: str | None) -> None:
        if x.id in seen:
            return
        seen.add(x.id)
        days.add(x.start)
        days.update(a.date for a in x.amendments)
        for d in _dues(x):
            days.update((d + ONE, d - lapse) if date.min + lapse < d < date.max else ())
        facts = scope.facts.get(x.id, NO_FACTS)
        basis = basis_of(x, scope, given)[0] if x.kind in AMOUNT_KINDS else None
        for b, s in facts.series.items():
            if basis is None or b == basis:
                days.update(date.fromordinal(o) for o in set(s.days))
        days.update(d for d, *_ in facts.rates)
        days.update(d for d, *_ in facts.events)
        for p in getattr(x, "parts", None) or ():
            if p in scope.by_id:
                visit(scope.by_id[p], basis)

    visit(c, None)
    return sorted(d for d in days if since <= d <= until)


def _may_drift(v: Verdict) -> bool:
    """Whether time alone can move this verdict: only where a clock runs."""
    return STATUSES[v.status].open or (v.confirmed_status is not None and STATUSES[v.confirmed_status].open)


def changes_of(c, scope: Scope, since: date, until: date) -> tuple[Verdict, list[Change]]:
    """The verdict on the day before `since`, and every change of c's verdict in [since, until]."""
    since = max(since, date.min + ONE)
    prev_day = since - ONE
    first = prev = judge(c, scope, prev_day)
    out: list[Change] = []

    def step(day: date, v: Verdict) -> None:
        nonlocal prev
        if key(v) != key(prev):
            out.append(Change(day, prev, v, causes(c, scope, day, v)))
            prev = v

    for day in [*candidate_days(c, scope, since, until), None]:  # None: the end of the window
        last = until if day is None else day - ONE
        if last > prev_day and _may_drift(prev):
            _drift(c, scope, prev_day, prev, last, step)
        if day is not None:
            step(day, judge(c, scope, day))
            prev_day = day
    return first, out


def _drift(c, scope: Scope, lo: date, start: Verdict, hi: date, step) -> None:
    """Changes by time alone on days in (lo, hi], where nothing is dated (`start`: the verdict
    on lo): bisect for the first day whose verdict differs from lo's, report it, go on from there."""
    end = judge(c, scope, hi)
    while key(end) != key(start):
        a, b = lo, hi  # key(a) == key(start) != key(b)
        while (b - a).days > 1:
            mid = a + timedelta(days=(b - a).days // 2)
            if key(judge(c, scope, mid)) == key(start):
                a = mid
            else:
                b = mid
        turned = judge(c, scope, b)
        step(b, turned)
        lo, start = b, turned


def causes(c, scope: Scope, day: date, after: Verdict) -> tuple[Cause, ...]:
    """The facts dated `day` that can have moved c's verdict (its parts' too), or a cause
    `time` when none is: the clock alone moved it."""
    found: list[Cause] = []
    lapse = timedelta(days=scope.settings.lapsing_days)
    seen: set[str] = set()

    def visit(x) -> None:
        if x.id in seen:
            return
        seen.add(x.id)
        if x.start == day:
            found.append(Cause("start", day, x.id))
        found.extend(Cause("amendment", day, x.id, amendment=a) for a in x.amendments if a.date == day)
        for d in sorted(_dues(x)):
            if d + ONE == day:
                found.append(Cause("due-passed", d, x.id))
            elif d - lapse == day and STATUSES[after.status].open:
                found.append(Cause("window", d, x.id))
        facts = scope.facts.get(x.id, NO_FACTS)
        figures = [b for b, s in facts.series.items() if s.upto(day) and s.days[s.upto(day) - 1] == day.toordinal()]
        judged = [b for b in figures if b == after.basis]
        found.extend(Cause("figure", day, x.id, basis=b) for b in judged or figures)
        found.extend(Cause("rate", day, x.id) for d, *_ in facts.rates if d == day)
        found.extend(Cause("event", day, x.id) for d, *_ in facts.events if d == day)
        for p in getattr(x, "parts", None) or ():
            if p in scope.by_id:
                visit(scope.by_id[p])

    visit(c)
    return tuple(found) or (Cause("time", day, c.id),)


def changes(commitments, scope: Scope, since: date, until: date) -> list[Change]:
    """Every change of the commitments' verdicts in [since, until], by day, then file order."""
    found = [(i, ch) for i, c in enumerate(commitments) for ch in changes_of(c, scope, since, until)[1]]
    found.sort(key=lambda x: (x[1].day, x[0]))
    return [ch for _, ch in found]


def timeline(c, scope: Scope, upto: date) -> tuple[Verdict, list[Change]]:
    """c's verdict before its first dated fact, and each change from then to `upto`."""
    first = candidate_days(c, scope, date.min + ONE, date.max - ONE)
    since = min([c.start, *first[:1]])
    return changes_of(c, scope, since, upto)
