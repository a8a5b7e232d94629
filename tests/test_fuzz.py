"""Mutation fuzzing (``pagenorm.quality.fuzzing``, ``pagenorm fuzz``): each mutation, the checks,
shrinking, the command line, a bounded campaign over every shape and shipped profile, and
the pages earlier campaigns found failing (each fixed at its root, each kept here)."""

from __future__ import annotations

import random
import sys
import unicodedata
from itertools import count
from pathlib import Path

import attrs
import orjson
import pytest
from conftest import install_fake_plugin

import pagenorm
from pagenorm import testing
from pagenorm.cli import main
from pagenorm.quality import fuzzing

DONOR = testing.generate("dawn/web", random.Random(2))
PAGE = testing.generate("brecorder/article", random.Random(1)).text


def mutate(name: str, seed: int = 5, text: str = PAGE) -> tuple[str, str]:
    return fuzzing.MUTATIONS[name](random.Random(seed), text, DONOR)


# --- mutations ---


@pytest.mark.parametrize("name", sorted(fuzzing.MUTATIONS))
def test_every_mutation_is_deterministic_and_changes_the_page(name: str) -> None:
    outputs = {mutate(name, seed) for seed in range(20)}
    assert all(mutate(name, seed) == mutate(name, seed) for seed in range(3))
    assert any(text != PAGE for text, _ in outputs)
    assert all(step for _, step in outputs)


def test_insert_delete_duplicate_swap_count_lines() -> None:
    lines = PAGE.split("\n")
    assert len(mutate("insert")[0].split("\n")) == len(lines) + 1
    assert len(mutate("delete")[0].split("\n")) < len(lines)
    assert len(mutate("duplicate")[0].split("\n")) > len(lines)
    assert sorted(mutate("swap")[0].split("\n")) == sorted(lines)
    assert sorted(mutate("shuffle")[0].split("\n")) == sorted(lines)
    assert len(mutate("replace")[0].split("\n")) == len(lines)
    assert len(mutate("merge")[0].split("\n")) == len(lines) - 1
    assert mutate("split")[0].replace("\n", "") == PAGE.replace("\n", "")


def test_numbers_and_prefix() -> None:
    changed = [mutate("numbers", seed)[0] for seed in range(10)]
    assert any(text != PAGE for text in changed)
    assert all(len(t.split("\n")) == len(PAGE.split("\n")) for t in changed)
    text, step = mutate("prefix")
    assert "date" in step and text.endswith(PAGE) and "date" in text[: -len(PAGE)].lower()


def test_truncate_cuts_the_page_or_one_line() -> None:
    for seed in range(20):
        text, step = mutate("truncate", seed)
        if step.startswith("truncate-page"):
            assert PAGE.startswith(text)
        else:
            assert len(text) <= len(PAGE)
            assert len(text.split("\n")) == len(PAGE.split("\n"))


def test_splice_brings_lines_of_another_shape() -> None:
    text, step = mutate("splice")
    assert "dawn/web" in step
    assert set(text.split("\n")) - set(PAGE.split("\n")) <= set(DONOR.lines)


def test_control_characters_never_include_line_breaks() -> None:
    assert not {"\n", "\r"} & set(fuzzing.CONTROL)
    assert {"\x00", "\x1f", "\x7f", "\x85", "\u2028", "\u2029"} <= set(fuzzing.CONTROL)
    for seed in range(10):
        text, _ = mutate("control", seed)
        assert text.count("\n") == PAGE.count("\n") and "\r" not in text
        assert set(text) - set(PAGE) <= set(fuzzing.CONTROL)


def test_unicode_injects_from_its_pools() -> None:
    pool = set("".join(fuzzing.UNICODE))
    for seed in range(10):
        text, _ = mutate("unicode", seed)
        assert text != PAGE and set(text) - set(PAGE) <= pool


def test_nfd_decomposes() -> None:
    text, step = mutate("nfd", 3)
    if step.startswith("NFD@"):
        line = text.split("\n")[int(step.split("@")[1])]
        assert unicodedata.is_normalized("NFD", line)
    assert any(mutate("nfd", seed)[0] != PAGE for seed in range(5))


def test_endings_mix_cr_and_crlf() -> None:
    texts = [mutate("endings", seed)[0] for seed in range(10)]
    assert any("\r\n" in t for t in texts) and any("\r" in t.replace("\r\n", "") for t in texts)


def test_unicode_line_separators_do_not_split_lines() -> None:
    normaliser = pagenorm.Normaliser("default")
    assert fuzzing.page_lines("a\u2028b\u2029c\x85d\x0be\x0cf\x1cg\n", normaliser) \
        == ["a\u2028b\u2029c\x85d\x0be\x0cf\x1cg"]
    assert fuzzing.page_lines("a\rb\r\nc\n", normaliser) == ["a", "b", "c"]


def test_a_case_is_a_pure_function_of_seed_and_index() -> None:
    configs = [None, "default"]
    assert fuzzing.make_case(3, 17, configs) == fuzzing.make_case(3, 17, configs)
    assert fuzzing.make_case(3, 17, configs).text == fuzzing.make_case(3, 17, configs).text
    assert fuzzing.make_case(3, 17, configs).text != fuzzing.make_case(4, 17, configs).text
    shapes = len(testing.SHAPES)
    pairs = {(c.shape, c.config) for c in
             (fuzzing.make_case(0, i, configs) for i in range(2 * shapes))}
    assert len(pairs) == 2 * shapes


# --- the checks ---


class Broken(pagenorm.Normaliser):
    """A normaliser with one deliberate fault, to show the checks see it."""

    def __init__(self, fault: str) -> None:
        super().__init__("default")
        self.fault, self.calls = fault, count()

    def normalise(self, text, *, id=None, source=None):  # type: ignore[override]
        document = super().normalise(text, id=id, source=source)
        if self.fault == "raise" and "\x00" in text:
            raise KeyError("nul")
        if self.fault == "lose":
            return attrs.evolve(document, residual=document.residual[1:])
        if self.fault == "schema":
            return attrs.evolve(document, kind="bogus")
        if self.fault == "vary":
            return attrs.evolve(document, id=str(next(self.calls)))
        return document


@pytest.mark.parametrize(("fault", "invariant"), [
    ("raise", "exception"), ("lose", "lines_lost"), ("schema", "schema"),
    ("vary", "nondeterminism")])
def test_check_reports_each_broken_invariant(fault: str, invariant: str) -> None:
    text = "Stray\x00 line\nAnother stray line\n"
    assert fuzzing.check(text, pagenorm.Normaliser("default")) == []
    failures = fuzzing.check(text, Broken(fault))
    assert failures and {f.invariant for f in failures} == {invariant}


def test_check_reports_a_failing_emitter(monkeypatch: pytest.MonkeyPatch) -> None:
    normaliser = pagenorm.Normaliser("default")
    emit = normaliser.emit
    monkeypatch.setattr(normaliser, "emit", lambda d, f="json": b"" if f == "yaml" else emit(d, f))
    failures = fuzzing.check("A line\n", normaliser)
    assert [(f.invariant, fuzzing.signature(f)) for f in failures] == [
        ("emitter", "emitter: yaml: ValueError")]


def test_coverage_problems_name_the_line() -> None:
    lines = ["one", "", "three", "four"]
    good = {"sections": [{"lines": [0, 1]}], "residual": [{"line": 2, "text": "three"},
                                                         {"line": 3, "text": "four"}]}
    assert fuzzing.coverage_problems(lines, good) == []
    lost = {**good, "residual": good["residual"][:1]}
    assert fuzzing.coverage_problems(lines, lost) == [
        "line 3 'four' is in no section and not in residual"]
    twice = {**good, "sections": [{"lines": [0, 2]}]}
    assert "both in a section and in residual" in fuzzing.coverage_problems(lines, twice)[0]
    outside = {"sections": [{"lines": [2, 4]}], "residual": [{"line": 0, "text": "one"}]}
    assert "outside" in fuzzing.coverage_problems(lines, outside)[0]


# --- shrinking ---


def test_shrink_finds_the_smallest_failing_page() -> None:
    assert fuzzing.shrink(PAGE.replace("\n", "\x00\n", 1), lambda t: "\x00" in t) == "\x00"
    assert fuzzing.shrink("A\nfoo\nbar\nZ\n", lambda t: "A" in t and "Z" in t) == "AZ"
    assert fuzzing.shrink("no\n", lambda t: False) == "no\n"


def test_shrink_keeps_to_its_budget() -> None:
    calls = count()

    def fails(text: str) -> bool:
        next(calls)
        return "Z" in text

    fuzzing.shrink(PAGE + "Z\n", fails, max_calls=25)
    assert next(calls) <= 27  # the first check, the budget, and the final state


def test_a_broken_normaliser_is_found_and_shrunk() -> None:
    broken = Broken("raise")
    lines = PAGE.split("\n")
    text = "\n".join([*lines[:5], lines[5] + "\x00", *lines[6:]])
    [failure] = fuzzing.check(text, broken)
    smallest = fuzzing.shrink(text, fuzzing.fails_like(failure, broken))
    assert smallest == "\x00"


# --- the command line ---

FRAGILE = '''
from pagenorm import hookimpl

@hookimpl
def detect(page, options, site):
    if any(ch < " " and ch != "\\t" for line in page.lines for ch in line):
        raise KeyError("a control character")
    return []
'''


@pytest.fixture
def fragile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed plugin ``fragile`` that raises on any page with a control character."""
    return install_fake_plugin(tmp_path, monkeypatch, distribution="fragile", version="0.1",
                               name="fragile", module="fragile_module", source=FRAGILE)


def test_cli_reports_figures_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz", "--pages", "40", "--seed", "2", "--site", "dawn"]) == 0
    out = capsys.readouterr().out
    assert "pages tried: 40 (seed 2)" in out and "failing pages: 0" in out
    for name in fuzzing.INVARIANTS:
        assert f"{name} " in out


def test_cli_with_a_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    config = Path(__file__).resolve().parents[1] / "configs" / "tribune.yaml"
    assert main(["fuzz", "--pages", "20", "--config", str(config), "--quiet"]) == 0
    assert "failing pages: 0" in capsys.readouterr().out


def test_cli_with_workers_reports_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    def figures(*extra: str) -> list[str]:
        assert main(["fuzz", "--pages", "60", "--seed", "4", *extra]) == 0
        return capsys.readouterr().out.splitlines()[1:]  # the first line has the time

    assert figures() == figures("--workers", "2")


def test_cli_finds_a_broken_plugin_and_writes_its_smallest_page(
        fragile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "found"
    code = main(["fuzz", "--pages", "60", "--site", "default", "--plugin", fragile,
                 "--out", str(out_dir)])
    out = capsys.readouterr().out
    assert code == 1
    assert "failure 1: plugin_error: plugin 'fragile' failed in detect" in out
    smallest = (out_dir / "failure-1.txt").read_bytes().decode("utf-8")
    assert len(smallest) == 1 and smallest < " "
    recipe = orjson.loads((out_dir / "failure-1.json").read_bytes())
    case = fuzzing.make_case(recipe["seed"], recipe["index"], ["default"])
    assert (out_dir / "failure-1.original.txt").read_bytes().decode("utf-8") == case.text
    assert recipe["recipe"] == list(case.recipe) and recipe["invariant"] == "plugin_error"


def test_cli_out_that_cannot_be_written_is_a_one_line_error(
        fragile: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("not a folder")
    code = main(["fuzz", "--pages", "30", "--site", "default", "--plugin", fragile,
                 "--out", str(tmp_path / "file"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"pagenorm: error: {tmp_path / 'file'}: cannot write")


def test_cli_bad_arguments_are_one_line_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz", "--pages", "0"]) == 2
    assert main(["fuzz", "--site", "nowhere"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("pagenorm: error: ") for line in err)


# --- a bounded campaign, and what earlier campaigns found ---


def test_bounded_campaign_over_every_shape_and_profile() -> None:
    """2,160 pages: every shape with the automatic choice and with each shipped profile,
    six times over (``pagenorm fuzz --pages 100000`` is the long run)."""
    pairs = len(testing.SHAPES) * len(fuzzing.default_configs())
    report = fuzzing.run_campaign(6 * pairs, seed=0)
    assert report.failing_pages == 0, "\n".join(report.lines())


# Pages earlier campaigns found failing, shrunk: (config, page, what was wrong).
FOUND = [
    ("default", "i\x85", "yaml: a NEL (U+0085) read back as a space"),
    ("brecorder", "Markets Print 2021-\uff11\uff12-23\n\nHarbour authority raises quay fees "
     "for cargo ships\n\nStaff Reporter Published 23 Dec, 2021 08:10am\n\nKARACHI: The "
     "harbour authority raised the fees charged to cargo ships at the old quay.\n",
     "schema: a print date in fullwidth digits (a profile's \\d matches them)"),
]


@pytest.mark.parametrize(("config", "text", "why"), FOUND, ids=[f[2] for f in FOUND])
def test_pages_found_by_fuzzing(config: str | None, text: str, why: str) -> None:
    assert fuzzing.check(text, pagenorm.Normaliser(config)) == []


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
