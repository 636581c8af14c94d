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
