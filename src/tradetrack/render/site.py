"""A static tracker site: every page as text, by its path in the site. Nothing is fetched from
anywhere (styles, the one small script and the charts are inline), every page works without
its script, prints, and fits a phone.

    index.html            the overview chart and the status table (filterable in place)
    deal/<id>.html        a deal's commitments
    c/<id>.html           a commitment: its section of the HTML report, and its timeline
    changes.html          every change of verdict, newest first; feed.xml the same as Atom
    data.json             the verdicts, timelines and changes as JSON

Every value from the data is escaped as in the HTML report (it is the report's own sections
and charts); page names come from ids through `page_name`, which never yields a path.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from html import escape

from tradetrack.judge.verdict import Verdict
from tradetrack.render import atom, fields, html, svg, words
from tradetrack.render.jsonout import dumps, verdict

_SAFE = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

EXTRA_STYLE = """
header nav a,footer a{margin-right:.8rem}.wide{overflow-x:auto}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
form.filters label{display:flex;flex-direction:column;font-size:13px}
@media (max-width:40rem){body{font-size:14px;margin:1rem auto}th,td{padding:.25rem .35rem}}
@media print{nav,form.filters,.noprint{display:none}}
"""

SCRIPT = """
(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;
var rows=document.querySelectorAll('tbody tr[data-status]');var n=document.getElementById('shown');
function apply(){var shown=0;rows.forEach(function(r){var ok=true;
f.querySelectorAll('select').forEach(function(s){if(s.value&&r.dataset[s.name]!==s.value)ok=false;});
r.hidden=!ok;if(ok)shown++;});n.textContent=shown+' of '+rows.length+' shown';}
f.addEventListener('change',apply);apply();})();
"""


def page_name(cid: str) -> str:
    """A file name for an id: the id itself where it is a plain slug, else a hash of it."""
    if _SAFE.fullmatch(cid) and len(cid) <= 120 and cid.split(".")[0] not in _RESERVED:
        return cid + ".html"
    return "id-" + hashlib.sha256(cid.encode("utf-8")).hexdigest()[:16] + ".html"


def _page(title: str, body: list[str], up: str = "", script: bool = False) -> str:
    nav = (
        f'<nav aria-label="Site"><a href="{up}index.html">Overview</a><a href="{up}changes.html">Changes</a>'
        f'<a href="{up}feed.xml">Atom feed</a><a href="{up}data.json">Data (JSON)</a></nav>'
    )
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{html.STYLE}{EXTRA_STYLE}</style>",
            f'<link rel="alternate" type="application/atom+xml" title="Changes" href="{up}feed.xml">',
            f"</head><body><header>{nav}<h1>{escape(title)}</h1></header><main>",
            *body,
            '</main><footer><p class="muted">Made with tradetrack from the data and sources named on each page.'
            "</p></footer>",
            f"<script>{SCRIPT}</script>" if script else "",
            "</body></html>",
        ]
    )


def _table(rows: list[Verdict], up: str, filters: bool) -> list[str]:
    out = []
    for v in rows:
        c = v.commitment
        progress = fields.progress(v)
        out.append(
            f'<tr data-deal="{escape(c.deal)}" data-party="{escape(c.party)}" data-kind="{escape(c.kind)}" '
            f'data-status="{escape(v.status)}"><th scope="row"><a href="{up}c/{page_name(c.id)}">'
            f'{escape(c.title)}</a></th><td><a href="{up}deal/{page_name(c.deal)}">{escape(c.deal)}</a></td>'
            f"<td>{escape(c.party)}</td><td>{escape(c.kind)}</td><td>{html._status(v)}</td>"
            f'<td>{html._text(progress)}</td><td class="date">{escape(words.due(v))}</td></tr>'
        )
    heads = ("Commitment", "Deal", "Party", "Kind", "Status", "Progress", "Due")
    caption = f'<caption class="muted" id="shown">{len(rows)} commitments</caption>'
    return ([_filters(rows)] if filters else []) + _wide(heads, out, ' class="summary"', caption)


def _wide(heads: tuple[str, ...], rows: list[str], attrs: str = "", caption: str = "") -> list[str]:
    """A table that scrolls sideways on a narrow screen rather than squeezing its columns."""
    th = "".join(f'<th scope="col">{h}</th>' for h in heads)
    return [
        f'<div class="wide"><table{attrs}>{caption}<thead><tr>{th}</tr></thead><tbody>',
        *rows,
        "</tbody></table></div>",
    ]


def _filters(rows: list[Verdict]) -> str:
    """The filter form: hidden until its script runs (without it, the table shows every row)."""

    def select(name: str, label: str, values: dict[str, str]) -> str:
        options = "".join(f'<option value="{escape(k)}">{escape(t)}</option>' for k, t in sorted(values.items()))
        return f'<label>{label}<select name="{name}"><option value="">all</option>{options}</select></label>'

    return (
        '<form class="filters" id="filters" hidden aria-label="Filter the table">'
        + select("deal", "Deal", {v.commitment.deal: v.commitment.deal for v in rows})
        + select("party", "Party", {v.commitment.party: v.commitment.party for v in rows})
        + select("kind", "Kind", {v.commitment.kind: v.commitment.kind for v in rows})
        + select("status", "Status", {v.status: words.word(v.status) for v in rows})
        + "</form>"
    )


def _changes_table(found: list[dict], up: str) -> list[str]:
    if not found:
        return ["<p>No verdict changed.</p>"]
    rows = [
        f'<tr><td class="date">{row["day"]}</td><td><a href="{up}c/{page_name(row["id"])}">{escape(row["id"])}'
        f"</a></td><td>{escape(row['before']['label'])}</td><td>{escape(row['after']['label'])}</td>"
        f"<td>{_causes(row['causes'])}</td></tr>"
        for row in reversed(found)
    ]
    return _wide(("Day", "Commitment", "Before", "After", "What moved it"), rows)


def _causes(causes: list[dict]) -> str:
    return "<br>".join(
        html._text(x["text"]) + "".join(f" ({html._link(s['title'], s['url'])})" for s in x["sources"]) for x in causes
    )


def _timeline(timeline: list[dict]) -> str:
    rows = [
        f'<tr><td class="date">{escape(row["day"] or "the start")}</td><td>{escape(row["label"])}</td>'
        f"<td>{_causes(row['causes'])}</td></tr>"
        for row in timeline
    ]
    return "<h3>Timeline</h3>" + "\n".join(_wide(("From", "Verdict", "What moved it"), rows, ' class="timeline"'))


def _part_link(cid: str) -> str:
    return page_name(cid)


def site(
    rows: list[Verdict], deals, records: dict, timelines: dict, found: list[dict], day: date, data_name: str
) -> dict[str, str]:
    """Every page of the site by its path. `records`: id -> its records; `timelines`: id -> its
    timeline rows; `found`: every change (rows of render/changes)."""
    counts = ", ".join(f"{n} {words.word(code)}" for code, n in words.counts(rows))
    meta = f'<p class="meta">As of <strong>{day}</strong> · {escape(data_name)} · {escape(counts)}</p>'
    deal_ids = sorted({v.commitment.deal for v in rows})
    titles = {d.id: d for d in deals}
    pages = {"index.html": _index(rows, deal_ids, titles, meta)}
    for d in deal_ids:
        pages[f"deal/{page_name(d)}"] = _deal(titles.get(d), d, [v for v in rows if v.commitment.deal == d], meta)
    for v in rows:
        c = v.commitment
        body = [
            f'<p><a href="../deal/{page_name(c.deal)}">Deal {escape(c.deal)}</a></p>',
            html._section(v, records.get(c.id, []), "the progress file", None, href=_part_link),
            _timeline(timelines.get(c.id, [])),
        ]
        pages[f"c/{page_name(c.id)}"] = _page(c.title, body, "../")
    pages["changes.html"] = _page("What changed", [meta, *_changes_table(found, "")])
    pages["feed.xml"] = atom.feed(
        found, "Commitments tracker: changes of verdicts", day.isoformat(), "site", _feed_link
    )
    shown = [{**verdict(v), "timeline": timelines.get(v.commitment.id, [])} for v in rows]
    pages["data.json"] = dumps({"as_of": day.isoformat(), "commitments": shown, "changes": found}) + "\n"
    return pages


def _index(rows: list[Verdict], deal_ids: list[str], titles: dict, meta: str) -> str:
    """The overview: every deal, and every commitment in a table filtered in place."""
    deals = "".join(
        f'<li><a href="deal/{page_name(d)}">{escape(titles[d].title if d in titles else d)}</a></li>' for d in deal_ids
    )
    body = [
        meta,
        f'<figure class="overview">{svg.overview(rows)}</figure>',
        f"<h2>Deals</h2><ul>{deals}</ul>",
        "<h2>Status</h2>",
        '<noscript><p class="muted">Filtering needs JavaScript; every commitment is listed.</p></noscript>',
        *_table(rows, "", filters=True),
    ]
    return _page("Commitments tracker", body, script=True)


def _deal(deal, deal_id: str, own: list[Verdict], meta: str) -> str:
    """A deal's page: its parties and sources (where the file describes it), its commitments."""
    body = [meta]
    if deal is not None:
        body.append(
            f"<p>Parties: {escape(', '.join(deal.parties))}" + (f" · {deal.date}" if deal.date else "") + "</p>"
        )
        if deal.sources:
            links = "".join(f"<li>{html._link(s.title, s.url)}</li>" for s in deal.sources)
            body.append(f"<h2>Sources</h2><ul>{links}</ul>")
    body += [f'<figure class="overview">{svg.overview(own)}</figure>', *_table(own, "../", filters=False)]
    return _page(deal.title if deal else deal_id, body, "../")


def _feed_link(cid: str) -> str:
    return "c/" + page_name(cid)
