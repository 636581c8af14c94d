"""Rules the suite let through when broken on purpose (issue 22): each test here fails when its
rule is undone, and scripts/mutate.py names the break."""

from __future__ import annotations

import json

from .conftest import write_ws

ACTION = """\
version: 1
deals: [{id: d, title: D, parties: [CN, US]}]
commitments:
  - id: lift-ban
    kind: action
    deal: d
    title: Lift the ban
    party: CN
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: test}]
"""


def test_an_action_is_done_when_first_done_not_when_last_said(cli, tmp_path):
    ws = write_ws(
        tmp_path / "w",
        ACTION,
        '{"commitment": "lift-ban", "date": "2026-01-05", "event": "done", "source": "first notice"}\n'
        '{"commitment": "lift-ban", "date": "2026-01-20", "event": "done", "source": "said again"}\n',
    )
    row = json.loads(cli("status", "--json", "--as-of", "2026-02-01", "--data", ws).out)["commitments"][0]
    assert (row["status"], row["event_on"], row["days_late"]) == ("done", "2026-01-05", None)


BASELINES = """\
version: 1
settings: {default_basis: us-exports}
deals: [{id: d, title: D, parties: [CN, US]}]
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy above the 2017 level
    party: CN
    commodity: goods
    start: 2020-01-01
    due: 2020-12-31
    target:
      baseline: {us-exports: {amount: 100, unit: bnUSD}, cn-imports: {amount: 150, unit: bnUSD}}
      increase: {amount: 50, unit: bnUSD}
    sources: [{title: test}]
"""


def test_bases_with_their_own_baselines_are_compared_as_shares_of_their_targets(cli, tmp_path):
    # 150 of 150 on US data and 200 of 200 on Chinese data: the same share, so no disagreement,
    # though the amounts differ by a quarter.
    ws = write_ws(
        tmp_path / "w",
        BASELINES,
        '{"commitment": "buy", "date": "2020-12-31", "amount": 150, "unit": "bnUSD", "basis": "us-exports", '
        '"source": "a"}\n'
        '{"commitment": "buy", "date": "2020-12-31", "amount": 200, "unit": "bnUSD", "basis": "cn-imports", '
        '"source": "b"}\n',
    )
    row = json.loads(cli("status", "--json", "--as-of", "2021-01-05", "--data", ws).out)["commitments"][0]
    assert row["bases_disagree"] is False
    # and a real disagreement is still seen: 150 of 150 against 100 of 200
    text = (ws / "progress.jsonl").read_text().replace('"amount": 200', '"amount": 100')
    (ws / "progress.jsonl").write_text(text)
    row = json.loads(cli("status", "--json", "--as-of", "2021-01-05", "--data", ws).out)["commitments"][0]
    assert row["bases_disagree"] is True


def test_reported_and_confirmed_exclude_each_other(cli):
    r = cli("status", "--status", "reported,confirmed", "--as-of", "2026-12-02")
    assert r.code == 2 and "reported and confirmed exclude each other" in r.err and r.out == ""


def test_a_measure_on_a_record_that_is_not_a_purchase_is_refused(cli, tmp_path):
    ws = write_ws(
        tmp_path / "w",
        ACTION,
        '{"commitment": "lift-ban", "date": "2026-01-05", "event": "done", "measure": "shipped", "source": "x"}\n',
    )
    r = cli("check", "--data", ws)
    assert r.code == 2 and "progress.jsonl:1:" in r.err
    assert "a measure qualifies figures of purchases and investments only" in r.err


def test_every_named_mutant_still_finds_its_text():
    """A refactor that moves a named mutant's text fails here, at once, rather than an hour into
    a mutation run (each named break must apply to today's code to mean anything)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "mutate.py"
    spec = importlib.util.spec_from_file_location("mutate", path)
    assert spec is not None and spec.loader is not None
    mutate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutate)
    assert len(mutate.NAMED) > 90
    assert mutate.stale(mutate.ROOT, list(mutate.NAMED)) == []
