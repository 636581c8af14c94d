"""The small phrases every wording of a verdict is built from: a status's word and tone, an
amount, a share as a percent, a bound ('at most '), a number of days late."""

from __future__ import annotations

from tradetrack.core.status import STATUSES
from tradetrack.core.units import format_amount
from tradetrack.judge.verdict import Verdict


def word(code: str) -> str:
    return STATUSES[code].word


def tone(v: Verdict) -> str:
    return STATUSES[v.status].tone


def amount(x: float | None, unit: str | None) -> str:
    return "—" if x is None else format_amount(x, unit or "")


def percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.0f}%"


def number(x: float) -> str:
    return format_amount(x, "").strip()


BOUND = {"at-most": "at most ", "exactly": "exactly "}


def bound_words(c) -> str:
    """'at most ' for a ceiling, 'exactly ' for an exact purchase; '' for the defaults (a
    purchase at least, a tariff rate exactly)."""
    bound = getattr(c, "bound", "at-least")
    if c.kind == "tariff" and bound == "exactly":
        return ""
    if bound == "at-least" and c.kind == "tariff":
        return "at least "
    return BOUND.get(bound, "")


def late(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''} late"
