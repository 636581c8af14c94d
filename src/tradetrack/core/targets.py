"""What a purchase must reach, on a basis: pure arithmetic on values, shared by the loader (to
check a file), the facts (to convert figures) and the judge.

A target is an amount, or a baseline per basis plus an increase ("2017 baseline 95.1 + 63.9 =
159.0 bnUSD"): whose statistics define the baseline decides the target. A roll-up without a
target of its own adds up its parts' targets.
"""

from typing import NamedTuple

from tradetrack.core.units import convert


class Resolved(NamedTuple):
    """A target on one basis, in the commitment's unit."""

    amount: float
    baseline: float | None = None  # with baseline + increase: the terms of the sum
    increase: float | None = None
    basis: str | None = None  # the basis whose baseline was used


class NoBaseline(ValueError):
    """The target depends on the basis and has no baseline for the one asked."""

    def __init__(self, basis: str, bases: list[str]) -> None:
        super().__init__(f"no baseline on the {basis} basis")
        self.basis, self.bases = basis, bases


def unit_of_target(target) -> str | None:
    if target is None:
        return None
    return target.unit if target.amount is not None else (target.increase.unit if target.increase else None)


def unit_of(c, by_id: dict) -> str | None:
    """The unit a purchase is measured in: its target's, else its first part's (a roll-up)."""
    seen: set[str] = set()
    while c is not None and c.id not in seen:
        seen.add(c.id)
        unit = unit_of_target(c.target)
        if unit or not c.parts:
            return unit
        c = by_id.get(c.parts[0])
    return None


def resolve(target, basis: str, unit: str, counts=()) -> Resolved:
    """The target on a basis, in unit. Raises NoBaseline if the target needs a baseline there."""
    if target.amount is not None:
        return Resolved(convert(target.amount, target.unit, unit, counts))
    levels = target.baseline or {}
    if basis not in levels:
        raise NoBaseline(basis, sorted(levels))
    base = convert(levels[basis].amount, levels[basis].unit, unit, counts)
    increase = convert(target.increase.amount, target.increase.unit, unit, counts)
    return Resolved(base + increase, base, increase, basis)


def depends_on_basis(target) -> bool:
    return target is not None and target.amount is None


def series_unit(s) -> str:
    """The unit a published series gives its figures in: ESR in tonnes, Census in US dollars
    (value) or tonnes (quantity, kilograms converted)."""
    return "t" if s.esr is not None or s.census.measure == "quantity" else "USD"
