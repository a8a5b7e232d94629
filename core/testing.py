"""Made-up pages for tests, examples, benchmarks and the accuracy eval, each with the
document it should give.

Every word here was written for the project: the pages have the line shapes of real crawled
pages (``shared/formats.md``) with invented sentences, names, symbols and values. What each
page should give follows the field contract (``notes/contract.md``).

    page = generate("dawn/print-mirror", random.Random(7))
    document = pagenorm.normalise(page.text, source=pagenorm.Source(url=page.url))
    assert document.article.published == page.expected["article"]["published"]

``page.expected`` is a *partial* ``pagenorm/1`` document: only the keys that should be scored
are present (``kind``, ``truncated``, ``page_date``, ``article`` with all its keys, ``tags``,
``related``, ``ticker``, and ``site`` when the page shows it); a key the page makes genuinely
unknowable is left out. ``SHAPES`` maps every shape name (``"<site>/<variant>"``) to its
page function; ``corpus`` and ``pages`` draw from them.

Where the contract is silent, the generator expects:

- ``site``: present when the page carries its site's signature furniture (Business Recorder:
  ticker strip, logo, ``PRINT EDITION`` line, ``Copyright Business Recorder``; Dawn: logo,
  ``Published in Dawn``, ``Follow Dawn ...``; Tribune: ``More News``; The News: the banner
  ending ``Got it!``; The Nation: ``CONNECT WITH US``, its footer, ``more in ...``, Disqus;
  ARY: ``- Advertisement -``, ``TOP NEWS``, ``MORE STORIES``, ``Developing Story…``;
  Pakistan Observer: ``Share this post``, ``scroll to top``, ``Previous article...``, its
  name line) or a url; ``"generic"`` on every ``generic/*`` page; left out otherwise.
- listing and unknown pages: an empty article (all null or ``[]``), ``truncated`` false, no
  related (listed headlines are not related links), tags ``[]``; photo galleries are
  ``unknown`` with their headline as the title.
- a ticker strip printed twice gives every quote and index twice, in line order; a quote
  line cut short is in no list.
- subtitle: Arab News's ``  • `` bullets too; the old print teaser is furniture.
- section: The News's section line when the page is recognisable as The News (its profile
  reads it), else null; The Nation's category line never.
- a printed US zone gives its offset (``EDT`` -04:00, ``EST`` -05:00).
- a cut page ends mid-sentence (never on ``. ! ? … : ; , ) ]`` or a quote), so ``truncated``
  is the contract's rule applied to the last expected paragraph.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from attrs import frozen

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


@frozen
class GeneratedPage:
    """A made-up page and the (partial) document it should give."""

    shape: str  # "<site>/<variant>", e.g. "brecorder/article"
    text: str  # the page, lines joined by "\n"
    expected: dict[str, Any]  # a partial pagenorm/1 document: only keys that are scored
    url: str | None = None  # where the page was "crawled" from, sometimes

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))


# =====================================================================================
# The classic generators (kept byte-for-byte: the example pages are built from them)
# =====================================================================================

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
_HEADLINE_ENDS = ("talks stall", "gains ground", "eyes growth", "cuts jobs")


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


def headline(rng: random.Random) -> str:
    """A made-up headline (the classic shape)."""
    who, verb, what = (rng.choice(part) for part in _HEADLINE_PARTS)
    return f"{who} {verb} {what} as {rng.choice(_TAGS)} {rng.choice(_HEADLINE_ENDS)}"


def _direction(word: str) -> str:
    return "up" if word.startswith("Increased") else "down" if word.startswith("Decreased") \
        else "unchanged"


def _classic_quote(rng: random.Random, symbol: str) -> tuple[str, dict[str, Any]]:
    price = round(rng.uniform(1, 400), 2)
    move = rng.choice(("up", "down", "unchanged"))
    change = 0.0 if move == "unchanged" else round(rng.uniform(0.01, price * 0.05), 2)
    if move == "down":
        change = -change
    pct = round(change / (price - change) * 100, 2) if price != change else 0.0
    word = {"up": "Increased By ▲", "down": "Decreased By ▼", "unchanged": "No Change ▼"}[move]
    texts = (f"{price:.2f}", f"{change:.2f}", f"{pct:g}")
    line = f"{symbol} {texts[0]} {word} {texts[1]} ({texts[2]}%)"
    return line, _quote_dict(symbol, *texts, _direction(word))


def _classic_index(rng: random.Random, symbol: str) -> tuple[str, dict[str, Any]]:
    value = rng.randint(9_000, 130_000)
    change = round(rng.uniform(-600, 600), 1)
    pct = round(change / (value - change) * 100, 2)
    word = "Increased By" if change > 0 else "Decreased By"
    texts = (f"{value:,}", f"{change:g}", f"{pct:g}")
    line = f"{symbol} {texts[0]} {word} {texts[1]} ({texts[2]}%)"
    return line, _index_dict(symbol, *texts, _direction(word))


def quote_line(rng: random.Random, symbol: str) -> tuple[str, int]:
    """A quote line and 1 for a quote (its printed numbers are self-consistent)."""
    return _classic_quote(rng, symbol)[0], 1


def index_line(rng: random.Random, symbol: str) -> str:
    return _classic_index(rng, symbol)[0]


def _classic_strip(rng: random.Random, quotes: int) -> tuple[list[str], dict[str, Any]]:
    symbols: set[str] = set()
    while len(symbols) < quotes:
        length = rng.randint(3, 7)
        symbols.add("".join(rng.choice(_SYMBOL_LETTERS) for _ in range(length)))
    made = [_classic_quote(rng, s) for s in sorted(symbols)]
    made_indices = [_classic_index(rng, s) for s in ("BR100", "BR30", "KSE100", "KSE30")]
    lines = [line for line, _ in made + made_indices]
    return lines, {"quotes": [q for _, q in made], "indices": [i for _, i in made_indices]}


def ticker_lines(rng: random.Random, quotes: int) -> list[str]:
    return _classic_strip(rng, quotes)[0]


def brecorder_page(rng: random.Random, *, ticker: bool = True, related: bool = True,
                   prefix: bool = True) -> GeneratedPage:
    """A plain Business Recorder article (shape ``brecorder/article``): strip, section,
    title, byline, body, tags. ``SHAPES["brecorder/article"]`` makes every variant."""
    day = datetime(2024, 1, 1) + timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 1439))
    tags = tuple(rng.sample(_TAGS, rng.randint(2, 5)))
    paragraphs = _paragraphs(rng, tags, rng.randint(3, 7))
    place = rng.choice(_PLACES)
    section, title, author = rng.choice(_SECTIONS), headline(rng), rng.choice(_AUTHORS)
    quotes = rng.randint(5, 30) if ticker else 0
    lines, strip = _classic_strip(rng, quotes) if ticker else ([], None)
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
    article = _article(section=section, title=title, byline=author,
                       published=day.strftime("%Y-%m-%dT%H:%M:00+05:00"), dateline=place,
                       paragraphs=paragraphs)
    expected = _expected("article", False, page_date if prefix else None, article, list(tags),
                         related_titles, strip, "brecorder" if ticker else None)
    return GeneratedPage("brecorder/article", "\n".join(lines) + "\n", expected)


def generic_page(rng: random.Random, *, title: bool = True, byline: bool = True) -> GeneratedPage:
    """A plain page of a site with no profile (shape ``generic/article``): optional title
    and ``By`` line, body, no tags."""
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
    article = _article(title=heading, byline=author, paragraphs=paragraphs)
    expected = _expected("article", False, None, article, [], [], None, "generic")
    return GeneratedPage("generic/article", "\n".join(lines), expected)


# =====================================================================================
# Expected documents
# =====================================================================================

ARTICLE_KEYS = ("section", "print_date", "title", "subtitle", "byline", "published", "updated",
                "dateline", "paragraphs", "subheadings")
EXPECTED_KEYS = ("kind", "truncated", "page_date", "article", "tags", "related", "ticker",
                 "site")
_CLOSERS = "\"'”’»"


def ends_sentence(text: str) -> bool:
    """The contract's test for a complete last paragraph: it ends with ``. ! ? …``, or with
    a closing quote after one."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in ".!?…"


def _article(**fields: Any) -> dict[str, Any]:
    article: dict[str, Any] = {key: None for key in ARTICLE_KEYS}
    article.update(subtitle=[], paragraphs=[], subheadings=[])
    article.update({key: list(value) if isinstance(value, tuple) else value
                    for key, value in fields.items()})
    return article


def _quote_dict(symbol: str, price: str, change: str, pct: str, direction: str) -> dict[str, Any]:
    return {"symbol": symbol, "price": _num(price), "change": _num(change),
            "change_pct": _num(pct), "direction": direction}


def _index_dict(symbol: str, value: str, change: str, pct: str, direction: str) -> dict[str, Any]:
    return {"symbol": symbol, "value": _num(value), "change": _num(change),
            "change_pct": _num(pct), "direction": direction}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _expected(kind: str, truncated: bool, page_date: str | None, article: dict[str, Any],
              tags: list[str] | None, related: list[str], ticker: dict[str, Any] | None,
              site: str | None) -> dict[str, Any]:
    expected: dict[str, Any] = {
        "kind": kind, "truncated": truncated, "page_date": page_date, "article": article,
        "tags": tags, "related": [{"title": title} for title in related], "ticker": ticker,
    }
    if tags is None:
        del expected["tags"]
    if site is not None:
        expected["site"] = site
    return expected


# =====================================================================================
# Words
# =====================================================================================

_FIRST = ("Sara", "Nadia", "Imran", "Tariq", "Sana", "Ayesha", "Bilal", "Hamza", "Farah",
          "Usman", "Zainab", "Kamran", "Hina", "Asad", "Mehreen", "Faisal", "Rabia", "Saad",
          "Amna", "Junaid", "Shazia", "Omer", "Lubna", "Waqas")
_LAST = ("Malik", "Rahman", "Sheikh", "Aziz", "Mir", "Qureshi", "Baig", "Hashmi", "Siddiqui",
         "Chaudhry", "Javed", "Abbasi", "Ansari", "Butt", "Raza", "Farooq", "Iqbal", "Haider",
         "Soomro", "Lodhi", "Kazmi", "Niazi")
_ORGS = (*_TAGS, "Crescent Agro", "Bolan Fertiliser", "Ravi Motors", "Sapphire Logistics",
         "Margalla Telecom", "Kohat Gas Company", "Seaview Foods", "Makran Fisheries",
         "Jhelum Power", "Sutlej Sugar", "Chenab Glass", "Orchid Pharma", "Lakeside Housing")
_INSTITUTIONS = (
    "The central bank", "The finance ministry", "The planning commission", "The power regulator",
    "The port authority", "The provincial cabinet", "The commerce ministry", "The tax authority",
    "The water board", "The city administration", "The health department", "The trade body",
    "The chamber of commerce", "The irrigation department", "The education board",
)
_REPORTING = ("said on {wd} that", "told reporters on {wd} that", "warned on {wd} that",
              "announced on {wd} that", "argued in a statement that", "confirmed late on {wd} that",
              "said in a notice issued on {wd} that")
_MORE_CLAIMS = (
    *_CLAIMS,
    "payments owed to {tag} would be cleared within {n} days",
    "a survey of suppliers to {tag} showed orders picking up again",
    "officials from {tag} had been asked to submit a revised plan",
    "the dispute with {tag} could still be settled out of court",
    "a second round of talks with {tag} was planned for later this month",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_COMMODITIES = (("sugar", "kilogram"), ("wheat flour", "bag"), ("cooking oil", "litre"),
                ("cotton", "maund"), ("tomatoes", "kilogram"), ("cement", "bag"),
                ("onions", "kilogram"))
_QUOTES = ("We expect orders to pick up once the new rates settle",
           "There is no reason to panic over one bad month",
           "The plan gives growers the certainty they have asked for",
           "Costs are still too high for small firms to keep up",
           "We will keep talking until there is a deal on the table",
           "Nobody should expect the shortfall to close overnight")
_ROLES = ("an analyst at", "a spokesperson for", "the chief executive of", "the chairman of",
          "a senior official at", "the head of research at")
_PK_PLACES = ("KARACHI", "LAHORE", "ISLAMABAD", "QUETTA", "PESHAWAR", "MULTAN", "HYDERABAD",
              "FAISALABAD", "SUKKUR", "GWADAR", "RAWALPINDI")
_WORLD_PLACES = ("NEW YORK", "LONDON", "DUBAI", "SINGAPORE", "BEIJING", "TOKYO", "WASHINGTON",
                 "BRUSSELS", "GENEVA", "RIYADH", "NEW DELHI", "KABUL", "DHAKA", "CAIRO/KHAN YOUNIS",
                 "OCCUPIED JERUSALEM", "KARACHI/HYDERABAD")
_HYPHENATED = ("state-owned", "short-term", "long-delayed", "cross-border", "low-income",
               "tax-free", "two-day", "much-awaited", "debt-relief")
_SUBHEADS = ("Outlook", "Fighting", "Background", "Rates", "Energy prices", "Revenue gap",
             "Exports", "What comes next", "Market reaction", "Taxes", "Water supply",
             "Key numbers")
_QUESTIONS = ("What happens next?", "Why does it matter?", "Who is affected?",
              "How did we get here?", "What are the options?", "What has the government said?")
_RUN_IN = (
    ("TRAFFIC", "Wardens diverted buses away from the main bridge for most of the day."),
    ("PROTEST", "Traders staged a sit-in outside the press club against the new levy."),
    ("ARRESTS", "Police said {n} suspects had been taken into custody overnight."),
    ("WATER SUPPLY", "Several neighbourhoods of {city} went without piped water for a second day."),
    ("POWER CUTS", "Residents reported outages of up to {n} hours in the older parts of {city}."),
    ("SCHOOLS", "Private schools in the district will reopen after the holidays, officials said."),
)
_PK_SECTIONS = ("National", "Business", "World", "Sports", "Karachi", "Lahore", "Islamabad",
                "Top Story", "Editorial", "Opinion")


def _title_case(place: str) -> str:
    return "/".join(" ".join(w.capitalize() for w in part.split()) for part in place.split("/"))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _place(rng: random.Random, world: float = 0.25) -> str:
    return rng.choice(_WORLD_PLACES if rng.random() < world else _PK_PLACES)


def _city(rng: random.Random) -> str:
    return _title_case(rng.choice(_PK_PLACES))


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _market(rng: random.Random, wd: str) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        p = rng.randint(2, 29) + rng.randint(0, 9) / 10
        return (f"Exports rose {p} percent year-on-year to ${rng.randint(120, 990)} million in "
                f"{rng.choice(_MONTHS)}, official data showed.")
    if kind == 1:
        value = rng.randint(40_000, 120_000)
        move = round(rng.uniform(50, 900), 2)
        way = rng.choice(("up", "down"))
        return (f"The benchmark KSE-100 index closed at {value:,} points, {way} {move} points "
                f"or {round(move / value * 100, 2)} percent.")
    if kind == 2:
        goods, unit = rng.choice(_COMMODITIES)
        if rng.random() < 0.15:  # a source typo, kept as printed
            return (f"Prices of {goods} in {_city(rng)} stayed at Rs {rng.randint(2, 9)},00 per "
                    f"{unit}, traders said.")
        way = rng.choice(("rose to", "fell to", "held at"))
        return (f"Prices of {goods} in {_city(rng)} {way} Rs{rng.randint(80, 9000):,} per "
                f"{unit} during the week, traders said.")
    if kind == 3:
        return (f"The rupee closed at {rng.randint(160, 310)}.{rng.randint(10, 99)} against the "
                f"dollar in the interbank market on {wd}.")
    source = rng.choice(("a company statement said", "according to a filing",
                         "its chief executive told shareholders"))
    return (f"{rng.choice(_ORGS)} {rng.choice(('raised', 'cut', 'kept'))} its output target "
            f"for the year, {source}.")


def _quote(rng: random.Random, name: str | None = None) -> str:
    quote, name = rng.choice(_QUOTES), name or _name(rng)
    who = f"{name}, {rng.choice(_ROLES)} {rng.choice(_ORGS)}"
    form = rng.randrange(3)
    if form == 0:
        return f'"{quote}," said {who}.'
    if form == 1:
        return f'{who}, said: "{quote}."'
    return f"{who}, said: “{quote}.”"


def _local(rng: random.Random, wd: str) -> str:
    city = _city(rng)
    kind = rng.randrange(7)
    if kind == 0:
        days = rng.choice(("two", "three", "four"))
        return f"Rain is expected in {city} and nearby districts over the next {days} days, " \
               f"the Met Office said."
    if kind == 1:
        return f"The court adjourned the hearing until {rng.choice(_WEEKDAYS)} and asked " \
               f"{_lower_first(rng.choice(_INSTITUTIONS))} to file a reply."
    if kind == 2:
        return f"Police said {rng.randint(3, 60)} people had been arrested in {city} since the " \
               f"start of the month."
    if kind == 3:
        return f"Schools in {city} will stay closed until {rng.choice(_WEEKDAYS)}, the " \
               f"education department said."
    if kind == 4:
        return (f"The project is expected to cost about Rs{rng.randint(3, 480)} billion and take "
                f"{rng.choice(('two', 'three', 'four', 'five'))} years to complete.")
    if kind == 5:
        return (f"The {rng.choice(_HYPHENATED)} scheme for {rng.choice(_ORGS)} was discussed at a "
                f"meeting in {city} on {wd}.")
    return (f"About {rng.randint(2, 90) * 100:,} families in {city} were affected by the "
            f"{rng.choice(('closure', 'shortage', 'delay'))}, officials said.")


def sentence(rng: random.Random, tag: str | None = None, *, quotes: bool = True) -> str:
    """One made-up news sentence ending with a full stop (or a full stop and a closing
    quote); ``tag`` is named in it when given."""
    wd = rng.choice(_WEEKDAYS)
    if tag is not None and tag.split(" ")[0] in _FIRST:  # a person
        return _quote(rng, tag)
    if tag is not None:
        claim = rng.choice(_MORE_CLAIMS).format(tag=tag, n=rng.choice((15, 30, 45, 60, 90)))
        who = rng.choice(_INSTITUTIONS + _SUBJECTS)
        return f"{who} {rng.choice(_REPORTING).format(wd=wd)} {claim}."
    kind = rng.randrange(10)
    if kind < 3:
        return _market(rng, wd)
    if kind < 6:
        return _local(rng, wd)
    if kind < 8 and quotes:
        return _quote(rng)
    claim = rng.choice(_MORE_CLAIMS).format(tag=rng.choice(_ORGS), n=30)
    return f"{rng.choice(_INSTITUTIONS)} {rng.choice(_REPORTING).format(wd=wd)} {claim}."


def paragraph(rng: random.Random, tag: str | None = None, sentences: int | None = None) -> str:
    """One to three sentences; the first names ``tag`` when given."""
    count = sentences or rng.choice((1, 2, 2, 3))
    return " ".join(sentence(rng, tag if k == 0 else None) for k in range(count))


def _headline(rng: random.Random) -> str:
    """A made-up headline in one of several shapes; never ends with a full stop."""
    kind = rng.randrange(7)
    if kind == 0:
        return headline(rng)
    if kind == 1:
        what = rng.choice(_HEADLINE_PARTS[2])
        verb = rng.choice(("weighs", "backs", "delays", "approves", "reviews", "questions"))
        return f"{rng.choice(_ORGS)} {verb} {what}"
    if kind == 2:
        way = rng.choice(("rises", "falls", "doubles", "slips"))
        period = rng.choice(("first quarter", "July-September", "half year", "nine months"))
        return f"{rng.choice(_ORGS)} profit {way} {rng.randint(3, 60)}pc in {period}"
    if kind == 3:
        way = rng.choice(("gains", "slips", "steadies", "weakens"))
        market = rng.choice(("interbank market", "open market"))
        return f"Rupee {way} against dollar in {market}"
    if kind == 4:
        who = rng.choice(("traders", "growers", "shopkeepers", "transporters", "teachers"))
        verb = rng.choice(("protest", "welcome", "question", "reject"))
        return f"{_city(rng)} {who} {verb} {rng.choice(_HEADLINE_PARTS[2])}"
    if kind == 5:
        way, n = rng.choice(("gains", "sheds")), rng.randint(100, 1900)
        who = rng.choice(("exporters", "brokers", "growers", "lenders", "shippers"))
        return f"PSX {way} {n} points as {who} " \
               f"{rng.choice(_HEADLINE_PARTS[1])} {rng.choice(_HEADLINE_PARTS[2])}"
    verb = rng.choice(("approves", "defers", "orders review of", "seeks report on"))
    return f"{rng.choice(('Cabinet', 'Senate panel', 'ECC', 'Court'))} {verb} " \
           f"{rng.choice(_HEADLINE_PARTS[2])}"


def _tags(rng: random.Random, count: int) -> list[str]:
    pool = [*_ORGS, "Pakistan", "Karachi", "Lahore", "IMF", "State Bank of Pakistan"]
    tags = rng.sample(pool, count)
    if rng.random() < 0.3:
        tags[rng.randrange(count)] = _name(rng)
    return list(dict.fromkeys(tags))


def _caption(rng: random.Random, chart: bool = True) -> str:
    """A photo or chart caption written as a full sentence."""
    if chart and rng.random() < 0.4:
        what = rng.choice(("the rupee's closing rate against the dollar",
                           "monthly cotton arrivals", "the index's weekly close",
                           "the trade deficit by month"))
        return f"The chart shows {what} over the past {rng.randint(3, 24)} months."
    if rng.random() < 0.4:
        who = rng.choice(("A labourer", "A vendor", "A policeman"))
        verb = rng.choice(("unloads sacks of wheat", "watches share prices on a screen",
                           "waits for a bus", "walks past a closed market", "sorts cotton bales"))
    else:
        who = rng.choice(("Traders", "Commuters", "Shoppers", "Workers", "Children"))
        verb = rng.choice(("unload sacks of wheat", "watch share prices on a screen",
                           "wait for a bus", "walk past a closed market", "sort cotton bales"))
    return f"{who} {verb} in {_city(rng)} on {rng.choice(_WEEKDAYS)}."


# --- dates ---


def _when(rng: random.Random, first: int, last: int) -> datetime:
    start = datetime(first, 1, 1)
    days = (datetime(last, 12, 31) - start).days
    return start + timedelta(days=rng.randint(0, days), minutes=rng.randint(0, 1439))


def _iso(moment: datetime, offset: str = "+05:00") -> str:
    return f"{moment:%Y-%m-%dT%H:%M}:00{offset}"


def _day(moment: datetime | date) -> str:
    return f"{moment:%Y-%m-%d}"


def _ampm(moment: datetime) -> str:
    """``09:15am``."""
    return f"{moment.hour % 12 or 12:02d}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def _mon(moment: datetime | date) -> str:
    return _MONTHS[moment.month - 1][:3]


def _month(moment: datetime | date) -> str:
    return _MONTHS[moment.month - 1]


def _ordinal(day: int, wrong: bool = False) -> str:
    if wrong:
        right = _ordinal(day)[-2:]
        return f"{day}{'th' if right != 'th' else 'st'}"
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _later(rng: random.Random, moment: datetime, days: int = 200) -> date:
    """A crawl date on or after ``moment``."""
    return (moment + timedelta(days=rng.choice((0, 0, 1, 2, rng.randint(3, max(3, days)))))).date()


# =====================================================================================
# The page builder
# =====================================================================================


class _Page:
    """Collects a page's lines and, beside them, what each line means.

    ``cut_at`` schedules a truncated page: that paragraph is cut short and everything after
    it is dropped (later calls add nothing)."""

    def __init__(self, rng: random.Random, shape: str) -> None:
        self.rng = rng
        self.shape = shape
        self.site = shape.split("/")[0]
        self.lines: list[str] = []
        self.kind = "article"
        self.section: str | None = None
        self.print_date: str | None = None
        self.title: str | None = None
        self.byline: str | None = None
        self.published: str | None = None
        self.updated: str | None = None
        self.dateline: str | None = None
        self.subtitle: list[str] = []
        self.paragraphs: list[str] = []
        self.subheadings: list[dict[str, Any]] = []
        self.related: list[str] = []
        self.tags: list[str] | None = []
        self.ticker: dict[str, Any] | None = None
        self.signature = False
        # a section only this site's profile reads (The News): expected only when the page
        # can be recognised as that site, else the generic reading (null) applies
        self.profile_section: str | None = None
        self.cut_at: int | None = None
        self.stopped = False

    # --- lines ---

    def add(self, *lines: str) -> None:
        if not self.stopped:
            self.lines.extend(lines)

    def gap(self, chance: float = 1.0) -> None:
        """A blank line (with ``chance``), never two in a row."""
        if not self.stopped and self.lines and self.lines[-1] != "" \
                and (chance >= 1 or self.rng.random() < chance):
            self.lines.append("")

    def furniture(self, *lines: str, signature: bool = False) -> None:
        if not self.stopped:
            self.lines.extend(lines)
            self.signature = self.signature or signature

    def plan_cut(self, paragraphs: int, chance: float) -> None:
        """Cut the page inside one of the last paragraphs (of ``paragraphs``), with ``chance``."""
        if paragraphs and self.rng.random() < chance:
            self.cut_at = self.rng.randint(max(0, paragraphs - 3), paragraphs - 1)

    # --- parts that mean something ---

    def para(self, text: str, lead: str = "", indent: str = "", *, breakable: bool = False) -> None:
        """A body paragraph; ``lead`` is a dateline prefix that the paragraph loses."""
        if self.stopped:
            return
        if self.cut_at is not None and len(self.paragraphs) >= self.cut_at:
            text = _cut(self.rng, text)
            self.lines.append(indent + lead + text)
            self.paragraphs.append(text)
            self.stopped = True
            return
        halves = _split(self.rng, text) if breakable else None
        if halves:
            self.lines.extend([indent + lead + halves[0], "", indent + halves[1]])
        else:
            self.lines.append(indent + lead + text)
        self.paragraphs.append(text)

    def subheading(self, text: str, indent: str = "") -> None:
        if not self.stopped:
            self.lines.append(indent + text)
            self.subheadings.append({"text": text, "before": len(self.paragraphs)})

    def related_line(self, title: str, line: str | None = None) -> None:
        if not self.stopped:
            self.lines.append(title if line is None else line)
            self.related.append(title)

    def tag_line(self, tags: list[str], line: str | None = None) -> None:
        if not self.stopped:
            self.lines.append(" ".join(tags) if line is None else line)
            self.tags = tags

    # --- the end ---

    def finish(self, crawl: date, *, url: str | None = None,
               prefix_chance: float = 1 / 3) -> GeneratedPage:
        """The page (prefixed with ``crawl`` with ``prefix_chance``; ``url`` kept one time in
        four) and its expected document."""
        rng = self.rng
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        assert lines and lines[0].strip(), self.shape
        if self.stopped:
            lines += [""] * rng.randint(0, 3)  # a cut page may end with blank lines
        elif rng.random() < 0.5:
            lines.append("")  # a final line break
        page_date = None
        if rng.random() < prefix_chance:
            page_date = _day(crawl)
            lines[0] = f" date {page_date} {lines[0]}"
        url = url if rng.random() < 0.25 else None
        recognised = self.signature or url is not None
        if self.profile_section and recognised:
            self.section = self.profile_section
        if self.kind != "article":
            assert not self.paragraphs, self.shape
        article = _article(section=self.section, print_date=self.print_date, title=self.title,
                           subtitle=self.subtitle, byline=self.byline, published=self.published,
                           updated=self.updated, dateline=self.dateline,
                           paragraphs=self.paragraphs, subheadings=self.subheadings)
        truncated = bool(self.paragraphs) and not ends_sentence(self.paragraphs[-1])
        site = "generic" if self.site == "generic" else self.site if recognised else None
        expected = _expected(self.kind, truncated, page_date, article, self.tags, self.related,
                             self.ticker, site)
        text = "\n".join(lines)
        assert "\r" not in text
        return GeneratedPage(self.shape, text, expected, url)


def _cut(rng: random.Random, text: str) -> str:
    """``text`` cut short mid-sentence, at a word boundary or inside a word."""
    spaces = [i for i, ch in enumerate(text) if ch == " " and 30 <= i <= len(text) - 6]
    at = rng.choice(spaces) if spaces else max(12, len(text) * 2 // 3)
    if rng.random() < 0.4:  # inside the next word
        end = text.find(" ", at + 1)
        end = len(text) if end < 0 else end
        if end - at > 3:
            at = rng.randint(at + 2, end - 1)
    cut = text[:at].rstrip()
    while cut and cut[-1] in ".!?…:;,\"'”’)]":
        cut = cut[:-1].rstrip()
    return cut


def _split(rng: random.Random, text: str) -> tuple[str, str] | None:
    """Where a paragraph breaks across a blank line: after a hyphen inside a word (joined
    without a space) or between words before a lower-case one (joined with one space)."""
    hyphens = [m.end() for m in re.finditer(r"\w-(?=\w)", text) if m.end() > 30]
    if hyphens and rng.random() < 0.8:
        at = rng.choice(hyphens)
        return text[:at], text[at:]
    spaces = [i for i, ch in enumerate(text)
              if ch == " " and 30 < i < len(text) - 10 and text[i + 1].islower()
              and text[i - 1] not in ".!?…,;:\"'”’"]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return text[:at], text[at + 1:]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# =====================================================================================
# Business Recorder parts
# =====================================================================================

_BR_INDEX = re.compile(r"(?:BR|KSE|KMI|ALLSHR)\d*")
_BR_SECTIONS = ("World", "Markets", "Pakistan", "Business & Finance", "Editorials", "Opinion",
                "Articles")
_BR_WHO = ("AFP", "Reuters", "Recorder Report", "BR Web Desk", "APP", "Bloomberg",
           "BR Research", "Our Correspondent")
_INDEX_RANGES = {"BR100": (3_000, 15_000), "BR30": (10_000, 40_000),
                 "KSE100": (30_000, 130_000), "KSE30": (10_000, 45_000)}


def _symbols(rng: random.Random, count: int) -> list[str]:
    symbols: list[str] = []
    while len(symbols) < count:
        symbol = "".join(rng.choice(_SYMBOL_LETTERS) for _ in range(rng.randint(3, 8)))
        if rng.random() < 0.1:
            symbol = symbol[:-1] + str(rng.randint(1, 9))
        if symbol not in symbols and not _BR_INDEX.fullmatch(symbol):
            symbols.append(symbol)
    return symbols


def _pct(change: float, before: float) -> str:
    pct = round(change / before * 100, 2) if before else 0.0
    text = f"{pct:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0", "") else text


def _br_quote(rng: random.Random, symbol: str) -> tuple[str, dict[str, Any]]:
    price = round(rng.uniform(1, 400) if rng.random() < 0.9 else rng.uniform(1000, 9000), 2)
    move = rng.choice(("up", "down", "down", "up", "unchanged"))
    change = 0.0 if move == "unchanged" else round(rng.uniform(0.01, price * 0.075), 2)
    change = -change if move == "down" else change
    texts = (f"{price:,.2f}", f"{change:.2f}", _pct(change, price - change))
    word = {"up": "Increased By ▲", "down": "Decreased By ▼", "unchanged": "No Change ▼"}[move]
    return (f"{symbol} {texts[0]} {word} {texts[1]} ({texts[2]}%)",
            _quote_dict(symbol, *texts, _direction(word)))


def _br_index(rng: random.Random, symbol: str, arrows: bool) -> tuple[str, dict[str, Any]]:
    low, high = _INDEX_RANGES[symbol]
    value = rng.randint(low, high)
    up = rng.random() < 0.5
    if arrows:  # 2020-2021: arrows and two decimals
        change = round(rng.uniform(1, value * 0.02), 2)
        change_text = f"{change if up else -change:.2f}"
    else:
        change = round(rng.uniform(1, value * 0.02), rng.choice((0, 1, 1)))
        change_text = f"{change if up else -change:g}"
    word = ("Increased By" if up else "Decreased By") + ((" ▲" if up else " ▼") if arrows else "")
    signed = _num(change_text)
    texts = (f"{value:,}", change_text, _pct(signed, value - signed))
    return (f"{symbol} {texts[0]} {word} {texts[1]} ({texts[2]}%)",
            _index_dict(symbol, *texts, _direction(word)))


def _cut_quote(rng: random.Random, line: str) -> str:
    """A quote line cut where the crawl stopped reading it (``PRL 34.90 I``)."""
    symbol, price, rest = line.split(" ", 2)
    keep = rng.choice((0, 1, 3, 4, 9, 13, len(rest) - 4))
    cut = f"{symbol} {price} {rest[:keep]}".rstrip()
    if keep == 0 and rng.random() < 0.5:
        cut = f"{symbol} {price[:-1]}"
    return cut


def _br_strip(page: _Page, year: int) -> None:
    """The ticker strip: quotes, then (usually) 4 index lines; doubled, cut, or one line."""
    rng = page.rng
    count = 1 if rng.random() < 0.08 else rng.randint(2, 30)
    made = [_br_quote(rng, s) for s in _symbols(rng, count)]
    arrows = year <= 2021 if rng.random() < 0.85 else year > 2021
    cut = rng.random() < 0.1
    indices = [] if cut or rng.random() < 0.12 else \
        [_br_index(rng, s, arrows) for s in _INDEX_RANGES]
    lines = [line for line, _ in made + indices]
    data = {"quotes": [q for _, q in made], "indices": [i for _, i in indices]}
    if cut:
        lines.append(_cut_quote(rng, _br_quote(rng, _symbols(rng, 1)[0])[0]))
    elif rng.random() < 0.1:  # the strip printed twice in a row
        lines = [*lines, *([""] if rng.random() < 0.5 else []), *lines]
        data = {key: [dict(item) for item in values * 2] for key, values in data.items()}
    page.furniture(*lines, signature=True)
    page.ticker = data


def _br_nav(page: _Page, crawl: date) -> None:
    """Logo and navigation lines (furniture), in one of a few orders."""
    rng = page.rng
    stamp = f"{_mon(crawl)} {crawl.day:02d}, {crawl.year}"
    urdu = " اردو" if crawl.year >= 2025 and rng.random() < 0.7 else ""
    nav = f"{stamp}{urdu} PRINT EDITION ► BR MARKETS ► Dollar to PKR ►"
    logo = rng.choice(("Brecorder Logo", "Business Recorder Logo"))
    choice = rng.randrange(6)
    lines = ([logo], [nav], [logo, nav], [nav, logo], [stamp], [logo, stamp])[choice]
    for line in lines:
        page.furniture(line, signature=line != stamp)
        page.gap(0.5)


def _br_widget(page: _Page, year: int) -> None:
    """The coronavirus counter of 2020-2021 pages (furniture)."""
    rng = page.rng
    lines = ["Coronavirus"]
    old = year == 2020 or rng.random() < 0.3
    lines.append("VERY HIGH" if old else "VERY HIGH Source: covid.gov.pk")
    lines += ["Pakistan Deaths", f"{rng.randint(4_000, 29_000):,}", f"{rng.randint(8, 160)}24hr"]
    if not old:
        lines.append(f"{rng.randint(1, 12)}.{rng.randint(0, 9)}% positivity")
    for province in ("Sindh", "Punjab", "Balochistan", "Islamabad", "KPK", "GB", "AJK"):
        if rng.random() < 0.85:
            lines += [province, f"{rng.randint(5_000, 480_000):,}"]
    page.furniture(*lines)
    page.gap()


def _br_byline(page: _Page, when: datetime, old: bool) -> None:
    """One of the byline shapes; sets byline/published/updated."""
    rng = page.rng
    who = rng.choice(_BR_WHO) if rng.random() < 0.7 else _name(rng)
    later = when + timedelta(minutes=rng.randint(20, 1800))
    short = f"{when.day:02d} {_mon(when)}, {when.year}"
    full = f"{_month(when)} {when.day}, {when.year}"
    shapes = ("published", "published-updated", "full-updated", "none") if not old else \
        ("name-date", "date", "bare-published", "published", "separate-updated", "lone-updated")
    shape = rng.choice(shapes)
    if shape == "published":
        stamp = rng.choice((short, full))
        page.add(f"{who} Published {stamp} {_ampm(when)}")
        page.byline, page.published = who, _iso(when)
    elif shape == "published-updated":
        page.add(f"{who} Published {short} {_ampm(when)} Updated "
                 f"{later.day:02d} {_mon(later)}, {later.year} {_ampm(later)}")
        page.byline, page.published, page.updated = who, _iso(when), _iso(later)
    elif shape == "full-updated":
        page.add(f"{who} Published {full} Updated {_month(later)} {later.day}, {later.year} "
                 f"{_ampm(later)}")
        page.byline, page.published, page.updated = who, _day(when), _iso(later)
    elif shape == "name-date":
        page.add(f"{who} {when.day:02d} {_mon(when)} {when.year}")
        page.byline, page.published = who, _day(when)
    elif shape == "date":
        page.add(f"{when.day:02d} {_mon(when)} {when.year}")
        page.published = _day(when)
    elif shape == "bare-published":
        page.add(f"Published {short} {_ampm(when)}")
        page.published = _iso(when)
    elif shape in ("separate-updated", "lone-updated"):
        if shape == "separate-updated":
            page.add(f"{who} {when.day:02d} {_mon(when)} {when.year}")
            page.byline, page.published = who, _day(when)
        page.add(f"Updated {later.day:02d} {_mon(later)} {later.year}")
        page.updated = _day(later)
    # "none": no byline at all


def _br_dateline(rng: random.Random) -> tuple[str, str]:
    """(prefix as printed, place) for a Business Recorder first paragraph."""
    place = _place(rng, world=0.35)
    if rng.random() < 0.12:
        return f"image{place}: ", place
    return f"{place}: ", place


def _br_body(page: _Page, tags: list[str], *, count: int | None = None,
             dateline: bool = True, related: float = 0.5, subheads: float = 0.25,
             captions: float = 0.2, breaks: float = 0.15) -> None:
    """Paragraphs, with related headlines, subheadings (and bullet lines), captions and a
    paragraph broken across a blank line, each on its own paragraph."""
    rng = page.rng
    count = count or rng.randint(3, 8)
    count = max(count, len(tags))
    lead = ""
    if dateline and rng.random() < 0.8:
        lead, page.dateline = _br_dateline(rng)
    extras: dict[int, str] = {}
    for kind, chance in (("related", related), ("subhead", subheads), ("caption", captions)):
        if count > 2 and rng.random() < chance:
            extras.setdefault(rng.randint(1, count - 1), kind)
    if "related" in extras.values() and rng.random() < 0.3:
        extras.setdefault(rng.randint(1, count - 1), "related")
    broken = rng.randint(0, count - 1) if rng.random() < breaks else -1
    for n in range(count):
        kind = extras.get(n)
        if kind == "related":
            page.related_line(_headline(rng))
            page.gap()
        elif kind == "caption":
            page.furniture(_caption(rng))
            page.gap()
        elif kind == "subhead":
            page.subheading(rng.choice(_SUBHEADS))
            page.gap()
            if rng.random() < 0.5:
                bullets = [sentence(rng, quotes=False) for _ in range(rng.randint(2, 4))]
                for bullet in bullets:
                    if not page.stopped:
                        page.lines.append(f"  • {bullet}")
                        page.paragraphs.append(bullet)
                page.gap()
        text = paragraph(rng, tags[n] if n < len(tags) else None)
        page.para(text, lead if n == 0 else "", breakable=n == broken)
        page.gap()


def _br_tail(page: _Page, tags: list[str], crawl: date) -> None:
    rng = page.rng
    if tags and rng.random() < 0.85:
        page.tag_line(tags)
        page.gap(0.8)
    if rng.random() < 0.6:
        year = f", {crawl.year}" if rng.random() < 0.5 else ""
        page.furniture(f"Copyright Business Recorder{year}", signature=True)
        page.gap(0.5)
    if rng.random() < 0.5:
        page.furniture("Comments")
        page.gap(0.5)
        page.furniture("Comments are closed.")


def _br_url(rng: random.Random, title: str | None = None, amp: bool = False) -> str:
    number = rng.randint(40_000_000, 40_380_000)
    if amp:
        return f"https://www.brecorder.com/amp/news/{number}"
    return f"https://www.brecorder.com/news/{number}" + (f"/{_slug(title)}" if title else "")



def _headline_page(rng: random.Random, shape: str, first_year: int, last_year: int
                   ) -> tuple[_Page, datetime, int]:
    """The opening most shapes share: a page, its date, the headline, a blank line, and
    how many paragraphs it will have (with a chance of being cut short)."""
    page = _Page(rng, shape)
    when = _when(rng, first_year, last_year)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap()
    count = rng.randint(2, 7)
    page.plan_cut(count, 0.15)
    return page, when, count

def _br_article(rng: random.Random, shape: str, *, cut: float = 0.0,
                widget: bool = False) -> GeneratedPage:
    """A Business Recorder article page with every optional part."""
    page = _Page(rng, shape)
    when = _when(rng, 2020, 2021) if widget else _when(rng, 2019, 2025)
    crawl = _later(rng, when)
    old = when.year <= 2021 and rng.random() < 0.75
    tags = _tags(rng, rng.randint(2, 6))
    if rng.random() < 0.85:
        _br_strip(page, crawl.year)
        page.gap(0.5)
    if rng.random() < 0.6:
        _br_nav(page, crawl)
    if widget:
        _br_widget(page, when.year)
    if rng.random() < 0.8:
        page.section = rng.choice((*_BR_SECTIONS, "Print"))
        if page.section == "Print" or rng.random() < 0.3:
            page.print_date = _day(when)
            page.add(f"{page.section} Print {page.print_date}")
        else:
            page.add(page.section)
        page.gap()
    page.title = _headline(rng)
    page.add(page.title)
    page.gap()
    if rng.random() < 0.2:
        page.subtitle = [_headline(rng) for _ in range(rng.randint(1, 3))]
        page.add(*(f"  • {line}" for line in page.subtitle))
        page.gap()
    _br_byline(page, when, old)
    page.gap(0.8)  # sometimes a single line break between byline and body
    count = rng.randint(3, 8)
    page.plan_cut(count, cut)
    _br_body(page, tags, count=count)
    _br_tail(page, tags, crawl)
    return page.finish(crawl, url=_br_url(rng, page.title))


# =====================================================================================
# Business Recorder shapes
# =====================================================================================


def brecorder_article(rng: random.Random) -> GeneratedPage:
    return _br_article(rng, "brecorder/article")


def brecorder_truncated(rng: random.Random) -> GeneratedPage:
    """An article cut mid-paragraph (maybe mid-word), perhaps ending with blank lines."""
    return _br_article(rng, "brecorder/truncated", cut=1.0)


def brecorder_widget(rng: random.Random) -> GeneratedPage:
    """A 2020-2021 article with the coronavirus counter between the logo and the section."""
    return _br_article(rng, "brecorder/widget-2021", widget=True)


def brecorder_amp(rng: random.Random) -> GeneratedPage:
    """AMP: the first line is the headline, then the body; no section line, no byline."""
    page, when, count = _headline_page(rng, "brecorder/amp", 2019, 2025)
    _br_body(page, [], count=count, subheads=0.1, captions=0.1, breaks=0.05)
    return page.finish(_later(rng, when), url=_br_url(rng, amp=True))


def brecorder_body_first(rng: random.Random) -> GeneratedPage:
    """The body straight away: no title, byline or published anywhere on the page."""
    page = _Page(rng, "brecorder/body-first")
    when = _when(rng, 2019, 2025)
    tags = _tags(rng, rng.randint(2, 4)) if rng.random() < 0.5 else []
    count = rng.randint(2, 7)
    page.plan_cut(count, 0.15)
    _br_body(page, tags, count=count, related=0.3, subheads=0.1)
    crawl = _later(rng, when)
    _br_tail(page, tags, crawl)
    return page.finish(crawl, url=_br_url(rng))


def brecorder_old_print_teaser(rng: random.Random) -> GeneratedPage:
    """2020 print page: title, a cut-off teaser of the body, byline, then the body starting
    with the same words."""
    page = _Page(rng, "brecorder/old-print-teaser")
    when = _when(rng, 2020, 2020)
    crawl = _later(rng, when)
    tags = _tags(rng, rng.randint(2, 5))
    if rng.random() < 0.85:
        _br_strip(page, 2020)
        page.gap(0.5)
    if rng.random() < 0.6:
        page.section = rng.choice(("Print", "Markets", "Pakistan", "Business & Finance"))
        page.print_date = _day(when)
        page.add(f"{page.section} Print {page.print_date}")
        page.gap()
    page.title = _headline(rng)
    page.add(page.title)
    page.gap()
    lead, page.dateline = _br_dateline(rng)
    first = paragraph(rng, tags[0], sentences=rng.randint(2, 3))
    words = (lead + first).split(" ")
    teaser = " ".join(words[:rng.randint(8, max(9, min(22, len(words) - 3)))])
    page.furniture(teaser + ("..." if rng.random() < 0.4 else ""))
    page.gap()
    _br_byline(page, when, old=True)
    page.gap()
    page.para(first, lead)
    page.gap()
    for tag in tags[1:] + [None] * rng.randint(1, 4):
        page.para(paragraph(rng, tag))
        page.gap()
    _br_tail(page, tags, crawl)
    return page.finish(crawl, url=_br_url(rng, page.title))


def brecorder_old_layout(rng: random.Random) -> GeneratedPage:
    """The old ``fp.`` layout: a weekday date strip, breadcrumbs, then a whole article (its
    headline only at the end of the breadcrumbs) or a list of headlines."""
    page = _Page(rng, "brecorder/old-layout")
    crawl = _when(rng, 2023, 2025).date()
    when = datetime(crawl.year, crawl.month, crawl.day) - timedelta(days=rng.randint(0, 4000))
    page.furniture(f"{_WEEKDAYS[crawl.weekday()]}, {_month(crawl)} {_ordinal(crawl.day)}, "
                   f"{crawl.year}")
    page.gap(0.5)
    trail = rng.choice(("Top Stories", "Business & Economy", "Stock Market", "Pakistan"))
    number = f"{when:%Y%m%d}{rng.randint(100000, 999999)}"
    url = f"https://fp.brecorder.com/{when:%Y/%m}/{number}/"
    if rng.random() < 0.7:
        page.title = _headline(rng)
        page.furniture(f"Home »{trail} » {page.title}")
        page.gap()
        count = rng.randint(2, 7)
        page.plan_cut(count, 0.15)
        _br_body(page, [], count=count, related=0.0, subheads=0.0, captions=0.0, breaks=0.0)
    else:
        page.kind = "listing"
        page.tags = []
        page.furniture(f"Home »{trail}")
        page.gap()
        for _ in range(rng.randint(2, 6)):
            page.furniture(_headline(rng))
            page.gap(0.5)
            page.furniture(_teaser(rng, "..."))
            page.gap()
    return page.finish(crawl, url=url)


def _teaser(rng: random.Random, ellipsis: str = "...", lead: str = "") -> str:
    """The start of another story, cut mid-sentence and marked with ``ellipsis``."""
    text = lead + sentence(rng, quotes=False)
    words = text.split(" ")
    return " ".join(words[:rng.randint(6, max(7, len(words) - 2))]).rstrip(".,;:\"'") + ellipsis


def _stamp_line(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d-%H-%M}"



def _br_listing_page(rng: random.Random, shape: str, years: tuple[int, int], days: int, *,
                     strip: float) -> tuple[_Page, datetime, datetime]:
    """The opening of Business Recorder's listing pages: the page, the date of its newest
    item, the crawl date a few days later, and (with chance ``strip``) the ticker strip."""
    page = _Page(rng, shape)
    page.kind = "listing"
    when = _when(rng, *years)
    crawl = _later(rng, when, days)
    if rng.random() < strip:
        _br_strip(page, crawl.year)
        page.gap(0.5)
    return page, when, crawl

def brecorder_listing_editorials(rng: random.Random) -> GeneratedPage:
    """The editorials list: headlines printed twice around a category or timestamp line,
    ``EDITORIAL:`` teasers ending with a glued ``Updated`` time."""
    page, when, crawl = _br_listing_page(rng, "brecorder/listing-editorials", (2022, 2025), 3,
                                         strip=0.6)
    if rng.random() < 0.5:
        _br_nav(page, crawl)
    if rng.random() < 0.5:
        page.furniture(rng.choice(("Editorials", "Opinion")))
        page.gap()
    moment = when
    for _ in range(rng.randint(2, 8)):
        moment -= timedelta(hours=rng.randint(5, 40), minutes=rng.randint(0, 59))
        title = _headline(rng)
        editorial = rng.random() < 0.7
        between = rng.choice(("Editorials" if editorial else "Opinion", _stamp_line(moment)))
        page.furniture(title, between, title)
        teaser = _teaser(rng, rng.choice(("...", "…", "")), "EDITORIAL: " if editorial else "")
        if rng.random() < 0.8:
            teaser += f" Updated {moment.day:02d} {_mon(moment)}, {moment.year} {_ampm(moment)}"
        page.furniture(teaser)
        page.gap(0.7)
    return page.finish(crawl, url="https://www.brecorder.com/trends/editorials")


def brecorder_listing_print_day(rng: random.Random) -> GeneratedPage:
    """``Print - 2019-12-21`` and the day's entries (category, headline, cut teaser); a
    single entry looks like a tiny article but is still a listing."""
    page, when, crawl = _br_listing_page(rng, "brecorder/listing-print-day", (2018, 2025), 10,
                                         strip=0.4)
    page.furniture(f"Print - {_day(when)}")
    page.gap()
    for _ in range(1 if rng.random() < 0.35 else rng.randint(2, 9)):
        page.furniture(rng.choice(_BR_SECTIONS))
        page.gap(0.5)
        page.furniture(_headline(rng))
        page.gap(0.5)
        lead = f"{rng.choice(_PK_PLACES)}: " if rng.random() < 0.6 else ""
        page.furniture(_teaser(rng, rng.choice(("", "", "...")), lead))
        page.gap()
    return page.finish(crawl, url=f"https://www.brecorder.com/print/{_day(when)}")


def brecorder_author_page(rng: random.Random) -> GeneratedPage:
    """An author's page: ``Name (City)``, then items with ``Published`` lines."""
    page, when, crawl = _br_listing_page(rng, "brecorder/author-page", (2021, 2025), 3,
                                         strip=0.6)
    if rng.random() < 0.4:
        _br_nav(page, crawl)
    name = _name(rng)
    page.furniture(f"{name} ({_city(rng)})")
    page.gap()
    moment = when
    for _ in range(rng.randint(2, 7)):
        moment -= timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
        page.furniture(_headline(rng))
        page.gap(0.5)
        who = f"{name} " if rng.random() < 0.5 else ""
        page.furniture(f"{who}Published {moment.day:02d} {_mon(moment)}, {moment.year} "
                       f"{_ampm(moment)}")
        if rng.random() < 0.5:
            page.gap(0.5)
            page.furniture(_teaser(rng, rng.choice(("...", "…"))))
        page.gap()
    url = f"https://www.brecorder.com/authors/{rng.randint(10, 900)}/{_slug(name)}"
    return page.finish(crawl, url=url)


_UR_SUBJECTS = ("حکومت", "وفاقی کابینہ", "وزارت خزانہ", "اسٹیٹ بینک", "صوبائی حکومت",
                "تاجر برادری", "کسان تنظیموں", "ضلعی انتظامیہ")
_UR_OBJECTS = ("نئی تجارتی پالیسی", "بجلی کے نرخوں میں کمی", "گندم کی امدادی قیمت",
               "برآمدات کے نئے ہدف", "ٹیکس اصلاحات", "بندرگاہ کی توسیع", "پانی کی فراہمی کے منصوبے")
_UR_VERBS = ("کا اعلان کیا", "کی منظوری دے دی", "پر غور کیا", "کا خیرمقدم کیا",
             "پر تشویش کا اظہار کیا")
_UR_DAYS = ("پیر کے روز", "منگل کو", "بدھ کے روز", "جمعرات کو", "جمعہ کو", "ہفتے کے روز")
_UR_PLACES = ("کراچی میں", "لاہور میں", "اسلام آباد میں", "پشاور میں", "کوئٹہ میں")


def _urdu_sentence(rng: random.Random, title: bool = False) -> str:
    core = f"{rng.choice(_UR_SUBJECTS)} نے {rng.choice(_UR_OBJECTS)} {rng.choice(_UR_VERBS)}"
    if title:
        return core
    return f"{rng.choice(_UR_PLACES)} {rng.choice(_UR_DAYS)} {core}۔"


def brecorder_urdu(rng: random.Random) -> GeneratedPage:
    """An Urdu-language page: right-to-left text, ``۔`` filler lines, a comments box."""
    page = _Page(rng, "brecorder/urdu")
    page.kind = "unknown"
    when = _when(rng, 2021, 2025)
    page.furniture(_urdu_sentence(rng, title=True))
    page.gap()
    for _ in range(rng.randint(2, 6)):
        page.furniture(" ".join(_urdu_sentence(rng) for _ in range(rng.randint(1, 3))))
        page.gap()
        if rng.random() < 0.4:
            page.furniture("۔")
            page.gap()
    page.furniture("Comments")
    page.gap(0.5)
    page.furniture("200 حروف")
    return page.finish(_later(rng, when), url=f"https://urdu.brecorder.com/{rng.randint(1, 99999)}")


# =====================================================================================
# Other sites: shared parts
# =====================================================================================


def _body(page: _Page, count: int, *, lead: str = "", indent: str = "", single: bool = False,
          related: Sequence[tuple[int, str, str]] = (), subheads: Sequence[tuple[int, str]] = (),
          captions: Sequence[tuple[int, str]] = (), tags: Sequence[str] = (),
          run_in: float = 0.0, quirks: float = 0.0,
          furniture: Sequence[tuple[int, str]] = ()) -> None:
    """``count`` paragraphs separated by blank lines (or single line breaks); before
    paragraph ``n``: related lines ``(n, title, line)``, subheadings, captions, furniture."""
    rng = page.rng
    before: dict[int, list[tuple[str, str, str]]] = {}
    for n, title, line in related:
        before.setdefault(n, []).append(("related", title, line))
    for n, text in subheads:
        before.setdefault(n, []).append(("subhead", text, text))
    for n, text in captions:
        before.setdefault(n, []).append(("caption", text, text))
    for n, text in furniture:
        before.setdefault(n, []).append(("furniture", text, text))
    for n in range(count):
        for kind, text, line in before.get(n, ()):
            if kind == "related":
                page.related_line(text, indent + line)
            elif kind == "subhead":
                page.subheading(text, indent)
            else:
                page.furniture(indent + line)
            if not single:
                page.gap()
        text = paragraph(rng, tags[n] if n < len(tags) else None)
        if n > 0 and rng.random() < run_in:
            label, first = rng.choice(_RUN_IN)
            text = f"{label}: {first.format(city=_city(rng), n=rng.randint(3, 40))}" + \
                (f" {sentence(rng)}" if rng.random() < 0.5 else "")
        elif n > 0 and rng.random() < quirks:
            text = _quirk(rng, text)
        page.para(text, lead if n == 0 else "", indent)
        if not single:
            page.gap()


def _quirk(rng: random.Random, text: str) -> str:
    """Character quirks kept as printed: ``´`` for an apostrophe, ``‚`` for a comma, or a
    hole where a linked name was stripped (the paragraph starts in lower case)."""
    kind = rng.randrange(3)
    if kind == 0:
        return f"{text} The plan´s first phase is due to start in {rng.choice(_MONTHS)}."
    if kind == 1 and "," in text:
        return text.replace(",", "‚", 1)
    verb = rng.choice(("said on Monday that", "told the assembly that", "added that"))
    return f"{verb} {_lower_first(sentence(rng, rng.choice(_ORGS)))}"


def _dateline(rng: random.Random, style: str, when: datetime | None = None) -> tuple[str, str]:
    """(prefix as printed, place) for the first paragraph, in one of the dateline styles."""
    place = _place(rng, world=0.2)
    if style == "colon":
        return f"{place}: ", place
    if style == "alone":
        return f"{place}:", place
    if style == "spaced":
        return f"{place}  -  ", place
    if style == "glued":
        return f"{place}-", place
    if style == "slip":
        return f"{place}:{rng.choice(('  ', ''))}", place
    if style == "dunya":
        return f"{place} (Dunya News/Web Desk) – ", place
    if style == "emdash":
        place = _title_case(place)
        return f"{place}—", place
    if style == "reuters":
        assert when is not None
        return f"{place}, {_reuters_month(when)} {when.day} (Reuters) - ", place
    if style == "ap":
        country = ", Pakistan" if place in _PK_PLACES else ""
        return f"{place}{country} (AP) — ", place
    raise ValueError(style)


def _reuters_month(moment: datetime) -> str:
    name = _month(moment)
    return name if len(name) <= 5 else {"September": "Sept"}.get(name, name[:3])


def _ap_month(moment: datetime) -> str:
    name = _month(moment)
    return name if len(name) <= 5 else {"September": "Sept."}.get(name, name[:3] + ".")


def _positions(rng: random.Random, count: int, chance: float, most: int = 2) -> list[int]:
    """Paragraph numbers (between paragraphs) where an extra part goes."""
    if count < 2:
        return []
    return sorted({rng.randint(1, count - 1) for _ in range(most) if rng.random() < chance})


# =====================================================================================
# Dawn
# =====================================================================================

_DAWN_WHO = ("AFP", "Reuters", "APP", "Our Correspondent", "The Newspaper's Staff Reporter",
             "Dawn Report")


def _dawn_url(rng: random.Random, title: str | None = None) -> str:
    number = rng.randint(1_400_000, 1_890_000)
    return f"https://www.dawn.com/news/{number}" + (f"/{_slug(title)}" if title else "")


def dawn_web(rng: random.Random) -> GeneratedPage:
    """``DAWN.COM Logo``, title, ``<who> Published <date>[ - Updated <date> <time>]``, body."""
    page = _Page(rng, "dawn/web")
    when = _when(rng, 2016, 2025)
    if rng.random() < 0.85:
        page.furniture("DAWN.COM Logo", signature=True)
        page.gap()
    page.title = _headline(rng)
    page.add(page.title)
    page.gap()
    who = rng.choice(_DAWN_WHO) if rng.random() < 0.6 else _name(rng) if rng.random() < 0.6 \
        else None
    later = when + timedelta(minutes=rng.randint(30, 2000))
    stamp = f"Published {_month(when)} {when.day}, {when.year}"
    if rng.random() < 0.5:
        stamp += f" - Updated {_month(later)} {later.day}, {later.year} {_ampm(later)}"
        page.published, page.updated = _day(when), _iso(later)
    elif rng.random() < 0.6:
        stamp += f" {_ampm(when)}"
        page.published = _iso(when)
    else:
        page.published = _day(when)
    page.add(f"{who} {stamp}" if who else stamp)
    page.byline = who
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.75:
        lead, page.dateline = _dateline(rng, "colon")
    _body(page, count, lead=lead, run_in=0.15, quirks=0.05)
    return page.finish(_later(rng, when), url=_dawn_url(rng, page.title))


def _dawn_sidebar(page: _Page, when: datetime) -> None:
    rng = page.rng
    page.furniture(rng.choice(("Opinion", "Editorial")))
    page.gap()
    for _ in range(rng.randint(1, 4)):
        title = _headline(rng)
        moment = when + timedelta(days=rng.randint(-3, 3))
        stamp = f"{moment.day:02d} {_mon(moment)}, {moment.year}"
        page.furniture(title, f"Updated {stamp}" if rng.random() < 0.6 else stamp)
        page.gap()
        page.furniture(title)
        page.gap()
        page.furniture(sentence(rng))
        page.gap()


def dawn_print_mirror(rng: random.Random) -> GeneratedPage:
    """Body first, ``Published in Dawn, <Month> <ordinal>, <year>``, ``Follow Dawn ...``,
    then an Opinion/Editorial sidebar (furniture)."""
    page = _Page(rng, "dawn/print-mirror")
    when = _when(rng, 2015, 2025)
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.12)
    lead = ""
    if rng.random() < 0.85:
        lead, page.dateline = _dateline(rng, "colon")
    _body(page, count, lead=lead, run_in=0.12)
    ordinal = _ordinal(when.day, wrong=rng.random() < 0.2)
    page.furniture(f"Published in Dawn, {_month(when)} {ordinal}, {when.year}", signature=True)
    if not page.stopped:
        page.published = _day(when)
    page.gap()
    if rng.random() < 0.5:
        platforms = rng.choice(("X and LinkedIn", "Facebook, X and Instagram",
                                "LinkedIn, Instagram and WhatsApp"))
        topics = rng.choice(("markets, trade and the economy at home and abroad",
                             "companies, prices and policy across the region"))
        page.furniture(f"Follow Dawn Business on {platforms} for insights on {topics}.",
                       signature=True)
        page.gap()
    if rng.random() < 0.7:
        _dawn_sidebar(page, when)
    return page.finish(_later(rng, when, 30), url=_dawn_url(rng))


def dawn_listing(rng: random.Random) -> GeneratedPage:
    """A header line, then items of title, blank, teaser with its time glued to the end."""
    page = _Page(rng, "dawn/listing")
    page.kind = "listing"
    when = _when(rng, 2014, 2025)
    if rng.random() < 0.4:
        page.furniture("DAWN.COM Logo", signature=True)
        page.gap()
    header = rng.choice(("Business", "Pakistan", "Latest Stories", "Sport", "World"))
    page.furniture(header)
    page.gap()
    moment = when
    for _ in range(rng.randint(2, 8)):
        moment -= timedelta(minutes=rng.randint(20, 900))
        page.furniture(_headline(rng))
        page.gap()
        word = "Updated" if rng.random() < 0.7 else "Published"
        page.furniture(f"{sentence(rng)} {word} {_month(moment)} {moment.day}, {moment.year} "
                       f"{_ampm(moment)}")
        page.gap()
    return page.finish(_later(rng, when, 2), url=f"https://www.dawn.com/{_slug(header)}")


def dawn_amp_gallery(rng: random.Random) -> GeneratedPage:
    """An AMP photo gallery: ``☰``, a gallery title, photo captions, ``Read Comments``.
    No story text, so ``unknown``; its headline is still the page's title."""
    page = _Page(rng, "dawn/amp-gallery")
    page.kind = "unknown"
    when = _when(rng, 2016, 2025)
    page.furniture("☰")
    page.gap(0.5)
    page.title = f"In pictures: {_headline(rng)}"
    page.add(page.title)
    page.gap()
    for _ in range(rng.randint(2, 8)):
        credit = rng.choice(("— AFP", "— Reuters", f"— Photo by {_name(rng)}", "— White Star"))
        page.furniture(f"{_caption(rng, chart=False)} {credit}")
        page.gap()
    page.furniture("Read Comments")
    return page.finish(_later(rng, when), url=f"https://www.dawn.com/news/amp/"
                                              f"{rng.randint(1_400_000, 1_890_000)}")


# =====================================================================================
# The Express Tribune
# =====================================================================================


def tribune_amp(rng: random.Random) -> GeneratedPage:
    """Title, standfirst (subtitle), caption, dateline alone (``LAHORE:``), single-line body."""
    page = _Page(rng, "tribune/amp")
    when = _when(rng, 2016, 2025)
    spaced = rng.random() < 0.5
    page.title = _headline(rng)
    page.add(page.title)
    if spaced:
        page.gap()
    if rng.random() < 0.9:
        page.subtitle = [sentence(rng)]
        page.add(page.subtitle[0])
        if spaced:
            page.gap()
    if rng.random() < 0.7:
        credit = rng.choice(("FILE", "REUTERS", "AFP", "EXPRESS"))
        page.furniture(f"{_caption(rng)} PHOTO: {credit}")
        if spaced:
            page.gap()
    if rng.random() < 0.85:
        line, page.dateline = _dateline(rng, "alone")
        page.add(line)
    count = rng.randint(3, 10)
    page.plan_cut(count, 0.15)
    _body(page, count, single=True)
    url = f"https://tribune.com.pk/story/{rng.randint(1_000_000, 2_500_000)}/{_slug(page.title)}"
    return page.finish(_later(rng, when), url=url)


def tribune_listing(rng: random.Random) -> GeneratedPage:
    """``<Section>`` / ``More News``, items ``Topic: headline`` + teaser, separated by ``-``."""
    page = _Page(rng, "tribune/listing")
    page.kind = "listing"
    when = _when(rng, 2016, 2025)
    section = rng.choice(("Business", "Pakistan", "World", "Sports", "Life & Style"))
    page.furniture(section, "More News", signature=True)
    for n in range(rng.randint(2, 9)):
        if n:
            page.furniture("-")
        topic = rng.choice(("Markets", "Energy", "Budget", "Trade", "Cricket", "Weather",
                            "Courts", "Education"))
        page.furniture(f"{topic}: {_headline(rng)}", sentence(rng))
    return page.finish(_later(rng, when), url=f"https://tribune.com.pk/{_slug(section)}")


# =====================================================================================
# The News
# =====================================================================================

_NEWS_BANNERS = ("Read The News on our web app for a faster, lighter page",
                 "Add The News to your home screen for quick access to the day's stories",
                 "Install The News web app and get the latest stories first")


def _news_strip(rng: random.Random, day: date) -> str:
    weekday = _WEEKDAYS[day.weekday()]
    return rng.choice((f"{weekday} {_month(day)} {day.day:02d}, {day.year}",
                       f"{weekday[:3]} {_mon(day)} {day.day:02d}, {day.year}",
                       f"{weekday[:3]} {_month(day)} {day.day:02d}, {day.year}",
                       f"{weekday} {_month(day)} {day.day}, {day.year}"))


def _news_tail(page: _Page) -> None:
    """Teasers of other stories cut with ``...``, then the web-app banner (twice)."""
    rng = page.rng
    for _ in range(rng.randint(0, 4)):
        page.furniture(_teaser(rng, "...", f"{rng.choice(_PK_PLACES)}: "))
        page.gap()
    if rng.random() < 0.7:
        banner = rng.choice(_NEWS_BANNERS)
        if rng.random() < 0.5:
            page.furniture(banner, f"{banner}Got it!", signature=True)
        else:
            page.furniture(f"{banner}{banner}Got it!", signature=True)


def _news_url(rng: random.Random, kind: str, title: str | None) -> str:
    slug = _slug(title) if title else "story"
    return f"https://www.thenews.com.pk/{kind}/{rng.randint(400_000, 1_200_000)}-{slug}"


def thenews_full(rng: random.Random) -> GeneratedPage:
    """[close], date strip, [section], [byline], story date line, title, ``CITY:`` body,
    teasers, app banner."""
    page = _Page(rng, "thenews/full")
    when = _when(rng, 2017, 2025)
    crawl = _later(rng, when)
    if rng.random() < 0.6:
        page.furniture("close")
    page.furniture(_news_strip(rng, crawl))
    if rng.random() < 0.6:
        page.profile_section = rng.choice(_PK_SECTIONS)  # read by The News's profile only
        page.furniture(page.profile_section)
    page.gap(0.5)
    if rng.random() < 0.5:
        who = rng.choice((_name(rng), _name(rng), "AFP", "Agencies", "APP"))
        page.add(f"By {who}" if who not in ("AFP", "Agencies", "APP") else who)
        page.byline = who
    if rng.random() < 0.85:
        day = f"{when.day:02d}" if rng.random() < 0.7 else str(when.day)
        page.add(f"{_month(when)} {day}, {when.year}")
        page.published = _day(when)
    page.gap(0.5)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.85:
        lead, page.dateline = _dateline(rng, rng.choice(("colon", "colon", "slip")))
    _body(page, count, lead=lead)
    _news_tail(page)
    return page.finish(crawl, url=_news_url(rng, "latest", page.title))


def thenews_print(rng: random.Random) -> GeneratedPage:
    """The print page: straight to the ``CITY:`` body (spacing slips), then teasers."""
    page = _Page(rng, "thenews/print")
    when = _when(rng, 2015, 2025)
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.9:
        lead, page.dateline = _dateline(rng, rng.choice(("colon", "slip", "slip")))
    _body(page, count, lead=lead)
    _news_tail(page)
    return page.finish(_later(rng, when), url=_news_url(rng, "print", None))


# =====================================================================================
# The Nation
# =====================================================================================


def _nation_footer(page: _Page, crawl: date) -> None:
    rng = page.rng
    menu = ["Home", "Latest", "Politics", "Business", "Sports", "International", "Opinions",
            "Editorials", "Newspaper", "E-Paper", "Lifestyle", "Videos"]
    page.furniture(*rng.sample(menu, rng.randint(5, len(menu))))
    page.furniture(f"https://epaper.nation.com.pk/images/{_day(crawl)}/page-"
                   f"{rng.randint(1, 16)}-large.jpg")
    page.furniture(f"{rng.randint(2, 90)} {rng.choice(('Canal Bank', 'Mall', 'Ferozepur'))} Road, "
                   f"Lahore")
    page.furniture(f"Tel: +92-42-36{rng.randint(10, 99)}-{rng.randint(1000, 9999)} | Fax : "
                   f"+92-42-36{rng.randint(10, 99)}-{rng.randint(1000, 9999)}")
    page.furniture(f"Copyright © {crawl.year} The Nation", signature=True)
    if rng.random() < 0.5:
        page.furniture("Copyright © The Nation. All rights reserved.")


def nation_current(rng: random.Random) -> GeneratedPage:
    """Date strip, ``CONNECT WITH US``, title, byline, date line, category line, body with
    hyphen datelines and an inline related headline, ``Tags:``, long footer."""
    page = _Page(rng, "nation/current")
    when = _when(rng, 2019, 2025)
    crawl = _later(rng, when)
    page.furniture(f"{_WEEKDAYS[crawl.weekday()]}, {_month(crawl)} {crawl.day}, {crawl.year}")
    page.furniture("CONNECT WITH US", signature=True)
    page.gap(0.5)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap(0.5)
    if rng.random() < 0.6:
        page.byline = rng.choice(("Our Staff Reporter", "Staff Reporter", "Our Correspondent",
                                  "Agencies", "APP", _name(rng)))
        page.add(page.byline)
    if rng.random() < 0.9:
        page.add(f"{_month(when)} {when.day}, {when.year}")
        page.published = _day(when)
    if rng.random() < 0.8:  # category line: not read as a section for this site (null)
        words = ("Newspaper", "National", "Karachi", "Lahore", "Islamabad", "Business", "Latest")
        page.furniture(", ".join(rng.sample(words, rng.randint(1, 3))))
    page.gap()
    tags = _tags(rng, rng.randint(2, 5)) if rng.random() < 0.7 else []
    count = max(len(tags), rng.randint(3, 8))
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.85:
        lead, page.dateline = _dateline(rng, rng.choice(("spaced", "glued")))
    related = [(n, title, title) for n in _positions(rng, count, 0.5, 1)
               for title in [_headline(rng)]]
    _body(page, count, lead=lead, related=related, tags=tags)
    page.tag_line(tags, "Tags: " + " ".join(tags) if tags else "Tags:")
    page.gap(0.5)
    _nation_footer(page, crawl)
    url = f"https://www.nation.com.pk/{crawl.day:02d}-{_mon(crawl)}-{crawl.year}/{_slug(page.title)}"
    return page.finish(crawl, url=url)


def nation_2013(rng: random.Random) -> GeneratedPage:
    """The 2013 layout: title, single-line body without dateline, a lower-case tag line,
    ``more in <Section>``, ``comments powered by Disqus``."""
    page = _Page(rng, "nation/2013")
    when = _when(rng, 2012, 2014)
    page.tags = None  # the lower-case run-together tag line cannot be split reliably
    page.title = _headline(rng)
    page.add(page.title)
    tags = _tags(rng, rng.randint(2, 4))
    count = max(len(tags), rng.randint(2, 7))
    page.plan_cut(count, 0.15)
    _body(page, count, single=True, tags=tags)
    page.furniture(" ".join(tags).lower())
    section = rng.choice(("Business", "National", "Sports", "Lahore", "International"))
    page.furniture(f"more in {section}", signature=True)
    page.furniture("comments powered by Disqus", signature=True)
    url = f"https://nation.com.pk/{_slug(section)}/{when.day:02d}-{_mon(when)}-{when.year}/" \
          f"{_slug(page.title)}"
    return page.finish(_later(rng, when, 400), url=url)


# =====================================================================================
# ARY News
# =====================================================================================


def _weather(rng: random.Random, day: date) -> list[str]:
    return [f"{rng.randint(80, 440) / 10} C", _city(rng),
            f"{_WEEKDAYS[day.weekday()]}, {_month(day)} {day.day}, {day.year}"]


def arynews_article(rng: random.Random) -> GeneratedPage:
    """Weather strip, ``- Advertisement -``, title, ``TOP NEWS``, body with ``Read more:``
    lines, [``Developing Story…``], ``POLL``, ``MORE STORIES``."""
    page = _Page(rng, "arynews/article")
    when = _when(rng, 2018, 2025)
    crawl = _later(rng, when)
    if rng.random() < 0.8:
        page.furniture(*_weather(rng, crawl))
    page.furniture("- Advertisement -", signature=True)
    page.gap(0.5)
    page.title = _headline(rng)
    page.add(page.title)
    page.furniture("TOP NEWS", signature=True)
    page.gap(0.5)
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.8:
        lead, page.dateline = _dateline(rng, "colon")
    related = [(n, title, f"Read more: {title}") for n in _positions(rng, count, 0.6, 2)
               for title in [_headline(rng)]]
    ads = [(n, "- Advertisement -") for n in _positions(rng, count, 0.3, 1)]
    _body(page, count, lead=lead, related=related, furniture=ads)
    if rng.random() < 0.3:
        page.furniture("Developing Story… Updates to follow", signature=True)
        page.gap()
    if rng.random() < 0.6:
        page.furniture("POLL", f"Do you think {_lower_first(_headline(rng))}?")
        page.gap()
    page.furniture("MORE STORIES", signature=True)
    return page.finish(crawl, url=f"https://arynews.tv/{_slug(page.title)}/")


def arynews_tag_page(rng: random.Random) -> GeneratedPage:
    """A tag page: a heading, then items of title, blank, ``CITY: teaser… Read More``."""
    page = _Page(rng, "arynews/tag-page")
    page.kind = "listing"
    when = _when(rng, 2018, 2025)
    heading = rng.choice(("Petrol price", "Budget", "Karachi rain", "Cricket", "Gold rate"))
    page.furniture(heading)
    page.gap()
    for _ in range(rng.randint(2, 8)):
        page.furniture(_headline(rng))
        page.gap()
        page.furniture(_teaser(rng, "… Read More", f"{rng.choice(_PK_PLACES)}: "))
        page.gap()
    return page.finish(_later(rng, when), url=f"https://arynews.tv/tag/{_slug(heading)}/")


# =====================================================================================
# Pakistan Observer, Daily Times
# =====================================================================================


def pakobserver_article(rng: random.Random) -> GeneratedPage:
    """Title, a byline alone, [a city alone], body ([em-dash dateline]), ``Share this post``,
    ``    scroll to top``, ``Previous article...Next article...``."""
    page = _Page(rng, "pakobserver/article")
    when = _when(rng, 2016, 2025)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap(0.5)
    if rng.random() < 0.8:
        page.byline = rng.choice(("Staff Reporter", "City Reporter", _name(rng), _name(rng)))
        page.add(page.byline)
    if rng.random() < 0.35:
        page.furniture(_city(rng))  # a city alone in title case: not a dateline
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.3:
        lead, page.dateline = _dateline(rng, "emdash")
    _body(page, count, lead=lead)
    page.furniture("Share this post", signature=True)
    page.furniture("    scroll to top", signature=True)
    previous, following = _headline(rng), _headline(rng)
    if rng.random() < 0.5:
        page.furniture(f"Previous article{previous}Next article{following}", signature=True)
    else:
        page.furniture(f"Previous article{previous}", f"Next article{following}")
    return page.finish(_later(rng, when), url=f"https://pakobserver.net/{_slug(page.title)}/")


def pakobserver_old_listing(rng: random.Random) -> GeneratedPage:
    """``Pakistan Observer``, a section, items whose teaser ends ``<date> Details``."""
    page = _Page(rng, "pakobserver/old-listing")
    page.kind = "listing"
    when = _when(rng, 2010, 2016)
    page.furniture("Pakistan Observer", signature=True)
    section = rng.choice(("Business", "National", "Editorial", "Sports", "World"))
    page.furniture(section)
    page.gap(0.5)
    moment = when
    for _ in range(rng.randint(2, 8)):
        moment -= timedelta(days=rng.randint(0, 2))
        page.furniture(_headline(rng))
        lead = _dateline(rng, "emdash")[0] if rng.random() < 0.3 else ""
        stamp = f"{_WEEKDAYS[moment.weekday()]}, {_month(moment)} {moment.day:02d}, {moment.year}"
        page.furniture(f"{_teaser(rng, '...', lead)} {stamp} Details")
        page.gap(0.6)
    return page.finish(_later(rng, when), url=f"http://pakobserver.net/archive/{_slug(section)}")


def dailytimes_article(rng: random.Random) -> GeneratedPage:
    """Body first (no title, byline or dateline), teasers of other stories cut with ``…``,
    ``Leave a Comment``."""
    page = _Page(rng, "dailytimes/article")
    when = _when(rng, 2016, 2025)
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    _body(page, count, quirks=0.05)
    comment_first = rng.random() < 0.5
    if comment_first:
        page.furniture("Leave a Comment")
        page.gap()
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.5:
            page.furniture(_headline(rng))
        page.furniture(_teaser(rng, "…"))
        page.gap()
    if not comment_first:
        page.furniture("Leave a Comment")
    url = f"https://dailytimes.com.pk/{rng.randint(100_000, 1_300_000)}/story/"
    return page.finish(_later(rng, when), url=url)


# =====================================================================================
# Sites without a profile (generic)
# =====================================================================================


def _generic_top(page: _Page, crawl: date) -> None:
    """Whatever tops a page of an unknown site: a date strip, a weather strip, a run-together
    menu, a logo-like name line, or nothing."""
    rng = page.rng
    choice = rng.randrange(5)
    if choice == 0:
        page.furniture(f"{_WEEKDAYS[crawl.weekday()]}, {_month(crawl)} {crawl.day}, {crawl.year}")
    elif choice == 1:
        page.furniture(*_weather(rng, crawl))
    elif choice == 2:
        page.furniture(" ".join(rng.sample(("Home", "Pakistan", "World", "Business", "Sports",
                                            "Opinion", "Videos", "Latest"), 6)))
    elif choice == 3:
        logos = ("Coastline Post Logo", "Valley Times Logo", "Frontier Daily Logo")
        page.furniture(rng.choice(logos))
    if choice < 4:
        page.gap(0.6)


def generic_article(rng: random.Random) -> GeneratedPage:
    """An unknown site: [top furniture], [title], [name line], [date line], body (various
    dateline shapes, sometimes single line breaks, character quirks)."""
    page = _Page(rng, "generic/article")
    when = _when(rng, 2015, 2025)
    crawl = _later(rng, when)
    _generic_top(page, crawl)
    if rng.random() < 0.8:
        page.title = _headline(rng)
        page.add(page.title)
        page.gap()
    if rng.random() < 0.5:  # a name line alone
        if rng.random() < 0.5:
            page.byline = _name(rng)
            page.add(f"By {page.byline}" if rng.random() < 0.7 else page.byline)
        else:
            page.byline = rng.choice(("Staff Reporter", "Our Correspondent", "AFP", "Agencies"))
            page.add(page.byline)
    if rng.random() < 0.5:
        form = rng.randrange(3)
        if form == 0:
            page.add(f"{_month(when)} {when.day}, {when.year}")
            page.published = _day(when)
        elif form == 1:
            page.add(f"{when.day:02d} {_mon(when)} {when.year}")
            page.published = _day(when)
        else:
            page.add(f"{_mon(when)} {when.day}, {when.year} {_ampm(when)}")
            page.published = _iso(when)
    page.gap()
    single = rng.random() < 0.25
    count = rng.randint(2, 9)
    page.plan_cut(count, 0.2)
    lead = ""
    if rng.random() < 0.6:
        lead, page.dateline = _dateline(rng, rng.choice(("colon", "spaced", "glued")))
    _body(page, count, lead=lead, single=single, quirks=0.15)
    return page.finish(crawl, url=None)


def generic_reuters(rng: random.Random) -> GeneratedPage:
    """Run-together menu, title, ``May 9, 2017 / 9:15 AM / in 3 hours``, ``2 Min Read``,
    ``KARACHI, May 9 (Reuters) - `` body, ``(Reporting by ...; editing by ...)``."""
    page = _Page(rng, "generic/reuters")
    when = _when(rng, 2014, 2019)
    if rng.random() < 0.8:
        page.furniture(" ".join(rng.sample(("Business", "Markets", "World", "Politics", "TV",
                                            "More", "Tech", "Sports"), rng.randint(4, 7))))
        page.gap(0.5)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap(0.5)
    hour = when.hour % 12 or 12
    suffix = rng.choice((f" / in {rng.randint(2, 9)} hours",) * 8 + (" / a day ago", ""))
    page.add(f"{_reuters_month(when)} {when.day}, {when.year} / {hour}:{when.minute:02d} "
             f"{'AM' if when.hour < 12 else 'PM'}{suffix}")
    page.published = _iso(when)
    if rng.random() < 0.7:
        page.furniture(f"{rng.randint(1, 6)} Min Read")
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead, page.dateline = _dateline(rng, "reuters", when)
    _body(page, count, lead=lead)
    credit = f"(Reporting by {_name(rng)}; editing by {_name(rng)})"
    if rng.random() < 0.3:
        credit = f"(Reporting by {_name(rng)} in {_city(rng)}; Writing by {_name(rng)}; " \
                 f"editing by {_name(rng)})"
    page.furniture(credit)
    return page.finish(_later(rng, when), url=None)


def generic_ap(rng: random.Random) -> GeneratedPage:
    """Title, [By line], ``Nov. 03, 2023 16:05 PM EDT`` (a 24-hour hour with PM),
    ``QUETTA, Pakistan (AP) — `` body."""
    page = _Page(rng, "generic/ap")
    when = _when(rng, 2016, 2025)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap(0.5)
    if rng.random() < 0.5:
        page.byline = _name(rng)
        page.add(f"By {page.byline}")
    summer = when.replace(tzinfo=ZoneInfo("America/New_York")).dst()
    zone, offset = ("EDT", "-04:00") if summer else ("EST", "-05:00")
    half = "PM" if when.hour >= 12 else "AM"
    page.add(f"{_ap_month(when)} {when.day:02d}, {when.year} {when.hour:02d}:{when.minute:02d} "
             f"{half} {zone}")
    page.published = _iso(when, offset)
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead, page.dateline = _dateline(rng, "ap")
    _body(page, count, lead=lead)
    return page.finish(_later(rng, when), url=None)


def generic_arabnews(rng: random.Random) -> GeneratedPage:
    """Title twice, ``Short Url``, an ``arab.news`` link, ``Updated 14 Mar 2023``, [a name
    line], ``  • `` bullets (subtitle), body, then the next story running on."""
    page = _Page(rng, "generic/arabnews")
    when = _when(rng, 2017, 2025)
    page.title = _headline(rng)
    page.add(page.title)
    page.gap(0.5)
    page.add(page.title)
    page.gap()
    page.furniture("Short Url")
    code = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(5))
    page.furniture(f"https://arab.news/{code}")
    page.gap(0.5)
    page.add(f"Updated {when.day:02d} {_mon(when)} {when.year}")
    page.updated = _day(when)
    if rng.random() < 0.4:
        page.byline = rng.choice(("AFP", "Reuters", "Arab News", _name(rng)))
        page.add(page.byline)
    page.gap()
    if rng.random() < 0.6:
        page.subtitle = [_headline(rng) for _ in range(rng.randint(1, 3))]
        page.add(*(f"  • {line}" for line in page.subtitle))
        page.gap()
    count = rng.randint(2, 7)
    page.plan_cut(count, 0.1)
    lead = ""
    if rng.random() < 0.7:
        lead, page.dateline = _dateline(rng, "colon")
    _body(page, count, lead=lead)
    if rng.random() < 0.7:  # the next story runs on (not this article)
        title = _headline(rng)
        later = when + timedelta(hours=rng.randint(1, 30))
        page.furniture(title, "Short Url", f"Updated {later.day:02d} {_mon(later)} {later.year}")
        page.gap()
        page.furniture(f"{rng.choice(_PK_PLACES)}: {_cut(rng, paragraph(rng))}")
    return page.finish(_later(rng, when), url=None)


def generic_aljazeera(rng: random.Random) -> GeneratedPage:
    """Every line indented four spaces; captions ending ``[Reuters]``."""
    page = _Page(rng, "generic/aljazeera")
    when = _when(rng, 2016, 2025)
    indent = "    "
    page.title = _headline(rng)
    page.add(indent + page.title)
    page.gap()
    count = rng.randint(3, 9)
    page.plan_cut(count, 0.15)
    captions = [(n, f"{_caption(rng)[:-1]} [{rng.choice(('Reuters', 'Reuters', 'AFP'))}]")
                for n in _positions(rng, count, 0.6, 2)]
    if rng.random() < 0.5:
        captions.insert(0, (0, f"{_caption(rng)[:-1]} [Reuters]"))
    _body(page, count, indent=indent, captions=captions)
    return page.finish(_later(rng, when), url=None)


def generic_bbc(rng: random.Random) -> GeneratedPage:
    """Title, a bare ``- Published`` line, [By line], single-line body with question
    subheads."""
    page = _Page(rng, "generic/bbc")
    when = _when(rng, 2018, 2025)
    page.title = _headline(rng)
    page.add(page.title)
    page.furniture("- Published")
    if rng.random() < 0.4:
        page.byline = _name(rng)
        page.add(f"By {page.byline}")
    count = rng.randint(3, 10)
    page.plan_cut(count, 0.15)
    at = _positions(rng, count, 0.6, 2)
    subheads = list(zip(at, rng.sample(_QUESTIONS, len(at)), strict=True))
    _body(page, count, single=True, subheads=subheads)
    return page.finish(_later(rng, when), url=None)


def generic_geo(rng: random.Random) -> GeneratedPage:
    """Capitals menu, ``Geo Rss Geo Rss``, title, date, slug line, bare URL line,
    ``KARACHI/HYDERABAD: `` body."""
    page = _Page(rng, "generic/geo")
    when = _when(rng, 2016, 2025)
    page.furniture(" ".join(rng.sample(("HOME", "PAKISTAN", "WORLD", "BUSINESS", "SPORTS",
                                        "HEALTH", "SCI-TECH", "SHOWBIZ"), 6)))
    page.furniture("Geo Rss Geo Rss")
    page.gap(0.5)
    page.title = _headline(rng)
    page.add(page.title)
    page.add(f"{_month(when)} {when.day:02d}, {when.year}")
    page.published = _day(when)
    slug = _slug(page.title)
    page.furniture(slug)
    page.furniture(f"https://www.geo.tv/latest/{rng.randint(100_000, 600_000)}-{slug}")
    page.gap()
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.15)
    lead = ""
    if rng.random() < 0.8:
        place = rng.choice(("KARACHI/HYDERABAD", "ISLAMABAD/LAHORE", *_PK_PLACES))
        lead, page.dateline = f"{place}: ", place
    _body(page, count, lead=lead)
    return page.finish(_later(rng, when), url=None)


def generic_dunya(rng: random.Random) -> GeneratedPage:
    """Title, ``LAHORE (Dunya News/Web Desk) – `` body."""
    page, when, count = _headline_page(rng, "generic/dunya", 2016, 2025)
    lead, page.dateline = _dateline(rng, "dunya")
    _body(page, count, lead=lead)
    return page.finish(_later(rng, when), url=None)


def generic_samaa(rng: random.Random) -> GeneratedPage:
    """Body first: no title, byline or date."""
    page = _Page(rng, "generic/samaa")
    when = _when(rng, 2016, 2025)
    count = rng.randint(2, 8)
    page.plan_cut(count, 0.2)
    lead = ""
    if rng.random() < 0.5:
        lead, page.dateline = _dateline(rng, "colon")
    _body(page, count, lead=lead, single=rng.random() < 0.25, quirks=0.1)
    return page.finish(_later(rng, when), url=None)


def generic_listing(rng: random.Random) -> GeneratedPage:
    """A section listing: a header, items of title, teaser cut with ``...`` or ``…``, and
    sometimes a date."""
    page = _Page(rng, "generic/listing")
    page.kind = "listing"
    when = _when(rng, 2015, 2025)
    page.furniture(rng.choice(("Latest News", "Business", "Pakistan", "Sports", "World")))
    page.gap()
    moment = when
    for _ in range(rng.randint(2, 9)):
        moment -= timedelta(minutes=rng.randint(30, 2000))
        page.furniture(_headline(rng))
        page.gap(0.4)
        page.furniture(_teaser(rng, rng.choice(("...", "…", " ..."))))
        if rng.random() < 0.5:
            page.furniture(f"{_mon(moment)} {moment.day}, {moment.year}")
        page.gap()
    return page.finish(_later(rng, when, 2), url=None)


# =====================================================================================
# The registry and the drivers
# =====================================================================================

SHAPES: dict[str, Callable[[random.Random], GeneratedPage]] = {
    "brecorder/article": brecorder_article,
    "brecorder/amp": brecorder_amp,
    "brecorder/body-first": brecorder_body_first,
    "brecorder/old-print-teaser": brecorder_old_print_teaser,
    "brecorder/widget-2021": brecorder_widget,
    "brecorder/old-layout": brecorder_old_layout,
    "brecorder/listing-editorials": brecorder_listing_editorials,
    "brecorder/listing-print-day": brecorder_listing_print_day,
    "brecorder/author-page": brecorder_author_page,
    "brecorder/urdu": brecorder_urdu,
    "brecorder/truncated": brecorder_truncated,
    "dawn/web": dawn_web,
    "dawn/print-mirror": dawn_print_mirror,
    "dawn/listing": dawn_listing,
    "dawn/amp-gallery": dawn_amp_gallery,
    "tribune/amp": tribune_amp,
    "tribune/listing": tribune_listing,
    "thenews/full": thenews_full,
    "thenews/print": thenews_print,
    "nation/current": nation_current,
    "nation/2013": nation_2013,
    "arynews/article": arynews_article,
    "arynews/tag-page": arynews_tag_page,
    "pakobserver/article": pakobserver_article,
    "pakobserver/old-listing": pakobserver_old_listing,
    "dailytimes/article": dailytimes_article,
    "generic/article": generic_article,
    "generic/reuters": generic_reuters,
    "generic/ap": generic_ap,
    "generic/arabnews": generic_arabnews,
    "generic/aljazeera": generic_aljazeera,
    "generic/bbc": generic_bbc,
    "generic/geo": generic_geo,
    "generic/dunya": generic_dunya,
    "generic/samaa": generic_samaa,
    "generic/listing": generic_listing,
}


def _shape_names(shapes: Iterable[str] | None) -> list[str]:
    names = list(SHAPES) if shapes is None else list(shapes)
    unknown = [name for name in names if name not in SHAPES]
    if unknown:
        raise KeyError(f"unknown page shape(s) {', '.join(unknown)} (known: {', '.join(SHAPES)})")
    if not names:
        raise ValueError("no page shapes to draw from")
    return names


def generate(shape: str, rng: random.Random) -> GeneratedPage:
    """One page of ``shape``, drawn with ``rng``."""
    return SHAPES[_shape_names([shape])[0]](rng)


def corpus(count: int, seed: int = 0, shapes: Iterable[str] | None = None
           ) -> Iterator[GeneratedPage]:
    """``count`` pages, round-robin over ``shapes`` (all, in ``SHAPES`` order, by default);
    page ``i`` is drawn with its own rng seeded from ``(seed, i)``, so the corpus is the same
    on every run and any page can be made again alone."""
    names = _shape_names(shapes)
    for index in range(count):
        yield generate(names[index % len(names)], random.Random(f"pagenorm:{seed}:{index}"))


def pages(shapes: Iterable[str] | None = None) -> SearchStrategy[GeneratedPage]:
    """A hypothesis strategy of generated pages (of ``shapes``, all by default); shrinking
    goes towards smaller seeds."""
    from hypothesis import strategies as st  # a test-only dependency

    names = _shape_names(shapes)
    return st.builds(generate, st.sampled_from(names),
                     st.integers(min_value=0, max_value=2**32 - 1).map(random.Random))
