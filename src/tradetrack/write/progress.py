"""Adding progress records: validate against the commitments and the records already there,
then append through the store.

Used by `progress add`, the importers and fetch alike, so all get the same checks, the same
duplicate rule and the same all-or-nothing write. Whatever lands passes `check`:
- every record `check` would refuse is refused here with the same message, including a to-date
  figure lower than the total already reached on its basis (before or after the new ones);
- a basis the data has never used is refused unless the caller says it is new (a typo would
  file the figure where no one sees it);
- a to-date figure already recorded word for word is skipped and said (re-imports are
  idempotent); an increment identical to one already recorded is never dropped silently: an
  import adds as many as the file holds beyond those there, and a single add asks for --again.
Nothing is created (not even the workspace a first write makes from the bundled data) unless
the write succeeds, and creating a workspace is always said.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from tradetrack.core import targets
from tradetrack.core.problems import InputError, Problem
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.text import did_you_mean
from tradetrack.core.values import Record
from tradetrack.facts import cache, consistency
from tradetrack.facts.index import NO_FACTS, Facts, extend_facts, facts_for
from tradetrack.facts.ledger import Ledger
from tradetrack.files import identity
from tradetrack.files import models as m
from tradetrack.files import progress as pfile
from tradetrack.files.translate import row_problem
from tradetrack.files.workspace import COMMITMENTS, PROGRESS, Location, user_dir
from tradetrack.write import sameday, store

PROGRESS_HEADER = (
    "# tradetrack progress records: one JSON object per line, appended by `tradetrack progress add`.\n"
    '# Lines starting with # and blank lines are ignored and kept. Amounts are "to date" unless '
    '"increment": true.\n'
)
DEFAULTS = {name: f.default for name, f in m.RECORD_MODEL.model_fields.items()}


@dataclass(frozen=True)
class Added:
    """What an add did (or, with dry_run, would do)."""

    location: Location
    records: tuple[Record, ...]  # the new ones
    skipped: tuple[Record, ...]  # already recorded
    lines: tuple[str, ...]
    created: str | None  # a message when a workspace was created for the write
    warning: str | None = None  # something the user should know about the write (said on stderr)


@dataclass(frozen=True)
class Rules:
    """What the caller allows beyond the defaults."""

    dry_run: bool = False
    skip_bad: bool = False  # add the good rows even if some are bad
    new_basis: bool = False  # a basis the data has not used yet is meant
    again: bool = False  # an increment identical to one recorded is another figure
    # rows made again from the ledger as it is under the lock (fetch: what a concurrent writer
    # recorded is not added twice, and revisions name the lines as they are)
    recompute: Callable[[Ledger], list] | None = None
    importer: str | None = None  # "csv" from a CSV file (its flags can help in hints), "fetch" fetched


def to_line(r: Record) -> str:
    """One record as a JSON line, keys in the model's order, fields at their default left out."""
    out: dict = {}
    for name in pfile.RECORD_FIELDS:
        value = getattr(r, name)
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif value is not None and value != DEFAULTS.get(name):
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    # U+2028/2029 are valid raw in JSON but some editors break lines at them: escape them.
    return (
        json.dumps(out, ensure_ascii=False, allow_nan=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def build(
    ledger: Ledger, fields: dict, where: tuple[str, int], today: date, rules: Rules, known: list[str]
) -> tuple[Record | None, list[Problem]]:
    """Validate one new record given as a dict of fields; `where` names its origin for errors."""
    file, line = where
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        p = m.ProgressRecord.model_validate(fields)
    except ValidationError as e:
        return None, [row_problem(file, line, err) for err in e.errors()]
    r = Record(**{name: getattr(p, name) for name in pfile.RECORD_FIELDS})
    c = ledger.commitment(r.commitment)
    by_id = {x.id: x for x in ledger.commitments}
    if c is None and pfile.periods_of(r.commitment, by_id):
        # A recurring commitment's id: the period is the one the record's date falls in.
        pid = pfile.period_holding(r.commitment, r.date, by_id)
        if pid is None:
            periods = pfile.periods_of(r.commitment, by_id)
            spans = ", ".join(f"{i} ({by_id[i].start} to {by_id[i].due})" for i in periods)
            return None, [
                Problem(
                    file,
                    line,
                    1,
                    f"no period of {r.commitment} holds {r.date}",
                    f"its periods: {spans}",
                    code="outside-period",
                )
            ]
        r, c = r._replace(commitment=pid), by_id[pid]
    if c is not None and c.kind in AMOUNT_KINDS and not r.basis:
        r = r._replace(basis=c.basis or ledger.settings.default_basis)
    if r.date > today:
        return None, [
            Problem(
                file,
                line,
                1,
                f"date {r.date} is in the future (today is {today})",
                "a figure is as of the day it was published or measured",
                code="future-date",
            )
        ]
    unit = pfile.unit_of(c, by_id) if c is not None else None
    fault = pfile.check_record(r, c, by_id, unit, ledger.settings.count_units)
    if fault:
        return None, [Problem(file, line, 1, fault[0], fault[1], code=fault[2])]
    assert c is not None  # check_record faults a record of an unknown commitment
    if c.kind in AMOUNT_KINDS and r.basis and r.basis not in known and not rules.new_basis:
        return None, [
            Problem(
                file,
                line,
                1,
                f"the data has no figures on the basis {r.basis!r}",
                did_you_mean(
                    r.basis,
                    known,
                    then=f"bases in the data: {', '.join(known)}; if {r.basis!r} is a new basis, "
                    "say so with --new-basis",
                ),
                code="unknown-basis",
            )
        ]
    return r, []


def add(
    location: Location, rows: list[tuple[dict, tuple[str, int]]], today: date, rules: Rules = Rules()
) -> tuple[Added, list[Problem]]:
    """Validate rows (fields, origin) and append the new ones. Raises InputError if any row is
    bad (unless rules.skip_bad, which returns the bad rows' problems alongside), StoreError if
    the write fails. Nothing is written, or created, unless every kept row is valid."""
    if location.bundled or rules.dry_run:
        # Check first, without a lock: a dry run writes nothing (not even a lock file), and a
        # refused add to the bundled data must not create a workspace.
        added, problems = _prepare(location, rows, today, rules)
        if problems and not rules.skip_bad:
            raise InputError(problems)
        if rules.dry_run and not location.bundled:
            return added, problems
        if rules.dry_run:
            # say where the add would really go: a new workspace, never the bundled file
            target = user_dir()
            would = f"would create a workspace in {target} from the bundled data"
            where = Location(target / COMMITMENTS, "user data directory")
            return Added(where, added.records, added.skipped, added.lines, would), problems
        location, created = writable(location)
        added, problems = _append(location, rows, today, rules)
        return Added(added.location, added.records, added.skipped, added.lines, created, added.warning), problems
    return _append(location, rows, today, rules)


def _prepare(location: Location, rows, today: date, rules: Rules) -> tuple[Added, list[Problem]]:
    """The dry run of an add, without a lock (used to refuse before creating a workspace)."""
    snap = store.snapshot(location.progress)
    base = snap[0] if snap else PROGRESS_HEADER.encode()
    ledger, problems = cache.open_ledger(location)
    if ledger is None:
        raise InputError(problems)
    if rules.recompute is not None:
        rows = rules.recompute(ledger)
    new, skipped, problems, _ = _new_records(ledger, rows, base, today, rules)
    return Added(location, tuple(new), tuple(skipped), tuple(to_line(r) for r in new), None), problems


TRIES = 3  # reads of a file that someone keeps changing without the lock, before giving up


def _append(location: Location, rows, today: date, rules: Rules) -> tuple[Added, list[Problem]]:
    with store.locked(location.progress):
        for attempt in range(TRIES):
            try:
                return _append_locked(location, rows, today, rules)
            except store.Changed:
                # Someone wrote without the lock between our read and our write (a hand append,
                # an editor): nothing was written; read the file again and redo every check.
                if attempt == TRIES - 1:
                    raise
    raise AssertionError("unreachable")


def _append_locked(location: Location, rows, today: date, rules: Rules) -> tuple[Added, list[Problem]]:
    snap = store.snapshot(location.progress)
    old = snap[0] if snap else None
    base = old if old is not None else PROGRESS_HEADER.encode()
    old_id = identity.of(location.progress, snap[1], snap[0]) if snap else None
    ledger, problems = cache.open_ledger(location, progress=old_id)
    if ledger is None:
        raise InputError(problems)
    if rules.recompute is not None:
        rows = rules.recompute(ledger)
    new, skipped, problems, facts = _new_records(ledger, rows, base, today, rules)
    if problems and not rules.skip_bad:
        raise InputError(problems)
    lines = tuple(to_line(r) for r in new)
    if new:
        # Validate the new lines exactly as they will be read back, before they land.
        _, errs = pfile.parse(str(location.progress), "\n".join(lines).encode())
        if errs:
            raise InputError(errs)
        content = store.appended(base, list(lines))
        if snap is None:
            written = store.replace(location.progress, content, None)
        else:
            # In place, after the store checks it is still the file read: a line someone
            # appends meanwhile without the lock is kept, never overwritten.
            done = store.append(location.progress, content[len(snap[0]) :], *snap, grown_ok=_inert(snap[0]))
            written = done.st
            if done.interleaved:  # our bytes landed after someone else's: all kept, but unchecked together
                said = f"another program appended to {location.progress} while this add wrote; both are kept"
                return Added(
                    location, tuple(new), tuple(skipped), lines, None, said + ": run `tradetrack check`"
                ), problems
            if done.foreign:
                return Added(location, tuple(new), tuple(skipped), lines, None), problems
        # The cache's facts hold what the ledger read: extend them only if that was
        # exactly the file this add appended to.
        if ledger.key[1] == old_id:
            crc = identity.checksum(content[len(old) :], old_id[4]) if old and old_id else None
            cache.after_append(ledger, facts, identity.of(location.progress, written, content, crc))
    return Added(location, tuple(new), tuple(skipped), lines, None), problems


def _inert(old: bytes):
    """Whether bytes someone appended after `old` leave every check of this add standing:
    whole comment or blank lines after a complete last line."""

    def ok(extra: bytes) -> bool:
        if old and not old.endswith(b"\n") or not extra.endswith(b"\n"):
            return False
        return all(not x.strip() or x.lstrip().startswith(b"#") for x in extra.split(b"\n"))

    return ok


FEW = 16  # up to this many rows, count a line's copies by searching the bytes; beyond, count all lines


def _new_records(ledger: Ledger, rows, base: bytes, today: date, rules: Rules):
    """The rows that are new records, with their line numbers; those already recorded; problems."""
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
                problems.append(
                    Problem(
                        where[0],
                        where[1],
                        1,
                        "an identical increment is already recorded",
                        "if this is another figure of the same size (a second sale, say), "
                        "add --again; otherwise nothing needs adding",
                        code="duplicate-increment",
                    )
                )
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


def _settle(ledger: Ledger, new, origins, first_line: int, clashes, rules: Rules, skipped, problems):
    """Check the new records together and against the file. With skip_bad, the records at fault
    are dropped and the rest checked again (dropping one can change what the others reach), so
    what is written is exactly what is reported added: never a record reported skipped."""
    csv = rules.importer == "csv"
    for _ in range(len(new) + 1):
        found, facts = _consistency(ledger, new, origins, csv, fetched=rules.importer == "fetch")
        found = clashes + sameday.in_batch(new, origins, csv) + found
        problems += [p for _, p in found]
        at_fault = {i for i, _ in found if i is not None}
        if not found or not rules.skip_bad or not at_fault:
            break
        keep = [i for i in range(len(new)) if i not in at_fault]
        new = [new[i]._replace(line=first_line + k) for k, i in enumerate(keep)]
        origins, clashes = [origins[i] for i in keep], []
    return new, skipped, problems, facts


INCREMENT_HINT = (
    "; if the file's figures are each one period's amount, not totals to date, import with --set increment=true"
)


def _consistency(
    ledger: Ledger, new: list[Record], origins: list, csv: bool = False, fetched: bool = False
) -> tuple[list, dict]:
    """`check`'s cumulative test over the records as they would be after the write: a new
    inconsistency (a new figure below what was reached, or an older figure now above a later
    one) is refused with the message `check` would give. And a basis keeps one measure.
    Returns the problems, each with the index of the new record at fault (None for a problem
    of the file), and the facts of the commitments touched, as they will be (the cache keeps
    them, so the next run stays warm)."""
    found: list[tuple[int | None, Problem]] = []
    facts = {}
    by_id = {c.id: c for c in ledger.commitments}
    counts = ledger.settings.count_units
    touched: dict[str, list[int]] = {}
    for i, r in enumerate(new):
        touched.setdefault(r.commitment, []).append(i)
    for cid, indexes in touched.items():
        c = by_id[cid]
        unit = targets.unit_of(c, by_id) if c.kind in AMOUNT_KINDS else None
        before = ledger.facts.get(cid, NO_FACTS)
        after: Facts | None = before
        for i in indexes:
            after = extend_facts(c, after, new[i], unit, counts) if after is not None else None
        if after is None:  # back-dated: rebuild from every record of this commitment
            old, bad = cache.records(ledger, cid)
            found += [(None, p) for p in bad]
            after = facts_for(c, list(old) + [new[i] for i in indexes], unit, counts)
        facts[cid] = after
        if c.kind not in AMOUNT_KINDS:
            continue
        lines = {new[i].line: i for i in indexes}
        for inc in after.inconsistencies:
            if inc in before.inconsistencies:
                continue
            # At fault: the new figure that is too low, else the new (back-dated) one it is below.
            i = lines.get(inc.line, lines.get(inc.previous_line, indexes[0]))
            file, line = origins[i]
            found.append(
                (
                    i,
                    Problem(
                        file,
                        line,
                        1,
                        _inconsistent(ledger, inc, cid, unit, lines, origins, line),
                        consistency.hint(inc, frozenset(lines) if fetched else None)
                        + (INCREMENT_HINT if csv and not new[i].increment else ""),
                        code="inconsistent",
                    ),
                )
            )
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
    return found, facts


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


def writable(location: Location) -> tuple[Location, str | None]:
    """The bundled data is read-only: the first write copies it to the user's data directory,
    under a lock, and says so (only the writer that created it does)."""
    target = user_dir()
    created = None
    try:
        target.mkdir(parents=True, exist_ok=True)
        with store.locked(target / COMMITMENTS):
            if not (target / COMMITMENTS).exists():
                if (target / PROGRESS).exists():
                    raise store.StoreError(
                        f"holds {PROGRESS} but no {COMMITMENTS}; nothing was written",
                        f"move {target / PROGRESS} away, or add a {COMMITMENTS} beside it",
                        str(target),
                    )
                # the schema too: the commitments file's first line names it for editors
                for name in (PROGRESS, SCHEMA, COMMITMENTS):  # commitments last: it marks the workspace
                    source = location.commitments.parent / name
                    if source.exists():
                        store.replace(target / name, source.read_bytes(), None)
                created = f"created a workspace in {target} from the bundled data"
    except OSError as e:
        raise store.StoreError(
            f"cannot create a workspace ({e.strerror})", "pass --data to a writable directory", str(target)
        ) from None
    return Location(target / COMMITMENTS, "user data directory"), created


SCHEMA = "commitments.schema.json"
# Every write locks a hidden .FILE.lock beside its file; a workspace under git should not show them.
GITIGNORE = "# tradetrack's lock files (one beside each data file it writes)\n.*.lock\n"


def init(directory, template: bytes, extra: dict | None = None) -> list:
    """Create a new workspace in directory: a commitments file, an empty progress file, and any
    extra files (name -> bytes)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {PROGRESS: PROGRESS_HEADER.encode(), **(extra or {}), COMMITMENTS: template}
    if not (directory / ".gitignore").exists():
        files = {".gitignore": GITIGNORE.encode(), **files}
    made = []
    with store.locked_directory(directory):  # not a lock file: it would be left in the new workspace
        for name in files:
            if (directory / name).exists():
                raise store.StoreError(
                    "already exists", "init makes a new workspace; use another directory", str(directory / name)
                )
        for name, content in files.items():  # commitments last: it marks the workspace
            store.replace(directory / name, content, None, must_be_new=True)
            made.append(directory / name)
    return made
