"""The compliance report in GitHub-flavoured Markdown.

Every piece of user text passes through `md` (or `cell` inside tables), so a title holding
`|`, a backtick, HTML or a newline cannot break the document.
"""

from __future__ import annotations

import re
from datetime import date

from tradetrack.core.units import format_amount
from tradetrack.judge.verdict import Assessment, expected_share
from tradetrack.render import words as present

_ESCAPE = str.maketrans({**{c: "\\" + c for c in "\\`*_[]<>|~"}, "&": "&amp;"})
_LINE_START = re.compile(r"^(\d*)([#+\-=.)])")
_BLOCK_START = tuple("#+-=.)0123456789")


def md(text: str) -> str:
    """Escape text for Markdown inline content; newlines become spaces. Escapes what can start
    formatting anywhere (`*_[]<>|~` and backticks) and what can start a block at the beginning
    (#, -, +, "1.")."""
    text = " ".join(str(text).split()).translate(_ESCAPE)  # translate: a report has 100,000s of cells
    return _LINE_START.sub(r"\1\\\2", text) if text[:1] in _BLOCK_START else text


def cell(text: str) -> str:
    """Escape text for a table cell."""
    return md(text) or " "


def link(title: str, url: str | None) -> str:
    if not url:
        return md(title)
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{md(title)}](<{safe}>)"


def anchor(cid: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", cid.lower().replace(" ", "-"))


def report(rows: list[Assessment], records_by_id: dict, as_of: date, data_file: str,
           progress_file: str, title: str = "Compliance report") -> str:
    out = [f"# {md(title)}", "",
           f"As of **{as_of}** · data: `{data_file.replace('`', '')}` · "
           f"{len(rows)} commitments", ""]
    counts: dict[str, int] = {}
    for a in rows:
        counts[a.status] = counts.get(a.status, 0) + 1
    out += ["**" + ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: -kv[1])) + "**", ""]
    out += ["## Summary", "",
            "| Commitment | Party | Status | Progress | Expected | Due | Days |",
            "|---|---|---|---:|---:|---|---:|"]
    for a in rows:
        c = a.commitment
        progress = present.actual(a) if c.kind == "purchase" else a.detail
        if a.share is not None:
            progress += f" ({present.percent(a)})"
        out.append("| " + " | ".join([
            f"[{cell(c.title)}](#{anchor(c.id)})", cell(c.party), f"**{cell(a.status)}**",
            cell(progress), cell(present.expected(a)), cell(present.due(a)), cell(present.days(a)),
        ]) + " |")
    out.append("")
    for a in rows:
        out += section(a, records_by_id.get(a.commitment.id, []), progress_file)
    return "\n".join(out) + "\n"


def section(a: Assessment, records, progress_file: str) -> list[str]:
    c = a.commitment
    out = [f'<a id="{anchor(c.id)}"></a>', f"## {md(c.title)}", "",
           f"`{c.id}` · {md(c.kind)} · {md(c.party)} → {md(c.counterparty or '—')} · "
           f"status **{md(a.status)}**" + (f" ({md(a.detail)})" if a.detail else ""), "",
           f"Start {c.start} · due {present.due(a)}" + (f" · {md(present.days(a))}" if present.days(a) else ""), ""]
    if c.description:
        out += [md(c.description), ""]
    if c.kind == "purchase":
        out += [f"Target {md(format_amount(a.target, a.unit))} of {md(c.commodity)}. "
                f"On the {md(a.basis)} basis: {md(present.actual(a))}"
                + (f" ({present.percent(a)})" if a.share is not None else "")
                + (f"; expected by now {md(present.expected(a))}" if present.expected(a) else "") + ".", ""]
        if a.by_basis:
            out += ["| Basis | To date |", "|---|---:|"]
            out += [f"| {cell(b)} | {cell(format_amount(v, a.unit))} |" for b, v in sorted(a.by_basis.items())]
            out.append("")
            if a.disagreement:
                out += ["> **Bases disagree** by more than the set share: read the figures side by side.", ""]
        lines = present.projection_lines(a)
        if lines:
            out += [f"- {md(line)}" for line in lines] + [""]
        out += mermaid(a)
        for line in present.inconsistency_lines(a, progress_file):
            out += [f"> **Inconsistent figure:** {md(line)}", ""]
    if c.amendments:
        out += ["### Amendments", "", "| Date | Change | Source |", "|---|---|---|"]
        for am in c.amendments:
            out.append(f"| {am.date} | {cell(am.summary)} | {link(am.source.title, am.source.url)} |")
        out.append("")
    if records:
        out += ["### History", "", "| Date | Figure | Basis | Source | Note |", "|---|---|---|---|---|"]
        for r in sorted(records, key=lambda r: (r.date, r.line)):
            src = link(r.source, r.source) if r.source.startswith(("http://", "https://")) else cell(r.source)
            out.append(f"| {r.date} | {cell(present.record_figure(r))} | {cell(r.basis)} | {src} | {cell(r.note or '')} |")
        out.append("")
    out += ["### Sources", ""]
    out += [f"- {link(s.title, s.url)}" + (f" ({s.date})" if s.date else "") for s in c.sources]
    out.append("")
    if c.notes:
        out += [f"*Notes:* {md(c.notes)}", ""]
    return out


def mermaid(a: Assessment) -> list[str]:
    """A line chart GitHub renders: cumulative figures against the expected path."""
    points = a.points()
    if len(points) < 2 or a.target is None:
        return []
    labels = ", ".join(f'"{p.date.isoformat()}"' for p in points)
    actual = ", ".join(f"{p.total:.4g}" for p in points)
    exp = ", ".join(
        f"{a.target * expected_share(a.terms.start, a.terms.due, p.date, a.commitment.profile):.4g}"
        for p in points)
    top = max([a.target] + [p.total for p in points])
    unit = re.sub(r"[^A-Za-z$]", "", a.unit or "")
    return ["```mermaid", "xychart-beta",
            f'    title "Cumulative {a.basis} figures (line 1) against expected (line 2)"',
            f"    x-axis [{labels}]", f'    y-axis "{unit}" 0 --> {top * 1.1:.4g}',
            f"    line [{actual}]", f"    line [{exp}]", "```", ""]
