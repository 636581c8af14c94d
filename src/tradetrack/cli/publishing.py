"""Commands that publish what moved: changes (terminal, JSON, Markdown, Atom) and site."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import typer

from tradetrack.cli.common import (
    FailOpt,
    JsonOpt,
    app,
    emit,
    fail_usage,
    open_data,
    output_target,
    query_of,
    records_of,
)
from tradetrack.cli.groups import Judging, Selection, Workspace, grouped
from tradetrack.cli.options import ChangeFormatOpt, ChangesOutputOpt, SiteOutputOpt, WindowEndOpt, WindowStartOpt
from tradetrack.core.text import counted

CHANGE_FORMATS = ("text", "json", "md", "atom")


def _window(since: date, until: date | None, as_of: date | None) -> date | None:
    if until is not None and as_of is not None and until != as_of:
        fail_usage("--until", f"--until {until} and --as-of {as_of} name different days", "give one of them")
    end = until or as_of
    if end is not None and end < since:
        fail_usage("--since", f"--since {since} is after the end of the window ({end})", "swap the two dates")
    return end


def _feed_key(query) -> str:
    """What a feed's id is made of: the selection, so two feeds of different selections differ."""
    parts = [f"{k}={v}" for k, v in (("deal", query.deal), ("party", query.party), ("kind", query.kind)) if v]
    parts += [f"tag={t}" for t in sorted(query.tags)]
    parts += [f"status={s}" for s in sorted(query.only.statuses | query.only.qualifiers)]
    return ";".join(parts) or "all"


def _changes_text(chosen_fmt: str, rows: list[dict], start: date, query, to_terminal: bool) -> str:
    """The changes in the chosen format; text meant for the terminal is written there as well
    (in colour, at its width), and the same text goes at 100 columns into a file."""
    from tradetrack.render import atom
    from tradetrack.render.changes import markdown, terminal
    from tradetrack.render.jsonout import dumps

    title = f"Changes of verdicts from {start} to {query.as_of}"
    if chosen_fmt == "json":
        return dumps({"since": start.isoformat(), "until": query.as_of.isoformat(), "changes": rows}) + "\n"
    if chosen_fmt == "md":
        return markdown(rows, title)
    if chosen_fmt == "atom":
        return atom.feed(rows, title, query.as_of.isoformat(), _feed_key(query))
    from tradetrack.render import term

    head = f"{title} · {counted(len(rows), 'change')}"
    pieces = terminal(rows, head, term.width() if to_terminal else 100)
    if to_terminal:
        term.write(pieces)
    return "".join(t for t, _ in pieces)


@app.command()
@grouped
def changes(
    since: WindowStartOpt,
    until: WindowEndOpt = None,
    *,
    selection: Selection,
    fail_on: FailOpt = None,
    fmt: ChangeFormatOpt = None,
    output: ChangesOutputOpt = None,
    json_out: JsonOpt = False,
    workspace: Workspace = Workspace(),
) -> None:
    """List every commitment whose verdict changed in a window, and the dated fact that moved it."""
    chosen_fmt = "json" if json_out else fmt or "text"
    if chosen_fmt not in CHANGE_FORMATS:
        fail_usage("--format", f"unknown format {chosen_fmt!r}", f"one of {', '.join(CHANGE_FORMATS)}")
    end = _window(since, until, selection.as_of)
    ledger = open_data(workspace.data)
    target = output_target(output, ledger)
    query = query_of(ledger, replace(selection, as_of=end), fail_on=fail_on)
    from tradetrack.render.moves import change_rows

    found, rows = change_rows(ledger, query, since, lambda cid: records_of(ledger, cid))
    text = _changes_text(chosen_fmt, rows, since, query, to_terminal=target is None)
    if target is not None or chosen_fmt != "text":
        emit(text, target, f"wrote {output}")
    hit = [ch for ch in found if query.fail_on and query.fail_on(ch.after)]
    if hit:
        sys.stderr.write("--fail-on: " + ", ".join(f"{ch.commitment.id} {ch.after.status}" for ch in hit) + "\n")
        raise typer.Exit(1)


@app.command()
@grouped
def site(
    output: SiteOutputOpt,
    judging: Judging,
    workspace: Workspace = Workspace(),
) -> None:
    """Write a static tracker site: overview, a page per deal and per commitment, changes, an Atom feed."""
    from tradetrack.render.moves import site_pages
    from tradetrack.write.sitedir import check_dir, check_files, write_files

    ledger = open_data(workspace.data)
    root = Path(output)
    problem = check_dir(root, ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    query = query_of(ledger, judging)
    pages = site_pages(ledger, query, records_of(ledger, upto=query.as_of))
    problem = check_files(root, pages, ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    write_files(root, {k: v.encode("utf-8", "backslashreplace") for k, v in pages.items()})
    sys.stderr.write(f"wrote {len(pages)} files into {output}\n")
