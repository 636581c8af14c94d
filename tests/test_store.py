"""Writes that cannot lose data: atomic replace, locks, refusal on concurrent edits, kills at
any instant, many writers at once, full disks and read-only directories."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tradetrack.files import atomic
from tradetrack.files.workspace import Location
from tradetrack.write import store
from tradetrack.write.progress import add

from .conftest import MINIMAL, contents_of, examples, write_ws

TODAY = date(2026, 11, 28)
HAND_EDITED = """\
# figures typed by hand

{"commitment": "buy", "date": "2026-01-02", "amount": 1, "unit": "t", "source": "first"}
   # an indented comment, then two blank lines


{"source": "key order kept", "date": "2026-01-03", "commitment": "buy", "amount": 2, "unit": "t"}"""


def row(n: int, commitment: str = "buy") -> tuple[dict, tuple[str, int]]:
    return {
        "commitment": commitment,
        "date": "2026-01-05",
        "amount": n,
        "unit": "t",
        "source": f"s{n}",
        "increment": True,
    }, ("<test>", 0)


def records(ws: Path) -> list[dict]:
    lines = (ws / "progress.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines if x.strip() and not x.lstrip().startswith("#")]


def test_hand_edited_bytes_survive_100_adds(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL + "# a closing comment\n", HAND_EDITED)
    commitments = (ws / "commitments.yaml").read_bytes()
    original = (ws / "progress.jsonl").read_bytes()
    loc = Location(ws / "commitments.yaml", "--data")
    for n in range(100):
        add(loc, [row(n)], TODAY)
    assert (ws / "commitments.yaml").read_bytes() == commitments
    after = (ws / "progress.jsonl").read_bytes()
    assert after.startswith(original + b"\n")  # the missing final newline was supplied, nothing changed
    assert len(contents_of(loc.commitments).records) == 102


def test_crlf_file_keeps_its_newlines(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    (ws / "progress.jsonl").write_bytes(b"# crlf\r\n")
    add(Location(ws / "commitments.yaml", "--data"), [row(1)], TODAY)
    data = (ws / "progress.jsonl").read_bytes()
    assert data.startswith(b"# crlf\r\n{") and data.endswith(b"}\r\n") and b"\n" not in data.replace(b"\r\n", b"")


def test_mode_and_symlink_are_kept(tmp_path):
    real = write_ws(tmp_path / "real", MINIMAL, "")
    os.chmod(real / "progress.jsonl", 0o640)
    ws = tmp_path / "linked"
    ws.mkdir()
    (ws / "commitments.yaml").symlink_to(real / "commitments.yaml")
    (ws / "progress.jsonl").symlink_to(real / "progress.jsonl")
    add(Location(ws / "commitments.yaml", "--data"), [row(1)], TODAY)
    assert (ws / "progress.jsonl").is_symlink()
    assert stat.S_IMODE(os.stat(real / "progress.jsonl").st_mode) == 0o640
    assert len(records(real)) == 1


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"old\n")
    seen = path.read_bytes()
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(store.StoreError, match="changed since it was read"):
        store.replace(path, b"mine\n", seen)
    assert path.read_bytes() == b"someone else's edit\n"


def test_lock_of_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "f"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from tradetrack.write import store\n"
                f"with store.locked(Path({str(path)!r})):\n    print('locked', flush=True); time.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    with (
        pytest.raises(store.StoreError, match="another tradetrack process is writing"),
        store.locked(path, timeout=0.2),
    ):
        pass
    holder.kill()
    holder.wait()
    start = time.monotonic()
    with store.locked(path, timeout=5):
        pass
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("err", ["fsync", "write", errno.EROFS, errno.EACCES])
def test_full_disk_or_read_only_leaves_the_old_file(tmp_path, monkeypatch, cli, err):
    ws = write_ws(tmp_path / "w", MINIMAL, HAND_EDITED)
    before = (ws / "progress.jsonl").read_bytes()
    real_write = os.write

    def failing_fsync(fd):  # the data is written, its flush to disk fails, as on a full disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def half_write(fd, data):  # half the new lines land, then the disk is full
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def refuse(*a, **k):  # a read-only directory refuses every new file in it
        raise OSError(err, os.strerror(err if isinstance(err, int) else errno.EIO))

    if err == "fsync":
        monkeypatch.setattr(store.os, "fsync", failing_fsync)
    elif err == "write":
        monkeypatch.setattr(store, "_write_all", half_write)
    else:
        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
        monkeypatch.setattr(store, "_write_pending", refuse)
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-05", "--amount", "5", "--unit", "t", "--source", "x", "--data", ws
    )
    monkeypatch.undo()
    assert r.code == 2
    assert ("disk is full" if isinstance(err, str) else "cannot write here") in r.err
    assert "nothing was written" in r.err
    assert (ws / "progress.jsonl").read_bytes() == before
    assert [p.name for p in ws.iterdir() if p.name.endswith((".tmp", ".pending"))] == []


@pytest.mark.slow
def test_sigkill_at_any_instant_leaves_old_or_new(tmp_path):
    """Kill `tradetrack progress add` at many instants spread over the whole add: the file
    always parses and holds exactly the old records, or the old plus the new one."""
    ws = write_ws(tmp_path / "w", MINIMAL, HAND_EDITED)
    loc = Location(ws / "commitments.yaml", "--data")
    rng = random.Random(20261128)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    # Calibrate: how long a whole add takes here, so kills spread over all of it.
    t0 = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tradetrack",
            "progress",
            "add",
            "buy",
            "--date",
            "2026-01-05",
            "--amount",
            "2",
            "--unit",
            "t",
            "--source",
            "calibrate",
            "--data",
            str(ws),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    span = time.monotonic() - t0
    outcomes = {"old": 0, "new": 0}
    trials = examples(40)
    for trial in range(trials):
        before = len(contents_of(loc.commitments).records)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tradetrack",
                "progress",
                "add",
                "buy",
                "--date",
                "2026-01-05",
                "--amount",
                str(trial + 2),
                "--unit",
                "t",
                "--source",
                f"trial {trial}",
                "--data",
                str(ws),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        # one instant in each of `trials` equal slices of the add, so fewer trials still cover it all
        time.sleep(span * 1.1 * (trial + rng.random()) / trials)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = contents_of(loc.commitments).records  # raises if the file is broken
        assert len(after) in (before, before + 1)
        outcomes["new" if len(after) == before + 1 else "old"] += 1
        if len(after) == before + 1:
            assert after[-1].source == f"trial {trial}"
        assert not [p for p in ws.iterdir() if p.name.endswith(".tmp") and p.stat().st_size > 10**6]
    assert (ws / "progress.jsonl").read_bytes().startswith(HAND_EDITED.encode())
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes  # the kills really did land on both sides


WORKER = """
import sys
from datetime import date
from pathlib import Path
from tradetrack.write.progress import add
from tradetrack.files import atomic
from tradetrack.files.workspace import Location
ws, who = Path(sys.argv[1]), int(sys.argv[2])
loc = Location(ws / "commitments.yaml", "--data")
for n in range(50):
    add(loc, [({"commitment": "buy", "date": "2026-01-05", "amount": who * 1000 + n, "unit": "t",
                "increment": True, "source": f"w{who}"}, ("<w>", 0))], date(2026, 11, 28))
"""


@pytest.mark.slow
def test_eight_concurrent_writers_lose_nothing(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, "# concurrent\n")
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(ws), str(w)]) for w in range(8)]
    assert [p.wait(timeout=300) for p in procs] == [0] * 8
    amounts = [r["amount"] for r in records(ws)]
    assert sorted(amounts) == sorted(w * 1000 + n for w in range(8) for n in range(50))
    assert len(contents_of(ws).records) == 400


@pytest.mark.parametrize("many", [False, True], ids=["one add", "a large import"])
def test_a_record_already_in_the_file_is_not_added_again(tmp_path, many):
    ws = write_ws(tmp_path / "w", MINIMAL, HAND_EDITED + "\r\n")
    loc = Location(ws / "commitments.yaml", "--data")
    rows = [row(n) for n in range(40 if many else 1)]
    first, _ = add(loc, rows, TODAY)
    again, _ = add(loc, rows + [row(99)], TODAY)
    assert len(first.records) == len(rows) and len(again.skipped) == len(rows)
    assert [r.source for r in again.records] == ["s99"]
    # A line that merely contains a record's text is not that record.
    (ws / "progress.jsonl").write_bytes((ws / "progress.jsonl").read_bytes() + b'# {"x": 0}\n')
    assert len(contents_of(loc.commitments).records) == len(rows) + 3


def test_line_separators_inside_a_note_do_not_break_the_line(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, HAND_EDITED)
    loc = Location(ws / "commitments.yaml", "--data")
    fields, where = row(1)
    add(loc, [({**fields, "note": "pasted\u2028from\u2029a page\x85here"}, where)], TODAY)
    add(loc, [row(2)], TODAY)
    loaded = contents_of(loc.commitments).records
    assert [r.note for r in loaded][-2:] == ["pasted\u2028from\u2029a page\x85here", None]
    lines = (ws / "progress.jsonl").read_text().split("\n")
    assert [r.line for r in loaded] == [3, 7, 8, 9] and "\u2028" not in lines[7]


HAND_APPENDER = """
import sys, time
path, n = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
for i in range(n):
    with open(path, "a") as f:  # as `echo ... >> progress.jsonl` does: no lock
        f.write(f"# typed by hand {i}\\n")
    time.sleep(0.005)
"""


def test_a_hand_append_during_adds_is_never_lost(tmp_path, cli):
    """The watcher trial of issue 20: a program appends lines by hand (no lock) while adds
    run on a file large enough that each write takes a while. Every hand line and every
    added record is in the file afterwards, once, and check passes."""
    big = "".join(
        f'{{"commitment": "buy", "date": "2026-01-0{1 + i % 4}", "amount": {i}, "unit": "t", '
        f'"increment": true, "source": "bulk {i}"}}\n'
        for i in range(5_000)
    )
    ws = write_ws(tmp_path / "w", MINIMAL.replace("amount: 100, unit: t", "amount: 10000000000, unit: t"), big)
    loc = Location(ws / "commitments.yaml", "--data")
    add(loc, [row(999)], TODAY)  # warm the cache, so the adds below come quickly
    hand = subprocess.Popen(
        [sys.executable, "-c", HAND_APPENDER, str(ws / "progress.jsonl"), "200"], stdout=subprocess.PIPE, text=True
    )
    assert hand.stdout.readline().strip() == "ready"
    added, refused = [], 0
    while hand.poll() is None:
        fields, where = row(1000 + len(added) + refused)
        try:
            add(loc, [({**fields, "date": "2026-01-09"}, where)], TODAY)
            added.append(fields["source"])
        except store.Changed:  # changed under it three reads running: refused, nothing written
            refused += 1
    assert hand.wait() == 0 and len(added) >= 5, (added, refused)
    text = (ws / "progress.jsonl").read_text()
    assert [int(x.rsplit(" ", 1)[1]) for x in text.splitlines() if x.startswith("# typed")] == list(range(200))
    mine = [r["source"] for r in records(ws) if r["date"] == "2026-01-09"]
    print(f"{len(added)} adds, {refused} refused during the hand appends")
    assert mine == added
    assert cli("check", "--data", ws).code == 0


@pytest.mark.parametrize("tail", ['{"commitment": "buy", "da', '{"commitment": "buy", "note": "caf\xc3', "  "])
def test_a_record_being_appended_is_not_read_yet(tmp_path, cli, tail):
    """A reader at the very instant of an append may see part of the last line (no newline yet,
    not one JSON value): status reads the file without it, as if it came a moment earlier;
    check, which reads the file as it is, still reports the line."""
    from tests.conftest import MINIMAL, write_ws

    ws = write_ws(tmp_path / "w", MINIMAL)
    whole = '{"commitment": "buy", "date": "2026-01-05", "amount": 40, "unit": "t", "source": "x"}\n'
    (ws / "progress.jsonl").write_bytes(whole.encode() + tail.encode("latin-1"))
    for env in ({}, {"TRADETRACK_NO_CACHE": "1"}):
        r = cli("status", "--as-of", "2026-01-06", "--json", "--data", ws, env=env)
        assert r.code == 0, r
        assert json.loads(r.out)["commitments"][0]["actual"] == 40.0
        shown = cli("show", "buy", "--as-of", "2026-01-06", "--data", ws, env=env)
        assert shown.code == 0 and "40" in shown.out, shown
    if tail.strip():
        r = cli("check", "--data", ws)
        assert r.code == 2 and f"{ws / 'progress.jsonl'}:2:" in r.err, r


@pytest.mark.parametrize(
    "edit",
    [
        lambda p, seen: p.write_bytes(seen[:-5]),  # cut short by a hand
        lambda p, seen: p.write_bytes(seen.replace(b'"amount": 10', b'"amount": 99')),  # edited, same size
        lambda p, seen: (p.unlink(), p.write_bytes(seen)),  # replaced by a new file of the same bytes
    ],
    ids=["truncated", "edited-same-size", "replaced"],
)
def test_an_append_refuses_a_file_that_is_no_longer_the_one_read(tmp_path, edit):
    # The writer reads under the lock, then appends; whatever happened to the file in between
    # (a hand without the lock) must stop the append and leave that hand's bytes as they are.
    from tradetrack.write.store import Changed, append

    path = tmp_path / "progress.jsonl"
    seen = b'{"commitment": "buy", "date": "2026-01-02", "amount": 10, "unit": "t", "source": "a"}\n'
    path.write_bytes(seen)
    with open(path, "rb") as f:
        seen_st = os.fstat(f.fileno())
    time.sleep(0.01)  # a later mtime for the same-size edit
    edit(path, seen)
    after_edit = path.read_bytes()
    with pytest.raises(Changed):
        append(
            path,
            b'{"commitment": "buy", "date": "2026-01-03", "amount": 11, "unit": "t", "source": "b"}\n',
            seen,
            seen_st,
        )
    assert path.read_bytes() == after_edit
