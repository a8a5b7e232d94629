"""Accuracy on generated pages, about 120 of every shape of ``pagenorm.testing``:

(a) no line is lost: every non-blank line of every page (line 0 after its crawl prefix) is in
    exactly one section span or in ``residual``;
(b) no page makes pagenorm raise;
(c) per shape and field, accuracy is at least the floor in ``accuracy_floor.json``, a ratchet
    ``{shape: {field: min_accuracy}}``. When plugins improve, raise it from a measurement:

        PAGENORM_UPDATE_FLOOR=1 pytest tests/test_accuracy.py

    which rewrites the file with every measured accuracy rounded down to two decimals, less
    0.02 of slack, and then checks against it.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

import pagenorm
from pagenorm import testing
from pagenorm.model import Document, Source
from pagenorm.plugins.crawl_prefix import page_prefix
from pagenorm.quality.evaluate import Report, score_generated
from pagenorm.quality.fuzzing import coverage_problems
from pagenorm.reading import split_lines

PAGES_PER_SHAPE = 120  # 4,320 pages: over a thousand per site for the larger profiles
SEED = 0
SLACK = 0.02
FLOOR_FILE = Path(__file__).with_name("accuracy_floor.json")
UPDATE = os.environ.get("PAGENORM_UPDATE_FLOOR") == "1"
SHAPES: dict[str, Any] = getattr(testing, "SHAPES", {})

pytestmark = pytest.mark.skipif(not SHAPES, reason="pagenorm.testing has no SHAPES yet")


class Recording:
    """A Normaliser that keeps every (page id, text, document) it makes."""

    def __init__(self) -> None:
        self.normaliser = pagenorm.Normaliser()
        self.documents: list[tuple[str, str, Document]] = []

    def normalise(self, text: str, *, id: str, source: Source) -> Document:
        document = self.normaliser.normalise(text, id=id, source=source)
        self.documents.append((id, text, document))
        return document


@pytest.fixture(scope="module")
def measured() -> tuple[Report, list[tuple[str, str, Document]]]:
    recording = Recording()
    report = score_generated(PAGES_PER_SHAPE * len(SHAPES), SEED, normaliser=recording)
    return report, recording.documents


def stored_floor() -> dict[str, dict[str, float]]:
    return json.loads(FLOOR_FILE.read_text("utf-8")) if FLOOR_FILE.is_file() else {}


def floor_of(report: Report) -> dict[str, dict[str, float]]:
    """Every shape's measured accuracies, rounded down to two decimals, less the slack."""
    return {
        shape: {field: max(0.0, round(math.floor(score.accuracy * 100 + 1e-9) / 100 - SLACK, 2))
                for field, score in report.scores(shape).items() if score.accuracy is not None}
        for shape in report.shapes()
    }


@pytest.fixture(scope="module")
def floor(measured) -> dict[str, dict[str, float]]:
    if UPDATE:
        FLOOR_FILE.write_text(json.dumps(floor_of(measured[0]), indent=2, sort_keys=True) + "\n",
                              encoding="utf-8")
    return stored_floor()


# --- (a) and (b) ---


def page_lines(text: str, document: Document) -> list[str]:
    """The page's lines as the document numbers them: a document with a ``page_date`` had
    the crawler's prefix cut off line 0."""
    lines = list(split_lines(text))
    if lines and document.page_date is not None:
        prefix = page_prefix(first_line=lines[0], site=None)
        assert prefix is not None and prefix.page_date == document.page_date, "page_date"
        lines[0] = lines[0][prefix.length :]
    return lines


def test_no_line_is_lost(measured) -> None:
    _, documents = measured
    assert documents
    lost = []
    for page_id, text, document in documents:
        problems = coverage_problems(page_lines(text, document), document.to_dict())
        if problems:
            lost.append(f"{page_id}: {problems[0]}")
    assert not lost, f"{len(lost)} pages lose or repeat lines:\n" + "\n".join(lost[:20])


def test_no_page_raises(measured) -> None:
    report, _ = measured
    assert not report.failed(), [(page.id, page.error) for page in report.failed()[:10]]


# --- (c) the ratchet ---


@pytest.mark.parametrize("shape", sorted(set(SHAPES) | set(stored_floor())))
def test_accuracy_is_at_least_the_floor(measured, floor, shape: str) -> None:
    report, _ = measured
    update = "PAGENORM_UPDATE_FLOOR=1 pytest tests/test_accuracy.py"
    assert shape in SHAPES, f"{FLOOR_FILE.name} has {shape!r}, which is no longer generated: " \
                            f"{update}"
    assert shape in floor, f"no floor for {shape!r} in {FLOOR_FILE.name}: {update}"
    scores = report.scores(shape)
    below = [
        f"{field}: {_measured(scores.get(field))} < floor {minimum:.2f}"
        for field, minimum in floor[shape].items()
        if field not in scores or scores[field].accuracy < minimum
    ]
    assert not below, f"{shape} is below its floor:\n" + "\n".join(below)


def _measured(score) -> str:
    return "not scored" if score is None else f"{score.accuracy:.3f}"
