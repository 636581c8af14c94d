"""tradetrack fetch: the figures of the published series the commitments name, from the USDA FAS
export-sales API (weekly) and the US Census international-trade API (monthly), as progress
rows that write/progress.add validates and appends like any other. The requests themselves
are client.py's; what each answer means, replies.py's.

Configuration, never in the data files: the keys come from TRADETRACK_ESR_KEY and
TRADETRACK_CENSUS_KEY, or from [keys] esr / census in $XDG_CONFIG_HOME/tradetrack/config.toml;
TRADETRACK_ESR_URL and TRADETRACK_CENSUS_URL point the client elsewhere (the tests' local
server); TRADETRACK_FETCH_TIMEOUT, _DEADLINE, _RETRIES and _BACKOFF tune it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tradetrack.core import codes, targets
from tradetrack.sources import census, esr
from tradetrack.sources.client import (
    Client,
    FetchError,
    Request,
    ShapeError,
    base_url,
    keys,
    missing_key,
)

__all__ = ["Client", "FetchError", "Job", "Request", "ShapeError", "keys", "missing_key", "plan", "rows", "totals"]


@dataclass
class Job:
    """One series of one commitment's period: the requests it takes and the rows they give."""

    commitment: Any  # a purchase (a period of a recurring one), core.values
    series: Any
    start: date
    end: date  # the period's last day in force, or today if that is earlier
    requests: list[Request]

    def describe(self) -> str:
        return f"{self.commitment.id} {self.series.basis}"


@dataclass
class Result:
    """What a job's answers give: to-date totals, and what a reader must be told about them."""

    figures: list[tuple[date, float]]
    declines: set[date] = field(default_factory=set)  # days whose week had negative net sales
    said: list[str] = field(default_factory=list)  # for fetch's output: gaps, codes left out, no data
    left_out: list[str] = field(default_factory=list)  # for the records' note


def plan(commitments, today: date, due_of=None) -> list[Job]:
    """A job per series of each purchase that names one and has started. `due_of(c)` gives the
    due date in force (amendments applied); without it, the written one."""
    jobs = []
    for c in commitments:
        if c.kind != "purchase" or not c.series or c.start > today:
            continue
        due = due_of(c) if due_of is not None else c.due
        end = min(due or today, today)
        for s in c.series:
            jobs.append(Job(c, s, c.start, end, requests(s, c.start, end)))
    return jobs


def sources_of(jobs: list[Job]) -> list[str]:
    return sorted({"esr" if j.series.esr is not None else "census" for j in jobs})


def requests(s, start: date, end: date) -> list[Request]:
    if s.esr is not None:
        base = base_url("esr")
        # A marketing year is labelled by the year it ends in, and starts months before it (Sep
        # for soybeans, Jun for wheat): ask every label the period may touch; years not yet
        # begun answer an empty list (or 404).
        return [
            Request(
                "esr",
                f"{base}/api/esr/exports/commodityCode/{s.esr.commodity}/countryCode/{s.esr.country}/marketYear/{y}",
                year=y,
            )
            for y in range(start.year, end.year + 2)
        ]
    base = base_url("census")
    c = s.census
    cols = census.COLUMNS[c.flow]
    # Only the figures are asked for as columns: the filters (country, code, level, time) are
    # predicates, which the API echoes as extra columns anyway.
    wanted = cols[c.measure] + (",UNIT_QY1" if c.measure == "quantity" else "")
    return [
        Request(
            "census",
            f"{base}/{c.flow}/hs",
            (
                ("get", wanted),
                ("CTY_CODE", c.country),
                (cols["commodity"], code),
                ("COMM_LVL", f"HS{len(code)}"),
                ("time", f"from {start:%Y-%m} to {end:%Y-%m}"),
            ),
        )
        for code in c.hs
    ]


def shape(request: Request):
    """The check an answer must pass before it is used or cached: the API's outer shape."""

    def check(parsed) -> None:
        if request.source == "esr":
            if not isinstance(parsed, list) or not all(isinstance(x, dict) for x in parsed):
                raise ShapeError("expected a JSON list of weekly records")
        elif parsed is not None and (
            not isinstance(parsed, list)
            or not parsed
            or not all(isinstance(row, list) for row in parsed)
            or not all(isinstance(h, str) for h in parsed[0])
        ):
            raise ShapeError("expected a JSON array of rows, the first naming the columns")

    return check


def totals(job: Job, answers: list[Any]) -> Result:
    """The to-date totals of the job's period from its answers (raises ShapeError)."""
    if job.series.esr is not None:
        return _weekly(job, answers)
    return _monthly(job, answers)


def _weekly(job: Job, answers: list[Any]) -> Result:
    s = job.series.esr
    asked = []
    for request, a in zip(job.requests, answers, strict=True):
        items = [x for x in a or [] if _codes(x) in ((s.commodity, s.country), None)]
        asked.append((request.year or 0, items))
    weeks, declines = esr.weekly_values(asked, s.measure)
    figures = esr.to_date(weeks, job.start, job.end)
    result = Result(figures, declines)
    if not weeks:
        result.said.append(
            f"nothing published yet for commodity {s.commodity} ({codes.name('esr-commodity', s.commodity)}), "
            f"country {s.country} ({codes.name('esr-country', s.country)})"
        )
    for i in range(1, len(figures)):
        if figures[i][0] - figures[i - 1][0] > timedelta(days=7):
            missing = figures[i - 1][0] + timedelta(days=7)
            result.said.append(
                f"the week ending {missing} is missing from the answer: a gap, not a revision; "
                f"figures after {figures[i - 1][0]} wait until it is published"
            )
            result.figures = figures[:i]
            break
    return result


def _monthly(job: Job, answers: list[Any]) -> Result:
    c = job.series.census
    months: dict[tuple[int, int], float] = {}
    last = None
    left_out = []
    for code, a in zip(c.hs, answers, strict=True):
        if a is None:  # 204: nothing published for this code and range
            continue
        found, units = census.monthly_values(a, c.flow, c.measure)
        if units:
            left_out.append(f"HS {code} (counted in {', '.join(sorted(units))}, not a mass)")
        for month, value in found.items():
            months[month] = months.get(month, 0.0) + value
            last = max(last or month, month)
    result = Result(census.to_date(months, last, job.start, job.end), left_out=left_out)
    if left_out:
        result.said.append(f"left out of the tonnage: {'; '.join(left_out)}")
    if last is None and not left_out:
        result.said.append(f"nothing published yet for HS {', '.join(c.hs)}, country {c.country}")
    return result


def _codes(item) -> tuple | None:
    """(commodity, country) of an ESR item, or None when it does not say (then it is kept)."""
    if not isinstance(item, dict):
        return None
    a, b = esr.code_of(item.get("commodityCode")), esr.code_of(item.get("countryCode"))
    return None if a is None and b is None else (a, b)


def rows(job: Job, result: Result, known: dict, since: date | None) -> list[tuple[dict, tuple]]:
    """Progress rows for the new figures: to-date totals on the series' basis, confirmed (the
    publisher's own figures). `known` maps (commitment, basis, date) to (amount, unit, line) of
    the last record of that day: the same figure is not added again; a different one is added
    as a revision, saying what it revises (the old record stays; the verdict takes the later)."""
    s = job.series
    unit = targets.series_unit(s)
    if s.esr is not None:
        source = f"USDA FAS Export Sales (api.fas.usda.gov), commodity {s.esr.commodity}, country {s.esr.country}"
        what = "net sales, current and next marketing year" if s.esr.measure == "total-commitment" else "exports"
        measure = None if s.esr.measure == "total-commitment" else "shipped"
        unit_of_time = "weeks"
    else:
        c = s.census
        source = f"US Census Bureau international trade API, {c.flow}/hs, HS {' + '.join(c.hs)}, country {c.country}"
        what = f"{c.flow}, {c.measure}"
        measure = None if c.measure == "value" else "quantity"
        unit_of_time = "months"
    tail = f"; left out: {'; '.join(result.left_out)}" if result.left_out else ""
    out = []
    first = result.figures[0][0] if result.figures else None
    for day, total in result.figures:
        amount = round(total, 6)
        if since is not None and day < since:
            continue
        note = f"{what}, summed over the {unit_of_time} from the one ending {first} to {day}{tail}"
        old = known.get((job.commitment.id, s.basis, day))
        if old is not None and (old[0], old[1]) == (amount, unit):
            continue  # recorded already (perhaps with another note): a second fetch adds nothing
        if old is not None:
            note = f"revises {old[0]:g} {old[1]} (line {old[2]}); " + note
        fields = {
            "commitment": job.commitment.id,
            "date": day.isoformat(),
            "amount": amount,
            "unit": unit,
            "basis": s.basis,
            "measure": measure,
            "decline": True if day in result.declines else None,
            "revises": old[2] if old is not None and old[2] else None,
            "standing": "confirmed",
            "source": source,
            "note": note,
        }
        out.append((fields, (f"fetch {job.describe()}", 0)))
    return out
