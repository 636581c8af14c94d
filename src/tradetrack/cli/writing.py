"""Commands that add records or make workspaces: progress add and list, import, init."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tradetrack.cli.common import (
    IdArg,
    JsonOpt,
    app,
    fail,
    fail_usage,
    find,
    hinted_once,
    import_app,
    open_data,
    problem_text,
    progress_app,
    records_of,
    today,
)
from tradetrack.cli.groups import Workspace, grouped
from tradetrack.cli.options import (
    AddRules,
    CsvFileArg,
    CsvLayout,
    DateOpt,
    Figure,
    ImportRules,
    SetOpt,
    SourceOpt,
)
from tradetrack.core.text import counted


def add_rows(rows, data_opt, rules, skipped=()):
    """Add rows through the one writer; say what it created, warned of and skipped (`skipped`:
    rows the reader already left out), each hint once."""
    from tradetrack.files.workspace import locate
    from tradetrack.write.progress import add

    added, bad = add(locate(data_opt), rows, today(), rules)
    if added.created:
        sys.stderr.write(added.created + "\n")
    if added.warning:
        sys.stderr.write("warning: " + added.warning + "\n")
    for p in hinted_once([*skipped, *bad]):
        sys.stderr.write("skipped: " + problem_text(p) + "\n")
    return added


def _pairs(option: str, items: list[str] | None, shape: str, known) -> list[tuple[str, str]]:
    """NAME=VALUE items of a repeated option, in the order given; a name not in `known` (or no
    `=`) is refused with the shape to write."""
    out = []
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or name not in known:
            fail_usage(option, f"{item!r}: write {shape} one of {', '.join(known)}", writing=True)
        out.append((name, value))
    return out


def _set(items: list[str] | None) -> dict:
    """--set FIELD=VALUE: any field of a record; the value is read as JSON when it is JSON
    (a number, true, false), as text otherwise."""
    from tradetrack.files.progress import RECORD_FIELDS

    out = {}
    for name, value in _pairs("--set", items, "FIELD=VALUE with FIELD", RECORD_FIELDS):
        try:
            parsed = json.loads(value)
            out[name] = parsed if isinstance(parsed, (int, float, bool)) else value
        except ValueError:
            out[name] = value
    return out


@progress_app.command("add")
@grouped
def progress_add(
    commitment_id: IdArg,
    on: DateOpt,
    source: SourceOpt,
    figure: Figure,
    set_: SetOpt = None,
    allowed: AddRules = AddRules(),
    workspace: Workspace = Workspace(),
) -> None:
    """Add a progress record (validated against the commitment and the records there, then appended safely)."""
    given = {"commitment": commitment_id, "date": on.isoformat(), "source": source, **figure.given()}
    extra = _set(set_)
    twice = sorted(k for k in extra if k in given)
    if twice:
        fail_usage("--set", f"{twice[0]} is given twice, by --set and by --{twice[0]}", "give it once")
    added = add_rows([({**extra, **given}, ("progress add", 0))], workspace.data, allowed.rules())
    for line in added.lines:
        print(line)
    for r in added.skipped:
        sys.stderr.write(f"already recorded: {r.commitment} {r.date} ({r.basis}); nothing added\n")
    if added.lines:
        verb = "would add" if allowed.dry_run else "added"
        sys.stderr.write(f"{verb} {counted(len(added.lines), 'record')} to {added.location.progress}\n")


@progress_app.command("list")
@grouped
def progress_list(
    commitment_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Only this commitment.")] = None,
    basis: Annotated[str | None, typer.Option(metavar="BASIS", help="Only this basis.")] = None,
    json_out: JsonOpt = False,
    workspace: Workspace = Workspace(),
) -> None:
    """List progress records, oldest first (by date, then by their order in the file)."""
    ledger = open_data(workspace.data)
    records = records_of(ledger, find(ledger, commitment_id).id if commitment_id else None)
    if basis:
        if basis not in ledger.known_bases():
            from tradetrack.judge.query import unknown

            fail([unknown("--basis", basis, ledger.known_bases(), "bases")])
        records = [r for r in records if r.basis == basis]
    if json_out:
        from tradetrack.render.jsonout import dumps, record

        print(dumps([record(r) for r in records]))
        return
    from tradetrack.render import term
    from tradetrack.render.lists import lines, records_table

    width = term.width()
    footer = lines(f"{counted(len(records), 'record')} · {ledger.location.progress}", width)
    term.write(records_table(records, width) + [("\n", "")] + footer)


def _run_import(file: Path, rows_of, data_opt, rules) -> None:
    """Read the file, then add its rows; every problem of the file and of its rows in one run."""
    from dataclasses import replace

    from tradetrack.core.problems import InputError
    from tradetrack.files.load import read_bytes

    raw, problems = read_bytes(file)
    if raw is None:
        fail(
            [replace(p, hint="name the file to import") if p.message == "no such file" else p for p in problems],
            writing=True,
        )
    rows, problems = rows_of(str(file), raw)
    if problems and not rules.skip_bad:
        # Still check the readable rows, so the first run shows every problem; then refuse.
        from tradetrack.files.workspace import locate
        from tradetrack.write.progress import Rules, add

        try:
            check = Rules(dry_run=True, new_basis=rules.new_basis, again=rules.again, importer=rules.importer)
            add(locate(data_opt), rows, today(), check)
        except InputError as e:
            problems += e.problems
        except Exception:  # a store problem shows on the real run; the file's problems come first
            pass
        fail(problems, writing=True)
    added = add_rows(rows, data_opt, rules, skipped=problems)
    for line in added.lines:
        print(line)
    verb = "would add" if rules.dry_run else "added"
    done = f"{verb} {counted(len(added.records), 'record')} to {added.location.progress}"
    sys.stderr.write(f"{done}; {len(added.skipped)} already there\n")


@import_app.command("csv")
@grouped
def import_csv(
    file: CsvFileArg,
    layout: CsvLayout = CsvLayout(),
    allowed: ImportRules = ImportRules(),
    workspace: Workspace = Workspace(),
) -> None:
    """Import records from CSV.

    Columns (any record field): commitment, date, source (required, as columns or --set), amount,
    unit, increment (true/false: the amount adds to the earlier total), rate (an observed tariff
    rate, percent), event (done, in-force, lapsed...), basis, measure, standing, note. A date may
    be a month, 2020-03, read as its last day. A unit in the amount column's header, such as
    "(USD millions)", is used when no unit is given. Comma, semicolon, tab or | delimited.
    """
    from tradetrack.sources.csvfile import CSV_COLUMNS, csv_rows, summed_per_date

    mapping = dict(_pairs("--column", layout.column, "OURS=THEIRS with OURS", CSV_COLUMNS))
    constants = _set(layout.set_)

    def rows_of(name: str, raw: bytes):
        rows, problems = csv_rows(name, raw, mapping, constants, layout.decimal_comma)
        return (summed_per_date(rows) if layout.sum_per_date else rows), problems

    _run_import(file, rows_of, workspace.data, allowed.rules(importer="csv"))


@import_app.command("esr")
@grouped
def import_esr(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="JSON saved from the USDA FAS ESR exports endpoint.")],
    commitment: Annotated[str, typer.Option("--commitment", metavar="ID", help="Commitment the figures count toward.")],
    commodity: Annotated[int, typer.Option(metavar="CODE", help="ESR commodity code (801 = soybeans).")] = 801,
    country: Annotated[int, typer.Option(metavar="CODE", help="ESR country code (5700 = China).")] = 5700,
    measure: Annotated[
        str,
        typer.Option(
            metavar="MEASURE",
            help="total-commitment (currentMYTotalCommitment, basis usda-esr) or exports "
            "(accumulatedExports: shipped, basis usda-esr-exports).",
        ),
    ] = "total-commitment",
    allowed: ImportRules = ImportRules(),
    workspace: Workspace = Workspace(),
) -> None:
    """Import USDA Export Sales weeks as cumulative figures (total commitments, or shipped exports)."""
    from tradetrack.sources.esr import ESR_MEASURES, esr_rows

    if measure not in ESR_MEASURES:
        fail_usage("--measure", f"unknown measure {measure!r}", f"one of {', '.join(ESR_MEASURES)}", writing=True)
    _run_import(
        file,
        lambda name, raw: esr_rows(name, raw, commitment, commodity, country, measure),
        workspace.data,
        allowed.rules(),
    )


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to create the workspace.")] = Path("."),
    empty: Annotated[
        bool,
        typer.Option(
            "--empty", help="Start with no commitments (a commented example of each kind) instead of the bundled deal."
        ),
    ] = False,
) -> None:
    """Create a workspace: commitments.yaml (the bundled deal, or empty), progress.jsonl and the schema."""
    from tradetrack.cli.templates import EMPTY
    from tradetrack.files.workspace import bundled_dir
    from tradetrack.write.workspace import init as make

    template = EMPTY.encode() if empty else (bundled_dir() / "commitments.yaml").read_bytes()
    schema = (bundled_dir() / "commitments.schema.json").read_bytes()
    try:
        made = make(directory, template, {"commitments.schema.json": schema})
    except OSError as e:
        fail_usage(str(directory), f"cannot create the workspace ({e.strerror})", writing=True)
    for path in made:
        sys.stderr.write(f"created {path}\n")
