"""The one place that writes files. A write is all or nothing, under a lock, and refused if
the file changed behind our back.

- Lock: an exclusive flock on a separate FILE.lock. The kernel drops it when its process dies,
  so a killed writer never leaves a lock that blocks the next one.
- Check: the caller reads the file under the lock; just before replacing it we read it again
  and refuse if its bytes changed (an editor that ignores the lock saved in between).
- Write: a temporary file beside the target, flushed and fsynced, the target's mode copied,
  then os.replace (atomic on POSIX) and an fsync of the directory. A symlink is resolved first,
  so the link stays and its target is updated.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

LOCK_TIMEOUT = 30.0


class StoreError(Exception):
    """A write that could not be made; nothing was changed."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def real_path(path: Path) -> Path:
    return Path(os.path.realpath(path))


def snapshot(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and the stat of the same open file (None if there is no file)."""
    try:
        with open(path, "rb") as f:
            return f.read(), os.fstat(f.fileno())
    except FileNotFoundError:
        return None


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT):
    """Hold an exclusive lock for writing path (via path.lock beside its real file)."""
    target = real_path(path)
    lock = target.with_name(target.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise _os_error(e, lock) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{path}: another tradetrack process is writing (lock {lock})",
                                     "try again in a moment") from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing drops the flock


def replace(path: Path, content: bytes, expected: bytes | None, *, must_be_new: bool = False) -> os.stat_result:
    """Atomically set path's content and return the new file's stat. `expected` is the content
    the caller read (None if the file did not exist); anything else now there means someone
    wrote without the lock (an editor, say), and nothing is written."""
    target = real_path(path)
    current = read_or_none(target)
    if must_be_new and current is not None:
        raise StoreError(f"{path} already exists", "choose another directory, or delete the file first")
    if current != expected:
        raise StoreError(f"{path} changed since it was read; nothing was written",
                         "run the command again to work from the new content")
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise _os_error(e, path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
            written = os.fstat(f.fileno())  # the identity of what we wrote, not of a later edit
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise _os_error(e, path) from None
    _fsync_dir(target.parent)
    return written


def appended(old: bytes | None, lines: list[str]) -> bytes:
    """old with lines added at the end, keeping every existing byte and the newline style."""
    old = old or b""
    first = old.find(b"\n")
    newline = b"\r\n" if first > 0 and old[first - 1:first] == b"\r" else b"\n"  # the file's own style
    sep = newline if old and not old.endswith(b"\n") else b""
    return old + sep + b"".join(line.encode("utf-8") + newline for line in lines)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_error(e: OSError, path: Path) -> StoreError:
    if e.errno == errno.ENOSPC:
        return StoreError(f"{path}: the disk is full; nothing was written", "free some space and try again")
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(f"{path}: cannot write here ({e.strerror}); nothing was written",
                          "check the directory's permissions, or pass --data to a writable workspace")
    return StoreError(f"{path}: {e.strerror}; nothing was written")
