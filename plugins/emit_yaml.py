"""``yaml``: the document as YAML (safe dumper: plain data, page text quoted as needed)."""

from __future__ import annotations

import yaml

from pagenorm import hookimpl
from pagenorm.model import Document, Format

FORMAT = Format("yaml", ".yaml", "the document as YAML (a multi-document stream for several)",
                separator=b"---\n")


@hookimpl
def emit_formats() -> list[Format]:
    return [FORMAT]


@hookimpl
def emit(document: Document, format: str) -> bytes | None:
    if format != FORMAT.name:
        return None
    text = yaml.safe_dump(document.to_dict(), allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")
