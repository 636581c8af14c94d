"""Outside text made inert: whatever a server, a data file or a command line supplied is shown
as written, never obeyed by the terminal. Control characters (ESC and so OSC and CSI sequences,
C1 codes, DEL) and bidirectional overrides become visible escapes, so a message cannot clear the
screen, set the window title or write the clipboard. Secrets (the API keys) registered here are
replaced wherever they appear, so a server that echoes the request line cannot put a key on
stderr. The one error printer (cli.common.fail) passes every message and hint through `inert`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import overload

# C0 controls (but newline) as their control pictures, DEL, C1 controls and bidirectional
# overrides as escapes: visible, and inert.
_INERT = {i: chr(0x2400 + i) for i in range(32) if i != 10}
_INERT.update({0x7F: "\u2421"})
_INERT.update({i: f"\\x{i:02x}" for i in range(0x80, 0xA0)})
_INERT.update({i: f"\\u{i:04x}" for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
ONE_LINE = {**_INERT, 9: " ", 10: " ", 13: " ", 0x2028: " ", 0x2029: " "}
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_SECRETS: set[str] = set()
HIDDEN = "[key]"


def secret(value: str | None) -> None:
    """Register a value never to be shown (an API key): `inert` replaces it wherever it is."""
    if value and len(value) >= 4:  # a shorter "key" would blank out ordinary words
        _SECRETS.add(value)


def redact(text: str) -> str:
    """Text with every registered secret, raw or URL-encoded, replaced by [key]."""
    if not _SECRETS:
        return text
    from urllib.parse import quote, quote_plus

    for s in sorted(_SECRETS, key=len, reverse=True):
        for form in {s, quote(s, safe=""), quote_plus(s)}:
            text = text.replace(form, HIDDEN)
    return text


def writable(text: str) -> bool:
    """Whether text can be written as UTF-8: it holds no lone surrogate, which a \\u escape of
    half a UTF-16 pair, or bytes not UTF-8 on the command line, leave in Python's text."""
    return text.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in text)


def inert(text: str, one_line: bool = False) -> str:
    """Text with its control characters shown and its secrets hidden; `one_line` also folds
    line breaks into spaces (for a value inside a sentence)."""
    text = redact(str(text))
    if one_line:
        return text.translate(ONE_LINE)
    return text.translate(_INERT) if _CONTROL.search(text) else text


def counted(n: int, word: str, many: str | None = None) -> str:
    """ "1 try", "2 tries": n and the word for one or for many (its plural, given where an s will
    not do: "series", "tries")."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


@overload
def did_you_mean(
    word: object, known: Iterable[str], otherwise: str, *, then: str | None = None, cutoff: float = 0.6
) -> str: ...
@overload
def did_you_mean(
    word: object, known: Iterable[str], otherwise: None = None, *, then: str, cutoff: float = 0.6
) -> str: ...
def did_you_mean(
    word: object, known: Iterable[str], otherwise: str | None = None, *, then: str | None = None, cutoff: float = 0.6
) -> str | None:
    """The hint for a word that is not among `known`: "did you mean 'x'?" naming the closest
    known word, followed by `then` (what to choose from) when given; with none close, `then`,
    else `otherwise`. The one did-you-mean: every unknown name is answered alike."""
    import difflib  # only when a word is wrong: not at start-up

    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=cutoff)
    if close:
        return f"did you mean {close[0]!r}?" + (f" {then}" if then else "")
    return then or otherwise
