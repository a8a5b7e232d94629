"""What every generated page is made of: the page type, invented words, sentences and
names, dates, the expected document, and the page builder the site families share."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from attrs import frozen


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



def _teaser(rng: random.Random, ellipsis: str = "...", lead: str = "") -> str:
    """The start of another story, cut mid-sentence and marked with ``ellipsis``."""
    text = lead + sentence(rng, quotes=False)
    words = text.split(" ")
    return " ".join(words[:rng.randint(6, max(7, len(words) - 2))]).rstrip(".,;:\"'") + ellipsis


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


def _weather(rng: random.Random, day: date) -> list[str]:
    return [f"{rng.randint(80, 440) / 10} C", _city(rng),
            f"{_WEEKDAYS[day.weekday()]}, {_month(day)} {day.day}, {day.year}"]
