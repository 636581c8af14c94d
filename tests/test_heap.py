"""A cold load pauses the cyclic garbage collector while it builds the records and their facts
(core/heap.py), and always resumes it."""

from __future__ import annotations

import gc

import pytest

from tradetrack.core.heap import many_objects
from tradetrack.facts import index, ledger
from tradetrack.files import progress
from tradetrack.files.workspace import locate

from .conftest import MINIMAL, write_ws

RECORD = '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}\n'


def test_the_collector_resumes_however_the_block_ends():
    assert gc.isenabled()
    with many_objects():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), many_objects():
        raise KeyError
    assert gc.isenabled()
    gc.disable()
    try:
        with many_objects():
            pass
        assert not gc.isenabled()  # it was not running: it is not started
    finally:
        gc.enable()


def test_records_and_facts_are_built_with_the_collector_paused(tmp_path, monkeypatch):
    seen = []
    for module, name in ((progress, "parse"), (index, "facts_by_id")):
        real = getattr(module, name)

        def spy(*args, real=real, **kwargs):
            seen.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    ws = write_ws(tmp_path / "w", MINIMAL, RECORD)
    built, problems = ledger.loaded(locate(str(ws)))
    assert problems == [] and built is not None and built.facts["buy"].series
    assert seen == [False, False] and gc.isenabled()


def test_the_lists_are_laid_out_with_the_collector_paused(monkeypatch):
    from tradetrack.render import lists

    seen = []
    monkeypatch.setattr(lists, "_rows", lambda rows: seen.append(gc.isenabled()) or [])
    lists.status_table([], ["title"], 80)
    assert seen == [False] and gc.isenabled()


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_a_report_is_rendered_with_the_collector_paused(fmt, tmp_path, monkeypatch):
    from datetime import date

    from tradetrack.cli.common import open_data
    from tradetrack.render import html, markdown, report

    seen = []
    for module, name in ((markdown, "report"), (html, "page"), (report, "tidy")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real: seen.append(gc.isenabled()) or real(*a))
    monkeypatch.setattr("tradetrack.render.jsonout.dumps", lambda obj: seen.append(gc.isenabled()) or "{}")
    ledger_ = open_data(str(write_ws(tmp_path / "w", MINIMAL, RECORD)))
    basis = {"basis": "usda-esr", "basis_from": "default", "own_bases": []}
    report.render_report(ledger_, [], {}, date(2026, 6, 30), fmt, basis)
    assert seen == [False] and gc.isenabled()


def test_records_read_back_are_built_with_the_collector_paused(monkeypatch):
    from tradetrack.files import jsonl

    seen = []
    real = jsonl._built
    monkeypatch.setattr(jsonl, "_built", lambda *a: seen.append(gc.isenabled()) or real(*a))
    line = '{"commitment": "buy", "date": "2026-01-05", "amount": 5, "unit": "t", "source": "x"}\n'
    assert [r.amount for r in jsonl.trusted_records(line)] == [5]
    assert seen == [False] and gc.isenabled()
