"""HTML pages to the plain-text shape of crawled text pages, and the facts their markup
states about them.

Text comes from resiliparse (the project behind fastwarc: a fast HTML5 parser in C and a
plain-text extractor that keeps block structure), the whole page rather than a guessed
"main content", so that the plugins judge menus and footers as they do on text pages:
blocks become lines, paragraphs are separated by a blank line, scripts and styles dropped.

The facts (``Markup``) are what the markup says outside the text: the JSON-LD
``NewsArticle`` (headline, author, datePublished, dateModified, keywords) first, then
``<title>``, ``meta name=author``, ``article:published_time`` / ``article:modified_time``,
and the canonical url. The engine weighs them against the lines (``pagenorm.markup``).
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Iterator
from typing import Any

import orjson
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from pagenorm.errors import InputError
from pagenorm.model import Diagnostic, Markup

NOT_HTML = "page.not_html"
BAD_JSON_LD, BAD_DATE = "markup.bad_json_ld", "markup.bad_date"
HTML_NAMES = (".html", ".htm", ".xhtml")
HTML_TYPES = ("text/html", "application/xhtml+xml")

_TAG = re.compile(r"<\s*(?:[a-zA-Z][a-zA-Z0-9-]*|!doctype|!--)", re.ASCII)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_SNIFF = 1 << 16  # markup is looked for in this much of the start of a page
_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle")


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` near the start declares, when Python knows it (the HTML5
    prescan, simplified); None otherwise, and the page is read as UTF-8."""
    match = _CHARSET.search(data[:1024])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def check_html(data: bytes | str, where: str) -> None:
    """A page that claims to be HTML and is not (binary data, or text with no markup at
    all) is an error naming it, rather than a page of garbage."""
    head = data[:_SNIFF]
    nul = head.find(b"\0" if isinstance(head, bytes) else "\0")
    if nul >= 0:
        raise InputError(where, f"claims to be HTML but holds binary data (a NUL at byte {nul})",
                         code=NOT_HTML)
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    if _TAG.search(text) is None:
        raise InputError(where, "claims to be HTML but holds no markup", code=NOT_HTML)


def html_text(html: str) -> tuple[str, Markup, tuple[Diagnostic, ...]]:
    """The page's text, its markup's facts, and what reading them noticed."""
    tree = HTMLTree.parse(html)
    text = extract_plain_text(tree, alt_texts=False)
    notes: list[Diagnostic] = []
    markup = _markup(tree, notes)
    return (text + "\n" if text else text), markup, tuple(notes)


# --- the facts ---


def _markup(tree: HTMLTree, notes: list[Diagnostic]) -> Markup:
    stories = list(_articles(tree, notes))  # every block read: a bad one is always noted
    story = stories[0] if stories else {}
    site = _meta(tree, "property", "og:site_name")
    return Markup(
        title=_text(story.get("headline")) or _title(tree.title, site),
        author=_authors(story.get("author")) or _meta(tree, "name", "author"),
        published=_date(story.get("datePublished"), notes)
        or _date(_meta(tree, "property", "article:published_time"), notes),
        modified=_date(story.get("dateModified"), notes)
        or _date(_meta(tree, "property", "article:modified_time"), notes),
        keywords=_keywords(story.get("keywords")),
        canonical_url=_canonical(tree),
    )


def _articles(tree: HTMLTree, notes: list[Diagnostic]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object typed as a news article, in page order, ``@graph`` too."""
    for script in tree.document.query_selector_all('script[type="application/ld+json"]'):
        try:
            data = orjson.loads(script.text.strip() or "null")
        except orjson.JSONDecodeError as exc:
            notes.append(Diagnostic("warning", BAD_JSON_LD,
                                    f"a JSON-LD block is not valid JSON, not read: {exc}"))
            continue
        yield from (item for item in _objects(data) if _is_article(item))


def _objects(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"), depth + 1)


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def _text(value: object) -> str | None:
    """A string value with its white space collapsed; None for anything else or empty."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _title(title: str | None, site: str | None) -> str | None:
    """``<title>`` without a trailing ``| Site`` when the markup names the site."""
    title = _text(title)
    if title and site:
        for mark in (" | ", " - ", " – ", " — "):
            if title.endswith(mark + site):
                return title[: -len(mark + site)].strip() or None
    return title


def _meta(tree: HTMLTree, attribute: str, name: str) -> str | None:
    for element in tree.document.query_selector_all(f"meta[{attribute}]"):
        if (element.getattr(attribute) or "").strip().lower() == name:
            return _text(element.getattr("content"))
    return None


def _authors(value: object) -> str | None:
    """``"A"``, ``{"name": "A"}`` or a list of them, as the byline ``A, B``."""
    items = value if isinstance(value, list) else [value]
    names = [_text(item.get("name") if isinstance(item, dict) else item) for item in items]
    return ", ".join(name for name in names if name) or None


def _keywords(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        return ()
    found: list[str] = []
    for item in items:
        word = _text(item)
        if word and word not in found:
            found.append(word)
    return tuple(found)


def _date(value: object, notes: list[Diagnostic]) -> str | None:
    """An ISO 8601 value as the document writes times: a bare date stays one; a time keeps
    its offset. One that is not ISO 8601 is noted and left out."""
    text = _text(value)
    if text is None:
        return None
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).isoformat()
        return datetime.datetime.fromisoformat(text).isoformat()
    except ValueError:
        notes.append(Diagnostic("warning", BAD_DATE,
                                f"markup date {text[:60]!r} is not ISO 8601: not read"))
        return None


def _canonical(tree: HTMLTree) -> str | None:
    for link in tree.document.query_selector_all("link[rel][href]"):
        if "canonical" in (link.getattr("rel") or "").lower().split():
            href = _text(link.getattr("href"))
            if href and href.lower().startswith(("http://", "https://")):
                return href
    return None
