"""Plugin data out (issue 13): a third-party plugin's own section data reaches every output
under ``extensions``, keyed by plugin name, and Parquet's ``extensions`` column; documents
without such data keep their bytes (no ``extensions`` key)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import attrs
import pytest
import yaml

import pagenorm
from pagenorm import hookimpl
from pagenorm.batch.parquet import table
from pagenorm.errors import PluginError
from pagenorm.model import Claim, Page, Parsed, Section
from pagenorm.testing import generate
from tests.conftest import normaliser_with, validate


@attrs.frozen
class WordCount:
    """A made-up plugin's own data type: not one the assembler knows."""

    words: int
    first_word: str


class Counter:
    """Claims the page's first non-blank line and counts its words."""

    def __init__(self, data: object = None) -> None:
        self.data = data

    @hookimpl
    def detect(self, page: Page) -> list[Claim]:
        first = next(n for n, text in enumerate(page.lines) if text.strip())
        return [Claim("count", first, first, 0.99)]

    @hookimpl
    def parse(self, page: Page, claims: list[Claim]) -> Parsed:
        sections = []
        for claim in claims:
            words = page.lines[claim.first].split()
            data = self.data if self.data is not None else WordCount(len(words), words[0])
            sections.append(Section(claim.kind, claim.first, claim.last, "counter",
                                    claim.confidence, data))
        return Parsed(tuple(sections))


def _page() -> str:
    return generate("dawn/web", random.Random(7)).text


def _document(tmp_path: Path, plugin: object = None) -> pagenorm.Document:
    normaliser = normaliser_with(tmp_path, plugin or Counter(), "counter")
    return normaliser.normalise(_page(), id="p")


def test_a_plugins_own_data_is_written_under_extensions(tmp_path: Path) -> None:
    document = _document(tmp_path)
    [section] = [s for s in document.sections if s.plugin == "counter"]
    out = json.loads(pagenorm.emit(document, "json"))
    validate(out)
    assert out["extensions"] == {"counter": [{
        "kind": "count", "lines": [section.first, section.last],
        "data": {"words": section.data.words, "first_word": section.data.first_word}}]}
    assert list(out)[-1] == "extensions"  # after every key of pagenorm/1


def test_jsonl_and_yaml_carry_extensions_too(tmp_path: Path) -> None:
    document = _document(tmp_path)
    want = document.to_dict()["extensions"]
    assert json.loads(pagenorm.emit(document, "jsonl"))["extensions"] == want
    assert yaml.safe_load(pagenorm.emit(document, "yaml"))["extensions"] == want


def test_documents_without_plugin_data_have_no_extensions_key() -> None:
    out = json.loads(pagenorm.emit(pagenorm.normalise(_page()), "json"))
    assert "extensions" not in out
    validate(out)


def test_the_schema_holds_plugin_data_as_an_open_shape(tmp_path: Path) -> None:
    document = _document(tmp_path, Counter(data={"any": ["shape", 1, None]}))
    out = json.loads(pagenorm.emit(document, "json"))
    validate(out)
    assert out["extensions"]["counter"][0]["data"] == {"any": ["shape", 1, None]}


def test_data_that_cannot_be_json_is_a_plugin_error_naming_it(tmp_path: Path) -> None:
    document = _document(tmp_path, Counter(data=object()))
    with pytest.raises(PluginError, match=r"plugin 'counter'.*'count' section \(object\)"):
        pagenorm.emit(document, "json")


def test_parquet_has_extensions_as_a_json_column(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    document = _document(tmp_path)
    rows = table([pagenorm.emit(document, "jsonl"),
                  pagenorm.emit(pagenorm.normalise(_page(), id="q"), "jsonl")]).to_pylist()
    assert json.loads(rows[0]["extensions"]) == document.to_dict()["extensions"]
    assert rows[1]["extensions"] is None
