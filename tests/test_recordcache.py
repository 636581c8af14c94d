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
    content, _, _ = _parts(_entry(workspace).read_bytes())
    assert recordcache.read(_entry(workspace), content) is not None  # so the next report is served from it
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


def _parts(entry: bytes) -> tuple[tuple[int, int], list, bytes]:
    """An entry's progress content (size, CRC-32), its columns and its packed data."""
    head, _, rest = entry.partition(b"\n")
    columns, _, data = rest.partition(b"\n")
    return tuple(json.loads(head)[2:4]), json.loads(columns), data  # type: ignore[return-value]


def _reheaded(content, columns: list, data: bytes) -> bytes:
    """An entry of these columns and data under a head that fits them: only the checks of
    their shapes can refuse it."""
    body = json.dumps(columns).encode() + b"\n" + data
    return json.dumps(recordcache._head(content, body)).encode() + b"\n" + body


def _refused(cli, workspace, path, content, fresh, entry: bytes) -> None:
    path.write_bytes(entry)
    os.chmod(path, 0o600)
    assert recordcache.read(path, content) is None
    assert _report(cli, workspace) == fresh  # the file is read instead, and kept again


def test_a_damaged_or_foreign_entry_is_read_past(workspace, cli):
    fresh = _report(cli, workspace)
    path = _entry(workspace)
    good = path.read_bytes()
    content, columns, data = _parts(good)
    same = next(i for i, c in enumerate(columns) if c[0] == "same")
    short = [*columns[:same], [*columns[same][:2], columns[same][2] - 1], *columns[same + 1 :]]
    for junk in (
        good[:-1] + bytes([good[-1] ^ 1]),  # one bit: the CRC-32 no longer matches
        good[: len(good) // 2],  # cut short
        b"",
        _reheaded(content, [*columns, columns[-1]], data),  # a field too many, in every record
        _reheaded(content, short, data),  # one column a record shorter than the rest
        b"[]\n[]",
    ):
        _refused(cli, workspace, path, content, fresh, junk)
    os.chmod(path, 0o644)
    path.write_bytes(good.replace(b'"confirmed"', b'"reported"'))  # forged, and not ours alone:
    os.chmod(path, 0o666)  # writable by anyone, so never read
    assert _report(cli, workspace) == fresh


def test_an_entry_of_ill_formed_shapes_is_read_past(workspace, cli):
    """Each shape's own rule refuses an entry that breaks it (under a head that fits it, so
    nothing else would), and none of them gives a traceback."""
    fresh = _report(cli, workspace)
    path = _entry(workspace)
    content, columns, data = _parts(path.read_bytes())

    def at(i: int, column: list) -> list:
        return [*columns[:i], column, *columns[i + 1 :]]

    same = next(i for i, c in enumerate(columns) if c[0] == "same")
    keys = next(i for i, c in enumerate(columns) if c[0] == "keys")
    plain = next(i for i, c in enumerate(columns) if c[0] == "plain")
    assert keys == 0  # the commitment ids: their indices open the data
    n = columns[keys][2]

    def beyond_column(row: int) -> bytes:  # an index or a None's row as the data holds it
        return row.to_bytes(4, "little")

    beyond = beyond_column(len(columns[keys][1]))  # the first id's index, one past the ids
    day = recordcache._DAY
    assert columns[day] == ["packed", "q", n, 0] and day == 1  # after the ids' indices: its items here
    items = n * 4 + n * 8
    hole = _reheaded(content, at(day, ["packed", "q", n, 1]), data[:items] + beyond_column(n) + data[items:])
    for junk in (
        _reheaded(content, at(same, ["unheard-of", *columns[same][1:]]), data),  # unknown shape
        _reheaded(content, at(same, [*columns[same][:2], 10**12]), data),  # [v] * 10**12
        _reheaded(content, at(keys, [columns[keys][0], {}, n]), data),  # a table not a list
        _reheaded(content, columns, beyond + data[4:]),  # an index beyond its table
        _reheaded(content, columns, data + b"\0"),  # data no column takes
        _reheaded(content, columns, data[:-8]),  # data ends within the last column
        _reheaded(content, at(plain, ["plain", "x" * n]), data),  # plain values not a list
        # a code never written: "Q" would read these bytes as the same days, "f" or "b" as others
        _reheaded(content, at(day, ["packed", "Q", n, 0]), data),
        hole,  # a None in a row beyond the column
    ):
        _refused(cli, workspace, path, content, fresh, junk)


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


def _exactly(records) -> list:
    """Each value by type and spelling: 0.0 and -0.0, True and 1, nan and nan told apart."""
    return [[(type(v), repr(v)) for v in r] for r in records]


def _kept(records: list, served: bool = True) -> list | None:
    from tradetrack.files.workspace import cache_dir

    path, content = cache_dir() / "t.records.json", (10**6, 1)
    recordcache.save(path, content, records)
    got = recordcache.read(path, content)
    assert (got is not None) == served
    return got


def test_every_value_comes_back_as_it_went():
    """Columns where equal values are not the same value: numbers are packed (their bits, and
    the rows of a None) or plain, never keyed, so each comes back of its own type and sign; ints
    beyond 64 bits stay plain JSON; a key of "True" is not True."""
    from datetime import date

    from tradetrack.core.values import Record

    inf, nan = float("inf"), float("nan")
    base = Record("c", date(2026, 1, 1), "s")
    rows = [  # amount: floats; rate: floats and a None; revises: ints and a None; event: keys
        base._replace(amount=0.0, rate=0.0, revises=1, event="True", increment=True, line=2**63 - 1),
        base._replace(amount=-0.0, rate=-0.0, revises=0, event=None, date=date.min, line=-(2**63)),
        base._replace(amount=nan, rate=None, revises=None, event="None", date=date.max, note="é\u2028"),
        base._replace(amount=inf, rate=1.0, revises=2**63 - 1, event="", increment=False, line=1),
        base._replace(amount=5e-324, rate=0.0, revises=-(2**63), event="False", line=0),
        base._replace(amount=2.0**53 + 2, rate=-0.0, revises=None, event="1", note=""),
    ]
    holes = [rows[0]._replace(amount=None), *rows[1:]]  # packed all the same, the None's row named
    for records in (rows, holes, [*rows, base._replace(line=2**63)], rows[:1], []):
        assert _exactly(_kept(records)) == _exactly(records)


def test_a_value_of_a_type_its_field_never_holds_is_not_served():
    """Every value of an entry is of a type its Record field holds: a value of another type
    (here written by hand, as a forged entry under a CRC that fits would hold it) means the
    file is read instead, not a traceback later (a list for a unit was unhashable in a history,
    a str amount would not format). A shape's types are known from its values, its table or
    its code, so checking them costs nothing."""
    from datetime import date

    from tradetrack.core.values import Record

    base = Record("c", date(2026, 1, 1), "s", amount=1.0)
    for odd in (
        {"unit": ["t"]},  # plain: a list
        {"event": True},  # same: a bool where a str is held
        {"revises": 1.5},  # packed as floats where ints are held
        {"amount": 1},  # packed as ints where floats are held
        {"note": {"a": 1}},  # a dict
    ):
        records = [base, base._replace(line=1, **odd)]
        _kept(records, served=False)
        _kept([base, base._replace(line=1)])  # and the same without it is served


def test_an_entry_of_more_records_than_its_file_can_hold_is_not_served():
    """A record's line is at least 32 bytes, so an entry for a file of 320 bytes holds at most
    10 records: a few bytes of entry cannot ask for a column of 10**9 rows (each column a
    list of that length), and every column has the first one's rows before any is built."""
    from datetime import date

    from tradetrack.core.values import Record
    from tradetrack.files.workspace import cache_dir

    path = cache_dir() / "n.records.json"
    records = [Record("c", date(2026, 1, 1), "s", amount=float(i), line=i) for i in range(11)]
    for n, served in ((10, True), (11, False)):
        recordcache.save(path, (320, 1), records[:n])
        assert (recordcache.read(path, (320, 1)) is not None) == served, n
    data = recordcache._Data(memoryview(b""), most=10)
    assert data.column(4) == 4
    for bad in (5, 3, True):
        try:
            data.column(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_ten_thousand_distinct_sources_and_notes_come_back():
    """A column of many distinct values is keyed all the same: a table as long as the column's
    distinct values and an index a row, so the cost stays linear in the records."""
    from datetime import date

    from tradetrack.core.values import Record

    records = [
        Record(
            f"c{i % 7}",
            date(2026, 1, 1 + i % 28),
            f"https://example.org/{i % 10_000}",
            float(i),
            note=f"n{i % 10_000}",
            line=i,
        )
        for i in range(20_000)
    ]
    assert _kept(records) == records
