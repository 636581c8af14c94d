"""The one translator from pydantic's errors to problems: what a validation error means in the
words of the file it came from, located at FILE:LINE:COL. The commitments file's errors are
located through the YAML's marks (yaml_problem); a progress line's at the field's name in the
line (line_problem); a row given to `add`, `import` or `fetch` at its origin (row_problem).
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from tradetrack.core.problems import Problem
from tradetrack.core.status import KINDS
from tradetrack.core.text import did_you_mean
from tradetrack.files import models as m
from tradetrack.files.yamlread import YamlDoc

RECORD_FIELDS = tuple(m.RECORD_MODEL.model_fields)
DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2025-11-10"  # one hint for a date, in every file


# --- the commitments file ---------------------------------------------------------------------


def _walk(doc: YamlDoc, loc: tuple) -> tuple[tuple, Any, Any]:
    """Follow a pydantic error location through the data; skip union tags that are not keys.
    Returns the path reached, the value there, and the first location element not found."""
    path: tuple = ()
    cur = doc.data
    missing = None
    for i, elem in enumerate(loc):
        if isinstance(cur, dict) and str(elem) in cur:
            elem = str(elem)
            cur = cur[elem]
        elif isinstance(cur, list) and isinstance(elem, int) and 0 <= elem < len(cur):
            cur = cur[elem]
        else:
            if i == len(loc) - 1:
                missing = elem
            continue
        path += (elem,)
    return path, cur, missing


def yaml_problem(doc: YamlDoc, err: ErrorDetails) -> Problem:
    path, value, missing = _walk(doc, err["loc"])
    mark = doc.value_marks.get(path, (1, 1))
    kind = err["type"]
    field = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "missing" and missing is not None:
        return doc.problem(mark, f"missing field {missing!r}", f"add `{missing}:` here", code="missing-field")
    if kind == "extra_forbidden":
        return _unknown_field(doc, path, value, field)
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _unknown_kind(doc, path, mark, err)
    raw = doc.plain_text.get(path)
    if raw is not None and kind in ("string_type", "literal_error", "string_pattern_mismatch"):
        return doc.problem(
            mark,
            f"{raw!r} was read as {value!r} (YAML 1.1), not as text",
            f'quote it: {field}: "{raw}"' if field else f'quote it: "{raw}"',
            code="yaml-1.1",
        )
    if field in ("date", "start", "due", "end") or kind == "value_error" and "not a date" in err["msg"]:
        bounds = f" between {m.EARLIEST.year} and {m.LATEST.year}" if "between" in err["msg"] else ""
        written = doc.plain_text.get(path, value.isoformat() if hasattr(value, "isoformat") else value)
        return doc.problem(mark, f"{written!r} is not a date{bounds}", DATE_HINT, code="not-a-date")
    if kind == "too_short" and field in ("sources", "parties", "years"):
        return doc.problem(
            mark,
            f"{field}: at least {err['ctx'].get('min_length', 1)} needed",
            {
                "sources": "add where it was published: - {title: ..., url: ...}",
                "parties": "name the parties, e.g. [US, CN]",
                "years": "list the years, e.g. [2026, 2027]",
            }[field],
            code="empty-list",
        )
    if kind == "tiny_number":
        return doc.problem(
            mark,
            f"{field}: {value!r} is too small for a target",
            f"give 0 or at least {m.SMALLEST_TARGET:g}, or write it in a smaller unit (e.g. t for Mt)",
            code="not-finite",
        )
    shape = _shape_hint(field, kind, value, err)
    if shape is not None:
        return doc.problem(mark, shape[0], shape[1], code=shape[2])
    if kind == "finite_number":
        return doc.problem(
            mark, f"{field}: {value!r} is not a finite number", "give a number such as 12.5", code="not-finite"
        )
    what = f"{field}: " if field else ""
    return doc.problem(mark, f"{what}{err['msg'][0].lower()}{err['msg'][1:]}", None, code="invalid-value")


def _unknown_kind(doc: YamlDoc, path: tuple, mark, err: ErrorDetails) -> Problem:
    """A commitment without a kind, or with one the model does not know."""
    if err["type"] == "union_tag_not_found":
        return doc.problem(
            mark, "missing field 'kind'", f"add `kind:` {', '.join(KINDS[:-1])} or {KINDS[-1]}", code="unknown-kind"
        )
    written = err["input"].get("kind")
    return doc.problem(
        doc.value_marks.get(path + ("kind",), mark),
        f"unknown kind {written!r}",
        did_you_mean(written, KINDS, then=f"kind is one of {', '.join(KINDS)}"),
        code="unknown-kind",
    )


def _unknown_field(doc: YamlDoc, path: tuple, value, field) -> Problem:
    """A key the model does not have: most often a typo, sometimes a comma that split a value."""
    mark = doc.key_marks.get(path, doc.value_marks.get(path, (1, 1)))
    if value is None and field and " " in field.strip():
        # `{title: USTR notice, 85 FR 3741}`: the comma ended the title and began a key.
        mapping = _walk(doc, path[:-1])[1]
        keys = list(mapping) if isinstance(mapping, dict) else []
        before = keys[keys.index(field) - 1] if field in keys and keys.index(field) else None
        example = f'{before}: "{mapping[before]}, {field.strip()}"' if before else f'"…, {field.strip()}"'
        return doc.problem(
            mark,
            f"{field.strip()!r} was read as a field name",
            f"a comma inside an unquoted value splits it: quote the value, {example}",
            code="unquoted-comma",
        )
    owner = _walk(doc, path[:-1])[1]
    if field in ("commodity", "series") and isinstance(owner, dict) and owner.get("kind") == "investment":
        return doc.problem(
            mark,
            f"an investment has no {field}",
            f"remove `{field}:`, or write `kind: purchase` if goods are bought",
            code="unknown-field",
        )
    allowed = _allowed_fields(doc, path[:-1])
    hint = did_you_mean(field, allowed, f"known fields: {', '.join(allowed)}")
    return doc.problem(mark, f"unknown field {field!r}", hint, code="unknown-field")


def _shape_hint(field, kind: str, value, err: ErrorDetails) -> tuple[str, str, str] | None:
    """Shapes a first-time writer gets wrong, with the shape meant: `target: 600 bnUSD`,
    `recurring: [2026, 2027]`, `years: 2026-2028`, and a mistyped word of a fixed list."""
    if field in ("target", "increase") and kind == "model_type" and isinstance(value, str):
        amount, _, unit = value.strip().partition(" ")
        example = f"{{amount: {amount}, unit: {unit.strip()}}}" if unit.strip() else "{amount: 600, unit: bnUSD}"
        return f"{field}: {value!r} is text, not an amount and a unit", f"write {field}: {example}", "target"
    if field == "recurring" and kind == "model_type" and isinstance(value, list):
        years = ", ".join(str(y) for y in value)
        return "recurring: a list, not a mapping", f"write recurring: {{years: [{years}]}}", "period"
    if field == "years" and kind == "list_type":
        first, _, last = str(value).partition("-")
        if first.strip().isdigit() and last.strip().isdigit() and 0 <= int(last) - int(first) < 200:
            years = ", ".join(str(y) for y in range(int(first), int(last) + 1))
        else:
            years = "2026, 2027"
        return f"years: {value!r} is not a list of years", f"write years: [{years}]", "period"
    if kind == "literal_error" and isinstance(value, str):
        allowed = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        known = f"{field} is one of {', '.join(allowed)}" if field else f"one of {', '.join(allowed)}"
        message = f"{field}: unknown value {value!r}" if field else f"unknown value {value!r}"
        return message, did_you_mean(value, allowed, then=known), "invalid-value"
    return None


def _allowed_fields(doc: YamlDoc, path: tuple) -> list[str]:
    """Field names valid at path, found from the model the data there matches."""
    node: Any = doc.data
    for elem in path:
        node = node[elem]
    if path == ():
        return list(m.CommitmentsFile.model_fields)
    if path[0] == "commitments" and len(path) == 2 and isinstance(node, dict):
        kinds: dict[Any, type[m.Base]] = {
            "purchase": m.Purchase,
            "investment": m.Investment,
            "suspension": m.Suspension,
            "tariff": m.Tariff,
            "action": m.Action,
        }
        model = kinds.get(node.get("kind"), m.Base)
        return list(model.model_fields)
    by_name: dict[str, type[BaseModel]] = {
        "settings": m.Settings,
        "thresholds": m.Thresholds,
        "target": m.Target,
        "increase": m.Amount,
        "recurring": m.Recurrence,
        "amendments": m.Amendment,
        "sources": m.Source,
        "source": m.Source,
        "deals": m.Deal,
    }
    for i, elem in enumerate(reversed(path)):
        if elem == "baseline" and i == 1:
            return list(m.Level.model_fields)
        if elem == "targets" and i == 1:
            return list(m.Target.model_fields)
        if isinstance(elem, str) and elem in by_name:
            return list(by_name[elem].model_fields)
    return []


# --- a progress record ------------------------------------------------------------------------
# A record is a line of the progress file (check, every read) or a row given to add, import or
# fetch before it becomes one. Both are worded by record_fault, so the same fault reads the same
# wherever it is met; only where it is put differs (the field's name in the line, or the row).


def line_problem(file: str, n: int, line: str, err: ErrorDetails) -> Problem:
    """A progress line's error, at the field's name in the line."""
    field, message, hint, code = record_fault(err)
    if err["type"] == "missing":
        # the one fix that depends on the form: the line is JSON, so say the JSON to add
        hint = f'add "{field}": ... to the record'
    at = f'"{field}"'
    col = line.find(at) + 1 if field and at in line and err["type"] not in ("missing", "model_type") else 1
    return Problem(file, n, col, message, hint, line, code=code)


def row_problem(file: str, line: int, err: ErrorDetails) -> Problem:
    """A new record's error (add, import, fetch), at the row it came from."""
    _, message, hint, code = record_fault(err)
    return Problem(file, line, 1, message, hint, code=code)


def record_fault(err: ErrorDetails) -> tuple[str | None, str, str | None, str]:
    """(field, message, hint, code) of a progress record's validation error."""
    field = next((x for x in reversed(err["loc"]) if isinstance(x, str)), None)
    kind = err["type"]
    if kind == "missing":
        return field, f"missing field {field!r}", None, "missing-field"
    if kind == "extra_forbidden":
        return field, f"unknown field {field!r}", _unknown_record_field(field), "unknown-field"
    if field == "date":
        bounds = f" between {m.EARLIEST.year} and {m.LATEST.year}" if "between" in err["msg"] else ""
        return field, f"{err['input']!r} is not a date{bounds}", DATE_HINT, "not-a-date"
    if kind == "model_type":
        return field, "a record must be a JSON object", None, "record-shape"
    if kind == "finite_number":
        return field, f"{field}: {err['input']!r} is not a finite number", "give a number such as 12.5", "not-finite"
    message = f"{field or 'record'}: {err['msg'][0].lower()}{err['msg'][1:]}"
    return field, message, _value_hint(field), "invalid-value"


def _unknown_record_field(field) -> str:
    return did_you_mean(field, RECORD_FIELDS, f"known fields: {', '.join(RECORD_FIELDS)}")


def _value_hint(field: str | None) -> str | None:
    if field == "event":
        return "events: " + ", ".join(get_args(m.Event))
    if field in ("basis", "measure"):
        return "a name of letters, digits, '.', '_' or '-', e.g. usda-esr"
    return None
