"""Verdicts that hold on the next deal (issue 23): bounds, like-for-like pace, periods,
parties, currencies, investment pledges and per-row bases, through the CLI."""

from __future__ import annotations

import json

import pytest

from .conftest import write_ws

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
