"""``pagenorm eval`` and ``pagenorm.quality.evaluate``: the scoring rules on hand-made documents,
labelled pages in a folder, generated pages through the command line, the worst-page
listing, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pagenorm import testing
from pagenorm.cli import main
from pagenorm.model import Source
from pagenorm.quality.evaluate import (
    VALUE_CHARS,
    FieldScore,
    compare,
    evaluate,
    score_directory,
    select_shapes,
    tally,
)

# --- fakes ---


def document(**fields: Any) -> dict[str, Any]:
    """A pagenorm/1 dict with every key, empty values but for ``fields`` (``article.x``
    keys go into the article)."""
    article = {"section": None, "print_date": None, "title": None, "subtitle": [],
               "byline": None, "published": None, "updated": None, "dateline": None,
               "paragraphs": [], "subheadings": []}
    top = {"schema": "pagenorm/1", "id": "x", "source": {}, "site": "generic",
           "kind": "article", "truncated": False, "page_date": None, "ticker": None,
           "article": article, "tags": [], "related": [], "sections": [], "residual": [],
           "diagnostics": []}
    for key, value in fields.items():
        if key.startswith("article_"):
            article[key.removeprefix("article_")] = value
        else:
            top[key] = value
    return top


class FakeDocument:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


class FakeNormaliser:
    """Gives the document stored under the page's text; raises for the text ``boom``."""

    def __init__(self, produced: dict[str, dict[str, Any]]) -> None:
        self.produced = produced
        self.sources: list[Source | None] = []

    def normalise(self, text: str, *, id: str | None = None,
                  source: Source | None = None) -> FakeDocument:
        self.sources.append(source)
        if text == "boom":
            raise RuntimeError("the plugin fell over")
        return FakeDocument(self.produced[text])


def score(pairs: list[tuple[Any, Any]], field: str = "article.title") -> FieldScore:
    """``field`` scored over pages given as (expected value, produced value)."""
    top, _, key = field.rpartition(".")
    total = FieldScore(field)
    for want, got in pairs:
        expected = {top: {key: want}} if top else {key: want}
        produced = document(**{f"{top}_{key}" if top else key: got})
        for result in compare(expected, produced):
            total.add(result)
    return total


# --- scoring rules ---


def test_only_the_keys_the_expected_document_has_are_scored() -> None:
    expected = {"kind": "article", "article": {"title": "Ports reopen"}, "schema": "x"}
    results = compare(expected, document(article_title="Ports reopen", tags=["A"]))
    assert [(r.field, r.match) for r in results] == [("kind", True), ("article.title", True)]


def test_exact_match_compares_whole_values_and_reads_tuples_as_lists() -> None:
    expected = {"tags": ("Harbour Board", "Pearl Cement"), "related": [{"title": "Rates hold"}]}
    same = compare(expected, document(tags=["Harbour Board", "Pearl Cement"],
                                      related=[{"title": "Rates hold"}]))
    assert all(r.match for r in same)
    reordered = compare(expected, document(tags=["Pearl Cement", "Harbour Board"]))
    assert [r.match for r in reordered] == [False, False]


def test_accuracy_precision_and_recall() -> None:
    result = score([("A", "A"), ("B", None), (None, "C"), (None, None), ("D", "E")])
    assert (result.n, result.correct) == (5, 2)
    assert result.accuracy == pytest.approx(2 / 5)
    assert result.precision == pytest.approx(1 / 3)  # produced A, C, E: only A is right
    assert result.recall == pytest.approx(1 / 3)  # expected A, B, D: only A was produced
    assert result.item_f1 is None  # not a list field


def test_false_and_empty_lists_count_as_nothing_produced() -> None:
    flags = score([(True, True), (True, False), (False, True), (False, False)], "truncated")
    assert (flags.precision, flags.recall, flags.accuracy) == (0.5, 0.5, 0.5)
    lists = score([([], []), (["A"], [])], "tags")
    assert (lists.precision, lists.recall, lists.accuracy) == (None, 0.0, 0.5)


def test_item_f1_counts_overlap_as_multisets() -> None:
    paragraphs = score([(["a", "b", "c", "d"], ["a", "b", "x"]), (["p", "p"], ["p"])],
                       "article.paragraphs")
    assert paragraphs.accuracy == 0
    assert (paragraphs.common_items, paragraphs.item_total) == (3, 10)
    assert paragraphs.item_f1 == pytest.approx(2 * 3 / 10)
    related = score([([{"title": "A"}, {"title": "B"}], [{"title": "B"}])], "related")
    assert related.item_f1 == pytest.approx(2 / 3)


def test_expected_fields_missing_from_the_produced_document_are_wrong() -> None:
    [result] = compare({"article": {"title": "T"}}, {"kind": "article"})
    assert (result.match, result.produced) == (False, None)


def test_tally_keeps_field_order_and_only_scored_fields() -> None:
    report = evaluate([("p", "text", None, {"article": {"title": None}, "site": "generic"})],
                      FakeNormaliser({"text": document()}))
    assert list(tally(report.pages)) == ["site", "article.title"]


# --- evaluate: failures, urls, worst pages ---


def test_a_page_that_raises_is_wrong_in_every_field_and_listed_first() -> None:
    pages = [
        ("ok", "fine", "https://example.test/a", {"kind": "article", "tags": []}),
        ("bad", "boom", None, {"kind": "article", "tags": [], "article": {"title": None}}),
        ("half", "half", None, {"kind": "article", "tags": ["X"]}),
    ]
    normaliser = FakeNormaliser({"fine": document(), "half": document()})
    report = evaluate(pages, normaliser)
    assert [page.id for page in report.failed()] == ["bad"]
    assert [page.id for page in report.worst_pages()] == ["bad", "half"]
    bad = report.worst_pages()[0]
    assert len(bad.mismatches) == 3 and "RuntimeError: the plugin fell over" in bad.error
    assert report.scores()["kind"].correct == 2
    assert normaliser.sources[0] == Source(url="https://example.test/a")
    text = report.to_text()
    assert "pagenorm failed: RuntimeError: the plugin fell over" in text
    assert "1 failed in pagenorm" in text


def test_worst_pages_show_the_fields_that_differ_cut_short() -> None:
    long = "word " * 60
    pages = [(f"p{n}", f"t{n}", None, {"article": {"title": long, "byline": "Sana Mir"}})
             for n in range(3)]
    produced = {f"t{n}": document(article_byline="Sana Mir" if n else None) for n in range(3)}
    report = evaluate(pages, FakeNormaliser(produced), worst=2)
    assert [page.id for page in report.worst_pages()] == ["p0", "p1"]
    text = report.to_text()
    assert " 1. p0: 2 of 2 fields differ" in text and " 3. " not in text
    expected_lines = [line for line in text.splitlines() if "expected  " in line]
    assert expected_lines and all(len(line) <= 100 for line in expected_lines)
    assert expected_lines[0].endswith("…")
    worst = report.to_dict()["worst"]
    assert worst[0]["differ"][0]["field"] == "article.title"
    assert len(worst[0]["differ"][0]["expected"]) == VALUE_CHARS


def test_text_report_has_a_block_per_shape_and_overall() -> None:
    pages = [("a", "t", None, {"site": "dawn", "kind": "article"}),
             ("b", "t", None, {"kind": "article"})]
    report = evaluate(pages, FakeNormaliser({"t": document(site="dawn")}))
    assert report.shapes() == ["dawn", "dir"]
    lines = report.to_text().splitlines()
    assert "dawn: 1 pages, 1 with every field right" in lines
    assert "dir: 1 pages, 1 with every field right" in lines
    assert "overall: 2 pages, 2 with every field right" in lines
    assert max(len(line) for line in lines) <= 100
    as_dict = report.to_dict()
    assert as_dict["overall"]["fields"]["kind"]["accuracy"] == 1.0
    assert set(as_dict["shapes"]) == {"dawn", "dir"}


def test_select_shapes_by_pattern() -> None:
    known = ["brecorder", "brecorder_old", "dawn"]
    assert select_shapes([], known) == known
    assert select_shapes(["brec*"], known) == ["brecorder", "brecorder_old"]
    assert select_shapes(["dawn", "*old"], known) == ["brecorder_old", "dawn"]
    assert select_shapes([], ["b", "a"]) == ["b", "a"]
    with pytest.raises(Exception, match="matches no page shape"):
        select_shapes(["nation"], known)


# --- labelled pages in a folder ---

PAGE_A = """Harbour Plan Wins Backing

By Sara Malik

PORTVILLE: Dealers said on Friday that the harbour plan would lift trade in the district.
"""
PAGE_B = "Farmers in the valley said the rain came early this week and lifted the crop.\n"


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({
        "site": "generic", "source": {"url": "https://example.test/a"},
        "article": {"title": "Harbour Plan Wins Backing", "byline": "Sara Malik"}}))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(PAGE_B, encoding="utf-8")
    (tmp_path / "sub" / "b.json").write_text(json.dumps({"kind": "article", "tags": []}))
    (tmp_path / "c.txt").write_text("An unlabelled page.\n", encoding="utf-8")
    return tmp_path


def test_directory_pages_are_scored_beside_their_json(labelled: Path) -> None:
    produced = {PAGE_A: document(article_title="Harbour Plan Wins Backing"),
                PAGE_B: document(kind="article")}
    normaliser = FakeNormaliser(produced)
    report = score_directory(labelled, normaliser)
    assert [(page.id, page.shape) for page in report.pages] == [("a.txt", "generic"),
                                                                 ("sub/b.txt", "dir")]
    assert report.skipped == ("c.txt",)
    assert normaliser.sources[0] == Source(url="https://example.test/a")
    assert [r.field for r in report.pages[0].mismatches] == ["article.byline"]
    assert "skipped (no expected .json): c.txt" in report.to_text()


def test_cli_eval_of_a_directory(capsys, labelled: Path) -> None:
    code, out, err = run(capsys, "eval", str(labelled), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["pages"] == 2 and data["skipped"] == ["c.txt"]
    assert set(data["shapes"]) == {"generic", "dir"}
    assert data["overall"]["fields"]["article.title"]["n"] == 1


def bad_json(folder: Path) -> Path:
    (folder / "x.txt").write_text("A page.\n")
    (folder / "x.json").write_text("{not json")
    return folder


def json_list(folder: Path) -> Path:
    (folder / "x.txt").write_text("A page.\n")
    (folder / "x.json").write_text("[1, 2]")
    return folder


def not_utf8(folder: Path) -> Path:
    (folder / "x.txt").write_bytes(b"caf\xe9\n")
    (folder / "x.json").write_text("{}")
    return folder


@pytest.mark.parametrize(("setup", "message"), [
    (lambda folder: folder / "missing", "missing: not a directory"),
    (bad_json, "x.json: not valid JSON"),
    (json_list, "x.json: expected a JSON object"),
    (not_utf8, "x.txt: not valid UTF-8"),
    (lambda folder: folder, "no labelled pages"),
])
def test_cli_eval_directory_errors(capsys, tmp_path: Path, setup, message: str) -> None:
    code, out, err = run(capsys, "eval", str(setup(tmp_path)))
    assert code == 2 and out == ""
    assert err.startswith("pagenorm: error: ") and message in err and err.count("\n") == 1


# --- generated pages through the command line ---


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_eval_generated_pages(capsys) -> None:
    code, out, err = run(capsys, "eval", "--pages", "40")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "pagenorm eval: 40 generated pages, seed 0"
    assert any(line.startswith("overall: 40 pages") for line in lines)
    assert "field                      n     acc       P       R  itemF1" in lines
    assert max(len(line) for line in lines) <= 100


def test_cli_eval_json_report(capsys) -> None:
    code, out, _ = run(capsys, "eval", "--pages", "40", "--seed", "3", "--json", "--worst", "2")
    data = json.loads(out)
    assert code == 0 and data["pages"] == 40 and len(data["worst"]) <= 2
    assert set(data["shapes"]) <= set(testing.SHAPES)
    assert sum(block["pages"] for block in data["shapes"].values()) == 40
    kind = data["overall"]["fields"]["kind"]
    assert set(kind) >= {"n", "accuracy", "precision", "recall", "item_f1"}


def test_cli_eval_shape_filter(capsys) -> None:
    name = sorted(testing.SHAPES)[0]
    code, out, _ = run(capsys, "eval", "--pages", "10", "--shape", name, "--json")
    assert code == 0 and list(json.loads(out)["shapes"]) == [name]
    code, out, _ = run(capsys, "eval", "--pages", "10", "--shape", name)
    assert f"{name}: 10 pages" in out and "overall:" not in out  # one shape: no overall
    code, _, err = run(capsys, "eval", "--pages", "10", "--shape", "no-such-shape*")
    assert code == 2 and "pagenorm: error: --shape 'no-such-shape*' matches no" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--pages", "0"], "--pages must be at least 1"),
    (["--worst", "-1"], "--worst must not be negative"),
    (["--site", "nosuchsite"], "no site profile of that name"),
    ([".", "--pages", "5"], "not DIR"),
])
def test_cli_eval_usage_errors(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "eval", *args)
    assert code == 2 and out == ""
    assert err.startswith("pagenorm: error: ") and message in err and err.count("\n") == 1
