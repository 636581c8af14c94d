"""Changes of verdicts in words: each change as one plain row (the JSON shape, which the
terminal, Markdown, Atom and the site all render), and the timeline line of `show`.

A cause names the dated fact and where it was published: a figure, rate or event by its record
(looked up by commitment and day), an amendment by its own source, a start, due or end date by
the commitment's sources.
"""

from __future__ import annotations

import textwrap

from tradetrack.core.values import Record
from tradetrack.judge.changes import Cause, Change, key
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words
from tradetrack.render.markdown import cell, link

# Atom entry ids: a tag URI (RFC 4151) minted once for this tool; never change it, or every
# feed reader shows every entry again.
TAG = "tag:tradetrack,2025:"


def label(v: Verdict) -> str:
    """'extended (reported); on confirmed facts alone: lapsed'."""
    out = words.status(v)
    alone = [d for d in words.doubts(v, notes=False) if d.startswith("on confirmed facts alone")]
    return "; ".join([out, *alone])


def side(v: Verdict) -> dict:
    return {
        "status": v.status,
        "status_word": words.word(v.status),
        "standing": v.standing,
        "confirmed_status": v.confirmed_status,
        "label": label(v),
    }


def _sources_of(c) -> list[dict]:
    return [{"title": s.title, "url": s.url} for s in c.sources]


def _record_source(r: Record) -> dict:
    url = r.source if r.source.startswith(("http://", "https://")) else None
    return {"title": r.source, "url": url}


def cause(x: Cause, ch: Change, by_id: dict, records: dict) -> dict:
    """One cause as text and its sources. `records`: (commitment, day) -> records of that day."""
    who = by_id.get(x.commitment, ch.commitment)
    own = "" if who.id == ch.commitment.id else f"{who.id}: "
    end = "end date" if who.kind == "suspension" else "due date"
    sources = _sources_of(who)
    if x.what in ("figure", "rate", "event"):
        found = [r for r in records.get((who.id, x.on), ()) if _is(r, x)]
        parts = [f"{words.record_figure(r)}" + (f" ({words.record_basis(r)})" if r.basis else "") for r in found]
        noun = {"figure": "figure", "rate": "rate observed", "event": "event"}[x.what]
        text = f"{own}{noun} of {x.on}: " + ("; ".join(parts) if parts else "(record not found)")
        sources = [_record_source(r) for r in found]
    elif x.what == "amendment":
        a = x.amendment
        firm = "" if a.standing == "confirmed" else f" [{a.standing}]"
        text = f"{own}amendment of {x.on}: {a.summary}{firm}"
        sources = [{"title": a.source.title, "url": a.source.url}]
    elif x.what == "start":
        text = f"{own}the commitment starts on {x.on}"
    elif x.what == "due-passed":
        text = f"{own}the {end} {x.on} passed"
    elif x.what == "window":
        text = f"{own}the {end} {x.on} is {(x.on - ch.day).days} days away: the lapse window opens"
    else:
        detail = words.shares(ch.after) or words.detail(ch.after)
        text = "no fact dated this day: time alone moved it" + (f" ({detail})" if detail else "")
        sources = []
    return {"what": x.what, "on": x.on.isoformat(), "commitment": who.id, "text": text, "sources": sources}


def _is(r: Record, x: Cause) -> bool:
    if x.what == "figure":
        return r.amount is not None and (x.basis is None or (r.basis or "") == x.basis)
    return r.rate is not None if x.what == "rate" else r.event is not None


def entry_id(ch: Change) -> str:
    """Stable across runs: the commitment, the day and the verdicts either side."""
    b, a = (".".join(x for x in key(v) if x) for v in (ch.before, ch.after))
    return f"{TAG}{ch.commitment.id}/{ch.day}/{b}/{a}"


def rows(changes: list[Change], by_id: dict, records: dict) -> list[dict]:
    """Each change as the JSON of `changes --json` (and what every other output shows)."""
    out = []
    for ch in changes:
        c = ch.commitment
        out.append(
            {
                "id": c.id,
                "title": c.title,
                "deal": c.deal,
                "party": c.party,
                "kind": c.kind,
                "day": ch.day.isoformat(),
                "before": side(ch.before),
                "after": side(ch.after),
                "causes": [cause(x, ch, by_id, records) for x in ch.causes],
                "entry_id": entry_id(ch),
            }
        )
    return out


def records_by_day(records, wanted: set | None = None) -> dict:
    """(commitment, day) -> its records; with `wanted`, only those keys (the causes' days)."""
    grouped: dict = {}
    for r in records:
        k = (r.commitment, r.date)
        if wanted is None or k in wanted:
            grouped.setdefault(k, []).append(r)
    return grouped


def wanted(changes: list[Change]) -> set:
    """The (commitment, day) of every record a cause of these changes names."""
    return {(x.commitment, x.on) for ch in changes for x in ch.causes if x.what in ("figure", "rate", "event")}


def terminal(found: list[dict], title: str, width: int) -> list:
    """The terminal's pieces: a line per change (the new verdict in its tone's colour), then
    what moved it and its sources, folded at width (an address is never split)."""
    from tradetrack.core.status import STATUSES
    from tradetrack.render.lists import TONE, lines
    from tradetrack.render.term import clean

    def fold(text: str, indent: int) -> list[str]:
        pad = " " * indent
        return textwrap.wrap(
            clean(text), max(20, width), initial_indent=pad, subsequent_indent=pad + "  ",
            break_long_words=False, break_on_hyphens=False,
        )  # fmt: skip

    out = lines(title, width, "bold")
    for row in found:
        tone = TONE[STATUSES[row["after"]["status"]].tone]
        out += [
            (f"{row['day']}  {clean(row['id'])}: {clean(row['before']['label'])} → ", ""),
            (clean(row["after"]["label"]), tone),
            ("\n", ""),
        ]
        for x in row["causes"]:
            out += [(line + "\n", "") for line in fold(x["text"], 4)]
            for src in x["sources"]:
                out += [(line + "\n", "dim") for line in fold("source: " + (src["url"] or src["title"]), 6)]
    return out


def markdown(found: list[dict], title: str) -> str:
    out = [f"# {cell(title)}", ""]
    if not found:
        return "\n".join(out + ["No verdict changed in this window.", ""])
    out += ["| Day | Commitment | Before | After | What moved it |", "|---|---|---|---|---|"]
    for row in found:
        why = "<br>".join(
            cell(x["text"]) + "".join(f" ({link(s['title'], s['url'])})" for s in x["sources"]) for x in row["causes"]
        )
        out.append(
            f"| {row['day']} | {cell(row['id'])} | {cell(row['before']['label'])} | "
            f"{cell(row['after']['label'])} | {why} |"
        )
    return "\n".join(out) + "\n"


def timeline_line(first: Verdict, found: list[Change]) -> str:
    """'not started → on track (2025-11-14) → behind (2026-02-01)'."""
    return " → ".join([label(first)] + [f"{label(ch.after)} ({ch.day})" for ch in found])


def timeline_rows(first: Verdict, found: list[Change], by_id: dict, records: dict) -> list[dict]:
    """The timeline of `show --json`: the verdict before the first dated fact, then each change."""
    start = {"day": None, **side(first), "causes": []}
    return [start] + [{"day": r["day"], **r["after"], "causes": r["causes"]} for r in rows(found, by_id, records)]


def timeline_text(timeline: list[dict]) -> list[str]:
    """The card's timeline: one line per verdict, with what moved it."""
    out = [f"  {'':10}  {timeline[0]['label']}"] if timeline else []
    for row in timeline[1:]:
        why = "; ".join(x["text"] for x in row["causes"])
        out.append(f"  {row['day']}  → {row['label']}: {why}")
    return out
