"""The rules a purchase or an investment must keep beyond its schema: a target in one form and
in units that convert, a baseline on the basis it is judged on, periods that fit, roll-up parts
that exist and add up, year weights for each year, and series the target can use. Each reports
through `at(path, message, hint, code)` (files/checks.py's collector).
"""

from __future__ import annotations

from datetime import date

from tradetrack.core import targets
from tradetrack.core.status import a_kind
from tradetrack.core.text import did_you_mean
from tradetrack.core.units import UnitError, convert
from tradetrack.files import rollups


def check_amounts(c, here, at, settings, graph: rollups.Graph, invalid) -> None:
    counts = tuple(settings.count_units)
    basis = c.basis or settings.default_basis
    unit = None
    if c.target is not None:
        unit = check_target(c.target, here + ("target",), at, counts)
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
            if check_target(t, tpath, at, counts, unit) is not None:
                _check_baseline(t, basis, tpath, at, c.basis)
    if c.parts:
        _check_parts(c, here, at, graph, invalid, counts, unit)
    if c.year_weights is not None:
        _check_year_weights(c, here, at)
    if c.kind == "purchase" and c.series:  # an investment has no published series
        _check_series(c, here, at, graph.unit.get(c.id), counts)


def check_target(t, path: tuple, at, counts, unit: str | None = None) -> str | None:
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


def _check_baseline(t, basis: str, path: tuple, at, own_basis: str | None) -> None:
    if targets.depends_on_basis(t) and t.baseline and basis not in t.baseline:
        where = "its `basis:`" if own_basis else "the file's default_basis"
        at(
            path + ("baseline",),
            f"no baseline for the {basis} basis ({where}) this commitment is judged on",
            f"add a baseline for {basis}, or set `basis:` to one of {', '.join(sorted(t.baseline))}",
            code="baseline",
        )


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
