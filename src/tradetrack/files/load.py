"""Files -> validated, immutable values, with every problem in every file found in one pass.

Stages, each returning what it could build plus the problems it found (as beancount's loader
does): read bytes -> parse (YAML / JSON Lines) -> validate against the models -> check the
records against the commitments. Nothing here raises on bad input: `load` returns what it
built and every problem, at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tradetrack.core import values
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.values import Record
from tradetrack.files import commitments as cfile
from tradetrack.files import identity
from tradetrack.files import models as m
from tradetrack.files import progress as pfile
from tradetrack.files.jsonl import settled
from tradetrack.files.workspace import Location

to_values = cfile.to_values


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    raw, _, problems = read_file(path)
    return raw, problems


def read_file(path: Path) -> tuple[bytes | None, identity.Identity | None, list[Problem]]:
    """A file's bytes and their identity (for the cache key), or the problem reading it."""
    name = str(path)
    try:
        raw, ident = identity.read(path)
        return raw, ident, []
    except FileNotFoundError:
        return (
            None,
            None,
            [
                Problem(
                    name,
                    0,
                    0,
                    "no such file",
                    "check the path, or create a workspace with `tradetrack init`",
                    code="no-file",
                )
            ],
        )
    except IsADirectoryError:
        return (
            None,
            None,
            [
                Problem(
                    name,
                    0,
                    0,
                    "this is a directory, not a file",
                    f"name the file, e.g. {name}/commitments.yaml",
                    code="no-file",
                )
            ],
        )
    except OSError as e:
        return None, None, [Problem(name, 0, 0, f"cannot read the file: {e.strerror}", code="no-file")]


# --- the whole workspace -----------------------------------------------------------------


class Contents(NamedTuple):
    """What one workspace's files hold, validated: the stage after this one derives facts."""

    settings: values.Settings
    deals: tuple[values.Deal, ...]
    commitments: tuple  # recurring ones expanded, one per period
    records: tuple[Record, ...]
    key: tuple  # the identities of the commitments and progress bytes read (None: no file)


def load(location: Location, whole: bool = False) -> tuple[Contents, list[Problem]]:
    """Load and check everything. Returns what validated and every problem in every file, in
    file order: a load with problems is for reporting them, not for judging. Without `whole`
    (check's), a record still being appended is not read (jsonl.settled)."""
    raw, commitments_id, problems = read_file(location.commitments)
    parsed = None
    if raw is not None and location.commitments.suffix in (".jsonl", ".json"):
        return Contents(to_values(m.Settings()), (), (), (), (None, None)), [
            Problem(
                str(location.commitments),
                0,
                0,
                "this is not a commitments file",
                "--data takes the commitments file (commitments.yaml) or the folder holding it; "
                "progress.jsonl is found beside it",
                code="not-commitments",
            )
        ]
    if raw is not None:
        parsed, found = cfile.parse(str(location.commitments), raw)
        problems += found
    settings = to_values(parsed.settings if parsed else m.Settings())
    commitments = cfile.expand(to_values([c for _, c in parsed.items])) if parsed else []
    records: list[Record] = []
    progress_id, text = None, None
    if location.progress.exists() or location.progress.is_symlink():
        praw, progress_id, found = read_file(location.progress)
        if praw is not None:
            records, found = pfile.parse(str(location.progress), praw if whole else settled(praw))
            text = praw.decode("utf-8", "replace")
        problems += found
    good, found = check_records(
        records, commitments, settings, parsed.invalid if parsed else None, str(location.progress), text
    )
    problems += found
    return Contents(
        settings,
        to_values(parsed.deals) if parsed else (),
        tuple(commitments),
        tuple(good),
        (commitments_id, progress_id),
    ), problems


def check_records(
    records, commitments, settings, invalid: set | None, file: str, text: str | None
) -> tuple[list[Record], list[Problem]]:
    """The records with their bases filled in, checked against their commitments. `invalid`:
    ids of commitments that failed validation (their records are not judged here); None when
    the commitments could not be read at all."""
    if invalid is None:
        return [], []
    by_id = {c.id: c for c in commitments}
    records = pfile.with_bases(records, pfile.bases(commitments, settings.default_basis))
    good, problems = [], []
    # check_record's verdict follows from a record's shape (which fields it has, its unit, flags,
    # whether a decline has its note, and for the period rule its date and a zero amount), not
    # from its other figures: judged once per shape (tests/test_shapememo.py). A date within the
    # span where the period rule cannot apply (progress.safe_dates) is not part of the shape.
    spans = {c.id: pfile.safe_dates(c) for c in commitments}
    seen: dict[tuple, tuple | None] = {}
    for r in records:
        span = spans.get(r.commitment)
        outside = span is not None and not span[0] <= r.date <= span[1]
        shape = (
            r.commitment,
            r.amount is None,
            r.rate is None,
            r.event is None,
            r.unit,
            r.increment,
            r.decline,
            bool(r.decline) and not (r.note or "").strip(),
            r.measure is None,
            r.date if outside else None,
            r.amount == 0 and outside,
        )
        if shape in seen:
            fault = seen[shape]
        else:
            c = by_id.get(r.commitment)
            if c is None and (r.commitment in invalid or r.commitment.rpartition("-")[0] in invalid):
                fault = seen[shape] = ("skip",)
            else:
                unit = pfile.unit_of(c, by_id) if c else None
                fault = seen[shape] = pfile.check_record(r, c, by_id, unit, settings.count_units)
        if fault == ("skip",):
            continue
        if fault:
            problems.append(
                Problem(file, r.line, 1, fault[0], fault[1], line_of(text, r.line) if text else None, code=fault[2])
            )
        else:
            good.append(r)
    return good, problems + pfile.measure_problems(good, file, text)


def read_records(
    location: Location, settings: values.Settings, commitments
) -> tuple[tuple[Record, ...], list[Problem]]:
    """The progress records alone (the commitments already validated, e.g. from the cache)."""
    raw, problems = read_bytes(location.progress) if location.progress.exists() else (b"", [])
    if raw is None:
        return (), problems
    records, problems = pfile.parse(str(location.progress), settled(raw))
    if problems:
        return (), problems
    good, problems = check_records(
        records, commitments, settings, set(), str(location.progress), raw.decode("utf-8", "replace")
    )
    return tuple(good), problems
