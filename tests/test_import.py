"""Importers: CSV with mapped columns, USDA ESR JSON; dry runs, bad rows, idempotence."""

from __future__ import annotations

import json

import pytest

from .conftest import MINIMAL, write_ws

ESR_WEEK = {
    "commodityCode": 801,
    "countryCode": 5700,
    "weeklyExports": 0,
    "accumulatedExports": 0,
    "outstandingSales": 40,
    "grossNewSales": 40,
    "currentMYNetSales": 40,
    "currentMYTotalCommitment": 40,
    "nextMYOutstandingSales": 0,
    "nextMYNetSales": 0,
    "unitId": 1,
    "weekEndingDate": "2026-01-08T00:00:00",
}


def esr_file(tmp_path, weeks):
    path = tmp_path / "esr.json"
    path.write_text(json.dumps(weeks))
    return path


def test_esr_import_takes_total_commitment_for_the_country(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    weeks = [
        ESR_WEEK,
        dict(ESR_WEEK, countryCode=9990, currentMYTotalCommitment=999),
        dict(ESR_WEEK, weekEndingDate="2026-01-01T00:00:00", currentMYTotalCommitment=25),
    ]
    path = esr_file(tmp_path, weeks)
    refused = cli("import", "esr", path, "--commitment", "buy", "--data", ws)
    assert refused.code == 2 and "if 'usda-esr' is a new basis, say so with --new-basis" in refused.err
    dry = cli("import", "esr", path, "--commitment", "buy", "--data", ws, "--dry-run", "--new-basis")
    assert dry.code == 0 and "would add 2 records" in dry.err and not (ws / "progress.jsonl").exists()
    r = cli("import", "esr", path, "--commitment", "buy", "--data", ws, "--new-basis")
    assert r.code == 0 and "added 2 records" in r.err
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["date"], x["amount"], x["unit"], x["basis"]) for x in rows] == [
        ("2026-01-01", 25, "t", "usda-esr"),
        ("2026-01-08", 40, "t", "usda-esr"),
    ]
    again = cli("import", "esr", path, "--commitment", "buy", "--data", ws)
    assert again.code == 0 and "added 0 records" in again.err and "2 already there" in again.err
    status = json.loads(cli("status", "--json", "--as-of", "2026-01-09", "--basis", "usda-esr", "--data", ws).out)
    assert status["commitments"][0]["actual"] == 40


def test_esr_unknown_unit_is_refused(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = esr_file(tmp_path, [dict(ESR_WEEK, unitId=7)])
    r = cli("import", "esr", path, "--commitment", "buy", "--data", ws)
    assert r.code == 2 and f"{path}: record 1: unitId 7 is not metric tons" in r.err
    assert not (ws / "progress.jsonl").exists()


def test_csv_with_mapped_columns(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text(
        'id,when,tonnes,unit,source,note\nbuy,2026-01-03,"1,500",kg,x,\nbuy,2026-01-04,2000,t,y,"a | note"\n'
    )
    r = cli(
        "import",
        "csv",
        path,
        "--column",
        "commitment=id",
        "--column",
        "date=when",
        "--column",
        "amount=tonnes",
        "--data",
        ws,
    )
    assert r.code == 2 and f"{path}:2:1: unknown unit 'kg'" in r.err
    assert not (ws / "progress.jsonl").exists()
    path.write_text(path.read_text().replace(",kg,", ",t,"))
    r = cli(
        "import",
        "csv",
        path,
        "--column",
        "commitment=id",
        "--column",
        "date=when",
        "--column",
        "amount=tonnes",
        "--data",
        ws,
    )
    assert r.code == 0, r
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["amount"], x["basis"], x["note"]) for x in rows] == [
        (1500, "official", None),
        (2000, "official", "a | note"),
    ]


def test_csv_bad_rows_block_unless_skipped(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text("commitment,date,amount,unit,source\nbuy,2026-01-03,5,t,x\nbuy,3 Jan,5,t,x\nbuy,2026-01-04,6,t,x\n")
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and f"{path}:3:1: '3 Jan' is not a date" in r.err
    assert not (ws / "progress.jsonl").exists()
    r = cli("import", "csv", path, "--data", ws, "--skip-bad")
    assert r.code == 0 and "skipped:" in r.err and "added 2 records" in r.err


def test_ten_thousand_bad_rows_name_every_row_and_give_the_fix_once(cli, tmp_path):
    """Each row at fault is named at its line, but the list of units is said once: it used to
    follow every row (2.3 MB for 10,000 rows)."""
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    rows = "".join(f"buy,2026-01-{i % 28 + 1:02d},{i},zz,x\n" for i in range(10_000))
    path.write_text("commitment,date,amount,unit,source\n" + rows)
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and not (ws / "progress.jsonl").exists()
    assert [f"{path}:{n}:1: unknown unit 'zz'" in r.err for n in (2, 5_000, 10_001)] == [True] * 3
    assert r.err.count("hint: use one of t, kt, Mt") == 1
    assert len(r.err) < 10_000 * (len(str(path)) + 40)
    assert r.err.endswith("10,000 problems found; nothing was written\n")


def test_skipped_rows_give_the_fix_once_and_the_good_rows_are_added(cli, tmp_path):
    """--skip-bad names each skipped row at its line, with the list of units said once."""
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    bad = "".join(f"buy,2026-01-{i % 28 + 1:02d},{i},zz,x\n" for i in range(1_000))
    path.write_text("commitment,date,amount,unit,source\n" + bad + "buy,2026-01-05,7,t,good\n")
    r = cli("import", "csv", path, "--data", ws, "--skip-bad")
    assert r.code == 0 and r.err.count("skipped: ") == 1_000
    assert f"skipped: {path}:1001:1: unknown unit 'zz'" in r.err
    assert r.err.count("hint: use one of t, kt, Mt") == 1
    assert '"source": "good"' in (ws / "progress.jsonl").read_text()


def test_csv_missing_columns(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text("who,when\nbuy,2026-01-03\n")
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and "the header lacks commitment, date, source" in r.err


MONEY = MINIMAL.replace("target: {amount: 100, unit: t}", "target: {amount: 10, unit: bnUSD}").replace(
    "due: 2026-01-10", "due: 2026-12-31"
)


def test_a_census_style_csv_in_one_run(cli, tmp_path):
    """Only Month and a cumulative value with its unit in the header: constants, month dates,
    thousands separators and the header's unit do the rest."""
    ws = write_ws(tmp_path / "w", MONEY)
    path = tmp_path / "census.csv"
    path.write_text('Month,Cumulative exports (USD millions)\n2026-01,"1,234.5"\n2026-02,"2,500"\n')
    r = cli(
        "import",
        "csv",
        path,
        "--column",
        "date=Month",
        "--column",
        "amount=Cumulative exports (USD millions)",
        "--set",
        "commitment=buy",
        "--set",
        "source=Census FT-900",
        "--data",
        ws,
    )
    assert r.code == 0, r
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["date"], x["amount"], x["unit"]) for x in rows] == [
        ("2026-01-31", 1234.5, "MUSD"),
        ("2026-02-28", 2500, "MUSD"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffcommitment;date;amount;unit;source\nbuy;2026-01-03;5;t;x\n",  # a BOM, semicolons
        "commitment\tdate\tamount\tunit\tsource\nbuy\t2026-01-03\t5\tt\tx\n",
    ],
)
def test_other_delimiters_and_a_bom(cli, tmp_path, text):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 0 and "added 1 record " in r.err, r


def test_a_decimal_comma_is_never_read_as_thousands(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text('commitment;date;amount;unit;source\nbuy;2026-01-03;"1,5";t;x\nbuy;3 Jan;2;t;x\n')
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and "'1,5' may be a decimal comma or a thousands separator" in r.err
    assert "'3 Jan' is not a date" in r.err  # every problem of the file in one run
    assert not (ws / "progress.jsonl").exists()
    path.write_text('commitment;date;amount;unit;source\nbuy;2026-01-03;"1,5";t;x\n')
    assert cli("import", "csv", path, "--decimal-comma", "--data", ws).code == 0
    assert json.loads(cli("progress", "list", "--json", "--data", ws).out)[0]["amount"] == 1.5


def test_an_overlong_field_is_a_clear_error(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text('commitment,date,amount,unit,source\nbuy,2026-01-03,5,t,"' + "x" * 200_000 + "\n")
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and "cannot read this row" in r.err and "unclosed quote" in r.err


def test_esr_codes_as_text_and_odd_units(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = esr_file(tmp_path, [dict(ESR_WEEK, commodityCode="801", countryCode="5700")])
    r = cli("import", "esr", path, "--commitment", "buy", "--data", ws, "--new-basis")
    assert r.code == 0 and "added 1 record" in r.err
    for unit_id in (True, [1], {}):
        path = esr_file(tmp_path, [dict(ESR_WEEK, unitId=unit_id, weekEndingDate="2026-01-09T00:00:00")])
        r = cli("import", "esr", path, "--commitment", "buy", "--data", ws)
        assert r.code == 2 and "is not metric tons" in r.err, unit_id
    path = esr_file(tmp_path, [dict(ESR_WEEK, commodityCode=802)])
    r = cli("import", "esr", path, "--commitment", "buy", "--data", ws)
    assert r.code == 2 and "no record for commodity 801 and country 5700" in r.err and "802/5700" in r.err


def test_esr_infinite_figures_are_refused(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "esr.json"
    path.write_text(
        json.dumps([ESR_WEEK]).replace('"currentMYTotalCommitment": 40', '"currentMYTotalCommitment": 1e999')
    )
    r = cli("import", "esr", path, "--commitment", "buy", "--data", ws, "--new-basis")
    assert r.code == 2 and "not a finite number" in r.err
    assert not (ws / "progress.jsonl").exists()


def test_esr_shipped_exports_go_on_their_own_basis(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = esr_file(tmp_path, [dict(ESR_WEEK, accumulatedExports=30)])
    assert (
        cli("import", "esr", path, "--commitment", "buy", "--measure", "exports", "--new-basis", "--data", ws).code == 0
    )
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["amount"], x["basis"], x["measure"]) for x in rows] == [(30, "usda-esr-exports", "shipped")]


CSV_ARGS = ("--column", "date=Month", "--column", "amount=Value (USD millions)", "--set", "commitment=buy")
CENSUS = "Month,HS,Value (USD millions)\n2026-01,1201,100\n2026-01,1202,50\n2026-02,1201,120\n2026-02,1202,60\n"


def test_skip_bad_never_writes_a_row_it_reports_skipped(cli, tmp_path):
    """Issue 20: a row failing the to-date check was listed as skipped, then appended."""
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text(
        "commitment,date,amount,unit,source\nbuy,2026-01-03,5,t,x\nbuy,2026-01-04,3,t,x\nbuy,2026-01-05,6,t,x\n"
    )
    r = cli("import", "csv", path, "--data", ws, "--skip-bad")
    assert r.code == 0 and f"skipped: {path}:3:1:" in r.err and "added 2 records" in r.err, r
    assert "reached by line 2 of this file (2026-01-03)" in r.err  # the CSV's line, not progress.jsonl's
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [x["amount"] for x in rows] == [5, 6]
    assert cli("check", "--data", ws).code == 0


def test_a_census_layout_file_is_refused_or_summed(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MONEY)
    path = tmp_path / "census.csv"
    path.write_text(CENSUS)
    r = cli("import", "csv", path, *CSV_ARGS, "--set", "source=Census", "--data", ws)
    assert r.code == 2 and not (ws / "progress.jsonl").exists()
    assert (
        f"{path}:3:1: two different to-date figures for buy on 2026-01-31 (official) in one file: "
        "50 MUSD here, 100 MUSD at line 2\n  hint: a file with a row per part (per HS code, say) holds parts "
        "of one day's total: add them up with --sum-per-date; if each row is an amount added, not a total "
        "to date, import with --set increment=true"
    ) in r.err
    assert f"{path}:5:1: two different" in r.err
    r = cli("import", "csv", path, *CSV_ARGS, "--set", "source=Census", "--sum-per-date", "--data", ws)
    assert r.code == 0, r
    rows = json.loads(cli("progress", "list", "--json", "--data", ws).out)
    assert [(x["date"], x["amount"], x["note"]) for x in rows] == [
        ("2026-01-31", 150, "sum of 2 rows (lines 2, 3)"),
        ("2026-02-28", 180, "sum of 2 rows (lines 4, 5)"),
    ]


def test_a_to_date_figure_and_increments_on_one_day_are_refused(cli, tmp_path):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "m.csv"
    path.write_text("commitment,date,amount,unit,source,increment\nbuy,2026-01-04,5,t,x,\nbuy,2026-01-04,6,t,x,true\n")
    r = cli("import", "csv", path, "--data", ws)
    assert r.code == 2 and not (ws / "progress.jsonl").exists()
    assert (
        f"{path}:3:1: an increment for buy on 2026-01-04 (official) where the day has a to-date figure at "
        "line 2\n  hint: a to-date figure sets the day's total and an increment adds to it, so together they "
        "count twice or not at all: give the day one to-date figure, or make each of its figures an increment "
        "(--set increment=true)"
    ) in r.err
    add = ("progress", "add", "buy", "--date", "2026-01-04", "--unit", "t", "--source", "x", "--data", ws)
    assert cli(*add, "--amount", "5", "--increment").code == 0
    before = (ws / "progress.jsonl").read_bytes()
    r = cli(*add, "--amount", "9")
    assert (
        r.code == 2
        and (
            "progress add: a to-date figure for buy on 2026-01-04 (official) where the day has increments at "
            "line 3 of progress.jsonl"
        )
        in r.err
    )
    assert (ws / "progress.jsonl").read_bytes() == before


def test_the_same_figure_with_another_note_is_not_written_twice(tmp_path):
    """Three fetches and an add at once wrote a duplicate line with a stale note: the check runs
    under the lock, on the file as it is, and a day's last figure repeated but for its note is skipped."""
    from datetime import date

    from tradetrack.files.workspace import Location
    from tradetrack.write.progress import add

    ws = write_ws(tmp_path / "w", MINIMAL)
    loc = Location(ws / "commitments.yaml", "--data")
    fields = {"commitment": "buy", "date": "2026-01-05", "amount": 7, "unit": "t", "source": "fetch"}
    add(loc, [({**fields, "note": "first"}, ("fetch", 0))], date(2026, 11, 28))
    again, _ = add(loc, [({**fields, "note": "revises 6 t (line 9)"}, ("fetch", 0))], date(2026, 11, 28))
    assert not again.records and len(again.skipped) == 1
    assert (ws / "progress.jsonl").read_text().count('"fetch"') == 1


@pytest.mark.parametrize(
    "option, item, said",
    [
        ("--column", "when=Month", "'when=Month': write OURS=THEIRS with OURS one of commitment, "),
        ("--column", "date", "'date': write OURS=THEIRS with OURS one of "),
        ("--set", "colour=red", "'colour=red': write FIELD=VALUE with FIELD one of commitment, "),
    ],
)
def test_a_bad_name_value_option_is_refused_with_the_shape_to_write(cli, tmp_path, option, item, said):
    ws = write_ws(tmp_path / "w", MINIMAL)
    path = tmp_path / "f.csv"
    path.write_text("commitment,date,amount,unit,source\nbuy,2026-01-03,5,t,x\n")
    r = cli("import", "csv", path, option, item, "--data", ws)
    assert r.code == 2 and said in r.err and "Traceback" not in r.err
    assert not (ws / "progress.jsonl").exists()
