"""Styled text for the list commands (status, progress list), written without Rich.

Importing Rich's console costs about 45 ms here, a sixth of `status` on a small workspace, and
lists need only a few styles, a width and the colour rules, so they are done here; the
one-commitment card still uses Rich. The rules are Rich's: NO_COLOR (non-empty) or output that
is not a terminal gives plain text, FORCE_COLOR forces colour, COLUMNS sets the width (else the
terminal's, else 80).
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from typing import TextIO

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
    """Columns text takes in a terminal: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def write(pieces: list[Piece], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if not colour(stream):
        stream.write("".join(text for text, _ in pieces))
        return
    out = []
    for text, style in pieces:
        if not style or not text.strip("\n"):
            out.append(text)
            continue
        # Reset before each newline, so a style never runs into the next line (or a pager's).
        start = "\x1b[" + ";".join(SGR[word] for word in style.split()) + "m"
        out.append("\n".join(start + line + "\x1b[0m" if line else "" for line in text.split("\n")))
    stream.write("".join(out))
