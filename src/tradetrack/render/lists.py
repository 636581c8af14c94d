"""Lists for the terminal: the status of many commitments, and progress records, as styled
pieces of text for term.write. Colour always comes with a word. One commitment in full is
render_card.py."""

from __future__ import annotations

import textwrap

from tradetrack.judge.verdict import BAD, GOOD, SET_ASIDE, WATCH, Assessment
from tradetrack.render import words as present
from tradetrack.render.term import Piece, cell_len

STYLE = {**{s: "green" for s in GOOD}, **{s: "yellow" for s in WATCH},
         **{s: "bold red" for s in BAD}, **{s: "dim" for s in SET_ASIDE}}
BAR_WIDTH = 8


def bar(share: float | None) -> list[Piece]:
    """A short bar and percent; over-delivery is capped in the bar, not in the number."""
    if share is None:
        return []
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    return [("█" * filled, "cyan"), ("░" * (BAR_WIDTH - filled), "dim"), (f" {share * 100:3.0f}%", "")]


NBSP = "\u00a0"  # joins words textwrap must not split; printed as a space
RIGHT = {3}  # status columns aligned right: expected amounts


def status_table(rows: list[Assessment], title: str, width: int) -> list[Piece]:
    """One line per commitment (id, party, progress, expected, status, due, days left), with its
    title and figures indented below. Due and days move below too when the line would not fit."""
    cells = [[[(a.commitment.id, "bold")], [(a.commitment.party, "")], bar(a.share),
              [(present.expected(a), "")], [(a.status, STYLE.get(a.status, ""))], [(present.due(a), "")],
              [(present.days(a), "dim")]] for a in rows]
    head = ("commitment", "party", "progress", "expected", "status", "due", "")
    shown = _fitting(head, cells, width, keep=5)
    out: list[Piece] = [(line + "\n", "bold") for line in textwrap.wrap(title, width)] + [("\n", "")]
    grid = []
    for a, row in zip(rows, cells):
        grid.append((row[:shown], _details(a, due=shown < 6, days=shown < 7)))
    return out + _grid(head[:shown], grid, width, RIGHT)


def _fitting(head, cells, width: int, keep: int) -> int:
    """How many leading columns fit in width (at least keep): the rest go to the detail line."""
    widths = _widths(head, cells)
    shown = len(head)
    while shown > keep and sum(widths[:shown]) + 2 * (shown - 1) > width:
        shown -= 1
    return shown


def _widths(head, cells) -> list[int]:
    return [max([cell_len(h)] + [_len(row[i]) for row in cells]) for i, h in enumerate(head)]


def _grid(head, rows, width: int, right: set[int]) -> list[Piece]:
    """Columns two spaces apart under a bold header and a rule, as plain text pieces; each row
    may carry detail lines, indented and wrapped to width.

    Not a rich Table: that measures and wraps every cell (about 1.5 ms a row here), and status
    and progress lists must stay quick at thousands of rows."""
    widths = _widths(head, [cells for cells, _ in rows])
    out = _line([[(h, "bold")] for h in head], widths, right)
    out.append(("─" * min(width, sum(widths) + 2 * (len(widths) - 1)) + "\n", ""))
    for cells, details in rows:
        out += _line(cells, widths, right)
        for text, style in details:
            for piece in textwrap.wrap(text, max(20, width - 4)) if len(text) > width - 4 else [text]:
                out.append(("    " + piece.replace(NBSP, " ") + "\n", style))
    return out


def _len(cell: list[Piece]) -> int:
    return sum(cell_len(t) for t, _ in cell)


def _line(cells: list[list[Piece]], widths: list[int], right: set[int]) -> list[Piece]:
    """Cells padded to their column widths, two spaces apart, no trailing blanks."""
    lens = [_len(cell) for cell in cells]
    last = len(cells) - 1
    while last >= 0 and not lens[last]:
        last -= 1
    out: list[Piece] = []
    for i in range(last + 1):
        pad = (" " * (widths[i] - lens[i]), "")
        if i:
            out.append(("  ", ""))
        if i in right:
            out.append(pad)
        out += cells[i]
        if i not in right and i < last:
            out.append(pad)
    out.append(("\n", ""))
    return out


def _details(a: Assessment, due: bool, days: bool) -> list[Piece]:
    """The indented lines under a commitment: title and figures (and the due date and days
    left when they did not fit above), then any warning."""
    c = a.commitment
    what = [c.title]
    if c.kind == "purchase" and a.actual is not None:
        what.append(present.actual(a))
    elif c.kind != "purchase" and a.detail:
        what.append(a.detail)
    # A suspension's detail ("until 2026-11-10") already names its end: not twice.
    when = [f"due {present.due(a)}"] if due and a.due and str(a.due) not in what[-1] else []
    if days and present.days(a):
        when.append(present.days(a).replace(" ", NBSP))  # kept on one line
    what.append(", ".join(when))
    what = [w for w in what if w]
    out = [(" · ".join(what), "dim")]
    flags = present.flags(a)
    if flags:
        out.append((f"! {flags}: {present.bases(a)}", "magenta"))
    return out


def summary_line(rows: list[Assessment]) -> list[Piece]:
    counts: dict[str, int] = {}
    for a in rows:
        counts[a.status] = counts.get(a.status, 0) + 1
    out: list[Piece] = [(f"{len(rows)} commitments: ", "")]
    for i, (status, n) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1])):
        out += [(", ", "")] if i else []
        out.append((f"{n} {status}", STYLE.get(status, "")))
    return out + [("\n", "")]


def records_table(records, width: int) -> list[Piece]:
    """Progress records grouped by commitment and basis, oldest first, so each basis reads as
    its own history; a record's note goes on an indented line below it."""
    head = ("commitment", "date", "figure", "basis", "source")
    rows = []
    for r in sorted(records, key=lambda r: (r.commitment, r.basis, r.date, r.line)):
        cells = [[(r.commitment, "")], [(r.date.isoformat(), "")], [(present.record_figure(r), "")],
                 [(r.basis, "")], [(r.source, "")]]
        rows.append((cells, [(r.note, "dim")] if r.note else []))
    return _grid(head, rows, width, set())
