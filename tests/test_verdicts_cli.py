"""Verdicts as a user meets them through the CLI: bases, lateness, coverage, add-time
consistency, every problem at once, and a future as-of day."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import MINIMAL, write_ws

REC = '{{"commitment": "buy", "date": "{day}", "amount": {amount}, "unit": "t", "basis": "{basis}", "source": "x"}}'


def rec(day: str, amount, basis="official") -> str:
    return REC.format(day=day, amount=amount, basis=basis)


@pytest.fixture
def ws(tmp_path):
    return write_ws(tmp_path / "w", MINIMAL, rec("2026-01-02", 20) + "\n" + rec("2026-01-04", 30, "usda-esr") + "\n")


@pytest.mark.parametrize("command", [("status",), ("report",), ("show", "buy")])
def test_an_unknown_basis_is_an_error_with_a_suggestion(cli, ws, command):
    r = cli(*command, "--basis", "usda-ers", "--data", ws)
    assert r.code == 2 and "unknown basis 'usda-ers'" in r.err
    assert "did you mean 'usda-esr'?" in r.err and "official, usda-esr" in r.err
    assert r.out == ""


def test_an_unknown_basis_on_add_needs_new_basis(cli, ws):
    args = (
        "progress",
        "add",
        "buy",
        "--date",
        "2026-01-05",
        "--amount",
        "40",
        "--unit",
        "t",
        "--source",
        "x",
        "--data",
        ws,
    )
    r = cli(*args, "--basis", "usda-ers")
    assert r.code == 2 and "did you mean 'usda-esr'?" in r.err and "--new-basis" in r.err
    assert cli(*args, "--basis", "us-census", "--new-basis").code == 0


def test_the_basis_judged_is_named(cli, ws):
    assert "Purchases judged on official (default)" in cli("status", "--as-of", "2026-01-05", "--data", ws).out
    doc = json.loads(cli("status", "--as-of", "2026-01-05", "--basis", "usda-esr", "--json", "--data", ws).out)
    assert (doc["basis"], doc["basis_from"], doc["own_bases"]) == ("usda-esr", "option", [])  # codes, not prose
    assert doc["commitments"][0]["basis"] == "usda-esr" and doc["commitments"][0]["basis_from"] == "option"
    doc = json.loads(cli("status", "--as-of", "2026-01-05", "--json", "--data", ws).out)
    assert (doc["basis"], doc["basis_from"]) == ("official", "default")
    report = json.loads(cli("report", "--as-of", "2026-01-05", "--format", "json", "--data", ws).out)
    assert (report["basis"], report["basis_from"], report["checked"]) == ("official", "default", None)
    assert "judged on official (default)" in cli("report", "--as-of", "2026-01-05", "--data", ws).out


def test_a_lower_to_date_figure_is_refused_at_add_with_checks_message(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, rec("2026-01-02", 20) + "\n")
    before = (ws / "progress.jsonl").read_bytes()
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-03", "--amount", "10", "--unit", "t", "--source", "x", "--data", ws
    )
    assert r.code == 2 and "nothing was written" in r.err
    assert "official figure for buy of 2026-01-03 asserts 10 t to date, but 20 t was reached by line 1" in r.err
    assert (ws / "progress.jsonl").read_bytes() == before
    # The same record typed in by hand: check gives the same message.
    (ws / "progress.jsonl").write_bytes(before + rec("2026-01-03", 10).encode() + b"\n")
    assert "asserts 10 t to date, but 20 t was reached by line 1" in cli("check", "--data", ws).err


def test_an_inconsistency_typed_in_by_hand_shows_in_every_json(cli, tmp_path):
    """A figure below the total already reached is named, with both lines, wherever the
    verdict goes as JSON: status and report."""
    ws = write_ws(tmp_path / "w", MINIMAL, rec("2026-01-02", 20) + "\n" + rec("2026-01-03", 10) + "\n")
    for command in (("status", "--json"), ("report", "--format", "json")):
        r = cli(*command, "--as-of", "2026-01-10", "--data", ws)
        (row,) = [c for c in json.loads(r.out)["commitments"] if c["id"] == "buy"]
        assert row["inconsistencies"] == [
            {"basis": "official", "asserted": 10, "computed": 20, "difference": -10, "line": 2, "previous_line": 1}
        ], command


def test_a_back_dated_figure_that_breaks_a_later_one_is_refused(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, rec("2026-01-05", 20) + "\n")
    r = cli(
        "progress", "add", "buy", "--date", "2026-01-03", "--amount", "50", "--unit", "t", "--source", "x", "--data", ws
    )
    assert r.code == 2 and "asserts 20 t to date, but 50 t was reached" in r.err


def test_whatever_lands_passes_check(cli, ws):
    for day, amount in (("2026-01-05", 40), ("2026-01-06", 40), ("2026-01-07", 70)):
        cli(
            "progress",
            "add",
            "buy",
            "--date",
            day,
            "--amount",
            str(amount),
            "--unit",
            "t",
            "--source",
            "y",
            "--data",
            ws,
        )
    assert cli("check", "--data", ws).code == 0


def test_share_of_expected_everywhere(cli, ws):
    # 20 t of 100 by 2 Jan, when 20 t were expected (like for like); 50 t expected by 5 Jan
    doc = json.loads(cli("status", "--as-of", "2026-01-05", "--json", "--data", ws).out)["commitments"][0]
    assert (doc["share"], doc["share_of_expected"], doc["share_of_expected_today"]) == (0.2, 1.0, 0.4)
    assert (
        "20 t of 100 t (100% of expected through 2026-01-02, 40% by 2026-01-05)"
        in cli("status", "--as-of", "2026-01-05", "--data", ws).out
    )
    assert "20% of the target, 100% of expected through 2026-01-02, 40% of expected by 2026-01-05" in (
        cli("show", "buy", "--as-of", "2026-01-05", "--data", ws).out
    )
    report = cli("report", "--as-of", "2026-01-05", "--data", ws).out
    assert "| Of expected |" in report and "| 100% through 2026-01-02 (40% by 2026-01-05) |" in report
    out = cli("report", "--as-of", "2026-01-05", "--format", "csv", "--data", ws).out
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["share"], row["share_of_expected"], row["share_of_expected_today"]) == ("0.2", "1.0", "0.4")


def test_lateness_is_shown_and_selectable(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, rec("2026-01-12", 100) + "\n")
    doc = json.loads(cli("status", "--as-of", "2026-02-01", "--json", "--data", ws).out)["commitments"][0]
    assert (doc["status"], doc["days_late"], doc["reached_on"]) == ("met-late", 2, "2026-01-12")
    assert "met late" in cli("status", "--as-of", "2026-02-01", "--data", ws).out
    assert "2 days late" in cli("show", "buy", "--as-of", "2026-02-01", "--data", ws).out
    assert cli("status", "--as-of", "2026-02-01", "--fail-on", "late", "--data", ws).code == 1
    assert cli("status", "--as-of", "2026-02-01", "--fail-on", "missed", "--data", ws).code == 0
    assert cli("status", "--as-of", "2026-02-01", "--status", "met late", "--json", "--data", ws).code == 0


def test_figures_that_stop_short_read_unconfirmed(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL, rec("2026-01-02", 20) + "\n")
    out = cli("status", "--as-of", "2026-02-01", "--data", ws).out
    assert "unconfirmed" in out and "official figures stop 2026-01-02, 8 days before the due date" in out
    assert cli("status", "--as-of", "2026-02-01", "--fail-on", "missed", "--data", ws).code == 0


def test_every_problem_in_one_check(cli, tmp_path):
    """Nine planted errors across both files, and a commitment failing validation does not
    hide the record problems of the others."""
    other = MINIMAL.split("commitments:\n")[1].replace("id: buy", "id: sell").replace("title: Buy 100 t", "title: Sell")
    text = MINIMAL.replace("party: CN", "party: NO").replace("due: 2026-01-10", "due: 10/01/2026") + other.replace(
        "    due: 2026-01-10\n", "    dew: 2026-01-10\n    due: 2026-01-10\n"
    )
    text += other.replace("id: sell", "id: third").replace("unit: t}", "unit: tonnz}")
    text += (
        "  - id: ok\n    kind: action\n    deal: d\n    title: fine\n    party: US\n    start: 2026-01-01\n"
        "    sources: [{title: s}]\n"
    )
    progress = (
        "\n".join(
            [
                '{"commitment": "ok", "date": "2026-01-02", "amount": 1, "unit": "t", "source": "x"}',  # needs an event
                '{"commitment": "okk", "date": "2026-01-02", "event": "done", "source": "x"}',  # unknown id
                '{"commitment": "ok", "date": "2026-13-01", "event": "done", "source": "x"}',  # not a date
                "{oops",  # not JSON
                # an unknown field:
                '{"commitment": "ok", "date": "2026-01-03", "event": "done", "source": "x", "bogus": 1}',
            ]
        )
        + "\n"
    )
    ws = write_ws(tmp_path / "w", text, progress)
    r = cli("check", "--data", ws)
    assert r.code == 2
    found = [line.split(": ")[0].rsplit("/", 1)[1] for line in r.err.splitlines() if line.startswith(str(ws))]
    assert r.err.endswith("9 problems found\n"), r.err
    assert found[:4] == [
        "commitments.yaml:9:12",
        "commitments.yaml:13:10",
        "commitments.yaml:23:5",
        "commitments.yaml:32:33",
    ], found
    assert [f.split(":")[0] for f in found] == ["commitments.yaml"] * 4 + ["progress.jsonl"] * 5


def test_a_future_as_of_day_is_said_once(cli, ws, monkeypatch):
    monkeypatch.setenv("TRADETRACK_TODAY", "2026-01-05")
    r = cli("status", "--as-of", "2026-03-01", "--data", ws)
    assert r.code == 0 and r.err.count("after today (2026-01-05)") == 1
    assert cli("status", "--as-of", "2026-01-05", "--data", ws).err == ""


def test_statuses_are_codes_and_words_alike(cli, ws):
    for spelling in ("not started", "not-started", "NOT_STARTED"):
        r = cli("status", "--as-of", "2025-12-01", "--status", spelling, "--json", "--data", ws)
        assert [c["status"] for c in json.loads(r.out)["commitments"]] == ["not-started"], spelling
    bad = cli("status", "--status", "lapsd", "--data", ws)
    assert bad.code == 2 and "did you mean 'lapsed'?" in bad.err


@pytest.mark.parametrize(
    "option, value, known",
    [("--deal", "nope", "d"), ("--party", "XX", "CN"), ("--tag", "nope", "none"), ("--kind", "purchse", "purchase")],
)
def test_filters_that_match_nothing_name_what_exists(cli, ws, option, value, known):
    r = cli("status", option, value, "--data", ws)
    assert r.code == 2 and known in r.err and r.out == ""
