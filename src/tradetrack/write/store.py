"""The one place that writes data files. A write is all or nothing, under a lock, and never
overwrites bytes it did not read.

- Lock: an exclusive flock on a hidden `.FILE.lock` beside the real file (out of sight in a
  listing; never unlinked, since unlinking a lock file someone may be about to take breaks the
  locking). The kernel drops it when its process dies, so a killed writer never leaves a lock
  that blocks the next one. It is created with the data file's permissions, and taken through a
  read-only descriptor when it is not ours to write, so every member of a group-writable
  workspace can lock it.
- Append (adding records): the caller reads the file under the lock; `append` then opens it
  O_APPEND and checks, on that open file, that it is still the file read (inode, size, mtime and
  its last 64 KiB), then writes the new lines with one write(2) and fsyncs. Whatever someone
  appends without the lock (`echo >>`, an editor) lands before or after ours and is never
  overwritten; a file changed in any other way is refused. A kill leaves the old bytes or the
  old plus the new: the new bytes are first kept in a hidden `.FILE.pending`, and the next
  writer cuts a partial append back (or finishes the bookkeeping of a whole one).
- Replace (new files only: init, the first workspace, reports): files/atomic.py's write (a
  temporary file beside the target, fsynced, renamed into place, the directory fsynced), with
  the target's mode and owner copied. A new file is linked into place, so one that appeared
  meanwhile is never overwritten. A symlink is resolved first, so the link stays and its target
  is updated. Temporary files a killed writer left are removed by the next one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from tradetrack.core.problems import Refusal
from tradetrack.files import atomic

LOCK_TIMEOUT = 30.0


class StoreError(Refusal):
    """A write that could not be made; nothing was changed."""

    code = "write"


def real_path(path: Path) -> Path:
    return Path(os.path.realpath(path))


def lock_path(path: Path) -> Path:
    target = real_path(path)
    return target.with_name(f".{target.name}.lock")


def snapshot(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and the stat of the same open file (None if there is no file)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise StoreError("is not a regular file", "name a file", str(path))
            return f.read(), st
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError("is a directory, not a file", "name the file", str(path)) from None


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@contextmanager
def locked_directory(directory: Path):
    """Hold an exclusive lock on a directory itself, for making a new workspace in it: a lock
    file would be left behind there."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT):
    """Hold an exclusive lock for writing path (via the hidden lock file beside its real file)."""
    lock = lock_path(path)
    fd = _open_lock(lock, atomic.default_mode(real_path(path)) & 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        "another tradetrack process is writing", f"try again in a moment (lock {lock})", str(path)
                    ) from None
                time.sleep(0.005)
            except OSError as e:
                if e.errno == errno.ENOLCK:
                    raise StoreError(
                        "this filesystem cannot lock files, so a write could lose another's; nothing was written",
                        "keep the workspace on a local disk",
                        str(path),
                    ) from None
                raise _os_error(e, path) from None
        _finish_pending(real_path(path))
        yield
    finally:
        os.close(fd)  # closing drops the flock


def _open_lock(lock: Path, mode: int) -> int:
    flags = os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for access in (os.O_RDWR, os.O_RDONLY):  # flock works on a read-only descriptor too
        try:
            old = os.umask(0)
            try:
                return os.open(lock, access | flags, mode)
            finally:
                os.umask(old)
        except PermissionError:
            continue
        except OSError as e:
            raise _os_error(e, lock) from None
    raise StoreError("cannot open the lock file", "check the directory's permissions", str(lock))


def replace(path: Path, content: bytes, expected: bytes | None, *, must_be_new: bool = False) -> os.stat_result:
    """Atomically set path's content and return the new file's stat. `expected` is the content
    the caller read (None if the file did not exist); anything else now there means someone
    wrote without the lock (an editor, say), and nothing is written. A new file is linked into
    place, so a file that appeared meanwhile is never overwritten; an existing one is compared
    again just before the rename (adding records never replaces: see `append`)."""
    target = real_path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if must_be_new and st is not None:
        raise StoreError("already exists", "choose another directory, or delete the file first", str(path))
    if st is not None:
        if st.st_nlink > 1:
            raise StoreError(
                f"has {st.st_nlink} hard links, which replacing it would break; nothing was written",
                "use a symbolic link instead, or a copy of the file",
                str(path),
            )
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise StoreError(
                "is read-only; nothing was written", "make it writable if it should be added to", str(path)
            )
    if read_or_none(target) != expected:
        raise _changed(path)
    atomic.remove_temporaries(target)

    def unchanged() -> bool:
        return expected is not None and read_or_none(target) == expected

    return atomic_write(
        target,
        content,
        mode=stat.S_IMODE(st.st_mode) if st else None,
        owner=(st.st_uid, st.st_gid) if st else None,
        new=expected is None,
        unchanged=unchanged,
    )


TAIL = 1 << 16  # how much of the file's end an append compares with what the caller read


class Appended(NamedTuple):
    """What an append wrote: the file's stat after it; how many bytes others had appended
    (accepted by grown_ok) before ours; and whether someone else's bytes landed in the instant
    between the last check and our write (then both are kept, unchecked: the caller says so)."""

    st: os.stat_result
    foreign: int
    interleaved: bool


def append(
    path: Path,
    data: bytes,
    seen: bytes,
    seen_st: os.stat_result,
    grown_ok: Callable[[bytes], bool] | None = None,
) -> Appended:
    """Append data to path in place. `seen` is the whole content the caller read under the lock
    and `seen_st` the stat of that open file: if the file is no longer that one (replaced,
    truncated, edited, or grown since), nothing is written, unless it only grew by bytes that
    `grown_ok` accepts (lines that change nothing the caller checked, such as comments)."""
    target = real_path(path)
    try:
        fd = os.open(target, os.O_RDWR | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise StoreError(
            "is read-only; nothing was written", "make it writable if it should be added to", str(path)
        ) from None
    except OSError as e:
        raise _os_error(e, target) from None
    try:
        st = os.fstat(fd)
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise StoreError(
                "is read-only; nothing was written", "make it writable if it should be added to", str(path)
            )
        tail = seen[-TAIL:]
        same = (
            (st.st_dev, st.st_ino) == (seen_st.st_dev, seen_st.st_ino)
            and st.st_size >= len(seen)
            and os.pread(fd, len(tail), len(seen) - len(tail)) == tail
        )
        offset = len(seen)
        if same and st.st_size == offset:
            same = st.st_mtime_ns == seen_st.st_mtime_ns  # a same-size edit in place
        elif same:  # appended to since it was read: fine if only by lines that change nothing
            same = grown_ok is not None and grown_ok(os.pread(fd, st.st_size - offset, offset))
            offset = st.st_size
        if not same:
            raise _changed(path)
        atomic.remove_temporaries(target)
        pending = _pending_path(target)
        try:
            _write_pending(pending, offset, st.st_ino, st.st_mode, data)
            end = _write_all(fd, data)
            os.fsync(fd)
        except OSError:
            with suppress(OSError):  # a full disk midway: take our bytes back off the end
                _cut_back(fd, offset, data, whole=True)
            raise
        finally:
            with suppress(OSError):
                os.unlink(pending)
        after = os.fstat(fd)
    except OSError as e:
        raise _os_error(e, target) from None
    finally:
        os.close(fd)
    return Appended(after, offset - len(seen), end - len(data) != offset)


def _cut_back(fd: int, offset: int, data: bytes, whole: bool) -> None:
    """Truncate fd back to offset if what follows offset is our data (all of it only if `whole`)
    and nothing else: never cuts bytes someone else wrote."""
    written = os.pread(fd, len(data) + 1, offset)
    if written and data.startswith(written) and (whole or len(written) < len(data)):
        os.ftruncate(fd, offset)
        os.fsync(fd)


def _write_all(fd: int, data: bytes) -> int:
    """Write data at the end of fd (O_APPEND) and return the offset after it."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    return os.lseek(fd, 0, os.SEEK_CUR)


def _pending_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.pending")


def _write_pending(pending: Path, offset: int, inode: int, mode: int, data: bytes) -> None:
    """Keep what we are about to append, so a writer killed mid-write can be undone."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    old = os.umask(0)
    try:  # the data file's permissions, so every writer of a shared workspace can finish it
        fd = os.open(pending, flags, stat.S_IMODE(mode) & 0o666)
    finally:
        os.umask(old)
    try:
        os.write(fd, f"{offset} {inode}\n".encode() + data)
    finally:
        os.close(fd)


def _finish_pending(target: Path) -> None:
    """Under the lock: if a killed writer left a partial append, cut it back to the bytes before
    it (only when nothing else was written after it); a whole one needs nothing more."""
    pending = _pending_path(target)
    try:
        raw = pending.read_bytes()
    except OSError:
        return  # the usual case: no killed writer
    header, _, data = raw.partition(b"\n")
    try:
        offset, inode = (int(x) for x in header.split())
        fd = os.open(target, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except (ValueError, OSError):
        fd = None
    if fd is not None:
        try:
            if os.fstat(fd).st_ino == inode:  # a torn append and nothing after it: back to the old bytes
                _cut_back(fd, offset, data, whole=False)
        except OSError:
            pass
        finally:
            os.close(fd)
    with suppress(OSError):
        os.unlink(pending)


class Changed(StoreError):
    """The file is not the one the caller read (someone wrote without the lock)."""


def _changed(path: Path) -> StoreError:
    return Changed(
        "changed since it was read; nothing was written",
        "run the command again to work from the new content",
        str(path),
    )


def atomic_write(
    target: Path,
    content: atomic.Chunks,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
    *,
    new: bool = False,
    unchanged: Callable[[], bool] | None = None,
) -> os.stat_result:
    """files/atomic.write with the store's refusals: with `new`, a file that appeared is Changed;
    `unchanged` is asked just before the rename (Changed if it says no); an OSError is a
    StoreError saying nothing was written."""

    def still_unchanged() -> None:
        if unchanged is not None and not unchanged():
            raise _changed(target)

    try:
        return atomic.write(
            target, content, mode=mode, owner=owner, new=new, before_rename=None if new else still_unchanged
        )
    except FileExistsError:  # linking a new file: one appeared meanwhile
        raise _changed(target) from None
    except OSError as e:
        raise _os_error(e, target) from None


def appended(old: bytes | None, lines: list[str]) -> bytes:
    """old with lines added at the end, keeping every existing byte and the newline style."""
    old = old or b""
    first = old.find(b"\n")
    newline = b"\r\n" if first > 0 and old[first - 1 : first] == b"\r" else b"\n"  # the file's own style
    sep = newline if old and not old.endswith(b"\n") else b""
    return old + sep + b"".join(line.encode("utf-8") + newline for line in lines)


def _os_error(e: OSError, path: Path) -> StoreError:
    if e.errno == errno.ENOSPC:
        return StoreError("the disk is full; nothing was written", "free some space and try again", str(path))
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(
            f"cannot write here ({e.strerror}); nothing was written",
            "check the directory's permissions, or pass --data to a writable workspace",
            str(path),
        )
    return StoreError(f"{e.strerror}; nothing was written", None, str(path))
