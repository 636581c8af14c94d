"""A verdict as named fields, listed once: JSON, CSV and the summary tables of the Markdown and
HTML reports all take theirs from FIELDS, so a field added here (and to the Verdict) reaches
every format under one name, and no format can drift from the others.

Each field says how to get it from a verdict, which verdicts carry it (a tariff has no target),
whether it is one value (a CSV cell) or a list or object (JSON only), and, if the summary
tables show it, the column's heading and its words. Values are plain Python (dates as dates):
each format spells them its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words


class Column(NamedTuple):
    """How the summary tables (Markdown, HTML) show a field."""

    heading: str
    text: Callable[[Verdict], str]
    # num (right-aligned figures, never wrapped), figures (right-aligned figures with words,
    # wrapped between them, dates whole), date (never wrapped) or "" (text)
    align: str = ""


class Field(NamedTuple):
    name: str
    get: Callable[[Verdict], Any]
    when: Callable[[Verdict], bool] | None = None  # carried by these verdicts only (others: empty)
    nested: bool = False  # a list or an object: JSON only, not a CSV cell
    column: Column | None = None


def amounts(v: Verdict) -> bool:
    """purchases and investments"""
    return v.commitment.kind in AMOUNT_KINDS


def tariffs(v: Verdict) -> bool:
    """tariffs"""
    return v.commitment.kind == "tariff"


def bounded(v: Verdict) -> bool:
    """commitments with a bound"""
    return hasattr(v.commitment, "bound")


def rollup(v: Verdict) -> bool:
    """roll-ups (JSON nests their parts beneath them)"""
    return amounts(v) and bool(v.parts or v.commitment.parts)


def progress(v: Verdict) -> str:
    """The progress cell of a summary: the amount so far, or what the status rests on."""
    return words.actual(v) if amounts(v) else words.detail(v)


def _target_terms(v: Verdict) -> dict | None:
    t = v.target
    if t is None or t.baseline is None:
        return None
    return {"basis": t.basis, "baseline": t.baseline, "increase": t.increase}


def _projection(v: Verdict) -> dict | None:
    p = v.projection
    if p is None:
        return None
    return {
        "daily_rate": p.daily_rate,
        "projected_total": p.projected_total,
        "reach_date": p.reach_date,
        "needed_weekly": p.needed_weekly,
    }


_DOUBT = ("what", "standing", "on", "by", "note")
_REVISION = ("basis", "date", "line", "previous", "total", "kind")
_INCONSISTENCY = ("basis", "asserted", "computed", "difference", "line", "previous_line")


def _each(items, names: tuple[str, ...]) -> list[dict]:
    return [{n: getattr(x, n) for n in names} for x in items]


# The identity columns come first: a roll-up part given again is given by these alone.
IDENTITY = (
    Field("id", lambda v: v.commitment.id),
    Field("kind", lambda v: v.commitment.kind),
    Field("deal", lambda v: v.commitment.deal),
    Field("party", lambda v: v.commitment.party, column=Column("Party", lambda v: v.commitment.party)),
    Field("counterparty", lambda v: v.commitment.counterparty),
    Field("title", lambda v: v.commitment.title),
    Field("status", lambda v: v.status, column=Column("Status", words.status)),
    Field("status_word", lambda v: words.word(v.status)),
    Field("standing", lambda v: v.standing),
)

FIELDS: tuple[Field, ...] = IDENTITY + (
    Field("basis", lambda v: v.basis, amounts),
    Field("unit", lambda v: v.unit, amounts),
    Field("target", lambda v: v.target.amount if v.target else None, amounts),
    Field("actual", lambda v: v.actual, amounts, column=Column("Progress", progress)),
    Field("expected", lambda v: v.expected, amounts),
    Field("share", lambda v: v.share, amounts, column=Column("Of target", lambda v: words.percent(v.share), "num")),
    Field(
        "share_of_expected",
        lambda v: v.share_of_expected,
        amounts,
        column=Column("Of expected", words.of_expected, "figures"),
    ),
    Field("expected_at_last_figure", lambda v: v.expected_at_figure, amounts),
    Field("share_of_expected_today", lambda v: v.share_of_expected_today, amounts),
    Field("lag_days", lambda v: v.lag_days, amounts),
    Field("start", lambda v: v.terms.start),
    Field("due", lambda v: v.due, column=Column("Due", words.due, "date")),
    Field("days_left", lambda v: v.days_left, column=Column("Days", words.days, "num")),
    Field("days_late", lambda v: v.days_late),
    Field("last_figure", lambda v: v.last_figure, amounts),
    Field("reached_on", lambda v: v.reached_on, amounts),
    Field("event_on", lambda v: v.event_on),
    Field("detail", words.detail),
    Field("as_of", lambda v: v.as_of),
    Field("confirmed_status", lambda v: v.confirmed_status),
    Field("confirmed_due", lambda v: v.confirmed_due),
    Field("basis_from", lambda v: v.basis_from, amounts),
    Field("gap_days", lambda v: v.gap_days, amounts),
    Field("stale_days", lambda v: v.stale_days, amounts),
    Field("bases_disagree", lambda v: v.disagreement, amounts),
    Field("observed_rate", lambda v: v.observed_rate, tariffs),
    Field("to_rate", lambda v: v.terms.to_rate, tariffs),
    Field("bound", lambda v: getattr(v.commitment, "bound", None), bounded),
    Field("own_total", lambda v: v.own_total, rollup),
    Field("doubts", lambda v: _each(v.doubts, _DOUBT), nested=True),
    Field("tags", lambda v: list(v.commitment.tags), nested=True),
    Field("amendments_in_force", lambda v: [a.date for a in v.terms.amendments], nested=True),
    Field("revisions", lambda v: _each(v.revisions, _REVISION), nested=True),
    Field("claims", words.claims, nested=True),
    Field("target_terms", _target_terms, amounts, nested=True),
    Field("by_basis", lambda v: dict(v.by_basis), amounts, nested=True),
    Field("other_measures", lambda v: dict(v.other_measures), amounts, nested=True),
    Field("projection", _projection, amounts, nested=True),
    Field("inconsistencies", lambda v: _each(v.inconsistencies, _INCONSISTENCY), amounts, nested=True),
    Field("missing_parts", lambda v: list(v.missing_parts), rollup, nested=True),
)

CELLS = tuple(f for f in FIELDS if not f.nested)  # the CSV columns, in order
# The summary tables' columns after the title: (field name, column), so a renderer needs no guard
# for a field without one.
COLUMNS: tuple[tuple[str, Column], ...] = tuple((f.name, f.column) for f in FIELDS if f.column)


def values(v: Verdict, fields: tuple[Field, ...] = FIELDS, every: bool = False) -> dict[str, Any]:
    """The fields this verdict carries, by name; `every`: the others too, as None (a CSV row)."""
    out = {}
    for f in fields:
        if f.when is None or f.when(v):
            out[f.name] = f.get(v)
        elif every:
            out[f.name] = None
    return out


def judged(rows: list[Verdict], query_basis: str | None, default: str) -> dict[str, Any]:
    """Which basis the purchases were judged on, as codes: the basis, where the choice came
    from (option or default, as a verdict's basis_from says) and the bases commitments chose
    for themselves."""
    own = sorted({v.basis for v in rows if v.basis and v.basis_from == "commitment"})
    if query_basis:
        return {"basis": query_basis, "basis_from": "option", "own_bases": []}
    return {"basis": default, "basis_from": "default", "own_bases": own}
