"""The command line: convert in every format, inputs from files, directories and stdin,
and one-line errors with non-zero exits for everything a user can get wrong."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import pagenorm
from pagenorm.cli import main
from tests.conftest import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_convert_one_page_to_json(capsys, seed_text: str, tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_text(seed_text, encoding="utf-8")
    code, out, err = run(capsys, "convert", str(page))
    assert (code, err) == (0, "")
    document = json.loads(out)
    validate(document)
    assert (document["id"], document["site"]) == ("seed.txt", "brecorder")


def test_several_pages_as_json_array_jsonl_and_yaml(capsys) -> None:
    code, out, _ = run(capsys, "convert", str(EXAMPLES))
    documents = json.loads(out)
    assert code == 0 and len(documents) == 4
    for document in documents:
        validate(document)
    _, out, _ = run(capsys, "convert", str(EXAMPLES), "--format", "jsonl")
    assert [json.loads(line) for line in out.splitlines()] == documents
    _, out, _ = run(capsys, "convert", str(EXAMPLES), "--format", "yaml")
    assert list(yaml.safe_load_all(out)) == documents


def test_directory_ids_are_relative_paths(capsys, tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_text("Some words here that make a line.\n")
    (tmp_path / "a" / "ignored.bin").write_bytes(b"\x00")
    _, out, _ = run(capsys, "convert", str(tmp_path), "--format", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a/b/page.txt"]


def test_markdown_and_output_file(capsys, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    code, out, _ = run(capsys, "convert", str(EXAMPLES / "brecorder-markets.txt"),
                       "--format", "markdown", "--output", str(target))
    assert code == 0 and out == ""
    text = target.read_text("utf-8")
    assert text.startswith("# ") and "**Tags:**" in text
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_stdin(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (EXAMPLES / "generic-byline.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    code, out, _ = run(capsys, "convert", "-", "--format", "jsonl")
    assert code == 0 and json.loads(out)["id"] == "-"


def test_site_flag_picks_a_profile(capsys) -> None:
    page = str(EXAMPLES / "generic-byline.txt")
    _, out, _ = run(capsys, "convert", page, "--site", "brecorder")
    assert json.loads(out)["site"] == "brecorder"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--site", "nowhere"], "no site profile of that name"),
        (["--config", "missing.yaml"], "missing.yaml: no such config file"),
        (["--format", "docx"], "unknown format 'docx'"),
        (["--plugin", "nope"], "unknown plugin 'nope'"),
    ],
)
def test_usage_errors_are_one_line(capsys, args: list[str], fragment: str) -> None:
    code, out, err = run(capsys, "convert", str(EXAMPLES), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("pagenorm: error: ") and fragment in err


def test_a_bad_page_is_reported_and_the_rest_converted(capsys, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 latin-1 text\n")
    (tmp_path / "good.txt").write_text("A line of text that ends like a sentence.\n")
    code, out, err = run(capsys, "convert", str(tmp_path), str(tmp_path / "gone.txt"),
                         "--format", "jsonl")
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good.txt"]
    errors = [line for line in err.splitlines() if line.startswith("pagenorm: error: ")]
    assert len(errors) == 2  # then the summary
    assert "bad.txt: not valid UTF-8 at byte 3" in errors[0]
    assert "gone.txt" in errors[1] and "input.not_found" in errors[1]


def test_check_config(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check-config", "brecorder")
    assert code == 0 and "ok (site brecorder, Asia/Karachi" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("site:\n  nam: x\n")
    code, _, err = run(capsys, "check-config", str(bad))
    assert code == 2 and f"{bad}:2: site.nam: unknown key" in err


def test_formats_and_plugins_listings(capsys) -> None:
    _, out, _ = run(capsys, "formats")
    assert [line.split()[0] for line in out.splitlines()] == [
        "json", "jsonl", "markdown", "parquet", "yaml"]
    _, out, _ = run(capsys, "plugins")
    assert "ticker" in out and "hooks: detect, parse, plugin_options" in out
    ticker = next(line for line in out.splitlines() if line.startswith("ticker "))
    assert f"pagenorm {pagenorm.__version__} (built-in)" in ticker  # distribution, version


def test_module_and_console_script_entry_points() -> None:
    for command in ([sys.executable, "-m", "pagenorm", "--version"], ["pagenorm", "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        assert result.stdout.startswith("pagenorm ")


def test_url_flag_picks_the_profile_and_is_recorded(capsys) -> None:
    page = str(EXAMPLES / "generic-byline.txt")
    _, out, _ = run(capsys, "convert", page, "--url", "https://www.dawn.com/news/1234567")
    document = json.loads(out)
    assert (document["site"], document["source"]["url"]) == (
        "dawn", "https://www.dawn.com/news/1234567")
