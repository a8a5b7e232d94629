"""Every hook pagenorm calls, in one flat module.

A plugin is any module or object with functions marked ``@hookimpl`` whose names are
listed here; it implements only the hooks it needs. The core calls a plugin's hooks only
when the config (or ``--plugin``) enables it. Line numbers are zero-based indexes into
``page.lines``.

Order of calls for one page: ``page_prefix`` -> ``detect`` (every enabled plugin) ->
resolution in the core (no hook: confidence, then config priority, then earliest start)
-> ``parse`` (each plugin that won a claim) -> assembly in the core. ``emit`` runs on the
finished document. ``plugin_options``, ``site_profiles`` and ``emit_formats`` are asked
once, at start-up; ``train`` only by ``pagenorm train`` and the eval's leave-site-out folds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from pagenorm.config import Site
    from pagenorm.model import Claim, Document, Format, LabelledLines, Page, Parsed, Prefix

hookspec = HookspecMarker("pagenorm")
hookimpl = HookimplMarker("pagenorm")


@hookspec
def plugin_options() -> type | None:
    """Return the attrs class of this plugin's options block, or None if it takes none.

    The config block named after the plugin (``ticker:`` for the ticker plugin) is
    structured into this class with unknown keys rejected, so a typo is a config error
    naming the file, key and line. Validate and compile patterns in attrs converters or
    validators: it happens once per config, not per page. Asked of each plugin on its own;
    an instance of the class comes back to the plugin as ``options`` in the other hooks.
    """


@hookspec
def site_profiles() -> list[str] | None:
    """Return paths of the YAML site profiles this plugin ships (absolute, or made from
    ``importlib.resources``), or None.

    Asked of plugins enabled by name (``--plugin`` or ``Normaliser(plugins=...)``): their
    profiles join the shipped ones, for picking a profile by a page's content and for
    ``--site NAME`` (a profile's name is its file name without ``.yaml``).
    """


@hookspec(firstresult=True)
def page_prefix(first_line: str, site: Site) -> Prefix | None:
    """Recognise a crawler's prefix glued onto the start of the page's first line.

    Receives line 0 as decoded. Return a ``Prefix`` (how many characters to cut and the
    page-level facts read from them, such as ``page_date``), or None. The first non-None
    result wins. The core cuts the prefix off ``page.lines[0]`` before ``detect``, so
    every detector sees the line as the site printed it.
    """


@hookspec
def detect(page: Page, options: Any, site: Site) -> Iterable[Claim] | None:
    """Claim the line spans of ``page`` that this plugin can parse, each with a confidence.

    Cheap and local: look at lines, do not parse deeply. Return claims (or None for none);
    a plugin's claims must not overlap each other. Claims of all enabled plugins are
    collected and resolved by the core: for each overlap the higher confidence wins, then
    the plugin listed earlier in the config, then the earlier start. A claim wins or loses
    as a whole. ``Claim.plugin`` is filled in by the core. Called once per page per plugin.
    """


@hookspec
def parse(page: Page, claims: list[Claim], options: Any, site: Site) -> Parsed | None:
    """Turn this plugin's winning claims into typed sections.

    Receives only the claims this plugin won, in line order, all at once (so a plugin can
    read its claims in context, as the article plugin does). Return ``Parsed`` with
    sections whose spans lie inside the lines those claims cover and do not overlap, plus
    diagnostics. Lines of won claims that no returned section covers go to ``residual``.
    Called once per page for each plugin that won at least one claim.
    """


@hookspec
def emit_formats() -> list[Format] | None:
    """Return the output formats this plugin can write (name, file extension, framing for
    several documents in one stream). Asked once, to build the list of formats."""


@hookspec(firstresult=True)
def emit(document: Document, format: str) -> bytes | None:
    """Write one document in ``format``: return the bytes, or None if the format is not
    this plugin's. The first non-None result wins."""


@hookspec(firstresult=True)
def train(pages: Sequence[LabelledLines], output: str) -> str | None:
    """Learn this plugin's model from line-labelled pages and write it to the file
    ``output``; return a one-line summary, or None if the plugin learns nothing.

    Asked of one plugin, by name (``pagenorm train --plugin NAME``; ``learned`` by default),
    and by ``pagenorm eval --folds K`` for each fold. The same pages must give the same
    bytes. A config then points the plugin at the file through its options.
    """
