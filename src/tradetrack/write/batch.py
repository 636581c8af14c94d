"""The rows of one add sorted into the records that are new, those already recorded, and
problems: each row built and checked alone (write/record.py), then against the lines already in
the file (a fact recorded word for word is skipped; an identical increment is said, or counted
off against the copies there), then together with the file's records (sameday, cumulative)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from tradetrack.core.problems import Problem
from tradetrack.core.values import Record
from tradetrack.facts.ledger import Ledger
from tradetrack.write import sameday
from tradetrack.write.cumulative import after_write
from tradetrack.write.record import Rules, build, to_line

FEW = 16  # up to this many rows, count a line's copies by searching the bytes; beyond, count all lines


def new_records(ledger: Ledger, rows, base: bytes, today: date, rules: Rules):
    """The rows that are new records, with their line numbers; those already recorded; problems;
    and the facts of the commitments touched, as they will be after the write."""
    known = ledger.known_bases()
    present = Counter(_lines_of(base)) if len(rows) > FEW else None
    first_line = line_count(base) + 1
    matched: Counter = Counter()  # copies in the file an increment of this batch stood for
    added: Counter = Counter()
    new: list[Record] = []
    skipped: list[Record] = []
    problems: list[Problem] = []
    origins: list[tuple[str, int]] = []
    for fields, where in rows:
        r, errs = build(ledger, fields, where, today, rules, known)
        if r is None:
            problems += errs
            continue
        line = to_line(r)
        there = present[line] if present is not None else _count_line(base, line)
        if not r.increment:
            if there or added[line]:
                skipped.append(r)  # the same fact, recorded word for word: nothing to add
                continue
        elif not rules.again and matched[line] < there:
            matched[line] += 1
            if len(rows) == 1:
                problems.append(_duplicate_increment(where))
            else:
                skipped.append(r)  # a re-import: the file already holds this copy
            continue
        added[line] += 1
        new.append(r._replace(line=first_line + len(new)))
        origins.append(where)
    if problems and not rules.skip_bad:
        return new, skipped, problems, {}
    csv = rules.importer == "csv"
    clashes, repeats = sameday.against_file(ledger, base, new, origins, csv, lambda r: json.loads(to_line(r)))
    skipped += [new[i] for i in sorted(repeats)]  # the day's last figure already, but for its note
    keep = [i for i in range(len(new)) if i not in repeats]
    new, origins = [new[i] for i in keep], [origins[i] for i in keep]
    clashes = [(keep.index(i), p) for i, p in clashes]
    return _settle(ledger, new, origins, first_line, clashes, rules, skipped, problems)


def _duplicate_increment(where: tuple[str, int]) -> Problem:
    return Problem(
        where[0],
        where[1],
        1,
        "an identical increment is already recorded",
        "if this is another figure of the same size (a second sale, say), add --again; otherwise nothing needs adding",
        code="duplicate-increment",
    )


def _settle(ledger: Ledger, new, origins, first_line: int, clashes, rules: Rules, skipped, problems):
    """Check the new records together and against the file. With skip_bad, the records at fault
    are dropped and the rest checked again (dropping one can change what the others reach), so
    what is written is exactly what is reported added: never a record reported skipped."""
    csv = rules.importer == "csv"
    for _ in range(len(new) + 1):
        found, facts = after_write(ledger, new, origins, csv, fetched=rules.importer == "fetch")
        found = clashes + sameday.in_batch(new, origins, csv) + found
        problems += [p for _, p in found]
        at_fault = {i for i, _ in found if i is not None}
        if not found or not rules.skip_bad or not at_fault:
            break
        keep = [i for i in range(len(new)) if i not in at_fault]
        new = [new[i]._replace(line=first_line + k) for k, i in enumerate(keep)]
        origins, clashes = [origins[i] for i in keep], []
    return new, skipped, problems, facts


def line_count(content: bytes) -> int:
    """Lines as the progress reader numbers them: split on \\n, a final newline ends the last line."""
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def _lines_of(content: bytes) -> list[str]:
    return [line.rstrip("\r") for line in content.decode("utf-8").split("\n")]


def _count_line(content: bytes, line: str) -> int:
    """How many whole lines of content are this line, found without splitting a large file."""
    needle = line.encode("utf-8")
    found = 0
    start = content.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or content[start - 1] == 10) and content[end : end + 1] in (b"", b"\n", b"\r"):
            found += 1
        start = content.find(needle, start + 1)
    return found
