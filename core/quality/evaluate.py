"""Accuracy of pagenorm against labelled pages: generated ones (``pagenorm.quality.generator``) or a
folder of a user's own pages, each beside the document it should give.

Every page is normalised and its ``to_dict()`` compared with the expected document field by
field. Only the keys the expected document has are scored, so a label may be partial.

Per field, over the pages that score it:

- ``accuracy``: the share whose produced value equals the expected one exactly;
- ``precision``: among pages where pagenorm produced something (not null, ``[]``, ``""`` or
  ``false``), the share that equals the expected value;
- ``recall``: among pages whose expected value is non-empty, the share produced exactly;
- ``item_f1`` (list fields only): ``2 * common / (expected items + produced items)``, summed
  over the pages, with items compared as multisets, so one wrong paragraph out of ten costs
  a tenth, not the whole page.

A page that raises inside pagenorm counts as wrong in every field it scores and is listed
with the error; the evaluation itself never stops on a page.
"""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from attrs import define, frozen

from pagenorm.api import Normaliser
from pagenorm.errors import PagenormError
from pagenorm.model import Source
from pagenorm.reading import decode

FIELDS = (
    "kind", "truncated", "page_date", "site", "ticker", "tags", "related",
    "article.section", "article.print_date", "article.title", "article.subtitle",
    "article.byline", "article.published", "article.updated", "article.dateline",
    "article.paragraphs", "article.subheadings",
)
LIST_FIELDS = frozenset({"tags", "related", "article.subtitle", "article.paragraphs"})
DIR_SHAPE = "dir"
VALUE_CHARS = 84  # expected and produced values in the worst-page listing are cut to this

LabelledPage = tuple[str, str, str | None, dict[str, Any]]  # id, text, url, expected
ShapeOf = Callable[[str, dict[str, Any]], str]


class PageNormaliser(Protocol):
    """What the eval needs of a normaliser: ``pagenorm.Normaliser`` or a wrapper of one."""

    def normalise(self, text: str, *, id: str, source: Source) -> Any: ...


# --- one page ---


@frozen
class FieldResult:
    """One scored field of one page."""

    field: str
    expected: Any
    produced: Any
    match: bool
    common_items: int = 0  # list fields: multiset overlap of expected and produced items
    item_total: int = 0  # list fields: expected items + produced items


@frozen
class PageResult:
    id: str
    shape: str
    fields: tuple[FieldResult, ...]
    error: str | None = None  # what pagenorm raised on this page, if it did

    @property
    def mismatches(self) -> tuple[FieldResult, ...]:
        return tuple(result for result in self.fields if not result.match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shape": self.shape,
            "error": self.error,
            "scored": len(self.fields),
            "differ": [
                {"field": r.field, "expected": cut(r.expected), "produced": cut(r.produced)}
                for r in self.mismatches
            ],
        }


def field_value(document: dict[str, Any], path: str) -> tuple[bool, Any]:
    """(present, value) of a dotted field path such as ``article.title``."""
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, plain(value)


def plain(value: Any) -> Any:
    """Tuples as lists, recursively, so expected values built in Python compare with JSON."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def is_empty(value: Any) -> bool:
    """Nothing produced: null, false, or an empty string, list or object."""
    if value is None or value is False:
        return True
    return isinstance(value, (str, list, dict)) and not value


def compare_field(field: str, expected: Any, produced: Any, *, failed: bool = False) -> FieldResult:
    common = total = 0
    if field in LIST_FIELDS:
        expected_items, produced_items = _items(expected), _items(produced)
        common = sum((expected_items & produced_items).values())
        total = expected_items.total() + produced_items.total()
    return FieldResult(field, expected, produced, not failed and expected == produced,
                       common, total)


def _items(value: Any) -> Counter[str]:
    if not isinstance(value, list):
        return Counter()
    return Counter(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in value)


def compare(expected: dict[str, Any], produced: dict[str, Any] | None) -> tuple[FieldResult, ...]:
    """Every field the expected document has; ``produced=None`` (pagenorm failed) is wrong
    in all of them."""
    results = []
    for field in FIELDS:
        present, want = field_value(expected, field)
        if present:
            _, got = field_value(produced or {}, field)
            results.append(compare_field(field, want, got, failed=produced is None))
    return tuple(results)


def score_page(page: LabelledPage, normaliser: PageNormaliser, shape: str) -> PageResult:
    page_id, text, url, expected = page
    try:
        document = normaliser.normalise(text, id=page_id, source=Source(url=url))
        produced = document.to_dict()
    except Exception as exc:  # a failing page is a result, never the end of the eval
        return PageResult(page_id, shape, compare(expected, None), f"{type(exc).__name__}: {exc}")
    return PageResult(page_id, shape, compare(expected, produced))


def cut(value: Any, limit: int = VALUE_CHARS) -> str:
    """A value as compact JSON, cut to ``limit`` characters."""
    return clip(json.dumps(value, ensure_ascii=False), limit)


def clip(text: str, limit: int = VALUE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- tallies ---


@define
class FieldScore:
    """The tallies of one field over many pages, and the rates made from them."""

    field: str
    n: int = 0
    correct: int = 0
    produced: int = 0  # pages with a non-empty produced value
    produced_correct: int = 0
    expected: int = 0  # pages with a non-empty expected value
    expected_correct: int = 0
    common_items: int = 0
    item_total: int = 0

    def add(self, result: FieldResult) -> None:
        self.n += 1
        self.correct += result.match
        if not is_empty(result.produced):
            self.produced += 1
            self.produced_correct += result.match
        if not is_empty(result.expected):
            self.expected += 1
            self.expected_correct += result.match
        self.common_items += result.common_items
        self.item_total += result.item_total

    @property
    def accuracy(self) -> float | None:
        return _share(self.correct, self.n)

    @property
    def precision(self) -> float | None:
        return _share(self.produced_correct, self.produced)

    @property
    def recall(self) -> float | None:
        return _share(self.expected_correct, self.expected)

    @property
    def item_f1(self) -> float | None:
        if self.field not in LIST_FIELDS:
            return None
        return _share(2 * self.common_items, self.item_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n, "accuracy": self.accuracy, "precision": self.precision,
            "recall": self.recall, "item_f1": self.item_f1, "correct": self.correct,
            "produced": self.produced, "produced_correct": self.produced_correct,
            "expected": self.expected, "expected_correct": self.expected_correct,
        }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def tally(pages: Iterable[PageResult]) -> dict[str, FieldScore]:
    """Field -> score, in ``FIELDS`` order, for the fields these pages score."""
    scores = {field: FieldScore(field) for field in FIELDS}
    for page in pages:
        for result in page.fields:
            scores[result.field].add(result)
    return {field: score for field, score in scores.items() if score.n}


# --- the report ---


@frozen
class Report:
    pages: tuple[PageResult, ...]
    label: str = ""  # what was scored, for the heading
    skipped: tuple[str, ...] = ()  # pages without an expected document
    worst: int = 10  # how many of the worst pages the text and dict list

    def shapes(self) -> list[str]:
        return sorted({page.shape for page in self.pages})

    def pages_of(self, shape: str | None = None) -> list[PageResult]:
        return [page for page in self.pages if shape is None or page.shape == shape]

    def scores(self, shape: str | None = None) -> dict[str, FieldScore]:
        """Field -> score over one shape's pages, or over all pages (``shape=None``)."""
        return tally(self.pages_of(shape))

    def failed(self) -> list[PageResult]:
        return [page for page in self.pages if page.error is not None]

    def worst_pages(self, count: int | None = None) -> list[PageResult]:
        """The pages with the most fields wrong (failed pages first among equals)."""
        wrong = [page for page in self.pages if page.mismatches]
        wrong.sort(key=lambda page: (-len(page.mismatches), page.error is None))
        return wrong[: self.worst if count is None else count]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "pages": len(self.pages),
            "failed": [page.id for page in self.failed()],
            "skipped": list(self.skipped),
            "shapes": {shape: self._block_dict(shape) for shape in self.shapes()},
            "overall": self._block_dict(None),
            "worst": [page.to_dict() for page in self.worst_pages()],
        }

    def _block_dict(self, shape: str | None) -> dict[str, Any]:
        pages = self.pages_of(shape)
        return {
            "pages": len(pages),
            "all_right": sum(not page.mismatches for page in pages),
            "fields": {field: score.to_dict() for field, score in tally(pages).items()},
        }

    def to_text(self) -> str:
        return "\n".join(_report_lines(self)) + "\n"


# --- the text form ---

_HEADER = f"{'field':<22}{'n':>6}{'acc':>8}{'P':>8}{'R':>8}{'itemF1':>8}"


def _report_lines(report: Report) -> Iterator[str]:
    failed, skipped = len(report.failed()), len(report.skipped)
    yield f"pagenorm eval: {report.label or f'{len(report.pages)} pages'}"
    yield f"{len(report.pages)} pages scored, {failed} failed in pagenorm, {skipped} skipped"
    if report.skipped:
        yield "skipped (no expected .json): " + _listed(report.skipped)
    shapes = report.shapes()
    for shape in [*shapes, None] if len(shapes) > 1 else shapes:  # overall when it adds
        yield ""
        yield from _block_lines(shape or "overall", report.pages_of(shape))
    worst = report.worst_pages()
    if worst:
        yield ""
        yield f"worst {len(worst)} pages (most fields wrong)"
        for rank, page in enumerate(worst, 1):
            yield from _worst_lines(rank, page)


def _block_lines(name: str, pages: Sequence[PageResult]) -> Iterator[str]:
    right = sum(not page.mismatches for page in pages)
    yield f"{name}: {len(pages)} pages, {right} with every field right"
    yield _HEADER
    for field, score in tally(pages).items():
        rates = (score.accuracy, score.precision, score.recall, score.item_f1)
        yield f"{field:<22}{score.n:>6}" + "".join(f"{_rate(rate):>8}" for rate in rates)


def _rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.3f}"


def _worst_lines(rank: int, page: PageResult) -> Iterator[str]:
    yield f"{rank:>2}. {page.id}: {len(page.mismatches)} of {len(page.fields)} fields differ"
    if page.error:
        yield f"    pagenorm failed: {clip(page.error, 80)}"
        return
    for result in page.mismatches:
        yield f"    {result.field}"
        yield f"      expected  {cut(result.expected)}"
        yield f"      produced  {cut(result.produced)}"


def _listed(items: Sequence[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


# --- scoring ---


def site_or_dir(page_id: str, expected: dict[str, Any]) -> str:
    """The shape of a user's page: its expected ``site``, else ``dir``."""
    site = expected.get("site")
    return site if isinstance(site, str) and site else DIR_SHAPE


def evaluate(pages: Iterable[LabelledPage], normaliser: PageNormaliser, *,
             shape_of: ShapeOf = site_or_dir, label: str = "",
             skipped: Sequence[str] = (), worst: int = 10) -> Report:
    """Score ``(id, text, url, expected)`` pages; ``shape_of(id, expected)`` groups them."""
    results = tuple(score_page(page, normaliser, shape_of(page[0], page[3])) for page in pages)
    return Report(results, label, tuple(skipped), worst)


# generated pages


def generated_id(shape: str, index: int) -> str:
    """``shape#index``: the page is ``list(corpus(count, seed, shapes))[index]``."""
    return f"{shape}#{index}"


def generated_shape(page_id: str, expected: dict[str, Any]) -> str:
    return page_id.rpartition("#")[0]


def select_shapes(patterns: Sequence[str], known: Iterable[str]) -> list[str]:
    """The known shape names, in their order, matching any of the fnmatch ``patterns``
    (all of them when there are none)."""
    known = list(known)
    for pattern in patterns:
        if not fnmatch.filter(known, pattern):
            raise PagenormError(f"--shape {pattern!r} matches no page shape "
                                f"(known: {', '.join(known)})")
    return [name for name in known if not patterns
            or any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)]


def generated_pages(count: int, seed: int = 0, shapes: Sequence[str] = ()
                    ) -> Iterator[LabelledPage]:
    """The pages ``score_generated`` scores, lazily: ``(shape#index, text, url, expected)``.
    Unknown shape patterns are an error at once."""
    from pagenorm.quality import generator as testing

    chosen = select_shapes(shapes, testing.SHAPES)
    return ((generated_id(page.shape, index), page.text, page.url, page.expected)
            for index, page in enumerate(testing.corpus(count, seed=seed, shapes=chosen)))


def score_generated(count: int = 2000, seed: int = 0, shapes: Sequence[str] = (),
                    normaliser: PageNormaliser | None = None, *, worst: int = 10) -> Report:
    """Score ``count`` pages of the generator's ``corpus``; ``shapes``: fnmatch patterns."""
    from pagenorm.quality import generator as testing  # only the eval needs the generator

    if not hasattr(testing, "corpus"):
        raise PagenormError("this pagenorm.quality.generator has no page corpus (SHAPES, corpus)")
    pages = generated_pages(count, seed, shapes)
    label = f"{count} generated pages, seed {seed}"
    if shapes:
        label += f", shapes {' '.join(shapes)}"
    return evaluate(pages, normaliser or Normaliser(), shape_of=generated_shape, label=label,
                    worst=worst)


# a user's labelled pages


def labelled_pages(folder: Path) -> tuple[list[LabelledPage], list[str]]:
    """(pages with an expected ``<stem>.json``, ids of pages without one)."""
    if not folder.is_dir():
        raise PagenormError(f"{folder}: not a directory")
    pages: list[LabelledPage] = []
    skipped: list[str] = []
    for path in sorted(folder.rglob("*.txt")):
        page_id = path.relative_to(folder).as_posix()
        label = path.with_suffix(".json")
        if not label.is_file():
            skipped.append(page_id)
            continue
        text = decode(_read_bytes(path), str(path))
        expected = _expected(label)
        pages.append((page_id, text, _source_url(expected), expected))
    return pages, skipped


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PagenormError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _expected(path: Path) -> dict[str, Any]:
    try:
        expected = json.loads(_read_bytes(path))
    except ValueError as exc:
        raise PagenormError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(expected, dict):
        raise PagenormError(f"{path}: expected a JSON object (a pagenorm/1 document)")
    return expected


def _source_url(expected: dict[str, Any]) -> str | None:
    """The page's url, from the expected document's ``source.url`` if it gives one."""
    source = expected.get("source")
    url = source.get("url") if isinstance(source, dict) else None
    return url if isinstance(url, str) else None


def score_directory(path: str | Path, normaliser: PageNormaliser | None = None, *,
                    worst: int = 10) -> Report:
    """Score every ``*.txt`` page under ``path`` that has its expected ``<stem>.json``."""
    folder = Path(path)
    pages, skipped = labelled_pages(folder)
    if not pages:
        raise PagenormError(f"{folder}: no labelled pages (a *.txt page beside its .json)")
    label = f"{len(pages)} labelled pages in {folder}"
    return evaluate(pages, normaliser or Normaliser(), label=label, skipped=skipped, worst=worst)
