"""The check pipeline, as `check` runs it: every problem in every file at once, in file order.

Load (YAML and schema, references, records: files/), then the cumulative (balance) checks of
facts/consistency.py over whatever validated. The cli only prints what this returns."""

from __future__ import annotations

from tradetrack.core.problems import Problem
from tradetrack.facts import consistency
from tradetrack.facts.ledger import loaded
from tradetrack.files.workspace import Location


def check_all(location: Location) -> list[Problem]:
    """Every problem of the workspace, sorted: the commitments file's first, then the progress
    file's, each by line and column."""
    # a record being appended is reported too
    ledger, problems = loaded(location, whole=True, despite_problems=True)
    assert ledger is not None
    problems = problems + consistency.problems(ledger)
    order = {str(location.commitments): 0, str(location.progress): 1}
    return sorted(problems, key=lambda p: (order.get(p.file, 2), p.line, p.col))
