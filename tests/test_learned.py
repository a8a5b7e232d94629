"""The learned line-role reader (plugins/learned): its rules for fields, its model file, its
training, and the invariants every reader keeps. All pages here are made up."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import pagenorm
from pagenorm import testing
from pagenorm.cli import main
from pagenorm.errors import ConfigError
from pagenorm.plugins.learned import check_model, default_model, fields
from pagenorm.plugins.learned.features import page_features
from pagenorm.quality import lineset

KARACHI = ZoneInfo("Asia/Karachi")


@pytest.mark.parametrize(("line", "name"), [
    ("By Sara Malik", "Sara Malik"),
    ("By Sara Malik, Political Editor", "Sara Malik"),
    ("Sara Malik (@saramalik) 3 minutes ago Wed 4th March 2020 | 10:15 AM", "Sara Malik"),
    ("Desk News | March 3, 2025 at 04:10 PM GMT+05:00", "Desk News"),
    ("Posted on April 11, 2024 by admin", "admin"),
    ("Tariq Aziz Published 08 Apr, 2025 07:06pm", "Tariq Aziz"),
    ("Published 09 Mar, 2020 12:00am", None),
    ("Updated 2 hours ago", None),
    ("Nadia Rahman, Imran Sheikh", "Nadia Rahman, Imran Sheikh"),
    ("By: Sara Malik", "Sara Malik"),
    ("Sara Malik / 3 March 2025", "Sara Malik"),
])
def test_byline_names_without_dates_roles_or_handles(line: str, name: str | None) -> None:
    assert fields.byline_name(line) == name


@pytest.mark.parametrize(("line", "published", "updated"), [
    ("Published 08 Apr, 2025 07:06pm", "2025-04-08T19:06:00+05:00", None),
    ("March 3, 2025 at 04:10 PM GMT+05:00", "2025-03-03T16:10:00+05:00", None),
    ("2024-03-04T10:15:00+05:30", "2024-03-04T10:15:00+05:30", None),
    ("Tue, 04 Mar 2025 09:15:00 GMT", "2025-03-04T09:15:00+00:00", None),
    ("Wednesday 4 March 2020", "2020-03-04", None),
    ("May 9, 2017 / 9:15 AM / in 3 hours", "2017-05-09T09:15:00+05:00", None),
    ("Published 3 Mar 2025 Updated 5 Mar 2025 10:00am", "2025-03-03",
     "2025-03-05T10:00:00+05:00"),
    ("Last modified March 5, 2025", None, "2025-03-05"),
])
def test_dates_in_every_printed_form(line: str, published: str | None,
                                     updated: str | None) -> None:
    assert fields.dates_in(line, KARACHI) == (published, updated)


def test_relative_times_are_anchored_on_the_crawl_date_or_left_alone() -> None:
    assert fields.dates_in("3 days ago", None, "2025-03-10") == ("2025-03-07", None)
    assert fields.dates_in("2 hours ago", None, "2025-03-10") == ("2025-03-10", None)
    assert fields.dates_in("2 hours ago", None, None) == (None, None)
    assert fields.dates_in("By Sara Malik | Updated 2 days ago", None, "2024-05-01") \
        == (None, "2024-04-29")


def test_a_date_without_a_year_is_never_given_one() -> None:
    assert fields.dates_in("March 3", KARACHI, "2025-03-10") == (None, None)
    assert fields.dates_in("March 3, 10:15 AM", KARACHI) == (None, None)


@pytest.mark.parametrize("zone", ["ET", "PT", "AEST", "JST", "HKT", "KST", "WIB"])
def test_a_printed_zone_it_cannot_read_gives_no_other_zones_offset(zone: str) -> None:
    assert fields.dates_in(f"March 3, 2025 5:00 PM {zone}", KARACHI) \
        == ("2025-03-03T17:00:00", None)


def test_a_time_without_a_zone_gets_no_invented_offset() -> None:
    assert fields.dates_in("March 3, 2025 4:10 PM", None) == ("2025-03-03T16:10:00", None)
    london = fields.zone_of(None, "https://news.example.co.uk/a")
    assert fields.dates_in("March 3, 2025 4:10 PM", london)[0] == "2025-03-03T16:10:00+00:00"
    assert fields.zone_of(None, "https://news.example.com/a") is None
    assert fields.zone_of(KARACHI, "https://news.example.co.uk/a") is KARACHI


@pytest.mark.parametrize(("paragraph", "place"), [
    ("KARACHI: The cabinet met.", "KARACHI"),
    ("Dubai: The cabinet met.", "Dubai"),
    ("New Delhi: The cabinet met.", "New Delhi"),
    ("ABU DHABI // The cabinet met.", "ABU DHABI"),
    ("SÃO PAULO (AP) — The cabinet met.", "SÃO PAULO"),
    ("Washington (CNN) — The cabinet met.", "Washington"),
    ("KARACHI, May 9 (Reuters) - The cabinet met.", "KARACHI"),
    ("CAIRO/KHAN YOUNIS: The cabinet met.", "CAIRO/KHAN YOUNIS"),
    ("ROYAL OAK, Mich. — The cabinet met.", "ROYAL OAK, Mich."),
    ("Analysis: the cabinet met.", None),
    ("The well-known - and loved - cabinet met.", None),
])
def test_datelines_in_any_case_with_every_separator(paragraph: str, place: str | None) -> None:
    found, rest = fields.cut_dateline(paragraph)
    assert found == place
    assert rest == ("The cabinet met." if place else paragraph)


def test_features_are_computed_for_every_line_with_its_neighbours() -> None:
    lines = ["Home News Sport", "Cabinet approves a budget", "By Sara Malik",
             "KARACHI: The cabinet approved the budget on Monday after a long debate."]
    features = page_features(lines, "https://example.test/news/cabinet-approves-budget")
    assert len(features) == 4
    assert features[2]["by"] == "1" and features[3]["dateline"] == "1"
    assert features[1]["slug"] != "0" and "-1:none" in features[0]
    assert features[1]["+1:by"] == "1"


def _made_up_model(tmp_path: Path, count: int = 60) -> Path:
    model = tmp_path / "model.crfsuite"
    pages = lineset.generated_training(count, seed=3)
    host = pagenorm.Normaliser().host
    host.load("learned")
    host.call("train", "learned", pages=pages, output=str(model))
    return model


def test_training_is_deterministic_and_the_model_reads_pages(tmp_path: Path) -> None:
    first = _made_up_model(tmp_path)
    again = tmp_path / "again.crfsuite"
    pages = lineset.generated_training(60, seed=3)
    host = pagenorm.Normaliser().host
    host.load("learned")
    host.call("train", "learned", pages=pages, output=str(again))
    assert first.read_bytes() == again.read_bytes()
    config = tmp_path / "mine.yaml"
    config.write_text(f"extends: learned\nlearned:\n  model: {json.dumps(str(first))}\n")
    normaliser = pagenorm.Normaliser(str(config))
    page = testing.generate("generic/bbc", __import__("random").Random(5))
    document = normaliser.normalise(page.text, source=pagenorm.Source(url=page.url))
    assert document.article.paragraphs
    assert any(s.plugin == "learned" for s in document.sections)


def test_the_shipped_model_ships_and_is_small() -> None:
    model = Path(default_model())
    assert model.is_file() and model.stat().st_size < 5_000_000
    check_model(str(model))


@pytest.mark.parametrize("content", [None, b"", b"not a model at all", b"lCR"])
def test_a_bad_model_file_is_a_one_line_error_naming_it(tmp_path: Path, content: bytes | None,
                                                        capsys: pytest.CaptureFixture) -> None:
    model = tmp_path / "bad.crfsuite"
    if content is not None:
        model.write_bytes(content)
    with pytest.raises(ConfigError, match=r"bad\.crfsuite"):
        check_model(str(model))
    config = tmp_path / "bad.yaml"
    config.write_text(f"extends: learned\nlearned:\n  model: {json.dumps(str(model))}\n")
    page = tmp_path / "page.txt"
    page.write_text("Cabinet approves budget\n\nKARACHI: The cabinet met on Monday.\n")
    code = main(["convert", str(page), "--config", str(config)])
    err = capsys.readouterr().err
    assert code != 0 and "bad.crfsuite" in err and "Traceback" not in err


@pytest.mark.parametrize("shape", [s for s in testing.SHAPES if s.startswith("generic/")])
def test_every_line_is_kept_with_the_learned_reader(shape: str) -> None:
    normaliser = pagenorm.Normaliser("learned")
    for page in testing.corpus(6, seed=11, shapes=[shape]):
        document = normaliser.normalise(page.text, source=pagenorm.Source(url=page.url))
        covered = {n for s in document.sections for n in range(s.first, s.last + 1)}
        covered |= {r.line for r in document.residual}
        lines = page.text.split("\n")
        assert all(n in covered for n, line in enumerate(lines) if line.strip())
        again = normaliser.normalise(page.text, source=pagenorm.Source(url=page.url))
        assert pagenorm.emit(again, "json") == pagenorm.emit(document, "json")


def test_explain_why_shows_each_lines_readings_and_what_weighed_most(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Cabinet approves a new budget for the ports\n\nBy Sara Malik\n\n"
                    "KARACHI: The cabinet approved the budget on Monday after a long debate.\n")
    assert main(["explain", str(page), "--site", "learned", "--why"]) == 0
    out = capsys.readouterr().out
    weighed = [line for line in out.splitlines() if line.strip().startswith("? learned:")]
    assert len(weighed) == 3
    assert any("byline 1.00" in line or "byline 0.9" in line for line in weighed)
    assert all("·" in line for line in weighed)  # the evidence that weighed most


@pytest.mark.parametrize(("readings", "evidence"), [
    ((("title", 2.0),), ()), ((("title",),), ()), ([("title", 0.5)], ()),
    ((), (("w0=by", float("nan")),)), ((), ((5, 1.0),)),
])
def test_readings_and_evidence_are_checked_by_the_contract(readings: object,
                                                           evidence: object) -> None:
    from pagenorm.contract import ContractError, checked_claim
    from pagenorm.model import Claim

    with pytest.raises(ContractError):
        checked_claim(Claim("title", 0, 0, 0.5, "p", None, readings, evidence), 3)
    assert checked_claim(Claim("title", 0, 0, 0.5, "p", None, (("title", 0.5),),
                               (("w0=by", -1.5),)), 3)


def test_the_document_says_which_language_it_found() -> None:
    normaliser = pagenorm.Normaliser("learned")
    document = normaliser.normalise("Cabinet approves budget\n\nBy Sara Malik\n\n"
                                    "KARACHI: The cabinet approved the budget on Monday.\n")
    assert [(d.code, d.message) for d in document.diagnostics if d.code == "page.language"] \
        == [("page.language", "the page is in en")]


def test_a_page_in_a_language_it_was_not_trained_on_is_honestly_unknown(tmp_path: Path) -> None:
    text = ("Правительство одобрило бюджет\n\nВ понедельник правительство одобрило новый "
            "бюджет после долгих споров в парламенте.\n\nМинистр сказал, что работы начнутся "
            "весной и продлятся два года.\n")
    config = tmp_path / "strict.yaml"
    config.write_text("extends: learned\nlearned:\n  languages: [en]\n  sure_at: 1.0\n")
    document = pagenorm.Normaliser(str(config)).normalise(text)
    codes = {d.code for d in document.diagnostics}
    assert document.kind == "unknown" and not document.article.paragraphs
    assert {"page.language", "page.unread_language"} <= codes
    lines = [n for n, line in enumerate(text.split("\n")) if line.strip()]
    assert [s.first for s in document.sections] == lines  # every line kept, none read


@pytest.mark.parametrize("options", ["floor: 0.9", "span: -1", "related_at: 2",
                                     "listing_lines: 0", "sure_at: yes"])
def test_learned_options_out_of_range_are_config_errors(tmp_path: Path, options: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(f"extends: learned\nlearned:\n  {options}\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml:3"):
        pagenorm.Normaliser(str(config))


def test_training_into_a_folder_or_nowhere_is_a_one_line_error(tmp_path: Path) -> None:
    host = pagenorm.Normaliser().host
    host.load("learned")
    pages = lineset.generated_training(4, seed=1)
    for output in (tmp_path, tmp_path / "no" / "m.crfsuite"):
        with pytest.raises(ConfigError, match="cannot write the model there"):
            host.call("train", "learned", pages=pages, output=str(output))
