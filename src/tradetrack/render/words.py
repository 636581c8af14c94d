"""Verdicts in words: the one place that says what a verdict means, for the terminal, the card,
Markdown, HTML and CSV alike. The judge gives codes, dates and numbers; this module words them.
"""

from __future__ import annotations

from datetime import date

from tradetrack.core.status import AMOUNT_KINDS, PACED, SET_ASIDE, STATUSES
from tradetrack.core.units import format_amount
from tradetrack.core.values import Record
from tradetrack.facts.consistency import describe
from tradetrack.judge.verdict import Verdict


def word(code: str) -> str:
    return STATUSES[code].word


def tone(v: Verdict) -> str:
    return STATUSES[v.status].tone


def standing(v: Verdict) -> str:
    """'' when confirmed; otherwise what is not: 'reported', 'stated by US', or both."""
    labels = []
    for d in v.doubts:
        label = f"stated by {d.by}" if d.standing == "stated" and d.by else d.standing
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def status(v: Verdict) -> str:
    """The status as a row shows it: 'missed', 'extended (reported)', 'met (stated by US)',
    'no target on cn-imports', 'on track (revised)'; 'lapsed (+ claim)' when an unverified fact
    stands beside it."""
    labels = [label for label in (standing(v), "revised" if v.revisions else "") if label]
    if v.claims or v.claimed_changes:
        labels.append("+ claim")
    said = f"no target on {v.basis}" if v.status == "no-target" else word(v.status)
    return f"{said} ({'; '.join(labels)})" if labels else said


def target_bases(v: Verdict) -> str:
    """A verdict of no target on the basis: 'baselines on us-exports', or the parts without one."""
    baseline = getattr(v.terms.target, "baseline", None)
    if baseline:
        return f"baselines on {', '.join(sorted(baseline))}"
    lacking = [p.commitment.id for p in v.parts if p.status == "no-target"]
    return f"no target on {v.basis} for {', '.join(lacking)}" if lacking else ""


def checked_title(checked: date | None, as_of: date) -> str:
    """' · record checked 2026-12-02', and a warning when the as-of day is over 30 days later."""
    if checked is None:
        return ""
    text = f" · record checked {checked}"
    if (as_of - checked).days > STALE_RECORD_DAYS:
        text += f" (over {STALE_RECORD_DAYS} days before {as_of}: the record may be missing later facts)"
    return text


STALE_RECORD_DAYS = 30


def amount(x: float | None, unit: str | None) -> str:
    return "—" if x is None else format_amount(x, unit or "")


def percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.0f}%"


def target(v: Verdict) -> str:
    """'12 Mt', or with a baseline the arithmetic: '159 bnUSD (us-exports 2017 baseline 95.1 + 63.9)'."""
    t = v.target
    if t is None:
        return "—"
    text = bound_words(v.commitment) + amount(t.amount, v.unit)
    if t.baseline is not None:
        text += f" ({t.basis} baseline {_num(t.baseline)} + {_num(t.increase or 0.0)})"
    elif v.parts and v.terms.target is None:
        text += f" (sum of {len(v.parts)} parts)"
    return text


_BOUND = {"at-most": "at most ", "exactly": "exactly "}


def bound_words(c) -> str:
    """'at most ' for a ceiling, 'exactly ' for an exact purchase; '' for the defaults (a
    purchase at least, a tariff rate exactly)."""
    bound = getattr(c, "bound", "at-least")
    if c.kind == "tariff" and bound == "exactly":
        return ""
    if bound == "at-least" and c.kind == "tariff":
        return "at least "
    return _BOUND.get(bound, "")


def arithmetic(v: Verdict) -> str:
    """The target's sum in full, for show and the report: 'baseline 95.1 + increase 63.9 = 159 bnUSD'."""
    t = v.target
    if t is None or t.baseline is None:
        return ""
    return f"{t.basis} baseline {_num(t.baseline)} + increase {_num(t.increase or 0.0)} = {amount(t.amount, v.unit)}"


def _num(x: float) -> str:
    return format_amount(x, "").strip()


def actual(v: Verdict) -> str:
    """'8 Mt of 12 Mt', '120 bnUSD of 550 bnUSD invested', or for other kinds what happened."""
    if v.commitment.kind not in AMOUNT_KINDS:
        return detail(v)
    if v.actual is None:
        return "—"
    text = f"{amount(v.actual, v.unit)} of {amount(v.target.amount if v.target else None, v.unit)}"
    return text + " invested" if v.commitment.kind == "investment" else text


def goal(v: Verdict) -> str:
    """What is to be reached, for a card or a report: 'Target 12 Mt of soybeans' (a purchase),
    'Target 550 bnUSD invested' (an investment, which has no commodity)."""
    c = v.commitment
    if c.kind == "investment":
        return f"Target {target(v)} invested"
    return f"Target {target(v)} of {c.commodity}"


def judged_kinds(rows: list[Verdict]) -> str:
    """'Purchases', 'Investments' or 'Purchases and investments': what a basis line is about."""
    kinds = {v.commitment.kind for v in rows} & AMOUNT_KINDS
    if kinds == {"investment"}:
        return "Investments"
    return "Purchases and investments" if "investment" in kinds else "Purchases"


def expected(v: Verdict) -> str:
    if v.commitment.kind not in AMOUNT_KINDS or v.expected is None or v.status == "not-started":
        return ""
    return amount(v.expected, v.unit)


def shares(v: Verdict) -> str:
    """'67% of the target, 87% of expected to date'; with figures that stop before the as-of
    day, 'of expected through 2026-09-30' (like for like), and today's share beside it."""
    out = []
    if v.share is not None:
        out.append(f"{percent(v.share)} of the target")
    if v.status in PACED:
        out.append(pace(v))
    return ", ".join(x for x in out if x)


def pace(v: Verdict, short: bool = False) -> str:
    """The share of expected, like for like: '40% of expected to date' when the last figure is
    of the as-of day; else '100% of expected through 2026-09-30, 81% of expected by
    2026-12-02' ('…, 81% by 2026-12-02' when short)."""
    if v.share_of_expected is None:
        if v.share_of_expected_today is None:
            return ""
        return f"{percent(v.share_of_expected_today)} of expected" + ("" if short else " to date")
    if not v.lag_days:
        return f"{percent(v.share_of_expected)} of expected" + ("" if short else " to date")
    today = percent(v.share_of_expected_today) if v.share_of_expected_today is not None else "—"
    return f"{percent(v.share_of_expected)} of expected through {v.last_figure}, " + (
        f"{today} by {v.as_of}" if short else f"{today} of expected by {v.as_of}"
    )


def of_expected(v: Verdict) -> str:
    """A table cell: '40%', or with a lag '100% through 2026-09-30 (81% by 2026-12-02)'."""
    if v.share_of_expected is None:
        return percent(v.share_of_expected_today)
    if not v.lag_days:
        return percent(v.share_of_expected)
    today = f" ({percent(v.share_of_expected_today)} by {v.as_of})" if v.share_of_expected_today is not None else ""
    return f"{percent(v.share_of_expected)} through {v.last_figure}{today}"


def lag(v: Verdict) -> str:
    """'official figures through 2026-09-30, 63 days before the as-of day'; '' without a lag."""
    if not v.lag_days or v.last_figure is None:
        return ""
    n = v.lag_days
    return f"{v.basis} figures through {v.last_figure}, {n} day{'s' if n != 1 else ''} before the as-of day"


def due(v: Verdict) -> str:
    return v.due.isoformat() if v.due else "—"


def days(v: Verdict) -> str:
    """'12 d left', '3 d overdue', 'ended 18 d ago', or '' when the clock has stopped."""
    left = v.days_left
    if left is None:
        return ""
    if v.status == "lapsed":
        return f"ended {-left} d ago"
    if not STATUSES[v.status].open:
        return ""
    return f"{left} d left" if left >= 0 else f"{-left} d overdue"


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
            text += f"; {_late(v.days_late or 0)}"
        return text
    if v.status in ("done", "done-late"):
        return f"done {v.event_on}" + (f", {_late(v.days_late or 0)}" if v.days_late else "")
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


def _late(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''} late"


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
        return f"target reached by the figure of {v.reached_on}, {_late(v.days_late or 0)}"
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
    return lag(v) if v.status in ("on-track", "at-risk", "behind") else ""


def basis(v: Verdict) -> str:
    """'usda-esr (the file's default)'."""
    origin = {
        "option": "--basis",
        "commitment": "the commitment's",
        "default": "the file's default",
        "roll-up": "the roll-up's",
    }.get(v.basis_from or "", "")
    return f"{v.basis} ({origin})" if origin else (v.basis or "")


def bases(v: Verdict) -> str:
    """Figures to date on each basis: 'official 12 Mt, trade-estimate 12 Mt, usda-esr 8 Mt'; other
    measures apart, never compared: '; shipped: usda-esr-exports 11.2 Mt'."""
    text = ", ".join(f"{b} {amount(x, v.unit)}" for b, x in sorted(v.by_basis.items()))
    by_measure: dict[str, list[str]] = {}
    for b, x in sorted(v.other_measures.items()):
        by_measure.setdefault(v.measures.get(b) or "total", []).append(f"{b} {amount(x, v.unit)}")
    others = [f"{m} (another measure): {', '.join(items)}" for m, items in by_measure.items()]
    return "; ".join(([text] if text else []) + others)


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


def projection_lines(v: Verdict) -> list[str]:
    p = v.projection
    if p is None or v.unit is None or v.status in ("met", "met-late", "missed", "unconfirmed"):
        return []
    invested = " invested" if v.commitment.kind == "investment" else ""
    lines = [
        f"Run rate: {amount(p.daily_rate * 7, v.unit)}{invested} a week",
        f"Projected total{invested} at {due(v)}: {amount(p.projected_total, v.unit)}",
    ]
    if p.reach_date:
        lines.append(f"Target reached at this pace on: {p.reach_date}")
    if p.needed_weekly is not None:
        lines.append(f"Rate now needed: {amount(p.needed_weekly, v.unit)}{invested} a week")
    return lines


def inconsistency_lines(v: Verdict, progress_file: str) -> list[str]:
    return [f"{progress_file}:{i.line}: {describe(i, v.commitment.id, v.unit)}" for i in v.inconsistencies]


def record_figure(r: Record) -> str:
    if r.amount is not None:
        text = format_amount(r.amount, r.unit or "")
        if r.increment:
            return f"+{text}"
        text += " to date"
        if r.revises is not None:
            text += f" (revises line {r.revises})"
        elif r.decline:
            text += " (decline)"
        return text
    if r.rate is not None:
        return f"{r.rate:g}%"
    return r.event or ""


# Record fields the outputs show in columns of their own; any other field (one added to the
# model later) is shown beside the note, by name, so nothing recorded is hidden.
SHOWN = {
    "commitment",
    "date",
    "amount",
    "unit",
    "increment",
    "rate",
    "event",
    "basis",
    "measure",
    "standing",
    "source",
    "note",
    "line",
    "decline",
    "revises",
}


def record_note(r: Record) -> str:
    """The note, followed by any field without a column of its own: 'note · confidence: high'."""
    extras = [
        f"{name}: {value}"
        for name, value in r._asdict().items()
        if name not in SHOWN and value not in (None, False, "", ())
    ]
    return " · ".join(([r.note] if r.note else []) + extras)


def superseded(r: Record, by: int | None) -> Record:
    """The record as a history shows it: a reported figure a confirmed one contradicts says so
    in its note ('superseded by line 24')."""
    if by is None:
        return r
    return r._replace(note=f"superseded by line {by}" + (f"; {r.note}" if r.note else ""))


def record_basis(r: Record) -> str:
    out = r.basis or ""
    if r.measure:
        out += f" ({r.measure})"
    if r.standing != "confirmed":
        out += f" [{r.standing}]"
    return out


def counts(rows: list[Verdict]) -> list[tuple[str, int]]:
    """(status code, how many), most frequent first."""
    found: dict[str, int] = {}
    for v in rows:
        found[v.status] = found.get(v.status, 0) + 1
    return sorted(found.items(), key=lambda kv: -kv[1])


def basis_title(chosen: dict) -> str:
    """The basis line of a status title or report, from render.fields.judged's codes: which
    basis the purchases were judged on."""
    if chosen["basis_from"] == "option":
        return f"judged on {chosen['basis']} (--basis)"
    own = chosen["own_bases"]
    return f"judged on {chosen['basis']} (default)" + (f"; own basis: {', '.join(own)}" if own else "")


def day(d: date | None) -> str:
    return d.isoformat() if d else ""
