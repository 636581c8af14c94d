"""USDA FAS Export Sales (ESR) JSON, as the OpenData API returns it (one object per commodity,
country and week), as progress rows (fields + where each came from). The rows are then
validated and appended by write.progress.add, like any other record.

Two measures of the same purchases, never one series: currentMYTotalCommitment (accumulated
exports plus outstanding sales) on the usda-esr basis, and accumulatedExports (shipped) on the
usda-esr-exports basis.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from tradetrack.core.problems import InputError, Problem
from tradetrack.files.yamlread import decode

ESR_UNITS = {1: "t"}  # unitId 1 is metric tons; other units (e.g. running bales) are refused
Row = tuple[dict, tuple[str, int]]


def _text(file: str, raw: bytes) -> str:
    text, problems = decode(file, raw)
    if text is None:
        raise InputError(problems)
    return text


ESR_MEASURES = {
    # measure: (ESR field, basis, measure recorded)
    "total-commitment": ("currentMYTotalCommitment", "usda-esr", None),
    "exports": ("accumulatedExports", "usda-esr-exports", "shipped"),
}


def code_of(value) -> int | None:
    """An ESR code as the API gives it (a number) or as saved by other tools (text of digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def esr_rows(
    file: str, raw: bytes, commitment: str, commodity: int, country: int, measure: str = "total-commitment"
) -> tuple[list[Row], list[Problem]]:
    """Weekly ESR objects for one commodity and country, as cumulative figures of one measure:
    total commitments (exports plus outstanding sales) or accumulated (shipped) exports. These
    are different series and go on different bases, never compared as one."""
    data = _records(file, raw)
    rows, problems, seen = [], [], set()
    for i, item in enumerate(data, 1):
        where = f"{file}: record {i}"
        if not isinstance(item, dict):
            problems.append(Problem(where, 0, 0, "not a JSON object", code="record-shape"))
            continue
        codes = (code_of(item.get("commodityCode")), code_of(item.get("countryCode")))
        seen.add(codes)
        if codes == (commodity, country):
            row, problem = _row(item, where, commitment, commodity, country, measure)
            rows += [row] if row else []
            problems += [problem] if problem else []
    if not rows and not problems and data:
        found = ", ".join(f"{a}/{b}" for a, b in sorted(seen, key=str)) or "none"
        problems.append(
            Problem(
                file,
                0,
                0,
                f"no record for commodity {commodity} and country {country}",
                f"commodity/country codes in the file: {found}; pass --commodity and --country",
                code="usage",
            )
        )
    return rows, problems


def _records(file: str, raw: bytes) -> list:
    """The saved answer's list of weekly objects (one object alone is a list of one)."""
    hint = "save the API's response as it came"
    try:
        data = json.loads(_text(file, raw))
    except json.JSONDecodeError as e:
        problem = Problem(file, e.lineno, e.colno, f"not valid JSON: {e.msg}", hint, code="not-json")
        raise InputError([problem]) from None
    except RecursionError:
        raise InputError([Problem(file, 1, 1, "the JSON is nested too deeply", hint, code="yaml-syntax")]) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError([Problem(file, 1, 1, "expected a JSON list of weekly records", code="record-shape")])
    return data


def _row(item: dict, where: str, commitment: str, commodity: int, country: int, measure: str):
    """One weekly object as a progress row of the measure, or the problem that keeps it out."""
    field, basis, recorded = ESR_MEASURES[measure]
    missing = [k for k in ("weekEndingDate", field, "unitId") if k not in item]
    if missing:
        text, hint = f"missing {', '.join(missing)}", "expected the fields of /api/esr/exports"
        return None, Problem(where, 0, 0, text, hint, code="missing-field")
    unit_id = item["unitId"]
    unit = ESR_UNITS.get(unit_id) if isinstance(unit_id, int) and not isinstance(unit_id, bool) else None
    if unit is None:
        hint = "only unitId 1 (metric tons) converts to a purchase target"
        return None, Problem(where, 0, 0, f"unitId {unit_id!r} is not metric tons", hint, code="unit")
    day = str(item["weekEndingDate"])[:10]
    fields = {
        "commitment": commitment,
        "date": day,
        "amount": item[field],
        "unit": unit,
        "basis": basis,
        "measure": recorded,
        "source": f"USDA FAS Export Sales, commodity {commodity}, country {country}, week ending {day}",
        "note": f"{field} (marketing year to date)",
    }
    return (fields, (where, 0)), None


# --- weekly figures toward a commitment's period (tradetrack fetch) ----------------------------

# What each measure adds up, week by week: net sales booked for the current and the next
# marketing year (so a calendar-year period that spans two marketing years is covered), or
# exports shipped. Net sales can be negative (cancellations), so a to-date total can fall.
WEEKLY_FIELDS = {
    "total-commitment": ("currentMYNetSales", "nextMYNetSales"),
    "exports": ("weeklyExports",),
}


class ShapeError(ValueError):
    """A response that is not what the API documents: says which field, in which week."""


def weekly_values(answers: list[tuple[int, list]], measure: str) -> tuple[dict[date, float], set[date]]:
    """Each week's figure of the measure, in tonnes, by week-ending day, from the answers of
    the marketing years asked (year, items); and the weeks of negative net sales (cancellations).

    A week's sales for marketing year m appear as current-year sales in m's answer and as
    next-year sales in m-1's, and the week on the boundary of two years is in both answers:
    each year's sales are counted once, from that year's own answer where it has the week."""
    fields = WEEKLY_FIELDS[measure]
    sales: dict[tuple[int, date], float] = {}  # (marketing year of the sales, week) -> tonnes
    own: set[tuple[int, date]] = set()  # those taken from the year's own answer
    for year, items in answers:
        seen: dict[date, tuple] = {}
        for i, item in enumerate(items, 1):
            day, values = _week(i, item, fields)
            if day in seen:
                if seen[day] != values:
                    raise ShapeError(
                        f"week ending {day} is in the answer for marketing year {year} twice, with other figures"
                    )
                continue
            seen[day] = values
            sales[(year, day)] = values[0]
            own.add((year, day))
            if len(values) > 1 and (year + 1, day) not in own:
                sales[(year + 1, day)] = values[1]
    weeks: dict[date, float] = {}
    for (_, day), value in sales.items():
        weeks[day] = weeks.get(day, 0.0) + value
    declines = {day for day, value in weeks.items() if value < 0} if measure == "total-commitment" else set()
    return weeks, declines


def _week(i: int, item, fields: tuple[str, ...]) -> tuple[date, tuple[float, ...]]:
    if not isinstance(item, dict):
        raise ShapeError(f"item {i} is not a JSON object")
    for name in ("weekEndingDate", "unitId", *fields):
        if name not in item:
            raise ShapeError(f"item {i} has no field {name!r} (the API's fields may have changed)")
    try:
        day = date.fromisoformat(str(item["weekEndingDate"])[:10])
    except ValueError:
        raise ShapeError(f"item {i}: weekEndingDate {str(item['weekEndingDate'])[:40]!r} is not a date") from None
    unit_id = item["unitId"]
    if isinstance(unit_id, bool) or not isinstance(unit_id, int) or unit_id not in ESR_UNITS:
        raise ShapeError(f"week ending {day}: unitId {str(item['unitId'])[:40]!r} is not metric tons (unitId 1)")
    values = []
    for name in fields:
        x = item[name]
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or abs(x) > 1e12:
            raise ShapeError(f"week ending {day}: {name} is {str(x)[:40]!r}, not a number of tonnes")
        if name == "weeklyExports" and x < 0:
            raise ShapeError(f"week ending {day}: weeklyExports is {x!r}; shipments are never negative")
        values.append(float(x))
    return day, tuple(values)


def to_date(weeks: dict[date, float], start: date, end: date) -> list[tuple[date, float]]:
    """The running total after each week that lies wholly within [start, end]: a week is
    counted when its first day (the Friday before its Thursday end) is on or after start and its
    end on or before end, so no sale from before the period is counted."""
    total, out = 0.0, []
    for day in sorted(weeks):
        if day - timedelta(days=6) >= start and day <= end:
            total += weeks[day]
            out.append((day, total))
    return out
