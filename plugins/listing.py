"""Listing pages: section, tag, author and print-day pages that list other stories.

A page is a listing when it shows a listing marker (``markers``: a print-day header, item
timestamps, item separators...; or a headline printed twice with one line between) at
least ``min_markers`` times, or when teasers (lines cut
with ``...`` or ending ``Read More`` / ``Details`` / a glued date: ``teaser_ends``) make up
most of its prose. Then every line that nothing more specific takes (ticker, furniture) is
claimed as ``listing``, so no title, byline or paragraph is invented from the items.
"""

from __future__ import annotations

import re
from typing import ClassVar

from attrs import field, frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, ListingData, Page, Parsed, Section
from pagenorm.plugins._text import BLOCKS, joined, word_count

# The name the plugin is registered under by default. The core stamps the registered
# name on every claim; when it is this one already, the claim is not copied to stamp it.
NAME = "listing"

CONFIDENCE = 0.92
_NEVER = re.compile(r"(?!)")


@frozen
class ListingOptions:
    pattern_blocks: ClassVar[dict[str, str]] = BLOCKS  # ``{{DATE}}`` in a config's patterns
    markers: tuple[re.Pattern[str], ...] = ()
    strong_markers: tuple[re.Pattern[str], ...] = ()  # one is enough
    min_markers: int = 2
    teaser_ends: tuple[re.Pattern[str], ...] = ()
    teaser_tails: tuple[str, ...] = ()  # every teaser ends with one of these, or 4 digits
    min_teasers: int = 3
    min_teaser_share: float = 0.5  # of lines with at least ``prose_min_words`` words
    prose_min_words: int = 8
    article_min_paragraphs: int = 2  # this much prose before the first teaser: an article
    # each list joined into one pattern: a line costs one match per list
    teaser: re.Pattern[str] = field(init=False, repr=False, eq=False)
    marker: re.Pattern[str] = field(init=False, repr=False, eq=False)
    strong_marker: re.Pattern[str] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        for name, patterns in (("teaser", self.teaser_ends), ("marker", self.markers),
                               ("strong_marker", self.strong_markers)):
            object.__setattr__(self, name, joined(patterns) if patterns else _NEVER)


@hookimpl
def plugin_options() -> type:
    return ListingOptions


def _is_teaser(text: str, options: ListingOptions) -> bool:
    # teasers are told by how they end: a cheap test of the last characters first, then
    # the patterns over the tail of the line only
    if options.teaser_tails and not text.endswith(options.teaser_tails) and \
            not text[-4:].isdigit():
        return False
    return options.teaser.search(text[-160:]) is not None


def is_listing(page: Page, options: ListingOptions) -> bool:
    lines = [t for t in map(str.strip, page.lines) if t]
    if any(options.strong_marker.fullmatch(t) for t in lines):
        return True
    markers = sum(1 for t in lines if options.marker.fullmatch(t))
    if markers + _repeated_headlines(lines) >= options.min_markers:
        return True
    teaser_at = [n for n, t in enumerate(lines) if _is_teaser(t, options)]
    if len(teaser_at) < options.min_teasers:
        return False
    teasers = set(teaser_at)  # a set: a page of tens of thousands of teasers stays linear
    prose = [n for n, t in enumerate(lines) if word_count(t) >= options.prose_min_words
             and n not in teasers]
    # an article followed by teasers of other stories: its body comes first
    if sum(1 for n in prose if n < teaser_at[0]) >= options.article_min_paragraphs:
        return False
    return len(teaser_at) >= options.min_teaser_share * (len(prose) + len(teaser_at))


def _repeated_headlines(lines: list[str]) -> int:
    """Listing items often print a headline twice with a category (``Editorials``) or a
    timestamp (``2024-06-05-02-33``) between the copies."""
    return sum(1 for n in range(len(lines) - 2)
               if lines[n] == lines[n + 2] and word_count(lines[n]) >= 3
               and word_count(lines[n + 1]) <= 2 and not lines[n + 1][:1].islower())


@hookimpl
def detect(page: Page, options: ListingOptions, site: Site) -> list[Claim]:
    if not is_listing(page, options):
        return []
    return [Claim("listing", n, n, CONFIDENCE, NAME) for n, t in enumerate(page.lines)
            if t.strip()]


@hookimpl
def parse(page: Page, claims: list[Claim], options: ListingOptions, site: Site) -> Parsed:
    """One section per run of listing lines (blank lines inside a run are kept in it)."""
    sections: list[Section] = []
    run: list[Claim] = []

    def close() -> None:
        if run:
            items = sum(1 for c in run if _is_teaser(page.lines[c.first].strip(), options))
            sections.append(Section("listing", run[0].first, run[-1].last, "listing",
                                    CONFIDENCE, ListingData(items)))
            run.clear()

    for claim in claims:
        if run and any(page.lines[n].strip() for n in range(run[-1].last + 1, claim.first)):
            close()
        run.append(claim)
    close()
    return Parsed(tuple(sections))
