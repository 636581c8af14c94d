"""Commands about the data itself: check, where, schema."""

from __future__ import annotations

from typing import Annotated

import typer

from tradetrack.cli.common import JsonOpt, app, choices, fail, fail_usage
from tradetrack.cli.groups import Workspace, grouped


@app.command()
@grouped
def check(json_out: JsonOpt = False, workspace: Workspace = Workspace()) -> None:
    """Validate the data files: silent and exit 0 when clean, every problem at once otherwise."""
    from tradetrack.facts.check import check_all
    from tradetrack.files.workspace import locate

    problems = check_all(locate(workspace.data))
    if not json_out:
        if problems:
            fail(problems)  # stderr, as every command reports problems, and exit 2
        return
    from tradetrack.render.jsonout import dumps

    print(dumps({"ok": not problems, "problems": [p.as_dict() for p in problems]}))
    if problems:
        raise typer.Exit(2)


@app.command()
@grouped
def where(workspace: Workspace = Workspace()) -> None:
    """Print the data files in use and why they were chosen."""
    from tradetrack.files.workspace import locate

    location = locate(workspace.data)
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
