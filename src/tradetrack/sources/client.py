"""The HTTP client of `tradetrack fetch`, for the two APIs as they answer in 2026.

- USDA FAS export sales: https://api.fas.usda.gov/api/esr/..., the key (an api.data.gov key) in
  the X-Api-Key header. 403 {"error": {"code": "API_KEY_MISSING" | "API_KEY_INVALID"}} for a
  refused key; 429 OVER_RATE_LIMIT once the key's hourly quota (1,000 requests) is spent; 404
  with an empty body for a marketing year with no data. The old apps.fas.usda.gov/OpenData host
  answers 500 {"message": "An error has occurred."} to every key.
- Census international trade: the key as `key=`, required since 12 May 2026. A missing or
  refused key is a redirect (X-DataWebAPI-KeyError, Location .../missing_key.html or
  invalid_key.html) or a 200 HTML page; 204 means no rows.

The key goes only to the configured host, over https (or to a loopback test server); redirects
are never followed, so no other origin or scheme ever receives it, and no answer from elsewhere
is read. Each request has a deadline as a whole, a cap on the decoded size of its answer, and a
cap on how long a Retry-After is waited for. httpx is imported here only, when a request is made.
"""

from __future__ import annotations

import ipaddress
import json
import math
import os
import re
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from tradetrack.core.problems import Refusal
from tradetrack.core.text import counted, secret
from tradetrack.files.workspace import config_file
from tradetrack.sources import answers
from tradetrack.sources.esr import ShapeError  # noqa: F401  (raised by the shape checks)

ESR_URL = "https://api.fas.usda.gov"
CENSUS_URL = "https://api.census.gov/data/timeseries/intltrade"
ESR_SIGNUP = "https://api.data.gov/signup/"
CENSUS_SIGNUP = "https://api.census.gov/data/key_signup.html"
KEY_SETTING = {"esr": "TRADETRACK_ESR_KEY", "census": "TRADETRACK_CENSUS_KEY"}
URL_SETTING = {"esr": "TRADETRACK_ESR_URL", "census": "TRADETRACK_CENSUS_URL"}
API_NAME = {"esr": "the USDA FAS export-sales API", "census": "the Census international-trade API"}
KEY_KIND = {"esr": f"an api.data.gov key (sign up at {ESR_SIGNUP})", "census": f"a Census key ({CENSUS_SIGNUP})"}
MAX_ANSWER = 32 * 2**20  # decoded bytes: no answer of these APIs is near it
MAX_WAIT = 60.0  # seconds: a longer Retry-After stops the source and says when to try again
MAX_RETRIES = 10
OLD_HOST_ANSWER = {"message": "An error has occurred."}
_KEY = re.compile(r"[\x21-\x7e]{1,200}")


class FetchError(Refusal):
    """A request that failed for good: what happened, and what to do."""

    code = "fetch"


@dataclass(frozen=True)
class Request:
    source: str  # "esr" or "census"
    url: str
    params: tuple[tuple[str, str], ...] = ()
    year: int | None = None  # ESR: the marketing year asked for

    def label(self) -> str:
        """The request as shown: path and query, never the key (which is not among params)."""
        path = urlsplit(self.url).path
        query = "&".join(f"{k}={v}" for k, v in self.params)
        return path + (f"?{query}" if query else "")


# --- settings ---------------------------------------------------------------------------------


def keys() -> dict[str, str | None]:
    """The API keys: from the environment, else the user's config file. Each is registered as a
    secret, so no message can show it."""
    found: dict[str, str | None] = {s: os.environ.get(v) or None for s, v in KEY_SETTING.items()}
    where = dict(KEY_SETTING)
    path = config_file()
    if None in found.values() and path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("keys", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise FetchError(f"{path}: cannot read the keys ({e})", 'fix the file: [keys] esr = "..."') from None
        for name in found:
            if found[name] is None and isinstance(table.get(name), str) and table[name]:
                found[name], where[name] = table[name], f"[keys] {name} in {path}"
    for name, value in found.items():
        secret(value)
        if value is not None and not _KEY.fullmatch(value):
            raise FetchError(
                f"the {name} key in {where[name]} is not plain ASCII without spaces",
                f"copy the key again: it is {KEY_KIND[name]}",
            )
    return found


def missing_key(source: str) -> FetchError:
    return FetchError(
        f"{API_NAME[source]} needs a key, and none is set",
        f"it takes {KEY_KIND[source]}; then export {KEY_SETTING[source]}=... "
        f'or put {source} = "..." under [keys] in {config_file()}',
    )


def base_url(source: str) -> str:
    """The configured address of a source: https, or http only to a loopback test server."""
    url = (os.environ.get(URL_SETTING[source]) or (ESR_URL if source == "esr" else CENSUS_URL)).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return url
    raise FetchError(
        f"{URL_SETTING[source]}={url!r}: the key is sent only over https (or to a loopback test server)",
        f"unset {URL_SETTING[source]} to use {ESR_URL if source == 'esr' else CENSUS_URL}",
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def number(name: str, default: float, most: float) -> float:
    """A numeric setting: finite, not negative, at most `most`."""
    text = os.environ.get(name)
    try:
        value = float(text) if text else default
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise FetchError(f"{name}={text!r} is not a finite number of 0 or more", f"e.g. {name}={default:g}")
    return min(value, most)


# --- the client -------------------------------------------------------------------------------


@dataclass
class Client:
    """GETs answers with retries, a deadline and a cache. `offline`: the cache only."""

    keys: dict[str, str | None]
    offline: bool = False
    timeout: float = field(default_factory=lambda: number("TRADETRACK_FETCH_TIMEOUT", 30.0, 600.0))
    deadline: float = field(default_factory=lambda: number("TRADETRACK_FETCH_DEADLINE", 120.0, 3600.0))
    retries: int = field(default_factory=lambda: int(number("TRADETRACK_FETCH_RETRIES", 4, MAX_RETRIES)))
    backoff: float = field(default_factory=lambda: number("TRADETRACK_FETCH_BACKOFF", 1.0, MAX_WAIT))
    cached: list[tuple[Request, str]] = field(default_factory=list)  # answered from the cache, and when
    stopped: dict[str, FetchError] = field(default_factory=dict)  # a source whose quota is spent
    _http: Any = None
    _pruned: bool = False
    _seen: dict = field(default_factory=dict)  # request -> parsed answer: each asked once a run

    def get(self, request: Request, shape) -> Any:
        """The parsed answer, once `shape` (which raises ShapeError) accepts it; then cached.
        None for "no rows" (Census 204)."""
        if request in self._seen:  # two series of one answer (net sales and exports of a year)
            return self._seen[request]
        self._seen[request] = answer = self._get(request, shape)
        return answer

    def _get(self, request: Request, shape) -> Any:
        if self.offline:
            return self._from_cache(request, "--offline", shape)
        if request.source in self.stopped:
            raise self.stopped[request.source]
        try:
            body = self._fetch(request)
        except _Unreachable as e:
            return self._from_cache(request, str(e), shape)
        parsed = parse(request, body)
        shape(parsed)
        if not self._pruned:
            answers.prune()
            self._pruned = True
        answers.store(request.url, request.params, body)
        return parsed

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def _from_cache(self, request: Request, why: str, shape) -> Any:
        entry = answers.load(request.url, request.params)
        if entry is None:
            raise FetchError(
                f"{request.label()}: {why}, and no answer to this request is cached",
                "run again with a network (answers are cached for the next time)",
            )
        parsed = parse(request, entry["body"])
        shape(parsed)
        self.cached.append((request, entry["fetched"]))
        return parsed

    def _fetch(self, request: Request) -> str | None:
        import httpx  # only here: status and the other commands never pay for it

        key = self.keys.get(request.source)
        if not key:
            raise missing_key(request.source)
        if self._http is None:
            self._http = httpx.Client(
                timeout=httpx.Timeout(min(self.timeout, self.deadline)),
                follow_redirects=False,
                verify=_tls(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
            )
        headers, params = {"Accept": "application/json"}, list(request.params)
        if request.source == "esr":
            headers["X-Api-Key"] = key
        else:
            params.append(("key", key))
        host = urlsplit(request.url).netloc
        problem = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                status, head, raw = self._once(request, params, headers)
            except httpx.TimeoutException:
                problem = f"no answer from {host} within {min(self.timeout, self.deadline):g} s"
            except httpx.DecodingError:
                raise FetchError(
                    f"{request.label()}: the answer's Content-Encoding does not match its body",
                    "the server or a proxy in between is broken; nothing from it was used",
                ) from None
            except httpx.TransportError as e:
                problem = f"cannot reach {host} ({type(e).__name__})"
            else:
                from tradetrack.sources.replies import Retry, read

                outcome = read(request, status, head, raw, host)
                if not isinstance(outcome, Retry):
                    return outcome
                if outcome.wait is not None and outcome.wait > MAX_WAIT:
                    raise later(request, f"{host} asks to wait {outcome.wait:g} s (Retry-After)", outcome.wait)
                problem = outcome.problem
                wait = max(wait, outcome.wait or 0.0)
            if attempt < self.retries:
                time.sleep(min(wait, MAX_WAIT))
        raise _Unreachable(f"{problem}, after {counted(self.retries + 1, 'try', 'tries')}")

    def _once(self, request: Request, params: list, headers: dict) -> tuple[int, Any, bytes]:
        """One GET, read whole within the deadline and the size cap."""
        start = time.monotonic()
        with self._http.stream("GET", request.url, params=params, headers=headers) as r:
            chunks, size = [], 0
            if not 300 <= r.status_code < 400:  # a redirect's body is never read
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER:
                        raise FetchError(
                            f"{request.label()}: the answer is larger than {MAX_ANSWER // 2**20} MiB decoded",
                            "no answer of this API is that large; nothing from it was used",
                        )
                    if time.monotonic() - start > self.deadline:
                        raise FetchError(
                            f"{request.label()}: the answer did not arrive whole within {self.deadline:g} s",
                            "the server is sending too slowly; try again later (TRADETRACK_FETCH_DEADLINE)",
                        )
                    chunks.append(chunk)
            return r.status_code, r.headers, b"".join(chunks)


class _Unreachable(Exception):
    """No usable answer after every retry: the cache may still have one."""


def later(request: Request, what: str, seconds: float) -> FetchError:
    when = datetime.now(UTC) + timedelta(seconds=seconds)
    return FetchError(
        f"{request.label()}: {what}",
        f"try again after {when:%Y-%m-%d %H:%M} UTC; nothing from this source was used",
    )


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError, OverflowError):
            return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def parse(request: Request, body: str | None) -> Any:
    """The JSON of an answer (None for no content)."""
    if body is None:
        return None
    try:
        return json.loads(body)
    except RecursionError:
        problem = "is nested too deeply"
    except json.JSONDecodeError:
        start = " ".join(body[:80].split())
        raise FetchError(
            f"{request.label()}: the answer is not JSON or ended early (it begins {start!r})",
            "run again; if it persists, the API may have changed",
        ) from None
    except ValueError as e:  # e.g. an integer of thousands of digits
        problem = f"holds a value Python refuses ({str(e)[:60]})"
    raise FetchError(f"{request.label()}: the answer {problem}", "nothing from it was used or cached")


@cache
def _tls(cert_file: str | None, cert_dir: str | None):
    """The TLS context httpx would build (certifi's roots, or the SSL_CERT_FILE/_DIR it honours),
    made once per process: loading the roots costs ~20 ms, paid by every client otherwise."""
    import httpx

    return httpx.create_ssl_context()
