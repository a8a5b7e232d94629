"""The example pages: generated text matches what the generator meant, and the stored
expected documents are what pagenorm writes today."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

import pagenorm
from pagenorm.testing import GeneratedPage, brecorder_page, generic_page
from tests.conftest import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))
import generate  # noqa: E402  (examples/generate.py)

FIELDS = ("page_date", "section", "title", "byline", "published", "dateline", "paragraphs",
          "tags", "related", "quotes", "indices")


def _fields(document: pagenorm.Document) -> dict[str, object]:
    article, ticker = document.article, document.ticker
    return {
        "page_date": document.page_date, "section": article.section, "title": article.title,
        "byline": article.byline, "published": article.published, "dateline": article.dateline,
        "paragraphs": article.paragraphs, "tags": document.tags,
        "related": tuple(r.title for r in document.related),
        "quotes": len(ticker.quotes) if ticker else 0,
        "indices": len(ticker.indices) if ticker else 0,
    }


def _expected(page: GeneratedPage) -> dict[str, object]:
    return {key: getattr(page.expected, key) for key in FIELDS}


@pytest.mark.parametrize("name", sorted(generate.example_pages()))
def test_example_page_gives_the_generators_fields(name: str) -> None:
    page = generate.example_pages()[name]
    document = pagenorm.normalise(page.text)
    assert _fields(document) == _expected(page)
    assert document.residual == ()
    assert document.diagnostics == ()


@pytest.mark.parametrize("name", sorted(generate.example_pages()))
def test_stored_files_are_up_to_date(name: str) -> None:
    page_file = EXAMPLES / "pages" / name
    expected_file = EXAMPLES / "expected" / (Path(name).stem + ".json")
    assert page_file.read_text("utf-8") == generate.example_pages()[name].text
    stored = expected_file.read_bytes()
    assert stored == generate.expected_json(name, page_file.read_text("utf-8")), (
        "run python examples/generate.py and review the diff")
    validate(json.loads(stored))


@pytest.mark.parametrize("seed", range(60))
def test_generated_brecorder_pages_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    page = brecorder_page(rng, ticker=seed % 3 != 0, related=seed % 2 == 0,
                          prefix=seed % 4 != 0)
    document = pagenorm.normalise(page.text, config="brecorder")
    assert _fields(document) == _expected(page)
    assert document.residual == ()


@pytest.mark.parametrize("seed", range(30))
def test_generated_generic_pages_round_trip(seed: int) -> None:
    page = generic_page(random.Random(seed), title=seed % 3 != 0, byline=seed % 2 == 0)
    assert _fields(pagenorm.normalise(page.text)) == _expected(page)
