"""Bytes to a ``Page``: decoding and splitting into lines.

Decoding policy (``input.decoding`` in a config):

- A byte-order mark picks the encoding (UTF-8, UTF-16 or UTF-32, either byte order) and
  is dropped; without one a page is UTF-8.
- ``strict`` (the default): bytes that are not valid in that encoding, or a NUL byte (the
  mark of binary content), make the page an error naming the source and the byte offset.
- ``replace``: bad bytes and NULs become U+FFFD and the page goes on, with a
  ``page.replaced_bytes`` or ``page.binary`` warning in its diagnostics.

Lines are split on ``\\r\\n``, ``\\r`` and ``\\n`` only (not on Unicode separators), so a
line number always means a line of the input as an editor shows it. A final line break
ends the last line; it does not start an empty one.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from typing import TYPE_CHECKING, Literal

import attrs

from pagenorm.errors import InputError
from pagenorm.model import Diagnostic, Page, Source

if TYPE_CHECKING:
    pass

Decoding = Literal["strict", "replace"]
# error and diagnostic codes of reading
UNDECODABLE, BINARY, REPLACED, TOO_LARGE = (
    "page.undecodable", "page.binary", "page.replaced_bytes", "page.too_large")
_ANYWAY = "(set input.decoding: replace to read it anyway)"

_BREAK = re.compile(r"\r\n|\r|\n")
# text that came decoded holds these where its source had bytes that are not UTF-8 (or a
# JSON escape of half a character): they cannot be written as UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")
# longest first: the UTF-32 little-endian mark starts with the UTF-16 one
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def split_lines(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    lines = _BREAK.split(text) if "\r" in text else text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return tuple(lines)


def sniff(data: bytes) -> tuple[str, int]:
    """The encoding a byte-order mark names (UTF-8 without one) and the mark's length."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding, len(mark)
    return "utf-8", 0


def decode_page(data: bytes, source: str, decoding: Decoding = "strict"
                ) -> tuple[str, tuple[Diagnostic, ...]]:
    """Text and what decoding noticed, by the policy above; ``InputError`` in strict mode."""
    encoding, skip = sniff(data)
    body = data[skip:]
    notes: list[Diagnostic] = []
    if decoding == "strict" and encoding == "utf-8" and b"\0" in body:  # binary, not text
        raise InputError(source, f"binary content: a NUL byte at byte {body.index(0) + skip} "
                                 f"{_ANYWAY}", code=BINARY)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if decoding == "strict":
            raise InputError(source, f"not valid {_name(encoding)} at byte {exc.start + skip}: "
                                     f"{exc.reason} {_ANYWAY}", code=UNDECODABLE) from exc
        text = body.decode(encoding, errors="replace")
        notes.append(Diagnostic("warning", REPLACED,
                                f"bytes not valid {_name(encoding)} replaced by U+FFFD, the "
                                f"first at byte {exc.start + skip}"))
    text, nul_notes = checked_text(text, source, decoding)
    return text, (*notes, *nul_notes)


def checked_text(text: str, source: str, decoding: Decoding = "strict"
                 ) -> tuple[str, tuple[Diagnostic, ...]]:
    """Text that came decoded (a JSON Lines record) under the same policy: a lone
    surrogate is undecodable text and a NUL marks binary content, each an error when strict,
    U+FFFD and a warning when replacing."""
    text, notes = _checked_surrogates(text, source, decoding)
    text, nul_notes = _checked_nul(text, source, decoding)
    return text, (*notes, *nul_notes)


def _checked_surrogates(text: str, source: str, decoding: Decoding
                        ) -> tuple[str, tuple[Diagnostic, ...]]:
    bad = _SURROGATE.search(text)
    if bad is None:
        return text, ()
    if decoding == "strict":
        raise InputError(source, f"not valid UTF-8 at character {bad.start()}: bytes that are "
                                 f"not UTF-8, or a lone surrogate escape {_ANYWAY}",
                         code=UNDECODABLE)
    return _SURROGATE.sub("\ufffd", text), (Diagnostic(
        "warning", REPLACED, "text not valid UTF-8 replaced by U+FFFD, the first at "
                             f"character {bad.start()}"),)


def _checked_nul(text: str, source: str, decoding: Decoding
                 ) -> tuple[str, tuple[Diagnostic, ...]]:
    nul = text.find("\0")
    if nul < 0:
        return text, ()
    if decoding == "strict":
        raise InputError(source, f"binary content: a NUL character at offset {nul} {_ANYWAY}",
                         code=BINARY)
    return text.replace("\0", "\ufffd"), (Diagnostic(
        "warning", BINARY, f"NUL characters replaced by U+FFFD, the first at offset {nul}"),)


def too_large(size: int | None, limit: int) -> str:
    """The message of a ``page.too_large`` error (``size`` None: not read to its end)."""
    what = "page" if size is None else f"page of {size:,} bytes"
    return (f"{what} is over the limit of {limit:,} bytes "
            "(input.max_page_bytes in the config, or --max-page-bytes)")


def _name(encoding: str) -> str:
    return encoding.upper().removesuffix("-LE").removesuffix("-BE")


def decode(data: bytes, source: str) -> str:
    """Strict decoding, for callers that want text or an error."""
    return decode_page(data, source)[0]


def page_from_text(text: str, *, id: str, source: Source | None = None) -> Page:
    source = source or Source()
    if source.sha256 is None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        source = Source(path=source.path, url=source.url, sha256=digest)
    return Page(id=id, text=text, lines=split_lines(text), source=source)


def check_bytes(size: int, limit: int, where: str) -> None:
    if size > limit:
        raise InputError(where, too_large(size, limit), code=TOO_LARGE)


def page_from_bytes(data: bytes, *, id: str, source: Source | None = None,
                    decoding: Decoding = "strict") -> Page:
    source = source or Source()
    name = source.path or source.url or id
    digest = hashlib.sha256(data).hexdigest()
    text, notes = decode_page(data, name, decoding)
    page = page_from_text(text, id=id, source=Source(source.path, source.url, digest))
    return attrs.evolve(page, diagnostics=notes) if notes else page
