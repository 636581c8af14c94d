"""The commitments file: YAML text -> validated values, every problem located at FILE:LINE:COL.

Validation runs on the whole file and, when that fails, on each part of it (settings, each
deal, each commitment), so a commitment that fails does not hide the problems of the others
or of the records that refer to them. Then the checks a schema cannot make: unique ids, known
deals, units that convert, targets in one form, roll-ups without cycles, dates in order.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from tradetrack.core import targets, values
from tradetrack.core.problems import Problem, line_of
from tradetrack.core.status import AMOUNT_KINDS, KINDS, a_kind
from tradetrack.core.text import did_you_mean
from tradetrack.core.units import UNITS, UnitError, convert, parse_unit
from tradetrack.files import models as m
from tradetrack.files import rollups
from tradetrack.files.yamlread import YamlDoc, decode, read_yaml


@cache
def _adapter(kind):
    # Built on first use: building validators costs tens of ms that a cache hit never pays.
    return TypeAdapter(kind)


class Parsed(NamedTuple):
    """What validated: the settings and deals, and each commitment that passed with its index
    in the file. `invalid` holds the ids of commitments that did not pass, so that records
    naming them are not reported as unknown (the commitment's own problem is)."""

    settings: m.Settings
    deals: list[m.Deal]
    items: list[tuple[int, m.AnyKind]]
    invalid: set[str]


def parse(file: str, raw: bytes) -> tuple[Parsed | None, list[Problem]]:
    text, problems = decode(file, raw)
    if text is None:
        return None, problems
    doc = read_yaml(file, text)
    if doc.data is None or doc.refused:  # nothing worth checking further
        return None, doc.problems
    if not isinstance(doc.data, dict):
        return None, doc.problems + [
            Problem(
                file,
                1,
                1,
                "the file must be a mapping with a `commitments:` list",
                "see the README for the format",
                line_of(text, 1),
                code="not-a-mapping",
            )
        ]
    # Validate even after YAML-level problems (a duplicate key keeps its first value), so one
    # run reports everything.
    problems = list(doc.problems)
    try:
        whole = _adapter(m.CommitmentsFile).validate_python(doc.data)
        parsed = Parsed(whole.settings, whole.deals, list(enumerate(whole.commitments)), set())
    except ValidationError as e:
        problems += [_yaml_problem(doc, err) for err in e.errors()]
        parsed = _parts(doc.data)
    problems += check(doc, parsed)
    return parsed, sorted(problems, key=lambda p: (p.line, p.col))


def _parts(data: dict) -> Parsed:
    """Whatever validates on its own, when the whole file does not."""

    def valid(model, value, default=None):
        try:
            return _adapter(model).validate_python(value)
        except ValidationError:
            return default

    settings = valid(m.Settings, data.get("settings", {})) or m.Settings()
    deals = [d for d in (valid(m.Deal, x) for x in _list(data.get("deals"))) if d is not None]
    items, invalid = [], set()
    for i, x in enumerate(_list(data.get("commitments"))):
        c = valid(m.Commitment, x)
        if c is not None:
            items.append((i, c))
        elif isinstance(x, dict) and isinstance(x.get("id"), str):
            invalid.add(x["id"])
    return Parsed(settings, deals, items, invalid)


def _list(value) -> list:
    return value if isinstance(value, list) else []


# --- schema problems, located ----------------------------------------------------------------


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


def _yaml_problem(doc: YamlDoc, err: ErrorDetails) -> Problem:
    path, value, missing = _walk(doc, err["loc"])
    mark = doc.value_marks.get(path, (1, 1))
    kind = err["type"]
    field = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "missing" and missing is not None:
        return doc.problem(mark, f"missing field {missing!r}", f"add `{missing}:` here", code="missing-field")
    if kind == "extra_forbidden":
        mark = doc.key_marks.get(path, mark)
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
    if kind == "union_tag_not_found":
        return doc.problem(
            mark, "missing field 'kind'", f"add `kind:` {', '.join(KINDS[:-1])} or {KINDS[-1]}", code="unknown-kind"
        )
    if kind == "union_tag_invalid":
        mark = doc.value_marks.get(path + ("kind",), mark)
        written = err["input"].get("kind")
        return doc.problem(
            mark,
            f"unknown kind {written!r}",
            did_you_mean(written, KINDS, then=f"kind is one of {', '.join(KINDS)}"),
            code="unknown-kind",
        )
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
        return doc.problem(
            mark, f"{written!r} is not a date{bounds}", "write dates as YYYY-MM-DD, e.g. 2025-11-10", code="not-a-date"
        )
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


# --- checks a schema cannot make -------------------------------------------------------------


def check(doc: YamlDoc, parsed: Parsed) -> list[Problem]:
    problems: list[Problem] = []

    def at(path: tuple, message: str, hint: str | None = None, code: str = "invalid-value") -> None:
        problems.append(doc.problem(doc.value_marks.get(path, doc.key_marks.get(path, (1, 1))), message, hint, code))

    settings = parsed.settings
    counts = tuple(settings.count_units)
    for j, name in enumerate(counts):
        if name in UNITS or _is_alias(name):
            at(
                ("settings", "count_units", j),
                f"{name!r} is already a unit of measure",
                "count units name counted things, e.g. aircraft or plants",
                code="unit",
            )
    deals = {d.id for d in parsed.deals}
    parties = {d.id: list(d.parties) for d in parsed.deals}
    seen: dict[str, int] = {}
    graph = rollups.Graph(c for _, c in parsed.items)
    for i, c in parsed.items:
        here = ("commitments", i)
        for cid in _period_ids(c, graph):
            if cid in seen:
                at(
                    here + ("id",),
                    f"duplicate id {cid!r} (first at line {seen[cid]})",
                    "give each commitment its own id",
                    code="duplicate-id",
                )
            seen.setdefault(cid, doc.value_marks.get(here + ("id",), (0, 0))[0])
        if deals and c.deal not in deals:
            at(
                here + ("deal",),
                f"unknown deal {c.deal!r}",
                f"known deals: {', '.join(sorted(deals))}",
                code="unknown-deal",
            )
        for key in ("party", "counterparty"):
            who = getattr(c, key)
            if who is not None and c.deal in parties and who not in parties[c.deal]:
                at(
                    here + (key,),
                    f"{key} {who!r} is not a party to the deal {c.deal}",
                    # party codes are short: a looser match
                    did_you_mean(who, parties[c.deal], then=f"its parties: {', '.join(parties[c.deal])}", cutoff=0.5),
                    code="unknown-party",
                )
        if c.standing == "stated" and not c.stated_by:
            at(
                here + ("standing",),
                "a commitment stated by one side names that side",
                "add `stated_by:` with the party, e.g. US",
                code="standing",
            )
        if c.stated_by and c.standing != "stated":
            at(
                here + ("stated_by",),
                "stated_by goes with `standing: stated`",
                "add `standing: stated`, or remove it",
                code="standing",
            )
        if c.kind in AMOUNT_KINDS:
            _check_purchase(c, here, at, settings, graph, parsed.invalid)
        due = getattr(c, "due", None) or getattr(c, "end", None)
        if due is not None and due < c.start:
            key = "end" if c.kind == "suspension" else "due"
            at(
                here + (key,),
                f"{key} {due} is before start {c.start}",
                "swap the dates or fix the typo",
                code="date-order",
            )
        _check_amendments(c, here, at, counts)
    problems += _check_cycles(doc, parsed, graph)
    return problems


def _is_alias(name: str) -> bool:
    try:
        parse_unit(name)
        return True
    except UnitError:
        return False


def _period_ids(c, graph: rollups.Graph) -> list[str]:
    years = graph.years.get(c.id)
    return [f"{c.id}-{y}" for y in years] if years else [c.id]


def _check_target(t, path: tuple, at, counts, unit: str | None = None) -> str | None:
    """Check one target; returns its unit when it is sound."""
    if t.amount is not None or t.unit is not None:
        if t.baseline is not None or t.increase is not None:
            at(
                path,
                "a target is either {amount, unit} or {baseline, increase}, not both",
                "remove amount and unit, or baseline and increase",
                code="target",
            )
            return None
        if t.amount is None or t.unit is None:
            missing = "unit" if t.unit is None else "amount"
            at(
                path,
                f"a target's {'amount' if missing == 'unit' else 'unit'} needs its {missing}",
                f"add `{missing}:`",
                code="target",
            )
            return None
        return _unit_ok(t.unit, path + ("unit",), at, counts, unit)
    if t.increase is None:
        at(
            path,
            "a target needs amount and unit, or baseline and increase",
            "e.g. target: {amount: 12, unit: Mt}",
            code="target",
        )
        return None
    if not t.baseline:
        at(
            path + ("increase",),
            "an increase needs a baseline per basis",
            "add baseline: {us-exports: {amount: ..., unit: ...}}, or give amount and unit",
            code="target",
        )
        return None
    own = _unit_ok(t.increase.unit, path + ("increase", "unit"), at, counts, unit)
    if own is None:
        return None
    for basis, level in t.baseline.items():
        _unit_ok(level.unit, path + ("baseline", basis, "unit"), at, counts, own)
    return own


def _unit_ok(text: str, path: tuple, at, counts, to: str | None) -> str | None:
    try:
        convert(1, text, to or text, counts)
    except UnitError as e:
        at(path, str(e), e.hint, code="unit")
        return None
    return text


def _check_purchase(c, here, at, settings, graph: rollups.Graph, invalid) -> None:
    counts = tuple(settings.count_units)
    basis = c.basis or settings.default_basis
    unit = None
    if c.target is not None:
        unit = _check_target(c.target, here + ("target",), at, counts)
        _check_baseline(c.target, basis, here + ("target",), at, c.basis)
    elif not c.parts and not (c.recurring and set(c.recurring.targets or {}) >= set(c.recurring.years)):
        at(
            here,
            f"{a_kind(c.kind)} needs `target:` (or `parts:` for a roll-up)",
            "add target: {amount: ..., unit: ...}",
            code="target",
        )
    if c.recurring is not None and c.due is not None:
        at(
            here + ("due",),
            "`due:` and `recurring:` exclude each other",
            "with recurring, each period's due date is set from year_start",
            code="period",
        )
    if c.recurring is not None:
        try:
            date(2001, *map(int, c.recurring.year_start.split("-")))
        except ValueError:
            at(
                here + ("recurring", "year_start"),
                f"{c.recurring.year_start!r} is not a month and day",
                "write MM-DD, e.g. 09-01",
                code="period",
            )
        for year, t in (c.recurring.targets or {}).items():
            tpath = here + ("recurring", "targets", str(year))
            if year not in c.recurring.years:
                at(
                    tpath,
                    f"{year} is not one of the years {list(c.recurring.years)}",
                    "add it to `years:`, or remove its target",
                    code="period",
                )
            if _check_target(t, tpath, at, counts, unit) is not None:
                _check_baseline(t, basis, tpath, at, c.basis)
    if c.parts:
        _check_parts(c, here, at, graph, invalid, counts, unit)
    if c.year_weights is not None:
        _check_year_weights(c, here, at)
    if c.kind == "purchase" and c.series:  # an investment has no published series
        _check_series(c, here, at, graph.unit.get(c.id), counts)


def _check_series(c, here, at, unit: str | None, counts) -> None:
    seen: dict[str, int] = {}
    for j, s in enumerate(c.series):
        path = here + ("series", j)
        if (s.esr is None) == (s.census is None):
            at(
                path,
                "a series names one source: `esr:` or `census:`",
                "split it in two entries, each with its own basis" if s.esr else "add esr: {...} or census: {...}",
                code="series",
            )
            continue
        if s.basis in seen:
            at(
                path + ("basis",),
                f"the basis {s.basis!r} already has a series (entry {seen[s.basis] + 1})",
                "give each series a basis of its own, e.g. usda-esr-exports for shipped exports",
                code="series",
            )
        seen.setdefault(s.basis, j)
        for field, kind, code in series_codes(s):
            _check_code(kind, code, path + (s.esr and "esr" or "census", field), at)
        if unit is not None:
            try:
                convert(1.0, targets.series_unit(s), unit, counts)
            except UnitError:
                what = "tonnes" if targets.series_unit(s) == "t" else "US dollars"
                at(
                    path,
                    f"this series gives {what}, which do not convert to the target's {unit}",
                    "for a target in mass, take `measure: quantity`"
                    if s.census is not None and s.census.measure == "value"
                    else "a target in money needs a Census series of `measure: value`",
                    code="series",
                )


def series_codes(s) -> list[tuple[str, str, int | str]]:
    """The (field, code list, code) pairs of a series that the shipped code lists can check."""
    if s.esr is not None:
        return [("commodity", "esr-commodity", s.esr.commodity), ("country", "esr-country", s.esr.country)]
    return [("country", "census-country", s.census.country)]


def _check_code(kind: str, code, path: tuple, at) -> None:
    from tradetrack.core import codes  # the rule lives with the lists

    if refused := codes.refusal(kind, code):
        at(path, *refused, code="unknown-code")


def _check_baseline(t, basis: str, path: tuple, at, own_basis: str | None) -> None:
    if targets.depends_on_basis(t) and t.baseline and basis not in t.baseline:
        where = "its `basis:`" if own_basis else "the file's default_basis"
        at(
            path + ("baseline",),
            f"no baseline for the {basis} basis ({where}) this commitment is judged on",
            f"add a baseline for {basis}, or set `basis:` to one of {', '.join(sorted(t.baseline))}",
            code="baseline",
        )


def _check_parts(c, here, at, graph: rollups.Graph, invalid, counts, unit) -> None:
    recurring_parts: list[tuple[int, list[int]]] = []
    first: dict[str, int] = {}
    for j, pid in enumerate(c.parts):
        path = here + ("parts", j)
        if pid in first:
            at(
                path,
                f"part {pid!r} is listed twice (first as part {first[pid] + 1})",
                "a roll-up adds each part once: remove the repeat",
                code="roll-up",
            )
            continue
        first[pid] = j
        part = _part(c, pid, path, at, graph, invalid)
        if part is None:
            continue
        years = graph.years.get(pid) if pid in graph.by_id else None
        if years is not None:
            recurring_parts.append((j, years))
        for part_unit in graph.units_of(part.id):
            if unit is None:
                unit = part_unit
                continue
            try:
                convert(1, part_unit, unit, counts)
            except UnitError:
                at(
                    path,
                    f"part {pid!r} is measured in {part_unit}, which does not convert to {unit}",
                    "a roll-up adds up parts of one dimension (mass, money or one count unit)",
                    code="roll-up",
                )
                break
    if recurring_parts and len(recurring_parts) != len(c.parts):
        at(
            here + ("parts",),
            "parts must all recur over the same years, or all be single periods",
            "name single periods as id-YEAR, e.g. " + f"{c.parts[recurring_parts[0][0]]}-{recurring_parts[0][1][0]}",
            code="roll-up",
        )
    elif recurring_parts and any(years != recurring_parts[0][1] for _, years in recurring_parts):
        at(
            here + ("parts",),
            "recurring parts must share their years",
            "; ".join(f"{c.parts[j]}: {years}" for j, years in recurring_parts),
            code="roll-up",
        )
    elif recurring_parts and c.recurring is not None and list(c.recurring.years) != recurring_parts[0][1]:
        at(
            here + ("recurring", "years"),
            f"a roll-up recurs over its parts' years {recurring_parts[0][1]}",
            "remove `recurring:` or give the same years",
            code="roll-up",
        )


def _part(c, pid: str, path: tuple, at, graph: rollups.Graph, invalid):
    """The purchase (or investment) a part names, or None after saying why it cannot be one."""
    base, _, year = pid.rpartition("-")
    part = graph.by_id.get(pid)
    if part is None and year.isdigit() and base in graph.by_id:
        part = graph.by_id[base]
        years = graph.years.get(base)
        if years is None or int(year) not in years:
            at(
                path,
                f"{pid!r} is not a period of {base}",
                f"{base}'s periods: " + ", ".join(f"{base}-{y}" for y in years)
                if years
                else f"{base} does not recur; name it as {base}",
                code="roll-up",
            )
            return None
    if part is None:
        if pid not in invalid and base not in invalid:
            at(
                path,
                f"unknown part {pid!r}",
                did_you_mean(pid, graph.by_id, "parts name commitment ids"),
                code="roll-up",
            )
        return None
    if part.kind != c.kind:  # money invested and goods bought are not one sum
        at(
            path,
            f"part {pid!r} is {a_kind(part.kind)}, not {a_kind(c.kind)}",
            f"a roll-up adds up {c.kind}s",
            code="roll-up",
        )
        return None
    return part


def _check_year_weights(c, here, at) -> None:
    path = here + ("year_weights",)
    if c.recurring is not None:
        at(
            path,
            "year_weights weigh the years of one multi-year period",
            "a recurring commitment gives a target per year instead (recurring.targets)",
            code="period",
        )
        return
    if c.due is None:
        return
    years = set(range(c.start.year, c.due.year + 1))
    given = set(c.year_weights)
    if given != years:
        at(
            path,
            f"year_weights must give each year of the period {min(years)}–{max(years)}",
            f"missing: {sorted(years - given) or 'none'}; outside the period: {sorted(given - years) or 'none'}",
            code="period",
        )
    elif not any(c.year_weights.values()):
        at(path, "year_weights are all zero", "give each year a weight, such as its increase", code="period")


def _check_amendments(c, here, at, counts) -> None:
    previous = None
    unit = targets.unit_of_target(getattr(c, "target", None))
    recurring = getattr(c, "recurring", None)
    for j, a in enumerate(c.amendments):
        apath = here + ("amendments", j)
        if previous and a.date < previous:
            at(
                apath + ("date",),
                f"amendment of {a.date} is listed after one of {previous}",
                "list amendments oldest first",
                code="date-order",
            )
        previous = a.date
        if a.target is not None:
            if c.kind not in AMOUNT_KINDS:
                at(
                    apath + ("target",),
                    f"only a purchase or an investment has a target; this is {a_kind(c.kind)}",
                    "remove `target:`",
                    code="target",
                )
            else:
                _check_target(a.target, apath + ("target",), at, counts, unit)
        if a.periods is not None:
            if recurring is None:
                at(
                    apath + ("periods",),
                    "periods name the years of a recurring commitment",
                    "remove `periods:`; the amendment applies from its date",
                    code="period",
                )
            else:
                for k, year in enumerate(a.periods):
                    if year not in recurring.years:
                        at(
                            apath + ("periods", k),
                            f"{year} is not one of the years {list(recurring.years)}",
                            "name a year the commitment recurs over",
                            code="period",
                        )


def _check_cycles(doc: YamlDoc, parsed: Parsed, graph: rollups.Graph) -> list[Problem]:
    """A roll-up may not include itself, directly or through other roll-ups (each cycle is
    reported once, at the first of its roll-ups in the file), nor sit more than MAX_DEPTH
    levels above a purchase."""
    row = {c.id: i for i, c in parsed.items}

    def problem(cid: str, message: str, hint: str) -> Problem:
        return doc.problem(doc.value_marks.get(("commitments", row[cid], "parts"), (1, 1)), message, hint, "roll-up")

    problems = [
        problem(
            cycle[0],
            "roll-ups form a cycle: " + rollups.chain_text(cycle),
            "a roll-up cannot include itself, directly or through others",
        )
        for cycle in graph.cycles
    ]
    for chain in graph.too_deep():
        problems.append(
            problem(
                chain[0],
                f"roll-ups nested more than {rollups.MAX_DEPTH} levels deep: " + rollups.chain_text(chain),
                f"at most {rollups.MAX_DEPTH} levels of roll-ups above a purchase: name deeper parts directly",
            )
        )
    return problems


# --- from validated models to values -----------------------------------------------------------


def to_values(value):
    """A validated model as the value class of the same name (lists become tuples)."""
    if isinstance(value, BaseModel):
        cls = getattr(values, type(value).__name__)
        return cls(**{name: to_values(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return tuple(to_values(v) for v in value)
    if isinstance(value, dict):
        return {k: to_values(v) for k, v in value.items()}
    return value


def expand(commitments) -> list:
    """Recurring purchases become one commitment per period, id suffixed with the year; a
    roll-up of recurring parts recurs over their years, each period adding up theirs. An
    amendment that names periods goes to those only. A roll-up without a due date takes its
    parts' latest."""
    graph = rollups.Graph(commitments)
    out = []
    for c in commitments:
        years = graph.years.get(c.id) if c.kind in AMOUNT_KINDS else None
        if years is None:
            out.append(c)
            continue
        recurring = graph.recurrence[c.id]  # its own, or its first recurring part's
        month, day = map(int, recurring.year_start.split("-"))
        per_year = (c.recurring.targets or {}) if c.recurring else {}
        for year in years:
            start = date(year, month, day)
            due = date(year + 1, month, day) - timedelta(days=1)
            title = f"{c.title} ({year})" if (month, day) == (1, 1) else f"{c.title} ({year}/{str(year + 1)[2:]})"
            out.append(
                c.replace(
                    id=f"{c.id}-{year}",
                    start=start,
                    due=due,
                    recurring=None,
                    title=title,
                    target=per_year.get(year, c.target),
                    parts=tuple(f"{p}-{year}" for p in c.parts) if c.parts else None,
                    amendments=tuple(a for a in c.amendments if a.periods is None or year in a.periods),
                )
            )
    return _roll_up_dues(out)


def _roll_up_dues(commitments: list) -> list:
    """A roll-up without a due date takes its parts' latest, parts first (one pass)."""
    graph = rollups.Graph(commitments)
    due: dict[str, date | None] = {}
    for cid in graph.order:
        parts = graph.parts.get(cid)
        if not parts:
            due[cid] = getattr(graph.by_id[cid], "due", None)
        elif graph.by_id[cid].due is not None:
            due[cid] = graph.by_id[cid].due
        else:
            due[cid] = max((d for d in (due[p] for p in parts) if d), default=None)
    return [
        c.replace(due=due.get(c.id)) if c.kind in AMOUNT_KINDS and c.parts and c.due is None else c for c in commitments
    ]
