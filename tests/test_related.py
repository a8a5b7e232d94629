"""The related plugin: headlines of other stories inside the body, bare or behind a
``Read more:``-style prefix. Every page here is made up, in the shapes of ``formats.md``."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagenorm
from pagenorm.model import Document

TITLE = "Wheat flour prices ease in city markets after new stocks arrive"
FIRST = ("Wheat flour prices fell by up to eight rupees a kilogram in the city's markets on "
         "Saturday as fresh stocks reached the mills.")
SECOND = "Traders said the price could fall further if the weather held over the coming weeks."
THIRD = "The food department said it would keep checking shops to stop hoarding."
OTHER = "Sugar mills told to clear dues of growers before the crushing season"


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def normalise(text: str, config: str | Path | None = "default") -> Document:
    return pagenorm.normalise(text, config=config)


def related_of(document: Document) -> list[str]:
    return [r.title for r in document.related]


def test_headline_between_paragraphs_is_related_not_a_paragraph() -> None:
    document = normalise(page(TITLE, FIRST, OTHER, SECOND))
    assert related_of(document) == [OTHER]
    assert document.article.paragraphs == (FIRST, SECOND)
    assert [(s.kind, s.plugin) for s in document.sections if s.first == 4] == [
        ("related", "related")]


def test_headline_between_paragraphs_on_single_line_breaks() -> None:
    document = normalise(f"{TITLE}\n{FIRST}\n{OTHER}\n{SECOND}\n")
    assert related_of(document) == [OTHER]
    assert document.article.paragraphs == (FIRST, SECOND)


@pytest.mark.parametrize("prefix", ["Read more: ", "Read More: ", "READ MORE: ", "Also read: "])
def test_read_more_line_gives_the_headline(prefix: str) -> None:
    document = normalise(page(TITLE, FIRST, prefix + OTHER, SECOND))
    assert related_of(document) == [OTHER]
    assert document.article.paragraphs == (FIRST, SECOND)


def test_read_more_line_after_the_last_paragraph_is_related() -> None:
    document = normalise(page(TITLE, FIRST, SECOND, "Read more: " + OTHER))
    assert related_of(document) == [OTHER]
    assert document.residual == ()


def test_several_related_headlines_keep_page_order() -> None:
    another = "Flour mills association calls off planned strike in the province"
    document = normalise(page(TITLE, FIRST, OTHER, SECOND, "Read more: " + another, THIRD))
    assert related_of(document) == [OTHER, another]
    assert document.article.paragraphs == (FIRST, SECOND, THIRD)


def test_short_subheading_is_not_related() -> None:
    document = normalise(page(TITLE, FIRST, "Fighting", SECOND))
    assert document.related == ()
    assert any(s.kind == "subheading" for s in document.sections)
    assert document.article.paragraphs == (FIRST, SECOND)


def test_headline_like_line_outside_the_body_is_not_related() -> None:
    # the title has no paragraph above it; a last line has none below it
    document = normalise(page(TITLE, FIRST, SECOND, OTHER))
    assert document.related == ()
    assert document.article.title == TITLE


def test_sentence_between_paragraphs_is_a_paragraph_not_related() -> None:
    sentence = "Mill owners welcomed the decision of the provincial food department."
    document = normalise(page(TITLE, FIRST, sentence, SECOND))
    assert document.related == ()
    assert document.article.paragraphs == (FIRST, sentence, SECOND)


def test_configured_prefix_from_a_config_file(tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    config.write_text('extends: default\nrelated:\n  prefixes: ["See also:", "ALSO SEE:"]\n',
                      encoding="utf-8")
    another = "Flour mills association calls off planned strike"
    text = page(TITLE, FIRST, SECOND, "See also: " + OTHER, "ALSO SEE:  " + another)
    document = normalise(text, config)
    assert related_of(document) == [OTHER, another]
    assert document.article.paragraphs == (FIRST, SECOND)
    assert document.residual == ()
    # the shipped default knows neither prefix: the lines are not related there
    assert normalise(text, "default").related == ()


def test_configured_prefixes_replace_the_default_list(tmp_path: Path) -> None:
    config = tmp_path / "site.yaml"
    config.write_text('extends: default\nrelated:\n  prefixes: ["See also:"]\n', encoding="utf-8")
    document = normalise(page(TITLE, FIRST, SECOND, "Read more: " + OTHER), config)
    assert document.related == ()
