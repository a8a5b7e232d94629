"""Patterns checked before a run (issue 13): a pattern without the named groups its plugin
reads is a config error naming file, line and key (``check-config`` and every command that
loads the config), and a plugin that fails on most pages of a batch fails the run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pagenorm.batch.pool import FAILING_MIN_PAGES, Summary
from pagenorm.cli import main
from pagenorm.testing import generate
from tests.conftest import install_fake_plugin


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text("extends: default\n" + body, encoding="utf-8")
    return path


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["check-config", str(path)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_byline_without_who_is_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _config(tmp_path, "article:\n  bylines:\n    - 'By (?P<name>.+)'\n")
    status, out = _check(path, capsys)
    assert status == 2
    assert out.strip() == (
        f"pagenorm: error: {path}:4: article.bylines[0]: needs the named group "
        "(?P<who>...) (the plugin reads who; this pattern has name)")


@pytest.mark.parametrize(("key", "pattern", "missing"), [
    ("dateline", "(?P<place>[A-Z]+): .*", "(?P<rest>...)"),
    ("dateline_alone", "[A-Z]+:", "(?P<place>...)"),
    ("date_line", r"\d{4}-\d{2}-\d{2}", "(?P<date>...)"),
])
def test_each_pattern_needs_the_groups_its_plugin_reads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, pattern: str,
        missing: str) -> None:
    path = _config(tmp_path, f"article:\n  {key}: '{pattern}'\n")
    status, out = _check(path, capsys)
    assert status == 2 and f"{path}:3: article.{key}: needs the named group" in out
    assert missing in out


def test_patterns_with_their_groups_pass_and_read_the_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _config(tmp_path, "article:\n  dateline: '(?P<place>[A-Z]{3,}):\\s*(?P<rest>\\S.*)'\n"
                             "  bylines: ['By (?P<who>[A-Z][a-z]+ [A-Z][a-z]+)']\n")
    status, out = _check(path, capsys)
    assert status == 0 and out.startswith(f"{path}: ok")
    page = tmp_path / "page.txt"
    page.write_text("Harbour works delayed again on the east quay\n\nBy Sana Mir\n\n"
                    "KARACHI: The harbour works were delayed again on Monday, officials "
                    "said, after the second crane failed its safety test in a month.\n",
                    encoding="utf-8")
    assert main(["convert", str(page), "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert '"byline": "Sana Mir"' in out and '"dateline": "KARACHI"' in out


FAILS = '''
from pagenorm import hookimpl


@hookimpl
def detect(page):
    raise ValueError("always")
'''


def _pages(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        page = generate("generic/article", random.Random(number))
        (folder / f"p{number:02}.txt").write_text(page.text, encoding="utf-8")
    return folder


def test_a_plugin_failing_on_most_pages_fails_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    name = install_fake_plugin(site, monkeypatch, distribution="failing", version="1.0",
                               name="failing", module="failing_plugin", source=FAILS)
    pages = _pages(tmp_path / "pages", FAILING_MIN_PAGES)
    out = tmp_path / "out.jsonl"
    status = main(["convert", "--quiet", str(pages), "--plugin", name, "--format", "jsonl",
                   "-o", str(out), "--workers", "1"])
    assert status == 1
    assert len(out.read_bytes().splitlines()) == FAILING_MIN_PAGES  # every page written
    [line] = capsys.readouterr().err.splitlines()
    assert line == (f"pagenorm: error: plugin 'failing' failed on {FAILING_MIN_PAGES} of "
                    f"{FAILING_MIN_PAGES} pages written (plugin.error diagnostics): check its "
                    "options with pagenorm check-config")


def test_few_or_a_minority_of_failures_leave_the_exit_status() -> None:
    few = Summary(written=FAILING_MIN_PAGES - 1, plugin_failures={"x": FAILING_MIN_PAGES - 1})
    minority = Summary(written=100, plugin_failures={"x": 50})
    most = Summary(written=100, plugin_failures={"x": 51, "y": 3})
    assert few.failing_plugins() == minority.failing_plugins() == []
    assert [line.split(" failed")[0] for line in most.failing_plugins()] == ["plugin 'x'"]
    assert "  plugins failed on pages: x 51, y 3" in most.lines()
