"""``jsonl``: one compact document per line (JSON Lines), the batch format."""

from __future__ import annotations

from pagenorm.emitters import Emitter
from pagenorm.model import Document, Format
from pagenorm.serialise import to_json

FORMAT = Format("jsonl", ".jsonl", "one compact JSON document per line")


def render(document: Document) -> bytes:
    return to_json(document.to_dict())


plugin = Emitter(FORMAT, render)
