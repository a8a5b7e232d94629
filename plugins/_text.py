"""Line-shape and date helpers shared by the built-in plugins (not a plugin itself)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser
from dateutil import tz

from pagenorm.patterns import joined as joined  # one pattern for many: plugins join theirs

_CLOSERS = "\"'”’»)]"
SENTENCE_END = frozenset(".!?…:;۔")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = rf"(?:{MONTH}\s+{DAY},?\s+\d{{4}}|{DAY}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?"
WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"

# Zone abbreviations printed on pages; dateutil needs to be told what they mean.
_ZONES = {
    "UTC": 0, "GMT": 0, "PKT": 5 * 3600, "EDT": -4 * 3600, "EST": -5 * 3600, "CDT": -5 * 3600,
    "CST": -6 * 3600, "PDT": -7 * 3600, "PST": -8 * 3600, "BST": 3600, "CET": 3600,
    "CEST": 2 * 3600, "IST": 19800, "GST": 4 * 3600, "AST": 3 * 3600,
}


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (closing quotes and brackets looked through)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def continues(before: str, text: str) -> bool:
    """Whether ``text`` reads as the rest of ``before``, broken across a blank line: after
    a hyphen anything goes on (``ABC-`` / ``100 index``), otherwise a lower-case first
    word does (not a glued ``imageNEW``)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if before.endswith("-"):
        return first[:1].isalnum()
    return first.islower() and first.isalpha()


def word_count(text: str) -> int:
    return len(text.split())


def _clean(text: str) -> str:
    """Printed quirks dateutil does not read: ordinals (also wrong ones, ``22th``), a
    24-hour hour with ``PM`` (``16:05 PM``), ``GMT+5`` offsets, Reuters' ``/`` separators."""
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.strip().rstrip(",.-"))
    text = re.sub(r"\s*/\s*(?:in \d+ \w+|an? \w+ ago|\d+ \w+ ago)$", "", text)
    text = text.replace(" / ", " ")
    text = re.sub(r"\b(1[3-9]|2[0-3])([:.]\d{2})\s*[AaPp]\.?[Mm]\.?", r"\1\2", text)
    text = re.sub(r"(\d)\.(\d{2})\s*([AaPp]\.?[Mm])", r"\1:\2 \3", text)
    return re.sub(r"\bGMT\s*([+-])\s*(\d{1,2})\b", lambda m: f"{m[1]}{int(m[2]):02d}:00", text)


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> datetime | None:
    try:
        return dateparser.parse(text, fuzzy=False, tzinfos=_tzinfo)
    except (ValueError, OverflowError):
        return None


def _tzinfo(name: str, offset: int | None) -> tz.tzoffset | None:
    seconds = _ZONES.get(name) if offset is None else offset
    return tz.tzoffset(name, seconds) if seconds is not None else None


def iso_datetime(text: str | None, zone: ZoneInfo | None) -> str | None:
    """ISO 8601 for a printed date: with the site's offset when a time is shown (a printed
    zone wins), a bare ``YYYY-MM-DD`` when only a date is (never an invented midnight),
    None if unreadable."""
    if not text:
        return None
    cleaned = _clean(text)
    moment = _parse_date(cleaned)
    if moment is None:
        return None
    if not _TIME.search(cleaned):
        return moment.date().isoformat()
    if moment.tzinfo is None and zone is not None:
        moment = moment.replace(tzinfo=zone)
    try:
        return moment.isoformat()
    except ValueError:  # an offset of 24 hours or more, as in "10:00 +2400": unreadable
        return None


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")


def non_latin_share(lines: tuple[str, ...] | list[str]) -> float:
    """Share of letters outside the Latin script (an Urdu or Arabic page scores high)."""
    text = "\n".join(lines)
    if text.isascii() or _NON_LATIN_LETTER.search(text) is None:  # curly quotes, arrows...
        return 0.0
    letters = len(_LETTER.findall(text))
    return len(_NON_LATIN_LETTER.findall(text)) / letters if letters else 0.0
