"""One new progress record: its fields validated against the model, the commitments and the
bases in the data (build), and the JSON line it is written as (to_line).

Each check is a named step returning (message, hint, code) for a fault, so build reads as the
list of what a new record must be; the rules `check` applies to every record are in
files/progress.check_record, shared with it so an add refuses exactly what `check` would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from tradetrack.core.problems import Problem
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.text import did_you_mean
from tradetrack.core.values import Record
from tradetrack.facts.ledger import Ledger
from tradetrack.files import models as m
from tradetrack.files import progress as pfile
from tradetrack.files.translate import row_problem

DEFAULTS = {name: f.default for name, f in m.RECORD_MODEL.model_fields.items()}

Fault = tuple[str, str | None, str]  # (message, hint, code)


@dataclass(frozen=True)
class Rules:
    """What the caller allows beyond the defaults."""

    dry_run: bool = False
    skip_bad: bool = False  # add the good rows even if some are bad
    new_basis: bool = False  # a basis the data has not used yet is meant
    again: bool = False  # an increment identical to one recorded is another figure
    # rows made again from the ledger as it is under the lock (fetch: what a concurrent writer
    # recorded is not added twice, and revisions name the lines as they are)
    recompute: Callable[[Ledger], list] | None = None
    importer: str | None = None  # "csv" from a CSV file (its flags can help in hints), "fetch" fetched


def to_line(r: Record) -> str:
    """One record as a JSON line, keys in the model's order, fields at their default left out."""
    out: dict = {}
    for name in pfile.RECORD_FIELDS:
        value = getattr(r, name)
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif value is not None and value != DEFAULTS.get(name):
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    # U+2028/2029 are valid raw in JSON but some editors break lines at them: escape them.
    return (
        json.dumps(out, ensure_ascii=False, allow_nan=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def build(
    ledger: Ledger, fields: dict, where: tuple[str, int], today: date, rules: Rules, known: list[str]
) -> tuple[Record | None, list[Problem]]:
    """Validate one new record given as a dict of fields; `where` names its origin for errors."""
    file, line = where
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        p = m.ProgressRecord.model_validate(fields)
    except ValidationError as e:
        return None, [row_problem(file, line, err) for err in e.errors()]
    r = Record(**{name: getattr(p, name) for name in pfile.RECORD_FIELDS})
    c = ledger.commitment(r.commitment)
    by_id = {x.id: x for x in ledger.commitments}
    if c is None and pfile.periods_of(r.commitment, by_id):
        # A recurring commitment's id: the period is the one the record's date falls in.
        pid = pfile.period_holding(r.commitment, r.date, by_id)
        if pid is None:
            return None, [_problem(where, _outside_periods(r, by_id))]
        r, c = r._replace(commitment=pid), by_id[pid]
    if c is not None and c.kind in AMOUNT_KINDS and not r.basis:
        r = r._replace(basis=c.basis or ledger.settings.default_basis)
    fault = _in_future(r, today) or _refused_by_check(ledger, r, c, by_id) or _unknown_basis(r, c, known, rules)
    if fault:
        return None, [_problem(where, fault)]
    return r, []


def _problem(where: tuple[str, int], fault: Fault) -> Problem:
    message, hint, code = fault
    return Problem(where[0], where[1], 1, message, hint, code=code)


def _outside_periods(r: Record, by_id: dict) -> Fault:
    """A recurring commitment's id with a date none of its periods holds."""
    spans = ", ".join(f"{i} ({by_id[i].start} to {by_id[i].due})" for i in pfile.periods_of(r.commitment, by_id))
    return f"no period of {r.commitment} holds {r.date}", f"its periods: {spans}", "outside-period"


def _in_future(r: Record, today: date) -> Fault | None:
    if r.date <= today:
        return None
    return (
        f"date {r.date} is in the future (today is {today})",
        "a figure is as of the day it was published or measured",
        "future-date",
    )


def _refused_by_check(ledger: Ledger, r: Record, c, by_id: dict) -> Fault | None:
    """What `check` refuses in any record (an unknown commitment, a wrong unit, ...)."""
    unit = pfile.unit_of(c, by_id) if c is not None else None
    return pfile.check_record(r, c, by_id, unit, ledger.settings.count_units)


def _unknown_basis(r: Record, c, known: list[str], rules: Rules) -> Fault | None:
    """A basis the data has never used: a typo would file the figure where no one sees it."""
    assert c is not None  # check_record faults a record of an unknown commitment
    if c.kind not in AMOUNT_KINDS or not r.basis or r.basis in known or rules.new_basis:
        return None
    hint = did_you_mean(
        r.basis,
        known,
        then=f"bases in the data: {', '.join(known)}; if {r.basis!r} is a new basis, say so with --new-basis",
    )
    return f"the data has no figures on the basis {r.basis!r}", hint, "unknown-basis"
