"""tradetrack codes: the code lists of the published series, looked up offline."""

from __future__ import annotations

from typing import Annotated

import typer

from tradetrack.cli.common import app, fail_usage

KINDS = ("esr-commodity", "esr-country", "census-country")


@app.command()
def codes(
    kind: Annotated[
        str | None, typer.Argument(metavar="[LIST]", help="esr-commodity, esr-country or census-country.")
    ] = None,
    word: Annotated[str | None, typer.Argument(metavar="[WORD]", help="A code or part of a name, e.g. china.")] = None,
) -> None:
    """Look up the codes a `series:` takes (ESR commodities and countries, Census countries):
    all of a list, or those like WORD by code or by name. Offline: the lists ship with tradetrack,
    each with its source and date."""
    from tradetrack.core import codes as lists
    from tradetrack.core.text import inert

    if kind is None:
        for k in KINDS:
            listed = lists.code_list(k)
            print(f"{k:<15} {len(listed.codes):>3} codes  {listed.about()}")
        return
    if kind not in KINDS:
        from tradetrack.core.text import did_you_mean

        fail_usage("LIST", f"unknown list {kind!r}", did_you_mean(kind, KINDS, ", ".join(KINDS)))
    listed = lists.code_list(kind)
    found = list(listed.codes.items()) if word is None else lists.search(kind, word, n=10)
    if not found:
        fail_usage(
            "WORD",
            f"no {kind} code or name like {word!r} in {listed.about()}",
            f"`tradetrack codes {kind}` lists them all"
            # a partial list does not know every code; `check` takes an unlisted one
            + ("" if listed.complete else "; the list is partial, so a code it lacks may still be one the API knows"),
        )
    width = max(len(c) for c, _ in found)
    print(f"# {listed.title}: {listed.about()}; {listed.source}")
    for code, name in found:
        print(f"{code:>{width}}  {inert(name, one_line=True)}")
    if word is not None and word.strip().isdigit() and lists.name(kind, word) is None and not listed.complete:
        # `check` takes a code a partial list lacks: say why it is not refused
        print(f"# {inert(word.strip())} is not in this partial list; the API may still know it (`check` takes it)")
