"""Commands about the data itself: check, where, schema."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tradetrack.cli.common import DataOpt, JsonOpt, app, choices, data_of, fail_usage, problem_text


def check_all(location) -> list:
    """Every problem in every file, at once, in file order: YAML and schema, references,
    records, and the cumulative (balance) checks over whatever validated."""
    from tradetrack.facts import consistency
    from tradetrack.facts.ledger import Ledger
    from tradetrack.files.load import load

    contents, problems = load(location, whole=True)  # a record being appended is reported too
    ledger = Ledger.of(location, contents)
    problems = problems + consistency.problems(ledger)
    order = {str(location.commitments): 0, str(location.progress): 1}
    return sorted(problems, key=lambda p: (order.get(p.file, 2), p.line, p.col))


@app.command()
def check(ctx: typer.Context, json_out: JsonOpt = False, data: DataOpt = None) -> None:
    """Validate the data files: silent and exit 0 when clean, every problem at once otherwise."""
    from tradetrack.files.workspace import locate

    problems = check_all(locate(data_of(ctx, data)))
    if json_out:
        from tradetrack.render.jsonout import dumps

        print(dumps({"ok": not problems, "problems": [p.as_dict() for p in problems]}))
    elif problems:
        for p in problems:
            sys.stderr.write(problem_text(p) + "\n")
        sys.stderr.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found\n")
    if problems:
        raise typer.Exit(2)


@app.command()
def where(ctx: typer.Context, data: DataOpt = None) -> None:
    """Print the data files in use and why they were chosen."""
    from tradetrack.files.workspace import locate

    location = locate(data_of(ctx, data))
    print(f"commitments: {location.commitments}\nprogress:    {location.progress}\norigin:      {location.origin}")


@app.command()
def schema(
    which: Annotated[
        str,
        typer.Argument(
            metavar="[WHICH]", autocompletion=choices("commitments", "progress"), help="commitments or progress"
        ),
    ] = "commitments",
) -> None:
    """Print the JSON Schema of the commitments file (or of one progress record)."""
    from tradetrack.files.schema import json_schema

    if which not in ("commitments", "progress"):
        fail_usage("<which>", f"unknown schema {which!r}", "choose commitments or progress")
    print(json_schema(which))
