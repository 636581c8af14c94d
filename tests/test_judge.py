"""Status rules at their edges, judged from small workspaces read by the real loader."""

from __future__ import annotations

import textwrap
from bisect import bisect_left
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradetrack.judge.pace import expected_share, project
from tradetrack.judge.terms import terms_on
from tradetrack.judge.verdict import judge, scope_of

from .conftest import examples, ledger_of, write_ws

HEAD = """\
version: 1
settings:
  default_basis: official
commitments:
"""
BUY = """\
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: soybeans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-01-10
    sources: [{title: s}]
"""


def ledger(tmp_path, commitments: str, *records: str, settings_extra: str = ""):
    text = HEAD.replace("settings:\n", "settings:\n" + textwrap.indent(textwrap.dedent(settings_extra), "  "))
    ws = write_ws(tmp_path / "w", text + textwrap.dedent(commitments), "\n".join(records) + "\n")
    return ledger_of(ws)


def fig(day: str, amount, basis="official", cid="buy", **extra) -> str:
    import json

    return json.dumps(
        {"commitment": cid, "date": day, "amount": amount, "unit": "t", "basis": basis, "source": "s", **extra}
    )


def event(cid: str, day: str, name: str, **extra) -> str:
    import json

    return json.dumps({"commitment": cid, "date": day, "event": name, "source": "s", **extra})


def verdict(led, day: str, cid: str = "buy", basis=None):
    return judge(led.commitment(cid), scope_of(led, basis), date.fromisoformat(day))


class TestPurchase:
    def test_before_start_is_not_started(self, tmp_path):
        assert verdict(ledger(tmp_path, BUY, fig("2025-12-01", 5)), "2025-12-31").status == "not-started"

    def test_no_figures_is_no_data(self, tmp_path):
        assert verdict(ledger(tmp_path, BUY), "2026-01-05").status == "no-data"

    def test_figures_after_the_day_are_ignored(self, tmp_path):
        assert verdict(ledger(tmp_path, BUY, fig("2026-01-06", 100)), "2026-01-05").status == "no-data"

    @pytest.mark.parametrize("amount, status", [(45, "on-track"), (44, "at-risk"), (35, "at-risk"), (34, "behind")])
    def test_pro_rated_expectation(self, tmp_path, amount, status):
        v = verdict(ledger(tmp_path, BUY, fig("2026-01-05", amount)), "2026-01-05")  # 5 of 10 days: 50 expected
        assert (v.status, v.expected) == (status, 50)

    def test_share_of_expected_beside_share_of_target(self, tmp_path):
        v = verdict(ledger(tmp_path, BUY, fig("2026-01-05", 40)), "2026-01-05")
        assert (v.share, v.share_of_expected) == (0.4, 0.8)

    def test_met_on_the_due_date_is_met(self, tmp_path):
        v = verdict(ledger(tmp_path, BUY, fig("2026-01-10", 100)), "2026-02-01")
        assert (v.status, v.reached_on, v.days_late) == ("met", date(2026, 1, 10), None)

    def test_met_a_day_late_says_so(self, tmp_path):
        v = verdict(ledger(tmp_path, BUY, fig("2026-01-11", 100)), "2026-02-01")
        assert (v.status, v.days_late) == ("met-late", 1)

    def test_a_target_reached_stays_met_whatever_follows(self, tmp_path):
        led = ledger(tmp_path, BUY, fig("2026-01-05", 100), fig("2026-01-08", 60))
        assert verdict(led, "2026-02-01").status == "met"

    def test_missed_needs_figures_reaching_the_due_date(self, tmp_path):
        # grace 7 days: a figure of 2026-01-03 (due - 7) reaches the due date of 2026-01-10.
        assert verdict(ledger(tmp_path, BUY, fig("2026-01-03", 60)), "2026-01-11").status == "missed"
        v = verdict(ledger(tmp_path, BUY, fig("2026-01-02", 60)), "2026-01-11")
        assert (v.status, v.last_figure, v.gap_days) == ("unconfirmed", date(2026, 1, 2), 8)
        assert verdict(ledger(tmp_path, BUY, fig("2026-01-12", 60)), "2026-01-12").status == "missed"

    def test_grace_is_set_in_the_data(self, tmp_path):
        led = ledger(tmp_path, BUY, fig("2026-01-03", 60), settings_extra="grace_days: 2\n")
        assert verdict(led, "2026-01-11").status == "unconfirmed"

    def test_a_stale_figure_is_flagged_before_the_due_date(self, tmp_path):
        long = BUY.replace("due: 2026-01-10", "due: 2026-12-31")
        v = verdict(ledger(tmp_path, long, fig("2026-01-05", 2)), "2026-02-19")  # 45 days: not yet
        assert v.stale_days is None
        v = verdict(ledger(tmp_path, long, fig("2026-01-05", 2)), "2026-02-20")
        assert v.stale_days == 46

    def test_units_convert_to_the_target(self, tmp_path):
        led = ledger(tmp_path, BUY, fig("2026-01-10", 0.1).replace('"t"', '"kt"'))
        assert verdict(led, "2026-01-10").actual == pytest.approx(100)

    def test_increments_add_and_to_date_figures_reset(self, tmp_path):
        led = ledger(
            tmp_path,
            BUY,
            fig("2026-01-02", 20),
            fig("2026-01-03", 10, increment=True),
            fig("2026-01-04", 40),
            fig("2026-01-05", 5, increment=True),
        )
        assert verdict(led, "2026-01-05").actual == 45

    def test_lower_to_date_figure_is_an_inconsistency(self, tmp_path):
        led = ledger(tmp_path, BUY, fig("2026-01-02", 30), fig("2026-01-03", 20))
        (i,) = verdict(led, "2026-01-05").inconsistencies
        assert (i.asserted, i.computed, i.difference, i.line, i.previous_line) == (20, 30, -10, 2, 1)

    def test_a_second_figure_of_the_same_day_is_a_revision(self, tmp_path):
        """Revised down on the same day, marked with the line it revises: it replaces the first
        in the verdict (both stay in the file), is checked against the figure of the day
        before, not against the first, and the verdict says it was revised. Unmarked, a lower
        figure of the same day is an inconsistency."""
        led = ledger(tmp_path, BUY, fig("2026-01-02", 30), fig("2026-01-04", 50), fig("2026-01-04", 45, revises=2))
        v = verdict(led, "2026-01-05")
        assert v.actual == 45 and not v.inconsistencies
        assert [(p.date.day, p.total, p.line) for p in v.points()] == [(2, 30, 1), (4, 45, 3)]
        assert [(r.line, r.previous, r.total, r.kind) for r in v.revisions] == [(3, 50, 45, "revised")]
        unmarked = ledger(tmp_path / "u", BUY, fig("2026-01-02", 30), fig("2026-01-04", 50), fig("2026-01-04", 45))
        (i,) = verdict(unmarked, "2026-01-05").inconsistencies
        assert (i.asserted, i.computed, i.line, i.previous_line) == (45, 50, 3, 2)
        below = ledger(tmp_path / "b", BUY, fig("2026-01-02", 30), fig("2026-01-04", 50), fig("2026-01-04", 20))
        (i,) = verdict(below, "2026-01-05").inconsistencies
        assert (i.asserted, i.computed, i.line, i.previous_line) == (20, 30, 3, 1)

    def test_a_declared_decline_is_not_an_inconsistency(self, tmp_path):
        led = ledger(
            tmp_path, BUY, fig("2026-01-02", 30), fig("2026-01-03", 25, decline=True, note="cancellations published")
        )
        v = verdict(led, "2026-01-05")
        assert v.actual == 25 and not v.inconsistencies

    def test_each_basis_on_its_own_and_disagreement(self, tmp_path):
        led = ledger(tmp_path, BUY, fig("2026-01-05", 10, "usda-esr"), fig("2026-01-05", 50, "trade"))
        v = verdict(led, "2026-01-05", basis="usda-esr")
        assert v.status == "behind" and v.disagreement and dict(v.by_basis) == {"usda-esr": 10, "trade": 50}
        assert verdict(led, "2026-01-05", basis="trade").status == "on-track"

    def test_other_measures_are_never_compared(self, tmp_path):
        led = ledger(
            tmp_path,
            BUY,
            fig("2026-01-05", 45, "usda-esr"),
            fig("2026-01-05", 10, "usda-esr-exports", measure="shipped"),
        )
        v = verdict(led, "2026-01-05", basis="usda-esr")
        assert not v.disagreement and dict(v.other_measures) == {"usda-esr-exports": 10}

    def test_commitment_basis_before_the_default(self, tmp_path):
        led = ledger(tmp_path, BUY + "    basis: usda-esr\n", fig("2026-01-05", 45, "usda-esr"))
        v = verdict(led, "2026-01-05")
        assert (v.basis, v.basis_from, v.status) == ("usda-esr", "commitment", "on-track")
        assert verdict(led, "2026-01-05", basis="official").basis_from == "option"

    def test_projection(self, tmp_path):
        p = verdict(ledger(tmp_path, BUY, fig("2026-01-05", 25)), "2026-01-05").projection
        assert p.daily_rate == 5 and p.projected_total == 50 and p.reach_date == date(2026, 1, 20)
        assert p.needed_weekly == pytest.approx(75 / 5 * 7)

    def test_a_tiny_first_figure_cannot_overflow_the_calendar(self):
        p = project(date(2026, 1, 1), date(2026, 12, 31), date(2026, 1, 1), 1e-9, 1e15)
        assert p.reach_date is None

    def test_monthly_profile_and_year_weights(self):
        share = expected_share(date(2026, 1, 1), date(2026, 12, 31), date(2026, 1, 31), [3] + [1] * 11)
        assert share == pytest.approx(3 / 14)
        weights = {2020: 76.7, 2021: 123.3}
        assert expected_share(date(2020, 1, 1), date(2021, 12, 31), date(2020, 12, 31), None, weights) == pytest.approx(
            76.7 / 200
        )


class TestAmendments:
    MOVED = (
        BUY
        + """\
    amendments:
      - {date: 2026-01-08, due: 2026-02-10, summary: moved, source: {title: s}}
"""
    )

    def test_terms_follow_the_amendment_in_force(self, tmp_path):
        led = ledger(tmp_path, self.MOVED, fig("2026-01-09", 50))
        c = led.commitment("buy")
        assert terms_on(c, date(2026, 1, 7)).due == date(2026, 1, 10)
        assert terms_on(c, date(2026, 1, 8)).due == date(2026, 2, 10)
        assert verdict(led, "2026-01-11").status == "on-track"

    def test_an_amendment_after_the_period_ended_changes_nothing(self, tmp_path):
        late = (
            BUY
            + """\
    amendments:
      - {date: 2026-01-20, due: 2026-03-31, summary: too late, source: {title: s}}
"""
        )
        led = ledger(tmp_path, late, fig("2026-01-09", 50))
        for day in ("2026-01-11", "2026-01-20", "2026-06-01"):
            assert verdict(led, day).status == "missed", day

    def test_recurring_amendment_applies_to_open_periods_unless_named(self, tmp_path):
        text = """\
          - id: yearly
            kind: purchase
            deal: d
            title: Yearly
            party: CN
            commodity: goods
            target: {amount: 100, unit: t}
            start: 2020-01-01
            recurring: {years: [2020, 2021]}
            sources: [{title: s}]
            amendments:
              - {date: 2021-01-01, target: {amount: 50, unit: t}, summary: halved, source: {title: s}}
        """
        led = ledger(tmp_path, text, fig("2020-12-31", 60, cid="yearly-2020"), fig("2021-12-31", 60, cid="yearly-2021"))
        assert verdict(led, "2021-06-01", "yearly-2020").status == "missed"  # 2020 had closed
        assert verdict(led, "2022-01-01", "yearly-2021").status == "met"
        named = text.replace("summary: halved", "periods: [2020], summary: halved")
        led = ledger(
            tmp_path / "n", named, fig("2020-12-31", 60, cid="yearly-2020"), fig("2021-12-31", 60, cid="yearly-2021")
        )
        assert verdict(led, "2021-06-01", "yearly-2020").status == "met"
        assert verdict(led, "2022-01-01", "yearly-2021").status == "missed"

    def test_a_reported_extension_reads_as_such(self, tmp_path):
        text = """\
          - id: s
            kind: suspension
            deal: d
            title: Suspended
            party: US
            start: 2025-11-10
            end: 2026-11-10
            sources: [{title: s}]
            amendments:
              - {date: 2026-09-25, end: 2027-01-10, standing: reported, standing_note: no instrument,
                 summary: extended, source: {title: s}}
        """
        led = ledger(tmp_path, text)
        v = verdict(led, "2026-11-28", "s")
        assert (v.status, v.standing, v.confirmed_status, v.confirmed_due) == (
            "extended",
            "reported",
            "lapsed",
            date(2026, 11, 10),
        )
        v = verdict(led, "2026-10-01", "s")  # in force either way, but the end date shown is reported
        assert (v.status, v.due, v.standing, v.confirmed_due) == (
            "in-force",
            date(2027, 1, 10),
            "reported",
            date(2026, 11, 10),
        )
        assert verdict(led, "2026-09-24", "s").standing == "confirmed"  # before the report
        assert verdict(led, "2027-01-11", "s").status == "lapsed"

    def test_void_state(self, tmp_path):
        text = (
            BUY.replace("due: 2026-01-10", "due: 2026-12-31")
            + """\
    amendments:
      - {date: 2026-01-08, state: void, summary: court, source: {title: s}}
"""
        )
        led = ledger(tmp_path, text)
        assert verdict(led, "2026-01-07").status == "no-data"
        v = verdict(led, "2026-01-08")
        assert (v.status, v.event_on) == ("void", date(2026, 1, 8))


SUSPENSION = """\
  - id: s
    kind: suspension
    deal: d
    title: t
    party: US
    start: 2025-11-10
    end: 2026-11-10
    sources: [{title: s}]
"""


class TestSuspensionTariffAction:
    @pytest.mark.parametrize(
        "day, expected",
        [
            ("2025-11-09", "pending"),
            ("2025-11-10", "in-force"),
            ("2026-10-11", "lapsing"),
            ("2026-10-10", "in-force"),
            ("2026-11-10", "lapsing"),
            ("2026-11-11", "lapsed"),
        ],
    )
    def test_window(self, tmp_path, day, expected):
        assert verdict(ledger(tmp_path, SUSPENSION), day, "s").status == expected

    def test_reinstated_early_is_a_breach(self, tmp_path):
        led = ledger(tmp_path, SUSPENSION, event("s", "2026-03-01", "reinstated"))
        assert verdict(led, "2026-04-01", "s").status == "reinstated"
        assert verdict(led, "2026-03-01", "s").status == "reinstated"  # on the day itself
        assert verdict(led, "2026-02-28", "s").status != "reinstated"

    TARIFF = """\
  - id: t
    kind: tariff
    deal: d
    title: t
    party: US
    from_rate: 20
    to_rate: 10
    start: 2025-11-04
    due: 2025-11-10
    sources: [{title: s}]
"""

    def rate(self, day, value):
        import json

        return json.dumps({"commitment": "t", "date": day, "rate": value, "source": "s"})

    def test_tariff(self, tmp_path):
        assert verdict(ledger(tmp_path, self.TARIFF), "2025-11-10", "t").status == "pending"
        assert verdict(ledger(tmp_path, self.TARIFF), "2025-11-11", "t").status == "overdue"
        led = ledger(tmp_path, self.TARIFF, self.rate("2025-11-10", 10))
        assert verdict(led, "2025-11-11", "t").status == "implemented"
        led = ledger(tmp_path, self.TARIFF, self.rate("2025-11-12", 10))
        assert (verdict(led, "2025-11-12", "t").status, verdict(led, "2025-11-12", "t").days_late) == (
            "implemented-late",
            2,
        )
        led = ledger(tmp_path, self.TARIFF, self.rate("2025-11-10", 10), self.rate("2026-01-01", 20))
        assert verdict(led, "2026-01-02", "t").status == "reversed"

    ACTION = """\
  - id: a
    kind: action
    deal: d
    title: t
    party: CN
    start: 2020-01-01
    due: 2020-03-15
    sources: [{title: s}]
"""

    def test_action_done_on_time_and_late(self, tmp_path):
        assert verdict(ledger(tmp_path, self.ACTION), "2020-03-15", "a").status == "pending"
        assert verdict(ledger(tmp_path, self.ACTION), "2020-03-16", "a").status == "overdue"
        v = verdict(ledger(tmp_path, self.ACTION, event("a", "2020-03-15", "done")), "2020-04-30", "a")
        assert (v.status, v.days_late) == ("done", None)
        v = verdict(ledger(tmp_path, self.ACTION, event("a", "2020-03-16", "done")), "2020-04-30", "a")
        assert (v.status, v.days_late) == ("done-late", 1)

    def test_a_reported_event_says_so(self, tmp_path):
        led = ledger(tmp_path, self.ACTION, event("a", "2020-03-01", "done", standing="reported"))
        v = verdict(led, "2020-04-30", "a")
        assert (v.status, v.standing) == ("done", "reported")


# --- properties -------------------------------------------------------------------------------


RECORDS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 150), st.booleans()), max_size=8)


@settings(max_examples=examples(50), deadline=None, suppress_health_check=list(HealthCheck))
@given(records=RECORDS, day1=st.integers(0, 90), later=st.integers(0, 400))
def test_a_verdict_depends_only_on_what_is_dated_by_then(tmp_path_factory, records, day1, later):
    """As of a day, the verdict is the same whether or not records dated after it exist; and
    once the period has closed and no record is added, later as-of days do not change it."""
    start = date(2026, 1, 1)
    lines = [fig((start + timedelta(days=d)).isoformat(), a, increment=inc) for d, a, inc in records]
    as_of = start + timedelta(days=day1)
    known = [line for (d, _, _), line in zip(records, lines, strict=True) if start + timedelta(days=d) <= as_of]
    text = BUY.replace("due: 2026-01-10", "due: 2026-01-31")
    full = ledger(tmp_path_factory.mktemp("f"), text, *lines)
    part = ledger(tmp_path_factory.mktemp("p"), text, *known)
    a, b = verdict(full, as_of.isoformat()), verdict(part, as_of.isoformat())
    assert (a.status, a.actual, a.reached_on, a.gap_days) == (b.status, b.actual, b.reached_on, b.gap_days)
    if as_of > date(2026, 1, 31):
        c = verdict(part, (as_of + timedelta(days=later)).isoformat())
        assert (c.status, c.actual, c.reached_on, c.days_late, c.gap_days) == (
            b.status,
            b.actual,
            b.reached_on,
            b.days_late,
            b.gap_days,
        )


def test_judge_judges_each_commitment_on_its_kind(tmp_path):
    led = ledger(tmp_path, BUY + SUSPENSION)
    scope = scope_of(led)
    assert [judge(c, scope, date(2026, 1, 5)).commitment.id for c in led.commitments] == ["buy", "s"]


def _sample_days_as_before(start, due, extra=()):
    """pace.sample_days as first written: stepping from month end to month end by dates."""
    from datetime import timedelta

    days = {start, due, *extra}
    d = start
    while d < due:
        end = d.replace(day=28) + timedelta(days=4)
        end = end.replace(day=1) - timedelta(days=1)
        days.add(min(end, due))
        d = end + timedelta(days=1)
    return sorted(x for x in days if start <= x <= due or x in extra)


def test_sample_days_are_the_start_each_month_end_the_due_date_and_the_figures():
    import random
    from datetime import date, timedelta

    from tradetrack.judge.pace import sample_days

    rng = random.Random(26)
    for _ in range(500):
        start = date(rng.choice([1899, 1999, 2019, 2099]), 1, 1) + timedelta(days=rng.randint(0, 2500))  # 1900, 2100
        due = start + timedelta(days=rng.randint(-40, 900))
        extra = [start + timedelta(days=rng.randint(-60, 960)) for _ in range(rng.randint(0, 5))]
        assert sample_days(start, due, extra) == _sample_days_as_before(start, due, extra)
    assert sample_days(date(2026, 1, 15), date(2026, 3, 10)) == [
        date(2026, 1, 15),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 10),
    ]


def test_a_linear_path_is_the_target_times_the_share_of_each_day():
    """path.linear writes out pace.expected_share's arithmetic: the very same floats (and the
    sign of a zero), before, within and after the period."""
    import random
    from datetime import date, timedelta

    from tradetrack.judge.pace import expected_share
    from tradetrack.judge.path import linear

    rng = random.Random(26)
    for _ in range(500):
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
        due = start + timedelta(days=rng.randint(0, 700))
        days = [start + timedelta(days=rng.randint(-30, 730)) for _ in range(rng.randint(0, 20))]
        amount = rng.choice([0.0, 1.0, 12.5, -3.0, rng.random() * 1e7])
        want = [amount * expected_share(start, due, d) for d in days]
        assert [repr(x) for x in linear(amount, start, due, days)] == [repr(x) for x in want]


_SHAPES = {
    "linear": "due: 2026-01-10",
    "profile": "due: 2026-12-31\n    profile: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]",
    "year weights": "due: 2027-12-31\n    year_weights: {2026: 1, 2027: 3}",
    "both": "due: 2027-12-31\n    profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]\n    year_weights: {2026: 1, 2027: 3}",
}
_FIGURES = "".join(
    f'{{"commitment": "buy", "date": "2026-{m:02d}-05", "amount": {m * 7}, "unit": "t", "source": "x"}}\n'
    for m in range(1, 12)
)


def _verdicts(request, tmp_path):
    """Every verdict of the bundled data, of Phase One's roll-ups, and of one purchase of each
    shape of path (linear, monthly profile, year weights, both), on two days."""
    import shutil
    from datetime import date

    from tradetrack.judge.verdict import judge, scope_of

    from .conftest import MINIMAL, ledger_of, write_ws

    spaces = [request.getfixturevalue("workspace"), tmp_path / "phase-one"]
    shutil.copytree(Path(__file__).parent.parent / "examples" / "phase-one", spaces[1])
    for name, due in _SHAPES.items():
        spaces.append(write_ws(tmp_path / name, MINIMAL.replace("due: 2026-01-10", due), _FIGURES))
    for ws in spaces:
        ledger = ledger_of(ws)
        scope = scope_of(ledger, None)
        for day in ("2026-06-30", "2026-11-28"):
            yield from (judge(c, scope, date.fromisoformat(day)) for c in ledger.commitments)


def test_every_expected_path_is_the_one_expected_on_gives(request, tmp_path):
    """expected_line takes path.linear for a plain linear purchase and expected_on for the rest
    (profiles, year weights, roll-ups): either way each day's figure is expected_on's."""
    from tradetrack.judge.path import expected_line, expected_on

    drawn = 0
    for v in _verdicts(request, tmp_path):
        line = expected_line(v)
        drawn += bool(line)
        assert [repr(x) for _, x in line] == [repr(expected_on(v, d, {})) for d, _ in line], v.commitment.id
    assert drawn >= 20


def test_the_drawn_path_passes_through_every_point_of_the_expected_path(request, tmp_path):
    """path.drawn_path draws a linear path as its two ends: straight between them, it still
    gives expected_on's figure at every day expected_line samples (the month ends, the
    figures' days)."""
    from tradetrack.judge.path import drawn_path, expected_line

    shortened = 0
    for v in _verdicts(request, tmp_path):
        drawn, line = drawn_path(v), expected_line(v)
        shortened += len(drawn) < len(line)
        ords = [d.toordinal() for d, _ in drawn]
        for d, want in line:
            i = max(1, min(len(ords) - 1, bisect_left(ords, d.toordinal())))
            (o0, x0), (o1, x1) = (ords[i - 1], drawn[i - 1][1]), (ords[i], drawn[i][1])
            got = x0 + (x1 - x0) * (d.toordinal() - o0) / (o1 - o0)
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (v.commitment.id, d)
    assert shortened >= 10


def _expected_at_as_before(v, days):
    """path.expected_at as first written: the drawn path's figure where it has the day."""
    from tradetrack.judge.path import expected_line, expected_on

    if v.target is None:
        return [0.0 for _ in days]
    line, start, due = dict(expected_line(v)), v.terms.start, v.terms.due or v.as_of
    return [0.0 if d < start else v.target.amount if d > due else line.get(d, expected_on(v, d, {})) for d in days]


def test_expected_by_any_day_is_what_the_drawn_path_and_expected_on_give(request, tmp_path):
    import random
    from datetime import timedelta

    from tradetrack.judge.path import expected_at

    rng = random.Random(26)
    for v in _verdicts(request, tmp_path):
        days = sorted(v.terms.start + timedelta(days=rng.randint(-40, 800)) for _ in range(30))
        days += [p.date for p in v.points()]
        want = [repr(x) for x in _expected_at_as_before(v, days)]
        assert [repr(x) for x in expected_at(v, days)] == want, v.commitment.id
