"""Option groups (cli/groups.py): options declared once and spliced into the commands that share
them, with the help, parsing and completion of options written out one by one."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

import pytest
import typer
import typer.main
from typer.core import TyperOption
from typer.testing import CliRunner

from tradetrack.cli.groups import Judging, Selection, grouped

from .conftest import complete, tree


@dataclass(frozen=True)
class Window:
    start: Annotated[str, typer.Option("--from", help="First day.")]
    end: Annotated[str | None, typer.Option("--to", help="Last day.")] = None


def _toy() -> typer.Typer:
    toy = typer.Typer()

    @toy.command()
    @grouped
    def run(name: Annotated[str, typer.Argument()], first: bool = False, *, window: Window, loud: bool = False) -> None:
        print(name, first, window, loud)

    @toy.command()
    def other() -> None:  # two commands, so `run` is a subcommand as in the app
        pass

    return toy


def test_a_group_is_spliced_in_place_and_handed_over_whole():
    result = CliRunner().invoke(_toy(), ["run", "Bob", "--to", "2026-02-01", "--from", "2026-01-01", "--loud"])
    assert result.exit_code == 0, result.output
    # the positional argument survives (the failure of *args wrappers, fastapi/typer#1898)
    assert result.output == "Bob False Window(start='2026-01-01', end='2026-02-01') True\n"
    helped = CliRunner().invoke(_toy(), ["run", "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"}).output
    assert helped.index("--first") < helped.index("--from") < helped.index("--to") < helped.index("--loud")
    missing = CliRunner().invoke(_toy(), ["run", "Bob"])
    assert missing.exit_code == 2 and "Missing option '--from'" in missing.output


def test_a_field_named_as_another_parameter_is_refused_at_once():
    def clash(window: Window, end: str = "") -> None: ...

    with pytest.raises(TypeError, match=r"\['end'\]"):
        grouped(clash)


def _options(words: list[str]) -> list[str]:
    cmd = tree()
    for w in words:
        cmd = cmd.commands[w]  # type: ignore[attr-defined]
    return [p.opts[0] for p in cmd.params if p.opts[0].startswith("--")]


@pytest.mark.parametrize(
    ("words", "group"),
    [(["status"], Selection), (["report"], Selection), (["changes"], Selection)]
    + [([w], Judging) for w in ("show", "chart", "site")],
    ids=lambda x: " ".join(x) if isinstance(x, list) else x.__name__,
)
def test_the_reading_commands_take_one_selection_in_its_order(words, group):
    """--as-of and --basis first wherever they are taken; status, report and changes then the
    filters, in the same order."""
    names = [f.name for f in dataclasses.fields(group)]
    flags = ["--" + n.replace("_", "-") for n in names]
    flags = [{"--tags": "--tag", "--only": "--status"}.get(f, f) for f in flags]
    got = _options(words)
    start = got.index("--as-of")
    assert got[start : start + len(flags)] == flags


def test_completion_reaches_the_options_of_the_group(tmp_path):
    assert "purchase" in complete("report", "--kind", "")
    assert "behind" in complete("changes", "--since", "2026-01-01", "--status", "")


def _all_commands(group=None, words=()):
    group = group or tree()
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            yield from _all_commands(cmd, (*words, name))
        else:
            yield [*words, name]


DATA_COMMANDS = [w for w in _all_commands() if "--data" in _options(w)]


def test_every_command_that_reads_or_writes_the_data_takes_data_last():
    assert len(DATA_COMMANDS) >= 13  # check, where, status ... fetch: declared once, in Workspace
    for words in DATA_COMMANDS:
        assert _options(words)[-1] == "--data", words


def test_data_after_the_command_wins_over_data_before_it(cli, tmp_path):
    after = cli("--data", tmp_path / "before", "where", "--data", tmp_path / "after").out
    assert f"commitments: {tmp_path / 'after'}" in after
    before = cli("--data", tmp_path / "before", "where").out
    assert f"commitments: {tmp_path / 'before'}" in before


def test_progress_add_options_are_the_record_fields_of_their_names():
    """progress add hands Figure.given() to the writer as record fields, by field name: a field
    named otherwise would be refused as unknown, or land in another field."""
    from tradetrack.cli.options import Figure
    from tradetrack.files.progress import RECORD_FIELDS

    assert {f.name for f in dataclasses.fields(Figure)} <= set(RECORD_FIELDS)
    assert Figure(amount=1.5, unit="Mt", increment=False).given() == {"amount": 1.5, "unit": "Mt"}
    assert Figure(increment=True).given() == {"increment": True}


def _date_options(named_as_day: bool = False):
    """(command words, command, option) for every option of every command that takes a day: by
    its DATE metavar, or (named_as_day) by a name that says it takes one."""
    for words in _all_commands():
        cmd = tree()
        for w in words:
            cmd = cmd.commands[w]  # type: ignore[attr-defined]
        for p in cmd.params:
            if not isinstance(p, TyperOption) or p.is_flag:
                continue
            if p.metavar == "DATE" or (
                named_as_day and any(w in p.opts[-1] for w in ("date", "since", "until", "as-of"))
            ):
                yield words, cmd, p


def _placeholders(cmd, tested) -> list[str]:
    """Values for the command's other required parameters, so only the date under test is wrong."""
    out: list[str] = []
    for p in cmd.params:
        if p is tested or not p.required:
            continue
        value = "2026-01-01" if isinstance(p, TyperOption) and p.metavar == "DATE" else "x"
        out += [p.opts[0], value] if isinstance(p, TyperOption) else [value]
    return out


DATE_OPTIONS = list(_date_options())


def test_every_option_that_takes_a_day_says_so():
    """A day-taking option found by its name has the DATE metavar, so the walk below sees it."""
    named = [(w, p.opts) for w, _, p in _date_options(named_as_day=True)]
    assert named == [(w, p.opts) for w, _, p in DATE_OPTIONS]
    assert len(DATE_OPTIONS) >= 11  # --as-of of the reading commands, --since, --until, --date


@pytest.mark.parametrize(
    ("words", "cmd", "option"), DATE_OPTIONS, ids=[f"{' '.join(w)} {p.opts[-1]}" for w, _, p in DATE_OPTIONS]
)
def test_a_bad_day_names_its_option(cli, words, cmd, option):
    """`changes --since x` as `report --since x` does: the option named, exit 2, no traceback."""
    flag = option.opts[-1]
    bad = cli(*words, flag, "2026-13-01", *_placeholders(cmd, option))
    assert bad.code == 2, bad
    assert f"Invalid value for '{flag}': '2026-13-01' is not a date" in bad.err, bad
    assert "Traceback" not in bad.err + bad.out
