"""Option groups: options that several commands take, declared once as the fields of a frozen
dataclass (Judging, Selection, Workspace, at the end), and spliced into each command's signature
where a parameter of that class stands. A command may still take its own typer.Context.

    @app.command()
    @grouped
    def status(selection: Selection, json_out: JsonOpt = False) -> None: ...

Typer builds the command from the signature it is shown: `--help`, completion, the README's
reference and the man page list the group's options in the group's field order, at the place
of the parameter, as if they had been written there one by one. Typer calls a command with
keywords only (the wrapper of typer.main.get_callback), so the wrapper takes `**kwargs` and
rebuilds the group from them; wrappers built on `*args` are reported to lose the command's
arguments (fastapi/typer issue 1898).
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import typer

from tradetrack.cli.common import AsOfOpt, BasisOpt, DataOpt, DealOpt, KindOpt, PartyOpt, StatusOpt, TagOpt

_CONTEXT = "_context"  # the parameter that asks Typer for the context when the command has none


def _fields(group: type) -> list[inspect.Parameter]:
    """The group's fields as keyword parameters, each with its typer option and default."""
    hints = typing.get_type_hints(group, include_extras=True)  # the Annotated typer options
    out = []
    for f in dataclasses.fields(group):
        default = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        out.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hints[f.name]))
    return out


def grouped(command: Callable[..., None]) -> Callable[..., None]:
    """The command with each parameter whose annotation is a dataclass replaced by that class's
    fields as options; called, it hands the command one value of the class, settled in the
    command's context when the class says how (`in_context(ctx)`: what was given before the
    command, say). A group parameter's default is only for Python's syntax: the fields have
    their own."""
    shown: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    own_context = ""  # the command's own typer.Context parameter, if it has one
    for p in inspect.signature(command, eval_str=True).parameters.values():
        if isinstance(p.annotation, type) and issubclass(p.annotation, typer.Context):
            own_context = p.name
        if isinstance(p.annotation, type) and dataclasses.is_dataclass(p.annotation):
            fields = _fields(p.annotation)
            groups[p.name] = (p.annotation, [f.name for f in fields])
            shown += fields
        else:  # keyword-only: a required option may follow one with a default, as click allows
            shown.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    if not own_context:  # Typer hands the context to a parameter of that type, whatever its name
        shown.append(inspect.Parameter(_CONTEXT, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context))
    names = [p.name for p in shown]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise TypeError(f"{command.__qualname__}: a group's field has the name of another parameter: {twice}")

    def run(**kwargs: Any) -> None:
        ctx = kwargs[own_context] if own_context else kwargs.pop(_CONTEXT)
        for name, (group, fields) in groups.items():
            value = group(**{f: kwargs.pop(f) for f in fields})
            kwargs[name] = value.in_context(ctx) if hasattr(value, "in_context") else value
        return command(**kwargs)

    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(run, attr, getattr(command, attr))
    run.__signature__ = inspect.Signature(shown)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in shown}  # evaluated: nothing to resolve here
    return run


# --- the groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judging:
    """The day and the basis commitments are judged on: what show, chart and site take, and
    what comes first in every reading command."""

    as_of: AsOfOpt = None
    basis: BasisOpt = None


@dataclass(frozen=True)
class Selection(Judging):
    """Judging, and which commitments: the options status, report and changes share."""

    deal: DealOpt = None
    party: PartyOpt = None
    kind: KindOpt = None
    tags: TagOpt = None
    only: StatusOpt = None


@dataclass(frozen=True)
class Workspace:
    """Which data a command reads or writes: --data given after the command, else before it
    (the root's), else None, for files/workspace.locate's search. Spliced last into every
    command that takes it, so --data is declared once."""

    data: DataOpt = None

    def in_context(self, ctx: typer.Context) -> Workspace:
        return self if self.data else Workspace((ctx.obj or {}).get("data"))
