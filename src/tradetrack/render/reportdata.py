"""What a Markdown or HTML report shows, in one value: the verdicts and records chosen already
(judge.query), the day, the files named, and the header's basis line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tradetrack.judge.verdict import Verdict


@dataclass(frozen=True)
class ReportData:
    rows: list[Verdict]  # the verdicts, in the order shown
    records: dict  # commitment id -> its records to show (up to the as-of day, from --since on)
    as_of: date
    data_file: str  # the commitments file, named in the header
    progress_file: str  # named beside each inconsistent figure
    basis_line: str  # which basis the purchases were judged on, and when the record was checked
    since: date | None = None  # only names the history's window: the records are chosen already
    summary_only: bool = False  # the summary table alone, without a section per commitment
