"""The crisp part of reading a line once its role is known: rules, not learning.

- a byline's name: ``By X``, ``X, Political Editor``, ``X (@handle) 3 minutes ago ...``,
  ``Desk News | March 3, 2025 at 04:10 PM GMT+05:00``, ``Posted on April 11, 2024 by X``;
- dates: ISO 8601, RFC 2822, slash and dotted forms, month names, weekdays, ``Updated`` and
  ``Last modified`` as updated, relative times (``3 hours ago``) anchored on the crawl date;
- datelines in any case and script with every separator (``KARACHI:``, ``Dubai:``,
  ``ABU DHABI //``, ``SÃO PAULO (AP) —``, ``Washington (CNN) —``);
- the zone of a printed time: the one printed on the page, else the profile's, else the one
  zone of the url's country when it has one, else none (no offset is ever invented).
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pagenorm.plugins._text import DATE, MONTH, WEEKDAY, iso_datetime

# Countries of one zone, by top-level domain: a time printed without a zone on such a site is
# in that zone. Countries of several zones (us, ca, au, br, ru, id, mx...) are left out.
COUNTRY_ZONES = {
    "pk": "Asia/Karachi", "in": "Asia/Kolkata", "bd": "Asia/Dhaka", "lk": "Asia/Colombo",
    "np": "Asia/Kathmandu", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "sa": "Asia/Riyadh",
    "om": "Asia/Muscat", "kw": "Asia/Kuwait", "bh": "Asia/Bahrain", "jo": "Asia/Amman",
    "lb": "Asia/Beirut", "eg": "Africa/Cairo", "uk": "Europe/London", "ie": "Europe/Dublin",
    "sg": "Asia/Singapore", "hk": "Asia/Hong_Kong", "ph": "Asia/Manila", "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul", "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "tw": "Asia/Taipei",
    "ng": "Africa/Lagos", "ke": "Africa/Nairobi", "za": "Africa/Johannesburg",
    "gh": "Africa/Accra", "zw": "Africa/Harare", "de": "Europe/Berlin", "it": "Europe/Rome",
    "nl": "Europe/Amsterdam", "be": "Europe/Brussels", "ch": "Europe/Zurich",
    "at": "Europe/Vienna", "pl": "Europe/Warsaw", "se": "Europe/Stockholm",
}

_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?:\s*(?:GMT|UTC)?\s*[+-]\d{2}:?\d{2}|\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}|\s+[A-Z]{2,4}\b)"
_SPAN = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    rf"|(?:{WEEKDAY}\s*)?(?:{DATE}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}|{MONTH}\s+\d{{1,2}}\b)"
    rf"(?:\s*(?:,|\||/|at|-|–)?\s*{_CLOCK}{_ZONE}?)?", re.IGNORECASE)
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
_RELATIVE = re.compile(
    r"\b(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week)s?\s+ago\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|last updated|last modified|modified)\b\W*$", re.I)
_LEAD = re.compile(r"^(?:(?:posted|written|words|reported|compiled|edited)\s+)?by\s*:?\s+",
                   re.I)
_POSTED_BY = re.compile(r"^(?:posted|published)\b.*?\bby\s+(?P<name>.+)$", re.IGNORECASE)
_HANDLE = re.compile(r"\(?@\w+\)?")
_LABEL = re.compile(r"\b(?:published|updated|posted|last updated|last modified|modified|"
                    r"on|at|date)\s*:?\s*$", re.IGNORECASE)
_ROLE = re.compile(r"\b(?:editor|correspondent|reporter|writer|staff|desk|bureau|contributor|"
                   r"columnist|analyst|chief|senior|deputy|producer|journalist|head|director|"
                   r"professor|fellow|intern|founder|ceo)\b", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\W\d_.'’ -]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*){0,4}"
    r"(?:\s*/\s*[^\W\d_][^\W\d_ .'’-]*(?: [^\W\d_][^\W\d_.'’-]*){0,2})*"
    r"(?:,\s*[^\W\d_][^\W\d_.'’]*\.?(?: [^\W\d_][^\W\d_.'’]*\.?){0,2})?)"
    r"(?:,\s*(?:" + MONTH + r")\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^)]{1,40})\))?"
    r"\s*(?P<sep>:|—|–|--?|//)\s+(?P<rest>\S.*)$", re.DOTALL)
_NOT_PLACES = frozenset({
    "analysis", "comment", "opinion", "editorial", "exclusive", "update", "updated",
    "breaking", "watch", "listen", "read", "note", "photo", "video", "live", "warning",
    "editor's", "the", "a", "an", "in", "on", "by", "and", "but", "however", "meanwhile",
})


def zone_of(site_zone: ZoneInfo | None, url: str | None) -> ZoneInfo | None:
    """The profile's zone, else the one zone of the url's country, else None."""
    if site_zone is not None:
        return site_zone
    host = (urllib.parse.urlsplit(url).hostname or "") if url else ""
    name = COUNTRY_ZONES.get(host.rsplit(".", 1)[-1])
    return ZoneInfo(name) if name else None


def dates_in(text: str, zone: ZoneInfo | None, crawl: str | None = None
             ) -> tuple[str | None, str | None]:
    """(published, updated) read from a byline or date line: each printed date in ISO 8601,
    one after ``Updated``/``Last modified`` taken as updated; a relative time anchored on
    the crawl date (a date only), or nothing without one."""
    published = updated = None
    for match in _SPAN.finditer(text):
        value = _read_span(match.group(0), zone)
        if value is None:
            continue
        if _UPDATED.search(text[: match.start()][-24:]):
            updated = updated or value
        else:
            published = published or value
    if published is None and updated is None and crawl:
        relative = _RELATIVE.search(text)
        value = _relative(relative, crawl) if relative else None
        if value is not None and _UPDATED.search(text[: relative.start()][-24:]):
            updated = value
        else:
            published = value
    return published, updated


_YEAR = re.compile(r"\b\d{4}\b")
_ZONE_TOKEN = re.compile(r"\s+([A-Z]{2,5})$")
_READ_ZONES = frozenset({"UTC", "GMT", "PKT", "EDT", "EST", "CDT", "CST", "PDT", "PST", "BST",
                         "CET", "CEST", "IST", "GST", "AST", "Z"})


def _read_span(span: str, zone: ZoneInfo | None) -> str | None:
    """One printed date in ISO 8601; None without a year (a year is never guessed). A zone
    printed that dateutil cannot read (``ET``, ``AEST``, ``JST``) is still the page's zone:
    the time is written without an offset rather than in another zone."""
    if not _YEAR.search(span):
        return None
    span = _GMT_OFFSET.sub(_offset, span)
    token = _ZONE_TOKEN.search(span)
    if token and token[1] not in _READ_ZONES and token[1] not in ("AM", "PM"):
        return iso_datetime(span[: token.start()], None)
    return iso_datetime(span, zone)


def _offset(match: re.Match[str]) -> str:
    """``GMT+5``, ``GMT+05:00``, ``UTC-0430`` as ``+05:00`` (dateutil reads ``GMT+5`` with
    the POSIX sign, the other way round)."""
    return f"{match[1]}{int(match[2]):02d}:{match[3] or '00'}"


def _relative(match: re.Match[str], crawl: str) -> str | None:
    amount = 1 if match[1].lower() in ("a", "an", "one") else int(match[1])
    unit = match[2].lower()
    try:
        day = date.fromisoformat(crawl)
    except ValueError:
        return None
    days = {"day": 1, "week": 7}.get(unit, 0) * amount
    moment = datetime(day.year, day.month, day.day) - timedelta(days=days)
    # hours and minutes ago on a crawl day: the crawl day itself (the crawl time is unknown)
    return moment.date().isoformat()


def byline_name(text: str) -> str | None:
    """Who wrote it, without ``By``, dates, handles, roles or labels; None when no one."""
    text = text.strip()
    posted = _POSTED_BY.match(text)
    if posted:
        text = posted["name"]
    text = _LEAD.sub("", text)
    text = _HANDLE.sub(" ", text)
    cut = _first_date_at(text)
    if cut is not None:
        text = text[:cut]
    text = re.split(r"\s[|•·]\s|\s[-–—]\s|\s{2,}", text)[0]
    text = _LABEL.sub("", text.strip()).strip(" ,;:|/-–—")
    if "," in text:
        head, _, tail = text.partition(",")
        if _ROLE.search(tail) and not _ROLE.search(head):
            text = head.strip()
    text = re.sub(r"^(?:by)\s+", "", text, flags=re.IGNORECASE).strip()
    if not text or not any(c.isalpha() for c in text) or len(text.split()) > 8:
        return None
    if re.fullmatch(r"(?:published|updated|posted|last updated)\b.*", text, re.IGNORECASE):
        return None
    return text


def _first_date_at(text: str) -> int | None:
    starts = [m.start() for m in (_SPAN.search(text), _RELATIVE.search(text),
                                  re.search(r"\b(?:published|updated|posted|last updated)\b",
                                            text, re.IGNORECASE)) if m]
    return min(starts) if starts else None


def cut_dateline(text: str) -> tuple[str | None, str]:
    """(place, the paragraph after the separator) when ``text`` opens with a dateline, else
    (None, text). The place is kept as written; ``(AP)``, ``(CNN)`` and the separator go."""
    match = _DATELINE.match(text)
    if match is None:
        return None, text
    place = match["place"].strip()
    words = place.split()
    if not words or words[0].lower().strip("'’") in _NOT_PLACES or len(words) > 6:
        return None, text
    if match["sep"] in ("-", "--") and not (place.isupper() or match["agency"]):
        return None, text  # "Well-known - ..." is no dateline; "LAHORE - ..." is
    if not (place[0].isupper() or not place[0].isascii()):
        return None, text
    return place, match["rest"]


def read_more(text: str) -> str:
    """A related headline without its ``Read more:`` lead-in."""
    return re.sub(r"^(?:read more|also read|read also|see also|related|more)\b\s*[:|>»-]\s*", "",
                  text.strip(), flags=re.IGNORECASE)
