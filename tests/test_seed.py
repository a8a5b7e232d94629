"""The seed page, end to end with no flags: the acceptance check of the foundation.

Expected texts are read from the seed file itself (line numbers below), so no sentence
of the real page is copied into the repo.
"""

from __future__ import annotations

import pagenorm
from tests.conftest import validate

TITLE_LINE, RELATED_LINE = 36, 48


def test_seed_page_comes_out_as_one_correct_document(seed_text: str) -> None:
    document = pagenorm.normalise(seed_text)
    lines = seed_text.split("\n")
    assert document.site == "brecorder"
    assert document.page_date == "2025-04-28"
    assert document.ticker is not None
    assert len(document.ticker.quotes) == 30
    assert len(document.ticker.indices) == 4
    article = document.article
    assert article.section == "World"
    assert article.title == lines[TITLE_LINE]
    assert article.byline == "AFP"
    assert article.published == "2025-04-28T12:46:00+05:00"
    assert article.dateline == "MOSCOW"
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("President Vladimir Putin")
    assert [r.title for r in document.related] == [lines[RELATED_LINE]]
    assert list(document.tags) == ["Vladimir Putin", "Russia", "Kim Jong Un", "Ukraine",
                                   "Kursk region"]
    assert document.residual == ()
    assert document.diagnostics == ()
    validate(document.to_dict())


def test_seed_ticker_values_are_exact(seed_text: str) -> None:
    ticker = pagenorm.normalise(seed_text).ticker
    assert ticker is not None
    first, unchanged = ticker.quotes[0], ticker.quotes[28]
    assert (first.symbol, first.price, first.change, first.change_pct, first.direction) == (
        "AIRLINK", 165.10, -1.84, -1.1, "down")
    assert (unchanged.symbol, unchanged.change, unchanged.direction) == ("WTL", 0.0, "unchanged")
    kse = ticker.indices[2]
    assert (kse.symbol, kse.value, kse.change, kse.change_pct, kse.direction) == (
        "KSE100", 115379.0, -89.9, -0.08, "down")
    symbols = [q.symbol for q in ticker.quotes]
    assert len(set(symbols)) == 30 and symbols == sorted(symbols)


def test_seed_sections_cover_the_page_in_order(seed_text: str) -> None:
    document = pagenorm.normalise(seed_text)
    kinds = [(s.kind, s.first, s.last) for s in document.sections]
    assert kinds == [
        ("ticker", 0, 33), ("section_line", 34, 34), ("title", 36, 36), ("byline", 38, 38),
        ("body", 40, 46), ("related", 48, 48), ("body", 50, 52), ("tags", 54, 54),
    ]


def test_seed_page_with_explicit_configs(seed_text: str) -> None:
    """Naming the profile gives the same document; the generic one reads it too."""
    assert pagenorm.normalise(seed_text, config="brecorder") == pagenorm.normalise(seed_text)
    generic = pagenorm.normalise(seed_text, config="default")
    assert generic.site == "generic"
    assert generic.article.published == "2025-04-28T12:46:00+05:00"
