"""JSON for --json output and the JSON report. Keys are stable; see README. A verdict's fields
come from render.fields, the one projection every format shares."""

from __future__ import annotations

import json

from tradetrack.core.values import Record
from tradetrack.render.fields import identity, plain, verdict

__all__ = ["commitment", "dumps", "identity", "record", "verdict"]


def commitment(c) -> dict:
    """A commitment's terms as the file gives them, dates as YYYY-MM-DD."""
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
