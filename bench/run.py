"""Benchmark tradetrack as whole processes, against floors measured in the same run.

    python bench/run.py [--repeat 5] [--quick]

Builds deterministic workspaces under bench/work/ (the bundled data; 1,000 commitments with
10,000 records; 1,000 with 100,000), then reports the median wall time and peak memory (RSS)
of each command, with ratios to two floors: importing typer, rich, pydantic and yaml, and a
bare yaml.load(CSafeLoader) of the same 100k data written as YAML. beancount's bean-check on a
100,000-transaction ledger is timed too when beancount is installed (pip install beancount).
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
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
PY = sys.executable
TT = [PY, "-m", "tradetrack"]


def build(name: str, commitments: int, records: int) -> Path:
    ws = WORK / name
    if (ws / "progress.jsonl").exists():
        return ws
    ws.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{name}-{commitments}-{records}")
    lines = ["version: 1", "settings:", "  default_basis: usda-esr", "commitments:"]
    for i in range(commitments):
        lines += [f"  - id: c{i:04d}", "    kind: purchase", "    deal: bench", f"    title: Commitment {i}",
                  f"    party: P{i % 7}", "    commodity: soybeans", "    target: {amount: 1000000, unit: t}",
                  "    start: 2024-01-01", "    due: 2026-12-31", "    sources: [{title: bench}]"]
    (ws / "commitments.yaml").write_text("\n".join(lines) + "\n")
    per = records // commitments
    out, yaml_out = [], []
    start = date(2024, 1, 1)
    for i in range(commitments):
        total = 0
        for k in range(per):
            total += rng.randint(0, 2000)
            rec = {"commitment": f"c{i:04d}", "date": (start + timedelta(days=k * 7)).isoformat(),
                   "amount": total, "unit": "t", "basis": "usda-esr" if k % 3 else "trade-estimate",
                   "source": "https://example.org/esr"}
            out.append(json.dumps(rec))
            yaml_out.append("- {" + ", ".join(f"{k2}: {v}" for k2, v in rec.items()) + "}")
    # Totals per basis must not fall: give each basis its own running total.
    (ws / "progress.jsonl").write_text(_monotone(out) + "\n")
    (ws / "progress.yaml").write_text("\n".join(yaml_out) + "\n")
    return ws


def _monotone(lines: list[str]) -> str:
    running: dict = {}
    fixed = []
    for line in lines:
        rec = json.loads(line)
        key = (rec["commitment"], rec["basis"])
        running[key] = running.get(key, 0) + rec["amount"] % 2000
        rec["amount"] = running[key]
        fixed.append(json.dumps(rec))
    return "\n".join(fixed)


def ledger(n: int) -> Path:
    path = WORK / "ledger.beancount"
    if path.exists():
        return path
    rng = random.Random(n)
    out = ["option \"operating_currency\" \"USD\"", "2020-01-01 open Assets:Bank USD",
           "2020-01-01 open Expenses:Food USD", "2020-01-01 open Income:Salary USD", ""]
    day = date(2020, 1, 2)
    for i in range(n):
        d = day + timedelta(days=i // 50)
        out += [f'{d} * "Payee {i % 97}" "Transaction {i}"', f"  Expenses:Food  {rng.randint(1, 9999) / 100:.2f} USD",
                "  Assets:Bank", ""]
    path.write_text("\n".join(out))
    return path


def measure(cmd: list[str], repeat: int, before=None, env=None) -> tuple[float, float]:
    """Median seconds and peak RSS (MiB) of running cmd `repeat` times."""
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            before()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - t0)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(cmd)}")
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100k workspace and bean-check")
    args = parser.parse_args()
    cache_home = WORK / "cache"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), XDG_DATA_HOME=str(WORK / "xdg"), NO_COLOR="1")
    env.pop("TRADETRACK_DATA", None)
    clear = lambda: shutil.rmtree(cache_home, ignore_errors=True)  # noqa: E731
    sizes = {"10k": build("w10k", 1000, 10_000)}
    if not args.quick:
        sizes["100k"] = build("w100k", 1000, 100_000)
    rows: list[tuple[str, float, float]] = []

    def run(label, cmd, before=None, repeat=args.repeat):
        t, mem = measure(cmd, repeat, before, env)
        rows.append((label, t, mem))
        return t

    floor = run("floor: import typer, rich, pydantic, yaml", [PY, "-c", "import typer, rich, pydantic, yaml"])
    yaml_floor = None
    if "100k" in sizes:
        ws = sizes["100k"]
        yaml_floor = run("floor: yaml.load(CSafeLoader) of the 100k files", [PY, "-c", (
            "import yaml\n"
            f"yaml.load(open({str(ws / 'commitments.yaml')!r}), Loader=yaml.CSafeLoader)\n"
            f"yaml.load(open({str(ws / 'progress.yaml')!r}), Loader=yaml.CSafeLoader)")])
    run("tradetrack --help", TT + ["--help"])
    os.chdir(WORK)
    as_of = ["--as-of", "2026-06-30"]
    run("status, bundled (warm)", TT + ["status"] + as_of)
    run("status --json, bundled (warm)", TT + ["status", "--json"] + as_of)
    for size, ws in sizes.items():
        data = ["--data", str(ws)]
        run(f"status, {size}, cold", TT + ["status"] + as_of + data, before=clear)
        run(f"status, {size}, warm", TT + ["status"] + as_of + data)
        run(f"status --json, {size}, cold", TT + ["status", "--json"] + as_of + data, before=clear)
        run(f"status --json, {size}, warm", TT + ["status", "--json"] + as_of + data)
        run(f"report, {size}, warm", TT + ["report"] + as_of + data)
    counter = iter(range(10**6))
    add = lambda data: TT + ["progress", "add", "c0000", "--date", "2026-01-01", "--amount",  # noqa: E731
                             str(10**7 + next(counter)), "--unit", "t", "--source", "bench"] + data
    bundled_ws = build_bundled_copy()
    t_b = _add_median(lambda: [PY, "-m", "tradetrack", "progress", "add", "cn-soybeans-2026", "--date", "2026-03-01",
                               "--amount", str(next(counter)), "--unit", "t", "--source", "bench", "--data",
                               str(bundled_ws)], args.repeat, env)
    rows.append(("progress add, bundled copy", *t_b))
    if "100k" in sizes:
        t_100 = _add_median(lambda: add(["--data", str(sizes["100k"])]), args.repeat, env)
        rows.append(("progress add, 100k", *t_100))
        run("status --json, 100k, right after the adds", TT + ["status", "--json"] + as_of + ["--data", str(sizes["100k"])], repeat=1)
    bean = shutil.which("bean-check")
    if bean and "100k" in sizes:
        run("bean-check, 100,000 transactions (no cache)", [bean, str(ledger(100_000))],
            before=lambda: [p.unlink() for p in WORK.glob("*.picklecache")], repeat=max(1, args.repeat // 2))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; repeat {args.repeat}, medians")
    print(f"| command | median s | × import floor | × YAML floor | peak MiB |\n|---|---:|---:|---:|---:|")
    for label, t, mem in rows:
        yf = f"{t / yaml_floor:.2f}" if yaml_floor else ""
        print(f"| {label} | {t:.3f} | {t / floor:.2f} | {yf} | {mem:.0f} |")


def build_bundled_copy() -> Path:
    sys.path.insert(0, str(HERE.parent / "src"))
    from tradetrack.workspace import bundled_dir

    ws = WORK / "bundled"
    ws.mkdir(parents=True, exist_ok=True)
    for name in ("commitments.yaml", "progress.jsonl"):
        shutil.copyfile(bundled_dir() / name, ws / name)
    return ws


def _add_median(make_cmd, repeat, env):
    times, peaks = [], []
    for _ in range(repeat):
        t, mem = measure(make_cmd(), 1, None, env)
        times.append(t)
        peaks.append(mem)
    return statistics.median(times), max(peaks)


if __name__ == "__main__":
    main()
