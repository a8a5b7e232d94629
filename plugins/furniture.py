"""Page furniture: logos, navigation, menus, date and weather strips, widgets, sidebars,
share and comment boilerplate, footers. Never article text.

Everything comes from the config: ``patterns`` (generic, in ``default.yaml``) and
``site_patterns`` (a site profile's own) map a section kind to full-line regexes, matched
against the line with its indentation stripped. ``blocks`` take several lines at once: from
a ``start`` line, either to the end of the page, up to an ``until`` line, or while lines
match ``continues``. A run-together menu (``Home Pakistan World Business Sports``) is found by
its share of ``menu_words``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from attrs import field, frozen

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Page, Parsed, Section
from pagenorm.plugins._text import BLOCKS, FirstOf

# The name the plugin is registered under by default. The core stamps the registered
# name on every claim; when it is this one already, the claim is not copied to stamp it.
NAME = "furniture"

CONFIDENCE = 0.95


def _lower_set(words: object) -> frozenset[str]:
    return frozenset(str(w).lower() for w in words)  # type: ignore[attr-defined]


@frozen
class Block:
    kind: str
    start: re.Pattern[str]
    until: re.Pattern[str] | None = None  # the block ends on (and with) this line
    continues: re.Pattern[str] | None = None  # the block goes on while lines match
    to_end: bool = False  # the block runs to the end of the page
    ends: re.Pattern[str] | None = None  # the block's last line must match (trimmed back)
    max_lines: int = 60


@frozen
class FurnitureOptions:
    pattern_blocks: ClassVar[dict[str, str]] = BLOCKS  # ``{{DATE}}`` in a config's patterns
    patterns: dict[str, tuple[re.Pattern[str], ...]] = field(factory=dict)
    site_patterns: dict[str, tuple[re.Pattern[str], ...]] = field(factory=dict)
    blocks: tuple[Block, ...] = ()
    site_blocks: tuple[Block, ...] = ()
    menu_words: frozenset[str] = field(default=frozenset(), converter=_lower_set)
    menu_min_words: int = 4
    menu_min_share: float = 0.75

    # the kinds, site patterns first, and one matcher telling which kind's patterns are
    # the first to match a line (a line costs about one match, not one a kind)
    kinds: tuple[str, ...] = field(init=False, repr=False, eq=False)
    line_kinds: FirstOf = field(init=False, repr=False, eq=False)
    all_blocks: tuple[Block, ...] = field(init=False, repr=False, eq=False)  # site's first
    block_starts: FirstOf = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        tables = [(kind, patterns) for table in (self.site_patterns, self.patterns)
                  for kind, patterns in table.items() if patterns]
        object.__setattr__(self, "kinds", tuple(kind for kind, _ in tables))
        object.__setattr__(self, "line_kinds",
                           FirstOf(tuple(tuple(patterns) for _, patterns in tables)))
        blocks = (*self.site_blocks, *self.blocks)
        object.__setattr__(self, "all_blocks", blocks)
        object.__setattr__(self, "block_starts", FirstOf(tuple((b.start,) for b in blocks)))


@hookimpl
def plugin_options() -> type:
    return FurnitureOptions


def _line_kind(text: str, options: FurnitureOptions) -> str | None:
    first = options.line_kinds.first(text)
    if first is not None:
        return options.kinds[first]
    return "navigation" if _is_menu(text, options) else None


def _is_menu(text: str, options: FurnitureOptions) -> bool:
    if len(text) > 160 or text[-1] in ".!?\"”’":  # a sentence, not a row of menu words
        return False
    menu, share = options.menu_words, options.menu_min_share
    raw = text.split()
    most = len(raw)  # words, before marks stripped off leave some empty
    if most < options.menu_min_words or not menu:
        return False
    words = misses = 0
    for word in raw:
        word = word.strip("|►»•·,")
        if not word:
            continue
        words += 1
        if word.lower() not in menu:
            misses += 1
            if (most - misses) / most < share:  # not even if every other word were one
                return False
    return words >= options.menu_min_words and (words - misses) / words >= share


def _block_end(page: Page, start: int, block: Block) -> int:
    last = len(page.lines) - 1
    if block.to_end:
        return last
    end = start
    for number in range(start + 1, min(last, start + block.max_lines) + 1):
        text = page.lines[number].strip()
        if block.until is not None:
            end = number
            if block.until.fullmatch(text):
                return number
            continue
        if not text:
            continue
        if block.continues is None or not block.continues.fullmatch(text):
            break
        end = number
    return start if block.until is not None else end


def _trimmed_end(page: Page, start: int, end: int, block: Block) -> int:
    """Walk a block's end back to its last line matching ``ends`` (a counter widget ends
    on a number, not on the section line that follows it)."""
    if block.ends is None:
        return end
    for number in range(end, start, -1):
        if block.ends.fullmatch(page.lines[number].strip()):
            return number
    return start


@hookimpl
def detect(page: Page, options: FurnitureOptions, site: Site) -> list[Claim]:
    claims: list[Claim] = []
    number = 0
    while number < len(page.lines):
        text = page.lines[number].strip()
        if not text:
            number += 1
            continue
        first_block = options.block_starts.first(text)
        if first_block is not None:
            block = options.all_blocks[first_block]
            end = _trimmed_end(page, number, _block_end(page, number, block), block)
            claims.append(Claim(block.kind, number, end, CONFIDENCE, NAME))
            number = end + 1
            continue
        kind = _line_kind(text, options)
        if kind is not None:
            claims.append(Claim(kind, number, number, CONFIDENCE, NAME))
        number += 1
    return claims


@hookimpl
def parse(page: Page, claims: list[Claim], options: FurnitureOptions, site: Site) -> Parsed:
    return Parsed(tuple(Section(c.kind, c.first, c.last, "furniture", c.confidence)
                        for c in claims))
