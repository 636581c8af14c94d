"""One definition per shape: the pydantic models are written once, the plain values are
generated from them, and every reader and writer follows. Proved by adding a field in one
place, in a copy of the source, and watching it round-trip through add, load, the cache,
import and every output format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from tradetrack.core import value as value_module
from tradetrack.core import values
from tradetrack.files import models

from .conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
FIELD = """    confidence: str | None = Field(None, description="How sure the source is, in its words.")
"""


def test_every_model_has_a_value_class_with_the_same_fields():
    pairs = [
        (model, getattr(values, name))
        for name, model in vars(models).items()
        if isinstance(model, type) and issubclass(model, BaseModel) and hasattr(values, name)
    ]
    assert {m.__name__ for m, _ in pairs} >= {
        "Purchase",
        "Suspension",
        "Tariff",
        "Action",
        "Amendment",
        "Amount",
        "Source",
        "Recurrence",
        "Settings",
        "Thresholds",
        "Deal",
        "Target",
    }
    for model, cls in pairs:
        assert set(model.model_fields) == set(cls._fields), model.__name__
    assert set(models.ProgressRecord.model_fields) | {"line"} == set(values.Record._fields)
    assert issubclass(values.Purchase, value_module.Value)


def _copy(tmp: Path) -> Path:
    copy = tmp / "repo"
    for part in ("src", "scripts", "data", "docs", "examples", "tests", "README.md", "pyproject.toml"):
        src = ROOT / part
        (
            shutil.copytree(src, copy / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            if src.is_dir()
            else shutil.copy(src, copy / part)
        )
    return copy


@pytest.mark.slow
def test_a_field_added_to_the_model_round_trips_everywhere(tmp_path):
    repo = _copy(tmp_path)
    models_py = repo / "src" / "tradetrack" / "files" / "models.py"
    text = models_py.read_text()
    anchor = '    source: str = Field(min_length=1, description="Where the figure was published (address or title).")\n'
    assert anchor in text
    models_py.write_text(text.replace(anchor, anchor + FIELD))  # the one edit
    env = {
        **os.environ,
        "PYTHONPATH": str(repo / "src"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    gen = subprocess.run(
        [sys.executable, str(repo / "scripts" / "regenerate.py")], env=env, capture_output=True, text=True
    )
    assert gen.returncode == 0, gen.stderr
    assert "confidence: str | None = None" in (repo / "src" / "tradetrack" / "core" / "values.py").read_text()

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "commitments.yaml").write_text(MINIMAL)

    def run(*args: str) -> subprocess.CompletedProcess:
        r = subprocess.run(
            [sys.executable, "-m", "tradetrack", *args, "--data", str(ws)],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert r.returncode == 0, (args, r.stderr)
        assert (
            str(repo)
            in subprocess.run(
                [sys.executable, "-c", "import tradetrack; print(tradetrack.__file__)"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout
        )
        return r

    # add: a new field needs no new option
    run(
        "progress",
        "add",
        "buy",
        "--date",
        "2026-01-02",
        "--amount",
        "5",
        "--unit",
        "t",
        "--source",
        "s",
        "--set",
        "confidence=high",
    )
    assert '"confidence": "high"' in (ws / "progress.jsonl").read_text()
    # import: a column of the same name
    (tmp_path / "in.csv").write_text("commitment,date,amount,unit,source,confidence\nbuy,2026-01-03,7,t,s,low\n")
    run("import", "csv", str(tmp_path / "in.csv"))
    # load, cold and then from the cache (the second run reads records back without validating)
    for _ in range(2):
        listed = json.loads(run("progress", "list", "--json").stdout)
        assert [x["confidence"] for x in listed] == ["high", "low"]
    # every output format
    assert "confidence: high" in run("progress", "list").stdout
    assert "confidence: low" in run("show", "buy", "--as-of", "2026-01-05").stdout
    report = json.loads(run("report", "--format", "json", "--as-of", "2026-01-05").stdout)
    assert [x["confidence"] for x in report["commitments"][0]["records"]] == ["high", "low"]
    csv_rows = run("report", "--format", "csv", "--records", "--as-of", "2026-01-05").stdout.splitlines()
    head = csv_rows[0].split(",")
    assert [row.split(",")[head.index("confidence")] for row in csv_rows[1:]] == ["high", "low"]
    assert "confidence: high" in run("report", "--format", "md", "--as-of", "2026-01-05").stdout
    assert "confidence: low" in run("report", "--format", "html", "--as-of", "2026-01-05").stdout
    schema = subprocess.run(
        [sys.executable, "-m", "tradetrack", "schema", "progress"], env=env, capture_output=True, text=True
    ).stdout
    assert "confidence" in json.loads(schema)["properties"]
