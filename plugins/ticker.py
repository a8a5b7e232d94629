"""The stock-ticker strip: quote lines and index lines, as numbers.

``AIRLINK 165.10 Decreased By ▼ -1.84 (-1.1%)`` is a quote; a line without an arrow
(``KSE100 115,379 Decreased By -89.9 (-0.08%)``), or with one but a symbol matching
``index_symbols``, is an index. No symbol list is built in: symbols change over the years.
Each parsed line is checked (direction word, arrow and sign agree; the percentage matches
change / previous value); a mismatch is a diagnostic, never a failure.
"""

from __future__ import annotations

import re

from attrs import frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import (
    Claim,
    Diagnostic,
    Direction,
    IndexQuote,
    Page,
    Parsed,
    Quote,
    Section,
    TickerData,
)

# The name the plugin is registered under by default. The core stamps the registered
# name on every claim; when it is this one already, the claim is not copied to stamp it.
NAME = "ticker"

_NUMBER = r"\d[\d,]{0,17}(?:\.\d{1,6})?"  # bounded: a 400-digit "price" is no quote
LINE = re.compile(
    rf"(?P<symbol>[A-Z][A-Z0-9]{{1,11}})\s+(?P<price>{_NUMBER})\s+"
    r"(?P<word>Increased By|Decreased By|No Change)\s*(?P<arrow>[▲▼])?\s*"
    rf"(?P<change>[-+]?{_NUMBER})\s*\((?P<pct>[-+]?{_NUMBER})%\)\s*"
)
_WORDS = ("Increased By", "Decreased By", "No Change")
_CUT_NUMBER = r"[-+]?[\d,]*\.?\d*"  # a number, perhaps cut short


def _beginnings(word: str) -> str:
    """Any non-empty beginning of ``word``, longest first."""
    return "|".join(re.escape(word[:n]) for n in range(len(word), 0, -1))


# A ticker line cut short where the crawl stopped (``PRL 34.90 I``): the beginning of a
# quote line, at least a symbol and the start of a price. It ends the strip and is left
# to residual, so it is never read as anything else (such as a title).
CUT = re.compile(
    rf"[A-Z][A-Z0-9]{{1,11}}\s+\d[\d,]*\.?\d*(?:\s+(?:"
    rf"(?:{'|'.join(_WORDS)})\s*[▲▼]?\s*{_CUT_NUMBER}\s*(?:\({_CUT_NUMBER}%?)?"
    rf"|{'|'.join(_beginnings(word) for word in _WORDS)}))?\s*"
)
_DIRECTIONS: dict[str, Direction] = {
    "Increased By": "up", "Decreased By": "down", "No Change": "unchanged",
}
_ARROWS: dict[str, Direction] = {"▲": "up", "▼": "down"}
_SIGNS: dict[Direction, int] = {"up": 1, "down": -1, "unchanged": 0}


@frozen
class TickerOptions:
    index_symbols: re.Pattern[str] | None = None  # indices that carry arrows (older pages)
    max_gap: int = 1  # blank lines allowed inside one strip (a doubled strip stays one)
    pct_tolerance: float = 0.011  # percentage points: printed values are rounded


@hookimpl
def plugin_options() -> type:
    return TickerOptions


@hookimpl
def detect(page: Page, options: TickerOptions, site: Site) -> list[Claim]:
    """One claim per run of ticker lines, blank gaps of up to ``max_gap`` lines inside."""
    claims: list[Claim] = []
    first = last = -1
    for number, text in enumerate(page.lines):
        if LINE.fullmatch(text):
            if first >= 0 and number - last - 1 <= options.max_gap:
                last = number
            else:
                if first >= 0:
                    claims.append(Claim("ticker", first, last, 0.95, NAME))
                first = last = number
        elif text.strip() and first >= 0:
            if number - last - 1 <= options.max_gap and CUT.fullmatch(text):
                last = number  # claimed, but parse leaves it to residual
            claims.append(Claim("ticker", first, last, 0.95, NAME))
            first = last = -1
    if first >= 0:
        claims.append(Claim("ticker", first, last, 0.95, NAME))
    return claims


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _check(fields: tuple[str, ...], values: tuple[float, float, float], number: int,
           options: TickerOptions) -> list[Diagnostic]:
    """``fields``: symbol, price, word, arrow, change, pct as printed; ``values``: price,
    change and pct as numbers."""
    symbol, _, printed_word, arrow, printed_change, _ = fields
    word = _DIRECTIONS[printed_word]
    price, change, pct = values
    problems = []
    if arrow and word != "unchanged" and _ARROWS[arrow] != word:
        problems.append(f"arrow {arrow} disagrees with {printed_word!r}")
    if (change > 0) - (change < 0) != _SIGNS[word]:
        problems.append(f"change {printed_change} disagrees with {printed_word!r}")
    previous = price - change
    if previous:
        computed = change / previous * 100
        if abs(computed - pct) > options.pct_tolerance:
            problems.append(f"{pct:g}% printed, change/previous gives {computed:.2f}%")
    return [
        Diagnostic("warning", "ticker.inconsistent", f"{symbol}: {p}", (number, number))
        for p in problems
    ]


_FIELDS = ("symbol", "price", "word", "arrow", "change", "pct")


@hookimpl
def parse(page: Page, claims: list[Claim], options: TickerOptions, site: Site) -> Parsed:
    sections, diagnostics = [], []
    for claim in claims:
        quotes, indices = [], []
        last = None
        for number in range(claim.first, claim.last + 1):
            match = LINE.fullmatch(page.lines[number])
            if match is None:  # a blank line inside the strip, or its cut last line
                continue
            last = number
            fields = match.group(*_FIELDS)
            symbol, price_text, word, arrow, change_text, pct_text = fields
            values = (_number(price_text), _number(change_text), _number(pct_text))
            price, change, pct = values
            direction = _DIRECTIONS[word]
            is_index = arrow is None or bool(
                options.index_symbols and options.index_symbols.fullmatch(symbol)
            )
            if is_index:
                indices.append(IndexQuote(symbol, price, change, pct, direction))
            else:
                quotes.append(Quote(symbol, price, change, pct, direction))
            diagnostics.extend(_check(fields, values, number, options))
        if last is None:
            continue
        data = TickerData(quotes=tuple(quotes), indices=tuple(indices))
        sections.append(Section("ticker", claim.first, last, "ticker", claim.confidence, data))
    return Parsed(tuple(sections), tuple(diagnostics))
