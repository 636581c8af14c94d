"""What every command shares: the app, its options, opening the data, resolving the query, and
the one way problems are reported (stderr, exit 2).

Imports of the heavy modules (pydantic, yaml, rich) happen inside the commands, so `--help`
and each command pay only for what they use.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, overload

import typer
from typer.core import TyperGroup

from tradetrack import __version__
from tradetrack.core.text import counted, writable

if TYPE_CHECKING:
    from tradetrack.cli.groups import Judging

_HELP = {"help_option_names": ["-h", "--help"]}


class _Commands(TyperGroup):
    """The root group: every Failure a command raises (bad input, a refused write, a failed
    fetch) is reported here, the one place, as problems on stderr with exit 2."""

    def parse_args(self, ctx, args):
        """Refuse an argument that is not text: bytes the shell passed that are not UTF-8 reach
        Python as lone surrogates, which no file can hold (an add with one failed mid-write)."""
        for a in args:
            if not writable(a):
                shown = a.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                fail_usage("<command line>", f"'{shown}' is not valid UTF-8", "give every argument as UTF-8 text")
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        from tradetrack.core.problems import Failure

        try:
            return super().invoke(ctx)
        except Failure as e:
            fail(e.problems, writing=e.writing)


def stdout_refused(e: OSError) -> NoReturn:
    """Standard output refused what was written (a full disk, /dev/full): said, with exit 2."""
    fail_usage("<standard output>", f"cannot be written: {e.strerror or e}", "send the output elsewhere")


app = typer.Typer(
    cls=_Commands,
    help="Track whether the parties to a trade deal keep their commitments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=_HELP,
)
progress_app = typer.Typer(help="Add and list progress records.", no_args_is_help=True, context_settings=_HELP)
import_app = typer.Typer(
    help="Import progress records from published data.", no_args_is_help=True, context_settings=_HELP
)
app.add_typer(progress_app, name="progress")
app.add_typer(import_app, name="import")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@overload
def parse_day(value: str) -> date: ...
@overload
def parse_day(value: str | None) -> date | None: ...
def parse_day(value: str | None) -> date | None:
    """YYYY-MM-DD only: Python would also take 2026-W01-1 (a week date) or 20260101. Every date
    option parses with this (`parser=parse_day`), so Click names the option in the message."""
    if value is None:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD, e.g. 2026-11-28") from None


def today() -> date:
    """Today, or the day TRADETRACK_TODAY pins (YYYY-MM-DD), for runs that must be reproducible."""
    pinned = os.environ.get("TRADETRACK_TODAY")
    if pinned:
        try:
            day = parse_day(pinned)
            assert day is not None
            return day
        except typer.BadParameter:
            fail_usage("TRADETRACK_TODAY", f"{pinned!r} is not a date", "write YYYY-MM-DD")
    return date.today()


def _data_on_line(ctx) -> str | None:
    """The --data given on the command line being completed (after or before the command)."""
    while ctx is not None:
        if ctx.params.get("data"):
            return ctx.params["data"]
        ctx = ctx.parent
    return None


def _complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    ledger = _quiet_ledger(ctx)
    return [c.id for c in ledger.commitments if c.id.startswith(incomplete)] if ledger else []


def _complete_fetchable(ctx: typer.Context, incomplete: str) -> list[str]:
    """The ids `fetch` takes: purchases that name a series, and a recurring one's own id (it
    takes all its periods, id-YYYY)."""
    ledger = _quiet_ledger(ctx)
    found: dict[str, None] = {}
    for c in ledger.commitments if ledger else ():
        if c.kind == "purchase" and c.series:
            base, _, year = c.id.rpartition("-")
            if base and year == str(c.start.year):
                found[base] = None
            found[c.id] = None
    return [i for i in found if i.startswith(incomplete)]


def _complete_bases(ctx: typer.Context, incomplete: str) -> list[str]:
    from tradetrack.judge.query import known_bases

    ledger = _quiet_ledger(ctx)
    return [b for b in known_bases(ledger) if b.startswith(incomplete)] if ledger else []


def _complete_statuses(incomplete: str) -> list[str]:
    from tradetrack.core.status import QUALIFIERS, STATUSES

    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return [prefix + s for s in (*STATUSES, *QUALIFIERS) if s.startswith(last)]


def _complete_units(ctx: typer.Context, incomplete: str) -> list[str]:
    from tradetrack.core.units import UNITS

    ledger = _quiet_ledger(ctx)
    counts = list(ledger.settings.count_units) if ledger else []
    return [u for u in (*UNITS, *counts) if u.startswith(incomplete)]


def _complete_deals(ctx: typer.Context, incomplete: str) -> list[str]:
    ledger = _quiet_ledger(ctx)
    deals = {c.deal for c in ledger.commitments} if ledger else set()
    return sorted(d for d in deals if d.startswith(incomplete))


def _complete_parties(ctx: typer.Context, incomplete: str) -> list[str]:
    ledger = _quiet_ledger(ctx)
    parties = {p for c in ledger.commitments for p in (c.party, c.counterparty) if p} if ledger else set()
    return sorted(p for p in parties if p.startswith(incomplete))


def _complete_kinds(incomplete: str) -> list[str]:
    from tradetrack.core.status import KINDS

    return [k for k in KINDS if k.startswith(incomplete)]


def _complete_standings(incomplete: str) -> list[str]:
    from tradetrack.core.status import STANDINGS

    return [s for s in STANDINGS if s.startswith(incomplete)]


def _complete_events(incomplete: str) -> list[str]:
    import typing

    from tradetrack.files.models import Event

    return [e for e in typing.get_args(Event) if e.startswith(incomplete)]


def _complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    ledger = _quiet_ledger(ctx)
    tags = {t for c in ledger.commitments for t in c.tags} if ledger else set()
    return sorted(t for t in tags if t.startswith(incomplete))


def choices(*values: str):
    """A completion function offering a fixed list of values."""
    return lambda incomplete: [v for v in values if v.startswith(incomplete)]


def listed(flag: str, complete: Callable[..., list[str]], help: str, *, metavar: str = "") -> Any:
    """The typer.Option of an option whose value is one of a list the data or the models know
    (deals, statuses, units...): TAB offers the list, and the metavar is the flag's name in
    capitals unless given."""
    return typer.Option(flag, metavar=metavar or flag.lstrip("-").upper(), autocompletion=complete, help=help)


def _quiet_ledger(ctx: typer.Context | None = None):
    """The ledger for completion, from the --data on the line if any: never an error on the
    user's screen."""
    try:
        from tradetrack.facts.cache import open_ledger
        from tradetrack.files.workspace import locate

        return open_ledger(locate(_data_on_line(ctx) or os.environ.get("TRADETRACK_DATA")))[0]
    except Exception:
        return None


_DATA_ORDER = (
    "Default: $TRADETRACK_DATA, ./commitments.yaml, ./data/commitments.yaml, the user data directory, the bundled data."
)
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="The commitments file, or the folder holding it (`tradetrack where` says which is used).",
    ),
]
RootDataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="The commitments file, or the folder holding it, for the command that follows "
        "(also accepted after it). " + _DATA_ORDER,
    ),
]
AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of", parser=parse_day, metavar="DATE", help="Judge as of this day (YYYY-MM-DD) instead of today."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON and nothing else.")]
BasisOpt = Annotated[
    str | None,
    listed(
        "--basis",
        _complete_bases,
        "Judge purchases and investments on this basis (default: each commitment's, else the file's).",
    ),
]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="The commitment's id.", autocompletion=_complete_ids)]
StatusOpt = Annotated[
    list[str] | None,
    listed(
        "--status",
        _complete_statuses,
        "Only these statuses (comma-separated or repeated; 'in force' or in-force), and qualifiers: "
        "late, stale, reported, confirmed, disputed.",
    ),
]
FailOpt = Annotated[
    list[str] | None,
    listed(
        "--fail-on",
        _complete_statuses,
        "Exit 1 if a commitment shown has one of these statuses (and all qualifiers given), "
        "e.g. missed,lapsed or missed,confirmed.",
        metavar="STATUS",
    ),
]
DealOpt = Annotated[str | None, listed("--deal", _complete_deals, "Only this deal.")]
PartyOpt = Annotated[str | None, listed("--party", _complete_parties, "Only this party's, e.g. CN.")]
KindOpt = Annotated[
    str | None, listed("--kind", _complete_kinds, "Only this kind: purchase, investment, suspension, tariff or action.")
]
TagOpt = Annotated[
    list[str] | None, listed("--tag", _complete_tags, "Only commitments with this tag (repeat for any of several).")
]


def version_callback(value: bool) -> None:
    if value:
        print(f"tradetrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: RootDataOpt = None,
    version: Annotated[
        bool,
        typer.Option("-V", "--version", callback=version_callback, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Track whether the parties to a trade deal keep their commitments."""
    ctx.obj = {"data": data}


# --- problems ---------------------------------------------------------------------------------


def problem_text(p) -> str:
    """A problem as printed: FILE:LINE:COL: message, excerpt, hint, every piece of it inert
    (control characters shown, keys hidden), whoever built it: a server's answer, a data file's
    header and a command-line value are all outside text. Every problem printed goes through
    here."""
    from dataclasses import replace

    from tradetrack.core.text import inert

    def one(text):  # control characters as pictures; a line break would fake a new line
        return inert(text).replace("\n", " ") if text is not None else None

    return replace(p, file=one(p.file), message=one(p.message), hint=one(p.hint), excerpt=one(p.excerpt)).format()


def fail(problems, writing: bool = False, code: int = 2) -> NoReturn:
    """Report problems on stderr, FILE:LINE:COL first, each hint once (hinted_once), and exit
    (2: bad input)."""
    for p in hinted_once(problems):
        sys.stderr.write(problem_text(p) + "\n")
    tail = "; nothing was written" if writing else ""
    sys.stderr.write(f"{counted(sum(p.stands_for for p in problems), 'problem')} found{tail}\n")
    raise typer.Exit(code)


def hinted_once(problems):
    """The problems, each hint given only the first time: 10,000 rows with one fault print
    10,000 lines, not 10,000 copies of the list of valid values."""
    from dataclasses import replace

    hinted: set[str] = set()
    for p in problems:
        if p.hint in hinted:
            p = replace(p, hint=None)
        elif p.hint:
            hinted.add(p.hint)
        yield p


def fail_usage(where: str, message: str, hint: str | None = None, writing: bool = False) -> NoReturn:
    from tradetrack.core.problems import Problem

    fail([Problem(where, 0, 0, message, hint, code="usage")], writing)


def file_named(output: str | None) -> Path | None:
    """The file -o names, or None for stdout (no -o, `-` or /dev/stdout)."""
    return None if output in (None, "-", "/dev/stdout") else Path(output)


def output_target(output: str | None, ledger) -> Path | None:
    """Where -o sends a command's text: None for stdout, else the checked file (refused at once,
    before any work, when it cannot be written)."""
    path = file_named(output)
    if path is None:
        return None
    from tradetrack.write.output import check_target

    target, problem = check_target(path, ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    return target


def emit(text: str | list[str], target, done: str) -> None:
    """Data (a text, or pieces of one) to stdout, or to the target file the user named (already
    checked), written all or nothing; then `done` on stderr."""
    pieces = [text] if isinstance(text, str) else text
    if target is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return
    from tradetrack.write.output import write_output

    # a path not UTF-8 is escaped (cli/__init__)
    write_output(target, [piece.encode("utf-8", "backslashreplace") for piece in pieces])
    sys.stderr.write(done + "\n")


def open_data(data_opt: str | None):
    from tradetrack.facts.cache import open_ledger
    from tradetrack.files.workspace import locate

    location = locate(data_opt)
    ledger, problems = open_ledger(location)
    if ledger is None:
        fail(problems)
    return ledger


def query_of(ledger, chosen: Judging, **more):
    """The query of a reading command: its selection and `more` (fail_on, lapsing, commitment),
    checked against the data (exit 2 on any problem); a future as-of day is said once, on stderr."""
    from dataclasses import asdict

    from tradetrack.judge.query import resolve

    query, problems = resolve(ledger, today(), **asdict(chosen), **more)
    if query is None:
        fail(problems)
    if query.future:
        sys.stderr.write(
            f"note: {query.as_of} is after today ({query.today}): figures after today cannot "
            "exist yet, so verdicts rest on what is known today\n"
        )
    return query


def records_of(ledger, cid: str | None = None, upto: date | None = None, since: date | None = None) -> list:
    """The records (of one commitment), in date order, known on `upto` and dated from `since` on
    (judge.query.known)."""
    from tradetrack.facts.cache import records
    from tradetrack.judge.query import known

    found, problems = records(ledger, cid)
    if problems:  # the progress file changed since the cached load and is now bad
        fail(problems)
    return known(found, upto, since)


def find(ledger, cid: str):
    c = ledger.commitment(cid)
    if c is None:
        from tradetrack.core.text import did_you_mean

        ids = [x.id for x in ledger.commitments]
        fail_usage("<id>", f"unknown commitment {cid!r}", did_you_mean(cid, ids, "`tradetrack status` lists the ids"))
    return c


def make_console(stderr: bool = False):
    # Created per command, not at import, so NO_COLOR, COLUMNS and test settings apply.
    from rich.console import Console

    from tradetrack.render import term

    return Console(stderr=stderr, highlight=False, width=term.width(), no_color=not term.colour(sys.stdout))
