"""The load cache gives exactly what a fresh load gives, never serves changed files, and cannot
be made to run code or to serve an entry someone else wrote."""

from __future__ import annotations

import json
import os
import stat
from datetime import date

from tradetrack.facts import cache
from tradetrack.files.workspace import Location
from tradetrack.judge.verdict import judge_all
from tradetrack.render.jsonout import verdict
from tradetrack.write.progress import add

from .conftest import ledger_of


def statuses(data, day=date(2026, 1, 15)):
    return [verdict(v) for v in judge_all(data, day)]


def loc_of(ws) -> Location:
    return Location(ws / "commitments.yaml", "--data")


def warm(loc):
    return cache._read(loc, cache.current_key(loc))


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
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched
    assert warm(loc) is None
    cache.open_ledger(loc)
    # Same size, same mtime, other content: the CRC tells.
    text = progress.read_bytes().replace(b'"amount": 8,', b'"amount": 9,')
    st = progress.stat()
    progress.write_bytes(text)
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.current_key(loc) != key
    soy = next(a for a in statuses(cache.open_ledger(loc)[0]) if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 9
    replacement = workspace / "new.jsonl"  # replaced by rename: another inode
    replacement.write_bytes(text)
    os.replace(replacement, progress)
    assert warm(loc) is None


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
    from tradetrack.files.jsonl import trusted_records
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
    for cid in ("a", "b", "c", "zz", "none"):
        assert trusted_records(text, only=cid) == [r for r in validated if r.commitment == cid]


def test_records_of_a_file_changed_after_the_cached_load_are_validated(workspace):
    loc = loc_of(workspace)
    cache.open_ledger(loc)
    data, _ = cache.open_ledger(loc)  # served from the cache; records are read when needed
    with open(workspace / "progress.jsonl", "a") as f:
        f.write('{"commitment": "cn-soybeans-2025", "date": "2026-01-09", "amount": "lots", "source": "x"}\n')
    found, problems = cache.records(data)
    assert "amount" in problems[0].message
