"""Suspensions, tariffs and actions: judged on dated events and observed rates (README
"Status rules": an action done, or a tariff rate observed, after the due date is late)."""

from datetime import date
from typing import Any

from tradetrack.facts.index import Facts
from tradetrack.judge.record import Doubt, Verdict
from tradetrack.judge.terms import Terms


def _event_doubt(standing: str, when: date, what: str = "event") -> tuple[Doubt, ...]:
    return () if standing == "confirmed" else (Doubt(what, standing, when),)


def suspension(c, terms: Terms, facts: Facts, day: date, settings) -> Verdict:
    reinstated = [(d, st) for d, e, st in facts.events if e == "reinstated" and terms.start <= d <= day]
    if reinstated:
        when, standing = reinstated[-1]
        return Verdict(c, day, "reinstated", terms, doubts=_event_doubt(standing, when), event_on=when)
    if terms.state == "reinstated":
        return Verdict(c, day, "reinstated", terms, event_on=terms.amendments[-1].date)
    if day < terms.start:
        return Verdict(c, day, "pending", terms)
    if terms.due is None:
        return Verdict(c, day, "in-force", terms)
    if day > terms.due:
        return Verdict(c, day, "lapsed", terms, event_on=terms.due)
    if (terms.due - day).days <= settings.lapsing_days:
        return Verdict(c, day, "lapsing", terms)
    if terms.written_due is not None and day > terms.written_due:
        return Verdict(c, day, "extended", terms)
    return Verdict(c, day, "in-force", terms)


def keeps(bound: str, value: float, goal: float) -> bool:
    """Whether an observed value keeps a promise of `bound` goal (exactly: within rounding)."""
    if bound == "at-most":
        return value <= goal + 1e-9
    if bound == "at-least":
        return value >= goal - 1e-9
    return abs(value - goal) < 1e-9


def tariff(c, terms: Terms, facts: Facts, day: date) -> Verdict:
    """exactly: implemented once the rate observed is to_rate, reversed if it then moves away.
    at-most / at-least: implemented while the latest rate keeps the bound, breached when it
    does not (before the due date, a rate not yet changed is pending). No due date: pending
    until a rate is observed, never overdue."""
    if day < terms.start:
        return Verdict(c, day, "not-started", terms)
    rates = [x for x in facts.rates if x[0] <= day]
    goal = terms.to_rate if terms.to_rate is not None else c.to_rate
    due = terms.due
    waiting = "pending" if due is None or day <= due else "overdue"
    if not rates:
        return Verdict(c, day, waiting, terms)
    bound = c.bound
    latest = rates[-1]
    common: dict[str, Any] = dict(last_figure=latest[0], observed_rate=latest[1])
    kept = keeps(bound, latest[1], goal)
    if kept:
        # since the first figure of the latest run of kept figures (the rate was first in force then)
        i = len(rates) - 1
        while i > 0 and keeps(bound, rates[i - 1][1], goal):
            i -= 1
        when, standing = rates[i][0], rates[i][2]
        late = (when - due).days if due is not None else 0
        return Verdict(
            c,
            day,
            "implemented-late" if late > 0 else "implemented",
            terms,
            doubts=_event_doubt(standing, when, "figure"),
            event_on=when,
            days_late=late if late > 0 else None,
            **common,
        )
    ever = any(keeps(bound, r, goal) for _, r, _ in rates)
    doubt = _event_doubt(latest[2], latest[0], "figure")
    if bound != "exactly" and (ever or waiting == "overdue" or due is None):
        return Verdict(c, day, "breached", terms, doubts=doubt, event_on=latest[0], **common)
    if ever:
        return Verdict(c, day, "reversed", terms, doubts=doubt, event_on=latest[0], **common)
    return Verdict(c, day, waiting, terms, **common)


def action(c, terms: Terms, facts: Facts, day: date) -> Verdict:
    if day < terms.start:
        return Verdict(c, day, "not-started", terms)
    events = [x for x in facts.events if x[0] <= day]
    done = [(d, st) for d, e, st in events if e == "done"]
    if done:
        when, standing = done[0]
        late = (when - terms.due).days if terms.due else 0
        return Verdict(
            c,
            day,
            "done-late" if late > 0 else "done",
            terms,
            doubts=_event_doubt(standing, when),
            event_on=when,
            days_late=late if late > 0 else None,
        )
    if terms.due is not None and day > terms.due:
        return Verdict(c, day, "overdue", terms)
    partial = [(d, st) for d, e, st in events if e == "partial"]
    if partial:
        when, standing = partial[-1]
        return Verdict(c, day, "partly-done", terms, doubts=_event_doubt(standing, when), event_on=when)
    return Verdict(c, day, "pending", terms)
