"""Links to other articles inside the body: ``Read more: ...`` lines (any configured
prefix), and bare headlines of other stories standing as their own paragraph between
paragraphs, with no final full stop. Short lines (subheadings) are left to the article."""

from __future__ import annotations

import re

from attrs import frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Page, Parsed, RelatedData, Section
from pagenorm.plugins._text import continues, ends_sentence, word_count

_QUESTION_WORDS = frozenset(["What", "Why", "How", "Where", "When", "Who", "Which", "Whose"])
_TWO_SENTENCES = re.compile(r"[.!?][\"”’]?\s+[A-Z“\"]")


@frozen
class RelatedOptions:
    prefixes: tuple[str, ...] = ("Read more:", "Also read:", "READ MORE:", "Read More:")
    headline_min_words: int = 5  # shorter lines between paragraphs are subheadings
    headline_max_words: int = 25
    prose_min_words: int = 12  # neighbours this long count as paragraphs


@hookimpl
def plugin_options() -> type:
    return RelatedOptions


def _prefix(text: str, options: RelatedOptions) -> str | None:
    for prefix in options.prefixes:
        if text.startswith(prefix):
            return prefix
    return None


def _is_paragraph(text: str | None, options: RelatedOptions) -> bool:
    if text is None or text.rstrip().endswith(("...", "…")):  # a teaser is no paragraph
        return False
    words = word_count(text)
    return words >= options.prose_min_words or (words >= 4 and ends_sentence(text))


def _neighbours(lines: tuple[str, ...], number: int) -> tuple[str | None, str | None]:
    before = next((lines[n] for n in range(number - 1, -1, -1) if lines[n].strip()), None)
    after = next((lines[n] for n in range(number + 1, len(lines)) if lines[n].strip()), None)
    return before, after


def _is_headline(lines: tuple[str, ...], number: int, options: RelatedOptions) -> bool:
    text = lines[number]
    words = word_count(text)
    if not options.headline_min_words <= words <= options.headline_max_words:
        return False
    if ends_sentence(text) or text.lstrip().startswith(("•", "-", "*")):
        return False
    if _TWO_SENTENCES.search(text):  # a headline is one sentence
        return False
    if text.split(maxsplit=1)[0] in _QUESTION_WORDS:  # "Where the trees will go": a subhead
        return False
    before, after = _neighbours(lines, number)
    if after is not None and continues(text.strip(), after.strip()):
        return False  # a paragraph broken across a blank line
    return _is_paragraph(before, options) and _is_paragraph(after, options)


@hookimpl
def detect(page: Page, options: RelatedOptions, site: Site) -> list[Claim]:
    claims = []
    for number, text in enumerate(page.lines):
        stripped = text.strip()
        if not stripped:
            continue
        if _prefix(stripped, options):
            claims.append(Claim("related", number, number, 0.9))
        elif _is_headline(page.lines, number, options):
            claims.append(Claim("related", number, number, 0.6))
    return claims


@hookimpl
def parse(page: Page, claims: list[Claim], options: RelatedOptions, site: Site) -> Parsed:
    sections = []
    for claim in claims:
        text = page.lines[claim.first].strip()
        prefix = _prefix(text, options)
        title = re.sub(r"^\s*", "", text[len(prefix):]) if prefix else text
        if title:
            sections.append(Section("related", claim.first, claim.last, "related",
                                    claim.confidence, RelatedData(title)))
    return Parsed(tuple(sections))
