"""Line-shape and date helpers shared by the built-in plugins (not a plugin itself)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from re import _parser as sre  # the standard library's own parse of a pattern (3.11+)
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser
from dateutil import tz

from pagenorm.patterns import AnyOf, is_re2
from pagenorm.patterns import joined as joined_patterns

_CLOSERS = "\"'”’»)]"
SENTENCE_END = frozenset(".!?…:;۔")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = rf"(?:{MONTH}\s+{DAY},?\s+\d{{4}}|{DAY}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?"
WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
# the building blocks a config's patterns may name as ``{{DATE}}`` (pagenorm.config): the
# shapes the built-in patterns are made of, so a profile adds one without copying regexes
BLOCKS = {"DATE": DATE, "TIME": TIME, "WEEKDAY": WEEKDAY, "MONTH": MONTH, "DAY": DAY}

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


_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words as ``str.split`` counts them, without a list of them for a long line (a 50 MB
    line would make tens of millions of strings)."""
    return len(text.split()) if len(text) < 4096 else _WORD.subn("", text)[1]


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


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def iso_date(text: str | None) -> str | None:
    """A printed ``YYYY-MM-DD`` as ASCII (a profile's ``\\d`` also matches other scripts'
    digits, ``２０２１``), or None when it is not one."""
    if text is None:
        return None
    ascii_text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                         for c in text.strip())
    return ascii_text if _ISO_DATE.fullmatch(ascii_text) else None


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


# --- regular expressions that cost a page less: joined, and guarded by a literal ---

_MAX_NEEDS = 32  # more strings to look for than this cost about what a match does


# Every profile repeats the generic patterns: each is worked out once (a Normaliser builds
# all the shipped profiles), and a compiled pattern is hashable by its text and flags.
@lru_cache(maxsize=2048)
def needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (None when none is known):
    a pattern such as ``.*\\bPHOTO:.*`` tries every position of a long line, ``"PHOTO:" in
    line`` costs almost nothing. Worked out from the parsed pattern, so it holds for any
    pattern a profile gives."""
    if is_re2(pattern):
        return None
    tree = _parsed(pattern)
    if tree is None or tree.state.flags & re.IGNORECASE:
        return None
    found = _sequence_needs(list(tree))
    if not found or len(found) > _MAX_NEEDS or not all(found):
        return None
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=2048)
def _parsed(pattern: re.Pattern[str]) -> Any:
    try:
        return sre.parse(pattern.pattern, pattern.flags)
    except Exception:  # a surprise of a private module just means no shortcut
        return None


def _sequence_needs(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best known need of a sequence: its longest run of literal characters, or the
    need of a part that must match (a group, a branch, a repeat of at least one)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # they consume nothing
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        need = _item_needs(op, value)
        if need:
            candidates.append(need)
    if run:
        candidates.append(frozenset([run]))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (len(c) <= _MAX_NEEDS, min(map(len, c)), -len(c)))


def _item_needs(op: Any, value: Any) -> frozenset[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = value
        return None if add_flags & re.IGNORECASE else _sequence_needs(list(sub))
    if op is sre.ATOMIC_GROUP:
        return _sequence_needs(list(value))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = value
        return _sequence_needs(list(sub)) if low >= 1 else None
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            need = _sequence_needs(list(branch))
            if not need:
                return None
            found |= need
        return frozenset(found)
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in value):
        return frozenset(chr(char) for _, char in value)
    return None


class Guarded:
    """A pattern tried only on text that holds one of the strings it needs; matches,
    fullmatches and searches exactly as the pattern does."""

    __slots__ = ("needs", "pattern", "test")

    def __init__(self, pattern: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.needs = needs
        # one search for all the strings: it skips along the text by their first characters
        self.test = re.compile("|".join(map(re.escape, needs))).search

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text) if self.test(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self.test(text) else None

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.test(text) else None


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str] | Guarded:
    """``pattern``, behind a cheap test of the text when it scans a whole line and needs a
    string (a pattern failing at the first character costs less than the test)."""
    if is_re2(pattern):  # linear already, and not ours to take apart with re's parser
        return pattern
    found = needs(pattern) if _scans(pattern) else None
    return pattern if found is None else Guarded(pattern, found)


def joined(patterns: tuple[re.Pattern[str], ...]
           ) -> re.Pattern[str] | Guarded | AnyOf | _PlainOrGuarded:
    """One matcher matching where any of ``patterns`` matches (callers read only whether
    it did): the patterns that scan a whole line (``.*``...) are tried together only on
    text holding a string one of them needs, the others are joined into one alternation,
    so a line costs about one match. Patterns a user's config put on RE2 are joined on
    RE2, never recompiled by ``re`` (``pagenorm.patterns``)."""
    if not any(is_re2(p) for p in patterns):
        return _joined(tuple(patterns))
    plain = tuple(p for p in patterns if not is_re2(p))
    linear = joined_patterns([p for p in patterns if is_re2(p)])
    return AnyOf((_joined(plain), linear)) if plain else linear  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _joined(patterns: tuple[re.Pattern[str], ...]
            ) -> re.Pattern[str] | Guarded | AnyOf | _PlainOrGuarded:
    try:
        whole = re.compile(_alternation(patterns))
    except re.error:  # a pattern with its own global flags cannot be joined: keep it whole
        return patterns[0] if len(patterns) == 1 else AnyOf(patterns)
    if _refers_to_groups(whole):  # numbered back-references count groups across patterns
        return whole
    plain, scanning = _split(patterns)
    if scanning is None:
        return whole
    if not plain:
        return scanning
    if isinstance(scanning, Guarded):
        return _PlainOrGuarded(re.compile(_alternation(plain)), scanning)
    return AnyOf((re.compile(_alternation(plain)), scanning))


@lru_cache(maxsize=512)
def _split(patterns: tuple[re.Pattern[str], ...]
           ) -> tuple[tuple[re.Pattern[str], ...], Guarded | AnyOf | None]:
    """The patterns failing fast, and one guarded matcher for those scanning a line."""
    plain: list[re.Pattern[str]] = []
    scanning: list[re.Pattern[str]] = []
    wanted: set[str] = set()
    for pattern in patterns:
        found = needs(pattern) if _scans(pattern) else None
        if found is None:
            plain.append(pattern)
        else:
            scanning.append(pattern)
            wanted.update(found)
    if not scanning:
        return tuple(plain), None
    if len(wanted) <= _MAX_NEEDS:  # one test of the text for them all
        return tuple(plain), Guarded(re.compile(_alternation(scanning)), tuple(sorted(wanted)))
    return tuple(plain), AnyOf(tuple(guarded(re.compile(_alternation((p,)))) for p in scanning))


_PLAIN_FLAGS = re.compile("").flags


@lru_cache(maxsize=256)
def any_of(patterns: tuple[re.Pattern[str], ...]
           ) -> re.Pattern[str] | Guarded | AnyOf | _PlainOrGuarded | None:
    """One matcher fullmatching exactly where one of ``patterns`` does, their groups
    unnamed (several may share a name), for a test of whether any of them is worth trying;
    None when that cannot be made sure of (flags, back-references)."""
    unnamed = []
    for pattern in patterns:
        if is_re2(pattern):
            return None
        text = _unnamed(pattern) if pattern.flags == _PLAIN_FLAGS else None
        if text is None:
            return None
        unnamed.append(re.compile(text))
    return joined(tuple(unnamed))


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@lru_cache(maxsize=2048)
def _unnamed(pattern: re.Pattern[str]) -> str | None:
    """The pattern with ``(?P<name>`` groups made plain ``(?:``, checked against the parsed
    original (so a ``(?P<`` inside a class or after a backslash is never rewritten)."""
    if _refers_to_groups(pattern):
        return None
    text = _NAMED_GROUP.sub("(?:", pattern.pattern)
    try:
        original = _tree_shape(list(sre.parse(pattern.pattern, pattern.flags)))
        rewritten = _tree_shape(list(sre.parse(text, pattern.flags)))
    except Exception:
        return None
    return text if original == rewritten else None


def _tree_shape(items: list[tuple[Any, Any]]) -> tuple[Any, ...]:
    """A parsed pattern with capturing and plain groups told apart no more (the parser
    inlines some plain groups: every group without flags is inlined here)."""
    shaped: list[Any] = []
    for op, value in items:
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = value
            if add_flags or del_flags:
                shaped.append((op, add_flags, del_flags, _tree_shape(list(sub))))
            else:
                shaped.extend(_tree_shape(list(sub)))
        elif op is sre.BRANCH:
            shaped.append((op, tuple(_tree_shape(list(b)) for b in value[1])))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            shaped.append((op, value[0], value[1], _tree_shape(list(value[2]))))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            shaped.append((op, value[0], _tree_shape(list(value[1]))))
        elif op is sre.ATOMIC_GROUP:
            shaped.append((op, _tree_shape(list(value))))
        elif op is sre.IN:
            shaped.append((op, tuple(value)))
        else:
            shaped.append((op, value))
    return tuple(shaped)


class FirstOf:
    """Which of several pattern lists is the first to fullmatch a line: one match of one
    alternation (a named group per list) for the patterns failing fast, and a guarded
    match for each list's patterns that scan the line. When the lists cannot share one
    alternation (back-references, clashing group names), each list is tried in turn."""

    def __init__(self, lists: tuple[tuple[re.Pattern[str], ...], ...]) -> None:
        self.lists = lists
        self.count = len(lists)
        self.each: tuple[object, ...] = ()  # each list joined: only when tried in turn
        self.fast: re.Pattern[str] | None = None
        self.scanning: tuple[tuple[int, Guarded | AnyOf], ...] = ()
        self.group_list: dict[int, int] = {}
        self.scanning_test: Callable[[str], object] | None = None
        self.built = False  # on first use: a normaliser builds every profile, pages use one

    def build(self) -> None:
        try:
            if any(is_re2(p) for patterns in self.lists for p in patterns):
                raise re.error("RE2 patterns are not shared with re's")
            self._share(self.lists)
        except re.error:
            self.fast = None
            self.each = tuple(joined(patterns) if patterns else None for patterns in self.lists)
        self.built = True

    def _share(self, lists: tuple[tuple[re.Pattern[str], ...], ...]) -> None:
        branches: list[str] = []
        scanning: list[tuple[int, Guarded | AnyOf]] = []
        for number, patterns in enumerate(lists):
            if not patterns:
                continue
            if _refers_to_groups(re.compile(_alternation(patterns))):  # or: re.error
                raise re.error("back-references count groups across patterns")
            plain, scans = _split(patterns)
            if plain:
                branches.append(f"(?P<_pagenorm_list_{number}>{_alternation(plain)})")
            if scans is not None:
                scanning.append((number, scans))
        # one test of the line for every scanning list: most lines need none of them tried
        wanted = {need for _, scans in scanning if isinstance(scans, Guarded)
                  for need in scans.needs}
        if all(isinstance(scans, Guarded) for _, scans in scanning) and \
                len(wanted) <= _MAX_NEEDS:
            self.scanning_test = Guarded(re.compile(""), tuple(sorted(wanted))).test
        fast = re.compile("|".join(branches) or "(?!)")
        if _refers_to_groups(fast):
            raise re.error("back-references count groups across lists")
        self.group_list = {fast.groupindex[f"_pagenorm_list_{n}"]: n
                           for n, patterns in enumerate(lists)
                           if f"_pagenorm_list_{n}" in fast.groupindex}
        self.fast, self.scanning = fast, tuple(scanning)

    def first(self, text: str) -> int | None:
        """The index of the first list with a pattern fullmatching ``text``, or None."""
        if not self.built:
            self.build()
        if self.fast is None:
            return next((n for n, m in enumerate(self.each)
                         if m is not None and m.fullmatch(text)), None)  # type: ignore[attr-defined]
        match = self.fast.fullmatch(text)
        first = self.count if match is None else self._list_of(match)
        found = None if match is None else first
        if not self.scanning or self.scanning[0][0] >= first:
            return found
        if self.scanning_test is not None and not self.scanning_test(text):
            return found
        for number, scans in self.scanning:
            if number >= first:
                break
            if scans.fullmatch(text):
                return number
        return found

    def _list_of(self, match: re.Match[str]) -> int:
        # the list's own group closes last, so it is the match's lastindex
        number = self.group_list.get(match.lastindex or 0)
        if number is None:
            number = next(n for g, n in self.group_list.items() if match.group(g) is not None)
        return number


@lru_cache(maxsize=2048)
def _scans(pattern: re.Pattern[str]) -> bool:
    """Whether a pattern starts with a repeat of any character (``.*``, ``.{0,40}``): it
    tries every position of a line before it fails, where most fail at the first character."""
    tree = _parsed(pattern)
    return tree is not None and _starts_scanning(list(tree))


def _starts_scanning(items: list[tuple[Any, Any]]) -> bool:
    for op, value in items:
        if op is sre.AT:
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            return list(value[2]) == [(sre.ANY, None)]
        if op is sre.SUBPATTERN:
            return _starts_scanning(list(value[3]))
        if op is sre.BRANCH:
            return any(_starts_scanning(list(branch)) for branch in value[1])
        return False
    return False


def _alternation(patterns: tuple[re.Pattern[str], ...] | list[re.Pattern[str]]) -> str:
    return "|".join(f"(?:{p.pattern})" for p in patterns)


def _refers_to_groups(pattern: re.Pattern[str]) -> bool:
    return bool(re.search(r"\\[1-9]|\(\?P=|\(\?\(", pattern.pattern))


class _PlainOrGuarded:
    """A joined matcher in its usual shape: one alternation, then one guarded pattern (a
    class of its own: the matcher runs once per line of every page)."""

    __slots__ = ("guarded", "plain")

    def __init__(self, plain: re.Pattern[str], guarded: Guarded) -> None:
        self.plain = plain
        self.guarded = guarded

    def fullmatch(self, text: str) -> re.Match[str] | None:
        match = self.plain.fullmatch(text)
        if match is None and self.guarded.test(text):
            return self.guarded.pattern.fullmatch(text)
        return match

    def search(self, text: str) -> re.Match[str] | None:
        match = self.plain.search(text)
        if match is None and self.guarded.test(text):
            return self.guarded.pattern.search(text)
        return match
