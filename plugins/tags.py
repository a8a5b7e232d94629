"""The tag line: tag phrases run together by spaces, usually the page's last text line.

``Harbour Board Karachi cement exports`` is split without a hard-coded list: phrases that
occur in the rest of the page are preferred (longer ones more), then phrases from the
configured ``known`` list, then capitalisation (a capitalised word starts a tag, lower-case
words continue it). The split is the best-scoring segmentation, found by dynamic programming.
"""

from __future__ import annotations

import re

from attrs import frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Page, Parsed, Section, TagsData
from pagenorm.plugins._text import ends_sentence

FOUND, KNOWN, FALLBACK, STRAY = 3, 2, 0, -5
_FUNCTION_WORDS = frozenset(
    ["of", "the", "and", "in", "on", "for", "to", "a", "an", "at", "by", "with", "from", "as"]
)
_SENTENCE_MARKS = re.compile(r"[,;:—–\"“”()\[\]]|\. ")  # a tag line is phrases, not sentences


@frozen
class TagsOptions:
    prefixes: tuple[str, ...] = ()  # a labelled tag line: "Tags: Karachi, Water Board"
    known: tuple[str, ...] = ()
    max_phrase_words: int = 6
    max_words: int = 40
    min_found_share: float = 0.5  # share of words in found/known phrases for a sure claim
    search_lines: int = 6  # how many of the last non-blank lines may hold the tag line
    min_capital_share: float = 0.3  # tag phrases are mostly names: many words capitalised


@hookimpl
def plugin_options() -> type:
    return TagsOptions


def _occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` stands in ``text`` as whole words. The first occurrence is tested
    by hand (no pattern compiled per phrase, the usual case); when it is inside a longer
    word the rest is searched by a pattern, not one ``find`` per occurrence (a page of
    ``AaAaAa...`` would cost one step a character, for each phrase)."""
    start = text.find(phrase)
    if start < 0:
        return False
    end = start + len(phrase)
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
        return True
    # \w is what isalnum() or "_" accepts: the same test, in one pass
    whole = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    return whole.search(text, start + 1) is not None


def _phrase_score(words: list[str], text: str, known: frozenset[str]) -> tuple[int, int]:
    """The phrase's score, and how many of its words the page or the known list vouch for."""
    phrase = " ".join(words)
    weight = len(words) ** 2
    # a lower-case word continues a tag and never starts one ("of", "region"), but a
    # lower-case phrase found on the page is a tag ("cement despatches")
    starts_lower = words[0][:1].islower()
    lower_ok = len(words) >= 2 and words[0] not in _FUNCTION_WORDS
    if (not starts_lower or lower_ok) and _occurs(phrase, text):
        return FOUND * weight, len(words)
    if phrase in known:
        return KNOWN * weight, len(words)
    if words[0][:1].isupper() and all(not w[:1].isupper() for w in words[1:]):
        return FALLBACK, int(_occurs(words[0], text))  # "Harbour district": its head is found
    return STRAY * len(words), 0


def split_tags(line: str, text: str, known: frozenset[str] = frozenset(),
               max_words: int = 6) -> tuple[list[str], float]:
    """Best segmentation of ``line`` and the share of its words in found or known phrases."""
    words = line.split()
    # best[i]: (score, -segments, found_words, where its last phrase starts) for words[:i]
    best: list[tuple[int, int, int, int] | None] = [None] * (len(words) + 1)
    best[0] = (0, 0, 0, 0)
    for start in range(len(words)):
        prior = best[start]
        if prior is None:
            continue
        for end in range(start + 1, min(len(words), start + max_words) + 1):
            score, found = _phrase_score(words[start:end], text, known)
            candidate = (prior[0] + score, prior[1] - 1)
            current = best[end]
            if current is None or candidate > current[:2]:
                best[end] = (*candidate, prior[2] + found, start)
    final = best[len(words)]
    assert final is not None
    return _phrases(words, best), (final[2] / len(words) if words else 0.0)


def _phrases(words: list[str], best: list[tuple[int, int, int, int] | None]) -> list[str]:
    """The best segmentation's phrases, read back from where each last phrase starts."""
    phrases = []
    end = len(words)
    while end > 0:
        step = best[end]
        assert step is not None
        phrases.append(" ".join(words[step[3]:end]))
        end = step[3]
    return phrases[::-1]


def _candidates(page: Page, options: TagsOptions) -> list[int]:
    """The last few non-blank lines shaped like a tag line, last first (a footer may
    follow the tag line)."""
    found = []
    seen = 0
    for number in range(len(page.lines) - 1, -1, -1):
        text = page.lines[number].strip()
        if not text:
            continue
        seen += 1
        if seen > options.search_lines:
            break
        words = text.split(maxsplit=options.max_words)  # a tag line is short: stop counting
        if not ends_sentence(text) and 2 <= len(words) <= options.max_words and \
                text[:1].isupper() and _capitals(words) >= options.min_capital_share * len(words) \
                and not _SENTENCE_MARKS.search(text):
            found.append(number)
    return found


def _capitals(words: list[str]) -> int:
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())


def _labelled(page: Page, options: TagsOptions) -> tuple[int, str] | None:
    """The last line that starts with a tag prefix, and what follows the prefix."""
    prefixes = tuple(options.prefixes)
    if not prefixes:
        return None
    for number in range(len(page.lines) - 1, -1, -1):
        text = page.lines[number].strip()
        if not text.startswith(prefixes):  # one test before trying them in turn
            continue
        for prefix in prefixes:
            if text.startswith(prefix) and text[len(prefix):].strip():
                return number, text[len(prefix):].strip()
    return None


def _split_labelled(number: int, rest: str, page: Page, options: TagsOptions) -> list[str]:
    """A labelled tag line's tags: split at commas, else segmented against the rest of the
    page. Each phrase tried searches the whole page, so a line longer than ``max_words``
    words (no tag line is) is segmented by the known list and capitals alone: a page of
    any shape costs time linear in its size."""
    if "," in rest:
        return [t.strip() for t in rest.split(",") if t.strip()]
    if len(rest.split(maxsplit=options.max_words)) > options.max_words:
        return split_tags(rest, "", frozenset(options.known), options.max_phrase_words)[0]
    others = "\n".join(page.lines[:number] + page.lines[number + 1:])
    return split_tags(rest, others, frozenset(options.known), options.max_phrase_words)[0]


@hookimpl
def detect(page: Page, options: TagsOptions, site: Site) -> list[Claim]:
    labelled = _labelled(page, options)
    if labelled is not None:
        number, rest = labelled
        tags = _split_labelled(number, rest, page, options)
        return [Claim("tags", number, number, 0.9, hint=tags)]
    for number in _candidates(page, options):
        rest = "\n".join(page.lines[:number])
        tags, share = split_tags(page.lines[number], rest, frozenset(options.known),
                                 options.max_phrase_words)
        if share >= options.min_found_share and len(tags) >= 2:
            return [Claim("tags", number, number, 0.8, hint=tags)]
    return []


@hookimpl
def parse(page: Page, claims: list[Claim], options: TagsOptions, site: Site) -> Parsed:
    sections = []
    for claim in claims:
        tags = claim.hint
        if tags is None:
            rest = "\n".join(page.lines[: claim.first])
            tags, _ = split_tags(page.lines[claim.first], rest, frozenset(options.known),
                                 options.max_phrase_words)
        sections.append(Section("tags", claim.first, claim.last, "tags", claim.confidence,
                                TagsData(tuple(tags))))
    return Parsed(tuple(sections))
