"""Verdicts in words: the one place that says what a verdict means, for the terminal, the card,
Markdown, HTML and CSV alike. The judge gives codes, dates and numbers; this module words them.

Its parts live beside it, and every output takes them from here: phrases.py (a status's word,
an amount, a percent), detail.py (what the status rests on), doubts.py (flags, doubts and
claims) and recordwords.py (a progress record in words).
"""

from __future__ import annotations

from datetime import date

from tradetrack.core.status import AMOUNT_KINDS, PACED, STATUSES
from tradetrack.facts.consistency import describe
from tradetrack.judge.verdict import Verdict
from tradetrack.render.detail import bases, detail, names_due
from tradetrack.render.doubts import claims, doubts, flags, standing
from tradetrack.render.phrases import amount, bound_words, number, percent, tone, word
from tradetrack.render.recordwords import (
    SHOWN,
    figure_number,
    figure_parts,
    once_a_rest,
    record_basis,
    record_figure,
    record_note,
    superseded,
)

__all__ = [
    "SHOWN",
    "STALE_RECORD_DAYS",
    "STATUSES",
    "actual",
    "amount",
    "arithmetic",
    "bases",
    "basis",
    "basis_title",
    "checked_title",
    "claims",
    "counts",
    "day",
    "days",
    "detail",
    "doubts",
    "due",
    "expected",
    "flags",
    "goal",
    "inconsistency_lines",
    "judged_kinds",
    "names_due",
    "of_expected",
    "pace",
    "percent",
    "projection_lines",
    "record_basis",
    "record_figure",
    "figure_parts",
    "figure_number",
    "once_a_rest",
    "record_note",
    "shares",
    "status",
    "superseded",
    "target",
    "tone",
    "word",
]


def status(v: Verdict) -> str:
    """The status as a row shows it: 'missed', 'extended (reported)', 'met (stated by US)',
    'no target on cn-imports', 'on track (revised)'; 'lapsed (+ claim)' when an unverified fact
    stands beside it."""
    labels = [label for label in (standing(v), "revised" if v.revisions else "") if label]
    if v.claims or v.claimed_changes:
        labels.append("+ claim")
    said = f"no target on {v.basis}" if v.status == "no-target" else word(v.status)
    return f"{said} ({'; '.join(labels)})" if labels else said


def checked_title(checked: date | None, as_of: date) -> str:
    """' · record checked 2026-12-02', and a warning when the as-of day is over 30 days later."""
    if checked is None:
        return ""
    text = f" · record checked {checked}"
    if (as_of - checked).days > STALE_RECORD_DAYS:
        text += f" (over {STALE_RECORD_DAYS} days before {as_of}: the record may be missing later facts)"
    return text


STALE_RECORD_DAYS = 30


def target(v: Verdict) -> str:
    """'12 Mt', or with a baseline the arithmetic: '159 bnUSD (us-exports 2017 baseline 95.1 + 63.9)'."""
    t = v.target
    if t is None:
        return "—"
    text = bound_words(v.commitment) + amount(t.amount, v.unit)
    if t.baseline is not None:
        text += f" ({t.basis} baseline {number(t.baseline)} + {number(t.increase or 0.0)})"
    elif v.parts and v.terms.target is None:
        text += f" (sum of {len(v.parts)} parts)"
    return text


def arithmetic(v: Verdict) -> str:
    """The target's sum in full, for show and the report: 'baseline 95.1 + increase 63.9 = 159 bnUSD'."""
    t = v.target
    if t is None or t.baseline is None:
        return ""
    return (
        f"{t.basis} baseline {number(t.baseline)} + increase {number(t.increase or 0.0)} = {amount(t.amount, v.unit)}"
    )


def actual(v: Verdict) -> str:
    """'8 Mt of 12 Mt', '120 bnUSD of 550 bnUSD invested', or for other kinds what happened."""
    if v.commitment.kind not in AMOUNT_KINDS:
        return detail(v)
    if v.actual is None:
        return "—"
    text = f"{amount(v.actual, v.unit)} of {amount(v.target.amount if v.target else None, v.unit)}"
    return text + " invested" if v.commitment.kind == "investment" else text


def goal(v: Verdict) -> str:
    """What is to be reached, for a card or a report: 'Target 12 Mt of soybeans' (a purchase),
    'Target 550 bnUSD invested' (an investment, which has no commodity)."""
    c = v.commitment
    if c.kind == "investment":
        return f"Target {target(v)} invested"
    return f"Target {target(v)} of {c.commodity}"


def judged_kinds(rows: list[Verdict]) -> str:
    """'Purchases', 'Investments' or 'Purchases and investments': what a basis line is about."""
    kinds = {v.commitment.kind for v in rows} & AMOUNT_KINDS
    if kinds == {"investment"}:
        return "Investments"
    return "Purchases and investments" if "investment" in kinds else "Purchases"


def expected(v: Verdict) -> str:
    if v.commitment.kind not in AMOUNT_KINDS or v.expected is None or v.status == "not-started":
        return ""
    return amount(v.expected, v.unit)


def shares(v: Verdict) -> str:
    """'67% of the target, 87% of expected to date'; with figures that stop before the as-of
    day, 'of expected through 2026-09-30' (like for like), and today's share beside it."""
    out = []
    if v.share is not None:
        out.append(f"{percent(v.share)} of the target")
    if v.status in PACED:
        out.append(pace(v))
    return ", ".join(x for x in out if x)


def pace(v: Verdict, short: bool = False) -> str:
    """The share of expected, like for like: '40% of expected to date' when the last figure is
    of the as-of day; else '100% of expected through 2026-09-30, 81% of expected by
    2026-12-02' ('…, 81% by 2026-12-02' when short)."""
    if v.share_of_expected is None:
        if v.share_of_expected_today is None:
            return ""
        return f"{percent(v.share_of_expected_today)} of expected" + ("" if short else " to date")
    if not v.lag_days:
        return f"{percent(v.share_of_expected)} of expected" + ("" if short else " to date")
    today = percent(v.share_of_expected_today) if v.share_of_expected_today is not None else "—"
    return f"{percent(v.share_of_expected)} of expected through {v.last_figure}, " + (
        f"{today} by {v.as_of}" if short else f"{today} of expected by {v.as_of}"
    )


def of_expected(v: Verdict) -> str:
    """A table cell: '40%', or with a lag '100% through 2026-09-30 (81% by 2026-12-02)'."""
    if v.share_of_expected is None:
        return percent(v.share_of_expected_today)
    if not v.lag_days:
        return percent(v.share_of_expected)
    today = f" ({percent(v.share_of_expected_today)} by {v.as_of})" if v.share_of_expected_today is not None else ""
    return f"{percent(v.share_of_expected)} through {v.last_figure}{today}"


def due(v: Verdict) -> str:
    return v.due.isoformat() if v.due else "—"


def days(v: Verdict) -> str:
    """'12 d left', '3 d overdue', 'ended 18 d ago', or '' when the clock has stopped."""
    left = v.days_left
    if left is None:
        return ""
    if v.status == "lapsed":
        return f"ended {-left} d ago"
    if not STATUSES[v.status].open:
        return ""
    return f"{left} d left" if left >= 0 else f"{-left} d overdue"


def basis(v: Verdict) -> str:
    """'usda-esr (the file's default)'."""
    origin = {
        "option": "--basis",
        "commitment": "the commitment's",
        "default": "the file's default",
        "roll-up": "the roll-up's",
    }.get(v.basis_from or "", "")
    return f"{v.basis} ({origin})" if origin else (v.basis or "")


def projection_lines(v: Verdict) -> list[str]:
    p = v.projection
    if p is None or v.unit is None or v.status in ("met", "met-late", "missed", "unconfirmed"):
        return []
    invested = " invested" if v.commitment.kind == "investment" else ""
    lines = [
        f"Run rate: {amount(p.daily_rate * 7, v.unit)}{invested} a week",
        f"Projected total{invested} at {due(v)}: {amount(p.projected_total, v.unit)}",
    ]
    if p.reach_date:
        lines.append(f"Target reached at this pace on: {p.reach_date}")
    if p.needed_weekly is not None:
        lines.append(f"Rate now needed: {amount(p.needed_weekly, v.unit)}{invested} a week")
    return lines


def inconsistency_lines(v: Verdict, progress_file: str) -> list[str]:
    return [f"{progress_file}:{i.line}: {describe(i, v.commitment.id, v.unit)}" for i in v.inconsistencies]


def counts(rows: list[Verdict]) -> list[tuple[str, int]]:
    """(status code, how many), most frequent first."""
    found: dict[str, int] = {}
    for v in rows:
        found[v.status] = found.get(v.status, 0) + 1
    return sorted(found.items(), key=lambda kv: -kv[1])


def basis_title(chosen: dict) -> str:
    """The basis line of a status title or report, from render.fields.judged's codes: which
    basis the purchases were judged on."""
    if chosen["basis_from"] == "option":
        return f"judged on {chosen['basis']} (--basis)"
    own = chosen["own_bases"]
    return f"judged on {chosen['basis']} (default)" + (f"; own basis: {', '.join(own)}" if own else "")


def day(d: date | None) -> str:
    return d.isoformat() if d else ""
