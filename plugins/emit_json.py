"""``json``: one document, indented; several documents form a JSON array."""

from __future__ import annotations

from pagenorm import hookimpl
from pagenorm.model import Document, Format
from pagenorm.serialise import to_json

FORMAT = Format("json", ".json", "one indented JSON document (an array for several)",
                header=b"[\n", separator=b",\n", footer=b"]\n")


@hookimpl
def emit_formats() -> list[Format]:
    return [FORMAT]


@hookimpl
def emit(document: Document, format: str) -> bytes | None:
    if format != FORMAT.name:
        return None
    return to_json(document.to_dict(), indent=True)
