"""The report in each format: Markdown (default), JSON, tidy CSV and a standalone HTML page."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from tradetrack.core.heap import many_objects
from tradetrack.judge.verdict import Verdict
from tradetrack.render import fields, words
from tradetrack.render.reportdata import ReportData

FORMATS = {".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}


def report_format(output: Path | None) -> str | None:
    if output is None:
        return "md"
    return FORMATS.get(output.suffix.lower())


def shows_records(fmt: str, summary: bool, with_records: bool) -> bool:
    """Whether the report in `fmt` lists progress records, so that they are read only then: JSON
    gives each row its `records`, the Markdown and HTML sections their history (not the summary
    table alone), and CSV one row per record with --records only (its summary is from the verdicts)."""
    if fmt == "json":
        return True
    return not summary and (with_records if fmt == "csv" else True)


# A report of 100,000 records makes a line, a cell or (JSON) a dict of each, with no cycles
# among them: the paused collector had walked them all again and again, for nothing found
# (a fifth of a JSON report, a seventh of a Markdown one).
@many_objects()
def render_report(
    ledger,
    rows: list[Verdict],
    by_id: dict,
    day: date,
    fmt: str,
    basis: dict,
    since: date | None = None,
    summary: bool = False,
    with_records: bool = False,
) -> list[str]:
    """The report of `rows`, as pieces of text written one after another; `by_id`: the records
    to show, by commitment, chosen already (judge.query.known: up to the as-of day, from
    --since on); `since` only names the window. `basis`: render.fields.judged's codes."""
    checked = ledger.settings.checked
    if fmt == "json":
        from tradetrack.render.jsonout import dumps, record, verdict

        head = {"as_of": day.isoformat(), "data": str(ledger.location.commitments), **basis}
        head["checked"] = checked.isoformat() if checked else None
        shown = [dict(verdict(v), records=[record(r) for r in by_id.get(v.commitment.id, [])]) for v in rows]
        return [dumps({**head, "commitments": shown}), "\n"]
    if fmt == "csv":
        return [tidy_records(rows, by_id) if with_records else tidy(rows)]
    data = ReportData(
        rows,
        by_id,
        day,
        str(ledger.location.commitments),
        str(ledger.location.progress),
        words.basis_title(basis) + words.checked_title(checked, day),
        since,
        summary,
    )
    if fmt == "html":
        from tradetrack.render.html import page

        return page(data)
    from tradetrack.render.markdown import report

    return [report(data)]


def safe(value) -> object:
    """A cell as a spreadsheet will not run it: text starting with = + - @, a tab or a carriage
    return is prefixed with an apostrophe. Numbers stay numbers; missing values stay empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(round(value, 6)) if isinstance(value, float) else value
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def tidy(rows: list[Verdict]) -> str:
    """One row per commitment (and roll-up part), numbers as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields.CELLS])
    for v in _with_parts(rows):
        row = fields.values(v, fields.CELLS, every=True)
        writer.writerow([safe(row[f.name]) for f in fields.CELLS])
    return out.getvalue()


def _with_parts(rows: list[Verdict]) -> list[Verdict]:
    """The rows, each followed by the parts beneath it not listed before (each once, however
    many roll-ups share it)."""
    listed = {v.commitment.id for v in rows}
    out = []
    for v in rows:
        out.append(v)
        stack = list(reversed(v.parts))
        while stack:
            p = stack.pop()
            if p.commitment.id not in listed:
                listed.add(p.commitment.id)
                out.append(p)
                stack += reversed(p.parts)
    return out


def tidy_records(rows: list[Verdict], by_id: dict) -> str:
    """One row per progress record of the commitments shown, every field of a record."""
    from tradetrack.core.values import Record

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(Record._fields)
    for v in rows:
        for r in by_id.get(v.commitment.id, []):
            writer.writerow([safe(x) for x in r])
    return out.getvalue()
