"""Verdicts as of a day: pure functions of the ledger and a day. No I/O and no words: a verdict
is a status code with the dates and numbers it follows from and the facts it rests on
(render/words.py says it in words, the same way for every output).

Rules a reader can quote (README "Status rules"):
- A purchase is judged on one basis (--basis, else the commitment's, else the file's default).
  It is met when a figure reaches the target (late if that figure is dated after the due
  date, by so many days), whatever comes after. After the due date it is missed only if the
  figures reach the due date (a figure within grace_days before it counts); otherwise it is
  unconfirmed, and says where the figures stop. Before the due date a figure older than
  stale_days is flagged stale.
- An action done, or a tariff rate observed, after the due date is late.
- A verdict that rests on a reported change, figure or event, or on a commitment stated by one
  side only, says so; where a reported change alters the verdict, the verdict on confirmed
  facts alone is given beside it.
- An unverified change, figure or event (seen only in secondary digests) never decides a
  verdict: it is carried beside it (claims, claimed_changes).
- A revision or a decline on the judged basis is carried with the verdict (revisions).
"""

from datetime import date

from tradetrack.core.status import AMOUNT_KINDS, SET_ASIDE
from tradetrack.facts.index import NO_FACTS
from tradetrack.judge.amounts import purchase
from tradetrack.judge.events import action, suspension, tariff
from tradetrack.judge.record import Doubt, Scope, Verdict
from tradetrack.judge.terms import Terms, claimed, terms_on, unconfirmed

# Callers name these from here: the verdict, what it rests on, and what judging looks at.
__all__ = ["Doubt", "Scope", "Verdict", "basis_of", "judge", "scope_of"]


def scope_of(ledger, basis: str | None = None) -> Scope:
    return Scope(ledger.settings, {c.id: c for c in ledger.commitments}, ledger.facts, basis, {})


def judge(c, scope: Scope, day: date, basis: str | None = None) -> Verdict:
    """Judge commitment c as of day. `basis`: the basis a roll-up judges its parts on."""
    terms = terms_on(c, day)
    v = _on_terms(c, scope, day, terms, basis)
    doubtful = unconfirmed(terms)
    doubts = list(v.doubts)
    if doubtful:
        alone = _on_terms(c, scope, day, terms_on(c, day, confirmed_only=True), basis)
        if (alone.status, alone.due) != (v.status, v.due):
            v = v._replace(confirmed_status=alone.status, confirmed_due=alone.due)
            doubts += [Doubt("amendment", a.standing, a.date, None, a.standing_note) for a in doubtful]
    if c.standing != "confirmed":
        doubts.insert(0, Doubt("commitment", c.standing, None, c.stated_by, c.standing_note))
    facts = scope.facts.get(c.id, NO_FACTS)
    claims = tuple(x for x in facts.claims if x.date <= day) if facts.claims else ()
    return v._replace(doubts=tuple(doubts), claims=claims, claimed_changes=claimed(c, day))


def _on_terms(c, scope: Scope, day: date, terms: Terms, basis: str | None) -> Verdict:
    if terms.state in SET_ASIDE:
        set_on = next(a.date for a in reversed(terms.amendments) if a.state == terms.state)
        v = _amount(c, scope, day, terms, basis) if c.kind in AMOUNT_KINDS else Verdict(c, day, terms.state, terms)
        return v._replace(status=terms.state, event_on=set_on, gap_days=None, stale_days=None, days_late=None)
    facts = scope.facts.get(c.id, NO_FACTS)
    if c.kind in AMOUNT_KINDS:
        return _amount(c, scope, day, terms, basis)
    if c.kind == "suspension":
        return suspension(c, terms, facts, day, scope.settings)
    if c.kind == "tariff":
        return tariff(c, terms, facts, day)
    return action(c, terms, facts, day)


def _amount(c, scope: Scope, day: date, terms: Terms, given_basis: str | None) -> Verdict:
    """A purchase or investment: on its basis, a roll-up with its parts judged on that basis."""
    basis, basis_from = basis_of(c, scope, given_basis)
    parts = _parts_judged(c, scope, day, basis) if c.parts else ()
    return purchase(c, scope, day, terms, basis, basis_from, parts)


def basis_of(c, scope: Scope, given: str | None = None) -> tuple[str, str]:
    """The basis a purchase is judged on, and where that choice came from."""
    if scope.basis:
        return scope.basis, "option"
    if given:
        return given, "roll-up"
    if c.basis:
        return c.basis, "commitment"
    return scope.settings.default_basis, "default"


def _parts_judged(c, scope: Scope, day: date, basis: str) -> tuple:
    """A roll-up's parts, each judged once however many roll-ups share it: verdicts are pure
    functions of the ledger and the day, and a lattice of roll-ups has far more paths than parts.
    Only one day is kept, so judging many days holds no more than judging one."""
    memo = scope.judged
    if memo.get("day") != day:
        memo.clear()
        memo["day"] = day
    out = []
    for p in c.parts:
        v = memo.get((p, basis))
        if v is None:
            v = memo[(p, basis)] = judge(scope.by_id[p], scope, day, basis)
        out.append(v)
    return tuple(out)
