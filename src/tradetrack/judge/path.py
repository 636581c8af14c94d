"""The expected path of a purchase or an investment: how much was expected by each day. One
definition, for the verdict (expected by the last figure) and for every chart (the card's bars,
the Markdown report's Mermaid lines, the SVG), so they never disagree on a day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.judge.pace import expected_share, sample_days
from tradetrack.judge.rollup import in_unit

if TYPE_CHECKING:
    from tradetrack.judge.verdict import Verdict


def expected_line(v: Verdict) -> list[tuple[date, float]]:
    """The expected path of a purchase verdict, for charts: the expected amount at the start, at
    each month's end, at each figure's date and at the due date. Computed when a chart asks
    (a status list does not need it)."""
    if v.commitment.kind not in AMOUNT_KINDS or v.target is None or v.terms.due is None:
        return []
    t, due = v.terms, v.terms.due
    s = v.series.get(v.basis or "")
    first, last = t.start.toordinal(), due.toordinal()
    figures = [date.fromordinal(d) for d in (s.days if s else []) if first <= d <= last]
    days = sample_days(t.start, due, figures)
    if _linear(v):
        return list(zip(days, linear(v.target.amount, t.start, due, days), strict=True))
    memo: dict = {}  # a part shared by several roll-ups is computed once
    return [(d, expected_on(v, d, memo)) for d in days]


def drawn_path(v: Verdict) -> list[tuple[date, float]]:
    """The expected path as a chart draws it, straight from point to point. A linear path is
    one straight line from the start to the due date, so its two ends draw every day of it
    (the points expected_line adds at month ends and figures lie on that line): a report of
    1,000 charts drew a hundred thousand points for lines of two. Any other is expected_line."""
    if v.target is None or not _linear(v) or v.terms.due is None:
        return expected_line(v)
    start, due = v.terms.start, v.terms.due
    days = sorted({start, due})
    return list(zip(days, linear(v.target.amount, start, due, days), strict=True))


def _linear(v: Verdict) -> bool:
    """Whether expected_on of v is its target × the linear share: a purchase with a due date,
    its own target (not its parts' sum), no profile and no year weights."""
    c, t = v.commitment, v.terms
    return (
        c.kind in AMOUNT_KINDS
        and t.due is not None
        and (t.target is not None or not v.parts)
        and c.profile is None
        and c.year_weights is None
    )


def linear(amount: float, start: date, due: date, days: list[date]) -> list[float]:
    """amount × pace.expected_share(start, due, d) of each day for a path with no profile and
    no year weights, its arithmetic written out on ordinals (so the very same floats): a report
    draws the path of each of 1,000 commitments, and a call per day was most of it."""
    first, last = start.toordinal(), due.toordinal()
    whole = last - first + 1
    out = []
    for d in days:
        o = d.toordinal()
        out.append(amount * (0.0 if o < first else 1.0 if o >= last else (o - first + 1) / whole))
    return out


def expected_at(v: Verdict, days: list[date]) -> list[float]:
    """What was expected by each of `days`: nothing before the start, the whole target after the
    due date, the path between (the figures' own days are on it)."""
    if v.target is None:
        return [0.0 for _ in days]
    start, due = v.terms.start, v.terms.due or v.as_of
    if _linear(v):  # each day's is expected_on's (on the path or not): no path to draw first;
        return linear(v.target.amount, start, due, days)  # 0 before the start, the target after due
    line = dict(expected_line(v))
    memo: dict = {}
    out = []
    for d in days:
        if d < start:
            out.append(0.0)
        elif d > due:
            out.append(v.target.amount)
        else:
            out.append(line[d] if d in line else expected_on(v, d, memo))
    return out


def expected_on(v: Verdict, d: date, memo: dict) -> float:
    """Expected by day `d`; `memo` keeps a roll-up's shared parts computed once."""
    c, t = v.commitment, v.terms
    if v.target is None or t.due is None:
        return 0.0
    if t.target is not None or not v.parts:
        return v.target.amount * expected_share(t.start, t.due, d, c.profile, c.year_weights)
    if (id(v), d) not in memo:
        # A roll-up: its parts' paths, in its unit (a count unit converts only to itself: same unit).
        memo[id(v), d] = sum((in_unit(expected_on(p, d, memo), p.unit, v.unit or "", ()) for p in v.parts), 0.0)
    return memo[id(v), d]
