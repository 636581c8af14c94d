"""Rich output for the terminal. Colour always comes with a word; NO_COLOR and pipes get plain
text because the Console is created per command (see cli.make_console)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tradetrack import present
from tradetrack.assess import BAD, GOOD, SET_ASIDE, WATCH, Assessment
from tradetrack.units import format_amount

STYLE = {**{s: "green" for s in GOOD}, **{s: "yellow" for s in WATCH},
         **{s: "bold red" for s in BAD}, **{s: "dim" for s in SET_ASIDE}}
BAR_WIDTH = 8


def status_text(status: str) -> Text:
    return Text(status, style=STYLE.get(status, ""))


def bar(share: float | None) -> Text:
    """A short bar and percent; over-delivery is capped in the bar, not in the number."""
    if share is None:
        return Text("")
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    text = Text("█" * filled, style="cyan")
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(f" {share * 100:3.0f}%")
    return text


def status_table(rows: list[Assessment], title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column("commitment", ratio=1, min_width=16, overflow="fold")
    table.add_column("party", no_wrap=True)
    table.add_column("progress", no_wrap=True)
    table.add_column("expected", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("due", no_wrap=True)
    for a in rows:
        c = a.commitment
        what = Text(c.id, style="bold")
        what.append(f"\n{c.title}", style="dim")
        if c.kind != "purchase" and a.detail:
            what.append(f"\n{a.detail}", style="dim")
        flags = present.flags(a)
        if flags:
            what.append(f"\n! {flags}: {present.bases(a)}", style="magenta")
        progress = bar(a.share)
        if c.kind == "purchase" and a.actual is not None:
            progress.append(f"\n{present.actual(a)}")
        when = Text(present.due(a))
        if present.days(a):
            when.append(f"\n{present.days(a)}", style="dim")
        table.add_row(what, c.party, progress, present.expected(a), status_text(a.status), when)
    return table


def summary_line(rows: list[Assessment]) -> Text:
    counts: dict[str, int] = {}
    for a in rows:
        counts[a.status] = counts.get(a.status, 0) + 1
    text = Text(f"{len(rows)} commitments: ")
    for i, (status, n) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1])):
        if i:
            text.append(", ")
        text.append(f"{n} {status}", style=STYLE.get(status, ""))
    return text


def chart(a: Assessment, width: int = 30) -> Table:
    """Cumulative figures on the chosen basis against the expected path, one bar per figure."""
    from tradetrack.assess import expected_share

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
    head.append_text(status_text(a.status))
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
        parts.append(records_table(records, show_id=False))
    parts.append(Text("\nSources:", style="bold"))
    for s in c.sources:
        parts.append(Text(f"  {s.title}" + (f" ({s.date})" if s.date else "") + (f"\n    {s.url}" if s.url else "")))
    if c.notes:
        parts.append(Text(f"\nNotes: {c.notes}"))
    return Panel(Group(*parts), title=c.id, title_align="left")


def records_table(records, show_id: bool = True) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    if show_id:
        table.add_column("commitment", no_wrap=True)
    for name in ("date", "figure", "basis"):
        table.add_column(name, no_wrap=True)
    table.add_column("source / note", ratio=1, overflow="fold")
    # Grouped by basis, so each basis reads as its own history.
    for r in sorted(records, key=lambda r: (r.commitment, r.basis, r.date, r.line)):
        text = Text(r.source)
        if r.note:
            text.append(f"\n{r.note}", style="dim")
        row = [r.date.isoformat(), present.record_figure(r), r.basis, text]
        table.add_row(*([r.commitment] if show_id else []) + row)
    return table


def print_all(console: Console, *renderables) -> None:
    for r in renderables:
        console.print(r)
