"""A workspace ready to judge: its settings, deals and commitments, and the facts of its records."""

from typing import NamedTuple

from tradetrack.core.heap import many_objects
from tradetrack.core.problems import Problem
from tradetrack.core.status import AMOUNT_KINDS
from tradetrack.core.values import Deal, Settings
from tradetrack.facts.index import Facts
from tradetrack.files.workspace import Location


class Ledger(NamedTuple):
    """Everything loaded from one workspace. The records themselves are not held: `status`
    needs only their facts, and commands that show records read them (cache.records)."""

    location: Location  # the files it came from, and why they were chosen
    key: tuple  # the identities of the bytes it was built from (commitments, progress)
    settings: Settings
    deals: tuple[Deal, ...]
    commitments: tuple  # recurring ones expanded, one per period
    facts: dict[str, Facts]  # commitment id -> facts of its records (absent: no records)

    @classmethod
    def of(cls, location: Location, contents) -> "Ledger":
        """The ledger of what files/load.py read: the facts indexed from its records."""
        from tradetrack.facts.index import facts_by_id

        facts = facts_by_id(contents.commitments, contents.records, contents.settings.count_units)
        return cls(location, contents.key, contents.settings, contents.deals, contents.commitments, facts)

    def known_bases(self) -> list[str]:
        """Every basis the data names: the default, the commitments' own, their baselines', and
        those of the figures recorded."""
        found = {self.settings.default_basis}
        for c in self.commitments:
            if c.kind in AMOUNT_KINDS:
                if c.basis:
                    found.add(c.basis)
                for t in (c.target, *(a.target for a in c.amendments)):
                    if t is not None and t.baseline:
                        found.update(t.baseline)
        for facts in self.facts.values():
            found.update(facts.series)
        return sorted(found)

    def commitment(self, cid: str):
        """The commitment with this id, or None."""
        for c in self.commitments:
            if c.id == cid:
                return c
        return None


def loaded(
    location: Location, whole: bool = False, despite_problems: bool = False
) -> tuple[Ledger | None, list[Problem]]:
    """The workspace's files loaded, checked and indexed afresh (files/load.py, then the facts of
    its records): the ledger and every problem. With problems the ledger is None, unless
    `despite_problems` (check's: the balance checks read whatever validated). `whole`: see load."""
    from tradetrack.files.load import load  # pydantic and PyYAML: only when loading

    # The collector paused until the records are dropped, not merely until they are read: on
    # resuming it walks every object still alive that was made in the pause (core/heap.py).
    with many_objects():
        contents, problems = load(location, whole)
        ledger = Ledger.of(location, contents) if despite_problems or not problems else None
        del contents
    return ledger, problems
