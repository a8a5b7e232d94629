"""The article: section line, title, byline (name and published time), dateline, paragraphs.

detect classifies lines locally: a byline shape (0.9), prose (0.5), or a short
headline-like line (0.3), so that any more specific plugin (ticker, related, tags)
outbids it. parse then reads the lines it won in order:

- the title is the headline-like line nearest above the byline, or, with no byline, the
  one right above the first paragraph; a page that starts with its body has no title;
- a short line right above the title is the section line;
- prose lines from the first paragraph on are paragraphs; the first may open with a
  dateline (``MOSCOW: ...``), which is cut off into ``dateline``;
- short lines between paragraphs are subheadings; anything not understood is residual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import (
    BodyData,
    BylineData,
    Claim,
    Page,
    Parsed,
    Section,
    SectionLineData,
    TitleData,
)
from pagenorm.plugins._text import ends_sentence, iso_datetime, word_count

BYLINES = (
    r"(?P<who>.*?)\s*\bPublished\s+(?P<published>.+?)(?:\s+-?\s*Updated\s+(?P<updated>.+))?",
    r"By\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|al|bin|van))*)",
    # "Recorder Report 09 Jul 2021", "16 Sep 2021": a name (or none), then a day-first date
    r"(?P<who>(?!Updated\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s+)?"
    r"(?P<published>\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?"
    r"\s+\d{4}(?:\s+\d{1,2}[:.]\d{2}\s*[ap]\.?m\.?)?)",
)
DATELINE = (
    r"(?:image)?(?P<place>[A-Z][A-Z.'’]+(?:[ /][A-Z][A-Z.'’]+)*)"
    r"(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?"  # , May 9 / , Pakistan
    r"(?:\s*\([^()]{1,60}\))?"  # (Reuters) / (Dunya News/Web Desk)
    r"\s*(?::|\s[-–—]\s|[-–—](?=[A-Z][a-z]))\s*(?P<rest>\S.*)"  # KARACHI-The, not PTI-led
)
SECTION_LINE = r"[A-Z][\w&'’]*(?:\s+(?:[A-Z&][\w&'’]*|of|and))*"


@frozen
class ArticleOptions:
    bylines: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in BYLINES)
    dateline: re.Pattern[str] = re.compile(DATELINE)
    section_line: re.Pattern[str] = re.compile(SECTION_LINE)
    section_max_words: int = 4
    title_min_words: int = 3
    title_max_words: int = 30
    prose_min_words: int = 30  # a line this long is prose even without a final stop


@hookimpl
def plugin_options() -> type:
    return ArticleOptions


def _byline_match(text: str, options: ArticleOptions) -> re.Match[str] | None:
    for pattern in options.bylines:
        match = pattern.fullmatch(text.strip())
        if match:
            return match
    return None


def _is_prose(text: str, options: ArticleOptions) -> bool:
    words = word_count(text)
    return words >= options.prose_min_words or (words >= 4 and ends_sentence(text))


@hookimpl
def detect(page: Page, options: ArticleOptions, site: Site) -> list[Claim]:
    claims = []
    for number, text in enumerate(page.lines):
        if not text.strip():
            continue
        if _byline_match(text, options):
            claims.append(Claim("byline", number, number, 0.9))
        elif _is_prose(text, options):
            claims.append(Claim("body", number, number, 0.5))
        else:
            claims.append(Claim("heading", number, number, 0.3))
    return claims


def _looks_like_title(text: str, options: ArticleOptions) -> bool:
    words = word_count(text)
    return options.title_min_words <= words <= options.title_max_words and not text.endswith(":")


def _looks_like_section(text: str, options: ArticleOptions) -> bool:
    return (word_count(text) <= options.section_max_words
            and options.section_line.fullmatch(text.strip()) is not None)


def _header(page: Page, header: Sequence[Claim], options: ArticleOptions,
            site: Site) -> list[Section]:
    """Section line, title and byline from the claims above the first paragraph."""
    sections: list[Section] = []
    byline_at = next((i for i, c in enumerate(header) if c.kind == "byline"), None)
    if byline_at is not None:
        claim = header[byline_at]
        match = _byline_match(page.lines[claim.first], options)
        assert match is not None
        groups = match.groupdict()
        who = (groups.get("who") or "").strip() or None
        # A time printed after "Updated" is the updated time: it never moves to published.
        when = iso_datetime(groups.get("published"), site.zone)
        sections.append(_section("byline", claim, BylineData(who, when)))
    above = header[:byline_at] if byline_at is not None else header
    headings = [c for c in above if c.kind == "heading"]
    if headings and _looks_like_title(page.lines[headings[-1].first], options):
        title = headings[-1]
        sections.append(_section("title", title, TitleData(page.lines[title.first].strip())))
        if len(headings) > 1:
            label = headings[-2]
            text = page.lines[label.first].strip()
            if _looks_like_section(text, options):
                sections.append(_section("section_line", label, SectionLineData(text)))
    return sections


def _body(page: Page, body: Sequence[Claim], options: ArticleOptions) -> list[Section]:
    """Paragraph runs (one section per run of prose lines) and subheadings between them."""
    sections: list[Section] = []
    run: list[Claim] = []
    dateline_done = False

    def close_run() -> None:
        nonlocal dateline_done
        if not run:
            return
        paragraphs = [page.lines[c.first].strip() for c in run]
        dateline = None
        if not dateline_done:
            match = options.dateline.fullmatch(paragraphs[0])
            if match:
                dateline, paragraphs[0] = match["place"], match["rest"]
            dateline_done = True
        data = BodyData(tuple(paragraphs), dateline)
        sections.append(Section("body", run[0].first, run[-1].last, "article", run[0].confidence,
                                data))
        run.clear()

    last_prose = max((i for i, c in enumerate(body) if c.kind == "body"), default=-1)
    for index, claim in enumerate(body):
        contiguous = not run or _only_blank_between(page, run[-1].last, claim.first)
        if claim.kind == "body" and contiguous:
            run.append(claim)
            continue
        close_run()
        if claim.kind == "body":
            run.append(claim)
        elif claim.kind == "heading" and index < last_prose:
            sections.append(_section("subheading", claim, None))
    close_run()
    return sections


def _only_blank_between(page: Page, after: int, before: int) -> bool:
    return all(not page.lines[n].strip() for n in range(after + 1, before))


def _section(kind: str, claim: Claim, data: object) -> Section:
    return Section(kind, claim.first, claim.last, "article", claim.confidence, data)


@hookimpl
def parse(page: Page, claims: list[Claim], options: ArticleOptions, site: Site) -> Parsed:
    first_body = next((i for i, c in enumerate(claims) if c.kind == "body"), len(claims))
    header, body = claims[:first_body], claims[first_body:]
    return Parsed(tuple(_header(page, header, options, site) + _body(page, body, options)))
