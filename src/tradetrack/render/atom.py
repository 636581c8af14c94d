"""The changes as an Atom feed (RFC 4287), for feed readers.

Entry ids are tag URIs made of the commitment, the day and the verdicts either side, so the same
change has the same id in every run and a reader never shows it twice; `updated` is the day of
the change (never the clock), so an unchanged feed is byte for byte the same. Every text from
the data is XML-escaped; links are made only of http(s) addresses (as in the reports).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from tradetrack.render.changes import TAG
from tradetrack.render.markdown import safe_url

# Characters XML 1.0 cannot hold at all, escaped or not: shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("\ufffd", text))


def _when(day: str) -> str:
    return f"{day}T00:00:00Z"


def feed(found: list[dict], title: str, until: str, feed_key: str, page_of=None) -> str:
    """The feed. `feed_key`: what the feed's id is made of (the selection); `page_of(id)`: a
    relative link to the commitment's page, where there is one (the site)."""
    updated = max([row["day"] for row in found], default=until)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>{escape(TAG + 'changes/' + feed_key)}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{_when(updated)}</updated>",
        "<author><name>tradetrack</name></author>",
        "<generator>tradetrack</generator>",
    ]
    for row in reversed(found):  # newest first, as readers expect
        what = "; ".join(x["text"] for x in row["causes"])
        out += [
            "<entry>",
            f"<id>{escape(row['entry_id'])}</id>",
            f"<title>{escape(row['id'])}: {escape(row['before']['label'])} → {escape(row['after']['label'])}</title>",
            f"<updated>{_when(row['day'])}</updated>",
            f"<category term={quoteattr(row['after']['status'])}/>",
        ]
        if page_of is not None:
            out.append(f'<link rel="alternate" type="text/html" href={quoteattr(page_of(row["id"]))}/>')
        seen = set()
        for x in row["causes"]:
            for s in x["sources"]:
                url = safe_url(s["url"])
                if url and url not in seen:
                    seen.add(url)
                    out.append(f'<link rel="related" href={quoteattr(url)} title={quoteattr(s["title"])}/>')
        out.append(f'<content type="text">{escape(row["title"])} ({escape(row["day"])}): {escape(what)}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"
