"""Regenerate what is derived from the code: the README's command reference (from --help) and
the JSON Schemas beside the bundled data. `--check` exits 1 if anything is stale (a test runs it).

    python scripts/gen_docs.py          # rewrite
    python scripts/gen_docs.py --check  # verify
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- commands:start -->", "<!-- commands:end -->"
COMMANDS = [[], ["status"], ["show"], ["progress", "add"], ["progress", "list"], ["report"], ["check"],
            ["import", "csv"], ["import", "esr"], ["init"], ["schema"], ["where"]]


def command_reference() -> str:
    from typer.testing import CliRunner

    from tradetrack.cli import app

    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    parts = []
    for args in COMMANDS:
        result = runner.invoke(app, args + ["--help"], env=env, prog_name="tradetrack")
        assert result.exit_code == 0, result.output
        title = " ".join(["tradetrack", *args])
        parts.append(f"### `{title}`\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def expected_files() -> dict[Path, str]:
    from tradetrack.schema import json_schema

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return {
        ROOT / "README.md": f"{head}{START}\n{command_reference()}{END}{tail}",
        ROOT / "data" / "commitments.schema.json": json_schema("commitments") + "\n",
        ROOT / "data" / "progress.schema.json": json_schema("progress") + "\n",
    }


def main() -> int:
    os.environ.update({"COLUMNS": "100", "NO_COLOR": "1"})
    check = "--check" in sys.argv
    stale = []
    for path, content in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(content, encoding="utf-8")
    if check and stale:
        print(f"stale: {', '.join(map(str, stale))}; run python scripts/gen_docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
