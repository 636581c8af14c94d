"""The GitHub Actions example (examples/github-actions/tracker.yml): weekly, keys from secrets,
fetch -> check -> site -> Pages -> fail on the conditions named; and every tradetrack command
in it runs as written (the shell's variables filled in) on the bundled data."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tradetrack.cli import app

WORKFLOW = Path(__file__).resolve().parent.parent / "examples" / "github-actions" / "tracker.yml"
# What the runner's shell would put in place of each expansion, on a pinned day.
SHELL = {
    "\"$(date -u -d '7 days ago' +%F)\"": "2026-11-21",
    '"$FAIL_ON"': "missed,lapsed",
    '>> "$GITHUB_STEP_SUMMARY"': "",
}


def _steps() -> list[dict]:
    flow = yaml.safe_load(WORKFLOW.read_text())
    return flow["jobs"]["track"]["steps"]


def _commands() -> list[tuple[dict, list[str]]]:
    out = []
    for step in _steps():
        for line in step.get("run", "").splitlines():
            line = line.strip()
            if line.startswith("tradetrack "):
                for shell, value in SHELL.items():
                    line = line.replace(shell, value)
                out.append((step, shlex.split(line)[1:]))
    return out


def test_it_runs_weekly_with_the_keys_from_secrets_and_publishes_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text())
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    minute, hour, dom, month, dow = on["schedule"][0]["cron"].split()
    assert (dom, month) == ("*", "*") and dow.isdigit()
    assert flow["permissions"]["pages"] == "write"
    fetch = next(s for s in _steps() if s.get("run") == "tradetrack fetch")
    assert fetch["env"] == {
        "TRADETRACK_ESR_KEY": "${{ secrets.TRADETRACK_ESR_KEY }}",
        "TRADETRACK_CENSUS_KEY": "${{ secrets.TRADETRACK_CENSUS_KEY }}",
    }
    order = [c[0] for _, c in _commands()] + [s["uses"].split("@")[0] for s in _steps() if "uses" in s]
    assert order[:4] == ["fetch", "check", "site", "changes"]
    assert "actions/upload-pages-artifact" in order and "actions/deploy-pages" in order
    names = [s.get("name", s.get("uses", "")) for s in _steps()]
    assert names.index("Fail on the conditions named") > names.index("actions/deploy-pages@v4")


def test_each_command_in_it_runs_on_the_bundled_data(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADETRACK_TODAY", "2026-11-28")
    monkeypatch.chdir(tmp_path)
    ran = []
    for _, args in _commands():
        if args[0] == "fetch":
            args = [*args, "--offline", "--dry-run"]  # no network in tests: the plan, from no cache
        result = CliRunner().invoke(app, args)
        expected = {"fetch": (0, 1, 2), "status": (0, 1)}.get(args[0], (0,))
        assert result.exit_code in expected, (args, result.output)
        assert "Traceback" not in result.output
        ran.append(args[0])
    assert ran == ["fetch", "check", "site", "changes", "status"]
    assert (tmp_path / "_site" / "index.html").is_file()
