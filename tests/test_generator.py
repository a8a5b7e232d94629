"""The page generator (``pagenorm.testing``): every shape is there and deterministic, the
corpus is reproducible and round-robin, and every expected document is well formed.

These tests check the generator only; how well pagenorm reads the generated pages is the
accuracy eval's business (``tests/test_accuracy.py``)."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from hypothesis import given, settings

from pagenorm import testing
from pagenorm.schema import document_schema
from pagenorm.testing import SHAPES, GeneratedPage, corpus, generate, pages
from tests.conftest import validate

FORMATS_SHAPES = {
    "brecorder/article", "brecorder/amp", "brecorder/body-first", "brecorder/old-print-teaser",
    "brecorder/widget-2021", "brecorder/old-layout", "brecorder/listing-editorials",
    "brecorder/listing-print-day", "brecorder/author-page", "brecorder/urdu",
    "brecorder/truncated",
    "dawn/web", "dawn/print-mirror", "dawn/listing", "dawn/amp-gallery",
    "tribune/amp", "tribune/listing", "thenews/full", "thenews/print",
    "nation/current", "nation/2013", "arynews/article", "arynews/tag-page",
    "pakobserver/article", "pakobserver/old-listing", "dailytimes/article",
    "generic/reuters", "generic/ap", "generic/arabnews", "generic/aljazeera", "generic/bbc",
    "generic/geo", "generic/dunya", "generic/samaa", "generic/listing",
}
PROFILES = {"brecorder", "dawn", "tribune", "thenews", "nation", "arynews", "pakobserver",
            "dailytimes"}
SEEDS = range(12)
ALWAYS = {"kind", "truncated", "page_date", "article", "related", "ticker"}
QUOTE_LINE = re.compile(r"[A-Z][A-Z0-9]{1,11} \d[\d,]*\.?\d* (?:Increased By|Decreased By|No "
                        r"Change)(?: [▲▼])? -?[\d,.]+ \(-?[\d.]+%\)")
SKELETON: dict[str, Any] = {
    "schema": "pagenorm/1", "id": "generated", "source": {"path": None, "url": None,
                                                           "sha256": None},
    "site": "generic", "kind": "unknown", "truncated": False, "page_date": None, "ticker": None,
    "article": {}, "tags": [], "related": [], "sections": [], "residual": [], "diagnostics": [],
}


def _sample() -> list[GeneratedPage]:
    return [generate(shape, random.Random(seed)) for shape in SHAPES for seed in SEEDS]


SAMPLE = _sample()


def test_every_shape_of_formats_md_is_generated() -> None:
    assert set(SHAPES) >= FORMATS_SHAPES
    assert set(SHAPES) - FORMATS_SHAPES == {"generic/article"}
    for shape in SHAPES:
        assert re.fullmatch(r"[a-z]+/[a-z0-9-]+", shape)
        assert shape.split("/")[0] in PROFILES | {"generic"}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_is_deterministic(shape: str) -> None:
    for seed in (0, 7, 12345):
        first, second = generate(shape, random.Random(seed)), generate(shape, random.Random(seed))
        assert first == second
        assert first.shape == shape
    texts = {generate(shape, random.Random(seed)).text for seed in range(6)}
    assert len(texts) > 1, "the rng must vary the page"


def test_generate_rejects_an_unknown_shape() -> None:
    with pytest.raises(KeyError, match="nosuch/shape"):
        generate("nosuch/shape", random.Random(0))
    with pytest.raises(KeyError):
        list(corpus(3, shapes=["dawn/web", "nosuch/shape"]))


def test_corpus_is_deterministic_and_round_robin() -> None:
    names = list(SHAPES)
    count = 2 * len(names) + 3
    first, second = list(corpus(count, seed=5)), list(corpus(count, seed=5))
    assert first == second
    assert [page.shape for page in first] == [names[i % len(names)] for i in range(count)]
    assert [p.text for p in corpus(count, seed=6)] != [p.text for p in first]
    chosen = ["nation/2013", "dawn/web"]
    assert [p.shape for p in corpus(5, seed=1, shapes=chosen)] == [*chosen, *chosen, chosen[0]]
    # page i is the same whichever count asked for it
    assert list(corpus(4, seed=5)) == first[:4]


def test_legacy_generators_keep_their_shapes() -> None:
    page = testing.brecorder_page(random.Random(3))
    assert page.shape == "brecorder/article" and page.expected["site"] == "brecorder"
    assert page.expected["ticker"]["indices"] and page.expected["article"]["title"]
    plain = testing.generic_page(random.Random(3), title=False, byline=False)
    assert plain.shape == "generic/article" and plain.expected["article"]["title"] is None
    assert plain.expected["site"] == "generic"


def _full_document(expected: dict[str, Any]) -> dict[str, Any]:
    document = {**SKELETON, **expected}
    document.setdefault("site", "generic")
    return document


@pytest.mark.parametrize("page", SAMPLE, ids=lambda p: p.shape)
def test_expected_documents_are_well_formed(page: GeneratedPage) -> None:
    expected = page.expected
    assert ALWAYS <= set(expected) <= set(testing.EXPECTED_KEYS)
    article_schema = document_schema()["properties"]["article"]
    assert list(expected["article"]) == list(article_schema["properties"])
    assert set(expected["article"]) == set(article_schema["required"])
    validate(_full_document(expected))  # types, date patterns, ticker shape
    assert expected["kind"] in ("article", "listing", "unknown")
    assert isinstance(expected["truncated"], bool)
    if "tags" not in expected:
        assert page.shape == "nation/2013"
    if "site" in expected:
        site = page.shape.split("/")[0]
        assert expected["site"] == site
    if page.shape.startswith("generic/"):
        assert expected["site"] == "generic" and page.url is None
    assert page.url is None or page.url.startswith(("http://", "https://"))


@pytest.mark.parametrize("page", SAMPLE, ids=lambda p: p.shape)
def test_expected_documents_agree_with_the_page(page: GeneratedPage) -> None:
    text, expected, article = page.text, page.expected, page.expected["article"]
    assert "\r" not in text
    first = text.split("\n")[0]
    assert first.strip()
    prefix = re.match(r" date (\d{4}-\d{2}-\d{2}) ", first)
    assert expected["page_date"] == (prefix[1] if prefix else None)
    if expected["kind"] != "article":  # a gallery keeps its headline; nothing has paragraphs
        assert article["paragraphs"] == []
        assert article["title"] is None or page.shape == "dawn/amp-gallery"
        assert not expected["truncated"] and expected["related"] == []
    else:
        assert article["paragraphs"], "an article has a body"
    paragraphs = article["paragraphs"]
    assert expected["truncated"] == bool(paragraphs and not testing.ends_sentence(paragraphs[-1]))
    for number, paragraph in enumerate(paragraphs):
        assert paragraph == paragraph.strip() and paragraph
        assert paragraph[:30] in text, (number, paragraph)
    for heading in article["subheadings"]:
        assert 0 <= heading["before"] <= len(paragraphs)
        assert heading["text"] in text
    for value in (article["title"], article["byline"], article["dateline"],
                  *article["subtitle"], *(r["title"] for r in expected["related"])):
        assert value is None or (value == value.strip() and value in text)
    tags = expected.get("tags", [])
    assert len(set(tags)) == len(tags)
    if tags:
        assert " ".join(tags) in text
    ticker = expected["ticker"]
    lines = text.split("\n")
    lines[0] = lines[0][len(prefix[0]):] if prefix else lines[0]
    quote_lines = sum(1 for line in lines if QUOTE_LINE.fullmatch(line))
    if ticker is None:
        assert quote_lines == 0
    else:
        assert page.shape.startswith("brecorder/")
        assert quote_lines == len(ticker["quotes"]) + len(ticker["indices"])
        for quote in ticker["quotes"]:
            assert quote["direction"] == ("unchanged" if quote["change"] == 0 else
                                          "up" if quote["change"] > 0 else "down")


def test_shapes_show_their_variants() -> None:
    """Across a corpus, the optional parts do turn up (a guard against dead branches)."""
    got = list(corpus(40 * len(SHAPES), seed=2))
    of = {shape: [p for p in got if p.shape == shape] for shape in SHAPES}
    assert all(p.expected["truncated"] for p in of["brecorder/truncated"])
    assert any(p.expected["truncated"] for p in of["dawn/web"] + of["thenews/print"])
    assert any(p.url for p in of["dawn/web"]) and not all(p.url for p in of["dawn/web"])
    assert 0.2 < sum(p.expected["page_date"] is not None for p in got) / len(got) < 0.45
    br = of["brecorder/article"]
    assert any(p.expected["article"]["subheadings"] for p in br)
    assert any(p.expected["article"]["subtitle"] for p in br)
    assert any(p.expected["related"] for p in br)
    assert any(p.expected["article"]["print_date"] for p in br)
    assert any(p.expected["ticker"] and not p.expected["ticker"]["indices"] for p in br)
    assert any(p.expected["article"]["updated"] for p in br)
    assert any(p.expected["site"] == "dawn" for p in of["dawn/print-mirror"])
    assert any(p.expected["article"]["subheadings"] for p in of["generic/bbc"])
    assert any(p.expected["related"] for p in of["arynews/article"])
    assert any(p.expected["tags"] for p in of["nation/current"])
    assert all(p.expected["article"]["published"].endswith(("-04:00", "-05:00"))
               for p in of["generic/ap"])
    assert all(p.expected["kind"] == "listing" for p in of["brecorder/listing-print-day"])
    assert all(p.expected["kind"] == "unknown" for p in of["brecorder/urdu"])


@settings(max_examples=25, deadline=None)
@given(pages())
def test_pages_strategy_draws_generated_pages(page: GeneratedPage) -> None:
    assert isinstance(page, GeneratedPage) and page.shape in SHAPES
    assert page.text.strip() and "\r" not in page.text


@settings(max_examples=10, deadline=None)
@given(pages(["dawn/web", "tribune/amp"]))
def test_pages_strategy_keeps_to_the_shapes_asked_for(page: GeneratedPage) -> None:
    assert page.shape in ("dawn/web", "tribune/amp")
