"""One projection of a verdict to named fields (render.fields): JSON, CSV, Markdown and HTML take
theirs from it. Proved by adding a field to Verdict in one place, in a copy of the source, and
watching it reach every format of `status` and `report`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tradetrack.judge.verdict import Verdict
from tradetrack.render import fields

from .conftest import MINIMAL
from .test_shapes import _copy

FIELD = '    reviewer: str | None = "ana-lima"  # a field added in one place\n'


def test_every_verdict_field_is_projected_or_an_extra():
    # a field renamed in Verdict but not here would silently leave every format
    assert set(Verdict._fields) >= fields.KNOWN
    assert fields.EXTRA == ()  # today every field has its words; a new one shows as an extra


def test_one_name_per_concept_across_json_and_csv(cli, workspace):
    ws = workspace
    doc = json.loads(cli("status", "--as-of", "2026-01-05", "--json", "--data", ws).out)
    header = cli("report", "--as-of", "2026-01-05", "--format", "csv", "--data", ws).out.splitlines()[0]
    purchase = next(row for row in doc["commitments"] if row["kind"] == "purchase")
    assert set(header.split(",")) <= set(purchase)  # every CSV column is a JSON key of the same name
    assert "share" in header.split(",")


@pytest.mark.slow
def test_a_field_added_to_verdict_reaches_every_format(tmp_path):
    repo = _copy(tmp_path)
    verdict_py = repo / "src" / "tradetrack" / "judge" / "verdict.py"
    text = verdict_py.read_text()
    anchor = "    claimed_changes: tuple = ()"
    assert anchor in text
    at = text.index("\n", text.index(anchor)) + 1
    verdict_py.write_text(text[:at] + FIELD + text[at:])  # the one edit
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env |= {"NO_COLOR": "1", "COLUMNS": "200"}
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "commitments.yaml").write_text(MINIMAL)

    def run(*args: str) -> str:
        r = subprocess.run(
            [sys.executable, "-m", "tradetrack", *args, "--as-of", "2026-01-05", "--data", str(ws)],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert r.returncode == 0, (args, r.stderr)
        return r.stdout

    assert {row["reviewer"] for row in json.loads(run("status", "--json"))["commitments"]} == {"ana-lima"}
    report = json.loads(run("report", "--format", "json"))
    assert {row["reviewer"] for row in report["commitments"]} == {"ana-lima"}
    rows = list(csv.DictReader(io.StringIO(run("report", "--format", "csv"))))
    assert rows and {row["reviewer"] for row in rows} == {"ana-lima"}
    assert "reviewer: ana-lima" in run("report", "--format", "md")
    assert "reviewer: ana-lima" in run("report", "--format", "html")
