"""Assembly: winning sections become the document, unclaimed lines become residual.

The assembler reads a section's meaning from the type of its data (``TickerData``,
``TitleData``...), never from which plugin made it, so any plugin can fill any field.
The first section of a kind (in line order) gives a single-valued field.
"""

from __future__ import annotations

from collections.abc import Sequence

from pagenorm.model import (
    Article,
    BodyData,
    BylineData,
    Decision,
    Diagnostic,
    Document,
    Page,
    Related,
    RelatedData,
    ResidualLine,
    Section,
    SectionLineData,
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


def _article(sections: Sequence[Section]) -> Article:
    fields: dict[str, object] = {}
    paragraphs: list[str] = []
    for section in sections:
        data = section.data
        if isinstance(data, SectionLineData):
            fields.setdefault("section", data.name)
        elif isinstance(data, TitleData):
            fields.setdefault("title", data.text)
        elif isinstance(data, BylineData):
            fields.setdefault("byline", data.name)
            fields.setdefault("published", data.published)
        elif isinstance(data, BodyData):
            if data.dateline and not paragraphs:
                fields.setdefault("dateline", data.dateline)
            paragraphs.extend(data.paragraphs)
    return Article(paragraphs=tuple(paragraphs), **fields)  # type: ignore[arg-type]


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
    ordered = tuple(sorted(sections, key=lambda s: s.first))
    tags: list[str] = []
    for section in ordered:
        if isinstance(section.data, TagsData):
            tags.extend(t for t in section.data.tags if t not in tags)
    return Document(
        id=page.id,
        source=page.source,
        site=site,
        page_date=page.page_date,
        ticker=_ticker(ordered),
        article=_article(ordered),
        tags=tuple(tags),
        related=tuple(
            Related(s.data.title) for s in ordered if isinstance(s.data, RelatedData)
        ),
        sections=ordered,
        residual=residual_lines(page, ordered),
        diagnostics=tuple(diagnostics),
        decisions=tuple(decisions),
    )
