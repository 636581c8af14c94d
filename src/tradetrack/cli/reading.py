"""Commands that read and judge: status, show, report."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tradetrack.cli.common import (
    FailOpt,
    IdArg,
    JsonOpt,
    app,
    emit,
    fail_usage,
    file_named,
    find,
    make_console,
    open_data,
    output_target,
    query_of,
    records_of,
)
from tradetrack.cli.groups import Judging, Selection, Workspace, grouped
from tradetrack.cli.options import (
    REPORT_FORMATS,
    ChartOutputOpt,
    LapsingOpt,
    RecordsOpt,
    ReportFormatOpt,
    ReportOutputOpt,
    SinceOpt,
    SummaryOpt,
)


def _fail_on(rows, query) -> None:
    from tradetrack.judge.query import failing
    from tradetrack.render import words

    hit = failing(rows, query)
    if hit:
        sys.stderr.write("--fail-on: " + ", ".join(f"{v.commitment.id} {words.status(v)}" for v in hit) + "\n")
        raise typer.Exit(1)


def _data_name(location) -> str:
    """Which data a title names: a workspace by its path and why it was chosen; the bundled
    data by name (its path is inside the installed package; `tradetrack where` prints it)."""
    return "the bundled data" if location.bundled else f"{location.commitments} ({location.origin})"


def _status_json(ledger, query, rows, judged: dict) -> None:
    from tradetrack.render.jsonout import dumps, verdict

    checked = ledger.settings.checked
    out = {"as_of": query.as_of.isoformat(), "data": str(ledger.location.commitments)}
    out |= {"origin": ledger.location.origin, **judged, "checked": checked.isoformat() if checked else None}
    print(dumps(out | {"commitments": [verdict(v) for v in rows]}))


def _status_text(ledger, query, rows, judged: dict) -> None:
    from tradetrack.render import term, words
    from tradetrack.render.lists import status_table, summary_line

    title = [
        f"Commitments as of {query.as_of} · {_data_name(ledger.location)}"
        + words.checked_title(ledger.settings.checked, query.as_of),
        f"{words.judged_kinds(rows)} {words.basis_title(judged)}",
    ]
    width = term.width()
    term.write(status_table(rows, title, width) + [("\n", "")] + summary_line(rows, width))


@app.command()
@grouped
def status(
    selection: Selection,
    lapsing: LapsingOpt = None,
    fail_on: FailOpt = None,
    json_out: JsonOpt = False,
    workspace: Workspace = Workspace(),
) -> None:
    """Show every commitment and its status as of a day."""
    from tradetrack.judge.query import select
    from tradetrack.render import fields

    ledger = open_data(workspace.data)
    query = query_of(ledger, selection, fail_on=fail_on, lapsing=lapsing)
    rows = select(ledger, query)
    judged = fields.judged(rows, query.basis, ledger.settings.default_basis)
    if json_out:
        _status_json(ledger, query, rows, judged)
    else:
        _status_text(ledger, query, rows, judged)
    _fail_on(rows, query)


@app.command()
@grouped
def show(
    commitment_id: IdArg,
    judging: Judging,
    json_out: JsonOpt = False,
    workspace: Workspace = Workspace(),
) -> None:
    """Show one commitment in full: terms, amendments, history, projection and a chart."""
    from tradetrack.judge.verdict import judge, scope_of
    from tradetrack.render import words

    ledger = open_data(workspace.data)
    c = find(ledger, commitment_id)
    query = query_of(ledger, judging, commitment=c)
    v = judge(c, scope_of(ledger, query.basis), query.as_of)
    records = records_of(ledger, c.id, upto=query.as_of)
    facts = ledger.facts.get(c.id)
    if facts is not None and facts.superseded:
        by = dict(facts.superseded)
        records = [words.superseded(r, by.get(r.line)) for r in records]
    from tradetrack.render.moves import timeline_of

    timeline = timeline_of(ledger, c, query, records, lambda: records_of(ledger, upto=query.as_of))
    if json_out:
        from tradetrack.render.jsonout import commitment, dumps, record, verdict

        out = verdict(v)
        out["commitment"] = commitment(c)
        out["records"] = [record(r) for r in records]
        out["timeline"] = timeline
        print(dumps(out))
        return
    from tradetrack.render import term
    from tradetrack.render.card import Addresses, card
    from tradetrack.render.changes import timeline_text

    console, addresses = make_console(), Addresses(term.width())
    console.print(card(v, records, str(ledger.location.progress), term.width(), timeline_text(timeline), addresses))
    for line in addresses.lines():  # whole, past the width if need be: the terminal wraps them
        console.print(line, soft_wrap=True, crop=False, markup=False, highlight=False)


@app.command()
@grouped
def report(
    output: ReportOutputOpt = None,
    fmt: ReportFormatOpt = None,
    *,
    selection: Selection,
    since: SinceOpt = None,
    summary: SummaryOpt = False,
    with_records: RecordsOpt = False,
    workspace: Workspace = Workspace(),
) -> None:
    """Write a compliance report (Markdown by default) to FILE or stdout."""
    from tradetrack.judge.query import by_commitment, select
    from tradetrack.render import fields
    from tradetrack.render.report import render_report, report_format, shows_records

    if fmt is not None and fmt not in REPORT_FORMATS:
        fail_usage("--format", f"unknown format {fmt!r}", f"one of {', '.join(REPORT_FORMATS)}")
    chosen = fmt or report_format(file_named(output))
    if chosen is None:
        fail_usage("--output", f"cannot tell the format of {output}", "use .md, .json, .csv or .html, or --format")
    ledger = open_data(workspace.data)
    target = output_target(output, ledger)
    query = query_of(ledger, selection)
    rows = select(ledger, query)
    judged_on = fields.judged(rows, query.basis, ledger.settings.default_basis)
    records = records_of(ledger, upto=query.as_of, since=since) if shows_records(chosen, summary, with_records) else []
    shown = by_commitment(records)
    text = render_report(ledger, rows, shown, query.as_of, chosen, judged_on, since, summary, with_records)
    emit(text, target, f"wrote {output} ({chosen})")


@app.command()
@grouped
def chart(
    commitment_id: IdArg,
    output: ChartOutputOpt,
    judging: Judging,
    workspace: Workspace = Workspace(),
) -> None:
    """Draw one purchase's cumulative figures against its expected path and target, for a memo."""
    from tradetrack.judge.verdict import judge, scope_of
    from tradetrack.render.svg import purchase_chart
    from tradetrack.write.output import check_target, write_output

    kind = Path(output).suffix.lower()
    if kind not in (".svg", ".png"):
        fail_usage("--output", f"cannot tell the format of {output}", "name a .svg or .png file", writing=True)
    ledger = open_data(workspace.data)
    c = find(ledger, commitment_id)
    from tradetrack.core.status import AMOUNT_KINDS, a_kind

    if c.kind not in AMOUNT_KINDS:
        fail_usage(
            "<id>",
            f"{c.id} is {a_kind(c.kind)}: only purchases and investments have figures to draw",
            f"`tradetrack show {c.id}` describes any commitment",
        )
    target, problem = check_target(Path(output), ledger.location)
    if problem or target is None:
        fail_usage(*(problem or ("--output", "cannot write there", "name a file")), writing=True)
    query = query_of(ledger, judging, commitment=c)
    v = judge(c, scope_of(ledger, query.basis), query.as_of)
    picture = purchase_chart(v).encode("utf-8", "backslashreplace")
    if kind == ".png":
        try:
            import cairosvg  # rasterises the very SVG the report shows
        except (ImportError, OSError) as e:
            fail_usage(
                "--output",
                f"PNG needs the cairo library, which could not be loaded ({e})",
                "install it (Debian: apt-get install libcairo2), or write an .svg",
                writing=True,
            )
        picture = cairosvg.svg2png(bytestring=picture, output_width=1280)
    write_output(target, picture)
    sys.stderr.write(f"wrote {output}\n")
