"""CSV files as progress rows (fields + where each came from), for `tradetrack import csv`. The
rows are then validated and appended by write.progress.add, like any other record.

Real files rarely have our columns, so:
- any record field can be a column (commitment, date, amount, unit, increment, rate, event,
  basis, measure, standing, source, note), named as ours or mapped (--column OURS=THEIRS), or
  set for every row (--set unit=MUSD);
- a month (2020-03) is read as the month's last day: a monthly figure is as of the month's end;
- numbers may carry thousands separators (1,234,567.5); a comma that may be either a decimal
  comma or a thousands separator ("1,5") is refused unless --decimal-comma says which;
- a unit written in the header of the amount column ("Exports (USD millions)") is used when no
  unit is given otherwise;
- the delimiter (comma, semicolon, tab or |) is found from the header, and a byte-order mark
  (as Excel writes) is skipped.
Every problem of the file is reported in one run.
"""

from __future__ import annotations

import calendar
import csv
import io
import re

from tradetrack.core.problems import InputError, Problem
from tradetrack.files.progress import RECORD_FIELDS
from tradetrack.files.yamlread import decode

CSV_COLUMNS = RECORD_FIELDS
REQUIRED = ("commitment", "date", "source")
Row = tuple[dict, tuple[str, int]]
FIELD_LIMIT = 1 << 17  # 128 KiB: a longer "field" is a file read with the wrong delimiter or quoting

# Units a header may name for its amounts: "(USD millions)", "[thousand tonnes]", "in bn USD".
_HEADER_UNITS = [
    (r"\b(?:usd|us\$|\$)\s*(?:bn|billions?)\b|\b(?:bn|billions?)\s*(?:of\s+)?(?:usd|us\$|\$|dollars)", "bnUSD"),
    (r"\b(?:usd|us\$|\$)\s*(?:m|mn|millions?)\b|\b(?:m|mn|millions?)\s*(?:of\s+)?(?:usd|us\$|\$|dollars)", "MUSD"),
    (r"\b(?:usd|us\$|\$)\s*(?:k|thousands?)\b|\b(?:thousands?)\s*(?:of\s+)?(?:usd|us\$|\$|dollars)", "kUSD"),
    (r"\b(?:usd|us\$|dollars)\b", "USD"),
    (r"\b(?:million|mn|m)\s*(?:metric\s+)?(?:tonnes|tons)\b|\bmmt\b", "Mt"),
    (r"\b(?:thousand|k)\s*(?:metric\s+)?(?:tonnes|tons)\b|\bkmt\b", "kt"),
    (r"\b(?:metric\s+)?tonnes\b|\bmetric\s+tons\b", "t"),
]
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_EURO = re.compile(r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def unit_in_header(name: str) -> str | None:
    text = name.lower()
    for pattern, unit in _HEADER_UNITS:
        if re.search(pattern, text):
            return unit
    return None


def _number(value: str, decimal_comma: bool):
    """A number from a cell, or (None, why) when the cell does not say one number plainly."""
    text = value.replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        if _EURO.fullmatch(text):
            return float(text.replace(".", "").replace(",", ".")), None
    elif _THOUSANDS.fullmatch(text):
        return float(text.replace(",", "")), None
    elif _DECIMAL_COMMA.fullmatch(text):
        return None, (
            f"{value!r} may be a decimal comma or a thousands separator",
            "write 1.5 or 1500; or pass --decimal-comma if the file uses decimal commas",
        )
    try:
        return float(text), None
    except ValueError:
        return text, None  # not a number at all: validation says so, with the row


def _day(value: str) -> str:
    m = _MONTH.fullmatch(value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(
    file: str,
    raw: bytes,
    mapping: dict[str, str] | None = None,
    constants: dict | None = None,
    decimal_comma: bool = False,
) -> tuple[list[Row], list[Problem]]:
    """The rows of a CSV file and the problems of those that cannot be read. mapping: our column
    -> the file's; constants: our field -> a value for every row."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark, as spreadsheets write
    text, problems = decode(file, raw)
    if text is None:
        raise InputError(problems)
    mapping, constants = mapping or {}, constants or {}
    delimiter = _dialect(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    old_limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        return _rows(file, reader, mapping, constants, decimal_comma)
    finally:
        csv.field_size_limit(old_limit)


def _rows(file, reader, mapping, constants, decimal_comma) -> tuple[list[Row], list[Problem]]:
    header, columns = _columns(file, reader, mapping, constants)
    unit = None
    if "unit" not in constants and columns.get("unit") not in header and columns.get("amount") in header:
        unit = unit_in_header(columns["amount"])
    rows, problems = [], []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            hint = f"a field over {FIELD_LIMIT:,} characters usually means an unclosed quote"
            problems.append(Problem(file, reader.line_num, 1, f"cannot read this row: {e}", hint, code="record-shape"))
            break
        where = (file, reader.line_num)
        fields, bad = {**constants}, False
        for ours, theirs in columns.items():
            value = (record.get(theirs) or "").strip() if theirs in header else ""
            if value:
                fields[ours], problem = _field(ours, value, decimal_comma, where)
                if problem is not None:
                    problems.append(problem)
                    bad = True
        if unit and "amount" in fields and "unit" not in fields:
            fields["unit"] = unit
        if not bad:
            rows.append((fields, where))
    return rows, problems


def _columns(file, reader, mapping, constants) -> tuple[list[str], dict[str, str]]:
    """The file's header, and our column -> the file's for the columns it is to give (those
    without a constant); a required one it lacks is an error of the whole file."""
    try:
        header = reader.fieldnames or []
    except csv.Error as e:
        hint = "check the delimiter and quotes"
        raise InputError([Problem(file, 1, 1, f"cannot read the header: {e}", hint, code="not-a-mapping")]) from None
    columns = {ours: mapping.get(ours, ours) for ours in CSV_COLUMNS if ours not in constants}
    missing = [
        f"{ours} (as {theirs!r})" if theirs != ours else ours
        for ours, theirs in columns.items()
        if ours in REQUIRED and theirs not in header
    ]
    if missing:
        raise InputError(
            [
                Problem(
                    file,
                    1,
                    1,
                    f"the header lacks {', '.join(missing)}",
                    f"columns found: {', '.join(header) or 'none'}; map others with "
                    "--column OURS=THEIRS, or give one value for every row with --set FIELD=VALUE",
                    code="missing-field",
                )
            ]
        )
    return header, columns


def _field(ours: str, value: str, decimal_comma: bool, where: tuple[str, int]):
    """One cell as the record's field, and the problem with it if it is not one."""
    file, line = where
    if ours in ("amount", "rate"):
        number, why = _number(value, decimal_comma)
        return number, Problem(file, line, 1, f"{ours}: {why[0]}", why[1]) if why else None
    if ours == "increment":
        flag = value.lower()
        if flag not in ("1", "true", "yes", "y", "0", "false", "no", "n"):
            text = f"increment: {value!r} is not yes or no"
            return False, Problem(file, line, 1, text, "write true or false", code="invalid-value")
        return flag in ("1", "true", "yes", "y"), None
    if ours == "date":
        return _day(value), None
    return value, None


def summed_per_date(rows: list[Row]) -> list[Row]:
    """--sum-per-date: rows that differ only in their amount (and note) are parts of one figure,
    as a Census-layout file gives a row per HS code per month: one row with their sum, at the
    line of the first, its note naming the lines summed. Rows whose amount is not a number are
    left alone (validation reports them)."""
    groups: dict[tuple, list[Row]] = {}
    alone: list[Row] = []
    order: list[tuple | int] = []
    for fields, where in rows:
        if not isinstance(fields.get("amount"), float):
            order.append(len(alone))
            alone.append((fields, where))
            continue
        key = tuple(sorted((k, str(v)) for k, v in fields.items() if k not in ("amount", "note")))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((fields, where))
    out = []
    for item in order:
        if isinstance(item, int):
            out.append(alone[item])
            continue
        group = groups[item]
        fields, where = group[0]
        if len(group) > 1:
            lines = [str(w[1]) for _, w in group]
            shown = ", ".join(lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
            notes = {f.get("note") for f, _ in group}
            note = f"sum of {len(group)} rows (lines {shown})"
            own = notes.pop() if len(notes) == 1 else None
            fields = {
                **fields,
                "amount": round(sum(f["amount"] for f, _ in group), 9),
                "note": f"{own}; {note}" if own else note,
            }
        out.append((fields, where))
    return out
