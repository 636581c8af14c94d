"""What a verdict's status rests on, in a phrase (detail): a suspension's end, an action's date,
how far a purchase's figures go; and the figures on each basis."""

from __future__ import annotations

from tradetrack.core.status import AMOUNT_KINDS, PACED, SET_ASIDE
from tradetrack.judge.verdict import Verdict
from tradetrack.render.phrases import amount, bound_words, late, word


def detail(v: Verdict) -> str:
    """What the status rests on, in a phrase: 'ended 2026-11-10', 'done 2020-04-26, 42 days
    late', 'usda-esr figures stop 2026-01-08, 51 days before the due date'."""
    t = v.terms
    if v.status in ("superseded", "void", "withdrawn"):
        return f"{word(v.status)} on {v.event_on}"
    if v.status == "not-started":
        return f"starts {t.start}"
    kind = v.commitment.kind
    if kind in AMOUNT_KINDS:
        return _purchase_detail(v)
    if kind == "suspension":
        return _suspension_detail(v)
    if kind == "tariff":
        goal = f"{bound_words(v.commitment)}{t.to_rate:g}%"
        frm = v.commitment.from_rate
        text = goal if frm is None else f"{frm:g}% → {goal}"
        if t.due is None and v.status == "pending":
            text += "; no date stated"
        if v.observed_rate is not None:
            text += f"; {v.observed_rate:g}% observed {v.last_figure}"
        if v.days_late:
            text += f"; {late(v.days_late or 0)}"
        return text
    if v.status in ("done", "done-late"):
        return f"done {v.event_on}" + (f", {late(v.days_late or 0)}" if v.days_late else "")
    if v.status == "partly-done":
        return f"partly done {v.event_on}"
    if v.status == "overdue":
        return f"due {t.due}"
    return "no deadline stated" if t.due is None else ""


def names_due(v: Verdict) -> bool:
    """Whether detail(v) names the due date itself (a suspension's end, an overdue action's
    due), so a list need not give it twice. Follows detail's own branches."""
    if v.due is None or v.status in SET_ASIDE:
        return False
    if v.commitment.kind == "suspension":
        return v.status in ("lapsed", "lapsing", "extended", "in-force")
    return v.commitment.kind == "action" and v.status == "overdue"


def _suspension_detail(v: Verdict) -> str:
    t = v.terms
    s = v.status
    if s == "reinstated":
        return f"measure reinstated {v.event_on}"
    if s == "pending":
        return f"starts {t.start}"
    if t.due is None:
        return "open-ended"
    text = {
        "lapsed": f"ended {t.due}",
        "lapsing": f"ends {t.due}",
        "extended": f"extended to {t.due}",
        "in-force": f"until {t.due}",
    }[s]
    if v.confirmed_due and v.confirmed_due != t.due and not v.confirmed_status:
        text += f"; confirmed end {v.confirmed_due}"
    elif s == "extended" and t.written_due:
        text += f" (was {t.written_due})"
    later = [a.end for a in v.claimed_changes if a.end and a.end > t.due]
    if later:
        text += f"; an extension to {max(later)} is claimed, unverified"
    return text


def _purchase_detail(v: Verdict) -> str:
    if v.terms.due is None and v.status in ("pending", "no-data"):
        return "no deadline stated"
    if v.status == "not-started":
        return f"starts {v.terms.start}"
    if v.status == "no-data":
        what = " investment" if v.commitment.kind == "investment" else ""
        # figures of another measure (projects selected, not money invested) are said beside
        return f"no {v.basis}{what} figure yet" + (f"; {bases(v)}" if v.other_measures and not v.by_basis else "")
    if v.status == "no-target":
        return target_bases(v)
    return coverage(v)


def coverage(v: Verdict) -> str:
    """How far the figures go: late delivery, where they stop, staleness; '' otherwise."""
    if v.status == "met-late":
        return f"target reached by the figure of {v.reached_on}, {late(v.days_late or 0)}"
    limit = amount(v.target.amount if v.target else None, v.unit)
    if v.status == "breached":
        return f"{limit} exceeded by the figure of {v.reached_on}"
    if v.status == "met" and v.reached_on is None:  # a ceiling kept to the end
        return f"kept within {limit}; {v.basis} figures reach {v.last_figure}"
    if v.status == "met":
        return f"target reached by the figure of {v.reached_on}"
    if v.status == "unconfirmed":
        if v.missing_parts:
            return f"no {v.basis} figure for {', '.join(v.missing_parts)}: the shortfall is not established"
        return (
            f"{v.basis} figures stop {v.last_figure}, {v.gap_days} days before the due date: "
            "missed or met is not established"
        )
    if v.status == "missed":
        return f"{v.basis} figures reach {v.last_figure}"
    if v.stale_days is not None:
        return f"stale: {lag(v)}"
    return lag(v) if v.status in PACED else ""


def lag(v: Verdict) -> str:
    """'official figures through 2026-09-30, 63 days before the as-of day'; '' without a lag."""
    if not v.lag_days or v.last_figure is None:
        return ""
    n = v.lag_days
    return f"{v.basis} figures through {v.last_figure}, {n} day{'s' if n != 1 else ''} before the as-of day"


def target_bases(v: Verdict) -> str:
    """A verdict of no target on the basis: 'baselines on us-exports', or the parts without one."""
    baseline = getattr(v.terms.target, "baseline", None)
    if baseline:
        return f"baselines on {', '.join(sorted(baseline))}"
    lacking = [p.commitment.id for p in v.parts if p.status == "no-target"]
    return f"no target on {v.basis} for {', '.join(lacking)}" if lacking else ""


def bases(v: Verdict) -> str:
    """Figures to date on each basis: 'official 12 Mt, trade-estimate 12 Mt, usda-esr 8 Mt'; other
    measures apart, never compared: '; shipped: usda-esr-exports 11.2 Mt'."""
    text = ", ".join(f"{b} {amount(x, v.unit)}" for b, x in sorted(v.by_basis.items()))
    by_measure: dict[str, list[str]] = {}
    for b, x in sorted(v.other_measures.items()):
        by_measure.setdefault(v.measures.get(b) or "total", []).append(f"{b} {amount(x, v.unit)}")
    others = [f"{m} (another measure): {', '.join(items)}" for m, items in by_measure.items()]
    return "; ".join(([text] if text else []) + others)
