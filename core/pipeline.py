"""One page, one pass: prefix -> detect -> resolve -> parse -> assemble.

The pipeline calls each enabled plugin on its own, so every claim and section is
attributed to the plugin that made it, and a plugin that fails or breaks the hook
contract loses its claims (its lines fall to ``residual``) while the page still comes out.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from pagenorm.assemble import assemble
from pagenorm.config import Config
from pagenorm.contract import (
    ContractError,
    checked_prefix,
    claims_of,
    diagnostics_of,
    sections_of,
)
from pagenorm.interrupts import plugins_own, sigints
from pagenorm.manager import PluginHost
from pagenorm.model import Claim, Diagnostic, Document, Page, Section
from pagenorm.resolve import resolve

PLUGIN_ERROR = "plugin.error"  # a plugin raised or broke the contract: its lines are residual


T = TypeVar("T")


class Pipeline:
    """Normalises pages with one config. Build once, run on many pages."""

    def __init__(self, config: Config, host: PluginHost) -> None:
        self.config = config
        self.host = host
        self.site = config.site
        self.priority = {name: index for index, name in enumerate(config.plugins)}

    def run(self, page: Page) -> Document:
        diagnostics = list(page.diagnostics)
        page = self.strip_prefix(page, diagnostics)
        claims = self._detect(page, diagnostics)
        decisions = resolve(claims, self.priority)
        won: dict[str, list[Claim]] = defaultdict(list)
        owner: dict[int, str] = {}
        for decision in decisions:
            if decision.won:
                claim = decision.claim
                won[claim.plugin].append(claim)
                if claim.first == claim.last:
                    owner[claim.first] = claim.plugin
                else:
                    owner.update(dict.fromkeys(range(claim.first, claim.last + 1), claim.plugin))
        sections: list[Section] = []
        for name in self.config.plugins:
            if name in won:
                sections.extend(self._parse(name, page, won[name], owner, diagnostics))
        return assemble(page, self.site.name, sections, diagnostics, decisions)

    # --- the three hook calls, each guarded ---

    def _guarded(self, hook: str, name: str, diagnostics: list[Diagnostic],
                 check: Callable[[Any], T], **kwargs: object) -> T | None:
        """``check`` of the plugin's result, or None with a ``plugin.error`` when the
        plugin raised (any ``BaseException`` but the driver's own stops) or broke the
        contract. ``check`` runs inside the guard: a generator's code runs there."""
        before = sigints()
        try:
            return check(self.host.call(hook, name, **kwargs))
        except BaseException as exc:  # a plugin's bug must not take the page down
            if not plugins_own(exc, before):
                raise
            diagnostics.append(_plugin_error(name, hook, exc))
            return None

    def strip_prefix(self, page: Page, diagnostics: list[Diagnostic]) -> Page:
        """``page`` with a crawler prefix cut off line 0 by the first plugin that knows one."""
        if not page.lines:
            return page
        for name in self.config.plugins:
            if not self.host.implements("page_prefix", name):  # most plugins: skip the call
                continue
            prefix = self._guarded("page_prefix", name, diagnostics, checked_prefix,
                                   first_line=page.lines[0], site=self.site)
            if prefix is not None and 0 < prefix.length <= len(page.lines[0]):
                first = page.lines[0]
                return attrs.evolve(
                    page,
                    lines=(first[prefix.length :], *page.lines[1:]),
                    prefix=first[: prefix.length],
                    page_date=prefix.page_date,
                )
        return page

    def _detect(self, page: Page, diagnostics: list[Diagnostic]) -> list[Claim]:
        claims: list[Claim] = []
        line_count = len(page.lines)
        for name in self.config.plugins:
            found = self._guarded("detect", name, diagnostics,
                                  lambda found, name=name: _checked_claims(name, found, line_count),
                                  page=page, options=self.config.options[name], site=self.site)
            claims.extend(found or ())
        return claims

    def _parse(self, name: str, page: Page, claims: list[Claim], owner: dict[int, str],
               diagnostics: list[Diagnostic]) -> list[Section]:
        claims.sort(key=_first)

        def check(parsed: object) -> tuple[list[Section], tuple[Diagnostic, ...]]:
            if parsed is None:
                return [], ()
            sections = _checked_sections(name, sections_of(parsed, len(page.lines)), page,
                                         owner)
            return sections, diagnostics_of(parsed)  # type: ignore[arg-type]

        checked = self._guarded("parse", name, diagnostics, check, page=page, claims=claims,
                                options=self.config.options[name], site=self.site)
        if checked is None:
            return []
        diagnostics.extend(checked[1])
        return checked[0]


def _plugin_error(name: str, hook: str, exc: BaseException) -> Diagnostic:
    return Diagnostic("error", PLUGIN_ERROR,
                      f"plugin {name!r} failed in {hook}: {type(exc).__name__}: {exc}")


_FAILED_PLUGIN = re.compile(r"plugin (?P<name>'[^']*'|\"[^\"]*\") failed in ")


def failed_plugin(diagnostic: Diagnostic) -> str | None:
    """The plugin a ``plugin.error`` diagnostic is about (the message ``_plugin_error``
    writes), for a batch counting the pages each plugin failed on."""
    if diagnostic.code != PLUGIN_ERROR:
        return None
    match = _FAILED_PLUGIN.match(diagnostic.message)
    return match["name"][1:-1] if match else None


def _checked_claims(name: str, found: object, line_count: int) -> list[Claim]:
    if found is None:
        return []
    claims = []
    append = claims.append
    for claim in claims_of(found, line_count):
        first, last = claim.first, claim.last
        if claim.plugin != name:  # stamped by the core: a plugin's own say does not count
            claim = Claim(claim.kind, first, last, claim.confidence, name, claim.hint,
                          claim.readings, claim.evidence)
        append(claim)
    claims.sort(key=_first)  # plugins claim in page order: a sorted list costs one pass
    for before, after in itertools.pairwise(claims):
        if after.first <= before.last:
            raise ContractError(f"claims overlap at line {after.first}")
    return claims


_first = operator.attrgetter("first")


def _checked_sections(name: str, found: list[Section], page: Page,
                      owner: dict[int, str]) -> list[Section]:
    """A section may span this plugin's won lines and blank lines nobody won, nothing else."""
    sections = sorted(found, key=_first)
    for section in sections:
        first, last = section.first, section.last
        if owner.get(first) == name and (
                first == last or set(map(owner.get, range(first, last + 1))) == {name}):
            continue  # every line won by this plugin: the usual case, tested in one go
        for line in range(first, last + 1):
            mine = owner.get(line) == name
            free_blank = line not in owner and 0 <= line < len(page.lines) \
                and not page.lines[line].strip()
            if not (mine or free_blank):
                raise ContractError(
                    f"section {section.first}..{section.last} takes line {line}, "
                    "which it did not win")
    for before, after in itertools.pairwise(sections):
        if after.first <= before.last:
            raise ContractError(f"sections overlap at line {after.first}")
    return [s if s.plugin == name else attrs.evolve(s, plugin=name) for s in sections]
