"""The one place where model objects become plain data (and JSON bytes).

cattrs does the attrs-to-dict work; the only hand-written hooks are the two shapes the
output contract defines differently from the model (a section's ``lines`` pair and the
document's key order with ``schema`` first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from cattrs.preconf.orjson import make_converter

from pagenorm.model import Diagnostic, Document, Section

converter = make_converter(unstruct_collection_overrides={Sequence: list, tuple: list})


def _section(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind,
        "plugin": section.plugin,
        "lines": [section.first, section.last],
        "confidence": section.confidence,
    }


def _diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "level": diagnostic.level,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "lines": list(diagnostic.lines) if diagnostic.lines is not None else None,
    }


converter.register_unstructure_hook(Section, _section)
converter.register_unstructure_hook(Diagnostic, _diagnostic)

_unstructure = converter.unstructure


def document_to_dict(document: Document) -> dict[str, Any]:
    """The ``pagenorm/1`` shape: every key present, absent values ``null`` or ``[]``."""
    return {
        "schema": document.schema,
        "id": document.id,
        "source": _unstructure(document.source),
        "site": document.site,
        "kind": document.kind,
        "truncated": document.truncated,
        "page_date": document.page_date,
        "ticker": _unstructure(document.ticker),
        "article": _unstructure(document.article),
        "tags": list(document.tags),
        "related": _unstructure(document.related),
        "sections": [_section(s) for s in document.sections],
        "residual": _unstructure(document.residual),
        "diagnostics": [_diagnostic(d) for d in document.diagnostics],
    }


def to_json(data: Any, *, indent: bool = False) -> bytes:
    """JSON bytes through orjson (UTF-8, no ASCII escaping), newline-terminated."""
    option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, option=option)
