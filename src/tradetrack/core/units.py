"""Units of measure and their conversion.

Every figure is converted to the unit of the target it is measured against. Units live in
dimensions (mass, money, and one per counted thing a data file names in settings.count_units);
a figure in another dimension than its target is an error, never a silent zero.
"""

from __future__ import annotations

from dataclasses import dataclass

_LB_IN_TONNES = 0.45359237e-3


@dataclass(frozen=True)
class Unit:
    """A unit: its dimension and how many base units (tonnes, US dollars) one of it is."""

    symbol: str
    dimension: str
    factor: float
    name: str


_UNITS = [
    Unit("t", "mass", 1.0, "metric tonnes"),
    Unit("kt", "mass", 1e3, "thousand tonnes"),
    Unit("Mt", "mass", 1e6, "million tonnes"),
    Unit("MMT", "mass", 1e6, "million metric tons"),
    Unit("lb", "mass", _LB_IN_TONNES, "pounds"),
    # A US soybean bushel is defined as 60 lb; other grains differ, hence the explicit name.
    Unit("bu", "mass", 60 * _LB_IN_TONNES, "soybean bushels (60 lb)"),
]
# Each currency is a dimension of its own: no exchange rate is ever assumed, so a figure in
# euros never counts towards a target in dollars.
CURRENCIES = {"USD": "US dollars", "EUR": "euros", "JPY": "yen", "KRW": "won", "CNY": "yuan", "GBP": "pounds sterling"}
for _code, _name in CURRENCIES.items():
    for _prefix, _factor, _word in (
        ("", 1.0, ""),
        ("k", 1e3, "thousand "),
        ("M", 1e6, "million "),
        ("bn", 1e9, "billion "),
    ):
        _UNITS.append(Unit(f"{_prefix}{_code}", _name, _factor, f"{_word}{_name}"))
MONEY = frozenset(CURRENCIES.values())
UNITS: dict[str, Unit] = {u.symbol: u for u in _UNITS}
_ALIASES = {
    "tonne": "t",
    "tonnes": "t",
    "kmt": "kt",
    "mmt": "MMT",
    "bushel": "bu",
    "bushels": "bu",
    "lbs": "lb",
    "$": "USD",
    "$k": "kUSD",
    "$M": "MUSD",
    "$m": "MUSD",
    "$bn": "bnUSD",
    "usd": "USD",
    "€": "EUR",
    "£": "GBP",
    "eur": "EUR",
}
# Spellings that mean different things to different readers: refuse them with a hint.
_AMBIGUOUS = {
    "MT": "MT is ambiguous (metric tons or million tons): write t or Mt",
    "mt": "mt is ambiguous (metric tons or million tons): write t or Mt",
    "ton": "a ton may be short, long or metric: write t for metric tonnes",
    "tons": "a ton may be short, long or metric: write t for metric tonnes",
    "¥": "¥ is yen or yuan: write JPY or CNY (with k, M or bn: bnJPY)",
}


class UnitError(ValueError):
    """A unit is unknown, ambiguous, or does not convert to the unit asked for."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def known_units() -> str:
    others = ", ".join(c for c in CURRENCIES if c != "USD")
    return ", ".join(u.symbol for u in _UNITS if u.dimension not in MONEY) + (
        f", USD, kUSD, MUSD, bnUSD (and k, M, bn of {others}, e.g. bnEUR)"
    )


def parse_unit(text: str, counts=()) -> Unit:
    """Return the unit a symbol names (or one of the count units given), or raise UnitError
    with a hint."""
    if text in counts:
        return Unit(text, f"count of {text}", 1.0, text)
    if text in _AMBIGUOUS:
        raise UnitError(f"ambiguous unit {text!r}", _AMBIGUOUS[text])
    symbol = _ALIASES.get(text, text)
    unit = UNITS.get(symbol)
    if unit is None:
        extra = (
            f"; counted things go in settings.count_units (now: {', '.join(counts)})"
            if counts
            else "; for counted things (aircraft), name the unit in settings.count_units"
        )
        raise UnitError(f"unknown unit {text!r}", f"use one of {known_units()}{extra}")
    return unit


def convert(amount: float, unit: str, to: str, counts=()) -> float:
    """Convert amount from one unit to another of the same dimension."""
    src, dst = parse_unit(unit, counts), parse_unit(to, counts)
    if src.dimension != dst.dimension:
        hint = (
            f"give the figure in {dst.dimension}, such as {to}: currencies are never converted"
            if dst.dimension in MONEY
            else f"give the figure in a {dst.dimension} unit such as {to}"
        )
        raise UnitError(f"unit {unit!r} ({src.dimension}) does not convert to {to!r} ({dst.dimension})", hint)
    return amount * src.factor / dst.factor


def format_amount(amount: float, unit: str) -> str:
    """A short human figure: 8.01 Mt, 332,000 t, 12 Mt."""
    return f"{format_number(amount)} {unit}"


def format_number(amount: float) -> str:
    """The number of format_amount: 8.01, 332,000, 12."""
    if amount == int(amount) and (abs(amount) >= 1 or amount == 0):
        return f"{int(amount):,}"
    if abs(amount) >= 1000:
        return f"{amount:,.0f}"
    if abs(amount) >= 10:
        return f"{amount:,.1f}"
    return f"{amount:,.2f}"
