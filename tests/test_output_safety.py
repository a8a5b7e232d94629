"""Outputs a page id or a bad disk cannot break: file names from ids stay inside the output
folder and never collide, two runs cannot interleave, and a failed write leaves no
half-written file and an input untouched."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import orjson
import pytest

from pagenorm.batch import outputs
from pagenorm.batch.outputs import FileNames, OutputLock, page_file_name
from pagenorm.cli import main
from pagenorm.testing import corpus

HOSTILE_IDS = ["../../escape", "/etc/passwd", "nul\0byte", "x" * 10_000, "Page-One",
               "page-one", "a?b", "a*b", "errors", "ids", "dir/../../up", "ok/plain-name",
               "", ".", "..", "trailing/", "日本語の記事", "page", "page.txt", "page.text",
               "a", "a.jsonl/b", "deep/" * 2500 + "x", "../" * 3000 + "x"]


def jsonl_of(path: Path, ids: list[str]) -> bytes:
    pages = list(corpus(len(ids), seed=5))
    data = b"".join(orjson.dumps({"id": i, "text": p.text}) + b"\n"
                    for i, p in zip(ids, pages, strict=True))
    path.write_bytes(data)
    return data


def convert(*args: str) -> int:
    return main(["convert", "--quiet", "--workers", "1", *args])


def test_hostile_ids_stay_inside_the_folder_never_collide_and_are_mapped(
        tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    jsonl_of(source, HOSTILE_IDS)
    folder = tmp_path / "out"
    assert convert(str(source), "--format", "jsonl", "--output-dir", str(folder)) == 0
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert all(folder.resolve() in p.resolve().parents for p in files)
    assert not (tmp_path / "escape.jsonl").exists() and not Path("/etc/passwd.jsonl").exists()
    pages = [p for p in files if p.name not in ("ids.jsonl", "errors.jsonl")]
    assert len(pages) == len(HOSTILE_IDS)  # one file each: no two ids share one
    assert len({str(p).casefold() for p in pages}) == len(pages)  # not even by case
    assert all(len(part) <= 255 for p in pages for part in p.parts)
    mapping = {r["id"]: r["file"] for r in map(json.loads, (folder / "ids.jsonl").open())}
    ids = {json.loads(p.read_bytes())["id"] for p in pages}
    empty = f"in.jsonl:{HOSTILE_IDS.index('') + 1}"  # an empty id: file and line
    assert ids == {i or empty for i in HOSTILE_IDS}
    for page_id in ids:
        name = mapping.get(page_id, page_id + ".jsonl")
        assert json.loads((folder / name).read_bytes())["id"] == page_id
    assert "ok/plain-name" not in mapping  # plain ids keep their own names
    assert not (folder / "ids.jsonl.partial").exists()


def test_file_names_follow_input_order_and_are_the_same_in_every_run() -> None:
    first, again = FileNames(".json"), FileNames(".json")
    names = [first.name_of(i) for i in HOSTILE_IDS]
    assert names == [again.name_of(i) for i in HOSTILE_IDS]  # a resumed run agrees
    assert names == [first.name_of(i) for i in HOSTILE_IDS]  # asking twice changes nothing
    digest = hashlib.sha256(b"page-one").hexdigest()[:12]
    assert first.name_of("Page-One") == "Page-One.json"  # the first keeps its mirror name
    assert first.name_of("page-one") == f"page-one~{digest}.json"  # same name but for case
    assert page_file_name("2024/story.txt", ".json") == "2024/story.json"


def test_a_second_run_on_the_same_output_is_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.jsonl"
    with OutputLock(str(target), None):
        status = convert("examples/pages", "--format", "jsonl", "-o", str(target))
    assert status == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("pagenorm: error: ") and "another pagenorm run" in error
    assert f"pid {os.getpid()}" in error and "\n" not in error
    assert not target.exists() and not (tmp_path / "out.jsonl.partial").exists()
    assert convert("examples/pages", "--format", "jsonl", "-o", str(target)) == 0  # released
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_a_folder_is_locked_too(tmp_path: Path) -> None:
    with OutputLock(None, str(tmp_path / "dir")):
        assert convert("examples/pages", "--output-dir", str(tmp_path / "dir")) == 2
    assert convert("examples/pages", "--output-dir", str(tmp_path / "dir")) == 0


def test_an_unwritable_output_is_one_line_and_the_input_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    before = jsonl_of(source, ["a", "b"])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for flags in (["-o", str(blocker / "out.jsonl")], ["--output-dir", str(blocker / "d")]):
        assert convert(str(source), "--format", "jsonl", *flags) == 2
        error = capsys.readouterr().err.strip()
        assert error.startswith("pagenorm: error: ") and "\n" not in error
        assert "Not a directory" in error
    assert source.read_bytes() == before


class FullDisk:
    """A file whose writes fail with ENOSPC once ``budget`` bytes are written."""

    def __init__(self, real, budget: int) -> None:
        self.real, self.budget = real, budget

    def write(self, data: bytes) -> int:
        if self.budget < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.budget -= len(data)
        return self.real.write(data)

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.real.close()


@pytest.mark.parametrize("target", ["stream", "folder"])
def test_a_full_disk_stops_cleanly_and_resume_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    before = jsonl_of(source, [f"p{n:03d}" for n in range(40)])
    where = ["-o", str(tmp_path / "out.jsonl")] if target == "stream" else \
        ["--output-dir", str(tmp_path / "out")]
    clean = tmp_path / "clean"
    clean.mkdir()
    clean_where = ["-o", str(clean / "all.jsonl")] if target == "stream" else \
        ["--output-dir", str(clean)]
    assert convert(str(source), "--format", "jsonl", *clean_where) == 0
    real_open, real_fdopen = Path.open, os.fdopen
    if target == "stream":
        def full_open(self: Path, mode: str = "r", *args, **kwargs):
            handle = real_open(self, mode, *args, **kwargs)
            return FullDisk(handle, 20_000) if self.name.endswith(".partial") and \
                "b" in mode and "ids" not in self.name else handle
        monkeypatch.setattr(Path, "open", full_open)
    else:
        written = {"files": 0}

        def full_fdopen(fd: int, mode: str = "r", *args, **kwargs):
            handle = real_fdopen(fd, mode, *args, **kwargs)
            written["files"] += 1
            return FullDisk(handle, 0) if written["files"] > 15 else handle
        monkeypatch.setattr(outputs.os, "fdopen", full_fdopen)
    assert convert(str(source), "--format", "jsonl", *where) == 2
    error = capsys.readouterr().err.strip()
    assert "No space left on device" in error and "\n" not in error
    assert source.read_bytes() == before  # inputs are never written
    if target == "stream":
        assert not (tmp_path / "out.jsonl").exists()  # only the resumable .partial
    else:
        names = [p.name for p in (tmp_path / "out").iterdir()]
        assert not [n for n in names if n.startswith(".p")]  # no temporary file left
    monkeypatch.undo()  # space is free again
    assert convert(str(source), "--format", "jsonl", "--resume", *where) == 0
    if target == "stream":
        assert (tmp_path / "out.jsonl").read_bytes() == (clean / "all.jsonl").read_bytes()
    else:
        for page in clean.iterdir():
            assert (tmp_path / "out" / page.name).read_bytes() == page.read_bytes()
