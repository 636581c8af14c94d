"""Lists for the terminal: the status of many commitments, and progress records, as styled
pieces of text for term.write. Colour always comes with a word. One commitment in full is
card.py. Every value from the data passes through term.clean."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from tradetrack.core.heap import many_objects
from tradetrack.core.status import AMOUNT_KINDS, PACED
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words
from tradetrack.render.term import Piece, cell_len, clean

TONE = {"good": "green", "watch": "yellow", "bad": "bold red", "aside": "dim"}
BAR_WIDTH = 8
NBSP = "\u00a0"  # joins words textwrap must not split; printed as a space
RIGHT = {3}  # status columns aligned right: expected amounts
HEAD = ("commitment", "party", "progress", "expected", "status", "due", "")
# When a line would be wider than the terminal, columns move under the commitment in this order
# (days left first); the id and the status always stay on the line. Nothing is cut.
MOVE_ORDER = (6, 5, 3, 2, 1)


def style(v: Verdict) -> str:
    return TONE[words.tone(v)]


def bar(share: float | None) -> list[Piece]:
    """A short bar and percent; over-delivery is capped in the bar, not in the number."""
    if share is None:
        return []
    filled = max(0, min(BAR_WIDTH, round(share * BAR_WIDTH)))
    return [("█" * filled, "cyan"), ("░" * (BAR_WIDTH - filled), "dim"), (f" {share * 100:3.0f}%", "")]


def _rows(rows: list[Verdict]) -> list[tuple[Verdict, int]]:
    """Each verdict, with a roll-up's parts beneath it, indented; a part shown beneath a
    roll-up on the list is not listed again on its own, and a part shared by roll-ups shows
    its own parts beneath the first of them only (one line per part named, not per path)."""
    inside, stack = set(), [p for v in rows for p in v.parts]
    while stack:
        p = stack.pop()
        if p.commitment.id not in inside:
            inside.add(p.commitment.id)
            stack += p.parts
    out: list[tuple[Verdict, int]] = []
    expanded: set[str] = set()
    todo = [(v, 0) for v in reversed(rows) if v.commitment.id not in inside]
    while todo:
        v, depth = todo.pop()
        out.append((v, depth))
        if v.commitment.id not in expanded:
            expanded.add(v.commitment.id)
            todo += [(p, depth + 1) for p in reversed(v.parts)]
    return out


# Both lists are laid out with the cyclic collector paused: 1,000 rows make some 30,000 pieces,
# all kept until written, which it scanned again and again (a warm status on 1M: 128
# collections, one full, 26 ms of CPU; paused, 81 and none full, ~10 ms).
@many_objects()
def status_table(rows: list[Verdict], title: list[str], width: int) -> list[Piece]:
    """One line per commitment (id, party, progress, expected, status, due, days left), with its
    title and figures indented below. Due and days move below too when the line would not fit.
    A roll-up's parts follow it, indented."""
    flat = _rows(rows)
    id_width = max((cell_len("  " * depth + clean(v.commitment.id)) for v, depth in flat), default=0)
    cells = [
        [
            [("  " * depth + clean(v.commitment.id), "bold" if not depth else "")],
            [(clean(v.commitment.party), "")],
            bar(v.share),
            [(words.expected(v), "")],
            [(_status_cell(v, width - id_width - 2), style(v))],
            [(words.due(v), "")],
            [(words.days(v), "dim")],
        ]
        for v, depth in flat
    ]
    # Each cell measured once: the columns that fit, the widths and the padding all use these.
    lens = [[_len(cell) for cell in row] for row in cells]
    widths = _widths(HEAD, lens)
    shown = _fitting(widths, width)
    out: list[Piece] = [piece for t in title for piece in lines(t, width, "bold")]
    out.append(("\n", ""))
    grid = []
    moved = set(range(len(HEAD))) - set(shown)
    for (v, depth), row, row_lens in zip(flat, cells, lens, strict=True):
        grid.append(([row[i] for i in shown], _details(v, depth, moved), [row_lens[i] for i in shown]))
    right = {shown.index(i) for i in RIGHT if i in shown}
    return out + _grid([HEAD[i] for i in shown], grid, width, right, [widths[i] for i in shown])


def _status_cell(v: Verdict, room: int) -> str:
    """The status with its qualifiers; on a terminal too narrow for them, the word alone (the
    qualifiers are said in full on the doubt and warning lines below it: nothing is lost)."""
    full = words.status(v)
    return full if cell_len(full) <= room else words.word(v.status)


def lines(text: str, width: int, style: str = "") -> list[Piece]:
    """A title or footer folded at width. A path or address longer than a line stays whole on
    a line of its own (a terminal's soft wrap keeps it one word to click or copy)."""
    return [
        (line + "\n", style)
        for line in textwrap.wrap(clean(text), width, break_long_words=False, break_on_hyphens=False)
    ]


def _fitting(widths: list[int], width: int) -> list[int]:
    """The columns that fit in width, moving them out in MOVE_ORDER until the line fits."""
    shown = list(range(len(widths)))
    for i in MOVE_ORDER:
        if sum(widths[j] for j in shown) + 2 * (len(shown) - 1) <= width:
            break
        shown.remove(i)
    return shown


def _widths(head, lens: list[list[int]]) -> list[int]:
    """Each column's width: its widest cell, header included (lens: each row's cell widths)."""
    return [max([cell_len(h)] + [row[i] for row in lens]) for i, h in enumerate(head)]


def _grid(head, rows, width: int, right: set[int], widths: list[int]) -> list[Piece]:
    """Columns two spaces apart under a bold header and a rule, as plain text pieces; each row
    (cells, detail lines, cell widths) may carry detail lines, indented and wrapped to width.

    Not a rich Table: that measures and wraps every cell (about 1.5 ms a row here), and status
    and progress lists must stay quick at thousands of rows."""
    out = _line([[(h, "bold")] for h in head], widths, right, [cell_len(h) for h in head])
    out.append(("─" * min(width, sum(widths) + 2 * (len(widths) - 1)) + "\n", ""))
    for cells, details, lens in rows:
        out += _line(cells, widths, right, lens)
        for text, indent, piece_style in details:
            for piece in _wrap(text, width - indent):
                out.append((" " * indent + piece.replace(NBSP, " ") + "\n", piece_style))
    return out


# Where textwrap would do other than split at single spaces: other whitespace it splits on or
# turns into spaces, runs of spaces, spaces at the ends, and a word of other whitespace alone
# (an NBSP between spaces), which it drops at a line's ends as it drops spaces. A text with none
# of these wraps the same by the plain greedy split in _wrap, in a tenth of the time.
_SPLITS = re.compile(r"[\t\n\x0b\x0c\r]")
_OTHER_SPACE = re.compile(r"[^\S ]+")  # whitespace but a space: an NBSP, an em space


def _uneven(text: str) -> bool:
    if "  " in text or text[:1] == " " or text[-1:] == " " or _SPLITS.search(text):
        return True
    # One pattern with look-arounds for the lone word tried them at every character (7 µs a line).
    for m in _OTHER_SPACE.finditer(text):
        start, end = m.span()
        if (not start or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
            return True
    return False


@lru_cache(maxsize=64)
def _greedy(width: int) -> re.Pattern:
    """Lines of a text split at single spaces, each as long as fits in width, and a word wider
    than width whole on a line of its own; as a pattern (a loop over the words was 5 µs a line)."""
    return re.compile(rf"([^ ]{{{width + 1},}}|.{{1,{width}}})(?: |$)")


def _wrap(text: str, width: int) -> list[str]:
    width = max(20, width)
    if cell_len(text) <= width:
        return [text]
    # never inside a word: an address or path split over two lines cannot be clicked or copied
    if _uneven(text):
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [text]
    return _greedy(width).findall(text)  # textwrap counts characters, and so does the pattern


def _len(cell: list[Piece]) -> int:
    return cell_len(cell[0][0]) if len(cell) == 1 else sum(cell_len(t) for t, _ in cell)


def _line(cells: list[list[Piece]], widths: list[int], right: set[int], lens: list[int]) -> list[Piece]:
    """Cells (of widths lens) padded to their column widths, two spaces apart, no trailing blanks."""
    last = len(cells) - 1
    while last >= 0 and not lens[last]:
        last -= 1
    out: list[Piece] = []
    gap = ""  # the plain text between two cells (padding, the two spaces), as one piece
    for i in range(last + 1):
        pad = " " * (widths[i] - lens[i])
        if i:
            gap += "  "
        if i in right:
            gap += pad
        if gap:
            out.append((gap, ""))
        out += cells[i]
        gap = pad if i not in right and i < last else ""
    out.append(("\n", ""))
    return out


def _details(v: Verdict, depth: int, moved: set[int]) -> list[tuple[str, int, str]]:
    """The indented lines under a commitment: title and figures (and whatever columns did not
    fit on its line), then any warning or doubt."""
    c = v.commitment
    indent = 4 + 2 * depth
    due, days = 5 in moved, 6 in moved
    what = [clean(c.title)]
    if 1 in moved:
        what.insert(0, clean(c.party))
    if 2 in moved and v.share is not None:
        what.append(f"{words.percent(v.share)} of the target")
    if 3 in moved and words.expected(v):
        what.append(f"expected {words.expected(v)}")
    if c.kind in AMOUNT_KINDS and v.actual is not None:
        figures, pace = words.actual(v), v.status in PACED and words.pace(v, short=True)
        if pace:
            figures += f" ({pace})"
        what.append(figures)
    detail = words.detail(v)
    if detail:
        what.append(detail)
    # A suspension's detail ("until 2026-11-10") already names its end: not twice.
    when = [f"due {words.due(v)}"] if due and v.due and not words.names_due(v) else []
    if days and words.days(v):
        when.append(words.days(v).replace(" ", NBSP))  # kept on one line
    what.append(", ".join(when))
    out = [(" · ".join(w for w in what if w), indent, "dim")]
    flags = words.flags(v)
    if flags and (v.by_basis or v.own_total is not None):
        out.append((f"! {'; '.join(flags)}: {words.bases(v)}", indent, "magenta"))
    elif flags:
        out.append((f"! {'; '.join(flags)}", indent, "magenta"))
    doubts = words.doubts(v, notes=False)
    if doubts:
        out.append(("? " + "; ".join(doubts), indent, "yellow"))
    return out


def summary_line(rows: list[Verdict], width: int = 80) -> list[Piece]:
    """'28 commitments: 7 extended, 6 not started, …', wrapped at width between counts."""
    out: list[Piece] = [(f"{len(rows)} commitment{'s' if len(rows) != 1 else ''}", "")]
    used = cell_len(out[0][0])
    for i, (code, n) in enumerate(words.counts(rows)):
        text = f"{n} {words.word(code)}"
        sep = ": " if not i else ", "
        if used + len(sep) + len(text) + 1 > width:  # room for the comma that may follow
            out.append((sep.rstrip() + "\n  ", ""))
            used = 2
        else:
            out.append((sep, ""))
            used += len(sep)
        out.append((text, TONE[words.STATUSES[code].tone]))
        used += len(text)
    return out + [("\n", "")]


@many_objects()
def records_table(records, width: int) -> list[Piece]:
    """Progress records in the order given; a record's note goes on an indented line below it,
    and so do its source and basis when the line would be wider than the terminal."""
    head = ("commitment", "date", "figure", "basis", "source")
    cells = [
        [
            [(clean(r.commitment), "")],
            [(r.date.isoformat(), "")],
            [(words.record_figure(r), "")],
            [(clean(words.record_basis(r)), "")],
            [(clean(r.source), "")],
        ]
        for r in records
    ]
    shown = 5
    lens = [[_len(cell) for cell in row] for row in cells]
    widths = _widths(head, lens)
    while shown > 3 and sum(widths[:shown]) + 2 * (shown - 1) > width:
        shown -= 1
    rows = []
    for r, row, row_lens in zip(records, cells, lens, strict=True):
        below = []
        if shown < 4:
            below.append((f"basis {clean(words.record_basis(r))}", 4, ""))
        if shown < 5:
            below.append((clean(r.source), 4, ""))
        if words.record_note(r):
            below.append((clean(words.record_note(r)), 4, "dim"))
        rows.append((row[:shown], below, row_lens[:shown]))
    return _grid(head[:shown], rows, width, set(), widths[:shown])
