"""Parquet shards (the optional ``parquet`` extra): rows, columns and values as written by the
shard sink, resume from complete shards, identical bytes for identical input, and a clear
error without pyarrow."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import pagenorm
from pagenorm.batch.outputs import ShardSink, Written
from pagenorm.batch.parquet import MISSING, PARQUET, ids_in_shard, write_shard
from pagenorm.errors import PagenormError
from pagenorm.testing import corpus

COLUMNS = ["id", "url", "site", "kind", "truncated", "page_date", "section", "title",
           "byline", "published", "updated", "dateline", "subtitle", "paragraphs", "tags",
           "related", "residual_lines", "diagnostics", "extensions", "document"]


def _documents(count: int = 7) -> list[bytes]:
    """``count`` made-up pages of several shapes, normalised and emitted as JSON Lines."""
    out = []
    for number, page in enumerate(corpus(count, seed=11)):
        document = pagenorm.normalise(page.text, source=pagenorm.Source(url=page.url),
                                      id=f"{page.shape}/{number}")
        out.append(pagenorm.emit(document, "jsonl"))
    return out


def _write(folder: Path, documents: list[bytes], *, close: bool = True) -> ShardSink:
    sink = ShardSink(str(folder), PARQUET, shard_size=3)
    for line in documents:
        sink.write(Written(json.loads(line)["id"], None, line))
    if close:
        sink.close()
    else:
        sink.abort()
    return sink


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet"))


def test_shards_hold_one_row_per_page_with_the_article_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    documents = _documents()
    _write(tmp_path, documents)
    shards = _shards(tmp_path)
    assert [s.name for s in shards] == [f"part-0000{n}.parquet" for n in range(3)]
    tables = [pq.read_table(s) for s in shards]
    assert [t.num_rows for t in tables] == [3, 3, 1]
    assert all(t.column_names == COLUMNS for t in tables)
    rows = [row for t in tables for row in t.to_pylist()]
    for row, line in zip(rows, documents, strict=True):
        expected = json.loads(line)
        article = expected["article"]
        assert row["document"] == line.decode("utf-8").rstrip("\n")
        assert json.loads(row["document"]) == expected
        assert (row["id"], row["site"], row["kind"]) == (expected["id"], expected["site"],
                                                          expected["kind"])
        assert (row["truncated"], row["page_date"]) == (expected["truncated"],
                                                        expected["page_date"])
        for name in ("section", "title", "byline", "published", "updated", "dateline",
                     "subtitle", "paragraphs"):
            assert row[name] == article[name], name
        assert row["tags"] == expected["tags"]
        assert row["related"] == [item["title"] for item in expected["related"]]
        assert row["residual_lines"] == len(expected["residual"])
        assert row["url"] == expected["source"]["url"]
        assert row["diagnostics"] == expected["diagnostics"]
        assert row["extensions"] is None  # no third-party plugin here
    assert any(row["paragraphs"] for row in rows) and any(row["title"] for row in rows)


def test_the_schema_is_explicit_even_when_every_value_is_missing(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    listing = [line for line in _documents(40) if json.loads(line)["kind"] != "article"][:2]
    assert listing, "the corpus has listing pages"
    write_shard(tmp_path / "part.parquet", listing)
    schema = pq.read_schema(tmp_path / "part.parquet")
    assert schema.field("title").type == pa.string()
    assert pa.types.is_list(schema.field("tags").type)
    assert schema.field("tags").type.value_type == pa.string()
    assert schema.field("residual_lines").type == pa.int32()
    assert not schema.field("id").nullable


def test_ids_in_shard_reads_the_ids_in_row_order(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    documents = _documents()
    _write(tmp_path, documents)
    ids = [i for shard in _shards(tmp_path) for i in ids_in_shard(shard)]
    assert ids == [json.loads(line)["id"] for line in documents]


def test_a_resumed_sink_knows_the_pages_of_complete_shards(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    documents = _documents()
    ids = [json.loads(line)["id"] for line in documents]
    _write(tmp_path, documents, close=False)  # interrupted: the seventh page is not written
    assert len(_shards(tmp_path)) == 2
    resumed = ShardSink(str(tmp_path), PARQUET, shard_size=3, resume=True)
    assert [resumed.is_done(i) for i in ids] == [True] * 6 + [False]
    resumed.write(Written(ids[6], None, documents[6]))
    resumed.close()
    assert [i for shard in _shards(tmp_path) for i in ids_in_shard(shard)] == ids


def test_the_same_documents_give_the_same_bytes(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    documents = _documents()
    _write(tmp_path / "one", documents)
    _write(tmp_path / "two", documents)
    one, two = _shards(tmp_path / "one"), _shards(tmp_path / "two")
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_shard_is_written_atomically(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    with pytest.raises(PagenormError, match="not JSON"):
        write_shard(tmp_path / "part.parquet", [_documents(1)[0], b"{torn"])
    assert list(tmp_path.iterdir()) == []  # neither the shard nor a temporary file


def test_without_pyarrow_the_error_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(PagenormError) as caught:
        write_shard(tmp_path / "part.parquet", _documents(1))
    assert str(caught.value) == MISSING == "parquet needs pyarrow: pip install 'pagenorm[parquet]'"
    with pytest.raises(PagenormError, match="pip install"):
        ids_in_shard(tmp_path / "part.parquet")
