"""The compliance report in GitHub-flavoured Markdown.

Every piece of text from the data passes through `md` (or `cell` inside tables), which escapes
only what would change the rendering, where it would: a title holding `|`, a backtick, HTML,
`*`, `[x](y)` or a newline reads literally, while ordinary numbers, dates and ids (27.8 bnUSD,
2020-12-31, year_start) stay as written. Links are made only of http(s) addresses, with
whitespace and brackets percent-encoded, so a source cannot inject a link or an image.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.judge.path import expected_at
from tradetrack.judge.verdict import Verdict
from tradetrack.render import fields, words
from tradetrack.render.reportdata import ReportData

_SPECIAL = re.compile(r"[\\`*_\[\]<&~]")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # a backslash that would escape what follows
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # intraword _ never emphasises
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK = re.compile(r"(#{1,6}(?=\s|$)|[-+](?=\s|$)|>)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_BREAK = re.compile(r"([-=_*])(?:\s*\1){2,}\s*$")
_PLAIN = str.maketrans({"`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "<": "\\<"})


def md(text) -> str:
    """Text from the data as Markdown inline content that renders as the text itself; line
    breaks become spaces."""
    text = " ".join(str(text).split())
    if _SPECIAL.search(text):
        text = _BACKSLASH.sub(r"\\\\", text).translate(_PLAIN)
        text = _UNDERSCORE.sub(r"\\_", text)
        text = _ENTITY.sub("&amp;", text)
        if text.count("~") >= 2:
            text = text.replace("~", "\\~")
    if text[:1] in "#-+>=_*0123456789":
        if _BREAK.match(text):
            return "\\" + text
        if _BLOCK.match(text):
            return "\\" + text
        text = _ORDERED.sub(r"\1\\\2", text, count=1) if _ORDERED.match(text) else text
    return text


def cell(text) -> str:
    """Text for a table cell: `|` splits cells even inside code, so it is always escaped."""
    return md(text).replace("|", "\\|") or " "


def safe_url(url: str | None) -> str | None:
    """An address fit for a link: http or https only, whitespace, control characters and
    brackets percent-encoded. Anything else is not linked."""
    if not url:
        return None
    url = url.strip()
    if not _LINKABLE.match(url):
        return None
    return _UNSAFE_IN_URL.sub(_percent, url)  # one regex pass: a report links a source per record


_LINKABLE = re.compile(r"(?i)https?://[^\s/]")
# What could end or break a link: whitespace (str.isspace's, as \s is), control characters,
# brackets, quotes, backtick, | and backslash.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f<>()\[\]\"'`|\\]")


def _percent(m: re.Match) -> str:
    return f"%{ord(m.group()):02X}"


def link(title: str, url: str | None) -> str:
    safe = safe_url(url)
    if not safe:
        return md(title) if not url or url == title else f"{md(title)} ({md(url)})"
    return f"[{cell(title)}](<{safe}>)"


def anchor(cid: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", cid.lower().replace(" ", "-"))


def report(data: ReportData, title: str = "Compliance report") -> str:
    """The report as a Markdown document."""
    rows = data.rows
    out = [
        f"# {md(title)}",
        "",
        f"As of **{data.as_of}** · data: {md(data.data_file)} · {len(rows)} commitments · {md(data.basis_line)}",
        "",
    ]
    out += ["**" + ", ".join(f"{n} {words.word(code)}" for code, n in words.counts(rows)) + "**", ""]
    out += ["## Summary", "", *summary_table(rows, data.summary_only)]
    out.append("")
    if not data.summary_only:
        for v in rows:
            out += section(v, data.records.get(v.commitment.id, []), data.progress_file, data.since)
    return "\n".join(out) + "\n"


def summary_table(rows: list[Verdict], summary_only: bool) -> list[str]:
    """A row per commitment: its title (a link to its section), then render.fields' columns."""
    align = {"num": "---:", "figures": "---:", "date": "---", "": "---"}
    out = [
        "| Commitment | " + " | ".join(col.heading for _, col in fields.COLUMNS) + " |",
        "|---|" + "|".join(align[col.align] for _, col in fields.COLUMNS) + "|",
    ]
    for v in rows:
        c = v.commitment
        name = f"[{cell(c.title)}](#{anchor(c.id)})" if not summary_only else cell(c.title)
        cells = [_cell(name, col, v) for name, col in fields.COLUMNS]
        out.append("| " + " | ".join([name, *cells]) + " |")
    return out


def _cell(name: str, col: fields.Column, v: Verdict) -> str:
    text = cell(col.text(v))
    return f"**{text}**" if name == "status" else text  # the status is what a reader looks for


def section(v: Verdict, records, progress_file: str, since: date | None = None) -> list[str]:
    c = v.commitment
    detail = words.detail(v)
    out = [
        f'<a id="{anchor(c.id)}"></a>',
        f"## {md(c.title)}",
        "",
        f"`{c.id}` · {md(c.kind)} · {md(c.party)} → {md(c.counterparty or '—')} · "
        f"status **{md(words.status(v))}**" + (f" ({md(detail)})" if detail else ""),
        "",
        f"Start {v.terms.start} · due {words.due(v)}" + (f" · {md(words.days(v))}" if words.days(v) else ""),
        "",
    ]
    for doubt in words.doubts(v):
        out += [f"> **Not confirmed:** {md(doubt)}", ""]
    if c.description:
        out += [md(c.description), ""]
    if c.kind in AMOUNT_KINDS:
        out += _purchase(v, progress_file)
    if c.amendments:
        out += ["### Amendments", "", "| Date | Change | Standing | Source |", "|---|---|---|---|"]
        for am in c.amendments:
            firm = am.standing + (f": {am.standing_note}" if am.standing_note else "")
            out.append(f"| {am.date} | {cell(am.summary)} | {cell(firm)} | {link(am.source.title, am.source.url)} |")
        out.append("")
    if records:  # chosen by judge.query.known: `since` only names the window
        out += _history(records, since)
    out += ["### Sources", ""]
    out += [f"- {link(s.title, s.url)}" + (f" ({s.date})" if s.date else "") for s in c.sources]
    out.append("")
    if c.notes:
        out += [f"*Notes:* {md(c.notes)}", ""]
    return out


# A history's bases, sources and notes repeat from record to record (and its figures from
# commitment to commitment): each distinct text is escaped once, not once a record.
_cell_once = lru_cache(maxsize=4096)(cell)
_source_once = lru_cache(maxsize=4096)(lambda source: link(source, source))
_day = lru_cache(maxsize=4096)(date.isoformat)


# A figure is a number (figure_parts': digits, commas, a point, a sign), which md changes in no
# cell, then words. Words without Markdown or | in them, single-spaced (" t to date"), leave
# the figure as it is: each distinct one is matched once, and the others go to cell.
_plain_words = lru_cache(maxsize=4096)(re.compile(r"(?: [^\s\\`*_\[\]<&~|]+)*").fullmatch)


def _figure(r) -> str:
    """cell(record_figure(r)), for the 100,000 figures of a history."""
    number, text = words.figure_parts(r)
    if number and _plain_words(text):
        return number + text
    return _cell_once(number + text)


def _history(records, since: date | None) -> list[str]:
    note = f" (since {since})" if since else ""
    out = [f"### History{note}", "", "| Date | Figure | Basis | Source | Note |", "|---|---|---|---|---|"]
    # An amount's figure words (if plain) and the cells after them are of the record's rest.
    for r, (plain, tail) in words.once_a_rest(records, _after_figure):
        figure = words.figure_number(r) + plain if plain is not None else _figure(r)
        out.append(f"| {_day(r.date)} | {figure} | {tail}")
    out.append("")
    return out


def _after_figure(r) -> tuple[str | None, str]:
    """An amount's figure words where they are plain (else None: _figure escapes the figure),
    and the row's cells after the figure."""
    text = words.figure_parts(r)[1]
    plain = text if r.amount is not None and _plain_words(text) else None
    return (
        plain,
        f"{_cell_once(words.record_basis(r))} | {_source_once(r.source)} | {_cell_once(words.record_note(r))} |",
    )


def _purchase(v: Verdict, progress_file: str) -> list[str]:
    out = [
        f"{md(words.goal(v))}. On the {md(words.basis(v))} basis: "
        f"{md(words.actual(v))}"
        + (f" ({md(words.shares(v))})" if words.shares(v) else "")
        + (f"; expected by now {md(words.expected(v))}" if words.expected(v) else "")
        + ".",
        "",
    ]
    if words.arithmetic(v):
        out += [f"Target: {md(words.arithmetic(v))}.", ""]
    if v.by_basis or v.other_measures:
        out += ["| Basis | Measure | To date |", "|---|---|---:|"]
        for b, x in sorted({**v.by_basis, **v.other_measures}.items()):
            out.append(f"| {cell(b)} | {cell(v.measures.get(b) or '')} | {cell(words.amount(x, v.unit))} |")
        out.append("")
    for flag in words.flags(v):
        out += [f"> **{md(flag[0].upper() + flag[1:])}.**", ""]
    lines = words.projection_lines(v)
    if lines:
        out += [f"- {md(line)}" for line in lines] + [""]
    if v.parts:
        out += ["| Part | Status | To date | Target | Last figure |", "|---|---|---:|---:|---|"]
        for p in v.parts:
            out.append(
                f"| [{cell(p.commitment.id)}](#{anchor(p.commitment.id)}) | {cell(words.status(p))} | "
                f"{cell(words.amount(p.actual, p.unit))} | {cell(words.target(p))} | {cell(words.day(p.last_figure))} |"
            )
        out.append("")
    out += mermaid(v)
    for line in words.inconsistency_lines(v, progress_file):
        out += [f"> **Inconsistent figure:** {md(line)}", ""]
    return out


def _label(text: str) -> str:
    """Text for a Mermaid label: letters, digits and a few safe marks only."""
    return re.sub(r"[^A-Za-z0-9 ._%$/-]", "", text)[:60]


_G4 = "{:.4g}".format


def mermaid(v: Verdict) -> list[str]:
    """A line chart GitHub renders: cumulative figures against the expected path."""
    s = v.series.get(v.basis or "")
    n = s.upto(v.as_of) if s else 0
    if s is None or n < 2 or v.target is None:
        return []
    # v.points(), column by column: a report draws 1,000 of these, and a call a point was most of it
    days, totals = list(map(date.fromordinal, s.days[:n])), s.totals[:n]
    labels = '"' + '", "'.join(map(date.isoformat, days)) + '"'
    actual = ", ".join(map(_G4, totals))
    exp = ", ".join(map(_G4, expected_at(v, days)))
    top = max(v.target.amount, max(totals))
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "Cumulative {_label(v.basis or "")} figures (line 1) against expected (line 2)"',
        f"    x-axis [{labels}]",
        f'    y-axis "{_label(v.unit or "")}" 0 --> {top * 1.1:.4g}',
        f"    line [{actual}]",
        f"    line [{exp}]",
        "```",
        "",
    ]
