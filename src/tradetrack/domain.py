"""The loaded data in memory: plain, immutable, and importable without pydantic or PyYAML.

models.py defines the files (validation, JSON Schema, descriptions); load.py turns its validated
models into these classes, field for field (tests/test_models.py keeps the two in step). Keeping
them apart means a command served from the cache never imports pydantic: that import and the
model classes cost more than all the work of `status` on a small workspace.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any, Callable, NamedTuple

from tradetrack.workspace import Location


class Value:
    """An immutable value, built by keyword, compared, printed and pickled by its fields.

    What a frozen dataclass gives, without generating code for each class at import (about
    2 ms a class here; twenty of them would be a sixth of `status` on a small workspace).
    Fields are the annotated names, base classes first; a class attribute is a default."""

    _fields: tuple[str, ...] = ()
    _defaults: dict[str, Any] = {}

    def __init_subclass__(cls) -> None:
        own = cls.__dict__.get("__annotations__", {})
        cls._fields = cls._fields + tuple(name for name in own if name not in cls._fields)
        cls._defaults = {**cls._defaults, **{name: cls.__dict__[name] for name in own if name in cls.__dict__}}

    def __init__(self, **values: Any) -> None:
        values = {**self._defaults, **values}
        if values.keys() != set(self._fields):
            wrong = sorted(values.keys() ^ set(self._fields))
            raise TypeError(f"{type(self).__name__}: missing or unknown fields {wrong}")
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    __delattr__ = __setattr__  # type: ignore[assignment]

    def replace(self, **changes: Any):
        return type(self)(**{**{f: self.__dict__[f] for f in self._fields}, **changes})

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(self.__dict__[f] == other.__dict__[f] for f in self._fields)

    def __hash__(self) -> int:
        return hash((type(self), *(self.__dict__[f] for f in self._fields)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={self.__dict__[f]!r}' for f in self._fields)})"


class Source(Value):
    url: str | None
    title: str
    date: date | None


class Amount(Value):
    amount: float
    unit: str


class Amendment(Value):
    date: date
    due: date | None
    end: date | None
    target: Amount | None
    to_rate: float | None
    state: str | None
    summary: str
    source: Source


class Base(Value):
    id: str
    deal: str
    title: str
    party: str
    counterparty: str | None
    description: str | None
    start: date
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    notes: str | None
    amendments: tuple[Amendment, ...]


class Recurrence(Value):
    years: tuple[int, ...]
    year_start: str


class Purchase(Base):
    kind: str
    commodity: str
    target: Amount
    due: date | None
    recurring: Recurrence | None
    profile: tuple[float, ...] | None


class Suspension(Base):
    kind: str
    end: date | None


class Tariff(Base):
    kind: str
    from_rate: float
    to_rate: float
    due: date


class Action(Base):
    kind: str
    due: date | None


Commitment = Purchase | Suspension | Tariff | Action


class Thresholds(Value):
    on_track: float
    at_risk: float


class Settings(Value):
    default_basis: str
    lapsing_days: int
    disagreement: float
    thresholds: Thresholds


class Deal(Value):
    id: str
    title: str
    parties: tuple[str, ...]
    date: date | None
    sources: tuple[Source, ...]


class Record(NamedTuple):
    """A loaded progress record: the validated fields plus the line it came from."""

    commitment: str
    date: date
    amount: float | None
    unit: str | None
    increment: bool
    rate: float | None
    event: str | None
    basis: str
    source: str
    note: str | None
    line: int


class Data(Value):
    """Everything loaded: the commitments (recurring ones expanded), the facts their progress
    records establish, and the records themselves (read on first use: status needs only facts)."""

    location: Location
    settings: Settings
    deals: tuple[Deal, ...]
    commitments: tuple[Commitment, ...]
    facts: dict  # commitment id -> assess.Facts of its records
    read_records: Callable[[str | None], tuple[Record, ...]]  # given an id: that commitment's only

    @cached_property
    def records(self) -> tuple[Record, ...]:
        return self.read_records(None)

    def records_of(self, cid: str) -> tuple[Record, ...]:
        """One commitment's records, without building everyone's when they are not read yet."""
        if "records" in self.__dict__:
            return tuple(r for r in self.records if r.commitment == cid)
        return self.read_records(cid)

    def commitment(self, cid: str) -> Commitment | None:
        for c in self.commitments:
            if c.id == cid:
                return c
        return None
