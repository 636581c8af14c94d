"""`tradetrack check`: every problem in the data, at once."""

from __future__ import annotations

from datetime import date

from tradetrack.assess import assess_all
from tradetrack.load import load
from tradetrack.problems import InputError, Problem, line_of


def check_all(location) -> list[Problem]:
    try:
        data = load(location)
    except InputError as e:
        return e.problems
    # Balance-assertion-like checks: a to-date figure lower than the total already reached.
    problems = []
    text = None
    for a in assess_all(data, date.max):
        for i in a.inconsistencies:
            text = text if text is not None else location.progress.read_text(encoding="utf-8")
            problems.append(Problem(
                str(location.progress), i.line, 1,
                f"{i.basis} figure for {a.commitment.id} asserts {i.asserted:g} {a.unit} to date, "
                f"but {i.computed:g} {a.unit} was reached by line {i.previous_line}; "
                f"difference {i.difference:g} {a.unit}",
                "correct one of the two figures, or mark a later addition with \"increment\": true",
                line_of(text, i.line)))
    return problems
