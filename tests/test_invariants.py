"""Properties every normalised page keeps, on made-up pages built from the line shapes of
crawled news pages (ticker lines, headlines, bylines, prose, ``Read more:`` lines, tag
lines, blank lines, random text, stray ``\\r``, the crawler's date prefix), for the
automatic site choice and for the ``default`` and ``brecorder`` profiles:

(a) every non-blank line is in exactly one section span or in ``residual``, never both;
(b) section spans are ordered, disjoint and inside the page;
(c) the emitted JSON validates against the published schema;
(d) normalising the same text twice gives the same JSON bytes (also from a fresh Normaliser);
(e) no exception escapes normalising or emitting, in any registered format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pagenorm
from pagenorm.manager import default_host
from pagenorm.model import Document
from pagenorm.plugins.crawl_prefix import page_prefix
from pagenorm.quality.fuzzing import coverage_problems
from pagenorm.reading import split_lines
from tests.conftest import validate

CONFIGS = [None, "default", "brecorder"]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- line shapes ---

WORDS = ("harbour", "council", "copper", "ferry", "valley", "budget", "tariff", "market",
         "reading", "farmers", "rose", "fell", "said", "on", "the", "a", "of", "in", "and",
         "week", "shares", "index", "rain", "vote", "minister", "port", "district", "plan")
CAPITALISED = (*(w.capitalize() for w in WORDS), "Lakeside", "Portville", "Zeta Corp")

letters = st.text(st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=9)
word = st.one_of(st.sampled_from(WORDS), letters)
cap_word = st.one_of(st.sampled_from(CAPITALISED), letters.map(str.capitalize))


def _amount(draw, *, big: bool = False) -> str:
    whole = draw(st.integers(0, 999_999 if big else 999))
    text = f"{whole:,}" if big and draw(st.booleans()) else str(whole)
    decimals = draw(st.sampled_from(["", "0", "00", "05", "5", "99"]))
    return f"{text}.{decimals}" if decimals else text


@st.composite
def quote_line(draw) -> str:
    symbol = draw(st.from_regex(r"[A-Z][A-Z0-9]{1,11}", fullmatch=True))
    word_, arrow, sign = draw(st.sampled_from([
        ("Increased By", "▲", ""), ("Decreased By", "▼", "-"), ("No Change", "▼", ""),
        ("Increased By", "▼", "-"),  # inconsistent: a diagnostic, not a failure
    ]))
    arrow = arrow if draw(st.booleans()) else ""  # without an arrow it is an index
    parts = [symbol, _amount(draw, big=True), word_, arrow, f"{sign}{_amount(draw)}",
             f"({sign}{_amount(draw)}%)"]
    return draw(st.sampled_from([" ", " ", "  "])).join(part for part in parts if part)


@st.composite
def index_line(draw) -> str:
    name = draw(st.sampled_from(["KSE", "BR", "KMI", "ALLSHR", "IDX"]))
    number = draw(st.sampled_from(["", "30", "100"]))
    word_, sign = draw(st.sampled_from([("Increased By", ""), ("Decreased By", "-")]))
    return (f"{name}{number} {_amount(draw, big=True)} {word_} {sign}{_amount(draw)} "
            f"({sign}{_amount(draw)}%)")


@st.composite
def cut_ticker_line(draw) -> str:
    line = draw(st.one_of(quote_line(), index_line()))
    return line[: draw(st.integers(1, len(line) - 1))]


section_word = st.one_of(
    st.sampled_from(["World", "Markets", "Pakistan", "Business & Finance", "Sports", "Print"]),
    cap_word,
)
headline = st.lists(st.one_of(cap_word, word), min_size=2, max_size=14).map(" ".join)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@st.composite
def byline(draw) -> str:
    who = draw(st.sampled_from(["Staff Reporter", "AFP", "Reuters", "Sara Malik", "", "Web Desk"]))
    day = draw(st.integers(0, 32))
    month = draw(st.sampled_from(MONTHS))
    year = draw(st.integers(1990, 2030))
    hour, minute = draw(st.integers(0, 13)), draw(st.integers(0, 59))
    ampm = draw(st.sampled_from(["am", "pm", ""]))
    when = f"{day:02d} {month}, {year}"
    if draw(st.booleans()):
        when += f" {hour:02d}:{minute:02d}{ampm}"
        zone = draw(st.sampled_from(["", "", " UTC", " GMT", " Z", " +{:02d}{:02d}"]))
        when += zone.format(draw(st.integers(0, 14)), draw(st.sampled_from([0, 30, 45])))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"{who} Published {when}".strip()
    if shape == 4:
        return f"{who} Published {draw(st.text(min_size=1, max_size=25))}"
    if shape == 1:
        return f"{who} Published {when} Updated {day:02d} {month}, {year}".strip()
    if shape == 2:
        return f"By {draw(cap_word)} {draw(cap_word)}"
    return who or "Staff Reporter"


@st.composite
def prose(draw) -> str:
    words = draw(st.lists(word, min_size=3, max_size=40))
    sentence = " ".join([words[0].capitalize(), *words[1:]]) + "."
    if draw(st.integers(0, 5)) == 0:  # a dateline
        place = draw(st.sampled_from(["PORTVILLE", "LAKESIDE", "NORTH BAY", "HILL/TOWN"]))
        sentence = f"{place}{draw(st.sampled_from([': ', ' - ', ', May 9 (Wire) - ']))}{sentence}"
    return sentence


read_more = st.builds(
    lambda prefix, title: f"{prefix} {title}".rstrip(),
    st.sampled_from(["Read more:", "Read More:", "READ MORE:", "Also read:", "Read more"]),
    st.one_of(headline, st.just("")),
)
tag_line = st.lists(cap_word, min_size=2, max_size=8).map(" ".join)
blank = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u2028"])
random_text = st.text(max_size=60)


@st.composite
def with_cr(draw) -> str:
    left = draw(st.one_of(headline, prose(), quote_line()))
    right = draw(st.one_of(headline, blank, st.just("")))
    return f"{left}\r{right}"


LINE = st.one_of(
    quote_line(), index_line(), cut_ticker_line(), section_word, headline, byline(),
    prose(), read_more, tag_line, blank, random_text, with_cr(),
)


@st.composite
def pages(draw) -> str:
    """A made-up page: often a ticker strip on top, then lines of any shape."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += draw(st.lists(st.one_of(quote_line(), index_line()), min_size=1, max_size=6))
    lines += draw(st.lists(LINE, max_size=30))
    if draw(st.integers(0, 2)) == 0:  # a tag line last, often of words used above
        lines.append(draw(tag_line))
    if lines and draw(st.booleans()):
        day = draw(st.dates(date(2000, 1, 1), date(2030, 12, 31)))
        lines[0] = f" date {day.isoformat()} {lines[0]}"
    text = draw(st.sampled_from(["\n", "\n\n", "\r\n"])).join(lines)
    return text + draw(st.sampled_from(["", "\n", "\n\n\n"]))


# --- helpers ---

_FRESH: dict[str | None, pagenorm.Normaliser] = {}


def _fresh(config: str | None) -> pagenorm.Normaliser:
    """A Normaliser separate from the one ``pagenorm.normalise`` caches."""
    if config not in _FRESH:
        _FRESH[config] = pagenorm.Normaliser(config)
    return _FRESH[config]


def document_lines(text: str, document: Document) -> list[str]:
    """The page's lines as the pipeline sees them: line 0 without the crawler's prefix."""
    lines = list(split_lines(text))
    if lines:
        prefix = page_prefix(first_line=lines[0], site=None)
        if prefix is not None and 0 < prefix.length <= len(lines[0]):
            lines[0] = lines[0][prefix.length :]
            assert document.page_date == prefix.page_date
        else:
            assert document.page_date is None
    return lines


def check_page(text: str, config: str | None) -> None:
    document = pagenorm.normalise(text, config=config)  # (e): nothing may raise
    data = pagenorm.emit(document, "json")
    doc = json.loads(data)
    problems = coverage_problems(document_lines(text, document), doc)  # (a) and (b)
    assert not problems, problems
    validate(doc)  # (c)
    # (d) the same bytes again, from the cached and from a separate Normaliser
    assert pagenorm.emit(pagenorm.normalise(text, config=config), "json") == data
    assert pagenorm.emit(_fresh(config).normalise(text), "json") == data
    # (e) every registered format emits
    for name in default_host().formats():
        assert isinstance(pagenorm.emit(document, name), bytes)


# --- properties ---


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c or "auto")
@SETTINGS
@given(text=pages())
@example(text="")
@example(text=" date 2025-01-02 ")
@example(text=" date 2025-01-02 \n\nLone line")
@example(text="ABCD 12.34 Increased By ▲ 0.10 (0.82%)\r\rTwo Words Here\r")
def test_made_up_pages(config: str | None, text: str) -> None:
    check_page(text, config)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c or "auto")
@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text(config: str | None, text: str) -> None:
    check_page(text, config)


HASH_SEED_PAGE = """\
 date 2024-06-01 QRST 20.00 Increased By \u25b2 0.50 (2.56%)
IDX100 5,000 Decreased By -10.0 (-0.2%)
Markets

Dealers Weigh Harbour Plan Ahead Of Vote

By Sara Malik

PORTVILLE: Dealers said on Friday that the harbour plan would lift trade in the district.

Read more: Council sets date for harbour vote

Harbour Plan Dealers District
"""


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c or "auto")
def test_same_bytes_under_other_hash_seeds(config: str | None) -> None:
    """(d) across processes: nothing may depend on str hashing (set or dict order)."""
    expected = pagenorm.emit(pagenorm.normalise(HASH_SEED_PAGE, config=config), "json")
    code = ("import sys, pagenorm; sys.stdout.buffer.write(pagenorm.emit("
            f"pagenorm.normalise(sys.stdin.buffer.read().decode(), config={config!r}), 'json'))")
    for seed in ("0", "4242"):
        result = subprocess.run([sys.executable, "-c", code], input=HASH_SEED_PAGE.encode(),
                                capture_output=True, check=True,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.stdout == expected


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c or "auto")
@settings(max_examples=60, deadline=None)
@given(text=pages())
def test_built_in_plugins_do_not_fail(config: str | None, text: str) -> None:
    """Not one of (a)-(e), but a crash is worth knowing about: the pipeline turns it into a
    ``plugin.error`` diagnostic and drops all of that plugin's lines to residual."""
    document = pagenorm.normalise(text, config=config)
    errors = [d for d in document.diagnostics if d.code == "plugin.error"]
    assert not errors, errors


def test_out_of_range_offset_in_byline_does_not_fail_the_article() -> None:
    document = pagenorm.normalise("X Published 03 Mar, 2025 10:00 +2400\n\nA first line of "
                                  "the story that ends like a sentence.\n")
    assert not [d for d in document.diagnostics if d.code == "plugin.error"]
    assert document.article.paragraphs
