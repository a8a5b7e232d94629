"""The package as a pagenorm plugin: listed once installed, imported only when named,
usable from the command line and from configs, and its profile a valid config."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pagenorm_harbourherald
import pytest
from herald_pages import PAGES, page_text
from pagenorm_harbourherald import plugin

import pagenorm
from pagenorm.cli import main
from pagenorm.errors import ConfigError
from pagenorm.manager import PluginHost

PROFILE = Path(plugin.site_profiles()[0])


def test_pagenorm_plugins_lists_it_with_its_distribution(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    lines = capsys.readouterr().out.splitlines()
    [row] = [n for n, line in enumerate(lines) if line.startswith("harbourherald ")]
    assert f"pagenorm-harbourherald {version('pagenorm-harbourherald')}" in lines[row]
    assert "pagenorm_harbourherald.plugin" in lines[row]
    assert "not loaded" in lines[row + 1]


def test_it_is_not_loaded_unless_named(tmp_path: Path) -> None:
    host = PluginHost()
    assert "harbourherald" in host.infos and "harbourherald" not in host.names()
    # in a fresh interpreter (this test module has imported the package itself)
    code = ("import sys, pagenorm\n"
            f"document = pagenorm.normalise(open({str(PAGES / 'regatta.txt')!r}).read())\n"
            "print(document.site, [s.kind for s in document.sections if s.kind == 'tide'],"
            " 'pagenorm_harbourherald' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=tmp_path)
    assert result.stdout.split() == ["generic", "[]", "False"]


def test_the_profile_ships_in_the_package() -> None:
    assert PROFILE.is_file() and PROFILE.name == "harbourherald.yaml"
    assert PROFILE.parent == Path(pagenorm_harbourherald.__file__).parent


def test_convert_from_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagenorm", "convert", str(PAGES / "ferry-timetable.txt"),
         "--plugin", "harbourherald", "--site", "harbourherald"],
        capture_output=True, text=True, check=True, cwd=tmp_path)  # cwd: not a source tree
    document = json.loads(result.stdout)
    assert document["site"] == "harbourherald"
    assert document["article"]["published"] == "2025-01-14T07:15:00+00:00"
    assert {"kind": "tide", "plugin": "harbourherald", "lines": [11, 15],
            "confidence": 0.95} in document["sections"]
    assert len(document["article"]["paragraphs"]) == 3
    assert not any(p.startswith(("High water", "Low water"))
                   for p in document["article"]["paragraphs"])


def test_convert_picks_the_profile_by_content(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(PAGES), "--plugin", "harbourherald", "--format", "jsonl",
                 "--output", str(out)]) == 0
    documents = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [d["site"] for d in documents] == ["harbourherald"] * 3


def test_the_packaged_profile_as_a_config() -> None:
    # a config naming the plugin loads it: no --plugin needed (a fresh host, so that the
    # library's shared default host is left with the built-ins only)
    document = pagenorm.Normaliser(PROFILE, host=PluginHost()).normalise(
        page_text("regatta.txt"))
    assert document.site == "harbourherald"
    assert [s.plugin for s in document.sections if s.kind == "tide"] == ["harbourherald"]


def test_a_config_extending_the_profile(tmp_path: Path) -> None:
    config = tmp_path / "herald-strict.yaml"
    config.write_text(f"extends: {PROFILE}\nharbourherald:\n  max_entries: 3\n", "utf-8")
    normaliser = pagenorm.Normaliser(config, host=PluginHost())
    assert not [s for s in normaliser.normalise(page_text("ferry-timetable.txt")).sections
                if s.kind == "tide"]  # its box has 4 entries
    assert [s for s in normaliser.normalise(page_text("regatta.txt")).sections
            if s.kind == "tide"]


def test_check_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(PROFILE)]) == 0
    out = capsys.readouterr().out
    assert "ok (site harbourherald, Europe/London" in out and "harbourherald, " in out


@pytest.mark.parametrize(("block", "message"), [
    ("  max_entry: 4", "bad.yaml:3: harbourherald.max_entry: unknown key "
                       "(did you mean 'max_entries'?)"),
    ("  min_entries: zero", "bad.yaml:3: harbourherald.min_entries: "),
    # a check across fields (in the options class) points at the block
    ("  min_entries: 4\n  max_entries: 3",
     "bad.yaml:2: harbourherald: max_entries (3) is below min_entries (4)"),
])
def test_bad_options_are_config_errors(tmp_path: Path, block: str, message: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(f"extends: {PROFILE}\nharbourherald:\n{block}\n", "utf-8")
    with pytest.raises(ConfigError) as error:
        pagenorm.Normaliser(config, host=PluginHost())
    assert message in str(error.value)
