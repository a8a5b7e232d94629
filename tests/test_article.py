"""The article plugin: section line, title, byline and published time, dateline,
paragraphs and subheadings. Every page here is made up, in the shapes of ``formats.md``."""

from __future__ import annotations

import pytest

import pagenorm
from pagenorm.model import Article, Document

TITLE = "Cement makers raise prices for the third time this year"
FIRST = ("The country's largest cement makers raised prices by a fifth on Wednesday, "
         "blaming the cost of coal and power.")
SECOND = "Builders said the increase would slow work on housing schemes in the suburbs."
THIRD = "A dealers' association asked the competition regulator to look into the matter."


def page(*blocks: str) -> str:
    """Blocks separated by one blank line, as most pages are."""
    return "\n\n".join(blocks) + "\n"


def normalise(text: str, config: str | None = "default") -> Document:
    return pagenorm.normalise(text, config=config)


def article_of(text: str, config: str | None = "default") -> Article:
    return normalise(text, config).article


# --- section line and title ---


def test_section_line_title_byline_and_body_in_brecorder_order() -> None:
    text = page("Business & Finance", TITLE, "AFP Published 14 Feb, 2025 07:05pm",
                FIRST, SECOND)
    document = normalise(text, "brecorder")
    article = document.article
    assert article.section == "Business & Finance"
    assert article.title == TITLE
    assert article.byline == "AFP"
    assert article.paragraphs == (FIRST, SECOND)
    assert document.residual == ()
    assert [s.kind for s in document.sections] == ["section_line", "title", "byline", "body"]


def test_section_line_with_the_default_config() -> None:
    # the generic profile knows no section names: a short line above the title is not one
    assert article_of(page("Markets", TITLE, FIRST)).section is None


def test_title_right_after_the_ticker_strip_with_no_section_line() -> None:
    text = ("MEHR 1,250.00 Increased By ▲ 25.00 (2.04%)\n"
            + page(TITLE, "Staff Reporter Published 02 Jan, 2024 09:40am", FIRST))
    article = article_of(text, "brecorder")
    assert (article.section, article.title, article.byline) == (None, TITLE, "Staff Reporter")


def test_title_without_a_byline_is_the_line_above_the_first_paragraph() -> None:
    article = article_of(page(TITLE, FIRST, SECOND))
    assert article.title == TITLE
    assert article.byline is None and article.published is None


def test_page_that_starts_with_its_body_has_no_title() -> None:
    document = normalise(page(FIRST, SECOND, THIRD))
    assert document.article.title is None
    assert document.article.paragraphs == (FIRST, SECOND, THIRD)
    assert not any(s.kind == "title" for s in document.sections)


def test_page_that_starts_with_its_body_on_single_line_breaks_has_no_title() -> None:
    article = article_of(f"{FIRST}\n{SECOND}\n{THIRD}\n")
    assert article.title is None
    assert article.paragraphs == (FIRST, SECOND, THIRD)


# --- byline and published ---


def test_byline_with_time_in_brecorder_zone() -> None:
    article = article_of(page(TITLE, "AFP Published 14 Feb, 2025 07:05pm", FIRST), "brecorder")
    assert article.byline == "AFP"
    assert article.published == "2025-02-14T19:05:00+05:00"


def test_byline_time_under_default_config_is_in_the_crawls_home_zone() -> None:
    article = article_of(page(TITLE, "AFP Published 14 Feb, 2025 07:05pm", FIRST), "default")
    assert article.byline == "AFP"
    assert article.published == "2025-02-14T19:05:00+05:00"


def test_a_profile_without_a_zone_writes_no_offset(tmp_path) -> None:
    config = tmp_path / "nozone.yaml"
    config.write_text("extends: default\nsite: {name: nozone, timezone: null}\n")
    article = article_of(page(TITLE, "AFP Published 14 Feb, 2025 07:05pm", FIRST), str(config))
    assert article.published == "2025-02-14T19:05:00"


def test_byline_with_several_words_and_a_full_month_name() -> None:
    line = "Recorder Report Published September 9, 2024 11:30am"
    article = article_of(page(TITLE, line, FIRST), "brecorder")
    assert article.byline == "Recorder Report"
    assert article.published == "2024-09-09T11:30:00+05:00"


def test_byline_with_only_a_date_gives_a_bare_date() -> None:
    article = article_of(page(TITLE, "Staff Reporter Published 07 Oct, 2021", FIRST),
                         "brecorder")
    assert article.byline == "Staff Reporter"
    assert article.published == "2021-10-07"


def test_published_line_without_a_name_gives_no_byline() -> None:
    article = article_of(page(TITLE, "Published 05 Jan, 2020 11:00am", FIRST), "brecorder")
    assert article.byline is None
    assert article.published == "2020-01-05T11:00:00+05:00"


@pytest.mark.parametrize(
    ("line", "byline", "published"),
    [
        ("Staff Reporter 11 Aug 2021", "Staff Reporter", "2021-08-11"),
        ("22 Oct 2021", None, "2021-10-22"),
    ],
)
def test_date_only_bylines_of_2021_pages(line: str, byline: str | None, published: str) -> None:
    document = normalise(page("Pakistan", TITLE, line, FIRST), "brecorder")
    article = document.article
    assert (article.section, article.title) == ("Pakistan", TITLE)
    assert (article.byline, article.published) == (byline, published)
    assert document.residual == ()


def test_a_time_shown_only_after_updated_is_not_the_published_time() -> None:
    line = "BR Web Desk Published March 2, 2024 Updated March 2, 2024 04:15pm"
    article = article_of(page(TITLE, line, FIRST), "brecorder")
    assert article.byline == "BR Web Desk"
    assert article.published == "2024-03-02"


def test_published_time_wins_over_updated_time() -> None:
    line = "AFP Published 02 Mar, 2024 08:00am Updated 02 Mar, 2024 04:15pm"
    article = article_of(page(TITLE, line, FIRST), "brecorder")
    assert article.published == "2024-03-02T08:00:00+05:00"


def test_by_prefix_is_dropped_from_the_byline() -> None:
    article = article_of(page(TITLE, "By Sara Malik", FIRST))
    assert article.byline == "Sara Malik"
    assert article.published is None


def test_by_line_with_two_names() -> None:
    assert article_of(page(TITLE, "By Sara Malik and Omar Qureshi", FIRST)).byline == (
        "Sara Malik and Omar Qureshi")


# --- datelines ---


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("KARACHI: ", "KARACHI"),
        ("KARACHI, May 9 (Reuters) - ", "KARACHI"),
        ("LAHORE (Dunya News/Web Desk) – ", "LAHORE"),
        ("ISLAMABAD  -  ", "ISLAMABAD"),
        ("KARACHI-", "KARACHI"),
        ("CAIRO/KHAN YOUNIS: ", "CAIRO/KHAN YOUNIS"),
        ("imageNEW YORK: ", "NEW YORK"),
        ("QUETTA, Pakistan (AP) — ", "QUETTA"),
        ("LAHORE:", "LAHORE"),  # no space after the colon
        ("OCCUPIED JERUSALEM: ", "OCCUPIED JERUSALEM"),
    ],
)
def test_dateline_gives_the_place_and_the_paragraph_without_it(opening: str,
                                                                place: str) -> None:
    article = article_of(page(TITLE, opening + FIRST, SECOND))
    assert article.dateline == place
    assert article.paragraphs == (FIRST, SECOND)


@pytest.mark.parametrize(
    "first",
    [
        "PTI-led coalition partners said on Monday they would back the budget next week.",
        "COVID-19 cases fell for a third week in the city, health officials said on Friday.",
        "IMF-backed reforms will be discussed when the lenders arrive in the capital.",
        "The KARACHI office of the regulator said on Monday it would review prices.",
    ],
)
def test_paragraph_that_only_starts_with_capitals_keeps_its_text(first: str) -> None:
    article = article_of(page(TITLE, first, SECOND))
    assert article.dateline is None
    assert article.paragraphs == (first, SECOND)


def test_dateline_is_read_only_from_the_first_paragraph() -> None:
    second = "LAHORE: Builders in the eastern city said they had stopped buying for now."
    article = article_of(page(TITLE, FIRST, second))
    assert article.dateline is None
    assert article.paragraphs == (FIRST, second)


# --- paragraphs and subheadings ---


def test_paragraphs_keep_their_order() -> None:
    assert article_of(page(TITLE, THIRD, FIRST, SECOND)).paragraphs == (THIRD, FIRST, SECOND)


def test_paragraphs_separated_by_single_line_breaks() -> None:
    article = article_of(f"{TITLE}\n{FIRST}\n{SECOND}\n{THIRD}\n")
    assert article.title == TITLE
    assert article.paragraphs == (FIRST, SECOND, THIRD)


def test_subheading_between_paragraphs_is_not_a_paragraph() -> None:
    document = normalise(page(TITLE, FIRST, "Prices", SECOND, "Next steps", THIRD))
    assert document.article.paragraphs == (FIRST, SECOND, THIRD)
    subheadings = [(s.first, s.plugin) for s in document.sections if s.kind == "subheading"]
    assert subheadings == [(4, "article"), (8, "article")]
    assert document.residual == ()


def test_long_unpunctuated_line_is_still_a_paragraph() -> None:
    cut = ("Dealers in the northern districts said the new price list had reached them late "
           "on Tuesday evening and that most of them had not yet decided whether to pass the "
           "full increase on to the builders who")  # cut mid-sentence, no full stop
    assert article_of(page(TITLE, FIRST, cut)).paragraphs == (FIRST, cut)
