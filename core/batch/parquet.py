"""Parquet shards: one row per page, the article fields as columns for queries, and the full
document as a JSON column so nothing is lost.

pyarrow is an optional extra (``pip install 'pagenorm[parquet]'``): it is imported only when a
shard is written or read, and its absence is one clear error, not a traceback.

The columns are the fields an analyst filters and reads (with ``diagnostics`` as a list of
structs, to find the pages with a given code, and ``extensions``, third-party plugins' data,
as JSON text, whose shape each plugin defines); everything else (ticker, sections, residual
lines) stays in ``document``, the document exactly as the ``jsonl`` format writes it. Dates
and times are strings as in the JSON (``published`` may be a bare date or a time with its
zone, which no single Arrow type holds). The schema is explicit, so a
shard whose pages all lack a field still has the column, with the same type as every other
shard. The same documents give the same bytes: no timestamps, one row group, fixed options.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from pagenorm.batch.outputs import temporary
from pagenorm.errors import PagenormError
from pagenorm.model import Format

if TYPE_CHECKING:
    import pyarrow as pa

PARQUET = Format("parquet", ".parquet",
                 "Parquet shards: one row per page, article fields as columns, "
                 "the full document as JSON")

MISSING = "parquet needs pyarrow: pip install 'pagenorm[parquet]'"

ARTICLE_COLUMNS = ("section", "title", "byline", "published", "updated", "dateline")
COMPRESSION = "zstd"  # JSON text compresses well; every pyarrow wheel ships zstd


def _pyarrow() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or the one-line error telling how to get them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise PagenormError(MISSING) from exc
    return pyarrow, pyarrow.parquet


@cache
def schema() -> pa.Schema:
    """The columns of every shard, in order. Fields the contract always fills are not null."""
    pa, _ = _pyarrow()
    # "element": the name Parquet gives list items, so a shard reads back with this schema
    text, texts = pa.string(), pa.list_(pa.field("element", pa.string(), nullable=False))
    return pa.schema([
        pa.field("id", text, nullable=False),
        pa.field("url", text),
        pa.field("site", text),
        pa.field("kind", text, nullable=False),
        pa.field("truncated", pa.bool_(), nullable=False),
        pa.field("page_date", text),
        *(pa.field(name, text) for name in ARTICLE_COLUMNS),
        pa.field("subtitle", texts, nullable=False),
        pa.field("paragraphs", texts, nullable=False),
        pa.field("tags", texts, nullable=False),
        pa.field("related", texts, nullable=False),  # the related headlines' titles
        pa.field("residual_lines", pa.int32(), nullable=False),  # how many lines nobody took
        pa.field("diagnostics", pa.list_(pa.field("element", _diagnostic(pa), nullable=False)),
                 nullable=False),
        pa.field("extensions", text),  # JSON of the document's extensions; null when none
        pa.field("document", text, nullable=False),  # the full pagenorm/1 document, JSON
    ])


def _diagnostic(pa: Any) -> pa.DataType:
    """One diagnostic as a struct: its ``lines`` are ``[first, last]`` or null."""
    lines = pa.list_(pa.field("element", pa.int32(), nullable=False))
    return pa.struct([pa.field("level", pa.string(), nullable=False),
                      pa.field("code", pa.string(), nullable=False),
                      pa.field("message", pa.string(), nullable=False),
                      pa.field("lines", lines)])


def _row(line: bytes) -> dict[str, Any]:
    """One JSONL document as a row: its columns read from the parsed document."""
    try:
        document = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise PagenormError(f"parquet: a document is not JSON: {exc}") from exc
    article = document.get("article") or {}
    return {
        "id": document["id"],
        "url": (document.get("source") or {}).get("url"),
        "site": document.get("site"),
        "kind": document["kind"],
        "truncated": bool(document.get("truncated")),
        "page_date": document.get("page_date"),
        **{name: article.get(name) for name in ARTICLE_COLUMNS},
        "subtitle": article.get("subtitle") or [],
        "paragraphs": article.get("paragraphs") or [],
        "tags": document.get("tags") or [],
        "related": [item["title"] for item in document.get("related") or ()],
        "residual_lines": len(document.get("residual") or ()),
        "diagnostics": document.get("diagnostics") or [],
        "extensions": _json_or_none(document.get("extensions")),
        "document": line.rstrip(b"\n").decode("utf-8"),
    }


def _json_or_none(value: Any) -> str | None:
    """A value as compact JSON text (keys in the document's order), or None for none."""
    return orjson.dumps(value).decode("utf-8") if value else None


def table(documents: list[bytes]) -> pa.Table:
    """The documents (each one compact JSON line, as ``jsonl`` emits it) as a table."""
    pa, _ = _pyarrow()
    rows = [_row(line) for line in documents]
    columns = {field.name: [row[field.name] for row in rows] for field in schema()}
    return pa.Table.from_pydict(columns, schema=schema())


def write_shard(path: Path, documents: list[bytes]) -> None:
    """Write ``documents`` as one Parquet file at ``path``, atomically: a reader (or a resumed
    run) sees either no file or a complete one, never a torn shard."""
    _, pq = _pyarrow()
    data = table(documents)
    path = Path(path)
    try:
        handle, temp = temporary(path)
    except OSError as exc:
        raise PagenormError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            pq.write_table(data, out, compression=COMPRESSION, row_group_size=max(len(data), 1))
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)  # failed or killed mid-write: no stray temp file
        if isinstance(exc, OSError):
            raise PagenormError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise


def ids_in_shard(path: Path) -> list[str]:
    """The page ids in a shard, in row order, reading only the ``id`` column (``--resume``
    looks at every complete shard; the documents themselves are not needed)."""
    pa, pq = _pyarrow()
    try:
        ids = pq.read_table(path, columns=["id"]).column("id")
    except (OSError, pa.ArrowException) as exc:
        raise PagenormError(f"{path}: not a readable Parquet shard: {exc}") from exc
    return [str(value) for value in ids.to_pylist()]


def shard_bytes(documents: list[bytes]) -> bytes:
    """The bytes of one Parquet shard, as ``write_shard`` writes it: for an object store,
    where a shard is uploaded whole."""
    _, pq = _pyarrow()
    data = table(documents)
    out = io.BytesIO()
    pq.write_table(data, out, compression=COMPRESSION, row_group_size=max(len(data), 1))
    return out.getvalue()


def ids_in_shard_bytes(data: bytes, where: str) -> list[str]:
    """``ids_in_shard`` of a shard read back from an object store."""
    pa, pq = _pyarrow()
    try:
        ids = pq.read_table(pa.BufferReader(data), columns=["id"]).column("id")
    except (OSError, pa.ArrowException) as exc:
        raise PagenormError(f"{where}: not a readable Parquet shard: {exc}") from exc
    return [str(value) for value in ids.to_pylist()]
