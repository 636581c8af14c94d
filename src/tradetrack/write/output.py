"""Reports written to a path the user named: only ever a regular file, written whole.

A report never goes to a device, a FIFO or a directory, never through a symbolic link planted
at the path, and never onto the workspace's own data files; it is written to a temporary file
beside the target and renamed into place, so a reader sees the old report or the new one. It
takes no lock (nothing is read back and merged) and leaves nothing else beside the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tradetrack.files import atomic
from tradetrack.write.store import StoreError, atomic_write


def looked_up(path: Path, hints: tuple[str, str]) -> tuple[os.stat_result | None, tuple[str, str, str] | None]:
    """What is at a path named for output (None: nothing), or (where, message, hint) when it
    cannot be looked at or is a symbolic link, which output is never written through. `hints`:
    for the first case and for the link (report -o's, or site's)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, None
    except OSError as e:
        return None, (str(path), f"cannot use this path ({e.strerror})", hints[0])
    if stat.S_ISLNK(st.st_mode):
        return None, (str(path), "is a symbolic link", hints[1])
    return st, None


def check_target(path: Path, location) -> tuple[Path | None, tuple[str, str, str] | None]:
    """The path, or (where, message, hint) saying why a report cannot be written there."""
    where = str(path)
    st, problem = looked_up(
        path,
        ("name a file in a directory you can write", "name the file itself: reports are not written through links"),
    )
    if problem:
        return None, problem
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = (
            "a directory"
            if stat.S_ISDIR(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "not a regular file"
        )
        return None, (where, f"is {what}, not a regular file", "name a file, e.g. report.md (or - for stdout)")
    if not path.parent.is_dir():
        return None, (where, "its directory does not exist", "create the directory first")
    real = os.path.realpath(path)
    data = {os.path.realpath(p) for p in (location.commitments, location.progress)}
    if real in data:
        return None, (where, "is a data file of the workspace", "write the report elsewhere, e.g. report.md")
    return path, None


def write_output(path: Path, content: atomic.Chunks) -> None:
    """Write content to path whole (temporary file + rename), keeping an existing file's mode."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):  # changed since it was checked
        raise StoreError("is no longer a regular file; nothing was written", "run the command again", str(path))
    atomic_write(path, content, mode=stat.S_IMODE(st.st_mode) if st else None)
