"""The typed model of pagenorm: a page, the claims plugins make on it, the sections
that win, and the document that comes out.

Every class is frozen and slotted. Line numbers are zero-based indexes into
``Page.lines``, the decoded input split on line breaks; nothing renumbers them.
"""

from __future__ import annotations

from typing import Any, Literal

from attrs import field, frozen

SCHEMA = "pagenorm/1"

Level = Literal["info", "warning", "error"]
PageKind = Literal["article", "listing", "unknown"]
Direction = Literal["up", "down", "unchanged"]


@frozen
class Source:
    """Where a page came from."""

    path: str | None = None
    url: str | None = None
    sha256: str | None = None


@frozen
class Diagnostic:
    """Something a reader of the output should know: a failed check, a skipped plugin."""

    level: Level
    code: str
    message: str
    lines: tuple[int, int] | None = None


@frozen
class Markup:
    """What a page's markup states about it outside its text (an HTML page's ``<title>``,
    meta tags, JSON-LD), read before the page became text. The engine knows no HTML: it
    weighs these facts against the lines that say the same (``pagenorm.markup``)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601, as the document's
    modified: str | None = None
    keywords: tuple[str, ...] = ()
    canonical_url: str | None = None


@frozen
class Page:
    """One decoded page. ``lines[0]`` has the crawler's prefix removed, if there was one;
    ``prefix`` keeps what was removed so that nothing is lost."""

    id: str
    text: str
    lines: tuple[str, ...]
    source: Source = Source()
    page_date: str | None = None
    prefix: str = ""
    # what reading the page noticed (a replaced byte, a byte-order mark): carried into
    # the document's diagnostics
    diagnostics: tuple[Diagnostic, ...] = ()
    # facts from the page's markup, when it was converted from HTML; None for a text page
    markup: Markup | None = None


@frozen
class Prefix:
    """What a ``page_prefix`` hook found at the start of line 0."""

    length: int  # characters of line 0 that belong to the prefix
    page_date: str | None = None


@frozen
class Claim:
    """A plugin's bid for lines ``first``..``last`` (inclusive) of a page.

    ``hint`` lets detect hand what it already computed to parse; the core never reads it.
    ``plugin`` is stamped by the core: whatever a plugin puts there is overwritten.
    """

    kind: str
    first: int
    last: int
    confidence: float
    plugin: str = ""
    hint: Any = field(default=None, eq=False, repr=False)
    # for review tools (``explain --why``), never read by the core: the readings the plugin
    # weighed, (kind, probability) best first, and what weighed most, (evidence, weight)
    readings: tuple[tuple[str, float], ...] = field(default=(), eq=False, repr=False)
    evidence: tuple[tuple[str, float], ...] = field(default=(), eq=False, repr=False)

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


# --- typed section data: what a section means, read by the assembler by type ---


@frozen
class Quote:
    symbol: str
    price: float
    change: float
    change_pct: float
    direction: Direction


@frozen
class IndexQuote:
    symbol: str
    value: float
    change: float
    change_pct: float
    direction: Direction


@frozen
class TickerData:
    quotes: tuple[Quote, ...] = ()
    indices: tuple[IndexQuote, ...] = ()


@frozen
class SectionLineData:
    """The article's section label, such as ``World``, and a print-edition date if shown."""

    name: str
    print_date: str | None = None


@frozen
class TitleData:
    text: str


@frozen
class SubtitleData:
    """Subtitle bullets or a standfirst, between the title and the body."""

    lines: tuple[str, ...]


@frozen
class BylineData:
    """Who wrote it, and when (ISO 8601, or a bare date when the page shows no time).

    A byline line may carry only a name, or only a date (a story date line)."""

    name: str | None
    published: str | None = None
    updated: str | None = None


@frozen
class DatelineData:
    """A dateline standing alone on its line (``LAHORE:``): the place only."""

    place: str


@frozen
class BodyData:
    """A run of paragraphs. ``dateline`` is cut off the first paragraph of the article;
    ``truncated`` says the run's last paragraph stops mid-sentence at the end of the page."""

    paragraphs: tuple[str, ...]
    dateline: str | None = None
    truncated: bool = False


@frozen
class SubheadingData:
    """A subheading between paragraphs: part of the article, not a paragraph."""

    text: str


@frozen
class ListingData:
    """A run of listing items (headline, teaser, date): the page is not one article."""

    items: int = 0


@frozen
class TagsData:
    tags: tuple[str, ...]


@frozen
class RelatedData:
    title: str


# The section data types the assembler reads into the document's own fields. A section whose
# data is of another type (a third-party plugin's own) is written under ``extensions``.
BUILTIN_DATA: tuple[type, ...] = (TickerData, SectionLineData, TitleData, SubtitleData,
                                  BylineData, DatelineData, BodyData, SubheadingData,
                                  ListingData, TagsData, RelatedData)


@frozen
class Section:
    """Lines ``first``..``last`` as parsed by the plugin whose claim won them."""

    kind: str
    first: int
    last: int
    plugin: str
    confidence: float
    data: Any = None

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


@frozen
class LabelledLines:
    """A page whose every line carries a role (the dev set's label format): what a learning
    plugin's ``train`` hook learns from. ``lines`` are the page's lines after the crawler's
    prefix is cut off line 0; ``roles[i]`` is the role of ``lines[i]`` (``blank`` for blank
    lines)."""

    id: str
    site: str
    lines: tuple[str, ...]
    roles: tuple[str, ...]
    url: str | None = None


@frozen
class Parsed:
    """What a ``parse`` hook returns: its sections and anything worth reporting."""

    sections: tuple[Section, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


# --- the document ---


@frozen
class Ticker:
    quotes: tuple[Quote, ...] = ()
    indices: tuple[IndexQuote, ...] = ()


@frozen
class Subheading:
    """A subheading, placed before paragraph number ``before`` (zero-based)."""

    text: str
    before: int


@frozen
class Article:
    section: str | None = None
    print_date: str | None = None
    title: str | None = None
    subtitle: tuple[str, ...] = ()
    byline: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    paragraphs: tuple[str, ...] = ()
    subheadings: tuple[Subheading, ...] = ()


@frozen
class Related:
    title: str


@frozen
class ResidualLine:
    line: int
    text: str


@frozen
class Decision:
    """How resolution treated one claim: won, or lost to ``beaten_by``."""

    claim: Claim
    won: bool
    beaten_by: Claim | None = None
    reason: str = ""


@frozen
class Document:
    """The normalised page. ``to_dict`` gives the ``pagenorm/1`` JSON shape; ``decisions``
    and section data stay on the object for library users and review tools."""

    id: str
    source: Source
    site: str
    kind: PageKind
    truncated: bool
    page_date: str | None
    ticker: Ticker | None
    article: Article
    tags: tuple[str, ...]
    related: tuple[Related, ...]
    sections: tuple[Section, ...]
    residual: tuple[ResidualLine, ...]
    diagnostics: tuple[Diagnostic, ...]
    decisions: tuple[Decision, ...] = field(default=(), eq=False, repr=False)
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        from pagenorm.serialise import document_to_dict

        return document_to_dict(self)


@frozen
class Format:
    """An emit format. Several documents in one stream are written as
    ``header + doc + separator + doc + ... + footer``."""

    name: str
    extension: str
    description: str
    header: bytes = b""
    separator: bytes = b""
    footer: bytes = b""
