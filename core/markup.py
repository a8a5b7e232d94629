"""Markup facts weighed against the page's own lines: the last step of assembly.

A page converted from HTML carries ``Page.markup`` (its ``<title>``, meta author, dates,
JSON-LD), read by the batch inputs before the page became text. The engine knows no HTML:
it sees a typed ``Markup`` record and, per field, applies one rule:

- the text gives no value: the markup's is taken (an info ``markup.field``);
- the text's value agrees with the markup's: the text's stays, nothing is said;
- they disagree and the text's came from a guessed line (a section under ``CLEAR``
  confidence, such as a headline-like line): the markup's wins (an info ``markup.field``);
- they disagree and the text's came from a clear line (a byline, a date line): the line
  stays, since it is what the page shows, and a warning ``markup.disagrees`` names both.

So a document records which fields came from markup without a new key: every existing
document stays byte-identical.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from pagenorm.model import Article, BylineData, Diagnostic, Markup, Section, TitleData

CLEAR = 0.8  # a section at least this sure is a clear line; below it, a guess
TAKEN, DISAGREES = "markup.field", "markup.disagrees"

# (article field, markup field, the section data that gives it, that data's attribute)
_FIELDS = (
    ("title", "title", TitleData, "text"),
    ("byline", "author", BylineData, "name"),
    ("published", "published", BylineData, "published"),
    ("updated", "modified", BylineData, "updated"),
)


def weigh_markup(article: Article, tags: tuple[str, ...], markup: Markup,
                 sections: Sequence[Section]) -> tuple[Article, tuple[str, ...], list[Diagnostic]]:
    """``article`` and ``tags`` with the markup's facts weighed in, and what was decided."""
    notes: list[Diagnostic] = []
    changes: dict[str, str] = {}
    for name, fact, kind, attribute in _FIELDS:
        value = getattr(markup, fact)
        if value is None:
            continue
        origin = _origin(sections, kind, attribute)
        taken = _weigh(name, getattr(article, name), value, origin, notes)
        if taken is not None:
            changes[name] = taken
    return attrs.evolve(article, **changes), _tags(tags, markup.keywords, notes), notes


def _weigh(name: str, text: str | None, value: str, origin: Section | None,
           notes: list[Diagnostic]) -> str | None:
    """The markup's value when it is to replace the text's, else None (noting why)."""
    if text is not None and _agree(name, text, value):
        return None
    if text is None or origin is None or origin.confidence < CLEAR:
        notes.append(Diagnostic("info", TAKEN, f"{name} from the page's markup: {value!r}"))
        return value
    notes.append(Diagnostic("warning", DISAGREES,
                            f"{name}: the markup says {value!r}, the page's line {text!r} "
                            "(the line kept)", (origin.first, origin.last)))
    return None


def _origin(sections: Sequence[Section], kind: type, attribute: str) -> Section | None:
    """The section the article's field came from: the first of its kind with a value, as
    the assembler takes it."""
    return next((s for s in sections
                 if isinstance(s.data, kind) and getattr(s.data, attribute) is not None), None)


def _agree(name: str, text: str, value: str) -> bool:
    if name in ("published", "updated"):
        return _same_time(text, value)
    left, right = _folded(text), _folded(value)
    # a <title> often ends in the site's name: "Headline | Site" agrees with "Headline"
    return left == right or (name == "title" and right.startswith(left))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_time(text: str, value: str) -> bool:
    """Two ISO 8601 times agree when they are the same instant, or the same day when one is
    a bare date."""
    if "T" not in text or "T" not in value:
        return text[:10] == value[:10]
    try:
        left, right = datetime.datetime.fromisoformat(text), datetime.datetime.fromisoformat(value)
        if (left.tzinfo is None) != (right.tzinfo is None):
            return left.replace(tzinfo=None) == right.replace(tzinfo=None)
        return left == right
    except ValueError:
        return text == value


def _tags(tags: tuple[str, ...], keywords: tuple[str, ...], notes: list[Diagnostic]
          ) -> tuple[str, ...]:
    """The markup's keywords are the tags of a page that shows none; a tag line that shares
    none of them is noted, and kept."""
    if not keywords:
        return tags
    if not tags:
        notes.append(Diagnostic("info", TAKEN, f"tags from the page's markup: {list(keywords)!r}"))
        return keywords
    if not {_folded(t) for t in tags} & {_folded(k) for k in keywords}:
        notes.append(Diagnostic("warning", DISAGREES, f"tags: the markup says {list(keywords)!r}"
                                                      ", the page's tag line none of them"))
    return tags
