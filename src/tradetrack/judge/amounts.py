"""Purchases and investments (the amount kinds), judged on one basis: met when a figure reaches
the target, missed only when the figures reach the due date, and on the way by the pace of the
figures against the expected path (README "Status rules", judge/verdict.py's docstring)."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from tradetrack.core import targets
from tradetrack.core.status import STANDINGS
from tradetrack.facts.index import NO_FACTS, Facts, Series
from tradetrack.judge.pace import expected_share, project
from tradetrack.judge.path import expected_on
from tradetrack.judge.record import Doubt, Scope, Verdict
from tradetrack.judge.rollup import in_unit, rolled_up
from tradetrack.judge.terms import Terms


def purchase(c, scope: Scope, day: date, terms: Terms, basis: str, basis_from: str, parts: tuple) -> Verdict:
    """Judge an amount kind on `basis` (chosen as `basis_from` says); `parts`: a roll-up's
    parts judged on that basis, else ()."""
    unit = targets.unit_of(c, scope.by_id)
    assert unit is not None, "the loader checks that every purchase has a unit"
    try:
        target = _target(terms, parts, basis, unit, scope.settings.count_units)
    except targets.NoBaseline:
        # --basis X (or a roll-up's basis) where the target has no baseline on X: not judged
        # on X; the row says so, and the others are judged.
        return Verdict(c, day, "no-target", terms, basis=basis, basis_from=basis_from, unit=unit, parts=parts)
    common, s, n = _measured(c, scope, day, terms, basis, unit, target, parts)
    common["basis_from"] = basis_from
    return _status(c, day, terms, scope.settings, common, s, n)


def _target(terms: Terms, parts: tuple, basis: str, unit: str, counts) -> targets.Resolved:
    """The target on the basis: the terms' own, else a roll-up's sum of its parts' targets.
    Raises targets.NoBaseline where there is none on the basis."""
    if terms.target is not None:
        return targets.resolve(terms.target, basis, unit, counts)
    if all(p.target is not None for p in parts):
        return targets.Resolved(sum((in_unit(p.target.amount, p.unit, unit, counts) for p in parts if p.target), 0.0))
    raise targets.NoBaseline(basis, [])


def _measured(c, scope: Scope, day: date, terms: Terms, basis: str, unit: str, target, parts: tuple) -> tuple:
    """What a purchase's verdict carries whatever its status (the figures to date, what was
    expected, and what the figures disagree on), with the judged series and its count of
    figures up to the day (s, n), which the status is read from."""
    counts = scope.settings.count_units
    facts = scope.facts.get(c.id, NO_FACTS)
    series, measures, missing, last, own_total = _figures(facts, parts, unit, counts, day, basis)
    s = series.get(basis)
    n = s.upto(day) if s else 0
    by_basis, other = _to_date(series, measures, basis, day)
    actual = s.totals[n - 1] if s and n else None
    summed = not (parts and s is facts.series.get(basis))  # not the roll-up's own total
    common = dict(
        basis=basis,
        unit=unit,
        target=target,
        actual=actual,
        expected=_expected(c, terms, target, parts, day, unit, counts),
        expected_at_figure=_expected_at(c, terms, target, parts, last, unit, counts, summed),
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
    return common, s, n


def _figures(facts: Facts, parts: tuple, unit: str, counts, day: date, basis: str) -> tuple:
    """The figures judged: the purchase's own, or a roll-up's sum of its parts'. Returns
    (series, measures, parts missing on the basis, the last figure's day, the roll-up's own
    published total on the basis where it is not the one judged)."""
    if not parts:
        s = facts.series.get(basis)
        n = s.upto(day) if s else 0
        last = date.fromordinal(s.days[n - 1]) if s and n else None
        return facts.series, facts.measures, (), last, None
    series: Mapping[str, Series]
    series, measures, missing, last = rolled_up(parts, unit, counts, day, basis)
    own = facts.series.get(basis)
    own_n = own.upto(day) if own else 0
    own_total = own.totals[own_n - 1] if own and own_n else None
    if own and own_n and (missing or not series.get(basis)):
        # Parts without figures would make their sum a part of the whole: the published
        # total is the better figure (and the two are not compared).
        series = {**series, basis: own}
        last, missing = date.fromordinal(own.days[own_n - 1]), ()
        own_total = None
    return series, measures, missing, last, own_total


def _to_date(series: Mapping[str, Series], measures, basis: str, day: date) -> tuple[dict, dict]:
    """Totals to date per basis: of the judged measure, and of other measures (never compared)."""
    by_basis: dict[str, float] = {}
    other: dict[str, float] = {}
    for b, sb in series.items():
        k = sb.upto(day)
        if k:
            (by_basis if measures.get(b) == measures.get(basis) else other)[b] = sb.totals[k - 1]
    return by_basis, other


def _expected(c, terms: Terms, target, parts: tuple, day: date, unit: str, counts) -> float | None:
    """The expected amount by the day: none without a due date (nothing is expected by any
    day); a roll-up without a target of its own expects what its parts expect."""
    if terms.due is None:
        return None
    if terms.target is not None or not parts:
        return target.amount * expected_share(terms.start, terms.due, day, c.profile, c.year_weights)
    return sum((in_unit(p.expected or 0.0, p.unit, unit, counts) for p in parts), 0.0)


def _status(c, day: date, terms: Terms, settings, common: dict[str, Any], s: Series | None, n: int) -> Verdict:
    """The status from the figures (s: the judged series, n: its figures up to the day): before
    the start, without figures, above a ceiling, within one, or once a figure reaches the target."""
    actual, last, target = common["actual"], common["last_figure"], common["target"]
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
        return _ceiling(c, day, terms, s, n, last, common["missing_parts"], settings, common)
    reached = s.first_reaching(target.amount, n)
    if reached is not None:  # parts without figures could only add to it
        when = date.fromordinal(s.days[reached])
        doubts = _figure_doubt(s, reached)
        late = (when - terms.due).days if terms.due else 0
        if late > 0:
            return Verdict(c, day, "met-late", terms, doubts=doubts, reached_on=when, days_late=late, **common)
        return Verdict(c, day, "met", terms, doubts=doubts, reached_on=when, **common)
    return _short(c, day, terms, s, n, settings, common)


def _short(c, day: date, terms: Terms, s: Series, n: int, settings, common: dict[str, Any]) -> Verdict:
    """The status of figures short of the target: after the due date missed or unconfirmed,
    before it by pace (and stale where the last figure is old)."""
    actual, last, missing = common["actual"], common["last_figure"], common["missing_parts"]
    at_figure, expected = common["expected_at_figure"], common["expected"]
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


def _expected_at(c, terms: Terms, target, parts, last: date | None, unit: str, counts, summed: bool) -> float | None:
    """The expected amount by the day of the last figure (None before the period's start or
    without a due date). A roll-up summing its parts' figures sums what each part expected by
    its own last figure, as its actual sums each part's last figure."""
    if terms.due is None or last is None or last < terms.start:
        return None
    if terms.target is not None or not parts:
        return target.amount * expected_share(terms.start, terms.due, last, c.profile, c.year_weights)
    if summed:
        return sum((in_unit(p.expected_at_figure or 0.0, p.unit, unit, counts) for p in parts), 0.0)
    memo: dict = {}
    return sum((in_unit(expected_on(p, last, memo), p.unit, unit, counts) for p in parts), 0.0)


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
