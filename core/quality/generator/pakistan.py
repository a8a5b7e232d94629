"""Pages of the Pakistani sites with a profile: Dawn, The Express Tribune, The News, The Nation,
ARY News, Pakistan Observer and Daily Times."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from pagenorm.quality.generator.common import (
    _PK_PLACES,
    _PK_SECTIONS,
    _WEEKDAYS,
    GeneratedPage,
    _ampm,
    _body,
    _caption,
    _city,
    _dateline,
    _day,
    _headline,
    _iso,
    _later,
    _lower_first,
    _mon,
    _month,
    _name,
    _ordinal,
    _Page,
    _positions,
    _slug,
    _tags,
    _teaser,
    _weather,
    _when,
    sentence,
)

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
