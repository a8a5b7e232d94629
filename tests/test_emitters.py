"""The emit plugins: json, jsonl, yaml and markdown. Every page here is made up, in the
shapes of ``formats.md``."""

from __future__ import annotations

import json
import re

import pytest
import yaml

import pagenorm
from pagenorm.errors import PluginError
from pagenorm.manager import default_host
from pagenorm.model import Document

FORMATS = ("json", "jsonl", "yaml", "markdown")

FULL_PAGE = """\
 date 2024-07-19 MEHR 1,250.00 Increased By ▲ 25.00 (2.04%)
SAFA 48.60 Decreased By ▼ -1.40 (-2.8%)
KSE100 100,850 Decreased By -1,150.5 (-1.13%)
Markets

Rice exporters see record season as new crop arrives: 'no' – “yes”

Staff Reporter Published 18 Jul, 2024 10:20am

KARACHI: Rice exporters said on Thursday they expected a record season, with buyers in \
the Gulf placing early orders for the new crop.

Freight costs have eased since spring, a shipping agent said, and berths at the port were free.

Read more: Port authority cuts handling charges for bulk cargo ships

Growers said they would plant a larger area next year if prices held at this level.

Rice exporters Gulf Port authority
"""

HOSTILE_PAGE = """\
Traders cheer *bold* cut in the rates

By Sara Malik

KARACHI: Dealers called the *bold* cut welcome, though <script>alert(1)</script> turned up \
in a comment and [link](x) in another one that day.

# Dealers said _most_ orders were `booked` early ![img](y) | not all ~~of~~ them.

- 1. Brokers expect more orders next week, once the new schedule has been published.

Dealers Brokers *bold* <script>alert</script>
"""


@pytest.fixture(scope="module")
def full() -> Document:
    return pagenorm.normalise(FULL_PAGE, config="brecorder")


@pytest.fixture(scope="module")
def hostile() -> Document:
    return pagenorm.normalise(HOSTILE_PAGE, config="default")


def markdown_of(document: Document) -> str:
    return pagenorm.emit(document, "markdown").decode("utf-8")


def test_made_up_page_fills_every_part(full: Document) -> None:
    # guards the round-trip tests below: they mean more on a document with every field
    assert full.ticker and full.ticker.quotes and full.ticker.indices
    assert full.page_date and full.article.title and full.article.published
    assert full.article.dateline == "KARACHI" and len(full.article.paragraphs) == 3
    assert full.tags and full.related and full.sections


def test_every_builtin_format_is_registered() -> None:
    assert set(FORMATS) <= set(default_host().formats())


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_produces_utf8_bytes(full: Document, fmt: str) -> None:
    data = pagenorm.emit(full, fmt)
    assert isinstance(data, bytes) and data
    assert "“yes”" in data.decode("utf-8")  # non-ASCII kept, not escaped


def test_unknown_format_is_an_error_naming_the_known_ones(full: Document) -> None:
    with pytest.raises(PluginError, match=r"known: .*json"):
        pagenorm.emit(full, "xml")


# --- json, jsonl, yaml read back ---


def test_json_parses_back_to_the_same_dict(full: Document) -> None:
    assert json.loads(pagenorm.emit(full, "json")) == full.to_dict()


def test_json_is_indented(full: Document) -> None:
    assert pagenorm.emit(full, "json").startswith(b'{\n  "schema": "pagenorm/1"')


def test_jsonl_is_one_line_that_parses_back_to_the_same_dict(full: Document) -> None:
    data = pagenorm.emit(full, "jsonl")
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert json.loads(data) == full.to_dict()


def test_yaml_parses_back_to_the_same_dict(full: Document) -> None:
    assert yaml.safe_load(pagenorm.emit(full, "yaml")) == full.to_dict()


def test_yaml_keeps_date_like_strings_as_strings(full: Document) -> None:
    loaded = yaml.safe_load(pagenorm.emit(full, "yaml"))
    assert loaded["page_date"] == "2024-07-19"
    assert loaded["article"]["published"] == "2024-07-18T10:20:00+05:00"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_formats_read_back_hostile_text_unchanged(hostile: Document, fmt: str) -> None:
    assert json.loads(pagenorm.emit(hostile, fmt)) == hostile.to_dict()


def test_yaml_reads_back_hostile_text_unchanged(hostile: Document) -> None:
    assert yaml.safe_load(pagenorm.emit(hostile, "yaml")) == hostile.to_dict()


@pytest.mark.parametrize("text", ["i\x85", "\x85", "a\x85b\u2028c\u2029", " \x85 x "])
def test_yaml_reads_back_a_next_line_character_unchanged(text: str) -> None:
    """Found by fuzzing: PyYAML wrote U+0085 raw, and read it back as a space."""
    document = pagenorm.normalise(f"{text}\n", config="default")
    assert yaml.safe_load(pagenorm.emit(document, "yaml")) == document.to_dict()


# --- markdown ---


def test_markdown_has_title_heading_metadata_paragraphs_tags_and_related(
        full: Document) -> None:
    text = markdown_of(full)
    lines = text.splitlines()
    assert lines[0].startswith("# Rice exporters see record season as new crop arrives")
    assert sum(line.startswith("# ") for line in lines) == 1
    assert "Staff Reporter" in text and "KARACHI" in text and "Markets" in text
    for paragraph in full.article.paragraphs:
        assert paragraph in lines
    for tag in full.tags:
        assert tag in text
    assert "Port authority cuts handling charges for bulk cargo ships" in text


def test_markdown_keeps_paragraph_order(full: Document) -> None:
    text = markdown_of(full)
    positions = [text.index(p) for p in full.article.paragraphs]
    assert positions == sorted(positions)


def test_markdown_without_a_title_says_untitled() -> None:
    body = ("Rice exporters said on Thursday they expected a record season, with buyers in "
            "the Gulf placing early orders for the new crop.\n")
    document = pagenorm.normalise(body, config="default")
    assert document.article.title is None
    assert markdown_of(document).startswith("# (untitled)\n")


def _unescaped(text: str, chars: str) -> list[str]:
    """Characters of ``chars`` in ``text`` that no backslash escapes."""
    return re.findall(rf"(?<!\\)[{re.escape(chars)}]", text)


def test_markdown_escapes_emphasis_html_and_links_in_page_text(hostile: Document) -> None:
    assert hostile.article.paragraphs[0].startswith("Dealers called the *bold* cut")
    text = markdown_of(hostile)
    paragraph = next(line for line in text.splitlines() if "Dealers called" in line)
    assert "*bold*" not in paragraph.replace("\\*", "")
    assert "<script>" not in text and "</script>" not in text
    assert "[link](x)" not in text
    assert _unescaped(paragraph, "*<>[]") == []


def test_markdown_escapes_the_title(hostile: Document) -> None:
    title = markdown_of(hostile).splitlines()[0]
    assert title.startswith("# Traders cheer ")
    assert _unescaped(title.removeprefix("# "), "*_[]<>`") == []


def test_markdown_escapes_code_strikethrough_images_and_tables(hostile: Document) -> None:
    text = markdown_of(hostile)
    paragraph = next(line for line in text.splitlines() if "orders were" in line)
    assert _unescaped(paragraph, "_`[]|~") == []
    assert "![img](y)" not in paragraph


def test_markdown_escapes_block_markup_at_the_start_of_a_paragraph(hostile: Document) -> None:
    lines = markdown_of(hostile).splitlines()
    heading = next(line for line in lines if "orders were" in line)
    listed = next(line for line in lines if "Brokers expect" in line)
    assert heading.startswith("\\#")  # not a second heading
    assert listed.startswith("\\-")  # not a list item
    assert sum(line.startswith("# ") for line in lines) == 1


def test_markdown_escapes_tags(hostile: Document) -> None:
    assert hostile.tags, "the hostile page should keep a tag line"
    tag_line = next(line for line in markdown_of(hostile).splitlines()
                    if line.startswith("**Tags:**"))
    assert "<script>" not in tag_line
    assert _unescaped(tag_line.removeprefix("**Tags:**"), "*<>") == []
