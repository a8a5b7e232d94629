"""Batch conversion: identical output across runs and worker counts, error records,
resume after a kill, outputs written whole, job files."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from pagenorm.cli import main
from pagenorm.testing import corpus


def make_jsonl(path: Path, count: int, *, bad_every: int = 0) -> list[str]:
    """``count`` made-up pages as JSON Lines; every ``bad_every``-th one undecodable."""
    ids = []
    with path.open("wb") as out:
        for number, page in enumerate(corpus(count, seed=11)):
            page_id = f"page-{number:05d}"
            record = {"id": page_id, "text": page.text, "url": page.url}
            if bad_every and number % bad_every == bad_every - 1:
                record = {"id": page_id, "body": "the text is under the wrong key"}
            out.write(orjson.dumps(record) + b"\n")
            ids.append(page_id)
    return ids


def convert(*args: str) -> int:
    return main(["convert", "--quiet", *args])


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "pages.jsonl"
    make_jsonl(path, 400)
    return path


def test_same_output_for_every_worker_count_and_run(pages: Path, tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2", "2"):
        target = tmp_path / f"out-{len(outputs)}.jsonl"
        assert convert(str(pages), "--format", "jsonl", "-o", str(target),
                       "--workers", workers, "--chunk-size", "16") == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    ids = [json.loads(line)["id"] for line in outputs[0].splitlines()]
    assert ids == [f"page-{n:05d}" for n in range(400)]  # input order


def test_failed_pages_become_error_records_and_the_rest_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    make_jsonl(source, 50, bad_every=10)
    target = tmp_path / "out.jsonl"
    assert convert(str(source), "--format", "jsonl", "-o", str(target), "--workers", "2") == 1
    assert len(target.read_bytes().splitlines()) == 45
    errors = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").open()]
    assert [e["id"] for e in errors] == [f"page-{n:05d}" for n in range(9, 50, 10)]
    assert {e["code"] for e in errors} == {"input.missing_field"}
    assert all(set(e) == {"id", "source", "code", "message"} for e in errors)


def test_fail_fast_stops_at_the_first_error(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    make_jsonl(source, 50, bad_every=10)
    assert convert(str(source), "--format", "jsonl", "-o", str(tmp_path / "o.jsonl"),
                   "--workers", "1", "--fail-fast") == 1
    assert not (tmp_path / "o.jsonl").exists()  # never a half-finished output in place


def test_gzip_input_and_compressed_output(pages: Path, tmp_path: Path) -> None:
    packed = tmp_path / "pages.jsonl.gz"
    packed.write_bytes(gzip.compress(pages.read_bytes()))
    plain, squeezed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    assert convert(str(pages), "--format", "jsonl", "-o", str(plain)) == 0
    assert convert(str(packed), "--format", "jsonl", "-o", str(squeezed)) == 0
    def documents(data: bytes) -> list[dict]:
        out = [json.loads(line) for line in data.splitlines()]
        for document in out:
            document["source"]["path"] = None  # the input files' names differ
        return out

    assert documents(gzip.decompress(squeezed.read_bytes())) == documents(plain.read_bytes())


def test_shards_and_one_file_per_page(pages: Path, tmp_path: Path) -> None:
    assert convert(str(pages), "--format", "jsonl", "--output-dir", str(tmp_path / "s"),
                   "--shard-size", "150") == 0
    shards = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert shards == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert len((tmp_path / "s" / "part-00002.jsonl").read_bytes().splitlines()) == 100
    folder = tmp_path / "pages"
    assert convert("examples/pages", "--output-dir", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "brecorder-markets.json", "brecorder-short-strip.json", "generic-body-first.json",
        "generic-byline.json"]


def _written(target: Path) -> int:
    """How far a run has got: bytes of a stream's .partial file, or files in a folder."""
    if target.suffix == ".jsonl":
        partial = target.with_name(target.name + ".partial")
        return partial.stat().st_size if partial.exists() else 0
    return sum(1 for _ in target.glob("*.jsonl")) if target.exists() else 0


@pytest.mark.parametrize("kind", ["stream", "folder"])
def test_ten_kills_at_random_moments_then_resume_give_every_page_once(
        tmp_path: Path, kind: str) -> None:
    source = tmp_path / "big.jsonl"
    ids = make_jsonl(source, 1200)
    whole, target = (tmp_path / "whole.jsonl", tmp_path / "out.jsonl") if kind == "stream" \
        else (tmp_path / "whole", tmp_path / "out")
    flag = "-o" if kind == "stream" else "--output-dir"
    assert convert(str(source), "--format", "jsonl", flag, str(whole), "--workers", "2") == 0
    finished = _written(whole) if kind == "folder" else whole.stat().st_size
    command = [sys.executable, "-m", "pagenorm", "convert", "--quiet", str(source), "--format",
               "jsonl", flag, str(target), "--workers", "2", "--chunk-size", "8", "--resume"]
    moments = sorted(random.Random(7).uniform(0.02, 0.95) * finished for _ in range(10))
    kills = 0
    for moment in moments:
        process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 60
        while process.poll() is None and _written(target) < moment \
                and time.monotonic() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the converter and its workers
            kills += 1
        process.wait()
        if kind == "stream":
            assert not target.exists()  # never a half output under the final name
    assert kills == 10
    assert subprocess.run(command).returncode == 0
    if kind == "stream":
        assert target.read_bytes() == whole.read_bytes()
        assert [json.loads(line)["id"] for line in target.open()] == ids  # each once
        assert not target.with_name("out.jsonl.partial").exists()
    else:
        assert sorted(p.name for p in target.iterdir()) == sorted(
            p.name for p in whole.iterdir())
        assert all((target / p.name).read_bytes() == p.read_bytes() for p in whole.iterdir())


def test_a_job_file_runs_like_the_flags(pages: Path, tmp_path: Path) -> None:
    job = tmp_path / "job.yaml"
    job.write_text(f"inputs: [{pages}]\noutput: out.jsonl\nformat: jsonl\nworkers: 2\n"
                   "quiet: true\n")
    assert main(["run", str(job)]) == 0
    flags = tmp_path / "flags.jsonl"
    assert convert(str(pages), "--format", "jsonl", "-o", str(flags)) == 0
    assert (tmp_path / "out.jsonl").read_bytes() == flags.read_bytes()


def test_job_file_mistakes_are_one_line_errors(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    job = tmp_path / "job.yaml"
    job.write_text("inputs: [a.txt]\nworkrs: 2\n")
    assert main(["run", str(job)]) == 2
    assert f"{job}:2: workrs: unknown key (did you mean 'workers'?)" in capsys.readouterr().err


def test_normalise_records_for_other_engines() -> None:
    import pagenorm

    pages = list(corpus(5, seed=2))
    records = [{"id": f"r{n}", "text": p.text, "url": p.url} for n, p in enumerate(pages)]
    bare = "A bare page of text that ends like a sentence."
    out = list(pagenorm.normalise_records([*records, {"id": "empty"}, bare]))
    assert [o["id"] for o in out] == ["r0", "r1", "r2", "r3", "r4", "empty", "6"]
    assert all(o["error"] is None and o["document"]["schema"] == "pagenorm/1" for o in out[:5])
    assert out[5]["error"]["code"] == "input.missing_field" and out[5]["document"] is None
    assert out[6]["document"]["article"]["paragraphs"] == [
        "A bare page of text that ends like a sentence."]


def test_ctrl_c_stops_cleanly_with_a_summary_and_exit_130(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    make_jsonl(source, 1500, bad_every=50)  # pages failed before Ctrl-C: still 130
    partial = tmp_path / "out.jsonl.partial"
    command = [sys.executable, "-m", "pagenorm", "convert", str(source), "--format", "jsonl",
               "-o", str(tmp_path / "out.jsonl"), "--workers", "2", "--chunk-size", "8"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
            not partial.exists() or partial.stat().st_size < 100_000):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"interrupted: " in err and b"Traceback" not in err
    lines = partial.read_bytes().splitlines()
    assert lines and all(json.loads(line)["schema"] == "pagenorm/1" for line in lines)
