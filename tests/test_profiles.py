"""A user's own profiles (issue 13): ``--profiles DIR``, a job's ``profiles`` and
``PAGENORM_PROFILES`` add a folder of YAML profiles to the automatic choice, to ``--site``
and to what ``extends`` may reach; a bad file in it is one line naming the file and line."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import pagenorm
from pagenorm.cli import main
from pagenorm.config import PROFILES_ENV
from pagenorm.errors import ConfigError
from pagenorm.testing import generate

PROFILE = """extends: default
site:
  name: my-site
  timezone: Europe/London
  detect:
    urls: ["my-site.example"]
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name, text in (files or {"mysite.yaml": PROFILE}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "page.txt"
    page.write_text(generate("generic/article", random.Random(3)).text, encoding="utf-8")
    return page


def _convert(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    status = main(["convert", *args])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out.strip() else {}), err


def test_a_profile_of_the_folder_is_picked_by_its_signatures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, page = _folder(tmp_path), _page(tmp_path)
    status, document, _ = _convert(capsys, str(page), "--profiles", str(folder),
                                   "--url", "https://my-site.example/a")
    assert (status, document["site"]) == (0, "my-site")
    status, document, _ = _convert(capsys, str(page), "--url", "https://my-site.example/a")
    assert (status, document["site"]) == (0, "generic")  # without the folder: not known


def test_site_finds_a_profile_of_the_folder_by_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, page = _folder(tmp_path), _page(tmp_path)
    status, document, _ = _convert(capsys, str(page), "--profiles", str(folder),
                                   "--site", "mysite")
    assert (status, document["site"]) == (0, "my-site")
    status, _, err = _convert(capsys, str(page), "--site", "mysite")
    assert status == 2 and "no site profile of that name" in err


def test_the_environment_names_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILES_ENV, str(_folder(tmp_path)))
    status, document, _ = _convert(capsys, str(_page(tmp_path)), "--site", "mysite")
    assert (status, document["site"]) == (0, "my-site")
    assert pagenorm.Normaliser("mysite").pipeline_for  # the library reads it too


def test_a_job_file_names_the_folder_relative_to_itself(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _folder(tmp_path)
    page = _page(tmp_path)
    job = tmp_path / "job.yaml"
    job.write_text(f"inputs: [{page.name}]\nprofiles: profiles\nurl: https://my-site.example/\n"
                   "output: out.json\nquiet: true\n", encoding="utf-8")
    assert main(["run", str(job)]) == 0
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["site"] == "my-site"


def test_extends_reaches_the_folder_by_name(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, **{"mysite.yaml": PROFILE,
                                  "mysite-print.yaml": "extends: mysite\nsite:\n  name: print\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    mine = elsewhere / "mine.yaml"
    mine.write_text("extends: mysite\nsite:\n  name: mine\n", encoding="utf-8")
    assert main(["check-config", str(mine), "--profiles", str(folder)]) == 0
    assert "ok (site mine, Europe/London" in capsys.readouterr().out
    assert main(["check-config", str(mine)]) == 2  # without the folder: no such profile
    assert "mysite" in capsys.readouterr().err
    page = _page(tmp_path)
    status, document, _ = _convert(capsys, str(page), "--profiles", str(folder),
                                   "--site", "mysite-print")
    assert (status, document["site"]) == (0, "print")


def test_a_bad_file_in_the_folder_is_one_line_naming_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, **{"good.yaml": PROFILE,
                                  "broken.yaml": "extends: default\nsite:\n  nmae: x\n"})
    status, _, err = _convert(capsys, str(_page(tmp_path)), "--profiles", str(folder))
    assert status == 2
    [line] = err.splitlines()
    assert line.startswith("pagenorm: error: ") and "broken.yaml:3" in line
    assert "site.nmae: unknown key (did you mean 'name'?)" in line


def test_a_folder_that_is_not_there_is_one_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _convert(capsys, str(_page(tmp_path)), "--profiles",
                              str(tmp_path / "nowhere"))
    assert status == 2
    assert err.strip() == (f"pagenorm: error: {tmp_path / 'nowhere'}: no such folder of "
                           f"profiles (--profiles, a job's profiles or {PROFILES_ENV})")


def test_a_profile_named_like_a_shipped_one_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"dawn.yaml": PROFILE})
    with pytest.raises(ConfigError, match=r"dawn\.yaml: a profile named 'dawn' exists already"):
        pagenorm.Normaliser(profiles=[folder])


def test_explain_and_eval_take_the_folder_too(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder, page = _folder(tmp_path), _page(tmp_path)
    assert main(["explain", str(page), "--profiles", str(folder), "--site", "mysite",
                 "--why"]) == 0
    assert "mysite" in capsys.readouterr().out
    assert main(["eval", "--pages", "3", "--profiles", str(folder), "--site", "mysite",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
