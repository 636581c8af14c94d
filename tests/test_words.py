"""What the words say and leave out, decided from the verdict, never from text already written."""

from __future__ import annotations

import pytest

from tradetrack.core.status import PACED
from tradetrack.render import words

from .test_bundled import verdicts


@pytest.mark.parametrize("day", ["2025-12-02", "2026-03-01", "2026-11-11", "2027-01-11"])
def test_a_list_drops_the_due_date_only_where_the_detail_names_it(day):
    # the due column is left out of a narrow list when the detail already gives the date;
    # claiming so where it does not would hide the due date altogether
    for v in verdicts(day).values():
        if words.names_due(v):
            assert str(v.due) in words.detail(v), (v.commitment.id, words.detail(v))
    named = [v for v in verdicts(day).values() if words.names_due(v)]
    assert named or day == "2025-12-02"  # the suspensions' ends, on most days


@pytest.mark.parametrize("day", ["2026-03-01", "2027-01-11"])
def test_the_pace_is_said_only_while_it_matters(day):
    for v in verdicts(day).values():
        if v.commitment.kind in ("purchase", "investment") and v.share_of_expected_today is not None:
            said = "of expected" in words.detail(v)
            assert said == (v.status in PACED), (v.commitment.id, v.status, words.detail(v))


def _note_as_before(r, shown) -> str:
    """record_note as it was written first: every field of the record by name."""
    extras = [f"{k}: {x}" for k, x in r._asdict().items() if k not in shown and x not in (None, False, "", ())]
    return " · ".join(([r.note] if r.note else []) + extras)


def test_record_note_names_every_field_without_a_column(monkeypatch):
    """A field with no column of its own (here: any of them, as if the model had grown one) is
    shown beside the note, by name; the note alone otherwise."""
    import random
    from datetime import date

    from tradetrack.core.values import Record
    from tradetrack.render import recordwords

    rng = random.Random(26)
    for _ in range(300):
        r = Record(
            "c1",
            date(2026, 1, rng.randint(1, 28)),
            rng.choice(["https://x.org", "press"]),
            amount=rng.choice([None, 0.0, 12.5]),
            unit=rng.choice([None, "t", ""]),
            increment=rng.choice([False, True]),
            measure=rng.choice([None, "shipped"]),
            decline=rng.choice([False, True]),
            revises=rng.choice([None, 3]),
            note=rng.choice([None, "", "seen twice"]),
            line=rng.randint(0, 9),
        )
        hidden = set(rng.sample(sorted(recordwords.SHOWN), rng.randint(0, 4)))
        shown = recordwords.SHOWN - hidden
        monkeypatch.setattr(recordwords, "_EXTRA", recordwords.extra_fields(shown))
        assert recordwords.record_note(r) == _note_as_before(r, shown)
    r = Record("c1", date(2026, 1, 1), "press", measure="shipped", note="n")
    monkeypatch.setattr(recordwords, "_EXTRA", recordwords.extra_fields(recordwords.SHOWN - {"measure"}))
    assert recordwords.record_note(r) == "n · measure: shipped"
