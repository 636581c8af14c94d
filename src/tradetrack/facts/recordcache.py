"""Progress records, kept beside the cache entry for the commands that list them.

A report of 100,000 records read them back from the progress file with json.loads and built
each Record from its dict, about half a second of it. This entry holds them as columns, one a
field in Record's order (dates as day ordinals), which zip into Records in C. Most columns
repeat a few values (a thousand commitment ids, two bases, one unit, all None or all False) or
are numbers, which JSON spells out digit by digit, so each is written in the first of four
shapes that gives back exactly its values:

- ``["same", value, count]``: every value the same str, None or bool;
- ``["keys", table, count]``: values all str, None or bool: the distinct ones, and each row's
  index into them in the data (unsigned 32-bit);
- ``["packed", code, count, holes]``: numbers of one type, floats (code "d") or ints within 64
  bits ("q"), and None in at most half the rows: every row's item in the data, their very bits
  (0.0 and -0.0, or 2**53 + 2, come back as they went), then the rows of the Nones (32-bit);
- ``["plain", values]``: anything else (numbers of mixed types, mostly None), as JSON.

Only str, None and bool are keyed, types in which equal values are one value: a number never is
(True == 1 == 1.0 and 0.0 == -0.0 would share a key and come back as one). The entry is a JSON
head line, a JSON line of the columns, then the data: each column's packed items in turn,
little-endian. Reading the 100k benchmark workspace's entry went from 156 ms (format 2, plain
JSON columns in a 12 MB body, json.loads 95 ms of it) to 73 ms, medians of 5 in one process;
what is left is mostly making 100,000 Records (25 ms) and the collection after it (14 ms).

The entry is kept under the size and CRC-32 of the progress bytes it came from; cache.records
uses it only when the progress file holds those very bytes now, the rule by which it trusts the
file itself, so it can never serve a record the file no longer holds. It is written the first
time records are read from an unchanged file (so a cold `status` pays nothing for it); anything
wrong with it (damaged, cut short, of another format or shape, not ours alone) means only that
the file is read. So does an entry the CRC says is as written but that no save would write: a
value of a type its field never holds (known per column from its shape, at no cost), columns
of unequal rows, or more rows than the progress file's size could hold."""

from __future__ import annotations

import array
import json
import sys
from collections.abc import Callable
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import get_args, get_type_hints

from tradetrack import __version__
from tradetrack.core.heap import many_objects
from tradetrack.core.values import Record
from tradetrack.facts import private
from tradetrack.files import identity

FORMAT = 3  # 3: columns in shapes, numbers and indices packed; 2: plain JSON columns
_DAY = Record._fields.index("date")
_WIDTH = len(Record._fields)
_KEYED = frozenset({str, type(None), bool})  # of these types, equal values are of one type and the same
_INDEX = "I"  # the array code of an index into a column's table
_NUMBERS = {float: "d", int: "q"}  # the array code that holds every number of that type exactly
_INT64 = (-(2**63), 2**63 - 1)
_SWAP = sys.byteorder != "little"  # the data is little-endian on every machine
# A record's line holds its commitment, date and source at least: {"commitment":"","date":
# "2026-01-01","source":""} is 49 bytes, so a file holds at most one record in 32 of its bytes.
_LEAST_LINE = 32


def _held(hint) -> frozenset[type]:
    """The types a Record field of this annotation holds in the entry (a date as its ordinal)."""
    if hint is date:
        return frozenset({int})
    return frozenset(get_args(hint) or (hint,))


_TYPES = tuple(_held(get_type_hints(Record)[name]) for name in Record._fields)


def entry_of(cache_file: Path) -> Path:
    # still .json, though only its first two lines are: an older entry is replaced, not orphaned
    return cache_file.with_name(cache_file.stem + ".records.json")


def _head(content: tuple[int, int], body: bytes | memoryview) -> list:
    return [FORMAT, __version__, *content, len(body), identity.checksum(body)]


def save(path: Path, content: tuple[int, int], records: list[Record]) -> None:
    """Keep `records`, as read from progress bytes of `content` (size, CRC-32)."""
    if not private.enabled():
        return
    with many_objects():
        columns = [list(column) for column in zip(*records, strict=True)] if records else [[] for _ in range(_WIDTH)]
        columns[_DAY] = [d.toordinal() for d in columns[_DAY]]
        data: list[bytes] = []
        shapes = [_shaped(column, data) for column in columns]
        body = b"".join([json.dumps(shapes, separators=(",", ":")).encode(), b"\n", *data])
    private.write(path, (json.dumps(_head(content, body)).encode() + b"\n", body))


def _shaped(values: list, data: list[bytes]) -> list:
    """A column in the first shape that gives its values back exactly (see the docstring); the
    items it packs are appended to data."""
    types = set(map(type, values))
    if values and types <= _KEYED:  # no number: True == 1 == 1.0 and 0.0 == -0.0 would merge
        keys = {value: i for i, value in enumerate(dict.fromkeys(values))}
        if len(keys) == 1:
            return ["same", values[0], len(values)]
        data.append(_packed(array.array(_INDEX, map(keys.__getitem__, values))))
        return ["keys", list(keys), len(values)]
    numbers = types - {type(None)}
    code = _NUMBERS.get(numbers.pop()) if len(numbers) == 1 else None
    if code is not None:
        holes = [row for row, value in enumerate(values) if value is None] if len(types) == 2 else []
        full = [0 if value is None else value for value in values] if holes else values
        if len(holes) * 2 <= len(values) and (code == "d" or _INT64[0] <= min(full) and max(full) <= _INT64[1]):
            data.append(_packed(array.array(code, full)))
            data.append(_packed(array.array(_INDEX, holes)))
            return ["packed", code, len(values), len(holes)]
    return ["plain", values]


def _packed(items: array.array) -> bytes:
    if _SWAP:
        items.byteswap()
    return items.tobytes()


def read(path: Path, content: tuple[int, int]) -> list[Record] | None:
    """The records kept for progress bytes of `content`, or None."""
    entry = private.read(path)
    if entry is None:
        return None
    end = entry.find(b"\n") + 1
    body = memoryview(entry)[end:]
    try:
        if not end or json.loads(entry[:end]) != _head(content, body):
            return None
        split = entry.find(b"\n", end) + 1  # no second line: json.loads(b"") refuses it
        with many_objects():
            most = content[0] // _LEAST_LINE  # records the progress file can hold at most
            return _built(json.loads(entry[end:split]), _Data(memoryview(entry)[split:], most))
    except (ValueError, TypeError, IndexError, OverflowError, RecursionError):  # any fault: the file is read instead
        return None


class _Data:
    """The packed items, taken column by column: every column as long as the first, which is
    within what the progress file can hold (an entry of a few bytes made [None] * 10**12, a
    MemoryError), and every byte taken by a column, no more (data that ends within a column
    leaves that column short and is refused here too)."""

    def __init__(self, data: memoryview, most: int) -> None:
        self.data, self.most, self.taken = data, most, 0
        self.rows: int | None = None  # the first column's count, which every other must equal

    def count(self, count: int) -> int:
        if type(count) is not int or not 0 <= count <= self.most:
            raise ValueError(f"a count beyond the file: {count!r}")
        return count

    def column(self, count: int) -> int:
        """A column's count of rows: checked before the column is built, not by zip at the end."""
        if self.rows is None:
            self.rows = self.count(count)
        elif count != self.rows:
            raise ValueError(f"a column of {count!r} rows among columns of {self.rows}")
        return count

    def take(self, code: str, count: int) -> array.array:
        items = array.array(code)
        start, self.taken = self.taken, self.taken + self.count(count) * items.itemsize
        items.frombytes(self.data[start : self.taken])
        if _SWAP:
            items.byteswap()
        return items

    def done(self) -> None:
        if self.taken != len(self.data):
            raise ValueError("data no column takes")


def _built(columns, data: _Data) -> list[Record]:
    """Records from their columns, each day's date made once and each record made in C. A
    column too many or too few, columns of unequal lengths, a shape unknown or ill-formed, an
    index beyond its table, data short or left over, or a day no date holds are refused
    (ValueError, TypeError, IndexError): the entry is not used."""
    if type(columns) is not list or len(columns) != _WIDTH or any(type(c) is not list or not c for c in columns):
        raise ValueError("columns of another shape")
    columns = [_values(column, data, types) for column, types in zip(columns, _TYPES, strict=True)]
    data.done()
    days = {n: date.fromordinal(n) for n in set(columns[_DAY])}
    columns[_DAY] = list(map(days.__getitem__, columns[_DAY]))
    return list(map(tuple.__new__, repeat(Record), zip(*columns, strict=True)))  # Record(*row) without a Python call


def _values(column: list, data: _Data, types: frozenset[type]) -> list:
    """One column's values, from its shape, each of a type its field holds (a list for a unit,
    forged under a CRC that fits, gave a report a traceback): a shape's types are known from
    its few values, its table or its code, so only a plain column is looked at value by value."""
    shape = _SHAPES.get(column[0]) if type(column[0]) is str else None
    if shape is None:
        raise ValueError(f"a column of unknown shape {column[0]!r}")
    values, held = shape(data, *column[1:])
    if not held <= types:
        raise ValueError(f"values of {sorted(t.__name__ for t in held - types)} in a field of others")
    return values


def _same(data: _Data, value, count: int) -> tuple[list, set[type]]:
    return [value] * data.column(count), {type(value)}


def _keys(data: _Data, table: list, count: int) -> tuple[list, set[type]]:
    indices = data.take(_INDEX, data.column(count))
    if type(table) is not list:
        raise ValueError("a table, not a list")
    # an index beyond it: IndexError, as cheap as a check
    return list(map(table.__getitem__, indices)), set(map(type, table)) if indices else set()


def _numbers(data: _Data, code: str, count: int, holes: int) -> tuple[list, set[type]]:
    number = next((t for t, c in _NUMBERS.items() if c == code), None)
    if number is None:  # another code gives other numbers (float32, bytes)
        raise ValueError(f"numbers packed as {code!r}")
    values = data.take(code, data.column(count)).tolist()
    for row in data.take(_INDEX, holes):  # a row beyond the column: IndexError
        values[row] = None
    return values, {number, type(None)} if holes else {number}


def _plain(data: _Data, values: list) -> tuple[list, set[type]]:
    if type(values) is not list:
        raise ValueError("plain values, not a list")
    data.column(len(values))
    return values, set(map(type, values))


_SHAPES: dict[str, Callable[..., tuple[list, set[type]]]] = {
    "same": _same,
    "keys": _keys,
    "packed": _numbers,
    "plain": _plain,
}
