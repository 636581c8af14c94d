"""The report as one self-contained HTML page: the status overview and each purchase's progress
drawn as inline SVG (render/svg.py), tables styled for reading, and a print stylesheet. Nothing
is fetched from anywhere: no script, font or stylesheet outside the page.

Every value from the data is HTML-escaped; links are made only of http(s) addresses.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from html import escape

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.judge.verdict import Verdict
from tradetrack.render import fields, svg, words
from tradetrack.render.markdown import anchor, safe_url
from tradetrack.render.reportdata import ReportData

STYLE = """
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--good:#1a7f37;--watch:#9a6700;--bad:#cf222e;--aside:#6e7781}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);
 max-width:72rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin-bottom:.3rem}.meta,.muted{color:var(--muted)}
table{border-collapse:collapse;margin:.6rem 0;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.figures,th.figures{text-align:right}td.date,.nowrap{white-space:nowrap}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-weight:600;white-space:nowrap}
.good{background:var(--good)}.watch{background:var(--watch)}.bad{background:var(--bad)}.aside{background:var(--aside)}
.doubt{border-left:4px solid var(--watch);padding:.2rem .6rem;background:#fff8c5}
.flag{border-left:4px solid var(--bad);padding:.2rem .6rem;background:#ffebe9}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
@media print{
 body{max-width:none;margin:0;font-size:10pt}a{color:inherit;text-decoration:none}
 .status{color:#000;background:none;border:1px solid #000}
 section.commitment{break-inside:avoid-page}figure,table{break-inside:avoid}
 h2{break-after:avoid}
}
"""


def page(data: ReportData) -> list[str]:
    """The report as one self-contained HTML page, in pieces written one after another: joined,
    one character beyond Latin-1 anywhere (an arrow in a flag) made the whole page of 100,000
    records two bytes a character, and the join and its copy took as long as the histories."""
    rows, day, summary_only = data.rows, data.as_of, data.summary_only
    counts = ", ".join(f"{n} {words.word(code)}" for code, n in words.counts(rows))
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Compliance report as of {day}</title><style>{STYLE}</style></head><body>",
        "<header><h1>Compliance report</h1>",
        f'<p class="meta">As of <strong>{day}</strong> · data: {escape(data.data_file)} · {len(rows)} commitments · '
        f"{escape(data.basis_line)}</p><p><strong>{escape(counts)}</strong></p></header>",
        f'<figure class="overview">{svg.overview(rows)}</figure>',
        "<h2>Summary</h2>",
        _summary(rows, summary_only),
    ]
    if not summary_only:
        for v in rows:
            out.append(_section(v, data.records.get(v.commitment.id, []), data.progress_file, data.since))
    out.append("</body></html>")
    return [piece for part in out for piece in (part, "\n")]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(text: str) -> str:
    """Escaped text whose dates never break across lines."""
    return _DATE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escape(text))


def _status(v: Verdict) -> str:
    return f'<span class="status {words.tone(v)}">{escape(words.status(v))}</span>'


def _summary(rows: list[Verdict], summary_only: bool) -> str:
    """A row per commitment: its title (a link to its section), then render.fields' columns."""
    heads = "".join(f"<th{_class(col)}>{escape(col.heading)}</th>" for _, col in fields.COLUMNS)
    out = [f'<table class="summary"><thead><tr><th>Commitment</th>{heads}</tr></thead><tbody>']
    for v in rows:
        c = v.commitment
        name = escape(c.title) if summary_only else f'<a href="#{anchor(c.id)}">{escape(c.title)}</a>'
        out.append(f"<tr><td>{name}</td>" + "".join(_cell(field, col, v) for field, col in fields.COLUMNS) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _class(col: fields.Column) -> str:
    return f' class="{col.align}"' if col.align else ""


def _cell(field: str, col: fields.Column, v: Verdict) -> str:
    text = _status(v) if field == "status" else _text(col.text(v))  # the status in its tone
    return f"<td{_class(col)}>{text}</td>"


def _link(title: str, url: str | None) -> str:
    safe = safe_url(url)
    return f'<a href="{escape(safe)}">{escape(title)}</a>' if safe else escape(title)


def _in_page(cid: str) -> str:
    return "#" + anchor(cid)


def _section(v: Verdict, records, progress_file: str, since: date | None, href=_in_page) -> str:
    """One commitment's section; `href(id)`: the link to a part (in the report: its anchor)."""
    c = v.commitment
    detail = words.detail(v)
    out = [
        f'<section class="commitment" id="{anchor(c.id)}"><h2>{escape(c.title)}</h2>',
        # the arrow and the dash as references: text all of Latin-1 is a byte a character in
        # Python, and these two alone made every section (and the page) two bytes a character
        f'<p class="meta"><code>{escape(c.id)}</code> · {escape(c.kind)} · {escape(c.party)} &rarr; '
        f"{escape(c.counterparty) if c.counterparty else '&mdash;'} · {_status(v)}"
        + (f" {_text(detail)}" if detail else "")
        + "</p>",
        f"<p>Start {v.terms.start} · due {escape(words.due(v))}"
        + (f" · {escape(words.days(v))}" if words.days(v) else "")
        + "</p>",
    ]
    for doubt in words.doubts(v):
        out.append(f'<p class="doubt">Not confirmed: {escape(doubt)}</p>')
    if c.description:
        out.append(f"<p>{escape(c.description)}</p>")
    if c.kind in AMOUNT_KINDS:
        out.append(_purchase(v, progress_file, href))
    if c.amendments:
        out.append(
            "<h3>Amendments</h3><table><thead><tr><th>Date</th><th>Change</th><th>Standing</th><th>Source</th>"
            "</tr></thead><tbody>"
        )
        for am in c.amendments:
            firm = am.standing + (f": {am.standing_note}" if am.standing_note else "")
            out.append(
                f'<tr><td class="date">{am.date}</td><td>{escape(am.summary)}</td><td>{escape(firm)}</td>'
                f"<td>{_link(am.source.title, am.source.url)}</td></tr>"
            )
        out.append("</tbody></table>")
    if records:  # chosen by judge.query.known: `since` only names the window
        out += _history(records, since)
    out.append(
        "<h3>Sources</h3><ul>"
        + "".join(f"<li>{_link(s.title, s.url)}" + (f" ({s.date})" if s.date else "") + "</li>" for s in c.sources)
        + "</ul>"
    )
    if c.notes:
        out.append(f'<p class="muted"><em>Notes:</em> {escape(c.notes)}</p>')
    out.append("</section>")
    return "\n".join(out)


# A history's bases, sources and notes repeat from record to record: each distinct text is
# escaped once, not once a record.
_escape_once = lru_cache(maxsize=4096)(escape)
_source_once = lru_cache(maxsize=4096)(lambda source: _link(source, source))
_day = lru_cache(maxsize=4096)(date.isoformat)  # and their days, from commitment to commitment


def _history(records, since: date | None) -> list[str]:
    out = [
        f"<h3>History{f' (since {since})' if since else ''}</h3><table><thead><tr><th>Date</th>"
        '<th class="num">Figure</th><th>Basis</th><th>Source</th><th>Note</th></tr></thead><tbody>'
    ]
    # A row is its date, its number (digits, commas, a point, a sign: nothing to escape) and
    # what follows, which is of the record's rest alone.
    for r, tail in words.once_a_rest(records, _after_number):
        out.append(f'<tr><td class="date">{_day(r.date)}</td><td class="num">{words.figure_number(r)}{tail}')
    out.append("</tbody></table>")
    return out


def _after_number(r) -> str:
    return (
        f"{_escape_once(words.figure_parts(r)[1])}</td><td>{_escape_once(words.record_basis(r))}</td>"
        f"<td>{_source_once(r.source)}</td><td>{_escape_once(words.record_note(r))}</td></tr>"
    )


def _purchase(v: Verdict, progress_file: str, href=_in_page) -> str:
    shares = words.shares(v)
    out = [
        f"<p>{escape(words.goal(v))}. On the {escape(words.basis(v))} basis: "
        f"{escape(words.actual(v))}"
        + (f" ({escape(shares)})" if shares else "")
        + (f"; expected by now {escape(words.expected(v))}" if words.expected(v) else "")
        + ".</p>"
    ]
    if words.arithmetic(v):
        out.append(f"<p>Target: {escape(words.arithmetic(v))}.</p>")
    if v.by_basis or v.other_measures:
        out.append('<table><thead><tr><th>Basis</th><th>Measure</th><th class="num">To date</th></tr></thead><tbody>')
        for b, x in sorted({**v.by_basis, **v.other_measures}.items()):
            out.append(
                f"<tr><td>{escape(b)}</td><td>{escape(v.measures.get(b) or '')}</td>"
                f'<td class="num">{escape(words.amount(x, v.unit))}</td></tr>'
            )
        out.append("</tbody></table>")
    for flag in words.flags(v):
        out.append(f'<p class="flag">{escape(flag[0].upper() + flag[1:])}.</p>')
    lines = words.projection_lines(v)
    if lines:
        out.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
    if v.target is not None and v.terms.due is not None:
        out.append(f'<figure class="chart">{svg.purchase_chart(v)}</figure>')
    if v.parts:
        out.append(
            '<table><thead><tr><th>Part</th><th>Status</th><th class="num">To date</th>'
            '<th class="num">Target</th><th>Last figure</th></tr></thead><tbody>'
        )
        for p in v.parts:
            out.append(
                f'<tr><td><a href="{escape(href(p.commitment.id))}">{escape(p.commitment.id)}</a></td>'
                f'<td>{_status(p)}</td><td class="num">{escape(words.amount(p.actual, p.unit))}</td>'
                f'<td class="num">{escape(words.target(p))}</td><td class="date">{words.day(p.last_figure)}</td></tr>'
            )
        out.append("</tbody></table>")
    for line in words.inconsistency_lines(v, progress_file):
        out.append(f'<p class="flag">Inconsistent figure: {escape(line)}</p>')
    return "\n".join(out)
