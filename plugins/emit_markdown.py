"""``markdown``: the clean article for reading: title, metadata, paragraphs, tags, related.

Page text is escaped, so a page cannot inject Markdown (or HTML) structure."""

from __future__ import annotations

import re

from pagenorm.emitters import Emitter
from pagenorm.model import Document, Format

FORMAT = Format("markdown", ".md", "the clean article as Markdown", separator=b"\n---\n\n")

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")  # emphasis, code, links, raw HTML, tables
_LINE_START = re.compile(r"^(\s*)([#+=-])")  # headings, lists, rules
_ORDERED = re.compile(r"^(\s*\d+)([.)])")  # "12. x" would start a numbered list


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, so page text stays text."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def render(document: Document) -> str:
    article = document.article
    out = [f"# {escape(article.title)}" if article.title else "# (untitled)", ""]
    facts = [
        ("Section", article.section),
        ("By", article.byline),
        ("Published", article.published),
        ("Dateline", article.dateline),
        ("Source", document.source.url or document.source.path),
    ]
    out += [f"- **{name}:** {escape(value)}" for name, value in facts if value]
    out.append("")
    for paragraph in article.paragraphs:
        out += [escape(paragraph), ""]
    if document.tags:
        out += ["**Tags:** " + ", ".join(escape(tag) for tag in document.tags), ""]
    if document.related:
        out += ["**Related:**", ""]
        out += [f"- {escape(link.title)}" for link in document.related]
        out.append("")
    return "\n".join(out)


def render_bytes(document: Document) -> bytes:
    return render(document).encode("utf-8")


plugin = Emitter(FORMAT, render_bytes)
