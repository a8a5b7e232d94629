"""The plugin manager: finds plugins by name in the ``pagenorm`` entry-point group.

Built-in plugins are entry points of the ``pagenorm`` distribution itself and are
registered at start-up, exactly as a third-party plugin is once a config or ``--plugin``
names it. A third-party plugin is not even imported until something names it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import frozen

from pagenorm import hookspecs
from pagenorm.errors import PluginError
from pagenorm.interrupts import plugins_own, sigints
from pagenorm.model import Format

GROUP = "pagenorm"
BUILTIN_DISTRIBUTION = "pagenorm"
TRACE_VARIABLE = "PAGENORM_TRACE"
TRACE_OFF = frozenset({"", "0", "false", "no", "off"})  # any case; any other value is on


@frozen
class PluginInfo:
    name: str
    distribution: str
    version: str
    target: str  # what the entry point names, "package.module" or "module:object"
    builtin: bool


def _info(entry_point: EntryPoint) -> PluginInfo:
    dist = entry_point.dist
    dist_name = dist.name if dist is not None else "?"
    return PluginInfo(
        name=entry_point.name,
        distribution=dist_name,
        version=dist.version if dist is not None else "?",
        target=entry_point.value,
        builtin=dist_name.lower().replace("_", "-") == BUILTIN_DISTRIBUTION,
    )


class PluginHost:
    """A pluggy manager plus the name-to-entry-point table it loads from."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.tracing = tracing_requested(os.environ.get(TRACE_VARIABLE))
        if self.tracing:
            self.pm.trace.root.setwriter(sys.stderr.write)
            self.pm.enable_tracing()
            self.pm.add_hookcall_monitoring(*_timing_monitors())
        self._entry_points = {ep.name: ep for ep in entry_points(group=GROUP)}
        self.infos = {name: _info(ep) for name, ep in self._entry_points.items()}
        self._callers: dict[tuple[str, str], Any] = {}
        self._direct: dict[tuple[str, str], tuple[Any, tuple[str, ...]] | None] = {}
        self._formats: dict[str, Format] | None = None
        for name, info in sorted(self.infos.items()):
            if info.builtin:
                self.load(name)
        for name in extra:
            self.load(name)

    def load(self, name: str) -> None:
        """Register the plugin the entry point ``name`` points at (once)."""
        if self.pm.has_plugin(name):
            return
        entry_point = self._entry_points.get(name)
        if entry_point is None:
            known = ", ".join(sorted(self._entry_points)) or "none"
            raise PluginError(f"unknown plugin {name!r} (installed: {known})")
        try:
            plugin = entry_point.load()
        except Exception as exc:  # a broken third-party package must not look like our bug
            raise PluginError(f"plugin {name!r} failed to load: {exc}") from exc
        self.register(plugin, name)

    def register(self, plugin: object, name: str, *, info: PluginInfo | None = None) -> None:
        """Register a plugin object directly (tests, embedding tools)."""
        self.pm.register(plugin, name=name)
        if name not in self.infos:
            module = getattr(plugin, "__name__", type(plugin).__name__)
            self.infos[name] = info or PluginInfo(name, "(registered in code)", "", module, False)
        self._callers.clear()
        self._direct.clear()
        self._formats = None

    def names(self) -> list[str]:
        return [name for name, _ in self.pm.list_name_plugin()]

    def hooks_of(self, name: str) -> list[str]:
        plugin = self.pm.get_plugin(name)
        return sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])

    def call(self, hook: str, plugin_name: str, **kwargs: Any) -> Any:
        """Call one plugin's implementation of ``hook``; None when it has none.

        Every result is attributed to the plugin that produced it. Calls go straight to
        the implementation (a page makes about twenty of them, and pluggy's machinery
        would cost more than some plugins' work); with ``PAGENORM_TRACE`` set they go
        through pluggy, so its tracing sees every one.
        """
        key = (hook, plugin_name)
        if self.tracing:
            return self._call_traced(key, **kwargs)
        found = self._direct[key] if key in self._direct else self._implementation(key)
        if found is None:
            return None
        function, names = found
        return function(*[kwargs[name] for name in names])

    def _implementation(self, key: tuple[str, str]) -> tuple[Any, tuple[str, ...]] | None:
        hook, plugin_name = key
        impls = getattr(self.pm.hook, hook).get_hookimpls()
        impl = next((i for i in impls if i.plugin_name == plugin_name), None)
        self._direct[key] = (impl.function, tuple(impl.argnames)) if impl else None
        return self._direct[key]

    def implements(self, hook: str, plugin_name: str) -> bool:
        """Whether ``call`` reaches an implementation of ``hook`` in the plugin (always
        True when tracing, so that pluggy's trace still shows every call)."""
        if self.tracing:
            return True
        key = (hook, plugin_name)
        found = self._direct[key] if key in self._direct else self._implementation(key)
        return found is not None

    def _call_traced(self, key: tuple[str, str], **kwargs: Any) -> Any:
        if key not in self._callers:
            hook, plugin_name = key
            me = self.pm.get_plugin(plugin_name)
            others = [p for p in self.pm.get_plugins() if p is not me]
            caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
            # a plugin without this hook is not called, so every traced call names one
            self._callers[key] = caller if caller.get_hookimpls() else None
        caller = self._callers[key]
        if caller is None:
            return None
        results = caller(**kwargs)
        if isinstance(results, list):
            return results[0] if results else None
        return results

    def formats(self) -> dict[str, Format]:
        if self._formats is None:
            found: dict[str, Format] = {}
            for batch in self.pm.hook.emit_formats():
                for fmt in batch or ():
                    found.setdefault(fmt.name, fmt)
            self._formats = found
        return self._formats

    def emit(self, document: Any, format: str) -> bytes:
        if format not in self.formats():
            known = ", ".join(sorted(self.formats()))
            raise PluginError(f"unknown format {format!r} (known: {known})")
        before = sigints()
        try:
            data = self.pm.hook.emit(document=document, format=format)
        except BaseException as exc:  # the emitter's failure is the page's, not the batch's
            if not plugins_own(exc, before):
                raise
            raise PluginError(f"the emitter of format {format!r} failed: "
                              f"{type(exc).__name__}: {exc}") from exc
        if data is None:
            raise PluginError(f"no plugin wrote format {format!r}")
        if not isinstance(data, bytes):  # a str or a number would break the stream
            raise PluginError(f"the emitter of format {format!r} returned "
                              f"{type(data).__name__}, not bytes")
        return data


def tracing_requested(value: str | None) -> bool:
    """Whether a ``PAGENORM_TRACE`` value turns tracing on: unset, empty, ``0``, ``false``,
    ``no`` and ``off`` (any case, spaces around ignored) do not, so ``=0`` means off."""
    return value is not None and value.strip().lower() not in TRACE_OFF


def _timing_monitors() -> tuple[Callable[..., None], Callable[..., None]]:
    """Pluggy monitors that write one line per hook call to standard error: the plugins
    called, the hook and the time it took (``PAGENORM_TRACE=1``)."""
    started: list[float] = []

    def before(hook_name: str, impls: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
        started.append(time.perf_counter())

    def after(outcome: Any, hook_name: str, impls: Sequence[Any],
              kwargs: Mapping[str, Any]) -> None:
        elapsed = (time.perf_counter() - started.pop()) * 1000
        plugins = ",".join(impl.plugin_name for impl in impls) or "(none)"
        failed = "" if outcome.exception is None else \
            f" raised {type(outcome.exception).__name__}"
        sys.stderr.write(f"pagenorm trace: plugin={plugins} hook={hook_name} "
                         f"{elapsed:.3f} ms{failed}\n")

    return before, after


@cache
def default_host() -> PluginHost:
    """The host with the built-in plugins only, shared by the library functions."""
    return PluginHost()
