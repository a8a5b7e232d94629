"""``pagenorm explain``: a page line by line in the terminal, with --why; and
``PAGENORM_TRACE=1``, one line per hook call."""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pagenorm import testing
from pagenorm.api import Normaliser
from pagenorm.cli import main
from pagenorm.model import Source
from pagenorm.reading import page_from_text
from pagenorm.review.explain import explain, make_console
from pagenorm.review.view import BLANK, view_page

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "pages"
PICTURE = ["explain", "examples/pages/brecorder-markets.txt", "--why", "--svg"]
ROW = re.compile(r"^\s*(\d+)(?: |$)")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(out: str) -> dict[int, str]:
    """Line number -> the line's row, from explain's output (header and ✗ lines skipped)."""
    found = {}
    for text in out.splitlines()[1:]:
        match = ROW.match(text)
        if match and "✗" not in text:
            found[int(match[1])] = text
    return found


def check_rows(out: str, page_text: str, url: str | None = None) -> None:
    """Every line of the page is shown once, with the kind and plugin of its section."""
    page = page_from_text(page_text, id="p", source=Source(url=url))
    view = view_page(Normaliser(), page)
    shown = rows(out)
    assert sorted(shown) == list(range(len(view.lines)))
    for line in view.lines:
        fields = shown[line.number].split()
        if line.kind == BLANK:
            assert fields == [str(line.number)]
            continue
        assert fields[1] == line.kind, shown[line.number]
        assert fields[2] == (line.plugin or "-")
        if line.confidence is not None:
            assert fields[3] == f"{line.confidence:.2f}"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_explain_shows_every_line_of_the_examples(capsys, name: str) -> None:
    code, out, err = run(capsys, "explain", str(EXAMPLES / name))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith(f"{name}: ")
    assert "\x1b[" not in out  # not a terminal: plain
    check_rows(out, (EXAMPLES / name).read_text("utf-8"))


@pytest.mark.parametrize("shape", testing.SHAPES)
def test_explain_on_a_generated_page_of_every_shape(capsys, tmp_path: Path, shape: str) -> None:
    page = testing.generate(shape, random.Random(11))
    path = tmp_path / "page.txt"
    path.write_text(page.text, encoding="utf-8")
    args = ["explain", str(path), "--why"] + (["--url", page.url] if page.url else [])
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert "profile " in out.splitlines()[1]
    check_rows(out, page.text, page.url)


def test_why_shows_the_profile_and_what_beat_each_losing_claim(capsys) -> None:
    code, out, _ = run(capsys, "explain", str(EXAMPLES / "brecorder-markets.txt"), "--why")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("profile brecorder (site brecorder): 1 line signature(s) match")
    assert "claims lost the resolution" in out
    losses = [line.strip() for line in lines if line.lstrip().startswith("✗")]
    assert losses and all(" lost to " in line for line in losses)
    assert "✗ article heading 0.30 line 0 lost to ticker ticker 0.95 (lines 0-10): " \
           "lower confidence (0.3 < 0.95)" in losses
    # without --why none of it
    _, plain, _ = run(capsys, "explain", str(EXAMPLES / "brecorder-markets.txt"))
    assert "✗" not in plain and "profile" not in plain


def test_diagnostics_close_the_listing(capsys, tmp_path: Path) -> None:
    page = tmp_path / "inconsistent.txt"
    page.write_text((EXAMPLES / "brecorder-markets.txt").read_text("utf-8").replace(
        "FSGORG 257.09 Increased By ▲ 0.55 (0.21%)", "FSGORG 257.09 Increased By ▲ 0.55 (9.99%)"),
        encoding="utf-8")
    code, out, _ = run(capsys, "explain", str(page))
    assert code == 0
    assert ", 1 diagnostics" in out.splitlines()[0]
    assert out.splitlines()[-1].startswith("warning ticker.inconsistent lines 1-1: FSGORG: 9.99%")


def test_a_given_site_is_the_reason(capsys) -> None:
    code, out, _ = run(capsys, "explain", str(EXAMPLES / "generic-byline.txt"), "--site",
                       "dawn", "--why")
    assert code == 0
    assert out.splitlines()[1] == "profile dawn (site dawn): given (--config or --site)"


def test_on_a_terminal_lines_are_coloured_and_cut_to_its_width(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = (EXAMPLES / "generic-byline.txt").read_text("utf-8")
    view = view_page(Normaliser(), page_from_text(text, id="generic-byline.txt"))
    buffer = io.StringIO()
    explain(view, make_console(buffer, terminal=True, width=60))
    out = buffer.getvalue()
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
    assert plain and all(len(line) <= 60 for line in plain)
    assert any(line.endswith("…") for line in plain)


def test_page_text_cannot_drive_the_terminal_or_inject_markup(capsys, tmp_path: Path) -> None:
    page = tmp_path / "evil.txt"
    page.write_text("Headline [bold red]not markup[/] here\n\nText \x1b[2J\x1b]0;owned\x07 "
                    "ends here.\n", encoding="utf-8")
    code, out, _ = run(capsys, "explain", str(page))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]not markup[/]" in out


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("terminal", [False, True])
def test_page_text_cannot_reorder_what_the_terminal_shows(capsys, tmp_path: Path,
                                                          terminal: bool) -> None:
    page = tmp_path / "bidi.txt"
    line = "Pay " + "".join(f"{c}x{i}" for i, c in enumerate(BIDI)) + " to 1234"
    page.write_text(f"Headline{BIDI} here\n\n{line}\n", encoding="utf-8")
    view = view_page(Normaliser(), page_from_text(page.read_text("utf-8"), id=f"b{BIDI}.txt"))
    buffer = io.StringIO()
    explain(view, make_console(buffer, terminal=terminal, width=200), why=True)
    out = buffer.getvalue()
    assert not set(BIDI) & set(out)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Headline here" in plain and plain.splitlines()[0].startswith("b.txt: ")
    assert "Pay " + "".join(f"x{i}" for i in range(len(BIDI))) + " to 1234" in plain
    code, out, _ = run(capsys, "explain", str(page))
    assert code == 0 and not set(BIDI) & set(out)


def svg_texts(path: Path) -> list[str]:
    """The text an SVG shows, one string per ``<text>`` element, in order."""
    return ["".join(t.itertext()) for t in ET.parse(path).iter("{http://www.w3.org/2000/svg}text")]


def test_svg_draws_the_listing_as_a_terminal_shows_it(capsys, monkeypatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    picture = tmp_path / "explain.svg"
    code, out, err = run(capsys, *PICTURE, str(picture))
    assert (code, out) == (0, "")
    assert err == f"pagenorm: explain drawn in {picture}\n"
    shown = "\n".join(svg_texts(picture)).replace("\xa0", " ")
    assert "pagenorm explain examples/pages/brecorder-markets.txt --why" in shown
    assert "brecorder-markets.txt: article, site brecorder" in shown
    assert "✗ article heading 0.30 line 0 lost to ticker" in shown
    assert "…" in shown  # cut to 100 columns, as a terminal would
    for name, value in {"TERM": "dumb", "COLUMNS": "40", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)  # the same picture whatever the terminal says
    assert run(capsys, *PICTURE, str(tmp_path / "again.svg"))[0] == 0
    assert (tmp_path / "again.svg").read_bytes() == picture.read_bytes()


def test_the_explain_picture_in_docs_is_current(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    code, _, _ = run(capsys, *PICTURE, str(tmp_path / "explain.svg"))
    assert code == 0
    assert svg_texts(ROOT / "docs" / "explain.svg") == svg_texts(tmp_path / "explain.svg"), \
        f"docs/explain.svg is stale: run `pagenorm {' '.join(PICTURE)} docs/explain.svg`"


def test_every_picture_the_readme_shows_is_in_the_repo() -> None:
    review = (ROOT / "docs" / "review.md").read_text("utf-8")  # its links are relative to docs/
    pictures = ["docs/" + p for p in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", review)]
    assert {"docs/explain.svg", "docs/review-page.png", "docs/eval-review.png"} <= set(pictures)
    assert all((ROOT / picture).is_file() for picture in pictures), pictures


def test_svg_that_cannot_be_written_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "explain.svg"
    code, out, err = run(capsys, "explain", str(EXAMPLES / "generic-byline.txt"), "--svg",
                         str(target))
    assert (code, out) == (2, "")
    assert err == f"pagenorm: error: {target}: cannot write the picture: " \
                  "No such file or directory\n"


@pytest.mark.parametrize(("target", "message"), [
    ("missing.txt", "missing.txt: no such file"),
    (".", ".: a directory: explain takes one page file"),
])
def test_explain_errors_are_one_line(capsys, monkeypatch, tmp_path: Path, target: str,
                                     message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "explain", target)
    assert (code, out) == (2, "")
    assert err == f"pagenorm: error: {message}\n"


def test_trace_writes_one_line_per_hook_call_with_plugin_hook_and_time(tmp_path: Path) -> None:
    page = EXAMPLES / "generic-byline.txt"
    command = [sys.executable, "-m", "pagenorm", "convert", str(page), "--site", "default",
               "--format", "jsonl"]
    traced = subprocess.run(command, capture_output=True, check=True,
                            env={**os.environ, "PAGENORM_TRACE": "1"})
    calls = [line for line in traced.stderr.decode().splitlines()
             if line.startswith("pagenorm trace: ")]
    pattern = re.compile(r"^pagenorm trace: plugin=\S+ hook=\w+ \d+\.\d{3} ms$")
    assert calls and all(pattern.match(line) for line in calls), calls[:3]
    assert any("plugin=crawl_prefix hook=page_prefix " in line for line in calls)
    for plugin in ("ticker", "furniture", "article"):
        assert any(f"plugin={plugin} hook=detect " in line for line in calls)
    assert any("plugin=article hook=parse " in line for line in calls)
    assert any(" hook=emit " in line for line in calls)
    plain = subprocess.run(command, capture_output=True, check=True)
    assert "pagenorm trace" not in plain.stderr.decode()
