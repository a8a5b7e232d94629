"""Patterns from a user's config: RE2 where the syntax allows, the same meaning as ``re``,
the fallbacks named, and a pathological pattern cannot stall a batch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pagenorm.api import Normaliser
from pagenorm.batch.pool import PageTimeout, time_limit
from pagenorm.cli import main
from pagenorm.config import load_config
from pagenorm.manager import PluginHost
from pagenorm.patterns import compile_untrusted, for_re2, is_re2, joined

EXPLOSIVE = r"(a+)+$"  # exponential in a backtracking engine on "aaa...a!"


def user_config(tmp_path: Path, *patterns: str) -> Path:
    path = tmp_path / "mine.yaml"
    listed = "\n".join(f"      - '{p}'" for p in patterns)
    path.write_text(f"extends: default\nfurniture:\n  site_patterns:\n    advert:\n{listed}\n")
    return path


@pytest.mark.parametrize(("pattern", "texts"), [
    (r"\w+ \d+", ["Lahore 12", "کراچی ۱۲", "Zürich ٣", "a b"]),
    (r"[\w-]+", ["dawn-news", "اخبار-جنگ", "x y"]),
    (r"\s*Ad\s*", ["\u00a0Ad\u2003", " Ad ", "Ad\x85"]),
    (r"\W+", ["…!?", "«»", "abc"]),
    (r"(?i)sponsored by (?P<who>\w+)", ["SPONSORED BY Émile", "sponsored by 5"]),
    (r"[^\d]+", ["abc", "١٢٣"]),
    (r"\d{1,2}[:.]\d{2}", ["12:30", "1.05", "x"]),  # a [: that is no POSIX class stays
])
def test_re2_means_what_re_means(pattern: str, texts: list[str]) -> None:
    linear = compile_untrusted(pattern)
    assert is_re2(linear), pattern
    for text in texts:
        expected = re.fullmatch(pattern, text)
        found = linear.fullmatch(text)
        assert bool(found) == bool(expected), (pattern, text)
        if expected:
            assert found.group(0) == expected.group(0)


@pytest.mark.parametrize("pattern", [r"(?!Home)\w+", r"(?<=By )\w+", r"(\w)\1", r"[^\W\d]+",
                                     r"(?P<q>')x(?P=q)", r"a++", r"a{,3}", r"[[:alpha:]]+",
                                     r"x\Z", r"\u00e9", r"(?x) a b", r"(?a)\w"])
def test_what_re2_cannot_take_falls_back_to_re(pattern: str) -> None:
    assert for_re2(pattern) is None or not is_re2(compile_untrusted(pattern))
    assert isinstance(compile_untrusted(pattern), re.Pattern)


def test_a_users_patterns_run_on_re2_and_shipped_ones_on_re(tmp_path: Path) -> None:
    config = load_config(user_config(tmp_path, "Promoted content"), PluginHost())
    options = config.options["furniture"]
    mine = options.site_patterns["advert"][0]
    assert is_re2(mine)
    assert all(not is_re2(p) for ps in options.patterns.values() for p in ps)
    shipped = load_config("brecorder", PluginHost())
    assert not any(is_re2(p) for _, p in shipped.site.page_signatures)


def test_fallbacks_are_named_with_file_and_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = user_config(tmp_path, "Promoted content", r"(?!Home)Sponsored \w+")
    config = load_config(path, PluginHost())
    assert config.re_fallbacks == (
        rf"{path}:6: furniture.site_patterns.advert[1]: (?!Home)Sponsored \w+",)
    assert main(["check-config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 pattern falls back to re" in out and ":6: furniture.site_patterns" in out


def test_an_explosive_pattern_is_linear_on_re2(tmp_path: Path) -> None:
    normaliser = Normaliser(user_config(tmp_path, EXPLOSIVE))
    page = "Harbour news\n\n" + "a" * 5000 + "!\n"
    with time_limit(20, "test"):  # a regression would hang here for hours, not pass
        document = normaliser.normalise(page)
    assert document.sections or document.residual


def test_a_slow_page_becomes_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    # a lookahead keeps this pattern on re, where it backtracks for hours on line 2
    config = user_config(tmp_path, r"(?=a)(a|aa)+$")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-slow.txt").write_text("Harbour news\n\n" + "a" * 60 + "!\n")
    (folder / "2-fine.txt").write_text("Harbour news\n\nThe ferry runs again today.\n")
    target = tmp_path / "out.jsonl"
    status = main(["convert", "--quiet", str(folder), "--config", str(config), "--format",
                   "jsonl", "-o", str(target), "--workers", "1", "--page-seconds", "0.5"])
    assert status == 1
    [error] = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").open()]
    assert error["code"] == "page.timeout" and "1-slow.txt" in error["message"]
    [document] = [json.loads(line) for line in target.open()]
    assert document["id"] == "2-fine.txt"


def test_time_limit_raises_and_restores() -> None:
    with pytest.raises(PageTimeout, match=r"took longer than 0\.1 s"), time_limit(0.1, "p"):
        re.fullmatch(r"(a|aa)+$", "a" * 60 + "!")
    with time_limit(0.1, "p"):  # the alarm of the first block is gone
        pass


def test_joined_keeps_each_engine() -> None:
    mixed = joined((re.compile("Home"), compile_untrusted("Sponsored"), re.compile("(?i)x")))
    assert mixed.fullmatch("Sponsored") and mixed.fullmatch("Home") and mixed.fullmatch("X")
    assert mixed.search("a Home and Sponsored").group(0) == "Home"
    assert not mixed.fullmatch("Other")


def test_a_user_copy_of_the_default_patterns_reads_pages_as_the_default_does(
        tmp_path: Path) -> None:
    """Every pattern option of default.yaml, set again by a user's config, runs on RE2 and
    gives the same documents: the plugins' fast paths never put an RE2 pattern back on re."""
    import yaml

    from pagenorm.config import shipped_configs
    from pagenorm.testing import corpus

    default = yaml.safe_load(shipped_configs()["default"].read_text(encoding="utf-8"))
    mine = {"extends": "default", **{k: v for k, v in default.items()
                                     if k in ("furniture", "listing", "article", "ticker")}}
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(mine), encoding="utf-8")
    config = load_config(path, PluginHost())
    furniture = config.options["furniture"]
    assert all(is_re2(p) for ps in furniture.patterns.values() for p in ps
               if for_re2(p.pattern) is not None)
    copied, shipped = Normaliser(path), Normaliser("default")
    for page in corpus(300, seed=3):
        ours, theirs = copied.normalise(page.text).to_dict(), shipped.normalise(page.text).to_dict()
        assert ours == theirs, page.shape
