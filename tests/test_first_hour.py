"""A new user's first hour (issue 15), through the command line as they meet it: the README's
tour in a fresh checkout, the conventions of other tools (--version, a global --data,
completion), init --empty, and records that are not purchases."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL, complete, write_ws

ROOT = Path(__file__).resolve().parent.parent


def test_version(cli):
    from tradetrack import __version__

    r = cli("--version")
    assert r.code == 0 and r.out.strip() == f"tradetrack {__version__}"


def test_data_before_the_command_is_the_same_as_after(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    after = cli("status", "--as-of", "2026-01-05", "--data", ws)
    before = cli("--data", ws, "status", "--as-of", "2026-01-05")
    assert before.code == after.code == 0 and before.out == after.out and "buy" in before.out
    both = cli("--data", ws, "status", "--as-of", "2026-01-05", "--data", tmp_path / "elsewhere")
    assert both.code == 2 and "elsewhere" in both.err  # the option nearest the command wins


def _complete(*words: str) -> list[str]:
    return complete(*words)


@pytest.mark.parametrize(
    "words, offered",
    [
        (("show", "cn-soybeans-20"), {"cn-soybeans-2025", "cn-soybeans-2026", "cn-soybeans-2027", "cn-soybeans-2028"}),
        (("status", "--status", "lap"), {"lapsing", "lapsed"}),
        (("status", "--basis", "usda"), {"usda-esr", "usda-esr-exports"}),
        (("status", "--kind", "i"), {"investment"}),
        (
            ("progress", "add", "cn-soybeans-2026", "--unit", "M"),
            {"Mt", "MMT", "MUSD", "MEUR", "MJPY", "MKRW", "MCNY", "MGBP"},
        ),
    ],
)
def test_completion_of_ids_statuses_bases_and_units(words, offered):
    assert set(_complete(*words)) == offered


def test_completion_through_the_installed_entry_point():
    # the cases above run the protocol in process; a shell runs the script
    assert set(complete("status", "--status", "lap", real=True)) == {"lapsing", "lapsed"}


def test_init_empty_writes_the_schema_and_examples_that_validate(cli, tmp_path):
    ws = tmp_path / "new"
    r = cli("init", ws, "--empty")
    assert r.code == 0, r
    text = (ws / "commitments.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=commitments.schema.json")
    schema = json.loads((ws / "commitments.schema.json").read_text())
    assert schema == json.loads(cli("schema").out)
    # Uncommented and moved under `commitments:`, each example is valid as it stands.
    examples = [line[1:] for line in text.splitlines() if line.startswith("#  ")]
    kinds = {m.group(1) for line in examples if (m := re.match(r"\s+kind: (\w+)", line))}
    assert kinds == {"purchase", "investment", "suspension", "tariff", "action"}
    filled = text.replace("commitments: []", "commitments:\n" + "\n".join(examples))
    (ws / "commitments.yaml").write_text(filled)
    assert len(yaml.safe_load(filled)["commitments"]) == 5
    assert cli("check", "--data", ws).code == 0
    assert "5 commitments" in cli("status", "--as-of", "2026-01-05", "--data", ws).out


TARIFF = """\
  - id: cut
    kind: tariff
    deal: d
    title: Cut a tariff
    party: US
    from_rate: 20
    to_rate: 10
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
  - id: act
    kind: action
    deal: d
    title: Do a thing
    party: US
    start: 2026-01-01
    sources: [{title: test}]
"""


def test_rates_and_events_take_no_purchase_basis(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL + TARIFF, "")
    for args in (("cut", "--rate", "10"), ("act", "--event", "done")):
        r = cli("progress", "add", args[0], "--date", "2026-01-05", *args[1:], "--source", "x", "--data", ws)
        assert r.code == 0, r
    records = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["commitment"], x["basis"]) for x in records] == [("cut", None), ("act", None)]
    added = cli(
        "progress", "add", "buy", "--date", "2026-01-05", "--amount", "5", "--unit", "t", "--source", "x", "--data", ws
    )
    assert added.code == 0 and '"basis": "official"' in added.out  # a purchase takes the file's default


@pytest.mark.slow
@pytest.mark.parametrize("install", ["editable", "copied"])
def test_the_readme_tour_in_a_fresh_checkout_leaves_git_clean(tmp_path, install):
    """Set-up puts the user in the checkout, where ./data/commitments.yaml is the bundled data:
    following the README's tour must change no tracked file and leave nothing untracked, with
    the package installed editable (its data is the checkout's) or copied (`pip install .`:
    its bundled data is a copy in site-packages)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    checkout = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in files:  # the working tree as it is, uncommitted changes too
        src, dst = ROOT / name, checkout / name
        if src.is_symlink() or src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst, follow_symlinks=False)
    git = ["git", "-C", str(checkout), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "as tested"], check=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TRADETRACK_")},
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(_installed(checkout, tmp_path / "site", install)),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    readme = (checkout / "README.md").read_text()
    commands = list(re.findall(r"```text\n\$ (tradetrack (?:[^\n]*\\\n)*[^\n]*)", readme))
    assert len(commands) >= 6
    for command in commands:
        line = command.replace("\\\n", " ").split(" | ")[0]
        if "-o " in line:
            continue  # writes a report into the current directory by design: tested elsewhere
        subprocess.run([sys.executable, "-m", "tradetrack", *_words(line)[1:]], cwd=checkout, env=env)
        # and without --dry-run: a real write goes to the user's data directory
        if "--dry-run" in line:
            subprocess.run(
                [sys.executable, "-m", "tradetrack", *_words(line.replace(" --dry-run", ""))[1:]], cwd=checkout, env=env
            )
    status = subprocess.run(
        ["git", "-C", str(checkout), "status", "--porcelain", "--ignored"], capture_output=True, text=True
    )
    assert status.stdout == "", status.stdout
    assert (tmp_path / "data" / "tradetrack" / "progress.jsonl").exists()  # the write went there


def _installed(checkout: Path, site: Path, install: str) -> Path:
    """Where the package is imported from: the checkout's src (editable), or a copy with the
    data links resolved, as pip install . leaves it in site-packages."""
    if install == "editable":
        return checkout / "src"
    shutil.copytree(checkout / "src" / "tradetrack", site / "tradetrack", symlinks=False)
    return site


def _words(line: str) -> list[str]:
    import shlex

    return shlex.split(line)
