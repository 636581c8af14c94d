"""The commitments file: YAML text -> validated values, every problem located at FILE:LINE:COL.

Validation runs on the whole file and, when that fails, on each part of it (settings, each
deal, each commitment), so a commitment that fails does not hide the problems of the others
or of the records that refer to them. Then the checks a schema cannot make: unique ids, known
deals, units that convert, targets in one form, roll-ups without cycles, dates in order
(files/checks.py, a list of named rules). Pydantic's errors become problems in
files/translate.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from tradetrack.core import values
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.files import models as m
from tradetrack.files import rollups
from tradetrack.files.checks import check
from tradetrack.files.translate import yaml_problem
from tradetrack.files.yamlread import decode, read_yaml


@cache
def _adapter(kind):
    # Built on first use: building validators costs tens of ms that a cache hit never pays.
    return TypeAdapter(kind)


class Parsed(NamedTuple):
    """What validated: the settings and deals, and each commitment that passed with its index
    in the file. `invalid` holds the ids of commitments that did not pass, so that records
    naming them are not reported as unknown (the commitment's own problem is)."""

    settings: m.Settings
    deals: list[m.Deal]
    items: list[tuple[int, m.AnyKind]]
    invalid: set[str]


def parse(file: str, raw: bytes) -> tuple[Parsed | None, list[Problem]]:
    text, problems = decode(file, raw)
    if text is None:
        return None, problems
    doc = read_yaml(file, text)
    if doc.data is None or doc.refused:  # nothing worth checking further
        return None, doc.problems
    if not isinstance(doc.data, dict):
        return None, doc.problems + [
            Problem(
                file,
                1,
                1,
                "the file must be a mapping with a `commitments:` list",
                "see the README for the format",
                line_of(text, 1),
                code="not-a-mapping",
            )
        ]
    # Validate even after YAML-level problems (a duplicate key keeps its first value), so one
    # run reports everything.
    problems = list(doc.problems)
    try:
        whole = _adapter(m.CommitmentsFile).validate_python(doc.data)
        parsed = Parsed(whole.settings, whole.deals, list(enumerate(whole.commitments)), set())
    except ValidationError as e:
        problems += [yaml_problem(doc, err) for err in e.errors()]
        parsed = _parts(doc.data)
    problems += check(doc, parsed)
    return parsed, sorted(problems, key=lambda p: (p.line, p.col))


def _parts(data: dict) -> Parsed:
    """Whatever validates on its own, when the whole file does not."""

    def valid(model, value, default=None):
        try:
            return _adapter(model).validate_python(value)
        except ValidationError:
            return default

    settings = valid(m.Settings, data.get("settings", {})) or m.Settings()
    deals = [d for d in (valid(m.Deal, x) for x in _list(data.get("deals"))) if d is not None]
    items, invalid = [], set()
    for i, x in enumerate(_list(data.get("commitments"))):
        c = valid(m.Commitment, x)
        if c is not None:
            items.append((i, c))
        elif isinstance(x, dict) and isinstance(x.get("id"), str):
            invalid.add(x["id"])
    return Parsed(settings, deals, items, invalid)


def _list(value) -> list:
    return value if isinstance(value, list) else []


# --- from validated models to values -----------------------------------------------------------


def to_values(value):
    """A validated model as the value class of the same name (lists become tuples)."""
    if isinstance(value, BaseModel):
        cls = getattr(values, type(value).__name__)
        return cls(**{name: to_values(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return tuple(to_values(v) for v in value)
    if isinstance(value, dict):
        return {k: to_values(v) for k, v in value.items()}
    return value


def expand(commitments) -> list:
    """Recurring purchases become one commitment per period, id suffixed with the year; a
    roll-up of recurring parts recurs over their years, each period adding up theirs. An
    amendment that names periods goes to those only. A roll-up without a due date takes its
    parts' latest."""
    graph = rollups.Graph(commitments)
    out = []
    for c in commitments:
        years = graph.years.get(c.id) if c.kind in AMOUNT_KINDS else None
        if years is None:
            out.append(c)
            continue
        recurring = graph.recurrence[c.id]  # its own, or its first recurring part's
        month, day = map(int, recurring.year_start.split("-"))
        per_year = (c.recurring.targets or {}) if c.recurring else {}
        for year in years:
            start = date(year, month, day)
            due = date(year + 1, month, day) - timedelta(days=1)
            title = f"{c.title} ({year})" if (month, day) == (1, 1) else f"{c.title} ({year}/{str(year + 1)[2:]})"
            out.append(
                c.replace(
                    id=f"{c.id}-{year}",
                    start=start,
                    due=due,
                    recurring=None,
                    title=title,
                    target=per_year.get(year, c.target),
                    parts=tuple(f"{p}-{year}" for p in c.parts) if c.parts else None,
                    amendments=tuple(a for a in c.amendments if a.periods is None or year in a.periods),
                )
            )
    return _roll_up_dues(out)


def _roll_up_dues(commitments: list) -> list:
    """A roll-up without a due date takes its parts' latest, parts first (one pass)."""
    graph = rollups.Graph(commitments)
    due: dict[str, date | None] = {}
    for cid in graph.order:
        parts = graph.parts.get(cid)
        if not parts:
            due[cid] = getattr(graph.by_id[cid], "due", None)
        elif graph.by_id[cid].due is not None:
            due[cid] = graph.by_id[cid].due
        else:
            due[cid] = max((d for d in (due[p] for p in parts) if d), default=None)
    return [
        c.replace(due=due.get(c.id)) if c.kind in AMOUNT_KINDS and c.parts and c.due is None else c for c in commitments
    ]
