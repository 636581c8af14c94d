"""Charts as standalone SVG: a purchase's cumulative figures on each basis against its expected
path and target, and the status overview. Drawn here rather than by a plotting library: this
costs about a millisecond, where importing matplotlib took 0.3-0.7 s and pygal 65 ms on these
machines, and the output is plain SVG with nothing fetched from anywhere.

Every text from the data is XML-escaped. Axis ticks are real text at their positions, so a
reader (or a test) can map any plotted point back to its date and value.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from tradetrack.core.units import format_amount
from tradetrack.judge.path import drawn_path
from tradetrack.judge.verdict import Verdict
from tradetrack.render import words

W, H = 640, 320
# Points per line at most: the plot is 552 px wide, so more cannot be seen, only weighed (a
# million records made a 148 MB SVG that no rasteriser finished).
MAX_POINTS = 400
# A line's figures are dots with a tip each only while they stand apart: on average at least
# two widths of a dot (DOT_GAP px) from one another. Closer, they touch and a tip is hard to
# point at: the dots are drawn as one path, the last figure keeps its tip, and the line's own
# tip names its span (the history table beside the chart lists every figure). A report of
# 100,000 weekly figures wrote 15 MB of tips the table repeats.
DOT, DOT_GAP = 3.5, 14
# Characters XML 1.0 cannot hold at all, even as references: the file would not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """Text for XML: markup escaped, characters XML forbids (control characters) shown as \ufffd."""
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    """An attribute value, quoted (as xml.sax.saxutils.quoteattr quotes it)."""
    text = _escape(_NOT_XML.sub("\ufffd", text)).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"' + text.replace('"', "&quot;") + '"'


def _escape(text: str) -> str:
    # xml.sax.saxutils.escape, written out: importing saxutils imports urllib.request, and with it
    # http.client and email (30-100 ms of an HTML report's start, for three replaces)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


LEFT, RIGHT, TOP, BOTTOM = 72, 16, 40, 64
# Colour-blind-safe hues (Okabe-Ito); a line's name is always in the legend beside its swatch.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
TONE_COLOURS = {"good": "#1a7f37", "watch": "#9a6700", "bad": "#cf222e", "aside": "#6e7781"}


def _nice(top: float) -> tuple[float, list[float]]:
    """A rounded axis maximum and its ticks (about five)."""
    if top <= 0:
        return 1.0, [0.0, 0.5, 1.0]
    raw = top / 5
    mag = 10.0 ** math.floor(math.log10(raw))  # a float, so every tick is one: 5.0, never 5
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    n = math.ceil(top / step)
    return n * step, [i * step for i in range(n + 1)]


def _date_ticks(first: date, last: date) -> list[date]:
    span = (last - first).days
    if span > 3 * 366:
        ticks = [date(y, 1, 1) for y in range(first.year, last.year + 2)]
    else:
        step = 1 if span <= 200 else 3 if span <= 750 else 6
        ticks, y, m = [], first.year, first.month
        while date(y, m, 1) <= last + timedelta(days=31):
            ticks.append(date(y, m, 1))
            m += step
            y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return [t for t in ticks if first <= t <= last] or [first, last]


def _tick_label(d: date, span_days: int, first: bool) -> str:
    if span_days > 3 * 366:
        return str(d.year)
    return d.strftime("%b %Y") if d.month == 1 or first else d.strftime("%b")


def _num(x: float) -> str:
    return f"{x:.1f}"


Line = tuple[str, list[tuple[date, float]], str]  # label, (date, cumulative) points, dash class
PW, PH = W - LEFT - RIGHT, H - TOP - BOTTOM  # the plot area


class Plot(NamedTuple):
    """The plot's scales: dates from `first` over `span` days, amounts from 0 to `top`."""

    first: date
    span: int
    top: float
    yticks: tuple[float, ...]

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.span)

    def x(self, d: date) -> float:
        return LEFT + PW * (d - self.first).days / self.span

    def y(self, amount: float) -> float:
        return TOP + PH * (1 - amount / self.top)

    def xs(self, days: list[date]) -> list[str]:
        """`x` of each day, written as _num writes it (a report draws a hundred thousand). Each
        day's is written once for all the charts of one span: a chart's bases share their days,
        and a deal's commitments often their terms."""
        first, span, memo = self.first.toordinal(), self.span, _xs_of(self.first, self.span)
        if len(memo) > 100_000:  # a bound: days are few (300 years of them), but the process may be long
            memo.clear()
        return [
            memo[o] if o in memo else memo.setdefault(o, f"{LEFT + PW * (o - first) / span:.1f}")
            for o in map(date.toordinal, days)
        ]

    def ys(self, amounts: list[float]) -> list[str]:
        top = self.top
        return [f"{TOP + PH * (1 - x / top):.1f}" for x in amounts]


@lru_cache(maxsize=64)
def _xs_of(first: date, span: int) -> dict[int, str]:
    """The x of each day drawn so far on plots from `first` over `span` days, by ordinal."""
    return {}


def purchase_chart(v: Verdict, title: str | None = None) -> str:
    """The cumulative figures of every basis up to the as-of day, the expected path and the
    target; dated x axis, amounts on the y axis in the commitment's unit, and a legend."""
    lines = _bases(v)
    path = drawn_path(v)
    target = v.target.amount if v.target else None
    counts = [len(pts) for _, pts, _ in lines]  # each line's figures, before thinning
    figures = sum(counts)
    lines = [(label, thin(pts, path, target), dash) for label, pts, dash in lines]
    path = thin(path, [], None)
    shown = sum(len(pts) for _, pts, _ in lines)
    plot = _plot(v, lines, path, target)
    out = [_open(W, H, title or f"{v.commitment.title}: cumulative figures against the expected path")]
    out.append(f'<text x="{LEFT}" y="22" class="title">{escape(title or v.commitment.title)}</text>')
    if shown < figures:  # say so: a reader counting the dots must not take them for every figure
        out.append(
            f'<text x="{W - RIGHT}" y="22" class="xtick" text-anchor="end" data-figures="{figures}" '
            f'data-shown="{shown}">{shown:,} of {figures:,} figures shown</text>'
        )
    out += _axes(plot, v.unit or "")
    out += _marks(plot, v, path, target)
    for i, (line, count) in enumerate(zip(lines, counts, strict=True)):
        out += _series(line, count, SERIES_COLOURS[i % len(SERIES_COLOURS)], plot, v.unit or "")
    out += _legend(
        [
            (label, SERIES_COLOURS[i % len(SERIES_COLOURS)], "figures " + dash)
            for i, (label, _, dash) in enumerate(lines)
        ]
        + ([("expected path", "#57606a", "expected")] if path else [])
        + ([(f"target {format_amount(target, v.unit or '')}", "#57606a", "target")] if target else [])
    )
    out.append("</svg>")
    return "\n".join(out)


def _bases(v: Verdict) -> list[Line]:
    """A line per basis with figures, the judged one first; another measure's is dotted."""
    lines: list[Line] = []
    for basis in sorted({**v.by_basis, **v.other_measures}, key=lambda b: (b != v.basis, b)):
        s = v.series.get(basis)
        pts = s.dated_totals(v.as_of) if s else []
        if pts:
            measure = v.measures.get(basis)
            label = basis + (f" ({measure})" if measure else "") + (" · judged" if basis == v.basis else "")
            lines.append((label, pts, "solid" if measure == v.measures.get(v.basis or "") else "dotted"))
    return lines


def _plot(v: Verdict, lines: list[Line], path, target: float | None) -> Plot:
    """Scales that hold every point, the start, the due date (or the as-of day) and the target.
    Each line and the path are in date order: their ends bound the dates."""
    ends = [p for pts in [pts for _, pts, _ in lines] + [path] if pts for p in (pts[0], pts[-1])]
    dates = [d for d, _ in ends] + [v.terms.start]
    first, last = min(dates), max(dates + [v.due or v.as_of])
    if first == last:
        last = first + timedelta(days=1)
    values = [max(map(itemgetter(1), pts)) for pts in [pts for _, pts, _ in lines] + [path] if pts]
    top, yticks = _nice(max(values + ([target] if target else []) or [1.0]) * 1.05)
    return Plot(first, (last - first).days, top, tuple(yticks))


@lru_cache(maxsize=256)  # the charts of one span, top and unit have the same axes
def _axes(plot: Plot, unit: str) -> tuple[str, ...]:
    out = [f'<g class="axes"><rect x="{LEFT}" y="{TOP}" width="{PW}" height="{PH}" class="plot"/>']
    for t in plot.yticks:
        y = _num(plot.y(t))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + PW}" y1="{y}" y2="{y}" class="grid"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{_num(plot.y(t) + 4)}" class="ytick" text-anchor="end" '
            f'data-value="{t!r}">{escape(_short(t))}</text>'
        )
    for i, d in enumerate(_date_ticks(plot.first, plot.last)):
        x = _num(plot.x(d))
        out.append(f'<line x1="{x}" x2="{x}" y1="{TOP + PH}" y2="{TOP + PH + 4}" class="tick"/>')
        out.append(
            f'<text x="{x}" y="{TOP + PH + 16}" class="xtick" text-anchor="middle" '
            f'data-date="{d.isoformat()}">{escape(_tick_label(d, plot.span, i == 0))}</text>'
        )
    out.append(
        f'<text x="14" y="{TOP + PH / 2}" class="unit" transform="rotate(-90 14 {TOP + PH / 2})" '
        f'text-anchor="middle">{escape(unit)}</text></g>'
    )
    return tuple(out)


def _marks(plot: Plot, v: Verdict, path, target: float | None) -> list[str]:
    """The target's level, the due date and the expected path."""
    out = []
    if target:
        y = _num(plot.y(target))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + PW}" y1="{y}" y2="{y}" class="target"/>')
    if v.due and plot.first <= v.due <= plot.last:
        x = plot.x(v.due)
        out.append(
            f'<line x1="{_num(x)}" x2="{_num(x)}" y1="{TOP}" y2="{TOP + PH}" class="due"/>'
            f'<text x="{_num(x - 4)}" y="{TOP + 12}" class="xtick" text-anchor="end">due {v.due}</text>'
        )
    if path:
        xs, ys = plot.xs([d for d, _ in path]), plot.ys([x for _, x in path])
        out.append(f'<polyline points="{" ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))}" class="expected"/>')
    return out


def _series(line: Line, figures: int, colour: str, plot: Plot, unit: str) -> list[str]:
    """One basis (`figures`: its count, before thinning): its figures as steps (a cumulative
    figure holds until the next) and dots, each with its tip while they stand apart (DOT_GAP);
    closer, one path of dots and a tip for the line, and the last figure's own."""
    label, pts, dash = line
    xs, ys = plot.xs([d for d, _ in pts]), plot.ys([x for _, x in pts])  # each point's written once
    # each figure after the first: across at the last total, then up (or down) to its own
    step = " ".join([f"{xs[0]},{ys[0]}", *map("{},{} {},{}".format, xs[1:], ys, xs[1:], ys[1:])])
    # Escaping goes character by character, so a tip is escaped in pieces: the label and the
    # unit once, and a formatted number (digits, commas, a point, a minus) needs none.
    name, unit = escape(label), escape(unit)
    out = [f'<g class="series" data-basis={quoteattr(label.split(" ")[0])}>']
    close = len(pts) > 2 and plot.x(pts[-1][0]) - plot.x(pts[0][0]) < DOT_GAP * (len(pts) - 1)
    if close:
        (first, _), (last, x) = pts[0], pts[-1]
        out.append(
            f"<title>{name}: {figures:,} figures from {first.isoformat()} to {last.isoformat()}, "
            f"the last {format_amount(x, unit)}</title>"
        )
    out.append(f'<polyline points="{step}" stroke="{colour}" class="figures {dash}"/>')
    if close:  # every dot but the last in one path; the last, with its tip, below
        out.append(f'<path d="{"".join(map("M{},{}h0".format, xs[:-1], ys[:-1]))}" stroke="{colour}" class="dots"/>')
    for i in range(len(pts) - 1, len(pts)) if close else range(len(pts)):
        d, x = pts[i]
        tip = f"{name}: {format_amount(x, unit)} on {d.isoformat()}"
        out.append(f'<circle cx="{xs[i]}" cy="{ys[i]}" r="{DOT}" fill="{colour}"><title>{tip}</title></circle>')
    out.append("</g>")
    return out


def thin(pts: list[tuple[date, float]], path: list[tuple[date, float]], target: float | None) -> list:
    """At most about MAX_POINTS points of a line, for the eye: the last of each day, then the
    last of each of MAX_POINTS equal slices of the time span, always the first and last point,
    and both points around every crossing of the expected path or the target (so the picture
    says when a line went above or below them). Short lines are kept whole."""
    daily = [p for i, p in enumerate(pts) if i + 1 == len(pts) or pts[i + 1][0] != p[0]]
    if len(daily) <= MAX_POINTS:
        return daily
    keep = {0, len(daily) - 1}
    first, span = daily[0][0].toordinal(), max(1, (daily[-1][0] - daily[0][0]).days)
    for i in range(len(daily) - 1):
        if (daily[i][0].toordinal() - first) * MAX_POINTS // span != (
            daily[i + 1][0].toordinal() - first
        ) * MAX_POINTS // span:
            keep.add(i)  # the last of its slice
    for ref in ([target] * len(daily) if target else [], _along(path, [d for d, _ in daily])):
        for i in range(len(ref) - 1):
            a, b = ref[i], ref[i + 1]
            if a is not None and b is not None and (daily[i][1] >= a) != (daily[i + 1][1] >= b):
                keep.update((i, i + 1))
    return [daily[i] for i in sorted(keep)]


def _along(path: list[tuple[date, float]], days: list[date]) -> list[float | None]:
    """The expected path on each of `days` as the chart draws it, straight between its points;
    None outside it. (Looking days up among the path's own points found only the judged basis's
    figure days, so another basis's crossings of the path were thinned away.)"""
    ords = [d.toordinal() for d, _ in path]
    out: list[float | None] = []
    for d in days:
        o = d.toordinal()
        i = bisect_left(ords, o)
        if i < len(ords) and ords[i] == o:
            out.append(path[i][1])
        elif 0 < i < len(ords):
            (o0, x0), (o1, x1) = (ords[i - 1], path[i - 1][1]), (ords[i], path[i][1])
            out.append(x0 + (x1 - x0) * (o - o0) / (o1 - o0))
        else:
            out.append(None)
    return out


def _short(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:,.1f}"


def _legend(items: list[tuple[str, str, str]]) -> list[str]:
    out: list[str] = []
    x, y = float(LEFT), float(H - 18)
    for label, colour, cls in items:
        width = 34 + 6.5 * len(label)
        if x + width > W - RIGHT:
            x, y = float(LEFT), y + 14
        out.append(
            f'<g class="legend"><line x1="{x:.0f}" x2="{x + 22:.0f}" y1="{y - 4}" y2="{y - 4}" '
            f'stroke="{colour}" class="{cls}"/><text x="{x + 28:.0f}" y="{y}">{escape(label)}</text></g>'
        )
        x += width
    return out


def overview(rows: list[Verdict]) -> str:
    """How many commitments are in each status: one bar each, coloured by tone and named."""
    counts = words.counts(rows)
    height = 24 * len(counts) + 40
    most = max((n for _, n in counts), default=1)
    out = [
        _open(W, height, "How many commitments are in each status"),
        '<text x="8" y="20" class="title">Commitments by status</text>',
    ]
    for i, (code, n) in enumerate(counts):
        y = 32 + 24 * i
        length = (W - 260) * n / most
        colour = TONE_COLOURS[words.STATUSES[code].tone]
        out.append(
            f'<g class="bar" data-status="{code}" data-count="{n}">'
            f'<text x="150" y="{y + 13}" text-anchor="end">{escape(words.word(code))}</text>'
            f'<rect x="160" y="{y}" width="{length:.1f}" height="17" fill="{colour}"/>'
            f'<text x="{166 + length:.1f}" y="{y + 13}">{n}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label={quoteattr(label)} font-family="sans-serif" font-size="12">'
        "<style>.title{font-size:14px;font-weight:bold}.plot{fill:#fff;stroke:#d0d7de}"
        ".grid{stroke:#eaeef2}.tick{stroke:#57606a}.xtick,.ytick,.unit{fill:#57606a;font-size:11px}"
        f".figures{{fill:none;stroke-width:2}}.dots{{fill:none;stroke-width:{2 * DOT:g};stroke-linecap:round}}"
        ".dotted{stroke-dasharray:2 3}"
        ".expected{fill:none;stroke:#57606a;stroke-width:1.5;stroke-dasharray:6 4}"
        ".target{stroke:#57606a;stroke-width:1;stroke-dasharray:1 3}.due{stroke:#8c959f;stroke-width:1}"
        ".legend line{stroke-width:2}.legend line.expected{stroke-dasharray:6 4}"
        ".legend line.target{stroke-dasharray:1 3}</style>"
    )
