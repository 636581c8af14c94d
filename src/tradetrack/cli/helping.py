"""`tradetrack help [COMMAND]...`: the help of a command, as git help and gh help give it."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from tradetrack.cli.common import app, fail_usage


@app.command(name="help")
def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None, typer.Argument(metavar="[COMMAND]...", help="The command, e.g. status or progress add.")
    ] = None,
) -> None:
    """Show the help of tradetrack, or of one command."""
    root = ctx.find_root()
    at = typer.Context(root.command, info_name=root.info_name, **root.command.context_settings)
    for word in command or []:
        group = at.command
        sub = group.get_command(at, word) if isinstance(group, TyperGroup) else None
        if sub is None:
            from tradetrack.core.text import did_you_mean

            names = list(group.commands) if isinstance(group, TyperGroup) else []
            where = " ".join(["tradetrack", *(command or [])[: (command or []).index(word)]])
            fail_usage(
                "<command>",
                f"{where} has no command {word!r}",
                did_you_mean(word, names, f"`{where} --help` lists the commands"),
            )
        at = typer.Context(sub, info_name=word, parent=at)
    print(at.command.get_help(at))
