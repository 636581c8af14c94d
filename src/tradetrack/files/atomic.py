"""The one way tradetrack puts a file's bytes in place, so that a reader, a crash or a full disk
leaves the old file or the new one, never a part: the data files (through write/store.py, which
adds the lock and the checks), reports and sites, the load cache and fetch's saved answers.

- A temporary file beside the target (same directory, so the same filesystem and an atomic
  rename), created O_EXCL with an unpredictable name `.NAME.XXXXXXXX.tmp`.
- Written, flushed and fsynced, its mode (and, where allowed, owner) set, then renamed over the
  target, or linked into place when the file must be new (a file that appeared meanwhile is
  never overwritten); then the directory is fsynced, so the rename itself survives a crash.
- Any failure, or an interrupt, removes the temporary file and leaves the target as it was.
- The target is the path given: a symbolic link there is replaced, never followed. Writers
  that mean to update a link's target (the store) resolve the link first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

Chunks = bytes | bytearray | memoryview | Sequence[bytes | bytearray | memoryview]


def default_mode(target: Path) -> int:
    """The file's own permissions if it exists, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write(
    target: Path,
    content: Chunks,
    *,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
    new: bool = False,
    before_rename: Callable[[], None] | None = None,
    durable: bool = True,
) -> os.stat_result:
    """Put content (bytes, or a sequence of chunks written in order) at target whole, and return
    the stat of what was written. `mode` defaults to default_mode(target). With `new` the file
    is linked into place and FileExistsError is raised if one is there; `before_rename` is
    called just before the rename and may raise to stop it. Without `durable` nothing is
    fsynced: only for files a reader checks and can rebuild (the load cache). Raises OSError
    (or what before_rename raised); either way the target is untouched and no temporary file
    is left."""
    mode = default_mode(target) if mode is None else mode
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in (content,) if isinstance(content, (bytes, bytearray, memoryview)) else content:
                f.write(chunk)
            f.flush()
            if durable:
                os.fsync(f.fileno())
            if owner is not None and (os.geteuid() == 0 or owner[0] == os.geteuid()):
                with contextlib.suppress(OSError):  # a root add must not leave a user's file root's
                    os.fchown(f.fileno(), *owner)
            os.fchmod(f.fileno(), mode)
            written = os.fstat(f.fileno())  # the identity of what we wrote, not of a later edit
        if before_rename is not None:
            before_rename()
        if new:
            _link_new(tmp, target)
        else:
            os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(target.parent)
    return written


def _link_new(tmp: str, target: Path) -> None:
    """Put tmp at target only if there is no file there (a rename would overwrite one)."""
    try:
        os.link(tmp, target)
    except OSError as e:
        if isinstance(e, FileExistsError) or e.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.EMLINK,
        ):
            raise
        os.replace(tmp, target)  # a filesystem without hard links: the caller's check before is all we have
        return
    os.unlink(tmp)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of write's temporary files."""
    return name.startswith(".") and name.endswith(".tmp")


def remove_temporaries(target: Path) -> None:
    """Temporary files of this target left by a killed writer. Only for a caller that holds the
    target's lock: no live writer of the file has one then."""
    try:
        for p in target.parent.glob(f".{target.name}.*.tmp"):
            with suppress(OSError):
                p.unlink()
    except OSError:
        pass


def fsync_dir(directory: Path) -> None:
    """Make a rename in directory durable, where the platform lets a directory be fsynced."""
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
