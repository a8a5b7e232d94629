"""Attacks on the input side of a batch: ids that collide, outputs that name inputs, cut and
corrupt compressed streams, special files in folders, broken WARC headers, text that is not
UTF-8, summaries that must add up, and inputs that make errors by the million.

Each test tries one promise of docs/reliability.md ("Inputs and ids") with several inputs
made up here, and checks the promise, not one output. Every run is in-process with one
worker but for the special files, which run in a subprocess under a time limit: a hang
there must fail the test, not stop the suite."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import brotli
import orjson
import pytest
import zstandard

from pagenorm.batch.inputs import (
    InputFailure,
    InputOptions,
    Record,
    Skipped,
    distinct_ids,
    iter_records,
    record_page,
)
from pagenorm.batch.jobs import Job, run_job
from pagenorm.cli import main
from pagenorm.config import InputPolicy
from pagenorm.model import Source
from tests.conftest import validate

# --- made-up inputs ---


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def jsonl(*records: dict) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def warc_record(kind: str, body: bytes, length: str | None = None, **headers: str) -> bytes:
    lines = [b"WARC/1.0", f"WARC-Type: {kind}".encode()]
    lines += [f"{name.replace('_', '-')}: {value}".encode() for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body) if length is None else length}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body + b"\r\n\r\n"


def conversion(record_id: str, body: bytes, *, date: str = "2024-05-02T10:11:12Z",
               length: str | None = None) -> bytes:
    return warc_record("conversion", body, length, WARC_Target_URI="https://example.test/",
                       WARC_Date=date, WARC_Record_ID=f"<{record_id}>",
                       Content_Type="text/plain")


def response(record_id: str, body: bytes, encoding: str = "",
             content_type: str = "text/plain") -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
    if encoding:
        head += f"Content-Encoding: {encoding}\r\n"
    return warc_record("response", head.encode() + b"\r\n" + body,
                       WARC_Record_ID=f"<{record_id}>",
                       Content_Type="application/http; msgtype=response")


def records(*specs: str | Path, **options: object) -> list:
    return list(iter_records([str(s) for s in specs], InputOptions(**options)))


def convert(*args: str) -> int:
    return main(["convert", "--quiet", "--workers", "1", *args])


def documents(kind: str, target: Path) -> list[dict]:
    """The documents a run wrote, in order, whatever the sink."""
    if kind == "stream":
        return [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    if kind == "shards":
        return [json.loads(line) for shard in sorted(target.glob("part-*"))
                for line in shard.read_text("utf-8").splitlines()]
    return [json.loads(p.read_text("utf-8")) for p in sorted(target.rglob("*.json"))]


SINKS = {
    "stream": lambda out: ["--format", "jsonl", "-o", str(out)],
    "shards": lambda out: ["--format", "jsonl", "--output-dir", str(out), "--shard-size", "2"],
    "folder": lambda out: ["--format", "json", "--output-dir", str(out)],
}


def colliding_inputs(folder: Path) -> tuple[list[str], list[str]]:
    """Inputs whose pages share ids in every way a batch meets them, and the ids in input
    order before renaming: files of one name in three folders, JSON Lines records with one
    id (and one whose id is what a renamed page would get), WARC records with one id."""
    files = [str(write(folder / d / "index.txt", f"Title {d}\nBody of {d}.\n")) for d in "abc"]
    lines = write(folder / "pages.jsonl", jsonl(
        {"id": "story", "text": "One\n"}, {"id": "story", "text": "Two\n"},
        {"id": "story~2", "text": "Three\n"}, {"id": "index.txt", "text": "Four\n"}))
    crawl = write(folder / "crawl.warc", conversion("urn:x", b"Five\n")
                  + conversion("urn:x", b"Six\n"))
    ids = ["index.txt"] * 3 + ["story", "story", "story~2", "index.txt", "urn:x", "urn:x"]
    return [*files, str(lines), str(crawl)], ids


# --- ids ---


@pytest.mark.parametrize("sink", sorted(SINKS))
def test_every_page_comes_out_under_a_distinct_id(tmp_path: Path, sink: str) -> None:
    inputs, original = colliding_inputs(tmp_path / "in")
    out = tmp_path / "out"
    assert convert(*inputs, *SINKS[sink](out)) == 0
    docs = documents(sink, out)
    ids = [d["id"] for d in docs]
    assert len(docs) == len(original) and len(set(ids)) == len(ids)
    if sink != "folder":  # a folder's files come back in file-name order
        assert ids == ["index.txt", "index.txt~2", "index.txt~3", "story", "story~2",
                       "story~2~2", "index.txt~4", "urn:x", "urn:x~2"]
    # every id seen before is renamed: the second "story", and the "story~2" of the input
    # once that is taken by the renamed one
    renamed = [d for d in docs if any(x["code"] == "page.duplicate_id" for x in d["diagnostics"])]
    assert len(renamed) == 6
    for doc in renamed:
        [note] = [x for x in doc["diagnostics"] if x["code"] == "page.duplicate_id"]
        assert note["level"] == "warning" and repr(doc["id"]) in note["message"]
        assert doc["id"].rsplit("~", 1)[0] in note["message"]
        validate(doc)
    if sink == "folder":  # a renamed page's file is recorded, as every unplain name is
        mapped = [json.loads(line)["id"] for line in (out / "ids.jsonl").read_text().splitlines()]
        assert {d["id"] for d in renamed} <= set(mapped)


def test_the_dask_engine_gives_the_same_derived_ids(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    inputs, _ = colliding_inputs(tmp_path / "in")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert convert(*inputs, "--format", "jsonl", "-o", str(local)) == 0
    assert convert(*inputs, "--format", "jsonl", "-o", str(dask), "--engine", "dask") == 0
    assert dask.read_bytes() == local.read_bytes()


def test_derived_ids_are_the_same_in_every_run_and_resume_agrees(tmp_path: Path) -> None:
    inputs, _ = colliding_inputs(tmp_path / "in")
    full = tmp_path / "full.jsonl"
    assert convert(*inputs, "--format", "jsonl", "-o", str(full)) == 0
    again = tmp_path / "again.jsonl"
    assert convert(*inputs, "--format", "jsonl", "-o", str(again)) == 0
    assert again.read_bytes() == full.read_bytes()
    lines = full.read_bytes().splitlines(keepends=True)
    for cut in (2, 5, 8):  # a run killed after ``cut`` pages, then resumed
        target = tmp_path / f"resumed-{cut}.jsonl"
        write(target.with_name(target.name + ".partial"), b"".join(lines[:cut]))
        assert convert(*inputs, "--format", "jsonl", "-o", str(target), "--resume") == 0
        assert target.read_bytes() == full.read_bytes()
    folder = tmp_path / "folder"
    assert convert(*inputs, "--output-dir", str(folder)) == 0
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / next(n for n in sorted(first) if "~" in n)).unlink()  # a renamed page's
    assert convert(*inputs, "--output-dir", str(folder), "--resume") == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


def test_distinct_ids_never_repeat_whatever_the_input_holds() -> None:
    def item(id: str) -> Record:
        return Record(id=id, source=Source(), data=b"")

    for ids in (["a"] * 50, ["a", "a~2", "a", "a~2", "a~3", "a"], ["x~2~2", "x", "x", "x~2"],
                [""] * 3, ["\udcff", "\udcff"]):
        got = [i.id for i in distinct_ids(item(i) for i in ids)]
        assert len(set(got)) == len(got) and got[0] == ids[0]
        assert [i.id for i in distinct_ids(item(i) for i in ids)] == got  # deterministic
        assert [i.id for i in distinct_ids(item(i) for i in got)] == got  # unique stays
    failures = [InputFailure("p", "p", "input.bad_json", "x"), item("p")]
    assert [i.id for i in distinct_ids(failures)] == ["p", "p~2"]  # an error holds its id


# --- outputs that name inputs ---


def test_an_output_that_names_an_input_is_refused(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    page = write(tmp_path / "in" / "page.txt", "Title\nBody.\n")
    lines = write(tmp_path / "in" / "pages.jsonl", jsonl({"id": "a", "text": "A\n"}))
    link = tmp_path / "link.txt"
    os.link(page, link)
    before = {p: p.read_bytes() for p in (page, lines)}
    attacks = [
        [str(page), "-o", str(page)],
        [str(page), "-o", str(link)],  # another name of the same file
        [str(tmp_path / "in"), "--format", "jsonl", "-o", str(lines)],  # found in a folder
        [str(tmp_path / "in" / "*.jsonl"), "--format", "jsonl", "-o", str(lines)],  # a glob
        [str(tmp_path / "**"), "--format", "jsonl", "-o", str(lines)],
        [str(lines), str(page), "-o", str(tmp_path / "out.jsonl"), "--errors", str(page)],
        [str(tmp_path / "in"), "--output-dir", str(tmp_path / "in")],
        [str(page), "-o", str(tmp_path / "in" / ".." / "in" / "page.txt")],
    ]
    for args in attacks:
        assert convert(*args) == 2, args
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert "input" in err and ("--output" in err or "--errors" in err)
        assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.rglob("*.lock")) and not list(tmp_path.rglob("*.partial"))
    # an output beside the inputs, that no input reads, is fine
    assert convert(str(tmp_path / "in"), "--format", "jsonl", "-o",
                   str(tmp_path / "in" / "out.json")) == 0


# --- compressed streams cut short or corrupt ---


def _cut_points(data: bytes) -> list[int]:
    return sorted({5, 12, len(data) // 3, len(data) // 2, len(data) - 4, len(data) - 1})


@pytest.mark.parametrize("pack", [
    lambda d: zstandard.ZstdCompressor().compress(d),
    lambda d: zstandard.ZstdCompressor(write_checksum=True, write_content_size=False).compress(d),
    lambda d: b"".join(zstandard.ZstdCompressor().compress(d[i:i + 3000])
                       for i in range(0, len(d), 3000)),  # many frames
    lambda d: gzip.compress(d),
], ids=["zstd", "zstd checksum", "zstd frames", "gzip"])
def test_a_cut_compressed_json_lines_file_is_reported_not_taken_for_its_end(
        tmp_path: Path, pack) -> None:
    text = jsonl(*({"id": f"p{i}", "text": os.urandom(30).hex()} for i in range(300)))
    data = pack(text)
    suffix = ".jsonl.gz" if data.startswith(b"\x1f\x8b") else ".jsonl.zst"
    whole = records(write(tmp_path / f"whole{suffix}", data))
    assert len(whole) == 300 and all(isinstance(r, Record) for r in whole)
    for cut in _cut_points(data):
        name = f"cut-{cut}{suffix}"
        *pages, failure = records(write(tmp_path / name, data[:cut]))
        assert isinstance(failure, InputFailure), cut
        assert failure.code == "input.bad_compression" and failure.id == name
        assert f"stopped after {len(pages)} lines" in failure.message
        assert all(isinstance(p, Record) for p in pages) and len(pages) <= 300


@pytest.mark.parametrize("coding, pack", [
    ("zstd", lambda d: zstandard.ZstdCompressor().compress(d)),
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda d: zlib.compress(d)[2:-4]),  # raw deflate, as servers send it
    ("br", brotli.compress),
])
def test_a_cut_http_body_is_an_error_record_and_the_next_record_is_read(
        tmp_path: Path, coding: str, pack) -> None:
    body = ("A line of a page, not repeated: " + os.urandom(2000).hex() + "\n").encode()
    data = pack(body)
    cuts = [len(data) // 2, len(data) - 3]
    crawl = b"".join(response(f"urn:cut:{n}", data[:n], coding) for n in cuts)
    crawl = response("urn:whole", data, coding) + crawl + conversion("urn:after", b"After\n")
    items = records(write(tmp_path / "crawl.warc", crawl))
    assert [i.id for i in items] == ["urn:whole", "urn:cut:" + str(cuts[0]),
                                     "urn:cut:" + str(cuts[1]), "urn:after"]
    assert items[0].data == body
    for failure in items[1:3]:
        assert isinstance(failure, InputFailure) and failure.code == "input.bad_encoding"
        assert "\n" not in failure.message


def test_every_decoder_error_is_an_error_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = b"A page\n"
    bad_bodies = {
        "zstd": b"\x28\xb5\x2f\xfd" + b"\x00garbage" * 20,
        "gzip": b"\x1f\x8b\x08\x00garbage" * 5,
        "deflate": b"\x78\x9cgarbage" * 5,
        "br": b"\xff\xff garbage" * 5,
        "chunked": b"zz\r\nnot a chunk",
        "gzip, zstd": zstandard.ZstdCompressor().compress(b"not gzip inside"),
        "compress": b"an encoding nobody decodes",
    }
    crawl = b"".join(response(f"urn:{coding}", body, coding)
                     for coding, body in bad_bodies.items())
    crawl += response("urn:charset", b"caf\xe9", content_type="text/plain; charset=x-unknown")
    crawl += response("urn:utf16", b"\x00\xd8", content_type="text/plain; charset=utf-16-le")
    crawl += conversion("urn:fine", good)
    source = write(tmp_path / "crawl.warc", crawl)
    zipped = write(tmp_path / "bad.jsonl.zst", b"\x28\xb5\x2f\xfd" + os.urandom(500))
    bzipped = write(tmp_path / "b.jsonl", bz2.compress(b'{"text": "x"}\n'))
    after = write(tmp_path / "after.txt", "The batch goes on\n")
    items = records(source, zipped, bzipped, after)
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [i.id for i in items if isinstance(i, Record)] == ["urn:fine", "after.txt"]
    assert len(failures) == len(bad_bodies) + 2 + 2
    assert all("\n" not in f.message and f.code.startswith("input.") for f in failures)
    out = tmp_path / "out.jsonl"
    assert convert(str(source), str(zipped), str(bzipped), str(after), "--format", "jsonl",
                   "-o", str(out)) == 1  # errors: exit 1, never a traceback
    assert len(out.read_text().splitlines()) == 2
    assert len((tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()) == len(failures)


# --- special files in folders ---


SPECIAL_FILES = """
import os, socket, sys
from pagenorm.cli import main
folder = sys.argv[1]
os.mkfifo(os.path.join(folder, "in", "a-fifo.txt"))
os.mkfifo(os.path.join(folder, "in", "deep", "b-fifo.jsonl"))
os.symlink(os.path.join(folder, "in", "a-fifo.txt"), os.path.join(folder, "in", "c-link.txt"))
server = socket.socket(socket.AF_UNIX)
server.bind(os.path.join(folder, "in", "d-socket.txt"))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("spec", ["in", "in/**/*", "in/*.txt"])
def test_special_files_in_folders_are_skipped_and_counted_never_opened(
        tmp_path: Path, spec: str) -> None:
    write(tmp_path / "in" / "page.txt", "Title\nBody.\n")
    write(tmp_path / "in" / "deep" / "more.txt", "Title\nMore.\n")
    out = tmp_path / "out.jsonl"
    args = ["convert", "--workers", "1", str(tmp_path / spec), "--format", "jsonl",
            "-o", str(out)]
    run = subprocess.run([sys.executable, "-c", SPECIAL_FILES, str(tmp_path), *args],
                         capture_output=True, text=True, timeout=20, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    special = {"in": 4, "in/**/*": 4, "in/*.txt": 3}[spec]
    written = {"in": 2, "in/**/*": 2, "in/*.txt": 1}[spec]
    assert len(out.read_text().splitlines()) == written
    head = run.stderr.splitlines()[0]
    assert (f"{written + special} pages: {written} written, 0 errors, {special} skipped "
            f"({special} not a regular file)") in head
    named = next(line for line in run.stderr.splitlines() if "skipped, not a regular" in line)
    assert "a-fifo.txt" in named and "c-link.txt" in named and "d-socket.txt" in named
    assert "Traceback" not in run.stderr


def test_a_file_turned_into_a_fifo_after_the_walk_is_skipped(tmp_path: Path,
                                                             monkeypatch) -> None:
    from pagenorm.batch import inputs

    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    monkeypatch.setattr(inputs, "_special", lambda path: None)  # the walk saw a file
    [item] = records(tmp_path)
    assert isinstance(item, Skipped) and "a FIFO" in item.message
    monkeypatch.undo()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.jsonl"))
    assert [type(i) for i in records(tmp_path)] == [Skipped, Skipped]
    server.close()


# --- WARC headers ---


@pytest.mark.parametrize("date", ["2024-13-45T00:00:00Z", "2023-02-29T00:00:00Z",
                                  "0000-01-01T00:00:00Z", "2024-00-10", "9999-99-99"])
def test_an_impossible_warc_date_is_no_page_date_and_a_warning(tmp_path: Path,
                                                                date: str) -> None:
    crawl = write(tmp_path / "crawl.warc", conversion("urn:d", b"Title\nBody.\n", date=date)
                  + conversion("urn:ok", b"Title\n", date="2024-02-29T01:02:03Z"))
    out = tmp_path / "out.jsonl"
    assert convert(str(crawl), "--format", "jsonl", "-o", str(out)) == 0
    bad, ok = (json.loads(line) for line in out.read_text().splitlines())
    validate(bad)
    assert bad["page_date"] is None and ok["page_date"] == "2024-02-29"
    [note] = [d for d in bad["diagnostics"] if d["code"] == "page.bad_date"]
    assert date in note["message"]


@pytest.mark.parametrize("length", [str(2**64), str(2**64 + 7), "9" * 40])
def test_an_overflowing_content_length_is_corrupt_not_an_empty_page(tmp_path: Path,
                                                                     length: str) -> None:
    crawl = write(tmp_path / "crawl.wet", conversion("urn:1", b"Page one\n")
                  + conversion("urn:big", b"Page two\n", length=length)
                  + conversion("urn:3", b"Page three\n"))
    first, failure = records(crawl)
    assert isinstance(first, Record) and first.data == b"Page one\n"
    assert isinstance(failure, InputFailure) and failure.code == "input.bad_warc"
    assert length in failure.message


# --- text that is not UTF-8 ---


BAD_TEXT = [b"caf\xe9", b"\xed\xa0\x80 an encoded surrogate", b"cut \xe2\x82",
            b"\xc0\x80 overlong", b"\\udc80 an escape", b"\\ud800\\ud800 two highs"]


@pytest.mark.parametrize("bad", BAD_TEXT)
def test_text_that_is_not_utf8_in_json_lines_follows_the_decoding_policy(
        tmp_path: Path, bad: bytes) -> None:
    line = b'{"id": "p", "text": "Title\\n' + bad + b'\\n"}\n'
    path = write(tmp_path / "pages.jsonl", line + jsonl({"id": "q", "text": "Fine\n"}))
    record, fine = records(path)
    assert isinstance(record, Record) and isinstance(fine, Record)
    from pagenorm.errors import InputError

    with pytest.raises(InputError) as caught:
        record_page(record, InputPolicy(decoding="strict"))
    assert caught.value.code == "page.undecodable" and str(path) in str(caught.value)
    assert "surrogates not allowed" not in str(caught.value)
    page = record_page(record, InputPolicy(decoding="replace"))
    assert "\ufffd" in page.text and [d.code for d in page.diagnostics] == ["page.replaced_bytes"]
    page.text.encode("utf-8")  # writable
    for decoding, code in (("strict", 1), ("replace", 0)):
        out = tmp_path / f"{decoding}.jsonl"
        assert convert(str(path), "--format", "jsonl", "-o", str(out),
                       "--decoding", decoding) == code
    errors = (tmp_path / "strict.jsonl.errors.jsonl").read_text()
    assert json.loads(errors)["code"] == "page.undecodable"


def test_ids_and_urls_that_are_not_utf8_never_stop_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "plain.txt", "Title\n")
    for name in (b"caf\xe9.txt", b"\xff\xfe.txt", b"sub\xff/page.txt"):
        (folder / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
        (folder / os.fsdecode(name)).write_bytes(b"Title\nBody\n")
    write(folder / "lines.jsonl", b'{"id": "caf\xe9", "text": "x"}\n{"url": "\xff", "text": "y"}\n'
                                  b'{"id": "\\udc80", "text": "z"}\n')
    for sink in sorted(SINKS):
        out = tmp_path / sink
        assert convert(str(folder), *SINKS[sink](out)) == 1  # three bad id/url fields
        docs = documents(sink, out)
        assert len(docs) == 4 and all(isinstance(d["id"], str) for d in docs)
        errors = out / "errors.jsonl" if sink != "stream" else Path(f"{out}.errors.jsonl")
        assert [json.loads(e)["code"] for e in errors.read_text().splitlines()] == [
            "input.bad_field"] * 3
    assert convert(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"), "-o",
                   str(tmp_path / "one.json")) == 0
    assert convert(os.fsdecode(bytes(folder) + b"/missing\xe9"), "-o",
                   str(tmp_path / "none.json")) == 1


# --- the summary and the errors file ---


def test_the_summary_adds_up_whatever_happened(tmp_path: Path) -> None:
    pages = write(tmp_path / "pages.jsonl", jsonl(
        *({"id": f"p{i}", "text": f"Page {i}\n"} for i in range(20)), {"id": "bad"},
        {"id": "p3", "text": "a duplicate\n"}))
    folder = tmp_path / "in"
    write(folder / "a.txt", "A\n")
    os.mkfifo(folder / "b.txt")
    out = tmp_path / "out.jsonl"
    lines = b"".join(orjson.dumps({"id": f"p{i}"}) + b"\n" for i in range(5))

    def run(**more: object) -> object:
        job = Job(inputs=(str(pages), str(folder), str(tmp_path / "gone.txt")), output=str(out),
                  format="jsonl", workers=1, chunk_size=3, quiet=True, **more)
        return run_job(job)

    for summary in (run(), run(fail_fast=True)):
        assert summary.pages == summary.written + summary.errors + summary.skipped
    summary = run()
    assert (summary.written, summary.errors, summary.skipped) == (22, 2, 1)
    assert summary.skipped_by == {"not a regular file": 1}
    assert summary.skipped_files == {"not a regular file": (str(folder / "b.txt"),)}
    write(Path(f"{out}.partial"), lines)
    summary = run(resume=True)
    assert summary.pages == summary.written + summary.errors + summary.skipped == 25
    assert summary.skipped_by == {"done before": 5, "not a regular file": 1}
    head = summary.lines()[0]
    assert "25 pages: 17 written, 2 errors, 6 skipped (5 done before, 1 not a regular file)" \
        in head


@pytest.mark.parametrize("pack", [gzip.compress, lambda d: zstandard.ZstdCompressor().compress(d)])
def test_repeated_errors_are_capped_per_input_and_all_counted(tmp_path: Path, pack) -> None:
    flood = pack(b"not json\n" * 20_000 + b'{"text": 1}\n' * 150 + b"[]\n" * 3)
    assert len(flood) < 5_000  # a tiny input
    big = write(tmp_path / "flood.jsonl.gz", flood)
    small = write(tmp_path / "small.jsonl", b"x\n" * 3 + jsonl({"text": "fine\n"}))
    again = write(tmp_path / "again.jsonl.gz", flood)
    out = tmp_path / "out.jsonl"
    job = Job(inputs=(str(big), str(small), str(again)), output=str(out), format="jsonl",
              workers=1, chunk_size=512, quiet=True)
    summary = run_job(job)
    assert summary.errors == 2 * (20_000 + 150 + 3) + 3 and summary.written == 1
    assert summary.error_codes == {"input.bad_json": 2 * 20_003 + 3,
                                   "input.missing_field": 300}
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert len(errors) < 1_000
    left = [e for e in errors if "left_out" in e]
    assert [(e["source"], e["code"], e["left_out"]) for e in left] == [
        (str(big), "input.bad_json", 20_003 - 100), (str(big), "input.missing_field", 50),
        (str(again), "input.bad_json", 20_003 - 100), (str(again), "input.missing_field", 50)]
    kept = [e for e in errors if "left_out" not in e]
    assert len(kept) + sum(e["left_out"] for e in left) == summary.errors
    assert sum(1 for e in kept if e["source"].startswith(str(small))) == 3


def test_capped_errors_on_standard_error_too(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    big = write(tmp_path / "flood.jsonl", b"{\n" * 5_000)
    assert main(["convert", "--workers", "1", str(big), "--format", "jsonl"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) < 120 and any("4,900 more input.bad_json errors" in line for line in err)
    assert "5000 pages: 0 written, 5000 errors" in "\n".join(err)


def test_records_stay_small_across_processes() -> None:
    import pickle

    stream = io.BytesIO()
    items = list(distinct_ids([Record(id="a", source=Source(), data=b"x")] * 2))
    pickle.dump(items, stream)
    assert pickle.loads(stream.getvalue()) == items
