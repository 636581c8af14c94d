"""files/translate.py: a progress record's fault reads the same whether the record is a line of
the progress file (check, every read) or a row given to add, import or fetch."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import MINIMAL, write_ws
from tradetrack.core.problems import InputError
from tradetrack.files import progress as pfile
from tradetrack.files.workspace import Location
from tradetrack.write.progress import Rules, add

GOOD = '"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"'
BAD = [
    '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t"}',  # no source
    "{" + GOOD + ', "sauce": "y"}',
    "{" + GOOD.replace("2026-01-05", "3 Jan") + "}",
    "{" + GOOD.replace("2026-01-05", "2999-01-01") + "}",
    "{" + GOOD.replace('"amount": 5', '"amount": 1e999') + "}",
    "{" + GOOD.replace('"amount": 5', '"amount": -5') + "}",
    "{" + GOOD.replace('"amount": 5', '"amount": "five"') + "}",
    "{" + GOOD + ', "basis": "Bad Basis"}',
    "{" + GOOD + ', "measure": "a b"}',
    "{" + GOOD + ', "event": "bogus"}',
    "{" + GOOD + ', "standing": "rumoured"}',
]


def as_line(text: str) -> list[tuple[str, str | None, str]]:
    _, problems = pfile.parse("progress.jsonl", text.encode())
    return [(p.message, p.hint, p.code) for p in problems]


def as_row(tmp_path, text: str) -> list[tuple[str, str | None, str]]:
    ws = write_ws(tmp_path / "w", MINIMAL)
    with pytest.raises(InputError) as e:
        add(
            Location(ws / "commitments.yaml", "--data"), [(json.loads(text), ("f.csv", 2))], date(2026, 11, 28), Rules()
        )
    return [(p.message, p.hint, p.code) for p in e.value.problems]


@pytest.mark.parametrize("text", BAD)
def test_a_record_fault_is_worded_the_same_in_the_progress_file_and_in_a_new_row(tmp_path, text):
    line, row = as_line(text), as_row(tmp_path, text)
    assert line, text
    # the one difference: a line's missing field is fixed by adding JSON to the line
    row = [
        (msg, hint if code != "missing-field" else f'add "{msg.split(chr(39))[1]}": ... to the record', code)
        for msg, hint, code in row
    ]
    assert line == row


def test_the_words_are_the_clearer_ones():
    assert as_line(BAD[0]) == [("missing field 'source'", 'add "source": ... to the record', "missing-field")]
    assert as_line(BAD[3])[0][0] == "'2999-01-01' is not a date between 1900 and 2199"
    assert as_line(BAD[4])[0][:2] == ("amount: inf is not a finite number", "give a number such as 12.5")
    assert as_line(BAD[9])[0][1].startswith("events: in-force, lapsed")
