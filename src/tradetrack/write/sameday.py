"""Figures of one day on one basis, which an add keeps unambiguous.

A to-date figure sets a day's total and an increment adds to it, so a day holding both counts
the increment twice or not at all (it depends on their order in the file): refused, within one
add and against the file. Two different to-date figures of one day in one import are two parts
of a total (a Census-layout file gives a row per HS code) or a mistake, never a revision: refused,
with the flags that would read the file right. A to-date figure that is the day's last figure
already, word for word but its note (a second fetch computed before the first landed), is the
same fact: skipped, not written twice. All of this is checked under the lock, on the file's
bytes as they are then.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from tradetrack.core.problems import Problem
from tradetrack.core.units import format_amount
from tradetrack.core.values import Record
from tradetrack.facts.ledger import Ledger

Found = list[tuple[int, Problem]]  # (index of the new record at fault, its problem)


def mixed_hint(csv: bool) -> str:
    return (
        "a to-date figure sets the day's total and an increment adds to it, so together they count "
        "twice or not at all: give the day one to-date figure, or make each of its figures an increment"
        + (" (--set increment=true)" if csv else "")
    )


def totals_hint(csv: bool) -> str:
    if csv:
        return (
            "a file with a row per part (per HS code, say) holds parts of one day's total: add them "
            "up with --sum-per-date; if each row is an amount added, not a total to date, import "
            "with --set increment=true"
        )
    return "the file repeats a day with another figure: keep the one that is right"


def in_batch(new: list[Record], origins: list[tuple[str, int]], csv: bool) -> Found:
    """Two different to-date figures, or a to-date figure and an increment, for one commitment,
    basis and day among the new records."""
    out: Found = []
    totals: dict[tuple, int] = {}
    increments: dict[tuple, int] = {}
    for i, r in enumerate(new):
        if r.amount is None:
            continue
        key = (r.commitment, r.basis, r.date)
        other = totals.get(key) if r.increment else increments.get(key)
        if other is not None:
            out.append((i, _problem(r, origins[i], "mixed", _at(origins[other]), mixed_hint(csv))))
        elif not r.increment and key in totals:
            first = new[totals[key]]
            if (first.amount, first.unit) != (r.amount, r.unit):
                was = f"{format_amount(first.amount or 0.0, first.unit or '')} {_at(origins[totals[key]])}"
                out.append((i, _problem(r, origins[i], "totals", was, totals_hint(csv))))
        (increments if r.increment else totals).setdefault(key, i)
    return out


def against_file(
    ledger: Ledger,
    base: bytes,
    new: list[Record],
    origins: list[tuple[str, int]],
    csv: bool,
    canonical: Callable[[Record], dict],
) -> tuple[Found, set[int]]:
    """New records whose day already has figures of the other kind in the file (problems), and
    new to-date figures that repeat the day's last figure but for the note (to skip). Reads
    only the lines of those days, found through the facts."""
    out: Found = []
    repeats: set[int] = set()
    lines: list[bytes] | None = None
    name = ledger.location.progress.name
    for i, r in enumerate(new):
        facts = ledger.facts.get(r.commitment)
        s = facts.series.get(r.basis or "") if facts is not None and r.amount is not None else None
        if not s:
            continue
        day = r.date.toordinal()
        lo, hi = bisect_left(s.days, day), bisect_right(s.days, day)
        if lo == hi:
            continue  # the usual case: nothing on that day yet
        if lines is None:
            lines = base.split(b"\n")
        there = [(s.lines[k], _fields(lines, s.lines[k])) for k in range(lo, hi)]
        clash = next((n for n, f in there if bool(f.get("increment")) != bool(r.increment)), None)
        if clash is not None:
            out.append((i, _problem(r, origins[i], "mixed", f"at line {clash} of {name}", mixed_hint(csv))))
        elif not r.increment and _but_note(there[-1][1]) == _but_note(canonical(r)):
            repeats.add(i)
    return out, repeats


def _but_note(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k != "note"}


def _fields(lines: list[bytes], n: int) -> dict:
    try:
        value = json.loads(lines[n - 1])
    except (IndexError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _at(where: tuple[str, int]) -> str:
    return f"at line {where[1]}" if where[1] else "in the same add"


def _problem(r: Record, where: tuple[str, int], kind: str, other: str, hint: str) -> Problem:
    on = f"{r.commitment} on {r.date} ({r.basis})"
    if kind == "mixed":
        what = "an increment" if r.increment else "a to-date figure"
        message = f"{what} for {on} where the day has {'a to-date figure' if r.increment else 'increments'} {other}"
        return Problem(where[0], where[1], 1, message, hint, code="same-day-mixed")
    here = format_amount(r.amount or 0.0, r.unit or "")
    message = f"two different to-date figures for {on} in one file: {here} here, {other}"
    return Problem(where[0], where[1], 1, message, hint, code="same-day-totals")
