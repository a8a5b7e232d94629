"""Made-up pages for tests, examples, benchmarks and the accuracy eval, each with the
document it should give.

Every word here was written for the project: the pages have the line shapes of real crawled
pages with invented sentences, names, symbols and values. What each page should give follows
the field contract (``docs/output.md``). One module per site family (``brecorder``,
``pakistan``, ``generic``) builds on ``common``; this module registers every shape.

    page = generate("dawn/print-mirror", random.Random(7))
    document = pagenorm.normalise(page.text, source=pagenorm.Source(url=page.url))
    assert document.article.published == page.expected["article"]["published"]

``page.expected`` is a *partial* ``pagenorm/1`` document: only the keys that should be scored
are present (``kind``, ``truncated``, ``page_date``, ``article`` with all its keys, ``tags``,
``related``, ``ticker``, and ``site`` when the page shows it); a key the page makes genuinely
unknowable is left out. ``SHAPES`` maps every shape name (``"<site>/<variant>"``) to its
page function; ``corpus`` and ``pages`` draw from them.

Where the contract is silent, the generator expects:

- ``site``: present when the page carries its site's signature furniture (Business Recorder:
  ticker strip, logo, ``PRINT EDITION`` line, ``Copyright Business Recorder``; Dawn: logo,
  ``Published in Dawn``, ``Follow Dawn ...``; Tribune: ``More News``; The News: the banner
  ending ``Got it!``; The Nation: ``CONNECT WITH US``, its footer, ``more in ...``, Disqus;
  ARY: ``- Advertisement -``, ``TOP NEWS``, ``MORE STORIES``, ``Developing Story…``;
  Pakistan Observer: ``Share this post``, ``scroll to top``, ``Previous article...``, its
  name line) or a url; ``"generic"`` on every ``generic/*`` page; left out otherwise.
- listing and unknown pages: an empty article (all null or ``[]``), ``truncated`` false, no
  related (listed headlines are not related links), tags ``[]``; photo galleries are
  ``unknown`` with their headline as the title.
- a ticker strip printed twice gives every quote and index twice, in line order; a quote
  line cut short is in no list.
- subtitle: Arab News's ``  • `` bullets too; the old print teaser is furniture.
- section: The News's section line when the page is recognisable as The News (its profile
  reads it), else null; The Nation's category line never.
- a printed US zone gives its offset (``EDT`` -04:00, ``EST`` -05:00).
- a cut page ends mid-sentence (never on ``. ! ? … : ; , ) ]`` or a quote), so ``truncated``
  is the contract's rule applied to the last expected paragraph.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from pagenorm.quality.generator.brecorder import (
    brecorder_amp,
    brecorder_article,
    brecorder_author_page,
    brecorder_body_first,
    brecorder_listing_editorials,
    brecorder_listing_print_day,
    brecorder_old_layout,
    brecorder_old_print_teaser,
    brecorder_truncated,
    brecorder_urdu,
    brecorder_widget,
)
from pagenorm.quality.generator.common import (
    ARTICLE_KEYS,
    EXPECTED_KEYS,
    GeneratedPage,
    brecorder_page,
    ends_sentence,
    generic_page,
    headline,
    index_line,
    paragraph,
    quote_line,
    sentence,
    ticker_lines,
)
from pagenorm.quality.generator.generic import (
    generic_aljazeera,
    generic_ap,
    generic_arabnews,
    generic_article,
    generic_bbc,
    generic_dunya,
    generic_geo,
    generic_listing,
    generic_reuters,
    generic_samaa,
)
from pagenorm.quality.generator.pakistan import (
    arynews_article,
    arynews_tag_page,
    dailytimes_article,
    dawn_amp_gallery,
    dawn_listing,
    dawn_print_mirror,
    dawn_web,
    nation_2013,
    nation_current,
    pakobserver_article,
    pakobserver_old_listing,
    thenews_full,
    thenews_print,
    tribune_amp,
    tribune_listing,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

# =====================================================================================
# The registry and the drivers
# =====================================================================================

SHAPES: dict[str, Callable[[random.Random], GeneratedPage]] = {
    "brecorder/article": brecorder_article,
    "brecorder/amp": brecorder_amp,
    "brecorder/body-first": brecorder_body_first,
    "brecorder/old-print-teaser": brecorder_old_print_teaser,
    "brecorder/widget-2021": brecorder_widget,
    "brecorder/old-layout": brecorder_old_layout,
    "brecorder/listing-editorials": brecorder_listing_editorials,
    "brecorder/listing-print-day": brecorder_listing_print_day,
    "brecorder/author-page": brecorder_author_page,
    "brecorder/urdu": brecorder_urdu,
    "brecorder/truncated": brecorder_truncated,
    "dawn/web": dawn_web,
    "dawn/print-mirror": dawn_print_mirror,
    "dawn/listing": dawn_listing,
    "dawn/amp-gallery": dawn_amp_gallery,
    "tribune/amp": tribune_amp,
    "tribune/listing": tribune_listing,
    "thenews/full": thenews_full,
    "thenews/print": thenews_print,
    "nation/current": nation_current,
    "nation/2013": nation_2013,
    "arynews/article": arynews_article,
    "arynews/tag-page": arynews_tag_page,
    "pakobserver/article": pakobserver_article,
    "pakobserver/old-listing": pakobserver_old_listing,
    "dailytimes/article": dailytimes_article,
    "generic/article": generic_article,
    "generic/reuters": generic_reuters,
    "generic/ap": generic_ap,
    "generic/arabnews": generic_arabnews,
    "generic/aljazeera": generic_aljazeera,
    "generic/bbc": generic_bbc,
    "generic/geo": generic_geo,
    "generic/dunya": generic_dunya,
    "generic/samaa": generic_samaa,
    "generic/listing": generic_listing,
}


def _shape_names(shapes: Iterable[str] | None) -> list[str]:
    names = list(SHAPES) if shapes is None else list(shapes)
    unknown = [name for name in names if name not in SHAPES]
    if unknown:
        raise KeyError(f"unknown page shape(s) {', '.join(unknown)} (known: {', '.join(SHAPES)})")
    if not names:
        raise ValueError("no page shapes to draw from")
    return names


def generate(shape: str, rng: random.Random) -> GeneratedPage:
    """One page of ``shape``, drawn with ``rng``."""
    return SHAPES[_shape_names([shape])[0]](rng)


def corpus(count: int, seed: int = 0, shapes: Iterable[str] | None = None
           ) -> Iterator[GeneratedPage]:
    """``count`` pages, round-robin over ``shapes`` (all, in ``SHAPES`` order, by default);
    page ``i`` is drawn with its own rng seeded from ``(seed, i)``, so the corpus is the same
    on every run and any page can be made again alone."""
    names = _shape_names(shapes)
    for index in range(count):
        yield generate(names[index % len(names)], random.Random(f"pagenorm:{seed}:{index}"))


def pages(shapes: Iterable[str] | None = None) -> SearchStrategy[GeneratedPage]:
    """A hypothesis strategy of generated pages (of ``shapes``, all by default); shrinking
    goes towards smaller seeds."""
    from hypothesis import strategies as st  # a test-only dependency

    names = _shape_names(shapes)
    return st.builds(generate, st.sampled_from(names),
                     st.integers(min_value=0, max_value=2**32 - 1).map(random.Random))

__all__ = [
    "ARTICLE_KEYS",
    "EXPECTED_KEYS",
    "SHAPES",
    "GeneratedPage",
    "arynews_article",
    "arynews_tag_page",
    "brecorder_amp",
    "brecorder_article",
    "brecorder_author_page",
    "brecorder_body_first",
    "brecorder_listing_editorials",
    "brecorder_listing_print_day",
    "brecorder_old_layout",
    "brecorder_old_print_teaser",
    "brecorder_page",
    "brecorder_truncated",
    "brecorder_urdu",
    "brecorder_widget",
    "corpus",
    "dailytimes_article",
    "dawn_amp_gallery",
    "dawn_listing",
    "dawn_print_mirror",
    "dawn_web",
    "ends_sentence",
    "generate",
    "generic_aljazeera",
    "generic_ap",
    "generic_arabnews",
    "generic_article",
    "generic_bbc",
    "generic_dunya",
    "generic_geo",
    "generic_listing",
    "generic_page",
    "generic_reuters",
    "generic_samaa",
    "headline",
    "index_line",
    "nation_2013",
    "nation_current",
    "pages",
    "pakobserver_article",
    "pakobserver_old_listing",
    "paragraph",
    "quote_line",
    "sentence",
    "thenews_full",
    "thenews_print",
    "ticker_lines",
    "tribune_amp",
    "tribune_listing",
]
