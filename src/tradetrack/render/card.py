"""One commitment in full for the terminal: terms, status, figures against the expected path,
amendments, history and sources, in a rich Panel (one commitment: layout matters, not speed)."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tradetrack.core.units import format_amount
from tradetrack.judge.verdict import Assessment
from tradetrack.render import words as present
from tradetrack.render.lists import STYLE


def chart(a: Assessment, width: int = 30) -> Table:
    """Cumulative figures on the chosen basis against the expected path, one bar per figure."""
    from tradetrack.judge.verdict import expected_share

    table = Table(box=None, show_header=True, pad_edge=False)
    for name in ("date", "cumulative vs expected (│)", "actual", "expected"):
        table.add_column(name, no_wrap=True, justify="right" if name in ("actual", "expected") else "left")
    points = a.points()
    top = max([a.target or 0] + [p.total for p in points]) or 1
    for p in points:
        exp = a.target * expected_share(a.terms.start, a.terms.due, p.date, a.commitment.profile)
        filled = round(p.total / top * width)
        mark = min(width - 1, round(exp / top * width))
        cells = ["█" if i < filled else "·" for i in range(width)]
        cells[mark] = "│"
        table.add_row(p.date.isoformat(), "".join(cells), format_amount(p.total, a.unit),
                      format_amount(exp, a.unit))
    return table


def card(a: Assessment, records, progress_file: str) -> Panel:
    c = a.commitment
    head = Text()
    head.append(f"{c.title}\n", style="bold")
    head.append(f"{c.kind} · {c.party} → {c.counterparty or '—'} · deal {c.deal}\n")
    head.append("status: ")
    head.append(a.status, style=STYLE.get(a.status, ""))
    head.append(f" as of {a.as_of}")
    if a.detail:
        head.append(f" ({a.detail})")
    head.append(f"\nstart {c.start} · due {present.due(a)} {present.days(a)}")
    parts: list = [head]
    if c.description:
        parts.append(Text(f"\n{c.description}"))
    if c.kind == "purchase":
        parts.append(Text(f"\nTarget {format_amount(a.target, a.unit)} of {c.commodity}; "
                          f"basis {a.basis}: {present.actual(a)} ({present.percent(a) or 'no data'}), "
                          f"expected {present.expected(a) or '—'}"))
        if a.by_basis:
            parts.append(Text("By basis: " + present.bases(a)
                              + ("  ! bases disagree" if a.disagreement else "")))
        for line in present.projection_lines(a):
            parts.append(Text(line))
        if a.points():
            parts.append(Text(f"\nCumulative ({a.basis}) against the expected path:", style="bold"))
            parts.append(chart(a))
        for line in present.inconsistency_lines(a, progress_file):
            parts.append(Text(f"! {line}", style="magenta"))
    if c.amendments:
        parts.append(Text("\nAmendments:", style="bold"))
        for am in c.amendments:
            mark = "" if am.date <= a.as_of else " (after the as-of date)"
            parts.append(Text(f"  {am.date} {am.summary}{mark}\n    source: {am.source.title}"
                              + (f" <{am.source.url}>" if am.source.url else "")))
    if records:
        parts.append(Text("\nHistory:", style="bold"))
        parts.append(history(records))
    parts.append(Text("\nSources:", style="bold"))
    for s in c.sources:
        parts.append(Text(f"  {s.title}" + (f" ({s.date})" if s.date else "") + (f"\n    {s.url}" if s.url else "")))
    if c.notes:
        parts.append(Text(f"\nNotes: {c.notes}"))
    return Panel(Group(*parts), title=c.id, title_align="left")


def history(records) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("date", "figure", "basis"):
        table.add_column(name, no_wrap=True)
    table.add_column("source / note", ratio=1, overflow="fold")
    for r in sorted(records, key=lambda r: (r.basis, r.date, r.line)):
        text = Text(r.source)
        if r.note:
            text.append(f"\n{r.note}", style="dim")
        table.add_row(r.date.isoformat(), present.record_figure(r), r.basis, text)
    return table
