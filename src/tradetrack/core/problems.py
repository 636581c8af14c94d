"""Problems found in input, reported together as FILE:LINE:COL: message, excerpt, hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One fault in one input, with where it is and how to fix it."""

    file: str
    line: int  # 1-based; 0 when the fault is the file as a whole
    col: int  # 1-based
    message: str
    hint: str | None = None
    excerpt: str | None = None  # the source line, shown with a caret under the fault

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
        }


class InputError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


def line_of(text: str, line: int) -> str | None:
    """The 1-based line of text, without its newline, or None if out of range."""
    lines = text.split("\n")  # as the progress reader counts lines (\n only; \r\n too)
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else None
