"""Charts under attack (issue 20, items 7 and 10): text XML cannot hold, and more figures than a
picture can show. Through `tradetrack chart`, the SVG read back as XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

from .conftest import write_ws
from .test_html import SVG, _fit, dots

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
    shown = [d for g in root.iter(f"{SVG}g") if g.get("data-basis") for d in dots(g)]
    assert note.get("data-figures") == "20000" and int(note.get("data-shown")) == len(shown) <= 500
    assert note.text == f"{len(shown):,} of 20,000 figures shown"
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
    for cx, cy, _ in shown:
        day = date.fromordinal(round(xs(cx)))
        near = [d for d in by_day if abs((d - day).days) <= 1]
        assert near and min(abs(by_day[d] - ys(cy)) for d in near) < 150, (day, cy)
        plotted.append(day)
    # The last figure (with its tip), and the figures either side of the crossing of the
    # target, are drawn.
    assert plotted[-1] == max(by_day) and shown[-1][2].endswith(f" on {max(by_day)}")
    line = next(g for g in root.iter(f"{SVG}g") if g.get("data-basis"))
    assert line.find(f"{SVG}title").text == (
        f"official · judged: 20,000 figures from 2022-01-01 to {max(by_day)}, the last 17,300 t"
    )  # every figure counted, not those drawn
    reached = min(d for d, x in by_day.items() if x >= 15_000)
    before = max(d for d in by_day if d < reached)
    assert reached in plotted and before in plotted


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
    xticks = [
        (float(t.get("x")), date.fromisoformat(t.get("data-date")).toordinal())
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "xtick" and t.get("data-date")
    ]
    days = {date.fromordinal(round(_fit(xticks)(cx))) for cx, _, _ in dots(daily)}
    assert len(days) < 600  # thinned
    for k in (1233, 1234):
        assert start + timedelta(days=k) in days, k


def _two_lines(tmp_path: Path) -> Path:
    """A five-year purchase (2022-2026) with a figure each quarter on its judged basis (about
    28 px apart on the chart) and one each month on a second (about 9 px apart)."""
    lines = [
        {"commitment": "buy", "date": date(2022 + q // 4, 3 * (q % 4) + 1, 15).isoformat(), "amount": 500 * (q + 1)}
        | {"unit": "t", "source": "quarterly"}
        for q in range(18)  # to 2026-04-15
    ]
    lines += [
        {"commitment": "buy", "date": date(2022 + m // 12, m % 12 + 1, 20).isoformat(), "amount": 150 * (m + 1)}
        | {"unit": "t", "source": "monthly", "basis": "monthly"}
        for m in range(54)  # to 2026-06-20
    ]
    return write_ws(tmp_path / "w", COMMITMENTS.replace("TITLE", "Buy"), "".join(json.dumps(x) + "\n" for x in lines))


def test_dots_have_a_tip_each_while_they_stand_apart(cli, tmp_path):
    ws, svg = _two_lines(tmp_path), tmp_path / "x.svg"
    assert cli("chart", "buy", "-o", svg, "--as-of", "2026-06-30", "--data", ws).code == 0
    series = {g.get("data-basis"): g for g in ET.parse(svg).getroot().iter(f"{SVG}g") if g.get("data-basis")}
    quarterly, monthly = dots(series["official"]), dots(series["monthly"])
    # Apart: every figure is a dot with its own tip.
    assert len(quarterly) == 18 and series["official"].find(f"{SVG}path") is None
    assert [t for _, _, t in quarterly][:2] == [
        "official · judged: 500 t on 2022-01-15",
        "official · judged: 1,000 t on 2022-04-15",
    ]
    assert all(t and t.startswith("official · judged: ") for _, _, t in quarterly)
    # Close: every figure still a dot, one path of them; only the last has its tip, and the line's
    # own tip names what it spans.
    assert len(monthly) == 54 and [t for _, _, t in monthly[:-1]] == [None] * 53
    assert monthly[-1][2] == "monthly: 8,100 t on 2026-06-20"
    assert series["monthly"].find(f"{SVG}title").text == (
        "monthly: 54 figures from 2022-01-20 to 2026-06-20, the last 8,100 t"
    )


def test_a_path_of_dots_is_drawn_as_dots(cli, tmp_path):
    # Zero-length subpaths with round caps: the PNG renderer (cairo) must draw each as a dot.
    # Above a figure's dot the step line never passes (it comes up from below, then goes right).
    from PIL import Image

    ws, svg, png = _two_lines(tmp_path), tmp_path / "x.svg", tmp_path / "x.png"
    for out in (svg, png):
        assert cli("chart", "buy", "-o", out, "--as-of", "2026-06-30", "--data", ws).code == 0
    monthly = next(g for g in ET.parse(svg).getroot().iter(f"{SVG}g") if g.get("data-basis") == "monthly")
    image = Image.open(png).convert("RGB")
    scale = image.width / 640

    def orange(x: float, y: float) -> bool:  # the second line's colour, #D55E00
        r, g, b = image.getpixel((round(x * scale), round(y * scale)))
        return r > 180 and g < 140 and b < 60

    marks = [(x, y) for x, y, tip in dots(monthly) if tip is None][5::5]
    assert len(marks) >= 10 and all(orange(x, y - 2.5) for x, y in marks)
    assert not any(orange(x, y - 6) for x, y in marks)  # and no bigger than a dot


def test_a_charts_axes_do_not_depend_on_the_chart_drawn_before_it(cli, tmp_path):
    # Two targets whose axes round to the same ticks, one from a whole step (1) and one not:
    # the axes are kept per scale, so the ticks must be written alike (5.0, never 5) or the
    # second chart took the first one's spelling.
    text = COMMITMENTS.replace("TITLE", "A").replace("15000", "4.761904761904762")
    text += text.split("commitments:\n")[1].replace("id: buy", "id: b").replace("4.761904761904762", "4.5")
    lines = [{"commitment": cid, "date": "2025-03-01", "amount": 1, "unit": "t", "source": "s"} for cid in ("buy", "b")]
    ws = write_ws(tmp_path / "w", text, "".join(json.dumps(x) + "\n" for x in lines))
    html, svg = tmp_path / "r.html", tmp_path / "b.svg"
    assert cli("report", "--as-of", "2025-06-30", "--data", ws, "-o", html).code == 0
    assert cli("chart", "b", "-o", svg, "--as-of", "2025-06-30", "--data", ws).code == 0

    def ticks(svg_text: str) -> list[str]:
        root = ET.fromstring(svg_text)
        return [t.get("data-value") for t in root.iter(f"{SVG}text") if t.get("class") == "ytick"]

    section = html.read_text().split('id="b"')[1]
    in_report = ticks(section[section.index("<svg") : section.index("</svg>") + 6])
    assert in_report == ticks(svg.read_text()) and all("." in t for t in in_report), in_report
