"""How firm a figure is, through the CLI: official series over press figures (a confirmed figure
supersedes a reported one it contradicts), unverified claims beside a verdict, and revisions
and declines marked where verdicts are read."""

from __future__ import annotations

import json
import textwrap

from .conftest import write_ws

# A SYNTHETIC weekly series standing in for USDA's own (the official weekly figures were not
# found published in the material this project may copy). It is shaped like the ESR
# total-commitment series: to-date totals, weeks ending on Thursdays, and below the press
# figures on 14 Nov, 9 Dec and 8 Jan, so it contradicts three reported rows of the bundle.
SYNTHETIC_WEEKS = """\
date,amount
2025-11-13,0.25
2025-12-04,2.1
2025-12-11,2.5
2026-01-08,7.9
2026-02-26,12.3
"""


def _import_weeks(cli, ws, tmp_path, text=SYNTHETIC_WEEKS, *extra):
    csv = tmp_path / "weeks.csv"
    csv.write_text(text, encoding="utf-8")
    return cli(
        "import",
        "csv",
        str(csv),
        "--set",
        "commitment=cn-soybeans-2025",
        "--set",
        "unit=Mt",
        "--set",
        "basis=usda-esr",
        "--set",
        "source=synthetic test series (not USDA figures)",
        *extra,
        "--data",
        str(ws),
    )


def _status(cli, ws, *args) -> dict:
    r = cli("status", "--json", "--data", str(ws), *args)
    assert r.code == 0, r
    return {c["id"]: c for c in json.loads(r.out)["commitments"]}


def test_a_confirmed_series_supersedes_the_press_figures_it_contradicts(cli, workspace, tmp_path):
    """On a copy of the bundled data the official series appends, and the verdict follows it."""
    before = _status(cli, workspace, "--as-of", "2026-03-01")["cn-soybeans-2025"]
    assert before["status"] == "unconfirmed"  # the press figures stop on 8 Jan
    r = _import_weeks(cli, workspace, tmp_path)
    assert r.code == 0 and "added 5" in r.out + r.err, r
    assert "increment" not in r.err
    after = _status(cli, workspace, "--as-of", "2026-03-01")["cn-soybeans-2025"]
    assert (after["status"], after["actual"]) == ("met", 12.3)
    assert cli("check", "--data", str(workspace)).code == 0
    # The superseded press figures stay in the file and say by which line in show's history.
    lines = (workspace / "progress.jsonl").read_text().splitlines()
    crbc = next(i for i, x in enumerate(lines, 1) if "crbcnews" in x and '"amount": 2.85' in x)
    by = next(i for i, x in enumerate(lines, 1) if '"date": "2025-12-11"' in x)
    shown = cli("show", "cn-soybeans-2025", "--as-of", "2026-03-01", "--data", str(workspace)).out
    assert "superseded by line" in shown and str(by) in shown
    j = json.loads(cli("show", "cn-soybeans-2025", "--json", "--as-of", "2026-03-01", "--data", str(workspace)).out)
    notes = {r["line"]: r["note"] for r in j["records"] if r.get("line")}
    assert notes[crbc].startswith(f"superseded by line {by}")


def test_without_the_rule_the_add_was_refused(cli, workspace, tmp_path):
    """The same series marked reported is not the publisher's: it is checked as today and refused."""
    text = SYNTHETIC_WEEKS.replace("date,amount", "date,amount,standing").replace("\n2", ",reported\n2")
    text = "\n".join(x + ",reported" if x[:1] == "2" and not x.endswith("reported") else x for x in text.splitlines())
    r = _import_weeks(cli, workspace, tmp_path, text + "\n")
    assert r.code == 2 and '"increment": true' in r.err, r


def test_two_confirmed_figures_that_contradict_are_errors_all_at_once(cli, workspace, tmp_path):
    text = "date,amount\n2025-12-11,3.0\n2025-12-18,2.0\n2026-01-08,9.0\n2026-01-15,1.0\n"
    r = _import_weeks(cli, workspace, tmp_path, text)
    assert r.code == 2 and r.err.count("asserts") == 2, r
    assert "nothing was written" in r.err or "written" not in r.out


BUY = """\
version: 1
settings: {default_basis: official}
deals: [{id: d, title: D, parties: [US, CN]}]
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: Buy 100 t
    party: CN
    commodity: beans
    target: {amount: 100, unit: t}
    start: 2026-01-01
    due: 2026-12-31
    sources: [{title: s}]
"""


def _ws(tmp_path, *records):
    return write_ws(
        tmp_path / "w",
        BUY,
        "".join(
            json.dumps({"commitment": "buy", "unit": "t", "basis": "official", "source": "s", **r}) + "\n"
            for r in records
        ),
    )


def test_a_same_day_lower_figure_passes_check_only_as_a_marked_revision(cli, tmp_path):
    ws = _ws(tmp_path, {"date": "2026-01-08", "amount": 50}, {"date": "2026-01-08", "amount": 45})
    r = cli("check", "--data", str(ws))
    assert r.code == 2 and 'if it revises line 1, mark it with "revises": 1' in r.err, r
    ws = _ws(tmp_path, {"date": "2026-01-08", "amount": 50}, {"date": "2026-01-08", "amount": 45, "revises": 1})
    assert cli("check", "--data", str(ws)).code == 0


def test_a_revision_is_marked_in_status_json_report_and_progress_list(cli, tmp_path):
    ws = _ws(tmp_path, {"date": "2026-01-08", "amount": 50}, {"date": "2026-01-08", "amount": 45, "revises": 1})
    out = cli("status", "--as-of", "2026-01-10", "--data", str(ws)).out
    assert "(revised)" in out and "revised 2026-01-08: 50 t → 45 t (line 2)" in out
    (v,) = json.loads(cli("status", "--json", "--as-of", "2026-01-10", "--data", str(ws)).out)["commitments"]
    assert v["revisions"] == [
        {"basis": "official", "date": "2026-01-08", "line": 2, "previous": 50, "total": 45, "kind": "revised"}
    ]
    assert [
        c["id"]
        for c in json.loads(
            cli("status", "--json", "--status", "revised", "--data", str(ws), "--as-of", "2026-01-10").out
        )["commitments"]
    ] == ["buy"]
    report = tmp_path / "r.md"
    assert cli("report", "-o", str(report), "--as-of", "2026-01-10", "--data", str(ws)).code == 0
    assert "Revised 2026-01-08: 50 t → 45 t (line 2)" in report.read_text()
    listed = cli("progress", "list", "buy", "--data", str(ws)).out
    assert "45 t to date (revises line 1)" in listed


def test_a_decline_is_marked_and_needs_a_note_saying_so(cli, tmp_path):
    decline = {"date": "2026-02-05", "amount": 40, "decline": True, "note": "net cancellations published"}
    ws = _ws(tmp_path, {"date": "2026-01-08", "amount": 50}, decline)
    assert cli("check", "--data", str(ws)).code == 0
    out = cli("status", "--as-of", "2026-02-10", "--data", str(ws)).out
    assert "(revised)" in out and "decline 2026-02-05: 50 t → 40 t (line 2)" in out
    assert "40 t to date (decline)" in cli("progress", "list", "buy", "--data", str(ws)).out
    bare = _ws(tmp_path, {"date": "2026-01-08", "amount": 50}, {"date": "2026-02-05", "amount": 40, "decline": True})
    r = cli("check", "--data", str(bare))
    assert r.code == 2 and "a decline needs a note" in r.err, r


ACTION = textwrap.dedent("""\
    version: 1
    deals: [{id: d, title: D, parties: [US, CN]}]
    commitments:
      - id: act
        kind: action
        deal: d
        title: Publish a list
        party: CN
        start: 2026-01-01
        sources: [{title: s}]
    """)


def test_an_unverified_event_is_shown_beside_and_never_decides(cli, tmp_path):
    rec = {"commitment": "act", "date": "2026-03-01", "event": "done", "standing": "unverified", "source": "a digest"}
    ws = write_ws(tmp_path / "a", ACTION, json.dumps(rec) + "\n")
    out = cli("status", "--as-of", "2026-04-01", "--data", str(ws)).out
    assert "pending (+ claim)" in out and "claimed, unverified: done (2026-03-01, line 1)" in out
    (v,) = json.loads(cli("status", "--json", "--as-of", "2026-04-01", "--data", str(ws)).out)["commitments"]
    assert v["status"] == "pending" and v["claims"] == ["claimed, unverified: done (2026-03-01, line 1)"]
    reported = write_ws(tmp_path / "b", ACTION, json.dumps({**rec, "standing": "reported"}) + "\n")
    assert "done (reported)" in cli("status", "--as-of", "2026-04-01", "--data", str(reported)).out


SUSPENSION = textwrap.dedent("""\
    version: 1
    deals: [{id: d, title: D, parties: [US, CN]}]
    commitments:
      - id: sus
        kind: suspension
        deal: d
        title: Suspend a tariff
        party: US
        start: 2025-11-10
        end: 2026-11-10
        sources: [{title: s}]
        amendments:
          - date: 2026-09-25
            end: 2027-01-10
            state: extended
            standing: STANDING
            summary: extended, says a digest
            source: {title: a digest}
    """)


def test_a_suspension_with_only_an_unverified_extension_reads_ended(cli, tmp_path):
    ws = write_ws(tmp_path / "u", SUSPENSION.replace("STANDING", "unverified"))
    out = cli("status", "--as-of", "2026-11-20", "--data", str(ws)).out
    assert "lapsed (+ claim)" in out
    assert "ended 2026-11-10; an extension to 2027-01-10 is claimed, unverified" in out
    reported = write_ws(tmp_path / "r", SUSPENSION.replace("STANDING", "reported"))
    assert "extended (reported)" in cli("status", "--as-of", "2026-11-20", "--data", str(reported)).out
