"""Pattern lists a profile adds to, and building blocks by name (issue 13): ``key: {add:
[...]}`` beside the plain list that replaces, over the built-in defaults or over what the
profile extends; ``{{DATE}}``, ``{{TIME}}``, ``{{WEEKDAY}}``, ``{{MONTH}}``, ``{{DAY}}`` and
(article) ``{{NAME}}`` expanded before compiling."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagenorm
from pagenorm.config import load_config
from pagenorm.errors import ConfigError
from pagenorm.manager import PluginHost
from pagenorm.plugins.article.patterns import BYLINES

PAGE = ("Harbour works delayed again on the east quay\n\n{byline}\n\n"
        "KARACHI: The harbour works were delayed again on Monday, officials said, after the "
        "second crane failed its safety test in a month.\n")


def _write(tmp_path: Path, text: str, name: str = "site.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _article(path: Path) -> object:
    return load_config(path, PluginHost()).options["article"]


def test_add_keeps_the_built_in_patterns_and_adds_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\narticle:\n  bylines:\n    add:\n"
                            "      - 'Story by (?P<who>{{NAME}})'\n")
    bylines = _article(path).bylines
    assert [p.pattern for p in bylines[:len(BYLINES)]] == list(BYLINES)
    assert len(bylines) == len(BYLINES) + 1
    normaliser = pagenorm.Normaliser(path)
    added = normaliser.normalise(PAGE.format(byline="Story by Sana Mir"))
    built_in = normaliser.normalise(PAGE.format(byline="By Sara Malik"))
    assert (added.article.byline, built_in.article.byline) == ("Sana Mir", "Sara Malik")


def test_a_plain_list_still_replaces(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\narticle:\n"
                            "  bylines: ['Story by (?P<who>{{NAME}})']\n")
    assert len(_article(path).bylines) == 1


def test_building_blocks_read_dates_and_times(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\nsite: {timezone: Asia/Karachi}\narticle:\n"
                            "  bylines: {add: ['Filed (?P<published>{{DATE}}(?: at {{TIME}})?)"
                            " by (?P<who>{{NAME}})']}\n")
    document = pagenorm.Normaliser(path).normalise(
        PAGE.format(byline="Filed March 3, 2024 at 4:05 pm by Sana Mir"))
    assert document.article.byline == "Sana Mir"
    assert document.article.published == "2024-03-03T16:05:00+05:00"


def test_regex_quantifiers_are_not_blocks(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\narticle:\n"
                            "  bylines: {add: ['(?P<who>[A-Z]{2,4}) wire']}\n")
    assert _article(path).bylines[-1].pattern == "(?P<who>[A-Z]{2,4}) wire"


def test_an_unknown_block_is_one_line_naming_file_line_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\narticle:\n  bylines:\n    add:\n"
                            "      - 'By (?P<who>.+) on {{DATES}}'\n")
    with pytest.raises(ConfigError) as caught:
        _article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:5: article.bylines[{len(BYLINES)}]: ")
    assert "unknown building block {{DATES}} (known: {{DATE}}, {{DAY}}" in message


def test_add_over_the_list_a_profile_extends(tmp_path: Path) -> None:
    _write(tmp_path, "extends: default\nrelated:\n  prefixes: ['Read more:']\n", "base.yaml")
    path = _write(tmp_path, "extends: base.yaml\nrelated:\n  prefixes: {add: ['See:']}\n")
    related = load_config(path, PluginHost()).options["related"]
    assert related.prefixes == ("Read more:", "See:")


def test_a_bad_added_item_names_its_own_line(tmp_path: Path) -> None:
    _write(tmp_path, "extends: default\nlisting:\n  markers: ['^x$']\n", "base.yaml")
    path = _write(tmp_path, "extends: base.yaml\nlisting:\n  markers:\n    add:\n"
                            "      - '^y$'\n      - '(unclosed'\n")
    with pytest.raises(ConfigError, match=rf"^{path}:6: listing\.markers\[2\]: invalid"):
        load_config(path, PluginHost())


def test_a_mapping_that_is_not_add_says_both_forms(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\narticle:\n  bylines: {append: ['x']}\n")
    with pytest.raises(ConfigError, match=r"site\.yaml:3: article\.bylines: expected a list "
                                          r"\(replacing the built-in one\) or \{add: \[\.\.\.\]\}"):
        _article(path)
