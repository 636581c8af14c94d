"""Hostile and broken input: never a traceback, always a clear message and exit 2, and the
data files unchanged whenever the exit is 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import BUNDLED, MINIMAL, examples, write_ws

BILLION_LAUGHS = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    + "commitments: *i\n"
)


def test_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path):
    ws = write_ws(tmp_path / "w", BILLION_LAUGHS)
    # The check runs under a launcher of its own: RUSAGE_CHILDREN of this process would report
    # the largest child any earlier test started, not this one.
    launcher = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(p.stderr); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(p.returncode)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", launcher, sys.executable, "-m", "tradetrack", "check", "--data", str(ws)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    peak_mib = int(proc.stdout.split()[-1]) / 1024
    assert proc.returncode == 2
    assert "expands to more than 200,000 values" in proc.stderr
    assert peak_mib < 200, peak_mib


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            b"\xef\xbb\xbf" + MINIMAL.encode(),
            "FILE:1:1: the file starts with a byte-order mark\n  hint: save it as UTF-8 without BOM",
        ),
        (
            MINIMAL.encode().replace(b"Buy 100 t", b"Buy \xff100 t"),
            "FILE:8:16: the file is not valid UTF-8 (byte 0xff)\n  hint: save the file as UTF-8",
        ),
        (b"   \n\n", "FILE: the file is empty"),
        (b"# only a comment\n", "FILE: the file holds no data"),
    ],
)
def test_unreadable_files(cli, tmp_path, raw, message):
    ws = tmp_path / "w"
    ws.mkdir()
    (ws / "commitments.yaml").write_bytes(raw)
    r = cli("status", "--data", ws)
    assert r.code == 2 and r.err.replace(str(ws / "commitments.yaml"), "FILE").startswith(message), r


def test_a_directory_where_the_file_should_be(cli, tmp_path):
    (tmp_path / "w" / "commitments.yaml" / "commitments.yaml").mkdir(parents=True)
    r = cli("check", "--data", tmp_path / "w" / "commitments.yaml")
    assert r.code == 2
    assert "this is a directory, not a file" in r.err


@pytest.mark.parametrize("word", ["yes", "on", "off", "No", "TRUE"])
def test_yaml_11_booleans_get_a_quote_hint(cli, tmp_path, word):
    ws = write_ws(tmp_path / "w", MINIMAL.replace("party: CN", f"party: {word}"))
    r = cli("check", "--data", ws)
    assert r.code == 2 and f'hint: quote it: party: "{word}"' in r.err


# --- property-based: thousands of broken files and command lines ---------------------------

BUNDLED_TEXT = (BUNDLED / "commitments.yaml").read_text(encoding="utf-8")
BUNDLED_LINES = BUNDLED_TEXT.splitlines(keepends=True)
NOISE = st.text(
    alphabet=":-[]{}!&*#|>'\"\t\n\r 0123456789abcNOyes.%@`\\\xff\u00e9\x1b\x07\x9b\u202e\u2028\u200b", max_size=12
) | st.sampled_from(["1e308", ".inf", "-.nan", "1" * 40, "[" * 300, "\r", "\r\n"])


@st.composite
def mutated_file(draw) -> str:
    lines = list(BUNDLED_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "noise", "truncate", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "noise":
            j = draw(st.integers(0, max(0, len(lines[i]) - 1)))
            lines[i] = lines[i][:j] + draw(NOISE) + lines[i][j:]
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            lines[i] = " " + lines[i]
        if not lines:
            break
    return "".join(lines)


def snapshot(ws: Path) -> dict:
    return {p.name: p.read_bytes() for p in ws.iterdir() if p.is_file()}


@pytest.mark.slow
@settings(max_examples=examples(250), deadline=None, suppress_health_check=list(HealthCheck))
@given(text=mutated_file())
def test_mutated_commitments_files(cli, tmp_path_factory, text):
    ws = tmp_path_factory.mktemp("m")
    (ws / "commitments.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))
    (ws / "progress.jsonl").write_bytes((BUNDLED / "progress.jsonl").read_bytes())
    before = snapshot(ws)
    for args in (("check",), ("status", "--as-of", "2026-11-27"), ("report", "--as-of", "2026-01-15")):
        r = cli(*args, "--data", ws)
        assert r.code in (0, 1, 2)
        if r.code == 2:
            assert r.err.strip(), "exit 2 needs a message"
    assert snapshot(ws) == before


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["\x1b]52;c;eA==\x07", "\u202e", "2026-W01-1", "1,5"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FIELDS = st.sampled_from(
    ["commitment", "date", "amount", "unit", "increment", "rate", "event", "basis", "source", "note", "extra"]
)


@st.composite
def progress_line(draw) -> str:
    record = {
        "commitment": draw(st.sampled_from(["buy", "nope", ""])),
        "date": "2026-01-05",
        "amount": 5,
        "unit": "t",
        "source": "x",
    }
    for _ in range(draw(st.integers(0, 3))):
        record[draw(FIELDS)] = draw(JSON_VALUES | st.sampled_from(["2026-01-06", "t", "Mt", "USD", "done"]))
    text = json.dumps(record)  # NaN and infinities are written as the tokens Python reads back
    if draw(st.integers(0, 9)) == 0:
        text = text[:-1] + ', "note": ' + "[" * 1100 + "]" * 1100 + "}"
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(NOISE) + text[cut:]
    return text


@pytest.mark.slow
@settings(max_examples=examples(300), deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(progress_line(), min_size=1, max_size=4), end=st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
def test_broken_progress_files(cli, tmp_path_factory, lines, end):
    ws = write_ws(tmp_path_factory.mktemp("p"), MINIMAL)
    (ws / "progress.jsonl").write_bytes((end.join(lines) + end).encode("utf-8", "surrogatepass"))
    before = snapshot(ws)
    r = cli("status", "--data", ws, "--as-of", "2026-01-07", "--json")
    assert r.code in (0, 2)
    if r.code == 0:
        json.loads(r.out)
    else:
        assert r.err.strip() and r.out == ""
    assert snapshot(ws) == before


TOKENS = st.sampled_from(
    [
        "status",
        "show",
        "progress",
        "add",
        "list",
        "report",
        "check",
        "schema",
        "where",
        "--as-of",
        "--json",
        "--kind",
        "--party",
        "--status",
        "--basis",
        "--fail-on",
        "--lapsing",
        "--date",
        "--amount",
        "--unit",
        "--rate",
        "--event",
        "--source",
        "--note",
        "--dry-run",
        "--increment",
        "-o",
        "--format",
        "buy",
        "byu",
        "2026-01-05",
        "2026/01/05",
        "5",
        "-1",
        "1e309",
        "nan",
        "t",
        "Mt",
        "USD",
        "done",
        "lapsed",
        "behind,missed",
        "purchase",
        "md",
        "x",
        "",
        "--",
        "-h",
        "inf",
        "1e308",
        "2026-W01-1",
        "--new-basis",
        "--again",
        "--tag",
        "--since",
        "--summary",
        "late,reported",
        "in force",
        "--deal",
        "--version",
        "import",
        "csv",
        "chart",
        "r.html",
        "r.csv",
        "r.json",
        "c.svg",
    ]
)
OUTPUT_SUFFIXES = (".md", ".html", ".csv", ".json", ".svg")


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None, suppress_health_check=list(HealthCheck))
@given(args=st.lists(TOKENS, min_size=1, max_size=9))
def test_random_command_lines(cli, tmp_path_factory, args):
    ws = write_ws(
        tmp_path_factory.mktemp("c"),
        MINIMAL,
        '{"commitment": "buy", "date": "2026-01-02", "amount": 1, "unit": "t", "source": "x"}\n',
    )
    before = snapshot(ws)
    out = tmp_path_factory.mktemp("out")
    args = list(args)
    for i, a in enumerate(args[:-1]):  # keep any output inside the sandbox, with the format it asked for
        if a in ("-o", "--output"):
            suffix = Path(args[i + 1]).suffix if Path(args[i + 1]).suffix in OUTPUT_SUFFIXES else ".md"
            args[i + 1] = str(out / f"written{i}{suffix}")
    r = cli(*args, "--data", ws) if args[0] not in ("schema",) else cli(*args)
    assert r.code in (0, 1, 2)
    if r.code == 2:
        assert r.err.strip()
        assert snapshot(ws) == before
        assert not list(out.iterdir()), "a refused command wrote its output"
