"""One projection of a verdict (render/fields.py): JSON, CSV and the Markdown and HTML summary
tables take their fields from it. Proved by adding a field to the Verdict and to the projection,
in a copy of the source, and watching it reach every format; and by watching every field of the
Verdict be read by the projection, so a new one cannot be left out unnoticed."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from tradetrack.judge.verdict import Verdict, judge, scope_of
from tradetrack.render import fields

from .conftest import MINIMAL, ledger_of, write_ws

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tradetrack"

# Verdict fields no format shows as such: what the others are computed from
INPUTS = {"commitment", "terms", "series", "measures", "parts", "claimed_changes"}


class _Spy:
    """A verdict that notes every field read from it."""

    def __init__(self, v: Verdict, read: set[str]):
        self._v, self._read = v, read

    def __getattr__(self, name: str):
        self._read.add(name)
        return getattr(self._v, name)


def test_every_field_of_a_verdict_is_projected(workspace):
    read: set[str] = set()
    for ws in (workspace, ROOT / "examples" / "phase-one"):  # every kind, bounds, roll-ups
        ledger = ledger_of(ws)
        scope = scope_of(ledger, None)
        for c in ledger.commitments:
            fields.values(_Spy(judge(c, scope, date(2026, 11, 28)), read))  # type: ignore[arg-type]
    missing = set(Verdict._fields) - INPUTS - read
    assert not missing, f"Verdict fields no format shows: {missing}; add them to render/fields.py FIELDS"


def test_one_name_per_field_and_csv_the_one_values():
    names = [f.name for f in fields.FIELDS]
    assert len(names) == len(set(names))
    assert "share" in names and "share_of_target" not in names  # the name README documents
    assert [f.name for f in fields.CELLS] == [f.name for f in fields.FIELDS if not f.nested]


def test_every_csv_column_is_a_json_key_of_the_same_name(cli, workspace):
    keys: set[str] = set()
    for ws in (workspace, ROOT / "examples" / "phase-one"):  # every kind, bounds, roll-ups
        doc = json.loads(cli("status", "--as-of", "2026-01-05", "--json", "--data", ws).out)
        keys = keys.union(*doc["commitments"])
        header = cli("report", "--as-of", "2026-01-05", "--format", "csv", "--data", ws).out.splitlines()[0]
        assert "share" in header.split(",") and "share_of_target" not in header.split(",")
    assert set(header.split(",")) <= keys


VERDICT_ANCHOR = "    claimed_changes: tuple = ()  # unverified amendments up to as_of, never applied\n"
FIELD_ANCHOR = '    Field("detail", words.detail),\n'


def test_a_field_added_to_the_verdict_reaches_every_format(tmp_path):
    copy = tmp_path / "src" / "tradetrack"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    verdict_py, fields_py = copy / "judge" / "record.py", copy / "render" / "fields.py"
    assert VERDICT_ANCHOR in verdict_py.read_text() and FIELD_ANCHOR in fields_py.read_text()
    # the two edits: the Verdict's field, and its one entry in the projection
    verdict_py.write_text(verdict_py.read_text().replace(VERDICT_ANCHOR, VERDICT_ANCHOR + '    desk: str = "tokyo"\n'))
    entry = '    Field("desk", lambda v: v.desk, column=Column("Desk", lambda v: v.desk.upper())),\n'
    fields_py.write_text(fields_py.read_text().replace(FIELD_ANCHOR, FIELD_ANCHOR + entry))
    ws = write_ws(tmp_path / "w", MINIMAL)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "NO_COLOR": "1", "COLUMNS": "200"}
    commands = [
        ["status", "--json"],
        ["show", "buy", "--json"],
        ["report", "--format", "json"],
        ["report", "--format", "csv"],
        ["report", "--format", "md"],
        ["report", "--format", "html"],
    ]
    # One interpreter importing the edited copy runs every command (a process apiece cost 2 s).
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            EVERY_COMMAND,
            json.dumps([[*c, "--as-of", "2026-01-05", "--data", str(ws)] for c in commands]),
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    outs = dict(zip(map(tuple, commands), json.loads(r.stdout), strict=True))
    for args, (code, _, err) in outs.items():
        assert code == 0, (args, err)
    run = {" ".join(args): out for args, (_, out, _) in outs.items()}
    assert json.loads(run["status --json"])["commitments"][0]["desk"] == "tokyo"
    assert json.loads(run["show buy --json"])["desk"] == "tokyo"
    assert json.loads(run["report --format json"])["commitments"][0]["desk"] == "tokyo"
    assert next(csv.DictReader(io.StringIO(run["report --format csv"])))["desk"] == "tokyo"
    md = run["report --format md"]
    assert "| Desk |" in md and "| TOKYO |" in md
    html = run["report --format html"]
    assert "<th>Desk</th>" in html and "<td>TOKYO</td>" in html


EVERY_COMMAND = """
import json, os, sys
import tradetrack
from typer.testing import CliRunner
from tradetrack.cli import app
assert tradetrack.__file__.startswith(os.environ["PYTHONPATH"]), tradetrack.__file__  # the edited copy
runs = [CliRunner().invoke(app, args) for args in json.loads(sys.argv[1])]
print(json.dumps([[r.exit_code, r.stdout, r.stderr] for r in runs]))
"""
