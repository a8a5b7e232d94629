"""``jsonl``: one document per line (JSON Lines), the batch format."""

from __future__ import annotations

from pagenorm import hookimpl
from pagenorm.model import Document, Format
from pagenorm.serialise import to_json

FORMAT = Format("jsonl", ".jsonl", "one compact JSON document per line")


@hookimpl
def emit_formats() -> list[Format]:
    return [FORMAT]


@hookimpl
def emit(document: Document, format: str) -> bytes | None:
    if format != FORMAT.name:
        return None
    return to_json(document.to_dict())
