"""The help a user reads (issue 22, outside): `help [COMMAND]`, -V, git-style placeholders,
examples, environment and exit status from one place, the man page, and completion that follows
the --data on the line. Parametrised over the real command objects, so a new command is covered."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tradetrack.cli import app, manual

from .conftest import MINIMAL, complete, tree, write_ws

ROOT = Path(__file__).resolve().parent.parent


def _paths() -> list[list[str]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from regenerate import command_paths

    return [p for p in command_paths(app) if p and not hasattr(_command(p), "commands")]


def _command(words):
    cmd = tree()
    for w in words:
        cmd = cmd.commands[w]
    return cmd


COMMANDS = _paths()


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_has_help_examples_and_git_style_placeholders(cli, words):
    r = cli(*words, "--help")
    assert r.code == 0
    usage = r.out.splitlines()[0]
    assert "{" not in usage and not re.search(r"\s[A-Z]+(\]|\.\.\.|$)", usage.replace("[OPTIONS]", "")), usage
    assert "Examples:" in r.out or " ".join(words) not in manual.EXAMPLES
    assert "Environment and exit status: tradetrack help." in r.out
    assert _command(words).help, f"{words} has no help text"


def test_every_command_has_examples():
    missing = [" ".join(w) for w in COMMANDS if " ".join(w) not in manual.EXAMPLES]
    assert not missing, f"no examples in cli/manual.py for: {missing}"


def test_help_command_is_the_same_as_dash_dash_help(cli):
    assert cli("help", "progress", "add").out == cli("progress", "add", "--help").out
    assert cli("help", "status").out == cli("status", "-h").out
    top = cli("help")
    assert top.code == 0 and "Environment:" in top.out and "Exit status:" in top.out
    for name, _ in manual.ENVIRONMENT:
        assert name in top.out


def test_help_of_an_unknown_command_suggests_one(cli):
    r = cli("help", "stauts")
    assert r.code == 2 and "tradetrack has no command 'stauts'" in r.err and "did you mean 'status'?" in r.err
    r = cli("help", "progress", "ad")
    assert r.code == 2 and "tradetrack progress has no command 'ad'" in r.err


def test_short_version_flag(cli):
    assert cli("-V").out == cli("--version").out != ""


def test_the_data_paragraph_is_said_once(cli):
    assert "$TRADETRACK_DATA" in cli("--help").out
    assert "$TRADETRACK_DATA" not in cli("status", "--help").out


def test_man_page_names_every_command_and_section():
    page = (ROOT / "docs" / "tradetrack.1").read_text()
    for words in COMMANDS:
        assert "tradetrack " + " ".join(words) in page.replace("\\-", "-")
    for section in ("EXAMPLES", "ENVIRONMENT", "EXIT STATUS"):
        assert f".SH {section}" in page


def _complete(*words: str, cwd: Path, real: bool = False) -> list[str]:
    # no user workspace: the bundled data
    env = {"XDG_DATA_HOME": str(cwd / "xdg-data"), "XDG_CACHE_HOME": str(cwd / "xdg-cache"), "TRADETRACK_DATA": None}
    return complete(*words, env=env, cwd=cwd, real=real)


def test_completion_follows_the_data_on_the_line(tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    assert _complete("show", "--data", str(ws), "b", cwd=tmp_path, real=True) == ["buy"]
    assert _complete("--data", str(ws), "show", "b", cwd=tmp_path) == ["buy"]
    assert "buy" not in _complete("show", "b", cwd=tmp_path)  # without it: the bundled data


@pytest.mark.parametrize(
    "words, offered",
    [
        (("status", "--kind", "s"), {"suspension"}),
        (("status", "--party", "C"), {"CN"}),
        (("status", "--deal", "us-cn-2026"), {"us-cn-2026-beijing"}),
        (("progress", "add", "x", "--standing", "re"), {"reported"}),
        (("progress", "add", "x", "--event", "re"), {"reinstated", "reversed"}),
        (("report", "--format", "c"), {"csv"}),
        (("schema", "p"), {"progress"}),
    ],
)
def test_completion_offers_every_value_list(words, offered, tmp_path):
    assert set(_complete(*words, cwd=tmp_path)) == offered


def test_init_leaves_git_clean_of_lock_files_even_after_a_write(cli, tmp_path):
    ws = tmp_path / "deal"
    ws.mkdir()
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    assert cli("init", ws).code == 0
    assert not list(ws.glob(".*.lock"))  # init locks the directory, not a file in it
    add = cli(
        *("progress", "add", "cn-soybeans-2026", "--date", "2026-03-05", "--amount", "1", "--unit", "Mt"),
        *("--basis", "usda-esr", "--source", "USDA", "--data", ws),
    )
    assert add.code == 0, add.err
    shown = subprocess.run(["git", "status", "--short"], cwd=ws, capture_output=True, text=True).stdout
    assert ".lock" not in shown and "progress.jsonl" in shown


def test_the_first_write_makes_a_workspace_with_the_schema_it_names(cli, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "TRADETRACK_DATA": ""}
    args = ("progress", "add", "cn-soybeans-2026", "--date", "2026-03-05", "--amount", "1", "--unit", "Mt")
    r = cli(*args, "--basis", "usda-esr", "--source", "USDA", env=env)
    assert r.code == 0, r.err
    ws = tmp_path / "xdg" / "tradetrack"
    named = (ws / "commitments.yaml").read_text().splitlines()[0].split("$schema=")[1]
    assert (ws / named).is_file()
