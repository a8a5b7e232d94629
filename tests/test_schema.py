"""The published JSON Schema of ``pagenorm/1``: it is a valid draft 2020-12 schema, every
emitted document validates against it, and it rejects documents with missing or extra keys.

All pages here are made up; the real seed page is read from ``../shared/seeds``.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

import pagenorm
from pagenorm.model import SCHEMA
from pagenorm.schema import document_schema
from tests.conftest import emitted, validate

CONFIGS = [None, "default", "brecorder"]

MARKET_PAGE = """\
 date 2024-11-05 ZETA 48.20 Increased By ▲ 1.20 (2.55%)
QRX 7.05 Decreased By ▼ -0.15 (-2.08%)
MNOP 112.00 No Change ▼ 0.00 (0%)
XYZ100 10,450 Increased By 52.3 (0.5%)
Markets

Copper traders brace for a quiet week on the coast

Staff Reporter Published 05 Nov, 2024 10:20am

PORTVILLE: Copper dealers in the harbour district said on Tuesday that buyers were waiting \
for the new tariff schedule before placing orders.

Warehouse stocks rose for a third week, a broker said, as shipments from the north arrived \
earlier than planned.

Read more: Harbour board approves new berth for bulk carriers

Dealers expect prices to stay within a narrow band until the schedule is published next month.

Copper Harbour district Tariffs
"""

GENERIC_PAGE = """\
Town council votes to reopen the old library

By Sara Malik

LAKESIDE, June 3 (Wire) - The town council voted late on Monday to reopen the old library \
after a two-year closure for repairs.

Councillors said the reading rooms would open in stages, starting with the children's wing \
in the autumn.

The vote passed by seven to two.
"""

CRLF_PAGE = (
    "Rainfall eases across the valley farms\r\n\r\n"
    "Farmers in the valley welcomed a dry spell on Friday after weeks of heavy rain.\r\n\r\n"
    "Irrigation officials said canals had returned to normal levels.\r\n"
)

CUT_SHORT_PAGE = """\
 date 2023-02-28 Ferry timetable changes from next week

The ferry operator said the early crossing would leave twenty minutes later from Monday, and

"""

BODY_ONLY_PAGE = "The committee met twice this week to review the budget proposals in detail.\n"

SMALL_PAGES = {
    "empty": "",
    "whitespace-only": " \n\t\n   \r\n\n",
    "one-line": "Harbour lights switched on for the festival",
    "prefix-only": " date 2025-01-02 ",
    "market": MARKET_PAGE,
    "generic": GENERIC_PAGE,
    "crlf": CRLF_PAGE,
    "cut-short": CUT_SHORT_PAGE,
    "body-only": BODY_ONLY_PAGE,
}


# --- the schema itself ---


def test_schema_is_valid_draft_2020_12() -> None:
    schema = document_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_ships_as_package_data() -> None:
    resource = files("pagenorm").joinpath("document.schema.json")
    assert resource.is_file()
    assert json.loads(resource.read_text("utf-8")) == document_schema()


def test_schema_identity() -> None:
    schema = document_schema()
    assert schema["$id"].startswith("https://")
    assert schema["title"]
    assert schema["properties"]["schema"]["const"] == SCHEMA


def _objects(node: Any):
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


# keys written only when there is something in them (issue 13: plugin data out)
OPTIONAL = {"extensions"}


def test_every_object_is_closed_and_every_property_described() -> None:
    objects = list(_objects(document_schema()))
    assert objects
    for node in objects:
        assert node.get("additionalProperties") is False, node
        assert set(node["required"]) == set(node["properties"]) - OPTIONAL, node
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"property {name!r} has no description"


def test_top_level_keys_match_the_serialiser() -> None:
    assert list(document_schema()["required"]) == list(emitted(MARKET_PAGE))


# --- emitted documents validate ---


def test_seed_page_validates(seed_text: str) -> None:
    for config in CONFIGS:
        doc = emitted(seed_text, config)
        validate(doc)
        assert doc["sections"], "the seed page should yield sections"


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("name", list(SMALL_PAGES))
def test_small_pages_validate(name: str, config: str | None) -> None:
    validate(emitted(SMALL_PAGES[name], config))


@pytest.mark.parametrize("name", ["empty", "whitespace-only"])
def test_blank_pages_are_empty_documents(name: str) -> None:
    doc = emitted(SMALL_PAGES[name])
    assert doc["sections"] == [] and doc["residual"] == []
    assert doc["ticker"] is None and doc["page_date"] is None
    assert doc["article"]["paragraphs"] == []


def test_made_up_market_page_fills_every_part() -> None:
    doc = emitted(MARKET_PAGE, "brecorder")
    validate(doc)
    assert doc["page_date"] == "2024-11-05"
    assert doc["ticker"]["quotes"] and doc["ticker"]["indices"]
    assert doc["article"]["title"] and doc["article"]["published"]
    assert doc["tags"] and doc["related"]


def test_source_fields_validate() -> None:
    source = pagenorm.Source(path="pages/a.txt", url="https://news.invalid/a")
    document = pagenorm.normalise(GENERIC_PAGE, source=source, id="page-a")
    doc = json.loads(pagenorm.emit(document, "json"))
    validate(doc)
    assert doc["source"]["path"] == "pages/a.txt" and doc["id"] == "page-a"


def test_diagnostics_validate() -> None:
    # the percentage disagrees with change / previous value: a warning with a line span
    doc = emitted("ABCD 12.34 Increased By ▲ 0.10 (9.99%)\n")
    validate(doc)
    assert doc["diagnostics"] and doc["diagnostics"][0]["lines"] == [0, 0]


# --- invalid documents are rejected ---


def _fails(doc: dict[str, Any]) -> bool:
    try:
        validate(doc)
    except ValidationError:
        return True
    return False


@pytest.fixture(scope="module")
def full_doc() -> dict[str, Any]:
    """A valid document in which every array has an item and ticker is an object."""
    doc = emitted(MARKET_PAGE, "brecorder")
    doc["residual"] = [{"line": 5, "text": "stray"}]
    doc["diagnostics"] = [{"level": "info", "code": "x.y", "message": "m", "lines": None}]
    validate(doc)
    return doc


# Paths to every object in the document, for missing/extra key checks.
OBJECT_PATHS: list[tuple[Any, ...]] = [
    (),
    ("source",),
    ("ticker",),
    ("ticker", "quotes", 0),
    ("ticker", "indices", 0),
    ("article",),
    ("related", 0),
    ("sections", 0),
    ("residual", 0),
    ("diagnostics", 0),
]


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@pytest.mark.parametrize("path", OBJECT_PATHS, ids=lambda p: "/".join(map(str, p)) or "top")
def test_missing_key_fails(full_doc: dict[str, Any], path: tuple[Any, ...]) -> None:
    for key in list(_at(full_doc, path)):
        doc = copy.deepcopy(full_doc)
        del _at(doc, path)[key]
        assert _fails(doc), f"removing {key!r} at {path} still validates"


@pytest.mark.parametrize("path", OBJECT_PATHS, ids=lambda p: "/".join(map(str, p)) or "top")
def test_extra_key_fails(full_doc: dict[str, Any], path: tuple[Any, ...]) -> None:
    doc = copy.deepcopy(full_doc)
    _at(doc, path)["extra"] = None
    assert _fails(doc)


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        ((), "schema", "pagenorm/2"),
        (("source",), "sha256", "abc"),
        ((), "page_date", "5 Nov 2024"),
        ((), "page_date", "2024-02-30"),
        ((), "ticker", []),
        (("ticker", "quotes", 0), "direction", "sideways"),
        (("ticker", "quotes", 0), "price", None),
        (("article",), "published", "yesterday"),
        (("article",), "paragraphs", "one paragraph"),
        ((), "tags", [1]),
        (("sections", 0), "lines", [3]),
        (("sections", 0), "lines", [1, 2, 3]),
        (("sections", 0), "lines", [-1, 2]),
        (("sections", 0), "confidence", 1.5),
        (("residual", 0), "line", 1.5),
        (("diagnostics", 0), "level", "fatal"),
        (("diagnostics", 0), "lines", []),
    ],
)
def test_wrong_value_fails(full_doc: dict[str, Any], path: tuple[Any, ...], key: str,
                           value: Any) -> None:
    doc = copy.deepcopy(full_doc)
    _at(doc, path)[key] = value
    assert _fails(doc)


@pytest.mark.parametrize(
    "published",
    ["2019-07-08", "2025-03-03T09:15:00+05:00", "2025-03-03T09:15:00",
     "2025-03-03T09:15:30.250000+00:00"],
)
def test_published_shapes_accepted(full_doc: dict[str, Any], published: str) -> None:
    doc = copy.deepcopy(full_doc)
    doc["article"]["published"] = published
    validate(doc)


# --- known bugs: the emitted document breaks the schema (see the report) ---


def test_huge_ticker_number_validates() -> None:
    validate(emitted("ABCD " + "9" * 400 + " Increased By ▲ 0.10 (0.82%)\n"))


def test_impossible_prefix_date_validates() -> None:
    validate(emitted(" date 2025-13-45 Harbour lights switched on\n"))
