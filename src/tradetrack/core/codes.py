"""The code lists of the published series, shipped with the package so codes are checked offline:
ESR commodities and countries (USDA FAS export sales) and Census countries (international
trade). Each list says where it came from, as of when, and whether it is complete.

Loaded only when a commitment names a series, or by `tradetrack codes`: the start-up path never
reads them.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib.resources import files
from typing import NamedTuple

LISTS = {
    "esr-commodity": "esr-commodities.json",
    "esr-country": "esr-countries.json",
    "census-country": "census-countries.json",
}


class CodeList(NamedTuple):
    kind: str  # a key of LISTS
    title: str
    endpoint: str
    as_of: str
    complete: bool
    source: str
    codes: dict[str, str]  # code as the API writes it -> name

    def about(self) -> str:
        """Where the list comes from, in a phrase."""
        whole = "" if self.complete else f"a partial list ({len(self.codes)} codes) of "
        return f"{whole}{self.endpoint}, as of {self.as_of}"


@cache
def code_list(kind: str) -> CodeList:
    doc = json.loads(files("tradetrack").joinpath("data", "codes", LISTS[kind]).read_text(encoding="utf-8"))
    return CodeList(kind, doc["list"], doc["endpoint"], doc["as_of"], doc["complete"], doc["source"], doc["codes"])


def key(kind: str, code: int | str) -> str:
    """A code as the list writes it: ESR codes are numbers, Census country codes four digits."""
    text = str(code).strip()
    return text.zfill(4) if kind == "census-country" and text.isdigit() else text


def name(kind: str, code: int | str) -> str | None:
    """The name of a code, or None if the list does not have it."""
    return code_list(kind).codes.get(key(kind, code))


def refusal(kind: str, code: int | str) -> tuple[str, str] | None:
    """Why `check` refuses a series code, as (message, hint); None if the code is taken.

    A code a complete list lacks is one the API does not know: it would be asked for week after
    week and answer nothing, so it is refused, with the nearest codes by code and by name. A
    partial list cannot tell a typo from a real code it lacks, so there an unlisted code (already
    well formed, the model saw to that) is taken and the API is the judge."""
    listed = code_list(kind)
    if name(kind, code) is not None or not listed.complete:
        return None
    near = search(kind, str(code), n=3)
    return (
        f"{code!r} is not in the {listed.title} list ({listed.about()})",
        (f"did you mean {', '.join(f'{c} ({n})' for c, n in near)}? " if near else "")
        + f"`tradetrack codes {kind} WORD` looks codes up by code or name",
    )


def search(kind: str, text: str, n: int = 5) -> list[tuple[str, str]]:
    """Codes whose code or name is like `text`: an exact code, names containing it ("china"),
    then close codes and close names (did-you-mean)."""
    codes = code_list(kind).codes
    want = text.strip().lower()
    found: list[str] = []
    if key(kind, want) in codes:
        found.append(key(kind, want))
    found += [c for c, v in codes.items() if want and want in v.lower()]
    k = key(kind, want)
    if k.isdigit():  # one digit off (a typo), nearest first
        near = [c for c in codes if len(c) == len(k) and sum(a != b for a, b in zip(c, k, strict=False)) == 1]
        found += sorted(near, key=lambda c: abs(int(c) - int(k)))
    if not found:  # a misspelt name ("chnia")
        by_name = {v.lower(): c for c, v in codes.items()}
        found += [by_name[v] for v in difflib.get_close_matches(want, list(by_name), n=n, cutoff=0.6)]
    out = list(dict.fromkeys(found))[:n]
    return [(c, codes[c]) for c in out]
