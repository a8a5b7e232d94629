"""Links to other articles inside the body: ``Read more: ...`` lines (any configured
prefix), and bare headlines of other stories standing as their own paragraph between
paragraphs, with no final full stop. Short lines (subheadings) are left to the article."""

from __future__ import annotations

import itertools
import re

from attrs import frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Page, Parsed, RelatedData, Section
from pagenorm.plugins._text import continues, ends_sentence, word_count

# The name the plugin is registered under by default. The core stamps the registered
# name on every claim; when it is this one already, the claim is not copied to stamp it.
NAME = "related"

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


class _Lines:
    """A page's lines, stripped, with each non-blank line's non-blank neighbours, and
    whether a line is a paragraph worked out once (every line is a neighbour twice)."""

    def __init__(self, lines: tuple[str, ...], options: RelatedOptions) -> None:
        self.texts = [t.strip() for t in lines]
        self.options = options
        count = len(self.texts)
        self.before: list[int] = [-1] * count
        self.after: list[int] = [-1] * count
        last = -1
        for number, text in enumerate(self.texts):
            self.before[number] = last
            if text:
                last = number
        last = -1
        for number in range(count - 1, -1, -1):
            self.after[number] = last
            if self.texts[number]:
                last = number
        self._paragraph: dict[int, bool] = {}

    def paragraph(self, number: int) -> bool:
        if number < 0:
            return False
        known = self._paragraph.get(number)
        if known is None:
            known = self._paragraph[number] = _is_paragraph(self.texts[number], self.options)
        return known


def _is_headline(lines: _Lines, number: int, options: RelatedOptions) -> bool:
    """Cheap tests first; all of them must hold (the order changes nothing else)."""
    text = lines.texts[number]
    # a paragraph has more than headline_max_words words: stop splitting there
    words = len(text.split(maxsplit=options.headline_max_words))
    if not options.headline_min_words <= words <= options.headline_max_words:
        return False
    if not (lines.paragraph(lines.before[number]) and lines.paragraph(lines.after[number])):
        return False
    if ends_sentence(text) or text.startswith(("•", "-", "*")):
        return False
    if _TWO_SENTENCES.search(text):  # a headline is one sentence
        return False
    if text.split(maxsplit=1)[0] in _QUESTION_WORDS:  # "Where the trees will go": a subhead
        return False
    after = lines.after[number]
    # a paragraph broken across a blank line
    return not continues(text, lines.texts[after])


def _claiming_prefixes(options: RelatedOptions) -> tuple[str, ...]:
    """The prefixes a line may start with to be claimed at once: those before any empty
    one (an empty prefix is the first match of every other line, and claims nothing)."""
    return tuple(itertools.takewhile(bool, options.prefixes))


@hookimpl
def detect(page: Page, options: RelatedOptions, site: Site) -> list[Claim]:
    claims = []
    lines = _Lines(page.lines, options)
    prefixes = _claiming_prefixes(options)
    for number, text in enumerate(lines.texts):
        if not text:
            continue
        if text.startswith(prefixes):
            claims.append(Claim("related", number, number, 0.9, NAME))
        elif _is_headline(lines, number, options):
            claims.append(Claim("related", number, number, 0.6, NAME))
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
