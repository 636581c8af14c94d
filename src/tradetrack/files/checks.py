"""The checks a schema cannot make, as a list of small named rules (after beancount's
validations, beancount/ops/validation.py: each a function whose docstring states the rule it
enforces, run in turn by one `check`). Each rule reads the Context and returns its problems,
located at the YAML it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tradetrack.core import targets
from tradetrack.core.problems import Problem
from tradetrack.core.status import AMOUNT_KINDS, a_kind
from tradetrack.core.text import did_you_mean
from tradetrack.core.units import UNITS, UnitError, parse_unit
from tradetrack.files import rollups
from tradetrack.files.amountchecks import check_amounts, check_target
from tradetrack.files.yamlread import YamlDoc

if TYPE_CHECKING:
    from tradetrack.files.commitments import Parsed

Rule = Callable[["Context"], list[Problem]]


class Context:
    """What every rule reads: the YAML (where each value is), what validated, the roll-ups."""

    def __init__(self, doc: YamlDoc, parsed: Parsed) -> None:
        self.doc, self.parsed = doc, parsed
        self.settings = parsed.settings
        self.counts = tuple(parsed.settings.count_units)
        self.graph = rollups.Graph(c for _, c in parsed.items)

    def collector(self) -> tuple[Callable[..., None], list[Problem]]:
        """`at(path, message, hint, code)` and the list it adds to: a problem at the value at
        path (else its key, else the file's start)."""
        found: list[Problem] = []
        doc = self.doc

        def at(path: tuple, message: str, hint: str | None = None, code: str = "invalid-value") -> None:
            found.append(doc.problem(doc.value_marks.get(path, doc.key_marks.get(path, (1, 1))), message, hint, code))

        return at, found

    def commitments(self):
        """(path, commitment) of each commitment that validated, in file order."""
        return ((("commitments", i), c) for i, c in self.parsed.items)


def check(doc: YamlDoc, parsed: Parsed) -> list[Problem]:
    """Every problem every rule finds, rule by rule."""
    cx = Context(doc, parsed)
    return [p for rule in CHECKS for p in rule(cx)]


def count_units_are_counts(cx: Context) -> list[Problem]:
    """settings.count_units name counted things (aircraft, plants), never a unit of measure
    (t, USD) nor an alias of one."""
    at, found = cx.collector()
    for j, name in enumerate(cx.counts):
        if name in UNITS or _is_alias(name):
            at(
                ("settings", "count_units", j),
                f"{name!r} is already a unit of measure",
                "count units name counted things, e.g. aircraft or plants",
                code="unit",
            )
    return found


def ids_are_unique(cx: Context) -> list[Problem]:
    """Each commitment's id, and each period id a recurring one makes (id-YEAR), is used once."""
    at, found = cx.collector()
    seen: dict[str, int] = {}
    for here, c in cx.commitments():
        for cid in _period_ids(c, cx.graph):
            if cid in seen:
                at(
                    here + ("id",),
                    f"duplicate id {cid!r} (first at line {seen[cid]})",
                    "give each commitment its own id",
                    code="duplicate-id",
                )
            seen.setdefault(cid, cx.doc.value_marks.get(here + ("id",), (0, 0))[0])
    return found


def deals_are_listed(cx: Context) -> list[Problem]:
    """A commitment's deal is one the file lists under `deals:` (when it lists any)."""
    at, found = cx.collector()
    deals = {d.id for d in cx.parsed.deals}
    for here, c in cx.commitments():
        if deals and c.deal not in deals:
            at(here + ("deal",), f"unknown deal {c.deal!r}", f"known deals: {', '.join(sorted(deals))}", "unknown-deal")
    return found


def parties_are_the_deals(cx: Context) -> list[Problem]:
    """A commitment's party and counterparty are among its deal's parties."""
    at, found = cx.collector()
    parties = {d.id: list(d.parties) for d in cx.parsed.deals}
    for here, c in cx.commitments():
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
    return found


def stated_names_its_side(cx: Context) -> list[Problem]:
    """`standing: stated` names the side that stated it (`stated_by:`), and `stated_by:` goes
    with that standing only."""
    at, found = cx.collector()
    for here, c in cx.commitments():
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
    return found


def amounts_are_sound(cx: Context) -> list[Problem]:
    """A purchase or an investment keeps the rules of files/amountchecks.py: a target in one
    form and in units that convert, a baseline on its basis, periods, parts and series that fit."""
    at, found = cx.collector()
    for here, c in cx.commitments():
        if c.kind in AMOUNT_KINDS:
            check_amounts(c, here, at, cx.settings, cx.graph, cx.parsed.invalid)
    return found


def dates_in_order(cx: Context) -> list[Problem]:
    """A commitment's due day (a suspension's end) is not before its start."""
    at, found = cx.collector()
    for here, c in cx.commitments():
        due = getattr(c, "due", None) or getattr(c, "end", None)
        if due is not None and due < c.start:
            key = "end" if c.kind == "suspension" else "due"
            at(here + (key,), f"{key} {due} is before start {c.start}", "swap the dates or fix the typo", "date-order")
    return found


def amendments_fit(cx: Context) -> list[Problem]:
    """Amendments are listed oldest first; a new target only on a purchase or an investment, in
    units that convert to its own; `periods:` only years the commitment recurs over."""
    at, found = cx.collector()
    for here, c in cx.commitments():
        _check_amendments(c, here, at, cx.counts)
    return found


def rollups_have_no_cycles(cx: Context) -> list[Problem]:
    """A roll-up does not include itself, directly or through other roll-ups (each cycle said
    once, at the first of its roll-ups in the file), nor sit more than MAX_DEPTH levels above a
    purchase."""
    row = {c.id: i for i, c in cx.parsed.items}
    doc = cx.doc

    def problem(cid: str, message: str, hint: str) -> Problem:
        return doc.problem(doc.value_marks.get(("commitments", row[cid], "parts"), (1, 1)), message, hint, "roll-up")

    problems = [
        problem(
            cycle[0],
            "roll-ups form a cycle: " + rollups.chain_text(cycle),
            "a roll-up cannot include itself, directly or through others",
        )
        for cycle in cx.graph.cycles
    ]
    for chain in cx.graph.too_deep():
        problems.append(
            problem(
                chain[0],
                f"roll-ups nested more than {rollups.MAX_DEPTH} levels deep: " + rollups.chain_text(chain),
                f"at most {rollups.MAX_DEPTH} levels of roll-ups above a purchase: name deeper parts directly",
            )
        )
    return problems


# The rules, in the order they run (the problems are then sorted by line and column).
CHECKS: tuple[Rule, ...] = (
    count_units_are_counts,
    ids_are_unique,
    deals_are_listed,
    parties_are_the_deals,
    stated_names_its_side,
    amounts_are_sound,
    dates_in_order,
    amendments_fit,
    rollups_have_no_cycles,
)


def _is_alias(name: str) -> bool:
    try:
        parse_unit(name)
        return True
    except UnitError:
        return False


def _period_ids(c, graph: rollups.Graph) -> list[str]:
    years = graph.years.get(c.id)
    return [f"{c.id}-{y}" for y in years] if years else [c.id]


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
                check_target(a.target, apath + ("target",), at, counts, unit)
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
