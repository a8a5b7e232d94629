"""Assembly: winning sections become the document, unclaimed lines become residual.

The assembler reads a section's meaning from the type of its data (``TickerData``,
``TitleData``...), never from which plugin made it, so any plugin can fill any field.
The first section of a kind (in line order) gives a single-valued field.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from pagenorm.markup import weigh_markup
from pagenorm.model import (
    Article,
    BodyData,
    BylineData,
    DatelineData,
    Decision,
    Diagnostic,
    Document,
    ListingData,
    Page,
    PageKind,
    Related,
    RelatedData,
    ResidualLine,
    Section,
    SectionLineData,
    Subheading,
    SubheadingData,
    SubtitleData,
    TagsData,
    Ticker,
    TickerData,
    TitleData,
)


def residual_lines(page: Page, sections: Sequence[Section]) -> tuple[ResidualLine, ...]:
    covered = bytearray(len(page.lines))
    for section in sections:
        covered[section.first : section.last + 1] = b"\x01" * (section.last - section.first + 1)
    return tuple(
        ResidualLine(number, text)
        for number, text in enumerate(page.lines)
        if not covered[number] and text.strip()
    )


def _article(sections: Sequence[Section]) -> tuple[Article, bool]:
    """The article's fields and whether its text looks cut off at the end of the page."""
    fields: dict[str, object] = {}
    paragraphs: list[str] = []
    subtitle: list[str] = []
    subheadings: list[Subheading] = []
    truncated = False
    for section in sections:
        data = section.data
        if isinstance(data, SectionLineData):
            fields.setdefault("section", data.name)
            fields.setdefault("print_date", data.print_date)
        elif isinstance(data, TitleData):
            fields.setdefault("title", data.text)
        elif isinstance(data, SubtitleData):
            subtitle.extend(data.lines)
        elif isinstance(data, BylineData):
            _set_first(fields, byline=data.name, published=data.published, updated=data.updated)
        elif isinstance(data, DatelineData):
            fields.setdefault("dateline", data.place)
        elif isinstance(data, SubheadingData):
            subheadings.append(Subheading(data.text, before=len(paragraphs)))
        elif isinstance(data, BodyData):
            if data.dateline and not paragraphs:
                fields.setdefault("dateline", data.dateline)
            paragraphs.extend(data.paragraphs)
            truncated = data.truncated
    article = Article(paragraphs=tuple(paragraphs), subtitle=tuple(subtitle),
                      subheadings=tuple(subheadings), **fields)  # type: ignore[arg-type]
    return article, truncated


def _set_first(fields: dict[str, object], **values: object) -> None:
    """Fill each field from the first section that has a value for it."""
    for name, value in values.items():
        if value is not None and fields.get(name) is None:
            fields[name] = value


def _kind(sections: Sequence[Section], article: Article) -> PageKind:
    if any(isinstance(s.data, ListingData) for s in sections):
        return "listing"
    return "article" if article.paragraphs else "unknown"


def _ticker(sections: Sequence[Section]) -> Ticker | None:
    strips = [s.data for s in sections if isinstance(s.data, TickerData)]
    if not strips:
        return None
    quotes = tuple(q for strip in strips for q in strip.quotes)
    indices = tuple(i for strip in strips for i in strip.indices)
    return Ticker(quotes=quotes, indices=indices)


def assemble(
    page: Page,
    site: str,
    sections: Sequence[Section],
    diagnostics: Sequence[Diagnostic],
    decisions: Sequence[Decision],
) -> Document:
    ordered = tuple(sorted(sections, key=attrgetter("first")))
    article, truncated = _article(ordered)
    tags: list[str] = []
    for section in ordered:
        if isinstance(section.data, TagsData):
            tags.extend(t for t in section.data.tags if t not in tags)
    found, notes = tuple(tags), list(diagnostics)
    if page.markup is not None:  # a page converted from HTML: its markup's facts weighed in
        article, found, weighed = weigh_markup(article, found, page.markup, ordered)
        notes.extend(weighed)
    return Document(
        id=page.id,
        source=page.source,
        site=site,
        kind=_kind(ordered, article),
        truncated=truncated,
        page_date=page.page_date,
        ticker=_ticker(ordered),
        article=article,
        tags=found,
        related=tuple(
            Related(s.data.title) for s in ordered if isinstance(s.data, RelatedData)
        ),
        sections=ordered,
        residual=residual_lines(page, ordered),
        diagnostics=tuple(notes),
        decisions=tuple(decisions),
    )
