"""Terminal text without Rich: widths of wide characters, colour rules, styles never crossing lines."""

from __future__ import annotations

import io

from tradetrack.render import term


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cell_len_counts_terminal_columns():
    assert term.cell_len("soybeans") == 8
    assert term.cell_len("大豆") == 4  # wide
    assert term.cell_len("e\u0301") == 1  # combining accent takes no column
    assert term.cell_len("█░ · —") == 6


def test_colour_follows_no_color_force_color_and_the_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert term.colour(Tty()) and not term.colour(io.StringIO())
    monkeypatch.setenv("TERM", "dumb")
    assert not term.colour(Tty())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert term.colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not term.colour(Tty())


def test_a_style_is_reset_before_every_newline(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    term.write([("two\nlines\n", "bold red"), ("plain", "")], out)
    assert out.getvalue() == "\x1b[1;31mtwo\x1b[0m\n\x1b[1;31mlines\x1b[0m\nplain"


def test_width_from_columns_else_80_off_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert term.width(io.StringIO()) == 132
    monkeypatch.delenv("COLUMNS")
    assert term.width(io.StringIO()) == 80


def test_the_columns_measured_without_rich_are_those_rich_counts_one():
    from rich.cells import cell_len as rich_cell_len

    assert all(rich_cell_len(c) == 1 for c in term._NARROW)
    for text in ("Commitment 0 · 99,305\u00a0t", "█░░ ─── Ωμέγα Жёлтый", "大 · 豆", "e\u0301 · x", "\u200b·"):
        assert term.cell_len(text) == rich_cell_len(text)


def test_plain_text_is_made_inert_across_pieces(monkeypatch):
    from tradetrack.core import text

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(text, "_SECRETS", {"s3cr3tkey"})
    out = io.StringIO()
    term.write([("title \x1b]0;x\x07 ", "bold"), ("s3cr", ""), ("3tkey", "dim"), ("\n", "")], out)
    assert out.getvalue() == "title \u241b]0;x\u2407 [key]\n"
