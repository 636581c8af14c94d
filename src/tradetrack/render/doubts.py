"""What a reader must weigh beside a verdict: its flags (disagreeing bases, inconsistent or
stale figures, revisions), what is not confirmed, and facts claimed but unverified."""

from __future__ import annotations

from tradetrack.judge.verdict import Verdict
from tradetrack.render.phrases import amount, word


def standing(v: Verdict) -> str:
    """'' when confirmed; otherwise what is not: 'reported', 'stated by US', or both."""
    labels = []
    for d in v.doubts:
        label = f"stated by {d.by}" if d.standing == "stated" and d.by else d.standing
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def flags(v: Verdict) -> list[str]:
    """Warnings a reader must see beside the verdict."""
    out = []
    if v.disagreement:
        if v.own_total is not None and v.actual is not None and len(v.by_basis) < 2:
            out.append(f"published total {amount(v.own_total, v.unit)} differs from the parts' sum")
        else:
            out.append("bases disagree")
    if v.inconsistencies:
        out.append(f"{len(v.inconsistencies)} inconsistent figure{'s' if len(v.inconsistencies) > 1 else ''}")
    if v.stale_days is not None:
        out.append(f"stale: last figure {v.last_figure}")
    if v.missing_parts and v.status != "unconfirmed":
        out.append(f"no figure yet for {', '.join(v.missing_parts)}")
    return out + revisions(v)


def doubts(v: Verdict, notes: bool = True) -> list[str]:
    """What is not confirmed, one phrase each (with what each rests on, unless `notes` is
    false, as in a list); and the verdict on confirmed facts alone."""
    out = []
    for d in v.doubts:
        what = {
            "commitment": "the commitment",
            "amendment": f"the change of {d.on}",
            "figure": f"the figure of {d.on}",
            "event": f"the event of {d.on}",
        }[d.what]
        how = {
            "stated": f"is stated by {d.by} only",
            "unverified": "is seen only in secondary digests (unverified)",
        }.get(d.standing, "is reported, not confirmed")
        out.append(f"{what} {how}" + (f" ({d.note})" if d.note and notes else ""))
    if v.confirmed_status:
        alone = word(v.confirmed_status)
        if v.confirmed_due and v.confirmed_due != v.due:
            alone += f", end {v.confirmed_due}"
        out.append(f"on confirmed facts alone: {alone}")
    return out + claims(v, notes)


def claims(v: Verdict, notes: bool = True) -> list[str]:
    """Facts seen only in secondary digests, beside the verdict they do not decide:
    'claimed, unverified: extended to 2027-01-10 (2026-09-25)'."""
    out = []
    for a in v.claimed_changes:
        change = a.state or "changed"
        if a.end or a.due:
            change += f" to {a.end or a.due}"
        out.append(
            f"claimed, unverified: {change} ({a.date})" + (f" ({a.standing_note})" if a.standing_note and notes else "")
        )
    for x in v.claims:
        if x.event:
            what = x.event
        elif x.amount is not None:
            what = f"{amount(x.amount, v.unit)} to date" + (f" on {x.basis}" if x.basis else "")
        else:
            what = f"{x.rate:g}%"
        out.append(f"claimed, unverified: {what} ({x.date}, line {x.line})")
    return out


def revisions(v: Verdict) -> list[str]:
    """'revised 2026-01-04: 50 t → 45 t (line 3)', 'decline 2026-02-01: ...'."""
    return [
        f"{r.kind} {r.date}: {amount(r.previous, v.unit)} → {amount(r.total, v.unit)} (line {r.line})"
        for r in v.revisions
    ]
