"""Generated pages as HTML, and WARC files of HTML responses: the made-up inputs of the HTML
reading step (``pagenorm.batch.markup``).

``render_html`` writes a page's text as markup that converts back to the same lines: each
run of lines between blank lines is one ``<p>``, its lines split by ``<br>``. Its ``<head>``
states the facts the page's expected document holds (``<title>`` with the site's name, meta
author, ``article:published_time``, a JSON-LD ``NewsArticle``, the canonical url), so a test
can check the markup agrees with the text, or give a ``Facts`` that says otherwise.
``write_html_warc`` writes such pages as WARC ``response`` records, with fastwarc.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen
from fastwarc.warc import WarcRecord, WarcRecordType

from pagenorm.quality.generator.common import GeneratedPage

__all__ = ["Facts", "page_facts", "render_html", "write_html_warc"]


@frozen
class Facts:
    """What a rendered page's markup states; None (or empty) leaves a fact out."""

    site: str = "Example News"
    title: str | None = None
    author: str | None = None
    published: str | None = None
    modified: str | None = None
    keywords: tuple[str, ...] = ()
    url: str | None = None
    json_ld: bool = True  # the article facts as JSON-LD, else as meta tags only


def page_facts(page: GeneratedPage) -> Facts:
    """The facts a page's expected document holds, as its markup would state them."""
    article: dict[str, Any] = page.expected.get("article", {})
    family = page.shape.split("/")[0]
    return Facts(site=f"{family.title()} Example", title=article.get("title"),
                 author=article.get("byline"), published=article.get("published"),
                 modified=article.get("updated"), keywords=tuple(page.expected.get("tags", ())),
                 url=page.url or f"https://{family}.example/{_slug(page)}")


def render_html(page: GeneratedPage, facts: Facts | None = None) -> str:
    """``page`` as an HTML document whose text is the page's lines, with ``facts`` (by
    default ``page_facts(page)``) in its head."""
    facts = page_facts(page) if facts is None else facts
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            f"{_head(facts)}</head>\n<body>\n{_body(page.text)}</body></html>\n")


def _head(facts: Facts) -> str:
    parts = [f'<meta property="og:site_name" content="{_attr(facts.site)}">']
    if facts.title:
        parts.append(f"<title>{html.escape(facts.title)} | {html.escape(facts.site)}</title>")
    if facts.url:
        parts.append(f'<link rel="canonical" href="{_attr(facts.url)}">')
    if facts.json_ld:
        parts.append(f'<script type="application/ld+json">{_json_ld(facts)}</script>')
    else:
        metas = (("name", "author", facts.author),
                 ("property", "article:published_time", facts.published),
                 ("property", "article:modified_time", facts.modified))
        parts += [f'<meta {kind}="{name}" content="{_attr(value)}">'
                  for kind, name, value in metas if value]
    return "".join(f"{part}\n" for part in parts)


def _json_ld(facts: Facts) -> str:
    story: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    values = (("headline", facts.title), ("datePublished", facts.published),
              ("dateModified", facts.modified))
    story.update({key: value for key, value in values if value})
    if facts.author:
        story["author"] = [{"@type": "Person", "name": facts.author}]
    if facts.keywords:
        story["keywords"] = list(facts.keywords)
    # "</" inside a script would end it: JSON allows "<\/" for the same text
    return orjson.dumps(story).decode().replace("</", "<\\/")


def _body(text: str) -> str:
    """Each run of lines between blank lines as one paragraph, its lines split by ``<br>``."""
    blocks, run = [], []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            run.append(html.escape(line.strip()))
        elif run:
            blocks.append("<p>" + "<br>\n".join(run) + "</p>\n")
            run = []
    return "".join(blocks)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _slug(page: GeneratedPage) -> str:
    return hashlib.sha256(page.text.encode()).hexdigest()[:12]


# --- WARC ---


def write_html_warc(path: Path, pages: Iterable[GeneratedPage | tuple[GeneratedPage, str]],
                    *, date: str = "2024-05-02T10:11:12Z") -> Path:
    """A WARC file of one HTTP ``response`` record per page (its HTML by ``render_html``,
    or the markup given with it), gzip compressed per record when ``path`` ends in ``.gz``.
    Record ids are made from the page, so the same pages give the same file."""
    out = io.BytesIO()
    for item in pages:
        page, markup = item if isinstance(item, tuple) else (item, render_html(item))
        record = _response(page, markup.encode("utf-8"), date)
        if path.name.endswith(".gz"):
            chunk = io.BytesIO()
            record.write(chunk)
            out.write(gzip.compress(chunk.getvalue(), mtime=0))
        else:
            record.write(out)
    path.write_bytes(out.getvalue())
    return path


def _response(page: GeneratedPage, body: bytes, date: str) -> WarcRecord:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()) + body
    record = WarcRecord()
    digest = hashlib.sha256(page.shape.encode() + body).digest()[:16]
    record.init_headers(record_type=WarcRecordType.response,
                        record_urn=f"uuid:{uuid.UUID(bytes=digest)}".encode())
    record.headers["WARC-Date"] = date
    record.headers["WARC-Target-URI"] = page_facts(page).url or "https://example.test/"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    record.set_bytes_content(http)
    return record
