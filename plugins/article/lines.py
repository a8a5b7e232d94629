"""detect's half of the article plugin: each line sorted by its shape into a claim kind."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pagenorm.plugins._text import continues, ends_sentence, word_count
from pagenorm.plugins.article.patterns import BULLET, ArticleOptions

_DIGIT = re.compile(r"\d")
_SENTENCE_BREAK = re.compile(r"[a-z0-9%)][.!?][\"”’]?\s+[A-Z“\"]")


def byline_match(text: str, options: ArticleOptions) -> re.Match[str] | None:
    for pattern in options.byline_tests:
        match = pattern.fullmatch(text)
        if match and (match["who"] or "").count(" ") < 8:
            return match
    return None


def classify(text: str, next_text: str | None, options: ArticleOptions) -> tuple[str, float]:
    if BULLET.match(text):
        return "bullet", 0.5
    if len(text) <= options.short_line_chars:  # every shape but prose is a short line
        shape = _short_shape(text, options)
        if shape is not None:
            return shape
    if _is_prose(text, next_text, options):
        return "body", 0.5
    return "heading", 0.3


def _short_shape(text: str, options: ArticleOptions) -> tuple[str, float] | None:
    """Bylines, dates, datelines alone, credits, captions, breadcrumbs, teasers. Cheap
    tests first (a date has a digit, a dateline alone ends with a colon...): most lines of
    a page are prose and should cost few pattern matches."""
    could_be = options.short_shapes
    if could_be is None or could_be.fullmatch(text) is not None:
        shape = _matched_shape(text, options)
        if shape is not None:
            return shape
    if options.teaser_test.search(text[-24:]) and word_count(text) >= 6:
        return "teaser", 0.55
    return None


def _matched_shape(text: str, options: ArticleOptions) -> tuple[str, float] | None:
    """The first short shape (but the teaser) that ``text`` has, in order."""
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        date = options.date_line.fullmatch(text)
        if date:
            groups = date.groupdict()  # weekday and label are optional in a config's pattern
            if groups.get("weekday"):
                return "date_strip", 0.85
            return ("updated" if (groups.get("label") or "").endswith("pdated") else "date"), 0.85
    if len(text) <= options.byline_max_chars and (
            byline_match(text, options) or options.byline_names.fullmatch(text)):
        return "byline", 0.9
    if text.endswith(":") and options.dateline_alone.fullmatch(text):
        return "dateline", 0.85
    if text.startswith("(") and options.credit.fullmatch(text):
        return "credit", 0.6
    if len(text) <= options.caption_max_chars and options.caption.fullmatch(text):
        return "caption", 0.65  # above a related headline: a caption is neither
    if "»" in text and options.breadcrumb.fullmatch(text):
        return "breadcrumb", 0.6
    return None


def _is_prose(text: str, next_text: str | None, options: ArticleOptions) -> bool:
    words = word_count(text)
    if words >= options.prose_min_words:
        return True
    if text.endswith("?") and words < 10:  # question subheads
        return False
    if words >= 4 and ends_sentence(text):
        return True
    if words >= 8 and _SENTENCE_BREAK.search(text):  # a sentence ends inside: a cut paragraph
        return True
    # a paragraph broken mid-word or mid-sentence across a blank line
    if text.islower() and text.replace(" ", "").isalpha():  # a lower-case tag or slug line
        return False
    return words >= 3 and next_text is not None and continues(text, next_text)


def next_non_blank(texts: Sequence[str]) -> list[str | None]:
    following: list[str | None] = [None] * len(texts)
    upcoming: str | None = None
    for number in range(len(texts) - 1, -1, -1):
        following[number] = upcoming
        if texts[number]:
            upcoming = texts[number]
    return following
