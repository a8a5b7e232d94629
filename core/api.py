"""The library entry points: ``Normaliser`` for repeated use, ``normalise`` and ``emit``
for one-off calls. Tools that embed pagenorm need nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from pagenorm.config import (
    DEFAULT,
    Config,
    InputPolicy,
    folder_profiles,
    load_config,
    profile_folders,
    shipped_configs,
    signature_text,
    site_score,
    with_plugins,
)
from pagenorm.errors import ConfigError
from pagenorm.manager import PluginHost, default_host
from pagenorm.model import Document, Page, Source
from pagenorm.pipeline import Pipeline
from pagenorm.reading import check_bytes, page_from_bytes, page_from_text

ConfigRef = str | Path | Config | None


@frozen
class ProfileChoice:
    """Which site profile read a page, and why: for review tools (``pagenorm explain``)."""

    profile: str  # the config's name (a shipped profile's file stem)
    site: str  # the site name it writes into documents
    reason: str
    scores: tuple[tuple[str, int], ...] = ()  # every candidate profile and its score


class Normaliser:
    """Turns pages into documents with one config, or with the site profile that matches
    each page best (``config=None``), falling back to ``default``. The profiles are the
    shipped ones, those of the plugins named here, and those in the ``profiles`` folders
    (None: the folders ``PAGENORM_PROFILES`` names, if any)."""

    def __init__(self, config: ConfigRef = None, *, plugins: Iterable[str] = (),
                 host: PluginHost | None = None,
                 profiles: Iterable[str | Path] | None = None) -> None:
        # A config may name third-party plugins: they are loaded into this normaliser's own
        # host, never into the shared one behind pagenorm.emit().
        self.host = host or PluginHost(plugins)
        self.extra = tuple(plugins)
        self.folders = profile_folders(profiles)
        self.profiles = self._profiles()
        self._fixed: Pipeline | None = None
        self._candidates: list[Pipeline] = []
        self._fallback: Pipeline | None = None
        if config is None:
            self._load_profiles()
        else:
            self._fixed = self._pipeline(config)

    def _profiles(self) -> dict[str, Path]:
        """Profile name -> file: the shipped ones, then those of plugins named here, then
        the user's own; a user's profile named like one before it is an error (two
        profiles of one name would make ``--site`` and the automatic choice ambiguous)."""
        profiles = shipped_configs()
        for name in self.extra:
            self.host.load(name)
            for path in self.host.call("site_profiles", name) or ():
                profiles.setdefault(Path(path).stem, Path(path))
        for name, path in folder_profiles(self.folders).items():
            if name in profiles:
                raise ConfigError(str(path), f"a profile named {name!r} exists already "
                                  f"({profiles[name]}): rename the file, or extend that "
                                  f"profile with 'extends: {name}'")
            profiles[name] = path
        return profiles

    def _pipeline(self, config: str | Path | Config) -> Pipeline:
        if isinstance(config, str) and config in self.profiles:
            config = self.profiles[config]
        elif isinstance(config, str) and not config.endswith((".yaml", ".yml")) \
                and not Path(config).exists():
            known = ", ".join(sorted(self.profiles))
            raise ConfigError(config, f"no site profile of that name (known: {known})")
        if not isinstance(config, Config):
            config = load_config(config, self.host, self.folders)
        return Pipeline(with_plugins(config, self.extra, self.host), self.host)

    def _load_profiles(self) -> None:
        for name, path in sorted(self.profiles.items()):
            pipeline = self._pipeline(path)
            if name == DEFAULT:
                self._fallback = pipeline
            elif pipeline.site.detect.urls or pipeline.site.detect.lines:
                self._candidates.append(pipeline)

    def pipeline_for(self, page: Page) -> Pipeline:
        """The fixed config's pipeline, or the best-matching site profile's."""
        if self._fixed is not None:
            return self._fixed
        assert self._fallback is not None, "the shipped default config is missing"
        # signatures are matched against the lines as printed: crawler prefix cut off
        text = signature_text(self._fallback.strip_prefix(page, []).lines)
        best, best_score = self._fallback, 0
        for pipeline in self._candidates:
            score = site_score(pipeline.site, text, page.source.url)
            if score > best_score:
                best, best_score = pipeline, score
        return best

    @property
    def input_policy(self) -> InputPolicy:
        """How raw pages are read: the fixed config's policy, else the default profile's
        (a page is read before its profile can be picked)."""
        pipeline = self._fixed or self._fallback
        assert pipeline is not None
        return pipeline.config.input
    def choose(self, page: Page) -> tuple[Pipeline, ProfileChoice]:
        """``pipeline_for`` and the reason for its choice: the url or line signatures that
        matched, and the score of every candidate. Slower; for review tools only."""
        pipeline = self.pipeline_for(page)
        name, site = pipeline.config.name, pipeline.site.name
        if self._fixed is not None:
            return pipeline, ProfileChoice(name, site, "given (--config or --site)")
        assert self._fallback is not None
        lines = self._fallback.strip_prefix(page, []).lines
        text = signature_text(lines)
        scores = tuple(sorted(
            ((p.config.name, site_score(p.site, text, page.source.url))
             for p in self._candidates), key=lambda item: (-item[1], item[0])))
        if pipeline is self._fallback:
            return pipeline, ProfileChoice(name, site, "no site profile's signatures match",
                                           scores)
        url = page.source.url or ""
        urls = [part for part in pipeline.site.detect.urls if url and part in url]
        if urls:
            reason = f"url {url!r} contains {urls[0]!r}"
        else:
            matched = [p.pattern for _, p in pipeline.site.page_signatures if p.search(text)]
            reason = f"{len(matched)} line signature(s) match: " + ", ".join(matched)
        return pipeline, ProfileChoice(name, site, reason, scores)

    def normalise_page(self, page: Page) -> Document:
        return self.pipeline_for(page).run(page)

    def normalise(self, text: str, *, id: str | None = None,
                  source: Source | None = None) -> Document:
        page = page_from_text(text, id=id or "", source=source)
        if not id:
            page = _with_default_id(page)
        return self.normalise_page(page)

    def normalise_bytes(self, data: bytes, *, id: str, source: Source | None = None) -> Document:
        """Raw bytes, read by this normaliser's input policy (decoding, size limit)."""
        policy = self.input_policy
        where = (source and (source.path or source.url)) or id
        check_bytes(len(data), policy.max_page_bytes, where)
        return self.normalise_page(page_from_bytes(data, id=id, source=source,
                                                   decoding=policy.decoding))

    def emit(self, document: Document, format: str = "json") -> bytes:
        """Like ``pagenorm.emit``, with this normaliser's plugins (third-party formats too)."""
        return self.host.emit(document, format)


def _with_default_id(page: Page) -> Page:
    """A page given without an id is named by the start of its text's digest."""
    assert page.source.sha256 is not None
    return attrs.evolve(page, id=page.source.sha256[:16])


@lru_cache(maxsize=16)
def _cached(config: str | Path | None) -> Normaliser:
    return Normaliser(config)


def normalise(text: str, *, config: ConfigRef = None, source: Source | None = None,
              id: str | None = None) -> Document:
    """Normalise one page of text. ``config``: a shipped name, a path, a ``Config``, or
    None to pick the site profile by the page's content."""
    normaliser = Normaliser(config) if isinstance(config, Config) else _cached(config)
    return normaliser.normalise(text, id=id, source=source)


def emit(document: Document, format: str = "json") -> bytes:
    """One document as bytes in a registered format (``pagenorm formats`` lists them)."""
    return default_host().emit(document, format)


def normalise_records(records: Iterable[Mapping[str, Any] | str], *, config: ConfigRef = None,
                      plugins: Iterable[str] = (), text_field: str = "text",
                      id_field: str = "id", url_field: str = "url",
                      profiles: Iterable[str | Path] | None = None
                      ) -> Iterator[dict[str, Any]]:
    """Normalise records for another engine (Spark's ``mapPartitions``, a Dask bag): each
    record is a mapping with the page under ``text_field`` (or the page text itself); each
    output is ``{"id", "document", "error"}``, the document a ``pagenorm/1`` dict or None,
    the error ``{"code", "message"}`` or None. Lazy: one record in, one record out."""
    normaliser = Normaliser(config, plugins=plugins, profiles=profiles)
    for number, record in enumerate(records):
        if isinstance(record, str):
            record = {text_field: record}
        page_id = str(record.get(id_field) or number)
        text = record.get(text_field)
        if not isinstance(text, str):
            yield {"id": page_id, "document": None,
                   "error": {"code": "input.missing_field",
                             "message": f"record has no text in {text_field!r}"}}
            continue
        try:
            url = record.get(url_field)
            document = normaliser.normalise(text, id=page_id, source=Source(
                url=url if isinstance(url, str) else None))
        except Exception as exc:  # one bad record must not end a partition
            yield {"id": page_id, "document": None,
                   "error": {"code": "page.crashed", "message": f"{type(exc).__name__}: {exc}"}}
            continue
        yield {"id": page_id, "document": document.to_dict(), "error": None}
