"""Every writer puts a file in place whole (files/atomic.py): the data files and reports of
write/, the load cache, fetch's saved answers. A disk that fills in the middle of a write
leaves the old file byte for byte and nothing beside it."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tradetrack.files import atomic
from tradetrack.sources import answers
from tradetrack.write import store

from .conftest import MINIMAL, write_ws

RECORD = {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}


@contextmanager
def disk_fills(under: Path):
    """Within it, every write to a file under `under` lands half its bytes and then fails as a
    full disk does, however the file was opened (open, Path.write_bytes, os.fdopen, os.write):
    a writer that writes its target in place leaves it cut short."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to tell which file a descriptor is")
    with pytest.MonkeyPatch.context() as patch:  # its own: undoing it keeps the test's isolation
        _DiskFills(patch, under)
        yield


class _DiskFills:
    def __init__(self, monkeypatch, under: Path):
        self.under = os.path.realpath(under) + os.sep
        real_open, real_write = io.open, os.write

        def opening(file, mode="r", *args, **kwargs):
            f = real_open(file, mode, *args, **kwargs)
            return _Filling(f) if any(c in mode for c in "wax+") and self.fills(f.fileno()) else f

        def writing(fd, data):
            if self.fills(fd):
                real_write(fd, bytes(data)[: len(data) // 2])
                raise _full()
            return real_write(fd, data)

        for module in (io, builtins):
            monkeypatch.setattr(module, "open", opening)
        monkeypatch.setattr(os, "write", writing)

    def fills(self, fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(self.under)
        except OSError:
            return False


class _Filling:
    def __init__(self, f):
        self._f = f

    def write(self, data):
        self._f.write(data[: len(data) // 2])
        self._f.flush()
        raise _full()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._f, name)


def _full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def listing(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


def test_a_data_file_replaced_on_a_full_disk_is_the_old_file(tmp_path):
    path = tmp_path / "d" / "commitments.yaml"
    path.parent.mkdir()
    path.write_bytes(b"old\n" * 1000)
    before = listing(path.parent)
    full = pytest.raises(store.StoreError, match="disk is full; nothing was written")
    with store.locked(path), disk_fills(path.parent), full:
        store.replace(path, b"new\n" * 1000, b"old\n" * 1000)
    assert listing(path.parent) == before | {".commitments.yaml.lock": b""}
    store.replace(path, b"new\n", b"old\n" * 1000)  # the same write on a disk with room lands
    assert path.read_bytes() == b"new\n"


def test_a_report_rewritten_on_a_full_disk_is_the_old_report(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, json.dumps(RECORD) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("the old report\n" * 100)
    with disk_fills(out):
        r = cli("report", "--as-of", "2026-01-10", "-o", out / "report.md", "--data", ws)
    assert r.code == 2 and "disk is full; nothing was written" in r.err
    assert listing(out) == {"report.md": b"the old report\n" * 100}
    assert cli("report", "--as-of", "2026-01-10", "-o", out / "report.md", "--data", ws).code == 0
    assert "buy" in (out / "report.md").read_text()


def test_a_cache_entry_rewritten_on_a_full_disk_is_the_old_entry(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, json.dumps(RECORD) + "\n")
    entries = tmp_path / "cache" / "tradetrack"  # XDG_CACHE_HOME of the isolated fixture
    assert cli("status", "--as-of", "2026-01-10", "--data", ws).code == 0
    before = listing(entries)
    assert len(before) == 1
    with (ws / "progress.jsonl").open("a") as f:  # the entry no longer fits: status writes a new one
        f.write(json.dumps({**RECORD, "date": "2026-01-06", "amount": 7}) + "\n")
    with disk_fills(entries):
        r = cli("status", "--as-of", "2026-01-10", "--json", "--data", ws)
    assert r.code == 0 and json.loads(r.out)["commitments"][0]["actual"] == 7  # failing to cache is no error
    assert listing(entries) == before
    assert cli("status", "--as-of", "2026-01-10", "--data", ws).code == 0
    assert listing(entries).keys() == before.keys() and listing(entries) != before  # with room, it is rewritten


def test_a_saved_answer_rewritten_on_a_full_disk_is_the_old_answer():
    params = (("year", "2026"),)
    answers.store("https://example.org/api", params, '{"old": true}')
    before = listing(answers.folder())
    with disk_fills(answers.folder()):
        answers.store("https://example.org/api", params, '{"new": "' + "x" * 10000 + '"}')
    assert listing(answers.folder()) == before
    assert answers.load("https://example.org/api", params)["body"] == '{"old": true}'
    answers.store("https://example.org/api", params, '{"new": true}')
    assert answers.load("https://example.org/api", params)["body"] == '{"new": true}'


def test_a_write_interrupted_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "f"
    target.write_bytes(b"old")

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write(target, b"new", before_rename=interrupted)
    assert listing(tmp_path) == {"f": b"old"}


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"not ours")
    (tmp_path / "f").symlink_to(elsewhere)
    atomic.write(tmp_path / "f", b"new", mode=0o600)
    assert elsewhere.read_bytes() == b"not ours"
    assert not (tmp_path / "f").is_symlink() and (tmp_path / "f").read_bytes() == b"new"
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o600
