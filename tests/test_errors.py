"""The catalogue of bad inputs: each gives exactly this message, exit 2, and writes nothing.

Messages are part of the interface (as hledger treats them): FILE:LINE:COL, the line with a
caret under the fault, and a hint. FILE below stands for the file's path.
"""

from __future__ import annotations

import json
import re

import pytest

from tradetrack.core.problems import CODES

from .catalogue import CASES
from .conftest import MINIMAL, write_ws


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue(cli, tmp_path, case):
    """Each case: exit 2, exactly its message (FILE:LINE:COL, excerpt, caret, hint), its code in
    check --json, nothing on stdout, and the files untouched."""
    if case.file == "commitments":
        ws = write_ws(tmp_path / "w", case.text)
    else:
        ws = write_ws(tmp_path / "w", case.commitments or MINIMAL)
        (ws / "progress.jsonl").write_bytes((case.text + "\n").encode())
    before = {p.name: p.read_bytes() for p in ws.iterdir()}
    r = cli("check", "--data", ws)
    assert r.code == 2 and r.out == ""
    file = str(ws / ("commitments.yaml" if case.file == "commitments" else "progress.jsonl"))
    assert r.err.replace(file, "FILE").rsplit("\n", 2)[0] == case.expected, r.err
    codes = [p["code"] for p in json.loads(cli("check", "--json", "--data", ws).out)["problems"]]
    assert case.code in codes
    assert {p.name: p.read_bytes() for p in ws.iterdir()} == before
    assert case.code in CODES


def test_every_code_has_a_case():
    from tradetrack.core.problems import CODES as ALL

    tested = {c.code for c in CASES} | {
        "no-file",
        "not-commitments",
        "encoding",
        "empty-file",
        "yaml-aliases",
        "future-date",
        "unknown-basis",
        "duplicate-increment",
        "same-day-totals",
        "same-day-mixed",
        "usage",
        "write",
        "fetch",
        "missing-field",
        "yaml-tag",
    }
    # the ones not in CASES are pinned elsewhere: test_hostile (files), below (adds), test_attacks
    # (writes), test_import (same-day)
    assert set(ALL) <= tested, set(ALL) - tested


RECORD = '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}'
# as an add writes it (keys in the model's order), so an identical add is recognised
INCREMENT = (
    '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "increment": true, '
    '"basis": "official", "source": "x"}'
)


def add(cli, ws, *extra):
    return cli("progress", "add", "buy", "--source", "x", "--data", ws, *extra)


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            ("--date", "2026-01-05", "--amount", "5", "--unit", "bnUSD"),
            "progress add: unit 'bnUSD' (US dollars) does not convert to 't' (mass)\n"
            "  hint: give the figure in a mass unit such as t",
        ),
        (
            ("--date", "2026-01-05", "--amount", "5", "--unit", "tonnz"),
            "progress add: unknown unit 'tonnz'\n  hint: use one of t, kt, Mt, MMT, lb, bu, USD, kUSD, MUSD, bnUSD",
        ),
        (
            ("--date", "2026-01-05", "--amount", "5"),
            "progress add: an amount needs a unit\n  hint: add a unit such as t",
        ),
        (("--date", "2199-01-01", "--amount", "5", "--unit", "t"), "progress add: date 2199-01-01 is in the future"),
        (
            ("--date", "2999-01-01", "--amount", "5", "--unit", "t"),
            "progress add: '2999-01-01' is not a date between 1900 and 2199",
        ),
        (
            ("--date", "2026-01-05", "--rate", "5"),
            "progress add: buy is a purchase: the record needs an amount and unit",
        ),
        (
            ("--date", "2026-01-05", "--amount", "-5", "--unit", "t"),
            "progress add: amount: input should be greater than or equal to 0",
        ),
        (
            ("--date", "2026-01-06", "--amount", "9", "--unit", "t", "--basis", "oficial"),
            "progress add: the data has no figures on the basis 'oficial'\n"
            "  hint: did you mean 'official'? bases in the data: "
            "official; if 'oficial' is a new basis, say so with --new-basis",
        ),
        (
            ("--date", "2026-01-06", "--amount", "15", "--unit", "t", "--measure", "shipped"),
            "progress add: the official figures of buy measure the default, this one shipped\n"
            "  hint: give each measure a basis of its own, e.g. official-shipped",
        ),
        (
            ("--date", "2026-01-05", "--amount", "5", "--unit", "t", "--increment"),
            "progress add: an identical increment is already recorded\n  hint: if this is another figure of the same "
            "size (a second sale, say), add --again; otherwise nothing needs adding",
        ),
    ],
)
def test_progress_add_refuses_and_writes_nothing(cli, tmp_path, extra, message):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n" + INCREMENT + "\n")
    before = (ws / "progress.jsonl").read_bytes()
    r = add(cli, ws, *extra)
    assert r.code == 2 and r.err.startswith(message), r
    assert r.err.endswith("nothing was written\n")
    assert (ws / "progress.jsonl").read_bytes() == before


def test_unknown_id_on_add(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    r = cli(
        "progress", "add", "bye", "--date", "2026-01-05", "--amount", "1", "--unit", "t", "--source", "x", "--data", ws
    )
    assert r.code == 2 and "unknown commitment 'bye'" in r.err and "did you mean 'buy'?" in r.err
    assert not (ws / "progress.jsonl").exists()


def test_every_problem_at_once(cli, tmp_path):
    text = MINIMAL.replace("party: CN", "party: NO").replace("due: 2026-01-10", "due: 10/01/2026")
    ws = write_ws(tmp_path / "w", text, RECORD.replace('"buy"', '"byu"') + "\n{oops\n")
    r = cli("check", "--data", ws)
    assert r.code == 2
    lines = [line for line in r.err.splitlines() if line.startswith(str(ws))]
    assert [line.split(": ")[0].replace(str(ws) + "/", "") for line in lines] == [
        "commitments.yaml:9:12",
        "commitments.yaml:13:10",
        "progress.jsonl:1:1",
        "progress.jsonl:2:2",
    ]
    assert r.err.endswith("4 problems found\n")


def test_a_figure_outside_its_period_is_caught_among_figures_of_the_same_shape(cli, tmp_path):
    """The loader judges each shape of record once; a figure before the period has the shape of
    those inside it, and of a to-date zero of the same day (allowed: nothing bought yet), and is
    still reported at its own line."""
    rows = [("2026-01-05", 5), ("2025-12-31", 0), ("2025-12-31", 5), ("2026-01-06", 6)]
    text = "".join(RECORD.replace("2026-01-05", d).replace(": 5,", f": {a},") + "\n" for d, a in rows)
    ws = write_ws(tmp_path / "w", MINIMAL, text)
    r = cli("check", "--data", ws)
    assert r.code == 2
    lines = [line for line in r.err.splitlines() if line.startswith(str(ws))]
    said = "a figure of 2025-12-31 is before the period of buy (2026-01-01 to 2026-01-10)"
    assert lines == [f"{ws}/progress.jsonl:3:1: {said}"]


def test_a_decline_without_its_note_is_caught_among_declines_with_one(cli, tmp_path):
    """Review of 2 Dec: the loader's memo of record shapes left out the note, so a decline
    without one, on another day than a decline with one, was passed (or the one with a note
    blamed). Each is judged by its own note, in either order."""
    said = "a decline needs a note saying what the source published"
    for order in ((True, False), (False, True)):
        rows = [(f"2026-01-0{i + 6}", 5 - i, noted) for i, noted in enumerate(order)]
        text = RECORD.replace(": 5,", ": 6,") + "\n"
        for day, amount, noted in rows:
            record = RECORD.replace("2026-01-05", day).replace(": 5,", f': {amount}, "decline": true,')
            text += (record[:-1] + ', "note": "cancellations published"}' if noted else record) + "\n"
        ws = write_ws(tmp_path / str(order), MINIMAL, text)
        r = cli("check", "--data", ws)
        assert r.code == 2
        lines = [line for line in r.err.splitlines() if line.startswith(str(ws))]
        bare = 2 + order.index(False)
        assert lines == [f"{ws}/progress.jsonl:{bare}:1: {said}"]


def test_missing_data_file(cli, tmp_path):
    r = cli("status", "--data", tmp_path / "nowhere")
    assert r.code == 2
    assert r.err.startswith(f"{tmp_path}/nowhere: no such file\n  hint: check the path")


def test_a_failure_anywhere_is_reported_in_one_place(cli, tmp_path, monkeypatch):
    """A command that does not catch a refused write itself (report -o, when the disk fills
    between the check of the target and the write) still reports it as a problem, exit 2, no
    traceback: the root group catches every Failure."""
    from tradetrack.write import output
    from tradetrack.write.store import StoreError

    def full(target, content):
        raise StoreError("the disk is full; nothing was written", "free some space and try again", str(target))

    monkeypatch.setattr(output, "write_output", full)
    ws = write_ws(tmp_path / "w", MINIMAL)
    target = tmp_path / "r.md"
    r = cli("report", "--as-of", "2026-01-05", "-o", target, "--data", ws)
    assert r.code == 2 and r.out == ""
    assert r.err == (
        f"{target}: the disk is full; nothing was written\n"
        "  hint: free some space and try again\n"
        "1 problem found; nothing was written\n"
    )
    assert not target.exists()


def test_one_did_you_mean():
    """Every unknown name gets the same hint: the closest known word, then what to choose from;
    with nothing close, only the list (or the fallback)."""
    from tradetrack.core.text import did_you_mean

    assert did_you_mean("purchse", ["purchase", "tariff"], then="one of purchase, tariff") == (
        "did you mean 'purchase'? one of purchase, tariff"
    )
    assert did_you_mean("zzz", ["purchase", "tariff"], then="one of purchase, tariff") == "one of purchase, tariff"
    assert did_you_mean("amont", ["amount"], "known fields: amount") == "did you mean 'amount'?"
    assert did_you_mean("zzz", ["amount"], "known fields: amount") == "known fields: amount"
    assert did_you_mean("JX", ["JP", "US"], "none", cutoff=0.5) == "did you mean 'JP'?"


def test_half_a_surrogate_pair_is_refused_where_it_enters(cli, tmp_path, workspace, monkeypatch):
    """A \\u escape of half a UTF-16 pair decodes to a lone surrogate, which no UTF-8 output can
    hold: a report with one died with a traceback. Refused at its line and column; a whole pair
    (an emoji) is one character and welcome."""
    progress = workspace / "progress.jsonl"
    good = '{"commitment": "cn-soybeans-2025", "date": "2025-11-20", "amount": 1, "unit": "Mt", "source": "x"'
    with progress.open("a") as f:
        f.write(good + ', "note": "\\ud83d\\ude00"}\n' + good + ', "note": "bad \\ud800 here"}\n')
    last = len(progress.read_text().splitlines())
    r = cli("check", "--data", workspace)
    assert r.code == 2 and f"progress.jsonl:{last}:" in r.err and "half a UTF-16 surrogate pair" in r.err
    assert r.err.endswith("1 problem found\n")  # the pair on the line before is not one
    r = cli("report", "--data", workspace, "--format", "json", "-o", tmp_path / "r.json")
    assert r.code == 2 and not (tmp_path / "r.json").exists()
    # the column is the lone half's, after a pair; a literal backslash-u is text; nesting six
    # hundred deep is the reader's problem, not a crash of this check
    line = good + ', "note": "\\ud83d\\ude00 \\\\ud800 then \\uDBFF"}'
    deep = good + ', "note": "\\ud83d\\ude00", "x": ' + "[" * 600 + "]" * 600 + "}"
    progress.write_text(line + "\n" + deep + "\n")
    r = cli("check", "--data", workspace)
    assert f"progress.jsonl:1:{line.index('DBFF') - 1}: a \\u escape of half" in r.err
    assert "progress.jsonl:2:" in r.err and not re.search(r"jsonl:2:\d+: a \\u escape", r.err)  # a pair: one char
    # PyYAML's pure loader (where libyaml is missing) takes the escape too: refused at its scalar
    import yaml

    from tradetrack.files import yamlread

    monkeypatch.setattr(yamlread, "Loader", yaml.SafeLoader)
    ws = write_ws(tmp_path / "y", MINIMAL.replace("title: Buy 100 t", 'title: "Buy \\ud800"'))
    r = cli("check", "--data", ws)
    assert r.code == 2 and "commitments.yaml:" in r.err and "surrogate pair" in r.err
    ws = write_ws(tmp_path / "k", MINIMAL.replace("title: Buy 100 t", 'title: Buy\n    "note\\udfff": x'))
    line = next(i for i, t in enumerate((ws / "commitments.yaml").read_text().splitlines(), 1) if "udfff" in t)
    r = cli("check", "--data", ws)  # a key: at its own line, with the same fix
    assert f"commitments.yaml:{line}:5: an escape of half a UTF-16 surrogate pair" in r.err


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_written(cli, workspace):
    before = (workspace / "progress.jsonl").read_bytes()
    r = cli(
        *("progress", "add", "cn-soybeans-2025", "--data", workspace, "--date", "2026-01-05"),
        *("--amount", "1", "--unit", "Mt", "--source", "x", "--note", "bad\udcff"),  # b"bad\xff", as Python sees it
    )
    assert r.code == 2 and "'bad\\xff' is not valid UTF-8" in r.err
    assert (workspace / "progress.jsonl").read_bytes() == before
