"""One projection of a verdict to named fields. JSON, CSV, Markdown and HTML take theirs from
here, so a concept has one name in every format (`share`, never `share_of_target` in one and
`share` in another) and a field added to Verdict reaches every format: until a renderer learns to
word it, it is given plainly, by its name, under `extra`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.value import Value
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words

# The Verdict fields the formats below already project or word (the flat ones by name, the
# others as nested shapes, prose, or charts). Any other field is an extra.
KNOWN = frozenset(
    {
        "commitment", "as_of", "status", "terms", "doubts", "confirmed_status", "confirmed_due",
        "basis", "basis_from", "unit", "target", "actual", "expected", "expected_at_figure",
        "last_figure", "reached_on", "days_late", "gap_days", "stale_days", "event_on",
        "observed_rate", "by_basis", "other_measures", "measures", "disagreement",
        "inconsistencies", "projection", "parts", "missing_parts", "own_total", "series",
        "revisions", "claims", "claimed_changes",
    }
)  # fmt: skip
EXTRA = tuple(name for name in Verdict._fields if name not in KNOWN)


def plain(value):
    """A value as JSON gives it: dates as YYYY-MM-DD, tuples as lists, value classes as objects."""
    if isinstance(value, Value):
        return {f: plain(getattr(value, f)) for f in value._fields}
    if isinstance(value, (tuple, list)):
        return [plain(x) for x in value]
    if isinstance(value, Mapping):
        return {str(k): plain(x) for k, x in value.items()}
    return value.isoformat() if isinstance(value, date) else value


def identity(v: Verdict) -> dict:
    """The fields every row of a verdict starts with, in every format."""
    c = v.commitment
    return {
        "id": c.id,
        "kind": c.kind,
        "deal": c.deal,
        "party": c.party,
        "counterparty": c.counterparty,
        "title": c.title,
        "status": v.status,
        "status_word": words.word(v.status),
        "standing": v.standing,
    }


# Each flat field once: its name in every format and how it is read from a verdict. Values are
# raw (dates as dates); JSON gives them with `plain`, CSV with its safe cell.
GET: dict[str, Callable[[Verdict], object]] = {
    "basis": lambda v: v.basis,
    "basis_from": lambda v: v.basis_from,
    "unit": lambda v: v.unit,
    "target": lambda v: v.target.amount if v.target else None,
    "actual": lambda v: v.actual,
    "expected": lambda v: v.expected,
    "share": lambda v: v.share,
    "expected_at_last_figure": lambda v: v.expected_at_figure,
    "share_of_expected": lambda v: v.share_of_expected,
    "share_of_expected_today": lambda v: v.share_of_expected_today,
    "lag_days": lambda v: v.lag_days,
    "confirmed_status": lambda v: v.confirmed_status,
    "confirmed_due": lambda v: v.confirmed_due,
    "as_of": lambda v: v.as_of,
    "start": lambda v: v.terms.start,
    "due": lambda v: v.due,
    "days_left": lambda v: v.days_left,
    "days_late": lambda v: v.days_late,
    "event_on": lambda v: v.event_on,
    "last_figure": lambda v: v.last_figure,
    "reached_on": lambda v: v.reached_on,
    "gap_days": lambda v: v.gap_days,
    "stale_days": lambda v: v.stale_days,
    "bases_disagree": lambda v: v.disagreement,
    "own_total": lambda v: v.own_total,
    "observed_rate": lambda v: v.observed_rate,
    "detail": words.detail,
}

# The CSV row: one commitment (or part) a line, numbers as numbers.
COLUMNS = (
    *("id", "kind", "deal", "party", "counterparty", "title", "status", "status_word", "standing"),
    *("basis", "unit", "target", "actual", "expected", "share", "share_of_expected"),
    *("expected_at_last_figure", "share_of_expected_today", "lag_days", "start", "due", "days_left"),
    *("days_late", "last_figure", "reached_on", "event_on", "detail"),
    *EXTRA,
)


def extra(v: Verdict) -> dict:
    """The fields no format words yet, by name, as JSON gives them."""
    return {name: plain(getattr(v, name)) for name in EXTRA}


def flat(v: Verdict) -> dict:
    """A CSV row's fields, raw."""
    row = identity(v)
    return {k: row[k] if k in row else GET[k](v) if k in GET else getattr(v, k) for k in COLUMNS}


def _got(v: Verdict, *names: str) -> dict:
    return {k: plain(GET[k](v)) for k in names}


def verdict(v: Verdict, seen: set[str] | None = None) -> dict:
    """A verdict in full for JSON; a roll-up's parts nested in it. `seen`: the ids already given
    in full in this roll-up's tree."""
    c = v.commitment
    out = {
        **identity(v),
        "doubts": [
            {"what": d.what, "standing": d.standing, "on": plain(d.on), "by": d.by, "note": d.note} for d in v.doubts
        ],
        **_got(v, "confirmed_status", "confirmed_due", "as_of", "start", "due", "days_left", "days_late"),
        **_got(v, "event_on", "detail"),
        "tags": list(c.tags),
        "amendments_in_force": [plain(x.date) for x in v.terms.amendments],
        "revisions": [
            {
                "basis": r.basis,
                "date": plain(r.date),
                "line": r.line,
                "previous": r.previous,
                "total": r.total,
                "kind": r.kind,
            }
            for r in v.revisions
        ],
        "claims": words.claims(v),
    }
    if c.kind == "tariff":
        out["observed_rate"] = v.observed_rate
        out["to_rate"] = v.terms.to_rate
    if hasattr(c, "bound"):
        out["bound"] = c.bound
    if c.kind in AMOUNT_KINDS:
        out.update(_amounts(v))
        if v.parts or c.parts:
            seen = set() if seen is None else seen
            seen.add(c.id)
            out["parts"] = [_part(x, seen) for x in v.parts]
            out["missing_parts"] = list(v.missing_parts)
            out["own_total"] = v.own_total
    out.update(extra(v))
    return out


def _amounts(v: Verdict) -> dict:
    """A purchase's or an investment's figures."""
    p, t = v.projection, v.target
    return {
        **_got(v, "basis", "basis_from", "unit", "target"),
        "target_terms": None
        if t is None or t.baseline is None
        else {"basis": t.basis, "baseline": t.baseline, "increase": t.increase},
        **_got(v, "actual", "expected", "share", "expected_at_last_figure", "share_of_expected"),
        **_got(v, "share_of_expected_today", "lag_days", "last_figure", "reached_on", "gap_days", "stale_days"),
        "by_basis": dict(v.by_basis),
        "other_measures": dict(v.other_measures),
        **_got(v, "bases_disagree"),
        "projection": None
        if p is None
        else {
            "daily_rate": p.daily_rate,
            "projected_total": p.projected_total,
            "reach_date": plain(p.reach_date),
            "needed_weekly": p.needed_weekly,
        },
        "inconsistencies": [
            {
                "basis": i.basis,
                "asserted": i.asserted,
                "computed": i.computed,
                "difference": i.difference,
                "line": i.line,
                "previous_line": i.previous_line,
            }
            for i in v.inconsistencies
        ],
    }


def _part(v: Verdict, seen: set[str]) -> dict:
    """A part in full the first time its roll-up's tree names it, then by identity only: roll-ups
    that share parts would otherwise repeat them once per path, and paths multiply."""
    if v.commitment.id in seen:
        return {**identity(v), "repeated": True}
    seen.add(v.commitment.id)
    return verdict(v, seen)


def extra_words(v: Verdict) -> list[str]:
    """The extras as 'name: value' for the Markdown and HTML sections."""
    return [f"{name}: {value}" for name, value in extra(v).items() if value not in (None, (), [], {})]


def judged(rows: list[Verdict], query_basis: str | None, default: str) -> dict:
    """Which basis the purchases were judged on, as codes: the basis, how it was chosen
    (option or default) and the bases commitments named for themselves."""
    if query_basis:
        return {"basis": query_basis, "basis_from": "option", "own_bases": []}
    own = sorted({v.basis for v in rows if v.basis and v.basis_from == "commitment"})
    return {"basis": default, "basis_from": "default", "own_bases": own}
