"""The progress file: JSON Lines -> validated records, every problem at FILE:LINE:COL.

One record a line; blank lines and lines starting with # are kept as they are and skipped.
No record is ever dropped or merged silently: a line holding two records, a carriage return
without a line feed (which would hide every line after it), or a line that is not one JSON
object is a problem naming its line.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from itertools import repeat
from typing import get_args

from pydantic import TypeAdapter, ValidationError

from tradetrack.core import targets
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.status import AMOUNT_KINDS, a_kind
from tradetrack.core.text import did_you_mean
from tradetrack.core.units import UnitError, convert
from tradetrack.core.values import Record
from tradetrack.files import bulk, jsonl
from tradetrack.files import models as m
from tradetrack.files.jsonl import bases, with_bases  # noqa: F401  (light: the cache reads records without pydantic)
from tradetrack.files.translate import RECORD_FIELDS, line_problem
from tradetrack.files.yamlread import decode

EVENTS = get_args(m.Event)


@cache
def _adapter(kind):
    return TypeAdapter(kind)


def parse(file: str, raw: bytes) -> tuple[list[Record], list[Problem]]:
    """Every record of the file, or the problems of the lines that are not one."""
    text, problems = decode(file, raw)
    if text is None:
        return [], problems
    lone = jsonl.lone_carriage_return(text)
    if lone:
        return [], [
            Problem(
                file,
                lone[0],
                lone[1],
                "a carriage return without a line feed",
                "save the file with LF (or CRLF) line ends: CR alone hides the lines after it",
                line_of(text, lone[0]),
                code="line-ends",
            )
        ]
    problems += [
        Problem(
            file,
            line,
            col,
            "a \\u escape of half a UTF-16 surrogate pair, alone",
            "write the character itself (or both halves of its pair): no UTF-8 file or terminal can hold half of one",
            line_of(text, line),
            code="encoding",
        )
        for line, col in jsonl.lone_surrogates(text)
    ]
    accept, columns = bulk.row_check(), bulk.batch_check()
    records: list[Record] = []
    for first, part in jsonl.batches(text):
        lines = part[:-1].split("\n") if part.endswith("\n") else part.split("\n")
        # Every line one record (no blank or comment line, no two values on a line): one decode.
        rows = _rows(lines) if columns is not None else None
        found = columns(rows) if rows is not None and columns is not None else None
        if found is not None:  # the whole batch accepted by the model's checks, column by column
            numbers = range(first, first + len(lines))
            cells = (found[name] if name != "line" else numbers for name in Record._fields)
            records += map(tuple.__new__, repeat(Record), zip(*cells, strict=True))  # Record(...) without a Python call
            continue
        entries = [(first + n - 1, line) for n, line in jsonl.entries(part)]
        rows = _rows([line for _, line in entries]) if accept is not None else None
        for i, (n, line) in enumerate(entries):
            fields = accept(rows[i]) if rows is not None and accept is not None else None
            if fields is not None:  # the model's checks, row by row (files/bulk.py)
                records.append(Record(**fields, line=n))
                continue
            found_here = _line_problems(file, n, line)  # pydantic: the exact problem, or the record
            if found_here:
                problems += found_here
            else:
                records.append(_record(_adapter(m.ProgressRecord).validate_json(line), n))
    return records, problems


def _rows(lines: list[str]) -> list | None:
    """Each line's JSON value, by one call of the C decoder; None if any line is not one value."""
    if not lines:
        return []
    try:
        rows = json.loads("[" + ",".join(lines) + "]")
    except (ValueError, RecursionError):
        return None
    return rows if len(rows) == len(lines) else None


def _record(p: m.ProgressRecord, line: int) -> Record:
    """A validated record as a value, field for field, with the line it came from."""
    return Record(**{name: getattr(p, name) for name in RECORD_FIELDS}, line=line)


def _line_problems(file: str, n: int, line: str) -> list[Problem]:
    try:
        json.loads(line)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":
            return [
                Problem(
                    file,
                    n,
                    e.colno,
                    "more than one JSON value on this line",
                    "put each record on a line of its own",
                    line,
                    code="record-shape",
                )
            ]
        return [
            Problem(
                file,
                n,
                e.colno,
                f"not valid JSON: {e.msg}",
                'each line holds one JSON object, e.g. {"commitment": "id", ...}',
                line,
                code="not-json",
            )
        ]
    except ValueError:  # an integer too long for Python to convert (over 4,300 digits)
        return [_long_number(file, n, line)]
    except RecursionError:
        return [_too_deep(file, n, line)]
    try:
        _adapter(m.ProgressRecord).validate_json(line)
    except ValidationError as e:
        return [line_problem(file, n, line, err) for err in e.errors()]
    except (ValueError, RecursionError):
        return [_too_deep(file, n, line)]
    return []


# A run of digits JSON's reader refuses to convert (Python's limit is 4,300), with its key if any.
_DIGITS = re.compile(r'(?:"((?:[^"\\]|\\.)*)"\s*:\s*)?-?(\d{4301,})')


def _too_deep(file: str, n: int, line: str) -> Problem:
    """JSON nested beyond what Python's readers recurse into (json.loads and pydantic alike)."""
    return Problem(
        file, n, 1, "the line is nested too deeply", "a record is one flat JSON object", line, code="yaml-syntax"
    )


def _long_number(file: str, n: int, line: str) -> Problem:
    """A number with thousands of digits: out of any range a record allows (and too long to read).
    Pointed at its field's name, as other field problems are, else at the number."""
    found = _DIGITS.search(line)
    col = found.start() + 1 if found else 1
    digits = len(found.group(2)) if found else 0
    field = f"{found.group(1)}: " if found and found.group(1) else ""
    return Problem(
        file,
        n,
        col,
        f"{field}a number of {digits:,} digits is out of range",
        "amounts and rates are at most 1e15; give the figure in a larger unit (kt, Mt)",
        line,
        code="not-finite",
    )


def check_record(
    r: Record, commitment, known_ids, unit: str | None = None, counts=()
) -> tuple[str, str | None, str] | None:
    """Is the record meaningful for its commitment? Returns (message, hint, code) if not. `unit` is
    the commitment's unit (purchases); known_ids (any iterable) is read only to suggest an id."""
    if commitment is None:
        hint = did_you_mean(r.commitment, known_ids, "`tradetrack status` lists the ids")
        return f"unknown commitment {r.commitment!r}", hint, "unknown-commitment"
    given = [name for name in ("amount", "rate", "event") if getattr(r, name) is not None]
    if len(given) != 1:
        return (
            "a record holds exactly one of amount, rate or event",
            f"this one has {', '.join(given) or 'none'}",
            "record-shape",
        )
    if commitment.kind in AMOUNT_KINDS:
        if r.amount is None:
            what = a_kind(commitment.kind)
            return f"{r.commitment} is {what}: the record needs an amount and unit", None, "record-shape"
        if r.unit is None:
            return "an amount needs a unit", f"add a unit such as {unit}" if unit else "add a unit", "unit"
        try:
            convert(r.amount, r.unit, unit or r.unit, counts)
        except UnitError as e:
            return str(e), e.hint, "unit"
    elif commitment.kind == "tariff":
        if r.rate is None:
            return (
                f"{r.commitment} is a tariff: the record needs an observed rate",
                "give --rate PERCENT",
                "record-shape",
            )
    elif r.event is None:
        return (
            f"{r.commitment} is {'a suspension' if commitment.kind == 'suspension' else 'an action'}: "
            "the record needs an event",
            "give --event, e.g. done, in-force, lapsed, reinstated",
            "record-shape",
        )
    if r.amount is None and r.unit is not None:
        return "a unit without an amount", "remove the unit or add the amount", "record-shape"
    if r.amount is not None:
        fault = _outside_period(r, commitment, known_ids)
        if fault:
            return fault
    if r.decline and (r.amount is None or r.increment):
        return "decline marks a to-date amount", 'remove "decline", or give a to-date amount', "record-shape"
    if r.decline and not (r.note or "").strip():
        # A total that falls must rest on a source that says so (cancellations it published).
        return (
            "a decline needs a note saying what the source published",
            'add a "note", e.g. "net cancellations of 0.2 Mt published by USDA", or remove "decline"',
            "record-shape",
        )
    if r.measure is not None and commitment.kind not in AMOUNT_KINDS:
        return "a measure qualifies figures of purchases and investments only", 'remove "measure"', "measure"
    return None


def _period_title(c) -> str | None:
    """The recurring commitment's title, if c is one of its periods: expand() names a period
    base-YYYY and titles it 'Title (YYYY)' or 'Title (YYYY/YY)' (a commitment that merely ends
    in a year, such as cn-soybeans-2025 beside the cn-soybeans periods, is not one)."""
    year = c.id.rpartition("-")[2]
    if not (year.isdigit() and len(year) == 4 and c.start.year == int(year)):
        return None
    for suffix in (f" ({year})", f" ({year}/{str(int(year) + 1)[2:]})"):
        if c.title.endswith(suffix):
            return c.title[: -len(suffix)]
    return None


def periods_of(base: str, by_id) -> list[str]:
    """The ids of the periods of the recurring commitment `base` (base-YYYY), in order."""
    prefix = base + "-"
    found = [
        i
        for i, c in by_id.items()
        if i.startswith(prefix) and len(i) == len(prefix) + 4 and _period_title(c) is not None
    ]
    titles = {_period_title(by_id[i]) for i in found}
    return sorted(found) if len(titles) == 1 else []


def period_holding(base: str, day, by_id) -> str | None:
    """The period of a recurring commitment whose dates hold `day`, if any."""
    for pid in periods_of(base, by_id):
        c = by_id[pid]
        if c.start <= day and (c.due is None or day <= c.due):
            return pid
    return None


def _outside_period(r: Record, c, by_id) -> tuple[str, str | None, str] | None:
    """A figure dated before its period's start, or in another period of the same recurring
    commitment, would count towards a period it does not belong to. A to-date zero before the
    start (nothing bought yet) is allowed; a figure after the last period's due date is a late
    delivery, and so is one after a single period's due date."""
    span = f"{c.start} to {c.due}" if c.due else f"from {c.start}"
    base = c.id.rpartition("-")[0]
    other = period_holding(base, r.date, by_id) if _period_title(c) is not None else None
    if other == c.id:
        other = None
    if r.date < c.start and not (r.amount == 0 and not r.increment):
        hint = f"it falls in {other}'s period: record it there" if other else f"date it {c.start} or later"
        return f"a figure of {r.date} is before the period of {c.id} ({span})", hint, "outside-period"
    if other is not None and c.due is not None and r.date > c.due:
        return (
            f"a figure of {r.date} is after the period of {c.id} ({span})",
            f"it falls in {other}'s period: record it there",
            "outside-period",
        )
    return None


def safe_dates(c) -> tuple[date, date]:
    """The first and last day on which a figure of c cannot break the period rule of
    _outside_period, whatever its amount: from the start on, and for a period of a recurring
    commitment up to its due date (after that the figure may belong to the next period). The
    rule is for amounts, which only purchases and investments take: any day for other kinds."""
    if c.kind not in AMOUNT_KINDS:
        return date.min, date.max
    last = c.due if c.due is not None and _period_title(c) is not None else date.max
    return c.start, last


def measure_problems(records, file: str, text: str | None) -> list[Problem]:
    """A basis holds one measure: shipped and committed figures on one basis would be compared
    as one series."""
    first: dict[tuple, tuple] = {}
    out = []
    for r in records:
        key = (r.commitment, r.basis)
        if key not in first:
            first[key] = (r.measure, r.line)
        elif first[key][0] != r.measure:
            m0, line0 = first[key]
            out.append(
                Problem(
                    file,
                    r.line,
                    1,
                    f"the {r.basis} figures of {r.commitment} mix measures: "
                    f"{m0 or 'none'} (line {line0}) and {r.measure or 'none'}",
                    f"give each measure a basis of its own, e.g. {r.basis}-{r.measure or 'total'}",
                    line_of(text, r.line) if text else None,
                    code="measure",
                )
            )
    return out


def unit_counts(settings) -> tuple[str, ...]:
    return tuple(settings.count_units)


def unit_of(c, by_id) -> str | None:
    return targets.unit_of(c, by_id) if c.kind in AMOUNT_KINDS else None
