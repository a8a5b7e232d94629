"""What pagenorm did to one page, line by line: the data behind ``pagenorm explain`` and
``pagenorm review``.

A ``PageView`` holds the document, the page's lines (crawler prefix cut off, as the plugins
saw them), for each line the section that covers it and the claims on it that lost the
resolution (with what beat them and why), and the site profile that was picked and why.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterable, Iterator

import attrs
from attrs import frozen

from pagenorm.api import Normaliser, ProfileChoice
from pagenorm.batch.inputs import InputFailure, InputOptions, Item, iter_records, record_page
from pagenorm.batch.pool import PageTimeout, time_limit
from pagenorm.batch.workers import watched_map
from pagenorm.config import InputPolicy
from pagenorm.errors import InputError, PagenormError
from pagenorm.model import Claim, Decision, Document, Page

RESIDUAL = "residual"  # a non-blank line no section covers
BLANK = "blank"  # a blank line no section covers

# Colours per section kind, shared by the terminal and the HTML views. Kinds of the same
# family share a hue: furniture greys and browns, article blues and greens.
KIND_COLOURS = {
    "ticker": "#b8860b",
    "navigation": "#8a8a8a", "advert": "#b05050", "boilerplate": "#9a8a7a",
    "weather": "#6a9ab0", "footer": "#7a7a9a", "widget": "#a07ab0", "sidebar": "#a08a60",
    "listing": "#c07030",
    "section_line": "#5a7ab0", "title": "#1f5fbf", "subtitle": "#3a80c0",
    "byline": "#2a9a8a", "date": "#2a8a6a", "date_strip": "#7aa08a", "dateline": "#3a9a5a",
    "body": "#2e7d32", "subheading": "#4a9a30", "caption": "#8a9a40", "credit": "#90a070",
    "teaser": "#c09040", "next_story": "#a07050",
    "related": "#c05090", "tags": "#9050c0",
    RESIDUAL: "#d03030", BLANK: "#bbbbbb",
}
_SPARE_COLOURS = ("#607d8b", "#795548", "#009688", "#e91e63", "#3f51b5", "#cddc39",
                  "#ff5722", "#00bcd4")


def kind_colour(kind: str) -> str:
    """The colour of a section kind; kinds of third-party plugins get a stable spare one."""
    if kind in KIND_COLOURS:
        return KIND_COLOURS[kind]
    index = int(hashlib.blake2b(kind.encode(), digest_size=2).hexdigest(), 16)
    return _SPARE_COLOURS[index % len(_SPARE_COLOURS)]


@frozen
class LineView:
    number: int
    text: str
    kind: str  # the covering section's kind, RESIDUAL or BLANK
    plugin: str | None = None
    confidence: float | None = None
    section: int | None = None  # index of the covering section in document.sections
    lost: tuple[Decision, ...] = ()  # claims on this line that lost the resolution
    won: Claim | None = None  # the claim that won this line (its readings and evidence)


@frozen
class PageView:
    document: Document
    lines: tuple[LineView, ...]
    choice: ProfileChoice
    prefix: str = ""  # what the crawl_prefix hook cut off line 0

    @property
    def lost(self) -> tuple[Decision, ...]:
        """Every claim that lost, in line order."""
        return tuple(sorted((d for d in self.document.decisions if not d.won),
                            key=lambda d: (d.claim.first, d.claim.last, d.claim.plugin)))


def view_page(normaliser: Normaliser, page: Page) -> PageView:
    """Normalise ``page`` with ``normaliser`` and keep everything a reviewer asks about."""
    pipeline, choice = normaliser.choose(page)
    document = pipeline.run(page)
    stripped = pipeline.strip_prefix(page, [])
    return PageView(document, tuple(_lines(stripped, document)), choice, stripped.prefix)


def _lines(page: Page, document: Document) -> Iterator[LineView]:
    covering: dict[int, int] = {}
    for index, section in enumerate(document.sections):
        covering.update(dict.fromkeys(range(section.first, section.last + 1), index))
    lost: dict[int, list[Decision]] = {}
    won: dict[int, Claim] = {}
    for decision in document.decisions:
        for line in range(decision.claim.first, decision.claim.last + 1):
            if decision.won:
                won[line] = decision.claim
            else:
                lost.setdefault(line, []).append(decision)
    for number, text in enumerate(page.lines):
        losers = tuple(lost.get(number, ()))
        index = covering.get(number)
        if index is None:
            yield LineView(number, text, RESIDUAL if text.strip() else BLANK, lost=losers)
            continue
        section = document.sections[index]
        yield LineView(number, text, section.kind, section.plugin, section.confidence, index,
                       losers, won.get(number))


def describe_loss(decision: Decision) -> str:
    """``furniture navigation 0.95 lines 3-5 lost to article byline 0.90 (lines 4-4): why``"""
    claim, winner = decision.claim, decision.beaten_by
    text = f"{claim.plugin} {claim.kind} {claim.confidence:.2f} {_span(claim.first, claim.last)}"
    if winner is None:
        return f"{text} lost: {decision.reason}"
    return (f"{text} lost to {winner.plugin} {winner.kind} {winner.confidence:.2f} "
            f"({_span(winner.first, winner.last)}): {decision.reason}")


def _span(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def describe_choice(choice: ProfileChoice) -> str:
    scored = ", ".join(f"{name} {score}" for name, score in choice.scores if score)
    zero = [name for name, score in choice.scores if not score]
    if zero:
        scored += f"; {len(zero)} others 0" if scored else f"all {len(zero)} candidates 0"
    scores = f" (scores: {scored})" if choice.scores else ""
    return f"profile {choice.profile} (site {choice.site}): {choice.reason}{scores}"


# --- reading pages for the review tools: the inputs of convert, under its time limit ---


def _read(item: Item, policy: InputPolicy, url: str | None) -> Page | PagenormError:
    """One record read by the input policy as convert reads it, or what stopped it."""
    if isinstance(item, InputFailure):
        where = "" if item.message.startswith(item.source) else f"{item.source}: "
        return PagenormError(f"{where}{item.message}")
    try:
        page = record_page(item, policy)
    except InputError as exc:
        return PagenormError(str(exc))  # plain: it crosses a pipe from the worker
    if url and page.source.url is None:
        page = attrs.evolve(page, source=attrs.evolve(page.source, url=url))
    return page


def view_inputs(inputs: Iterable[str], normaliser: Normaliser, policy: InputPolicy,
                url: str | None = None) -> Iterator[PageView | PagenormError]:
    """``view_page`` of every page ``inputs`` name (files, directories, globs, JSON Lines,
    WARC, ``-``), read by the input policy as convert reads them, under the time limit as in
    a batch (see ``view_items``), or the error that stopped one, in order."""
    options = InputOptions(max_page_bytes=policy.max_page_bytes)
    yield from view_items(iter_records(list(inputs), options), normaliser, policy, url)


_viewing: tuple[Normaliser, InputPolicy, str | None] | None = None  # what workers view with


def view_items(items: Iterable[Item], normaliser: Normaliser, policy: InputPolicy,
               url: str | None = None) -> Iterator[PageView | PagenormError]:
    """Each record read by ``policy`` and viewed, or the error that stopped it, in order.

    ``page_seconds`` holds here as in a batch: each page is read and normalised in a worker
    process under the alarm, and a page that outlives it (a plugin that swallows the
    alarm, C code that never returns) has its worker killed from outside and becomes the
    error. The worker is forked with ``normaliser``; where processes are not forked
    (macOS, Windows) the pages are viewed in this process, under the alarm alone."""
    global _viewing
    _viewing = (normaliser, policy, url)
    if multiprocessing.get_start_method() != "fork":
        yield from map(_view_one, items)
        return
    chunks = ([item] for item in items)
    for [view] in watched_map(chunks, _view_one, _lost_view, workers=1,
                              seconds=policy.page_seconds):
        yield view


def _view_one(item: Item) -> PageView | PagenormError:
    """In the worker: one record read and viewed under the time limit."""
    assert _viewing is not None, "view_items sets what to view with"
    normaliser, policy, url = _viewing
    where = item.source if isinstance(item, InputFailure) else (
        item.source.path or item.source.url or item.id)
    try:
        with time_limit(policy.page_seconds, where):
            page = _read(item, policy, url)
            return page if isinstance(page, PagenormError) else view_page(normaliser, page)
    except PageTimeout as exc:
        return PagenormError(str(exc))


def _lost_view(item: Item, code: str, why: str) -> PagenormError:
    """The error of a page whose worker died or was killed from outside."""
    where = item.source if isinstance(item, InputFailure) else (
        item.source.path or item.source.url or item.id)
    return PagenormError(f"{where}: {why} ({code})")
