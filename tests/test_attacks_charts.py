"""Charts under attack (issue 20, items 7 and 10): text XML cannot hold, and more figures than a
picture can show. Through `tradetrack chart`, the SVG read back as XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from .conftest import write_ws
from .test_html import SVG, _fit

COMMITMENTS = """\
version: 1
settings:
  default_basis: official
commitments:
  - id: buy
    kind: purchase
    deal: d
    title: "TITLE"
    party: CN
    commodity: soybeans
    target: {amount: 15000, unit: t}
    start: 2022-01-01
    due: 2026-12-31
    sources: [{title: test}]
"""


def test_characters_xml_forbids_are_not_written_into_a_chart(cli, tmp_path):
    # A C0 control, a vertical tab and U+FFFE: legal in YAML's escapes, fatal to an XML parser.
    title = "Buy \\x01 soy \\v now \\uFFFE <b>&</b>"
    record = {"commitment": "buy", "date": "2026-01-02", "amount": 5, "unit": "t", "source": "x"}
    ws = write_ws(tmp_path / "w", COMMITMENTS.replace("TITLE", title), json.dumps(record) + "\n")
    svg, png = tmp_path / "x.svg", tmp_path / "x.png"
    assert cli("chart", "buy", "-o", svg, "--as-of", "2026-06-01", "--data", ws).code == 0
    root = ET.parse(svg).getroot()  # well-formed, or this raises
    heading = next(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "title")
    assert heading == "Buy \ufffd soy \ufffd now \ufffd <b>&</b>"
    assert cli("chart", "buy", "-o", png, "--as-of", "2026-06-01", "--data", ws).code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_chart_of_many_figures_is_thinned_and_says_so(cli, tmp_path):
    # 20,000 increments over four years, several a day; the total crosses the target (15,000 t)
    # at figure 15,000 and falls below the expected path for a stretch in the middle.
    first = date(2022, 1, 1)
    lines = []
    for k in range(20_000):
        day = first + timedelta(days=k * 1500 // 20_000)
        amount = 0.1 if 6_000 <= k < 9_000 else 1  # the slow stretch: below the expected path
        lines.append(
            json.dumps(
                {"commitment": "buy", "date": day.isoformat(), "amount": amount, "unit": "t", "increment": True}
                | {"source": f"s{k}"}
            )
        )
    ws = write_ws(tmp_path / "w", COMMITMENTS.replace("TITLE", "Buy"), "\n".join(lines) + "\n")
    svg = tmp_path / "x.svg"
    assert cli("chart", "buy", "-o", svg, "--as-of", "2026-06-01", "--data", ws).code == 0
    assert svg.stat().st_size < 200_000
    root = ET.parse(svg).getroot()
    texts = list(root.iter(f"{SVG}text"))
    note = next(t for t in texts if t.get("data-shown"))
    circles = [c for g in root.iter(f"{SVG}g") if g.get("data-basis") for c in g.iter(f"{SVG}circle")]
    assert note.get("data-figures") == "20000" and int(note.get("data-shown")) == len(circles) <= 500
    assert note.text == f"{len(circles):,} of 20,000 figures shown"
    # Each dot is a real figure: its date and the day's total, read back through the ticks.
    ys = _fit([(float(t.get("y")) - 4, float(t.get("data-value"))) for t in texts if t.get("class") == "ytick"])
    xs = _fit(
        [
            (float(t.get("x")), date.fromisoformat(t.get("data-date")).toordinal())
            for t in texts
            if t.get("class") == "xtick" and t.get("data-date")
        ]
    )
    by_day: dict[date, float] = {}
    running = 0.0
    for line in lines:
        r = json.loads(line)
        running += r["amount"]
        by_day[date.fromisoformat(r["date"])] = running
    plotted = []
    for c in circles:
        day = date.fromordinal(round(xs(float(c.get("cx")))))
        near = [d for d in by_day if abs((d - day).days) <= 1]
        assert near and min(abs(by_day[d] - ys(float(c.get("cy")))) for d in near) < 150, (day, c.get("cy"))
        plotted.append(c.find(f"{SVG}title").text)
    # The last figure, and the figures either side of the crossing of the target, are drawn.
    assert plotted[-1].endswith(f" on {max(by_day)}")
    reached = min(d for d, x in by_day.items() if x >= 15_000)
    before = max(d for d in by_day if d < reached)
    assert any(f"on {reached}" in t for t in plotted) and any(f"on {before}" in t for t in plotted)


def test_a_thinned_line_of_another_basis_keeps_its_crossing_of_the_expected_path(cli, tmp_path):
    # Daily figures on a second basis for 2,000 days (thinned to about 400), at half the expected
    # path until day 1,234, then at one and a half times it; the judged basis reports weekly on
    # other days. The dots either side of the crossing must be drawn, whatever basis crossed.
    start, days = date(2020, 1, 1), 2191  # to the due date, 2025-12-31
    text = COMMITMENTS.replace("TITLE", "Buy").replace("15000", "1000000").replace("2022-01-01", "2020-01-01")
    text = text.replace("2026-12-31", "2025-12-31")

    def expected(k: int) -> int:
        return 1_000_000 * k // days

    lines = [
        {"commitment": "buy", "date": (start + timedelta(days=k)).isoformat(), "amount": expected(k), "unit": "t"}
        | {"source": "weekly"}
        for k in range(3, 2000, 7)
    ]
    lines += [
        {"commitment": "buy", "date": (start + timedelta(days=k)).isoformat(), "unit": "t", "basis": "daily"}
        | {"amount": expected(k) * (1 if k < 1234 else 3) // 2, "source": "daily"}
        for k in range(1, 2000)
    ]
    ws = write_ws(tmp_path / "w", text, "".join(json.dumps(x) + "\n" for x in lines))
    svg = tmp_path / "x.svg"
    assert cli("chart", "buy", "-o", svg, "--as-of", "2025-06-30", "--data", ws).code == 0
    root = ET.parse(svg).getroot()
    daily = next(g for g in root.iter(f"{SVG}g") if g.get("data-basis") == "daily")
    tips = [c.find(f"{SVG}title").text for c in daily.iter(f"{SVG}circle")]
    assert len(tips) < 600  # thinned
    for k in (1233, 1234):
        assert any(t.endswith(f" on {start + timedelta(days=k)}") for t in tips), k
