"""Balance-assertion-like checks on the facts: a to-date figure lower than the total already
reached on the same basis. Worded here once, for `check`, adds, `show` and the report."""

from __future__ import annotations

from tradetrack.core import targets
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.units import format_amount
from tradetrack.facts.index import Inconsistency
from tradetrack.facts.ledger import Ledger
from tradetrack.files.workspace import PROGRESS

HINT = 'correct one of the two figures, or mark a later addition with "increment": true'
# A lower figure of the same day is a revision only when it says so.
REVISION_HINT = 'if it revises line {line}, mark it with "revises": {line}; otherwise correct one of the two figures'


# A fetched figure is the publisher's own and is never an increment (fetch writes to-date totals,
# and revisions of a day itself): what can be wrong is the other figure, if it is not the
# publisher's, or the record of it. That one is a line of the progress file, named as FILE:LINE:
# the problem itself is located at the fetch, which has no file.
FETCHED_HINT = (
    "the fetched figure is the publisher's own: if {at} is not (a press report, an estimate), "
    'mark it "standing": "reported" and fetch again, and the confirmed figure supersedes it; '
    "if it is, correct {at}"
)


def hint(i: Inconsistency, fetched: frozenset[int] | None = None) -> str:
    """The fix to suggest: a same-day lower figure may be a revision; otherwise correct or increment.
    `fetched`, for rows fetch is adding, holds their lines: then the fix is to the other figure."""
    if fetched is not None:
        other = i.previous_line if i.line in fetched else i.line
        # both fetched (fetch marks the declines the publisher's series gives): no marking helps
        return "correct one of the two figures" if other in fetched else FETCHED_HINT.format(at=f"{PROGRESS}:{other}")
    return REVISION_HINT.format(line=i.previous_line) if i.previous_date == i.date else HINT


def describe(i: Inconsistency, cid: str, unit: str | None) -> str:
    unit = unit or ""
    return (
        f"{i.basis} figure for {cid} of {i.date} asserts {format_amount(i.asserted, unit)} to date, "
        f"but {format_amount(i.computed, unit)} was reached by line {i.previous_line} ({i.previous_date}); "
        f"difference {format_amount(i.difference, unit)}"
    )


def problems(ledger: Ledger, progress_text: str | None = None) -> list[Problem]:
    """Every inconsistency in the ledger's facts, as problems at the line that asserts it."""
    out = []
    by_id = {c.id: c for c in ledger.commitments}
    for c in ledger.commitments:
        facts = ledger.facts.get(c.id)
        if not facts or not facts.inconsistencies:
            continue
        if progress_text is None:
            progress_text = ledger.location.progress.read_text(encoding="utf-8")
        for i in facts.inconsistencies:
            out.append(
                Problem(
                    str(ledger.location.progress),
                    i.line,
                    1,
                    describe(i, c.id, targets.unit_of(c, by_id)),
                    hint(i),
                    line_of(progress_text, i.line),
                    code="inconsistent",
                )
            )
    return sorted(out, key=lambda p: p.line)
