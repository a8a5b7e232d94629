"""parse's half of the article plugin: the won lines read in order, as header and body."""

from __future__ import annotations

import re

from pagenorm.config import Site
from pagenorm.model import (
    BodyData,
    BylineData,
    Claim,
    DatelineData,
    Page,
    Section,
    SectionLineData,
    SubheadingData,
    SubtitleData,
    TitleData,
)
from pagenorm.plugins._text import continues, ends_sentence, iso_date, iso_datetime, word_count
from pagenorm.plugins.article.lines import byline_match
from pagenorm.plugins.article.patterns import (
    BARE_NAME,
    BULLET,
    KINDS_OF_PROSE,
    ArticleOptions,
)

_NAME_WORDS = r"[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*)*"
_NAME_LIST = re.compile(rf"{_NAME_WORDS}(?:, {_NAME_WORDS})+")  # "BBC News, Lahore"
_BULLET_MARK = re.compile(r"[•·▪●]")  # what every match of BULLET starts with


class Reader:
    """Reads one page's won article lines; every method returns sections."""

    def __init__(self, page: Page, claims: list[Claim], options: ArticleOptions,
                 site: Site) -> None:
        self.page, self.options, self.site = page, options, site
        self.claims = claims
        self.text = [page.lines[c.first].strip() for c in claims]

    def kind(self, index: int) -> str:
        return self.claims[index].kind

    def section(self, index: int, kind: str, data: object = None,
                last: int | None = None) -> Section:
        claim = self.claims[index]
        end = self.claims[last].last if last is not None else claim.last
        return Section(kind, claim.first, end, "article", claim.confidence, data)

    # where the body starts

    def body_start(self) -> int:
        """Where the story's paragraphs begin: after a byline (or, with none, a story date
        line) that comes before the story's prose; else at a dateline standing alone; else
        at the first paragraph."""
        prose = [i for i, c in enumerate(self.claims) if c.kind in KINDS_OF_PROSE]
        if not prose:
            return len(self.claims)
        anchor = self.first_of("byline")
        if anchor is None:
            anchor = self.first_of("date", "updated")
        if anchor is not None and self.prose_before(prose, anchor) <= self.options.header_max_prose:
            # bullets right under the byline or date line are subtitle bullets
            after = [i for i in prose if i > anchor and self.kind(i) == "body"] or \
                [i for i in prose if i > anchor]
            if after:
                alone = [i for i in range(anchor, after[0]) if self.kind(i) == "dateline"]
                return alone[0] if alone else after[0]
        for index, claim in enumerate(self.claims):
            if claim.kind == "dateline" and any(i > index for i in prose) and \
                    self.prose_before(prose, index) <= self.options.header_max_prose:
                return index
        # subtitle bullets under the title belong to the header
        first = next((i for i in prose if self.kind(i) == "body"), prose[0])
        if self.options.standfirst and first > 0 and self.kind(first - 1) == "heading":
            return next((i for i in prose if i > first), first)
        return first

    def first_of(self, *kinds: str) -> int | None:
        return next((i for i, c in enumerate(self.claims) if c.kind in kinds), None)

    @staticmethod
    def prose_before(prose: list[int], index: int) -> int:
        return sum(1 for i in prose if i < index)

    # the header: everything above the body

    def header(self, end: int, first_paragraph: str | None) -> list[Section]:
        sections: list[Section] = []
        first_prose = next((i for i in range(end) if self.kind(i) in KINDS_OF_PROSE), end)
        title = self.title(first_prose, first_paragraph)
        if title is not None:
            titles = self.title_sections(title)
            first_copy = next(i for i, c in enumerate(self.claims) if c.first == titles[0].first)
            sections += titles + self.section_line(first_copy)
        sections += self.dates(end)
        sections += self.subtitle(title, end, first_paragraph)
        if title is not None and not any(s.kind == "byline" for s in sections):
            sections += self.name_line(title, end)
        if title is None:
            sections += self.breadcrumb_title(end)
        return sections

    def title(self, before: int, first_paragraph: str | None) -> int | None:
        for index in range(before - 1, -1, -1):
            text = self.text[index]
            if self.kind(index) == "heading" and self.looks_like_title(text) and \
                    not _same_start(text, first_paragraph):
                return index
        return None

    def looks_like_title(self, text: str) -> bool:
        words = word_count(text)
        return (self.options.title_min_words <= words <= self.options.title_max_words
                and not text.endswith(":") and not text.isupper()
                and not _NAME_LIST.fullmatch(text)  # "BBC News, Lahore": a role line
                and self.cut_dateline(text)[0] is None)  # "KARACHI: ..." opens a story

    def title_sections(self, title: int) -> list[Section]:
        """The title, and an identical copy printed just above it."""
        data = TitleData(self.text[title])
        sections = [self.section(title, "title", data)]
        copies = [i for i in range(title) if self.text[i] == self.text[title]]
        return [self.section(i, "title", data) for i in copies] + sections

    def section_line(self, title: int) -> list[Section]:
        pattern = self.options.section_line
        if pattern is None:
            return []
        for index in range(title - 1, -1, -1):
            if self.kind(index) != "heading":
                continue
            match = pattern.fullmatch(self.text[index])
            if match:
                groups = match.groupdict()
                name = groups.get("name") or self.text[index]
                data = SectionLineData(name.strip(), iso_date(groups.get("print_date")))
                return [self.section(index, "section_line", data)]
        return []

    def dates(self, end: int) -> list[Section]:
        """The byline, story date lines and updated lines above the body. A date line
        without a weekday is the story's own date; a strip with a weekday never is (a
        profile claims other furniture dates, such as Business Recorder's header date)."""
        sections: list[Section] = []
        for index in range(end):
            kind = self.kind(index)
            if kind == "byline":
                sections.append(self.section(index, "byline", self.byline(self.text[index])))
            elif kind == "date_strip":
                sections.append(self.section(index, "date_strip"))
            elif kind in ("date", "updated"):
                sections.append(self.section(index, "date", self.date(index)))
        return sections

    def byline(self, text: str) -> BylineData:
        match = byline_match(text, self.options)
        if match is None:  # a name alone: "Staff Reporter", "By Sara Malik"
            return BylineData(re.sub(r"^By\s+", "", text).strip() or None)
        groups = match.groupdict()
        who = re.sub(r"^By\s+", "", (groups.get("who") or "").strip()) or None
        zone = self.site.zone
        return BylineData(who, iso_datetime(groups.get("published"), zone),
                          iso_datetime(groups.get("updated"), zone))

    def date(self, index: int) -> BylineData:
        match = self.options.date_line.fullmatch(self.text[index])
        assert match is not None
        when = iso_datetime(match["date"], self.site.zone)
        if self.kind(index) == "updated":
            return BylineData(None, None, when)
        return BylineData(None, when)

    def name_line(self, title: int, end: int) -> list[Section]:
        """With no byline shape, a bare name (2-4 capitalised words) under the title."""
        for index in range(title + 1, end):
            text = self.text[index]
            if self.kind(index) == "heading" and 2 <= word_count(text) <= 4 and \
                    BARE_NAME.fullmatch(text):
                return [self.section(index, "byline", BylineData(text))]
        return []

    def subtitle(self, title: int | None, end: int,
                 first_paragraph: str | None) -> list[Section]:
        """Bullets and a standfirst under the title; a repeated teaser; captions."""
        if title is None:
            return []
        sections: list[Section] = []
        standfirst_taken = False
        for index in range(title + 1, end):
            kind, text = self.kind(index), self.text[index]
            if kind == "bullet":
                data = SubtitleData((_unbulleted(text),))
                sections.append(self.section(index, "subtitle", data))
            elif kind in ("body", "heading") and \
                    _same_start(self.cut_dateline(text)[1], first_paragraph):
                sections.append(self.section(index, "teaser"))
            elif kind == "body" and not standfirst_taken:
                sections.append(self.section(index, "subtitle", SubtitleData((text,))))
                standfirst_taken = True
            elif kind in ("body", "caption"):
                sections.append(self.section(index, "caption"))
        return sections

    def breadcrumb_title(self, end: int) -> list[Section]:
        """Old layouts print the headline only at the end of the breadcrumb line."""
        for index in range(end):
            if self.kind(index) == "breadcrumb":
                last = self.text[index].split("»")[-1].strip()
                if self.looks_like_title(last):
                    return [self.section(index, "title", TitleData(last))]
        return []

    # the body

    def body(self, start: int) -> list[Section]:
        sections: list[Section] = []
        paragraphs: list[tuple[int, str]] = []  # (claim index, text)
        last_prose = max((i for i in range(start, len(self.claims))
                          if self.kind(i) in KINDS_OF_PROSE), default=-1)
        for index in range(start, len(self.claims)):
            kind, text = self.kind(index), self.text[index]
            if paragraphs and not self.only_blank_between(paragraphs[-1][0], index):
                sections += self.flush(paragraphs, sections)  # another plugin's line between
            if kind in KINDS_OF_PROSE:
                paragraphs.append((index, _unbulleted(text)))
                continue
            sections += self.flush(paragraphs, sections)
            if kind == "heading" and self.starts_next_story(index):
                # the next story runs on (a headline over its own date line): not ours
                return sections + [self.section(i, "next_story")
                                   for i in range(index, len(self.claims))]
            if kind == "dateline" and index == start:
                place = self.options.dateline_alone.fullmatch(text)
                assert place is not None
                sections.append(self.section(index, "dateline", DatelineData(place["place"])))
            elif kind == "heading" and index < last_prose:
                sections.append(self.section(index, "subheading", SubheadingData(text)))
            elif kind == "heading" and self.is_cut_last_line(index):
                paragraphs.append((index, text))
            elif kind in ("caption", "credit", "teaser"):
                sections.append(self.section(index, kind))
            elif kind == "byline":  # "Published in Dawn, August 3rd, 2019" after the body
                sections.append(self.section(index, "byline", self.byline(text)))
        sections += self.flush(paragraphs, sections)
        return sections

    def starts_next_story(self, index: int) -> bool:
        return index + 1 < len(self.claims) and self.kind(index + 1) in ("date", "updated")

    def only_blank_between(self, before: int, after: int) -> bool:
        lines = self.page.lines[self.claims[before].last + 1:self.claims[after].first]
        return not any(t.strip() for t in lines)

    def is_cut_last_line(self, index: int) -> bool:
        """A page cut mid-sentence ends on a fragment of a paragraph, not a heading."""
        claim = self.claims[index]
        rest = self.page.lines[claim.last + 1:]
        words = self.text[index].split()
        lower = sum(1 for w in words if w[:1].islower())
        return not any(t.strip() for t in rest) and len(words) >= 6 and lower >= 0.4 * len(words)

    def flush(self, paragraphs: list[tuple[int, str]], done: list[Section]) -> list[Section]:
        """A run of paragraphs as one body section (dateline cut off the article's first)."""
        if not paragraphs:
            return []
        texts = _joined([t for _, t in paragraphs])
        first_run = not any(isinstance(s.data, (BodyData, DatelineData)) for s in done)
        dateline = None
        if first_run:
            dateline, texts[0] = self.cut_dateline(texts[0])
        truncated = not ends_sentence(texts[-1])
        data = BodyData(tuple(texts), dateline, truncated)
        section = self.section(paragraphs[0][0], "body", data, last=paragraphs[-1][0])
        paragraphs.clear()
        return [section]

    def cut_dateline(self, text: str) -> tuple[str | None, str]:
        match = self.options.dateline.fullmatch(text)
        if match is None:
            return None, text
        groups = match.groupdict()  # place2, rest2 and sep are optional in a config's pattern
        place = groups["place"] or groups.get("place2")
        if not place or place in self.options.not_datelines:
            return None, text
        sep = groups.get("sep")
        if sep and sep in "-–—" and len(place) < 4:  # US-China, not a place
            return None, text
        return place, groups["rest"] or groups.get("rest2") or ""


def _unbulleted(text: str) -> str:
    """``text`` without its first bullet mark (most paragraphs have none: no substitution)."""
    return BULLET.sub("", text, count=1) if _BULLET_MARK.search(text) else text


def _same_start(text: str, other: str | None, words: int = 6) -> bool:
    if other is None:
        return False
    mine, theirs = text.split(maxsplit=words)[:words], other.split(maxsplit=words)[:words]
    return len(mine) == words and mine == theirs


def _joined(texts: list[str]) -> list[str]:
    """Join paragraphs broken mid-word or mid-sentence across a blank line: the next one
    starts in lower case (or with a digit) and the previous one does not end a sentence."""
    parts: list[list[str]] = []  # pieces of each paragraph: joined once, never quadratic
    for text in texts:
        last = parts[-1][-1] if parts else None
        if last is not None and not ends_sentence(last) and continues(last, text):
            parts[-1].append("" if last.endswith("-") else " ")
            parts[-1].append(text)
        else:
            parts.append([text])
    return ["".join(pieces) for pieces in parts]
