"""tradetrack fetch against a local server in the APIs' real shapes (tests/apiserver.py): the
real client, no mocking. Records appended, idempotence, revisions, declines, the cache and
offline runs, retries, timeouts, keys, changed answers, and nothing written on failure."""

from __future__ import annotations

import json

import pytest

from .apiserver import CENSUS_KEY, ESR_KEY, REAL_CENSUS_ANSWER, REAL_CENSUS_QUERY, Api, Server, census_months, week
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
        census={("exports", "1201", "5700"): dict(MONTHS_1201), ("exports", "8802", "5700"): dict(MONTHS_8802)},
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
    assert first["source"] == "USDA FAS Export Sales (api.fas.usda.gov), commodity 801, country 5700"
    assert first["note"].startswith("net sales, current and next marketing year, summed over the weeks")
    assert cli("check", "--data", ws).code == 0
    shown = json.loads(cli("status", "--as-of", "2026-01-22", "--json", "--data", ws).out)["commitments"]
    assert next(c for c in shown if c["id"] == "beans")["actual"] == 0.46
    # the keys went where each API takes them, and never into the records or the cache
    esr_headers = [h for p, q, h in api.requests if p.startswith("/esr/")]
    assert esr_headers and all(h["x-api-key"] == ESR_KEY for h in esr_headers)
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
    api.failures = [(429, {"Retry-After": "0"}), (503, {})]
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0 and len(records(ws)) == 3
    assert len(api.requests) == 2 + 2  # two refused, then the two marketing years


def test_a_slow_server_times_out_and_nothing_is_written(cli, api, ws, monkeypatch):
    api.delay = 1.0
    monkeypatch.setenv("TRADETRACK_FETCH_TIMEOUT", "0.2")
    monkeypatch.setenv("TRADETRACK_FETCH_RETRIES", "0")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "no answer from 127.0.0.1" in r.err and "within 0.2 s, after 1 try" in r.err
    assert records(ws) == []


def test_a_missing_key_says_where_to_get_one_and_asks_nothing(cli, api, ws, monkeypatch, tmp_path):
    monkeypatch.delenv("TRADETRACK_ESR_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "the USDA FAS export-sales API needs a key, and none is set" in r.err
    assert "an api.data.gov key (sign up at https://api.data.gov/signup/)" in r.err
    assert "TRADETRACK_ESR_KEY" in r.err and api.requests == []
    # the user's config file is the other place for it
    (tmp_path / "config" / "tradetrack").mkdir(parents=True)
    (tmp_path / "config" / "tradetrack" / "config.toml").write_text(f'[keys]\nesr = "{ESR_KEY}"\n')
    assert cli("fetch", "beans", "--data", ws).code == 0 and len(records(ws)) == 3


def test_census_needs_a_key_too_and_it_is_asked_for_before_any_request(cli, api, ws, monkeypatch, tmp_path):
    monkeypatch.delenv("TRADETRACK_CENSUS_KEY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    r = cli("fetch", "--data", ws)
    assert r.code == 2 and "the Census international-trade API needs a key, and none is set" in r.err
    assert "https://api.census.gov/data/key_signup.html" in r.err and "TRADETRACK_CENSUS_KEY" in r.err
    assert api.requests == [] and records(ws) == []


@pytest.mark.parametrize("key, code", [("wrong", "API_KEY_INVALID")])
def test_a_refused_esr_key_names_the_setting_and_never_the_key(cli, api, ws, monkeypatch, key, code):
    monkeypatch.setenv("TRADETRACK_ESR_KEY", key + "-secret-value")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and f"refused the key (HTTP 403, {code}): the key is missing or refused" in r.err
    assert "TRADETRACK_ESR_KEY" in r.err and "secret-value" not in r.err
    assert len(api.requests) == 1  # not retried: another try cannot help


@pytest.mark.parametrize("how, said", [("redirect", "redirected to invalid_key.html"), ("page", "web page")])
def test_a_refused_census_key_is_read_from_the_redirect_or_the_page(cli, api, ws, monkeypatch, how, said):
    api.census_bad_key = how
    monkeypatch.setenv("TRADETRACK_CENSUS_KEY", "not-the-census-key")
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 2 and said in r.err and "the key is missing or refused" in r.err, r
    assert "TRADETRACK_CENSUS_KEY" in r.err and "not-the-census-key" not in r.err
    assert len(api.requests) == 1 and records(ws) == []


def test_a_census_answer_without_the_key_is_a_redirect_that_is_never_followed(cli, api, ws):
    # the server as it answers a request that reached it without a key
    where = "https://api.census.gov/data/missing_key.html"
    api.raw = (302, {"X-DataWebAPI-KeyError": "1", "Location": where}, b"")
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 2 and "redirected to missing_key.html: the key is missing or refused" in r.err
    assert len(api.requests) == 1  # the redirect was not followed


def test_the_old_host_is_named_and_not_retried(cli, api, ws):
    api.old_host = True
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "no longer serves the API, or refused the key" in r.err
    assert "https://api.fas.usda.gov" in r.err and len(api.requests) == 1


def test_a_spent_hourly_quota_stops_the_source_at_once_and_says_when(cli, api, ws, monkeypatch):
    api.quota_spent = True
    r = cli("fetch", "--keep-going", "--data", ws)
    assert r.code == 1, r
    assert "the key's hourly quota is spent (1,000 requests an hour)" in r.err and "try again after" in r.err
    assert len([p for p, _, _ in api.requests if p.startswith("/esr/")]) == 1  # once, no retries
    assert {x["commitment"] for x in records(ws)} == {"goods-2026"}  # the other source went ahead


def test_a_short_retry_after_is_honoured_a_long_one_stops_and_says_when(cli, api, ws):
    api.failures = [(503, {"Retry-After": "0"})]
    assert cli("fetch", "beans", "--data", ws).code == 0 and len(records(ws)) == 3
    api.failures = [(503, {"Retry-After": "99999"})]
    r = cli("fetch", "beans", "--dry-run", "--data", write_ws(ws.parent / "x", COMMITMENTS, ""))
    assert r.code == 2 and "asks to wait 99999 s (Retry-After)" in r.err and "try again after" in r.err


def test_a_year_with_no_data_is_no_data_and_nothing_published_is_said(cli, api, ws):
    del api.esr[(801, 5700, 2027)]  # 404, empty body
    assert cli("fetch", "beans", "--data", ws).code == 0 and len(records(ws)) == 3
    api.esr = {}
    r = cli("fetch", "beans", "--data", write_ws(ws.parent / "e", COMMITMENTS, ""))
    assert r.code == 0 and "beans usda-esr: nothing published yet for commodity 801 (Soybeans)" in r.err
    assert "nothing new" in r.err


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


def test_unknown_codes_are_refused_offline_with_did_you_mean(cli, api, ws):
    # the ESR commodity list is complete: a code it lacks is refused, with the nearest codes
    text = COMMITMENTS.replace("commodity: 801, country: 5700", "commodity: 802, country: 5700", 1)
    (ws / "commitments.yaml").write_text(text)
    r = cli("check", "--data", ws)
    assert r.code == 2 and "802 is not in the ESR commodities list" in r.err and "did you mean 801 (Soybeans)" in r.err
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and api.requests == []
    # so is the Census country list (Schedule C and the groupings)
    text = COMMITMENTS.replace('"8802"], country: 5700}', '"8802"], country: 5710}', 1)
    r = cli("check", "--data", write_ws(ws.parent / "cty", text, ""))
    assert r.code == 2 and "'5710' is not in the Census countries list" in r.err and "5700 (China)" in r.err
    bad = cli("fetch", "goods", "--data", write_ws(ws.parent / "c", COMMITMENTS.replace('"8802"', '"8803"'), ""))
    assert bad.code == 2 and "HTTP 400: error: unknown E_COMMODITY value 8803" in bad.err


def test_a_code_a_partial_list_lacks_is_taken_and_asked_for(cli, api, ws):
    # the ESR country list is partial: 5710 may be a country it lacks, so the API is the judge
    text = COMMITMENTS.replace("country: 5700}}\n    sources", "country: 5710}}\n    sources", 1)
    (ws / "commitments.yaml").write_text(text)
    assert cli("check", "--data", ws).code == 0
    api.esr[(801, 5710, 2026)] = [dict(w) for w in WEEKS]
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0, r
    assert any(path.endswith("/countryCode/5710/marketYear/2026") for path, _, _ in api.requests)
    r = cli("codes", "esr-country", "5710")
    assert r.code == 0 and "5700  China" in r.out
    assert "5710 is not in this partial list; the API may still know it" in r.out
    r = cli("codes", "esr-country", "5709999")
    assert r.code == 2 and "the list is partial, so a code it lacks may still be one the API knows" in r.err


def test_keep_going_adds_the_others_lists_the_failures_and_exits_1(cli, api, ws):
    del api.census[("exports", "8802", "5700")]
    r = cli("fetch", "--keep-going", "--data", ws)
    assert r.code == 1 and "1 series failed; the others were added" in r.err
    assert "fetch goods-2026 us-exports:" in r.err
    assert {x["commitment"] for x in records(ws)} == {"beans"}


def test_counts_in_fetch_messages_are_in_the_right_number(cli, api, ws):
    api.old_host = True
    del api.census[("exports", "8802", "5700")]
    r = cli("fetch", "--keep-going", "--data", ws)
    assert r.code == 1 and "2 series failed\n" in r.err and "seriess" not in r.err, r
    assert "the others were added" not in r.err  # there were none


def test_census_quantities_in_kilograms_become_tonnes(cli, api, ws):
    text = COMMITMENTS.replace("target: {amount: 1, unit: bnUSD}", "target: {amount: 1, unit: Mt}").replace(
        'hs: ["1201", "8802"], country: 5700}', 'hs: ["1201"], country: 5700, measure: quantity}'
    )
    (ws / "commitments.yaml").write_text(text)
    api.census[("exports", "1201", "5700")] = {
        "2026-01": (1, 2_000_000, "KG"),
        "2026-02": (1, 3, "T"),
        "2026-03": (1, 500_000_000, "GM"),
    }
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 0, r
    assert [(x["date"], x["amount"], x["unit"]) for x in records(ws)] == [
        ("2026-01-31", 2000, "t"),
        ("2026-02-28", 2003, "t"),
        ("2026-03-31", 2503, "t"),
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


# --- issue 21: the APIs as they answer in 2026 ---------------------------------------------------


def test_fetched_rows_are_confirmed_figures_of_the_publisher(cli, api, ws):
    assert cli("fetch", "beans", "--data", ws).code == 0
    shown = json.loads(cli("progress", "list", "beans", "--json", "--data", ws).out)
    assert len(shown) == 3 and all(r["standing"] == "confirmed" for r in shown)


def test_a_boundary_week_in_two_marketing_years_answers_counts_each_years_sales_once(cli, api, ws):
    # The week ending 2026-01-29 is in the answer for 2026 (its current-year sales, 40,000 t, and
    # 4,000 t for 2027) and again in the answer for 2027, which is the authority on 2027's sales
    # (5,000 t) and adds 2028's (1,000 t). Each year's sales count once: 40,000 + 5,000 + 1,000.
    api.esr[(801, 5700, 2026)].append(week("2026-01-29", 40_000, next_net=4_000))
    api.esr[(801, 5700, 2027)] = [week("2026-01-29", 5_000, next_net=1_000)]
    assert cli("fetch", "beans", "--data", ws).code == 0
    last = records(ws)[-1]
    assert (last["date"], last["amount"]) == ("2026-01-29", 460_000 + 46_000)


def test_a_week_twice_in_one_answer_with_other_figures_is_an_error(cli, api, ws):
    api.esr[(801, 5700, 2026)].append(week("2026-01-22", 1))
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "week ending 2026-01-22 is in the answer for marketing year 2026 twice" in r.err
    assert records(ws) == []


def test_a_week_missing_from_an_answer_is_a_gap_not_a_revision(cli, api, ws):
    assert cli("fetch", "beans", "--data", ws).code == 0
    before = (ws / "progress.jsonl").read_bytes()
    api.esr[(801, 5700, 2026)].append(week("2026-01-29", 10_000))
    del api.esr[(801, 5700, 2026)][2]  # 2026-01-15 is gone from the answer
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 0 and "the week ending 2026-01-15 is missing from the answer: a gap, not a revision" in r.err
    assert (ws / "progress.jsonl").read_bytes() == before  # no later total taken as a revision


def test_a_decline_is_marked_only_for_negative_weekly_net_sales(cli, api, ws):
    api.census[("exports", "1201", "5700")]["2026-03"] = (-5, 0, "T")
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 2 and "a month's trade is never negative" in r.err and records(ws) == []


def test_census_codes_in_other_units_are_left_out_and_named(cli, api, ws):
    text = COMMITMENTS.replace("target: {amount: 1, unit: bnUSD}", "target: {amount: 1, unit: Mt}").replace(
        'hs: ["1201", "8802"], country: 5700}', 'hs: ["1201", "8802"], country: 5700, measure: quantity}'
    )
    (ws / "commitments.yaml").write_text(text)
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 0, r
    assert "goods-2026 us-exports: left out of the tonnage: HS 8802 (counted in NO, not a mass)" in r.err
    got = records(ws)
    assert [(x["date"], x["amount"]) for x in got] == [("2026-01-31", 700_000), ("2026-02-28", 1_150_000)]
    assert all(x["note"].endswith("left out: HS 8802 (counted in NO, not a mass)") for x in got)


@pytest.mark.parametrize("written", ["0003", '"0003"', "3"])
def test_census_country_codes_are_four_characters(cli, api, ws, written):
    text = COMMITMENTS.replace('hs: ["1201", "8802"], country: 5700}', f'hs: ["1201"], country: {written}}}')
    (ws / "commitments.yaml").write_text(text)
    api.census[("exports", "1201", "0003")] = {"2026-01": (7, 0, "T")}
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 0, r
    query = [q for p, q, _ in api.requests if p.startswith("/census/")][0]
    assert query["CTY_CODE"] == ["0003"] and records(ws)[0]["amount"] == 7
    # the filters are predicates, not columns asked for
    assert query["get"] == ["ALL_VAL_MO"]


def test_the_imitation_answers_a_real_census_query_byte_for_byte(api):
    # the server, given the months of a real answer, answers the query that got it with it
    import urllib.request

    api.census[("exports", "2710121510", "1220")] = census_months(REAL_CENSUS_ANSWER)
    url = f"{api.server.url}/census/exports/hs?{REAL_CENSUS_QUERY}&key={CENSUS_KEY}"
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == REAL_CENSUS_ANSWER


def test_fetch_reads_a_real_census_answer(cli, api, tmp_path):
    # US exports of gasoline to Canada in 2016, from the real answer's figures (US dollars)
    text = COMMITMENTS.split("  - id: goods")[0] + (
        "  - id: gas\n    kind: purchase\n    deal: d\n    title: Sell $3m of gasoline to Canada\n"
        "    party: CA\n    commodity: gasoline\n    target: {amount: 3, unit: MUSD}\n"
        "    start: 2016-01-01\n    due: 2016-12-31\n    basis: us-exports\n    series:\n"
        '      - {basis: us-exports, census: {flow: exports, hs: ["2710121510"], country: 1220}}\n'
        "    sources: [{title: test}]\n"
    )
    ws = write_ws(tmp_path / "gas", text, "")
    api.census[("exports", "2710121510", "1220")] = census_months(REAL_CENSUS_ANSWER)
    r = cli("fetch", "gas", "--data", ws)
    assert r.code == 0, r
    got = [(x["date"], x["amount"]) for x in records(ws)]
    assert got[:2] == [("2016-01-31", 155905), ("2016-02-29", 155905 + 260801)]
    assert got[-1] == ("2016-12-31", 3192512) and len(got) == 12
    query = [q for p, q, _ in api.requests if p.startswith("/census/")][0]
    assert query["time"] == ["from 2016-01 to 2016-12"] and query["COMM_LVL"] == ["HS10"]


def test_fetch_plans_from_the_amended_due_date(cli, api, ws):
    text = COMMITMENTS.replace(
        "    due: 2026-03-31\n",
        "    due: 2026-01-16\n    amendments:\n"
        "      - {date: 2026-01-10, summary: extended, due: 2026-03-31, source: {title: t}}\n",
        1,
    )
    (ws / "commitments.yaml").write_text(text)
    assert cli("fetch", "beans", "--data", ws).code == 0
    assert [x["date"] for x in records(ws)] == ["2026-01-08", "2026-01-15", "2026-01-22"]


def test_keep_going_covers_a_series_the_add_refuses(cli, api, ws):
    line = '{"commitment": "beans", "date": "2026-01-09", "amount": 900000, "unit": "t", "source": "hand"}\n'
    (ws / "progress.jsonl").write_text(line)
    r = cli("fetch", "--keep-going", "--data", ws)
    assert r.code == 1 and "fetch beans usda-esr:" in r.err and "1 series failed" in r.err, r
    assert {x["commitment"] for x in records(ws)} == {"beans", "goods-2026"}
    assert [x for x in records(ws) if x["commitment"] == "beans"] == [json.loads(line)]


def test_codes_looks_codes_up_by_name_and_by_code(cli):
    r = cli("codes", "esr-country", "china")
    assert r.code == 0 and "5700  China" in r.out
    r = cli("codes", "census-country", "european")
    assert r.code == 0 and "0003  European Union" in r.out
    r = cli("codes", "esr-commodity")
    assert r.code == 0 and "801  Soybeans" in r.out and "as of 2026-08-20" in r.out
    r = cli("codes", "esr-country")
    assert "partial list" in r.out
    r = cli("codes", "esr-county", "x")
    assert r.code == 2 and "did you mean 'esr-country'?" in r.err
    r = cli("codes", "esr-country", "atlantis")
    assert r.code == 2 and "no esr-country code or name like 'atlantis'" in r.err


# --- issue 20: fetch under attack ------------------------------------------------------------


def _cache_files(tmp_path) -> list:
    folder = tmp_path / "cache" / "tradetrack" / "fetch"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("where", ["http://evil.example:{port}/steal", "http://127.0.0.1:{port}/elsewhere"])
def test_a_redirect_is_never_followed_with_the_key(cli, api, ws, where):
    # another origin, and the same host over another path: neither is followed, so no other
    # host (nor scheme) receives the key, and nothing it says is recorded
    port = api.server.url.rsplit(":", 1)[1]
    api.raw = (302, {"Location": where.format(port=port)}, b"")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "a redirect to" in r.err and "not followed" in r.err, r
    assert len(api.requests) == 1 and records(ws) == []


def test_the_key_goes_only_over_https_or_to_loopback(cli, api, ws, monkeypatch):
    monkeypatch.setenv("TRADETRACK_ESR_URL", "http://api.fas.usda.gov")  # a downgrade
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "the key is sent only over https (or to a loopback test server)" in r.err
    assert api.requests == []


def test_a_redirect_loop_is_a_named_error(cli, api, ws):
    api.raw = (301, {"Location": "/esr/api/esr/exports/commodityCode/801/countryCode/5700/marketYear/2026"}, b"")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "answered HTTP 301, a redirect to" in r.err and "not followed" in r.err
    assert len(api.requests) == 1


def test_an_answer_inflating_past_the_cap_is_refused_and_not_cached(cli, api, ws, tmp_path, monkeypatch):
    import gzip

    from tradetrack.sources import client

    # the cap made small, so the test's own memory stays small (the real cap is 32 MiB)
    monkeypatch.setattr(client, "MAX_ANSWER", 2**20)
    bomb = gzip.compress(b"[" + b" " * (8 * 2**20) + b"]")
    api.raw = (200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, bomb)
    r = cli("fetch", "beans", "--data", ws)
    assert len(bomb) < 20_000 and r.code == 2 and "larger than 1 MiB decoded" in r.err
    assert _cache_files(tmp_path) == [] and records(ws) == []


def test_a_dripping_answer_is_cut_at_the_deadline(cli, api, ws, monkeypatch):
    api.raw = (200, {"Content-Type": "application/json"}, b"[" + b" " * 200 + b"]")
    api.drip = 0.05  # a byte every 50 ms: no read ever times out
    monkeypatch.setenv("TRADETRACK_FETCH_DEADLINE", "0.5")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "did not arrive whole within 0.5 s" in r.err and records(ws) == []


@pytest.mark.parametrize(
    "headers, body, said",
    [
        ({"Content-Type": "application/json; charset=utf-16"}, "[]".encode("utf-16"), "charset 'utf-16'"),
        ({"Content-Type": "application/json; charset=utf-32"}, "[]".encode("utf-32"), "charset 'utf-32'"),
        ({"Content-Type": "application/json; charset=x-klingon"}, b"[]", "charset 'x-klingon'"),
        ({"Content-Type": "application/json", "Content-Encoding": "gzip"}, b"[]", "Content-Encoding does not match"),
        ({"Content-Type": "application/json"}, b"[" + b"9" * 5000 + b"]", "holds a value Python refuses"),
        ({"Content-Type": "application/json"}, b"[\xff\xfe]", "not valid UTF-8"),
    ],
)
def test_broken_answers_are_named_errors_and_nothing_is_cached(cli, api, ws, tmp_path, headers, body, said):
    api.raw = (200, headers, body)
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and said in r.err, r
    assert "Traceback" not in r.err and records(ws) == [] and _cache_files(tmp_path) == []
    # and an offline run after it finds nothing cached to crash on
    again = cli("fetch", "beans", "--offline", "--data", ws)
    assert again.code == 2 and "no answer to this request is cached" in again.err


def test_a_captive_portal_never_replaces_a_good_cached_answer(cli, api, ws, tmp_path):
    assert cli("fetch", "beans", "--dry-run", "--data", ws).code == 0
    cached = {p: (tmp_path / "cache" / "tradetrack" / "fetch" / p).read_bytes() for p in _cache_files(tmp_path)}
    api.raw = (200, {"Content-Type": "text/html"}, b"<html><body>Sign in to the hotel wifi</body></html>")
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "answered with a web page, not the API's JSON" in r.err
    assert {p: (tmp_path / "cache" / "tradetrack" / "fetch" / p).read_bytes() for p in _cache_files(tmp_path)} == cached
    assert cli("fetch", "beans", "--offline", "--data", ws).code == 0 and len(records(ws)) == 3


def test_the_cache_is_pruned_by_age_and_dead_runs_temporary_files_go(cli, api, ws, tmp_path):
    import os
    import time

    folder = tmp_path / "cache" / "tradetrack" / "fetch"
    folder.mkdir(parents=True)
    old, tmp, fresh_tmp = folder / ("0" * 32 + ".json"), folder / ".0.json.dead123.tmp", folder / ".0.json.live1.tmp"
    for p in (old, tmp, fresh_tmp):
        p.write_text("{}")
    long_ago = time.time() - 200 * 86400
    os.utime(old, (long_ago, long_ago))
    os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    assert cli("fetch", "beans", "--data", ws).code == 0
    left = _cache_files(tmp_path)
    assert old.name not in left and tmp.name not in left and fresh_tmp.name in left  # a live run's stays
    assert len([n for n in left if n.endswith(".json")]) == 2


def test_the_cache_is_pruned_by_size(tmp_path, monkeypatch):
    import os

    from tradetrack.sources import answers

    monkeypatch.setattr(answers, "MAX_TOTAL", 3000)
    folder = tmp_path / "cache" / "tradetrack" / "fetch"
    folder.mkdir(parents=True)
    for i in range(5):
        p = folder / f"{i:032d}.json"
        p.write_text("x" * 1000)
        os.utime(p, (1_000_000 + i, 1_000_000 + i))
    answers.prune(now=1_000_010)
    assert sorted(p.name[-6:] for p in folder.iterdir()) == ["2.json", "3.json", "4.json"]  # oldest gone


def test_server_text_in_messages_is_inert_and_never_shows_a_key(cli, api, ws, monkeypatch):
    # a 4xx whose body sets the clipboard (OSC 52), clears the screen, and echoes the request line
    monkeypatch.setenv("TRADETRACK_CENSUS_KEY", "census-secret-KEY-123")
    body = b"\x1b]52;c;ZXZpbA==\x07\x1b[2J GET /census/exports/hs?key=census-secret-KEY-123 HTTP/1.1"
    api.raw = (418, {"Content-Type": "text/plain"}, body)
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 2 and "HTTP 418" in r.err
    assert "\x1b" not in r.err and "\x07" not in r.err and "census-secret-KEY-123" not in r.err
    assert "\u241b]52;c;ZXZpbA==" in r.err and "key=[key]" in r.err


@pytest.mark.parametrize(
    "name, value, said",
    [
        ("TRADETRACK_FETCH_RETRIES", "inf", "TRADETRACK_FETCH_RETRIES='inf' is not a finite number"),
        ("TRADETRACK_FETCH_TIMEOUT", "nan", "TRADETRACK_FETCH_TIMEOUT='nan' is not a finite number"),
        ("TRADETRACK_ESR_KEY", "clé-ünïcode", "the esr key in TRADETRACK_ESR_KEY is not plain ASCII"),
    ],
)
def test_bad_settings_are_named_errors(cli, api, ws, monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and said in r.err and api.requests == [] and records(ws) == []
    assert value not in r.err or name != "TRADETRACK_ESR_KEY"


def test_concurrent_fetches_and_an_add_write_no_duplicate_line(api, ws, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "TRADETRACK_TODAY": "2026-11-28"}
    fetches = [
        subprocess.Popen(
            [sys.executable, "-m", "tradetrack", "fetch", "beans", "--data", str(ws)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    add = subprocess.run(
        [sys.executable, "-m", "tradetrack", "progress", "add", "beans", "--date", "2026-01-15"]
        + ["--amount", "260000", "--unit", "t", "--source", "by hand", "--data", str(ws)],
        env=env,
        capture_output=True,
    )
    codes_ = [p.wait(timeout=60) for p in fetches]
    assert all(c == 0 for c in codes_) and add.returncode == 0, [p.stderr.read() for p in fetches] + [add.stderr]
    fetched = [(x["date"], x["amount"]) for x in records(ws) if x["source"] != "by hand"]
    assert sorted(fetched) == [("2026-01-08", 100000), ("2026-01-15", 260000), ("2026-01-22", 460000)] or sorted(
        fetched
    ) == [("2026-01-08", 100000), ("2026-01-22", 460000)]  # the hand figure came first: not added again
    assert not any("revises" in x.get("note", "") for x in records(ws))


def test_a_figure_added_while_fetch_prepares_its_write_is_not_added_twice(cli, api, ws, monkeypatch):
    # Another writer records the 15 January figure after fetch made its rows and before it takes
    # the write's lock: the rows are made again under the lock, so the figure is not added twice.
    from tradetrack.cli import fetching

    real = fetching._report

    def meanwhile(results, found):
        with (ws / "progress.jsonl").open("a") as f:
            f.write('{"commitment": "beans", "date": "2026-01-15", "amount": 260000, "unit": "t", "source": "hand"}\n')
        return real(results, found)

    monkeypatch.setattr(fetching, "_report", meanwhile)
    assert cli("fetch", "beans", "--data", ws).code == 0
    assert [x["source"] for x in records(ws) if x["date"] == "2026-01-15"] == ["hand"]


def test_an_answer_two_series_share_is_asked_for_once_a_run(cli, api, ws):
    text = COMMITMENTS.replace(
        "      - {basis: usda-esr, esr: {commodity: 801, country: 5700}}\n",
        "      - {basis: usda-esr, esr: {commodity: 801, country: 5700}}\n"
        "      - {basis: usda-esr-exports, esr: {commodity: 801, country: 5700, measure: exports}}\n",
        1,
    )
    (ws / "commitments.yaml").write_text(text)
    assert cli("fetch", "beans", "--data", ws).code == 0
    assert len(api.requests) == 2  # marketing years 2026 and 2027, once each for both series


def test_every_other_esr_answer_has_its_own_message(cli, api, ws):
    from .apiserver import INVALID_REQUEST, KEY_MISSING

    api.raw = (403, {"Content-Type": "application/json"}, json.dumps(KEY_MISSING).encode())
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "refused the key (HTTP 403, API_KEY_MISSING): the key is missing or refused" in r.err
    api.raw = (400, {"Content-Type": "application/json"}, json.dumps(INVALID_REQUEST).encode())
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and 'HTTP 400: {"message": "The request is invalid."}' in r.err


def test_census_no_rows_is_nothing_published_yet(cli, api, ws):
    api.census[("exports", "1201", "5700")] = {}
    api.census[("exports", "8802", "5700")] = {}
    r = cli("fetch", "goods", "--data", ws)
    assert r.code == 0 and "goods-2026 us-exports: nothing published yet for HS 1201, 8802, country 5700" in r.err


def test_a_fetched_figure_below_a_hand_figure_hints_at_the_other_figure(cli, api, ws):
    # "mark a later addition with increment: true" cannot apply to a fetched to-date total
    line = '{"commitment": "beans", "date": "2026-01-09", "amount": 900000, "unit": "t", "source": "hand"}\n'
    (ws / "progress.jsonl").write_text(line)
    r = cli("fetch", "beans", "--data", ws)
    assert r.code == 2 and "asserts 0.26 Mt to date, but 0.90 Mt was reached by line 1" in r.err, r
    assert "increment" not in r.err
    # the problem is located at the fetch (no file): the hint names the other figure's file and line
    assert (
        "hint: the fetched figure is the publisher's own: if progress.jsonl:1 is not (a press report, an estimate), "
        'mark it "standing": "reported" and fetch again, and the confirmed figure supersedes it; '
        "if it is, correct progress.jsonl:1\n"
    ) in r.err
    assert (ws / "progress.jsonl").read_text() == line
    # so marked, the hand figure is superseded by the publisher's and the fetch goes ahead
    (ws / "progress.jsonl").write_text(line.replace('"source"', '"standing": "reported", "source"'))
    assert cli("fetch", "beans", "--data", ws).code == 0


def test_fetch_completes_the_ids_it_takes(ws, tmp_path):
    from .test_manual import _complete

    text = COMMITMENTS + (
        "  - id: bought\n    kind: purchase\n    deal: d\n    title: no series\n    party: CN\n"
        "    commodity: x\n    target: {amount: 1, unit: t}\n    start: 2026-01-01\n    due: 2026-12-31\n"
        "    sources: [{title: test}]\n"
    )
    (ws / "commitments.yaml").write_text(text)
    assert _complete("fetch", "--data", str(ws), "", cwd=tmp_path) == ["beans", "goods", "goods-2026"]
    assert _complete("fetch", "--data", str(ws), "go", cwd=tmp_path) == ["goods", "goods-2026"]
