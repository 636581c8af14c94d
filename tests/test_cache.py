"""The load cache gives exactly what a fresh load gives, never serves changed files, and cannot
be made to run code or to serve an entry someone else wrote."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from datetime import date

import pytest

from tradetrack.facts import cache
from tradetrack.files import identity
from tradetrack.files.workspace import Location
from tradetrack.judge.verdict import judge, scope_of
from tradetrack.render.jsonout import verdict
from tradetrack.write.progress import add

from .conftest import ledger_of


def statuses(data, day=date(2026, 1, 15)):
    scope = scope_of(data)
    return [verdict(judge(c, scope, day)) for c in data.commitments]


def loc_of(ws) -> Location:
    return Location(ws / "commitments.yaml", "--data")


def warm(loc):
    return cache._read(loc)


def test_cached_and_uncached_loads_agree(workspace):
    loc = loc_of(workspace)
    cold, _ = cache.open_ledger(loc)
    assert cache.cache_file(loc).exists()
    served = warm(loc)
    assert served is not None
    fresh = ledger_of(workspace)
    for day in (date(2025, 12, 2), date(2026, 1, 15), date(2026, 11, 27)):
        assert statuses(served, day) == statuses(fresh, day) == statuses(cold, day)
    assert served.commitments == fresh.commitments and served.settings == fresh.settings
    assert cache.records(served)[0] == cache.records(fresh)[0]


def test_changed_touched_or_replaced_files_are_not_served(workspace):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    progress = workspace / "progress.jsonl"
    key = cache.current_key(loc)
    st = progress.stat()
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched: the same bytes
    assert warm(loc) is not None
    # Same size, same mtime, other content: the stat data (ctime) or the CRC tells.
    text = progress.read_bytes().replace(b'"amount": 8,', b'"amount": 9,')
    st = progress.stat()
    progress.write_bytes(text)
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.current_key(loc) != key
    assert warm(loc) is None
    soy = next(a for a in statuses(cache.open_ledger(loc)[0]) if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 9
    replacement = workspace / "new.jsonl"  # replaced by rename: another inode, other bytes
    replacement.write_bytes(text.replace(b'"amount": 9,', b'"amount": 7,'))
    os.replace(replacement, progress)
    assert warm(loc) is None


def _later(monkeypatch, seconds: int) -> None:
    """Make the clock read `seconds` later: as if the cache were written long after the files."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + seconds * 1_000_000_000)


def _reads(monkeypatch) -> list:
    """Record each file the identity module reads."""
    seen: list = []
    real = identity.read

    def read(path):
        seen.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(identity, "read", read)
    return seen


def test_a_warm_status_reads_neither_data_file(workspace, cli, monkeypatch):
    """Files last changed well before the entry was written are recognised by stat data alone."""
    with monkeypatch.context() as m:
        _later(m, 10)
        cli("status", "--data", workspace, "--as-of", "2026-01-15")  # writes the entry
    seen = _reads(monkeypatch)
    r = cli("status", "--data", workspace, "--as-of", "2026-01-15", "--json")
    assert r.code == 0 and json.loads(r.out)["commitments"]
    assert seen == []
    with open(workspace / "progress.jsonl", "ab") as f:  # an append changes size and mtime: read
        f.write(
            b'{"commitment": "cn-soybeans-2025", "date": "2026-01-09", "amount": 9.5, "unit": "Mt", "source": "x"}\n'
        )
    r = cli("status", "--data", workspace, "--as-of", "2026-01-15", "--json")
    soy = next(a for a in json.loads(r.out)["commitments"] if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 9.5 and "progress.jsonl" in seen


def test_a_same_size_edit_within_the_same_second_is_caught(workspace, cli, monkeypatch):
    """On a file system whose timestamps are whole seconds (ext3, HFS+; FAT has 2 s), an edit
    in the second the entry was written leaves every stat field as it was: only the racy rule
    (re-read a file changed too close to the entry's writing) catches it."""
    second = time.time_ns() // 1_000_000_000 * 1_000_000_000

    def coarse(st):
        fields = list(st)
        fields[8] = fields[9] = second // 1_000_000_000  # st_mtime, st_ctime
        return os.stat_result(fields, {"st_mtime_ns": second, "st_ctime_ns": second, "st_atime_ns": second})

    monkeypatch.setattr(identity, "_stat", lambda path: coarse(os.stat(path)))
    monkeypatch.setattr(identity, "_fstat", lambda fd: coarse(os.fstat(fd)))
    progress = workspace / "progress.jsonl"
    r = cli("status", "--data", workspace, "--as-of", "2026-01-15", "--json")
    soy = next(a for a in json.loads(r.out)["commitments"] if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 8
    inode = progress.stat().st_ino
    with open(progress, "r+b") as f:  # in place: the same inode, the same size
        text = f.read()
        edited = text.replace(b'"amount": 8,', b'"amount": 9,')
        assert edited != text and len(edited) == len(text)
        f.seek(0)
        f.write(edited)
    assert progress.stat().st_ino == inode
    r = cli("status", "--data", workspace, "--as-of", "2026-01-15", "--json")
    soy = next(a for a in json.loads(r.out)["commitments"] if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 9


def test_corrupt_or_foreign_cache_is_harmless(workspace, cli):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    for junk in (
        b"\x80\x04garbage",
        b"[1]\n{}",
        b"",
        json.dumps(cache.key_of(cache.current_key(loc))).encode() + b"\n" + b'[{"$v": "Nope"}]',
    ):
        cache.cache_file(loc).write_bytes(junk)
        r = cli("status", "--data", workspace, "--as-of", "2026-11-27", "--json")
        assert r.code == 0 and json.loads(r.out)["commitments"]


def test_an_entry_can_only_build_value_classes(workspace):
    """A planted entry naming another class, or any pickle, decodes to nothing: JSON cannot run code."""
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    path = cache.cache_file(loc)
    head = path.read_bytes().split(b"\n", 1)[0]
    evil = b'[{"$v": "os.system", "x": "touch pwned"}, [], [], {"$m": []}]'
    path.write_bytes(head + b"\n" + evil)
    assert warm(loc) is None
    assert not os.path.exists("pwned")


def test_entries_are_private_and_others_entries_are_not_read(workspace):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    path = cache.cache_file(loc)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert warm(loc) is not None
    os.chmod(path, 0o666)  # anyone could have written it
    assert warm(loc) is None
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o777)  # anyone could have planted it
    assert warm(loc) is None
    os.chmod(path.parent, 0o700)
    target = path.with_name("elsewhere.json")
    os.replace(path, target)
    path.symlink_to(target)  # a planted link is not followed
    assert warm(loc) is None


def test_an_add_keeps_the_cache_warm_and_right(workspace):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    fields = {
        "commitment": "cn-soybeans-2025",
        "date": "2026-02-05",
        "amount": 10.5,
        "unit": "Mt",
        "basis": "usda-esr",
        "source": "x",
    }
    add(loc, [(fields, ("<t>", 0))], date(2026, 11, 28))
    served = warm(loc)
    assert served is not None  # still warm after the add
    day = date(2026, 2, 6)
    assert statuses(served, day) == statuses(ledger_of(workspace), day)


def test_commitments_edited_during_an_add_are_not_served_stale(workspace, monkeypatch):
    """The entry an add leaves carries the identity of the commitments it read, not of the file
    as it is when the entry is written."""
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    real_save = cache.save

    def edit_then_save(ledger):
        text = (
            (workspace / "commitments.yaml")
            .read_text()
            .replace("target: {amount: 12, unit: Mt}", "target: {amount: 9, unit: Mt}")
        )
        (workspace / "commitments.yaml").write_text(text)
        real_save(ledger)

    monkeypatch.setattr(cache, "save", edit_then_save)
    fields = {
        "commitment": "cn-soybeans-2025",
        "date": "2026-02-05",
        "amount": 10.5,
        "unit": "Mt",
        "basis": "usda-esr",
        "source": "x",
    }
    add(loc, [(fields, ("<t>", 0))], date(2026, 11, 28))
    monkeypatch.setattr(cache, "save", real_save)
    assert warm(loc) is None
    ledger, _ = cache.open_ledger(loc)
    assert ledger.commitment("cn-soybeans-2025").target.amount == 9


def test_records_read_back_from_a_validated_file_equal_a_validating_read(tmp_path):
    from tradetrack.files.jsonl import trusted_records, trusted_records_of
    from tradetrack.files.progress import parse as parse_progress

    text = (
        "# comment\r\n\r\n"
        '{"commitment": "a", "date": "2026-01-02", "amount": 8, "unit": "Mt", "source": "s"}\r\n'
        '{"source": "t", "date": "2026-01-03", "commitment": "a", "amount": 1.5, "unit": "kt", "increment": true,'
        ' "basis": "official", "note": "n\u2028x"}\n'
        "   # indented comment\n"
        '{"commitment": "b", "date": "2026-01-04", "rate": 10, "source": "u"}\n'
        '{"commitment": "c", "date": "2026-01-05", "event": "done", "source": "v", "note": null}'
    )
    text += '\n{"commitment": "\\u007az", "date": "2026-01-06", "event": "done", "source": "w"}'  # "zz", escaped
    validated, problems = parse_progress("p", text.encode())
    assert not problems and len(validated) == 5 and validated[-1].commitment == "zz"
    assert trusted_records(text) == validated
    # the same types too (8 == 8.0, a date shared between records is still the day written)
    assert [[type(x) for x in r] for r in trusted_records(text)] == [[type(x) for x in r] for r in validated]
    # One commitment's: its lines are found in the bytes by its id or a backslash (an escaped
    # id), the others never parsed. "a" is in nearly every line; "" in all; "zz" only escaped.
    text += '\n{"commitment": "été", "date": "2026-01-07", "event": "done", "source": "é"}\n'
    validated, problems = parse_progress("p", text.encode())
    assert not problems and validated[-1].commitment == "été"
    for cid in ("a", "b", "c", "zz", "none", "", "été", "t"):
        assert trusted_records_of(text.encode(), cid) == [r for r in validated if r.commitment == cid], cid


def test_one_commitments_records_from_a_file_of_escapes_are_its_records():
    # Every line holds a backslash ("\\/" for "/"): past a line a kilobyte found that way, the
    # file is split whole instead (finding each took twice as long); the records are the same.
    from tradetrack.files import jsonl

    text = "".join(
        f'{{"commitment": "c{i % 7}", "date": "2026-01-01", "amount": {i}, "unit": "t", "source": "a:\\/\\/b"}}\n'
        for i in range(300)
    )
    raw = text.encode()
    assert jsonl._lines_holding(raw, (b"c3", b"\\"), most=len(raw) // 1024 + 16) is None  # the split whole
    for cid in ("c3", "c0", "none"):
        want = [r for r in jsonl.trusted_records(text) if r.commitment == cid]
        assert jsonl.trusted_records_of(raw, cid) == want and all(r.source == "a://b" for r in want)


def test_a_flag_written_otherwise_than_true_or_false_reads_back_as_validated():
    """The model takes a flag laxly ("false", "no", 0, 1): a record read back from a validated
    file must hold what validation gave, a bool ("false" as written is truthy: a to-date figure
    was listed as an increment, and the records entry, which holds bools there, was refused)."""
    from tradetrack.files.jsonl import trusted_records, trusted_records_of
    from tradetrack.files.progress import parse as parse_progress

    text = "".join(
        f'{{"commitment": "a", "date": "2026-01-0{i + 1}", "amount": {i + 1}, "unit": "t", "source": "s", '
        f'"increment": {flag}, "decline": {flag}}}\n'
        for i, flag in enumerate(['"false"', '"no"', "0", "1", '"yes"', '"FALSE"', "true", "false"])
    )
    validated, problems = parse_progress("p", text.encode())
    assert not problems and [r.increment for r in validated] == [False, False, False, True, True, False, True, False]
    assert trusted_records(text) == validated and trusted_records_of(text.encode(), "a") == validated
    assert all(type(r.increment) is bool and type(r.decline) is bool for r in trusted_records(text))


def test_a_trusted_line_the_record_cannot_hold_is_refused_as_record_refuses_it():
    """Records are built without keyword matching; a dict that does not fit Record (a key it
    lacks, `line`, a field it must have missing) still fails as Record(**r) fails."""
    from tradetrack.files.jsonl import trusted_records

    good = '"commitment": "a", "date": "2026-01-02", "source": "s"'
    for bad in ('"colour": "red"', '"line": 4'):
        with pytest.raises(TypeError):
            trusted_records("{" + good + ", " + bad + "}\n")
    with pytest.raises(TypeError):
        trusted_records('{"commitment": "a", "date": "2026-01-02"}\n')


def test_records_of_a_file_changed_after_the_cached_load_are_validated(workspace):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    data, _ = cache.open_ledger(loc)  # served from the cache; records are read when needed
    with open(workspace / "progress.jsonl", "a") as f:
        f.write('{"commitment": "cn-soybeans-2025", "date": "2026-01-09", "amount": "lots", "source": "x"}\n')
    found, problems = cache.records(data)
    assert "amount" in problems[0].message


def test_a_tampered_or_damaged_entry_is_ignored_and_rebuilt(workspace, cli):
    """Issue 20: edited ordinals (OverflowError), NaN totals (StopIteration), a cut or a flipped
    byte: the entry's CRC-32 no longer matches, so it is not used; status is right, no traceback."""
    loc = loc_of(workspace)
    args = ("status", "--data", workspace, "--as-of", "2026-11-27", "--json")
    expected = json.loads(cli(*args).out)["commitments"]
    path = cache.cache_file(loc)
    good = path.read_bytes()
    head, _, rest = good.partition(b"\n")
    tampered = [
        head + b"\n" + re.sub(rb",7\d{5},", b",99999999,", rest, count=1),  # a date's ordinal, a day no date holds
        head + b"\n" + rest[: len(rest) // 2],  # cut short
        head + b"\n" + rest[:-8] + b"\x00\x00\x00\x00\x00\x00\xf8\x7f",  # a NaN in the last column
        re.sub(rb"^\[\d+,", b"[8e999,", head, count=1) + b"\n" + rest,  # a head of another shape
        good[:-1] + bytes([good[-1] ^ 1]),  # one bit
    ]
    for junk in tampered:
        assert junk != good
        path.write_bytes(junk)
        assert cache._read(loc) is None
        r = cli(*args)
        assert r.code == 0 and json.loads(r.out)["commitments"] == expected
        assert cache._read(loc) is not None  # rebuilt


def test_a_ledger_served_from_an_entry_keeps_its_figures_when_the_entry_is_replaced(workspace, cli):
    """The columns are views of the mapped entry: an entry rewritten under a running command
    (by another command's save, a rename) must not change or break the figures it judges."""
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    served = warm(loc)
    before = statuses(served)
    series = [s for f in served.facts.values() for s in f.series.values()]
    assert series and all(isinstance(s.totals, memoryview) for s in series)  # served from the mapping
    progress = workspace / "progress.jsonl"
    progress.write_bytes(progress.read_bytes().replace(b'"amount": 8,', b'"amount": 9,'))
    assert cli("status", "--data", workspace, "--as-of", "2026-11-27").code in (0, 1)  # saves anew
    assert warm(loc) is not None and statuses(warm(loc)) != before
    assert statuses(served) == before


def test_an_entry_cut_short_or_rewritten_in_place_under_a_command_changes_nothing(workspace):
    """Review of 2 Dec: the entry was mapped, so a cache file truncated under a running report
    killed it (SIGBUS), and one zeroed in place (rsync --inplace, a restore) changed its figures
    after the CRC-32 had been checked. The figures served must be the ones checked, whatever
    happens to the file afterwards. Run in a child process: with a mapping, the cut is a crash."""
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    path = cache.cache_file(loc)
    code = f"""
import os, sys
from datetime import date
from pathlib import Path
from tradetrack.facts import cache
from tradetrack.files.workspace import Location
loc = Location(Path({str(workspace / "commitments.yaml")!r}), "--data")
served = cache._read(loc)
assert served is not None
def figures():
    return [(s.days.tolist(), s.totals.tolist(), s.standings.tolist())
            for f in served.facts.values() for s in f.series.values()]
before = figures()
path = Path({str(path)!r})
size = path.stat().st_size
with open(path, "r+b") as f:  # rewritten in place: same file, same size, other bytes
    f.seek(size // 2)
    f.write(bytes(size - size // 2))
assert figures() == before, "figures changed under the command"
os.truncate(path, 0)  # cut short in place
assert figures() == before, "figures changed under the command"
print("same")
"""
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.strip() == "same", (r.returncode, r.stderr[-2000:])


def test_an_entry_whose_columns_were_written_wrong_is_not_used(workspace, cli):
    """Review of 2 Dec: a series' offset moved by one byte, with the entry's CRC-32 made to
    match, gave day 0 and a traceback mid-judgement. Days outside the calendar and standings out
    of range are refused at the read, so the run loads afresh and is right."""
    loc = loc_of(workspace)
    args = ("status", "--data", workspace, "--as-of", "2026-11-27", "--json")
    expected = json.loads(cli(*args).out)["commitments"]
    path = cache.cache_file(loc)
    head, _, rest = path.read_bytes().partition(b"\n")
    stored = json.loads(head)
    body_len = stored[-3]
    body, blob = rest[:body_len], rest[body_len:]
    series = rb'(\{"\$f":\[\[\["[^"]+",[1-9]\d*,)(\d+)\]'  # a commitment's first series: [basis, n, offset]
    shifted = re.sub(series, lambda m: m[1] + b"%d]" % (int(m[2]) + 1), body, count=1)
    at = int(re.search(series, body)[2])  # type: ignore[index]
    day_zero = blob[:at] + bytes(4) + blob[at + 4 :]  # its first figure's day, as an ordinal
    assert shifted != body
    for junk_body, junk_blob in ((shifted, blob), (body, day_zero), (body, blob[:-1] + b"\x09")):
        junk = junk_body + junk_blob
        stored[-3:] = [len(junk_body), len(junk_blob), identity.checksum(memoryview(junk))]
        path.write_bytes(json.dumps(stored, separators=(",", ":")).encode() + b"\n" + junk)
        assert cache._read(loc) is None
        r = cli(*args)
        assert r.code == 0 and json.loads(r.out)["commitments"] == expected
