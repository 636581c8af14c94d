"""Verdicts as of a day: pure functions of the ledger and a day. No I/O and no words: a verdict
is a status code with the dates and numbers it follows from and the facts it rests on
(render/words.py says it in words, the same way for every output).

Rules a reader can quote (README "Status rules"):
- A purchase is judged on one basis (--basis, else the commitment's, else the file's default).
  It is met when a figure reaches the target (late if that figure is dated after the due
  date, by so many days), whatever comes after. After the due date it is missed only if the
  figures reach the due date (a figure within grace_days before it counts); otherwise it is
  unconfirmed, and says where the figures stop. Before the due date a figure older than
  stale_days is flagged stale.
- An action done, or a tariff rate observed, after the due date is late.
- A verdict that rests on a reported change, figure or event, or on a commitment stated by one
  side only, says so; where a reported change alters the verdict, the verdict on confirmed
  facts alone is given beside it.
- An unverified change, figure or event (seen only in secondary digests) never decides a
  verdict: it is carried beside it (claims, claimed_changes).
- A revision or a decline on the judged basis is carried with the verdict (revisions).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from tradetrack.core import targets
from tradetrack.core.status import AMOUNT_KINDS, SET_ASIDE, STANDINGS, weakest
from tradetrack.core.units import convert
from tradetrack.core.values import Settings
from tradetrack.facts.index import NO_FACTS, Facts, Point, Series, _empty
from tradetrack.judge.pace import Projection, expected_share, project
from tradetrack.judge.path import expected_on
from tradetrack.judge.terms import Terms, claimed, terms_on, unconfirmed

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


def scope_of(ledger, basis: str | None = None) -> Scope:
    return Scope(ledger.settings, {c.id: c for c in ledger.commitments}, ledger.facts, basis, {})


def judge(c, scope: Scope, day: date, basis: str | None = None) -> Verdict:
    """Judge commitment c as of day. `basis`: the basis a roll-up judges its parts on."""
    terms = terms_on(c, day)
    v = _on_terms(c, scope, day, terms, basis)
    doubtful = unconfirmed(terms)
    doubts = list(v.doubts)
    if doubtful:
        alone = _on_terms(c, scope, day, terms_on(c, day, confirmed_only=True), basis)
        if (alone.status, alone.due) != (v.status, v.due):
            v = v._replace(confirmed_status=alone.status, confirmed_due=alone.due)
            doubts += [Doubt("amendment", a.standing, a.date, None, a.standing_note) for a in doubtful]
    if c.standing != "confirmed":
        doubts.insert(0, Doubt("commitment", c.standing, None, c.stated_by, c.standing_note))
    facts = scope.facts.get(c.id, NO_FACTS)
    claims = tuple(x for x in facts.claims if x.date <= day) if facts.claims else ()
    return v._replace(doubts=tuple(doubts), claims=claims, claimed_changes=claimed(c, day))


def _on_terms(c, scope: Scope, day: date, terms: Terms, basis: str | None) -> Verdict:
    if terms.state in SET_ASIDE:
        set_on = next(a.date for a in reversed(terms.amendments) if a.state == terms.state)
        v = purchase(c, scope, day, terms, basis) if c.kind in AMOUNT_KINDS else Verdict(c, day, terms.state, terms)
        return v._replace(status=terms.state, event_on=set_on, gap_days=None, stale_days=None, days_late=None)
    facts = scope.facts.get(c.id, NO_FACTS)
    if c.kind in AMOUNT_KINDS:
        return purchase(c, scope, day, terms, basis)
    if c.kind == "suspension":
        return suspension(c, terms, facts, day, scope.settings)
    if c.kind == "tariff":
        return tariff(c, terms, facts, day)
    return action(c, terms, facts, day)


# --- purchases ---------------------------------------------------------------------------------


def basis_of(c, scope: Scope, given: str | None = None) -> tuple[str, str]:
    """The basis a purchase is judged on, and where that choice came from."""
    if scope.basis:
        return scope.basis, "option"
    if given:
        return given, "roll-up"
    if c.basis:
        return c.basis, "commitment"
    return scope.settings.default_basis, "default"


def purchase(c, scope: Scope, day: date, terms: Terms, given_basis: str | None = None) -> Verdict:
    settings = scope.settings
    counts = settings.count_units
    basis, basis_from = basis_of(c, scope, given_basis)
    unit = targets.unit_of(c, scope.by_id)
    assert unit is not None, "the loader checks that every purchase has a unit"
    parts = _parts_judged(c, scope, day, basis) if c.parts else ()
    try:
        if terms.target is not None:
            target = targets.resolve(terms.target, basis, unit, counts)
        elif all(p.target is not None for p in parts):  # a roll-up: the sum of its parts' targets
            target = targets.Resolved(sum((_in(p.target.amount, p.unit, unit, counts) for p in parts if p.target), 0.0))
        else:
            raise targets.NoBaseline(basis, [])
    except targets.NoBaseline:
        # --basis X (or a roll-up's basis) where the target has no baseline on X: not judged
        # on X; the row says so, and the others are judged.
        return Verdict(c, day, "no-target", terms, basis=basis, basis_from=basis_from, unit=unit, parts=parts)
    facts = scope.facts.get(c.id, NO_FACTS)
    series: Mapping[str, Series]
    measures: Mapping[str, str | None]
    missing: tuple[str, ...]
    last: date | None
    own_total: float | None
    if parts:
        series, measures, missing, last = _rolled_up(parts, unit, counts, day, basis)
        own = facts.series.get(basis)
        own_n = own.upto(day) if own else 0
        own_total = own.totals[own_n - 1] if own and own_n else None
        if own and own_n and (missing or not series.get(basis)):
            # Parts without figures would make their sum a part of the whole: the published
            # total is the better figure (and the two are not compared).
            series = {**series, basis: own}
            last, missing = date.fromordinal(own.days[own_n - 1]), ()
            own_total = None
    else:
        series, measures, missing, own_total = facts.series, facts.measures, (), None
        s = series.get(basis)
        n = s.upto(day) if s else 0
        last = date.fromordinal(s.days[n - 1]) if s and n else None
    s = series.get(basis)
    n = s.upto(day) if s else 0
    by_basis: dict[str, float] = {}
    other: dict[str, float] = {}
    for b, sb in series.items():
        k = sb.upto(day)
        if k:
            (by_basis if measures.get(b) == measures.get(basis) else other)[b] = sb.totals[k - 1]
    actual = s.totals[n - 1] if s and n else None
    expected: float | None
    if terms.due is None:  # no deadline stated: nothing is expected by any day
        expected = None
    elif terms.target is not None or not parts:
        expected = target.amount * expected_share(terms.start, terms.due, day, c.profile, c.year_weights)
    else:
        expected = sum((_in(p.expected or 0.0, p.unit, unit, counts) for p in parts), 0.0)
    summed = not (parts and series.get(basis) is facts.series.get(basis))  # not the roll-up's own total
    at_figure = _expected_at(c, terms, target, parts, last, unit, counts, summed)
    common: dict[str, Any] = dict(
        basis=basis,
        basis_from=basis_from,
        unit=unit,
        target=target,
        actual=actual,
        expected=expected,
        expected_at_figure=at_figure,
        last_figure=last,
        by_basis=by_basis,
        other_measures=other,
        measures=measures,
        disagreement=_disagree(c, by_basis, own_total, actual, scope, terms, unit, counts),
        inconsistencies=tuple(i for i in facts.inconsistencies if i.date <= day) if facts.inconsistencies else (),
        parts=parts,
        missing_parts=missing,
        own_total=own_total,
        series=series,
        revisions=tuple(r for r in facts.revisions if r.basis == basis and r.date <= day) if facts.revisions else (),
    )
    if day < terms.start:
        return Verdict(c, day, "not-started", terms, **common)
    if actual is None or s is None:
        return Verdict(c, day, "no-data", terms, **common)
    if terms.due is not None:
        common["projection"] = project(terms.start, terms.due, day, actual, target.amount)
    bound = getattr(c, "bound", "at-least")
    if bound != "at-least":
        over = s.first_reaching(target.amount + 2e-9 * max(1.0, target.amount), n)
        if over is not None:  # above a ceiling (or an exact amount): breached, whatever follows
            when = date.fromordinal(s.days[over])
            return Verdict(c, day, "breached", terms, doubts=_figure_doubt(s, over), reached_on=when, **common)
    if bound == "at-most":
        return _ceiling(c, day, terms, s, n, last, missing, settings, common)
    reached = s.first_reaching(target.amount, n)
    if reached is not None:  # parts without figures could only add to it
        when = date.fromordinal(s.days[reached])
        doubts = _figure_doubt(s, reached)
        late = (when - terms.due).days if terms.due else 0
        if late > 0:
            return Verdict(c, day, "met-late", terms, doubts=doubts, reached_on=when, days_late=late, **common)
        return Verdict(c, day, "met", terms, doubts=doubts, reached_on=when, **common)
    doubts = _figure_doubt(s, n - 1)
    if terms.due is None:
        return Verdict(c, day, "pending", terms, doubts=doubts, **common)
    if day > terms.due:
        covered = last is not None and not missing and last >= terms.due - timedelta(days=settings.grace_days)
        if covered:
            return Verdict(c, day, "missed", terms, doubts=doubts, **common)
        gap = (terms.due - last).days if last is not None else None
        return Verdict(c, day, "unconfirmed", terms, doubts=doubts, gap_days=gap, **common)
    # Like for like: the actual against the path at the day of its own figure, not today's.
    ratio = actual / at_figure if at_figure else actual / expected if expected else 1.0
    t = settings.thresholds
    status = "on-track" if ratio >= t.on_track else "at-risk" if ratio >= t.at_risk else "behind"
    age = (day - last).days if last is not None else None
    stale = age if age is not None and age > settings.stale_days else None
    return Verdict(c, day, status, terms, doubts=doubts, stale_days=stale, **common)


def _parts_judged(c, scope: Scope, day: date, basis: str) -> tuple:
    """A roll-up's parts, each judged once however many roll-ups share it: verdicts are pure
    functions of the ledger and the day, and a lattice of roll-ups has far more paths than parts.
    Only one day is kept, so judging many days holds no more than judging one."""
    memo = scope.judged
    if memo.get("day") != day:
        memo.clear()
        memo["day"] = day
    out = []
    for p in c.parts:
        v = memo.get((p, basis))
        if v is None:
            v = memo[(p, basis)] = judge(scope.by_id[p], scope, day, basis)
        out.append(v)
    return tuple(out)


def _expected_at(c, terms: Terms, target, parts, last: date | None, unit: str, counts, summed: bool) -> float | None:
    """The expected amount by the day of the last figure (None before the period's start or
    without a due date). A roll-up summing its parts' figures sums what each part expected by
    its own last figure, as its actual sums each part's last figure."""
    if terms.due is None or last is None or last < terms.start:
        return None
    if terms.target is not None or not parts:
        return target.amount * expected_share(terms.start, terms.due, last, c.profile, c.year_weights)
    if summed:
        return sum((_in(p.expected_at_figure or 0.0, p.unit, unit, counts) for p in parts), 0.0)
    memo: dict = {}
    return sum((_in(expected_on(p, last, memo), p.unit, unit, counts) for p in parts), 0.0)


def _ceiling(c, day: date, terms: Terms, s: Series, n: int, last, missing, settings, common) -> Verdict:
    """A purchase with bound: at-most, not above its ceiling: within it while the period runs
    (on track), met once figures reach the due date, unconfirmed if they stop short of it."""
    doubts = _figure_doubt(s, n - 1)
    common = {**common, "projection": None}
    if terms.due is None or day <= terms.due:
        return Verdict(c, day, "on-track", terms, doubts=doubts, **common)
    if last is not None and not missing and last >= terms.due - timedelta(days=settings.grace_days):
        return Verdict(c, day, "met", terms, doubts=doubts, **common)
    gap = (terms.due - last).days if last is not None else None
    return Verdict(c, day, "unconfirmed", terms, doubts=doubts, gap_days=gap, **common)


def _in(amount: float, unit: str | None, to: str, counts) -> float:
    """amount (in a part's unit) in the roll-up's unit."""
    return amount if unit is None or unit == to else convert(amount, unit, to, counts)


def _figure_doubt(s: Series, i: int) -> tuple[Doubt, ...]:
    standing = STANDINGS[s.standings[i]]
    if standing == "confirmed":
        return ()
    return (Doubt("figure", standing, date.fromordinal(s.days[i])),)


def _disagree(c, by_basis, own_total, actual, scope, terms, unit, counts) -> bool:
    """Bases of one measure disagree beyond the set share: compared as shares of their own
    targets where the target depends on the basis (baselines differ by definition), as amounts
    otherwise. A roll-up's published total is compared with the sum of its parts."""
    share = scope.settings.disagreement
    if own_total is not None and actual is not None and abs(own_total - actual) > share * max(own_total, actual):
        return True
    if len(by_basis) < 2:
        return False
    if targets.depends_on_basis(terms.target):
        values = []
        for b, v in by_basis.items():
            try:
                values.append(v / targets.resolve(terms.target, b, unit, counts).amount)
            except targets.NoBaseline:
                continue
    else:
        values = list(by_basis.values())
    return len(values) > 1 and max(values) - min(values) > share * max(values)


def _rolled_up(parts, unit, counts, day, basis):
    """A roll-up's figures: per basis that every part has, the sum of the parts' totals after
    each figure of any part. Returns (series, measures, parts missing on the basis, the last
    day all parts reach)."""
    missing = tuple(p.commitment.id for p in parts if not p.points(basis))
    bases = set.intersection(*(set(p.series) for p in parts)) if parts else set()
    if basis in set.union(*(set(p.series) for p in parts)):
        bases.add(basis)  # the judged basis is summed even when some parts lack it
    series = {
        b: _summed([(p.series[b], convert(1.0, p.unit, unit, counts)) for p in parts if b in p.series]) for b in bases
    }
    lasts = [p.last_figure for p in parts]
    last = None if missing or not lasts or None in lasts else min(lasts)
    measures: dict[str, str | None] = {}
    for p in parts:
        for b, m in p.measures.items():
            measures.setdefault(b, m)
    return series, measures, missing, last


EXACT = 1 << 1074  # every finite double is a whole multiple of 2**-1074


def _summed(have: list[tuple[Series, float]]) -> Series:
    """The sum of parts' running totals after each day any part has a figure, in one sweep over
    all their figures in date order (each part's change added as it comes), so the cost is that
    of sorting the figures, not figures times parts. Summed exactly, in integers, so the total
    is the correctly rounded sum whatever the order, and standing is the weakest of the figures
    in it."""
    changes = sorted(
        (d, j, i)
        for j, (s, _) in enumerate(have)
        for i, d in enumerate(s.days)
        if i + 1 == len(s.days) or s.days[i + 1] != d  # the last figure of its day stands
    )
    current = [0] * len(have)  # each part's total, times EXACT
    standing = [-1] * len(have)
    weakest = [0] * len(STANDINGS)  # how many parts stand at each standing
    total = 0
    out = _empty()
    for k, (d, j, i) in enumerate(changes):
        s, factor = have[j]
        n, den = (s.totals[i] * factor).as_integer_ratio()
        value = n * (EXACT // den)
        total += value - current[j]
        current[j] = value
        if standing[j] >= 0:
            weakest[standing[j]] -= 1
        standing[j] = s.standings[i]
        weakest[standing[j]] += 1
        if k + 1 == len(changes) or changes[k + 1][0] != d:
            out.days.append(d)
            out.totals.append(total / EXACT)
            out.lines.append(0)
            out.standings.append(max(x for x in range(len(weakest)) if weakest[x]))
    return out


# --- suspensions, tariffs, actions -------------------------------------------------------------


def _event_doubt(standing: str, when: date, what: str = "event") -> tuple[Doubt, ...]:
    return () if standing == "confirmed" else (Doubt(what, standing, when),)


def suspension(c, terms: Terms, facts: Facts, day: date, settings) -> Verdict:
    reinstated = [(d, st) for d, e, st in facts.events if e == "reinstated" and terms.start <= d <= day]
    if reinstated:
        when, standing = reinstated[-1]
        return Verdict(c, day, "reinstated", terms, doubts=_event_doubt(standing, when), event_on=when)
    if terms.state == "reinstated":
        return Verdict(c, day, "reinstated", terms, event_on=terms.amendments[-1].date)
    if day < terms.start:
        return Verdict(c, day, "pending", terms)
    if terms.due is None:
        return Verdict(c, day, "in-force", terms)
    if day > terms.due:
        return Verdict(c, day, "lapsed", terms, event_on=terms.due)
    if (terms.due - day).days <= settings.lapsing_days:
        return Verdict(c, day, "lapsing", terms)
    if terms.written_due is not None and day > terms.written_due:
        return Verdict(c, day, "extended", terms)
    return Verdict(c, day, "in-force", terms)


def keeps(bound: str, value: float, goal: float) -> bool:
    """Whether an observed value keeps a promise of `bound` goal (exactly: within rounding)."""
    if bound == "at-most":
        return value <= goal + 1e-9
    if bound == "at-least":
        return value >= goal - 1e-9
    return abs(value - goal) < 1e-9


def tariff(c, terms: Terms, facts: Facts, day: date) -> Verdict:
    """exactly: implemented once the rate observed is to_rate, reversed if it then moves away.
    at-most / at-least: implemented while the latest rate keeps the bound, breached when it
    does not (before the due date, a rate not yet changed is pending). No due date: pending
    until a rate is observed, never overdue."""
    if day < terms.start:
        return Verdict(c, day, "not-started", terms)
    rates = [x for x in facts.rates if x[0] <= day]
    goal = terms.to_rate if terms.to_rate is not None else c.to_rate
    due = terms.due
    waiting = "pending" if due is None or day <= due else "overdue"
    if not rates:
        return Verdict(c, day, waiting, terms)
    bound = c.bound
    latest = rates[-1]
    common: dict[str, Any] = dict(last_figure=latest[0], observed_rate=latest[1])
    kept = keeps(bound, latest[1], goal)
    if kept:
        # since the first figure of the latest run of kept figures (the rate was first in force then)
        i = len(rates) - 1
        while i > 0 and keeps(bound, rates[i - 1][1], goal):
            i -= 1
        when, standing = rates[i][0], rates[i][2]
        late = (when - due).days if due is not None else 0
        return Verdict(
            c,
            day,
            "implemented-late" if late > 0 else "implemented",
            terms,
            doubts=_event_doubt(standing, when, "figure"),
            event_on=when,
            days_late=late if late > 0 else None,
            **common,
        )
    ever = any(keeps(bound, r, goal) for _, r, _ in rates)
    doubt = _event_doubt(latest[2], latest[0], "figure")
    if bound != "exactly" and (ever or waiting == "overdue" or due is None):
        return Verdict(c, day, "breached", terms, doubts=doubt, event_on=latest[0], **common)
    if ever:
        return Verdict(c, day, "reversed", terms, doubts=doubt, event_on=latest[0], **common)
    return Verdict(c, day, waiting, terms, **common)


def action(c, terms: Terms, facts: Facts, day: date) -> Verdict:
    if day < terms.start:
        return Verdict(c, day, "not-started", terms)
    events = [x for x in facts.events if x[0] <= day]
    done = [(d, st) for d, e, st in events if e == "done"]
    if done:
        when, standing = done[0]
        late = (when - terms.due).days if terms.due else 0
        return Verdict(
            c,
            day,
            "done-late" if late > 0 else "done",
            terms,
            doubts=_event_doubt(standing, when),
            event_on=when,
            days_late=late if late > 0 else None,
        )
    if terms.due is not None and day > terms.due:
        return Verdict(c, day, "overdue", terms)
    partial = [(d, st) for d, e, st in events if e == "partial"]
    if partial:
        when, standing = partial[-1]
        return Verdict(c, day, "partly-done", terms, doubts=_event_doubt(standing, when), event_on=when)
    return Verdict(c, day, "pending", terms)
