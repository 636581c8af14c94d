"""The roll-up graph: which purchases add up which, walked once.

A roll-up names its parts by id, or by a period of a recurring part (id-YEAR). Everything that
follows parts (the check's years, units, cycles and depth; expand's periods, year start and due
dates) reads it from one Graph, built in one pass that visits each commitment and each part
once: linear in both, so a lattice of roll-ups sharing parts costs what its edges cost, not what
its paths do. Nothing here recurses (a chain of any length cannot overflow the stack), and a
commitment on a cycle, or above one, gets no derived values instead of a loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tradetrack.core import targets
from tradetrack.core.status import AMOUNT_KINDS

MAX_DEPTH = 20  # levels of roll-ups above a purchase; Phase One's deepest is 2


class Graph:
    """The parts of every roll-up among commitments (models or values alike), with what follows
    from them, computed parts before the roll-ups that hold them."""

    def __init__(self, commitments: Iterable) -> None:
        self.by_id: dict[str, Any] = {}
        for c in commitments:
            self.by_id[c.id] = c  # a repeated id is reported elsewhere; the last one stands
        self.index = {cid: i for i, cid in enumerate(self.by_id)}
        self.parts: dict[str, list[str]] = {}
        for c in self.by_id.values():
            if c.kind in AMOUNT_KINDS and c.parts:
                self.parts[c.id] = [r for r in map(self.resolve, c.parts) if r is not None]
        self.order: list[str] = []  # every id not on or above a cycle, parts before roll-ups
        self.cycles: list[list[str]] = []
        self.depth: dict[str, int] = {}
        self.years: dict[str, list[int] | None] = {}
        self.unit: dict[str, str | None] = {}
        self.recurrence: dict[str, Any] = {}  # the first recurring purchase's terms beneath
        self._derive()

    def resolve(self, pid: str) -> str | None:
        """The commitment a part names: itself, or the recurring one whose period it is."""
        if pid in self.by_id:
            return pid
        base, _, year = pid.rpartition("-")
        return base if year.isdigit() and base in self.by_id else None

    def _derive(self) -> None:
        broken: set[str] = set()  # on a cycle, or holding a part that is
        for group in _components(self.by_id, self.parts):
            cid = group[0]
            if len(group) > 1 or cid in self.parts.get(cid, ()):
                self.cycles.append(self._cycle(set(group)))
                broken.update(group)
            elif any(p in broken for p in self.parts.get(cid, ())):
                broken.add(cid)
            else:
                self._values_of(self.by_id[cid])

    def _values_of(self, c) -> None:
        self.order.append(c.id)
        parts = self.parts.get(c.id, [])
        self.depth[c.id] = 1 + max(self.depth[p] for p in parts) if parts else 0
        own = _own_units(c)
        named = getattr(c, "parts", None)
        first = self.resolve(named[0]) if named else None
        self.unit[c.id] = own[0] if own else self.unit.get(first) if first else None
        recurring = getattr(c, "recurring", None)
        self.recurrence[c.id] = recurring or next(
            (self.recurrence[p] for p in parts if self.recurrence[p] is not None), None
        )
        years: list[int] | None = None
        if c.kind in AMOUNT_KINDS and recurring is not None:
            years = list(recurring.years)
        elif c.kind in AMOUNT_KINDS and named and all(p in self.by_id for p in named):
            each = [self.years[p] for p in named]
            if all(y is not None and y == each[0] for y in each):
                years = each[0]
        self.years[c.id] = years

    def _cycle(self, group: set[str]) -> list[str]:
        """One cycle through the group's first commitment in the file, found breadth first."""
        start = min(group, key=self.index.__getitem__)
        came: dict[str, str] = {}
        frontier = [start]
        while frontier:
            nxt = []
            for node in frontier:
                for p in self.parts.get(node, ()):
                    if p == start:
                        path = [node]
                        while path[-1] != start:
                            path.append(came[path[-1]])
                        return [*reversed(path), start]
                    if p in group and p not in came:
                        came[p] = node
                        nxt.append(p)
            frontier = nxt
        raise AssertionError("a strongly connected group has a cycle through each member")

    def too_deep(self) -> list[list[str]]:
        """For each roll-up one level deeper than MAX_DEPTH, the chain of roll-ups beneath it
        (deepest part first). Every deeper roll-up holds one of these, so these are the ones to
        report."""
        out = []
        for cid, d in self.depth.items():
            if d == MAX_DEPTH + 1:
                chain = [cid]
                while self.parts.get(chain[-1]):
                    chain.append(max(self.parts[chain[-1]], key=self.depth.__getitem__))
                out.append(chain)
        return out

    def units_of(self, cid: str) -> list[str]:
        """The units a part's figures may come in: its target's and each of its years' targets,
        or for a roll-up without either, its own parts' unit."""
        unit = self.unit.get(cid)
        return _own_units(self.by_id[cid]) or ([unit] if unit else [])


def _own_units(c) -> list[str]:
    units = [targets.unit_of_target(getattr(c, "target", None))]
    recurring = getattr(c, "recurring", None)
    if recurring is not None and recurring.targets:
        units += [targets.unit_of_target(t) for _, t in sorted(recurring.targets.items())]
    return list(dict.fromkeys(u for u in units if u))


def _components(nodes: dict, edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan's, with an explicit stack), each listed after
    every component it reaches: parts before the roll-ups that hold them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, 0)]
        while work:
            node, i = work[-1]
            succ = edges.get(node, ())
            if i < len(succ):
                work[-1] = (node, i + 1)
                w = succ[i]
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                elif w in on_stack:
                    low[node] = min(low[node], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    group.append(w)
                    if w == node:
                        break
                out.append(group)
    return out


def chain_text(ids: list[str], limit: int = 12) -> str:
    """ids joined by arrows; a long chain keeps its ends and says how long it is."""
    if len(ids) <= limit:
        return " → ".join(ids)
    return " → ".join(ids[: limit - 2]) + f" → … → {ids[-1]} ({len(set(ids))} commitments)"
