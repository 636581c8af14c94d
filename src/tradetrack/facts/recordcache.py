"""Progress records, kept beside the cache entry for the commands that list them.

A report of 100,000 records read them back from the progress file with json.loads and built
each Record from its dict, about half a second of it. This entry holds the records as JSON
arrays in Record's field order (dates as day ordinals), which decode with no per-field work,
under the size and CRC-32 of the progress bytes they came from. cache.records uses it only when
the progress file holds those very bytes now, the rule by which it trusts the file itself, so it
can never serve a record the file no longer holds. It is written the first time records are
read from an unchanged file (so a cold `status` pays nothing for it); anything wrong with it
(damaged, cut short, of another format, not ours alone) means only that the file is read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tradetrack import __version__
from tradetrack.core.heap import many_objects
from tradetrack.core.values import Record
from tradetrack.facts import private
from tradetrack.files import identity

FORMAT = 1
_DAY = Record._fields.index("date")
_WIDTH = len(Record._fields)


def entry_of(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.stem + ".records.json")


def _head(content: tuple[int, int], body: bytes) -> list:
    return [FORMAT, __version__, *content, len(body), identity.checksum(body)]


def save(path: Path, content: tuple[int, int], records: list[Record]) -> None:
    """Keep `records`, as read from progress bytes of `content` (size, CRC-32)."""
    if not private.enabled():
        return
    with many_objects():
        rows = [[*r[:_DAY], r.date.toordinal(), *r[_DAY + 1 :]] for r in records]
        body = json.dumps(rows, separators=(",", ":")).encode()
    private.write(path, (json.dumps(_head(content, body)).encode() + b"\n", body))


def read(path: Path, content: tuple[int, int]) -> list[Record] | None:
    """The records kept for progress bytes of `content`, or None."""
    entry = private.read(path)
    if entry is None:
        return None
    end = entry.find(b"\n") + 1
    body = memoryview(entry)[end:]
    try:
        if not end or json.loads(entry[:end]) != _head(content, body):  # type: ignore[arg-type]
            return None
        with many_objects():
            return _built(json.loads(body.tobytes()))
    except (ValueError, TypeError, OverflowError, RecursionError):  # any fault: the file is read instead
        return None


def _built(rows: list) -> list[Record]:
    """Records from their rows, each day's date made once. A row of another width, or a day no
    date holds, is refused (ValueError): the entry is not used."""
    days: dict[int, date] = {}
    new, out = tuple.__new__, []
    for row in rows:
        if type(row) is not list or len(row) != _WIDTH:
            raise ValueError("a row of another shape")
        n = row[_DAY]
        day = days.get(n)
        row[_DAY] = day if day is not None else days.setdefault(n, date.fromordinal(n))
        out.append(new(Record, row))
    return out
