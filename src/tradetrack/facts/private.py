"""The cache directory's files: ours alone, or not used at all.

A directory (0700) and files (0600) of the user's own; a directory or file that another user
owns or could write is not read, so no one else can feed a command a forged entry. Failing to
read or write one is never an error: the caller loads afresh. TRADETRACK_NO_CACHE=1 turns
every cache off."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from tradetrack.files import atomic
from tradetrack.files.workspace import cache_dir


def enabled() -> bool:
    return os.environ.get("TRADETRACK_NO_CACHE") is None


def _ours(st: os.stat_result) -> bool:
    """Owned by us and writable by no one else."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable_dir(create: bool) -> Path | None:
    """The cache directory, if it is ours alone (created 0700 when asked and missing)."""
    directory = cache_dir()
    try:
        if create:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(directory)
    except OSError:
        return None
    return directory if stat.S_ISDIR(st.st_mode) and _ours(st) else None


def read(path: Path) -> bytes | None:
    """The whole of the regular file at path (a link is not followed), if it and its directory
    are ours alone; else None. One read: the bytes are checked and used as this one copy."""
    if not enabled() or usable_dir(create=False) is None:
        return None
    try:
        # O_NONBLOCK: a FIFO planted in an entry's place would hang the open; the check below
        # then refuses anything but a regular file (on which the flag changes nothing)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            return f.read() if stat.S_ISREG(st.st_mode) and _ours(st) else None
    except OSError:
        return None


def write(path: Path, chunks) -> None:
    """Put chunks at path whole, private (0600). Not fsynced: a reader checks an entry's CRC-32
    and rebuilds a torn one, and an fsync of a large workspace's entry costs a cold run ~0.2 s."""
    if not enabled() or usable_dir(create=True) is None:
        return
    with contextlib.suppress(OSError):
        atomic.write(path, chunks, mode=0o600, durable=False)
