"""The records entry (facts/recordcache.py) gives exactly the records the progress file holds,
never those of bytes it no longer holds, and a damaged or foreign entry only means a read."""

from __future__ import annotations

import json
import os

from tradetrack.facts import cache, recordcache
from tradetrack.files.workspace import Location

from .conftest import ledger_of

DAY = ("--as-of", "2026-11-28")


def _entry(ws):
    return recordcache.entry_of(cache.cache_file(Location(ws / "commitments.yaml", "--data")))


def _report(cli, ws) -> dict:
    r = cli("report", "--data", ws, *DAY, "--format", "json")
    assert r.code == 0, r.err
    return {c["id"]: c["records"] for c in json.loads(r.out)["commitments"]}


def test_kept_records_are_the_files_records(workspace, cli):
    fresh = _report(cli, workspace)  # reads the file, keeps its records
    assert _entry(workspace).exists()
    assert _report(cli, workspace) == fresh  # from the entry
    data, _ = cache.open_ledger(Location(workspace / "commitments.yaml", "--data"))
    assert cache.records(data)[0] == cache.records(ledger_of(workspace))[0]


def test_an_edit_of_the_same_size_in_the_same_second_is_not_served_from_the_entry(workspace, cli):
    """The entry names the bytes it came from by size and CRC-32: a figure changed in place,
    size and mtime kept, shows at once (status rebuilds the ledger, the report its records)."""
    _report(cli, workspace)
    progress = workspace / "progress.jsonl"
    st = progress.stat()
    text = progress.read_text(encoding="utf-8")
    old = '"amount": 2.85'
    assert old in text
    progress.write_text(text.replace(old, '"amount": 2.58', 1), encoding="utf-8")
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns))
    served = _report(cli, workspace)
    amounts = [r["amount"] for rows in served.values() for r in rows]
    assert 2.58 in amounts and 2.85 not in amounts


def test_a_damaged_or_foreign_entry_is_read_past(workspace, cli):
    fresh = _report(cli, workspace)
    path = _entry(workspace)
    good = path.read_bytes()
    head, _, body = good.partition(b"\n")
    content = tuple(json.loads(head)[2:4])

    def reheaded(columns) -> bytes:  # under a head that fits it: only the check of shape can refuse it
        new = json.dumps(columns).encode()
        return json.dumps(recordcache._head(content, new)).encode() + b"\n" + new

    columns = json.loads(body)
    wide = reheaded(columns + [columns[-1]])  # a field too many, in every record
    short = reheaded([columns[0][:-1], *columns[1:]])  # one column a record shorter than the rest
    for junk in (
        good[:-1] + bytes([good[-1] ^ 1]),  # one bit: the CRC-32 no longer matches
        good[: len(good) // 2],  # cut short
        b"",
        wide,
        short,
        b"[]\n[]",
    ):
        path.write_bytes(junk)
        os.chmod(path, 0o600)
        assert _report(cli, workspace) == fresh
    os.chmod(path, 0o644)
    path.write_bytes(good.replace(b'"confirmed"', b'"reported"'))  # forged, and not ours alone:
    os.chmod(path, 0o666)  # writable by anyone, so never read
    assert _report(cli, workspace) == fresh


def test_a_fifo_in_an_entrys_place_does_not_hang_a_command(workspace, tmp_path):
    """A FIFO where an entry should be is not a regular file: it is not read (opened without
    blocking), and the command goes on from the files (it used to wait for a writer forever)."""
    import subprocess
    import sys

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    run = [sys.executable, "-m", "tradetrack", "progress", "list", "--data", str(workspace)]
    assert subprocess.run(run, env=env, capture_output=True, timeout=60).returncode == 0
    for path in (_entry(workspace), cache.cache_file(Location(workspace / "commitments.yaml", "--data"))):
        path.unlink()
        os.mkfifo(path, 0o600)
    done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "cn-soybeans-2025" in done.stdout


def test_a_workspace_whose_path_is_not_utf8_is_read_cached_and_shown(tmp_path):
    """A directory of bytes that are not UTF-8, named by TRADETRACK_DATA: the cache takes its
    file name from the path's bytes (it gave a traceback once cached), and the path is shown
    escaped wherever it is printed or written."""
    import shutil
    import subprocess
    import sys

    from .conftest import BUNDLED

    ws = os.fsencode(tmp_path) + b"/bad\xff"
    os.mkdir(ws)
    for name in ("commitments.yaml", "progress.jsonl"):
        shutil.copyfile(BUNDLED / name, os.fsdecode(ws + b"/" + name.encode()))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), LC_ALL="C.UTF-8")
    env = {k.encode(): v.encode() for k, v in env.items()} | {b"TRADETRACK_DATA": ws}
    run = [sys.executable, "-m", "tradetrack"]
    out = {}
    for args in (["status"], ["status"], ["status", "--json"], ["report", "-o", str(tmp_path / "r.md")]):
        done = subprocess.run([*run, *args, *DAY], env=env, capture_output=True, timeout=60)  # type: ignore[arg-type]
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        out[args[-1]] = done.stdout.decode("utf-8")  # valid UTF-8: the path's byte escaped
    assert "/bad\udcff/" in json.loads(out["--json"])["data"]  # JSON's own escape of it
    assert "bad\\udcff" in out["status"] and "bad\\udcff" in (tmp_path / "r.md").read_text(encoding="utf-8")
