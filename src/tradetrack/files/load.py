"""Files -> validated, immutable values, with every problem in every file found in one pass.

Stages, each returning what it could build plus the problems it found (as beancount's loader
does): read bytes -> parse (YAML / JSON Lines) -> validate against the models -> check the
records against the commitments. Nothing here raises on bad input: `load` returns what it
built and every problem, at once.
"""

from __future__ import annotations

import difflib
import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from typing import NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from tradetrack.core import values
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.units import UnitError, convert, parse_unit
from tradetrack.core.values import Record
from tradetrack.files import identity, jsonl
from tradetrack.files import models as m
from tradetrack.files.workspace import Location
from tradetrack.files.yamlread import YamlDoc, decode, read_yaml

EARLIEST = date(1900, 1, 1)


@cache
def _adapter(kind):
    # Built on first use: building validators costs tens of ms that a cache hit never pays.
    return TypeAdapter(kind)


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
        return None, None, [Problem(name, 0, 0, "no such file",
                                    "check the path, or create a workspace with `tradetrack init`")]
    except IsADirectoryError:
        return None, None, [Problem(name, 0, 0, "this is a directory, not a file",
                                    f"name the file, e.g. {name}/commitments.yaml")]
    except OSError as e:
        return None, None, [Problem(name, 0, 0, f"cannot read the file: {e.strerror}")]


# --- commitments -------------------------------------------------------------------------


def parse_commitments(file: str, raw: bytes) -> tuple[m.CommitmentsFile | None, list[Problem]]:
    text, problems = decode(file, raw)
    if text is None:
        return None, problems
    doc = read_yaml(file, text)
    if doc.data is None or doc.refused:  # nothing worth checking further
        return None, doc.problems
    if not isinstance(doc.data, dict):
        return None, doc.problems + [Problem(file, 1, 1, "the file must be a mapping with a `commitments:` list",
                                             "see the README for the format", line_of(text, 1))]
    # Validate even after YAML-level problems (a duplicate key keeps its first value), so one
    # run reports everything.
    try:
        parsed = _adapter(m.CommitmentsFile).validate_python(doc.data)
    except ValidationError as e:
        return None, _sorted(doc.problems + [_yaml_problem(doc, err) for err in e.errors()])
    problems = _sorted(doc.problems + check_commitments(doc, parsed))
    return (None if problems else parsed), problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def _walk(doc: YamlDoc, loc: tuple) -> tuple[tuple, object, object]:
    """Follow a pydantic error location through the data; skip union tags that are not keys.
    Returns the path reached, the value there, and the first location element not found."""
    path: tuple = ()
    cur = doc.data
    missing = None
    for i, elem in enumerate(loc):
        if isinstance(cur, dict) and elem in cur:
            cur = cur[elem]
        elif isinstance(cur, list) and isinstance(elem, int) and 0 <= elem < len(cur):
            cur = cur[elem]
        else:
            if i == len(loc) - 1:
                missing = elem
            continue
        path += (elem,)
    return path, cur, missing


def _yaml_problem(doc: YamlDoc, err: dict) -> Problem:
    path, value, missing = _walk(doc, err["loc"])
    mark = doc.value_marks.get(path, (1, 1))
    kind = err["type"]
    field = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "missing" and missing is not None:
        return doc.problem(mark, f"missing field {missing!r}", f"add `{missing}:` here")
    if kind == "extra_forbidden":
        mark = doc.key_marks.get(path, mark)
        allowed = _allowed_fields(doc, path[:-1])
        close = difflib.get_close_matches(str(field), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(allowed)}"
        return doc.problem(mark, f"unknown field {field!r}", hint)
    if kind == "union_tag_not_found":
        return doc.problem(mark, "missing field 'kind'", "add `kind:` purchase, suspension, tariff or action")
    if kind == "union_tag_invalid":
        mark = doc.value_marks.get(path + ("kind",), mark)
        return doc.problem(mark, f"unknown kind {err['input'].get('kind')!r}",
                           "kind is one of purchase, suspension, tariff, action")
    raw = doc.plain_text.get(path)
    if raw is not None and kind in ("string_type", "literal_error", "string_pattern_mismatch"):
        return doc.problem(mark, f"{raw!r} was read as {value!r} (YAML 1.1), not as text",
                           f"quote it: {field}: \"{raw}\"" if field else f"quote it: \"{raw}\"")
    if field in ("date", "start", "due", "end") or kind == "value_error" and "not a date" in err["msg"]:
        return doc.problem(mark, f"{value!r} is not a date", "write dates as YYYY-MM-DD, e.g. 2025-11-10")
    what = f"{field}: " if field else ""
    return doc.problem(mark, f"{what}{err['msg'][0].lower()}{err['msg'][1:]}", None)


def _allowed_fields(doc: YamlDoc, path: tuple) -> list[str]:
    """Field names valid at path, found from the model the data there matches."""
    node = doc.data
    for elem in path:
        node = node[elem]
    if path == ():
        return list(m.CommitmentsFile.model_fields)
    if path[0] == "commitments" and len(path) == 2 and isinstance(node, dict):
        model = {"purchase": m.Purchase, "suspension": m.Suspension, "tariff": m.Tariff,
                 "action": m.Action}.get(node.get("kind"), m.Base)
        return list(model.model_fields)
    by_name = {"settings": m.Settings, "thresholds": m.Thresholds, "target": m.Amount,
               "recurring": m.Recurrence, "amendments": m.Amendment, "sources": m.Source,
               "source": m.Source, "deals": m.Deal}
    for elem in reversed(path):
        if isinstance(elem, str) and elem in by_name:
            return list(by_name[elem].model_fields)
    return []


def check_commitments(doc: YamlDoc, parsed: m.CommitmentsFile) -> list[Problem]:
    """Checks the schema cannot make: unique ids, known deals and units, dates in order."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    deals = {d.id for d in parsed.deals}

    def at(path: tuple, message: str, hint: str | None = None) -> None:
        problems.append(doc.problem(doc.value_marks.get(path, (1, 1)), message, hint))

    for i, c in enumerate(parsed.commitments):
        here = ("commitments", i)
        ids = [f"{c.id}-{y}" for y in c.recurring.years] if getattr(c, "recurring", None) else [c.id]
        for cid in ids:
            if cid in seen:
                at(here + ("id",), f"duplicate id {cid!r} (first at line {seen[cid]})", "give each commitment its own id")
            seen.setdefault(cid, doc.value_marks.get(here + ("id",), (0, 0))[0])
        if deals and c.deal not in deals:
            at(here + ("deal",), f"unknown deal {c.deal!r}", f"known deals: {', '.join(sorted(deals))}")
        if isinstance(c, m.Purchase):
            try:
                parse_unit(c.target.unit)
            except UnitError as e:
                at(here + ("target", "unit"), str(e), e.hint)
            if c.recurring is None and c.due is None:
                at(here, "a purchase needs `due:` or `recurring:`", "add `due: YYYY-MM-DD`")
            if c.recurring is not None and c.due is not None:
                at(here + ("due",), "`due:` and `recurring:` exclude each other",
                   "with recurring, each period's due date is set from year_start")
            if c.recurring is not None:
                try:
                    date(2001, *map(int, c.recurring.year_start.split("-")))
                except ValueError:
                    at(here + ("recurring", "year_start"), f"{c.recurring.year_start!r} is not a month and day",
                       "write MM-DD, e.g. 09-01")
        due = getattr(c, "due", None) or getattr(c, "end", None)
        if due is not None and due < c.start:
            key = "end" if isinstance(c, m.Suspension) else "due"
            at(here + (key,), f"{key} {due} is before start {c.start}", "swap the dates or fix the typo")
        previous = None
        for j, a in enumerate(c.amendments):
            apath = here + ("amendments", j)
            if previous and a.date < previous:
                at(apath + ("date",), f"amendment of {a.date} is listed after one of {previous}",
                   "list amendments oldest first")
            previous = a.date
            if a.target is not None and isinstance(c, m.Purchase):
                try:
                    convert(1, a.target.unit, c.target.unit)
                except UnitError as e:
                    at(apath + ("target", "unit"), str(e), e.hint)
    return problems


def expand(commitments) -> list:
    """Recurring purchases become one commitment per period, id suffixed with the year."""
    out = []
    for c in commitments:
        if isinstance(c, values.Purchase) and c.recurring is not None:
            month, day = map(int, c.recurring.year_start.split("-"))
            for year in c.recurring.years:
                start = date(year, month, day)
                due = date(year + 1, month, day) - timedelta(days=1)
                title = f"{c.title} ({year})" if (month, day) == (1, 1) else f"{c.title} ({year}/{str(year + 1)[2:]})"
                out.append(c.replace(id=f"{c.id}-{year}", start=start, due=due, recurring=None, title=title))
        else:
            out.append(c)
    return out


def to_values(value):
    """A validated model as the value class of the same name (lists become tuples)."""
    if isinstance(value, BaseModel):
        cls = getattr(values, type(value).__name__)
        return cls(**{name: to_values(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return tuple(to_values(v) for v in value)
    return value


# --- progress records --------------------------------------------------------------------


def parse_progress(file: str, raw: bytes, default_basis: str) -> tuple[list[Record], list[Problem]]:
    """JSON Lines: one record per line; blank lines and lines starting with # are kept as is."""
    text, problems = decode(file, raw)
    if text is None:
        return [], problems
    entries = jsonl.entries(text)
    if not entries:
        return [], []
    try:  # fast path: the whole file in one validation call
        parsed = _adapter(list[m.ProgressRecord]).validate_json("[" + ",".join(line for _, line in entries) + "]")
    except ValidationError:
        parsed = None
    if parsed is None:
        return [], [p for n, line in entries for p in _record_problems(file, n, line)]
    return [_record(p, n, default_basis) for p, (n, _) in zip(parsed, entries)], []


RECORD_FIELDS = tuple(m.RECORD_MODEL.model_fields)


def _record(p: m.ProgressRecord, line: int, default_basis: str) -> Record:
    """A validated record as a value, field for field, with the line it came from."""
    r = Record(**{name: getattr(p, name) for name in RECORD_FIELDS}, line=line)
    return r if r.basis else r._replace(basis=default_basis)


def _record_problems(file: str, n: int, line: str) -> list[Problem]:
    try:
        json.loads(line)
    except json.JSONDecodeError as e:
        return [Problem(file, n, e.colno, f"not valid JSON: {e.msg}",
                        "each line holds one JSON object, e.g. {\"commitment\": \"id\", ...}", line)]
    try:
        _adapter(m.ProgressRecord).validate_json(line)
    except ValidationError as e:
        return [_json_problem(file, n, line, err) for err in e.errors()]
    return []


def _json_problem(file: str, n: int, line: str, err: dict) -> Problem:
    field = next((x for x in reversed(err["loc"]) if isinstance(x, str)), None)
    col = line.find(f'"{field}"') + 1 if field and f'"{field}"' in line else 1
    kind = err["type"]
    if kind == "missing":
        return Problem(file, n, 1, f"missing field {field!r}", f"add \"{field}\": ... to the record", line)
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(field), m.PROGRESS_FIELDS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(m.PROGRESS_FIELDS)}"
        return Problem(file, n, col, f"unknown field {field!r}", hint, line)
    if field == "date":
        return Problem(file, n, col, f"{err['input']!r} is not a date", "write dates as YYYY-MM-DD", line)
    if kind == "model_type":
        return Problem(file, n, 1, "a record must be a JSON object", None, line)
    return Problem(file, n, col, f"{field}: {err['msg'][0].lower()}{err['msg'][1:]}", None, line)


def check_record(r: Record, commitment, known_ids) -> tuple[str, str | None] | None:
    """Is the record meaningful for its commitment? Returns (message, hint) if not.
    known_ids (any iterable) is read only to suggest an id for an unknown one."""
    if commitment is None:
        close = difflib.get_close_matches(r.commitment, known_ids, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "`tradetrack status` lists the ids"
        return f"unknown commitment {r.commitment!r}", hint
    if r.date < EARLIEST:
        return f"date {r.date} is implausibly early", "check the year"
    given = [name for name in ("amount", "rate", "event") if getattr(r, name) is not None]
    if len(given) != 1:
        return "a record holds exactly one of amount, rate or event", f"this one has {', '.join(given) or 'none'}"
    if isinstance(commitment, values.Purchase):
        if r.amount is None:
            return f"{r.commitment} is a purchase: the record needs an amount and unit", None
        if r.unit is None:
            return "an amount needs a unit", f"add a unit such as {commitment.target.unit}"
        try:
            convert(r.amount, r.unit, commitment.target.unit)
        except UnitError as e:
            return str(e), e.hint
    elif isinstance(commitment, values.Tariff):
        if r.rate is None:
            return f"{r.commitment} is a tariff: the record needs an observed rate", "give --rate PERCENT"
    elif r.event is None:
        return f"{r.commitment} is {'a suspension' if isinstance(commitment, values.Suspension) else 'an action'}: " \
               "the record needs an event", "give --event, e.g. done, in-force, lapsed, reinstated"
    if r.amount is None and r.unit is not None:
        return "a unit without an amount", "remove the unit or add the amount"
    return None


# --- the whole workspace -----------------------------------------------------------------


class Contents(NamedTuple):
    """What one workspace's files hold, validated: the stage after this one derives facts."""

    settings: values.Settings
    deals: tuple[values.Deal, ...]
    commitments: tuple  # recurring ones expanded, one per period
    records: tuple[Record, ...]
    key: tuple  # the identities of the commitments and progress bytes read (None: no file)


def load(location: Location) -> tuple[Contents | None, list[Problem]]:
    """Load and check everything; every problem found, and the contents if there were none."""
    raw, commitments_id, problems = read_file(location.commitments)
    parsed = None
    if raw is not None:
        parsed, problems = parse_commitments(str(location.commitments), raw)
    settings = to_values(parsed.settings if parsed else m.Settings())
    records: list[Record] = []
    progress_id = None
    if location.progress.exists() or location.progress.is_symlink():
        praw, progress_id, pproblems = read_file(location.progress)
        if praw is not None:
            records, pproblems = parse_progress(str(location.progress), praw, settings.default_basis)
        problems += pproblems
    if parsed is None:
        return None, problems
    commitments = expand(to_values(parsed.commitments))
    by_id = {c.id: c for c in commitments}
    progress_text = None
    for r in records:
        fault = check_record(r, by_id.get(r.commitment), by_id)
        if fault:
            if progress_text is None:
                progress_text = praw.decode("utf-8")
            problems.append(Problem(str(location.progress), r.line, 1, fault[0], fault[1],
                                    line_of(progress_text, r.line)))
    if problems:
        return None, problems
    return Contents(settings, to_values(parsed.deals), tuple(commitments), tuple(records),
                    (commitments_id, progress_id)), []


def read_records(location: Location, settings: values.Settings) -> tuple[tuple[Record, ...], list[Problem]]:
    """The progress records alone (the commitments already validated, e.g. from the cache)."""
    raw, problems = read_bytes(location.progress) if location.progress.exists() else (b"", [])
    if raw is None:
        return (), problems
    records, problems = parse_progress(str(location.progress), raw, settings.default_basis)
    return tuple(records), problems
