"""facts/index.py: the facts of plain records, built column by column, are exactly those the
figure-by-figure loop builds, and every record that is not plain goes to the loop."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tradetrack.core.values import Record
from tradetrack.facts import index


class Purchase:
    kind = "purchase"
    target = None


def records(rng: random.Random) -> list[Record]:
    """Mostly plain weekly to-date figures on two bases, now and then one that is not plain: a
    fall, a same-day figure, an increment, a decline, a rate, another standing or unit."""
    out, totals = [], {"a": 0.0, "b": 0.0}
    for i in range(rng.randint(1, 30)):
        basis = rng.choice("ab")
        totals[basis] += rng.randint(0, 5) * rng.choice((1.0, 0.1, 1e6))
        r = Record("c", date(2026, 1, 1).fromordinal(739000 + i * 7), "x", totals[basis], "t", basis=basis, line=i + 1)
        odd = rng.random()
        if odd < 0.03:
            r = r._replace(amount=r.amount / 3)  # below the one before, most likely
        elif odd < 0.06 and out:
            r = r._replace(date=out[-1].date)
        elif odd < 0.08:
            r = r._replace(increment=True)
        elif odd < 0.10:
            r = r._replace(decline=True, note="n")
        elif odd < 0.12:
            r = r._replace(standing=rng.choice(("reported", "stated", "unverified")))
        elif odd < 0.14:
            r = r._replace(unit="kt", amount=r.amount / 1000)
        elif odd < 0.15:
            r = r._replace(amount=None, unit=None, rate=5.0)
        out.append(r)
    rng.shuffle(out)  # facts_for orders them itself
    return out


def test_plain_records_give_the_facts_the_loop_gives(monkeypatch):
    rng = random.Random(26)
    plain = 0
    for _ in range(3000):
        rs = records(rng)
        fast = index.facts_for(Purchase(), rs, "t")
        plain += index._plain_series(sorted(rs, key=index._in_order), "t", ()) is not None
        with monkeypatch.context() as m:
            m.setattr(index, "_plain_series", lambda *a: None)
            assert fast == index.facts_for(Purchase(), rs, "t"), rs
    assert 300 < plain < 2700  # both ways were taken, often


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 1.0},  # below the one before
        {"date": date(2026, 1, 1)},  # a second figure of the same day
        {"increment": True},
        {"standing": "reported"},
        {"unit": "kt"},
    ],
)
def test_a_record_that_is_not_plain_is_taken_figure_by_figure(change):
    rs = [Record("c", date(2026, 1, 1), "x", 5.0, "t", basis="a", line=1)]
    rs.append(Record("c", date(2026, 1, 8), "x", 6.0, "t", basis="a", line=2)._replace(**change))
    assert index._plain_series(rs[:1], "t", ()) is not None
    assert index._plain_series(sorted(rs, key=index._in_order), "t", ()) is None


def test_a_series_points_are_its_figures_one_by_one_up_to_the_day():
    """Series.points builds column by column; it gives what point(i) gives, for arrays and for
    the read-only views a cached series holds."""
    import random
    from array import array
    from datetime import date

    from tradetrack.core.status import STANDINGS
    from tradetrack.facts.index import Series

    rng = random.Random(26)
    for _ in range(200):
        n = rng.randint(0, 30)
        days = sorted(rng.randint(738000, 738400) for _ in range(n))
        cols = (
            array("q", days),
            array("d", [rng.random() * 1e6 for _ in range(n)]),
            array("q", [rng.randint(1, 999) for _ in range(n)]),
            array("b", [rng.randrange(len(STANDINGS)) for _ in range(n)]),
        )
        for s in (Series(*cols), Series(*(memoryview(c).toreadonly() for c in cols))):
            day = date.fromordinal(rng.randint(737990, 738410))
            want = [s.point(i) for i in range(s.upto(day))]
            got = s.points(day)
            assert got == want and [[type(x) for x in p] for p in got] == [[type(x) for x in p] for p in want]
            assert all(type(p) is type(w) for p, w in zip(got, want, strict=True))
