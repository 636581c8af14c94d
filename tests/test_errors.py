"""The catalogue of bad inputs: each gives exactly this message, exit 2, and writes nothing.

Messages are part of the interface (as hledger treats them): FILE:LINE:COL, the line with a
caret under the fault, and a hint. FILE below stands for the file's path.
"""

from __future__ import annotations

import textwrap

import pytest

from .conftest import MINIMAL, write_ws


def bad(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new)


CATALOGUE = {
    "unknown field": (bad("    due: 2026-01-10\n", "    dew: 2026-01-10\n"), """\
FILE:13:5: unknown field 'dew'
   13 |     dew: 2026-01-10
      |     ^
  hint: did you mean 'due'?"""),
    "missing field": (bad("    title: Buy 100 t\n", ""), """\
FILE:5:5: missing field 'title'
    5 |   - id: buy
      |     ^
  hint: add `title:` here"""),
    "date in the wrong form": (bad("due: 2026-01-10", "due: 10/01/2026"), """\
FILE:13:10: '10/01/2026' is not a date
   13 |     due: 10/01/2026
      |          ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10"""),
    "impossible date": (bad("due: 2026-01-10", "due: 2026-02-30"), """\
FILE:13:10: '2026-02-30' is not a date
   13 |     due: 2026-02-30
      |          ^
  hint: write dates as YYYY-MM-DD, e.g. 2025-11-10"""),
    "NO read as false": (bad("party: CN", "party: NO"), """\
FILE:9:12: 'NO' was read as False (YAML 1.1), not as text
    9 |     party: NO
      |            ^
  hint: quote it: party: "NO\""""),
    "code read as octal": (bad("deal: d", "deal: 0201"), """\
FILE:7:11: '0201' was read as 129 (YAML 1.1), not as text
    7 |     deal: 0201
      |           ^
  hint: quote it: deal: "0201\""""),
    "unknown kind": (bad("kind: purchase", "kind: purchse"), """\
FILE:6:11: unknown kind 'purchse'
    6 |     kind: purchse
      |           ^
  hint: kind is one of purchase, suspension, tariff, action"""),
    "ambiguous unit": (bad("unit: t}", "unit: MT}"), """\
FILE:11:33: ambiguous unit 'MT'
   11 |     target: {amount: 100, unit: MT}
      |                                 ^
  hint: MT is ambiguous (metric tons or million tons): write t or Mt"""),
    "negative target": (bad("amount: 100", "amount: -5"), """\
FILE:11:22: amount: input should be greater than 0
   11 |     target: {amount: -5, unit: t}
      |                      ^"""),
    "due before start": (bad("due: 2026-01-10", "due: 2025-01-10"), """\
FILE:13:10: due 2025-01-10 is before start 2026-01-01
   13 |     due: 2025-01-10
      |          ^
  hint: swap the dates or fix the typo"""),
    "duplicate key": (bad("    due: 2026-01-10\n", "    due: 2026-01-10\n    due: 2026-01-11\n"), """\
FILE:14:5: duplicate key 'due' (first at line 13)
   14 |     due: 2026-01-11
      |     ^
  hint: remove one of the two; YAML would silently keep only the last"""),
    "duplicate id": (MINIMAL + textwrap.indent(MINIMAL.split("commitments:\n")[1], ""), """\
FILE:15:9: duplicate id 'buy' (first at line 5)
   15 |   - id: buy
      |         ^
  hint: give each commitment its own id"""),
    "syntax error": (bad("    title: Buy 100 t\n", "    title: Buy 100 t\n   party2: x\n"), """\
FILE:9:4: YAML syntax error: did not find expected '-' indicator
    9 |    party2: x
      |    ^
  hint: check indentation, colons and quotes near this point"""),
    "python tag": (bad("title: Buy 100 t", "title: !!python/object/apply:os.system [echo hi]"), """\
FILE:8:12: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed
    8 |     title: !!python/object/apply:os.system [echo hi]
      |            ^
  hint: tradetrack reads plain YAML only: remove the tag"""),
    "empty file": ("", """\
FILE: the file is empty
  hint: start from `tradetrack init`, or see the README for the format"""),
    "not a mapping": ("- a\n- b\n", """\
FILE:1:1: the file must be a mapping with a `commitments:` list
    1 | - a
      | ^
  hint: see the README for the format"""),
}


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_commitments_catalogue(cli, tmp_path, name):
    text, expected = CATALOGUE[name]
    ws = write_ws(tmp_path / "w", text)
    r = cli("check", "--data", ws)
    assert r.code == 2
    file = str(ws / "commitments.yaml")
    body = r.err.replace(file, "FILE").rsplit("\n", 2)[0]
    assert body == expected, r.err
    assert r.out == ""


RECORD = '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}'

PROGRESS = {
    "unknown commitment": (RECORD.replace('"buy"', '"byu"'), """\
FILE:1:1: unknown commitment 'byu'
    1 | {"commitment": "byu", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}
      | ^
  hint: did you mean 'buy'?"""),
    "unit of another dimension": (RECORD.replace('"t"', '"MUSD"'), """\
FILE:1:1: unit 'MUSD' (money) does not convert to 't' (mass)
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "MUSD", "source": "x"}
      | ^
  hint: give the figure in a mass unit such as t"""),
    "date in the wrong form": (RECORD.replace("2026-01-05", "05.01.2026"), """\
FILE:1:23: '05.01.2026' is not a date
    1 | {"commitment": "buy", "date": "05.01.2026", "amount": 5, "unit": "t", "source": "x"}
      |                       ^
  hint: write dates as YYYY-MM-DD"""),
    "not JSON": ("{commitment: buy}", """\
FILE:1:2: not valid JSON: Expecting property name enclosed in double quotes
    1 | {commitment: buy}
      |  ^
  hint: each line holds one JSON object, e.g. {"commitment": "id", ...}"""),
    "amount as text": (RECORD.replace("5,", '"5",'), """\
FILE:1:45: amount: input should be a valid number
    1 | {"commitment": "buy", "date": "2026-01-05", "amount": "5", "unit": "t", "source": "x"}
      |                                             ^"""),
    "event for a purchase": (RECORD.replace('"amount": 5, "unit": "t"', '"event": "done"'), """\
FILE:1:1: buy is a purchase: the record needs an amount and unit
    1 | {"commitment": "buy", "date": "2026-01-05", "event": "done", "source": "x"}
      | ^"""),
}


@pytest.mark.parametrize("name", list(PROGRESS))
def test_progress_catalogue(cli, tmp_path, name):
    line, expected = PROGRESS[name]
    ws = write_ws(tmp_path / "w", MINIMAL, line + "\n")
    r = cli("status", "--data", ws, "--as-of", "2026-01-05")
    assert r.code == 2
    body = r.err.replace(str(ws / "progress.jsonl"), "FILE").rsplit("\n", 2)[0]
    assert body == expected, r.err
    assert r.out == ""


def add(cli, ws, *extra):
    return cli("progress", "add", "buy", "--source", "x", "--data", ws, *extra)


@pytest.mark.parametrize("extra, message", [
    (("--date", "2026-01-05", "--amount", "5", "--unit", "bnUSD"),
     "<command line>: unit 'bnUSD' (money) does not convert to 't' (mass)\n  hint: give the figure in a mass unit such as t"),
    (("--date", "2026-01-05", "--amount", "5", "--unit", "tonnz"),
     "<command line>: unknown unit 'tonnz'\n  hint: use one of t, kt, Mt, MMT, lb, bu, USD, kUSD, MUSD, bnUSD"),
    (("--date", "2026-01-05", "--amount", "5"), "<command line>: an amount needs a unit\n  hint: add a unit such as t"),
    (("--date", "2199-01-01", "--amount", "5", "--unit", "t"), "<command line>: date 2199-01-01 is in the future"),
    (("--date", "2999-01-01", "--amount", "5", "--unit", "t"),
     "<command line>: '2999-01-01' is not a date between 1900 and 2199"),
    (("--date", "2026-01-05", "--rate", "5"), "<command line>: buy is a purchase: the record needs an amount and unit"),
    (("--date", "2026-01-05", "--amount", "-5", "--unit", "t"), "<command line>: amount: input should be greater than or equal to 0"),
])
def test_progress_add_refuses_and_writes_nothing(cli, tmp_path, extra, message):
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD + "\n")
    before = (ws / "progress.jsonl").read_bytes()
    r = add(cli, ws, *extra)
    assert r.code == 2 and r.err.startswith(message), r
    assert r.err.endswith("nothing was written\n")
    assert (ws / "progress.jsonl").read_bytes() == before


def test_unknown_id_on_add(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    r = cli("progress", "add", "bye", "--date", "2026-01-05", "--amount", "1", "--unit", "t", "--source", "x",
            "--data", ws)
    assert r.code == 2 and "unknown commitment 'bye'" in r.err and "did you mean 'buy'?" in r.err
    assert not (ws / "progress.jsonl").exists()


def test_every_problem_at_once(cli, tmp_path):
    text = bad("party: CN", "party: NO").replace("due: 2026-01-10", "due: 10/01/2026")
    ws = write_ws(tmp_path / "w", text, RECORD.replace('"buy"', '"byu"') + "\n{oops\n")
    r = cli("check", "--data", ws)
    assert r.code == 2
    lines = [line for line in r.err.splitlines() if line.startswith(str(ws))]
    assert [line.split(": ")[0].replace(str(ws) + "/", "") for line in lines] == [
        "commitments.yaml:9:12", "commitments.yaml:13:10", "progress.jsonl:1:1", "progress.jsonl:2:2"]
    assert r.err.endswith("4 problems found\n")


def test_missing_data_file(cli, tmp_path):
    r = cli("status", "--data", tmp_path / "nowhere")
    assert r.code == 2
    assert r.err.startswith(f"{tmp_path}/nowhere: no such file\n  hint: check the path")
