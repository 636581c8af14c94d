"""tradetrack fetch: the figures of the published series the commitments name, from the USDA FAS
export-sales API (weekly) and the US Census international-trade API (monthly), as progress
rows that write/progress.add validates and appends like any other.

A good network client: timeouts; retries with backoff on 429, 5xx and dropped connections
(honouring Retry-After); a clear message for a missing or rejected key, an unknown code, or a
response whose shape changed. Every answer is kept in a cache on disk, keyed by the request
(never by the key), so a re-run without a network works from the cache and says so.

Configuration, never in the data files: the keys come from TRADETRACK_ESR_KEY and
TRADETRACK_CENSUS_KEY, or from [keys] esr / census in $XDG_CONFIG_HOME/tradetrack/config.toml;
TRADETRACK_ESR_URL and TRADETRACK_CENSUS_URL point the client elsewhere (the tests' local
server); TRADETRACK_FETCH_TIMEOUT, _RETRIES and _BACKOFF tune it. httpx is imported here only,
when a request is made.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tradetrack.core import targets
from tradetrack.files.workspace import cache_dir, config_file
from tradetrack.sources import census, esr
from tradetrack.sources.esr import ShapeError

ESR_URL = "https://apps.fas.usda.gov/OpenData"
CENSUS_URL = "https://api.census.gov/data/timeseries/intltrade"
ESR_SIGNUP = "https://apps.fas.usda.gov/opendatawebv2/#/signup"
CENSUS_SIGNUP = "https://api.census.gov/data/key_signup.html"


class FetchError(Exception):
    """A request that failed for good: what happened, and what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Request:
    source: str  # "esr" or "census"
    url: str
    params: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        path = urlsplit(self.url).path
        query = "&".join(f"{k}={v}" for k, v in self.params)
        return path + (f"?{query}" if query else "")

    def cache_key(self) -> str:
        return hashlib.sha256(json.dumps([self.url, list(self.params)]).encode()).hexdigest()[:32]


# --- keys and settings ------------------------------------------------------------------------


def keys() -> dict[str, str | None]:
    """The API keys: from the environment, else the user's config file."""
    found: dict[str, str | None] = {
        "esr": os.environ.get("TRADETRACK_ESR_KEY") or None,
        "census": os.environ.get("TRADETRACK_CENSUS_KEY") or None,
    }
    path = config_file()
    if None in found.values() and path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("keys", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise FetchError(f"{path}: cannot read the keys ({e})", 'fix the file: [keys] esr = "..."') from None
        for name in found:
            if found[name] is None and isinstance(table.get(name), str):
                found[name] = table[name]
    return found


def _number(name: str, default: float) -> float:
    text = os.environ.get(name)
    try:
        value = float(text) if text else default
    except ValueError:
        raise FetchError(f"{name}={text!r} is not a number") from None
    return max(0.0, value)


def missing_key() -> FetchError:
    return FetchError(
        "the USDA FAS OpenData API needs a key, and none is set",
        f"get one at {ESR_SIGNUP}, then export TRADETRACK_ESR_KEY=... "
        f'or put esr = "..." under [keys] in {config_file()}',
    )


# --- the client -------------------------------------------------------------------------------


@dataclass
class Client:
    """GETs JSON with retries and a cache. `offline`: the cache only."""

    keys: dict[str, str | None]
    offline: bool = False
    timeout: float = field(default_factory=lambda: _number("TRADETRACK_FETCH_TIMEOUT", 30.0))
    retries: int = field(default_factory=lambda: int(_number("TRADETRACK_FETCH_RETRIES", 4)))
    backoff: float = field(default_factory=lambda: _number("TRADETRACK_FETCH_BACKOFF", 1.0))
    cached: list[tuple[Request, str]] = field(default_factory=list)  # answered from the cache, and when
    _http: Any = None

    def get(self, request: Request) -> Any:
        """The parsed JSON of the answer (None for 204 No Content)."""
        if self.offline:
            return self._from_cache(request, "--offline")
        try:
            body = self._fetch(request)
        except _Unreachable as e:
            return self._from_cache(request, str(e))
        _store(request, body)
        return _parse(request, body)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def _from_cache(self, request: Request, why: str) -> Any:
        entry = _load(request)
        if entry is None:
            raise FetchError(
                f"{request.label()}: {why}, and no answer to this request is cached",
                "run again with a network (answers are cached for the next time)",
            )
        self.cached.append((request, entry["fetched"]))
        return _parse(request, entry["body"])

    def _fetch(self, request: Request) -> str | None:
        import httpx  # only here: status and the other commands never pay for it

        if self._http is None:
            self._http = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=True)
        headers, params = {"Accept": "application/json"}, list(request.params)
        key = self.keys.get(request.source)
        if request.source == "esr":
            if not key:
                raise missing_key()
            headers["API_KEY"] = key
        elif key:
            params.append(("key", key))
        host = urlsplit(request.url).netloc
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                response = self._http.get(request.url, params=params, headers=headers)
            except httpx.TimeoutException:
                problem = f"no answer from {host} within {self.timeout:g} s"
            except httpx.TransportError as e:
                problem = f"cannot reach {host} ({type(e).__name__})"
            else:
                status = response.status_code
                if status == 200:
                    try:
                        return response.text
                    except (httpx.HTTPError, UnicodeDecodeError) as e:
                        problem = f"the answer from {host} broke off ({type(e).__name__})"
                elif status == 204:
                    return None
                elif status in (401, 403):
                    raise FetchError(
                        f"{request.label()}: the key was refused (HTTP {status})",
                        "check the key: "
                        + ("TRADETRACK_ESR_KEY" if request.source == "esr" else "TRADETRACK_CENSUS_KEY")
                        + f" or [keys] in {config_file()}",
                    )
                elif status == 429 or status >= 500:
                    problem = f"{host} answered HTTP {status}"
                    wait = max(wait, _retry_after(response.headers.get("Retry-After")))
                else:
                    text = " ".join(response.text.split())[:200]
                    raise FetchError(
                        f"{request.label()}: HTTP {status}: {text}",
                        "check the series' codes (commodity, country, HS)",
                    )
            if attempt < self.retries:
                time.sleep(min(wait, 60.0))
        raise _Unreachable(f"{problem}, after {self.retries + 1} tries")


class _Unreachable(Exception):
    """No usable answer after every retry: the cache may still have one."""


def _retry_after(value: str | None) -> float:
    try:
        return min(float(value), 60.0) if value else 0.0
    except ValueError:
        return 0.0


def _parse(request: Request, body: str | None) -> Any:
    if body is None:
        return None
    try:
        return json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        start = " ".join(body[:80].split())
        raise FetchError(
            f"{request.label()}: the answer is not JSON or ended early (it begins {start!r})",
            "run again; if it persists, the API may have changed",
        ) from None


# --- the response cache -----------------------------------------------------------------------


def _cache_path(request: Request) -> Path:
    return cache_dir() / "fetch" / f"{request.cache_key()}.json"


def _store(request: Request, body: str | None) -> None:
    """Keep the answer for an offline re-run; failing to is never fatal."""
    path = _cache_path(request)
    entry = {
        "url": request.url,
        "params": list(request.params),
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
        "body": body,
    }
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry.", suffix=".tmp")  # 0600
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entry, f)
        os.replace(tmp, path)
    except OSError:
        pass


def _load(request: Request) -> dict | None:
    path = _cache_path(request)
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            return None
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    ok = isinstance(entry, dict) and entry.get("url") == request.url and isinstance(entry.get("fetched"), str)
    return entry if ok and [tuple(p) for p in entry.get("params", [])] == list(request.params) else None


# --- what to ask, and what the answers mean ---------------------------------------------------


@dataclass
class Job:
    """One series of one commitment's period: the requests it takes and the rows they give."""

    commitment: Any  # a purchase (a period of a recurring one), core.values
    series: Any
    start: date
    end: date  # the period's last day, or today if that is earlier
    requests: list[Request]

    def describe(self) -> str:
        return f"{self.commitment.id} {self.series.basis}"


def plan(commitments, today: date) -> list[Job]:
    """A job per series of each purchase that names one and has started."""
    jobs = []
    for c in commitments:
        if c.kind != "purchase" or not c.series or c.start > today:
            continue
        end = min(c.due or today, today)
        for s in c.series:
            jobs.append(Job(c, s, c.start, end, _requests(s, c.start, end)))
    return jobs


def _requests(s, start: date, end: date) -> list[Request]:
    if s.esr is not None:
        base = os.environ.get("TRADETRACK_ESR_URL") or ESR_URL
        # A marketing year is labelled by the year it ends in, and starts months before it (Sep
        # for soybeans, Jun for wheat): ask every label the period may touch; each week is
        # answered by one year only, and years not yet begun answer an empty list.
        return [
            Request(
                "esr",
                f"{base}/api/esr/exports/commodityCode/{s.esr.commodity}/countryCode/{s.esr.country}/marketYear/{y}",
            )
            for y in range(start.year, end.year + 2)
        ]
    base = os.environ.get("TRADETRACK_CENSUS_URL") or CENSUS_URL
    c = s.census
    cols = census.COLUMNS[c.flow]
    wanted = cols[c.measure] + (",UNIT_QY1" if c.measure == "quantity" else "")
    return [
        Request(
            "census",
            f"{base}/{c.flow}/hs",
            (
                ("get", f"{wanted},CTY_CODE,{cols['commodity']}"),
                ("CTY_CODE", str(c.country)),
                (cols["commodity"], code),
                ("COMM_LVL", f"HS{len(code)}"),
                ("time", f"from {start:%Y-%m} to {end:%Y-%m}"),
            ),
        )
        for code in c.hs
    ]


def totals(job: Job, answers: list[Any]) -> list[tuple[date, float]]:
    """The to-date totals of the job's period from its answers (raises ShapeError, FetchError)."""
    s = job.series
    if s.esr is not None:
        items = []
        for a in answers:
            if a is None:
                continue
            if not isinstance(a, list):
                raise ShapeError("expected a JSON list of weekly records")
            items += [x for x in a if not isinstance(x, dict) or _codes(x) in ((s.esr.commodity, s.esr.country), None)]
        if not items:
            raise FetchError(
                f"no weekly figures for commodity {s.esr.commodity}, country {s.esr.country}",
                "check the codes: /api/esr/commodities and /api/esr/countries list them",
            )
        return esr.to_date(esr.weekly_values(items, s.esr.measure), job.start, job.end)
    months: dict[tuple[int, int], float] = {}
    last = None
    for a in answers:
        if a is None:  # 204: nothing published for this code and range
            continue
        for month, value in census.monthly_values(a, s.census.flow, s.census.measure).items():
            months[month] = months.get(month, 0.0) + value
            last = max(last or month, month)
    if last is None:
        raise FetchError(
            f"no monthly figures for HS {', '.join(s.census.hs)}, country {s.census.country}",
            "check the codes; the latest month may not be published yet",
        )
    return census.to_date(months, last, job.start, job.end)


def _codes(item: dict) -> tuple | None:
    """(commodity, country) of an ESR item, or None when it does not say (then it is kept)."""
    a, b = esr._code(item.get("commodityCode")), esr._code(item.get("countryCode"))
    return None if a is None and b is None else (a, b)


def rows(job: Job, figures: list[tuple[date, float]], known: dict, since: date | None) -> list[tuple[dict, tuple]]:
    """Progress rows for the new figures: to-date totals on the series' basis. `known` maps
    (commitment, basis, date) to (amount, unit, line) of the last record of that day: the same
    figure is not added again; a different one is added as a revision, saying what it revises
    (the old record stays; the verdict takes the later)."""
    s = job.series
    unit = targets.series_unit(s)
    if s.esr is not None:
        source = f"USDA FAS Export Sales (OpenData API), commodity {s.esr.commodity}, country {s.esr.country}"
        what = "net sales, current and next marketing year" if s.esr.measure == "total-commitment" else "exports"
        measure = None if s.esr.measure == "total-commitment" else "shipped"
        unit_of_time = "weeks"
    else:
        c = s.census
        source = f"US Census Bureau international trade API, {c.flow}/hs, HS {' + '.join(c.hs)}, country {c.country}"
        what = f"{c.flow}, {c.measure}"
        measure = None if c.measure == "value" else "quantity"
        unit_of_time = "months"
    out, previous = [], None
    first = figures[0][0] if figures else None
    for day, total in figures:
        amount = round(total, 6)
        if since is None or day >= since:
            note = f"{what}, summed over the {unit_of_time} from the one ending {first} to {day}"
            old = known.get((job.commitment.id, s.basis, day))
            if old is not None and (old[0], old[1]) == (amount, unit):
                previous = amount
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
                "decline": True if previous is not None and amount < previous else None,
                "revises": old[2] if old is not None and old[2] else None,
                "source": source,
                "note": note,
            }
            out.append((fields, (f"fetch {job.describe()}", 0)))
        previous = amount
    return out
