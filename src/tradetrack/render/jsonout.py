"""JSON shapes for --json output and the JSON report. Keys are stable; see README. A status is
given as its stable code ("in-force") and its word ("in force")."""

from __future__ import annotations

import json
from datetime import date

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.value import Value
from tradetrack.core.values import Record
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def identity(v: Verdict) -> dict:
    """The columns every row of a verdict starts with, in JSON and CSV alike."""
    c = v.commitment
    return {
        "id": c.id,
        "kind": c.kind,
        "deal": c.deal,
        "party": c.party,
        "counterparty": c.counterparty,
        "title": c.title,
        "status": v.status,
        "status_word": words.word(v.status),
        "standing": v.standing,
    }


def verdict(v: Verdict, seen: set[str] | None = None) -> dict:
    """A verdict in full; a roll-up's parts nested in it. `seen`: the ids already given in full
    in this roll-up's tree."""
    c = v.commitment
    out = {
        **identity(v),
        "doubts": [
            {"what": d.what, "standing": d.standing, "on": _day(d.on), "by": d.by, "note": d.note} for d in v.doubts
        ],
        "confirmed_status": v.confirmed_status,
        "confirmed_due": _day(v.confirmed_due),
        "as_of": _day(v.as_of),
        "start": _day(v.terms.start),
        "due": _day(v.due),
        "days_left": v.days_left,
        "days_late": v.days_late,
        "event_on": _day(v.event_on),
        "detail": words.detail(v),
        "tags": list(c.tags),
        "amendments_in_force": [_day(x.date) for x in v.terms.amendments],
        "revisions": [
            {
                "basis": r.basis,
                "date": _day(r.date),
                "line": r.line,
                "previous": r.previous,
                "total": r.total,
                "kind": r.kind,
            }
            for r in v.revisions
        ],
        "claims": words.claims(v),
    }
    if c.kind == "tariff":
        out["observed_rate"] = v.observed_rate
        out["to_rate"] = v.terms.to_rate
    if hasattr(c, "bound"):
        out["bound"] = c.bound
    if c.kind in AMOUNT_KINDS:
        p, t = v.projection, v.target
        out.update(
            {
                "basis": v.basis,
                "basis_from": v.basis_from,
                "unit": v.unit,
                "target": t.amount if t else None,
                "target_terms": None
                if t is None or t.baseline is None
                else {"basis": t.basis, "baseline": t.baseline, "increase": t.increase},
                "actual": v.actual,
                "expected": v.expected,
                "share": v.share,
                "expected_at_last_figure": v.expected_at_figure,
                "share_of_expected": v.share_of_expected,
                "share_of_expected_today": v.share_of_expected_today,
                "lag_days": v.lag_days,
                "last_figure": _day(v.last_figure),
                "reached_on": _day(v.reached_on),
                "gap_days": v.gap_days,
                "stale_days": v.stale_days,
                "by_basis": dict(v.by_basis),
                "other_measures": dict(v.other_measures),
                "bases_disagree": v.disagreement,
                "projection": None
                if p is None
                else {
                    "daily_rate": p.daily_rate,
                    "projected_total": p.projected_total,
                    "reach_date": _day(p.reach_date),
                    "needed_weekly": p.needed_weekly,
                },
                "inconsistencies": [
                    {
                        "basis": i.basis,
                        "asserted": i.asserted,
                        "computed": i.computed,
                        "difference": i.difference,
                        "line": i.line,
                        "previous_line": i.previous_line,
                    }
                    for i in v.inconsistencies
                ],
            }
        )
        if v.parts or c.parts:
            seen = set() if seen is None else seen
            seen.add(c.id)
            out.update(
                {
                    "parts": [_part(x, seen) for x in v.parts],
                    "missing_parts": list(v.missing_parts),
                    "own_total": v.own_total,
                }
            )
    return out


def _part(v: Verdict, seen: set[str]) -> dict:
    """A part in full the first time its roll-up's tree names it, then by identity only: roll-ups
    that share parts would otherwise repeat them once per path, and paths multiply."""
    if v.commitment.id in seen:
        return {**identity(v), "repeated": True}
    seen.add(v.commitment.id)
    return verdict(v, seen)


def commitment(c) -> dict:
    """A commitment's terms as the file gives them, dates as YYYY-MM-DD."""

    def plain(value):
        if isinstance(value, Value):
            return {f: plain(getattr(value, f)) for f in value._fields}
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value.isoformat() if isinstance(value, date) else value

    return plain(c)


def record(r: Record) -> dict:
    out = r._asdict()
    out["date"] = r.date.isoformat()
    return out


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps(obj, depth: int = 2, pad: str = "") -> str:
    """JSON with the outer `depth` levels indented and each deeper value on one line: a
    commitment or a record a line. (json's indent= runs its pure-Python encoder, which took
    a third of `status --json` on 1,000 commitments; this way the C encoder does the bulk.)"""
    inner = pad + "  "
    if depth and isinstance(obj, dict) and obj:
        items = (f"{inner}{_ENCODE(k)}: {dumps(v, depth - 1, inner)}" for k, v in obj.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if depth and isinstance(obj, list) and obj:
        return "[\n" + ",\n".join(f"{inner}{dumps(v, depth - 1, inner)}" for v in obj) + f"\n{pad}]"
    return _ENCODE(obj)
