"""Shared fixtures: a private workspace per test, and a CLI runner that never touches the
user's real data directory or the wall clock's idea of the data location."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from tradetrack.cli import app
from tradetrack.facts.index import facts_by_id
from tradetrack.facts.ledger import Ledger
from tradetrack.files.load import Contents, load
from tradetrack.files.workspace import Location, bundled_dir

BUNDLED = bundled_dir()

# Fuzzers and kill trials run a share of their examples per run; Hypothesis draws new ones each
# run (no fixed seed), so successive runs cover more ground. TRADETRACK_THOROUGH=N runs N times
# as many, for a long hunt before a release.
THOROUGH = max(1, int(os.environ.get("TRADETRACK_THOROUGH", "1") or 1))


def examples(n: int) -> int:
    """How many examples a fuzzer or trial loop runs this time: n, times TRADETRACK_THOROUGH."""
    return n * THOROUGH


# Typer's runner rebuilds the whole Click command tree from the app's signatures on every
# invoke (about 30 ms, two thirds of a typical CLI test); the tree is the same each time, and
# the real `tradetrack` builds it once per process too, so the tests build it once per app.
_built: dict[int, tuple[object, object]] = {}  # id(app) -> (app, its tree); holding the app keeps its id unique
_build = typer.testing._get_command


def _built_once(a):
    kept = _built.get(id(a))
    if kept is None or kept[0] is not a:
        kept = _built[id(a)] = (a, _build(a))
    return kept[1]


typer.testing._get_command = _built_once  # type: ignore[assignment]


def tree():
    """The app's Click command tree, built once (tests only read it)."""
    return _built_once(app)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the user's data, environment or current directory."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TRADETRACK_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A copy of the bundled data in its own directory."""
    ws = tmp_path / "ws"
    ws.mkdir()
    for name in ("commitments.yaml", "progress.jsonl"):
        shutil.copyfile(BUNDLED / name, ws / name)
    return ws


def write_ws(directory: Path, commitments: str, progress: str | None = None) -> Path:
    """A workspace from inline texts (dedented)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "commitments.yaml").write_text(textwrap.dedent(commitments), encoding="utf-8")
    if progress is not None:
        (directory / "progress.jsonl").write_text(textwrap.dedent(progress), encoding="utf-8")
    return directory


def contents_of(path: Path) -> Contents:
    """What a load of the workspace at path gives (the commitments file or its directory);
    fails the test on any problem."""
    path = Path(path)
    contents, problems = load(Location(path / "commitments.yaml" if path.is_dir() else path, "--data"))
    assert contents is not None, "\n".join(p.format() for p in problems)
    return contents


def ledger_of(path: Path) -> Ledger:
    """The ledger of the workspace at path, built without the cache."""
    c = contents_of(path)
    location = Location(Path(path) / "commitments.yaml" if Path(path).is_dir() else Path(path), "--data")
    return Ledger(location, c.key, c.settings, c.deals, c.commitments, facts_by_id(c.commitments, c.records))


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, env: dict | None = None) -> Run:
        result = runner.invoke(app, [str(a) for a in args], env=env)
        run = Run(result)
        # A traceback is never an acceptable answer to input, good or bad.
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"uncaught exception: {result.exception!r}\n{run}") from result.exception
        return run

    return invoke


def complete(*words: str, env: dict | None = None, cwd: Path | None = None, real: bool = False) -> list[str]:
    """What bash completion offers for the last word, through Click's completion protocol: in
    process (what the shell would get, without a 0.5 s interpreter start per case), or with
    real=True through the installed entry point, as a shell runs it (a few tests keep that)."""
    line = " ".join(("tradetrack", *words))
    protocol = {
        "_TRADETRACK_COMPLETE": "complete_bash",
        "_TYPER_COMPLETE_ARGS": line,
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words)),
        **(env or {}),
    }
    if real:
        script = Path(sys.executable).with_name("tradetrack")
        environ = {k: v for k, v in {**os.environ, **protocol}.items() if v is not None}
        proc = subprocess.run([str(script)], env=environ, capture_output=True, text=True, cwd=cwd)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()
    here = Path.cwd()
    os.chdir(cwd or here)
    try:
        result = CliRunner().invoke(app, [], env=protocol, prog_name="tradetrack")
    finally:
        os.chdir(here)
    assert result.exit_code == 0 and result.exception is None or isinstance(result.exception, SystemExit), result
    return result.stdout.split()


MINIMAL = """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
"""


BUNDLED_TABLE = Path(__file__).parent / "bundled_verdicts.txt"


def pytest_addoption(parser):
    parser.addoption(
        "--update-bundled",
        action="store_true",
        help="rewrite tests/bundled_verdicts.txt from the bundled data (then review the diff)",
    )


@pytest.fixture
def data_regression_table(request):
    """Compare {id: status} on a day with the line kept for it in tests/bundled_verdicts.txt."""
    update = request.config.getoption("--update-bundled")

    def check(day: str, found: dict) -> None:
        line = f"{day} " + " ".join(f"{k}={v}" for k, v in found.items())
        lines = BUNDLED_TABLE.read_text().splitlines() if BUNDLED_TABLE.exists() else []
        kept = next((x for x in lines if x.startswith(day + " ")), None)
        if update:
            lines = sorted([x for x in lines if not x.startswith(day + " ")] + [line])
            BUNDLED_TABLE.write_text("\n".join(lines) + "\n")
            return
        assert kept is not None, f"no line for {day}: run pytest tests/test_bundled.py --update-bundled"
        old, new = dict(x.split("=") for x in kept.split()[1:]), found
        changed = {k: (old.get(k), new.get(k)) for k in set(old) | set(new) if old.get(k) != new.get(k)}
        assert not changed, f"verdicts changed on {day} (was, now): {changed}"

    return check
