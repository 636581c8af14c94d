"""Commands that publish what moved: changes (terminal, JSON, Markdown, Atom) and site."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from tradetrack.cli.common import (
    AsOfOpt,
    BasisOpt,
    DataOpt,
    DealOpt,
    FailOpt,
    JsonOpt,
    KindOpt,
    PartyOpt,
    StatusOpt,
    TagOpt,
    app,
    data_of,
    emit,
    fail_usage,
    open_data,
    parse_day,
    query_of,
    records_of,
)
from tradetrack.cli.options import ChangeFormatOpt, ChangesOutputOpt, SiteOutputOpt, WindowEndOpt, WindowStartOpt

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


def change_rows(ledger, query, since: date) -> tuple[list, list[dict]]:
    """The changes the query asks for in [since, query.as_of], and their rows (words, sources)."""
    from tradetrack.judge.changes import changes
    from tradetrack.judge.query import chosen
    from tradetrack.judge.verdict import scope_of
    from tradetrack.render.changes import records_by_day, rows, wanted

    found = changes(chosen(ledger, query), scope_of(ledger, query.basis), since, query.as_of)
    if query.only:
        found = [ch for ch in found if query.only(ch.before) or query.only(ch.after)]
    keys = wanted(found)
    ids = {cid for cid, _ in keys}
    # The records are read only when a cause names one, and only one commitment's if one does.
    records = records_by_day(records_of(ledger, next(iter(ids)) if len(ids) == 1 else None), keys) if keys else {}
    return found, rows(found, {c.id: c for c in ledger.commitments}, records)


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

    head = f"{title} · {len(rows)} change{'s' if len(rows) != 1 else ''}"
    pieces = terminal(rows, head, term.width() if to_terminal else 100)
    if to_terminal:
        term.write(pieces)
    return "".join(t for t, _ in pieces)


@app.command()
def changes(
    ctx: typer.Context,
    since: WindowStartOpt,
    until: WindowEndOpt = None,
    as_of: AsOfOpt = None,
    deal: DealOpt = None,
    party: PartyOpt = None,
    kind: KindOpt = None,
    tag: TagOpt = None,
    only: StatusOpt = None,
    basis: BasisOpt = None,
    fail_on: FailOpt = None,
    fmt: ChangeFormatOpt = None,
    output: ChangesOutputOpt = None,
    json_out: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """List every commitment whose verdict changed in a window, and the dated fact that moved it."""
    chosen_fmt = "json" if json_out else fmt or "text"
    if chosen_fmt not in CHANGE_FORMATS:
        fail_usage("--format", f"unknown format {chosen_fmt!r}", f"one of {', '.join(CHANGE_FORMATS)}")
    start = parse_day(since)
    end = _window(start, parse_day(until), as_of)
    ledger = open_data(data_of(ctx, data))
    target = output_target(output, ledger)
    query = query_of(
        ledger, end, basis=basis, deal=deal, party=party, kind=kind, tags=tag or (), only=only, fail_on=fail_on
    )
    found, rows = change_rows(ledger, query, start)
    text = _changes_text(chosen_fmt, rows, start, query, to_terminal=target is None)
    if target is not None or chosen_fmt != "text":
        emit(text, target, f"wrote {output}")
    hit = [ch for ch in found if query.fail_on and query.fail_on(ch.after)]
    if hit:
        sys.stderr.write("--fail-on: " + ", ".join(f"{ch.commitment.id} {ch.after.status}" for ch in hit) + "\n")
        raise typer.Exit(1)


def output_target(output: str | None, ledger) -> Path | None:
    """Where -o sends a command's text: None for stdout (no -o, `-` or /dev/stdout), else the
    checked file (refused at once, before any work, when it cannot be written)."""
    if output in (None, "-", "/dev/stdout"):
        return None
    from tradetrack.write.output import check_target

    target, problem = check_target(Path(output), ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    return target


def timeline_of(ledger, c, query, records) -> list[dict]:
    """c's timeline up to the query's day (`records`: c's own; a roll-up reads its parts' too)."""
    from tradetrack.judge.changes import timeline
    from tradetrack.judge.verdict import scope_of
    from tradetrack.render.changes import records_by_day, timeline_rows

    first, found = timeline(c, scope_of(ledger, query.basis), query.as_of)
    if getattr(c, "parts", None):
        records = records_of(ledger, upto=query.as_of)
    return timeline_rows(first, found, {x.id: x for x in ledger.commitments}, records_by_day(records))


@app.command()
def site(
    ctx: typer.Context,
    output: SiteOutputOpt,
    as_of: AsOfOpt = None,
    basis: BasisOpt = None,
    data: DataOpt = None,
) -> None:
    """Write a static tracker site: overview, a page per deal and per commitment, changes, an Atom feed."""
    from tradetrack.judge.changes import timeline
    from tradetrack.judge.query import by_commitment
    from tradetrack.judge.verdict import judge, scope_of
    from tradetrack.render.changes import records_by_day, rows, timeline_rows
    from tradetrack.render.site import site as render_site
    from tradetrack.write.sitedir import check_dir, check_files, write_files

    ledger = open_data(data_of(ctx, data))
    root = Path(output)
    problem = check_dir(root, ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    query = query_of(ledger, as_of, basis=basis)
    scope = scope_of(ledger, query.basis)
    records = records_of(ledger, upto=query.as_of)
    by_day = records_by_day(records)
    by_id = {c.id: c for c in ledger.commitments}
    verdicts, timelines, found = [], {}, []
    for c in ledger.commitments:
        verdicts.append(judge(c, scope, query.as_of))
        first, changed = timeline(c, scope, query.as_of)
        timelines[c.id] = timeline_rows(first, changed, by_id, by_day)
        found += changed
    found.sort(key=lambda ch: ch.day)  # stable: file order within a day
    own = by_commitment(records)
    name = "the bundled data" if ledger.location.bundled else str(ledger.location.commitments)
    pages = render_site(verdicts, ledger.deals, own, timelines, rows(found, by_id, by_day), query.as_of, name)
    problem = check_files(root, pages, ledger.location)
    if problem:
        fail_usage(*problem, writing=True)
    write_files(root, {k: v.encode("utf-8") for k, v in pages.items()})
    sys.stderr.write(f"wrote {len(pages)} files into {output}\n")
