"""`tradetrack site`: a static tracker site from the bundled data. Every link resolves to a file
the command wrote (or is a source's http(s) address), nothing is fetched from anywhere, pages
have landmarks, table headers and labelled charts, and writing follows report -o's rules.

The browser test loads every page in headless Chromium (served from localhost, so one browser
run sees them all): no console error, the filter script runs, every chart has drawn geometry.
Without chromium it is skipped, unless TRADETRACK_REQUIRE_BROWSER=1 (CI), which fails it."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradetrack.cli import app
from tradetrack.render.site import page_name

AS_OF = "2026-11-28"
ATOM = "{http://www.w3.org/2005/Atom}"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    env = {"XDG_DATA_HOME": str(out.parent / "xdg"), "XDG_CACHE_HOME": str(out.parent / "cache"), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, ["site", "-o", str(out), "--as-of", AS_OF], env=env)
    assert result.exit_code == 0, result.output
    return out


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_the_site_has_its_pages(site):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "changes.html", "feed.xml", "data.json"} <= names
    status = json.loads(run("status", "--as-of", AS_OF, "--json").stdout)["commitments"]
    assert {f"c/{c['id']}.html" for c in status} <= names
    assert {f"deal/{c['deal']}.html" for c in status} <= names


def test_every_link_resolves_to_a_file_it_wrote(site):
    checked = 0
    for page in pages(site):
        text = page.read_text()
        for target in re.findall(r'(?:href|src)="([^"]*)"', text):
            if target.startswith(("https://", "http://")):
                continue  # a source's address: linked, never loaded
            path, _, fragment = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            assert dest.is_file() and dest.is_relative_to(site.resolve()), (page, target)
            if fragment:
                assert f'id="{fragment}"' in dest.read_text(), (page, target)
            checked += 1
    feed = ET.parse(site / "feed.xml").getroot()
    for link in feed.iter(f"{ATOM}link"):
        if link.get("rel") == "alternate":
            assert (site / link.get("href")).is_file()
            checked += 1
    assert checked > 100


def test_the_site_fetches_nothing(site):
    for page in pages(site):
        text = page.read_text()
        assert not re.search(r"<script[^>]*\ssrc", text) and "@import" not in text and "url(" not in text
        up = "../" if page.parent != site else ""
        feed = f'<link rel="alternate" type="application/atom+xml" title="Changes" href="{up}feed.xml">'
        assert re.findall(r"<link [^>]*>", text) == [feed]
        assert not re.search(r"<(img|iframe|object|embed)\b", text)


def test_pages_are_accessible_and_print(site):
    for page in pages(site):
        text = page.read_text()
        assert '<html lang="en">' in text and 'name="viewport"' in text and "@media print" in text
        for landmark in ("<header>", "<nav ", "<main>", "<footer>"):
            assert landmark in text, (page, landmark)
        for table in re.findall(r"<table.*?</table>", text, re.S):
            assert "<th" in table, page
        for svg in re.findall(r"<svg[^>]*>", text):
            assert 'role="img"' in svg and "aria-label=" in svg, page


def test_the_index_is_filterable_in_place(site):
    index = (site / "index.html").read_text()
    status = json.loads(run("status", "--as-of", AS_OF, "--json").stdout)["commitments"]
    rows = re.findall(r'<tr data-deal="([^"]*)" data-party="([^"]*)" data-kind="([^"]*)" data-status="([^"]*)">', index)
    assert rows == [(c["deal"], c["party"], c["kind"], c["status"]) for c in status]
    assert '<form class="filters" id="filters" hidden' in index  # without its script, every row shows
    for name in ("deal", "party", "kind", "status"):
        assert f'<select name="{name}">' in index


def test_commitment_pages_hold_card_chart_history_timeline_and_sources(site):
    page = (site / "c" / "cn-soybeans-2025.html").read_text()
    for part in ('<figure class="chart"><svg', "<h3>History", "<h3>Timeline", "<h3>Sources", "unconfirmed"):
        assert part in page, part
    assert 'the due date <span class="nowrap">2026-02-28</span> passed' in page
    changes = (site / "changes.html").read_text()
    assert changes.count("<tr><td") == len(json.loads((site / "data.json").read_text())["changes"]) > 40


def test_the_data_is_the_status_json(site):
    data = json.loads((site / "data.json").read_text())
    status = json.loads(run("status", "--as-of", AS_OF, "--json").stdout)["commitments"]
    assert [(c["id"], c["status"]) for c in data["commitments"]] == [(c["id"], c["status"]) for c in status]
    assert all(c["timeline"][-1]["status"] == c["status"] for c in data["commitments"])


def test_page_names_are_never_paths():
    assert page_name("cn-soybeans-2025") == "cn-soybeans-2025.html"
    for hostile in ("../x", "a/b", "..", ".", "con", "A", "x\x00", "-x" * 100):
        name = page_name(hostile)
        assert "/" not in name and not name.startswith(".") and name.endswith(".html"), hostile
        assert name.startswith("id-"), hostile
    assert page_name("../x") != page_name("../y")


def test_data_from_the_file_is_escaped(tmp_path, workspace):
    text = (workspace / "commitments.yaml").read_text()
    text, n = re.subn(r"(?m)^(\s+)title: US cuts the IEEPA.*$", r'\1title: "<script>alert(1)</script> US cuts"', text)
    assert n == 1
    (workspace / "commitments.yaml").write_text(text)
    run("site", "--data", str(workspace), "-o", str(tmp_path / "s"), "--as-of", AS_OF)
    for page in pages(tmp_path / "s"):
        assert "<script>alert" not in page.read_text(), page
    assert "&lt;script&gt;alert(1)" in (tmp_path / "s" / "c" / "us-fentanyl-tariff-cut.html").read_text()


def test_the_site_is_written_only_where_the_user_said(tmp_path, workspace):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere)
    result = run("site", "--data", str(workspace), "-o", str(tmp_path / "link"), code=2)
    assert "is a symbolic link" in result.stderr and not list(elsewhere.iterdir())
    result = run("site", "--data", str(workspace), "-o", str(workspace), code=2)
    assert "is the workspace's folder" in result.stderr
    (tmp_path / "file").write_text("x")
    assert "is not a directory" in run("site", "-o", str(tmp_path / "file"), code=2).stderr
    assert "parent directory does not exist" in run("site", "-o", str(tmp_path / "no" / "site"), code=2).stderr
    # a link planted inside the directory: refused before anything is written
    planted = tmp_path / "out"
    (planted / "c").mkdir(parents=True)
    (planted / "c" / "cn-soybeans-2025.html").symlink_to(elsewhere / "victim.html")
    result = run("site", "--data", str(workspace), "-o", str(planted), code=2)
    assert "is a symbolic link" in result.stderr
    assert not (elsewhere / "victim.html").exists() and not (planted / "index.html").exists()
    shutil.rmtree(planted / "c")
    (planted / "c").symlink_to(elsewhere, target_is_directory=True)
    assert "is a symbolic link" in run("site", "--data", str(workspace), "-o", str(planted), code=2).stderr
    assert not list(elsewhere.iterdir())


# --- in a browser ------------------------------------------------------------------------------

# Injected first into each page's copy: records every error (script or resource), and on load
# reports the filter script's work and each chart's drawn box to the harness page.
PROBE = """<script>window.__errors=[];addEventListener('error',function(e){
__errors.push(String(e.message||(e.target&&(e.target.src||e.target.href))))},true);
addEventListener('load',function(){var s=[].map.call(document.querySelectorAll('svg'),function(x){
var b=x.getBBox();return [b.width,b.height,x.querySelectorAll('rect,polyline,circle,line').length]});
var f=document.getElementById('filters');parent.postMessage({page:location.pathname,errors:__errors,svgs:s,
filters:f?!f.hidden:null,shown:(document.getElementById('shown')||{}).textContent||''},'*');});</script>"""

HARNESS = """<!doctype html><html><body><pre id="out"></pre><script>var got=[];var n=%d;
addEventListener('message',function(e){got.push(e.data);if(got.length===n){
document.getElementById('out').textContent=JSON.stringify(got);}});</script>%s</body></html>"""


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
def test_every_page_loads_in_a_browser_without_errors_and_draws_its_charts(site, tmp_path):
    if _browser() is None:
        if os.environ.get("TRADETRACK_REQUIRE_BROWSER") == "1":
            pytest.fail("no chromium on this machine, and TRADETRACK_REQUIRE_BROWSER=1")
        pytest.skip("the browser test needs chromium (Debian: apt-get install chromium); .ci/run installs it")
    copy = tmp_path / "served"
    shutil.copytree(site, copy)
    names = [p.relative_to(copy).as_posix() for p in pages(copy)]
    for name in names:
        page = copy / name
        page.write_text(page.read_text().replace("<head>", "<head>" + PROBE, 1))
    frames = "".join(f'<iframe src="/{n}" width="800" height="600"></iframe>' for n in names)
    (copy / "harness.html").write_text(HARNESS % (len(names), frames))
    requested: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
            requested.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [
                _browser(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=10000",
                "--dump-dom",
                f"http://127.0.0.1:{server.server_address[1]}/harness.html",
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        server.shutdown()
    consoles = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert not consoles, consoles
    m = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.S)
    assert m and m.group(1), "not every page reported back: " + result.stdout[-2000:]
    reports = {r["page"].lstrip("/"): r for r in json.loads(m.group(1).replace("&amp;", "&"))}
    assert set(reports) == set(names)
    for name, r in reports.items():
        assert not r["errors"], (name, r["errors"])
        for width, height, shapes in r["svgs"]:
            assert width > 100 and height > 20 and shapes > 0, (name, r["svgs"])
    assert reports["index.html"]["filters"] is True and reports["index.html"]["shown"].endswith("shown")
    assert sum(len(r["svgs"]) for r in reports.values()) >= 10
    # nothing but the site's own files was asked for (and the favicon a browser always asks for)
    missing = [p for p in requested if p != "/favicon.ico" and not (copy / p.lstrip("/")).is_file()]
    assert requested and not missing, missing
