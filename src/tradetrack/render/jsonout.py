"""JSON shapes for --json output and the JSON report. Keys are stable; see README. A status is
given as its stable code ("in-force") and its word ("in force")."""

from __future__ import annotations

import json
from datetime import date

import orjson

from tradetrack.core.value import Value
from tradetrack.core.values import Record
from tradetrack.judge.verdict import Verdict
from tradetrack.render import fields


def plain(value):
    """A field's value as JSON: dates as YYYY-MM-DD, tuples and mappings as lists and objects."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Value):
        return {f: plain(getattr(value, f)) for f in value._fields}
    if isinstance(value, dict):
        return {str(k): plain(x) for k, x in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(x) for x in value]
    return value


def identity(v: Verdict) -> dict:
    """The columns every row of a verdict starts with."""
    return {k: plain(x) for k, x in fields.values(v, fields.IDENTITY).items()}


def verdict(v: Verdict, seen: set[str] | None = None) -> dict:
    """A verdict in full (every field of render/fields.py it carries); a roll-up's parts nested
    in it. `seen`: the ids already given in full in this roll-up's tree."""
    out = {k: plain(x) for k, x in fields.values(v).items()}
    if fields.rollup(v):
        seen = set() if seen is None else seen
        seen.add(v.commitment.id)
        out["parts"] = [_part(x, seen) for x in v.parts]
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
    return plain(c)


def record(r: Record) -> dict:
    out = dict(zip(Record._fields, r, strict=True))  # r._asdict() without its call: 100,000 a report
    out["date"] = r.date.isoformat()
    return out


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _line(obj) -> str:
    """obj as JSON on one line. orjson writes it about seven times quicker than json (a JSON
    report of 100,000 records was 0.4 s of encoding); what it refuses (an integer beyond 64
    bits, a lone surrogate), json writes."""
    try:
        return orjson.dumps(obj).decode()
    except orjson.JSONEncodeError:
        return _ENCODE(obj)


def dumps(obj, depth: int = 2, pad: str = "") -> str:
    """JSON with the outer `depth` levels indented and each deeper value on one line: a
    commitment or a record a line. (json's indent= runs its pure-Python encoder, which took
    a third of `status --json` on 1,000 commitments; this way one C call does the bulk.)"""
    inner = pad + "  "
    if depth and isinstance(obj, dict) and obj:
        items = (f"{inner}{_ENCODE(k)}: {dumps(v, depth - 1, inner)}" for k, v in obj.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if depth and isinstance(obj, list) and obj:
        return "[\n" + ",\n".join(f"{inner}{dumps(v, depth - 1, inner)}" for v in obj) + f"\n{pad}]"
    return _line(obj)
