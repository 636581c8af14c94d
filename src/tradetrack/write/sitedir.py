"""A site written into a directory the user named, by report -o's rules (write/output.py): only
regular files, never through a symbolic link (neither the directory, nor a folder in it, nor a
page), never into the workspace's folder nor onto its data files. Every path is checked before
anything is written; each file is then written whole (temporary file + rename). Files of an
earlier run that this one does not write are left alone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tradetrack.write.output import looked_up
from tradetrack.write.store import StoreError, atomic_write


def _kind(st: os.stat_result) -> str:
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if stat.S_ISDIR(st.st_mode):
        return "a directory"
    return "not a regular file"


def check_dir(path: Path, location) -> tuple[str, str, str] | None:
    """None if a site may be written into `path`, else (where, message, hint)."""
    where = str(path)
    st, problem = looked_up(
        path, ("name a directory you can write", "name the directory itself: a site is not written through links")
    )
    if problem:
        return problem
    if st is not None and not stat.S_ISDIR(st.st_mode):
        return where, "is not a directory", "name a directory (it is created if it does not exist)"
    if st is None and not path.parent.is_dir():
        return where, "its parent directory does not exist", "create it first"
    if _data_dir(path, location):
        return where, "is the workspace's folder", "write the site elsewhere, e.g. -o site"
    return None


def _data_dir(path: Path, location) -> bool:
    real = os.path.realpath(path)
    return real in {os.path.realpath(p.parent) for p in (location.commitments, location.progress)}


def check_files(root: Path, names, location) -> tuple[str, str, str] | None:
    """None if every file of `names` (paths relative to root, with / between folders) can be
    written as a regular file reached without a link, else why not."""
    data = {os.path.realpath(p) for p in (location.commitments, location.progress)}
    for name in names:
        parts = name.split("/")
        if any(p in ("", ".", "..") for p in parts):
            return name, "is not a plain relative path", "this is a bug: please report it"
        at = root
        for i, part in enumerate(parts):
            at = at / part
            try:
                st = os.lstat(at)
            except FileNotFoundError:
                break
            last = i == len(parts) - 1
            if stat.S_ISLNK(st.st_mode) or (last and not stat.S_ISREG(st.st_mode)):
                return (
                    str(at),
                    f"is {_kind(st)}",
                    "remove it: a site is written only as regular files, not through links",
                )
            if not last and not stat.S_ISDIR(st.st_mode):
                return str(at), "is not a directory", "remove it, or name another directory"
            if not last and _data_dir(at, location):
                return str(at), "is the workspace's folder", "write the site elsewhere"
        if os.path.realpath(root / name) in data:
            return str(root / name), "is a data file of the workspace", "write the site elsewhere"
    return None


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write each file under root (checked first with check_files), creating folders."""
    try:
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, content)
    except OSError as e:
        raise StoreError(f"cannot write ({e.strerror})", "name a directory you can write", str(root)) from None
