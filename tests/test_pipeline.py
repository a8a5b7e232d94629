"""The pipeline: plugins registered in code, the hook contract enforced by the core, and
a failing plugin costing only its own lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import pagenorm
from pagenorm import hookimpl
from pagenorm.manager import PluginHost
from pagenorm.model import Claim, Parsed, Section, TitleData
from tests.conftest import normaliser_with

PAGE = ("Harbour works delayed again\n\nBy Sana Mir\n\n"
        "The port board said the new quay will open late.\n")


class Shouter:
    """A made-up plugin: claims lines written in capitals as a 'shout' section."""

    @hookimpl
    def detect(self, page, options, site):
        return [Claim("shout", n, n, 0.99) for n, text in enumerate(page.lines)
                if text.isupper()]

    @hookimpl
    def parse(self, page, claims, options, site):
        return Parsed(tuple(Section("shout", c.first, c.last, "", c.confidence) for c in claims))


class Broken:
    def __init__(self, where: str, result: object = None) -> None:
        self.where, self.result = where, result

    @hookimpl
    def detect(self, page, options, site):
        if self.where == "detect":
            raise RuntimeError("boom")
        if self.where == "bad-claims":
            return self.result
        return [Claim("grab", 0, len(page.lines) - 1, 1.0)]

    @hookimpl
    def parse(self, page, claims, options, site):
        if self.where == "parse":
            raise RuntimeError("boom")
        return self.result


def test_a_plugin_registered_in_code_takes_part(tmp_path: Path) -> None:
    normaliser = normaliser_with(tmp_path, Shouter(), "shouter")
    document = normaliser.normalise("LOUD LINE\nquiet line that is long enough to be prose.\n")
    assert next((s.kind, s.plugin) for s in document.sections) == ("shout", "shouter")


def test_plugins_not_named_by_the_config_do_not_run(tmp_path: Path) -> None:
    host = PluginHost()
    host.register(Shouter(), "shouter")
    document = pagenorm.Normaliser("default", host=host).normalise("LOUD LINE\n")
    assert all(s.plugin != "shouter" for s in document.sections)


@pytest.mark.parametrize("where", ["detect", "parse"])
def test_a_plugin_that_raises_loses_its_lines_not_the_page(tmp_path: Path, where: str) -> None:
    document = normaliser_with(tmp_path, Broken(where), "broken").normalise(PAGE)
    errors = [d for d in document.diagnostics if d.code == "plugin.error"]
    assert len(errors) == 1 and "'broken'" in errors[0].message and where in errors[0].message
    if where == "detect":  # the other plugins still read the page
        assert document.article.byline == "Sana Mir"
    else:  # its won claim covered every line: all of them fall to residual
        assert len(document.residual) == 3


@pytest.mark.parametrize(
    ("where", "result", "message"),
    [
        ("bad-claims", [Claim("x", 0, 99, 0.5)], "outside the page"),
        ("bad-claims", [Claim("x", 0, 2, 0.5), Claim("y", 1, 1, 0.5)], "overlap"),
        ("bad-claims", ["not a claim"], "not a Claim"),
        ("bad-claims", [Claim("x", 0, 0, 7.0)], "confidence"),
        ("parse", None, ""),
        ("sections", Parsed((Section("x", 0, 99, "", 1.0),)), "did not win"),
        ("sections", "nonsense", "not Parsed"),
    ],
)
def test_the_core_enforces_the_hook_contract(tmp_path: Path, where: str, result: object,
                                             message: str) -> None:
    document = normaliser_with(tmp_path, Broken(where, result), "broken").normalise(PAGE)
    errors = [d.message for d in document.diagnostics if d.code == "plugin.error"]
    assert any(message in m for m in errors)
    covered = {n for s in document.sections for n in range(s.first, s.last + 1)}
    residual = {r.line for r in document.residual}
    non_blank = {n for n, text in enumerate(PAGE.split("\n")) if text.strip()}
    assert covered & non_blank | residual == non_blank and not covered & residual


def test_sections_may_span_blank_lines_but_not_other_plugins_lines(tmp_path: Path) -> None:
    class Greedy:
        @hookimpl
        def detect(self, page, options, site):
            return [Claim("t", 0, 0, 0.99)]

        @hookimpl
        def parse(self, page, claims, options, site):
            return Parsed((Section("title", 0, 1, "", 0.99, TitleData(page.lines[0])),))

    document = normaliser_with(tmp_path, Greedy(), "greedy").normalise(PAGE)
    assert document.article.title == "Harbour works delayed again"
    assert (document.sections[0].first, document.sections[0].last) == (0, 1)


def test_library_functions(seed_text: str) -> None:
    document = pagenorm.normalise(seed_text)
    assert pagenorm.emit(document, "markdown").startswith(b"# ")
    assert document.to_dict()["schema"] == "pagenorm/1"
    with pytest.raises(pagenorm.PluginError, match="unknown format"):
        pagenorm.emit(document, "docx")


@pytest.mark.parametrize("strict", [False, True])
def test_strict_makes_a_plugin_error_a_page_error(tmp_path: Path, strict: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from pagenorm.batch import pool as batch
    from pagenorm.batch.inputs import Record
    from pagenorm.model import Source

    monkeypatch.setattr(batch, "_normaliser", normaliser_with(tmp_path, Broken("detect"),
                                                              "broken"))
    monkeypatch.setattr(batch, "_settings", batch.Settings(strict=strict))
    outcome = batch.convert_one(Record(id="p", source=Source(path="p.txt"), text=PAGE))
    if strict:
        assert outcome.data is None and outcome.error is not None
        assert outcome.error.code == "plugin.error"
        assert "'broken' failed in detect" in outcome.error.message
    else:
        assert outcome.error is None and "plugin.error" in outcome.codes


class NamesItself:
    """Claims its capital lines under a name of its own choosing."""

    def __init__(self, says: str) -> None:
        self.says = says

    @hookimpl
    def detect(self, page, options, site):
        return [Claim("shout", n, n, 0.99, self.says) for n, text in enumerate(page.lines)
                if text.isupper()]

    @hookimpl
    def parse(self, page, claims, options, site):
        return Parsed(tuple(Section("shout", c.first, c.last, "", c.confidence) for c in claims))


@pytest.mark.parametrize("says", ["", "article", "shouter"])
def test_claims_carry_the_registered_name_whatever_the_plugin_says(tmp_path: Path,
                                                                     says: str) -> None:
    normaliser = normaliser_with(tmp_path, NamesItself(says), "shouter")
    document = normaliser.normalise("CALM DOWN\n\nThe port board said the quay opens late.\n")
    claims = [d.claim for d in document.decisions if d.claim.kind == "shout"]
    assert [c.plugin for c in claims] == ["shouter"]
    assert {c.plugin for d in document.decisions for c in [d.claim]} <= {
        "shouter", "ticker", "tags", "related", "article", "crawl_prefix"}
