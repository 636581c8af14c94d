"""The base of every loaded value: immutable, built by keyword, compared and printed by its fields."""

from __future__ import annotations

from typing import Any


class Value:
    """An immutable value, built by keyword, compared, printed and pickled by its fields.

    What a frozen dataclass gives, without generating code for each class at import (about
    2 ms a class here; twenty of them would be a sixth of `status` on a small workspace).
    Fields are the annotated names, base classes first; a class attribute is a default."""

    _fields: tuple[str, ...] = ()
    _field_set: frozenset[str] = frozenset()
    _defaults: dict[str, Any] = {}

    def __init_subclass__(cls) -> None:
        own = cls.__dict__.get("__annotations__", {})
        cls._fields = cls._fields + tuple(name for name in own if name not in cls._fields)
        cls._field_set = frozenset(cls._fields)
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
