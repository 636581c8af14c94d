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
