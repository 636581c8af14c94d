"""Adding progress records: validate against the commitments, then append through the store.

Used by `progress add` and the importers alike, so both get the same checks, the same
duplicate rule and the same all-or-nothing write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from tradetrack.core.problems import InputError, Problem
from tradetrack.core.values import Record
from tradetrack.facts import cache
from tradetrack.facts.ledger import Ledger
from tradetrack.files import identity
from tradetrack.files import models as m
from tradetrack.files.load import RECORD_FIELDS, check_record, parse_progress
from tradetrack.files.workspace import COMMITMENTS, PROGRESS, Location, user_dir
from tradetrack.write import store

PROGRESS_HEADER = (
    "# tradetrack progress records: one JSON object per line, appended by `tradetrack progress add`.\n"
    "# Lines starting with # and blank lines are ignored and kept. Amounts are \"to date\" unless "
    "\"increment\": true.\n"
)


@dataclass(frozen=True)
class Added:
    """What an add did (or, with dry_run, would do)."""

    location: Location
    records: tuple[Record, ...]  # the new ones
    skipped: tuple[Record, ...]  # already recorded
    lines: tuple[str, ...]
    created: str | None  # a message when a workspace was created for the write


def writable(location: Location) -> tuple[Location, str | None]:
    """The bundled data is read-only: the first write copies it to the user's data directory."""
    if not location.bundled:
        return location, None
    target = user_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        with store.locked(target / COMMITMENTS):
            if not (target / COMMITMENTS).exists():
                for name in (PROGRESS, COMMITMENTS):  # commitments last: it marks the workspace
                    store.replace(target / name, (location.commitments.parent / name).read_bytes(), None)
    except OSError as e:
        raise store.StoreError(f"{target}: cannot create a workspace ({e.strerror})",
                               "pass --data to a writable directory") from None
    return Location(target / COMMITMENTS, "user data directory"), f"created a workspace in {target} from the bundled data"


def to_line(r: Record) -> str:
    """One record as a JSON line, keys in the model's order, empty fields left out."""
    out: dict = {}
    for name in RECORD_FIELDS:
        value = getattr(r, name)
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif value is not None and value is not False:
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    # U+2028/2029 are valid raw in JSON but some editors break lines at them: escape them.
    return json.dumps(out, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def build(data: Ledger, fields: dict, where: tuple[str, int], today: date) -> tuple[Record | None, list[Problem]]:
    """Validate one new record given as a dict of fields; `where` names its origin for errors."""
    file, line = where
    fields = {k: v for k, v in fields.items() if v is not None}
    fields.setdefault("basis", data.settings.default_basis)
    try:
        p = m.ProgressRecord.model_validate(fields)
    except ValidationError as e:
        return None, [Problem(file, line, 1, _field_message(err), _field_hint(err)) for err in e.errors()]
    r = Record(**{name: getattr(p, name) for name in RECORD_FIELDS})
    r = r if r.basis else r._replace(basis=data.settings.default_basis)
    if r.date > today:
        return None, [Problem(file, line, 1, f"date {r.date} is in the future (today is {today})",
                              "a figure is as of the day it was published or measured")]
    fault = check_record(r, data.commitment(r.commitment), (c.id for c in data.commitments))
    if fault:
        return None, [Problem(file, line, 1, fault[0], fault[1])]
    return r, []


def _field_message(err: dict) -> str:
    field = next((x for x in reversed(err["loc"]) if isinstance(x, str)), "record")
    if field == "date":
        return f"{err['input']!r} is not a date"
    if err["type"] == "missing":
        return f"missing {field}"
    return f"{field}: {err['msg'][0].lower()}{err['msg'][1:]}"


def _field_hint(err: dict) -> str | None:
    field = next((x for x in reversed(err["loc"]) if isinstance(x, str)), None)
    if field == "date":
        return "write dates as YYYY-MM-DD, e.g. 2026-01-08"
    if field == "event":
        return "events: " + ", ".join(m.Event.__args__)
    return None


def add(location: Location, rows: list[tuple[dict, tuple[str, int]]], today: date,
        dry_run: bool = False, skip_bad: bool = False) -> tuple[Added, list[Problem]]:
    """Validate rows (fields, origin) and append the new ones. Raises InputError if any row is
    bad (unless skip_bad, which returns the bad rows' problems alongside), StoreError if the
    write fails. Nothing is written unless every kept row is valid."""
    created = None
    if not dry_run:
        location, created = writable(location)
    with store.locked(location.progress):
        snap = store.snapshot(location.progress)
        old = snap[0] if snap else None
        base = old if old is not None else PROGRESS_HEADER.encode()
        old_id = identity.of(location.progress, snap[1], old) if snap else None
        data, problems = cache.open_ledger(location, progress=old_id)
        if data is None:
            raise InputError(problems)
        present = _lines_of(base) if len(rows) > FEW else None
        batch: set[str] = set()
        first_line = line_count(base) + 1
        new, skipped, problems = [], [], []
        for fields, where in rows:
            r, errs = build(data, fields, where, today)
            if errs:
                problems += errs
                continue
            line = to_line(r)
            # A record already in the file, written the same way, is not added again: this
            # makes re-imports idempotent.
            if line in batch or (line in present if present is not None else _has_line(base, line)):
                skipped.append(r)
                continue
            batch.add(line)
            new.append(r._replace(line=first_line + len(new)))
        if problems and not skip_bad:
            raise InputError(problems)
        lines = tuple(to_line(r) for r in new)
        if new:
            # Validate the new lines exactly as they will be read back, before they land.
            _, errs = parse_progress(str(location.progress), "\n".join(lines).encode(), data.settings.default_basis)
            if errs:
                raise InputError(errs)
            content = store.appended(base, list(lines))
            if not dry_run:
                written = store.replace(location.progress, content, old)
                # The cache's facts hold what the ledger read: extend them only if that was
                # exactly the file this add appended to.
                if data.key[1] == old_id:
                    crc = identity.checksum(content[len(old):], old_id[4]) if old_id else None
                    cache.after_append(data, new, identity.of(location.progress, written, content, crc))
    return Added(location, tuple(new), tuple(skipped), lines, created), problems


FEW = 16  # up to this many rows, look for duplicates by searching the bytes; beyond, build a set


def line_count(content: bytes) -> int:
    """Lines as parse_progress numbers them: split on \\n, a final newline ends the last line."""
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def _lines_of(content: bytes) -> set[str]:
    return {line.rstrip("\r") for line in content.decode("utf-8").split("\n")}


def _has_line(content: bytes, line: str) -> bool:
    """Whether line is one whole line of content, found without splitting a large file."""
    needle = line.encode("utf-8")
    start = content.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or content[start - 1] == 10) and content[end:end + 1] in (b"", b"\n", b"\r"):
            return True
        start = content.find(needle, start + 1)
    return False


def init(directory, template: bytes) -> list:
    """Create a new workspace in directory: a commitments file and an empty progress file."""
    from pathlib import Path

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    with store.locked(directory / COMMITMENTS):
        for name, content in ((PROGRESS, PROGRESS_HEADER.encode()), (COMMITMENTS, template)):
            path = directory / name
            if path.exists():
                raise store.StoreError(f"{path} already exists", "init makes a new workspace; use another directory")
        for name, content in ((PROGRESS, PROGRESS_HEADER.encode()), (COMMITMENTS, template)):
            store.replace(directory / name, content, None, must_be_new=True)
            made.append(directory / name)
    return made


