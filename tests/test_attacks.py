"""Hostile data and hostile places: each case an attacker (or an accident) tried, through the
CLI where a user would meet it. Outputs only go to regular files the user named; whatever the
data holds is inert where it is shown; every number is finite and bounded at the file boundary;
no record is dropped or merged without a word; shared workspaces stay usable."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tradetrack.files.workspace import Location
from tradetrack.write.progress import add

from .conftest import MINIMAL, contents_of, write_ws

RECORD = '{"commitment": "buy", "date": "2026-01-02", "amount": 5, "unit": "t", "source": "x"}'


@pytest.fixture
def ws(tmp_path) -> Path:
    return write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")


def data_of(ws: Path) -> dict:
    return {p.name: p.read_bytes() for p in ws.iterdir() if p.is_file() and not p.name.startswith(".")}


# --- outputs written where they must not be ---------------------------------------------------


@pytest.mark.parametrize(
    "make, what",
    [
        (lambda p: os.mkfifo(p), "a FIFO"),
        (lambda p: p.mkdir(), "a directory"),
    ],
)
def test_report_refuses_what_is_not_a_regular_file(cli, ws, tmp_path, make, what):
    target = tmp_path / "out.md"
    make(target)
    r = cli("report", "--as-of", "2026-01-05", "-o", target, "--data", ws)
    assert r.code == 2 and f"is {what}, not a regular file" in r.err, r
    assert not target.is_file()


def test_report_never_replaces_a_device(cli, ws):
    r = cli("report", "--as-of", "2026-01-05", "-o", "/dev/null", "--format", "md", "--data", ws)
    assert r.code == 2 and "is a device" in r.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not os.path.exists("/dev/null.lock")


def test_report_does_not_follow_a_planted_link(cli, ws, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (tmp_path / "r.md").symlink_to(victim)
    r = cli("report", "--as-of", "2026-01-05", "-o", tmp_path / "r.md", "--data", ws)
    assert r.code == 2 and "is a symbolic link" in r.err
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize("name", ["commitments.yaml", "progress.jsonl"])
def test_report_never_overwrites_the_workspace_data(cli, ws, name):
    before = data_of(ws)
    r = cli("report", "--as-of", "2026-01-05", "-o", ws / name, "--format", "md", "--data", ws)
    assert r.code == 2 and "is a data file of the workspace" in r.err
    assert data_of(ws) == before


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_report_to_stdout(cli, ws, target):
    r = cli("report", "--as-of", "2026-01-05", "-o", target, "--data", ws)
    assert r.code == 0 and r.out.startswith("# Compliance report")


def test_a_report_leaves_nothing_beside_it(cli, ws, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    assert cli("report", "--as-of", "2026-01-05", "-o", out / "r.md", "--data", ws).code == 0
    assert [p.name for p in out.iterdir()] == ["r.md"]


# --- injection into reports and terminals -----------------------------------------------------


def test_a_basis_cannot_carry_markup(cli, tmp_path):
    text = MINIMAL.replace("default_basis: official", 'default_basis: "x```\\n<img src=x onerror=alert(1)>"')
    r = cli("check", "--data", write_ws(tmp_path / "w", text))
    assert r.code == 2 and "default_basis" in r.err


def test_a_newline_in_a_source_url_injects_nothing(cli, tmp_path):
    text = MINIMAL.replace(
        "sources: [{title: test}]",
        'sources: [{title: test, url: "https://ok.example/\\n\\n[x]: https://evil.example/i.png"}]',
    )
    progress = (
        json.dumps(
            {
                "commitment": "buy",
                "date": "2026-01-02",
                "amount": 5,
                "unit": "t",
                "source": "https://a.example/\n![i](https://evil.example/p.png)",
            }
        )
        + "\n"
    )
    ws = write_ws(tmp_path / "w", text, progress)
    r = cli("report", "--as-of", "2026-01-05", "-o", tmp_path / "r.html", "--data", ws)
    assert r.code == 0, r
    html = (tmp_path / "r.html").read_text()
    assert "<img" not in html and 'href="https://evil.example' not in html and 'src="https://evil' not in html


def test_a_data_directory_named_with_markup_stays_text(cli, tmp_path):
    ws = write_ws(tmp_path / "a\n\n<script>alert(1)</script>", MINIMAL, RECORD + "\n")
    md = cli("report", "--as-of", "2026-01-05", "--data", ws).out
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<script>" not in html


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cli, tmp_path):
    text = MINIMAL.replace("title: Buy 100 t", 'title: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"').replace(
        "party: CN", 'party: "@SUM(1)"'
    )
    ws = write_ws(tmp_path / "w", text, RECORD + "\n")
    out = cli("report", "--as-of", "2026-01-05", "--format", "csv", "--data", ws).out
    assert "'=HYPERLINK" in out and "'@SUM(1)" in out
    assert ",=" not in out and ",@" not in out


ESCAPES = "\x1b]52;c;aGVsbG8=\x07\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"


def test_terminal_output_is_inert(cli, tmp_path):
    text = MINIMAL.replace("title: Buy 100 t", f"title: {json.dumps('Buy ' + ESCAPES)}")
    progress = (
        json.dumps(
            {
                "commitment": "buy",
                "date": "2026-01-02",
                "amount": 5,
                "unit": "t",
                "source": "s" + ESCAPES,
                "note": "n" + ESCAPES,
            }
        )
        + "\n"
    )
    ws = write_ws(tmp_path / "w", text, progress)
    for args in (("status", "--as-of", "2026-01-05"), ("progress", "list"), ("show", "buy", "--as-of", "2026-01-05")):
        r = cli(*args, "--data", ws, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
        assert r.code == 0, r
        for bad in ("\x1b]", "\x07", "\x1b[2J", "\x9b", "\u202e"):
            assert bad not in r.out, (args, bad)
        assert "␛]52" in r.out  # shown, not executed


def test_check_excerpts_are_inert(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL.replace("title: Buy 100 t", 'title: "x"  \x1b[2J # a\x07 comment'))
    r = cli("check", "--data", ws)
    assert "\x1b[2J" not in r.err and "\x07" not in r.err


def test_show_prints_rich_markup_in_the_data_as_written(cli, tmp_path):
    text = MINIMAL.replace("title: Buy 100 t", 'title: "[link=https://evil.example]click[/link] [/bold]"')
    ws = write_ws(tmp_path / "w", text, RECORD + "\n")
    r = cli("show", "buy", "--as-of", "2026-01-05", "--data", ws)
    assert r.code == 0 and "[link=https://evil.example]click[/link] [/bold]" in r.out


# --- numbers and shapes that would crash later runs -------------------------------------------


@pytest.mark.parametrize("extra", [("--amount", "1e308"), ("--amount", "inf"), ("--amount", "nan"), ("--rate", "inf")])
def test_absurd_numbers_are_refused_at_the_boundary(cli, ws, extra):
    before = data_of(ws)
    args = ("--unit", "Mt") if extra[0] == "--amount" else ()
    r = cli("progress", "add", "buy", "--date", "2026-01-05", *extra, *args, "--source", "x", "--data", ws)
    assert r.code == 2 and "nothing was written" in r.err, r
    assert data_of(ws) == before
    assert cli("status", "--as-of", "2026-01-05", "--data", ws).code == 0


def test_a_tiny_first_figure_does_not_crash(cli, tmp_path):
    text = MINIMAL.replace("target: {amount: 100, unit: t}", "target: {amount: 1000000, unit: Mt}").replace(
        "due: 2026-01-10", "due: 2199-12-31"
    )
    ws = write_ws(tmp_path / "w", text, RECORD.replace('"amount": 5', '"amount": 1e-9') + "\n")
    for args in (("status",), ("report",), ("show", "buy")):
        assert cli(*args, "--as-of", "2026-01-05", "--data", ws).code == 0, args


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "target: {amount: 100, unit: t}",
            "target: {amount: 1.0e+300, unit: t}",
            "less than or equal to 1000000000000000",
        ),
        ("due: 2026-01-10", "recurring: {years: [9999]}", "less than or equal to 2198"),
        ("due: 2026-01-10", "recurring: {years: [0]}", "greater than or equal to 1900"),
        ("due: 2026-01-10", "due: 2026-01-10\n    profile: [.inf, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "finite"),
        (
            "due: 2026-01-10",
            "due: 2026-01-10\n    profile: [-1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
            "greater than or equal to 0",
        ),
    ],
)
def test_check_reports_shapes_that_used_to_crash(cli, tmp_path, old, new, message):
    r = cli("check", "--data", write_ws(tmp_path / "w", MINIMAL.replace(old, new)))
    assert r.code == 2 and message in r.err, r


def test_deeply_nested_lines_and_a_directory_for_a_file(cli, tmp_path):
    deep = '{"commitment": "buy", "date": "2026-01-02", "note": ' + "[" * 1200 + "]" * 1200 + ', "source": "x"}'
    r = cli("check", "--data", write_ws(tmp_path / "w", MINIMAL, deep + "\n"))
    assert r.code == 2 and "progress.jsonl:1:" in r.err
    ws = write_ws(tmp_path / "d", MINIMAL)
    (ws / "progress.jsonl").mkdir()
    r = cli("status", "--data", ws)
    assert r.code == 2 and "is a directory" in r.err


# --- records lost without a word --------------------------------------------------------------


def test_two_records_on_one_line_are_a_problem(cli, tmp_path):
    two = RECORD + ", " + RECORD.replace("2026-01-02", "2026-01-03") + "\n" + RECORD.replace("2026-01-02", "2026-01-04")
    r = cli("check", "--data", write_ws(tmp_path / "w", MINIMAL, two + "\n"))
    assert r.code == 2 and "progress.jsonl:1:" in r.err and "more than one JSON value on this line" in r.err


def test_carriage_returns_alone_hide_nothing(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    (ws / "progress.jsonl").write_bytes(b"# header\r" + RECORD.encode() + b"\r")
    r = cli("check", "--data", ws)
    assert r.code == 2 and "a carriage return without a line feed" in r.err


def test_identical_increments_are_never_merged_silently(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    args = (
        "progress",
        "add",
        "buy",
        "--date",
        "2026-01-03",
        "--amount",
        "132",
        "--unit",
        "t",
        "--increment",
        "--source",
        "flash sale",
        "--data",
        ws,
    )
    assert cli(*args).code == 0
    r = cli(*args)
    assert r.code == 2 and "an identical increment is already recorded" in r.err and "--again" in r.err
    assert cli(*args, "--again").code == 0
    doc = json.loads(cli("status", "--as-of", "2026-01-05", "--json", "--data", ws).out)
    assert doc["commitments"][0]["actual"] == 5 + 132 + 132
    # An import holding two identical sales adds both, and a re-import adds nothing.
    path = tmp_path / "sales.csv"
    path.write_text("commitment,date,amount,unit,increment,source\n" + "buy,2026-01-04,7,t,true,s\n" * 2)
    assert "added 2 records" in cli("import", "csv", path, "--data", ws).err
    assert "added 0 records" in cli("import", "csv", path, "--data", ws).err


def test_a_zero_width_space_does_not_hide_a_party(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL.replace("party: CN", 'party: "C\\u200bN"'), RECORD + "\n")
    r = cli("status", "--as-of", "2026-01-05", "--party", "CN", "--fail-on", "behind", "--data", ws)
    assert r.code == 1 and "buy" in r.out


def test_a_week_date_is_not_a_date(cli):
    r = cli("status", "--as-of", "2026-W01-1")
    assert r.code == 2 and "write YYYY-MM-DD" in r.err


# --- shared workspaces --------------------------------------------------------------------------


ROW = ({"commitment": "buy", "date": "2026-01-05", "amount": 9, "unit": "t", "source": "s"}, ("<t>", 0))


def test_lock_files_are_hidden_and_shareable_by_the_group(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    os.chmod(ws / "progress.jsonl", 0o664)
    add(Location(ws / "commitments.yaml", "--data"), [ROW], date_today())
    lock = ws / ".progress.jsonl.lock"
    assert lock.exists() and stat.S_IMODE(lock.stat().st_mode) == 0o664
    assert not (ws / "progress.jsonl.lock").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own files as another user")
def test_a_root_add_keeps_the_owner(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    os.chown(ws / "progress.jsonl", 1234, 1234)
    os.chmod(ws / "progress.jsonl", 0o600)
    add(Location(ws / "commitments.yaml", "--data"), [ROW], date_today())
    st = (ws / "progress.jsonl").stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 1234, 0o600)


def test_a_read_only_file_is_not_replaced(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    os.chmod(ws / "progress.jsonl", 0o444)
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-05", "--amount", "9", "--unit", "t", "--source", "s", "--data", ws
    )
    assert r.code == 2 and "is read-only" in r.err  # root too: read-only is the owner's word
    assert (ws / "progress.jsonl").read_text() == RECORD + "\n"


def test_hard_links_are_not_broken(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    os.link(ws / "progress.jsonl", tmp_path / "elsewhere.jsonl")
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-05", "--amount", "9", "--unit", "t", "--source", "s", "--data", ws
    )
    assert r.code == 0, r  # an add appends in place: every name of the file sees the record
    assert os.stat(ws / "progress.jsonl").st_ino == os.stat(tmp_path / "elsewhere.jsonl").st_ino
    assert (tmp_path / "elsewhere.jsonl").read_text().count("\n") == 2


def test_a_temporary_file_left_by_a_kill_is_removed_by_the_next_write(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    (ws / ".progress.jsonl.abc123.tmp").write_text("half a write")
    add(Location(ws / "commitments.yaml", "--data"), [ROW], date_today())
    assert not list(ws.glob("*.tmp")) and len(contents_of(ws).records) == 2


def test_only_the_first_write_says_it_created_a_workspace(cli, tmp_path):
    args = (
        "progress",
        "add",
        "cn-soybeans-2026",
        "--date",
        "2026-03-01",
        "--amount",
        "1",
        "--unit",
        "Mt",
        "--source",
        "x",
    )
    first, second = cli(*args), cli(*args[:-1], "y")
    assert "created a workspace" in first.err and "created a workspace" not in second.err


def test_a_refused_first_write_creates_nothing(cli, tmp_path):
    r = cli("progress", "add", "nope", "--date", "2026-03-01", "--amount", "1", "--unit", "Mt", "--source", "x")
    assert r.code == 2 and "nothing was written" in r.err
    assert not (tmp_path / "xdg" / "tradetrack").exists()
    assert "origin:      bundled" in cli("where").out


def test_a_data_directory_with_records_but_no_commitments_is_explained(cli, tmp_path):
    home = tmp_path / "xdg" / "tradetrack"
    home.mkdir(parents=True)
    (home / "progress.jsonl").write_text(RECORD + "\n")
    r = cli(
        "progress", "add", "cn-soybeans-2026", "--date", "2026-03-01", "--amount", "1", "--unit", "Mt", "--source", "x"
    )
    assert r.code == 2 and "holds progress.jsonl but no commitments.yaml" in r.err
    assert (home / "progress.jsonl").read_text() == RECORD + "\n"


def test_a_filesystem_without_locks_is_refused_clearly(cli, ws, monkeypatch):
    import errno
    import fcntl

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-05", "--amount", "9", "--unit", "t", "--source", "s", "--data", ws
    )
    assert r.code == 2 and "cannot lock files" in r.err


def date_today():
    from datetime import date

    return date(2026, 11, 28)


def test_outside_text_in_any_message_reaches_the_terminal_inert(cli, ws, tmp_path):
    # issue 20: a CSV header (in "columns found") that sets the window title and clears the
    # screen is shown as visible escapes by the one error printer
    csv = tmp_path / "in.csv"
    csv.write_bytes(b"commitment,dat\x1b]0;pwned\x07e\x1b[2J,amount\nbuy,2026-01-05,5\n")
    r = cli("import", "csv", str(csv), "--data", ws)
    assert r.code == 2 and "columns found: commitment, dat\u241b]0;pwned\u2407e\u241b[2J, amount" in r.err
    assert "\x1b" not in r.err and "\x07" not in r.err
