"""The shapes the article plugin knows, as regular expressions, and its options.

Every pattern here is a default: a profile replaces any of them under ``article:``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from attrs import field, frozen

from pagenorm.patterns import is_re2
from pagenorm.plugins._text import (
    BLOCKS,
    DATE,
    TIME,
    WEEKDAY,
    Guarded,
    any_of,
    guarded,
    joined,
    needs,
)

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|al|bin|ul|van|von))*"
BYLINES = (
    rf"(?P<who>.{{0,80}}?)\s*\bPublished(?:\s+[Oo]n|\s+in\s+[^,]{{2,40}},)?:?\s+(?P<published>{DATE}"
    rf"(?:,?\s*(?:at\s+)?{TIME})?)(?:\s*-?\s*Updated\s+(?P<updated>{DATE}(?:,?\s*{TIME})?))?",
    rf"By\s+(?P<who>{_NAME})(?:\s*[|,]\s*(?P<published>{DATE}(?:,?\s*{TIME})?))?",
    rf"(?:(?P<who>(?!Updated\b|Published\b){_NAME})\s+)?(?P<published>\d{{1,2}}\s+[A-Z][a-z]{{2}}[a-z]*\.?,?"
    rf"\s+\d{{4}}(?:\s+{TIME})?)",
)
BYLINE_NAMES = (
    r"(?:By\s+)?(?:(?:Our|A)\s+)?(?:Staff|City|Special|Sports|Business|Political|Diplomatic"
    r"|Court|Own|Senior|Parliamentary)?\s*(?:Reporter|Correspondent|Report|Staff Reporter)"
    r"|(?:[A-Z][A-Za-z]+\s+)?(?:Web|News|Monitoring|Sports|Business|Foreign)\s+Desk"
    r"|AFP|AP|APP|Reuters|Agencies|Agency Report|Online|INP|NNI|PPI|Xinhua|Anadolu|IANS|PTI"
    r"|Recorder Report|Dawn Report"
)
DATE_LINE = (
    rf"(?:-\s*)?(?P<label>Published|Updated|Last updated)?(?:\s+[Oo]n)?:?\s*"
    rf"(?P<weekday>{WEEKDAY}\s+)?"
    rf"(?P<date>{DATE}(?:\s*(?:/|,|-|at)?\s*{TIME})?)"
    r"(?:\s*/\s*(?:in \d+ \w+|an? \w+ ago|\d+ \w+ ago))?"  # Reuters: "/ in 3 hours", "/ a day ago"
)
DATELINE = (
    r"(?:image)?(?P<place>[A-Z][A-Z.'’]+(?:[ /][A-Z][A-Z.'’]+)*)"
    r"(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?"  # , May 9 / , Pakistan
    r"(?:\s*\([^()]{1,60}\))?"  # (Reuters) / (Dunya News/Web Desk)
    r"\s*(?P<sep>:|\s[-–—]\s|[-–—](?=[A-Z][a-z]|[A-Z]\s|[\"“‘']))"  # KARACHI-The, not PTI-led
    r"\s*(?P<rest>\S.*)"
    r"|(?P<place2>[A-Z][a-z]+(?: [A-Z][a-z]+)?)—(?P<rest2>\S.*)"  # Dhaka—Officials
)
DATELINE_ALONE = r"(?P<place>[A-Z][A-Z.'’]+(?:[ /][A-Z][A-Z.'’]+)*)\s*:"
_SCENE_VERBS = (r"walks?|stands?|sits?|looks?|waits?|rides?|carr(?:y|ies)|works?|sells?"
                r"|pass(?:es)?|holds?|prays?|gathers?|counts?|arrives?|gestures?|inspects?"
                r"|unloads?|loads?|cross(?:es)?|drives?|plays?|buys?|shops?|queues?|protests?"
                r"|attends?|speaks?|watch(?:es)?|sorts?|checks?|cycles?|chants?|wave|waves"
                r"|is seen|are seen|pose|poses|march(?:es)?|rest|rests|celebrates?")
CAPTIONS = (
    r".*\[(?:Reuters|AFP|AP|EPA|Getty Images|File)[^\]]*\]",
    r"(?:Photo|Image|File photo|Picture|Caption)\s*[:|-].*",
    r".*\((?:Photo|Image|File photo)[^)]*\)",
    r".*\bPHOTO:\s*[A-Z]+",
    r".*\s[—–-]\s*(?:AFP|AP|Reuters|APP|INP|Online|EPA|File|White Star|Photo by .{2,40})",
    # one-sentence captions that describe a picture: "The chart shows ...",
    # "A vendor walks past a closed market ...", "Shoppers wait for a bus ..."
    r"(?:The|This) (?:chart|graph|graphic|photo|picture|image|map|table) shows [^.]{5,150}\.",
    rf"(?:An?|Two|Three|Several|Some) [\w-]+(?: [\w-]+)? (?:{_SCENE_VERBS})\b[^.]{{5,150}}\.",
    rf"[A-Z][a-z]+(?:s|ren|men|people) (?:{_SCENE_VERBS})\b[^.]{{5,150}}\.",
)
CREDIT = r"\((?:Reporting|Writing|Additional reporting|Editing)\b[^)]*\)"
BREADCRUMB = r"Home\s*».*"
TEASER_END = r"(?:\.\.\.|…|\bRead More)\s*$"  # searched in the last characters of a line
BULLET = re.compile(r"[•·▪●]\s*")
KINDS_OF_PROSE = ("body", "bullet")
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
BARE_NAME = re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}")


@frozen
class ArticleOptions:
    # ``{{NAME}}`` in a config's patterns (docs/configs.md)
    pattern_blocks: ClassVar[dict[str, str]] = {**BLOCKS, "NAME": _NAME}
    # metadata "groups": the named groups the plugin reads from a match; a config's
    # pattern without them is refused when the config loads (pagenorm.config)
    bylines: tuple[re.Pattern[str], ...] = field(
        default=tuple(re.compile(p) for p in BYLINES), metadata={"groups": ("who",)})
    byline_names: re.Pattern[str] = re.compile(BYLINE_NAMES)
    date_line: re.Pattern[str] = field(default=re.compile(DATE_LINE),
                                       metadata={"groups": ("date",)})
    dateline: re.Pattern[str] = field(default=re.compile(DATELINE),
                                      metadata={"groups": ("place", "rest")})
    dateline_alone: re.Pattern[str] = field(default=re.compile(DATELINE_ALONE),
                                            metadata={"groups": ("place",)})
    not_datelines: tuple[str, ...] = ("EDITORIAL", "OPINION", "COMMENT", "ANALYSIS", "UPDATE",
                                      "WATCH", "PHOTO", "VIDEO", "READ", "ALSO READ", "NOTE")
    section_line: re.Pattern[str] | None = None  # groups: name, print_date (optional)
    captions: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in CAPTIONS)
    credit: re.Pattern[str] = re.compile(CREDIT)
    breadcrumb: re.Pattern[str] = re.compile(BREADCRUMB)
    teaser_end: re.Pattern[str] = re.compile(TEASER_END)
    title_min_words: int = 3
    title_max_words: int = 30
    prose_min_words: int = 30  # a line this long is prose even without a final stop
    header_max_prose: int = 2  # a byline after more paragraphs than this ends no header
    standfirst: bool = False  # the first sentence under the title is a standfirst (subtitle)
    max_non_latin_share: float = 0.4  # pages mostly in another script are not read
    short_line_chars: int = 400  # longer lines are prose or headings, never the other shapes
    byline_max_chars: int = 160  # a byline or date line is never longer
    caption_max_chars: int = 240
    caption: re.Pattern[str] = field(init=False, repr=False, eq=False)  # captions, joined
    # the bylines in order, those scanning a line tried only when it holds what they need
    byline_tests: tuple[re.Pattern[str] | Guarded, ...] = field(init=False, repr=False, eq=False)

    # teaser_end, searched only in line ends holding a string it needs
    teaser_test: re.Pattern[str] | Guarded = field(init=False, repr=False, eq=False)
    # every short shape but the teaser in one matcher: most lines match none, and then
    # cost one match instead of one per shape (None: tried one by one)
    short_shapes: Any = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "caption", joined(self.captions))
        object.__setattr__(self, "byline_tests", tuple(guarded(p) for p in self.bylines))
        wanted = needs(self.teaser_end)
        object.__setattr__(self, "teaser_test",
                           self.teaser_end if wanted is None else Guarded(self.teaser_end, wanted))
        shapes = (self.date_line, *self.bylines, self.byline_names, self.dateline_alone,
                  self.credit, *(p if is_re2(p) else re.compile(p.pattern) for p in self.captions),
                  self.breadcrumb)
        object.__setattr__(self, "short_shapes", any_of(shapes))
