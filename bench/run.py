"""Benchmark tradetrack as whole processes, against floors measured in the same run.

    python bench/run.py [--repeat 5] [--quick]

Builds deterministic workspaces under bench/work/ (the bundled data; 1,000 commitments with
10,000 records; 1,000 with 100,000; and 1,000 with 1,000,000, 137 MB, built once into
$TRADETRACK_BENCH_CACHE, default ~/.cache/tradetrack-bench, and reused across runs), then
reports the median wall time and the peak memory (maximum RSS) of each command, with ratios
to two floors: importing typer, rich, pydantic and yaml, and a bare yaml.load(CSafeLoader) of
the same 100k data written as YAML. beancount's bean-check on a 100,000-transaction ledger is
timed too when it is installed (pip install beancount, in the same environment or on PATH).
Then it checks the targets of issues 6 and 26.

Machines here are shared: read ratios within one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

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
    for name in ("commitments.yaml", "progress.jsonl"):
        shutil.copyfile(src / name, ws / name)
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
        A spec without `before` (which makes each run cold) gets one untimed warm-up run."""
        specs = [(label, cmd, before[0] if before else None) for label, cmd, *before in specs]

        def command(cmd):
            return cmd() if callable(cmd) else cmd

        for _, cmd, before in specs:
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
        for label, _, _ in specs:
            self.rows[label] = (statistics.median(times[label]), max(peaks[label]))
            print(f"  {label}: {self.rows[label][0]:.3f} s", file=sys.stderr, flush=True)

    def t(self, label: str) -> float:
        return self.rows[label][0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100k and 1M workspaces and bean-check")
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

    sizes = {"10k": build("w10k", 1000, 10_000)}
    if not args.quick:
        sizes["100k"] = build("w100k", 1000, 100_000)
        million = build("w1m", 1000, 1_000_000, yaml_copy=False, root=big_root)
    bundled = bundled_copy()
    b = Bench(args.repeat, env)
    data = ["--data", str(bundled)]
    b.run(
        ("floor: import typer, rich, pydantic, yaml", [PY, "-c", "import typer, rich, pydantic, yaml"]),
        ("tradetrack --help", TT + ["--help"]),
        ("status, bundled, warm", TT + ["status", *AS_OF, *data]),
        ("status --json, bundled, warm", TT + ["status", "--json", *AS_OF, *data]),
    )
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
    counter = iter(range(1, 10**6))

    def add(ws: Path, cid: str):
        return lambda: (
            TT
            + [
                "progress",
                "add",
                cid,
                "--date",
                "2026-01-01",
                "--amount",
                str(10**7 + next(counter)),
                "--unit",
                "t",
                "--source",
                "bench",
                "--data",
                str(ws),
            ]
        )

    adds = [("progress add, bundled copy", add(bundled, "cn-soybeans-2026"))]
    if "100k" in sizes:
        adds.append(("progress add, 100k", add(sizes["100k"], "c0000")))
    b.run(*adds)
    if "100k" in sizes:
        # One run, no warm-up: it must find the cache the adds left.
        b.run(
            (
                "status --json, 100k, right after the adds",
                TT + ["status", "--json", *AS_OF, "--data", str(sizes["100k"])],
                lambda: None,
            ),
            repeat=1,
        )
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
    report(b, bool(bean), args.repeat)


def issue26(b: Bench, w100k: Path, million: Path, bundled: Path, cold) -> None:
    """Issue 26's measurements, each beside its floor in the same round-robin: warm and cold
    status on 1M records, and every report format on 100k, against a warm bundled status."""
    status = TT + ["status", *AS_OF]
    b.run(
        ("status, 1M, warm", status + ["--data", str(million)]),
        ("status, bundled, warm, beside 1M", status + ["--data", str(bundled)]),
    )
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
    b.run(  # the cache the cold runs removed, made again, so later runs are warm
        ("status, 1M, warm again", status + ["--data", str(million)]), repeat=1
    )
    b.run(
        *[
            (f"report --format {fmt}, 100k, warm", TT + ["report", "--format", fmt, *AS_OF, "--data", str(w100k)])
            for fmt in REPORT_FORMATS
        ],
        ("status, bundled, warm, beside reports", status + ["--data", str(bundled)]),
    )


REPORT_FORMATS = ("md", "html", "csv", "json")


def issue26_checks(b: Bench) -> list[tuple[str, float, float]]:
    bundled = b.t("status, bundled, warm, beside 1M")
    checks = [
        ("warm status, 1M ≤ 2× warm bundled status", b.t("status, 1M, warm") / bundled, 2.0),
        ("peak memory, warm status 1M < 200 MiB", b.rows["status, 1M, warm"][1], 200),
        (
            "cold status, 1M ≤ 3× json.loads of every line",
            b.t("status, 1M, cold") / b.t("floor: json.loads of every line, 1M"),
            3.0,
        ),
        ("peak memory, cold status 1M < 1024 MiB", b.rows["status, 1M, cold"][1], 1024),
    ]
    beside = b.t("status, bundled, warm, beside reports")
    for fmt in REPORT_FORMATS:
        checks.append(
            (
                f"report --format {fmt}, 100k ≤ 8× warm bundled status",
                b.t(f"report --format {fmt}, 100k, warm") / beside,
                8.0,
            )
        )
    return checks


def report(b: Bench, bean: bool, repeat: int) -> None:
    floor = b.t("floor: import typer, rich, pydantic, yaml")
    yaml_floor = b.rows.get("floor: yaml.load(CSafeLoader) of the 100k files", (None,))[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; repeat {repeat}, medians; peak = maximum RSS of the process\n"
    )
    print("| command | median s | × import floor | × YAML floor | peak MiB |\n|---|---:|---:|---:|---:|")
    for label, (t, mem) in b.rows.items():
        yf = f"{t / yaml_floor:.2f}" if yaml_floor else ""
        print(f"| {label} | {t:.3f} | {t / floor:.2f} | {yf} | {mem:.0f} |")
    if "status, 100k, cold" in b.rows:
        print("\nGrowth from 10k to 100k records (10× the records):\n")
        print("| command | 10k s | 100k s | × |\n|---|---:|---:|---:|")
        for what in ("status", "status --json", "report"):
            for state in ("cold", "warm"):
                t10, t100 = b.t(f"{what}, 10k, {state}"), b.t(f"{what}, 100k, {state}")
                print(f"| {what}, {state} | {t10:.3f} | {t100:.3f} | {t100 / t10:.2f} |")
    checks = [
        ("--help ≤ 1.2× import floor", b.t("tradetrack --help") / floor, 1.2),
        ("status, bundled ≤ 1.2× import floor", b.t("status, bundled, warm") / floor, 1.2),
        ("site, bundled ≤ 2 s", b.t("site, bundled"), 2.0),
    ]
    if "status, 100k, cold" in b.rows:
        checks += [
            (
                "warm status --json, 100k ≤ 2× bundled",
                b.t("status --json, 100k, warm") / b.t("status --json, bundled, warm, beside them"),
                2.0,
            ),
            ("progress add, 100k ≤ 2× bundled", b.t("progress add, 100k") / b.t("progress add, bundled copy"), 2.0),
            (
                "status --json right after the adds ≤ 2× bundled (still warm)",
                b.t("status --json, 100k, right after the adds") / b.t("status --json, bundled, warm, beside them"),
                2.0,
            ),
            ("peak memory, warm status 100k ≤ 150 MiB", b.rows["status, 100k, warm"][1], 150),
            (
                "changes over a year, 100k ≤ 5× warm status",
                b.t("changes over a year, 100k, warm") / b.t("status, 100k, warm, beside changes"),
                5.0,
            ),
        ]
        checks += issue26_checks(b)
        if bean:
            checks.append(
                (
                    "cold status, 100k ≤ 0.5× bean-check",
                    b.t("status, 100k, cold") / b.t("bean-check, 100,000 transactions, cold"),
                    0.5,
                )
            )
    print("\nTargets (issues 6 and 26):\n\n| target | measured | met |\n|---|---:|:---:|")
    for name, value, limit in checks:
        print(f"| {name} | {value:.2f} | {'yes' if value <= limit else 'no'} |")


if __name__ == "__main__":
    main()
