"""The progress file's lines: which are records, and records from lines already validated.

Shared by the validating reader (load.parse_progress) and the cache, which re-reads a file it
has seen validated, unchanged since, with json.loads alone (about 5× quicker on 100k records,
and without importing pydantic).
"""

from __future__ import annotations

import json
import re
from datetime import date

from tradetrack.core.heap import many_objects
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.values import RECORD_DATES, RECORD_FLAGS, RECORD_NUMBERS, Record


def settled(raw: bytes) -> bytes:
    """The file as a reader takes it: a last line with no newline that is not one JSON value is
    a record being appended at this very instant (store.append writes each batch with one
    write(2), but a reader may see part of it), so it is left out rather than failing the read.
    `check` reads the file as it is and reports such a line."""
    if not raw or raw.endswith(b"\n"):
        return raw
    start = raw.rfind(b"\n") + 1
    try:
        json.loads(raw[start:])
    except (ValueError, RecursionError):  # UnicodeDecodeError too: a character cut in two
        return raw[:start]
    return raw


def entries(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each record: blank lines and lines starting with # are not.
    Split on \\n only (JSON Lines): str.splitlines would also break at U+2028 inside a string."""
    return [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), 1) if _holds_record(line)]


def _holds_record(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def batches(text: str, size: int = 2_000_000):
    """The file's lines in batches of about `size` characters (whole lines), so a large file's
    lines are never all held as strings at once: (first line number, the batch's text)."""
    start, first = 0, 1
    while start < len(text):
        end = text.find("\n", start + size) + 1 or len(text)
        yield first, text[start:end]
        first += text.count("\n", start, end)
        start = end


def lone_carriage_return(text: str) -> tuple[int, int] | None:
    """(line, column) of the first CR not followed by LF. A raw CR cannot occur inside a JSON
    string, so it is a line end of another system, and splitting on LF would hide what follows."""
    at = text.find("\r")
    while at != -1:
        if text[at + 1 : at + 2] != "\n":
            line = text.count("\n", 0, at) + 1
            return line, at - (text.rfind("\n", 0, at) + 1) + 1
        at = text.find("\r", at + 2)
    return None


# A \u escape of a UTF-16 surrogate, after its run of backslashes (an even run is escaped
# backslashes and then the letters, not an escape): a high half followed at once by a low one
# (an emoji) decodes to one character, a half alone to a lone surrogate, which no UTF-8 file,
# page or terminal can hold.
_SURROGATE = re.compile(r"(\\+)u([dD][89a-bA-B]|[dD][c-fC-F])[0-9a-fA-F]{2}")
_LOW = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def lone_surrogates(text: str) -> list[tuple[int, int]]:
    r"""(line, column) of the first \u escape on a line that is half a surrogate pair alone.
    Read from the escapes themselves, without decoding: a line nested a thousand deep cannot
    make it recurse. (An escape outside a string is not JSON: the reader says so.)"""
    out: list[tuple[int, int]] = []
    paired_low, last_line = -1, -1
    for found in _SURROGATE.finditer(text) if "\\u" in text else ():
        if len(found.group(1)) % 2 == 0:
            continue
        at = found.end(1) - 1  # the escape's own backslash
        if found.group(2)[1] in "89abAB" and _LOW.match(text, found.end()):
            paired_low = found.end()  # a high half with its low half: one character
            continue
        if at == paired_low:
            continue
        line_start = text.rfind("\n", 0, at) + 1
        if line_start != last_line:  # one problem a line
            last_line = line_start
            out.append((text.count("\n", 0, line_start) + 1, at - line_start + 1))
    return out


def trusted_records(text: str) -> list[Record]:
    """Records from lines that passed validation before, built as files.progress.parse builds them."""
    return _trusted(entries(text), None)


def trusted_records_of(raw: bytes, only: str) -> list[Record]:
    """trusted_records of the bytes raw (read and validated before: UTF-8 throughout), just the
    commitment `only`'s. A line without a backslash holds its id verbatim, so only the lines
    holding the id or a backslash are found (by bytes.find) and parsed: splitting a million
    lines into strings to keep a thousand took 1.2 s and 600 MB."""
    # Where many lines hold a backslash (a writer that escapes every "/" or accent), finding
    # them one by one cost twice what splitting every line does: past a line a kilobyte, split.
    lines = _lines_holding(raw, (only.encode("utf-8"), b"\\"), most=len(raw) // 1024 + 16)
    if lines is None:
        lines = [(n, line) for n, line in entries(raw.decode("utf-8")) if only in line or "\\" in line]
    return _trusted(lines, only)


def _lines_holding(raw: bytes, needles: tuple[bytes, ...], most: int) -> list[tuple[int, str]] | None:
    """entries() of raw's lines that hold any of needles, in file order; None past `most`."""
    spans = set()
    for needle in needles:
        at = raw.find(needle)
        while at != -1:
            start, end = raw.rfind(b"\n", 0, at) + 1, raw.find(b"\n", at)
            end = len(raw) if end == -1 else end
            spans.add((start, end))
            if len(spans) > most:
                return None
            at = raw.find(needle, end + 1)  # on from the next line
    out, n, counted = [], 1, 0
    for start, end in sorted(spans):
        n += raw.count(b"\n", counted, start)
        counted = start
        line = raw[start:end].decode("utf-8")
        if _holds_record(line):  # as entries() takes them
            out.append((n, line.rstrip("\r")))
    return out


def _trusted(lines: list[tuple[int, str]], only: str | None) -> list[Record]:
    # Collecting while 100,000 records are made finds nothing and costs about a fifth of the read.
    with many_objects():
        rows = json.loads("[" + ",".join(line for _, line in lines) + "]")  # one call: the C decoder
        return _built(rows, lines, only)


# Every field in Record's order, at its default (None where it has none): a record's dict laid
# over it keeps this order, so its values are the Record's fields with no keyword matching.
_TEMPLATE = {**dict.fromkeys(Record._fields), **Record._field_defaults}


def _built(rows: list[dict], lines: list[tuple[int, str]], only: str | None) -> list[Record]:
    """The records of the decoded lines, as Record(**r, line=n) builds them, in about four
    fifths of the time: each day's text is parsed once, and a record's dict laid over _TEMPLATE
    gives its fields in order. A dict with a key Record lacks (or `line`), or without one it
    must have, goes to Record itself, which refuses it as before."""
    days: dict[str, date] = {}
    out = []
    size, new = len(_TEMPLATE), tuple.__new__
    for r, (n, _) in zip(rows, lines, strict=True):
        if only is not None and r["commitment"] != only:
            continue
        for name in RECORD_DATES:
            text = r[name]
            day = days.get(text)
            r[name] = day if day is not None else days.setdefault(text, date.fromisoformat(text))
        for name in RECORD_NUMBERS:
            if r.get(name) is not None:
                r[name] = float(r[name])
        for name in RECORD_FLAGS:
            if name in r and type(r[name]) is not bool:
                r[name] = _flag(r[name])
        full = {**_TEMPLATE, **r}
        if len(full) != size or "line" in r or "commitment" not in r or "source" not in r:
            out.append(Record(**r, line=n))
            continue
        full["line"] = n
        out.append(new(Record, full.values()))
    return out


def _flag(value) -> object:
    """A flag written otherwise than true or false ("false", "no", 0, 1), as the model took it
    when the line was validated: the value itself was truthy ("false" made a to-date figure an
    increment) and no column of the records entry could hold it. Rare, so pydantic is imported
    only here. A value the model refuses stays as written, for Record to refuse."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(bool).validate_json(json.dumps(value))
    except (ValidationError, TypeError, ValueError):
        return value


def bases(commitments, default_basis: str) -> dict[str, str]:
    """The basis a purchase's records take when they name none: the commitment's, else the file's.
    Rates and events take none: a basis is a source of purchase figures."""
    return {c.id: (c.basis or default_basis) for c in commitments if c.kind in AMOUNT_KINDS}


def with_bases(records, basis_of: dict[str, str]) -> list[Record]:
    return [r if r.basis or r.commitment not in basis_of else r._replace(basis=basis_of[r.commitment]) for r in records]
