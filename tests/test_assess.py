"""Status rules at their edges, as pure functions of the data and a day."""

from __future__ import annotations

from datetime import date

import pytest

from tradetrack.core.values import Purchase, Record
from tradetrack.facts.index import facts_for
from tradetrack.files import models as m
from tradetrack.files.load import to_values
from tradetrack.judge.verdict import assess as assess_facts
from tradetrack.judge.verdict import assess_all, expected_share, terms_on

from .conftest import BUNDLED, ledger_of

SETTINGS = to_values(m.Settings())


def valid(model, fields: dict):
    """A commitment as a load gives it: validated by the file's model, then a domain object."""
    return to_values(model.model_validate(fields))


def purchase(**kw) -> Purchase:
    base = dict(id="buy", kind="purchase", deal="d", title="t", party="CN", commodity="soybeans",
                target={"amount": 100, "unit": "t"}, start=date(2026, 1, 1), due=date(2026, 1, 10),
                sources=[{"title": "s"}])
    return valid(m.Purchase, {**base, **kw})


def rec(day: date, amount=None, unit="t", basis="official", increment=False, rate=None, event=None, line=1):
    return Record(commitment="buy", date=day, amount=amount, unit=unit if amount is not None else None,
                  increment=increment, rate=rate, event=event, basis=basis, source="src", line=line)


def assess(c, records, day, settings, basis=None):
    return assess_facts(c, facts_for(c, records), day, settings, basis)


def status(c, records, day, basis=None):
    return assess(c, records, day, SETTINGS, basis).status


class TestPurchase:
    def test_future_start_is_not_started(self):
        assert status(purchase(), [rec(date(2025, 12, 1), 5)], date(2025, 12, 31)) == "not started"

    def test_no_figures_is_no_data(self):
        assert status(purchase(), [], date(2026, 1, 5)) == "no data"

    def test_figures_after_the_day_are_ignored(self):
        assert status(purchase(), [rec(date(2026, 1, 6), 100)], date(2026, 1, 5)) == "no data"

    def test_pro_rated_expectation_sets_on_track_at_risk_behind(self):
        day = date(2026, 1, 5)  # 5 of 10 days: 50 t expected
        assert status(purchase(), [rec(day, 45)], day) == "on track"  # 90%
        assert status(purchase(), [rec(day, 44)], day) == "at risk"
        assert status(purchase(), [rec(day, 35)], day) == "at risk"  # 70%
        assert status(purchase(), [rec(day, 34)], day) == "behind"

    def test_due_date_itself_expects_the_whole_target(self):
        a = assess(purchase(), [rec(date(2026, 1, 10), 60)], date(2026, 1, 10), SETTINGS)
        assert (a.status, a.expected, a.days_left) == ("behind", 100, 0)

    def test_day_after_due_is_missed(self):
        a = assess(purchase(), [rec(date(2026, 1, 10), 99)], date(2026, 1, 11), SETTINGS)
        assert (a.status, a.days_left) == ("missed", -1)

    def test_over_delivery_is_met_and_share_above_one(self):
        a = assess(purchase(), [rec(date(2026, 1, 3), 150)], date(2026, 1, 20), SETTINGS)
        assert a.status == "met" and a.share == 1.5

    def test_units_convert_to_the_target(self):
        a = assess(purchase(), [rec(date(2026, 1, 10), 0.1, "kt")], date(2026, 1, 10), SETTINGS)
        assert a.status == "met" and a.actual == pytest.approx(100)

    def test_increments_add_and_to_date_figures_reset(self):
        records = [rec(date(2026, 1, 2), 20, line=1), rec(date(2026, 1, 3), 10, increment=True, line=2),
                   rec(date(2026, 1, 4), 40, line=3), rec(date(2026, 1, 5), 5, increment=True, line=4)]
        assert assess(purchase(), records, date(2026, 1, 5), SETTINGS).actual == 45

    def test_lower_to_date_figure_is_an_inconsistency(self):
        records = [rec(date(2026, 1, 2), 30, line=4), rec(date(2026, 1, 3), 20, line=7)]
        (i,) = assess(purchase(), records, date(2026, 1, 5), SETTINGS).inconsistencies
        assert (i.asserted, i.computed, i.difference, i.line, i.previous_line) == (20, 30, -10, 7, 4)

    def test_each_basis_is_assessed_on_its_own(self):
        records = [rec(date(2026, 1, 5), 10, basis="usda-esr"), rec(date(2026, 1, 5), 50, basis="trade")]
        a = assess(purchase(), records, date(2026, 1, 5), SETTINGS, "usda-esr")
        assert a.status == "behind" and a.disagreement and a.by_basis == {"usda-esr": 10, "trade": 50}
        assert status(purchase(), records, date(2026, 1, 5), "trade") == "on track"

    def test_close_bases_are_not_flagged(self):
        records = [rec(date(2026, 1, 5), 45, basis="a"), rec(date(2026, 1, 5), 50, basis="b")]
        assert not assess(purchase(), records, date(2026, 1, 5), SETTINGS, "a").disagreement

    def test_projection(self):
        a = assess(purchase(), [rec(date(2026, 1, 5), 25)], date(2026, 1, 5), SETTINGS)
        p = a.projection
        assert p.daily_rate == 5 and p.projected_total == 50
        assert p.reach_date == date(2026, 1, 20)
        assert p.needed_weekly == pytest.approx(75 / 5 * 7)

    def test_monthly_profile_shapes_the_expected_path(self):
        c = purchase(start=date(2026, 1, 1), due=date(2026, 12, 31), profile=[3] + [1] * 11)
        share = expected_share(c.start, c.due, date(2026, 1, 31), c.profile)
        assert share == pytest.approx(3 / 14)
        assert expected_share(c.start, c.due, date(2026, 1, 31), None) == pytest.approx(31 / 365)


class TestAmendments:
    def test_terms_follow_the_amendment_in_force(self):
        c = purchase(amendments=[{"date": "2026-01-08", "due": "2026-02-10", "summary": "moved",
                                  "source": {"title": "s"}}])
        assert terms_on(c, date(2026, 1, 7)).due == date(2026, 1, 10)
        assert terms_on(c, date(2026, 1, 8)).due == date(2026, 2, 10)
        # Missed under the old terms, on track under the new (11 of 41 days gone, half bought).
        assert status(purchase(), [rec(date(2026, 1, 5), 50)], date(2026, 1, 11)) == "missed"
        assert status(c, [rec(date(2026, 1, 5), 50)], date(2026, 1, 11)) == "on track"

    def test_a_target_amended_in_another_unit_reads_in_the_commitment_unit(self):
        c = purchase(amendments=[{"date": "2026-01-08", "target": {"amount": 50, "unit": "kt"},
                                  "summary": "raised", "source": {"title": "s"}}])
        before = assess_facts(c, facts_for(c, []), date(2026, 1, 7), SETTINGS)
        after = assess_facts(c, facts_for(c, [rec(date(2026, 1, 9), 45_000)]), date(2026, 1, 9), SETTINGS)
        assert (before.target, before.unit) == (100, "t")
        assert (after.target, after.unit, after.status) == (50_000, "t", "on track")
        assert after.share == pytest.approx(0.9)

    def test_void_state(self):
        c = purchase(amendments=[{"date": "2026-01-08", "state": "void", "summary": "court",
                                  "source": {"title": "s"}}])
        assert status(c, [], date(2026, 1, 7)) == "no data"
        assert status(c, [], date(2026, 1, 8)) == "void"


def suspension(**kw):
    base = dict(id="s", kind="suspension", deal="d", title="t", party="US", start=date(2025, 11, 10),
                end=date(2026, 11, 10), sources=[{"title": "s"}])
    return valid(m.Suspension, {**base, **kw})


class TestSuspension:
    @pytest.mark.parametrize("day, expected", [
        (date(2025, 11, 9), "pending"), (date(2025, 11, 10), "in force"), (date(2026, 10, 11), "lapsing"),
        (date(2026, 10, 10), "in force"), (date(2026, 11, 10), "lapsing"), (date(2026, 11, 11), "lapsed"),
    ])
    def test_window(self, day, expected):
        assert status(suspension(), [], day) == expected

    def test_reinstated_early_is_a_breach(self):
        assert status(suspension(), [rec(date(2026, 3, 1), event="reinstated")], date(2026, 4, 1)) == "reinstated"

    def test_extension_moves_the_end(self):
        c = suspension(amendments=[{"date": "2026-11-01", "end": "2027-11-10", "state": "extended",
                                    "summary": "one more year", "source": {"title": "s"}}])
        assert status(c, [], date(2026, 11, 20)) == "in force"


class TestTariffAndAction:
    def tariff(self):
        return valid(m.Tariff, dict(id="t", kind="tariff", deal="d", title="t", party="US",
                                            start=date(2025, 11, 4), due=date(2025, 11, 10), from_rate=20,
                                            to_rate=10, sources=[{"title": "s"}]))

    def test_tariff(self):
        t = self.tariff()
        assert status(t, [], date(2025, 11, 10)) == "pending"
        assert status(t, [], date(2025, 11, 11)) == "overdue"
        assert status(t, [rec(date(2025, 11, 10), rate=10)], date(2025, 11, 11)) == "implemented"
        back = [rec(date(2025, 11, 10), rate=10, line=1), rec(date(2026, 1, 1), rate=20, line=2)]
        assert status(t, back, date(2026, 1, 2)) == "reversed"

    def test_action(self):
        a = valid(m.Action, dict(id="a", kind="action", deal="d", title="t", party="CN",
                                         start=date(2025, 11, 1), due=date(2025, 11, 10), sources=[{"title": "s"}]))
        assert status(a, [], date(2025, 11, 10)) == "pending"
        assert status(a, [], date(2025, 11, 11)) == "overdue"
        assert status(a, [rec(date(2025, 11, 12), event="done")], date(2025, 11, 12)) == "done"


def bundled_statuses(day: date, basis=None) -> dict[str, str]:
    data = ledger_of(BUNDLED)
    return {a.commitment.id: a.status for a in assess_all(data, day, basis)}


class TestBundledDeal:
    """The real facts, pinned as of fixed days."""

    def test_as_of_2026_11_27(self):
        s = bundled_statuses(date(2026, 11, 27))
        for cid in ("cn-rare-earth-oct9-suspension", "cn-retaliatory-tariffs", "cn-port-fees-suspension",
                    "us-affiliates-rule-suspension", "us-301-ship-fees-suspension", "us-301-exclusions"):
            assert s[cid] == "lapsed", cid
        assert s["cn-dual-use-us-ban-suspension"] == "lapsing"  # its last day
        assert s["cn-tariff-exclusions"] == "in force"
        assert s["us-fentanyl-tariff-cut"] == "superseded"
        assert s["us-reciprocal-suspension"] == "void"
        assert s["cn-soybeans-2025"] == "missed"  # on USDA's confirmed figures
        assert s["cn-soybeans-2026"] == "no data"
        assert s["cn-soybeans-2027"] == "not started"
        assert s["cn-fentanyl-precursors"] == "done"

    def test_moved_deadline(self):
        c = ledger_of(BUNDLED).commitment("cn-soybeans-2025")
        assert terms_on(c, date(2025, 12, 2)).due == date(2025, 12, 31)
        assert terms_on(c, date(2026, 1, 15)).due == date(2026, 2, 28)

    def test_bases_disagree_on_the_12_mt(self):
        assert bundled_statuses(date(2026, 3, 1), "trade-estimate")["cn-soybeans-2025"] == "met"
        assert bundled_statuses(date(2026, 3, 1), "official")["cn-soybeans-2025"] == "met"
        assert bundled_statuses(date(2026, 1, 15))["cn-soybeans-2025"] == "on track"
        assert bundled_statuses(date(2025, 12, 20))["cn-soybeans-2025"] == "at risk"

    def test_before_the_ruling_the_tariff_cut_was_implemented(self):
        s = bundled_statuses(date(2026, 2, 19))
        assert s["us-fentanyl-tariff-cut"] == "implemented"
        assert s["us-reciprocal-suspension"] == "in force"
