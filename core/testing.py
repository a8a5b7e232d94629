"""Made-up pages for tests, examples and benchmarks, each with the fields it should give.

Every word here was written for the project: pages have the shapes of real crawled pages
(see ``shared/formats.md``) with invented text and values. Plugin authors can use it too:

    page = brecorder_page(random.Random(7))
    document = pagenorm.normalise(page.text, config="brecorder")
    assert document.article.title == page.expected.title
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from attrs import field, frozen

_SUBJECTS = (
    "The central bank", "The finance ministry", "A senior trade official", "The port authority",
    "Textile exporters", "The provincial cabinet", "Independent analysts", "The power regulator",
    "Local brokers", "The planning commission", "Wheat growers", "The shipping council",
)
_VERBS = (
    "said on Tuesday that", "told reporters that", "warned on Monday that",
    "announced on Friday that", "argued in a statement that", "confirmed late on Sunday that",
)
_CLAIMS = (
    "{tag} would review its spending plan before the next quarter",
    "import costs had eased after a steady month for {tag}",
    "the new tariff schedule for {tag} would take effect in spring",
    "talks with {tag} had made slow but real progress",
    "demand from {tag} was expected to recover by the end of the year",
    "a committee on {tag} would publish its findings next week",
    "freight rates linked to {tag} had fallen for a third straight week",
    "the budget gap tied to {tag} was narrower than forecast",
)
_TAGS = (
    "Harbour Board", "Lyra Textiles", "Northern Grid", "Qasim Ferries", "Saltmarsh Bank",
    "Indus Valley Mills", "Pearl Cement", "Meridian Oil", "Kestrel Airways", "Cobalt Steel",
)
_HEADLINE_PARTS = (
    ("Exporters", "Regulator", "Cabinet", "Brokers", "Growers", "Lenders", "Shippers"),
    ("weigh", "back", "question", "delay", "approve", "review", "welcome"),
    ("new freight rules", "a fuel price cut", "the wheat support plan", "cheaper credit",
     "a revised power tariff", "the port expansion", "tighter import checks"),
)
_PLACES = ("KARACHI", "LAHORE", "ISLAMABAD", "QUETTA", "DUBAI", "LONDON", "NEW YORK",
           "CAIRO/KHAN YOUNIS")
_AUTHORS = ("AFP", "Reuters", "Recorder Report", "BR Web Desk", "Nadia Rahman", "Imran Sheikh",
            "Tariq Aziz", "Sana Mir")
_SECTIONS = ("World", "Markets", "Pakistan", "Business & Finance", "Opinion")
_SYMBOL_LETTERS = "ABCDEFGHIJKLMNOPRSTUW"


@frozen
class Expected:
    """What pagenorm should read from a generated page."""

    page_date: str | None
    section: str | None
    title: str | None
    byline: str | None
    published: str | None
    dateline: str | None
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    related: tuple[str, ...]
    quotes: int
    indices: int


@frozen
class GeneratedPage:
    text: str
    expected: Expected
    lines: tuple[str, ...] = field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.text.split("\n")))


def _sentence(rng: random.Random, tag: str) -> str:
    claim = rng.choice(_CLAIMS).format(tag=tag)
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {claim}."


def _paragraphs(rng: random.Random, tags: tuple[str, ...], count: int) -> list[str]:
    """``count`` paragraphs (at least one per tag) that between them name every tag."""
    count = max(count, len(tags))
    return [
        " ".join(_sentence(rng, tags[n] if n < len(tags) and k == 0 else rng.choice(tags))
                 for k in range(rng.randint(1, 3)))
        for n in range(count)
    ]


_HEADLINE_ENDS = ("talks stall", "gains ground", "eyes growth", "cuts jobs")


def headline(rng: random.Random) -> str:
    who, verb, what = (rng.choice(part) for part in _HEADLINE_PARTS)
    return f"{who} {verb} {what} as {rng.choice(_TAGS)} {rng.choice(_HEADLINE_ENDS)}"


def quote_line(rng: random.Random, symbol: str) -> tuple[str, int]:
    """A quote line and 1 for a quote (its printed numbers are self-consistent)."""
    price = round(rng.uniform(1, 400), 2)
    move = rng.choice(("up", "down", "unchanged"))
    change = 0.0 if move == "unchanged" else round(rng.uniform(0.01, price * 0.05), 2)
    if move == "down":
        change = -change
    pct = round(change / (price - change) * 100, 2) if price != change else 0.0
    word = {"up": "Increased By ▲", "down": "Decreased By ▼", "unchanged": "No Change ▼"}[move]
    return f"{symbol} {price:.2f} {word} {change:.2f} ({pct:g}%)", 1


def index_line(rng: random.Random, symbol: str) -> str:
    value = rng.randint(9_000, 130_000)
    change = round(rng.uniform(-600, 600), 1)
    pct = round(change / (value - change) * 100, 2)
    word = "Increased By" if change > 0 else "Decreased By"
    return f"{symbol} {value:,} {word} {change:g} ({pct:g}%)"


def ticker_lines(rng: random.Random, quotes: int) -> list[str]:
    symbols: set[str] = set()
    while len(symbols) < quotes:
        length = rng.randint(3, 7)
        symbols.add("".join(rng.choice(_SYMBOL_LETTERS) for _ in range(length)))
    lines = [quote_line(rng, s)[0] for s in sorted(symbols)]
    return lines + [index_line(rng, s) for s in ("BR100", "BR30", "KSE100", "KSE30")]


def brecorder_page(rng: random.Random, *, ticker: bool = True, related: bool = True,
                   prefix: bool = True) -> GeneratedPage:
    """A Business Recorder article page: strip, section, title, byline, body, tags."""
    day = datetime(2024, 1, 1) + timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 1439))
    tags = tuple(rng.sample(_TAGS, rng.randint(2, 5)))
    paragraphs = _paragraphs(rng, tags, rng.randint(3, 7))
    place = rng.choice(_PLACES)
    section, title, author = rng.choice(_SECTIONS), headline(rng), rng.choice(_AUTHORS)
    quotes = rng.randint(5, 30) if ticker else 0
    lines = ticker_lines(rng, quotes) if ticker else []
    stamp = day.strftime("%d %b, %Y %I:%M%p").lower()
    stamp = stamp[:3] + stamp[3].upper() + stamp[4:]  # "07 Mar, 2025 09:15am"
    lines += [section, "", title, "", f"{author} Published {stamp}", ""]
    body = [f"{place}: {paragraphs[0]}", *paragraphs[1:]]
    related_titles: list[str] = []
    for number, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if related and number == len(body) // 2:
            related_titles.append(headline(rng))
            lines += [related_titles[-1], ""]
    lines.append(" ".join(tags))
    page_date = (day + timedelta(days=rng.randint(0, 30))).date().isoformat()
    if prefix:
        lines[0] = f" date {page_date} {lines[0]}"
    published = day.strftime("%Y-%m-%dT%H:%M:00+05:00")
    expected = Expected(
        page_date=page_date if prefix else None, section=section, title=title, byline=author,
        published=published, dateline=place, paragraphs=tuple(paragraphs), tags=tags,
        related=tuple(related_titles), quotes=quotes, indices=4 if ticker else 0,
    )
    return GeneratedPage("\n".join(lines) + "\n", expected)


def generic_page(rng: random.Random, *, title: bool = True, byline: bool = True) -> GeneratedPage:
    """A page of a site with no profile: optional title and ``By`` line, body, no tags."""
    tags = tuple(rng.sample(_TAGS, 3))
    paragraphs = _paragraphs(rng, tags, rng.randint(2, 6))
    lines: list[str] = []
    heading = headline(rng) if title else None
    if heading:
        lines += [heading, ""]
    author = rng.choice(("Nadia Rahman", "Imran Sheikh", "Sana Mir")) if byline else None
    if author:
        lines += [f"By {author}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    expected = Expected(
        page_date=None, section=None, title=heading, byline=author, published=None,
        dateline=None, paragraphs=tuple(paragraphs), tags=(), related=(), quotes=0, indices=0,
    )
    return GeneratedPage("\n".join(lines), expected)
