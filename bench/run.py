"""Benchmark tradetrack as whole processes, against floors measured in the same run.

    python bench/run.py [--repeat 5] [--quick] [--only TARGET]

Builds deterministic workspaces under bench/work/ (the bundled data; 1,000 commitments with
10,000 records; 1,000 with 100,000; and 1,000 with 1,000,000, 137 MB, built once into
$TRADETRACK_BENCH_CACHE, default ~/.cache/tradetrack-bench, and reused across runs), then
reports the median wall time and the peak memory (maximum RSS) of each command, with ratios
to two floors: importing typer, rich, pydantic and yaml, and a bare yaml.load(CSafeLoader) of
the same 100k data written as YAML. beancount's bean-check on a 100,000-transaction ledger is
timed too when it is installed (pip install beancount, in the same environment or on PATH).
Then it checks the targets of issues 6 and 26.

--only TARGET builds only the workspaces one target needs and times only its commands beside
their floor, in one round-robin run (the TARGETS below), then prints that target's ratios.

Machines here are shared: read ratios within one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from targets import REPORT_FORMATS, report  # bench/, the script's own directory

from tradetrack.files import identity

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
PY = sys.executable
BIN = Path(PY).parent
# What a user runs: the installed script, else the module.
TT = [str(BIN / "tradetrack")] if (BIN / "tradetrack").exists() else [PY, "-m", "tradetrack"]
AS_OF = ["--as-of", "2026-06-30"]

# Each command runs under this small launcher, which times it and reads its peak RSS from
# RUSAGE_CHILDREN. Spawning from the bench process itself would report the bench's own size:
# a vfork'd child's peak includes the parent's memory from before its exec.
LAUNCHER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - t
print(json.dumps([elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code]))
"""


def build(name: str, commitments: int, records: int, yaml_copy: bool = True, root: Path = WORK) -> Path:
    """A workspace of purchases with weekly to-date figures on two bases (and, if asked, the same
    records as YAML, for the YAML floor). Deterministic: seeded by its name and size. Lines are
    formatted directly (as json.dumps would write them), so the 1M workspace builds in seconds."""
    ws = root / name
    if (ws / "progress.jsonl").exists():
        return ws
    ws.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{name}-{commitments}-{records}")
    lines = ["version: 1", "settings:", "  default_basis: usda-esr", "commitments:"]
    for i in range(commitments):
        lines += [
            f"  - id: c{i:04d}",
            "    kind: purchase",
            "    deal: bench",
            f"    title: Commitment {i}",
            f"    party: P{i % 7}",
            "    commodity: soybeans",
            "    target: {amount: 1000000, unit: t}",
            "    start: 2024-01-01",
            "    due: 2026-12-31",
            "    sources: [{title: bench}]",
        ]
    (ws / "commitments.yaml").write_text("\n".join(lines) + "\n")
    start = date(2024, 1, 1).toordinal()
    per = records // commitments
    days = [date.fromordinal(start + k * 7).isoformat() for k in range(per)]
    with (
        open(ws / "progress.jsonl", "w") as out,
        open(os.devnull if not yaml_copy else ws / "progress.yaml", "w") as ya,
    ):
        for i in range(commitments):
            running = {"usda-esr": 0, "trade-estimate": 0}
            chunk, ychunk = [], []
            for k in range(per):
                basis = "usda-esr" if k % 3 else "trade-estimate"
                running[basis] += rng.randint(0, 2000)  # to-date totals never fall
                chunk.append(
                    f'{{"commitment": "c{i:04d}", "date": "{days[k]}", "amount": {running[basis]}, '
                    f'"unit": "t", "basis": "{basis}", "source": "https://example.org/esr"}}\n'
                )
                if yaml_copy:
                    ychunk.append(
                        f"- {{commitment: c{i:04d}, date: {days[k]}, amount: {running[basis]}, unit: t, "
                        f"basis: {basis}, source: https://example.org/esr}}\n"
                    )
            out.write("".join(chunk))
            ya.write("".join(ychunk))
    # Files changed within 2 s of being read are "racy" (files/identity.py): the first warm runs
    # would read them again, as they should, and a timed run would weigh that (the 1M warm
    # status's peak went from 46 to 166 MiB). A user's files are seldom that new: wait it out.
    time.sleep(identity.RACY_NS / 1e9 + 0.1)
    return ws


def ledger(n: int) -> Path:
    path = WORK / "ledger.beancount"
    if path.exists():
        return path
    rng = random.Random(n)
    out = [
        'option "operating_currency" "USD"',
        "2020-01-01 open Assets:Bank USD",
        "2020-01-01 open Expenses:Food USD",
        "2020-01-01 open Income:Salary USD",
        "",
    ]
    day = date(2020, 1, 2)
    for i in range(n):
        d = day + timedelta(days=i // 50)
        out += [
            f'{d} * "Payee {i % 97}" "Transaction {i}"',
            f"  Expenses:Food  {rng.randint(1, 9999) / 100:.2f} USD",
            "  Assets:Bank",
            "",
        ]
    path.write_text("\n".join(out))
    return path


def bundled_copy() -> Path:
    """The bundled data in a workspace of its own, so adds do not touch the package."""
    ws = WORK / "bundled"
    ws.mkdir(parents=True, exist_ok=True)
    src = Path(
        json.loads(
            subprocess.run(TT + ["status", "--json", *AS_OF], capture_output=True, text=True, check=True).stdout
        )["data"]
    ).parent
    copied = False
    for name in ("commitments.yaml", "progress.jsonl"):
        if not (ws / name).exists() or (ws / name).read_bytes() != (src / name).read_bytes():
            shutil.copyfile(src / name, ws / name)
            copied = True
    # As in build: files copied this instant are "racy" for 2 s, so the first warm statuses would
    # read them again (the start-up block, timed first, had its bundled status at 1.1-1.2x the
    # import floor instead of the 0.7-0.9x of the same status later in the run).
    if copied:
        time.sleep(identity.RACY_NS / 1e9 + 0.1)
    return ws


def once(cmd: list[str], env: dict) -> tuple[float, float]:
    out = subprocess.run([PY, "-c", LAUNCHER, *cmd], env=env, capture_output=True, text=True, check=True)
    elapsed, peak, code = json.loads(out.stdout)
    if code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return elapsed, peak


class Bench:
    def __init__(self, repeat: int, env: dict) -> None:
        self.repeat, self.env = repeat, env
        self.rows: dict[str, tuple[float, float]] = {}

    def run(self, *specs, repeat: int | None = None) -> None:
        """Time each spec (label, command[, before]) `repeat` times, round-robin, so specs whose
        ratio matters share the machine's moods; record the median seconds and highest peak
        RSS (MiB). A command is a list, or a function giving a fresh one each run (for adds).
        A spec without `before` (which makes each run cold) gets one untimed warm-up run. A label
        given more than once is timed at each of its places in the round (a divisor beside each
        of the commands it divides), and its median is over all those runs."""
        specs = [(label, cmd, before[0] if before else None) for label, cmd, *before in specs]
        first = {label: (cmd, before) for label, cmd, before in reversed(specs)}

        def command(cmd):
            return cmd() if callable(cmd) else cmd

        for cmd, before in first.values():
            if before is None:
                once(command(cmd), self.env)
        times: dict[str, list[float]] = {label: [] for label, _, _ in specs}
        peaks: dict[str, list[float]] = {label: [] for label, _, _ in specs}
        for _ in range(repeat or self.repeat):
            for label, cmd, before in specs:
                if before:
                    before()
                t, mem = once(command(cmd), self.env)
                times[label].append(t)
                peaks[label].append(mem)
        for label in times:
            self.rows[label] = (statistics.median(times[label]), max(peaks[label]))
            print(f"  {label}: {self.rows[label][0]:.3f} s ({len(times[label])} runs)", file=sys.stderr, flush=True)

    def t(self, label: str) -> float:
        return self.rows[label][0]


# --only: each target, what it times (each beside its floor, in one round-robin run).
TARGETS = {
    "startup": "--help and a warm bundled status, beside the import floor",
    "warm1m": "warm status on the 1M workspace, beside a warm bundled status",
    "cold1m": "cold status on the 1M workspace, beside json.loads of every line",
    "report100k": "report in every format on 100k, warm, beside a warm bundled status",
    "add": "progress add on 100k beside the bundled add, then status --json right after",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        epilog="targets for --only:\n" + "\n".join(f"  {k:<11} {v}" for k, v in TARGETS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100k and 1M workspaces and bean-check")
    parser.add_argument("--only", choices=TARGETS, metavar="TARGET", help="time one target (listed below)")
    args = parser.parse_args()
    # The 1M workspace is big to build (137 MB): it lives outside bench/work, kept between runs.
    big_root = Path(os.environ.get("TRADETRACK_BENCH_CACHE") or Path.home() / ".cache" / "tradetrack-bench")
    cache_home = WORK / "cache"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), XDG_DATA_HOME=str(WORK / "xdg"), NO_COLOR="1", COLUMNS="120")
    env.pop("TRADETRACK_DATA", None)
    env.pop("TRADETRACK_NO_CACHE", None)
    # As installed by pip: modules compiled once. (Some sandboxes set this, which would make
    # every run compile tradetrack's source again while the floor's packages are compiled.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.update(env)

    def cold() -> None:
        shutil.rmtree(cache_home, ignore_errors=True)

    if args.only:
        b = Bench(args.repeat, env)
        only(args.only, b, big_root, cold)
        report(b, args.repeat)
        return
    sizes = {"10k": build("w10k", 1000, 10_000)}
    if not args.quick:
        sizes["100k"] = build("w100k", 1000, 100_000)
        million = build("w1m", 1000, 1_000_000, yaml_copy=False, root=big_root)
    bundled = bundled_copy()
    b = Bench(args.repeat, env)
    data = ["--data", str(bundled)]
    b.run(*startup(bundled))
    if "100k" in sizes:
        ws = sizes["100k"]
        b.run(
            (
                "floor: yaml.load(CSafeLoader) of the 100k files",
                [
                    PY,
                    "-c",
                    (
                        "import yaml\n"
                        f"yaml.load(open({str(ws / 'commitments.yaml')!r}), Loader=yaml.CSafeLoader)\n"
                        f"yaml.load(open({str(ws / 'progress.yaml')!r}), Loader=yaml.CSafeLoader)"
                    ),
                ],
                lambda: None,
            ),
            repeat=1,
        )
    for what in (["status"], ["status", "--json"], ["report"]):
        name = " ".join(what)
        # The sizes side by side (and, warm, the bundled data): cold, then warm.
        b.run(*[(f"{name}, {size}, cold", TT + what + AS_OF + ["--data", str(ws)], cold) for size, ws in sizes.items()])
        b.run(
            *[(f"{name}, {size}, warm", TT + what + AS_OF + ["--data", str(ws)]) for size, ws in sizes.items()],
            (f"{name}, bundled, warm, beside them", TT + what + AS_OF + data),
        )
    if "100k" in sizes:
        issue26(b, sizes["100k"], million, bundled, cold)
    adds(b, bundled, sizes.get("100k"))
    if "100k" in sizes:  # issue 24: changes over a year beside a warm status of the same workspace
        year = ["--since", "2025-07-01", "--until", "2026-06-30", "--data", str(sizes["100k"])]
        b.run(
            ("changes over a year, 100k, warm", TT + ["changes", *year]),
            # 2024: the year the bench's weekly figures fall in (2,000 changes; no target set)
            (
                "changes over 2024, 100k, warm",
                TT + ["changes", "--since", "2024-01-01", "--until", "2024-12-31", "--data", str(sizes["100k"])],
            ),
            ("status, 100k, warm, beside changes", TT + ["status", *AS_OF, "--data", str(sizes["100k"])]),
        )
    b.run(  # issue 24: the site, on the bundled data and on 1,000 commitments
        ("site, bundled", TT + ["site", "-o", str(WORK / "site-bundled"), *AS_OF, *data]),
        (
            "site, 1,000 commitments (10k records)",
            TT + ["site", "-o", str(WORK / "site-10k"), *AS_OF, "--data", str(sizes["10k"])],
        ),
    )
    bean = BIN / "bean-check" if (BIN / "bean-check").exists() else shutil.which("bean-check")
    if bean and "100k" in sizes:
        b.run(
            (
                "bean-check, 100,000 transactions, cold",
                [str(bean), str(ledger(100_000))],
                lambda: [p.unlink() for p in WORK.glob("*.picklecache")],
            ),
            repeat=max(1, args.repeat // 2),
        )
    report(b, args.repeat)


def only(target: str, b: Bench, big_root: Path, cold) -> None:
    """One target's commands beside its floor, building only the workspaces it needs."""
    if target == "startup":
        b.run(*startup(bundled_copy()))
    elif target == "warm1m":
        warm1m(b, build("w1m", 1000, 1_000_000, yaml_copy=False, root=big_root), bundled_copy())
    elif target == "cold1m":
        cold1m(b, build("w1m", 1000, 1_000_000, yaml_copy=False, root=big_root), cold)
    elif target == "report100k":
        reports(b, build("w100k", 1000, 100_000), bundled_copy())
    elif target == "add":
        w100k, bundled = build("w100k", 1000, 100_000), bundled_copy()
        for ws in (w100k, bundled):  # the caches a full run's statuses leave before its adds
            once(TT + ["status", "--json", *AS_OF, "--data", str(ws)], b.env)
        adds(b, bundled, w100k)


def startup(bundled: Path) -> list[tuple[str, list[str]]]:
    data = ["--data", str(bundled)]
    return [
        ("floor: import typer, rich, pydantic, yaml", [PY, "-c", "import typer, rich, pydantic, yaml"]),
        ("tradetrack --help", TT + ["--help"]),
        ("status, bundled, warm", TT + ["status", *AS_OF, *data]),
        ("status --json, bundled, warm", TT + ["status", "--json", *AS_OF, *data]),
    ]


def adds(b: Bench, bundled: Path, w100k: Path | None) -> None:
    """progress add on the bundled copy (and on 100k, beside it), then status --json on 100k
    right after an add, which must find the cache the add left: it costs what a warm status
    costs (beside one), plus reading the file the add just wrote once to take its CRC-32, since
    its stat data is too recent to trust (git's racy rule)."""
    # Each add's to-date figure is above every earlier one, in this run and in those before it
    # (the workspaces are kept): a figure below the day's last is refused as inconsistent.
    counter = iter(range(10**7 + int(time.time()) * 1000, 10**15))

    def add(ws: Path, cid: str):
        return lambda: TT + ["progress", "add", cid, "--date", "2026-01-01", "--amount", str(next(counter))] + [
            "--unit", "t", "--source", "bench", "--data", str(ws)
        ]  # fmt: skip

    runs = [("progress add, bundled copy", add(bundled, "cn-soybeans-2026"))]
    if w100k:
        runs.append(("progress add, 100k", add(w100k, "c0000")))
    b.run(*runs)
    if w100k:  # each timed status comes right after an untimed add, beside a warm bundled one
        after = TT + ["status", "--json", *AS_OF, "--data", str(w100k)]
        b.run(
            ("status --json, 100k, right after an add", after, lambda: once(add(w100k, "c0000")(), b.env)),
            ("status --json, 100k, warm, beside the adds", after),
            ("status --json, bundled, warm, beside the adds", [*after[:-1], str(bundled)]),
        )


def issue26(b: Bench, w100k: Path, million: Path, bundled: Path, cold) -> None:
    """Issue 26's measurements, each beside its floor in the same round-robin: warm and cold
    status on 1M records, and every report format on 100k, against a warm bundled status."""
    warm1m(b, million, bundled)
    cold1m(b, million, cold)
    status = TT + ["status", *AS_OF]
    b.run(  # the cache the cold runs removed, made again, so later runs are warm
        ("status, 1M, warm again", status + ["--data", str(million)]), repeat=1
    )
    reports(b, w100k, bundled)


def warm1m(b: Bench, million: Path, bundled: Path) -> None:
    status = TT + ["status", *AS_OF]
    b.run(
        ("status, 1M, warm", status + ["--data", str(million)]),
        ("status, bundled, warm, beside 1M", status + ["--data", str(bundled)]),
    )


def cold1m(b: Bench, million: Path, cold) -> None:
    status = TT + ["status", *AS_OF]
    lines = str(million / "progress.jsonl")
    b.run(
        ("status, 1M, cold", status + ["--data", str(million)], cold),
        (
            "floor: json.loads of every line, 1M",
            [PY, "-c", f"import json\nfor x in open({lines!r}): json.loads(x)"],
            cold,
        ),
        repeat=max(1, b.repeat // 2),
    )


def reports(b: Bench, w100k: Path, bundled: Path) -> None:
    """Each format's report, each followed by the divisor, a warm bundled status: the divisor is
    timed as often as the reports and beside each of them (timed once a round, it swung 0.11 to
    0.16 s from run to run, more than the margin of the ratios it divides)."""
    status = ("status, bundled, warm, beside reports", TT + ["status", *AS_OF, "--data", str(bundled)])
    specs = []
    for fmt in REPORT_FORMATS:
        specs += [
            (f"report --format {fmt}, 100k, warm", TT + ["report", "--format", fmt, *AS_OF, "--data", str(w100k)]),
            status,
        ]
    b.run(*specs)


if __name__ == "__main__":
    main()
