"""US Census international-trade data (the /timeseries/intltrade API) as monthly figures toward
a commitment's period. The API answers a JSON array of rows whose first row names the columns;
monthly values are summed over the HS codes a series lists (Phase One's categories are baskets
of codes) and over the months of the period.
"""

from __future__ import annotations

import calendar
import math
from datetime import date

from tradetrack.sources.esr import ShapeError

# Per flow: the column of the value (US dollars) and of the first quantity, and the
# commodity column the codes are asked by.
COLUMNS = {
    "exports": {"value": "ALL_VAL_MO", "quantity": "QTY_1_MO", "commodity": "E_COMMODITY"},
    "imports": {"value": "GEN_VAL_MO", "quantity": "GEN_QY1_MO", "commodity": "I_COMMODITY"},
}
# Units of quantity the API gives (UNIT_QY1), in tonnes; others (NO: numbers of items, X: no
# quantity, M3, L...) do not convert to a target in mass: a code counted in them is left out.
QUANTITY_UNITS = {"T": 1.0, "KG": 1e-3, "GM": 1e-6}


def monthly_values(table, flow: str, measure: str) -> tuple[dict[tuple[int, int], float], set[str]]:
    """The figure of each month in one answer, summed over its rows, in US dollars or tonnes;
    and the units of the rows left out (a quantity in a unit that is not a mass)."""
    if not isinstance(table, list) or not table or not all(isinstance(row, list) for row in table):
        raise ShapeError("expected a JSON array of rows, the first naming the columns")
    header, rows = table[0], table[1:]
    wanted = COLUMNS[flow][measure]
    needed = [wanted, "time"] + (["UNIT_QY1"] if measure == "quantity" else [])
    for name in needed:
        if name not in header:
            shown = ", ".join(str(h)[:40] for h in header[:20])
            raise ShapeError(f"no column {name!r} (columns: {shown})")
    at = {name: header.index(name) for name in needed}
    out: dict[tuple[int, int], float] = {}
    left_out: set[str] = set()
    for n, row in enumerate(rows, 2):
        if len(row) != len(header):
            raise ShapeError(f"row {n} has {len(row)} cells, the header {len(header)}")
        month = _month(row[at["time"]], n)
        value = _number(row[at[wanted]], wanted, n)
        if measure == "quantity":
            unit = str(row[at["UNIT_QY1"]]).strip().upper()[:12]
            if unit not in QUANTITY_UNITS:
                left_out.add(unit)
                continue
            value *= QUANTITY_UNITS[unit]
        out[month] = out.get(month, 0.0) + value
    return out, left_out


def _month(text, n: int) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in str(text).split("-"))
        date(year, month, 1)
    except ValueError:
        raise ShapeError(f"row {n}: time {str(text)[:40]!r} is not a month (YYYY-MM)") from None
    return year, month


def _number(text, name: str, n: int) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ShapeError(f"row {n}: {name} is {str(text)[:40]!r}, not a number") from None
    if not math.isfinite(value) or abs(value) > 1e15:
        raise ShapeError(f"row {n}: {name} is {str(text)[:40]!r}, out of range")
    if value < 0:  # no month's trade is negative: not a decline, a broken answer
        raise ShapeError(f"row {n}: {name} is {str(text)[:40]!r}; a month's trade is never negative")
    return value


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def to_date(
    months: dict[tuple[int, int], float], last: tuple[int, int] | None, start: date, end: date
) -> list[tuple[date, float]]:
    """The running total at the end of each month that lies wholly within [start, end], up to
    the last month published (`last`): a month with no row before it is a month of no trade."""
    if last is None:
        return []
    total, out = 0.0, []
    year, month = start.year, start.month
    if start.day != 1:  # a month begun before the period is not counted
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while (year, month) <= last and month_end(year, month) <= end:
        total += months.get((year, month), 0.0)
        out.append((month_end(year, month), total))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
