"""What moved, ready to render: the rows of `changes`, the timeline of `show` and the pages of
`site`. Records come in from the caller (the cli reads them and stops on a bad progress file),
as a function where only some commands need them, so they are read only when a cause names one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tradetrack.judge.changes import changes, timeline
from tradetrack.judge.query import by_commitment, chosen
from tradetrack.judge.verdict import judge, scope_of
from tradetrack.render.changes import records_by_day, rows, timeline_rows, wanted

# read(cid): the records of one commitment (all of them for None), in date order.
Read = Callable[[str | None], list]


def change_rows(ledger, query, since: date, read: Read) -> tuple[list, list[dict]]:
    """The changes the query asks for in [since, query.as_of], and their rows (words, sources)."""
    found = changes(chosen(ledger, query), scope_of(ledger, query.basis), since, query.as_of)
    if query.only:
        found = [ch for ch in found if query.only(ch.before) or query.only(ch.after)]
    keys = wanted(found)
    ids = {cid for cid, _ in keys}
    # The records are read only when a cause names one, and only one commitment's if one does.
    records = records_by_day(read(next(iter(ids)) if len(ids) == 1 else None), keys) if keys else {}
    return found, rows(found, {c.id: c for c in ledger.commitments}, records)


def timeline_of(ledger, c, query, records: list, read_all: Callable[[], list]) -> list[dict]:
    """c's timeline up to the query's day (`records`: c's own; a roll-up reads its parts' too)."""
    first, found = timeline(c, scope_of(ledger, query.basis), query.as_of)
    if getattr(c, "parts", None):
        records = read_all()
    return timeline_rows(first, found, {x.id: x for x in ledger.commitments}, records_by_day(records))


def site_pages(ledger, query, records: list) -> dict[str, str]:
    """Every page of the tracker site as of the query's day, by file name."""
    from tradetrack.render.site import site

    scope = scope_of(ledger, query.basis)
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
    return site(verdicts, ledger.deals, own, timelines, rows(found, by_id, by_day), query.as_of, name)
