"""Configs: shipped profiles load, extends merges, and every mistake is one clear line
naming the file, the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagenorm.config import load_config, shipped_configs
from pagenorm.errors import ConfigError
from pagenorm.manager import PluginHost


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def write(tmp_path: Path, text: str, name: str = "site.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, host: PluginHost) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path, host)
    return caught.value


def test_shipped_configs_load(host: PluginHost) -> None:
    assert {"default", "brecorder"} <= set(shipped_configs())
    for name in shipped_configs():
        config = load_config(name, host)
        assert config.plugins[0] == "crawl_prefix"
    brecorder = load_config("brecorder", host)
    assert brecorder.site.timezone == "Asia/Karachi"
    assert brecorder.options["ticker"].index_symbols.fullmatch("KSE100")


def test_extends_merges_mappings_and_replaces_lists(tmp_path: Path, host: PluginHost) -> None:
    path = write(tmp_path, "extends: brecorder\nsite: {name: mine}\nrelated:\n"
                           "  prefixes: ['See also:']\n")
    config = load_config(path, host)
    assert config.site.name == "mine"
    assert config.site.timezone == "Asia/Karachi"  # kept from the parent
    assert config.options["related"].prefixes == ("See also:",)
    assert config.plugins == load_config("brecorder", host).plugins


def test_extends_a_relative_path(tmp_path: Path, host: PluginHost) -> None:
    write(tmp_path, "extends: default\nsite: {name: base, timezone: Europe/London}\n", "base.yaml")
    child = write(tmp_path, "extends: base.yaml\nsite: {name: child}\n")
    config = load_config(child, host)
    assert (config.site.name, config.site.timezone) == ("child", "Europe/London")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("site:\n  name: x\n  timezon: UTC\n", 3,
         "site.timezon: unknown key (did you mean 'timezone'?)"),
        ("tikcer: {}\n", 1, "tikcer: unknown key (did you mean 'ticker'?)"),
        ("plugins: [ticker, articel]\n", 1, "plugins[1]: unknown plugin 'articel'"),
        ("extends: default\nticker:\n  max_gap: lots\n", 3, "ticker.max_gap:"),
        ("extends: default\narticle:\n  dateline: '([a'\n", 3,
         "article.dateline: invalid regular expression"),
        ("extends: default\nsite: {timezone: Mars/Olympus}\n", 2, "unknown time zone"),
        ("a: [1\n", 2, "invalid YAML"),
        ("x: !!python/object/apply:os.system [ls]\n", 1, "invalid YAML"),
        ("- just\n- a list\n", 1, "a config must be a mapping"),
        ("plugins: ticker\n", 1, "plugins: must be a list of plugin names"),
        ("plugins: [ticker, ticker]\n", 1, "lists a plugin twice"),
        ("plugins: [crawl_prefix]\ncrawl_prefix: {x: 1}\n", 2, "takes no options"),
        ("extends: default\nticker: [1, 2]\n", 2, "ticker: must be a mapping"),
        ("extends: no-such-profile\n", None, "no such config file or shipped config"),
    ],
)
def test_config_errors_name_file_key_and_line(tmp_path: Path, host: PluginHost, text: str,
                                              line: int | None, fragment: str) -> None:
    path = write(tmp_path, text)
    error = error_of(path, host)
    assert fragment in str(error)
    assert "\n" not in str(error)
    if line is not None:
        assert str(error).startswith(f"{path}:{line}: ")


def test_extends_cycle_is_reported(tmp_path: Path, host: PluginHost) -> None:
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\n", "b.yaml")
    assert "extends cycle" in str(error_of(tmp_path / "a.yaml", host))


def test_missing_and_unreadable_files(tmp_path: Path, host: PluginHost) -> None:
    assert "no such config file" in str(error_of(tmp_path / "nope.yaml", host))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    assert "not UTF-8" in str(error_of(binary, host))


def test_error_in_a_parent_points_at_the_parent(tmp_path: Path, host: PluginHost) -> None:
    parent = write(tmp_path, "extends: default\ntags:\n  max_words: many\n", "parent.yaml")
    child = write(tmp_path, "extends: parent.yaml\n")
    assert str(error_of(child, host)).startswith(f"{parent}:3: tags.max_words")


@pytest.mark.parametrize(("pattern", "needed"), [
    (r"^DAWN\.COM Logo$", "DAWN.COM Logo"),
    (r"^Previous article.*Next article", "Previous article"),
    (r"^[A-Z]{2} \d+ (?:Up|Down)", ""),  # nothing certain: the pattern always runs
    (r"(?i)^copyright", ""),  # case-blind: no shortcut
])
def test_signatures_get_a_cheap_text_test_only_when_it_is_certain(pattern: str,
                                                                   needed: str) -> None:
    import re

    from pagenorm.config import _required_text

    assert _required_text(re.compile(pattern)) == needed


@pytest.mark.parametrize("parent", ["../outside.yaml", "/etc/outside.yaml",
                                    "sub/../../outside.yaml", "link.yaml"])
def test_extends_may_not_leave_the_configs_folder(tmp_path: Path, host: PluginHost,
                                                  parent: str) -> None:
    (tmp_path / "outside.yaml").write_text("extends: default\n")
    home = tmp_path / "configs"
    (home / "sub").mkdir(parents=True)
    (home / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    if parent.startswith("/etc"):
        parent = str(tmp_path / "outside.yaml")
    child = write(home, f"site: {{name: x}}\nextends: {parent}\n")
    with pytest.raises(ConfigError, match=r"site\.yaml:2: extends: .* is outside .*configs"):
        load_config(child, host)


def test_extends_may_reach_shipped_configs_and_its_own_folder(tmp_path: Path,
                                                              host: PluginHost) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "extends: brecorder\n", "base.yaml")
    child = write(tmp_path, "extends: sub/base.yaml\n")
    assert load_config(child, host).site.name == "brecorder"


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("extends: default\ninput:\n  max_page_bytes: true\n", 3,
     "input.max_page_bytes: expected a whole number, got a boolean"),
    ("site: {name: 5}\n", 1, "site.name: expected text, got a number 5"),
    ("extends: default\ninput:\n  page_seconds: .nan\n", 3, "input.page_seconds: must be"),
    ("extends: default\ninput:\n  page_seconds: 1.0e+300\n", 3, "from 0 to 86400"),
    ("extends: default\ninput:\n  decoding: replce\n", 3,
     "'replce' is not one of strict, replace (did you mean 'replace'?)"),
    ("extends: default\nrelated:\n  prefixes: 'Read more:'\n", 3,
     "related.prefixes: expected a list, got text"),
    ("site:\n  name: a\n  name: b\n", 3, "site.name: written twice (first on line 2)"),
    ("extends: default\nplugins: [article]\nfurniture:\n  patterns: {nav: 5}\n", 4,
     "furniture.patterns.nav: expected a list"),  # a block of a plugin not enabled here
])
def test_wrong_types_are_errors_not_conversions(tmp_path: Path, host: PluginHost, text: str,
                                                line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    message = str(error_of(path, host))
    assert message.startswith(f"{path}:{line}: ") and fragment in message, message
