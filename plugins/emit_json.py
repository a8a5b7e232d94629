"""``json``: one document, indented; several documents form a JSON array."""

from __future__ import annotations

from pagenorm.emitters import Emitter
from pagenorm.model import Document, Format
from pagenorm.serialise import to_json

FORMAT = Format("json", ".json", "one indented JSON document (an array for several)",
                header=b"[\n", separator=b",\n", footer=b"]\n")


def render(document: Document) -> bytes:
    return to_json(document.to_dict(), indent=True)


plugin = Emitter(FORMAT, render)
