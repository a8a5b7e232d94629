"""Bytes to a ``Page``: decoding and splitting into lines.

Lines are split on ``\\r\\n``, ``\\r`` and ``\\n`` only (not on Unicode separators), so a
line number always means a line of the input as an editor shows it. A final line break
ends the last line; it does not start an empty one.
"""

from __future__ import annotations

import hashlib
import re

from pagenorm.errors import InputError
from pagenorm.model import Page, Source

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    lines = _BREAK.split(text) if "\r" in text else text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return tuple(lines)


def decode(data: bytes, source: str) -> str:
    """UTF-8 (a byte-order mark is dropped); anything else is an error naming the source."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 at byte {exc.start}: {exc.reason}") from exc


def page_from_text(text: str, *, id: str, source: Source | None = None) -> Page:
    source = source or Source()
    if source.sha256 is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        source = Source(path=source.path, url=source.url, sha256=digest)
    return Page(id=id, text=text, lines=split_lines(text), source=source)


def page_from_bytes(data: bytes, *, id: str, source: Source | None = None) -> Page:
    source = source or Source()
    name = source.path or source.url or id
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data, name)
    return page_from_text(text, id=id, source=Source(source.path, source.url, digest))
