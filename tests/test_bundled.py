"""The bundled record, pinned as of the days that matter: a data edit that changes a verdict
shows here. (* after a status: it rests on a fact that is not confirmed; + : an unverified
claim stands beside it.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tradetrack.judge.terms import terms_on
from tradetrack.judge.verdict import judge, scope_of

from .conftest import BUNDLED, ledger_of

ROOT = Path(__file__).resolve().parent.parent

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
    led = ledger_of(BUNDLED)
    scope = scope_of(led, basis)
    return {c.id: judge(c, scope, date.fromisoformat(day)) for c in led.commitments}


def statuses(day: str, basis=None) -> dict[str, str]:
    """* after a status: it rests on a fact that is not confirmed; + : an unverified claim
    stands beside it (and did not decide it)."""
    return {
        cid: v.status + ("*" if v.standing != "confirmed" else "") + ("+" if v.claims or v.claimed_changes else "")
        for cid, v in verdicts(day, basis).items()
    }


def test_2025_12_02_before_the_deadline_moved():
    s = statuses("2025-12-02")
    assert s["cn-soybeans-2025"] == "behind*"  # stated by the US only; 2.85 Mt by 9 Dec not yet in; 0.33 Mt of 12
    assert all(s[cid] == "in-force" for cid in SUSPENSIONS if cid != "us-301-exclusions")
    assert s["us-301-exclusions"] == "in-force"  # from 30 Nov 2025 (Federal Register)
    assert s["us-fentanyl-tariff-cut"] == "implemented" and s["us-reciprocal-suspension"] == "in-force"
    assert s["cn-general-licences"] == "pending"
    assert s["us-rare-earth-deal"] == "overdue*"  # Bessent: by Thanksgiving (27 Nov 2025), stated by the US
    assert s["us-trump-beijing-visit"] == "pending" and s["cn-xi-washington-visit"] == "pending"
    assert all(s[cid] == "not-started*" for cid in BEIJING_ACTIONS if cid != "us-cn-boards")
    assert s["us-cn-boards"] == "not-started" and s["cn-boeing-aircraft"] == "not-started"
    assert terms_on(ledger_of(BUNDLED).commitment("cn-soybeans-2025"), date(2025, 12, 2)).due == date(2025, 12, 31)


def test_the_corrected_dates():
    """The Federal Register's and USTR's dates, not the fact sheet's (second check, 2 Dec 2026)."""
    v = verdicts("2026-11-01")
    assert (v["us-301-exclusions"].terms.start, v["us-301-exclusions"].due) == (date(2025, 11, 30), date(2026, 11, 9))
    assert v["us-301-ship-fees-suspension"].due == date(2026, 11, 9)
    assert "Announcement No. 72 of 2025" in v["cn-dual-use-us-ban-suspension"].commitment.description


def test_2026_01_15_on_track_to_the_moved_deadline():
    v = verdicts("2026-01-15")
    assert v["cn-soybeans-2025"].status == "on-track" and v["cn-soybeans-2025"].due == date(2026, 2, 28)
    assert statuses("2026-01-15")["cn-general-licences"] == "partly-done*"  # an aggregator's report only


def test_2026_03_01_the_12_mt_on_each_basis():
    v = verdicts("2026-03-01")["cn-soybeans-2025"]
    assert (v.status, v.last_figure, v.gap_days) == ("unconfirmed", date(2026, 1, 8), 51)
    assert dict(v.by_basis) == {"usda-esr": 8, "trade-estimate": 12, "official": 12}
    assert {(d.what, d.standing) for d in v.doubts} == {("commitment", "stated"), ("figure", "reported")}
    assert verdicts("2026-03-01", "trade-estimate")["cn-soybeans-2025"].status == "met"
    assert verdicts("2026-03-01", "official")["cn-soybeans-2025"].status == "met"
    s = statuses("2026-03-01")
    assert s["us-fentanyl-tariff-cut"] == "superseded" and s["us-reciprocal-suspension"] == "void"


def test_less_than_4_mt_is_not_a_figure():
    """USDA's "less than 4 million tons" of 17 Dec 2025 is a bound: no 4 Mt figure on usda-esr."""
    v = verdicts("2025-12-20")["cn-soybeans-2025"]
    assert [(p.date, p.total) for p in v.points()][-1] == (date(2025, 12, 9), 2.85)
    assert "less than 4 million tons" in v.commitment.notes


def test_the_shipped_figure_is_another_measure():
    v = verdicts("2026-03-20")["cn-soybeans-2025"]
    assert dict(v.other_measures) == {"usda-esr-exports": 11.2}
    assert "usda-esr-exports" not in v.by_basis


def test_2026_05_boeing_confirmed_and_the_visit_late():
    s = statuses("2026-05-31")
    assert s["cn-boeing-aircraft"] == "no-data"  # MOFCOM confirmed the 200 on 20 May: not "stated by US"
    assert s["us-trump-beijing-visit"] == "done-late"  # agreed for April, took place 13-15 May
    assert verdicts("2026-05-31")["us-trump-beijing-visit"].days_late == 13


def test_2026_06_the_board_of_trade_comment_process():
    s = statuses("2026-06-10")
    assert s["us-cn-boards"] == "partly-done"


def test_2026_11_09_in_force_on_confirmed_facts_the_claim_beside():
    """The reported extension to 10 Jan 2027 is seen only in digests: it no longer keeps the
    suspensions in force; it is shown beside them."""
    v = verdicts("2026-11-09")
    for cid in SUSPENSIONS:
        assert v[cid].due != date(2027, 1, 10), cid
        assert [a.end for a in v[cid].claimed_changes] == [date(2027, 1, 10)], cid
    assert v["us-affiliates-rule-suspension"].status == "lapsing"


def test_2026_11_11_ended_with_the_claimed_extension_beside():
    s = statuses("2026-11-11")
    assert s["cn-rare-earth-oct9-suspension"] == "lapsed+" and s["cn-dual-use-us-ban-suspension"] == "lapsing+"
    assert s["cn-tariff-cut-list"] == "pending*+" and s["us-tariff-cut-list"] == "pending*+"


def test_2026_11_28_as_an_analyst_would_write_it():
    v = verdicts("2026-11-28")
    for cid in SUSPENSIONS:
        assert (v[cid].status, v[cid].standing, v[cid].confirmed_status) == ("lapsed", "confirmed", None), cid
    s = statuses("2026-11-28")
    assert s["cn-soybeans-2025"] == "unconfirmed*"  # and the pledge itself is stated by the US only
    assert s["cn-soybeans-2026"] == "no-data*"  # no published 2026 figure: not "behind"
    assert s["cn-tariff-exclusions"] == "in-force"  # to 31 Dec 2026: lapsing from 1 Dec
    assert s["cn-boeing-aircraft"] == "no-data" and v["cn-boeing-aircraft"].unit == "aircraft"
    assert s["cn-us-farm-purchases-2026"] == "no-data*" and s["cn-us-coal-2027"] == "not-started*"
    assert all(s[cid] == "pending*" for cid in BEIJING_ACTIONS if cid != "us-cn-boards")
    assert s["cn-xi-washington-visit"] == "pending+"  # the visit of 23-25 Sep is seen only in digests
    assert {d.standing for d in v["cn-us-coal-2027"].doubts} == {"unverified"}


def test_2026_12_02_the_day_the_record_was_checked(cli):
    """The titles say when the record was checked; the status rests on confirmed facts."""
    r = cli("status", "--as-of", "2026-12-02")
    assert r.code == 0 and "record checked 2026-12-02" in r.out and "may be missing later facts" not in r.out
    assert "lapsed (+ claim)" in r.out
    assert "an extension to 2027-01-10 is claimed, unverified" in r.out


def test_a_run_long_after_the_check_says_the_record_may_be_stale(cli, tmp_path):
    r = cli("status", "--as-of", "2027-01-02")
    assert r.code == 0 and "record checked 2026-12-02 (over 30 days before 2027-01-02" in r.out
    assert "the record may be missing later facts" in r.out
    assert "may be missing" not in cli("status", "--as-of", "2027-01-01").out  # 30 days: not yet
    out = tmp_path / "r.md"
    assert cli("report", "-o", str(out), "--as-of", "2027-01-02").code == 0
    assert "the record may be missing later facts" in out.read_text()
    j = cli("status", "--json", "--as-of", "2026-12-02")
    assert '"checked": "2026-12-02"' in j.out


def test_2027_01_11_the_reported_end_has_passed():
    s = statuses("2027-01-11")
    assert all(s[cid] == "lapsed+" for cid in SUSPENSIONS)
    assert s["cn-tariff-exclusions"] == "lapsed" and s["cn-soybeans-2027"] == "no-data*"
    assert s["cn-xi-washington-visit"] == "overdue+"


@pytest.mark.parametrize(
    "day",
    ["2025-12-02", "2026-01-15", "2026-03-01", "2026-11-09", "2026-11-11", "2026-11-28", "2026-12-02", "2027-01-11"],
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


# Every host a bundled source links to: the outlet, a government page, or a law firm's or think
# tank's own page. A new host is added here on purpose, after checking it is not a mirror.
OUTLETS = {
    "caliber.az", "en.people.cn", "english.mofcom.gov.cn", "farmpolicynews.illinois.edu", "lawyerfanzhang.com",
    "mediaselangor.com", "opportimes.com", "qazinform.com", "tdminews.com", "thediplomaticinsight.com",
    "triviumchina.com", "ustr.gov", "www.argusmedia.com", "www.businesstimes.com.sg", "www.caixinglobal.com",
    "www.channelnewsasia.com", "www.cov.com", "www.crbcnews.com", "www.eenews.net", "www.factcheck.org",
    "www.freightwaves.com", "www.geopolitechs.org", "www.govconexec.com", "www.gvw.com",
    "www.internationaltradeinsights.com", "www.kelleydrye.com", "www.pakistantoday.com.pk", "www.piie.com",
    "www.profarmer.com", "www.strtrade.com", "www.swlaw.com", "www.thompsonhinesmartrade.com", "www.tovima.com",
    "www.troutman.com", "www.urdupoint.com", "www.waterwaysjournal.net", "www.wowo.com",
    # examples/us-japan-2025 (checked 2 Dec 2026; pubt.io and jp24h.com are named as carriers)
    "www.govinfo.gov", "japannews.yomiuri.co.jp", "www.hudson.org", "ielp.worldtradelaw.net",
    "www.ndtvprofit.com", "www.flightglobal.com", "jp24h.com", "www.thefencepost.com", "www.nippon.com",
    "ssricenews.com", "www.bdo.com", "www.newsbytesapp.com", "www.agnews890.com", "www.pubt.io",
    "oilmarketcap.com", "www.nationthailand.com",
}  # fmt: skip
# Mirrors, test copies, aggregators and spam sites the record cited before the check of 2 Dec
# 2026, and aggregators the check met: never a source's address (name them as carriers instead).
REFUSED = (
    "wpinitiate.com", "monexusmedia.uk", "newstenet.com", "myglobalnews.net", "news.net", "prepravakoni.cz",
    "project-ile.net", "vininews.com", "efinder.lk", "rainsnews.com", "hanna-ai.com", "el7.ai",
)  # fmt: skip


def _urls(path):
    ledger = ledger_of(path)
    deals = [s.url for d in ledger.deals for s in d.sources]
    own = [s.url for c in ledger.commitments for s in c.sources]
    changes = [a.source.url for c in ledger.commitments for a in c.amendments]
    text = (path / "progress.jsonl").read_text(encoding="utf-8")
    records = [json.loads(x)["source"] for x in text.splitlines() if x.startswith("{")]
    return [u for u in deals + own + changes + records if u and u.startswith(("http://", "https://"))]


@pytest.mark.parametrize(
    "path",
    [BUNDLED, ROOT / "examples" / "phase-one", ROOT / "examples" / "us-japan-2025"],
    ids=["bundled", "phase-one", "us-japan-2025"],
)
def test_every_source_url_is_the_outlet_or_a_government_page(path):
    hosts = {urlsplit(u).hostname or "" for u in _urls(path)}
    refused = {h for h in hosts for r in REFUSED if h == r or h.endswith("." + r)}
    assert not refused, f"a mirror or aggregator is cited: {sorted(refused)}"
    assert hosts <= OUTLETS, f"hosts not checked yet: {sorted(hosts - OUTLETS)}"
