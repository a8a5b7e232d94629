"""Attacks on the hook contract, configs and output manners (issue 11).

Each test tries one class of attack with several inputs of its own making and checks the
promise: a plugin's wrong result or ``BaseException`` costs that plugin its lines with a
``plugin.error`` (never the page, the batch or a schema-valid document); a hostile config
is one line naming the file; output files honour the umask; a page of any shape costs time
linear in its size.
"""

from __future__ import annotations

import json
import math
import os
import signal
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import pagenorm
from pagenorm import hookimpl
from pagenorm.cli import main
from pagenorm.interrupts import counting_sigint
from pagenorm.manager import PluginHost
from pagenorm.model import (
    BodyData,
    BylineData,
    Claim,
    Diagnostic,
    IndexQuote,
    Parsed,
    Prefix,
    Quote,
    Section,
    SubtitleData,
    TagsData,
    TickerData,
    TitleData,
)
from tests.conftest import install_fake_plugin, normaliser_with, validate

PAGE = ("Harbour works delayed again\n\nBy Sana Mir\n\n"
        "The port board said the new quay will open late, and the traders are worried.\n")
NON_BLANK = {n for n, text in enumerate(PAGE.split("\n")) if text.strip()}


class Returns:
    """A plugin whose hooks hand back whatever it is told to, claiming line 0."""

    def __init__(self, *, detect: object = "claim", parse: object = None,
                 prefix: object = None) -> None:
        self.detect_result, self.parse_result, self.prefix_result = detect, parse, prefix

    @hookimpl
    def page_prefix(self, first_line, site):
        return self.prefix_result

    @hookimpl
    def detect(self, page, options, site):
        if self.detect_result == "claim":
            return [Claim("x", 0, 0, 0.99)]
        return self.detect_result

    @hookimpl
    def parse(self, page, claims, options, site):
        return self.parse_result


def assert_costs_only_its_lines(document: pagenorm.Document, name: str = "hostile") -> None:
    """A ``plugin.error`` names the plugin; no section is the plugin's; no line is lost;
    the document is schema-valid and every emitter writes it."""
    errors = [d.message for d in document.diagnostics if d.code == "plugin.error"]
    assert any(f"{name!r}" in m for m in errors), errors
    assert all(s.plugin != name for s in document.sections)
    covered = {n for s in document.sections for n in range(s.first, s.last + 1)}
    residual = {r.line for r in document.residual}
    assert covered & NON_BLANK | residual == NON_BLANK and not covered & residual
    validate(json.loads(pagenorm.emit(document, "json")))
    for fmt in ("jsonl", "yaml", "markdown"):
        assert isinstance(pagenorm.emit(document, fmt), bytes)


def section(data: object = None, **changes: object) -> Section:
    fields = {"kind": "x", "first": 0, "last": 0, "plugin": "", "confidence": 0.99}
    fields.update(changes)
    return Section(data=data, **fields)  # type: ignore[arg-type]


WRONG_DETECTS = [
    5, "claims", {"a": 1}, 3.5, [Claim("x", "0", 0, 0.5)], [Claim("x", 0, 0.5, 0.5)],
    [Claim("x", True, True, 0.5)], [Claim("x", 0, 0, math.nan)], [Claim("x", 0, 0, 7.0)],
    [Claim("x", 0, 0, -0.1)], [Claim("x", 0, 0, "high")], [Claim("x", 0, 0, math.inf)],
    [Claim(5, 0, 0, 0.5)], [Claim("", 0, 0, 0.5)], [Claim(None, 0, 0, 0.5)],
    [Claim("x", -1, 0, 0.5)], [Claim("x", 2, 1, 0.5)], [Claim("x", 0, 0, 0.5), None],
]


@pytest.mark.parametrize("result", WRONG_DETECTS, ids=repr)
def test_a_detect_of_the_wrong_type_costs_only_its_lines(tmp_path: Path, result: object) -> None:
    document = normaliser_with(tmp_path, Returns(detect=result)).normalise(PAGE)
    assert_costs_only_its_lines(document)
    assert document.article.byline == "Sana Mir"  # the other plugins still read the page


def test_an_endless_detect_ends(tmp_path: Path) -> None:
    import itertools

    endless = itertools.repeat(Claim("x", 0, 0, 0.5))
    document = normaliser_with(tmp_path, Returns(detect=endless)).normalise(PAGE)
    assert_costs_only_its_lines(document)


WRONG_PARSES = [
    "nonsense", 5, Parsed("abc"), Parsed(5), Parsed((section(kind=5),)),
    Parsed((section(kind=""),)), Parsed((section(kind=None),)), Parsed((section(first="0"),)),
    Parsed((section(last=0.0),)), Parsed((section(confidence=math.nan),)),
    Parsed((section(confidence=7.0),)), Parsed((section(confidence="0.9"),)),
    Parsed((section(TitleData(123)),)), Parsed((section(TitleData(None)),)),
    Parsed((section(TitleData(["a"])),)), Parsed((section(BylineData(5)),)),
    Parsed((section(BylineData("A", published=20240101)),)),
    Parsed((section(SubtitleData("not a tuple")),)), Parsed((section(SubtitleData((1, 2))),)),
    Parsed((section(BodyData(("a",), truncated="yes")),)), Parsed((section(TagsData(["a"])),)),
    Parsed((section(TickerData((Quote("A", math.nan, 0, 0, "up"),))),)),
    Parsed((section(TickerData((Quote("A", 1, 0, 0, "sideways"),))),)),
    Parsed((section(TickerData(indices=(IndexQuote("A", "1", 0, 0, "up"),))),)),
    Parsed((section(TickerData(quotes=("q",))),)),
    Parsed((section(),), (Diagnostic("loud", "x", "m"),)),
    Parsed((section(),), (Diagnostic("info", "", "m"),)),
    Parsed((section(),), (Diagnostic("info", 5, "m"),)),
    Parsed((section(),), (Diagnostic("info", "x", "m", (0, "1")),)),
    Parsed((section(),), (Diagnostic("info", "x", "m", (-1, 2)),)),
    Parsed((section(),), ("not a diagnostic",)),
]


@pytest.mark.parametrize("result", WRONG_PARSES, ids=repr)
def test_a_parse_of_the_wrong_type_costs_only_its_lines(tmp_path: Path, result: object) -> None:
    document = normaliser_with(tmp_path, Returns(parse=result)).normalise(PAGE)
    assert_costs_only_its_lines(document)
    assert document.article.title != 123


@pytest.mark.parametrize("result", [5, "12", Prefix("3"), Prefix(True), Prefix(3, page_date=5),
                                    Prefix(3, page_date="yesterday")], ids=repr)
def test_a_prefix_of_the_wrong_type_costs_nothing_but_a_diagnostic(tmp_path: Path,
                                                                   result: object) -> None:
    document = normaliser_with(tmp_path, Returns(detect=None, prefix=result)).normalise(PAGE)
    assert any("'hostile' failed in page_prefix" in d.message for d in document.diagnostics)
    assert document.page_date is None and document.article.title is not None
    validate(json.loads(pagenorm.emit(document, "json")))


def test_well_typed_results_still_pass(tmp_path: Path) -> None:
    good = Parsed((section(TitleData("Harbour works delayed again"), kind="title",
                           confidence=1),), (Diagnostic("info", "x.note", "m", (0, 0)),))
    document = normaliser_with(tmp_path, Returns(parse=good)).normalise(PAGE)
    assert document.article.title == "Harbour works delayed again"
    assert not [d for d in document.diagnostics if d.code == "plugin.error"]


RAISER = '''
import os, signal
from pagenorm import hookimpl
from pagenorm.model import Format


class Odd(BaseException):
    pass


RAISES = {"SystemExit": lambda: SystemExit(0), "KeyboardInterrupt": KeyboardInterrupt,
          "GeneratorExit": GeneratorExit, "Odd": lambda: Odd("odd"),
          "SystemExit3": lambda: SystemExit(3)}


def _act(page):
    for line in page.lines:
        if line.startswith("RAISE "):
            what = line[6:].strip()
            if what == "SIGINT":  # the driver's own Ctrl-C, as a terminal sends it (the
                # workers, in the same process group, ignore theirs)
                os.kill(int(os.environ.get("PAGENORM_TEST_DRIVER", os.getpid())),
                        signal.SIGINT)
                return
            raise RAISES[what]()


@hookimpl
def detect(page, options, site):
    _act(page)
    return []


@hookimpl
def emit_formats():
    return [Format("bad", ".bad", "an emitter that breaks its contract")]


@hookimpl
def emit(document, format):
    if format != "bad":
        return None
    if document.id.endswith("str.txt"):
        return "text, not bytes"
    if document.id.endswith("exit.txt"):
        raise SystemExit(0)
    return b"ok\\n"
'''


@pytest.fixture
def raiser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "site-packages"
    folder.mkdir()
    return install_fake_plugin(folder, monkeypatch, distribution="raiser", version="1.0",
                               name="raiser", module="raiser_plugin", source=RAISER)


def pages_folder(tmp_path: Path, raises: list[str]) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, what in enumerate(raises):
        (folder / f"p{number}.txt").write_text(f"{PAGE}RAISE {what}\n", encoding="utf-8")
    (folder / "zz-plain.txt").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_plugins_base_exception_costs_its_lines_not_the_batch(
        tmp_path: Path, raiser: str, workers: str, capsys: pytest.CaptureFixture[str]) -> None:
    raises = ["SystemExit", "KeyboardInterrupt", "GeneratorExit", "Odd", "SystemExit3"]
    out = tmp_path / "out.jsonl"
    code = main(["convert", "--quiet", str(pages_folder(tmp_path, raises)), "--plugin", raiser,
                 "--format", "jsonl", "-o", str(out), "--workers", workers])
    assert code == 0, capsys.readouterr().err
    documents = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert len(documents) == len(raises) + 1
    for document, what in zip(documents, [*raises, None], strict=True):
        validate(document)
        errors = [d["message"] for d in document["diagnostics"] if d["code"] == "plugin.error"]
        if what is None:
            assert not errors
        else:
            assert len(errors) == 1 and "'raiser' failed in detect" in errors[0]
            assert document["article"]["byline"] == "Sana Mir"


def test_a_plugins_base_exception_in_the_library_is_a_plugin_error(tmp_path: Path) -> None:
    class Raises:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        @hookimpl
        def detect(self, page, options, site):
            raise self.exc

    for exc in (SystemExit(0), GeneratorExit(), BaseException("odd"), StopIteration()):
        document = normaliser_with(tmp_path, Raises(exc)).normalise(PAGE)
        assert_costs_only_its_lines(document)
    with counting_sigint():  # the driver counts SIGINTs: this one arrived without any
        document = normaliser_with(tmp_path, Raises(KeyboardInterrupt())).normalise(PAGE)
    assert_costs_only_its_lines(document)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with pytest.raises(KeyboardInterrupt):  # an embedding program's: not ours to eat
            normaliser_with(tmp_path, Raises(KeyboardInterrupt())).normalise(PAGE)


def test_the_drivers_own_ctrl_c_still_ends_the_run(tmp_path: Path, raiser: str,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGENORM_TEST_DRIVER", str(os.getpid()))
    out = tmp_path / "out.jsonl"
    code = main(["convert", str(pages_folder(tmp_path, ["SystemExit", "SIGINT"])), "--plugin",
                 raiser, "--format", "jsonl", "-o", str(out), "--workers", "1",
                 "--chunk-size", "1"])
    assert code == 130 and "interrupted" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_an_emitter_breaking_its_contract_is_an_error_record(tmp_path: Path, raiser: str,
                                                              capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("a-str.txt", "b-exit.txt", "c-fine.txt"):
        (folder / name).write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.bad"
    code = main(["convert", "--quiet", str(folder), "--plugin", raiser, "--format", "bad",
                 "-o", str(out), "--workers", "1"])
    assert code == 1
    assert out.read_bytes() == b"ok\n"
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_bytes().splitlines()]
    assert [e["code"] for e in errors] == ["plugin.error", "plugin.error"]
    assert "returned str, not bytes" in errors[0]["message"]
    assert "SystemExit" in errors[1]["message"]


def test_the_summary_survives_odd_kinds_and_codes(tmp_path: Path, monkeypatch) -> None:
    from pagenorm.batch import pool
    from pagenorm.batch.inputs import Record
    from pagenorm.model import Source

    bad = Parsed((section(kind=5),), (Diagnostic("info", 7, "m"),))
    monkeypatch.setattr(pool, "_normaliser", normaliser_with(tmp_path, Returns(parse=bad)))
    monkeypatch.setattr(pool, "_settings", pool.Settings())
    outcome = pool.convert_one(Record(id="p", source=Source(path="p.txt"), text=PAGE))
    assert outcome.error is None and all(isinstance(k, str) for k in outcome.kinds)
    summary = pool.Summary(pages=1, written=1, sections=dict.fromkeys(outcome.kinds, 1),
                           diagnostics=dict.fromkeys(outcome.codes, 1))
    assert summary.lines()


# --- a page of any shape costs time linear in its size ---

PIECES = ("1", " ", "a", "A", ".", ",", "-", ":", "|", "►", "»", "…", "°", "(", "/", "'",
          "\t", "1 ", "A ", "a ", ", ", ". ", "Aa", "1,")


def cost(function, argument: object, cap: float = 30.0) -> float:
    """Seconds ``function(argument)`` takes; infinity if it would take more than ``cap``."""
    import time

    from pagenorm.batch.pool import PageTimeout, time_limit

    started = time.perf_counter()
    try:
        with time_limit(cap, "the attack"):
            function(argument)
    except PageTimeout:
        return math.inf
    return time.perf_counter() - started


def grows_linearly(function, make, n: int) -> bool:
    """Whether the work at 4n stays within a generous factor of 4 times the work at n (a
    quadratic cost gives 16): the ratio, never an absolute speed, is what is compared;
    the floor absorbs the noise of tiny timings."""
    for _attempt in range(3):  # a busy machine may stall one run: a slow pattern always is
        small = min(cost(function, make(n)) for _ in range(2))
        limit = 10 * small + 0.05
        if cost(function, make(4 * n), cap=limit) <= limit:
            return True
    return False


def shipped_patterns() -> list[tuple[str, str, object]]:
    """(where, method, pattern) for every pattern the shipped profiles give the plugins that
    match whole lines of any length, with the method they use: furniture lines and blocks,
    listing markers, ticker index symbols (fullmatch), site signatures (search over the
    page's top and bottom lines). The teaser and article shapes are tried on bounded text
    only (a line's last 160 characters, lines of at most ``short_line_chars``)."""
    from pagenorm.config import shipped_configs

    found = []
    normaliser = pagenorm.Normaliser()
    for name in sorted(shipped_configs()):
        config = normaliser._pipeline(name).config
        furniture, listing = config.options.get("furniture"), config.options.get("listing")
        if furniture is not None:  # a profile may leave a plugin out (learned: listing)
            for kind, patterns in (*furniture.patterns.items(),
                                   *furniture.site_patterns.items()):
                found += [(f"{name} furniture {kind}", "fullmatch", p) for p in patterns]
            for block in furniture.all_blocks:
                found += [(f"{name} block {block.kind}", "fullmatch", p) for p in
                          (block.start, block.until, block.continues, block.ends)
                          if p is not None]
        if listing is not None:
            found += [(f"{name} listing", "fullmatch", p)
                      for p in (*listing.markers, *listing.strong_markers)]
        found += [(f"{name} ticker", "fullmatch", config.options["ticker"].index_symbols)]
        found += [(f"{name} signature", "search", p) for _, p in config.site.page_signatures]
    unique = {(method, p.pattern): (where, method, p) for where, method, p in found
              if p is not None}
    return sorted(unique.values(), key=lambda item: (item[0], item[2].pattern))


def hostile_lines(pattern: object) -> list:
    """Lines of 4n characters made of the pattern's own pieces and the common ones: a
    start, then one piece repeated, then nothing or a character no pattern takes."""
    own = sorted({c for c in pattern.pattern if c.isalnum() or c in " -:.,|/°►»…"})[:12]
    starts = ("", *PIECES[:8], *own)
    return [lambda n, a=a, b=b, z=z: a + b * (n // len(b)) + z
            for a in starts for b in (*PIECES, *own) for z in ("", "\x00")]


@pytest.mark.parametrize(("where", "method", "pattern"), shipped_patterns(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_shipped_pattern_is_linear_on_hostile_lines(where: str, method: str,
                                                          pattern) -> None:
    match = getattr(pattern, method)
    slow = next((make(8) for make in hostile_lines(pattern)
                 if not grows_linearly(match, make, 5_000)), None)  # the first is enough
    assert slow is None, f"{where}: {pattern.pattern!r} is super-linear on {slow!r}..."


HOSTILE_PAGES = {
    "a digit and spaces": lambda n: "Harbour news today\n\n1" + " " * n + "\n",
    "teaser lines": lambda n: "".join(f"Story {k} about the harbour and the port board goes "
                                      "on and on …\n" for k in range(n // 60)),
    "a comma-less Tags: line": lambda n: "".join(f"Port board story {k} says the quay "
                                                 "opens late.\n" for k in range(n // 400))
    + "Tags: " + " ".join(f"Word{k}" for k in range(n // 40)) + "\n",
    "one long word": lambda n: "A" * n + "\n",
    "repeated pieces": lambda n: "By " + "Aa " * (n // 3) + "\n\n" + "- " * (n // 2) + "\n",
}


@pytest.mark.parametrize("shape", sorted(HOSTILE_PAGES))
def test_a_page_of_any_shape_costs_time_linear_in_its_size(shape: str) -> None:
    normaliser = pagenorm.Normaliser("default")
    assert grows_linearly(normaliser.normalise, HOSTILE_PAGES[shape], 20_000), shape


# --- configs and job files ---

def bombs() -> dict[str, str]:
    laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for number, name in enumerate("bcdefghi"):
        laughs.append(f"{name}: &{name} [" + ",".join(["*" + "abcdefghi"[number]] * 9) + "]")
    merges = ["a1: &a1 {k: v}"] + [f"a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}], k{n}: v}}"
                                   for n in range(2, 40)]
    chain = ["a0: &a0 [x]"] + [f"a{n}: &a{n} [*a{n - 1}]" for n in range(1, 3000)]
    return {"laughs": "\n".join(laughs), "merges": "\n".join(merges),
            "chain": "\n".join(chain), "itself": "a: &a [*a]",
            "brackets": "x: " + "[" * 100_000 + "]" * 100_000,
            "braces": "x: " + "{a: " * 50_000 + "1" + "}" * 50_000}


@pytest.mark.parametrize("kind", ["config", "job"])
@pytest.mark.parametrize("bomb", sorted(bombs()))
def test_a_yaml_bomb_is_one_line_naming_the_file(tmp_path: Path, kind: str, bomb: str) -> None:
    path = tmp_path / f"{bomb}.yaml"
    path.write_text(bombs()[bomb] + "\n", encoding="utf-8")
    command = ["check-config", str(path)] if kind == "config" else ["run", str(path)]
    result = subprocess.run([sys.executable, "-m", "pagenorm", *command], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"pagenorm: error: {path}:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("target", ["outside.yaml", "/etc/passwd", "sub/../../outside.yaml"])
def test_extends_through_a_link_named_like_a_shipped_profile_is_refused(
        tmp_path: Path, target: str) -> None:
    from pagenorm.config import load_config
    from pagenorm.errors import ConfigError

    (tmp_path / "outside.yaml").write_text("site: {name: stolen}\n", encoding="utf-8")
    home = tmp_path / "configs"
    (home / "sub").mkdir(parents=True)
    for name in ("dawn", "default", "brecorder.yaml"):
        link = home / name
        link.symlink_to(target if target.startswith("/") else tmp_path / Path(target).name)
    for parent in ("dawn", "default", "brecorder.yaml"):
        child = home / f"site-{parent}.yaml"
        child.write_text(f"extends: {parent}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"site-.*\.yaml:1: extends: .* is outside"):
            load_config(child, PluginHost())


def test_a_link_inside_the_folder_may_still_be_extended(tmp_path: Path) -> None:
    from pagenorm.config import load_config

    (tmp_path / "base.yaml").write_text("extends: default\nsite: {name: mine}\n")
    (tmp_path / "dawn").symlink_to(tmp_path / "base.yaml")
    (tmp_path / "child.yaml").write_text("extends: dawn\n")
    assert load_config(tmp_path / "child.yaml", PluginHost()).site.name == "mine"


ESCAPES = ["\x1b[31mred", "\x1b]0;title\x07", "\x9b2J", "\u202etxt.exe", "bell\x07", "\x1bc"]


@pytest.mark.parametrize("escape", ESCAPES, ids=repr)
def test_explain_prints_no_control_characters_from_configs_or_plugins(
        tmp_path: Path, escape: str, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "site.yaml"
    config.write_text(f"extends: default\nsite: {{name: {json.dumps('x' + escape)}}}\n",
                      encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["explain", str(page), "--config", str(config), "--why"]) == 0
    out = capsys.readouterr().out
    assert "site x" in out
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")

    class Odd:
        @hookimpl
        def detect(self, page, options, site):
            return [Claim(escape, 0, 0, 0.99)]

        @hookimpl
        def parse(self, page, claims, options, site):
            return Parsed((section(kind=escape),), (Diagnostic("info", escape, escape),))

    import io

    from pagenorm.review.explain import explain, make_console
    from pagenorm.review.view import view_page

    normaliser = normaliser_with(tmp_path, Odd(), "odd")
    view = view_page(normaliser, pagenorm.Page("p", PAGE, tuple(PAGE.split("\n"))))
    buffer = io.StringIO()
    explain(view, make_console(buffer, terminal=False), why=True)
    assert not any(c in buffer.getvalue() for c in "\x1b\x07\x9b\u202e")


# --- output manners ---

@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_output_file_honours_the_umask(tmp_path: Path, umask: int) -> None:
    folder = pages_folder(tmp_path, [])
    (folder / "bad.txt").write_bytes(b"not \xc3\x28 UTF-8")
    outputs = {"stream": ["-o", "out.jsonl", "--format", "jsonl"],
               "gzip": ["-o", "out.jsonl.gz", "--format", "jsonl"],
               "json": ["-o", "out.json"],
               "folder": ["--output-dir", "pages"],
               "shards": ["--output-dir", "shards", "--shard-size", "1", "--format", "jsonl"]}
    old = os.umask(umask)
    try:
        for flags in outputs.values():
            main(["convert", "--quiet", "--workers", "1", str(folder),
                  *[str(tmp_path / f) if f.startswith(("out", "pages", "shards")) else f
                    for f in flags]])
    finally:
        os.umask(old)
    made = [p for p in tmp_path.rglob("*") if p.is_file() and "site-packages" not in str(p)
            and p.parent != folder and not p.name.endswith(".lock")]
    assert len(made) >= 8
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_one_page_on_stdin_gives_one_document_as_one_file_does(tmp_path: Path) -> None:
    import yaml

    page = tmp_path / "page.txt"
    for text in (PAGE, "", "Just a line\n"):
        page.write_text(text, encoding="utf-8")
        for fmt in ("json", "jsonl", "yaml"):
            outputs = [subprocess.run([sys.executable, "-m", "pagenorm", "convert", spec,
                                       "--format", fmt], input=text.encode(),
                                      capture_output=True, timeout=60) for spec in (str(page), "-")]
            assert [o.returncode for o in outputs] == [0, 0]
            documents = [list(yaml.safe_load_all(o.stdout)) for o in outputs]  # JSON is YAML
            assert [len(d) for d in documents] == [1, 1], fmt
            from_file, from_stdin = (d[0] for d in documents)
            assert isinstance(from_stdin, dict), fmt  # a document, not an array of one
            for document in (from_file, from_stdin):
                document.pop("id"), document.pop("source")
            assert from_file == from_stdin, fmt


ACCENTED = ["By José Martínez", "By Zoë Ångström", "KARACHI: Le conseil général a voté hier "
            "la nouvelle taxe sur le café et les habitants sont inquiets.",
            "Éditorial: la crise du café", "Tags: Café Karachi Conseil Général"]


@pytest.mark.parametrize("line", ACCENTED)
def test_nfc_and_nfd_pages_give_the_same_sections_and_keep_their_text(line: str) -> None:
    text = f"Harbour works delayed again\n\n{line}\n\n{PAGE.splitlines()[-1]}\n\n{line}\n"
    nfc = pagenorm.normalise(unicodedata.normalize("NFC", text), config="default")
    nfd_text = unicodedata.normalize("NFD", text)
    nfd = pagenorm.normalise(nfd_text, config="default")
    assert [(s.kind, s.first, s.last) for s in nfc.sections] == \
        [(s.kind, s.first, s.last) for s in nfd.sections]
    written = json.loads(pagenorm.emit(nfd, "json"))
    for value in (written["article"]["byline"], *written["article"]["paragraphs"],
                  *written["tags"], *(r["text"] for r in written["residual"])):
        if value:
            assert value in nfd_text  # kept as given, never recomposed
