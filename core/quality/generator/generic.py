"""Pages of sites without a profile, read by the generic default: a plain article, Reuters, AP,
Arab News, Al Jazeera, BBC, Geo, Dunya, Samaa, and a generic listing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from pagenorm.quality.generator.common import (
    _PK_PLACES,
    _QUESTIONS,
    _WEEKDAYS,
    GeneratedPage,
    _ampm,
    _ap_month,
    _body,
    _caption,
    _city,
    _cut,
    _dateline,
    _day,
    _headline,
    _headline_page,
    _iso,
    _later,
    _mon,
    _month,
    _name,
    _Page,
    _positions,
    _reuters_month,
    _slug,
    _teaser,
    _weather,
    _when,
    paragraph,
)

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
