"""Plain words and numbers for an assessment, shared by the terminal, Markdown and CSV outputs,
so every format says the same thing the same way."""

from __future__ import annotations

from tradetrack.core.units import format_amount
from tradetrack.core.values import Record
from tradetrack.facts.consistency import describe
from tradetrack.judge.verdict import OPEN, Assessment



def kind(a: Assessment) -> str:
    return a.commitment.kind


def percent(a: Assessment) -> str:
    share = a.share
    return "" if share is None else f"{share * 100:.0f}%"


def actual(a: Assessment) -> str:
    if a.actual is None:
        return a.detail if kind(a) != "purchase" else "—"
    return f"{format_amount(a.actual, a.unit)} of {format_amount(a.target, a.unit)}"


def expected(a: Assessment) -> str:
    if kind(a) != "purchase" or a.expected is None or a.status in ("not started",):
        return ""
    return format_amount(a.expected, a.unit)


def due(a: Assessment) -> str:
    return a.due.isoformat() if a.due else "—"


def days(a: Assessment) -> str:
    """'12 days left', '3 days overdue', 'ended 18 days ago', or '' when the clock has stopped."""
    left = a.days_left
    if left is None:
        return ""
    if a.status == "lapsed":
        return f"ended {-left} d ago"
    if a.status not in OPEN:
        return ""
    if left >= 0:
        return f"{left} d left"
    return f"{-left} d overdue"


def flags(a: Assessment) -> str:
    out = []
    if a.disagreement:
        out.append("bases disagree")
    if a.inconsistencies:
        out.append(f"{len(a.inconsistencies)} inconsistent figure(s)")
    return "; ".join(out)


def bases(a: Assessment) -> str:
    return ", ".join(f"{b} {format_amount(v, a.unit)}" for b, v in sorted(a.by_basis.items()))


def projection_lines(a: Assessment) -> list[str]:
    p = a.projection
    if p is None or a.unit is None:
        return []
    lines = [
        f"Run rate: {format_amount(p.daily_rate * 7, a.unit)} a week",
        f"Projected total at {due(a)}: {format_amount(p.projected_total, a.unit)}",
    ]
    if p.reach_date:
        lines.append(f"Target reached at this pace on: {p.reach_date}")
    if p.needed_weekly is not None:
        lines.append(f"Rate now needed: {format_amount(p.needed_weekly, a.unit)} a week")
    return lines


def inconsistency_lines(a: Assessment, progress_file: str) -> list[str]:
    return [f"{progress_file}:{i.line}: {describe(i, a.commitment.id, a.unit)}" for i in a.inconsistencies]


def record_figure(r: Record) -> str:
    if r.amount is not None:
        text = format_amount(r.amount, r.unit or "")
        return f"+{text}" if r.increment else f"{text} to date"
    if r.rate is not None:
        return f"{r.rate:g}%"
    return r.event or ""
