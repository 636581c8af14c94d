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

The steps live beside it: write/record.py builds and checks one new record, write/batch.py sorts
an add's rows into new, already recorded and bad, write/cumulative.py checks them with the
file's records, write/workspace.py makes the workspace a first write needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tradetrack.core.problems import InputError, Problem
from tradetrack.core.values import Record
from tradetrack.facts import cache
from tradetrack.files import identity
from tradetrack.files import progress as pfile
from tradetrack.files.workspace import COMMITMENTS, Location, user_dir
from tradetrack.write import store
from tradetrack.write.batch import new_records
from tradetrack.write.record import Rules, to_line
from tradetrack.write.workspace import PROGRESS_HEADER, writable

__all__ = ["Added", "Rules", "add"]


@dataclass(frozen=True)
class Added:
    """What an add did (or, with dry_run, would do)."""

    location: Location
    records: tuple[Record, ...]  # the new ones
    skipped: tuple[Record, ...]  # already recorded
    lines: tuple[str, ...]
    created: str | None  # a message when a workspace was created for the write
    warning: str | None = None  # something the user should know about the write (said on stderr)


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
    new, skipped, problems, _ = new_records(ledger, rows, base, today, rules)
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
    new, skipped, problems, facts = new_records(ledger, rows, base, today, rules)
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
