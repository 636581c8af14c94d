"""The vocabulary of verdicts, defined once: every status with its stable code, its word, its
tone (what it means for a reader, and the colour that only ever repeats the word), and whether
its clock still runs; the kinds of commitment; how firm a fact is; and the qualifiers filters
accept beside statuses.
"""

from __future__ import annotations

from typing import NamedTuple

KINDS = ("purchase", "investment", "suspension", "tariff", "action")
# Kinds judged by figures against a target: an amount to reach by a date, on a basis, with the
# same pace rules. A purchase names what is bought; an investment has no commodity.
AMOUNT_KINDS = frozenset(("purchase", "investment"))


class Status(NamedTuple):
    code: str  # stable, for JSON, CSV and scripts: lower-case words joined by hyphens
    word: str  # what a reader sees
    tone: str  # good, watch, bad or aside
    open: bool  # the clock still runs: days left (or overdue) mean something


_ALL = [
    # purchases and investments
    Status("not-started", "not started", "watch", True),
    Status("no-data", "no data", "watch", True),
    # --basis X on a target that has no baseline on X: not judged on X (render says "no target
    # on X" and names the bases that have one)
    Status("no-target", "no target on the basis", "watch", False),
    Status("on-track", "on track", "good", True),
    Status("at-risk", "at risk", "watch", True),
    Status("behind", "behind", "bad", True),
    Status("met", "met", "good", False),
    Status("met-late", "met late", "watch", False),
    Status("missed", "missed", "bad", False),
    Status("unconfirmed", "unconfirmed", "watch", False),
    # suspensions
    Status("pending", "pending", "watch", True),
    Status("in-force", "in force", "good", True),
    Status("lapsing", "lapsing", "watch", True),
    Status("extended", "extended", "good", True),
    Status("lapsed", "lapsed", "bad", False),
    Status("reinstated", "reinstated", "bad", False),
    # tariffs
    Status("implemented", "implemented", "good", False),
    Status("implemented-late", "implemented late", "watch", False),
    Status("overdue", "overdue", "bad", True),
    Status("reversed", "reversed", "bad", False),
    # a ceiling or a floor (bound: at-most, at-least) crossed; a purchase above an at-most or
    # exactly target too
    Status("breached", "breached", "bad", False),
    # actions
    Status("done", "done", "good", False),
    Status("done-late", "done late", "watch", False),
    Status("partly-done", "partly done", "watch", True),
    # any kind, set by an amendment
    Status("superseded", "superseded", "aside", False),
    Status("void", "void", "aside", False),
    Status("withdrawn", "withdrawn", "aside", False),
]
STATUSES: dict[str, Status] = {s.code: s for s in _ALL}
SET_ASIDE = frozenset(s.code for s in _ALL if s.tone == "aside")
LATE = frozenset(("met-late", "implemented-late", "done-late"))
# Where the share of expected (the pace) says something: while the period runs. Once met,
# missed or breached, the verdict says it instead.
PACED = frozenset(("on-track", "at-risk", "behind"))

# Filters (--status, --fail-on) take statuses and these qualifiers. A verdict matches when it
# has one of the statuses named (any, if none is) and every qualifier named.
QUALIFIERS = {
    "late": "delivered after the due date",
    "stale": "the last figure is older than the staleness window",
    "reported": "rests on a fact that is only reported or stated by one side",
    "confirmed": "rests on confirmed facts only",
    "disputed": "the bases disagree",
    "revised": "a figure on the judged basis was revised or declined",
    "claimed": "an unverified fact (seen only in secondary digests) stands beside it",
}

# How firm a fact is, firmest first. Indices are stored in the load cache: append, never reorder.
# unverified facts never decide a verdict: they are shown beside it (judge.verdict.Claim).
STANDINGS = ("confirmed", "stated", "reported", "unverified")


def a_kind(kind: str) -> str:
    """'a purchase', 'an action': a kind with its article, for messages."""
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


def code_of(text: str) -> str | None:
    """The status or qualifier code a user typed: 'in force', 'in-force' and 'IN_FORCE' alike."""
    code = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    return code if code in STATUSES or code in QUALIFIERS else None


def weakest(*standings: str) -> str:
    return max(standings, key=STANDINGS.index, default="confirmed")
