"""Review pages for many pages at once: ``convert --review DIR`` and ``eval --review DIR``.

``convert`` normalises in worker processes and sends back bytes, so the pages to review are
chosen in the parent while the batch runs, from each page's outcome, and normalised once
more there when it ends: the first ``FLAGGED`` pages with diagnostics, and a fixed sample of
``SAMPLE`` other pages, those whose ids hash lowest (the same ids whatever the order, the
worker count or the engine). Memory stays bounded: only the records in flight and the chosen
ones are kept.
"""

from __future__ import annotations

import hashlib
import heapq
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pagenorm.api import Normaliser
from pagenorm.batch.inputs import InputFailure, Item, Record
from pagenorm.batch.pool import Outcome, Results, Settings, Summary, effective_policy
from pagenorm.errors import PagenormError
from pagenorm.model import Source
from pagenorm.reading import page_from_text
from pagenorm.review.pages import FieldDiff, ReviewPage, write_review
from pagenorm.review.view import PageView, view_items, view_page

FLAGGED = 25  # pages with diagnostics reviewed, the first ones in input order
SAMPLE = 25  # other pages reviewed: those whose ids hash lowest


def _id_hash(page_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(page_id.encode(), digest_size=8).digest(), "big")


class ReviewSampler:
    """Chooses the pages of a batch to review, from the outcomes as they come back."""

    def __init__(self, flagged: int = FLAGGED, sample: int = SAMPLE) -> None:
        self.max_flagged, self.max_sample = flagged, sample
        self.seen = 0
        self.pending: deque[tuple[int, Record]] = deque()  # sent, outcome not seen yet
        self.flagged: list[tuple[int, Record]] = []
        self.sample: list[tuple[int, int, Record]] = []  # heap of (-hash, order, record)

    def items(self, items: Iterable[Record | InputFailure]) -> Iterator[Record | InputFailure]:
        """Pass the batch's items through, remembering the records in flight."""
        for item in items:
            if isinstance(item, Record):
                self.pending.append((self.seen, item))
                self.seen += 1
            yield item

    def results(self, results: Results) -> Results:
        """Wrap an engine's results: each outcome is seen here before the batch writes it."""
        def observed(chunks: Iterable[list], settings: Settings, workers: int
                     ) -> Iterator[list[Outcome]]:
            for batch in results(chunks, settings, workers):
                for outcome in batch:
                    if outcome.error is None:
                        self._written(outcome)
                yield batch
        return observed

    def _written(self, outcome: Outcome) -> None:
        found = self._take(outcome.id)
        if found is None:
            return
        order, record = found
        if outcome.codes and len(self.flagged) < self.max_flagged:
            self.flagged.append(found)
            return
        if self.max_sample <= 0:
            return
        entry = (-_id_hash(record.id), order, record)
        if len(self.sample) < self.max_sample:
            heapq.heappush(self.sample, entry)
        elif entry > self.sample[0]:  # a lower hash than the highest kept
            heapq.heapreplace(self.sample, entry)

    def _take(self, page_id: str) -> tuple[int, Record] | None:
        """The record of this outcome. Outcomes come back in input order, so records before
        it are pages that failed or were skipped (resumed): they are dropped."""
        while self.pending:
            order, record = self.pending.popleft()
            if record.id == page_id:
                return order, record
        return None

    def chosen(self) -> list[tuple[str, Record]]:
        """(note, record) in input order."""
        picked = [(order, "has diagnostics", record) for order, record in self.flagged]
        picked += [(order, "sample", record) for _, order, record in self.sample]
        return [(note, record) for _, note, record in sorted(picked, key=lambda p: p[0])]


def review_batch(sampler: ReviewSampler, normaliser: Normaliser, settings: Settings,
                 out: str | Path, on_error: Callable[[str], None] = lambda message: None
                 ) -> Path:
    """Review pages of the sampled records, read and normalised by the batch's own
    ``normaliser`` and input policy, under its time limit; a page that fails this second
    time (it ran out of time again, on a busier machine) is reported, not reviewed."""
    policy = effective_policy(normaliser.input_policy, settings)  # as the workers read them
    chosen = sampler.chosen()
    views = view_items((record for _, record in chosen), normaliser, policy)
    return write_review(_reviewable(chosen, views, on_error), out,
                        title="pagenorm convert: review sample")


def _reviewable(chosen: list[tuple[str, Record]], views: Iterable[PageView | PagenormError],
                on_error: Callable[[str], None]) -> Iterator[ReviewPage]:
    for (note, _), view in zip(chosen, views, strict=True):
        if isinstance(view, PagenormError):
            on_error(f"not reviewed: {view}")
            continue
        yield ReviewPage(view, note)


def review_eval(report, pages: Iterable[tuple[str, str, str | None, dict]],
                normaliser: Normaliser, out: str | Path) -> Path:
    """Review pages of ``report``'s worst pages, expected beside produced for each field
    that differs. ``pages``: the ``(id, text, url, expected)`` pages that were scored."""
    worst = [page for page in report.worst_pages() if page.error is None]
    wanted = {page.id for page in worst}
    texts = {page_id: (text, url) for page_id, text, url, _ in pages if page_id in wanted}
    reviewed = []
    for rank, result in enumerate(worst, 1):
        text, url = texts[result.id]
        page = page_from_text(text, id=result.id, source=Source(url=url))
        diffs = tuple(FieldDiff(r.field, r.expected, r.produced) for r in result.mismatches)
        note = (f"worst {rank} of {len(worst)}: {len(diffs)} of {len(result.fields)} "
                "scored fields differ")
        reviewed.append(ReviewPage(view_page(normaliser, page), note, diffs, scored=True))
    return write_review(reviewed, out, title=f"pagenorm eval: the {len(worst)} worst pages")


class BatchReview:
    """``convert --review DIR``: watches a batch (``pagenorm.batch.jobs.Watcher``), then
    writes the review pages of its sample to ``folder``."""

    def __init__(self, folder: str, quiet: bool = False) -> None:
        self.folder, self.quiet = folder, quiet
        self.sampler = ReviewSampler()

    def items(self, items: Iterator[Item]) -> Iterator[Item]:
        return self.sampler.items(items)

    def results(self, results: Results) -> Results:
        return self.sampler.results(results)

    def done(self, normaliser: Normaliser, settings: Settings, summary: Summary) -> None:
        index = review_batch(self.sampler, normaliser, settings, self.folder,
                             on_error=lambda message: print(f"pagenorm: error: {message}",
                                                            file=sys.stderr))
        if not self.quiet:
            print(f"pagenorm: review of {len(self.sampler.chosen())} pages: {index}",
                  file=sys.stderr)
