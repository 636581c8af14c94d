"""A local stand-in for the USDA FAS export-sales API and the Census international-trade API,
on the loopback interface only, answering in their real shapes: ESR's list of weekly objects
(key in the API_KEY header), Census's array of rows whose first row names the columns (key as
a query parameter, 204 when nothing is published). Knobs make it misbehave the ways real
servers do: refused keys, rate limits, server errors, slow answers, truncated bodies, changed
fields. The client under test is the real one, pointed here by TRADETRACK_ESR_URL and
TRADETRACK_CENSUS_URL."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ESR_KEY = "esr-test-key"
CENSUS_KEY = "census-test-key"
ESR_PATH = re.compile(r"^/esr/api/esr/exports/commodityCode/(\d+)/countryCode/(\d+)/marketYear/(\d+)$")
CENSUS_PATH = re.compile(r"^/census/(exports|imports)/hs$")


def week(day: str, net: float, next_net: float = 0.0, shipped: float = 0.0, **extra) -> dict:
    """One ESR weekly object, with every field the API documents (numbers in tonnes)."""
    item = {
        "commodityCode": 801,
        "countryCode": 5700,
        "weeklyExports": shipped,
        "accumulatedExports": 0,
        "outstandingSales": 0,
        "grossNewSales": max(net, 0),
        "currentMYNetSales": net,
        "currentMYTotalCommitment": 0,
        "nextMYOutstandingSales": 0,
        "nextMYNetSales": next_net,
        "unitId": 1,
        "weekEndingDate": f"{day}T00:00:00",
    }
    item.update(extra)
    return item


@dataclass
class Api:
    """What the server knows and how it behaves; tests change it between runs."""

    esr: dict = field(default_factory=dict)  # (commodity, country, market year) -> [weekly objects]
    census: dict = field(default_factory=dict)  # (flow, hs, country) -> {"YYYY-MM": (value, qty, unit)}
    failures: list = field(default_factory=list)  # statuses to answer before answering properly
    delay: float = 0.0  # seconds before each answer
    truncate: bool = False  # cut each body in half
    requests: list = field(default_factory=list)  # (path, query, headers) of every request
    server: object = None  # the Server answering for it

    def answer(self, path: str, query: dict, headers: dict) -> tuple[int, dict, bytes]:
        self.requests.append((path, query, headers))
        if self.delay:
            time.sleep(self.delay)
        if self.failures:
            status = self.failures.pop(0)
            return status, {"Retry-After": "0"}, b"busy"
        if m := ESR_PATH.match(path):
            if headers.get("api_key") != ESR_KEY:
                return 403, {}, b'{"message": "Bad API Key"}'
            body = json.dumps(self.esr.get(tuple(int(x) for x in m.groups()), []))
        elif m := CENSUS_PATH.match(path):
            if query.get("key", [CENSUS_KEY])[0] != CENSUS_KEY:
                return 403, {}, b"<html>Invalid Key</html>"
            status, body = self._census(m.group(1), query)
            if status != 200:
                return status, {}, body.encode()
        else:
            return 404, {}, b"not found"
        data = body.encode()
        return 200, {"Content-Type": "application/json"}, data[: len(data) // 2] if self.truncate else data

    def _census(self, flow: str, query: dict) -> tuple[int, str]:
        get = query["get"][0].split(",")
        commodity = "E_COMMODITY" if flow == "exports" else "I_COMMODITY"
        code, country = query[commodity][0], query["CTY_CODE"][0]
        m = re.fullmatch(r"from (\d{4}-\d{2}) to (\d{4}-\d{2})", query["time"][0])
        if m is None:
            return 400, "error: invalid 'time' value"
        months = self.census.get((flow, code, int(country)))
        if months is None:
            return 400, f"error: unknown {commodity} value {code}"
        rows = []
        for month, (value, qty, unit) in sorted(months.items()):
            if m.group(1) <= month <= m.group(2):
                cells = {
                    "ALL_VAL_MO": value,
                    "GEN_VAL_MO": value,
                    "QTY_1_MO": qty,
                    "GEN_QY1_MO": qty,
                    "UNIT_QY1": unit,
                    "CTY_CODE": country,
                    commodity: code,
                }
                # as the API does: every number as text; the predicates echoed; time last
                rows.append([str(cells[name]) for name in get] + [query["COMM_LVL"][0], month])
        if not rows:
            return 204, ""
        return 200, json.dumps([get + ["COMM_LVL", "time"]] + rows)


class Server:
    def __init__(self, api: Api) -> None:
        self.api = api
        handler = type("Handler", (_Handler,), {"api": api})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    api: Api

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra, body = self.api.answer(parts.path, parse_qs(parts.query), headers)
        self.send_response(status)
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass
