"""What identifies a file's content for the load cache: its stat data and a CRC-32 of its bytes.

As git's index does, an unchanged file is recognised by its stat data alone (real path, device,
inode, size, mtime and ctime in nanoseconds), without reading it. Stat data can be trusted only
when the file's last change lies clearly before the moment its bytes were read: an edit within
the same timestamp tick (one or two seconds on some file systems, a clock tick on others) could
leave every stat field as it was. Such an entry is "racy" (git's word) and its file's bytes are
read and compared by CRC-32 on every use, until the cache is written again at a later moment.

CRC-32 catches any accidental change (zip and PNG rely on it). It is not a cryptographic check:
it does not stand against someone who forges a collision on purpose (who could as well edit the
data file itself). A SHA-256 would cost about 25 ms a run on 100,000 records.
"""

from __future__ import annotations

import os
import time
import zlib

# (real path, inode, size, mtime_ns, crc32, device, ctime_ns, read_ns): the CRC stays at index 4
# (callers continue it over an append); read_ns is when the bytes were read (the racy rule).
Identity = tuple
# How close to the moment of reading a change may lie before stat data is not trusted: FAT
# stores mtimes in 2 s steps, ext3 and HFS+ in 1 s; a margin of 2 s covers them.
RACY_NS = 2_000_000_000
_stat, _fstat = os.stat, os.fstat  # named here so a test can play a file system with coarse timestamps


def checksum(content: bytes | memoryview, running: int = 0) -> int:
    """CRC-32 of bytes; checksum(added, old) continues it over an append."""
    return zlib.crc32(content, running)


def of(
    path: os.PathLike | str, st: os.stat_result, content: bytes, crc: int | None = None, read_ns: int | None = None
) -> Identity:
    """The identity of `content`, read from `path` whose stat (from the same open file) is `st`;
    `read_ns`: when the reading began (default: now)."""
    return (
        os.path.realpath(path),
        st.st_ino,
        len(content),
        st.st_mtime_ns,
        checksum(content) if crc is None else crc,
        st.st_dev,
        st.st_ctime_ns,
        time.time_ns() if read_ns is None else read_ns,
    )


def read(path: os.PathLike | str) -> tuple[bytes, Identity]:
    """A file's bytes and their identity, from one open file (raises OSError)."""
    began = time.time_ns()  # before the stat: a change after this moment is never trusted away
    with open(path, "rb") as f:
        st = _fstat(f.fileno())
        content = f.read()
    return content, of(path, st, content, read_ns=began)


def current(path: os.PathLike | str) -> Identity | None:
    """The identity of what is at path now, or None if it cannot be read."""
    try:
        return read(path)[1]
    except OSError:
        return None


def stat_of(ident: Identity) -> tuple:
    """The stat part of an identity: what must be equal for the bytes to be unchanged."""
    return (ident[0], ident[1], ident[2], ident[3], ident[5], ident[6])


def content_of(ident: Identity) -> tuple[int, int]:
    """(size, CRC-32): equal for equal bytes, whatever the stat data."""
    return ident[2], ident[4]


def racy(ident: Identity) -> bool:
    """Could the file have changed since it was read without its stat data showing it?"""
    return max(ident[3], ident[6]) >= ident[7] - RACY_NS


def unchanged(stored: Identity | None, path: os.PathLike | str) -> tuple[bool, Identity | None]:
    """Does path still hold the bytes `stored` identifies (None: no file)? By stat data when
    they are equal and not racy (nothing is read); else by reading the bytes and comparing size
    and CRC. Returns (unchanged, the identity as read now, if the bytes were read)."""
    try:
        st = _stat(path)
    except FileNotFoundError:
        return stored is None, None
    except OSError:
        return False, None
    if stored is None:
        return False, None
    now = (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_dev, st.st_ctime_ns)
    if now == stat_of(stored) and not racy(stored):
        return True, None
    fresh = current(path)
    return fresh is not None and content_of(fresh) == content_of(stored), fresh
