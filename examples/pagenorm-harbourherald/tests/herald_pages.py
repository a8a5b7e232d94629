"""Made-up Harbour Herald pages, each with what pagenorm should read from it, and the
no-line-lost check. (The hand-written pages in ``pages/`` show the site's shape; these
vary it: tide boxes of 2 to 6 entries, anywhere in the body, with or without blank lines,
the crawler's date prefix, a byline with or without a time, an optional related link.)
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from attrs import frozen
from pagenorm_harbourherald import TideEntry

from pagenorm import Document
from pagenorm.reading import split_lines

PAGES = Path(__file__).resolve().parent / "pages"
LONDON = ZoneInfo("Europe/London")
SECTIONS = ("News", "Harbour Life", "Business", "Sport", "Weather", "Opinion")
AUTHORS = ("Morwenna Tregear", "Jory Pascoe", "Tamsin Hocking", "Kerensa Nance", "Piran Hosken")
PLACES = ("PORTHAVEN", "ST KELLOW", "TREWINNICK")
TAGS = ("Harbour Board", "Lifeboat Station", "Ferry Services", "Tide Watch", "Regatta")
_WHO = ("The harbour master", "The Harbour Board", "Fishermen on the quay", "The town council",
        "The ferry company", "Local sailors", "The lifeboat coxswain", "Shopkeepers")
_SAID = ("said on Monday that", "told the Herald that", "warned on Friday that",
         "confirmed on Tuesday that", "wrote to members saying that")
_WHAT = ("the breakwater repairs would finish before the spring tides",
         "visitor moorings were fully booked for the summer",
         "the fish market would open an hour earlier on weekdays",
         "the slipway would close for two days while the rails are replaced",
         "the winter timetable had kept crossings running through the worst gales",
         "dredging of the inner harbour would begin after the regatta")
_HEAD = (("Harbour master", "Council", "Ferry company", "Sailors", "Fishermen"),
         ("backs", "delays", "questions", "welcomes"),
         ("new mooring fees", "the breakwater repairs", "a later fish market",
          "the summer timetable", "dredging plans"))


@frozen
class Expected:
    page_date: str | None
    section: str
    title: str
    byline: str
    published: str
    dateline: str
    paragraphs: tuple[str, ...]
    tide: tuple[TideEntry, ...]
    related: tuple[str, ...]
    tags: tuple[str, ...]


@frozen
class HeraldPage:
    text: str
    expected: Expected


def _headline(rng: random.Random) -> str:
    who, verb, what = (rng.choice(part) for part in _HEAD)
    return f"{who} {verb} {what} in {rng.choice(PLACES).title()}"


def _paragraph(rng: random.Random) -> str:
    return " ".join(f"{rng.choice(_WHO)} {rng.choice(_SAID)} {rng.choice(_WHAT)}."
                    for _ in range(rng.randint(1, 3)))


def tide_entries(rng: random.Random, count: int) -> tuple[TideEntry, ...]:
    """``count`` entries of one day: alternating high and low water, times ascending."""
    kind = rng.choice(("high", "low"))
    minute = rng.randint(0, 180)
    entries = []
    for _ in range(count):
        tenths = rng.randint(35, 58) if kind == "high" else rng.randint(-3, 15)
        entries.append(TideEntry(kind, f"{minute // 60:02d}:{minute % 60:02d}", tenths / 10))
        kind = "low" if kind == "high" else "high"
        minute += rng.randint(330, 400) // (1 if count <= 4 else 2)
    return tuple(entries)


def tide_lines(entries: tuple[TideEntry, ...], *, blank_between: bool = False) -> list[str]:
    lines = ["Tide table"]
    for entry in entries:
        if blank_between:
            lines.append("")
        lines.append(f"{entry.kind.capitalize()} water {entry.time} {entry.height_m:.1f}m")
    return lines


def herald_page(rng: random.Random, *, tide: int = 3, blank_in_box: bool = False,
                prefix: bool = False, with_time: bool = True,
                related: bool = True) -> HeraldPage:
    """An article page: logo, section, title, byline, body with a tide box of ``tide``
    entries (0: none), related link, footer, tag strip."""
    moment = datetime(2025, 1, 1, 6, tzinfo=LONDON) + timedelta(
        days=rng.randint(0, 364), minutes=rng.randint(0, 16 * 60 - 1))
    section, title, author = rng.choice(SECTIONS), _headline(rng), rng.choice(AUTHORS)
    place = rng.choice(PLACES)
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(2, 5))]
    stamp = f"{moment:%B} {moment.day}, {moment.year}" + (f" {moment:%H:%M}" if with_time else "")
    published = moment.isoformat() if with_time else moment.date().isoformat()
    entries = tide_entries(rng, tide) if tide else ()
    box_after = rng.randint(1, len(paragraphs))
    lines = ["The Harbour Herald", section, "", title, "", f"By {author} | {stamp}", ""]
    for number, paragraph in enumerate(paragraphs, start=1):
        lines += [f"{place}: {paragraph}" if number == 1 else paragraph, ""]
        if entries and number == box_after:
            lines += [*tide_lines(entries, blank_between=blank_in_box), ""]
    related_titles = (_headline(rng),) if related else ()
    lines += [f"Also on the Herald: {t}" for t in related_titles]
    tags = tuple(rng.sample(TAGS, rng.randint(2, 3)))
    lines += ["", "© The Harbour Herald", " ".join(tags)]
    page_date = (moment + timedelta(days=rng.randint(0, 3))).date().isoformat()
    if prefix:
        lines[0] = f" date {page_date} {lines[0]}"
    expected = Expected(
        page_date=page_date if prefix else None, section=section, title=title, byline=author,
        published=published, dateline=place, paragraphs=tuple(paragraphs), tide=entries,
        related=related_titles, tags=tags,
    )
    return HeraldPage("\n".join(lines) + "\n", expected)


def assert_no_line_lost(document: Document, text: str) -> None:
    """Every non-blank line is in exactly one section or in residual; spans are disjoint."""
    lines = split_lines(text)
    spans = sorted((s.first, s.last) for s in document.sections)
    for (_, last), (first, _) in pairwise(spans):
        assert first > last, f"sections overlap: {spans}"
    residual = {r.line for r in document.residual}
    for number, line in enumerate(lines):
        homes = sum(1 for s in document.sections if s.covers(number)) + (number in residual)
        if line.strip():
            assert homes == 1, f"line {number} {line!r} is in {homes} places"
        else:
            assert number not in residual


def page_text(name: str) -> str:
    """One of the hand-written pages in ``pages/``."""
    return (PAGES / name).read_text("utf-8")
