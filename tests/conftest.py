"""Shared test helpers.

- ``seed_text`` (fixture): the real seed page, kept outside the repo in ``../shared/seeds``;
  a test that asks for it is skipped when that folder is absent.
- ``validate(doc)``: raises ``jsonschema.ValidationError`` unless ``doc`` (a plain dict, as
  from ``json.loads`` of emitted JSON) is a valid ``pagenorm/1`` document. Formats
  (``date``) are checked too.
- ``emitted(text, config=None)``: normalise a page and return its emitted JSON as a dict.

Test modules import the helpers as ``from tests.conftest import validate`` (pyproject sets
pytest's ``pythonpath`` to the repository root).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import pagenorm
from pagenorm.schema import document_schema

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_PAGE = SEEDS / "000_412601f3513918ca.txt"
SEEDS_ABSENT = "../shared/seeds is not present (the seed page is kept outside the repo)"


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(document_schema(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(doc: dict[str, Any]) -> None:
    """Raise the most relevant ``ValidationError`` if ``doc`` breaks the schema."""
    validator().validate(doc)


def emitted(text: str, config: str | None = None) -> dict[str, Any]:
    """``text`` normalised with ``config`` and emitted as JSON, read back as a dict."""
    return json.loads(pagenorm.emit(pagenorm.normalise(text, config=config), "json"))


@pytest.fixture
def seed_text() -> str:
    """The seed page's text; skips the test when ``../shared/seeds`` is absent."""
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_ABSENT)
    if not SEED_PAGE.is_file():
        pytest.skip(f"{SEED_PAGE.name} is missing from ../shared/seeds")
    return SEED_PAGE.read_text("utf-8")


def install_fake_plugin(folder: Path, monkeypatch: pytest.MonkeyPatch, *, distribution: str,
                        version: str, name: str, module: str, source: str) -> str:
    """A made-up installed distribution registering plugin ``name`` (module ``module``
    holding ``source``) in the ``pagenorm`` entry-point group; returns the plugin's name."""
    info = folder / f"{distribution}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[pagenorm]\n{name} = {module}\n")
    (folder / f"{module}.py").write_text(source)
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, module, raising=False)
    return name


def normaliser_with(tmp_path: Path, plugin: object, name: str = "hostile") -> pagenorm.Normaliser:
    """A normaliser whose config puts ``plugin``, registered in code as ``name``, first."""
    from pagenorm.manager import PluginHost

    host = PluginHost()
    host.register(plugin, name)
    config = tmp_path / "with-plugin.yaml"
    config.write_text(f"extends: default\nplugins: [{name}, crawl_prefix, ticker, tags, "
                      "related, article]\n", encoding="utf-8")
    return pagenorm.Normaliser(config, host=host)


def convert_batch(tmp_path: Path, *inputs: str, flags: tuple[str, ...] = ()
                  ) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    """``pagenorm convert`` in a batch of one worker: exit status, documents, error records."""
    from pagenorm.cli import main

    target = tmp_path / "out.jsonl"
    status = main(["convert", "--quiet", *inputs, "--format", "jsonl", "-o", str(target),
                   "--workers", "1", *flags])
    documents = [json.loads(line) for line in target.read_bytes().splitlines()] \
        if target.exists() else []
    errors_file = tmp_path / "out.jsonl.errors.jsonl"
    errors = [json.loads(line) for line in errors_file.open()] if errors_file.exists() else []
    return status, documents, errors
