"""The one place where model objects become plain data (and JSON bytes).

cattrs does the attrs-to-dict work; the only hand-written hooks are the two shapes the
output contract defines differently from the model (a section's ``lines`` pair and the
document's key order with ``schema`` first). A third-party plugin's own section data is
unstructured by the same converter into ``extensions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from cattrs.preconf.orjson import make_converter

from pagenorm.errors import PluginError
from pagenorm.model import BUILTIN_DATA, Diagnostic, Document, Section

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


def extensions(document: Document) -> dict[str, list[dict[str, Any]]]:
    """Plugin name -> ``{kind, lines, data}`` of each of its sections whose data is of a
    type of its own (not one the assembler reads into the document's fields), in line
    order; plugins sorted by name, so the bytes never depend on the order plugins ran."""
    found: dict[str, list[dict[str, Any]]] = {}
    for section in document.sections:
        if section.data is None or isinstance(section.data, BUILTIN_DATA):
            continue
        # str(): a name read from a config is a str subclass, which orjson takes as no key
        found.setdefault(str(section.plugin), []).append({
            "kind": section.kind,
            "lines": [section.first, section.last],
            "data": _plain(section),
        })
    return dict(sorted(found.items()))


def _plain(section: Section) -> Any:
    """A section's data as plain JSON data, or a ``PluginError`` naming the plugin and
    the type: an object cattrs cannot unstructure would otherwise fail in the emitter,
    far from its cause."""
    data = _unstructure(section.data)
    try:
        orjson.dumps(data)
    except TypeError as exc:
        raise PluginError(f"plugin {section.plugin!r}: the data of its {section.kind!r} "
                          f"section ({type(section.data).__name__}) cannot be written as "
                          f"JSON: {exc}") from None
    return data


def document_to_dict(document: Document) -> dict[str, Any]:
    """The ``pagenorm/1`` shape: every key present, absent values ``null`` or ``[]``;
    ``extensions`` only when a plugin has data of its own (docs/output.md says why)."""
    out = {
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
    found = extensions(document)
    if found:
        out["extensions"] = found
    return out


def to_json(data: Any, *, indent: bool = False) -> bytes:
    """JSON bytes through orjson (UTF-8, no ASCII escaping), newline-terminated."""
    option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, option=option)
