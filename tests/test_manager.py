"""The plugin manager: built-ins by name from the entry-point group, third-party plugins
imported and run only when a config or ``--plugin`` names them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import install_fake_plugin

import pagenorm
from pagenorm.cli import main
from pagenorm.errors import PluginError
from pagenorm.manager import PluginHost

BUILTINS = {"crawl_prefix", "ticker", "article", "related", "tags", "json", "jsonl", "yaml",
            "markdown"}

THIRD_PARTY = '''
from pagenorm import hookimpl
from pagenorm.model import Claim, Format, Parsed, Section
import sys
sys.modules[__name__].imported = True

@hookimpl
def detect(page, options, site):
    return [Claim("shout", n, n, 0.99) for n, t in enumerate(page.lines) if t.isupper()]

@hookimpl
def parse(page, claims, options, site):
    return Parsed(tuple(Section("shout", c.first, c.last, "", c.confidence) for c in claims))

@hookimpl
def emit_formats():
    return [Format("count", ".txt", "number of sections")]

@hookimpl
def emit(document, format):
    return f"{len(document.sections)}\\n".encode() if format == "count" else None
'''


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Install a fake distribution ``shoutplug`` with an entry point ``shouty``."""
    return install_fake_plugin(tmp_path, monkeypatch, distribution="shoutplug",
                               version="1.2.3", name="shouty", module="shoutplug_module",
                               source=THIRD_PARTY)


def test_builtins_are_registered_by_name_from_the_entry_point_group() -> None:
    host = PluginHost()
    assert set(host.names()) >= BUILTINS
    assert all(host.infos[name].builtin for name in BUILTINS)
    assert host.infos["ticker"].target == "pagenorm.plugins.ticker"
    assert set(host.formats()) == {"json", "jsonl", "yaml", "markdown"}


def test_third_party_plugins_wait_until_named(third_party: str) -> None:
    host = PluginHost()
    info = host.infos[third_party]
    assert (info.distribution, info.version, info.builtin) == ("shoutplug", "1.2.3", False)
    assert third_party not in host.names()
    assert "shoutplug_module" not in sys.modules  # not even imported
    assert "count" not in host.formats()


def test_a_named_third_party_plugin_runs(third_party: str) -> None:
    normaliser = pagenorm.Normaliser("default", plugins=[third_party])
    document = normaliser.normalise("LOUD\n")
    assert [(s.kind, s.plugin) for s in document.sections] == [("shout", third_party)]
    assert normaliser.emit(document, "count") == b"1\n"


def test_a_config_can_name_a_third_party_plugin(third_party: str, tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"extends: default\nplugins: [{third_party}, article]\n")
    document = pagenorm.Normaliser(config, host=PluginHost()).normalise("LOUD\n")
    assert document.sections[0].plugin == third_party


def test_cli_lists_and_uses_third_party_plugins(third_party: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    listing = capsys.readouterr().out
    assert "shoutplug 1.2.3" in listing and "not loaded" in listing
    page = tmp_path / "p.txt"
    page.write_text("LOUD\n")
    assert main(["convert", str(page), "--plugin", third_party, "--format", "count"]) == 0
    assert capsys.readouterr().out == "1\n"


def test_unknown_plugin_names_are_clear_errors() -> None:
    with pytest.raises(PluginError, match="unknown plugin 'nope'"):
        PluginHost(["nope"])


def test_tracing_shows_every_hook_call_and_gives_the_same_document(tmp_path: Path) -> None:
    import os
    import subprocess

    page = Path(__file__).resolve().parents[1] / "examples" / "pages" / "generic-byline.txt"
    command = [sys.executable, "-m", "pagenorm", "convert", str(page), "--format", "jsonl"]
    plain = subprocess.run(command, capture_output=True, check=True)
    traced = subprocess.run(command, capture_output=True, check=True,
                            env={**os.environ, "PAGENORM_TRACE": "1"})
    assert traced.stdout == plain.stdout
    trace = traced.stderr.decode()
    for hook in ("page_prefix", "detect", "parse", "emit"):
        assert f"  {hook} [hook]" in trace


@pytest.mark.parametrize(("value", "on"), [
    (None, False), ("", False), ("0", False), ("false", False), ("FALSE", False),
    ("No", False), ("off", False), (" Off ", False),
    ("1", True), ("true", True), ("yes", True), ("on", True), ("2", True),
])
def test_pagenorm_trace_zero_false_no_off_and_empty_mean_off(
        monkeypatch, value: str | None, on: bool) -> None:
    if value is None:
        monkeypatch.delenv("PAGENORM_TRACE", raising=False)
    else:
        monkeypatch.setenv("PAGENORM_TRACE", value)
    assert PluginHost().tracing is on
