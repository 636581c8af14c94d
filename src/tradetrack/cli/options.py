"""The options of single commands, declared once by name so each command's signature reads as
its list of options (the options every command shares live in common.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tradetrack.cli.common import (
    _complete_bases,
    _complete_events,
    _complete_standings,
    _complete_units,
    choices,
    listed,
    parse_day,
)

REPORT_FORMATS = ("md", "json", "csv", "html")

# status
LapsingOpt = Annotated[
    int | None,
    typer.Option(
        metavar="DAYS",
        min=0,
        max=36500,
        help="The lapse radar: suspensions that end within DAYS, or ended in the "
        "last DAYS (on either date when an extension is only reported).",
    ),
]

# report
ReportOutputOpt = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write to FILE (a regular file; - for stdout); its extension (.md .json .csv .html) picks the format.",
    ),
]
ReportFormatOpt = Annotated[
    str | None, listed("--format", choices(*REPORT_FORMATS), "md, json, csv or html; overrides the extension.")
]
SinceOpt = Annotated[
    date | None,
    typer.Option(parser=parse_day, metavar="DATE", help="History sections show records from this day (YYYY-MM-DD) on."),
]
SummaryOpt = Annotated[bool, typer.Option("--summary", help="The summary table only, no sections.")]
RecordsOpt = Annotated[
    bool, typer.Option("--records", help="CSV: one row per progress record instead of per commitment.")
]

# chart and site
ChartOutputOpt = Annotated[
    str,
    typer.Option(
        "-o", "--output", metavar="FILE", help="Write to FILE: .svg or .png (the same picture as in the HTML report)."
    ),
]
SiteOutputOpt = Annotated[
    str,
    typer.Option(
        "-o",
        "--output",
        metavar="DIR",
        help="Write the site into DIR (created if missing; its files are replaced, others left alone).",
    ),
]

# changes
WindowStartOpt = Annotated[
    date, typer.Option("--since", parser=parse_day, metavar="DATE", help="The first day of the window (YYYY-MM-DD).")
]
WindowEndOpt = Annotated[
    date | None,
    typer.Option(
        "--until",
        parser=parse_day,
        metavar="DATE",
        help="The last day of the window (default: --as-of, else today).",
    ),
]
ChangeFormatOpt = Annotated[
    str | None, typer.Option("--format", metavar="FORMAT", help="text, json, md or atom (an Atom feed).")
]
ChangesOutputOpt = Annotated[
    str | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (a regular file) instead of stdout."),
]

# fetch
FetchSinceOpt = Annotated[
    date | None,
    typer.Option(
        "--since", parser=parse_day, metavar="DATE", help="Add only figures dated on or after DATE (YYYY-MM-DD)."
    ),
]
KeepGoingOpt = Annotated[
    bool,
    typer.Option("--keep-going", help="Add what the other series gave when one fails; list the failures and exit 1."),
]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="Use cached answers only; make no request.")]

# progress add, and the imports
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Add the good rows even if some are bad.")]
NewBasisOpt = Annotated[
    bool,
    typer.Option(
        "--new-basis", help="The basis is new to the data (without this, an unknown basis is taken for a typo)."
    ),
]
DateOpt = Annotated[
    date, typer.Option("--date", parser=parse_day, metavar="DATE", help="The day the figure is as of (YYYY-MM-DD).")
]
SourceOpt = Annotated[str, typer.Option(metavar="SOURCE", help="Where the figure was published (address or title).")]
AmountOpt = Annotated[float | None, typer.Option(metavar="NUMBER", help="Amount bought to date (or --increment).")]
UnitOpt = Annotated[
    str | None, listed("--unit", _complete_units, "Unit of --amount: t, kt, Mt, MMT, lb, bu, USD, bnUSD...")
]
IncrementOpt = Annotated[bool, typer.Option("--increment", help="The amount adds to the earlier total.")]
RateOpt = Annotated[float | None, typer.Option(metavar="PERCENT", help="Observed tariff rate, percent.")]
EventOpt = Annotated[
    str | None,
    listed(
        "--event",
        _complete_events,
        "An event: in-force, lapsed, reinstated, extended, partial, done, implemented, reversed.",
    ),
]
RecordBasisOpt = Annotated[
    str | None, listed("--basis", _complete_bases, "Basis, e.g. usda-esr, official, trade-estimate.")
]
MeasureOpt = Annotated[
    str | None,
    typer.Option(metavar="MEASURE", help="What the figure measures when its basis publishes several, e.g. shipped."),
]
StandingOpt = Annotated[
    str | None,
    listed("--standing", _complete_standings, "How firm the figure is: confirmed (default), reported, stated."),
]
NoteOpt = Annotated[str | None, typer.Option(metavar="NOTE", help="A note for readers.")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="FIELD=VALUE", help="Any other field of the record (repeatable)."),
]
AgainOpt = Annotated[
    bool,
    typer.Option(
        "--again", help="An increment identical to one recorded is another figure (a second sale of the same size)."
    ),
]
AddDryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate and show the record; write nothing.")]

# import csv
CsvFileArg = Annotated[Path, typer.Argument(metavar="FILE", help="CSV file with a header row.")]
ColumnOpt = Annotated[
    list[str] | None,
    typer.Option(metavar="OURS=THEIRS", help="Read our column OURS from the file's column THEIRS (repeatable)."),
]
ConstantsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="FIELD=VALUE",
        help="One value of FIELD for every row, e.g. --set unit=MUSD "
        "--set commitment=ID --set source=URL (repeatable).",
    ),
]
DecimalCommaOpt = Annotated[
    bool,
    typer.Option(
        "--decimal-comma",
        help="Numbers use a decimal comma (1.234,5); otherwise a comma between digits that could be either is refused.",
    ),
]
SumPerDateOpt = Annotated[
    bool,
    typer.Option(
        "--sum-per-date",
        help="Rows that differ only in their amount are parts of one figure (a row per HS code "
        "per month, as Census gives): add them up.",
    ),
]


# --- groups of single commands' options (spliced by cli/groups.grouped) ---------------------


@dataclass(frozen=True)
class Figure:
    """What a record says, as progress add's options: each field is the record field of its name."""

    amount: AmountOpt = None
    unit: UnitOpt = None
    increment: IncrementOpt = False
    rate: RateOpt = None
    event: EventOpt = None
    basis: RecordBasisOpt = None
    measure: MeasureOpt = None
    standing: StandingOpt = None
    note: NoteOpt = None

    def given(self) -> dict:
        """The record fields given: an option left out (or no --increment) is no field."""
        return {k: v for k, v in asdict(self).items() if v is not None and v is not False}


@dataclass(frozen=True)
class AddRules:
    """What progress add allows beyond the defaults (write/record.Rules)."""

    new_basis: NewBasisOpt = False
    again: AgainOpt = False
    dry_run: AddDryRunOpt = False

    def rules(self):
        from tradetrack.write.progress import Rules

        return Rules(dry_run=self.dry_run, new_basis=self.new_basis, again=self.again)


@dataclass(frozen=True)
class CsvLayout:
    """How import csv reads its file: which columns are ours, values for every row, the decimal
    mark, and whether rows of one date are parts of one figure."""

    column: ColumnOpt = None
    set_: ConstantsOpt = None
    decimal_comma: DecimalCommaOpt = False
    sum_per_date: SumPerDateOpt = False


@dataclass(frozen=True)
class ImportRules:
    """What import csv and import esr allow beyond the defaults (write/record.Rules)."""

    dry_run: DryRunOpt = False
    skip_bad: SkipBadOpt = False
    new_basis: NewBasisOpt = False

    def rules(self, importer: str | None = None):
        from tradetrack.write.progress import Rules

        return Rules(dry_run=self.dry_run, skip_bad=self.skip_bad, new_basis=self.new_basis, importer=importer)


@dataclass(frozen=True)
class FetchRules:
    """What fetch allows beyond the defaults: a dry run, going on past a failed series, the
    cache only."""

    dry_run: DryRunOpt = False
    keep_going: KeepGoingOpt = False
    offline: OfflineOpt = False

    def rules(self, fresh):
        """The add's rules (write/record.Rules): a series' basis is its own, new to the data or
        not, and the rows are made again under the lock by fresh."""
        from tradetrack.write.progress import Rules

        return Rules(dry_run=self.dry_run, new_basis=True, recompute=fresh, importer="fetch")
