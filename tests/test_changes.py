"""`tradetrack changes` and the timeline of `show`: the days a verdict moved on the bundled
record, what moved it and where that was published; the Atom feed; and that judging candidate
days only misses no change a day-by-day `status` would show."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from tradetrack.cli import app
from tradetrack.facts.cache import open_ledger
from tradetrack.files.workspace import locate
from tradetrack.judge.changes import changes, key
from tradetrack.judge.verdict import judge, scope_of

ATOM = "{http://www.w3.org/2005/Atom}"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def as_json(*args: str) -> dict:
    return json.loads(run("changes", *args, "--json").stdout)


# Pinned from the bundled record (like tests/bundled_verdicts.txt): each change in the first
# quarter of 2026, with the kind of fact that moved it. Re-pin when the data changes, and check
# each still makes sense against the record. Pace is judged like for like (the last figure
# against the path at its own date), so time alone moves no purchase between on track, at risk
# and behind: only a figure, a term or the due date does.
Q1_2026 = [
    ("2026-01-01", "cn-soybeans-2026", "not-started", "no-data", ["start"]),
    ("2026-01-01", "cn-us-farm-purchases-2026", "not-started", "no-data", ["start"]),
    ("2026-01-08", "cn-soybeans-2025", "at-risk", "on-track", ["figure"]),
    ("2026-02-20", "us-fentanyl-tariff-cut", "implemented", "superseded", ["amendment"]),
    ("2026-02-20", "us-reciprocal-suspension", "in-force", "void", ["amendment"]),
    ("2026-03-01", "cn-soybeans-2025", "on-track", "unconfirmed", ["due-passed"]),
]


def test_changes_in_a_window_of_the_bundled_record():
    found = as_json("--since", "2026-01-01", "--until", "2026-03-31")["changes"]
    got = [
        (r["day"], r["id"], r["before"]["status"], r["after"]["status"], [x["what"] for x in r["causes"]])
        for r in found
    ]
    assert got == Q1_2026


def test_each_change_names_its_fact_and_source():
    found = as_json("--since", "2026-01-01", "--until", "2026-03-31")["changes"]
    figure = next(r for r in found if r["causes"][0]["what"] == "figure")
    assert figure["causes"][0]["text"] == "figure of 2026-01-08: 8 Mt to date (usda-esr [reported])"
    assert figure["causes"][0]["sources"][0]["url"].startswith("https://")
    amendment = next(r for r in found if r["id"] == "us-fentanyl-tariff-cut")
    assert "Supreme Court" in amendment["causes"][0]["text"]
    assert amendment["causes"][0]["sources"][0]["url"].startswith("https://www.cov.com/")
    due = found[-1]["causes"][0]
    assert due["text"] == "the due date 2026-02-28 passed" and due["sources"]


def test_an_unverified_amendment_is_no_change_and_a_lapse_window_is_one():
    found = as_json("--since", "2026-09-25", "--until", "2026-10-11", "--deal", "us-cn-2025")["changes"]
    # The extension of 25 Sep is seen only in digests (unverified): it changes no verdict.
    assert found and all(r["day"] != "2026-09-25" for r in found)
    windows = [r for r in found if r["causes"][0]["what"] == "window"]
    assert windows and all(r["after"]["status"] == "lapsing" for r in windows)


def test_until_defaults_to_as_of_and_the_filters_are_status_s():
    pinned = as_json("--since", "2026-01-01", "--as-of", "2026-03-31")["changes"]
    assert len(pinned) == len(Q1_2026)
    suspensions = as_json("--since", "2026-01-01", "--as-of", "2026-03-31", "--kind", "suspension")["changes"]
    assert [r["id"] for r in suspensions] == ["us-reciprocal-suspension"]
    # --status keeps a change whose verdict before or after has the status
    on_track = as_json("--since", "2026-01-01", "--as-of", "2026-03-31", "--status", "on-track")["changes"]
    assert [r["day"] for r in on_track] == ["2026-01-08", "2026-03-01"]
    run("changes", "--since", "2026-01-01", "--deal", "nope", code=2)


def test_fail_on_names_changes_into_a_status():
    result = run("changes", "--since", "2026-01-01", "--until", "2026-03-31", "--fail-on", "void", code=1)
    assert "us-reciprocal-suspension void" in result.stderr


def test_a_window_backwards_or_two_ends_is_a_usage_error():
    result = run("changes", "--since", "2026-03-01", "--until", "2026-01-01", code=2)
    assert "--since 2026-03-01 is after the end of the window" in result.stderr
    run("changes", "--since", "2026-01-01", "--until", "2026-02-01", "--as-of", "2026-03-01", code=2)
    run("changes", "--since", "2026-13-01", code=2)
    run("changes", "--since", "2026-01-01", "--format", "rss", code=2)
    # the widest window there is: no day before the first or after the last is asked for
    widest = as_json("--since", "0001-01-01", "--until", "9999-12-31")["changes"]
    assert widest[-1]["day"] < "2030" and len(widest) > len(Q1_2026)


def test_text_and_markdown_say_the_same_changes():
    text = run("changes", "--since", "2026-01-01", "--until", "2026-03-31").stdout
    assert text.splitlines()[0] == "Changes of verdicts from 2026-01-01 to 2026-03-31 · 6 changes"
    assert (
        "2026-03-01  cn-soybeans-2025: on track (stated by US; reported) → unconfirmed (stated by US; reported)" in text
    )
    md = run("changes", "--since", "2026-01-01", "--until", "2026-03-31", "--format", "md").stdout
    assert md.count("\n| 2026-") == 6 and "](<https://" in md


def _feed(tmp_path, name: str) -> ET.Element:
    out = tmp_path / name
    run("changes", "--since", "2025-10-01", "--until", "2027-02-01", "--format", "atom", "-o", str(out))
    return ET.parse(out).getroot()


def test_the_feed_is_atom_with_stable_ids_and_links_to_sources(tmp_path):
    first, second = _feed(tmp_path, "a.xml"), _feed(tmp_path, "b.xml")
    assert first.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert first.find(f"{ATOM}{required}") is not None, required
    entries = first.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids == [e.findtext(f"{ATOM}id") for e in second.findall(f"{ATOM}entry")]
    assert len(set(ids)) == len(ids) == len(as_json("--since", "2025-10-01", "--until", "2027-02-01")["changes"])
    assert all(i.startswith("tag:tradetrack,2025:") for i in ids)
    for e in entries:
        assert e.findtext(f"{ATOM}updated").endswith("T00:00:00Z")
        assert e.find(f"{ATOM}content") is not None  # (an entry without content needs an alternate link)
    links = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
    assert links and all(h.startswith(("https://", "http://")) for h in links)


def test_the_feed_holds_hostile_text_inertly(tmp_path, workspace):
    import re

    text = (workspace / "commitments.yaml").read_text()
    text, n = re.subn(r"(?m)^(\s+)title: US cuts the IEEPA.*$", r'\1title: "<b>&x\\x01</b> ]]> US cuts"', text)
    assert n == 1
    (workspace / "commitments.yaml").write_text(text)
    out = tmp_path / "f.xml"
    run("changes", "--data", str(workspace), "--since", "2026-02-01", "--until", "2026-03-01", "--format", "atom",
        "-o", str(out))  # fmt: skip
    root = ET.parse(out).getroot()  # parses: the control character is replaced, the markup escaped
    assert any(
        "<b>&x\ufffd</b> ]]> US cuts" in (e.findtext(f"{ATOM}content") or "") for e in root.findall(f"{ATOM}entry")
    )


def test_writing_the_feed_follows_reports_rules(tmp_path):
    link = tmp_path / "link.xml"
    link.symlink_to(tmp_path / "elsewhere.xml")
    result = run("changes", "--since", "2026-01-01", "--format", "atom", "-o", str(link), code=2)
    assert "is a symbolic link" in result.stderr and not (tmp_path / "elsewhere.xml").exists()


def test_candidate_days_miss_no_change_a_daily_status_would_show():
    ledger, _ = open_ledger(locate(None))
    scope = scope_of(ledger)
    since, until = date(2025, 10, 1), date(2027, 2, 1)
    daily = set()
    for c in ledger.commitments:
        prev = key(judge(c, scope, since - timedelta(days=1)))
        day = since
        while day <= until:
            now = key(judge(c, scope, day))
            if now != prev:
                daily.add((day, c.id, prev, now))
            prev, day = now, day + timedelta(days=1)
    found = {
        (ch.day, ch.commitment.id, key(ch.before), key(ch.after))
        for ch in changes(ledger.commitments, scope, since, until)
    }
    assert found == daily and len(found) > 40


def test_show_has_the_timeline_in_text_and_json():
    shown = json.loads(run("show", "cn-soybeans-2025", "--as-of", "2026-12-01", "--json").stdout)
    timeline = shown["timeline"]
    assert timeline[0]["day"] is None and timeline[0]["status"] == "not-started"
    assert [(t["day"], t["status"]) for t in timeline][-3:] == [
        ("2025-12-09", "at-risk"),
        ("2026-01-08", "on-track"),
        ("2026-03-01", "unconfirmed"),
    ]
    assert timeline[-1]["causes"][0]["what"] == "due-passed"
    text = run("show", "cn-soybeans-2025", "--as-of", "2026-12-01").stdout
    assert "Timeline" in text and "2026-03-01  → unconfirmed (stated by US; reported): the due date" in text


@pytest.mark.parametrize("cid", ["cn-us-farm-purchases-2026", "us-reciprocal-suspension"])
def test_every_commitment_has_a_timeline_ending_in_its_status(cid):
    shown = json.loads(run("show", cid, "--as-of", "2026-12-01", "--json").stdout)
    assert shown["timeline"][-1]["status"] == shown["status"]


def test_a_fact_becoming_confirmed_is_a_change(tmp_path):
    from tests.conftest import write_ws

    ws = write_ws(
        tmp_path / "w",
        """\
        version: 1
        settings: {thresholds: {}}
        deals: [{id: d, title: D, parties: [CN, US]}]
        commitments:
          - id: a
            kind: action
            deal: d
            title: t
            party: CN
            start: 2020-01-01
            due: 2020-12-31
            sources: [{title: s}]
        """,
        '{"commitment": "a", "date": "2020-02-01", "event": "partial", "standing": "reported", "source": "https://a.example/1"}\n'
        '{"commitment": "a", "date": "2020-03-01", "event": "partial", "source": "https://b.example/2"}\n',
    )
    found = as_json("--data", str(ws), "--since", "2020-01-01", "--until", "2020-06-30")["changes"]
    assert [(r["day"], r["before"]["label"], r["after"]["label"]) for r in found] == [
        ("2020-01-01", "not started", "pending"),
        ("2020-02-01", "pending", "partly done (reported)"),
        ("2020-03-01", "partly done (reported)", "partly done"),
    ]
    assert found[2]["causes"][0]["sources"] == [{"title": "https://b.example/2", "url": "https://b.example/2"}]


def test_a_purchase_falling_behind_by_time_alone_is_a_change_on_the_day_it_turns(tmp_path):
    # Nothing is expected before March, so the January figure is judged against today's path:
    # no fact is dated the days it turns at risk and behind, and changes must still find them.
    from tests.conftest import MINIMAL, ledger_of, write_ws

    seasonal = MINIMAL.replace("due: 2026-01-10", "due: 2026-12-31\n    profile: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]")
    ws = write_ws(
        tmp_path / "w",
        seasonal,
        '{"commitment": "buy", "date": "2026-01-20", "amount": 30, "unit": "t", "source": "a cargo"}\n',
    )
    found = as_json("--data", str(ws), "--since", "2026-01-01", "--until", "2026-12-31")["changes"]
    assert [
        (r["day"], r["before"]["status"], r["after"]["status"], [x["what"] for x in r["causes"]]) for r in found
    ] == [
        ("2026-01-01", "not-started", "no-data", ["start"]),
        ("2026-01-20", "no-data", "on-track", ["figure"]),
        ("2026-06-11", "on-track", "at-risk", ["time"]),
        ("2026-07-09", "at-risk", "behind", ["time"]),
    ]
    ledger = ledger_of(ws)  # the days a day-by-day status turns
    scope, c = scope_of(ledger), ledger.commitments[0]
    for r in found[2:]:
        turned = date.fromisoformat(r["day"])
        was, now = judge(c, scope, turned - timedelta(days=1)), judge(c, scope, turned)
        assert (was.status, now.status) == (r["before"]["status"], r["after"]["status"])
