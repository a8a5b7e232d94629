"""The article: section line, title, subtitle, byline, published and updated times,
dateline, paragraphs and subheadings.

detect (``lines.py``) sorts lines by shape, each a claim that any more specific plugin
(ticker, furniture, listing, tags, related) outbids: a byline (0.9); a date, a date strip,
a dateline alone (``LAHORE:``) (0.85); a caption (0.65); a credit or breadcrumb (0.6); a
teaser (0.55); prose (0.5); a short headline-like line (0.3). The shapes are regular
expressions in ``patterns.py``, each replaceable from a profile. parse (``reader.py``) reads
the lines it won in order:

- the body starts at the first paragraph after the byline (when the byline comes before the
  story's prose), else at a dateline standing alone, else at the first paragraph;
- above the body, the title is the last headline-like line before any prose; a line above
  it matching ``section_line`` is the section; bullets and a standfirst under it are the
  subtitle; a byline or a date line without a weekday gives published and updated; date
  strips (with a weekday) never do;
- in the body, prose lines are paragraphs (the first loses its dateline), short lines
  between paragraphs are subheadings; a paragraph broken mid-word is joined; captions,
  credits and teasers of other stories are sections of their own, never paragraphs; a
  headline over its own date line starts the next story, which is not ours.
"""

from __future__ import annotations

import unicodedata

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Page, Parsed
from pagenorm.plugins._text import non_latin_share
from pagenorm.plugins.article.lines import classify, next_non_blank
from pagenorm.plugins.article.patterns import ArticleOptions
from pagenorm.plugins.article.reader import Reader

# The name the plugin is registered under by default. The core stamps the registered
# name on every claim; when it is this one already, the claim is not copied to stamp it.
NAME = "article"

__all__ = ["ArticleOptions", "detect", "parse", "plugin_options"]


@hookimpl
def plugin_options() -> type:
    return ArticleOptions


@hookimpl
def detect(page: Page, options: ArticleOptions, site: Site) -> list[Claim]:
    if non_latin_share(page.lines) > options.max_non_latin_share:
        return []
    claims = []
    texts = [_composed(t.strip()) for t in page.lines]
    following = next_non_blank(texts)
    for number, text in enumerate(texts):
        if text:
            kind, confidence = classify(text, following[number], options)
            claims.append(Claim(kind, number, number, confidence, NAME))
    return claims


def _composed(text: str) -> str:
    """A line in NFC, to classify by its shape: ``By José`` written with a combining accent
    (NFD) is the same byline. Only the shape is read from it: parse reads the text as
    given, so the output keeps it unchanged."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@hookimpl
def parse(page: Page, claims: list[Claim], options: ArticleOptions, site: Site) -> Parsed:
    reader = Reader(page, claims, options, site)
    start = reader.body_start()
    first_paragraph = reader.cut_dateline(reader.text[start])[1] if start < len(claims) else None
    sections = reader.header(start, first_paragraph) + reader.body(start)
    return Parsed(tuple(sections))
