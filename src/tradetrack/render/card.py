"""One commitment in full for the terminal: terms, status and what it rests on, figures against
the expected path, amendments, history and sources, in a rich Panel (one commitment: layout
matters, not speed).

Every value from the data goes into a rich Text, never into a string Rich would parse as markup,
and through term.clean, so a basis named `[link=…]` or `[/bold]` is shown as written.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.judge.path import expected_at
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words
from tradetrack.render.lists import TONE
from tradetrack.render.term import clean


def _t(text, style: str = "") -> Text:
    """Data as one inert line; a leading newline is the card's own paragraph break, kept."""
    gap = "\n" if text.startswith("\n") else ""
    return Text(gap + clean(text[len(gap) :]), style=style)


def chart(v: Verdict, width: int = 30) -> Table:
    """Cumulative figures on the judged basis against the expected path, one bar per figure."""
    table = Table(box=None, show_header=True, pad_edge=False)
    for name in ("date", "to date (│ expected)", "actual", "expected"):
        table.add_column(name, no_wrap=True, justify="right" if name in ("actual", "expected") else "left")
    points = v.points()
    target = v.target.amount if v.target else 0.0
    top = max([target] + [p.total for p in points]) or 1
    for p, exp in zip(points, expected_at(v, [p.date for p in points]), strict=True):
        filled = max(0, min(width, round(p.total / top * width)))
        mark = max(0, min(width - 1, round(exp / top * width)))
        cells = ["█" if i < filled else "·" for i in range(width)]
        cells[mark] = "│"
        table.add_row(p.date.isoformat(), "".join(cells), words.amount(p.total, v.unit), words.amount(exp, v.unit))
    return table


class Addresses(list):
    """The addresses too long for their line inside the card's box. A box folds a long address
    across its border, so it can be neither clicked nor copied: in the box it is a mark ([1]),
    and below the box it is given whole (see `lines`)."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def mark(self, text: str, indent: int) -> str:
        """`text` itself when it fits on a line of the box at `indent`, else its mark."""
        if " " in text.strip() or len(text) <= self.width - 4 - indent:
            return text
        self.append(text)
        return f"[{len(self)}]"

    def lines(self) -> list[str]:
        """Each address with its mark; one longer than the terminal alone on its own line after
        its mark (the terminal's soft wrap keeps it one word)."""
        out = ["Addresses:"] if self else []
        for i, url in enumerate(self, 1):
            out += [f"[{i}] {url}"] if len(url) + len(str(i)) + 3 <= self.width else [f"[{i}]", url]
        return [clean(line) for line in out]


def card(
    v: Verdict,
    records,
    progress_file: str,
    width: int = 100,
    timeline: list[str] | None = None,
    addresses: Addresses | None = None,
) -> Panel:
    """The card, laid out for a terminal `width` columns wide: nothing is cut at 60 and up.
    `timeline`: its lines (render/changes.timeline_text), shown after the history; `addresses`:
    where the addresses too long for the box go (the caller prints them below it)."""
    c = v.commitment
    addresses = Addresses(10**6) if addresses is None else addresses
    head = Text()
    head.append_text(_t(c.title, "bold"))
    head.append("\n")
    head.append_text(_t(f"{c.kind} · {c.party} → {c.counterparty or '—'} · deal {c.deal}"))
    head.append("\nstatus: ")
    head.append(words.status(v), style=TONE[words.tone(v)])
    head.append(f" as of {v.as_of}")
    detail = words.detail(v)
    if detail:
        head.append_text(_t(f" ({detail})"))
    head.append(f"\nstart {v.terms.start} · due {words.due(v)} {words.days(v)}".rstrip())
    parts: list = [head]
    for doubt in words.doubts(v):
        parts.append(_t(f"? {doubt}", "yellow"))
    if c.description:
        parts.append(_t(f"\n{c.description}"))
    if c.kind in AMOUNT_KINDS:
        parts += _purchase(v, progress_file, width)
    if c.amendments:
        parts.append(Text("\nAmendments:", style="bold"))
        for am in c.amendments:
            mark = "" if am.date <= v.as_of else " (after the as-of date)"
            firm = (
                ""
                if am.standing == "confirmed"
                else f" [{am.standing}{': ' + am.standing_note if am.standing_note else ''}]"
            )
            parts.append(_t(f"  {am.date} {am.summary}{firm}{mark}"))
            url = addresses.mark(am.source.url, 4) if am.source.url else ""
            parts.append(_t(f"    source: {am.source.title}" + (f" <{url}>" if url else ""), "dim"))
    if records:
        parts.append(Text("\nHistory (oldest first):", style="bold"))
        parts.append(history(records, addresses) if width >= 100 else history_lines(records, addresses))
    if timeline:
        parts.append(Text("\nTimeline (each change of verdict and what moved it):", style="bold"))
        parts += [_t(line) for line in timeline]
    parts.append(Text("\nSources:", style="bold"))
    for s in c.sources:
        parts.append(_t(f"  {s.title}" + (f" ({s.date})" if s.date else "")))
        if s.url:
            parts.append(_t(f"    {addresses.mark(s.url, 4)}", "dim"))
    if c.notes:
        parts.append(_t(f"\nNotes: {c.notes}"))
    return Panel(Group(*parts), title=Text(clean(c.id)), title_align="left")


def _purchase(v: Verdict, progress_file: str, width: int) -> list:
    out: list[Text | Table] = [
        _t(
            f"\n{words.goal(v)}; basis {words.basis(v)}: {words.actual(v)}"
            + (f" ({words.shares(v)})" if words.shares(v) else "")
            + (f"; expected by now {words.expected(v)}" if words.expected(v) else "")
        )
    ]
    if words.arithmetic(v):
        out.append(_t(f"Target arithmetic: {words.arithmetic(v)}"))
    if v.by_basis or v.other_measures:
        out.append(_t("By basis: " + words.bases(v)))
    for flag in words.flags(v):
        out.append(_t(f"! {flag}", "magenta"))
    for line in words.projection_lines(v):
        out.append(_t(line))
    if v.parts:
        out.append(Text("\nParts:", style="bold"))
        for p in v.parts:
            last = f", figure of {p.last_figure}" if p.last_figure else ""
            out.append(_t(f"  {p.commitment.id}: {words.status(p)} · {words.actual(p)}{last}"))
    if v.points():
        out.append(_t(f"\nCumulative ({v.basis}) against the expected path:", "bold"))
        # date, two amounts and the panel's border: the bar takes what is left
        out.append(chart(v, max(10, min(30, width - 4 - 10 - 2 * 11 - 6))))
    for line in words.inconsistency_lines(v, progress_file):
        out.append(_t(f"! {line}", "magenta"))
    return out


def history_lines(records, addresses: Addresses) -> Group:
    """The history on a narrow terminal: a line per record, its source and note below it,
    wrapped rather than squeezed into a column."""
    lines = []
    for r in records:
        lines.append(_t(f"{r.date}  {words.record_figure(r)}  {words.record_basis(r)}"))
        lines.append(Text("  ").append_text(_t(addresses.mark(r.source, 2))))
        if words.record_note(r):
            lines.append(Text("  ").append_text(_t(words.record_note(r), "dim")))
    return Group(*lines)


def history(records, addresses: Addresses) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("date", "figure", "basis"):
        table.add_column(name, no_wrap=True)
    table.add_column("source / note", ratio=1, overflow="fold")
    for r in records:
        # the source column gets about half the box
        text = _t(addresses.mark(r.source, addresses.width // 2))
        if words.record_note(r):
            text.append("\n")
            text.append_text(_t(words.record_note(r), "dim"))
        table.add_row(r.date.isoformat(), _t(words.record_figure(r)), _t(words.record_basis(r)), text)
    return table
