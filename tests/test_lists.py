"""The status list's own wrapping: the lines textwrap gives, by a quicker loop where it can."""

from __future__ import annotations

import textwrap

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tradetrack.render import lists, term

WORDS = st.sampled_from(["a", "bb", "soybeans", "·", "12,345\u00a0t", "\u00a0", "\u2003", "x" * 30, "e\u0301", "大豆"])
GAPS = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", " \u00a0 "])


@st.composite
def detail_lines(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=30))
    gaps = draw(st.lists(GAPS, min_size=len(words) + 1, max_size=len(words) + 1))
    text = "".join(g + w for g, w in zip(gaps, words, strict=False))
    return text[draw(st.integers(0, 1)) :] if text.startswith(" ") else text


@settings(max_examples=400, deadline=None)
@given(detail_lines(), st.integers(0, 70))
@example("a" * 18 + " \u00a0 bbb", 20)  # textwrap drops the lone NBSP at the line's end, not the space
@example("a" * 18 + "  bbb", 20)  # and keeps a run of spaces inside a line
def test_a_detail_line_wraps_as_textwrap_wraps_it(text, width):
    room = max(20, width)
    expected = (
        [text]
        if term.cell_len(text) <= room
        else textwrap.wrap(text, room, break_on_hyphens=False, break_long_words=False) or [text]
    )
    assert lists._wrap(text, width) == expected


def test_a_word_longer_than_the_line_stays_whole_on_a_line_of_its_own():
    address = "https://example.org/" + "x" * 40
    assert lists._wrap(f"see {address} for the figures", 20) == ["see", address, "for the figures"]
