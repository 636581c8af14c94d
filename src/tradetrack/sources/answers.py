"""The answer cache of `tradetrack fetch`: each answer kept on disk, keyed by the request (never
by the key), so a run without a network works from it and says so.

An entry is written only after its body parsed as the API's shape (a captive portal's page
never replaces a good answer), through a private temporary file renamed into place (files/atomic.py). Entries
are pruned by age and by total size, and temporary files left by a killed run or a full disk
are removed, so the cache cannot grow without bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from datetime import UTC, datetime
from pathlib import Path

from tradetrack.files import atomic
from tradetrack.files.workspace import cache_dir

MAX_AGE = 180 * 86400  # seconds: an answer older than this is of no use offline
MAX_TOTAL = 256 * 2**20  # bytes of entries kept; the oldest go first beyond it
STALE_TMP = 600  # seconds: a temporary file this old was left by a run that died


def folder() -> Path:
    return cache_dir() / "fetch"


def key_of(url: str, params: tuple[tuple[str, str], ...]) -> str:
    return hashlib.sha256(json.dumps([url, list(params)]).encode()).hexdigest()[:32]


def store(url: str, params: tuple[tuple[str, str], ...], body: str | None) -> None:
    """Keep an answer that parsed for an offline re-run; failing to is never fatal."""
    path = folder() / f"{key_of(url, params)}.json"
    entry = {
        "url": url,
        "params": list(params),
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
        "body": body,
    }
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic.write(path, json.dumps(entry).encode("utf-8"), mode=0o600)  # private, like the folder
    except OSError:
        pass


def load(url: str, params: tuple[tuple[str, str], ...]) -> dict | None:
    """The cached entry of a request, or None (missing, not ours, damaged, another request's)."""
    path = folder() / f"{key_of(url, params)}.json"
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_size > MAX_TOTAL:
            return None
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # ValueError: bad JSON, bad UTF-8, huge integers
        return None
    if not isinstance(entry, dict) or entry.get("url") != url or not isinstance(entry.get("fetched"), str):
        return None
    saved = entry.get("params")
    if not isinstance(saved, list) or [tuple(p) if isinstance(p, list) else p for p in saved] != list(params):
        return None
    body = entry.get("body")
    return entry if body is None or isinstance(body, str) else None


def prune(now: float | None = None) -> None:
    """Remove entries older than MAX_AGE, then the oldest until the rest fit MAX_TOTAL, and
    temporary files a dead run left behind."""
    now = time.time() if now is None else now
    kept = []
    try:
        listing = list(os.scandir(folder()))
    except OSError:
        return
    for e in listing:
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        stale_tmp = atomic.is_temporary(e.name) and now - st.st_mtime > STALE_TMP
        if stale_tmp or (e.name.endswith(".json") and now - st.st_mtime > MAX_AGE):
            _remove(e.path)
        elif e.name.endswith(".json"):
            kept.append((st.st_mtime, st.st_size, e.path))
    total = sum(size for _, size, _ in kept)
    for _, size, path in sorted(kept):
        if total <= MAX_TOTAL:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
