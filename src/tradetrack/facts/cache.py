"""The load, cached: unchanged files are not parsed and validated again.

An entry holds what `status` needs (settings, deals, commitments and the facts of the records)
under a key: the identities of the commitments and progress bytes it was built from (stat data
and CRC-32; see files/identity.py) plus the format, tradetrack and Python versions. A warm run
compares the files' stat data only and reads neither file, unless the stat data changed or lies
too close to the moment the bytes were read (then it compares their CRC-32). A run whose files
hold other bytes loads afresh. Records themselves are read back when a command needs them,
from the records entry beside this one (facts/recordcache.py) or the progress file.

On disk: one line of JSON (the key, the body's and the blob's lengths and a CRC-32 of both),
the body as JSON (settings, deals, commitments, facts), then the blob: the facts' number
columns as raw machine arrays. The entry is read whole into the process's own memory in one
read, and the columns are read-only views of that copy, with no parsing. It is not mapped:
a mapped file cut short or rewritten in place by anything else (truncate, rsync --inplace, a
restore) would kill the command with SIGBUS or change figures under it after the CRC-32 was
checked. The copy costs a million figures' worth (17 MB) about 8 ms.

What an entry can and cannot do:
- It is JSON, decoded into whitelisted value classes only: a planted or corrupt entry cannot
  run code, whatever it holds (pickle could).
- Entries live in a directory of the user's own (0700) as files only the user can read (0600,
  written whole by files/atomic.py: an unpredictable temporary name, renamed). A directory or
  entry that another user owns or could write is not used at all (facts/private.py), so no
  one else can feed `status` a forged entry.
- A missing, damaged (its CRC-32 does not match), corrupt or foreign entry is ignored and
  rewritten; failing to write one is never an error. TRADETRACK_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from array import array
from datetime import date
from pathlib import Path
from typing import Literal, cast

from tradetrack import __version__
from tradetrack.core import values
from tradetrack.core.problems import Problem
from tradetrack.core.status import STANDINGS
from tradetrack.core.value import Value
from tradetrack.facts import index, private
from tradetrack.facts.ledger import Ledger, loaded
from tradetrack.files import identity
from tradetrack.files.workspace import Location, cache_dir

FORMAT = 10  # 10: a value's fields as a list in its class's order
# What an entry may hold: value classes and the facts' tuples, nothing else.
VALUE_CLASSES = {
    name: cls
    for name, cls in vars(values).items()
    if isinstance(cls, type) and issubclass(cls, Value) and cls is not Value
}
TUPLE_CLASSES = {cls.__name__: cls for cls in (index.Facts, index.Series, index.Inconsistency)}


def cache_file(location: Location) -> Path:
    # The name only spreads workspaces over files; the key inside decides what is served.
    # fsencode: a path of bytes that are not UTF-8 (TRADETRACK_DATA, the working directory) is
    # still a path, and its bytes are what the name spreads
    name = f"{zlib.crc32(os.fsencode(os.path.realpath(location.commitments))):08x}"
    return cache_dir() / f"{name}.json"


def key_of(ledger_key: tuple) -> list:
    return [FORMAT, __version__, sys.version, ledger_key]


def current_key(location: Location, progress: identity.Identity | None = None) -> tuple:
    """The identities of the files as they are now, bytes read (`progress`: the caller has just read it)."""
    return (identity.current(location.commitments), progress or identity.current(location.progress))


def _fresh_key(location: Location, stored: list, progress: identity.Identity | None) -> tuple[tuple | None, bool]:
    """(The key of the files now, whether it is worth writing down) if they hold the bytes
    `stored` was built from, else (None, False). Files are compared by stat data where it can be
    trusted, else by CRC (files/identity.py). An identity read again replaces the stored one; it
    is worth writing when the stat data changed or stops being racy (the next run reads less)."""
    out, worth = [], False
    for stored_id, path, given in zip(stored, (location.commitments, location.progress), (None, progress), strict=True):
        stored_id = tuple(stored_id) if stored_id is not None else None
        if given is not None:  # the caller has just read the bytes
            if stored_id is None or identity.content_of(given) != identity.content_of(stored_id):
                return None, False
            out.append(given)
            continue
        same, fresh = identity.unchanged(stored_id, path)
        if not same:
            return None, False
        if fresh is not None and stored_id is not None:
            changed = identity.stat_of(fresh) != identity.stat_of(stored_id)
            worth = worth or changed or not identity.racy(fresh)
        out.append(fresh or stored_id)
    return tuple(out), worth and progress is None  # with `progress`, the caller writes the entry


def open_ledger(location: Location, progress: identity.Identity | None = None) -> tuple[Ledger | None, list[Problem]]:
    """The ledger of the workspace at location, from the cache when its files are unchanged;
    otherwise loaded, checked and indexed afresh. Returns (ledger, []) or (None, problems).
    `progress`: the identity of the progress file, if the caller has just read it."""
    if private.enabled():
        ledger = _read(location, progress)
        if ledger is not None:
            return ledger, []
    ledger, problems = loaded(location)
    if ledger is None:
        return None, problems
    save(ledger)
    return ledger, []


def records(ledger: Ledger, only: str | None = None) -> tuple[tuple[values.Record, ...], list[Problem]]:
    """The progress records, for commands that show them (show, report, progress list); with
    `only`, that commitment's. If the file's bytes are still those the ledger was built from
    (same size and CRC), they were validated then: all of them come from the records entry
    (facts/recordcache.py), else json.loads is enough; otherwise the validating reader reads
    them and reports what changed."""
    seen = ledger.key[1]
    raw: bytes | None
    try:
        raw = ledger.location.progress.read_bytes()
    except FileNotFoundError:
        raw = b"" if seen is None else None
    except OSError:
        raw = None
    content = (len(raw), identity.checksum(raw)) if raw is not None else None
    if raw is not None and (seen is None and not raw or seen is not None and content == identity.content_of(seen)):
        from tradetrack.files.jsonl import bases, settled, trusted_records_of, with_bases

        trusted = _kept(ledger, raw, content) if only is None else trusted_records_of(settled(raw), only)
        return tuple(with_bases(trusted, bases(ledger.commitments, ledger.settings.default_basis))), []
    from tradetrack.files.load import read_records  # imports pydantic

    found, problems = read_records(ledger.location, ledger.settings, ledger.commitments)
    return (found if only is None else tuple(r for r in found if r.commitment == only)), problems


def _kept(ledger: Ledger, raw: bytes, content) -> list[values.Record]:
    """Every record of raw (bytes the ledger was built from): from the records entry, or read
    and then kept there for the next command."""
    from tradetrack.facts import recordcache
    from tradetrack.files.jsonl import settled, trusted_records

    path = recordcache.entry_of(cache_file(ledger.location))
    found = recordcache.read(path, content)
    if found is None:
        found = trusted_records(settled(raw).decode("utf-8"))
        recordcache.save(path, content, found)
    return found


def after_append(ledger: Ledger, facts: dict, progress: identity.Identity) -> None:
    """Keep the cache current after records were appended (so the next status stays warm):
    `facts` are those of the commitments the new records touched, as the add computed them;
    `progress` is the identity of the progress file as written. The commitments' identity is
    the one the ledger was built from: if the file was edited since, the entry will not match."""
    save(ledger._replace(key=(ledger.key[0], progress), facts={**ledger.facts, **facts}))


# --- the entry on disk ----------------------------------------------------------------------


# Which fields of each value class hold dates: written as bare day ordinals, read back by name.
DATE_FIELDS = {
    name: frozenset(
        f
        for klass in cls.__mro__
        for f, t in getattr(klass, "__annotations__", {}).items()
        if str(t).split(" ")[0] in ("date", "datetime.date")
    )
    for name, cls in VALUE_CLASSES.items()
}
# Which hold tuples (JSON gives lists): only these are converted on reading, not every field.
TUPLE_FIELDS = {
    name: tuple(
        f
        for klass in cls.__mro__
        for f, t in getattr(klass, "__annotations__", {}).items()
        if str(t).startswith("tuple[") and f in cls._field_set
    )
    for name, cls in VALUE_CLASSES.items()
}

# The same, as positions in the list of a value's fields that an entry holds.
_AT = {
    name: tuple(
        tuple(i for i, f in enumerate(cls._fields) if f in names) for names in (DATE_FIELDS[name], TUPLE_FIELDS[name])
    )
    for name, cls in VALUE_CLASSES.items()
}


def _encode(obj, blob: bytearray):
    """obj as JSON-able data; the facts' number columns go into blob (see _series)."""
    if isinstance(obj, Value):
        # Its fields' values in its class's order, not an object of name: value pairs (each
        # name parsed again for every commitment: a warm status on 1,000 took 28 ms to decode).
        dates = DATE_FIELDS[type(obj).__name__]
        values = []
        for name in obj._fields:
            value = getattr(obj, name)
            values.append(value.toordinal() if name in dates and value is not None else _encode(value, blob))
        return {"$v": type(obj).__name__, "f": values}
    if isinstance(obj, date):
        return {"$d": obj.toordinal()}
    if isinstance(obj, index.Facts):
        # One object a commitment (not one per basis, date and mapping): a warm status decodes
        # a thousand of these, and each JSON object costs a call into Python.
        return {
            "$f": [
                [[b, *_put(s, blob)] for b, s in obj.series.items()],
                [_encode(i, blob) for i in obj.inconsistencies],
                [[d.toordinal(), x, st] for d, x, st in obj.rates],
                [[d.toordinal(), e, st] for d, e, st in obj.events],
                [[b, m] for b, m in obj.measures.items()],
                [list(x) for x in obj.superseded],
                [[r.basis, r.date.toordinal(), r.line, r.previous, r.total, r.kind] for r in obj.revisions],
                [[x.date.toordinal(), x.line, x.event, x.amount, x.rate, x.basis] for x in obj.claims],
            ]
        }
    if isinstance(obj, index.Series):
        return {"$s": _put(obj, blob)}
    if type(obj).__name__ in TUPLE_CLASSES and isinstance(obj, tuple):
        return {"$t": type(obj).__name__, "f": [_encode(v, blob) for v in obj]}
    if isinstance(obj, (list, tuple)):
        return [_encode(v, blob) for v in obj]
    if isinstance(obj, dict):
        return {"$m": [[_encode(k, blob), _encode(v, blob)] for k, v in obj.items()]}
    return obj


_CODES: tuple[Literal["i", "d", "b"], ...] = ("i", "d", "i", "b")  # a Series' arrays
_COLUMNS = tuple((code, array(code).itemsize) for code in _CODES)
_ROW = sum(size for _, size in _COLUMNS)
_LAST_DAY = date.max.toordinal()
_STANDING_CODES = bytes(range(len(STANDINGS)))


def _put(s: index.Series, blob: bytearray) -> list[int]:
    """[figures, offset]: a series' columns, one after the other, appended to blob."""
    at = len(blob)
    for column in s:
        blob += column.tobytes()
    return [len(s.days), at]


def _facts(series, inconsistencies, rates, events, measures, superseded, revisions, claims, blob) -> index.Facts:
    # Most of a commitment's facts are empty: () at once, not a generator each (1,000 a status).
    return index.Facts(
        {b: _series(n, at, blob) for b, n, at in series},
        tuple(inconsistencies),
        tuple((_ordinal(d), x, st) for d, x, st in rates) if rates else (),
        tuple((_ordinal(d), e, st) for d, e, st in events) if events else (),
        {b: m for b, m in measures} if measures else {},
        tuple((a, b) for a, b in superseded) if superseded else (),
        tuple(index.Revision(b, _ordinal(d), n, p, t, k) for b, d, n, p, t, k in revisions) if revisions else (),
        tuple(index.Claim(_ordinal(d), n, e, a, r, b) for d, n, e, a, r, b in claims) if claims else (),
    )


def _series(n: int, at: int, blob: memoryview) -> index.Series:
    """A series' columns as read-only views of the entry's blob, items as the arrays give them
    (a view reads each item by copying its bytes, so an odd offset is no fault). The CRC-32 says
    the entry is as written; the bounds below keep an entry written wrong (by hand, or by a bug)
    from failing later, mid-judgement, instead of here, where it only means a fresh load."""
    if type(n) is not int or type(at) is not int or n < 0 or at < 0 or at + n * _ROW > len(blob):
        raise ValueError("series outside the blob")
    parts = []
    for code, size in _COLUMNS:
        parts.append(cast(array, blob[at : at + n * size].cast(code)))  # read-only: see index.Series
        at += n * size
    s = index.Series(*parts)
    if n and not (1 <= s.days[0] <= s.days[-1] <= _LAST_DAY):
        raise ValueError("days outside the calendar")
    if s.standings.tobytes().translate(None, _STANDING_CODES):
        raise ValueError("a standing out of range")
    return s


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


_new = object.__new__
_ordinal = date.fromordinal


def _hook_of(blob: memoryview):
    def hook(d: dict):
        """Decode one JSON object: only the shapes _encode writes, only whitelisted classes. A
        value is built without re-checking its fields one by one (they were values when
        written, and the entry's CRC-32 says it is as written), but only with exactly its
        class's fields."""
        if "$v" in d:
            name, values = d["$v"], d["f"]
            cls = VALUE_CLASSES[name]
            if len(d) != 2 or type(values) is not list or len(values) != len(cls._fields):
                raise ValueError("fields do not match")
            dates, tuples = _AT[name]
            for i in dates:
                if values[i] is not None:
                    values[i] = _ordinal(values[i])
            for i in tuples:
                if type(values[i]) is list:  # value fields hold tuples, one level deep
                    values[i] = tuple(values[i])
            obj = _new(cls)
            obj.__dict__.update(zip(cls._fields, values, strict=True))
            return obj
        if "$f" in d:
            return _facts(*d["$f"], blob)  # type: ignore[call-arg]
        if "$s" in d:
            return _series(*d["$s"], blob)  # type: ignore[call-arg]
        if "$d" in d:
            return _ordinal(d["$d"])
        if "$t" in d:
            return TUPLE_CLASSES[d["$t"]](*(_tuples(v) for v in d["f"]))
        if "$m" in d:
            return {_tuples(k): v for k, v in d["$m"]}
        return d

    return hook


def _read(location: Location, progress: identity.Identity | None = None) -> Ledger | None:
    """The entry of location's workspace if it was built from the bytes its files hold now.
    Anything wrong with the entry (damaged, foreign, of another format) makes it None."""
    entry = private.read(cache_file(location))  # one copy, checked below and immutable from then on
    if entry is None:
        return None
    try:
        end = entry.find(b"\n", 0, 64 * 1024) + 1
        head = json.loads(entry[:end] if end else b"")
        if head[:3] != json.loads(json.dumps(key_of(())[:3])):  # format and versions first
            return None
        stored, body_len, blob_len, crc = head[3:]
        key, worth = _fresh_key(location, stored, progress)
        if key is None:
            return None
        view = memoryview(entry)[end:]
        if len(view) != body_len + blob_len or identity.checksum(view) != crc:
            return None  # damaged: whatever it holds is not used
        hook = _hook_of(view[body_len:])
        settings, deals, commitments, facts = json.loads(view[:body_len].tobytes(), object_hook=hook)
        ledger = Ledger(location, key, settings, tuple(deals), tuple(commitments), facts)
    except Exception:  # noqa: BLE001  any fault in an entry means only that it is not used
        return None
    if worth:  # the bytes are those the entry was built from, read again: note their new identity
        save(ledger)
    return ledger


def save(ledger: Ledger) -> None:
    if not private.enabled():
        return
    blob = bytearray()
    try:
        body = json.dumps(
            _encode([ledger.settings, ledger.deals, ledger.commitments, ledger.facts], blob), separators=(",", ":")
        ).encode()
    except ValueError:
        return
    head = key_of(ledger.key) + [len(body), len(blob), identity.checksum(bytes(blob), identity.checksum(body))]
    private.write(cache_file(ledger.location), (json.dumps(head).encode() + b"\n", body, blob))
