"""The Markdown report reads correctly whatever the data holds, parsed by a real parser."""

from __future__ import annotations

import json
from datetime import date

import pytest
from markdown_it import MarkdownIt

from .conftest import MINIMAL, write_ws

HOSTILE = "Buy | 100 `t` <script>alert(1)</script> *now*\\n# not a heading"


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
    assert found[0] == [8] * 32  # header + 31 commitments
    assert "```mermaid\nxychart-beta" in text


def test_hostile_text_is_escaped(cli, tmp_path):
    text = MINIMAL.replace("title: Buy 100 t", f'title: "{HOSTILE}"')
    text += '    notes: "line one\\nline | two <b>bold</b>"\n'
    progress = (
        '{"commitment": "buy", "date": "2026-01-02", "amount": 5, "unit": "t", "source": "a|b`c", '
        '"note": "x\\n| y |"}\n'
    )
    ws = write_ws(tmp_path / "w", text, progress)
    out = cli("report", "--as-of", "2026-01-05", "--data", ws).out
    for counts in tables(out):
        assert len(set(counts)) == 1, counts
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<h1>not a heading" not in html
    assert "<code>" not in html.split("<h2>")[1].split("</h2>")[0]  # backticks stay literal


@pytest.mark.parametrize(
    "fmt, starts", [("md", "# Compliance report"), ("json", "{"), ("csv", "id,kind,"), ("html", "<!doctype html>")]
)
def test_format_option_overrides_extension(cli, tmp_path, fmt, starts):
    out = tmp_path / "report.md" if fmt != "md" else tmp_path / "report.html"  # the extension says otherwise
    r = cli("report", "--as-of", "2026-11-27", "-o", out, "--format", fmt)
    assert r.code == 0 and out.read_text().startswith(starts), out.read_text()[:80]
    # the same report on stdout, piece by piece, as in the file, and ending in a newline
    assert cli("report", "--as-of", "2026-11-27", "--format", fmt).out == out.read_text()
    assert out.read_text().endswith("\n")


def test_markdown_escapes_only_what_would_change_the_rendering(cli, tmp_path):
    title = "Buy | `x` <script>a</script> *b* _c_ [x](y) ~~d~~"
    text = MINIMAL.replace("title: Buy 100 t", f"title: {json.dumps(title)}").replace(
        "commodity: soybeans", "commodity: year_start 27.8 bnUSD 2020-12-31"
    )
    ws = write_ws(
        tmp_path / "w",
        text,
        '{"commitment": "buy", "date": "2026-01-02", "amount": 27.8, "unit": "t", '
        '"source": "x", "note": "line\\nbreak"}\n',
    )
    out = cli("report", "--as-of", "2026-01-05", "--data", ws).out
    heading = next(line for line in out.splitlines() if line.startswith("## Buy"))
    rendered = MarkdownIt("commonmark").enable("table").render(heading)
    assert "Buy | `x` &lt;script&gt;a&lt;/script&gt; *b* _c_ [x](y) ~~d~~" in rendered
    for plain in ("27.8 t", "2026-01-02", "year_start", "2020-12-31", "27.8 bnUSD"):
        assert plain in out, plain  # ordinary numbers, dates and ids are not escaped
    for needless in ("27\\.8", "2026\\-01", "year\\_start"):
        assert needless not in out
    assert "line break" in out  # a line break in a note becomes a space


def test_a_link_encodes_every_character_that_could_break_it():
    """In a linked address every whitespace and control character and each of <>()[]"'`|\\ is
    percent-encoded, and every other character is kept as written."""
    from tradetrack.render.markdown import safe_url

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    breaking = {ch for ch in chars if ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "<>()[]\"'`|\\"}
    encoded = "".join(f"%{ord(ch):02X}" if ch in breaking else ch for ch in chars)
    assert safe_url("https://x.org/" + "".join(chars)) == "https://x.org/" + encoded
    assert safe_url(" http://a b ") == "http://a%20b" and safe_url("javascript:x") is None


def test_csv_is_tidy(cli):
    import csv
    import io

    out = cli("report", "--as-of", "2026-11-28", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    soy = next(r for r in rows if r["id"] == "cn-soybeans-2025")
    assert (float(soy["target"]), float(soy["actual"]), soy["unit"]) == (12.0, 8.0, "Mt")
    assert float(soy["share"]) == pytest.approx(8 / 12, abs=1e-6) and soy["status"] == "unconfirmed"
    assert soy["due"] == "2026-02-28" and int(soy["days_left"]) == -273 and soy["expected"] == "12.0"
    later = next(r for r in rows if r["id"] == "cn-soybeans-2026")
    assert int(later["days_left"]) == 33 and later["actual"] == ""
    numeric = ("target", "actual", "expected", "share", "share_of_expected", "days_left")
    for column in numeric:
        filled = [r[column] for r in rows if r[column]]
        assert filled, f"no row fills {column}"  # a column left empty everywhere is a lost field
        for cell in filled:
            float(cell)  # numbers are numbers: no units, no percent signs
    for r in rows:
        if r["kind"] == "purchase":
            assert float(r["target"]) > 0, r["id"]
        if r["days_late"]:
            float(r["days_late"])
    records = list(
        csv.DictReader(io.StringIO(cli("report", "--as-of", "2026-11-28", "--format", "csv", "--records").out))
    )
    assert len(records) == 20 and {"commitment", "date", "amount", "unit", "basis", "source"} <= set(records[0])


def test_only_the_formats_that_list_records_read_them(cli, monkeypatch):
    """A CSV of the verdicts comes from the cached facts: the progress records are not read (on
    100,000 records that read was most of its time); --records, JSON and the sections read them."""
    from tradetrack.facts import cache

    reads = []
    real = cache.records
    monkeypatch.setattr(cache, "records", lambda *a, **k: reads.append(a) or real(*a, **k))
    day = ("--as-of", "2026-11-28")
    assert cli("report", *day, "--format", "csv").out.startswith("id,kind,") and not reads
    assert cli("report", *day, "--summary").out.count("\n| ") > 30 and not reads
    for shown in (("--format", "csv", "--records"), ("--format", "json", "--summary"), ("--format", "html")):
        reads.clear()
        cli("report", *day, *shown)
        assert reads, shown
    import gc

    assert gc.isenabled()  # the read pauses the collector while it builds records, and only then


def test_report_takes_the_filters_and_a_scope(cli):
    # the two tariff-cut lists: pending, with their claimed publication (unverified) beside
    out = cli("report", "--as-of", "2026-11-28", "--deal", "us-cn-2026-beijing", "--status", "pending,claimed").out
    assert "2 commitments" in out and "tariff cuts on at least $30bn" in out and "Boeing" not in out
    summary = cli("report", "--as-of", "2026-11-28", "--summary").out
    assert "## Summary" in summary and "### History" not in summary and "### Sources" not in summary
    since = cli("report", "--as-of", "2026-11-28", "--since", "2026-01-01").out
    assert "### History (since 2026-01-01)" in since and "| 2025-12-09 |" not in since and "| 2026-01-08 |" in since
    assert cli("report", "--party", "XX").code == 2


def test_chart_command_writes_svg_and_png(cli, tmp_path):
    svg, png = tmp_path / "c.svg", tmp_path / "c.png"
    assert cli("chart", "cn-soybeans-2025", "--as-of", "2026-03-25", "-o", svg).code == 0
    assert svg.read_text().startswith("<svg") and 'data-basis="usda-esr"' in svg.read_text()
    assert cli("chart", "cn-soybeans-2025", "--as-of", "2026-03-25", "-o", png).code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = cli("chart", "cn-fentanyl-precursors", "-o", tmp_path / "x.svg")
    assert r.code == 2 and "only purchases and investments have figures to draw" in r.err
    assert cli("chart", "cn-soybeans-2025", "-o", tmp_path / "x.pdf").code == 2
    # a purchase with no deadline (and no figure yet) draws its target, with no expected path
    none = tmp_path / "boeing.svg"
    assert cli("chart", "cn-boeing-aircraft", "--as-of", "2026-11-28", "-o", none).code == 0
    assert none.read_text().startswith("<svg") and 'class="expected"' not in none.read_text()


def test_a_history_is_in_date_order_and_a_day_in_file_order(cli, tmp_path):
    days = ("2026-01-05", "2026-01-02", "2026-01-05", "2026-01-02")
    progress = "".join(
        f'{{"commitment": "buy", "date": "{day}", "amount": 1, "unit": "t", "increment": true, "source": "s{n}"}}\n'
        for n, day in enumerate(days, 1)
    )
    ws = write_ws(tmp_path / "w", MINIMAL, progress)
    for _ in ("cold", "warm"):
        doc = json.loads(cli("report", "--as-of", "2026-01-09", "--format", "json", "--data", ws).out)
        assert [(r["date"], r["line"]) for r in doc["commitments"][0]["records"]] == [
            ("2026-01-02", 2),
            ("2026-01-02", 4),
            ("2026-01-05", 1),
            ("2026-01-05", 3),
        ]
        md = cli("report", "--as-of", "2026-01-09", "--data", ws).out.split("### History")[1]
        assert [md.index(f"| s{n} |") for n in (2, 4, 1, 3)] == sorted(md.index(f"| s{n} |") for n in (2, 4, 1, 3))
    from random import Random

    from tradetrack.core.values import Record
    from tradetrack.judge.query import known

    records = [Record(commitment="buy", date=date.fromisoformat(d), source="s", line=n) for n, d in enumerate(days * 9)]
    Random(1).shuffle(records)  # records from elsewhere than one file need not come in line order
    assert known(records, None) == sorted(records, key=lambda r: (r.date, r.line))


def test_since_and_as_of_choose_the_same_records_in_every_format(cli, tmp_path):
    # records are chosen once (judge.query.known): known on the as-of day, from --since on
    import csv
    import io
    import json
    import re

    window = ("--as-of", "2026-01-06", "--since", "2025-12-01", "--kind", "purchase")
    doc = json.loads(cli("report", *window, "--format", "json").out)
    by_json = sorted((x["commitment"], x["date"]) for c in doc["commitments"] for x in c["records"])
    assert by_json and all("2025-12-01" <= day <= "2026-01-06" for _, day in by_json)
    rows = csv.DictReader(io.StringIO(cli("report", *window, "--format", "csv", "--records").out))
    assert sorted((r["commitment"], r["date"]) for r in rows) == by_json
    days = sorted(day for _, day in by_json)
    md = cli("report", *window).out
    history = [block.split("\n\n")[1] for block in md.split("### History")[1:]]
    assert sorted(d for table in history for d in re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| ", table, re.M)) == days
    assert "### History (since 2025-12-01)" in md
    assert cli("report", *window, "-o", tmp_path / "r.html").code == 0
    html = (tmp_path / "r.html").read_text()
    history = [block.split("</table>")[0] for block in html.split("<h3>History")[1:]]
    assert sorted(d for t in history for d in re.findall(r'<tr><td class="date">(\d{4}-\d{2}-\d{2})<', t)) == days


def test_a_figure_cell_is_the_cell_of_the_figure():
    """A history's figure passes a number and plain words through unescaped, as cell() would
    leave them; every figure record_figure writes comes out of the histories (Markdown and
    HTML, made from its parts) as cell() and escape() write the whole."""
    import random
    from datetime import date, timedelta
    from html import escape

    from tradetrack.core.values import Record
    from tradetrack.render import html, markdown
    from tradetrack.render.markdown import _plain_words, cell
    from tradetrack.render.words import record_basis, record_figure, record_note

    rng = random.Random(26)
    alphabet = "0123456789,.+- |*_`[]<>&~\\#)=\n\tta%"
    numbers = ["0", "12", "+1,234.5", "-3.25", "123,456,789,012"]
    plain = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if _plain_words(text):
            plain += 1
            number = rng.choice(numbers)
            assert cell(number + text) == number + text, text
    assert plain > 50  # the draw reaches the plain words
    records = []
    for line in range(2000):
        r = Record(
            "c",
            date(2026, 1, 1) + timedelta(days=line % 40),
            rng.choice(["s", "https://example.org/a?b&c", "<i>"]),
            amount=rng.choice([None, 0.0, 1.0, 12.5, 1e6, -3.25, 123456789012.0]),
            unit=rng.choice([None, "t", "Mt", "bn*USD*", "a|b", "<b>", "1.", ""]),
            increment=rng.choice([False, True]),
            rate=rng.choice([None, 10.0, 2.5, 0.0, -0.0]),  # 0.0 and -0.0: one key, two figures
            event=rng.choice([None, "in-force", "1. done", "#x"]),
            basis=rng.choice([None, "official", "a&b"]),
            measure=rng.choice([None, "value"]),
            decline=rng.choice([False, True]),
            revises=rng.choice([None, 4]),
            standing=rng.choice(["confirmed", "reported"]),
            note=rng.choice([None, "", "x < y"]),
            line=line + 1,
        )
        records.append(r)
        assert markdown._figure(r) == cell(record_figure(r))  # the history's, from figure_parts
    # The histories write a row from its date, its number and the rest of the record, the rest
    # once for all the records that share it: each row is as if written whole.
    whole = [
        f'<tr><td class="date">{r.date}</td><td class="num">{escape(record_figure(r))}</td>'
        f"<td>{escape(record_basis(r))}</td><td>{html._link(r.source, r.source)}</td>"
        f"<td>{escape(record_note(r))}</td></tr>"
        for r in records
    ]
    assert html._history(records, None)[1:-1] == whole
    whole = [
        f"| {r.date} | {cell(record_figure(r))} | {cell(record_basis(r))} | {markdown.link(r.source, r.source)} | "
        f"{cell(record_note(r))} |"
        for r in records
    ]
    assert markdown._history(records, None)[4:-1] == whole


def test_a_chart_tip_escapes_the_unit_as_escaping_the_whole_tip_would():
    import random

    from tradetrack.core.units import format_amount
    from tradetrack.render.svg import escape

    rng = random.Random(26)
    for _ in range(2000):
        unit = "".join(rng.choice("t&<>\"'\x01 M") for _ in range(rng.randint(0, 5)))
        x = rng.choice([0.0, 1.0, 12.5, -3.25, 1e6, 0.004])
        assert format_amount(x, escape(unit)) == escape(format_amount(x, unit))


def test_json_the_quick_encoder_refuses_is_written_all_the_same():
    """orjson writes the JSON outputs; what it refuses (an integer beyond 64 bits, a key that is
    not text) json writes, with the same layout, rather than a traceback."""
    from tradetrack.render.jsonout import dumps

    plain = {"as_of": "2026-11-28", "commitments": [{"id": "a", "n": 3, "x": 1.5, "d": None}]}
    big = {"as_of": "2026-11-28", "commitments": [{"id": "a", "n": 10**20}]}
    assert json.loads(dumps(plain)) == plain
    assert json.loads(dumps(big)) == big
    assert dumps(big).splitlines()[3] == '    {"id":"a","n":100000000000000000000}'
    assert dumps(plain).splitlines()[3] == '    {"id":"a","n":3,"x":1.5,"d":null}'
