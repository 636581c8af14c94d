"""Generated documentation and schemas match the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_readme_reference_and_schemas_are_current():
    # In this process: the README's tour through Click's runner, each example with exactly the
    # environment and directory the script gives it (the script runs each as a process, 0.2-0.5 s
    # apiece; the slow test below runs the script itself, so CI sees what a user's run prints).
    from scripts import regenerate

    stale = [
        str(path.relative_to(ROOT))
        for path, content in regenerate.expected_files(regenerate.in_process).items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert not stale, f"stale: {', '.join(stale)}; run python scripts/regenerate.py"


@pytest.mark.slow
def test_the_regenerate_script_finds_nothing_stale():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "regenerate.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_bundled_file_points_at_its_schema():
    first = (ROOT / "data" / "commitments.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=commitments.schema.json"
    schema = json.loads((ROOT / "data" / "commitments.schema.json").read_text())
    assert schema["additionalProperties"] is False


def test_every_model_field_has_a_description():
    from tradetrack.files import models as m

    for model in (
        m.CommitmentsFile,
        m.Settings,
        m.Thresholds,
        m.Deal,
        m.Purchase,
        m.Suspension,
        m.Tariff,
        m.Action,
        m.Amendment,
        m.Amount,
        m.Source,
        m.Recurrence,
        m.ProgressRecord,
    ):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"
