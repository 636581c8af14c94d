"""The file models and the in-memory domain classes stay in step, and a command served from
the cache never imports the file-parsing stack (pydantic, PyYAML)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest
from pydantic import BaseModel

from tradetrack.core import value as domain_value
from tradetrack.core import values as domain

from .conftest import contents_of


def test_a_load_holds_no_pydantic_objects(workspace):
    data = contents_of(workspace)

    def walk(value):
        assert not isinstance(value, BaseModel), value
        if isinstance(value, domain_value.Value):
            for name in value._fields:
                walk(getattr(value, name))
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)

    walk((data.settings, data.deals, data.commitments))
    assert all(isinstance(c, domain_value.Value) for c in data.commitments)
    assert len(data.commitments) == 31


WARM_RUN = """
import sys
from tradetrack.cli import main
sys.argv = ["tradetrack", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("pydantic", "yaml", "httpx", "cairosvg") if m in sys.modules)
sys.stderr.write("IMPORTED " + ",".join(heavy) + "\\n")
"""


def _imported(args, env) -> str:
    out = subprocess.run([sys.executable, "-c", WARM_RUN, *args], env=env, capture_output=True, text=True)
    return [line for line in out.stderr.splitlines() if line.startswith("IMPORTED")][-1]


def test_a_warm_status_imports_neither_pydantic_nor_yaml(workspace, tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    args = ["status", "--as-of", "2026-01-15", "--data", str(workspace)]
    assert _imported(args, env) == "IMPORTED pydantic,yaml"  # cold: parsed and validated
    assert _imported(args, env) == "IMPORTED "  # warm: from the cache
    assert _imported([*args[:-2], "--json", "--data", str(workspace)], env) == "IMPORTED "
    # A changed file is parsed again.
    with open(workspace / "progress.jsonl", "a") as f:
        f.write(
            json.dumps(
                {
                    "commitment": "cn-soybeans-2026",
                    "date": "2026-01-10",
                    "amount": 1,
                    "unit": "Mt",
                    "basis": "official",
                    "source": "test",
                }
            )
            + "\n"
        )
    assert _imported(args, env) == "IMPORTED pydantic,yaml"


def test_domain_values_are_immutable_and_compare_by_fields():
    a = domain.Amount(amount=12, unit="Mt")
    assert a == domain.Amount(amount=12, unit="Mt") != domain.Amount(amount=12, unit="t")
    assert a.replace(unit="t") == domain.Amount(amount=12, unit="t") and a.unit == "Mt"
    with pytest.raises(AttributeError):
        a.unit = "t"
    with pytest.raises(TypeError, match="missing or unknown fields"):
        domain.Amount(amount=12)
    assert pickle.loads(pickle.dumps(a)) == a


def test_the_bulk_checks_know_every_record_field():
    # A field of a shape files/bulk.py does not know switches its column-wise and row checks off
    # without a word, and every line of a large file goes through pydantic twice (a 1M-record cold
    # status went from about 4 s of parsing to about 19 s when `revises`, a strict integer, came).
    from tradetrack.files import bulk

    assert bulk.row_check() is not None, "files/bulk.py does not know a record field's shape: teach _kind it"
    assert bulk.batch_check() is not None
    row = {"commitment": "a", "date": "2026-01-02", "amount": 1, "unit": "t", "source": "s"}
    assert bulk.row_check()({**row, "revises": 3})["revises"] == 3
    for refused in (3.0, True, 0, "3"):  # what the model refuses, the fast check leaves to pydantic
        assert bulk.row_check()({**row, "revises": refused}) is None, refused
