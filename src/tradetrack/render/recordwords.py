"""A progress record in words, as histories and lists show it: its figure, its basis and
standing, its note (with any field that has no column of its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import TypeVar

from tradetrack.core.units import format_number
from tradetrack.core.values import Record

T = TypeVar("T")


def record_figure(r: Record) -> str:
    number, words = figure_parts(r)
    return number + words


def figure_parts(r: Record) -> tuple[str, str]:
    """The figure as (number, words): the number is digits, commas and a point, after a minus
    or, for an increment, a plus; the words follow ("" and the whole figure for a rate or an
    event). The words are of the record's `rest` alone (they repeat from record to record, so
    a format escapes them once for all); the number is figure_number's."""
    if r.amount is not None:
        number, words = figure_number(r), " " + (r.unit or "")
        if r.increment:
            return number, words
        words += " to date"
        if r.revises is not None:
            words += f" (revises line {r.revises})"
        elif r.decline:
            words += " (decline)"
        return number, words
    if r.rate is not None:
        return "", f"{r.rate:g}%"
    return "", r.event or ""


def figure_number(r: Record) -> str:
    """The number of figure_parts: an amount's digits, with a plus for an increment; else ""."""
    if r.amount is None:
        return ""
    return "+" + format_number(r.amount) if r.increment else format_number(r.amount)


# Every field of a record but these is the same from record to record of a history, mostly
# (its unit, basis, standing, source, note): a history writes each distinct rest once.
rest = itemgetter(*(i for i, name in enumerate(Record._fields) if name not in ("commitment", "date", "amount", "line")))


def once_a_rest(records, written: Callable[[Record], T]) -> Iterator[tuple[Record, T]]:
    """Each record with written(r), where written looks at the record's rest alone: computed
    once for all the amounts that share their rest. A rate's or an event's is computed each
    time (its figure is of its rest too, but an amount's words are not a rate's, and a rate is
    a float: 0.0 and -0.0 would be one key)."""
    known: dict[tuple, T] = {}
    for r in records:
        if r.amount is None:
            yield r, written(r)
            continue
        key = rest(r)
        if key not in known:
            known[key] = written(r)
        yield r, known[key]


# Record fields the outputs show in columns of their own; any other field (one added to the
# model later) is shown beside the note, by name, so nothing recorded is hidden.
SHOWN = {
    "commitment",
    "date",
    "amount",
    "unit",
    "increment",
    "rate",
    "event",
    "basis",
    "measure",
    "standing",
    "source",
    "note",
    "line",
    "decline",
    "revises",
}


# The positions of those fields, found once: a report notes 100,000 records, and copying each
# into a dict to find its extra fields took a sixth of the Markdown report.
def extra_fields(shown: set[str]) -> tuple[tuple[int, str], ...]:
    """(position, name) of each Record field not in `shown`."""
    return tuple((i, name) for i, name in enumerate(Record._fields) if name not in shown)


_EXTRA = extra_fields(SHOWN)


def record_note(r: Record) -> str:
    """The note, followed by any field without a column of its own: 'note · confidence: high'."""
    extras = [f"{name}: {r[i]}" for i, name in _EXTRA if r[i] not in (None, False, "", ())]
    if not extras:
        return r.note or ""
    return " · ".join(([r.note] if r.note else []) + extras)


def superseded(r: Record, by: int | None) -> Record:
    """The record as a history shows it: a reported figure a confirmed one contradicts says so
    in its note ('superseded by line 24')."""
    if by is None:
        return r
    return r._replace(note=f"superseded by line {by}" + (f"; {r.note}" if r.note else ""))


def record_basis(r: Record) -> str:
    out = r.basis or ""
    if r.measure:
        out += f" ({r.measure})"
    if r.standing != "confirmed":
        out += f" [{r.standing}]"
    return out
