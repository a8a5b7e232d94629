"""What the plugin and its profile read from Harbour Herald pages: the site, the article
fields the built-in plugins fill by the profile's options, and the tide table as typed data
in a ``tide`` section, never as paragraphs. Nothing is lost on any page."""

from __future__ import annotations

import random

import pytest
from herald_pages import assert_no_line_lost, herald_page, page_text, tide_lines
from pagenorm_harbourherald import TideData, TideEntry

import pagenorm
from pagenorm import Document


def tide_sections(document: Document) -> list[pagenorm.model.Section]:
    return [s for s in document.sections if s.kind == "tide"]


def test_a_winter_page(normaliser: pagenorm.Normaliser) -> None:
    text = page_text("ferry-timetable.txt")
    document = normaliser.normalise(text)
    article = document.article
    assert document.site == "harbourherald"  # picked by its logo, footer and byline lines
    assert article.section == "Harbour Life"
    assert article.title == "Winter ferry timetable cut as storms close the outer pier"
    assert article.byline == "Morwenna Tregear"
    assert article.published == "2025-01-14T07:15:00+00:00"  # GMT
    assert article.dateline == "PORTHAVEN"
    assert len(article.paragraphs) == 3
    assert document.tags == ("Harbour Board", "Ferry Services", "Tide Watch")
    assert [r.title for r in document.related] == ["Lifeboat crew called out twice in one night"]
    [tide] = tide_sections(document)
    assert (tide.first, tide.last, tide.plugin) == (11, 15, "harbourherald")
    assert tide.data == TideData((
        TideEntry("high", "06:42", 4.1), TideEntry("low", "12:58", 0.9),
        TideEntry("high", "19:05", 4.3), TideEntry("low", "01:12", 1.0),
    ))
    # the logo and the footer are the profile's furniture: nothing is left over
    assert document.residual == ()
    assert {"navigation", "footer"} <= {s.kind for s in document.sections}
    assert document.diagnostics == ()
    assert_no_line_lost(document, text)


def test_a_summer_page_with_the_crawl_prefix(normaliser: pagenorm.Normaliser) -> None:
    text = page_text("regatta.txt")
    document = normaliser.normalise(text)
    assert document.site == "harbourherald"
    assert document.page_date == "2025-07-13"
    assert document.article.published == "2025-07-11T18:30:00+01:00"  # BST
    [tide] = tide_sections(document)
    assert tide.data.entries == (TideEntry("high", "10:21", 5.2),
                                 TideEntry("low", "16:37", -0.2))
    assert_no_line_lost(document, text)


def test_a_date_only_byline_and_a_box_with_blank_lines(normaliser: pagenorm.Normaliser) -> None:
    text = page_text("dredging.txt")
    document = normaliser.normalise(text)
    assert document.article.byline == "Tamsin Hocking"
    assert document.article.published == "2025-03-08"  # no time printed: no invented midnight
    [tide] = tide_sections(document)
    assert len(tide.data.entries) == 4
    # "the tide table" inside a sentence is prose, not a box
    assert document.article.paragraphs[1].startswith("Work will follow the tide table")
    assert_no_line_lost(document, text)


@pytest.mark.parametrize("name", ["ferry-timetable.txt", "regatta.txt", "dredging.txt"])
def test_tide_lines_never_become_paragraphs(normaliser: pagenorm.Normaliser, name: str) -> None:
    document = normaliser.normalise(page_text(name))
    [tide] = tide_sections(document)
    paragraphs = document.article.paragraphs
    assert not any(p.startswith(("Tide table", "High water", "Low water")) for p in paragraphs)
    assert document.article.subheadings == ()
    assert not any(tide.covers(r.line) for r in document.residual)


def test_the_json_lists_the_tide_section(normaliser: pagenorm.Normaliser) -> None:
    document = normaliser.normalise(page_text("regatta.txt"), id="regatta")
    [tide] = [s for s in document.to_dict()["sections"] if s["kind"] == "tide"]
    assert tide == {"kind": "tide", "plugin": "harbourherald", "lines": [11, 13],
                    "confidence": 0.95}


def test_the_json_carries_the_tide_table_under_extensions(
        normaliser: pagenorm.Normaliser) -> None:
    document = normaliser.normalise(page_text("regatta.txt"), id="regatta")
    [tide] = tide_sections(document)
    [written] = document.to_dict()["extensions"]["harbourherald"]
    assert written == {"kind": "tide", "lines": [11, 13], "data": {"entries": [
        {"kind": e.kind, "time": e.time, "height_m": e.height_m} for e in tide.data.entries]}}


@pytest.mark.parametrize("seed", range(40))
def test_generated_pages(normaliser: pagenorm.Normaliser, seed: int) -> None:
    rng = random.Random(seed)
    page = herald_page(rng, tide=seed % 7, blank_in_box=seed % 3 == 0, prefix=seed % 2 == 0,
                       with_time=seed % 5 != 0, related=seed % 4 != 0)
    document = normaliser.normalise(page.text)
    want, article = page.expected, document.article
    assert document.site == "harbourherald"
    assert (document.page_date, article.section, article.title, article.byline,
            article.published, article.dateline, article.paragraphs) == (
        want.page_date, want.section, want.title, want.byline, want.published, want.dateline,
        want.paragraphs)
    assert tuple(r.title for r in document.related) == want.related
    assert document.tags == want.tags
    tides = tide_sections(document)
    if len(want.tide) == 1:  # not a box: its lines stay the article's (subheadings, residual)
        assert tides == []
    else:
        assert [t.data for t in tides] == ([TideData(want.tide)] if want.tide else [])
        assert article.subheadings == ()
    assert_no_line_lost(document, page.text)


def test_a_box_that_does_not_alternate_is_kept_with_a_warning(
        normaliser: pagenorm.Normaliser) -> None:
    entries = (TideEntry("high", "06:42", 4.1), TideEntry("high", "12:58", 4.0))
    text = page_text("ferry-timetable.txt").replace(
        "\n".join(tide_lines((TideEntry("high", "06:42", 4.1), TideEntry("low", "12:58", 0.9),
                              TideEntry("high", "19:05", 4.3), TideEntry("low", "01:12", 1.0)))),
        "\n".join(tide_lines(entries)))
    document = normaliser.normalise(text)
    [tide] = tide_sections(document)
    assert tide.data.entries == entries
    [warning] = document.diagnostics
    assert (warning.level, warning.code, warning.lines) == (
        "warning", "harbourherald.tide_order", (11, 13))


def test_seven_entries_are_not_a_tide_table(normaliser: pagenorm.Normaliser) -> None:
    rng = random.Random(3)
    page = herald_page(rng, tide=0)
    box = tide_lines(tuple(TideEntry("high", f"0{n}:00", 4.0) for n in range(7)))
    text = page.text.replace("\n\n© The Harbour Herald", "\n\n" + "\n".join(box) +
                             "\n\n© The Harbour Herald")
    document = normaliser.normalise(text)
    assert tide_sections(document) == []
    assert_no_line_lost(document, text)
