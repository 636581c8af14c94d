"""How much of a purchase is expected by a day, and where the current pace leads.

Expected = target × the share of the period elapsed: linear over [start, due] (both days
included), or weighted by a monthly profile (each day gets its month's weight spread over the
month's days, as the Peterson Institute's Phase One tracker did), or by year weights (each year
of a multi-year period its weight, spread over its days in the period).
"""

import math
from datetime import date, timedelta
from typing import NamedTuple


def _days_in_month(d: date) -> int:
    return ((d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day


def expected_share(start: date, due: date, day: date, profile=None, year_weights=None) -> float:
    """Share of the target expected by the end of `day`."""
    if day < start:
        return 0.0
    if day >= due:
        return 1.0
    if profile is None and year_weights is None:
        return ((day - start).days + 1) / ((due - start).days + 1)
    if profile is None:
        return _year_weighted(start, due, day, year_weights)

    def weight(d: date) -> float:
        w = profile[d.month - 1] / _days_in_month(d)
        if year_weights is not None:
            w *= year_weights.get(d.year, 0.0) / _days_of_year_in(start, due, d.year)
        return w

    total = done = 0.0
    d = start
    while d <= due:
        w = weight(d)
        total += w
        if d <= day:
            done += w
        d += timedelta(days=1)
    return done / total if total else 1.0


def _days_of_year_in(start: date, due: date, year: int) -> int:
    first, last = max(start, date(year, 1, 1)), min(due, date(year, 12, 31))
    return max(1, (last - first).days + 1)


def _year_weighted(start: date, due: date, day: date, weights) -> float:
    total = sum(weights.get(y, 0.0) for y in range(start.year, due.year + 1))
    if not total:
        return ((day - start).days + 1) / ((due - start).days + 1)
    done = sum(weights.get(y, 0.0) for y in range(start.year, day.year))
    this = weights.get(day.year, 0.0)
    first = max(start, date(day.year, 1, 1))
    done += this * ((day - first).days + 1) / _days_of_year_in(start, due, day.year)
    return done / total


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_end(year: int, month: int) -> int:
    """The last day of a month (calendar.monthrange's, without importing calendar and locale:
    status imports this module)."""
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _MONTH_DAYS[month - 1] + leap


def sample_days(start: date, due: date, extra=()) -> list[date]:
    """Days to draw an expected path through: start, each month's end, due, and extra days."""
    days = {start, due, *extra}
    # Month by month on (year, month): a report samples 1,000 paths, and stepping by dates
    # (replace, timedelta) was half of drawing them.
    year, month = start.year, start.month
    while (year, month) < (due.year, due.month):
        days.add(date(year, month, _month_end(year, month)))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return sorted(x for x in days if start <= x <= due or x in extra)


class Projection(NamedTuple):
    """Where the current pace leads."""

    daily_rate: float
    projected_total: float  # at the due date
    reach_date: date | None  # when the target is reached at this pace; None if never (or past 9999)
    needed_weekly: float | None  # weekly rate needed from now to meet the target in time


def project(start: date, due: date, day: date, actual: float, target: float) -> Projection:
    elapsed = (min(day, due) - start).days + 1
    rate = actual / elapsed if elapsed > 0 else 0.0
    total_days = (due - start).days + 1
    reach = None
    if actual < target and rate > 0:
        days = math.ceil(target / rate) - 1
        try:
            reach = start + timedelta(days=days) if days < 3_000_000 else None
        except OverflowError:  # beyond the calendar: never, at this pace
            reach = None
    remaining = (due - day).days
    needed = (target - actual) / remaining * 7 if remaining > 0 and actual < target else None
    return Projection(rate, rate * total_days, reach, needed)
