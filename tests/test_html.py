"""HTML in (issue 13): .html files and WARC responses of HTML become the plain-text shape of
crawled pages, and their markup's facts are weighed against the lines. Every page is made up
by the generator (``pagenorm.quality.generator.html``)."""

from __future__ import annotations

import functools
import gzip
import random
from pathlib import Path
from typing import Any

import attrs
import pytest

from pagenorm.api import Normaliser
from pagenorm.batch.inputs import Record, iter_records, record_page
from pagenorm.cli import main
from pagenorm.config import InputPolicy
from pagenorm.markup import CLEAR
from pagenorm.model import BylineData, Document, Source
from pagenorm.quality.generator import SHAPES, GeneratedPage, corpus, generate
from pagenorm.quality.generator.html import Facts, page_facts, render_html, write_html_warc
from tests.conftest import convert_batch, validate

SCORED = ("title", "byline", "published", "updated", "dateline", "paragraphs", "subtitle")
SITES = ("brecorder/article", "dawn/web", "tribune/amp", "thenews/full", "nation/current",
         "generic/reuters", "generic/article", "generic/bbc")


def convert(tmp_path: Path, *inputs: str, flags: tuple[str, ...] = ()
            ) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    return convert_batch(tmp_path, *inputs, flags=flags)


@functools.cache
def normaliser() -> Normaliser:
    return Normaliser()


def html_document(page: GeneratedPage, facts: Facts | None = None) -> Document:
    record = Record(id="p", source=Source(url=page.url), data=render_html(page, facts).encode(),
                    html=True)
    return normaliser().normalise_page(record_page(record, InputPolicy()))


def text_document(page: GeneratedPage) -> Document:
    return normaliser().normalise(page.text, source=Source(url=page.url))


def codes(document: Document | dict[str, Any]) -> list[str]:
    found = document["diagnostics"] if isinstance(document, dict) else [
        attrs.asdict(d) for d in document.diagnostics]
    return [d["code"] for d in found]


# --- the pipeline reads HTML as it reads text ---


def test_a_warc_of_html_from_several_sites_reads_as_the_text_pages_do(tmp_path: Path) -> None:
    pages = list(corpus(2 * len(SITES), seed=13, shapes=SITES))
    warc = write_html_warc(tmp_path / "crawl.warc.gz", pages)
    status, documents, errors = convert(tmp_path, str(warc))
    assert status == 0 and errors == [] and len(documents) == len(pages)
    for page, document in zip(pages, documents, strict=True):
        validate(document)
        text = text_document(page).to_dict()
        assert document["kind"] == text["kind"], page.shape
        assert document["source"]["url"] == page_facts(page).url
        assert document["page_date"] in (text["page_date"], "2024-05-02")
        expected = page.expected.get("article", {})
        for field in SCORED:  # what the text reading got right, the HTML reading gets too
            if field in expected and text["article"][field] == expected[field]:
                assert document["article"][field] == expected[field], (page.shape, field)


def test_markup_that_agrees_with_the_text_says_nothing() -> None:
    page = generate("dawn/web", random.Random(5))
    document = html_document(page)
    text = text_document(page)
    assert document.article == text.article
    assert "markup.disagrees" not in codes(document)


def test_html_files_in_a_folder_are_pages_and_a_named_one_too(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    pages = list(corpus(3, seed=2, shapes=SITES))
    for number, page in enumerate(pages):
        (folder / f"{number}.html").write_text(render_html(page), encoding="utf-8")
    assert [item.id for item in iter_records([str(folder)])] == ["0.html", "1.html", "2.html"]
    assert all(item.html for item in iter_records([str(folder), str(folder / "0.html")]))
    status, documents, _ = convert(tmp_path, str(folder))
    assert status == 0 and len(documents) == 3
    assert documents[0]["article"]["paragraphs"] == pages[0].expected["article"]["paragraphs"]


def test_html_on_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    page = generate("generic/reuters", random.Random(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(render_html(page).encode())))
    status, documents, _ = convert(tmp_path, "-", flags=("--input-format", "html"))
    assert status == 0
    assert documents[0]["article"]["paragraphs"] == page.expected["article"]["paragraphs"]


def test_a_meta_charset_decodes_the_page() -> None:
    page = generate("generic/article", random.Random(1))
    markup = render_html(page).replace('charset="utf-8"', 'charset="windows-1252"')
    markup = markup.replace("</body>", "<p>Caf\u00e9 prices rose.</p></body>")
    record = Record(id="p", source=Source(), data=markup.encode("cp1252"), html=True)
    document = normaliser().normalise_page(record_page(record, InputPolicy()))
    assert any("Caf\u00e9" in line.text for line in document.residual) or any(
        "Caf\u00e9" in p for p in document.article.paragraphs)


# --- markup as evidence ---


def test_markup_beats_a_guessed_line_and_says_so() -> None:
    page = generate("generic/reuters", random.Random(8))
    facts = attrs.evolve(page_facts(page), title="Port board approves a new ferry timetable")
    document = html_document(page, facts)
    assert document.article.title == "Port board approves a new ferry timetable"
    title = next(s for s in document.sections if s.kind == "title")
    assert title.confidence < CLEAR  # a headline-like line is a guess
    taken = [d for d in document.diagnostics
             if d.code == "markup.field" and d.message.startswith("title")]
    assert [d.level for d in taken] == ["info"]


def test_markup_that_disagrees_with_a_clear_line_is_a_warning_and_the_line_stays() -> None:
    page, text = next((p, d) for p in corpus(40, seed=4, shapes=SITES)
                      if (d := text_document(p)).article.byline is not None
                      and _byline_section(d).confidence >= CLEAR)
    facts = attrs.evolve(page_facts(page), author="Someone Else Entirely")
    document = html_document(page, facts)
    assert document.article.byline == text.article.byline
    warning = next(d for d in document.diagnostics if d.code == "markup.disagrees")
    assert warning.level == "warning" and "byline" in warning.message
    assert "Someone Else Entirely" in warning.message
    section = _byline_section(text)
    assert warning.lines == (section.first, section.last)


def _byline_section(document: Document) -> Any:
    return next(s for s in document.sections
                if isinstance(s.data, BylineData) and s.data.name is not None)


def test_meta_tags_fill_what_the_text_lacks_and_the_document_records_it() -> None:
    page = generate("generic/article", random.Random(2))
    facts = Facts(title=None, author="Nadia Qureshi", published="2024-05-01T08:30:00Z",
                  modified="2024-05-02", keywords=(), url="https://generic.example/x",
                  json_ld=False)
    text = text_document(page)
    document = html_document(attrs.evolve(page, url=None), facts)
    if text.article.updated is None:
        assert document.article.updated == "2024-05-02"
    if text.article.published is None:
        assert document.article.published == "2024-05-01T08:30:00+00:00"
    assert document.source.url == "https://generic.example/x"
    messages = [d.message for d in document.diagnostics if d.code == "markup.field"]
    assert any(m.startswith("url from the page's markup") for m in messages)
    validate(document.to_dict())


def test_json_ld_keywords_are_the_tags_of_a_page_that_shows_none() -> None:
    page = next(p for p in corpus(20, seed=6, shapes=SITES) if not p.expected.get("tags"))
    facts = attrs.evolve(page_facts(page), keywords=("Shipping", "Ports"))
    document = html_document(page, facts)
    assert document.tags == ("Shipping", "Ports")
    assert any(d.message.startswith("tags from") for d in document.diagnostics)


def test_bad_json_ld_and_a_bad_date_are_warnings_not_failures() -> None:
    page = generate("generic/bbc", random.Random(1))
    markup = render_html(page, attrs.evolve(page_facts(page), published="last Tuesday"))
    markup = markup.replace("</head>", '<script type="application/ld+json">{oops</script></head>')
    record = Record(id="p", source=Source(), data=markup.encode(), html=True)
    document = normaliser().normalise_page(record_page(record, InputPolicy()))
    assert {"markup.bad_json_ld", "markup.bad_date"} <= set(codes(document))
    assert document.article.paragraphs == tuple(page.expected["article"]["paragraphs"])


def test_text_pages_carry_no_markup_and_say_nothing_of_it() -> None:
    page = generate("brecorder/article", random.Random(0))
    document = text_document(page)
    assert not any(code.startswith("markup.") for code in codes(document))


# --- bad input ---


def test_a_truncated_warc_of_html_gives_its_pages_then_one_error(tmp_path: Path) -> None:
    pages = list(corpus(3, seed=1, shapes=SITES))
    whole = write_html_warc(tmp_path / "whole.warc", pages).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: len(whole) - 200])
    status, documents, errors = convert(tmp_path, str(cut))
    assert status == 1 and len(documents) == 2
    assert [e["code"] for e in errors] == ["input.bad_warc"] and errors[0]["source"] == str(cut)


def test_a_corrupt_gzip_warc_is_one_error_naming_the_file(tmp_path: Path) -> None:
    pages = list(corpus(2, seed=1, shapes=SITES))
    data = write_html_warc(tmp_path / "w.warc.gz", pages).read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[:40] + b"\0" * 64 + data[104:])
    status, _, errors = convert(tmp_path, str(bad))
    assert status == 1 and errors and errors[-1]["source"] == str(bad)
    assert errors[-1]["code"] in ("input.bad_warc", "input.failed")


def test_a_response_that_claims_html_and_is_not_is_an_error_record(tmp_path: Path) -> None:
    pages = list(corpus(3, seed=9, shapes=SITES))
    fake = gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    warc = write_html_warc(tmp_path / "mixed.warc",
                           [pages[0], (pages[1], fake.decode("latin-1")), pages[2]])
    status, documents, errors = convert(tmp_path, str(warc))
    assert status == 1 and len(documents) == 2
    assert [e["code"] for e in errors] == ["page.not_html"]
    assert "claims to be HTML" in errors[0]["message"] and "\n" not in errors[0]["message"]


def test_a_named_html_file_without_markup_is_a_one_line_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "notes.html"
    page.write_text("just some words, no markup at all\n")
    assert main(["convert", str(page)]) == 1
    err = capsys.readouterr().err
    assert f"{page}: claims to be HTML but holds no markup" in err
    assert "Traceback" not in err


def test_markup_over_the_size_limit_is_an_error_record(tmp_path: Path) -> None:
    pages = list(corpus(2, seed=3, shapes=SITES))
    sizes = [len(render_html(page).encode()) for page in pages]
    big = render_html(pages[1]).replace("</body>", "<p>" + "word " * 1000 + "</p></body>")
    warc = write_html_warc(tmp_path / "big.warc", [pages[0], (pages[1], big)])
    limit = str(max(sizes) + 1000)
    status, documents, errors = convert(tmp_path, str(warc), flags=("--max-page-bytes", limit))
    assert status == 1 and len(documents) == 1
    assert [e["code"] for e in errors] == ["page.too_large"]
    assert errors[0]["source"].startswith(f"{warc}@")


def test_every_shape_renders_to_html_that_reads_back() -> None:
    for shape in SHAPES:
        page = generate(shape, random.Random(0))
        document = html_document(page)
        validate(document.to_dict())
        assert document.kind == text_document(page).kind, shape


def test_a_listing_keeps_its_empty_article_whatever_its_title_says() -> None:
    page = generate("generic/listing", random.Random(4))
    facts = attrs.evolve(page_facts(page), title="Business news", author="Desk",
                         keywords=("Markets",))
    document = html_document(page, facts)
    assert document.kind == "listing"
    assert document.article.title is None and document.article.byline is None
    assert document.tags == ()
    taken = [d.message for d in document.diagnostics if d.code == "markup.field"]
    assert all(message.startswith("url from") for message in taken)  # the url is the page's


def test_a_review_folder_inside_an_input_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.html").write_text(render_html(generate("dawn/web", random.Random(1))))
    status = main(["convert", "--quiet", str(folder), "-o", str(tmp_path / "out.jsonl"),
                   "--review", str(folder / "review")])
    assert status == 2
    err = capsys.readouterr().err
    assert "--review is inside the input folder" in err and "Traceback" not in err
    assert not (folder / "review").exists()


def test_the_same_pages_give_the_same_warc(tmp_path: Path) -> None:
    pages = list(corpus(4, seed=7, shapes=SITES))
    first = write_html_warc(tmp_path / "a.warc.gz", pages).read_bytes()
    assert write_html_warc(tmp_path / "b.warc.gz", iter(pages)).read_bytes() == first
    assert [item.id for item in iter_records([str(tmp_path / "a.warc.gz")])] == [
        item.id for item in iter_records([str(tmp_path / "b.warc.gz")])]
