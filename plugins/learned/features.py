"""The features of a page's lines, computed once per line, for the line-role model.

A page is read as the sequence of its non-blank lines. Each line gets facts of its own
(shape, length, punctuation, capitalisation, stopword share, date, byline and dateline
pattern hits, position, distance to the longest prose block, repetition, likeness to the
url's slug), and the facts of its neighbours under a prefix (``-1:``, ``+1:``...), so the
model reads a line in its context. Features are strings (a fact that holds) or floats.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections import Counter
from collections.abc import Sequence

from pagenorm.plugins._text import DATE, MONTH, TIME, WEEKDAY, ends_sentence

Features = dict[str, float | str]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_DATE = re.compile(
    rf"{DATE}|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b{WEEKDAY}\s|\b{MONTH}\s+\d{{1,2}}\b"
    r"|\b\d{4}-\d{2}-\d{2}T?\b", re.IGNORECASE)
_TIME = re.compile(rf"\b{TIME}", re.IGNORECASE)
_RELATIVE = re.compile(r"\b\d+\s+(?:sec|min|minute|hour|hr|day|week|month)s?\s+ago\b", re.I)
_BY = re.compile(r"^(?:by|posted by|written by|words by|reported by)\s+\S", re.IGNORECASE)
_POSTED = re.compile(r"\b(?:posted|published|updated|last updated|modified)\b", re.I)
_HANDLE = re.compile(r"@\w{2,}")
_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][\w.'’ -]{1,40}?(?:/[\w.'’ -]{2,30})*(?:,\s*[\w.'’ ]{2,30})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?::|—|–|-{1,2}|//)\s+\S")
_URLISH = re.compile(r"https?://|www\.|\.com\b|\.co\.\w\w\b")
_READ_MORE = re.compile(r"^(?:read more|also read|read also|see also|related|watch|listen)\b",
                        re.IGNORECASE)
_CREDIT = re.compile(r"\b(?:photo|image|picture|file|credit|getty|afp|reuters|ap photo|"
                     r"courtesy|illustration)\b", re.IGNORECASE)
_FURNITURE = re.compile(r"\b(?:share|subscribe|sign in|log in|newsletter|advertisement|"
                        r"cookie|privacy|copyright|all rights reserved|follow us|comments?)\b",
                        re.IGNORECASE)
_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it",
    "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his",
    "her", "their", "our", "not", "no", "will", "would", "said", "says", "say", "after",
    "before", "over", "into", "about", "than", "then", "there", "which", "who", "whom",
    "what", "when", "where", "while", "also", "more", "most", "can", "could", "should",
    "may", "might", "do", "does", "did",
})
CONTEXT = ((-2, ("shape", "words", "prose", "date", "by")), (-1, None), (1, None),
           (2, ("shape", "words", "prose", "date")))


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def words_of(text: str) -> list[str]:
    """Words; in scripts written without spaces (Chinese, Japanese, Thai), two characters
    count as one word, so a paragraph there looks as long as one in English."""
    words = _WORD.findall(text)
    unspaced = len(_UNSPACED.findall(text))
    if unspaced > len(text) / 3:
        return [*words, *(["字"] * (unspaced // 2))]
    return words


def _bucket(value: float, edges: Sequence[float]) -> str:
    for index, edge in enumerate(edges):
        if value <= edge:
            return str(index)
    return str(len(edges))


def _shape(text: str, words: list[str]) -> str:
    if not words:
        return "symbols"
    if text.isupper():
        return "upper"
    capitalised = sum(word[0].isupper() for word in words) / len(words)
    if capitalised >= 0.8:
        return "title"
    return "sentence" if words[0][0].isupper() else "lower"


def _is_prose(text: str, words: list[str]) -> bool:
    return len(words) >= 15 or (len(words) >= 8 and ends_sentence(text))


def _prose_block(prose: Sequence[bool]) -> tuple[int, int]:
    """The first and last index of the longest run of prose lines (-1, -1 when none)."""
    best, start = (-1, -1), None
    for index, flag in enumerate([*prose, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if index - start > best[1] - best[0] + 1 or best == (-1, -1):
                best = (start, index - 1)
            start = None
    return best


def slug_words(url: str | None) -> set[str]:
    if not url:
        return set()
    path = urllib.parse.urlsplit(url).path
    return {word.lower() for word in re.split(r"[^A-Za-z0-9]+", path) if len(word) > 2
            and not word.isdigit()}


def own_features(text: str, index: int, count: int, words: list[str], prose: bool,
                 block: tuple[int, int], repeated: bool, slug: set[str]) -> Features:
    """A line's facts of its own."""
    lowered = [word.lower() for word in words]
    stops = sum(word in _STOPWORDS for word in lowered)
    last = text.rstrip()[-1:]
    features: Features = {
        "bias": 1.0,
        "shape": _shape(text, words),
        "words": _bucket(len(words), (1, 2, 3, 5, 8, 12, 20, 35, 60)),
        "chars": _bucket(math.log2(len(text) + 1), (2, 3, 4, 5, 6, 7, 8, 9)),
        "end": last if last in ".?!:;…\"”’)|" else ("digit" if last.isdigit() else "other"),
        "stop": _bucket(stops / len(words), (0, 0.1, 0.25, 0.4)) if words else "none",
        "commas": _bucket(text.count(","), (0, 1, 3)),
        "digits": _bucket(sum(c.isdigit() for c in text) / len(text), (0, 0.05, 0.2, 0.5)),
        "pos": _bucket(index / max(count - 1, 1), (0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)),
        "first": str(index) if index < 3 else "later",
        "from_end": _bucket(count - 1 - index, (0, 1, 3, 8)),
        "prose": str(prose),
        "w0": lowered[0] if lowered else "",
        "wl": lowered[-1] if lowered else "",
    }
    if block[0] < 0:
        features["block"] = "none"
    elif index < block[0]:
        features["block"] = "before" + _bucket(block[0] - index, (1, 2, 4, 8))
    elif index > block[1]:
        features["block"] = "after" + _bucket(index - block[1], (1, 2, 4, 8))
    else:
        features["block"] = "inside"
    for name, pattern in (("date", _DATE), ("time", _TIME), ("ago", _RELATIVE),
                          ("by", _BY), ("posted", _POSTED), ("handle", _HANDLE),
                          ("dateline", _DATELINE), ("url", _URLISH), ("readmore", _READ_MORE),
                          ("credit", _CREDIT), ("furniture", _FURNITURE)):
        if pattern.search(text):
            features[name] = "1"
    if "|" in text:
        features["pipe"] = "1"
    if text.startswith(("•", "-", "*", "·", "–")):
        features["bullet"] = "1"
    if repeated:
        features["repeated"] = "1"
    if slug and lowered:
        common = len(slug & set(lowered))
        features["slug"] = _bucket(common / len(slug), (0, 0.2, 0.5, 0.8))
    return features


def page_features(lines: Sequence[str], url: str | None = None) -> list[Features]:
    """The features of each of ``lines`` (non-blank, stripped), neighbours included."""
    count = len(lines)
    words = [words_of(line) for line in lines]
    prose = [_is_prose(line, w) for line, w in zip(lines, words, strict=True)]
    block = _prose_block(prose)
    seen = Counter(lines)
    slug = slug_words(url)
    own = [own_features(line, index, count, words[index], prose[index], block,
                        seen[line] > 1, slug) for index, line in enumerate(lines)]
    result = []
    for index, features in enumerate(own):
        combined = dict(features)
        for offset, names in CONTEXT:
            other = index + offset
            if not 0 <= other < count:
                combined[f"{offset:+d}:none"] = "1"
                continue
            for name, value in own[other].items():
                if name != "bias" and (names is None or name in names):
                    combined[f"{offset:+d}:{name}"] = value
        result.append(combined)
    return result


def crf_items(features: list[Features]) -> list[dict[str, float]]:
    """Features as python-crfsuite takes them: ``name=value`` strings weigh 1.0."""
    return [{(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v)
             for k, v in item.items()} for item in features]
