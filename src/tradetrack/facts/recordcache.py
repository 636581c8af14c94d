"""Progress records, kept beside the cache entry for the commands that list them.

A report of 100,000 records read them back from the progress file with json.loads and built
each Record from its dict, about half a second of it. This entry holds the records as JSON
arrays, one a field in Record's order (dates as day ordinals), which decode with no per-field
work and zip into Records in C (a fifth of the time),
under the size and CRC-32 of the progress bytes they came from. cache.records uses it only when
the progress file holds those very bytes now, the rule by which it trusts the file itself, so it
can never serve a record the file no longer holds. It is written the first time records are
read from an unchanged file (so a cold `status` pays nothing for it); anything wrong with it
(damaged, cut short, of another format, not ours alone) means only that the file is read."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path

from tradetrack import __version__
from tradetrack.core.heap import many_objects
from tradetrack.core.values import Record
from tradetrack.facts import private
from tradetrack.files import identity

FORMAT = 2  # 2: columns, not rows
_DAY = Record._fields.index("date")
_WIDTH = len(Record._fields)
_RECORD = partial(tuple.__new__, Record)  # Record(*row) without a Python call


def entry_of(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.stem + ".records.json")


def _head(content: tuple[int, int], body: bytes) -> list:
    return [FORMAT, __version__, *content, len(body), identity.checksum(body)]


def save(path: Path, content: tuple[int, int], records: list[Record]) -> None:
    """Keep `records`, as read from progress bytes of `content` (size, CRC-32)."""
    if not private.enabled():
        return
    with many_objects():
        columns = [list(column) for column in zip(*records, strict=True)] if records else [[] for _ in range(_WIDTH)]
        columns[_DAY] = [d.toordinal() for d in columns[_DAY]]
        body = json.dumps(columns, separators=(",", ":")).encode()
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


def _built(columns) -> list[Record]:
    """Records from their columns, each day's date made once and each record made in C. A
    column too many or too few, columns of unequal lengths or a day no date holds are refused
    (ValueError, TypeError): the entry is not used."""
    if type(columns) is not list or len(columns) != _WIDTH or any(type(c) is not list for c in columns):
        raise ValueError("columns of another shape")
    days = {n: date.fromordinal(n) for n in set(columns[_DAY])}
    columns[_DAY] = list(map(days.__getitem__, columns[_DAY]))
    return list(map(_RECORD, zip(*columns, strict=True)))
