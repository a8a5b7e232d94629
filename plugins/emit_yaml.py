"""``yaml``: the document as YAML (safe dumper: plain data, page text quoted as needed)."""

from __future__ import annotations

import yaml

from pagenorm.emitters import Emitter
from pagenorm.model import Document, Format

FORMAT = Format("yaml", ".yaml", "the document as YAML (a multi-document stream for several)",
                separator=b"---\n")


def render(document: Document) -> bytes:
    text = yaml.safe_dump(document.to_dict(), allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


plugin = Emitter(FORMAT, render)
