"""Business Recorder pages: ticker strips, widgets, articles, listings, the old layout, Urdu."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from typing import Any

from pagenorm.quality.generator.common import (
    _PK_PLACES,
    _SUBHEADS,
    _SYMBOL_LETTERS,
    _WEEKDAYS,
    GeneratedPage,
    _ampm,
    _caption,
    _city,
    _day,
    _direction,
    _headline,
    _headline_page,
    _index_dict,
    _iso,
    _later,
    _mon,
    _month,
    _name,
    _num,
    _ordinal,
    _Page,
    _place,
    _quote_dict,
    _slug,
    _tags,
    _teaser,
    _when,
    paragraph,
    sentence,
)

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
