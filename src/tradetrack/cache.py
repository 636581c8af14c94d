"""A cache of the validated load, so unchanged files are not parsed and validated again.

Keyed on the files' identity and content: real path, inode, size, mtime and a CRC-32 of
the bytes of the commitments and progress files, plus the tradetrack and Python versions. Any
change (an edit, a touch, a replaced file) gives another key and a fresh load. A cache that is
missing, corrupt, stale or written by another version is ignored and rewritten; failing to
write it is never an error. It holds what `status` needs (commitments and the facts of their
records); the records themselves are re-read from the progress file when a command needs them.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from pathlib import Path

from tradetrack import __version__
from tradetrack.workspace import Location

FORMAT = 3


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tradetrack"


def cache_file(location: Location) -> Path:
    # The name only spreads workspaces over files; the key inside decides what is served.
    name = f"{zlib.crc32(os.path.realpath(location.commitments).encode()):08x}"
    return cache_dir() / f"{name}.pickle"


def checksum(content: bytes, running: int = 0) -> int:
    """CRC-32 of a file's bytes; checksum(added, old) continues it over an append.

    CRC-32 catches any accidental change (zip and PNG rely on it), and with the size, mtime and
    inode beside it in the key a stale hit would need a same-size edit within one mtime tick
    that also keeps the CRC. A cryptographic hash would add ~25 ms a run on 100k records and
    guard only against someone forging a collision, who could as well edit the cache itself."""
    return zlib.crc32(content, running)


def _identity(path: Path, known: tuple[os.stat_result, int] | None = None) -> tuple | None:
    """Real path, inode, size, mtime and checksum; `known` is a (stat, checksum) the caller
    already has for the bytes it read or wrote, so a large file is not read again."""
    try:
        real = os.path.realpath(path)
        st, crc = known if known else (os.stat(real), checksum(Path(real).read_bytes()))
    except OSError:
        return None
    return (real, st.st_ino, st.st_size, st.st_mtime_ns, crc)


def fingerprint(location: Location, progress: tuple[os.stat_result, int] | None = None) -> tuple:
    return (FORMAT, __version__, sys.version, _identity(location.commitments),
            _identity(location.progress, progress))


def load(location: Location, progress: tuple[os.stat_result, int] | None = None):
    """The validated data for location, from the cache when the files are unchanged.
    `progress` is the (stat, checksum) of the progress file, if the caller has read it."""
    enabled = os.environ.get("TRADETRACK_NO_CACHE") is None
    key = fingerprint(location, progress) if enabled else None
    if enabled:
        data = _read(location, key)
        if data is not None:
            return data
    from tradetrack import load as loader  # pydantic and PyYAML: only on a miss

    data = loader.load(location)
    if enabled and fingerprint(location) == key:  # unchanged while we read it
        save(location, key, data)
    return data


def _read(location: Location, key: tuple):
    try:
        with open(cache_file(location), "rb") as f:
            stored_key, parts = pickle.load(f)
    except Exception:  # missing, corrupt, or from another version: just load afresh
        return None
    if stored_key != key:
        return None
    from tradetrack.domain import Data

    settings, deals, commitments, facts = parts
    return Data(location=location, settings=settings, deals=deals, commitments=commitments, facts=facts,
                read_records=lambda cid: _records(location, settings, key[4], cid))


def _records(location: Location, settings, seen: tuple | None, only: str | None):
    """The records, for commands that need them (show, report, progress list). The file was
    validated when this cache entry was made: if its bytes are still those (same size and
    checksum), json.loads is enough; otherwise the validating reader reports what changed.
    `only`: just that commitment's records."""
    try:
        raw = location.progress.read_bytes()
    except OSError:
        raw = None
    if raw is not None and seen is not None and (len(raw), checksum(raw)) == (seen[2], seen[4]):
        from tradetrack.jsonl import trusted_records

        return tuple(trusted_records(raw.decode("utf-8"), settings.default_basis, only))
    from tradetrack.load import read_records  # imports pydantic

    records = read_records(location, settings)
    return records if only is None else tuple(r for r in records if r.commitment == only)


def save(location: Location, key: tuple, data) -> None:
    path = cache_file(location)
    parts = (data.settings, data.deals, data.commitments, data.facts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((key, parts), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def after_append(location: Location, data, new_records, progress: tuple[os.stat_result, int]) -> None:
    """Keep the cache current after records were appended (so the next status stays warm):
    extend the facts of the commitments concerned, or drop the cache if that is not simple.
    `progress` is the (stat, checksum) of the file as written."""
    from tradetrack.assess import extend_facts

    facts = dict(data.facts)
    for r in new_records:
        c = data.commitment(r.commitment)
        updated = extend_facts(c, facts.get(c.id), r)
        if updated is None:
            try:
                os.unlink(cache_file(location))
            except OSError:
                pass
            return
        facts[c.id] = updated
    save(location, fingerprint(location, progress), data.replace(facts=facts))
