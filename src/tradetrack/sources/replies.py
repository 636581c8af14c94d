"""What each answer of the two APIs means, status by status: the text to parse, nothing (no
rows), an answer worth asking again for (Retry), or a FetchError that says what happened and
what to do. Shapes as their users reported them in 2026 (see client.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tradetrack.core.text import counted
from tradetrack.files.workspace import config_file
from tradetrack.sources.client import (
    ESR_URL,
    KEY_KIND,
    KEY_SETTING,
    MAX_WAIT,
    OLD_HOST_ANSWER,
    URL_SETTING,
    FetchError,
    Request,
    later,
    retry_after,
)

UTF8 = {None, "utf-8", "utf8", "us-ascii", "ascii"}


@dataclass(frozen=True)
class Retry:
    """An answer worth asking again for: a server error, a rate limit."""

    problem: str
    wait: float | None = None  # Retry-After, seconds


def read(request: Request, status: int, headers: Any, raw: bytes, host: str) -> str | None | Retry:
    """The meaning of one answer (raises FetchError for one that ends the request)."""
    if 300 <= status < 400:
        return _redirect(request, status, headers, host)
    text = _text(request, headers, raw)
    if status == 200:
        if "html" in headers.get("content-type", "").lower() or text.lstrip()[:1] == "<":
            if request.source == "census":
                raise key_refused(request, "answered with a web page (an invalid-key page)")
            raise FetchError(
                f"{request.label()}: {host} answered with a web page, not the API's JSON",
                "a captive portal or proxy may be in the way; nothing from it was used",
            )
        return text
    if status == 204:
        return None
    error = _error_code(text)
    if status in (401, 403):
        raise key_refused(request, f"refused the key (HTTP {status}{f', {error}' if error else ''})")
    if request.source == "esr" and status == 404 and error is None:
        return "[]"  # a marketing year with no data: an empty text body
    if status == 429:
        wait = retry_after(headers.get("retry-after"))
        if request.source == "esr" and (error == "OVER_RATE_LIMIT" or headers.get("x-ratelimit-remaining") == "0"):
            if wait is not None and wait <= MAX_WAIT:
                return Retry(f"{host} answered HTTP 429", wait)
            limit = headers.get("x-ratelimit-limit")
            raise later(
                request,
                "the key's hourly quota is spent"
                + (f" ({counted(int(limit), 'request')} an hour)" if limit and limit.isdigit() else "")
                + ": the quota is counted over a rolling hour, so retrying now cannot help",
                wait if wait is not None else 3600.0,
            )
        return Retry(f"{host} answered HTTP 429", wait)
    if request.source == "esr" and status == 500 and _json(text) == OLD_HOST_ANSWER:
        raise FetchError(
            f"{request.label()}: {host} no longer serves the API, or refused the key "
            '(HTTP 500 "An error has occurred.")',
            f"the export-sales API is at {ESR_URL} and takes {KEY_KIND['esr']}: "
            f"unset {URL_SETTING['esr']} or point it there",
        )
    if status >= 500:
        return Retry(f"{host} answered HTTP {status}", retry_after(headers.get("retry-after")))
    raise FetchError(
        f"{request.label()}: HTTP {status}: {' '.join(text.split())[:200]}",
        "check the series' codes (`tradetrack codes`) and the commitment's period",
    )


def key_refused(request: Request, what: str) -> FetchError:
    source = request.source
    return FetchError(
        f"{request.label()}: {'the export-sales API' if source == 'esr' else 'the Census API'} {what}: "
        "the key is missing or refused",
        f"check {KEY_SETTING[source]} or {source} under [keys] in {config_file()}; it takes {KEY_KIND[source]}",
    )


def _redirect(request: Request, status: int, headers: Any, host: str) -> str:
    location = headers.get("location", "")
    if request.source == "census" and (
        "x-datawebapi-keyerror" in headers or location.rsplit("?", 1)[0].endswith("_key.html")
    ):
        page = location.rsplit("/", 1)[-1].split("?")[0]
        raise key_refused(request, f"redirected to {page or 'a key page'}")
    raise FetchError(
        f"{request.label()}: {host} answered HTTP {status}, a redirect to {location[:200]!r}: not followed",
        f"the key goes only to the configured host; if the API has moved, set {URL_SETTING[request.source]}",
    )


def _text(request: Request, headers: Any, raw: bytes) -> str:
    ctype = headers.get("content-type", "")
    charset = None
    for part in ctype.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    if charset not in UTF8:
        raise FetchError(
            f"{request.label()}: the answer is in the charset {charset!r}, and the API answers in UTF-8",
            "a proxy may be rewriting answers; nothing from it was used",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(
            f"{request.label()}: the answer is not valid UTF-8", "nothing from it was used or cached"
        ) from None


def _json(text: str) -> Any:
    try:
        return json.loads(text) if len(text) < 10_000 else None
    except ValueError:
        return None


def _error_code(text: str) -> str | None:
    """api.data.gov's error code: {"error": {"code": "API_KEY_INVALID", "message": ...}}."""
    doc = _json(text)
    error = doc.get("error") if isinstance(doc, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) and code.replace("_", "").isalnum() else None
