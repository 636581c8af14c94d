"""Styled text for the list commands (status, progress list, check), written without Rich.

Importing Rich's console costs about 45 ms here, a sixth of `status` on a small workspace, and
lists need only a few styles, a width and the colour rules, so they are done here; the
one-commitment card still uses Rich. The rules are Rich's: NO_COLOR (non-empty) or output that
is not a terminal gives plain text, FORCE_COLOR forces colour, COLUMNS sets the width (else the
terminal's, else 80), and widths are Rich's cell widths.

Whatever comes from the data is inert here: `write` shows control characters (ESC, OSC, C1
codes, bidirectional overrides) as visible escapes, so a title cannot move the cursor, set the
window title or write the clipboard; `clean` also folds a value's line breaks into spaces.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache
from typing import TextIO

from tradetrack.core.text import inert

Piece = tuple[str, str]  # text and its style: space-separated words of SGR below, or ""

SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35", "cyan": "36"}


def colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def width(stream: TextIO | None = None) -> int:
    stream = stream or sys.stdout  # looked up per call: tests and pagers swap sys.stdout
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size((80, 24)).columns if stream.isatty() else 80


def cell_len(text: str) -> int:
    """Columns text takes in a terminal, by Rich's rule (the card is drawn by Rich: list and card
    must agree): wide characters two, combining marks and zero-width ones none, an emoji
    sequence joined by ZWJ two."""
    if text.isascii() or _NARROW.issuperset(text):
        return len(text)
    return _wide_len(text)


# Characters Rich itself counts one column each without looking them up (rich.cells
# _SINGLE_CELL_UNICODE_RANGES): Latin, Greek, Cyrillic, box drawing and blocks (the bar, the
# rule), Braille. A detail line with a middle dot or a no-break space is measured at C speed.
_NARROW = frozenset(
    chr(c)
    for start, end in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC), (0x2800, 0x28FF))
    for c in range(start, end + 1)
)


@lru_cache(maxsize=4096)
def _wide_len(text: str) -> int:
    from rich.cells import cell_len as rich_cell_len  # ~4 ms, only for text that needs it

    return rich_cell_len(text)


def clean(text: str | None) -> str:
    """A value from the data as one line of inert text."""
    return "" if text is None else inert(str(text), one_line=True)


def write(pieces: list[Piece], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if not colour(stream):
        # Made inert whole, not piece by piece (a status of 1,000 rows is 30,000 pieces): the
        # same characters are shown as escapes, and a secret split over two pieces is hidden too.
        stream.write(inert("".join(text for text, _ in pieces)))
        return
    pieces = [(inert(text), style) for text, style in pieces]
    out = []
    for text, style in pieces:
        if not style or not text.strip("\n"):
            out.append(text)
            continue
        # Reset before each newline, so a style never runs into the next line (or a pager's).
        start = "\x1b[" + ";".join(SGR[word] for word in style.split()) + "m"
        out.append("\n".join(start + line + "\x1b[0m" if line else "" for line in text.split("\n")))
    stream.write("".join(out))
