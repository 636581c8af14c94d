"""Investment pledges (issue 23, item 6): an amount to reach by a date, judged like a purchase
but with no commodity and in words of their own, through the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import write_ws

PLEDGE = """\
version: 1
settings:
  default_basis: official
deals:
  - {id: us-jp, title: US-Japan framework, parties: [US, JP]}
commitments:
  - id: jp-investment
    kind: investment
    deal: us-jp
    title: Japan invests $550bn in the US
    party: JP
    counterparty: US
    target: {amount: 550, unit: bnUSD}
    start: 2025-09-04
    due: 2029-01-19
    sources: [{title: test}]
  - id: jp-rice
    kind: purchase
    deal: us-jp
    title: Japan buys US rice
    party: JP
    counterparty: US
    commodity: rice
    target: {amount: 100, unit: kt}
    start: 2025-09-04
    due: 2026-09-03
    sources: [{title: test}]
"""

AS_OF = "2026-09-04"  # a year into the period: 163.1 bnUSD expected


def figure(amount: float, day: str = AS_OF) -> str:
    return f'{{"commitment": "jp-investment", "date": "{day}", "amount": {amount}, "unit": "bnUSD", "source": "x"}}\n'


@pytest.mark.parametrize(
    "amount, status, word",
    [(160, "on-track", "on track"), (50, "behind", "behind"), (560, "met", "met")],
)
def test_an_investment_reads_on_track_behind_or_met_in_its_own_words(cli, tmp_path, amount, status, word):
    ws = write_ws(tmp_path / "w", PLEDGE, figure(amount))
    r = cli("status", "--as-of", AS_OF, "--kind", "investment", "--data", ws)
    assert r.code == 0, r
    assert "Investments judged on official (default)" in r.out
    assert f"{amount:g} bnUSD of 550 bnUSD invested" in r.out and word in r.out
    row = json.loads(cli("status", "--as-of", AS_OF, "--json", "--data", ws).out)["commitments"][0]
    assert (row["kind"], row["status"], row["actual"], row["target"]) == ("investment", status, amount, 550.0)


def test_an_investment_with_no_figure_reads_no_data(cli, tmp_path):
    ws = write_ws(tmp_path / "w", PLEDGE, "")
    out = cli("status", "--as-of", AS_OF, "--data", ws).out
    assert "no official investment figure yet" in out
    assert "Purchases and investments judged on" in out  # both kinds are on the list


def test_kind_investment_selects_investments_only(cli, tmp_path):
    ws = write_ws(tmp_path / "w", PLEDGE, figure(160))
    ids = [
        c["id"]
        for c in json.loads(cli("status", "--as-of", AS_OF, "--json", "--kind", "investment", "--data", ws).out)[
            "commitments"
        ]
    ]
    assert ids == ["jp-investment"]
    ids = [
        c["id"]
        for c in json.loads(cli("status", "--as-of", AS_OF, "--json", "--kind", "purchase", "--data", ws).out)[
            "commitments"
        ]
    ]
    assert ids == ["jp-rice"]


def test_show_and_every_report_format_word_an_investment_as_one(cli, tmp_path):
    ws = write_ws(tmp_path / "w", PLEDGE, figure(160))
    card = cli("show", "jp-investment", "--as-of", AS_OF, "--data", ws).out
    assert "investment · JP → US" in card and "Target 550 bnUSD invested" in card
    assert "Projected total invested at 2029-01-19" in card and " of " + "rice" not in card
    md = cli("report", "--as-of", AS_OF, "--data", ws).out
    assert "· investment · JP → US" in md and "Target 550 bnUSD invested." in md
    assert "| 160 bnUSD of 550 bnUSD invested | 29% |" in md
    html = tmp_path / "r.html"
    assert cli("report", "--as-of", AS_OF, "--data", ws, "-o", html).code == 0
    assert "<p>Target 550 bnUSD invested." in html.read_text()
    out = tmp_path / "r.csv"
    assert cli("report", "--as-of", AS_OF, "--data", ws, "-o", out).code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["jp-investment"]["kind"] == "investment" and rows["jp-investment"]["status"] == "on-track"


def test_a_commodity_on_an_investment_is_refused_with_a_hint(cli, tmp_path):
    text = PLEDGE.replace("    target: {amount: 550", "    commodity: money\n    target: {amount: 550", 1)
    ws = write_ws(tmp_path / "w", text, "")
    r = cli("check", "--data", ws)
    assert r.code == 2 and "commitments.yaml:13:5: an investment has no commodity" in r.err
    assert "hint: remove `commodity:`, or write `kind: purchase` if goods are bought" in r.err


def test_a_roll_up_adds_up_commitments_of_its_own_kind(cli, tmp_path):
    text = (
        PLEDGE
        + """\
  - id: jp-all
    kind: investment
    deal: us-jp
    title: Everything Japan pledged
    party: JP
    parts: [jp-investment, jp-rice]
    start: 2025-09-04
    sources: [{title: test}]
"""
    )
    r = cli("check", "--data", write_ws(tmp_path / "w", text, ""))
    assert r.code == 2 and "part 'jp-rice' is a purchase, not an investment" in r.err
    assert "a roll-up adds up investments" in r.err


def test_a_recurring_investment_is_judged_per_period(cli, tmp_path):
    text = PLEDGE.replace(
        "    target: {amount: 550, unit: bnUSD}\n    start: 2025-09-04\n    due: 2029-01-19\n",
        "    target: {amount: 100, unit: bnUSD}\n    start: 2026-01-01\n    recurring: {years: [2026, 2027]}\n",
        1,
    )
    ws = write_ws(tmp_path / "w", text, figure(110, "2026-12-31").replace("jp-investment", "jp-investment-2026"))
    rows = json.loads(cli("status", "--as-of", "2027-01-05", "--json", "--kind", "investment", "--data", ws).out)
    got = {c["id"]: (c["kind"], c["status"]) for c in rows["commitments"]}
    assert got == {"jp-investment-2026": ("investment", "met"), "jp-investment-2027": ("investment", "no-data")}
