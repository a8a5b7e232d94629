"""The ticker plugin (quote and index lines as numbers, one section per strip, the
consistency check) and the crawl_prefix plugin (`` date YYYY-MM-DD `` glued onto line 0).

Every page here is made up, in the shapes of ``formats.md``."""

from __future__ import annotations

import pytest

import pagenorm
from pagenorm.model import Document

# Percentages below are change / (price - change), rounded to two decimals as printed.
STRIP = """\
MEHR 1,250.00 Increased By ▲ 25.00 (2.04%)
SAFA 48.60 Decreased By ▼ -1.40 (-2.8%)
QADR 3.07 No Change ▼ 0.00 (0%)
ZETA 10.50 Increased By ▲ +0.50 (+5%)
KMI30 51,200 Increased By ▲ 512.00 (1.01%)
PK50 24,300 Increased By 240.0 (1%)
KSE100 100,850 Decreased By -1,150.5 (-1.13%)
"""

BODY = """\
Harbour traders said on Thursday that cargo volumes had picked up after a slow month.

The port authority expects the busy season to start earlier than usual this year.
"""


def normalise(text: str, config: str | None = "default") -> Document:
    return pagenorm.normalise(text, config=config)


def ticker_of(text: str, config: str | None = "default"):
    ticker = normalise(text, config).ticker
    assert ticker is not None
    return ticker


def inconsistencies(document: Document) -> list:
    return [d for d in document.diagnostics if d.code == "ticker.inconsistent"]


# --- quote and index lines as numbers ---


def test_quote_line_gives_symbol_price_change_percentage_and_direction() -> None:
    quote = ticker_of("SAFA 48.60 Decreased By ▼ -1.40 (-2.8%)\n").quotes[0]
    assert (quote.symbol, quote.price, quote.change, quote.change_pct, quote.direction) == (
        "SAFA", 48.60, -1.40, -2.8, "down")


def test_thousands_separators_are_read_as_one_number() -> None:
    ticker = ticker_of(STRIP)
    assert ticker.quotes[0].price == 1250.0
    kse = next(i for i in ticker.indices if i.symbol == "KSE100")
    assert (kse.value, kse.change, kse.change_pct) == (100850.0, -1150.5, -1.13)


def test_explicit_plus_and_minus_signs_are_kept_as_signs() -> None:
    quotes = {q.symbol: q for q in ticker_of(STRIP).quotes}
    assert (quotes["ZETA"].change, quotes["ZETA"].change_pct) == (0.5, 5.0)
    assert (quotes["SAFA"].change, quotes["SAFA"].change_pct) == (-1.4, -2.8)


def test_no_change_with_a_down_arrow_is_unchanged() -> None:
    quote = ticker_of("QADR 3.07 No Change ▼ 0.00 (0%)\n").quotes[0]
    assert (quote.change, quote.change_pct, quote.direction) == (0.0, 0.0, "unchanged")


def test_line_without_arrow_is_an_index() -> None:
    ticker = ticker_of("PK50 24,300 Increased By 240.0 (1%)\n")
    assert ticker.quotes == ()
    index = ticker.indices[0]
    assert (index.symbol, index.value, index.change, index.change_pct, index.direction) == (
        "PK50", 24300.0, 240.0, 1.0, "up")


def test_arrowed_index_line_is_an_index_with_index_symbols_of_brecorder() -> None:
    ticker = ticker_of("KMI30 51,200 Increased By ▲ 512.00 (1.01%)\n", "brecorder")
    assert ticker.quotes == ()
    assert [(i.symbol, i.value, i.direction) for i in ticker.indices] == [
        ("KMI30", 51200.0, "up")]


def test_arrowed_index_line_is_a_quote_without_index_symbols() -> None:
    ticker = ticker_of("KMI30 51,200 Increased By ▲ 512.00 (1.01%)\n", "default")
    assert ticker.indices == ()
    assert [(q.symbol, q.price) for q in ticker.quotes] == [("KMI30", 51200.0)]


def test_quotes_and_indices_keep_page_order() -> None:
    brecorder = ticker_of(STRIP, "brecorder")
    assert [q.symbol for q in brecorder.quotes] == ["MEHR", "SAFA", "QADR", "ZETA"]
    assert [i.symbol for i in brecorder.indices] == ["KMI30", "PK50", "KSE100"]
    default = ticker_of(STRIP, "default")
    assert [q.symbol for q in default.quotes] == ["MEHR", "SAFA", "QADR", "ZETA", "KMI30"]
    assert [i.symbol for i in default.indices] == ["PK50", "KSE100"]


# --- strips as sections ---


def test_strip_of_several_lines_is_one_section() -> None:
    document = normalise(STRIP + "\n" + BODY)
    tickers = [s for s in document.sections if s.kind == "ticker"]
    assert [(s.first, s.last, s.plugin) for s in tickers] == [(0, 6, "ticker")]
    assert len(document.ticker.quotes) + len(document.ticker.indices) == 7


def test_strip_printed_twice_with_a_blank_line_between_is_one_section() -> None:
    document = normalise(STRIP + "\n" + STRIP)
    tickers = [s for s in document.sections if s.kind == "ticker"]
    assert [(s.first, s.last) for s in tickers] == [(0, 14)]
    assert len(document.ticker.quotes) == 10


def test_lines_after_the_strip_are_not_ticker() -> None:
    document = normalise(STRIP + "\n" + BODY)
    assert document.article.paragraphs[0].startswith("Harbour traders said")
    assert document.residual == ()


@pytest.mark.parametrize("cut", ["NOORX 19.95 D", "NOORX 19.95", "NOORX 19.95 Increased By ▲ 0.4"])
def test_line_cut_mid_way_stays_residual(cut: str) -> None:
    document = normalise(STRIP + cut + "\n")
    assert [(r.line, r.text) for r in document.residual] == [(7, cut)]
    assert document.article.title is None
    assert [(s.kind, s.first, s.last) for s in document.sections] == [("ticker", 0, 6)]
    assert "NOORX" not in [q.symbol for q in document.ticker.quotes]


def test_headline_right_after_a_strip_is_not_taken_for_a_cut_line() -> None:
    document = normalise(STRIP + "PSX 100 Index ends week higher on fresh buying\n\n" + BODY)
    assert document.article.title == "PSX 100 Index ends week higher on fresh buying"
    assert document.residual == ()


# --- consistency check ---


def test_consistent_strip_gives_no_diagnostics() -> None:
    assert normalise(STRIP).diagnostics == ()
    assert normalise(STRIP, "brecorder").diagnostics == ()


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("ABCD 10.00 Increased By ▼ 0.10 (1.01%)", "arrow"),  # arrow says down
        ("ABCD 20.00 Increased By ▲ -0.20 (-0.99%)", "change"),  # sign says down
        ("ABCD 30.00 Decreased By ▼ -0.30 (-5.00%)", "printed"),  # -0.99% in fact
    ],
)
def test_inconsistent_line_gives_one_warning_with_its_line(line: str, why: str) -> None:
    text = STRIP + line + "\n"
    document = normalise(text)
    found = inconsistencies(document)
    assert len(found) == 1
    diagnostic = found[0]
    assert diagnostic.level == "warning"
    assert diagnostic.lines == (7, 7)
    assert "ABCD" in diagnostic.message and why in diagnostic.message
    assert len(document.ticker.quotes) == 6  # the line is still parsed, as printed


def test_each_inconsistent_line_is_reported_on_its_own_line() -> None:
    text = ("ABCD 10.00 Increased By ▼ 0.10 (1.01%)\n" + STRIP
            + "EFGH 30.00 Decreased By ▼ -0.30 (-5.00%)\n")
    assert [d.lines for d in inconsistencies(normalise(text))] == [(0, 0), (8, 8)]


# --- the crawl prefix (plugins/crawl_prefix.py) ---


def test_prefix_on_a_ticker_line_gives_page_date_and_a_clean_first_quote() -> None:
    document = normalise(" date 2025-01-15 " + STRIP)
    assert document.page_date == "2025-01-15"
    assert document.ticker.quotes[0].symbol == "MEHR"
    assert document.diagnostics == ()


def test_prefix_on_a_title_gives_page_date_and_the_title_without_it() -> None:
    document = normalise(" date 2023-06-30 Port traffic rises as season opens early\n\n" + BODY)
    assert document.page_date == "2023-06-30"
    assert document.article.title == "Port traffic rises as season opens early"


def test_prefix_on_body_text_gives_page_date_and_the_paragraph_without_it() -> None:
    document = normalise(" date 2019-12-02 " + BODY)
    assert document.page_date == "2019-12-02"
    assert document.article.title is None
    assert document.article.paragraphs[0].startswith("Harbour traders said on Thursday")


def test_prefix_alone_on_the_first_line_gives_page_date_and_nothing_residual() -> None:
    document = normalise(" date 2022-08-08\n" + BODY)
    assert document.page_date == "2022-08-08"
    assert document.residual == ()


def test_prefix_is_the_crawl_date_never_the_published_date() -> None:
    text = (" date 2025-02-20 Port traffic rises as season opens early\n\n"
            "Staff Reporter Published 14 Feb, 2025 07:05pm\n\n" + BODY)
    document = normalise(text, "brecorder")
    assert document.page_date == "2025-02-20"
    assert document.article.published == "2025-02-14T19:05:00+05:00"


@pytest.mark.parametrize(
    "first_line",
    [
        "Port traffic rises as season opens early",
        "Update date 2025-01-15 Port traffic rises",  # "date" not at the start
        " date 2025-1-15 Port traffic rises",  # not YYYY-MM-DD
    ],
)
def test_no_prefix_means_no_page_date(first_line: str) -> None:
    document = normalise(first_line + "\n\n" + BODY)
    assert document.page_date is None


def test_prefix_only_counts_on_the_first_line() -> None:
    document = normalise(BODY + "\n date 2025-01-15 The port will publish its figures.\n")
    assert document.page_date is None
