"""Regular expressions from configs, compiled so that a profile cannot make matching explode.

A pattern a user's config sets is compiled by RE2 (google-re2), whose matching time grows
linearly with the text: no pattern can backtrack catastrophically. RE2 lacks a few things
Python's ``re`` has: lookahead and lookbehind (``(?=``, ``(?!``, ``(?<=``, ``(?<!``),
backreferences (``\\1``, ``(?P=name)``), conditionals, possessive or atomic groups,
negated classes (``\\W``, ``\\D``, ``\\S``) inside brackets, ``\\Z``, ``\\uXXXX``, verbose
``(?x)`` and ASCII ``(?a)`` mode; and it reads ``{,n}`` and ``[:`` otherwise. A pattern
that uses any of these falls back to ``re``; ``pagenorm check-config`` names each one, and
the per-page time limit (``input.page_seconds``) guards them in a batch.

So that a pattern means the same under both engines, ``\\d``, ``\\w`` and ``\\s`` (and their
negations outside brackets) are rewritten into the Unicode classes ``re`` uses before RE2
sees them. One difference stays: RE2's ``\\b`` and ``\\B`` count only ASCII letters and
digits as word characters.

Patterns of the shipped profiles are ours, reviewed and fuzzed, and they run on every page,
where ``re`` is several times cheaper per call: they are compiled by ``re``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

try:
    import re2
except ImportError:  # pragma: no cover - google-re2 is a dependency; this keeps a clear error
    re2 = None


class Pattern(Protocol):
    """What plugins may rely on, whichever engine compiled a pattern."""

    pattern: str

    def fullmatch(self, text: str) -> Any: ...
    def match(self, text: str) -> Any: ...
    def search(self, text: str) -> Any: ...


class UntrustedText(str):
    """A pattern's text that came from a config a user wrote: compile it with RE2."""


# what re means by these classes, written for RE2 (inside brackets, without the brackets)
_CLASSES = {
    "d": r"\p{Nd}",
    "w": r"\p{L}\p{N}_",
    "s": r"\t-\r\x1c-\x20\x85\p{Z}",
}
# what RE2 lacks or reads otherwise: lookaround, backreferences, conditionals, atomic and
# possessive groups, and re's {,n}; a [: inside brackets, which RE2 takes for a POSIX
# class, is found while rewriting
_NOT_FOR_RE2 = re.compile(r"\(\?(?:[=!]|<[=!]|P=|\(|>)|\\[1-9]|[*+?}]\+|\{,")


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is ours to report, not absl's to print
    return options


def for_re2(text: str) -> str | None:
    """``text`` with the perl classes rewritten as ``re`` reads them, or None when the
    pattern needs what only ``re`` has."""
    if _NOT_FOR_RE2.search(text):
        return None
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            letter = text[index + 1]
            if letter.lower() in _CLASSES:
                body = _CLASSES[letter.lower()]
                if letter.isupper():
                    if in_class:
                        return None  # [^\W] has no RE2 spelling without re's class algebra
                    out.append(f"[^{body}]")
                else:
                    out.append(body if in_class else f"[{body}]")
            else:
                out.append(text[index : index + 2])
            index += 2
            continue
        if char == "[" and in_class and text[index + 1 : index + 2] == ":":
            return None  # [[:alpha:]]: a POSIX class to RE2, a set of letters to re
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            if text[index : index + 1] == "^":
                out.append("^")
                index += 1
            if text[index : index + 1] == "]":  # a ] first in a class is a literal
                out.append(r"\]")
                index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def compile_untrusted(text: str) -> Pattern:
    """RE2 when the pattern allows it, else ``re``; ``re.error`` for a pattern neither
    engine reads (so the message is the familiar one)."""
    with warnings.catch_warnings():  # re's FutureWarnings would reach the user raw
        warnings.simplefilter("ignore")
        checked = re.compile(text)  # the syntax check users know, and the fallback
    translated = for_re2(text) if re2 is not None else None
    if translated is None:
        return checked
    try:
        return re2.compile(translated, _options())
    except re2.error:
        return checked


def compile_config_pattern(text: str) -> Pattern:
    return compile_untrusted(text) if isinstance(text, UntrustedText) else re.compile(text)


def is_re2(pattern: object) -> bool:
    """Whether RE2 compiled ``pattern`` (matchers built over patterns are neither)."""
    return re2 is not None and isinstance(pattern, re2._Regexp)


def joined(patterns: Sequence[Pattern]) -> Pattern:
    """One pattern matching what any of ``patterns`` matches. The ``re`` ones are joined
    with ``re``, the RE2 ones with RE2, so joining never moves a pattern to ``re``."""
    plain = [p for p in patterns if not is_re2(p)]
    linear = [p for p in patterns if is_re2(p)]
    parts: list[Pattern] = []
    if plain:
        parts.extend(plain if len(plain) == 1 else _joined_re(plain))
    if linear:
        parts.append(linear[0] if len(linear) == 1 else re2.compile(
            "|".join(f"(?:{p.pattern})" for p in linear), _options()))
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def _joined_re(patterns: Sequence[Pattern]) -> list[Pattern]:
    try:
        return [re.compile("|".join(f"(?:{p.pattern})" for p in patterns))]
    except re.error:  # a pattern with its own global flags, (?i)..., cannot be joined in re
        return list(patterns)


def multiline(pattern: Pattern) -> Pattern:
    """The same pattern with ``^`` and ``$`` at every line."""
    if is_re2(pattern):
        return re2.compile(f"(?m){pattern.pattern}", _options())
    assert isinstance(pattern, re.Pattern)
    return re.compile(pattern.pattern, pattern.flags | re.MULTILINE)


class AnyOf:
    """Patterns of both engines as one alternation: the match at the earliest start, the
    first pattern's on a tie."""

    def __init__(self, parts: Iterable[Any]) -> None:
        self.parts = tuple(parts)

    @property
    def pattern(self) -> str:
        """The parts' texts as one alternation (a part may itself wrap a pattern)."""
        texts = (p.pattern if isinstance(p.pattern, str) else p.pattern.pattern
                 for p in self.parts)
        return "|".join(f"(?:{text})" for text in texts)

    def fullmatch(self, text: str) -> Any:
        return next((m for p in self.parts if (m := p.fullmatch(text))), None)

    def match(self, text: str) -> Any:
        return next((m for p in self.parts if (m := p.match(text))), None)

    def search(self, text: str) -> Any:
        best = None
        for part in self.parts:
            found = part.search(text)
            if found and (best is None or found.start() < best.start()):
                best = found
        return best
