"""The Markdown report reads correctly whatever the data holds, parsed by a real parser."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from .conftest import MINIMAL, write_ws

HOSTILE = 'Buy | 100 `t` <script>alert(1)</script> *now*\\n# not a heading'


def tables(text: str) -> list[list[int]]:
    """For each table: the cell count of the header and of every row."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found, counts, cells = [], None, 0
    for t in tokens:
        if t.type == "table_open":
            counts = []
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            counts.append(cells)
        elif t.type == "table_close":
            found.append(counts)
    return found


def test_bundled_report_tables_are_whole(cli):
    text = cli("report", "--as-of", "2026-11-27").out
    found = tables(text)
    assert len(found) >= 10
    for counts in found:
        assert len(set(counts)) == 1, counts
    assert found[0] == [7] * 29  # header + 28 commitments
    assert "```mermaid\nxychart-beta" in text


def test_hostile_text_is_escaped(cli, tmp_path):
    text = MINIMAL.replace("title: Buy 100 t", f'title: "{HOSTILE}"')
    text += '    notes: "line one\\nline | two <b>bold</b>"\n'
    progress = '{"commitment": "buy", "date": "2026-01-02", "amount": 5, "unit": "t", "source": "a|b`c", "note": "x\\n| y |"}\n'
    ws = write_ws(tmp_path / "w", text, progress)
    out = cli("report", "--as-of", "2026-01-05", "--data", ws).out
    for counts in tables(out):
        assert len(set(counts)) == 1, counts
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<h1>not a heading" not in html
    assert "<code>" not in html.split("<h2>")[1].split("</h2>")[0]  # backticks stay literal


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_format_option_overrides_extension(cli, tmp_path, fmt):
    out = tmp_path / "report.txt"
    r = cli("report", "--as-of", "2026-11-27", "-o", out, "--format", fmt)
    assert r.code == 0 and out.stat().st_size > 1000
