"""Verdicts that hold on the next deal (issue 23): bounds, like-for-like pace, periods,
parties, currencies, investment pledges and per-row bases, through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import write_ws


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Figures of 2027 and later are added here: today is pinned, never the wall clock's."""
    monkeypatch.setenv("TRADETRACK_TODAY", "2030-01-01")


CEILING = """\
version: 1
deals:
  - {id: us-eu, title: US-EU framework, parties: [US, EU]}
commitments:
  - id: us-ceiling
    kind: tariff
    deal: us-eu
    title: US tariff on EU goods at most 15%
    party: US
    counterparty: EU
    to_rate: 15
    bound: at-most
    start: 2025-09-01
    sources: [{title: test}]
"""


def rates(*pairs) -> str:
    return "".join(f'{{"commitment": "us-ceiling", "date": "{d}", "rate": {r}, "source": "x"}}\n' for d, r in pairs)


@pytest.mark.parametrize(
    "observed, status",
    [
        ((), "pending"),
        ((("2025-09-25", 15),), "implemented"),
        ((("2025-09-25", 12),), "implemented"),
        ((("2025-09-25", 15), ("2025-10-25", 10)), "implemented"),
        ((("2025-09-25", 15), ("2025-10-25", 20)), "breached"),
        ((("2025-09-25", 27.5),), "breached"),
    ],
)
def test_a_ceiling_is_kept_at_or_below_and_breached_above(cli, tmp_path, observed, status):
    ws = write_ws(tmp_path / "w", CEILING, rates(*observed))
    r = cli("status", "--as-of", "2025-12-01", "--json", "--data", ws)
    assert r.code == 0, r
    row = json.loads(r.out)["commitments"][0]
    assert row["status"] == status and row["bound"] == "at-most"
    assert "overdue" not in r.out  # no due date: never overdue
    shown = cli("status", "--as-of", "2025-12-01", "--data", ws).out
    assert "at most 15%" in shown


def test_an_exact_tariff_still_reads_reversed_and_overdue(cli, tmp_path):
    exact = CEILING.replace("    bound: at-most\n", "    from_rate: 25\n    due: 2025-09-30\n")
    ws = write_ws(tmp_path / "w", exact, rates(("2025-10-01", 15), ("2025-10-25", 10)))
    row = json.loads(cli("status", "--as-of", "2025-12-01", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "reversed" and row["bound"] == "exactly"
    ws = write_ws(tmp_path / "x", exact, rates(("2025-10-01", 25)))
    r = cli("status", "--as-of", "2025-12-01", "--data", ws)
    assert "overdue" in r.out and "25% → 15%" in r.out


def test_a_ceiling_before_its_due_date_is_pending_not_breached(cli, tmp_path):
    dated = CEILING.replace("    bound: at-most\n", "    bound: at-most\n    from_rate: 27.5\n    due: 2025-10-01\n")
    ws = write_ws(tmp_path / "w", dated, rates(("2025-09-10", 27.5)))
    row = json.loads(cli("status", "--as-of", "2025-09-20", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "pending"
    row = json.loads(cli("status", "--as-of", "2025-10-20", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "breached" and "27.5% → at most 15%" in row["detail"]


CAP = """\
version: 1
commitments:
  - id: cap
    kind: purchase
    deal: d
    title: Imports capped at 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    bound: at-most
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
"""


def amounts(*pairs, cid="cap") -> str:
    return "".join(
        f'{{"commitment": "{cid}", "date": "{d}", "amount": {a}, "unit": "t", "source": "x"}}\n' for d, a in pairs
    )


@pytest.mark.parametrize(
    "figures, day, status",
    [
        ((("2026-01-05", 60),), "2026-01-06", "on-track"),
        ((("2026-01-05", 60), ("2026-01-10", 90)), "2026-01-20", "met"),
        ((("2026-01-05", 60), ("2026-01-08", 120)), "2026-01-09", "breached"),
        ((("2026-01-02", 20),), "2026-01-20", "unconfirmed"),
    ],
)
def test_a_purchase_ceiling(cli, tmp_path, figures, day, status):
    ws = write_ws(tmp_path / "w", CAP, amounts(*figures))
    r = cli("status", "--as-of", day, "--json", "--data", ws)
    assert json.loads(r.out)["commitments"][0]["status"] == status, r
    assert "at most 100 t" in cli("show", "cap", "--as-of", day, "--data", ws).out


def test_an_exact_purchase_above_its_amount_is_breached(cli, tmp_path):
    ws = write_ws(tmp_path / "w", CAP.replace("at-most", "exactly"), amounts(("2026-01-05", 100)))
    row = json.loads(cli("status", "--as-of", "2026-01-06", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "met"
    ws = write_ws(tmp_path / "x", CAP.replace("at-most", "exactly"), amounts(("2026-01-05", 101)))
    row = json.loads(cli("status", "--as-of", "2026-01-06", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "breached"


LAGGED = """\
version: 1
commitments:
  - id: energy
    kind: purchase
    deal: d
    title: Buy 365 MUSD of energy in 2026
    party: EU
    commodity: energy
    target: {amount: 365, unit: MUSD}
    start: 2026-01-01
    due: 2026-12-31
    sources: [{title: test}]
"""


def on_the_path() -> str:
    """Monthly to-date figures exactly on the linear path (1 MUSD a day) through 30 September."""
    from datetime import date, timedelta

    out = []
    for month in range(1, 10):
        end = date(2026, month + 1, 1) - timedelta(days=1)
        total = (end - date(2026, 1, 1)).days + 1
        out.append(f'{{"commitment": "energy", "date": "{end}", "amount": {total}, "unit": "MUSD", "source": "x"}}')
    return "\n".join(out) + "\n"


def test_lagged_figures_on_the_path_are_on_track_like_for_like(cli, tmp_path):
    ws = write_ws(tmp_path / "w", LAGGED, on_the_path())
    day = ("--as-of", "2026-12-02", "--data", ws)
    row = json.loads(cli("status", "--json", *day).out)["commitments"][0]
    assert row["status"] == "on-track"
    assert row["share_of_expected"] == pytest.approx(1.0)
    assert row["share_of_expected_today"] == pytest.approx(273 / 336)
    assert row["expected_at_last_figure"] == pytest.approx(273) and row["lag_days"] == 63
    lag = "official figures through 2026-09-30, 63 days before the as-of day"
    status = cli("status", *day).out
    assert lag in status and "100% of expected through 2026-09-30, 81% by 2026-12-02" in status
    show = cli("show", "energy", *day).out
    assert "100% of expected through 2026-09-30, 81% of expected by 2026-12-02" in show and lag in show
    report = cli("report", *day).out
    assert "100% through 2026-09-30 (81% by 2026-12-02)" in report and lag in report
    cells = next(csv.DictReader(io.StringIO(cli("report", "--format", "csv", *day).out)))
    assert cells["status"] == "on-track" and cells["lag_days"] == "63"
    assert float(cells["share_of_expected"]) == pytest.approx(1.0)
    assert float(cells["share_of_expected_today"]) == pytest.approx(273 / 336, abs=1e-6)


def test_lagged_figures_below_the_path_are_still_behind(cli, tmp_path):
    ws = write_ws(tmp_path / "w", LAGGED, on_the_path().replace('"amount": 273', '"amount": 150'))
    row = json.loads(cli("status", "--as-of", "2026-12-02", "--json", "--data", ws).out)["commitments"][0]
    assert row["status"] == "behind" and row["share_of_expected"] == pytest.approx(150 / 273)


ENERGY = """\
version: 1
deals:
  - {id: us-eu, title: US-EU framework, parties: [US, EU]}
commitments:
  - id: eu-energy
    kind: purchase
    deal: us-eu
    title: EU buys 250 bnUSD of US energy a year
    party: EU
    counterparty: US
    commodity: energy
    target: {amount: 250, unit: bnUSD}
    start: 2026-01-01
    recurring: {years: [2026, 2027, 2028]}
    sources: [{title: test}]
"""


def add(cli, ws, cid, day, amount):
    return cli(
        "progress", "add", cid, "--date", day, "--amount", amount, "--unit", "bnUSD", "--source", "x", "--data", ws
    )


def test_a_figure_before_its_period_is_refused_at_add_and_by_check(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY)
    r = add(cli, ws, "eu-energy-2027", "2026-06-30", "300")
    assert r.code == 2 and not (ws / "progress.jsonl").exists()
    assert "a figure of 2026-06-30 is before the period of eu-energy-2027 (2027-01-01 to 2027-12-31)" in r.err
    assert "it falls in eu-energy-2026's period: record it there" in r.err
    (ws / "progress.jsonl").write_text(
        '{"commitment": "eu-energy-2027", "date": "2026-06-30", "amount": 300, "unit": "bnUSD", "source": "x"}\n'
    )
    r = cli("check", "--data", ws)
    assert r.code == 2 and "progress.jsonl:1:1: a figure of 2026-06-30 is before the period of eu-energy-2027" in r.err
    # ... and so it cannot read met before the period starts
    assert cli("status", "--as-of", "2026-07-01", "--data", ws).code == 2


def test_a_figure_in_the_next_period_is_refused_and_a_late_single_figure_is_not(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY)
    r = add(cli, ws, "eu-energy-2026", "2027-01-15", "260")
    assert r.code == 2
    assert "a figure of 2027-01-15 is after the period of eu-energy-2026 (2026-01-01 to 2026-12-31)" in r.err
    assert add(cli, ws, "eu-energy-2028", "2029-01-15", "260").code == 0  # after the last period: late
    ws = write_ws(tmp_path / "m", MINIMAL_LATE)
    assert add(cli, ws, "buy", "2026-02-01", "100").code == 0  # a single period delivered late


def test_check_finds_a_figure_in_the_next_period_among_figures_of_the_same_shape(cli, tmp_path):
    """The loader judges each shape of record once: a figure after its period's due date has
    the shape of those inside the period, and is still reported at its own line; one after the
    last period's due date is a late delivery, not a problem."""
    ws = write_ws(tmp_path / "w", ENERGY)
    line = '{"commitment": "eu-energy-20%s", "date": "%s", "amount": %s, "unit": "bnUSD", "source": "x"}\n'
    rows = [("26", "2026-03-31", 50), ("26", "2027-01-15", 260), ("28", "2028-06-30", 90), ("28", "2029-01-15", 260)]
    (ws / "progress.jsonl").write_text("".join(line % row for row in rows))
    r = cli("check", "--data", ws)
    assert r.code == 2
    found = [x for x in r.err.splitlines() if x.startswith(str(ws))]
    said = "a figure of 2027-01-15 is after the period of eu-energy-2026 (2026-01-01 to 2026-12-31)"
    assert found == [f"{ws}/progress.jsonl:2:1: {said}"]


MINIMAL_LATE = ENERGY.replace("    recurring: {years: [2026, 2027, 2028]}\n", "    due: 2026-01-10\n").replace(
    "id: eu-energy", "id: buy"
)


def test_a_figure_outside_its_period_is_refused_at_import(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY)
    path = tmp_path / "f.csv"
    path.write_text(
        "commitment,date,amount,unit,source\neu-energy-2026,2026-03-31,50,bnUSD,x\neu-energy-2027,2026-06-30,300,bnUSD,x\n"
    )
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and f"{path}:3:1: a figure of 2026-06-30 is before the period of eu-energy-2027" in r.err
    assert not (ws / "progress.jsonl").exists()


def test_a_recurring_id_picks_the_period_by_the_date(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY)
    r = add(cli, ws, "eu-energy", "2027-03-31", "60")
    assert r.code == 0, r
    assert '"commitment": "eu-energy-2027"' in r.out
    r = add(cli, ws, "eu-energy", "2029-03-31", "60")
    assert r.code == 2 and "no period of eu-energy holds 2029-03-31" in r.err
    assert "eu-energy-2026 (2026-01-01 to 2026-12-31)" in r.err


def test_a_zero_before_the_start_says_nothing_was_bought_yet(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY)
    assert add(cli, ws, "eu-energy-2026", "2025-12-15", "0").code == 0


def test_a_party_outside_the_deal_is_refused_by_check_not_dropped(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY.replace("    counterparty: US\n", "    counterparty: UK\n"))
    r = cli("check", "--data", ws)
    assert r.code == 2 and "counterparty 'UK' is not a party to the deal us-eu" in r.err
    assert "its parties: US, EU" in r.err
    assert cli("status", "--party", "EU", "--data", ws).code == 2  # not silently dropped


def test_euros_convert_within_themselves_and_never_to_dollars(cli, tmp_path):
    eur = ENERGY.replace("{amount: 250, unit: bnUSD}", "{amount: 250, unit: bnEUR}")
    ws = write_ws(tmp_path / "w", eur)
    r = cli(
        "progress", "add", "eu-energy-2026", "--date", "2026-03-31", "--amount", "60000", "--unit", "MEUR",
        "--source", "Eurostat", "--data", ws,
    )  # fmt: skip
    assert r.code == 0, r
    row = json.loads(cli("status", "--as-of", "2026-04-01", "--json", "--data", ws).out)["commitments"][0]
    assert (row["actual"], row["unit"]) == (60, "bnEUR")
    r = add(cli, ws, "eu-energy-2026", "2026-04-30", "70")  # bnUSD
    assert r.code == 2 and "unit 'bnUSD' (US dollars) does not convert to 'bnEUR' (euros)" in r.err
    assert "currencies are never converted" in r.err


@pytest.mark.parametrize("unit", ["bnJPY", "kKRW", "MCNY", "GBP"])
def test_each_currency_is_its_own_dimension(cli, tmp_path, unit):
    ws = write_ws(tmp_path / "w", ENERGY.replace("{amount: 250, unit: bnUSD}", f"{{amount: 250, unit: {unit}}}"))
    assert cli("check", "--data", ws).code == 0
    r = add(cli, ws, "eu-energy-2026", "2026-04-30", "70")
    assert r.code == 2 and f"does not convert to {unit!r}" in r.err


def test_yen_sign_is_ambiguous(cli, tmp_path):
    ws = write_ws(tmp_path / "w", ENERGY.replace("{amount: 250, unit: bnUSD}", "{amount: 250, unit: ¥}"))
    r = cli("check", "--data", ws)
    assert r.code == 2 and "write JPY or CNY" in r.err


PHASE_ONE = Path(__file__).resolve().parent.parent / "examples" / "phase-one"


def test_a_basis_judges_the_rows_that_have_a_target_on_it(cli):
    day = ("--as-of", "2022-01-31", "--data", PHASE_ONE)
    r = cli("status", "--basis", "cn-imports", "--json", *day)
    assert r.code == 0, r
    rows = {x["id"]: x["status"] for x in json.loads(r.out)["commitments"]}
    assert rows["pho-agriculture-2020"] == "missed" and rows["pho-services-2020"] == "no-target"
    text = cli("status", "--basis", "cn-imports", *day).out
    assert "no target on cn-imports" in text and "baselines on us-exports" in text
    report = cli("report", "--basis", "cn-imports", *day)
    assert report.code == 0 and "no target on cn-imports" in report.out


def test_show_and_chart_check_that_commitment_alone(cli, tmp_path):
    day = ("--as-of", "2022-01-31", "--data", PHASE_ONE)
    assert cli("show", "pho-agriculture-2020", "--basis", "cn-imports", *day).code == 0
    r = cli("show", "pho-services-2020", "--basis", "cn-imports", *day)
    assert r.code == 2 and "pho-services-2020: its target has no baseline on the cn-imports basis" in r.err
    assert "bases with a baseline: us-exports" in r.err and "--deal" not in r.err
    svg = tmp_path / "c.svg"
    assert cli("chart", "pho-agriculture-2020", "-o", svg, "--basis", "cn-imports", *day).code == 0
    r = cli("chart", "pho-services-2020", "-o", tmp_path / "d.svg", "--basis", "cn-imports", *day)
    assert r.code == 2 and "pho-services-2020: its target has no baseline" in r.err
