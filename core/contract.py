"""The hook contract, checked: every value a plugin hands back, down to the field types.

A plugin's mistake must cost its own lines, never the page, the batch or a document that
fails the schema: so the types the model declares are checked here, not trusted. A claim's
and a section's numbers are whole numbers (not ``True``, not ``"3"``), confidences finite
and within 0..1 (not NaN), kinds non-empty text, and the section data the assembler reads
(``TitleData``, ``BodyData``...) holds what its attrs fields declare, so ``TitleData(123)``
never becomes a title. Section data of other types is the plugin's own: the assembler
ignores it and it is not written.
"""

from __future__ import annotations

import math
import re
import types
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from pagenorm import model
from pagenorm.model import Claim, Diagnostic, Parsed, Prefix, Section


class ContractError(Exception):
    """A plugin returned something the hook contract does not allow."""


# the section data the assembler reads: checked field by field
DATA_TYPES = (model.TickerData, model.SectionLineData, model.TitleData, model.SubtitleData,
              model.BylineData, model.DatelineData, model.BodyData, model.SubheadingData,
              model.ListingData, model.TagsData, model.RelatedData)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_confidence(value: object) -> bool:
    """A finite number from 0 to 1 (NaN fails every comparison, and is refused here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and math.isfinite(value) and 0 <= value <= 1


def _kind(value: object, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise ContractError(f"{what} kind {value!r} is not a non-empty text")


def _span(first: object, last: object, what: str) -> None:
    if not (is_whole(first) and is_whole(last)):
        raise ContractError(f"{what} lines {first!r}..{last!r} are not whole numbers")


def _bounded(found: object, limit: int, what: str) -> Iterator[Any]:
    """The items of a hook's result, refusing text, mappings and more than ``limit``
    items (claims and sections cannot outnumber the lines: an endless generator ends)."""
    if isinstance(found, str | bytes | dict) or not isinstance(found, Iterable):
        raise ContractError(f"returned {type(found).__name__}, not a sequence of {what}")
    for count, item in enumerate(found):
        if count >= max(limit, 1):
            raise ContractError(f"returned more {what} than the page has lines")
        yield item


def checked_claim(claim: object, line_count: int) -> Claim:
    if not isinstance(claim, Claim):
        raise ContractError(f"returned {type(claim).__name__}, not a Claim")
    _kind(claim.kind, "claim")
    first, last = claim.first, claim.last
    _span(first, last, "claim")
    if not (0 <= first <= last < line_count):
        raise ContractError(f"claim {first}..{last} is outside the page")
    if not is_confidence(claim.confidence):
        raise ContractError(f"confidence {claim.confidence!r} is not within 0..1")
    _pairs(claim.readings, "readings", is_confidence)
    _pairs(claim.evidence, "evidence", lambda v: isinstance(v, int | float)
           and not isinstance(v, bool) and math.isfinite(v))
    return claim


def _pairs(value: object, what: str, fits: Any) -> None:
    """A claim's ``readings`` or ``evidence``: a tuple of (text, number) pairs."""
    if not isinstance(value, tuple) or not all(
            isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
            and fits(pair[1]) for pair in value):
        raise ContractError(f"claim {what} {_short(value)} are not (text, number) pairs")


def claims_of(found: object, line_count: int) -> Iterator[Claim]:
    return (checked_claim(c, line_count) for c in _bounded(found, line_count, "claims"))


def sections_of(parsed: object, line_count: int) -> list[Section]:
    """The sections of a ``parse`` result, each checked (their lines are checked against
    the claims won by the pipeline), and its diagnostics checked the same way."""
    if not isinstance(parsed, Parsed):
        raise ContractError(f"returned {type(parsed).__name__}, not Parsed")
    sections = []
    for section in _bounded(parsed.sections, line_count, "sections"):
        if not isinstance(section, Section):
            raise ContractError("returned something that is not a Section")
        _kind(section.kind, "section")
        _span(section.first, section.last, "section")
        if not is_confidence(section.confidence):
            raise ContractError(f"section confidence {section.confidence!r} is not within 0..1")
        if isinstance(section.data, DATA_TYPES):
            _conforms(section.data, type(section.data), f"section {section.kind!r} data")
        sections.append(section)
    return sections


def diagnostics_of(parsed: Parsed) -> tuple[Diagnostic, ...]:
    found = tuple(_bounded(parsed.diagnostics, 10_000, "diagnostics"))
    for diagnostic in found:
        if not isinstance(diagnostic, Diagnostic):
            raise ContractError(f"returned {type(diagnostic).__name__}, not a Diagnostic")
        _conforms(diagnostic, Diagnostic, "diagnostic")
        if not diagnostic.code or (diagnostic.lines is not None and (
                diagnostic.lines[0] < 0 or diagnostic.lines[1] < 0)):
            raise ContractError(f"diagnostic {diagnostic.code!r}: an empty code or a "
                                "negative line")
    return found


def checked_prefix(prefix: object) -> Prefix | None:
    if prefix is None:
        return None
    if not isinstance(prefix, Prefix):
        raise ContractError(f"returned {type(prefix).__name__}, not a Prefix")
    _conforms(prefix, Prefix, "prefix")
    if prefix.page_date is not None and not _DATE.fullmatch(prefix.page_date):
        raise ContractError(f"page_date {prefix.page_date!r} is not YYYY-MM-DD")
    return prefix


def _conforms(value: object, declared: Any, what: str) -> None:
    """Raise ``ContractError`` unless ``value`` is of the type a model field declares."""
    if declared is Any:
        return
    origin = get_origin(declared)
    if origin is Literal:
        ok = value in get_args(declared) and isinstance(value, str)
    elif origin in (Union, types.UnionType):
        ok = any(_fits(value, option) for option in get_args(declared))
    elif origin is tuple:
        ok = _fits_tuple(value, get_args(declared))
    elif attrs.has(declared):
        if not isinstance(value, declared):
            raise ContractError(f"{what} is {type(value).__name__}, not {declared.__name__}")
        for name, field_type in _field_types(type(value)):
            _conforms(getattr(value, name), field_type, f"{what} field {name!r}")
        return
    elif declared is float:
        ok = is_whole(value) or (isinstance(value, float) and math.isfinite(value))
    elif declared is int:
        ok = is_whole(value)
    else:
        ok = isinstance(value, declared)
    if not ok:
        raise ContractError(f"{what} is {type(value).__name__} {_short(value)}, "
                            f"not {_name(declared)}")


def _fits(value: object, declared: Any) -> bool:
    try:
        _conforms(value, declared, "")
    except ContractError:
        return False
    return True


def _fits_tuple(value: object, args: tuple[Any, ...]) -> bool:
    if not isinstance(value, tuple):
        return False
    if len(args) == 2 and args[1] is Ellipsis:
        return all(_fits(item, args[0]) for item in value)
    return len(value) == len(args) and all(map(_fits, value, args))


@cache
def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """The resolved type of every field (the model writes its annotations as text)."""
    attrs.resolve_types(cls, globalns=vars(model))
    return tuple((f.name, f.type) for f in attrs.fields(cls))


def _name(declared: Any) -> str:
    return getattr(declared, "__name__", None) or str(declared).replace("typing.", "")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
