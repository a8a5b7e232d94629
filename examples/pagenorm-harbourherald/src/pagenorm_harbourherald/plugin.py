"""The Harbour Herald (harbourherald.example): the one thing on its pages that needs code.

Everything pattern-like about the site (logo and footer signatures, the byline shape, the
time zone, related-link prefixes, known tags) is data in ``harbourherald.yaml`` and read
by pagenorm's built-in plugins. What is left is the "Tide table" box inside articles:

    Tide table
    High water 06:42 4.1m
    Low water 12:58 0.9m

a heading followed by 2 to 6 entry lines (blank lines between them allowed). ``detect``
claims the whole box, heading to last entry, at 0.95, so it outbids the article plugin
(which would take those short lines as subheadings); ``parse`` turns it into a ``tide``
section whose data is a ``TideData``. A heading with too few or too many entries is not
claimed: its lines stay with the article plugin.

``site_profiles`` hands pagenorm the packaged profile, so that ``--plugin harbourherald``
makes pagenorm pick it for Harbour Herald pages by their content, and ``--site
harbourherald`` finds it by name.
"""

from __future__ import annotations

import re
from importlib.resources import files
from itertools import pairwise
from typing import Literal

from attrs import field, frozen, validators

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Claim, Diagnostic, Page, Parsed, Section

KIND = "tide"
CONFIDENCE = 0.95  # above the article plugin's 0.9 byline / 0.5 prose / 0.3 heading claims
PROFILE = "harbourherald.yaml"

_ENTRY = re.compile(
    r"(?P<kind>high|low)\s+water\s+"
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s+"
    r"(?P<height>-?\d+(?:\.\d+)?)\s*m",
    re.IGNORECASE,
)

# --- the typed data the plugin produces (frozen and slotted, like pagenorm's model) ---


@frozen
class TideEntry:
    """One line of the box: ``High water 06:42 4.1m``."""

    kind: Literal["high", "low"]
    time: str  # "HH:MM", 24-hour, zero-padded
    height_m: float  # metres above chart datum; negative on very low spring tides


@frozen
class TideData:
    """A tide table: its entries in the order printed."""

    entries: tuple[TideEntry, ...]


# --- options: the block ``harbourherald:`` of a config, validated when the config loads ---


def _at_least_min(instance: HarbourHeraldOptions, attribute: object, value: int) -> None:
    if value < instance.min_entries:
        raise ValueError(f"max_entries ({value}) is below min_entries ({instance.min_entries})")


@frozen
class HarbourHeraldOptions:
    heading: str = field(default="Tide table", validator=validators.min_len(1))
    min_entries: int = field(default=2, validator=validators.ge(1))
    max_entries: int = field(default=6, validator=[validators.ge(1), _at_least_min])


@hookimpl
def plugin_options() -> type:
    return HarbourHeraldOptions


@hookimpl
def site_profiles() -> list[str]:
    # A path inside the installed package; pagenorm reads the file like a shipped profile.
    return [str(files(__package__) / PROFILE)]


# --- detect and parse ---


def parse_entry(text: str) -> TideEntry | None:
    """The entry a line holds, or None if it is not one."""
    match = _ENTRY.fullmatch(text.strip())
    if match is None:
        return None
    kind: Literal["high", "low"] = "high" if match["kind"].lower() == "high" else "low"
    time = f"{int(match['hour']):02d}:{match['minute']}"
    return TideEntry(kind, time, float(match["height"]))


def _is_heading(text: str, options: HarbourHeraldOptions) -> bool:
    return text.strip().rstrip(":").casefold() == options.heading.casefold()


def _box(lines: tuple[str, ...], start: int) -> tuple[int, tuple[TideEntry, ...]]:
    """The entries following the heading at ``start``, and the line of the last one."""
    entries: list[TideEntry] = []
    last = start
    for number in range(start + 1, len(lines)):
        text = lines[number]
        if not text.strip():
            continue
        entry = parse_entry(text)
        if entry is None:
            break
        entries.append(entry)
        last = number
    return last, tuple(entries)


@hookimpl
def detect(page: Page, options: HarbourHeraldOptions, site: Site) -> list[Claim]:
    claims = []
    number = 0
    while number < len(page.lines):
        if _is_heading(page.lines[number], options):
            last, entries = _box(page.lines, number)
            if options.min_entries <= len(entries) <= options.max_entries:
                # hint: parse reuses what detect already read (the core never looks at it)
                claims.append(Claim(KIND, number, last, CONFIDENCE, hint=entries))
                number = last
        number += 1
    return claims


def _check(entries: tuple[TideEntry, ...], first: int, last: int) -> list[Diagnostic]:
    """Tides alternate high, low, high...: a box that does not is worth a warning."""
    if all(a.kind != b.kind for a, b in pairwise(entries)):
        return []
    order = ", ".join(e.kind for e in entries)
    return [Diagnostic("warning", "harbourherald.tide_order",
                       f"tide table does not alternate high and low water: {order}",
                       (first, last))]


@hookimpl
def parse(page: Page, claims: list[Claim], options: HarbourHeraldOptions,
          site: Site) -> Parsed:
    sections, diagnostics = [], []
    for claim in claims:
        entries = claim.hint if claim.hint is not None else _box(page.lines, claim.first)[1]
        # the plugin field is stamped by the core with the name this plugin was enabled by
        sections.append(Section(KIND, claim.first, claim.last, "", claim.confidence,
                                TideData(entries)))
        diagnostics += _check(entries, claim.first, claim.last)
    return Parsed(tuple(sections), tuple(diagnostics))
