"""Line-shape and date helpers shared by the built-in plugins (not a plugin itself)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

_CLOSERS = "\"'”’»)]"
SENTENCE_END = frozenset(".!?…:;")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (closing quotes and brackets looked through)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> datetime | None:
    try:
        return dateparser.parse(text, fuzzy=False)
    except (ValueError, OverflowError):
        return None


def iso_datetime(text: str | None, zone: ZoneInfo | None) -> str | None:
    """ISO 8601 for a printed date: with the site's offset when a time is shown, a bare
    ``YYYY-MM-DD`` when only a date is (never an invented midnight), None if unreadable."""
    if not text:
        return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip(",.-"))
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
