"""A local stand-in for the USDA FAS export-sales API and the Census international-trade API,
on the loopback interface only, answering in their real shapes as their users reported them in
2026. The client under test is the real one, pointed here by TRADETRACK_ESR_URL and
TRADETRACK_CENSUS_URL. Where each shape comes from:

- ESR weekly objects: the fields of /api/esr/exports as a public ESR client's tests record them
  ("verified against the OpenData swagger examples and captured API output"; REAL_ESR_WEEK).
  The key in the X-Api-Key header (api.data.gov's developer manual, 18F/api.data.gov).
- ESR key errors and quota: api.data.gov's documented error bodies, {"error": {"code":
  "API_KEY_MISSING" | "API_KEY_INVALID" | "OVER_RATE_LIMIT", "message": ...}}, 403 and 429, with
  X-RateLimit-Limit / -Remaining (18F/api.data.gov content/docs/developer-manual).
- The old apps.fas.usda.gov/OpenData host: HTTP 500 {"message":"An error has occurred."} for
  every key (GSA/api.data.gov issue 710, July 2026).
- A marketing year with no data: 404 with an empty text body; a malformed path: 400
  {"message":"The request is invalid."}; unknown codes and future years: [] (issue 21).
- Census: every cell a string, the predicates echoed as extra columns in the order asked,
  `time` last as YYYY-MM, one row a line: as REAL_CENSUS_ANSWER, a real answer copied from a
  public notebook, shows (and a public client's "dedupe_cols": "The API echoes predicate
  columns (time, COMM_LVL, commodity) at the end"); 204 for no rows. Without a key: 302 with
  X-DataWebAPI-KeyError: 1 and Location .../missing_key.html (npr99/intersect-community-data
  pull 135; CenterOnBudget/getcensus issue 77); a bad key: a redirect to invalid_key.html
  (getcensus issue 56) or a 200 HTML page "Invalid Key" (censusdis issue 319, whose body is
  INVALID_KEY_PAGE below).

Knobs make it misbehave the ways real servers and the networks between do: refused keys, rate
limits, server errors, slow or dripping answers, truncated bodies, changed fields, and `raw`
answers for the attacks (charsets, encodings, redirects, escapes).
"""

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

# One week of soybean sales to China as a public client's tests record the API's answer.
REAL_ESR_WEEK = {
    "commodityCode": 801,
    "countryCode": 5700,
    "weeklyExports": 13506,
    "accumulatedExports": 13506,
    "outstandingSales": 352846,
    "grossNewSales": 224335,
    "currentMYNetSales": 25376,
    "currentMYTotalCommitment": 366352,
    "nextMYOutstandingSales": 0,
    "nextMYNetSales": 0,
    "unitId": 1,
    "weekEndingDate": "2026-07-23T00:00:00",
}
# api.data.gov's error bodies (its developer manual gives the codes and the JSON form).
KEY_MISSING = {
    "error": {"code": "API_KEY_MISSING", "message": "No api_key was supplied. Get one at https://api.data.gov"}
}
KEY_INVALID = {
    "error": {"code": "API_KEY_INVALID", "message": "An invalid api_key was supplied. Get one at https://api.data.gov"}
}
OVER_RATE_LIMIT = {
    "error": {"code": "OVER_RATE_LIMIT", "message": "The API key has exceeded the rate limits. Try again later."}
}
OLD_HOST = {"message": "An error has occurred."}  # GSA/api.data.gov issue 710
INVALID_REQUEST = {"message": "The request is invalid."}
# The Census API's invalid-key page, as censusdis issue 319 quotes it.
INVALID_KEY_PAGE = """<div class="flex-container content">
    <div class="content-wrap center">
        <h1>Invalid Key</h1>
        <p>
            A valid <em>key</em> must be included with each data API request.
            You included a key with this request, however, it is not valid.
            Please check your key and try again.
        </p>
        <p>
            If you do not have a key you may sign up for one <a href="key_signup.html">here</a>.
        </p>
    </div>
</div>
"""


# A real answer, verbatim: US exports of gasoline (HS 2710121510) to Canada (1220), month by
# month from January 2016, as printed by a public course notebook (m-mcmain/m-mcmain.github.io,
# "_pages/Econ_390_mds/Econ_390 Lecture 17 - Additional APIs_full.md", March 2026) for
# GET .../intltrade/exports/hs?get=ALL_VAL_MO&COMM_LVL=HS10&E_COMMODITY=2710121510&CTY_CODE=1220
# &time=from+2016-01. Every cell text, the predicates echoed in the order asked, `time` last,
# one row a line.
REAL_CENSUS_ANSWER = b"""[["ALL_VAL_MO","COMM_LVL","E_COMMODITY","CTY_CODE","time"],
["155905","HS10","2710121510","1220","2016-01"],
["260801","HS10","2710121510","1220","2016-02"],
["241362","HS10","2710121510","1220","2016-03"],
["461102","HS10","2710121510","1220","2016-04"],
["442085","HS10","2710121510","1220","2016-05"],
["449950","HS10","2710121510","1220","2016-06"],
["398612","HS10","2710121510","1220","2016-07"],
["214201","HS10","2710121510","1220","2016-08"],
["260553","HS10","2710121510","1220","2016-09"],
["94817","HS10","2710121510","1220","2016-10"],
["93819","HS10","2710121510","1220","2016-11"],
["119305","HS10","2710121510","1220","2016-12"],
["118137","HS10","2710121510","1220","2017-01"],
["54086","HS10","2710121510","1220","2017-02"],
["116552","HS10","2710121510","1220","2017-03"],
["318672","HS10","2710121510","1220","2017-04"],
["444123","HS10","2710121510","1220","2017-05"],
["389088","HS10","2710121510","1220","2017-06"],
["272465","HS10","2710121510","1220","2017-07"],
["511173","HS10","2710121510","1220","2017-08"],
["130557","HS10","2710121510","1220","2017-09"],
["201213","HS10","2710121510","1220","2017-10"],
["40139","HS10","2710121510","1220","2017-11"],
["103272","HS10","2710121510","1220","2017-12"],
["137066","HS10","2710121510","1220","2018-01"],
["361690","HS10","2710121510","1220","2018-02"],
["1320733","HS10","2710121510","1220","2018-03"],
["1007941","HS10","2710121510","1220","2018-04"],
["1073177","HS10","2710121510","1220","2018-05"],
["928253","HS10","2710121510","1220","2018-06"],
["1375339","HS10","2710121510","1220","2018-07"],
["558228","HS10","2710121510","1220","2018-08"],
["217529","HS10","2710121510","1220","2018-09"],
["187087","HS10","2710121510","1220","2018-10"],
["142569","HS10","2710121510","1220","2018-11"],
["83674","HS10","2710121510","1220","2018-12"],
["87341","HS10","2710121510","1220","2019-01"],
["99474","HS10","2710121510","1220","2019-02"],
["218571","HS10","2710121510","1220","2019-03"],
["348237","HS10","2710121510","1220","2019-04"],
["505889","HS10","2710121510","1220","2019-05"],
["360161","HS10","2710121510","1220","2019-06"],
["353637","HS10","2710121510","1220","2019-07"],
["446640","HS10","2710121510","1220","2019-08"],
["151817","HS10","2710121510","1220","2019-09"],
["69939","HS10","2710121510","1220","2019-10"],
["181568","HS10","2710121510","1220","2019-11"],
["107361","HS10","2710121510","1220","2019-12"],
["90049","HS10","2710121510","1220","2020-01"],
["190188","HS10","2710121510","1220","2020-02"],
["134073","HS10","2710121510","1220","2020-03"],
["54731","HS10","2710121510","1220","2020-04"],
["196432","HS10","2710121510","1220","2020-05"],
["211094","HS10","2710121510","1220","2020-06"],
["303470","HS10","2710121510","1220","2020-07"],
["550620","HS10","2710121510","1220","2020-08"],
["646304","HS10","2710121510","1220","2020-09"],
["146364","HS10","2710121510","1220","2020-10"],
["388121","HS10","2710121510","1220","2020-11"],
["150890","HS10","2710121510","1220","2020-12"],
["119277","HS10","2710121510","1220","2021-01"],
["112245","HS10","2710121510","1220","2021-02"],
["237974","HS10","2710121510","1220","2021-03"],
["1008608","HS10","2710121510","1220","2021-04"],
["878643","HS10","2710121510","1220","2021-05"],
["1143896","HS10","2710121510","1220","2021-06"],
["1475335","HS10","2710121510","1220","2021-07"],
["1196134","HS10","2710121510","1220","2021-08"],
["1297127","HS10","2710121510","1220","2021-09"],
["841871","HS10","2710121510","1220","2021-10"],
["283675","HS10","2710121510","1220","2021-11"],
["372945","HS10","2710121510","1220","2021-12"],
["401325","HS10","2710121510","1220","2022-01"],
["462537","HS10","2710121510","1220","2022-02"],
["1176989","HS10","2710121510","1220","2022-03"],
["1453827","HS10","2710121510","1220","2022-04"],
["1616200","HS10","2710121510","1220","2022-05"],
["2941925","HS10","2710121510","1220","2022-06"],
["2346022","HS10","2710121510","1220","2022-07"],
["1445319","HS10","2710121510","1220","2022-08"],
["1870331","HS10","2710121510","1220","2022-09"],
["1721816","HS10","2710121510","1220","2022-10"],
["934718","HS10","2710121510","1220","2022-11"],
["457709","HS10","2710121510","1220","2022-12"],
["641850","HS10","2710121510","1220","2023-01"],
["405674","HS10","2710121510","1220","2023-02"],
["1298177","HS10","2710121510","1220","2023-03"],
["1166846","HS10","2710121510","1220","2023-04"],
["2050420","HS10","2710121510","1220","2023-05"],
["3351775","HS10","2710121510","1220","2023-06"],
["1390009","HS10","2710121510","1220","2023-07"],
["1482895","HS10","2710121510","1220","2023-08"],
["1675802","HS10","2710121510","1220","2023-09"],
["1036568","HS10","2710121510","1220","2023-10"],
["416533","HS10","2710121510","1220","2023-11"],
["930226","HS10","2710121510","1220","2023-12"],
["123306","HS10","2710121510","1220","2024-01"],
["447629","HS10","2710121510","1220","2024-02"],
["1139964","HS10","2710121510","1220","2024-03"],
["1238111","HS10","2710121510","1220","2024-04"],
["2299392","HS10","2710121510","1220","2024-05"],
["2101577","HS10","2710121510","1220","2024-06"],
["4132615","HS10","2710121510","1220","2024-07"],
["4511732","HS10","2710121510","1220","2024-08"],
["1567507","HS10","2710121510","1220","2024-09"],
["1702503","HS10","2710121510","1220","2024-10"],
["992138","HS10","2710121510","1220","2024-11"],
["685974","HS10","2710121510","1220","2024-12"],
["619902","HS10","2710121510","1220","2025-01"],
["704793","HS10","2710121510","1220","2025-02"],
["949205","HS10","2710121510","1220","2025-03"],
["1851571","HS10","2710121510","1220","2025-04"],
["1758005","HS10","2710121510","1220","2025-05"],
["1491454","HS10","2710121510","1220","2025-06"],
["2195739","HS10","2710121510","1220","2025-07"],
["2817558","HS10","2710121510","1220","2025-08"],
["1768317","HS10","2710121510","1220","2025-09"],
["1246003","HS10","2710121510","1220","2025-10"],
["657671","HS10","2710121510","1220","2025-11"],
["108068","HS10","2710121510","1220","2025-12"],
["372361","HS10","2710121510","1220","2026-01"]]"""
REAL_CENSUS_QUERY = "get=ALL_VAL_MO&COMM_LVL=HS10&E_COMMODITY=2710121510&CTY_CODE=1220&time=from+2016-01"


def census_months(answer: bytes) -> dict:
    """A real answer's months as Api.census holds them: {"YYYY-MM": (value, quantity, unit)}."""
    header, *rows = json.loads(answer)
    at = {name: header.index(name) for name in header}
    value = "ALL_VAL_MO" if "ALL_VAL_MO" in at else "GEN_VAL_MO"
    return {row[at["time"]]: (int(row[at[value]]), 0, "X") for row in rows}


def week(day: str, net: float, next_net: float = 0.0, shipped: float = 0.0, **extra) -> dict:
    """One ESR weekly object: REAL_ESR_WEEK's fields, with the figures of the test (tonnes)."""
    item = dict(REAL_ESR_WEEK)
    item.update(
        weeklyExports=shipped,
        grossNewSales=max(net, 0),
        currentMYNetSales=net,
        nextMYNetSales=next_net,
        weekEndingDate=f"{day}T00:00:00",
    )
    item.update(extra)
    return item


@dataclass
class Api:
    """What the server knows and how it behaves; tests change it between runs."""

    esr: dict = field(default_factory=dict)  # (commodity, country, market year) -> [weekly objects]
    census: dict = field(default_factory=dict)  # (flow, hs, country) -> {"YYYY-MM": (value, qty, unit)}
    failures: list = field(default_factory=list)  # (status, headers) to answer before answering properly
    delay: float = 0.0  # seconds before each answer
    drip: float = 0.0  # seconds between the bytes of each body
    truncate: bool = False  # cut each body in half
    old_host: bool = False  # answer ESR as apps.fas.usda.gov/OpenData does now
    quota_spent: bool = False  # the ESR key's hourly quota is used up
    census_bad_key: str = "redirect"  # how a refused Census key is answered: redirect or page
    raw: tuple | None = None  # (status, headers, body): the answer to every request
    requests: list = field(default_factory=list)  # (path, query, headers) of every request
    server: object = None  # the Server answering for it

    def answer(self, path: str, query: dict, headers: dict) -> tuple[int, dict, bytes]:
        self.requests.append((path, query, headers))
        if self.delay:
            time.sleep(self.delay)
        if self.raw is not None:
            return self.raw
        if self.failures:
            status, extra = self.failures.pop(0)
            return status, extra, b"busy"
        if m := ESR_PATH.match(path):
            return self._esr(tuple(int(x) for x in m.groups()), headers)
        if m := CENSUS_PATH.match(path):
            return self._census(m.group(1), query)
        if path.startswith("/esr/"):
            return 400, _json_type(), json.dumps(INVALID_REQUEST).encode()
        return 404, {}, b"not found"

    def _esr(self, key: tuple, headers: dict) -> tuple[int, dict, bytes]:
        if self.old_host:
            return 500, _json_type(), json.dumps(OLD_HOST).encode()
        if "x-api-key" not in headers:
            return 403, _json_type(), json.dumps(KEY_MISSING).encode()
        if headers["x-api-key"] != ESR_KEY:
            return 403, _json_type(), json.dumps(KEY_INVALID).encode()
        if self.quota_spent:
            limits = {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "0"}
            return 429, {**_json_type(), **limits}, json.dumps(OVER_RATE_LIMIT).encode()
        if key not in self.esr:
            return 404, {"Content-Type": "text/plain"}, b""  # a marketing year with no data
        data = json.dumps(self.esr[key]).encode()
        return 200, _json_type(), data[: len(data) // 2] if self.truncate else data

    def _census(self, flow: str, query: dict) -> tuple[int, dict, bytes]:
        if "key" not in query:
            where = "https://api.census.gov/data/missing_key.html"
            return 302, {"X-DataWebAPI-KeyError": "1", "Location": where}, b""
        if query["key"][0] != CENSUS_KEY:
            if self.census_bad_key == "page":
                return 200, {"Content-Type": "text/html;charset=utf-8"}, INVALID_KEY_PAGE.encode()
            return 302, {"Location": "https://api.census.gov/data/invalid_key.html"}, b""
        get = query["get"][0].split(",")
        commodity = "E_COMMODITY" if flow == "exports" else "I_COMMODITY"
        code, country = query[commodity][0], query["CTY_CODE"][0]
        m = re.fullmatch(r"from (\d{4}-\d{2})(?: to (\d{4}-\d{2}))?", query["time"][0])
        if m is None:
            return 400, {}, b"error: invalid 'time' value"
        months = self.census.get((flow, code, country))
        if months is None:
            return 400, {}, f"error: unknown {commodity} value {code}".encode()
        # as the API does (REAL_CENSUS_ANSWER): the predicates echoed in the order they were
        # asked, `time` last, every cell as text, one row a line
        echoed = [name for name in query if name not in ("get", "key", "time")] + ["time"]
        rows = []
        for month, (value, qty, unit) in sorted(months.items()):
            if m.group(1) <= month <= (m.group(2) or "9999-12"):
                cells = {"ALL_VAL_MO": value, "GEN_VAL_MO": value, "QTY_1_MO": qty, "GEN_QY1_MO": qty, "UNIT_QY1": unit}
                cells.update({name: query[name][0] for name in echoed}, time=month)
                rows.append([str(cells[name]) for name in get + echoed])
        if not rows:
            return 204, {}, b""
        table = [get + echoed] + rows
        body = ("[" + ",\n".join(json.dumps(row, separators=(",", ":")) for row in table) + "]").encode()
        return 200, _json_type(), body[: len(body) // 2] if self.truncate else body


def _json_type() -> dict:
    return {"Content-Type": "application/json; charset=utf-8"}


class Server:
    def __init__(self, api: Api) -> None:
        self.api = api
        handler = type("Handler", (_Handler,), {"api": api})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # shutdown() waits for the loop to poll: a short interval keeps each test's teardown short
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.005,), daemon=True)
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
        if status == 204:
            return
        try:
            if self.api.drip:
                end = time.monotonic() + 10  # bounded: the test server stops by itself
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(self.api.drip)
                    if time.monotonic() > end:
                        break
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:  # quiet
        pass
