"""Every command, end to end through the CLI runner, on real data."""

from __future__ import annotations

import json
import re
import time

import pytest

from .conftest import BUNDLED, MINIMAL, write_ws

AS_OF = "2026-11-27"


def test_status_on_bundled_data_from_any_directory(cli):
    r = cli("status", "--as-of", AS_OF)
    assert r.code == 0 and r.err == ""
    assert (
        f"Commitments as of {AS_OF} · the bundled data · record checked 2026-12-02\n" in r.out
        and "Purchases judged on usda-esr (default)" in r.out
    )
    row = next(line for line in r.out.splitlines() if line.startswith("cn-rare-earth-oct9-suspension"))
    assert "lapsed (+ claim)" in row  # the extension to 10 Jan 2027 is seen only in digests
    assert "an extension to 2027-01-10 is claimed, unverified" in r.out
    assert "31 commitments:" in r.out


def test_status_words_stand_without_colour(cli):
    r = cli("status", "--as-of", "2026-11-28", "--party", "US")
    for word in ("superseded", "void", "lapsed (+ claim)", "overdue (stated by US)", "done late"):
        assert word in r.out
    ids = [line.split()[0] for line in r.out.splitlines() if line[:3] in ("us-", "cn-")]
    assert ids and all(i.startswith("us-") for i in ids)
    assert "\x1b[" not in r.out  # NO_COLOR and not a terminal: plain text


def test_status_colour_only_with_a_word_and_only_when_wanted(cli):
    r = cli("status", "--as-of", "2026-11-28", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    row = next(line for line in r.out.splitlines() if "cn-soybeans-2025" in line)
    assert "\x1b[33munconfirmed (stated by US; reported)\x1b[0m" in row  # watch: yellow, and the word says it
    row = next(line for line in r.out.splitlines() if "us-fentanyl-tariff-cut" in line)
    assert "\x1b[2msuperseded\x1b[0m" in row
    assert all(line.count("\x1b[") == line.count("\x1b[0m") * 2 for line in r.out.splitlines())  # reset on each line
    plain = cli("status", "--as-of", "2026-11-28").out
    assert "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", r.out) == plain


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize(
    "command", [("status",), ("show", "cn-soybeans-2025"), ("show", "us-301-exclusions"), ("progress", "list")]
)
def test_nothing_is_wider_than_the_terminal_and_nothing_is_cut(cli, columns, command):
    env = {"COLUMNS": str(columns)}
    r = cli(*command, "--as-of", "2026-11-28", env=env) if command[0] != "progress" else cli(*command, env=env)
    assert r.code == 0, r
    # Only an address or path longer than the terminal goes past it, alone on its line (the
    # terminal's soft wrap keeps it one word to click or copy).
    wide = [line for line in r.out.splitlines() if len(line) > columns]
    assert all(len(line.split()) == 1 and ("/" in line or "." in line) for line in wide), wide
    assert "…" not in r.out


@pytest.mark.parametrize("columns", [60, 80])
def test_wrapping_never_breaks_an_address(cli, columns):
    r = cli("progress", "list", "cn-soybeans-2025", env={"COLUMNS": str(columns)})
    url = "https://farmpolicynews.illinois.edu/2025/12/china-halfway-to-promised-12-mmt-of-us-soybean-purchases"
    assert url in r.out.split()


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_the_card_keeps_every_address_whole(cli, columns):
    # a box folds a long address across its border; the card marks it [n] and gives it below
    r = cli("show", "cn-soybeans-2025", "--as-of", "2026-11-28", env={"COLUMNS": str(columns)})
    words = r.out.split()
    addresses = [
        "https://farmpolicynews.illinois.edu/2025/12/china-halfway-to-promised-12-mmt-of-us-soybean-purchases",
        "https://www.crbcnews.com/articles/693936ee93f1a960c6389801",
    ]
    assert all(url in words for url in addresses), r.out
    assert "[1]" in r.out and "Addresses:" in r.out


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_status_keeps_every_fact_at_any_width(cli, columns):
    r = cli("status", "--as-of", "2026-11-28", env={"COLUMNS": str(columns)})
    text = " ".join(line.strip() for line in r.out.splitlines())
    for cid, due, days in (
        ("cn-soybeans-2026", "2026-12-31", "33 d left"),
        ("cn-tariff-exclusions", "2026-12-31", "33 d left"),
    ):
        assert cid in text and due in text and days in text, (cid, columns)
    assert "22.7 Mt" in text  # the expected amount, in its column or under the commitment
    if columns >= 120:
        assert "2026-12-31  33 d left" in r.out


def test_status_filters(cli):
    r = cli("status", "--as-of", AS_OF, "--kind", "purchase", "--status", "not started", "--deal", "us-cn-2025")
    assert "cn-soybeans-2027" in r.out and "cn-soybeans-2028" in r.out and "cn-soybeans-2025" not in r.out
    assert "2 commitments" in r.out
    tagged = json.loads(cli("status", "--as-of", AS_OF, "--tag", "beijing-2026", "--json").out)["commitments"]
    assert len(tagged) == 11 and all(c["deal"] == "us-cn-2026-beijing" for c in tagged)


def test_status_json_is_json_only(cli):
    r = cli("status", "--as-of", AS_OF, "--json")
    doc = json.loads(r.out)
    assert doc["as_of"] == AS_OF and doc["origin"] == "bundled"
    soy = next(c for c in doc["commitments"] if c["id"] == "cn-soybeans-2025")
    # USDA's figures stop on 8 Jan 2026, 51 days before the 28 Feb deadline: not "missed".
    assert soy["status"] == "unconfirmed" and soy["actual"] == 8 and soy["target"] == 12
    assert soy["gap_days"] == 51 and soy["last_figure"] == "2026-01-08" and soy["status_word"] == "unconfirmed"
    assert soy["by_basis"] == {"usda-esr": 8, "trade-estimate": 12, "official": 12}
    assert soy["bases_disagree"] is True
    assert r.err == ""


def test_fail_on_exits_1_only_when_hit(cli):
    assert cli("status", "--as-of", AS_OF, "--fail-on", "lapsed,unconfirmed").code == 1
    assert cli("status", "--as-of", "2025-11-20", "--fail-on", "lapsed").code == 0
    # The extension claimed only in digests does not keep anything in force on 28 Nov 2026.
    assert cli("status", "--as-of", "2026-11-28", "--fail-on", "lapsed").code == 1
    assert cli("status", "--as-of", "2026-11-28", "--fail-on", "extended").code == 0
    assert cli("status", "--as-of", "2026-11-28", "--fail-on", "lapsed,reported").code == 0
    assert cli("status", "--as-of", "2026-11-28", "--fail-on", "lapsed,claimed").code == 1
    bad = cli("status", "--fail-on", "lapsd")
    assert bad.code == 2 and "unknown status 'lapsd'" in bad.err


STATUS_LIST = "statuses: not-started, no-data, no-target, on-track, at-risk, behind, met, met-late, missed"


def test_the_statuses_are_listed_once_however_many_are_wrong(cli):
    bad = cli("status", "--status", "lapsd,xx,lapsd")
    assert bad.code == 2
    lines = bad.err.splitlines()
    assert lines[0] == "--status: unknown status 'lapsd'"  # named once, though given twice
    assert lines[1].startswith(f"  hint: did you mean 'lapsed'? {STATUS_LIST}")
    assert lines[1].endswith("; qualifiers: late, stale, reported, confirmed, disputed, revised, claimed")
    assert lines[2:] == ["--status: unknown status 'xx'", "  hint: the statuses are listed above", "2 problems found"]


@pytest.mark.parametrize(
    "words",
    [
        ["status", "--status", ",".join(f"x{i}" for i in range(10_000))],
        ["changes", "--since", "2026-01-01", "--fail-on", ",".join(f"x{i}" for i in range(10_000))],
        ["report", *(w for i in range(10_000) for w in ("--tag", f"t{i}"))],
    ],
    ids=["status --status", "changes --fail-on", "report --tag"],
)
def test_ten_thousand_bad_values_make_a_few_lines(cli, words):
    """Each of 10,000 unknown values used to carry the whole list of valid ones (4 MB): now five
    are named, the list said once, the rest counted."""
    start = time.perf_counter()
    bad = cli(*words)
    took = time.perf_counter() - start
    assert bad.code == 2 and bad.out == ""
    assert len(bad.err) < 2_000, bad.err
    assert bad.err.count("in the data:" if words[0] == "report" else STATUS_LIST) == 1
    assert "and 9,995 more unknown " in bad.err and bad.err.endswith("10,000 problems found\n")
    assert took < 5, took


def test_lapse_radar(cli):
    r = cli("status", "--as-of", "2026-11-28", "--lapsing", "30", "--json")
    rows = json.loads(r.out)["commitments"]
    ids = [c["id"] for c in rows]
    assert ids[0] == "us-affiliates-rule-suspension"  # its confirmed end came first
    assert "cn-dual-use-us-ban-suspension" in ids and "cn-tariff-exclusions" not in ids
    assert "us-reciprocal-suspension" in ids  # voided, but its end date still falls in the window
    assert {c["kind"] for c in rows} == {"suspension"}
    # A wide window takes in no purchase or tariff, though cn-soybeans-2026 falls due within it.
    wide = json.loads(cli("status", "--as-of", "2026-11-28", "--lapsing", "400", "--json").out)["commitments"]
    assert {c["kind"] for c in wide} == {"suspension"} and len(wide) > len(rows)
    ext = next(c for c in rows if c["id"] == "cn-rare-earth-oct9-suspension")
    assert (ext["due"], ext["status"], ext["confirmed_status"]) == ("2026-11-10", "lapsed", None)
    (claim,) = ext["claims"]
    assert claim.startswith("claimed, unverified: extended to 2027-01-10 (2026-09-25) (found only in secondary digests")


def test_show(cli):
    r = cli("show", "cn-soybeans-2025", "--as-of", "2026-01-15")
    assert r.code == 0, r
    assert "on track" in r.out and "due 2026-02-28" in r.out
    assert "Amendments" in r.out and "Feb 28" in r.out
    assert "usda-esr 8 Mt" in r.out and "trade-estimate 12 Mt" in r.out
    assert "Run rate" in r.out and "Rate now needed" in r.out
    assert "2026-01-20" not in r.out  # recorded after the as-of day


def test_show_unknown_id_suggests(cli):
    r = cli("show", "cn-soybean-2025")
    assert r.code == 2 and "unknown commitment 'cn-soybean-2025'" in r.err and "cn-soybeans-2025" in r.err


def test_show_json(cli):
    doc = json.loads(cli("show", "cn-soybeans-2025", "--as-of", "2025-12-02", "--json").out)
    assert doc["due"] == "2025-12-31" and doc["commitment"]["id"] == "cn-soybeans-2025"
    assert [r["date"] for r in doc["records"]][:2] == ["2025-09-18", "2025-11-14"]


def test_progress_add_appends_without_touching_commitments(cli, workspace):
    before = (workspace / "commitments.yaml").read_bytes()
    old = (workspace / "progress.jsonl").read_bytes()
    r = cli(
        "progress",
        "add",
        "cn-soybeans-2025",
        "--date",
        "2026-02-05",
        "--amount",
        "10.5",
        "--unit",
        "MMT",
        "--source",
        "USDA ESR",
        "--note",
        "test",
        "--data",
        workspace,
    )
    assert r.code == 0, r
    assert (workspace / "commitments.yaml").read_bytes() == before
    new = (workspace / "progress.jsonl").read_bytes()
    assert new.startswith(old)
    record = json.loads(new[len(old) :])
    assert record == {
        "commitment": "cn-soybeans-2025",
        "date": "2026-02-05",
        "amount": 10.5,
        "unit": "MMT",
        "basis": "usda-esr",
        "source": "USDA ESR",
        "note": "test",
    }
    doc = json.loads(cli("status", "--as-of", "2026-02-06", "--json", "--data", workspace).out)
    soy = next(c for c in doc["commitments"] if c["id"] == "cn-soybeans-2025")
    assert soy["actual"] == 10.5


def test_progress_add_dry_run_writes_nothing(cli, workspace):
    old = (workspace / "progress.jsonl").read_bytes()
    r = cli(
        "progress",
        "add",
        "cn-fentanyl-precursors",
        "--date",
        "2025-11-11",
        "--event",
        "done",
        "--source",
        "x",
        "--dry-run",
        "--data",
        workspace,
    )
    assert r.code == 0 and '"event": "done"' in r.out and "would add" in r.err
    assert (workspace / "progress.jsonl").read_bytes() == old
    assert not (workspace / ".progress.jsonl.lock").exists()  # not even a lock file


def test_progress_add_same_record_twice_adds_once(cli, workspace):
    args = (
        "progress",
        "add",
        "us-fentanyl-tariff-cut",
        "--date",
        "2026-01-01",
        "--rate",
        "10",
        "--source",
        "x",
        "--data",
        workspace,
    )
    assert cli(*args).code == 0
    r = cli(*args)
    assert r.code == 0 and "already recorded" in r.err
    assert (workspace / "progress.jsonl").read_text().count('"2026-01-01"') == 1


def test_progress_add_to_bundled_creates_user_workspace(cli, tmp_path):
    bundled_before = (BUNDLED / "progress.jsonl").read_bytes()
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
    home = tmp_path / "xdg" / "tradetrack"
    # A dry run says where the record would really go, and creates nothing.
    dry = cli(*args, "--dry-run")
    assert dry.code == 0 and f"would create a workspace in {home}" in dry.err
    assert f"would add 1 record to {home / 'progress.jsonl'}" in dry.err and not home.exists()
    r = cli(*args)
    assert r.code == 0, r
    assert f"created a workspace in {home}" in r.err
    assert (BUNDLED / "progress.jsonl").read_bytes() == bundled_before
    assert '"cn-soybeans-2026"' in (home / "progress.jsonl").read_text()
    assert "(user data directory)" in cli("status", "--as-of", AS_OF).out


def test_progress_list(cli):
    r = cli("progress", "list", "cn-soybeans-2025", "--basis", "trade-estimate")
    assert r.code == 0 and "3 records" in r.out and "7 Mt to date" in r.out
    doc = json.loads(cli("progress", "list", "--json").out)
    assert len(doc) == 20 and doc[0]["date"] == "2025-09-18"
    assert [x["date"] for x in doc] == sorted(x["date"] for x in doc)  # oldest first, as the help says


def test_report_markdown_to_stdout_and_file(cli, tmp_path):
    r = cli("report", "--as-of", AS_OF)
    assert r.code == 0 and r.out.startswith("# Compliance report")
    assert "As of **2026-11-27**" in r.out and "## Summary" in r.out
    out = tmp_path / "r.md"
    r2 = cli("report", "--as-of", AS_OF, "-o", out)
    assert r2.code == 0 and out.read_text() == r.out


@pytest.mark.parametrize("ext, starts", [(".json", "{"), (".csv", "id,kind"), (".html", "<!doctype html>")])
def test_report_format_from_extension(cli, tmp_path, ext, starts):
    out = tmp_path / f"r{ext}"
    assert cli("report", "--as-of", AS_OF, "-o", out).code == 0
    assert out.read_text().startswith(starts)


def test_report_unknown_extension(cli, tmp_path):
    r = cli("report", "-o", tmp_path / "r.pdf")
    assert r.code == 2 and "cannot tell the format" in r.err
    assert not (tmp_path / "r.pdf").exists()


def test_check_is_silent_when_clean(cli, workspace):
    r = cli("check", "--data", workspace)
    assert (r.code, r.out, r.err) == (0, "", "")


def test_check_json(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL.replace("unit: t}", "unit: MT}"))
    r = cli("check", "--json", "--data", ws)
    assert r.code == 2
    doc = json.loads(r.out)
    assert doc["ok"] is False and doc["problems"][0]["line"] == 11


def test_init_then_status(cli, tmp_path):
    ws = tmp_path / "new"
    r = cli("init", ws)
    assert r.code == 0 and (ws / "commitments.yaml").exists() and (ws / "progress.jsonl").exists()
    assert cli("check", "--data", ws).code == 0
    again = cli("init", ws)
    assert again.code == 2 and "already exists" in again.err
    empty = tmp_path / "empty"
    assert cli("init", empty, "--empty").code == 0
    assert "0 commitments" in cli("status", "--data", empty).out


def test_data_location_precedence(cli, tmp_path, workspace, monkeypatch):
    other = write_ws(tmp_path / "other", MINIMAL)
    monkeypatch.chdir(workspace)
    assert "current directory" in cli("where").out
    monkeypatch.setenv("TRADETRACK_DATA", str(other))
    assert f"{other}/commitments.yaml" in cli("where").out
    assert "--data" in cli("where", "--data", workspace).out


def test_schema(cli):
    doc = json.loads(cli("schema").out)
    assert "commitments" in doc["properties"]
    assert json.loads(cli("schema", "progress").out)["additionalProperties"] is False


def test_help_for_every_command(cli):
    """Every command the app has (derived from the Typer app, never listed by hand) answers --help
    with its usage and a one-line summary, and every option's metavar is spelled the same way."""
    import re

    from scripts.regenerate import command_paths
    from tradetrack.cli import app

    paths = command_paths(app)
    assert {"status", "show", "report", "check", "chart", "init"} <= {p[0] for p in paths if p}
    assert ["import", "esr"] in paths and ["progress", "add"] in paths
    for args in paths:
        r = cli(*args, "--help")
        assert r.code == 0 and r.out.startswith("Usage: "), args
        # placeholders are upper-case words (FILE, DATE, ID), never Typer's TEXT/INTEGER defaults
        assert not re.search(r"\b(TEXT|INTEGER|FLOAT)\b", r.out), (args, r.out)


def test_as_of_in_the_wrong_form(cli):
    r = cli("status", "--as-of", "27/11/2026")
    assert r.code == 2 and "write YYYY-MM-DD" in r.err


def test_the_card_keeps_its_paragraphs(cli):
    """The card's own breaks stay breaks (data newlines are flattened, the card's are not)."""
    lines = cli("show", "cn-soybeans-2025", "--as-of", AS_OF, env={"COLUMNS": "100"}).out.splitlines()
    i = next(n for n, line in enumerate(lines) if "At least 12 million" in line)
    assert lines[i].startswith("│ At least 12 million") and lines[i - 1].strip("│ ") == ""


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_output_that_cannot_be_written_is_said_not_a_traceback(tmp_path):
    # /dev/full refuses every write: standard output is gone, so is any later flush of it.
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d"), "NO_COLOR": "1"}
    day = ["--as-of", "2026-06-30"]
    for args in (
        ["status", *day],
        ["status", "--json", *day],
        ["report", "--format", "html", *day],
        ["show", "cn-soybeans-2025", *day],
        ["--version"],  # these two print before any command runs
        ["-h"],
    ):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "tradetrack", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        assert done.returncode == 2 and "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
        assert done.stderr.startswith("<standard output>: cannot be written: No space left on device"), done.stderr
