"""YAML configs: loading (``yaml.safe_load`` semantics only), ``extends``, validation into
typed settings, and picking a shipped site profile by the content of a page.

A config is data. Top-level keys: ``site`` (name, time zone, signatures), ``extends``
(a shipped config name or a path relative to this file), ``plugins`` (enabled plugins in
priority order), ``input`` (how raw pages are read: decoding, size and time limits) and
one options block per plugin, named after it.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from functools import cache
from importlib.metadata import entry_points
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
import yaml
from attrs import field, frozen

from pagenorm.errors import ConfigError
from pagenorm.manager import GROUP, PluginHost
from pagenorm.patterns import Pattern, UntrustedText, compile_config_pattern, is_re2, multiline

DEFAULT = "default"
RESERVED_KEYS = ("site", "extends", "plugins", "input")
PROFILES_ENV = "PAGENORM_PROFILES"  # folders of a user's own profiles, os.pathsep between

KeyPath = tuple[str | int, ...]


# the patterns of the config being loaded that RE2 could not take (see pagenorm.patterns)
_fallbacks: ContextVar[list[str] | None] = ContextVar("fallbacks", default=None)
# the building blocks of the plugin whose options are being read: name -> regex text
_blocks: ContextVar[Mapping[str, str] | None] = ContextVar("blocks", default=None)
# ``{{NAME}}``: doubled braces and capitals, which no regex quantifier (``{2,4}``) can be
BLOCK = re.compile(r"\{\{(?P<name>[A-Z][A-Z_]*)\}\}")


def expand_blocks(text: str, blocks: Mapping[str, str]) -> str:
    """``text`` with every ``{{NAME}}`` replaced by the building block of that name (as a
    group of its own, so a quantifier after it applies to all of it); a name no block has
    is a ``ValueError`` naming the known ones."""
    def block(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in blocks:
            known = ", ".join(f"{{{{{b}}}}}" for b in sorted(blocks)) or "none here"
            raise ValueError(f"unknown building block {match[0]} (known: {known})")
        return f"(?:{blocks[name]})"

    expanded = BLOCK.sub(block, text)
    return UntrustedText(expanded) if isinstance(text, UntrustedText) else expanded


def _compile(value: Any, _type: Any) -> Pattern:
    if isinstance(value, re.Pattern) or is_re2(value):  # a built-in default, kept by add:
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a regular expression string, got {type(value).__name__}")
    try:
        pattern = compile_config_pattern(expand_blocks(value, _blocks.get() or {}))
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    fallbacks = _fallbacks.get()
    if isinstance(value, UntrustedText) and not is_re2(pattern) and fallbacks is not None:
        fallbacks.append(value)
    return pattern


def _zone(value: str | None) -> ZoneInfo | None:
    if value is None:
        return None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc


# Options classes of plugins may use re.Pattern fields: they arrive compiled.
options_converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
options_converter.register_structure_hook_func(
    lambda cls: cls is re.Pattern or cls is Pattern or get_origin(cls) is re.Pattern, _compile
)


def _exactly(kind: type, *also: type) -> Any:
    """A structure hook taking only values of ``kind`` (or ``also``): a config that writes
    ``true`` for a number or ``5`` for a name is wrong, not quietly converted."""
    accepted = (kind, *also)

    def structure(value: Any, _type: Any) -> Any:
        if (isinstance(value, bool) and bool not in accepted) or not isinstance(value, accepted):
            raise ValueError(f"expected {_KIND_NAMES[kind]}, got {_yaml_type(value)} {value!r}")
        return kind(value)

    return structure


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _yaml_type(value: Any) -> str:
    for kind, name in ((bool, "a boolean"), (int | float, "a number"), (str, "text"),
                       (list, "a list"), (dict, "a mapping"), (type(None), "null")):
        if isinstance(value, kind):
            return name
    return "a value"


for _kind, _also in ((str, ()), (int, ()), (float, (int,)), (bool, ())):
    options_converter.register_structure_hook(_kind, _exactly(_kind, *_also))


def _tuple_hook(cls: Any) -> Any:
    """Tuples come from YAML lists only: a lone string is not a list of its characters."""
    args = get_args(cls)
    homogeneous = len(args) == 2 and args[1] is Ellipsis

    def structure(value: Any, _type: Any) -> tuple[Any, ...]:
        if isinstance(value, Mapping) and homogeneous:
            raise ValueError(f"expected a list (replacing the built-in one) or {{add: [...]}} "
                             f"(adding to it), got {value!r}")
        if not isinstance(value, list | tuple):
            raise ValueError(f"expected a list, got {_yaml_type(value)} {value!r}")
        if homogeneous:
            return tuple(_item(index, item, args[0]) for index, item in enumerate(value))
        if len(value) != len(args):
            raise ValueError(f"expected a list of {len(args)}, got {len(value)} items")
        return tuple(options_converter.structure(v, a) for v, a in zip(value, args, strict=True))

    return structure


class _ItemError(ValueError):
    """What went wrong with item ``index`` of a list: so the error names that item's line."""

    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(str(error))
        self.index, self.error = index, error


def _item(index: int, item: Any, kind: Any) -> Any:
    try:
        return options_converter.structure(item, kind)
    except Exception as exc:
        raise _ItemError(index, exc) from exc


options_converter.register_structure_hook_factory(
    lambda cls: get_origin(cls) is tuple and bool(get_args(cls)), _tuple_hook)


@frozen
class Signatures:
    """How to recognise a page of this site: url substrings, or line patterns."""

    urls: tuple[str, ...] = ()
    lines: tuple[Pattern, ...] = ()


@frozen
class Site:
    name: str = "generic"
    timezone: str | None = None
    detect: Signatures = Signatures()
    zone: ZoneInfo | None = field(init=False, eq=False, repr=False)
    # the line signatures, each searched once over the page's lines joined by newlines, with
    # a text the pattern cannot match without ("" when none is known): a cheap test first
    page_signatures: tuple[tuple[str, Pattern], ...] = field(
        init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "zone", _zone(self.timezone))
        joined = tuple((_required_text(p), multiline(p)) for p in self.detect.lines)
        object.__setattr__(self, "page_signatures", joined)


class FieldError(ValueError):
    """A validator's complaint about one field: reported at that field's line."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _positive_int(instance: Any, attribute: attrs.Attribute, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FieldError(attribute.name, f"must be a whole number above 0, got {value!r}")


def _seconds(instance: Any, attribute: attrs.Attribute, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not 0 <= value <= MAX_SECONDS:  # NaN fails every comparison
        raise FieldError(attribute.name,
                         f"must be a number of seconds from 0 to {MAX_SECONDS}, got {value!r}")


MAX_SECONDS = 86_400  # a day: anything longer is a typo, and SIGALRM's timer overflows
MAX_PAGE_BYTES = 1 << 30  # 1 GiB of text is no page; a bigger limit is a typo that reads fail on


def _page_bytes(instance: Any, attribute: attrs.Attribute, value: int) -> None:
    _positive_int(instance, attribute, value)
    if value > MAX_PAGE_BYTES:
        raise FieldError(attribute.name,
                         f"must be at most {MAX_PAGE_BYTES} (1 GiB), got {value!r}")


@frozen
class InputPolicy:
    """How a raw page is read before any plugin sees it (see ``pagenorm.reading``)."""

    decoding: Literal["strict", "replace"] = "strict"
    # bigger pages become ``page.too_large`` error records instead of a memory spike
    max_page_bytes: int = field(default=10_000_000, validator=_page_bytes)
    # a page that takes longer becomes a ``page.timeout`` error record; 0 turns it off
    page_seconds: float = field(default=10.0, validator=_seconds)


@frozen
class Config:
    name: str
    path: str
    site: Site
    plugins: tuple[str, ...]
    options: Mapping[str, Any]  # plugin name -> its typed options (or None)
    input: InputPolicy = InputPolicy()
    # patterns of a user's config that RE2 cannot take, matched by re: "file:line key: why"
    re_fallbacks: tuple[str, ...] = ()


# --- reading YAML with line numbers ---


class _DuplicateKey(Exception):
    def __init__(self, key: KeyPath, line: int) -> None:
        super().__init__(key, line)
        self.key, self.line = key, line


def _marks(node: yaml.Node, path: KeyPath, out: dict[KeyPath, int]) -> None:
    """Record the line of every key and list item under ``node``; a key written twice in
    one mapping is an error (YAML loaders quietly keep the last)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            if key in out:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            out[key] = key_node.start_mark.line + 1
            _marks(value_node, key, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*path, index)] = item.start_mark.line + 1
            _marks(item, (*path, index), out)


# a config or job is a few hundred values a few levels deep: these bounds stop a file of a
# few hundred bytes (aliases of aliases, 100,000 nested brackets) from growing without end
MAX_VALUES = 100_000  # values in the document, every alias expanded
MAX_DEPTH = 100  # levels of nesting, every alias expanded


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than ``MAX_DEPTH`` while it composes (its
    composer recurses once a level: 100,000 brackets would be a ``RecursionError``)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _check_expansion(node: yaml.Node, name: str) -> None:
    """Refuse a document that, every alias expanded, holds more than ``MAX_VALUES`` values,
    nests deeper than ``MAX_DEPTH``, or holds itself: what is read after loading (line
    numbers, ``extends``, validation) walks it expanded. Each node is sized once, so this
    costs the size of the file, not of the expansion."""
    sized: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth), expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, finished = stack.pop()
        key = id(current)
        line = current.start_mark.line + 1
        if finished:
            parts = [sized[id(child)] for child in _children(current)]
            values = 1 + sum(v for v, _ in parts)
            depth = 1 + max((d for _, d in parts), default=0)
            if values > MAX_VALUES or depth > MAX_DEPTH:
                too_many = f"{MAX_VALUES:,} values" if values > MAX_VALUES \
                    else f"{MAX_DEPTH} levels of nesting"
                raise ConfigError(name, f"its aliases expand to more than {too_many}",
                                  line=line)
            sized[key] = (values, depth)
            open_nodes.discard(key)
        elif key in open_nodes:
            raise ConfigError(name, "an alias refers to the value it is part of", line=line)
        elif key not in sized:
            open_nodes.add(key)
            stack.append((current, True))
            stack.extend((child, False) for child in _children(current))


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Parse one YAML file with the safe loader; return the mapping and key -> line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(name, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(name, f"not UTF-8 text: {exc.reason}") from exc
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        column = f" column {mark.column + 1}" if mark else ""
        raise ConfigError(name, f"invalid YAML{column}: {problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(name, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(name, "a config must be a mapping of keys to values", line=1)
    marks: dict[KeyPath, int] = {}
    if node is not None:
        try:
            _marks(node, (), marks)
        except _DuplicateKey as exc:
            first = marks[exc.key]
            raise ConfigError(name, f"written twice (first on line {first})",
                              key=_dotted(exc.key), line=exc.line) from None
    return data, marks


# --- locating configs and following extends ---


def shipped_configs() -> dict[str, Path]:
    """Shipped config name -> path, from the installed ``pagenorm.configs`` package."""
    folder = files("pagenorm.configs")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def profile_folders(given: Iterable[str | Path] | None = None) -> tuple[Path, ...]:
    """The folders of a user's own profiles: ``given`` (``--profiles``, a job's
    ``profiles``), else those ``PAGENORM_PROFILES`` names; each must be a folder."""
    if given is None:
        given = [part for part in os.environ.get(PROFILES_ENV, "").split(os.pathsep) if part]
    folders = tuple(Path(folder) for folder in given)
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(str(folder), "no such folder of profiles (--profiles, a job's "
                              f"profiles or {PROFILES_ENV})")
    return folders


def folder_profiles(folders: Iterable[Path]) -> dict[str, Path]:
    """Profile name -> file of every ``*.yaml``/``*.yml`` file in ``folders`` (not below
    them), in name order: the first folder naming a profile wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                found.setdefault(path.stem, path)
    return found


def locate(name_or_path: str | Path, relative_to: Path | None = None,
           profiles: Sequence[Path] = ()) -> Path:
    """A config given as a path (relative to ``relative_to`` when set), a shipped name, or
    the name of a profile in one of the ``profiles`` folders."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise ConfigError(str(candidate), "no such config file")
        return candidate
    known = {**folder_profiles(profiles), **shipped_configs()}
    if str(name_or_path) in known:
        return known[str(name_or_path)]
    hint = _did_you_mean(str(name_or_path), known)
    raise ConfigError(str(name_or_path), f"no such config file or shipped config{hint}")


ADD = "add"  # ``key: {add: [...]}`` adds to the list it extends instead of replacing it


def is_addition(value: Any) -> bool:
    """Whether ``value`` is ``{add: [...]}``: items to add to a list, not a list."""
    return isinstance(value, Mapping) and set(value) == {ADD} and isinstance(value[ADD], list)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge mappings; ``{add: [...]}`` over a list (or over another addition) adds
    to it; anything else (lists included) in ``over`` replaces."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if is_addition(value) and isinstance(below, list):
            merged[key] = [*below, *value[ADD]]
        elif is_addition(value) and is_addition(below):
            merged[key] = {ADD: [*below[ADD], *value[ADD]]}
        elif isinstance(value, Mapping) and isinstance(below, Mapping):
            merged[key] = _merge(dict(below), value)
        else:
            merged[key] = value
    return merged


def _added_lines(base: Mapping[str, Any], over: Mapping[str, Any],
                 origin: dict[KeyPath, tuple[str, int]], path: KeyPath = ()
                 ) -> dict[KeyPath, tuple[str, int]]:
    """``origin`` (the lines of ``over``) with each added item's key moved to where
    ``_merge`` puts it (``bylines.add[0]`` over two items is ``bylines[2]``), so an error
    in it names its own line."""
    moved = dict(origin)
    for key, value in over.items():
        below, here = base.get(key), (*path, key)
        if is_addition(value) and (isinstance(below, list) or is_addition(below)):
            start = len(below) if isinstance(below, list) else len(below[ADD])
            into = here if isinstance(below, list) else (*here, ADD)
            moved = _shift(moved, (*here, ADD), into, start)
        elif isinstance(value, Mapping) and isinstance(below, Mapping):
            moved = _added_lines(below, value, moved, here)
    return moved


def _shift(lines: dict[KeyPath, tuple[str, int]], items: KeyPath, into: KeyPath,
           start: int) -> dict[KeyPath, tuple[str, int]]:
    """Keys under ``items`` (``(..., "add", n, ...)``) as ``(*into, start + n, ...)``."""
    out: dict[KeyPath, tuple[str, int]] = {}
    for key, where in lines.items():
        if key[:len(items)] == items and len(key) > len(items) \
                and isinstance(key[len(items)], int):
            index = key[len(items)]
            assert isinstance(index, int)
            key = (*into, start + index, *key[len(items) + 1:])
        out[key] = where
    return out


@frozen
class RawConfig:
    data: dict[str, Any]
    files: dict[KeyPath, tuple[str, int]]  # key path -> (file, line) that set it last


def _load_raw(path: Path, chain: tuple[Path, ...], profiles: Sequence[Path] = ()) -> RawConfig:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise ConfigError(str(path), f"extends cycle: {cycle}")
    data, marks = read_yaml(path)
    origin = {key: (str(path), line) for key, line in marks.items()}
    parent = data.pop("extends", None)
    if parent is None:
        return RawConfig(data, origin)
    line = marks.get(("extends",))
    if not isinstance(parent, str):
        raise ConfigError(str(path), "must name one config", key="extends", line=line)
    root = (chain[0] if chain else resolved).parent
    # where it points is checked before whether it exists: errors tell nothing of files
    # outside the allowed places
    if not _allowed(_candidate(parent, path.parent, profiles), root, profiles):
        raise ConfigError(str(path), f"{parent!r} is outside {root} (a config may extend "
                          "shipped configs, files in its own folder and the --profiles "
                          "folders)", key="extends", line=line)
    located = locate(parent, relative_to=path.parent, profiles=profiles)
    if not _allowed(located.resolve(), root, profiles):  # what is read, links followed
        raise ConfigError(str(path), f"{parent!r} is outside {root}", key="extends", line=line)
    base = _load_raw(located, (*chain, resolved), profiles)
    return RawConfig(_merge(base.data, data),
                     {**base.files, **_added_lines(base.data, data, origin)})


def _candidate(parent: str, folder: Path, profiles: Sequence[Path] = ()) -> Path:
    """Where ``extends: parent`` points, resolved (links followed), before anything is read
    there: the file ``locate`` would pick, a file beside the config before a shipped name
    (a link named ``dawn`` beside it is what would be read)."""
    candidate = Path(parent)
    candidate = candidate if candidate.is_absolute() else folder / candidate
    known = {**folder_profiles(profiles), **shipped_configs()}
    if candidate.suffix not in (".yaml", ".yml") and not candidate.exists() \
            and parent in known:
        return known[parent].resolve()
    return candidate.resolve()


def _allowed(target: Path, root: Path, profiles: Sequence[Path] = ()) -> bool:
    """``extends`` may reach the shipped configs, the profiles installed plugin packages
    ship, the first config's folder tree and the user's ``--profiles`` folders: a config
    handed around cannot pull in arbitrary files of the machine it runs on."""
    if target.is_relative_to(root):
        return True
    if any(target.is_relative_to(folder.resolve()) for folder in profiles):
        return True
    shipped = {p.resolve() for p in shipped_configs().values()}
    return target in shipped or target in plugin_profile_files()


@cache
def plugin_profile_files() -> frozenset[Path]:
    """The YAML files of the distributions that register ``pagenorm`` plugins, from their
    installed file lists (no plugin is imported to find them)."""
    found: set[Path] = set()
    for entry_point in entry_points(group=GROUP):
        dist = entry_point.dist
        for file in (dist.files or []) if dist is not None else []:
            if file.suffix in (".yaml", ".yml"):
                found.add(Path(str(dist.locate_file(file))).resolve())
    return frozenset(found)


# --- validation ---


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Checker:
    """Turns raw data into typed settings, raising errors that point into the YAML."""

    def __init__(self, path: Path, raw: RawConfig) -> None:
        self.path, self.raw = path, raw

    def error(self, key: KeyPath, message: str) -> ConfigError:
        origin = _origin(self.raw, key)  # the nearest key we know a line for
        if origin is not None:
            return ConfigError(origin[0], message, key=_dotted(key), line=origin[1])
        return ConfigError(str(self.path), message, key=_dotted(key) or None)

    def structure(self, value: Any, cls: type, key: KeyPath) -> Any:
        try:
            return options_converter.structure(value, cls)
        except Exception as exc:  # cattrs raises exception groups; report the first leaf
            where, message = _first_problem(exc)
            raise self.error(key + where, message) from exc


_LITERAL_MISS = re.compile(r"(?P<value>.*) not in literal typing\.Literal\[(?P<choices>.*)\]")


def _dotted(key: KeyPath) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _first_problem(exc: BaseException) -> tuple[KeyPath, str]:
    """Walk a cattrs exception group down to the first real error and its key path."""
    path: list[str | int] = []
    while isinstance(exc, _ItemError) or (isinstance(exc, BaseExceptionGroup)
                                          and exc.exceptions):
        if isinstance(exc, _ItemError):
            path.append(exc.index)
            exc = exc.error
            continue
        child = exc.exceptions[0]
        for note in getattr(child, "__notes__", []):
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                path.append(name)
                break
            if index is not None:
                path.append(index)
                break
        exc = child
    if isinstance(exc, cattrs.errors.ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)[0]
        fields = [a.name for a in getattr(exc.cl, "__attrs_attrs__", ())]
        return (*path, extra), f"unknown key{_did_you_mean(extra, fields)}"
    message = str(exc.args[0]) if getattr(exc, "args", None) else type(exc).__name__
    if isinstance(exc, FieldError):
        path.append(exc.name)
    literal = _LITERAL_MISS.fullmatch(message)
    if literal:
        value, choices = literal["value"], literal["choices"].replace("'", "").split(", ")
        message = f"{value!r} is not one of {', '.join(choices)}{_did_you_mean(value, choices)}"
    if isinstance(exc, KeyError):
        message = "missing required key"
    return tuple(path), message


def load_config(name_or_path: str | Path, host: PluginHost,
                profiles: Sequence[Path] = ()) -> Config:
    """Load, merge and validate a config; load any third-party plugin it names. It may
    extend, or be, a profile of the ``profiles`` folders by name."""
    path = locate(name_or_path, profiles=profiles)
    raw = _untrusted_marked(_load_raw(path, (), profiles))
    fallbacks: list[str] = []
    token = _fallbacks.set(fallbacks)
    try:
        config = _validated(path, raw, host)
    finally:
        _fallbacks.reset(token)
    return attrs.evolve(config, re_fallbacks=_located(fallbacks, raw))


def _untrusted_marked(raw: RawConfig) -> RawConfig:
    """Every string a config outside the shipped ones set becomes ``UntrustedText``, so the
    patterns among them are compiled by RE2."""
    shipped = {str(p.resolve()) for p in shipped_configs().values()}

    def mark(value: Any, key: KeyPath) -> Any:
        if isinstance(value, str):
            origin = _origin(raw, key)
            trusted = origin is not None and str(Path(origin[0]).resolve()) in shipped
            return value if trusted else UntrustedText(value)
        if isinstance(value, Mapping):
            return {k: mark(v, (*key, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v, (*key, n)) for n, v in enumerate(value)]
        return value

    return RawConfig(mark(raw.data, ()), raw.files)


def _origin(raw: RawConfig, key: KeyPath) -> tuple[str, int] | None:
    """The file and line that set ``key`` (or the nearest key above it)."""
    for depth in range(len(key), 0, -1):
        if key[:depth] in raw.files:
            return raw.files[key[:depth]]
    return None


def _located(texts: list[str], raw: RawConfig) -> tuple[str, ...]:
    """Each fallen-back pattern as ``file:line key: pattern``."""
    where: dict[str, str] = {}

    def walk(value: Any, key: KeyPath) -> None:
        if isinstance(value, UntrustedText) and value not in where:
            file, line = _origin(raw, key) or ("?", 0)
            where[value] = f"{file}:{line}: {_dotted(key)}"
        elif isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, (*key, k))
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(v, (*key, n))

    walk(raw.data, ())
    return tuple(f"{where.get(text, '?')}: {text}" for text in dict.fromkeys(texts))


def _validated(path: Path, raw: RawConfig, host: PluginHost) -> Config:
    check = Checker(path, raw)
    data = raw.data
    plugins = data.get("plugins", [])
    if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
        raise check.error(("plugins",), "must be a list of plugin names")
    if len(set(plugins)) != len(plugins):
        raise check.error(("plugins",), "lists a plugin twice")
    for index, name in enumerate(plugins):
        try:
            host.load(name)
        except Exception as exc:
            raise check.error(("plugins", index), str(exc)) from exc
    known = set(RESERVED_KEYS) | set(host.infos)
    for key in data:
        if key not in known:
            raise check.error((key,), f"unknown key{_did_you_mean(str(key), known)}")
    site = check.structure(data.get("site") or {}, Site, ("site",))
    policy = check.structure(data.get("input") or {}, InputPolicy, ("input",))
    options = {name: _plugin_options(name, data, host, check) for name in plugins}
    for name in data:  # blocks of plugins not enabled here are checked all the same
        if name not in options and name not in RESERVED_KEYS and host.pm.has_plugin(name):
            _plugin_options(name, data, host, check)
    return Config(name=path.stem, path=str(path), site=site, plugins=tuple(plugins),
                  options=options, input=policy)


def _plugin_options(name: str, data: dict[str, Any], host: PluginHost, check: Checker) -> Any:
    cls = host.call("plugin_options", name)
    block = data.get(name)
    if cls is None:
        if block:
            raise check.error((name,), f"plugin {name!r} takes no options")
        return None
    if block is None:
        block = {}
    if not isinstance(block, Mapping):
        raise check.error((name,), "must be a mapping of options")
    block = _with_defaults_added(block, _defaults(cls), (name,), check)
    token = _blocks.set(getattr(cls, "pattern_blocks", {}))
    try:
        options = check.structure(block, cls, (name,))
    finally:
        _blocks.reset(token)
    _check_groups(options, name, check)
    return options


@cache
def _defaults(cls: type) -> Any:
    """The options of ``cls`` with no config: what ``{add: [...]}`` adds to."""
    try:
        return cls()
    except Exception:  # an options class with required fields has no defaults to add to
        return None


def _with_defaults_added(block: Mapping[str, Any], defaults: Any, path: KeyPath,
                         check: Checker) -> dict[str, Any]:
    """``block`` with each ``{add: [...]}`` left after ``extends`` (nothing below it in a
    config) made the built-in default list plus the added items; nested mappings too
    (``furniture.patterns.navigation: {add: [...]}``)."""
    out = dict(block)
    for key, value in block.items():
        default = defaults.get(key) if isinstance(defaults, Mapping) \
            else getattr(defaults, key, None) if isinstance(key, str) else None
        if is_addition(value):
            items = list(default) if isinstance(default, tuple | list) else []
            if any(attrs.has(type(item)) for item in items):
                raise check.error((*path, key), "add: takes lists of patterns or text only "
                                  "here; give the whole list")
            # the added items' lines, under the numbers they have in the list they join
            moved = _shift(check.raw.files, (*path, key, ADD), (*path, key), len(items))
            check.raw.files.update({k: v for k, v in moved.items() if k not in check.raw.files})
            out[key] = [*items, *value[ADD]]
        elif isinstance(value, Mapping) and isinstance(default, Mapping):
            out[key] = _with_defaults_added(value, default, (*path, key), check)
    return out


def _check_groups(options: Any, name: str, check: Checker) -> None:
    """Every pattern of an options field that declares ``metadata={"groups": (...)}`` has
    those named groups: the plugin reads them from each match, so a pattern without one
    would make it fail on every page it matches (a config error, not a run of errors)."""
    if not attrs.has(type(options)):
        return
    for attribute in attrs.fields(type(options)):
        needed = attribute.metadata.get("groups")
        value = getattr(options, attribute.name, None)
        if not needed or value is None:
            continue
        many = isinstance(value, tuple)
        for index, pattern in enumerate(value if many else (value,)):
            have = set(getattr(pattern, "groupindex", None) or ())
            missing = [group for group in needed if group not in have]
            if missing:
                key = (name, attribute.name, *((index,) if many else ()))
                raise check.error(key, _groups_message(missing, needed, have))


def _groups_message(missing: list[str], needed: Sequence[str], have: set[str]) -> str:
    named = ", ".join(f"(?P<{group}>...)" for group in missing)
    has = ", ".join(sorted(have)) or "none"
    return (f"needs the named group{'s' if len(missing) > 1 else ''} {named} (the plugin "
            f"reads {', '.join(needed)}; this pattern has {has})")


# --- choosing a site profile for a page ---


def site_score(site: Site, text: str, url: str | None) -> int:
    """How strongly a page looks like this site: a url match beats any line signatures.
    ``text`` is the page's signature lines joined by newlines."""
    if url and any(part in url for part in site.detect.urls):
        return 1000
    return sum(1 for needed, pattern in site.page_signatures
               if needed in text and pattern.search(text))


def _required_text(pattern: Pattern) -> str:
    """The longest run of plain characters a pattern must match, to test with ``in`` before
    running it ("" when unsure: then the pattern always runs)."""
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.IGNORECASE:
        return ""
    try:
        from re import _parser  # the standard parser; any surprise just means no shortcut

        items = list(_parser.parse(pattern.pattern))
    except Exception:
        return ""
    best = run = ""
    for op, value in items:
        if op is _parser.LITERAL:
            run += chr(value)
        elif op is _parser.AT:  # anchors consume nothing
            continue
        else:
            best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best if len(best) >= 3 else ""


def signature_text(lines: Sequence[str], head: int = 80, tail: int = 40) -> str:
    """The lines signatures are checked against, joined: a page's top and bottom carry its
    furniture."""
    if len(lines) > head + tail:
        lines = [*lines[:head], *lines[-tail:]]
    return "\n".join(lines)


def with_plugins(config: Config, names: Iterable[str], host: PluginHost) -> Config:
    """``config`` with more plugins enabled after its own (lowest priority), default options."""
    extra = [name for name in names if name not in config.plugins]
    if not extra:
        return config
    check = Checker(Path(config.path), RawConfig({}, {}))
    options = dict(config.options)
    for name in extra:
        host.load(name)
        options[name] = _plugin_options(name, {}, host, check)
    return attrs.evolve(config, plugins=(*config.plugins, *extra), options=options)
