"""The tags plugin: a last line of tag phrases run together by spaces, split by phrases
found in the page, then a configured ``known`` list, then capitalisation.

Apart from the seed page (read from ``../shared/seeds`` by the ``seed_text`` fixture),
every page here is made up, in the shapes of ``formats.md``."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagenorm
from pagenorm.model import Document
from pagenorm.plugins.tags import split_tags

TITLE = "Finance minister meets lenders over next year's budget"
BODY = """\
Finance minister Asad Rauf met officials of the Finance Ministry and the lenders in \
Islamabad on Tuesday to go over the budget for the coming year.

Asad Rauf said talks with the lenders would go on next week, according to a statement \
issued after the meeting in Islamabad.
"""


def page_with_tags(tag_line: str, body: str = BODY) -> str:
    return f"{TITLE}\n\n{body}\n{tag_line}\n"


def normalise(text: str, config: str | Path | None = "default") -> Document:
    return pagenorm.normalise(text, config=config)


def config_with_known(tmp_path: Path, *known: str) -> Path:
    config = tmp_path / "site.yaml"
    items = ", ".join(f'"{k}"' for k in known)
    config.write_text(f"extends: default\ntags:\n  known: [{items}]\n", encoding="utf-8")
    return config


# --- the seed page ---


def test_seed_page_tags(seed_text: str) -> None:
    assert list(normalise(seed_text, None).tags) == [
        "Vladimir Putin", "Russia", "Kim Jong Un", "Ukraine", "Kursk region"]


def test_seed_page_tags_with_each_shipped_config(seed_text: str) -> None:
    for config in ("default", "brecorder"):
        document = normalise(seed_text, config)
        assert len(document.tags) == 5
        assert [s.kind for s in document.sections][-1] == "tags"


# --- made-up pages ---


def test_phrases_found_in_the_body_are_preferred() -> None:
    document = normalise(page_with_tags("Asad Rauf Finance Ministry Islamabad"))
    assert list(document.tags) == ["Asad Rauf", "Finance Ministry", "Islamabad"]
    assert [(s.kind, s.plugin) for s in document.sections][-1] == ("tags", "tags")
    assert document.residual == ()


def test_tag_line_is_not_a_paragraph() -> None:
    document = normalise(page_with_tags("Asad Rauf Finance Ministry Islamabad"))
    assert len(document.article.paragraphs) == 2
    assert "Islamabad" not in document.article.paragraphs


def test_known_list_splits_a_phrase_not_in_the_body(tmp_path: Path) -> None:
    text = page_with_tags("Asad Rauf Islamabad Central Bank of Ruritania")
    document = normalise(text, config_with_known(tmp_path, "Central Bank of Ruritania"))
    assert list(document.tags) == ["Asad Rauf", "Islamabad", "Central Bank of Ruritania"]


def test_without_the_known_list_that_line_is_no_sure_tag_line() -> None:
    document = normalise(page_with_tags("Asad Rauf Islamabad Central Bank of Ruritania"))
    assert document.tags == ()
    assert [r.text for r in document.residual] == ["Asad Rauf Islamabad Central Bank of Ruritania"]


def test_capitalisation_fallback_lets_lower_case_words_continue_a_tag() -> None:
    document = normalise(page_with_tags("Asad Rauf Islamabad Provincial water board"))
    assert list(document.tags) == ["Asad Rauf", "Islamabad", "Provincial water board"]


def test_lower_case_word_found_in_the_body_does_not_become_a_tag() -> None:
    # "of" and "the" occur in the body, yet they continue tags rather than start them
    document = normalise(page_with_tags("Asad Rauf Finance Ministry Islamabad Lenders of the Year"))
    assert document.tags[:3] == ("Asad Rauf", "Finance Ministry", "Islamabad")
    assert all(not tag[:1].islower() for tag in document.tags)


def test_sentence_as_last_line_is_not_a_tag_line() -> None:
    document = normalise(page_with_tags("Asad Rauf met the lenders in Islamabad."))
    assert document.tags == ()
    assert not any(s.kind == "tags" for s in document.sections)


def test_page_without_phrases_from_its_body_has_no_tags() -> None:
    document = normalise(page_with_tags("Quarterly Review Northern Desk"))
    assert document.tags == ()


# --- split_tags on its own ---


def test_split_prefers_found_phrases_and_reports_full_share() -> None:
    tags, share = split_tags("Asad Rauf Finance Ministry Islamabad", BODY)
    assert tags == ["Asad Rauf", "Finance Ministry", "Islamabad"]
    assert share == 1.0


def test_split_prefers_the_longer_found_phrase() -> None:
    text = "The Finance Ministry said. Finance officials and the Ministry staff agreed."
    assert split_tags("Finance Ministry", text)[0] == ["Finance Ministry"]


def test_split_without_context_falls_back_to_capitalisation() -> None:
    tags, share = split_tags("Asad Rauf Finance Ministry Islamabad", "")
    assert tags == ["Asad", "Rauf", "Finance", "Ministry", "Islamabad"]
    assert share == 0.0


def test_split_uses_known_phrases() -> None:
    known = frozenset({"Central Bank of Ruritania"})
    tags, share = split_tags("Islamabad Central Bank of Ruritania", "Islamabad", known)
    assert tags == ["Islamabad", "Central Bank of Ruritania"]
    assert share == 1.0


def test_split_found_phrase_beats_a_known_phrase() -> None:
    known = frozenset({"Rauf Finance"})
    assert split_tags("Asad Rauf Finance Ministry", BODY, known)[0] == [
        "Asad Rauf", "Finance Ministry"]


def test_split_keeps_lower_case_words_with_the_tag_before_them() -> None:
    tags, _ = split_tags("Provincial water board Islamabad", "Islamabad")
    assert tags == ["Provincial water board", "Islamabad"]


def test_split_never_starts_a_tag_with_a_found_lower_case_word() -> None:
    tags, _ = split_tags("Central Bank of Ruritania", "officials of the bank")
    assert all(not tag[:1].islower() for tag in tags)


def test_split_matches_whole_words_only() -> None:
    tags, share = split_tags("Rauf Islam", "Asad Rauf in Islamabad")
    assert tags == ["Rauf", "Islam"]
    assert share == 0.5  # "Islam" is only part of "Islamabad"


def test_split_respects_max_words_per_phrase() -> None:
    line = "Pakistan Water and Power Development Authority"
    assert split_tags(line, line, max_words=6)[0] == [line]
    assert len(split_tags(line, line, max_words=3)[0]) > 1


def test_split_of_an_empty_line() -> None:
    assert split_tags("", BODY) == ([], 0.0)


@pytest.mark.parametrize("line", ["Islamabad", "Asad Rauf Islamabad", "Asad Rauf Lenders"])
def test_split_keeps_every_word_in_order(line: str) -> None:
    tags, _ = split_tags(line, BODY)
    assert " ".join(tags).split() == line.split()
