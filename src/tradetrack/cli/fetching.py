"""tradetrack fetch: new figures from the published series the commitments name."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from typing import Annotated, Any

import typer

from tradetrack.cli.common import (
    _complete_fetchable,
    app,
    fail,
    fail_usage,
    find,
    make_console,
    open_data,
    problem_text,
    today,
)
from tradetrack.cli.groups import Workspace, grouped
from tradetrack.cli.options import FetchRules, FetchSinceOpt
from tradetrack.cli.writing import add_rows
from tradetrack.core.text import counted, inert

FEW = 3  # more requests than this get a progress bar (on a terminal)


@app.command()
@grouped
def fetch(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Only these commitments (a recurring one's id takes all its years); default: all.",
            autocompletion=_complete_fetchable,
        ),
    ] = None,
    since: FetchSinceOpt = None,
    allowed: FetchRules = FetchRules(),
    workspace: Workspace = Workspace(),
) -> None:
    """Fetch new figures from the USDA export-sales and Census trade APIs for the commitments
    that name a `series:`, and append them like `progress add` (a second fetch adds nothing;
    a changed figure is added as a revision). Keys (both required): TRADETRACK_ESR_KEY (an
    api.data.gov key), TRADETRACK_CENSUS_KEY, or [keys] in ~/.config/tradetrack/config.toml."""
    from tradetrack.facts import cache

    data_opt = workspace.data
    ledger = open_data(data_opt)
    client, jobs = _prepare(ledger, ids or [], allowed.offline)
    results, failures = _run(client, jobs)
    client.close()
    for request, when in client.cached:
        sys.stderr.write(f"from the cache (fetched {when}): {inert(request.label(), one_line=True)}\n")
    if failures and not allowed.keep_going:
        fail(failures, writing=True)

    def fresh(current) -> list:
        """The rows, against the records as they are under the write's lock: a concurrent fetch
        or add has already recorded what it recorded, and revisions name its lines."""
        records, _ = cache.records(current)
        known = {(r.commitment, r.basis, r.date): (r.amount, r.unit, r.line) for r in records if r.amount is not None}
        return [row for job, result in results for row in rows_of(job, result, known, since)]

    rules = allowed.rules(fresh)
    if allowed.keep_going:
        results, failures = _drop_refused(results, failures, data_opt, rules)
    found = fresh(ledger)
    _report(results, found)
    _write(found, data_opt, rules)
    if failures:
        _fail_some(failures, bool(results))


def _prepare(ledger, ids: list[str], offline: bool):
    """The client and the jobs of the commitments chosen, planned on the terms in force today
    (an amended due date moves the period's end); a missing key is said once, before any
    request."""
    from tradetrack.judge.terms import terms_on
    from tradetrack.sources.fetch import Client, keys, missing_key, plan, sources_of

    chosen = _select(ledger, ids)
    day = today()
    # a FetchError raised here (a bad key file, a missing key) is reported by the root handler
    jobs = plan(chosen, day, lambda c: terms_on(c, day).due)
    if not jobs:
        fail_usage(
            "<id>" if ids else "data",
            "no commitment " + ("named" if ids else "in the data") + " has a published series to fetch",
            "add `series:` to a purchase (README: Fetching figures)",
        )
    client = Client(keys(), offline=offline)
    for source in sources_of(jobs):
        if not offline and not client.keys[source]:
            raise missing_key(source)
    return client, jobs


def _write(found, data_opt, rules) -> None:
    """Append the new rows as `progress add` does, rechecked under the lock (rules.recompute)."""
    if not found:
        sys.stderr.write("nothing new\n")
        return
    added = add_rows(found, data_opt, rules)
    for line in added.lines:
        print(line)
    verb = "would add" if rules.dry_run else "added"
    sys.stderr.write(f"{verb} {counted(len(added.records), 'record')} to {added.location.progress}\n")


def _fail_some(failures, others: bool) -> None:
    """--keep-going's end: each failure, how many, exit 1."""
    for p in failures:
        sys.stderr.write(problem_text(p) + "\n")
    tail = "; the others were added" if others else ""
    sys.stderr.write(f"{counted(len(failures), 'series', 'series')} failed{tail}\n")
    raise typer.Exit(1)


def rows_of(job, result, known, since_day):
    from tradetrack.sources.fetch import rows

    return rows(job, result, known, since_day)


def _run(client, jobs) -> tuple[list, list]:
    """Each job's requests and totals; a job that fails is a problem naming it. A spent quota
    stops its source at once (the client refuses further requests to it)."""
    from tradetrack.core.problems import Problem
    from tradetrack.sources.fetch import FetchError, ShapeError, shape, totals

    results, failures = [], []
    with _progress(sum(len(j.requests) for j in jobs)) as advance:
        for job in jobs:
            try:
                answers = []
                for request in job.requests:
                    answers.append(client.get(request, shape(request)))
                    advance()
                results.append((job, totals(job, answers)))
            except FetchError as e:
                failures.append(Problem(f"fetch {job.describe()}", 0, 0, e.message, e.hint, code="fetch"))
            except ShapeError as e:
                failures.append(
                    Problem(
                        f"fetch {job.describe()}",
                        0,
                        0,
                        f"the answer is not shaped as the API documents: {e}",
                        "the API may have changed; nothing from this series was used or cached",
                        code="fetch",
                    )
                )
    return results, failures


def _drop_refused(results, failures, data_opt, rules) -> tuple[list, list]:
    """--keep-going covers the add too: a series whose rows the add would refuse (an
    inconsistency with the records, say) is listed as failed and the others go ahead."""
    from tradetrack.core.problems import InputError
    from tradetrack.files.workspace import locate
    from tradetrack.write.progress import add

    try:  # a trial of the add: nothing written, and every refused row returned
        _, bad = add(locate(data_opt), [], today(), replace(rules, dry_run=True, skip_bad=True))
    except InputError as e:
        bad = e.problems
    refused = {p.file for p in bad}
    if not refused:
        return results, failures
    kept = [(job, r) for job, r in results if f"fetch {job.describe()}" not in refused]
    first = {p.file: p for p in reversed(bad)}  # one problem per series (its first), as each failed once
    return kept, failures + [first[f] for f in dict.fromkeys(p.file for p in bad)]


def _report(results, found) -> None:
    new: dict[str, list] = {}
    for fields, (where, _) in found:
        new.setdefault(where, []).append(fields)
    for job, result in results:
        mine = new.get(f"fetch {job.describe()}", [])
        revised = sum(1 for f in mine if f["note"].startswith("revises"))
        sys.stderr.write(
            f"{job.describe()}: {counted(len(result.figures), 'figure')}, {len(mine) - revised} new"
            + (f", {revised} revised" if revised else "")
            + "\n"
        )
        for said in result.said:
            sys.stderr.write(f"{job.describe()}: {inert(said, one_line=True)}\n")


def _select(ledger, ids: list[str]) -> list:
    """The commitments named (a recurring commitment's id names all its periods), or all."""
    if not ids:
        return list(ledger.commitments)
    chosen = []
    for cid in ids:
        matched = [c for c in ledger.commitments if c.id == cid or re.fullmatch(re.escape(cid) + r"-\d{4}", c.id)]
        if not matched:
            find(ledger, cid)  # says it is unknown, with a suggestion
        chosen += [c for c in matched if c not in chosen]
    return chosen


class _progress:
    """A Rich progress bar on stderr when there are more than a few requests and stderr is a
    terminal; otherwise silent."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self):
        if self.total > FEW and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=make_console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("fetching", total=self.total)
        return self.advance

    def advance(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
