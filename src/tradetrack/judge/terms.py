"""A commitment's terms in force on a day: its own, with the amendments dated on or before
that day applied in order.

Two rules keep a verdict from moving under the reader's feet:
- A closed period stays closed: an amendment dated after a purchase period has ended does not
  change that period, unless it names the period (`periods:`).
- Reported is not confirmed: terms can be read with every amendment, or with the confirmed
  ones only, so a verdict that rests on a reported change can say so.
- Unverified is not reported: a change seen only in secondary digests is never applied; the
  verdict shows it beside itself (`claimed`).
"""

from datetime import date
from typing import NamedTuple

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.values import Amendment


class Terms(NamedTuple):
    start: date
    due: date | None  # due date, or end of a suspension
    target: object  # a core.values.Target (purchases), unresolved: it may depend on the basis
    to_rate: float | None  # tariffs
    state: str | None  # set by an amendment: superseded, void, withdrawn, reinstated, extended
    amendments: tuple[Amendment, ...]  # those in force, oldest first
    written_due: date | None  # the due date (or end) as the commitment states it


def written_due(c) -> date | None:
    return getattr(c, "end", None) if c.kind == "suspension" else getattr(c, "due", None)


def terms_on(c, day: date, confirmed_only: bool = False) -> Terms:
    due = written_due(c)
    target = getattr(c, "target", None)
    to_rate = getattr(c, "to_rate", None)
    state = None
    applied = []
    for a in c.amendments:
        if a.date > day:
            break
        if a.standing == "unverified" or confirmed_only and a.standing != "confirmed":
            continue  # an unverified change is shown beside the verdict, never applied
        if c.kind in AMOUNT_KINDS and due is not None and a.date > due and a.periods is None:
            continue  # the period had ended: its verdict is not rewritten afterwards
        applied.append(a)
        due = a.due or a.end or due
        target = a.target if a.target is not None else target
        to_rate = a.to_rate if a.to_rate is not None else to_rate
        state = a.state or state
    return Terms(c.start, due, target, to_rate, state, tuple(applied), written_due(c))


def unconfirmed(terms: Terms) -> tuple[Amendment, ...]:
    return tuple(a for a in terms.amendments if a.standing != "confirmed")


def claimed(c, day: date) -> tuple[Amendment, ...]:
    """Changes dated on or before day that are seen only in secondary digests (unverified)."""
    return tuple(a for a in c.amendments if a.standing == "unverified" and a.date <= day)
