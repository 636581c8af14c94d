"""The bundled record, pinned as of the days that matter: a data edit that changes a verdict
shows here. (* after a status: it rests on a fact that is not confirmed.)"""

from __future__ import annotations

from datetime import date

import pytest

from tradetrack.judge.terms import terms_on
from tradetrack.judge.verdict import judge_all

from .conftest import BUNDLED, ledger_of

SUSPENSIONS = (
    "cn-rare-earth-oct9-suspension",
    "cn-dual-use-us-ban-suspension",
    "cn-retaliatory-tariffs",
    "cn-port-fees-suspension",
    "us-affiliates-rule-suspension",
    "us-301-ship-fees-suspension",
    "us-301-exclusions",
)
BEIJING_ACTIONS = ("cn-beef-poultry-access", "us-cn-boards", "cn-critical-minerals-concerns")


def verdicts(day: str, basis=None) -> dict:
    return {v.commitment.id: v for v in judge_all(ledger_of(BUNDLED), date.fromisoformat(day), basis)}


def statuses(day: str, basis=None) -> dict[str, str]:
    return {cid: v.status + ("*" if v.standing != "confirmed" else "") for cid, v in verdicts(day, basis).items()}


def test_2025_12_02_before_the_deadline_moved():
    s = statuses("2025-12-02")
    assert s["cn-soybeans-2025"] == "behind*"  # stated by the US only; 2.85 Mt by 9 Dec not yet in; 0.33 Mt of 12
    assert all(s[cid] == "in-force" for cid in SUSPENSIONS)
    assert s["us-fentanyl-tariff-cut"] == "implemented" and s["us-reciprocal-suspension"] == "in-force"
    assert s["cn-general-licences"] == "pending"
    assert all(s[cid] == "not-started*" for cid in BEIJING_ACTIONS + ("cn-boeing-aircraft",))
    assert terms_on(ledger_of(BUNDLED).commitment("cn-soybeans-2025"), date(2025, 12, 2)).due == date(2025, 12, 31)


def test_2026_01_15_on_track_to_the_moved_deadline():
    v = verdicts("2026-01-15")
    assert v["cn-soybeans-2025"].status == "on-track" and v["cn-soybeans-2025"].due == date(2026, 2, 28)
    assert statuses("2026-01-15")["cn-general-licences"] == "partly-done*"  # an aggregator's report only


def test_2026_03_01_the_12_mt_on_each_basis():
    v = verdicts("2026-03-01")["cn-soybeans-2025"]
    assert (v.status, v.last_figure, v.gap_days) == ("unconfirmed", date(2026, 1, 8), 51)
    assert dict(v.by_basis) == {"usda-esr": 8, "trade-estimate": 12, "official": 12}
    assert verdicts("2026-03-01", "trade-estimate")["cn-soybeans-2025"].status == "met"
    assert verdicts("2026-03-01", "official")["cn-soybeans-2025"].status == "met"
    s = statuses("2026-03-01")
    assert s["us-fentanyl-tariff-cut"] == "superseded" and s["us-reciprocal-suspension"] == "void"


def test_the_shipped_figure_is_another_measure():
    v = verdicts("2026-03-20")["cn-soybeans-2025"]
    assert dict(v.other_measures) == {"usda-esr-exports": 11.2}
    assert "usda-esr-exports" not in v.by_basis


def test_2026_11_09_in_force_on_the_report_lapsing_on_confirmed_facts():
    v = verdicts("2026-11-09")
    for cid in SUSPENSIONS:
        assert (v[cid].status, v[cid].standing, v[cid].due) == ("in-force", "reported", date(2027, 1, 10)), cid
    assert v["us-affiliates-rule-suspension"].confirmed_status == "lapsing"


def test_2026_11_11_extended_as_reported():
    s = statuses("2026-11-11")
    assert s["cn-rare-earth-oct9-suspension"] == "extended*" and s["cn-dual-use-us-ban-suspension"] == "in-force*"
    assert s["cn-tariff-cut-list"] == "done*" and s["us-tariff-cut-list"] == "done*"


def test_2026_11_28_as_an_analyst_would_write_it():
    v = verdicts("2026-11-28")
    for cid in SUSPENSIONS:
        assert (v[cid].status, v[cid].standing, v[cid].confirmed_status) == ("extended", "reported", "lapsed"), cid
    s = statuses("2026-11-28")
    assert s["cn-soybeans-2025"] == "unconfirmed*"  # and the pledge itself is stated by the US only
    assert s["cn-soybeans-2026"] == "no-data*"  # no published 2026 figure: not "behind"
    assert s["cn-tariff-exclusions"] == "in-force"
    assert s["cn-boeing-aircraft"] == "no-data*" and v["cn-boeing-aircraft"].unit == "aircraft"
    assert s["cn-us-farm-purchases-2026"] == "no-data*" and s["cn-us-coal-2027"] == "not-started*"
    assert all(s[cid] == "pending*" for cid in BEIJING_ACTIONS)
    assert {d.by for d in v["cn-boeing-aircraft"].doubts} == {"US"}


def test_2027_01_11_the_reported_end_has_passed():
    s = statuses("2027-01-11")
    assert all(s[cid] == "lapsed*" for cid in SUSPENSIONS)  # lapsed either way; the date rests on the report
    assert s["cn-tariff-exclusions"] == "lapsed" and s["cn-soybeans-2027"] == "no-data*"


@pytest.mark.parametrize(
    "day", ["2025-12-02", "2026-01-15", "2026-03-01", "2026-11-09", "2026-11-11", "2026-11-28", "2027-01-11"]
)
def test_the_whole_record_at_each_day(day, data_regression_table):
    """Every verdict of the record on each day, against the table kept in tests/bundled_verdicts.txt."""
    data_regression_table(day, statuses(day))


def test_the_soybean_commitments_name_their_series():
    """`tradetrack fetch` knows where their figures come from: USDA export sales of soybeans
    (801) to China (5700), total commitments and shipped exports on bases of their own."""
    ledger = ledger_of(BUNDLED)
    for cid in ("cn-soybeans-2025", "cn-soybeans-2026", "cn-soybeans-2027", "cn-soybeans-2028"):
        series = {s.basis: (s.esr.commodity, s.esr.country, s.esr.measure) for s in ledger.commitment(cid).series}
        assert series == {
            "usda-esr": (801, 5700, "total-commitment"),
            "usda-esr-exports": (801, 5700, "exports"),
        }, cid
