"""Which assessments a reading command shows: filters over the assessed commitments."""

from __future__ import annotations

from datetime import date

from tradetrack.judge.verdict import Assessment, assess_all


def select(data, day: date, *, basis=None, deal=None, party=None, kind=None, statuses=frozenset(),
           lapsing: int | None = None) -> list[Assessment]:
    rows = assess_all(data, day, basis)
    if deal:
        rows = [a for a in rows if a.commitment.deal == deal]
    if party:
        rows = [a for a in rows if a.commitment.party.lower() == party.lower()]
    if kind:
        rows = [a for a in rows if a.commitment.kind == kind]
    if statuses:
        rows = [a for a in rows if a.status in statuses]
    if lapsing is not None:
        # The lapse radar: what ends within DAYS or ended in the last DAYS.
        rows = [a for a in rows if a.commitment.kind == "suspension" and a.due is not None
                and -lapsing <= (a.due - day).days <= lapsing]
        rows.sort(key=lambda a: a.due)
    return rows
