"""A roll-up's figures: the sum of its parts' running totals, per basis, in its own unit."""

from tradetrack.core.status import STANDINGS
from tradetrack.core.units import convert
from tradetrack.facts.index import Series, _empty


def in_unit(amount: float, unit: str | None, to: str, counts) -> float:
    """amount (in a part's unit) in the roll-up's unit."""
    return amount if unit is None or unit == to else convert(amount, unit, to, counts)


def rolled_up(parts, unit, counts, day, basis):
    """A roll-up's figures: per basis that every part has, the sum of the parts' totals after
    each figure of any part. Returns (series, measures, parts missing on the basis, the last
    day all parts reach)."""
    missing = tuple(p.commitment.id for p in parts if not p.points(basis))
    bases = set.intersection(*(set(p.series) for p in parts)) if parts else set()
    if basis in set.union(*(set(p.series) for p in parts)):
        bases.add(basis)  # the judged basis is summed even when some parts lack it
    series = {
        b: summed([(p.series[b], convert(1.0, p.unit, unit, counts)) for p in parts if b in p.series]) for b in bases
    }
    lasts = [p.last_figure for p in parts]
    last = None if missing or not lasts or None in lasts else min(lasts)
    measures: dict[str, str | None] = {}
    for p in parts:
        for b, m in p.measures.items():
            measures.setdefault(b, m)
    return series, measures, missing, last


EXACT = 1 << 1074  # every finite double is a whole multiple of 2**-1074


def summed(have: list[tuple[Series, float]]) -> Series:
    """The sum of parts' running totals after each day any part has a figure, in one sweep over
    all their figures in date order (each part's change added as it comes), so the cost is that
    of sorting the figures, not figures times parts. Summed exactly, in integers, so the total
    is the correctly rounded sum whatever the order, and standing is the weakest of the figures
    in it."""
    changes = sorted(
        (d, j, i)
        for j, (s, _) in enumerate(have)
        for i, d in enumerate(s.days)
        if i + 1 == len(s.days) or s.days[i + 1] != d  # the last figure of its day stands
    )
    current = [0] * len(have)  # each part's total, times EXACT
    standing = [-1] * len(have)
    weakest = [0] * len(STANDINGS)  # how many parts stand at each standing
    total = 0
    out = _empty()
    for k, (d, j, i) in enumerate(changes):
        s, factor = have[j]
        n, den = (s.totals[i] * factor).as_integer_ratio()
        value = n * (EXACT // den)
        total += value - current[j]
        current[j] = value
        if standing[j] >= 0:
            weakest[standing[j]] -= 1
        standing[j] = s.standings[i]
        weakest[standing[j]] += 1
        if k + 1 == len(changes) or changes[k + 1][0] != d:
            out.days.append(d)
            out.totals.append(total / EXACT)
            out.lines.append(0)
            out.standings.append(max(x for x in range(len(weakest)) if weakest[x]))
    return out
