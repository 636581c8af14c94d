"""New records checked with those already there, as the file will be after the write: `check`'s
cumulative test (a new figure below what was reached, or an older figure now above a later one)
and one measure a basis, each refused with the message `check` would give."""

from __future__ import annotations

from tradetrack.core import targets
from tradetrack.core.problems import Problem
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.values import Record
from tradetrack.facts import cache, consistency
from tradetrack.facts.index import NO_FACTS, Facts, extend_facts, facts_for
from tradetrack.facts.ledger import Ledger

INCREMENT_HINT = (
    "; if the file's figures are each one period's amount, not totals to date, import with --set increment=true"
)

Found = list[tuple[int | None, Problem]]  # each problem with the index of the new record at fault


def after_write(
    ledger: Ledger, new: list[Record], origins: list, csv: bool = False, fetched: bool = False
) -> tuple[Found, dict]:
    """The problems the new records make, each with the index of the new record at fault (None
    for a problem of the file), and the facts of the commitments touched, as they will be (the
    cache keeps them, so the next run stays warm)."""
    found: Found = []
    facts = {}
    by_id = {c.id: c for c in ledger.commitments}
    touched: dict[str, list[int]] = {}
    for i, r in enumerate(new):
        touched.setdefault(r.commitment, []).append(i)
    for cid, indexes in touched.items():
        c = by_id[cid]
        unit = targets.unit_of(c, by_id) if c.kind in AMOUNT_KINDS else None
        before = ledger.facts.get(cid, NO_FACTS)
        after, bad = _facts_after(ledger, c, before, [new[i] for i in indexes], unit)
        found += [(None, p) for p in bad]
        facts[cid] = after
        if c.kind not in AMOUNT_KINDS:
            continue
        lines = {new[i].line: i for i in indexes}
        for inc in after.inconsistencies:
            if inc not in before.inconsistencies:
                found.append(_inconsistency(ledger, inc, cid, unit, new, indexes, lines, origins, csv, fetched))
        found += _measure_changes(cid, before, new, indexes, origins)
    return found, facts


def _facts_after(ledger: Ledger, c, before: Facts, records: list[Record], unit) -> tuple[Facts, list[Problem]]:
    """A commitment's facts with the new records, extended in place when they come after those
    there; and the problems of the file found on the way."""
    counts = ledger.settings.count_units
    after: Facts | None = before
    for r in records:
        after = extend_facts(c, after, r, unit, counts) if after is not None else None
    if after is not None:
        return after, []
    # back-dated: rebuild from every record of this commitment
    old, bad = cache.records(ledger, c.id)
    return facts_for(c, list(old) + records, unit, counts), list(bad)


def _inconsistency(
    ledger: Ledger, inc, cid: str, unit, new: list[Record], indexes: list[int], lines: dict, origins: list, csv, fetched
) -> tuple[int, Problem]:
    """A new inconsistency, put at the new figure that is too low, else at the new (back-dated)
    one it is below."""
    i = lines.get(inc.line, lines.get(inc.previous_line, indexes[0]))
    file, line = origins[i]
    message = _inconsistent(ledger, inc, cid, unit, lines, origins, line)
    hint = consistency.hint(inc, frozenset(lines) if fetched else None)
    hint += INCREMENT_HINT if csv and not new[i].increment else ""
    return i, Problem(file, line, 1, message, hint, code="inconsistent")


def _measure_changes(cid: str, before: Facts, new: list[Record], indexes: list[int], origins: list) -> Found:
    """New records that give a basis another measure than the one its figures have."""
    found: Found = []
    for i in indexes:
        r = new[i]
        if r.basis in before.measures and before.measures[r.basis] != r.measure:
            file, line = origins[i]
            found.append(
                (
                    i,
                    Problem(
                        file,
                        line,
                        1,
                        f"the {r.basis} figures of {cid} measure "
                        f"{before.measures[r.basis] or 'the default'}, this one {r.measure or 'the default'}",
                        f"give each measure a basis of its own, e.g. {r.basis}-{r.measure or 'total'}",
                        code="measure",
                    ),
                )
            )
    return found


def _inconsistent(ledger: Ledger, inc, cid: str, unit, lines: dict, origins: list, here: int) -> str:
    """check's words, with the earlier figure named where the reader can find it: a line of the
    imported file for a new record (its progress line does not exist yet), a line of the
    progress file, said as such, when the problem is reported at a line of another file."""
    text = consistency.describe(inc, cid, unit)
    was = f"by line {inc.previous_line} ("
    if inc.previous_line in lines:
        line = origins[lines[inc.previous_line]][1]
        return text.replace(was, f"by line {line} of this file (" if line else "by another figure of this add (")
    if here:
        return text.replace(was, f"by line {inc.previous_line} of {ledger.location.progress.name} (")
    return text
