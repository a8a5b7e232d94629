"""Small made-up pages in the shapes formats.md describes, one per site shape, each read
the way the field contract says (docs/output.md)."""

from __future__ import annotations

import pytest

import pagenorm


def read(text: str, config: str | None = None) -> pagenorm.Document:
    return pagenorm.normalise(text.lstrip("\n"), config=config)


THE_NEWS = """
close
Monday March 11, 2024
National
By Sara Malik
July 8, 2019
Traders protest new market timings in the old city
KARACHI: Shopkeepers in the old city on Sunday staged a protest against the new market timings.
They said the early closing hours would hurt business during the wedding season.
PESHAWAR: The provincial health department on Friday launched a drive against...
LAHORE: The city traffic police have announced new routes for the weekend...
Download our app for the latest news Got it!
"""


def test_the_news_date_strip_is_not_published_and_teasers_are_not_paragraphs() -> None:
    document = read(THE_NEWS)
    article = document.article
    assert document.site == "thenews"
    assert (article.section, article.byline, article.published) == (
        "National", "Sara Malik", "2019-07-08")
    assert article.title == "Traders protest new market timings in the old city"
    assert article.dateline == "KARACHI"
    assert len(article.paragraphs) == 2
    assert [s.kind for s in document.sections].count("teaser") == 2
    assert document.residual == ()


TRIBUNE = """
Farmers count losses after hailstorm flattens wheat crop
Growers in three districts say the storm came days before the harvest.
A farmer walks through a flattened field near the canal on Tuesday.
LAHORE:
Farmers in central Punjab were assessing damage on Tuesday after a hailstorm hit crops.
Officials said a survey team would visit the affected villages this week.
"""


def test_tribune_standfirst_is_the_subtitle_and_the_dateline_stands_alone() -> None:
    article = read(TRIBUNE).article
    assert article.title.startswith("Farmers count losses")
    assert article.subtitle == ("Growers in three districts say the storm came days before "
                                "the harvest.",)
    assert article.dateline == "LAHORE"
    assert article.paragraphs[0].startswith("Farmers in central Punjab")
    assert len(article.paragraphs) == 2


REUTERS = """
Business Markets World Politics TV More
May 9, 2017 / 9:15 AM / in 3 hours
Pakistan central bank holds key rate steady
2 Min Read
KARACHI, May 9 (Reuters) - The central bank kept its main policy rate unchanged on Tuesday.
The bank said it expected growth to pick up in the second half of the year.
(Reporting by Omar Khan; editing by Jane Doe)
"""


def test_agency_page_menu_date_line_read_time_and_credit() -> None:
    document = read(REUTERS)
    article = document.article
    assert article.title == "Pakistan central bank holds key rate steady"
    assert article.published == "2017-05-09T09:15:00+05:00"
    assert article.dateline == "KARACHI"
    assert len(article.paragraphs) == 2
    assert {"navigation", "boilerplate", "credit"} <= {s.kind for s in document.sections}


DAWN_WEB = """
DAWN.COM Logo
Court adjourns hearing in land allotment case
AFP Published March 3, 2021 - Updated March 3, 2021 11:05am

HYDERABAD: The sessions court on Wednesday adjourned the hearing of the case till next week.

Lawyers for the petitioners said they needed more time to file documents.
"""


def test_dawn_time_belongs_to_updated() -> None:
    document = read(DAWN_WEB)
    article = document.article
    assert document.site == "dawn"
    assert (article.byline, article.published, article.updated) == (
        "AFP", "2021-03-03", "2021-03-03T11:05:00+05:00")
    assert article.dateline == "HYDERABAD"


DAWN_PRINT = """
KARACHI: The city government on Friday said it would repair the main water line this month.
Officials said the work had been delayed by a shortage of pipes.
Published in Dawn, August 22th, 2019
Follow Dawn Business on Facebook for insights on business, finance and tech.
Opinion
A long road to reform
Updated 04 Feb, 2023

A long road to reform

The reform agenda has stalled again, and the reasons are familiar.
"""


def test_dawn_print_mirror_body_first_and_sidebar_is_furniture() -> None:
    document = read(DAWN_PRINT)
    article = document.article
    assert (article.title, article.published, article.dateline) == (None, "2019-08-22",
                                                                    "KARACHI")
    assert len(article.paragraphs) == 2
    assert document.sections[-1].kind == "sidebar"


AP = """
Quake shakes remote valley, no damage reported
Nov. 03, 2023 16:05 PM EDT
QUETTA, Pakistan (AP) — A moderate earthquake shook a remote valley on Friday, officials said.
There were no immediate reports of damage or injuries.
"""


def test_a_printed_zone_wins() -> None:
    article = read(AP).article
    assert article.published == "2023-11-03T16:05:00-04:00"
    assert article.dateline == "QUETTA"


ARAB_NEWS = """
Ministers agree to speed up port talks
Short Url
Updated 14 Mar 2023
Ministers agree to speed up port talks
  • Talks to resume next month
  • Both sides hope for a deal by summer
ISLAMABAD: Ministers from both countries agreed on Monday to speed up talks on a port deal.
The talks have been under way for two years.
arab.news/x7k2p
"""


def test_title_printed_twice_bullets_and_a_lone_updated_line() -> None:
    article = read(ARAB_NEWS).article
    assert article.title == "Ministers agree to speed up port talks"
    assert article.subtitle == ("Talks to resume next month",
                                "Both sides hope for a deal by summer")
    assert (article.published, article.updated) == (None, "2023-03-14")
    assert len(article.paragraphs) == 2


BBC = """
Flood warnings issued for river towns
- Published
Heavy rain is expected to continue through the week, forecasters have said.
Residents in low-lying areas have been told to prepare.
What happens next?
Emergency teams have been placed on standby in four districts.
"""


def test_question_subheads_are_subheadings() -> None:
    article = read(BBC).article
    assert article.subheadings == (pagenorm.model.Subheading("What happens next?", 2),)
    assert len(article.paragraphs) == 3


OLD_PRINT = """
Markets Print 2020-05-12
Cotton prices steady in thin trade
The cotton market remained steady on Monday amid thin trading as buyers stayed
Recorder Report Published 12 May, 2020 12:00am
KARACHI: The cotton market remained steady on Monday amid thin trading as buyers waited.
The spot rate was unchanged at Rs 9,000 per maund.
"""


def test_old_print_page_teaser_is_neither_title_nor_paragraph() -> None:
    document = read(OLD_PRINT, "brecorder")
    article = document.article
    assert (article.section, article.print_date) == ("Markets", "2020-05-12")
    assert article.title == "Cotton prices steady in thin trade"
    assert "teaser" in {s.kind for s in document.sections}
    assert len(article.paragraphs) == 2


OLD_LAYOUT = """
Friday, October 3rd, 2025
Home »Top Stories » Index keeps climbing
KARACHI: The benchmark index rose for a fifth straight session on Thursday as buying continued.
Traders said the rally was led by banks and energy shares.
"""


def test_old_layout_title_from_the_breadcrumb_and_no_published_from_the_strip() -> None:
    article = read(OLD_LAYOUT, "brecorder").article
    assert (article.title, article.published) == ("Index keeps climbing", None)


LISTING = """
Editorials
2024-06-05-02-33
Fixing the power sector
Editorials
Fixing the power sector
EDITORIAL: The power sector's debt keeps growing and the plan changes. Updated 05 Jun, 2024 07:30am
2024-06-04-02-10
A budget for growth
Editorials
A budget for growth
EDITORIAL: The coming budget must choose between relief and reform. Updated 04 Jun, 2024 07:30am
"""


def test_a_listing_is_no_article() -> None:
    document = read(LISTING, "brecorder")
    assert document.kind == "listing"
    assert document.article == pagenorm.model.Article()


URDU = """
کراچی میں بارش کے بعد سڑکیں زیر آب آ گئیں
۔
شہر کے کئی علاقوں میں بارش کا پانی کھڑا ہے اور ٹریفک کی روانی متاثر ہوئی ہے۔
Comments
200 حروف
"""


def test_an_urdu_page_is_unknown_and_kept() -> None:
    document = read(URDU, "brecorder")
    assert document.kind == "unknown" and document.article.title is None
    assert len(document.residual) == 2


@pytest.mark.parametrize("text", [THE_NEWS, TRIBUNE, REUTERS, DAWN_WEB, DAWN_PRINT, AP,
                                  ARAB_NEWS, BBC, OLD_PRINT, OLD_LAYOUT, LISTING, URDU])
def test_every_line_is_kept_once(text: str) -> None:
    document = read(text)
    covered = [n for s in document.sections for n in range(s.first, s.last + 1)]
    lines = text.lstrip("\n").split("\n")
    non_blank = {n for n, t in enumerate(lines) if t.strip()}
    residual = [r.line for r in document.residual]
    assert sorted(set(covered) & non_blank | set(residual)) == sorted(non_blank)
    assert len(covered) == len(set(covered)) and not set(covered) & set(residual)
