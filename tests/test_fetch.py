"""tradetrack fetch against a local server in the APIs' real shapes (tests/apiserver.py): the
real client, no mocking. Records appended, idempotence, revisions, declines, the cache and
offline runs, retries, timeouts, keys, changed answers, and nothing written on failure."""

from __future__ import annotations

import json

import pytest

from .apiserver import CENSUS_KEY, ESR_KEY, Api, Server, week
from .conftest import write_ws

COMMITMENTS = """\
version: 1
settings:
  default_basis: usda-esr
commitments:
  - id: beans
    kind: purchase
    deal: d
    title: Buy 1 Mt of soybeans
    party: CN
    commodity: soybeans
    target: {amount: 1, unit: Mt}
    start: 2026-01-02
    due: 2026-03-31
    series:
      - {basis: usda-esr, esr: {commodity: 801, country: 5700}}
    sources: [{title: test}]
  - id: goods
    kind: purchase
    deal: d
    title: Buy $1bn of goods a year
    party: CN
    commodity: goods
    target: {amount: 1, unit: bnUSD}
    start: 2026-01-01
    recurring: {years: [2026]}
    basis: us-exports
    series:
      - {basis: us-exports, census: {flow: exports, hs: ["1201", "8802"], country: 5700}}
    sources: [{title: test}]
"""

WEEKS = [
    week("2026-01-01", 500_000),  # its week began 2025-12-26, before the period: not counted
    week("2026-01-08", 100_000),
    week("2026-01-15", 150_000, next_net=10_000),
    week("2026-01-22", 200_000),
]
MONTHS_1201 = {"2026-01": (300_000_000, 700_000, "T"), "2026-02": (200_000_000, 450_000, "T")}
MONTHS_8802 = {"2026-01": (50_000_000, 2, "NO"), "2026-03": (25_000_000, 1, "NO")}


@pytest.fixture
def api(monkeypatch):
    api = Api(
        esr={(801, 5700, 2026): [dict(w) for w in WEEKS], (801, 5700, 2027): []},
        census={("exports", "1201", 5700): dict(MONTHS_1201), ("exports", "8802", 5700): dict(MONTHS_8802)},
    )
    server = api.server = Server(api)
    monkeypatch.setenv("TRADETRACK_ESR_URL", server.url + "/esr")
    monkeypatch.setenv("TRADETRACK_CENSUS_URL", server.url + "/census")
    monkeypatch.setenv("TRADETRACK_ESR_KEY", ESR_KEY)
    monkeypatch.setenv("TRADETRACK_CENSUS_KEY", CENSUS_KEY)
    monkeypatch.setenv("TRADETRACK_FETCH_BACKOFF", "0")
    monkeypatch.setenv("TRADETRACK_TODAY", "2026-11-28")
    yield api
    server.stop()


@pytest.fixture
def ws(tmp_path):
    return write_ws(tmp_path / "w", COMMITMENTS, "")


def records(ws) -> list[dict]:
    text = (ws / "progress.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_fetch_appends_to_date_totals_of_weeks_and_months_in_the_period(cli, api, ws):
    r = cli("fetch", "--data", ws)
    assert r.code == 0, r
    assert "beans usda-esr: 3 figures, 3 new" in r.err and "goods-2026 us-exports: 3 figures, 3 new" in r.err
    got = [(x["commitment"], x["date"], x["amount"], x["unit"], x["basis"]) for x in records(ws)]
    assert got == [
        # weeks wholly within 2026-01-02..03-31; net sales of the current and the next marketing year
        ("beans", "2026-01-08", 100_000, "t", "usda-esr"),
        ("beans", "2026-01-15", 260_000, "t", "usda-esr"),
        ("beans", "2026-01-22", 460_000, "t", "usda-esr"),
        # the months published, HS 1201 and 8802 summed; March has 8802 alone
        ("goods-2026", "2026-01-31", 350_000_000, "USD", "us-exports"),
        ("goods-2026", "2026-02-28", 550_000_000, "USD", "us-exports"),
        ("goods-2026", "2026-03-31", 575_000_000, "USD", "us-exports"),
    ]
    first = records(ws)[0]
    assert first["source"] == "USDA FAS Export Sales (OpenData API), commodity 801, country 5700"
    assert first["note"].startswith("net sales, current and next marketing year, summed over the weeks")
    assert cli("check", "--data", ws).code == 0
    shown = json.loads(cli("status", "--as-of", "2026-01-22", "--json", "--data", ws).out)["commitments"]
    assert next(c for c in shown if c["id"] == "beans")["actual"] == 0.46
    # the keys went where each API takes them, and never into the records or the cache
    esr_headers = [h for p, q, h in api.requests if p.startswith("/esr/")]
    assert esr_headers and all(h["api_key"] == ESR_KEY for h in esr_headers)
    assert ESR_KEY not in (ws / "progress.jsonl").read_text()


def test_a_second_fetch_adds_nothing(cli, api, ws):
    assert cli("fetch", "--data", ws).code == 0
    before = (ws / "progress.jsonl").read_bytes()
    r = cli("fetch", "--data", ws)
    assert r.code == 0 and "nothing new" in r.err
    assert (ws / "progress.jsonl").read_bytes() == before


def test_a_revised_week_is_added_as_a_revision_never_overwriting(cli, api, ws):
    assert cli("fetch", "beans", "--data", ws).code == 0
    before = (ws / "progress.jsonl").read_text()
    api.esr[(801, 5700, 2026)][2] = week("2026-01-15", 120_000, next_net=10_000)  # revised down
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0 and "beans usda-esr: 3 figures, 0 new, 2 revised" in r.err, r
    assert (ws / "progress.jsonl").read_text().startswith(before)  # the old records stay
    new = records(ws)[3:]
    assert [(x["date"], x["amount"]) for x in new] == [("2026-01-15", 230_000), ("2026-01-22", 430_000)]
    assert new[0]["note"].startswith("revises 260000 t (line 2); ")
    assert cli("check", "--data", ws).code == 0  # a lower figure of the same day is no inconsistency
    shown = json.loads(cli("status", "--as-of", "2026-01-22", "--json", "--data", ws).out)["commitments"]
    assert next(c for c in shown if c["id"] == "beans")["actual"] == 0.43


def test_cancellations_are_a_declared_decline(cli, api, ws):
    api.esr[(801, 5700, 2026)].append(week("2026-01-29", -60_000))
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0, r
    last = records(ws)[-1]
    assert (last["date"], last["amount"], last["decline"]) == ("2026-01-29", 400_000, True)
    assert cli("check", "--data", ws).code == 0


def test_dry_run_and_since(cli, api, ws):
    dry = cli("fetch", "beans", "--dry-run", "--data", ws)
    assert dry.code == 0 and "would add 3 records" in dry.err and records(ws) == []
    r = cli("fetch", "beans", "--since", "2026-01-15", "--data", ws)
    assert r.code == 0 and [x["date"] for x in records(ws)] == ["2026-01-15", "2026-01-22"]


def test_a_rerun_without_network_works_from_the_cache_and_says_so(cli, api, ws, monkeypatch):
    assert cli("fetch", "--dry-run", "--data", ws).code == 0  # fills the cache
    api.server.stop()  # the network is gone
    monkeypatch.setenv("TRADETRACK_FETCH_RETRIES", "1")
    r = cli("fetch", "--data", ws)
    assert r.code == 0, r
    assert "from the cache (fetched " in r.err and "added 6 records" in r.err
    # and --offline makes no request at all
    n = len(api.requests)
    assert cli("fetch", "--offline", "--data", ws).code == 0 and len(api.requests) == n


def test_nothing_cached_and_no_network_is_a_clear_failure(cli, api, ws, monkeypatch):
    monkeypatch.setenv("TRADETRACK_ESR_URL", "http://127.0.0.1:9/esr")
    monkeypatch.setenv("TRADETRACK_FETCH_RETRIES", "1")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "cannot reach 127.0.0.1:9 (ConnectError), after 2 tries" in r.err
    assert "no answer to this request is cached" in r.err and "nothing was written" in r.err
    assert records(ws) == []


def test_rate_limits_and_server_errors_are_retried(cli, api, ws):
    api.failures = [429, 503]
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0 and len(records(ws)) == 3
    assert len(api.requests) == 2 + 2  # two refused, then the two marketing years


def test_a_slow_server_times_out_and_nothing_is_written(cli, api, ws, monkeypatch):
    api.delay = 1.0
    monkeypatch.setenv("TRADETRACK_FETCH_TIMEOUT", "0.2")
    monkeypatch.setenv("TRADETRACK_FETCH_RETRIES", "0")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "no answer from 127.0.0.1" in r.err and "within 0.2 s, after 1 tries" in r.err
    assert records(ws) == []


def test_a_missing_key_says_where_to_get_one_and_asks_nothing(cli, api, ws, monkeypatch, tmp_path):
    monkeypatch.delenv("TRADETRACK_ESR_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "the USDA FAS OpenData API needs a key, and none is set" in r.err
    assert "https://apps.fas.usda.gov/opendatawebv2/#/signup" in r.err and api.requests == []
    # the user's config file is the other place for it
    (tmp_path / "config" / "tradetrack").mkdir(parents=True)
    (tmp_path / "config" / "tradetrack" / "config.toml").write_text(f'[keys]\nesr = "{ESR_KEY}"\n')
    assert cli("fetch", "beans", "--data", ws).code == 0 and len(records(ws)) == 3


def test_a_refused_key(cli, api, ws, monkeypatch):
    monkeypatch.setenv("TRADETRACK_ESR_KEY", "wrong")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "the key was refused (HTTP 403)" in r.err and "TRADETRACK_ESR_KEY" in r.err


def test_a_changed_field_is_named_and_nothing_is_written(cli, api, ws):
    changed = dict(WEEKS[1])
    del changed["currentMYNetSales"]
    api.esr[(801, 5700, 2026)] = [changed]
    r = cli("fetch", "--data", ws)
    assert r.code == 2 and "has no field 'currentMYNetSales'" in r.err and "nothing was written" in r.err
    assert records(ws) == []  # not even the Census series, which was fine


def test_a_truncated_body(cli, api, ws):
    api.truncate = True
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "the answer is not JSON or ended early" in r.err
    assert records(ws) == []


def test_unknown_codes(cli, api, ws):
    text = COMMITMENTS.replace("country: 5700}}\n    sources", "country: 9999}}\n    sources", 1)
    (ws / "commitments.yaml").write_text(text)
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "no weekly figures for commodity 801, country 9999" in r.err
    bad = cli("fetch", "goods", "--data", write_ws(ws.parent / "c", COMMITMENTS.replace('"8802"', '"8803"'), ""))
    assert bad.code == 2 and "HTTP 400: error: unknown E_COMMODITY value 8803" in bad.err


def test_keep_going_adds_the_others_lists_the_failures_and_exits_1(cli, api, ws):
    del api.census[("exports", "8802", 5700)]
    r = cli("fetch", "--keep-going", "--data", ws)
    assert r.code == 1 and "1 series failed; the others were added" in r.err
    assert "fetch goods-2026 us-exports:" in r.err
    assert {x["commitment"] for x in records(ws)} == {"beans"}


def test_census_quantities_in_kilograms_become_tonnes(cli, api, ws):
    text = COMMITMENTS.replace("target: {amount: 1, unit: bnUSD}", "target: {amount: 1, unit: Mt}").replace(
        'hs: ["1201", "8802"], country: 5700}', 'hs: ["1201"], country: 5700, measure: quantity}'
    )
    (ws / "commitments.yaml").write_text(text)
    api.census[("exports", "1201", 5700)] = {"2026-01": (1, 2_000_000, "KG"), "2026-02": (1, 3, "T")}
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 0, r
    assert [(x["date"], x["amount"], x["unit"]) for x in records(ws)] == [
        ("2026-01-31", 2000, "t"),
        ("2026-02-28", 2003, "t"),
    ]


def test_unknown_id_and_commitments_without_series(cli, api, ws):
    r = cli("fetch", "bean", "--data", ws)
    assert r.code == 2 and "unknown commitment 'bean'" in r.err and "did you mean 'beans'?" in r.err
    plain = write_ws(ws.parent / "p", COMMITMENTS.split("    series:")[0] + "    sources: [{title: t}]\n", "")
    r = cli("fetch", "--data", plain)
    assert r.code == 2 and "has a published series to fetch" in r.err


@pytest.mark.parametrize("unit_id", [[1], {}, True, 2])
def test_a_unit_that_is_not_tonnes_is_named(cli, api, ws, unit_id):
    api.esr[(801, 5700, 2026)] = [week("2026-01-08", 100_000, unitId=unit_id)]
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "is not metric tons (unitId 1)" in r.err and records(ws) == []


@pytest.mark.parametrize(
    "series, message",
    [
        ("      - {basis: usda-esr}\n", "a series names one source: `esr:` or `census:`"),
        (
            "      - {basis: usda-esr, esr: {commodity: 801, country: 5700}}\n"
            "      - {basis: usda-esr, esr: {commodity: 801, country: 5700, measure: exports}}\n",
            "the basis 'usda-esr' already has a series (entry 1)",
        ),
    ],
)
def test_check_refuses_series_that_cannot_be_fetched(cli, tmp_path, series, message):
    text = COMMITMENTS.replace("      - {basis: usda-esr, esr: {commodity: 801, country: 5700}}\n", series, 1)
    r = cli("check", "--data", write_ws(tmp_path / "w", text, ""))
    assert r.code == 2 and message in r.err


def test_decline_marks_only_a_to_date_amount(cli, ws):
    line = '{"commitment": "beans", "date": "2026-01-08", "amount": 5, "unit": "t", "increment": true, '
    (ws / "progress.jsonl").write_text(line + '"decline": true, "source": "x"}\n')
    r = cli("check", "--data", ws)
    assert r.code == 2 and "decline marks a to-date amount" in r.err
