"""The targets bench/run.py checks (issues 6 and 26) and the tables it prints."""

from __future__ import annotations

import os
import platform

REPORT_FORMATS = ("md", "html", "csv", "json")


def ratio(a: str, b: str):
    return lambda bench: bench.t(a) / bench.t(b)


def peak(a: str):
    return lambda bench: bench.rows[a][1]


# Each target: its name, its measure (a ratio of two rows of one run, or a peak), its limit. A
# target whose rows this run did not time (--quick, --only) is left out.
CHECKS = [
    ("--help ≤ 1.2× import floor", ratio("tradetrack --help", "floor: import typer, rich, pydantic, yaml"), 1.2),
    (
        "status, bundled ≤ 1.2× import floor",
        ratio("status, bundled, warm", "floor: import typer, rich, pydantic, yaml"),
        1.2,
    ),
    ("site, bundled ≤ 2 s", lambda bench: bench.t("site, bundled"), 2.0),
    (
        "warm status --json, 100k ≤ 2× bundled",
        ratio("status --json, 100k, warm", "status --json, bundled, warm, beside them"),
        2.0,
    ),
    ("progress add, 100k ≤ 2× bundled", ratio("progress add, 100k", "progress add, bundled copy"), 2.0),
    (
        "status --json right after an add, 100k ≤ 1.5× a warm one (still warm)",
        ratio("status --json, 100k, right after an add", "status --json, 100k, warm, beside the adds"),
        1.5,
    ),
    ("peak memory, warm status 100k ≤ 150 MiB", peak("status, 100k, warm"), 150),
    (
        "changes over a year, 100k ≤ 5× warm status",
        ratio("changes over a year, 100k, warm", "status, 100k, warm, beside changes"),
        5.0,
    ),
    ("warm status, 1M ≤ 2× warm bundled status", ratio("status, 1M, warm", "status, bundled, warm, beside 1M"), 2.0),
    ("peak memory, warm status 1M < 200 MiB", peak("status, 1M, warm"), 200),
    (
        "cold status, 1M ≤ 3× json.loads of every line",
        ratio("status, 1M, cold", "floor: json.loads of every line, 1M"),
        3.0,
    ),
    ("peak memory, cold status 1M < 1024 MiB", peak("status, 1M, cold"), 1024),
    *[
        (
            f"report --format {fmt}, 100k ≤ 8× warm bundled status",
            ratio(f"report --format {fmt}, 100k, warm", "status, bundled, warm, beside reports"),
            8.0,
        )
        for fmt in REPORT_FORMATS
    ],
    (
        "cold status, 100k ≤ 0.5× bean-check",
        ratio("status, 100k, cold", "bean-check, 100,000 transactions, cold"),
        0.5,
    ),
]


def report(b, repeat: int) -> None:
    """Every row timed, with its ratios to the floors this run measured, then every target whose
    rows it timed."""
    floor = b.rows.get("floor: import typer, rich, pydantic, yaml", (None,))[0]
    yaml_floor = b.rows.get("floor: yaml.load(CSafeLoader) of the 100k files", (None,))[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; repeat {repeat}, medians; peak = maximum RSS of the process\n"
    )
    print("| command | median s | × import floor | × YAML floor | peak MiB |\n|---|---:|---:|---:|---:|")
    for label, (t, mem) in b.rows.items():
        ff = f"{t / floor:.2f}" if floor else ""
        yf = f"{t / yaml_floor:.2f}" if yaml_floor else ""
        print(f"| {label} | {t:.3f} | {ff} | {yf} | {mem:.0f} |")
    if "status, 100k, cold" in b.rows:
        print("\nGrowth from 10k to 100k records (10× the records):\n")
        print("| command | 10k s | 100k s | × |\n|---|---:|---:|---:|")
        for what in ("status", "status --json", "report"):
            for state in ("cold", "warm"):
                t10, t100 = b.t(f"{what}, 10k, {state}"), b.t(f"{what}, 100k, {state}")
                print(f"| {what}, {state} | {t10:.3f} | {t100:.3f} | {t100 / t10:.2f} |")
    print("\nTargets (issues 6 and 26):\n\n| target | measured | met |\n|---|---:|:---:|")
    for name, measure, limit in CHECKS:
        try:
            value = measure(b)
        except KeyError:  # not timed in this run
            continue
        print(f"| {name} | {value:.2f} | {'yes' if value <= limit else 'no'} |")
