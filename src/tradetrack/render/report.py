"""The report in each format: Markdown (default), JSON, CSV and a standalone HTML page."""

from __future__ import annotations

import csv
import html
import io
from datetime import date
from pathlib import Path

from tradetrack.judge.verdict import assess_all
from tradetrack.render import words as present

FORMATS = {".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}


def report_format(output: Path | None) -> str | None:
    if output is None:
        return "md"
    return FORMATS.get(output.suffix.lower())


def render_report(data, all_records, day: date, fmt: str, basis: str | None = None) -> str:
    rows = assess_all(data, day, basis)
    records: dict = {}
    for r in all_records:
        if r.date <= day:  # a report as of a day shows what was known that day
            records.setdefault(r.commitment, []).append(r)
    if fmt == "json":
        from tradetrack.render.jsonout import assessment, dumps, record

        return dumps({"as_of": day.isoformat(), "data": str(data.location.commitments),
                      "commitments": [dict(assessment(a), records=[record(r) for r in records.get(a.commitment.id, [])])
                                      for a in rows]}) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "kind", "party", "title", "status", "actual", "expected", "percent", "due", "days"])
        for a in rows:
            c = a.commitment
            writer.writerow([c.id, c.kind, c.party, c.title, a.status,
                             present.actual(a) if c.kind == "purchase" else a.detail,
                             present.expected(a), present.percent(a), present.due(a), present.days(a)])
        return out.getvalue()
    from tradetrack.render.markdown import report

    text = report(rows, records, day, str(data.location.commitments), str(data.location.progress))
    if fmt == "md":
        return text
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>Compliance report as of {html.escape(day.isoformat())}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.2em .5em}</style></head><body>\n"
            f"{body}</body></html>\n")
