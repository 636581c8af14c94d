"""The command line: thin Typer commands over load -> assess -> render.

Imports of the heavy modules (pydantic, yaml, rich) happen inside the commands, so `--help`
and each command pay only for what they use.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Track whether the parties to a trade deal keep their commitments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
progress_app = typer.Typer(help="Add and list progress records.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")


def _day(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD, e.g. 2026-11-27") from None


DataOpt = Annotated[Optional[str], typer.Option(
    "--data", metavar="PATH", help="Commitments file, or the directory holding it. "
    "Default: $TRADETRACK_DATA, ./commitments.yaml, ./data/commitments.yaml, the user data directory, the bundled data.")]
AsOfOpt = Annotated[Optional[date], typer.Option(
    "--as-of", parser=_day, metavar="YYYY-MM-DD", help="Judge as of this day instead of today.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON and nothing else.")]
BasisOpt = Annotated[Optional[str], typer.Option("--basis", metavar="BASIS", help="Assess purchases on this basis (default: the data's).")]


class Kind(str, Enum):
    purchase = "purchase"
    suspension = "suspension"
    tariff = "tariff"
    action = "action"


class Format(str, Enum):
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"


def fail(problems) -> None:
    """Report problems on stderr and exit 2."""
    for p in problems:
        sys.stderr.write(p.format() + "\n")
    n = len(problems)
    sys.stderr.write(f"{n} problem{'s' if n != 1 else ''} found; nothing was written\n")
    raise typer.Exit(2)


def store_failed(e) -> None:
    sys.stderr.write(f"error: {e}\n" + (f"  hint: {e.hint}\n" if e.hint else ""))
    raise typer.Exit(2)


def make_console(stderr: bool = False):
    # Created per command, not at import, so NO_COLOR, COLUMNS and test settings apply.
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def open_data(data_opt: Optional[str]):
    from tradetrack.facts.cache import open_ledger
    from tradetrack.files.workspace import locate

    ledger, problems = open_ledger(locate(data_opt))
    if ledger is None:
        fail(problems)
    return ledger


def _split(values: Optional[list[str]]) -> set[str]:
    return {v.strip() for value in values or [] for v in value.split(",") if v.strip()}


@app.command()
def status(
    as_of: AsOfOpt = None,
    deal: Annotated[Optional[str], typer.Option(metavar="DEAL", help="Only this deal.")] = None,
    party: Annotated[Optional[str], typer.Option(metavar="PARTY", help="Only commitments of this party, e.g. CN.")] = None,
    kind: Annotated[Optional[Kind], typer.Option(help="Only this kind.", case_sensitive=False)] = None,
    only: Annotated[Optional[list[str]], typer.Option(
        "--status", metavar="STATUS[,STATUS]", help="Only these statuses (comma-separated or repeated), e.g. behind,missed.")] = None,
    basis: BasisOpt = None,
    lapsing: Annotated[Optional[int], typer.Option(
        metavar="DAYS", min=0, help="Only what ends within DAYS, or ended in the last DAYS.")] = None,
    fail_on: Annotated[Optional[list[str]], typer.Option(
        "--fail-on", metavar="STATUS[,STATUS]", help="Exit 1 if any commitment shown has one of these statuses.")] = None,
    json_out: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Show every commitment and its status as of a day."""
    from tradetrack.judge.query import select
    from tradetrack.judge.verdict import STATUSES

    wanted, failing = _split(only), _split(fail_on)
    for name in wanted | failing:
        if name not in STATUSES:
            raise typer.BadParameter(f"unknown status {name!r}; statuses: {', '.join(STATUSES)}")
    loaded = open_data(data)
    day = as_of or date.today()
    rows = select(loaded, day, basis=basis, deal=deal, party=party, kind=kind.value if kind else None,
                  statuses=wanted, lapsing=lapsing)
    if json_out:
        from tradetrack.render.jsonout import assessment, dumps

        print(dumps({"as_of": day.isoformat(), "data": str(loaded.location.commitments),
                     "origin": loaded.location.origin, "commitments": [assessment(a) for a in rows]}))
    else:
        from tradetrack.render import term
        from tradetrack.render.lists import status_table, summary_line

        title = f"Commitments as of {day} · {loaded.location.commitments} ({loaded.location.origin})"
        term.write(status_table(rows, title, term.width()) + [("\n", "")] + summary_line(rows))
    if failing and any(a.status in failing for a in rows):
        hit = sorted({a.status for a in rows if a.status in failing})
        sys.stderr.write(f"--fail-on: {', '.join(hit)}\n")
        raise typer.Exit(1)


@app.command()
def show(
    commitment_id: Annotated[str, typer.Argument(metavar="ID", help="The commitment's id.")],
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    json_out: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Show one commitment in full: terms, amendments, history, projection and a chart."""
    from tradetrack.facts.index import facts_for
    from tradetrack.judge.verdict import assess

    loaded = open_data(data)
    c = _find(loaded, commitment_id)
    day = as_of or date.today()
    records = [r for r in _records(loaded, c.id) if r.date <= day]
    a = assess(c, facts_for(c, records), day, loaded.settings, basis)
    if json_out:
        from tradetrack.render.jsonout import assessment, commitment, dumps, record

        out = assessment(a)
        out["commitment"] = commitment(c)
        out["records"] = [record(r) for r in records]
        print(dumps(out))
        return
    from tradetrack.render.card import card

    make_console().print(card(a, records, str(loaded.location.progress)))


def _records(loaded, cid: str | None = None):
    from tradetrack.facts.cache import records

    found, problems = records(loaded, cid)
    if problems:  # the progress file changed since the cached load and is now bad
        fail(problems)
    return list(found)


def _find(loaded, cid: str):
    c = loaded.commitment(cid)
    if c is None:
        import difflib

        ids = [x.id for x in loaded.commitments]
        close = difflib.get_close_matches(cid, ids, n=1)
        sys.stderr.write(f"error: unknown commitment {cid!r}\n  hint: "
                         + (f"did you mean {close[0]!r}?" if close else "`tradetrack status` lists the ids") + "\n")
        raise typer.Exit(2)
    return c


@progress_app.command("add")
def progress_add(
    commitment_id: Annotated[str, typer.Argument(metavar="ID", help="The commitment's id.")],
    on: Annotated[date, typer.Option("--date", parser=_day, metavar="YYYY-MM-DD", help="The day the figure is as of.")],
    source: Annotated[str, typer.Option(help="Where the figure was published (address or title).")],
    amount: Annotated[Optional[float], typer.Option(help="Amount bought to date (or --increment).")] = None,
    unit: Annotated[Optional[str], typer.Option(help="Unit of --amount: t, kt, Mt, MMT, lb, bu, USD...")] = None,
    increment: Annotated[bool, typer.Option("--increment", help="The amount adds to the earlier total.")] = False,
    rate: Annotated[Optional[float], typer.Option(help="Observed tariff rate, percent.")] = None,
    event: Annotated[Optional[str], typer.Option(help="An event: in-force, lapsed, reinstated, partial, done...")] = None,
    basis: Annotated[Optional[str], typer.Option(help="Basis, e.g. usda-esr, official, trade-estimate.")] = None,
    note: Annotated[Optional[str], typer.Option(help="A note for readers.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and show the record; write nothing.")] = False,
    data: DataOpt = None,
) -> None:
    """Add a progress record (validated against the commitment, then appended safely)."""
    fields = {"commitment": commitment_id, "date": on.isoformat(), "amount": amount, "unit": unit,
              "increment": increment or None, "rate": rate, "event": event, "basis": basis,
              "source": source, "note": note}
    added = _add([(fields, ("<command line>", 0))], data, dry_run)
    for line in added.lines:
        print(line)
    for r in added.skipped:
        sys.stderr.write(f"already recorded: {r.commitment} {r.date} ({r.basis}); nothing added\n")
    if added.lines:
        verb = "would add" if dry_run else "added"
        sys.stderr.write(f"{verb} 1 record to {added.location.progress}\n")


def _add(rows, data_opt, dry_run, skip_bad=False):
    from tradetrack.core.problems import InputError
    from tradetrack.files.workspace import locate
    from tradetrack.write.progress import add
    from tradetrack.write.store import StoreError

    try:
        added, bad = add(locate(data_opt), rows, date.today(), dry_run=dry_run, skip_bad=skip_bad)
    except InputError as e:
        fail(e.problems)
    except StoreError as e:
        store_failed(e)
    if added.created:
        sys.stderr.write(added.created + "\n")
    for p in bad:
        sys.stderr.write("skipped: " + p.format() + "\n")
    return added


@progress_app.command("list")
def progress_list(
    commitment_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Only this commitment.")] = None,
    basis: Annotated[Optional[str], typer.Option(metavar="BASIS", help="Only this basis.")] = None,
    json_out: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """List progress records, oldest first."""
    loaded = open_data(data)
    records = _records(loaded, _find(loaded, commitment_id).id if commitment_id else None)
    if basis:
        records = [r for r in records if r.basis == basis]
    records.sort(key=lambda r: (r.date, r.line))
    if json_out:
        from tradetrack.render.jsonout import dumps, record

        print(dumps([record(r) for r in records]))
        return
    from tradetrack.render import term
    from tradetrack.render.lists import records_table

    term.write(records_table(records, term.width()) + [(f"\n{len(records)} records · {loaded.location.progress}\n", "")])


import_app = typer.Typer(help="Import progress records from published data.", no_args_is_help=True)
app.add_typer(import_app, name="import")
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Add the good rows even if some are bad.")]


def _run_import(file: Path, rows_of, data_opt, dry_run: bool, skip_bad: bool) -> None:
    from tradetrack.core.problems import InputError
    from tradetrack.files.load import read_bytes

    raw, problems = read_bytes(file)
    if raw is None:
        fail(problems)
    try:
        rows = rows_of(str(file), raw)
    except InputError as e:
        fail(e.problems)
    added = _add(rows, data_opt, dry_run, skip_bad)
    for line in added.lines:
        print(line)
    verb = "would add" if dry_run else "added"
    sys.stderr.write(f"{verb} {len(added.records)} records to {added.location.progress}; "
                     f"{len(added.skipped)} already there\n")


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row.")],
    column: Annotated[Optional[list[str]], typer.Option(
        metavar="OURS=THEIRS", help="Read our column OURS from the file's column THEIRS (repeatable).")] = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    data: DataOpt = None,
) -> None:
    """Import records from CSV: commitment, date, amount, unit, basis, source, note."""
    from tradetrack.sources.importers import CSV_COLUMNS, csv_rows

    mapping = {}
    for item in column or []:
        ours, sep, theirs = item.partition("=")
        if not sep or ours not in CSV_COLUMNS:
            raise typer.BadParameter(f"{item!r}: write OURS=THEIRS with OURS one of {', '.join(CSV_COLUMNS)}")
        mapping[ours] = theirs
    _run_import(file, lambda name, raw: csv_rows(name, raw, mapping), data, dry_run, skip_bad)


@import_app.command("esr")
def import_esr(
    file: Annotated[Path, typer.Argument(help="JSON saved from the USDA FAS ESR exports endpoint.")],
    commitment: Annotated[str, typer.Option("--commitment", metavar="ID", help="Commitment the figures count toward.")],
    commodity: Annotated[int, typer.Option(help="ESR commodity code (801 = soybeans).")] = 801,
    country: Annotated[int, typer.Option(help="ESR country code (5700 = China).")] = 5700,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    data: DataOpt = None,
) -> None:
    """Import USDA Export Sales weeks as cumulative usda-esr figures."""
    from tradetrack.sources.importers import esr_rows

    _run_import(file, lambda name, raw: esr_rows(name, raw, commitment, commodity, country), data, dry_run, skip_bad)


@app.command()
def report(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE",
                                                   help="Write here; the extension (.md .json .csv .html) picks the format.")] = None,
    fmt: Annotated[Optional[Format], typer.Option("--format", help="Output format; overrides the extension.")] = None,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    data: DataOpt = None,
) -> None:
    """Write a compliance report (Markdown by default) to FILE or stdout."""
    from tradetrack.render.report import render_report, report_format

    chosen = fmt.value if fmt else report_format(output)
    if chosen is None:
        raise typer.BadParameter(f"cannot tell the format of {output}: use .md, .json, .csv or .html, or --format")
    loaded = open_data(data)
    day = as_of or date.today()
    text = render_report(loaded, _records(loaded), day, chosen, basis)
    if output is None:
        sys.stdout.write(text)
        return
    from tradetrack.write import store

    try:
        with store.locked(output):
            store.replace(output, text.encode("utf-8"), store.read_or_none(store.real_path(output)))
    except store.StoreError as e:
        store_failed(e)
    sys.stderr.write(f"wrote {output} ({chosen})\n")


@app.command()
def check(json_out: JsonOpt = False, data: DataOpt = None) -> None:
    """Validate the data files: silent and exit 0 when clean, every problem at once otherwise."""
    from tradetrack.facts import consistency
    from tradetrack.facts.cache import open_ledger
    from tradetrack.files.workspace import locate

    ledger, problems = open_ledger(locate(data))
    if ledger is not None:
        problems = consistency.problems(ledger)
    if json_out:
        from tradetrack.render.jsonout import dumps

        print(dumps({"ok": not problems, "problems": [p.as_dict() for p in problems]}))
    elif problems:
        for p in problems:
            sys.stderr.write(p.format() + "\n")
        sys.stderr.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found\n")
    if problems:
        raise typer.Exit(2)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the workspace.")] = Path("."),
    empty: Annotated[bool, typer.Option("--empty", help="Start with no commitments instead of the bundled deal.")] = False,
) -> None:
    """Create a workspace: commitments.yaml (the bundled deal, or empty) and progress.jsonl."""
    from tradetrack.files.workspace import bundled_dir
    from tradetrack.write.progress import init as make
    from tradetrack.write.store import StoreError

    template = EMPTY.encode() if empty else (bundled_dir() / "commitments.yaml").read_bytes()
    try:
        made = make(directory, template)
    except StoreError as e:
        store_failed(e)
    except OSError as e:
        sys.stderr.write(f"error: {directory}: {e.strerror}\n")
        raise typer.Exit(2)
    for path in made:
        sys.stderr.write(f"created {path}\n")


EMPTY = """\
# yaml-language-server: $schema=commitments.schema.json
# Commitments tracked by tradetrack. See the README for the format; `tradetrack check` validates.
version: 1
settings:
  default_basis: official
deals: []
commitments: []
"""


@app.command()
def where(data: DataOpt = None) -> None:
    """Print the data files in use and why they were chosen."""
    from tradetrack.files.workspace import locate

    location = locate(data)
    print(f"commitments: {location.commitments}\nprogress:    {location.progress}\norigin:      {location.origin}")


@app.command()
def schema(
    which: Annotated[str, typer.Argument(help="commitments or progress")] = "commitments",
) -> None:
    """Print the JSON Schema of the commitments file (or of one progress record)."""
    from tradetrack.files.schema import json_schema

    if which not in ("commitments", "progress"):
        raise typer.BadParameter("choose commitments or progress")
    print(json_schema(which))


def main() -> None:
    app()
