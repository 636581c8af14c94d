"""The US–Japan example (issue 23, item 10): the framework of 22 Jul 2025, EO 14345 and the
investment MOU of 4 Sep 2025, as the record stands, judged on a pinned day."""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "us-japan-2025"


def test_the_verdicts_of_2026_12_01(cli):
    r = cli("status", "--data", EXAMPLE, "--as-of", "2026-12-01", "--json")
    assert r.code == 0, r
    rows = {c["id"]: c for c in json.loads(r.out)["commitments"]}
    got = {cid: (c["kind"], c["status"], c["standing"]) for cid, c in rows.items()}
    assert got == {
        "jp-investment-550bn": ("investment", "no-data", "confirmed"),
        "us-tariff-ceiling-15": ("tariff", "implemented", "confirmed"),
        "jp-boeing-100": ("purchase", "no-data", "stated"),
        "jp-rice-minimum-access": ("purchase", "no-data", "stated"),
        "jp-us-farm-goods-2026": ("purchase", "no-data", "stated"),
        "jp-us-energy-2026": ("purchase", "no-data", "reported"),
    }
    # The one published investment figure is projects selected: shown beside, never judged.
    invest = rows["jp-investment-550bn"]
    assert invest["actual"] is None and invest["other_measures"] == {"projects-selected": 36.0}
    assert (invest["target"], invest["due"]) == (550.0, "2029-01-19")
    ceiling = rows["us-tariff-ceiling-15"]
    assert (ceiling["bound"], ceiling["to_rate"], ceiling["observed_rate"]) == ("at-most", 15, 15)


def test_the_status_says_what_each_verdict_rests_on(cli):
    out = cli("status", "--data", EXAMPLE, "--as-of", "2026-12-01").out
    assert "Purchases and investments judged on official (default)" in out
    assert "no official investment figure yet; selected (another measure): projects-selected 36 bnUSD" in out
    assert "at most 15%; 15% observed 2025-09-04" in out
    assert "no data (stated by US)" in out and "? the commitment is stated by US only" in out
    assert "6 commitments: 5 no data, 1 implemented" in out
    card = cli("show", "jp-investment-550bn", "--data", EXAMPLE, "--as-of", "2026-12-01").out
    assert "By basis: selected (another measure): projects-selected 36 bnUSD" in card


def test_the_rice_target_is_the_baseline_and_its_75_percent(cli):
    card = cli("show", "jp-rice-minimum-access", "--data", EXAMPLE, "--as-of", "2026-12-01").out
    assert "official baseline 346 + increase 259.5 = 605.5 kt" in card


def test_the_example_checks_clean(cli):
    r = cli("check", "--data", EXAMPLE)
    assert r.code == 0 and r.out == "" and r.err == ""
