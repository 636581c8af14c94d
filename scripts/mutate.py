"""Mutation testing of the judging and loading code: does the suite notice when a rule breaks?

Two sets of mutants, each run against the fast suite (`pytest -m "not slow" -x`) in a copy of
the repository, so the working tree is never touched even if this is interrupted:

- NAMED: the regressions a review found the suite let through (issue 14), one per rule. Every
  one must be killed; the script exits 1 if any survives.
- Operator mutants: one comparison, boolean or arithmetic operator flipped at a time in the
  judging and loading modules, sampled evenly (--sample N). Survivors are listed for a person
  to read: some are equivalent (`<` for `<=` where equality cannot happen), others are gaps.

    python scripts/mutate.py                 # named mutants only
    python scripts/mutate.py --sample 40     # and 40 operator mutants
    python scripts/mutate.py --list          # list the operator mutation sites, run nothing
    python scripts/mutate.py --only measure  # only the named mutants whose name has "measure"

Takes about a minute per mutant on a 2-core machine; not part of CI.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PKG = "src/tradetrack"

# The modules that judge and load: where a flipped operator is a wrong verdict or a missed problem.
TARGETS = (
    "judge/verdict.py",
    "judge/amounts.py",
    "judge/events.py",
    "judge/rollup.py",
    "judge/record.py",
    "judge/terms.py",
    "judge/pace.py",
    "judge/query.py",
    "facts/index.py",
    "files/progress.py",
    "files/commitments.py",
    "files/rollups.py",
    "files/load.py",
    "sources/fetch.py",
    "sources/esr.py",
    "sources/census.py",
    "sources/client.py",
    "sources/replies.py",
)


class Mutant(NamedTuple):
    name: str
    file: str  # relative to src/tradetrack
    old: str
    new: str
    line: int = 0  # for operator mutants: where the token is (the snippet may repeat)
    col: int = 0


NAMED = (
    Mutant(
        "--skip-bad writes the rows it reports skipped",
        "write/batch.py",
        "if not found or not rules.skip_bad or not at_fault:",
        "if True:",
    ),
    Mutant(
        "a to-date figure and an increment may share a day",
        "write/sameday.py",
        "        if other is not None:\n",
        "        if False:\n",
    ),
    Mutant(
        "an append does not check the file is still the one read",
        "write/store.py",
        "        if not same:\n            raise _changed(path)",
        "        if False:\n            raise _changed(path)",
    ),
    Mutant(
        "check drops its cumulative (balance) problems",
        "facts/check.py",
        "problems = problems + consistency.problems(ledger)",
        "problems = problems",
    ),
    Mutant(
        "a record may hold more than one of amount, rate, event",
        "files/progress.py",
        "if len(given) != 1:",
        "if not given:",
    ),
    Mutant(
        "a tariff record need not have a rate",
        "files/progress.py",
        'elif commitment.kind == "tariff":\n        if r.rate is None:',
        'elif commitment.kind == "tariff":\n        if False:',
    ),
    Mutant(
        "amendments may be listed out of order",
        "files/checks.py",
        "if previous and a.date < previous:",
        "if False:",
    ),
    Mutant(
        "report ignores --format",
        "cli/reading.py",
        "chosen = fmt or report_format(",
        "chosen = report_format(",
    ),
    Mutant(
        "JSON status drops the inconsistencies",
        "render/fields.py",
        "_each(v.inconsistencies, _INCONSISTENCY)",
        "_each((), _INCONSISTENCY)",
    ),
    Mutant(
        "a second figure of the same day is not a revision",
        "facts/index.py",
        "if not r.increment and revisable.get(basis) == r.date:",
        "if False:",
    ),
    Mutant(
        "a declared decline is an inconsistency anyway",
        "facts/index.py",
        "if s.totals and not r.decline and value < before",
        "if s.totals and value < before",
    ),
    Mutant(
        "fetch adds a recorded figure again",
        "sources/fetch.py",
        "if old is not None and (old[0], old[1]) == (amount, unit):",
        "if False:",
    ),
    Mutant(
        "fetch does not fall back to the cache without a network",
        "sources/client.py",
        "        except _Unreachable as e:\n            return self._from_cache(request, str(e), shape)",
        "        except _Unreachable as e:\n            raise FetchError(str(e)) from None",
    ),
    Mutant(
        "a series may name no source, or two",
        "files/amountchecks.py",
        "if (s.esr is None) == (s.census is None):",
        "if False:",
    ),
    Mutant(
        "two series may share a basis",
        "files/amountchecks.py",
        "        if s.basis in seen:\n",
        "        if False:\n",
    ),
    Mutant(
        "a series may give figures the target cannot use",
        "files/amountchecks.py",
        "                convert(1.0, targets.series_unit(s), unit, counts)",
        "                pass",
    ),
    Mutant(
        "decline may mark an increment",
        "files/progress.py",
        "if r.decline and (r.amount is None or r.increment):",
        "if False:",
    ),
    Mutant(
        "fetch takes any unitId for tonnes",
        "sources/esr.py",
        "or not isinstance(unit_id, int) or unit_id not in ESR_UNITS:",
        "and False:",
    ),
    Mutant(
        "a tariff ceiling is judged as an exact rate",
        "judge/events.py",
        'if bound == "at-most":\n        return value <= goal + 1e-9',
        "if False:\n        return value <= goal + 1e-9",
    ),
    Mutant(
        "a purchase above its ceiling is not breached",
        "judge/amounts.py",
        "        if over is not None:",
        "        if False:",
    ),
    Mutant(
        "a tariff without a due date can be overdue",
        "judge/events.py",
        'waiting = "pending" if due is None or day <= due else "overdue"',
        'waiting = "pending" if due is not None and day <= due else "overdue"',
    ),
    Mutant(
        "pace compares the last figure with today's expectation",
        "judge/amounts.py",
        "ratio = actual / at_figure if at_figure else actual / expected if expected else 1.0",
        "ratio = actual / expected if expected else 1.0",
    ),
    Mutant(
        "a figure before its period counts",
        "files/progress.py",
        "if r.date < c.start and not (r.amount == 0 and not r.increment):",
        "if False:",
    ),
    Mutant(
        "a figure in the next period counts for this one",
        "files/progress.py",
        "if other is not None and c.due is not None and r.date > c.due:",
        "if False:",
    ),
    Mutant(
        "a recurring commitment's id is not resolved by the date",
        "write/record.py",
        "if c is None and pfile.periods_of(r.commitment, by_id):",
        "if False:",
    ),
    Mutant(
        "a party outside its deal passes check",
        "files/checks.py",
        "if who is not None and c.deal in parties and who not in parties[c.deal]:",
        "if False:",
    ),
    Mutant(
        "currencies convert into one another",
        "core/units.py",
        "    if src.dimension != dst.dimension:\n        hint",
        "    if src.dimension != dst.dimension and not {src.dimension, dst.dimension} <= MONEY:\n        hint",
    ),
    Mutant(
        "show and chart do not check their commitment's basis",
        "judge/query.py",
        "if basis is not None and commitment is not None:",
        "if False:",
    ),
    Mutant(
        "a row without a target on the basis reads no data",
        "judge/amounts.py",
        'return Verdict(c, day, "no-target", terms,',
        'return Verdict(c, day, "no-data", terms,',
    ),
    Mutant(
        "fetch follows redirects (the key goes along)",
        "sources/client.py",
        "follow_redirects=False",
        "follow_redirects=True",
    ),
    Mutant(
        "the key goes over plain http to any host",
        "sources/client.py",
        'if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):',
        'if parts.scheme == "http":',
    ),
    Mutant("an answer may inflate without bound", "sources/client.py", "if size > MAX_ANSWER:", "if False:"),
    Mutant(
        "a request has no overall deadline",
        "sources/client.py",
        "if time.monotonic() - start > self.deadline:",
        "if False:",
    ),
    Mutant(
        "any Retry-After is waited for",
        "sources/client.py",
        "if outcome.wait is not None and outcome.wait > MAX_WAIT:",
        "if False:",
    ),
    Mutant(
        "an answer is cached before it parses",
        "sources/client.py",
        "        parsed = parse(request, body)\n        shape(parsed)\n        if not self._pruned:",
        "        answers.store(request.url, request.params, body)\n"
        "        parsed = parse(request, body)\n        shape(parsed)\n        if not self._pruned:",
    ),
    Mutant(
        "a dead run's temporary files stay",
        "sources/answers.py",
        "stale_tmp = atomic.is_temporary(e.name)",
        "stale_tmp = False and atomic.is_temporary(e.name)",
    ),
    Mutant(
        "a write that fails midway leaves its temporary file",
        "files/atomic.py",
        "    except BaseException:\n        with suppress(OSError):\n            os.unlink(tmp)\n        raise",
        "    except BaseException:\n        raise",
    ),
    Mutant(
        "a saved answer is written in place",
        "sources/answers.py",
        'atomic.write(path, json.dumps(entry).encode("utf-8"), mode=0o600)',
        'path.write_bytes(json.dumps(entry).encode("utf-8"))',
    ),
    Mutant(
        "a cache entry is written in place",
        "facts/private.py",
        "atomic.write(path, chunks, mode=0o600, durable=False)",
        'path.write_bytes(b"".join(chunks))',
    ),
    Mutant("the cache is never pruned by age", "sources/answers.py", "now - st.st_mtime > MAX_AGE", "False"),
    Mutant(
        "the error printer prints outside text raw",
        "cli/common.py",
        'return inert(text).replace("\\n", " ") if text is not None else None',
        "return text",
    ),
    Mutant("a key echoed by a server is printed", "core/text.py", "text = redact(str(text))", "text = str(text)"),
    Mutant(
        "the old ESR host's 500 is retried as an outage",
        "sources/replies.py",
        'if request.source == "esr" and status == 500 and _json(text) == OLD_HOST_ANSWER:',
        "if False:",
    ),
    Mutant(
        "a spent hourly quota is retried",
        "sources/replies.py",
        'if request.source == "esr" and (error == "OVER_RATE_LIMIT" or',
        'if False and (error == "OVER_RATE_LIMIT" or',
    ),
    Mutant(
        "a Census key redirect reads as an ordinary redirect",
        "sources/replies.py",
        'if request.source == "census" and (\n        "x-datawebapi-keyerror"',
        'if False and (\n        "x-datawebapi-keyerror"',
    ),
    Mutant(
        "a Census HTML page is taken for an answer",
        "sources/replies.py",
        'if request.source == "census":\n                raise key_refused',
        "if False:\n                raise key_refused",
    ),
    Mutant(
        "an ESR year with no data is an error",
        "sources/replies.py",
        'if request.source == "esr" and status == 404 and error is None:',
        "if False:",
    ),
    Mutant(
        "a boundary week's sales count twice",
        "sources/esr.py",
        "            sales[(year, day)] = values[0]\n",
        "            sales[(year, day)] = sales.get((year, day), 0.0) + values[0]\n",
    ),
    Mutant(
        "a duplicate week with other figures wins silently", "sources/esr.py", "if seen[day] != values:", "if False:"
    ),
    Mutant(
        "a gap in a weekly answer is taken as a revision",
        "sources/fetch.py",
        "if figures[i][0] - figures[i - 1][0] > timedelta(days=7):",
        "if False:",
    ),
    Mutant(
        "a negative Census month is taken",
        "sources/census.py",
        "    if value < 0:  # no month's trade",
        "    if False:  # no month's trade",
    ),
    Mutant(
        "a Census code in another unit sinks the series",
        "sources/census.py",
        "                left_out.add(unit)\n                continue",
        '                raise ShapeError(f"unit {unit}")',
    ),
    Mutant(
        "a Census country written as a number is not padded",
        "files/models.py",
        'return f"{value:04d}"',
        "return str(value)",
    ),
    Mutant(
        "Census filter variables are asked for as columns",
        "sources/fetch.py",
        '                ("get", wanted),',
        '                ("get", wanted + ",CTY_CODE," + cols["commodity"]),',
    ),
    Mutant(
        "fetch plans from the written due date",
        "cli/fetching.py",
        "jobs = plan(chosen, day, lambda c: terms_on(c, day).due)",
        "jobs = plan(chosen, day)",
    ),
    Mutant(
        "--keep-going does not cover add-time problems",
        "cli/fetching.py",
        "        results, failures = _drop_refused(results, failures, data_opt, rules)",
        "        pass",
    ),
    Mutant(
        "fetch's rows are not made again under the lock",
        "write/progress.py",
        "    if rules.recompute is not None:\n        rows = rules.recompute(ledger)\n"
        "    new, skipped, problems, facts",
        "    new, skipped, problems, facts",
    ),
    Mutant(
        "an unknown series code passes check",
        "files/amountchecks.py",
        "    if refused := codes.refusal(kind, code):",
        "    if refused := None:",
    ),
    Mutant("fetched rows are not confirmed", "sources/fetch.py", '"standing": "confirmed",', '"standing": "reported",'),
    Mutant(
        "schema mistakes get the raw pydantic message",
        "files/translate.py",
        "shape = _shape_hint(field, kind, value, err)",
        "shape = None",
    ),
    Mutant(
        "an unquoted colon in a value gets no hint",
        "files/yamlread.py",
        '_colon_hint(line_of(text, line) or "", e.problem or "")\n',
        "None\n",
    ),
    Mutant(
        "the lapse radar takes in every kind",
        "judge/query.py",
        'v.commitment.kind == "suspension" and _ends_within',
        "_ends_within",
    ),
    Mutant(
        "completion ignores the --data on the line",
        "cli/common.py",
        "open_ledger(locate(_data_on_line(ctx) or",
        "open_ledger(locate(None or",
    ),
    Mutant(
        "commands keep click's {ID} placeholders",
        "cli/manual.py",
        "            info.cls = Command",
        "            pass",
    ),
    Mutant(
        "an action is dated by its last done event, not its first",
        "judge/events.py",
        "when, standing = done[0]",
        "when, standing = done[-1]",
    ),
    Mutant(
        "bases with their own baselines are compared as raw amounts",
        "judge/amounts.py",
        "    if targets.depends_on_basis(terms.target):\n        values = []",
        "    if False:\n        values = []",
    ),
    Mutant(
        "--status reported,confirmed is accepted",
        "judge/query.py",
        'if {"reported", "confirmed"} <= qualifiers:',
        "if False:",
    ),
    Mutant(
        "a measure is accepted on a record that is not a purchase or investment",
        "files/progress.py",
        "if r.measure is not None and commitment.kind not in AMOUNT_KINDS:",
        "if False:",
    ),
    Mutant(
        "changes miss what time alone moves (no bisection between dated facts)",
        "judge/changes.py",
        "if last > prev_day and _may_drift(prev):",
        "if False:",
    ),
    Mutant(
        "a change of standing (a reported amendment) is not a change",
        "judge/changes.py",
        "return (v.status, v.standing, v.confirmed_status)",
        "return (v.status, v.confirmed_status)",
    ),
    Mutant(
        "changes --status keeps only changes into the status",
        "render/moves.py",
        "query.only(ch.before) or query.only(ch.after)",
        "query.only(ch.after)",
    ),
    Mutant(
        "the feed keeps characters XML cannot hold",
        "render/atom.py",
        'return _escape(_NOT_XML.sub("\\ufffd", text))',
        "return _escape(text)",
    ),
    Mutant(
        "the site is written through a link planted inside its directory",
        "write/sitedir.py",
        "if stat.S_ISLNK(st.st_mode) or (last and not stat.S_ISREG(st.st_mode)):",
        "if last and not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):",
    ),
    Mutant(
        "the site may be written into the workspace's folder",
        "write/sitedir.py",
        "    if _data_dir(path, location):\n",
        "    if False:\n",
    ),
    Mutant(
        "a roll-up may name a part twice",
        "files/amountchecks.py",
        "        if pid in first:\n",
        "        if False:\n",
    ),
    Mutant(
        "a cycle of roll-ups passes check",
        "files/rollups.py",
        "                self.cycles.append(self._cycle(set(group)))\n",
        "                pass\n",
    ),
    Mutant(
        "roll-ups may nest without bound",
        "files/rollups.py",
        "if d == MAX_DEPTH + 1:",
        "if False:",
    ),
    Mutant(
        "a part's yearly targets are not unit-checked",
        "files/rollups.py",
        "    if recurring is not None and recurring.targets:",
        "    if False:",
    ),
    Mutant(
        "a part shared by two roll-ups is judged once per path",
        "judge/verdict.py",
        "        v = memo.get((p, basis))\n",
        "        v = None\n",
    ),
    Mutant(
        "a target of 2.5e-323 passes the file boundary",
        "files/models.py",
        "if x and abs(x) < SMALLEST_TARGET:",
        "if False:",
    ),
    Mutant(
        "a chart draws every figure",
        "render/svg.py",
        "    if len(daily) <= MAX_POINTS:",
        "    if True:",
    ),
    Mutant(
        "close dots each keep a tip (issue 26)",
        "render/svg.py",
        "    close = len(pts) > 2 and plot.x(pts[-1][0]) - plot.x(pts[0][0]) < DOT_GAP * (len(pts) - 1)",
        "    close = False",
    ),
    Mutant(
        "a path with a profile is drawn as one straight line (issue 26)",
        "judge/path.py",
        "    if v.target is None or not _linear(v) or v.terms.due is None:",
        "    if v.target is None or v.terms.due is None:",
    ),
    Mutant(
        "a history row of a rate or an event takes an amount's words (issue 26)",
        "render/recordwords.py",
        "        if r.amount is None:\n            yield r, written(r)",
        "        if False:\n            yield r, written(r)",
    ),
    Mutant(
        "a control character in a title reaches the SVG",
        "render/svg.py",
        'return _escape(_NOT_XML.sub("\\ufffd", text))',
        "return _escape(text)",
    ),
    Mutant(
        "a confirmed figure no longer supersedes a reported one",
        "facts/index.py",
        "superseded = _superseded(ordered, unit, counts) if unit is not None else {}",
        "superseded: dict[int, int] = {}",
    ),
    Mutant(
        "an unverified change is applied like a reported one",
        "judge/terms.py",
        'if a.standing == "unverified" or confirmed_only and a.standing != "confirmed":',
        'if confirmed_only and a.standing != "confirmed":',
    ),
    Mutant(
        "an unverified figure or event counts",
        "facts/index.py",
        '        if r.standing == "unverified":\n            value',
        "        if False:\n            value",
    ),
    Mutant(
        "a same-day lower figure passes unmarked",
        "facts/index.py",
        "if lower and r.revises != replaced[1] and not r.decline and not flagged:",
        "if False:",
    ),
    Mutant(
        "a decline needs no note",
        "files/progress.py",
        'if r.decline and not (r.note or "").strip():',
        "if False:",
    ),
    Mutant(
        "a stale record is not flagged",
        "render/words.py",
        "if (as_of - checked).days > STALE_RECORD_DAYS:",
        "if False:",
    ),
    Mutant(
        "revisions are not carried with the verdict",
        "judge/amounts.py",
        "revisions=tuple(r for r in facts.revisions if r.basis == basis and r.date <= day) if facts.revisions else (),",
        "revisions=(),",
    ),
    Mutant(
        "the cache trusts stat data however close to the entry's writing a file changed",
        "files/identity.py",
        "return max(ident[3], ident[6]) >= ident[7] - RACY_NS",
        "return False",
    ),
    Mutant(
        "a damaged cache entry is used",
        "facts/cache.py",
        "if len(view) != body_len + blob_len or identity.checksum(view) != crc:",
        "if False:",
    ),
    Mutant(
        "a cache entry is mapped, so a file cut or rewritten in place changes figures checked",
        "facts/private.py",
        "return f.read() if",
        "return __import__('mmap').mmap(f.fileno(), 0, access=__import__('mmap').ACCESS_READ) if",
    ),
    Mutant(
        "an entry's days outside the calendar are used",
        "facts/cache.py",
        "if n and not (1 <= s.days[0] <= s.days[-1] <= _LAST_DAY):",
        "if False:",
    ),
    Mutant(
        "the shape of a record leaves out whether a decline has its note",
        "files/load.py",
        'bool(r.decline) and not (r.note or "").strip(),',
        "False,",
    ),
)

FLIPS = {
    "<": "<=",
    "<=": "<",
    ">": ">=",
    ">=": ">",
    "==": "!=",
    "!=": "==",
    "+": "-",
    "-": "+",
    "and": "or",
    "or": "and",
}


def operator_sites() -> list[Mutant]:
    """Every operator token in the target modules (not in strings or comments), in file order."""
    out = []
    for rel in TARGETS:
        text = (ROOT / PKG / rel).read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.OP, tokenize.NAME) and tok.string in FLIPS:
                line, col = tok.start
                source_line = text.splitlines()[line - 1].strip()
                if tok.string in "+-" and source_line.startswith(("def ", "->")):
                    continue
                out.append(
                    Mutant(
                        f"{rel}:{line}: {tok.string} -> {FLIPS[tok.string]}",
                        rel,
                        tok.string,
                        FLIPS[tok.string],
                        line,
                        col,
                    )
                )
    return out


def sample(sites: list[Mutant], n: int) -> list[Mutant]:
    """n sites spread evenly through the list: deterministic, so two runs compare."""
    if n <= 0:
        return []
    if n >= len(sites):
        return sites
    step = len(sites) / n
    return [sites[int(i * step)] for i in range(n)]


def stale(tree: Path, mutants: list[Mutant]) -> list[str]:
    """The named mutants whose text is not found exactly once in their file under tree: the code
    moved on and the mutant must be updated (found before any runs, not an hour into them)."""
    out = []
    for m in mutants:
        path = tree / PKG / m.file
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if not m.line and text.count(m.old) != 1:
            out.append(f"{m.name}: {m.old!r} is found {text.count(m.old)} times in {m.file}, not once")
    return out


def apply(tree: Path, m: Mutant) -> None:
    path = tree / PKG / m.file
    text = path.read_text(encoding="utf-8")
    if m.line:
        lines = text.splitlines(keepends=True)
        row = lines[m.line - 1]
        assert row[m.col : m.col + len(m.old)] == m.old, m
        lines[m.line - 1] = row[: m.col] + m.new + row[m.col + len(m.old) :]
        text = "".join(lines)
    else:
        if text.count(m.old) != 1:
            raise SystemExit(f"mutant {m.name!r}: {m.old!r} is not found exactly once in {m.file}; update NAMED")
        text = text.replace(m.old, m.new)
    path.write_text(text, encoding="utf-8")


def run_suite(tree: Path, timeout: int, show: bool = False) -> str:
    """'killed', 'survived' or 'timeout' for the fast suite in tree; `show` prints its output."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TRADETRACK_REQUIRE_BROWSER", None)
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-m", "not slow", "-p", "no:cacheprovider", "-o", "addopts="]
    try:
        r = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if show and r.returncode:
        print(r.stdout.decode()[-3000:], r.stderr.decode()[-3000:], file=sys.stderr)
    return "survived" if r.returncode == 0 else "killed"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="also run N operator mutants")
    ap.add_argument("--list", action="store_true", help="list the operator mutation sites and stop")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per mutant")
    ap.add_argument("--only", action="append", default=[], help="run only the named mutants whose name has TEXT")
    args = ap.parse_args()
    named = [m for m in NAMED if not args.only or any(t in m.name for t in args.only)]
    sites = operator_sites()
    if args.list:
        print("\n".join(m.name for m in sites))
        print(f"{len(sites)} sites")
        return 0
    gone = stale(ROOT, named)
    if gone:
        print("update NAMED:\n" + "\n".join(gone), file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="tradetrack-mutate-"))
    try:
        pristine = work / "pristine"
        shutil.copytree(
            ROOT, pristine, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "bench", ".hypothesis")
        )
        if run_suite(pristine, args.timeout, show=True) != "survived":
            print("the fast suite fails without any mutation: fix that first", file=sys.stderr)
            return 2
        survivors = {"named": [], "operator": []}
        for group, mutants in (("named", named), ("operator", sample(sites, args.sample))):
            for m in mutants:
                tree = work / "mutant"
                shutil.rmtree(tree, ignore_errors=True)
                shutil.copytree(pristine, tree)
                apply(tree, m)
                outcome = run_suite(tree, args.timeout)
                print(f"{outcome:9} {group:8} {m.name}", flush=True)
                if outcome == "survived":
                    survivors[group].append(m.name)
        total = len(named) + min(args.sample, len(sites))
        print(f"\n{total - sum(map(len, survivors.values()))} of {total} mutants killed")
        for group, names in survivors.items():
            for name in names:
                print(f"survived ({group}): {name}")
        return 1 if survivors["named"] else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
