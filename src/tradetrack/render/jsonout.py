"""JSON shapes for --json output and the JSON report. Keys are stable; see README."""

from __future__ import annotations

import json
from datetime import date

from tradetrack.core.value import Value
from tradetrack.core.values import Record
from tradetrack.judge.verdict import Assessment


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def assessment(a: Assessment) -> dict:
    c = a.commitment
    out = {
        "id": c.id, "kind": c.kind, "deal": c.deal, "party": c.party, "counterparty": c.counterparty,
        "title": c.title, "status": a.status, "as_of": _day(a.as_of), "start": _day(a.terms.start),
        "due": _day(a.due), "days_left": a.days_left, "detail": a.detail,
        "amendments_in_force": [_day(x.date) for x in a.terms.amendments],
    }
    if c.kind == "purchase":
        p = a.projection
        out.update({
            "basis": a.basis, "unit": a.unit, "target": a.target, "actual": a.actual,
            "expected": a.expected, "share": a.share, "last_figure": _day(a.last_figure),
            "by_basis": a.by_basis, "bases_disagree": a.disagreement,
            "projection": None if p is None else {
                "daily_rate": p.daily_rate, "projected_total": p.projected_total,
                "reach_date": _day(p.reach_date), "needed_weekly": p.needed_weekly},
            "inconsistencies": [{"basis": i.basis, "asserted": i.asserted, "computed": i.computed,
                                 "difference": i.difference, "line": i.line,
                                 "previous_line": i.previous_line} for i in a.inconsistencies],
        })
    return out


def commitment(c) -> dict:
    """A commitment's terms as the file gives them, dates as YYYY-MM-DD."""
    def plain(value):
        if isinstance(value, Value):
            return {f: plain(getattr(value, f)) for f in value._fields}
        if isinstance(value, tuple):
            return [plain(v) for v in value]
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
