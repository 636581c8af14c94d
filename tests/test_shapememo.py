"""The loader judges each shape of record once (files/load.check_records) instead of every record
(progress.check_record): the memo must never change a verdict. Records of every kind of the
bundled data and of the US-Japan example, varied at random in each field the rules read, get
the same problems at the same lines either way."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from tradetrack.files import progress as pfile
from tradetrack.files.load import check_records

from .conftest import contents_of

ROOT = Path(__file__).resolve().parent.parent
WORKSPACES = [ROOT / "data", ROOT / "examples" / "us-japan-2025"]


def varied(r, rng: random.Random, ids: list[str]):
    """r with some of the fields the record rules read changed, each often enough to meet."""
    change: dict = {}
    if rng.random() < 0.1:
        change["commitment"] = rng.choice(ids)
    if rng.random() < 0.5:
        change["date"] = r.date + timedelta(days=rng.choice((-400, -40, -1, 1, 40, 400)))
    if rng.random() < 0.3:
        change["amount"] = rng.choice((None, 0.0, 5.0, 1e6))
    if rng.random() < 0.2:
        change["unit"] = rng.choice((None, "t", "Mt", "bu", "USD", "EUR", "aircraft"))
    if rng.random() < 0.2:
        change["increment"] = not r.increment
    if rng.random() < 0.1:
        change["rate"] = rng.choice((None, 10.0))
    if rng.random() < 0.1:
        change["event"] = rng.choice((None, "done", "in-force"))
    if rng.random() < 0.3:
        change["decline"] = not r.decline
    if rng.random() < 0.4:
        change["note"] = rng.choice((None, "", "  ", "cancellations published"))
    if rng.random() < 0.1:
        change["measure"] = rng.choice((None, "shipped"))
    return r._replace(**change)


def one_by_one(records, commitments, settings):
    by_id = {c.id: c for c in commitments}
    records = pfile.with_bases(records, pfile.bases(commitments, settings.default_basis))
    good, said = [], []
    for r in records:
        c = by_id.get(r.commitment)
        unit = pfile.unit_of(c, by_id) if c else None
        fault = pfile.check_record(r, c, by_id, unit, settings.count_units)
        if fault:
            said.append((r.line, fault[0], fault[1]))
        else:
            good.append(r)
    return said + [(p.line, p.message, p.hint) for p in pfile.measure_problems(good, "f", None)]


@pytest.mark.parametrize("where", WORKSPACES, ids=lambda p: p.name)
def test_judging_each_shape_once_gives_what_judging_each_record_gives(where):
    c = contents_of(where)
    ids = [x.id for x in c.commitments] + ["nowhere"]
    rng = random.Random(where.name)
    for _ in range(20):
        records = [
            varied(r, rng, ids)._replace(line=n) for n, r in enumerate((rng.choice(c.records) for _ in range(300)), 1)
        ]
        _, problems = check_records(records, c.commitments, c.settings, set(), "f", None)
        assert [(p.line, p.message, p.hint) for p in problems] == one_by_one(records, c.commitments, c.settings)
