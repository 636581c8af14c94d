"""The report as one self-contained HTML page."""

from __future__ import annotations

import html
from datetime import date


def page(rows, markdown_text: str, day: date) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown_text)
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>Compliance report as of {html.escape(day.isoformat())}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.2em .5em}</style></head><body>\n"
            f"{body}</body></html>\n")
