"""Progress records accepted in bulk: one check a field, compiled from the record model.

Validating a million records one pydantic call each costs seconds and a model object each. The
fields of a record are simple (text, a pattern, a bounded number, a date, a literal, a flag), so
each field's constraints are read from the model (files/models.py) and turned into a plain check
here. A row these checks accept is one the model accepts, with the same values; a row they do
not accept goes to pydantic, which gives the exact problem (or accepts it after all, e.g. a
"true" where a flag is expected). So the checks may be narrower than the model, never wider,
and a field of a shape not known here (a new kind of field in the model) turns the bulk path
off: then every row goes to pydantic, slower and still right.
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from itertools import repeat
from typing import Any

import annotated_types as at
from pydantic.fields import FieldInfo

from tradetrack.files import models as m


def _unwrap(annotation) -> tuple[Any, list, bool]:
    """(base type, constraints, whether None is allowed) of a field's annotation."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError("a union")
        annotation = args[0]
    constraints: list = []
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for e in extra:
            constraints += e.metadata if isinstance(e, FieldInfo) else [e]
        annotation = base
    return annotation, constraints, nullable


class Text(typing.NamedTuple):
    """A text field: the check (and conversion, for dates) of one distinct value, remembered."""

    convert: Callable[[str], Any]  # the value as the model gives it; raises ValueError if refused


class Number(typing.NamedTuple):
    low: float
    low_open: bool  # gt rather than ge
    high: float
    high_open: bool


class Flag(typing.NamedTuple):
    pass


class Whole(typing.NamedTuple):
    """A strict whole number (JSON integers only, kept as int) within its bounds."""

    low: int
    high: int


_BOUNDS = {
    at.Ge: ("ge", True, False),
    at.Gt: ("gt", True, True),
    at.Le: ("le", False, False),
    at.Lt: ("lt", False, True),
}


def _number(constraints: list) -> Number:
    low, low_open, high, high_open = None, False, None, False
    for c in constraints:
        if type(c) not in _BOUNDS:
            raise TypeError(f"a constraint {c!r}")
        bound, is_low, is_open = _BOUNDS[type(c)]
        value = getattr(c, bound)
        if is_low and (low is None or value > low or value == low and is_open):
            low, low_open = value, is_open
        if not is_low and (high is None or value < high or value == high and is_open):
            high, high_open = value, is_open
    if low is None or high is None:
        raise TypeError("an unbounded number")  # the bounds are what keeps infinities out
    return Number(low, low_open, high, high_open)


def _text(constraints: list) -> Text:
    checks: list[Callable[[str], bool]] = []
    for c in constraints:
        if isinstance(c, at.MinLen):
            checks.append(lambda v, n=c.min_length: len(v) >= n)  # type: ignore[misc]
        elif isinstance(c, at.MaxLen):
            checks.append(lambda v, n=c.max_length: len(v) <= n)  # type: ignore[misc]
        elif getattr(c, "pattern", None) is not None:
            # fullmatch, ASCII: never wider than pydantic's search for an anchored pattern
            checks.append(lambda v, p=re.compile(c.pattern, re.ASCII): p.fullmatch(v) is not None)  # type: ignore[misc]
        else:
            raise TypeError(f"a constraint {c!r}")

    def convert(v: str) -> str:
        if not all(check(v) for check in checks):
            raise ValueError(v)
        return v

    return Text(convert)


def _kind(f: FieldInfo) -> tuple[Text | Number | Whole | Flag, bool]:
    """How to check one field's value as JSON gives it, and whether it may be null; raises
    TypeError for a shape not known here."""
    base, constraints, nullable = _unwrap(f.annotation)
    constraints = [*constraints, *f.metadata]
    if base is int:
        if not any(type(c).__name__ == "Strict" for c in constraints):
            raise TypeError("a lax integer")  # pydantic would take 1.0 and "1": leave it to pydantic
        bounds = _number([c for c in constraints if type(c).__name__ != "Strict"])
        if bounds.low_open or bounds.high_open:
            raise TypeError("an open integer bound")
        return Whole(int(bounds.low), int(bounds.high)), nullable
    # Strict and AllowInfNan(False) only narrow what the checks below take anyway.
    constraints = [
        c
        for c in constraints
        if not (type(c).__name__ == "Strict" or type(c).__name__ == "AllowInfNan" and not c.allow_inf_nan)
    ]
    validators = [c for c in constraints if type(c).__name__ == "BeforeValidator"]
    if validators:
        if [v.func for v in validators] != [m._to_day] or base is not m.date or len(constraints) != 1:
            raise TypeError("a validator")
        return Text(m._to_day), nullable
    if base is str:
        return _text(constraints), nullable
    if base is float:
        return _number(constraints), nullable
    if base is bool and not constraints:
        return Flag(), nullable
    if typing.get_origin(base) is typing.Literal and not constraints:
        allowed = frozenset(typing.get_args(base))
        if not all(type(a) is str for a in allowed):
            raise TypeError("a literal of other than text")

        def member(v: str) -> str:
            if v not in allowed:
                raise ValueError(v)
            return v

        return Text(member), nullable
    raise TypeError(f"a field of type {base!r}")


_REFUSED = object()


@cache
def row_check() -> Callable[[Any], dict | None] | None:
    """A function taking one row as json.loads gives it and returning its fields as the model
    gives them (defaults filled in, dates as dates, numbers as floats), or None when the row
    needs pydantic. None when the model holds a field these checks do not know.

    Each distinct text value is checked once and kept: the same id, unit, basis, source and
    date recur on most lines, and a record then shares one string (and date) with the others."""
    fields = m.RECORD_MODEL.model_fields
    try:
        kinds = {name: _kind(f) for name, f in fields.items()}
    except TypeError:
        return None
    if any(f.default_factory is not None for f in fields.values()):
        return None
    required = frozenset(name for name, f in fields.items() if f.is_required())
    defaults = {name: f.default for name, f in fields.items() if not f.is_required()}
    known = frozenset(fields)
    memos: dict[str, dict] = {name: {} for name, (kind, _) in kinds.items() if isinstance(kind, Text)}

    def accept(row) -> dict | None:
        if type(row) is not dict or not required <= row.keys() <= known:
            return None
        out = defaults.copy()
        for name, v in row.items():
            kind, nullable = kinds[name]
            if v is None:
                if not nullable:
                    return None
                out[name] = None
            elif type(kind) is Text:
                if type(v) is not str:
                    return None
                memo = memos[name]
                got = memo.get(v)
                if got is None:
                    try:
                        got = memo[v] = kind.convert(v)
                    except ValueError:
                        return None
                out[name] = got
            elif type(kind) is Number:
                if not (type(v) is float or type(v) is int):
                    return None
                if not kind.low <= v <= kind.high:  # NaN too: it fails every comparison
                    return None
                if kind.low_open and v == kind.low or kind.high_open and v == kind.high:
                    return None
                out[name] = float(v)
            elif type(kind) is Whole:
                if type(v) is not int or not kind.low <= v <= kind.high:
                    return None
                out[name] = v
            elif type(v) is bool:
                out[name] = v
            else:
                return None
        return out

    return accept


_MISSING = object()


def _text_column(kind: Text, column: list, types: set, memo: dict) -> list | None:
    """A text column as the model gives it (one string, or date, per distinct value), or None."""
    if not types <= {str}:
        return None
    for v in set(column) - memo.keys():
        if v is None:
            memo[None] = None
            continue
        try:
            memo[v] = kind.convert(v)
        except ValueError:
            return None
    return list(map(memo.__getitem__, column))  # one string (or date) per value


def _number_column(kind: Number, column: list, types: set, nullable: bool) -> list | None:
    """A number column as floats, or None when a value is out of bounds or NaN."""
    if not types <= {int, float}:
        return None
    values = [v for v in column if v is not None] if nullable else column
    if values:
        low, high = min(values), max(values)
        if not (kind.low <= low and high <= kind.high) or math.isnan(math.fsum(values)):
            return None
        if kind.low_open and low == kind.low or kind.high_open and high == kind.high:
            return None
    if int in types:
        return [v if v is None else float(v) for v in column]
    return column


def _whole_column(kind: Whole, column: list, types: set, nullable: bool) -> list | None:
    """A strict whole-number column, or None when a value is not an int or out of bounds."""
    if not types <= {int}:
        return None
    values = [v for v in column if v is not None] if nullable else column
    if values and not (kind.low <= min(values) and max(values) <= kind.high):
        return None
    return column


@cache
def batch_check() -> Callable[[list], dict[str, list] | None] | None:
    """Like row_check, for a whole batch of rows at once and column by column (each test a
    pass at C speed over one field's values): the batch's columns as the model gives them, or
    None when any row needs a closer look (then row_check and pydantic take them one by one)."""
    if row_check() is None:
        return None
    fields = m.RECORD_MODEL.model_fields
    kinds = {name: _kind(f) for name, f in fields.items()}
    plan = [
        (name, kind, nullable, _MISSING if f.is_required() else f.default)
        for name, f in fields.items()
        for kind, nullable in (kinds[name],)
    ]
    known = frozenset(fields)
    memos: dict[str, dict] = {name: {} for name, (kind, _) in kinds.items() if isinstance(kind, Text)}

    def column_of(rows: list, name: str, kind, nullable: bool, default) -> list | None:
        column = list(map(dict.get, rows, repeat(name), repeat(default)))  # at C speed
        types = set(map(type, column))
        if not nullable and (type(None) in types or _MISSING in column):
            return None  # missing or null where the model needs a value
        types.discard(type(None))
        if type(kind) is Text:
            return _text_column(kind, column, types, memos[name])
        if type(kind) is Number:
            return _number_column(kind, column, types, nullable)
        if type(kind) is Whole:
            return _whole_column(kind, column, types, nullable)
        return column if types <= {bool} else None

    def columns(rows: list) -> dict[str, list] | None:
        present = set().union(*rows) if rows and set(map(type, rows)) == {dict} else None
        if present is None or not known.issuperset(present):
            return None
        out = {}
        for name, kind, nullable, default in plan:
            if name not in present:  # on no line: every row takes the default (or lacks a value)
                if default is _MISSING:
                    return None
                out[name] = [default] * len(rows)
                continue
            column = column_of(rows, name, kind, nullable, default)
            if column is None:
                return None
            out[name] = column
        return out

    return columns
