"""Problems found in input, reported together as FILE:LINE:COL: message, excerpt, hint; each
with a stable code naming its kind (in `check --json`, and in the README's catalogue of errors,
generated from the tests that pin every message)."""

from __future__ import annotations

from dataclasses import dataclass

# Every kind of problem, once: its code and what it means. A code never changes meaning.
CODES = {
    "no-file": "the file named cannot be read (missing, a directory, no permission)",
    "not-commitments": "--data names something that is not a commitments file",
    "encoding": "the file is not plain UTF-8 (a byte-order mark, or invalid bytes)",
    "empty-file": "the file holds no data",
    "yaml-syntax": "the YAML cannot be parsed (indentation, colons, quotes, merge keys)",
    "yaml-tag": "a YAML tag (!!python/...) that tradetrack refuses",
    "yaml-aliases": "anchors and aliases that expand beyond any real file",
    "yaml-1.1": "an unquoted value YAML 1.1 reads as a boolean or number (NO, on, 0201) where text is meant",
    "duplicate-key": "the same key twice in a mapping",
    "not-a-mapping": "the file is not the mapping it must be",
    "unknown-field": "a field the format does not have (often a typo)",
    "unquoted-comma": "a comma inside an unquoted value split it into a new field",
    "missing-field": "a required field is absent",
    "unknown-kind": "a commitment's kind is missing or not purchase, investment, suspension, tariff or action",
    "not-a-date": "a date not written YYYY-MM-DD, impossible, or outside 1900-2199",
    "not-finite": "a number that is infinite, not a number, or out of range",
    "invalid-value": "a value of the wrong type or out of its range",
    "empty-list": "a list that needs at least one item (sources, parties, years)",
    "duplicate-id": "two commitments (or periods) with one id",
    "unknown-deal": "a commitment names a deal the file does not list",
    "unknown-party": "a party or counterparty that is not among its deal's parties",
    "unit": "a unit that is unknown, ambiguous, or does not convert to the target's",
    "target": "a target not written as {amount, unit} or {baseline, increase}",
    "baseline": "a target with no baseline on the basis it is judged on",
    "period": "due, recurring, years, periods or year weights that do not fit together",
    "date-order": "dates out of order (due before start, amendments not oldest first)",
    "roll-up": "a roll-up whose parts are unknown, repeated, of another dimension, mixed, in a cycle, or too deep",
    "standing": "standing and stated_by that do not fit together",
    "series": "a published series that names no source or two, repeats a basis, or gives figures the target cannot use",
    "unknown-code": "a series names a code that a complete shipped code list does not have",
    "not-json": "a progress line that is not valid JSON",
    "line-ends": "carriage returns without line feeds, which would hide lines",
    "record-shape": "a progress record that is not one object holding the one of amount, rate or event its kind needs",
    "unknown-commitment": "a record names a commitment the file does not have",
    "measure": "a basis whose figures mix measures, or a measure where none applies",
    "inconsistent": "a to-date figure lower than the total already reached on its basis",
    "future-date": "a figure dated after today",
    "outside-period": "a figure dated before its period starts, or in another period of a recurring commitment",
    "same-day-totals": "two different to-date figures for one day in one import (parts of a total, or a mistake)",
    "same-day-mixed": "a to-date figure and an increment on one day, which would count twice or not at all",
    "unknown-basis": "a basis the data has never used, refused as a likely typo unless --new-basis",
    "duplicate-increment": "an increment identical to one already recorded, refused unless --again",
    "fetch": "a published series that could not be fetched: no network, a refused key, unknown codes, a changed answer",
    "usage": "a command-line value that does not fit the data (unknown basis, deal, status...)",
    "write": "a write that could not be made (disk full, read-only, locked, hard links...)",
}


@dataclass(frozen=True)
class Problem:
    """One fault in one input, with where it is and how to fix it."""

    file: str
    line: int  # 1-based; 0 when the fault is the file as a whole
    col: int  # 1-based
    message: str
    hint: str | None = None
    excerpt: str | None = None  # the source line, shown with a caret under the fault
    code: str = "invalid-value"  # its kind, a key of CODES
    stands_for: int = 1  # how many faults it reports: "and 9,995 more unknown statuses" is 9,995

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        out = [f"{where}: {self.message}"]
        if self.excerpt is not None:
            gutter = f"{self.line:>5} | "
            out.append(gutter + self.excerpt)
            out.append(" " * (len(gutter) - 2) + "| " + " " * (self.col - 1) + "^")
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }


class Failure(Exception):
    """The base of every error a command reports as problems (bad input, a write refused, a
    fetch that failed): the cli catches it in one place (cli/common.py) and prints `problems`,
    FILE:LINE:COL first, exit 2. Raise a subclass; never catch one to print it yourself."""

    problems: list[Problem]
    writing = True  # raised while writing (or on the way to it): the report says nothing was written


class InputError(Failure):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


class Refusal(Failure):
    """One problem not tied to a line of input: a write that could not be made, a fetch that
    failed for good. `where` is a path, or what was attempted."""

    code = "invalid-value"  # each subclass names its kind, a key of CODES

    def __init__(self, message: str, hint: str | None = None, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message, self.hint, self.path = message, hint, path
        self.problems = [Problem(path or self.code, 0, 0, message, hint, code=self.code)]


def line_of(text: str, line: int) -> str | None:
    """The 1-based line of text, without its newline, or None if out of range."""
    lines = text.split("\n")  # as the progress reader counts lines (\n only; \r\n too)
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else None
