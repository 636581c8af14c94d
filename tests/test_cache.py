"""The load cache gives exactly what a fresh load gives, and never serves changed files."""

from __future__ import annotations

import json
import os
import pickle
from datetime import date

import pytest

from tradetrack import cache
from tradetrack.assess import assess_all
from tradetrack.load import load
from tradetrack.problems import InputError
from tradetrack.progress import add
from tradetrack.render_json import assessment
from tradetrack.workspace import Location


def statuses(data, day=date(2026, 1, 15)):
    return [assessment(a) for a in assess_all(data, day)]


def test_cached_and_uncached_loads_agree(workspace):
    loc = Location(workspace / "commitments.yaml", "--data")
    cold = cache.load(loc)
    assert cache.cache_file(loc).exists()
    warm = cache._read(loc, cache.fingerprint(loc))
    assert warm is not None
    fresh = load(loc)
    for day in (date(2025, 12, 2), date(2026, 1, 15), date(2026, 11, 27)):
        assert statuses(warm, day) == statuses(fresh, day) == statuses(cold, day)
    assert warm.records == fresh.records


def test_changed_touched_or_replaced_files_are_not_served(workspace):
    loc = Location(workspace / "commitments.yaml", "--data")
    cache.load(loc)
    progress = workspace / "progress.jsonl"
    key = cache.fingerprint(loc)
    st = progress.stat()
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched
    assert cache._read(loc, cache.fingerprint(loc)) is None
    cache.load(loc)
    # Same size, same mtime, other content: the hash tells.
    text = progress.read_bytes().replace(b'"amount": 8,', b'"amount": 9,')
    st = progress.stat()
    progress.write_bytes(text)
    os.utime(progress, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache.fingerprint(loc) != key
    soy = next(a for a in statuses(cache.load(loc)) if a["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 9
    replacement = workspace / "new.jsonl"  # replaced by rename: another inode
    replacement.write_bytes(text)
    os.replace(replacement, progress)
    assert cache._read(loc, cache.fingerprint(loc)) is None


def test_corrupt_or_foreign_cache_is_harmless(workspace, cli):
    loc = Location(workspace / "commitments.yaml", "--data")
    cache.load(loc)
    cache.cache_file(loc).write_bytes(b"\x80\x04garbage")
    assert cli("status", "--data", workspace, "--as-of", "2026-11-27").code == 0
    cache.cache_file(loc).write_bytes(pickle.dumps(("another version", None)))
    r = cli("status", "--data", workspace, "--as-of", "2026-11-27", "--json")
    assert r.code == 0 and json.loads(r.out)["commitments"]


def test_an_add_keeps_the_cache_warm_and_right(workspace):
    loc = Location(workspace / "commitments.yaml", "--data")
    cache.load(loc)
    fields = {"commitment": "cn-soybeans-2025", "date": "2026-02-05", "amount": 10.5, "unit": "Mt",
              "basis": "usda-esr", "source": "x"}
    add(loc, [(fields, ("<t>", 0))], date(2026, 11, 28))
    warm = cache._read(loc, cache.fingerprint(loc))
    assert warm is not None  # still warm after the add
    day = date(2026, 2, 6)
    assert statuses(warm, day) == statuses(load(loc), day)


def test_records_read_back_from_a_validated_file_equal_a_validating_read(tmp_path):
    from tradetrack.jsonl import trusted_records
    from tradetrack.load import parse_progress

    text = ("# comment\r\n\r\n"
            '{"commitment": "a", "date": "2026-01-02", "amount": 8, "unit": "Mt", "source": "s"}\r\n'
            '{"source": "t", "date": "2026-01-03", "commitment": "a", "amount": 1.5, "unit": "kt", "increment": true,'
            ' "basis": "official", "note": "n\u2028x"}\n'
            '   # indented comment\n'
            '{"commitment": "b", "date": "2026-01-04", "rate": 10, "source": "u"}\n'
            '{"commitment": "c", "date": "2026-01-05", "event": "done", "source": "v", "note": null}')
    text += '\n{"commitment": "\\u007az", "date": "2026-01-06", "event": "done", "source": "w"}'  # "zz", escaped
    validated, problems = parse_progress("p", text.encode(), "usda-esr")
    assert not problems and len(validated) == 5 and validated[-1].commitment == "zz"
    assert trusted_records(text, "usda-esr") == validated
    for cid in ("a", "b", "c", "zz", "none"):
        assert trusted_records(text, "usda-esr", only=cid) == [r for r in validated if r.commitment == cid]


def test_records_of_a_file_changed_after_the_cached_load_are_validated(workspace, cli):
    loc = Location(workspace / "commitments.yaml", "--data")
    cache.load(loc)
    data = cache.load(loc)  # served from the cache; records are read when first needed
    with open(workspace / "progress.jsonl", "a") as f:
        f.write('{"commitment": "cn-soybeans-2025", "date": "2026-01-09", "amount": "lots", "source": "x"}\n')
    with pytest.raises(InputError) as e:
        data.records
    assert "amount" in e.value.problems[0].message
