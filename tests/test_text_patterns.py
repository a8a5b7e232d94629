"""The pattern shortcuts of ``plugins/_text.py``: a guard never turns away a line its
pattern matches, and a joined matcher matches exactly where one of its patterns does.

Checked on every pattern of the shipped profiles against the lines of made-up pages, and
on hand-picked edge cases (flags, back-references, branches)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from pagenorm import testing
from pagenorm.api import Normaliser
from pagenorm.plugins._text import FirstOf, Guarded, guarded, joined, needs


def _patterns(value: Any, out: list[re.Pattern[str]]) -> None:
    if isinstance(value, re.Pattern):
        out.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            _patterns(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _patterns(item, out)
    elif hasattr(value, "__attrs_attrs__"):
        for attribute in value.__attrs_attrs__:
            _patterns(getattr(value, attribute.name), out)


@cache
def shipped_patterns() -> tuple[re.Pattern[str], ...]:
    normaliser = Normaliser()
    found: list[re.Pattern[str]] = []
    for pipeline in (normaliser._fallback, *normaliser._candidates):
        assert pipeline is not None
        for options in pipeline.config.options.values():
            _patterns(options, found)
    return tuple({(p.pattern, p.flags): p for p in found}.values())


@cache
def corpus_lines() -> tuple[str, ...]:
    pages = testing.corpus(200, seed=3)
    lines = {line.strip() for page in pages for line in page.text.splitlines()}
    return (*sorted(lines - {""}), "Photo by Ali Khan", "Home » World » A headline",
            "KARACHI: x", "All Rights Reserved.", "Brecorder Logo", "x PHOTO: AFP")


def test_guards_never_turn_away_a_match() -> None:
    checked = 0
    for pattern in shipped_patterns():
        found = needs(pattern)
        if found is None:
            continue
        checked += 1
        for line in corpus_lines():
            if pattern.search(line):
                assert any(need in line for need in found), (pattern.pattern, found, line)
    assert checked > 20


def test_joined_matches_where_one_pattern_does() -> None:
    lists = [p for p in shipped_patterns() if p.groups == 0]
    for size in (2, 5, len(lists)):
        patterns = tuple(lists[:size])
        whole = re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
        matcher = joined(patterns)
        for line in corpus_lines():
            assert (matcher.fullmatch(line) is None) == (whole.fullmatch(line) is None), line
            tail = line[-40:]
            assert (matcher.search(tail) is None) == (whole.search(tail) is None), tail


@pytest.mark.parametrize(("pattern", "expected"), [
    (r".*\bPHOTO:\s*[A-Z]+", ("PHOTO:",)),
    (r".*\s[—–-]\s*\d", ("-", "–", "—")),
    (r"(?:Brecorder|Business Recorder) Logo", ("usiness Recorder", "recorder")),
    (r"(?i).*photo", None),  # any case: no literal to look for
    (r"(?i:photo).*", None),
    (r".*[^abc]", None),
    (r"a?.*", None),
    (r".*(?:x|\d)", None),  # one branch needs nothing known
])
def test_needs(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needs(re.compile(pattern)) == expected


def test_guarded_only_patterns_that_scan_a_line() -> None:
    assert isinstance(guarded(re.compile(r".{0,40}\bLogo")), Guarded)
    plain = re.compile(r"By\s+\w+")
    assert guarded(plain) is plain
    case_blind = re.compile(r".*logo", re.IGNORECASE)
    assert guarded(case_blind) is case_blind
    assert guarded(case_blind).fullmatch("The LOGO")


def test_joined_keeps_back_references_whole() -> None:
    # in the alternation, the second pattern's group is group 2
    patterns = (re.compile(r"(a)\1"), re.compile(r".*(b)\1x"))
    matcher = joined(patterns)
    assert isinstance(matcher, re.Pattern)
    assert matcher.pattern == "(?:(a)\\1)|(?:.*(b)\\1x)"


def _first_in_turn(lists: tuple[tuple[re.Pattern[str], ...], ...], text: str) -> int | None:
    for number, patterns in enumerate(lists):
        if any(p.fullmatch(text) for p in patterns):
            return number
    return None


def test_first_of_finds_the_list_trying_each_in_turn_would() -> None:
    normaliser = Normaliser()
    for pipeline in (normaliser._fallback, *normaliser._candidates):
        assert pipeline is not None
        options = pipeline.config.options["furniture"]
        lists = tuple(tuple(patterns) for table in (options.site_patterns, options.patterns)
                      for patterns in table.values() if patterns)
        first_of = FirstOf(lists)
        first_of.build()
        assert first_of.fast is not None
        for line in corpus_lines():
            assert first_of.first(line) == _first_in_turn(lists, line), line


@pytest.mark.parametrize("lists", [
    ((re.compile(r"(a)\1"),), (re.compile(r".*b"),)),  # a back-reference: tried in turn
    ((re.compile(r"(?P<x>a)"),), (re.compile(r"(?P<x>a)b"),)),  # the same group name twice
    ((re.compile(r".*x"), re.compile("ab")), (), (re.compile(r"(?:a|x)(b)"),)),
])
def test_first_of_edge_cases(lists: tuple[tuple[re.Pattern[str], ...], ...]) -> None:
    first_of = FirstOf(lists)
    for text in ("aa", "ab", "xb", "x", "zzx", "a", "b", ""):
        assert first_of.first(text) == _first_in_turn(lists, text), text


def _menu_as_defined(text: str, options: Any) -> bool:
    """The menu test spelled out: most words (marks stripped) are menu words."""
    if len(text) > 160 or text[-1] in ".!?\"”’":
        return False
    words = [w for w in (w.strip("|►»•·,") for w in text.split()) if w]
    if len(words) < options.menu_min_words or not options.menu_words:
        return False
    return sum(w.lower() in options.menu_words for w in words) / len(words) \
        >= options.menu_min_share


def test_menu_test_stops_early_without_changing_its_answer() -> None:
    from pagenorm.plugins.furniture import _is_menu

    options = Normaliser("default")._fixed.config.options["furniture"]  # type: ignore[union-attr]
    menus = ["Home | News | Sport | World", "Home News Pakistan World Business Sports",
             "Home » World » Business » Lahore", "Home News Trending Weird", "| | | home news",
             "Home News Business Sports Cricket Karachi Banana Apple"]
    for line in (*corpus_lines(), *menus):
        assert _is_menu(line, options) == _menu_as_defined(line, options), line


def test_any_of_matches_exactly_where_one_pattern_does() -> None:
    from pagenorm.plugins.article.lines import _matched_shape

    normaliser = Normaliser()
    for pipeline in (normaliser._fallback, *normaliser._candidates):
        assert pipeline is not None
        options = pipeline.config.options["article"]
        assert options.short_shapes is not None
        shapes = (options.date_line, *options.bylines, options.byline_names,
                  options.dateline_alone, options.credit, *options.captions,
                  options.breadcrumb)
        for line in corpus_lines():
            found = options.short_shapes.fullmatch(line) is not None
            assert found == any(p.fullmatch(line) for p in shapes), line
            if _matched_shape(line, options) is not None:
                assert found, line


@pytest.mark.parametrize(("pattern", "unnamed"), [
    (r"(?P<who>.{0,3}?)x(?P<a>b)", "(?:.{0,3}?)x(?:b)"),
    (r"(?P<x>ab)*|(?P<y>c|d)e", "(?:ab)*|(?:c|d)e"),
    (r"[(?P<x>]a", None),  # inside a class: not a group
    (r"\(?P<x>a", None),  # after a backslash: not a group
    (r"(?P<x>a)(?P=x)", None),  # a back-reference
])
def test_unnamed(pattern: str, unnamed: str | None) -> None:
    from pagenorm.plugins._text import _unnamed

    assert _unnamed(re.compile(pattern)) == unnamed


def test_any_of_gives_up_on_flags() -> None:
    from pagenorm.plugins._text import any_of

    assert any_of((re.compile("a", re.IGNORECASE), re.compile("b"))) is None
