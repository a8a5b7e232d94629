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


def _scored(document: pagenorm.Document, page: GeneratedPage) -> dict[str, object]:
    """The document's values for the keys the generator scores (those of ``page.expected``,
    a partial ``pagenorm/1`` document)."""
    produced = document.to_dict()
    return {key: produced[key] for key in page.expected}


@pytest.mark.parametrize("name", sorted(generate.example_pages()))
def test_example_page_gives_the_generators_fields(name: str) -> None:
    page = generate.example_pages()[name]
    document = pagenorm.normalise(page.text)
    assert _scored(document, page) == page.expected
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
    assert _scored(document, page) == page.expected
    assert document.residual == ()


@pytest.mark.parametrize("seed", range(30))
def test_generated_generic_pages_round_trip(seed: int) -> None:
    page = generic_page(random.Random(seed), title=seed % 3 != 0, byline=seed % 2 == 0)
    assert _scored(pagenorm.normalise(page.text), page) == page.expected
