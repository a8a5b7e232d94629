"""Line-labelled pages (the dev set's format): reading, scoring, "always null", leave-site-out
folds, and the ``eval --labels`` and ``train`` commands. Every page here is made up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pagenorm
from pagenorm.cli import main
from pagenorm.quality import lineset

ARTICLE = "\n".join([
    " date 2025-03-05 Home News Sport",
    "Cabinet approves a new budget for the ports",
    "By Sara Malik",
    "",
    "KARACHI: The cabinet approved the budget on Monday after a long debate in the house.",
    "",
    "The ports will get new cranes, the minister said, and the work starts in spring.",
    "Read more: Traders brace for a slower season",
    "Copyright Example News",
])
ROLES = ["nav", "title", "byline", "blank", "body", "blank", "body", "related", "footer"]
LISTING = "\n".join(["Business", *[f"Story number {n} about the harbour and its ships"
                                    for n in range(6)]])


def _label(folder: Path, page_id: str, text: str, roles: list[str], site: str, kind: str,
           article: dict | None = None) -> Path:
    path = folder / f"{page_id}.json"
    path.write_text(json.dumps({
        "id": page_id, "site": site, "kind": kind, "text": text, "labels": roles,
        "page_date": "2025-03-05" if text.startswith(" date ") else None,
        "quotes": [], "indices": [], "article": article or {},
    }), encoding="utf-8")
    return path


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    folder = tmp_path / "labels"
    folder.mkdir()
    _label(folder, "a1", ARTICLE, ROLES, "alpha", "article",
           {"title_line": 1, "byline": "Sara Malik", "dateline": "KARACHI", "published": None})
    for n in range(3):
        _label(folder, f"l{n}", LISTING, ["section"] + ["listing"] * 6, f"site{n}", "listing",
               {"title_line": None, "byline": None, "published": None, "dateline": None})
    return folder


def test_expected_fields_follow_the_label_rules(labelled: Path) -> None:
    page = lineset.read_labelled([labelled / "a1.json"])[0]
    expected = lineset.expected_of(page)
    assert expected["title"] == "Cabinet approves a new budget for the ports"
    assert expected["byline"] == "Sara Malik" and expected["dateline"] == "KARACHI"
    assert expected["paragraphs"][0].startswith("The cabinet approved")  # dateline cut
    assert expected["related"] == ["Traders brace for a slower season"]
    assert expected["kind"] == "article" and expected["page_date"] == "2025-03-05"


def test_the_always_null_reader_is_scored_beside_every_field(labelled: Path) -> None:
    pages = lineset.read_labelled([labelled])
    scores = lineset.evaluate(pages)
    overall = lineset.summarise(scores)["all"]
    assert overall["title"]["null"] == 0.75  # three listings have no title, one article has
    assert overall["paragraphs"]["null"] == 0.75
    assert overall["no_line_lost"]["score"] == 1.0
    text = lineset.report_text(scores, "made up")
    assert "null" in text and "by page kind" in text and "listing" in text


@pytest.mark.parametrize(("expected", "produced", "same"), [
    ("2025-03-03", "2025-03-03T09:15:00+05:00", True),
    ("2025-03-03T09:15:00+05:00", "2025-03-03T09:15:00", True),
    ("2025-03-03T09:15:00+05:00", "2025-03-03T09:15:00+04:00", False),
    ("2025-03-03T09:15:00", "2025-03-03", False),
    (None, "2025-03-03", False),
    (None, None, True),
])
def test_published_is_the_same_local_date_minute_and_offset(expected: str | None,
                                                            produced: str | None,
                                                            same: bool) -> None:
    assert lineset.same_published(expected, produced) is same


def test_folds_keep_each_site_whole_and_are_the_same_every_run(labelled: Path) -> None:
    pages = lineset.read_labelled([labelled])
    folds = lineset.folds_of(pages, 2)
    again = lineset.folds_of(list(reversed(pages)), 2)
    assert [sorted(p.id for p in f) for f in folds] == [sorted(p.id for p in f) for f in again]
    for fold in folds:
        sites = {page.site for page in fold}
        others = {page.site for other in folds if other is not fold for page in other}
        assert not sites & others


def test_eval_labels_leave_site_out_trains_on_the_other_sites(labelled: Path,
                                                             capsys: pytest.CaptureFixture
                                                             ) -> None:
    code = main(["eval", "--labels", str(labelled), "--folds", "2", "--generated", "20",
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["overall"]["kind"]["pages"] == 4
    assert set(report["by_site"]) == {"alpha", "site0", "site1", "site2"}


def test_train_names_each_bad_file_and_goes_on(labelled: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    (labelled / "empty.json").write_text("")
    (labelled / "short.json").write_text(json.dumps({"id": "short", "text": "a\nb",
                                                     "labels": ["body"]}))
    (labelled / "nolabels.json").write_text(json.dumps({"id": "x", "text": "a"}))
    model = tmp_path / "m.crfsuite"
    code = main(["train", str(labelled), "-o", str(model), "--generated", "20"])
    err = capsys.readouterr().err
    assert code == 0 and model.is_file()
    for name in ("empty.json", "short.json", "nolabels.json"):
        assert name in err
    assert "1 labels for 2 lines" in err and "Traceback" not in err


def test_train_with_nothing_readable_is_a_one_line_error(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "none"
    folder.mkdir()
    assert main(["train", str(folder), "-o", str(tmp_path / "m.crfsuite")]) == 2
    assert "no labelled page" in capsys.readouterr().err


@pytest.mark.parametrize(("label", "why"), [
    ({"text": 5, "labels": ["body"]}, "its text is not a string"),
    ({"text": "a\nb", "labels": ["titel", "body"]}, "unknown role 'titel'"),
    ({"text": "a\n", "labels": ["body", "body"]}, "'body' on a blank line"),
    ({"text": "a\nb", "labels": ["title", "body"], "article": {"title_line": 7}},
     "title_line 7 is not a line"),
    ({"text": "a", "labels": ["body"], "article": []}, "its article is not an object"),
])
def test_a_bad_label_file_is_named_with_why_and_skipped(tmp_path: Path, label: dict,
                                                        why: str) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"id": "bad", **label}))
    _label(tmp_path, "good", ARTICLE, ROLES, "alpha", "article")
    said: list[str] = []
    pages = lineset.read_labelled([tmp_path], on_bad=said.append)
    assert [p.id for p in pages] == ["good"]
    assert len(said) == 1 and "bad.json" in said[0] and why in said[0]


def test_a_page_with_no_text_can_still_be_trained_on(tmp_path: Path) -> None:
    _label(tmp_path, "empty", "", ["blank"], "alpha", "other")
    page = lineset.read_labelled([tmp_path])[0]
    assert lineset.as_training(page, pagenorm.Normaliser()).lines == ("",)


def test_each_fold_is_read_by_a_model_that_never_saw_its_sites(
        labelled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[set[str], set[str]]] = []
    real = lineset.fold_normaliser

    def spy(training, usual, folder, index, *args, **kwargs):
        seen.append(({p.site for p in training}, set()))
        return real(training, usual, folder, index, *args, **kwargs)

    monkeypatch.setattr(lineset, "fold_normaliser", spy)
    pages = lineset.read_labelled([labelled])
    folds = lineset.folds_of(pages, 2)
    lineset.evaluate(pages, folds=2, generated=10)
    assert len(seen) == len(folds)
    for (trained, _), held_out in zip(seen, folds, strict=True):
        assert not trained & {p.site for p in held_out}


def test_folds_need_two_sites_and_take_no_site_flag(labelled: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    one = lineset.read_labelled([labelled / "a1.json"])
    with pytest.raises(lineset.PagenormError, match="at least two sites"):
        lineset.folds_of(one, 2)
    assert main(["eval", "--labels", str(labelled), "--folds", "2", "--site", "learned"]) == 2
    assert "takes no --config or --site" in capsys.readouterr().err
    assert main(["eval", "--labels", str(labelled), "--generated", "5"]) == 2


def test_a_page_that_fails_is_reported_not_a_crash(labelled: Path) -> None:
    class Fails:
        def normalise(self, text, *, id, source):
            raise lineset.PagenormError("boom")

    scores = lineset.evaluate(lineset.read_labelled([labelled]), Fails())
    text = lineset.report_text(scores, "failing")
    assert "4 pages failed" in text and "boom" in text
