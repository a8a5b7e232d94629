"""Object stores as inputs and outputs (fsspec URLs): ``memory://`` for most paths, and a
real S3 API (moto's server on 127.0.0.1, started and stopped here) for S3 itself. The same
pages give the same documents and the same output bytes as local files do."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import orjson
import pytest

from pagenorm.batch import stores
from pagenorm.cli import main
from pagenorm.testing import corpus


def convert(*args: str) -> int:
    return main(["convert", "--quiet", *args])


@pytest.fixture
def memory() -> Iterator[Any]:
    """The process's ``memory://`` store, empty before and after the test."""
    fs = fsspec.filesystem("memory")
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]
    yield fs
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]


def page_files(count: int, seed: int = 5) -> dict[str, bytes]:
    """Made-up pages as a little crawl: pages in folders, and one JSON Lines file."""
    pages = list(corpus(count + 3, seed=seed))
    files = {f"{'ab'[n % 2]}/page-{n:02d}.txt": page.text.encode() for n, page in
             enumerate(pages[:count])}
    files["a.txt"] = pages[count].text.encode()  # after the folder a/, as a local walk
    files["more.jsonl"] = b"".join(
        orjson.dumps({"id": f"rec-{n}", "text": page.text, "url": page.url}) + b"\n"
        for n, page in enumerate(pages[count + 1:]))
    paragraphs = "".join(f"<p>{line}</p>" for line in pages[0].text.splitlines() if line)
    files["c.html"] = f"<html><body>{paragraphs}</body></html>".encode()
    files["notes.md"] = b"not a page: a walk leaves it"
    return files


def lay_out(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def upload(fs: Any, root: str, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        fs.pipe_file(f"{root}/{name}", data)


def jsonl_records(count: int, *, bad: int | None = None) -> bytes:
    lines = []
    for n, page in enumerate(corpus(count, seed=11)):
        record = {"id": f"page-{n:03d}", "text": page.text, "url": page.url}
        if n == bad:
            record = {"id": f"page-{n:03d}", "body": "the text is under the wrong key"}
        lines.append(orjson.dumps(record) + b"\n")
    return b"".join(lines)


def without_paths(stream: bytes) -> list[dict[str, Any]]:
    """The documents of a JSON Lines stream, their ``source.path`` (where each was read:
    a path or a URL) left out."""
    documents = [json.loads(line) for line in stream.splitlines()]
    for document in documents:
        document["source"].pop("path", None)
    return documents


# --- memory:// ---


def test_a_prefix_a_glob_and_one_object_read_as_local_files(memory: Any, tmp_path: Path
                                                            ) -> None:
    files = page_files(6)
    lay_out(tmp_path / "crawl", files)
    upload(memory, "/crawl", files)
    local, stored = tmp_path / "local.jsonl", tmp_path / "stored.jsonl"
    for spec, out in ((str(tmp_path / "crawl"), local), ("memory://crawl", stored)):
        assert convert(spec, "--format", "jsonl", "-o", str(out)) == 0
    documents = without_paths(stored.read_bytes())
    assert documents == without_paths(local.read_bytes())
    assert {"c.html", "rec-0", "a.txt"} <= {d["id"] for d in documents}  # HTML, JSON Lines
    assert [d["id"] for d in documents][:3] == ["a/page-00.txt", "a/page-02.txt",
                                                  "a/page-04.txt"]
    assert json.loads(stored.read_bytes().splitlines()[0])["source"]["path"] == \
        "memory://crawl/a/page-00.txt"
    # a glob: ids relative to its fixed part, as locally
    for spec, out in ((str(tmp_path / "crawl/*/page-0[12].txt"), local),
                      ("memory://crawl/*/page-0[12].txt", stored)):
        assert convert(spec, "--format", "jsonl", "-o", str(out)) == 0
    assert without_paths(stored.read_bytes()) == without_paths(local.read_bytes())
    assert [d["id"] for d in without_paths(stored.read_bytes())] == ["a/page-02.txt",
                                                                     "b/page-01.txt"]
    # one object: one document, not a stream of one
    for spec, out in ((str(tmp_path / "crawl/a.txt"), local), ("memory://crawl/a.txt", stored)):
        assert convert(spec, "-o", str(out)) == 0
    one = json.loads(stored.read_bytes())
    assert isinstance(one, dict) and one["id"] == "a.txt"


def test_file_urls_are_local_paths(tmp_path: Path) -> None:
    files = page_files(3)
    lay_out(tmp_path / "crawl", files)
    local, by_url = tmp_path / "local.jsonl", tmp_path / "url.jsonl"
    assert convert(str(tmp_path / "crawl"), "--format", "jsonl", "-o", str(local)) == 0
    assert convert(f"file://{tmp_path}/crawl", "--format", "jsonl",
                   "-o", f"file://{by_url}") == 0
    assert by_url.read_bytes() == local.read_bytes()  # the same bytes: the same code path


def test_streams_shards_and_errors_in_a_store_are_the_local_bytes(memory: Any, tmp_path: Path
                                                                  ) -> None:
    source = tmp_path / "crawl.jsonl"
    source.write_bytes(jsonl_records(30, bad=7))
    for output in ("pages.jsonl", "pages.jsonl.gz", "pages.json"):
        fmt = "json" if output.endswith(".json") else "jsonl"
        local = tmp_path / output
        assert convert(str(source), "--format", fmt, "-o", str(local)) == 1
        assert convert(str(source), "--format", fmt, "-o", f"memory://out/{output}") == 1
        assert memory.cat_file(f"/out/{output}") == local.read_bytes()
        assert memory.cat_file(f"/out/{output}.errors.jsonl") == \
            (tmp_path / f"{output}.errors.jsonl").read_bytes()
    assert len(gzip.decompress(memory.cat_file("/out/pages.jsonl.gz")).splitlines()) == 29
    for fmt in ("jsonl", "parquet"):
        assert convert(str(source), "--format", fmt, "--output-dir", str(tmp_path / fmt),
                       "--shard-size", "8") == 1
        assert convert(str(source), "--format", fmt, "--output-dir", f"memory://shards/{fmt}",
                       "--shard-size", "8") == 1
        names = sorted(p.name for p in (tmp_path / fmt).iterdir())
        assert sorted(memory.ls(f"/shards/{fmt}", detail=False)) == \
            [f"/shards/{fmt}/{name}" for name in names]
        for name in names:
            assert memory.cat_file(f"/shards/{fmt}/{name}") == (tmp_path / fmt / name).read_bytes()
    assert not [name for name in memory.store if name.endswith(stores.PROBE_SUFFIX)]


def test_an_object_is_written_whole_or_not_at_all(memory: Any) -> None:
    def torn() -> Iterator[bytes]:
        yield b"the first half of a document"
        raise KeyboardInterrupt  # Ctrl-C in the middle of an upload

    with pytest.raises(KeyboardInterrupt):
        stores.put("memory://out/torn.jsonl", torn())
    assert not memory.exists("/out/torn.jsonl")
    stores.put("memory://out/whole.jsonl", iter([b"a\n", b"b\n"]))
    assert memory.cat_file("/out/whole.jsonl") == b"a\nb\n"


def test_resume_in_a_store_reads_back_the_partial_output(memory: Any, tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    source.write_bytes(jsonl_records(40, bad=25))
    whole = tmp_path / "whole.jsonl"
    assert convert(str(source), "--format", "jsonl", "-o", str(whole), "--chunk-size", "4") == 1
    shards = tmp_path / "shards"
    assert convert(str(source), "--format", "jsonl", "--output-dir", str(shards),
                   "--shard-size", "6") == 1
    # stopped at the bad page: what was complete is kept as .partial, no output in place
    url = "memory://out/pages.jsonl"
    assert convert(str(source), "--format", "jsonl", "-o", url, "--fail-fast",
                   "--workers", "1", "--chunk-size", "4") == 1
    assert not memory.exists("/out/pages.jsonl")
    kept = memory.cat_file("/out/pages.jsonl.partial")
    assert 0 < len(kept.splitlines()) <= 25 and whole.read_bytes().startswith(kept)
    assert convert(str(source), "--format", "jsonl", "-o", url, "--resume",
                   "--chunk-size", "4") == 1
    assert memory.cat_file("/out/pages.jsonl") == whole.read_bytes()
    assert not memory.exists("/out/pages.jsonl.partial")
    assert main(["convert", str(source), "--format", "jsonl", "-o", url, "--resume"]) == 0
    # shards: the complete ones are kept, the rest written again
    prefix = "memory://out/shards"
    assert convert(str(source), "--format", "jsonl", "--output-dir", prefix, "--fail-fast",
                   "--shard-size", "6", "--workers", "1", "--chunk-size", "4") == 1
    assert len(memory.glob("/out/shards/part-*")) == 4  # 24 pages before the bad one
    assert convert(str(source), "--format", "jsonl", "--output-dir", prefix, "--resume",
                   "--shard-size", "6") == 1
    for path in sorted(shards.glob("part-*")):
        assert memory.cat_file(f"/out/shards/{path.name}") == path.read_bytes()


def test_bad_store_urls_are_one_line_each_and_the_rest_goes_on(
        memory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(next(iter(corpus(1, seed=3))).text)
    registry = sys.modules["fsspec.registry"]
    monkeypatch.setitem(registry.known_implementations, "gs",
                        {"class": "no_such_module_for_pagenorm.GCSFileSystem",
                         "err": "Install gcsfs to access Google Storage"})
    monkeypatch.delitem(registry._registry, "gs", raising=False)
    out = tmp_path / "out.jsonl"
    specs = ["memory://nothing/here", "gs://bucket/crawl/", "nosuchproto://x/y", str(page)]
    assert convert(*specs, "--format", "jsonl", "-o", str(out)) == 1
    assert [d["id"] for d in without_paths(out.read_bytes())] == ["page.txt"]
    errors = {e["source"]: e for e in map(json.loads, (tmp_path / "out.jsonl.errors.jsonl")
                                          .read_bytes().splitlines())}
    assert errors["memory://nothing/here"]["code"] == "input.not_found"
    assert "pip install 'pagenorm[gcs]'" in errors["gs://bucket/crawl/"]["message"]
    assert "nosuchproto" in errors["nosuchproto://x/y"]["message"]
    assert all("\n" not in e["message"] for e in errors.values())
    # an output where no backend is: one line naming the URL, exit status 2
    capsys.readouterr()
    assert convert(str(page), "-o", "gs://bucket/out.json") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gs://bucket/out.json" in err and "Traceback" not in err


def test_a_job_file_takes_urls_as_they_are(memory: Any, tmp_path: Path) -> None:
    upload(memory, "/crawl", page_files(3))
    job = tmp_path / "jobs" / "job.yaml"
    job.parent.mkdir()
    job.write_text("inputs: [memory://crawl]\noutput: memory://out/job.jsonl\n"
                   "format: jsonl\nquiet: true\n")
    assert main(["run", str(job)]) == 0  # not made relative to the job file's folder
    assert convert("memory://crawl", "--format", "jsonl", "-o", "memory://out/flags.jsonl") == 0
    assert memory.cat_file("/out/job.jsonl") == memory.cat_file("/out/flags.jsonl")


def test_explain_and_review_read_pages_from_a_store(memory: Any, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    files = page_files(2)
    upload(memory, "/crawl", files)
    lay_out(tmp_path / "crawl", files)
    assert main(["explain", str(tmp_path / "crawl/a.txt")]) == 0
    local = capsys.readouterr().out
    assert main(["explain", "memory://crawl/a.txt"]) == 0
    assert capsys.readouterr().out == local
    assert main(["explain", "memory://crawl/gone.txt"]) == 2
    assert "memory://crawl/gone.txt" in capsys.readouterr().err
    out = tmp_path / "review"
    assert main(["review", "memory://crawl/a.txt", "memory://gone/x.txt", "-o", str(out)]) == 1
    assert (out / "index.html").is_file()
    assert "memory://gone/x.txt" in capsys.readouterr().err


def test_an_output_url_inside_an_input_url_is_refused(memory: Any,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    upload(memory, "/crawl", page_files(2))
    for spec, output in (("memory://crawl", "memory://crawl/out.jsonl"),
                         ("memory://crawl/*/*.txt", "memory://crawl/a/page-00.txt"),
                         ("memory://crawl/a.txt", "memory://crawl/a.txt")):
        capsys.readouterr()
        assert convert(spec, "--format", "jsonl", "-o", output) == 2
        assert "names an input" in capsys.readouterr().err
    for output_dir in ("memory://crawl", "memory://crawl/out"):
        assert convert("memory://crawl", "--output-dir", output_dir) == 2
        assert "inside an input" in capsys.readouterr().err
    assert memory.cat_file("/crawl/a.txt") == page_files(2)["a.txt"]


def test_one_object_per_page_is_the_local_folder_and_resumes(memory: Any, tmp_path: Path
                                                             ) -> None:
    files = page_files(6)
    texts = [data for name, data in files.items() if name.endswith(".txt")]
    records = [{"id": "story/one.txt", "text": texts[0].decode()},
               {"id": "../../etc/passwd", "text": texts[1].decode()},  # a hostile id
               {"id": "bad", "body": "no text"},
               *({"id": f"page-{n}", "text": t.decode()} for n, t in enumerate(texts[2:]))]
    source = tmp_path / "crawl.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    local = tmp_path / "pages"
    assert convert(str(source), "--output-dir", str(local)) == 1
    url = "memory://out/pages"
    assert convert(str(source), "--output-dir", url, "--fail-fast", "--workers", "1",
                   "--chunk-size", "1") == 1
    assert convert(str(source), "--output-dir", url, "--resume") == 1
    expected = sorted(p.relative_to(local).as_posix() for p in local.rglob("*") if p.is_file())
    assert sorted(name.removeprefix("/out/pages/") for name in memory.find("/out/pages")) == \
        expected
    for name in expected:
        assert memory.cat_file(f"/out/pages/{name}") == (local / name).read_bytes(), name
    assert b"passwd" in memory.cat_file("/out/pages/ids.jsonl")


# --- a real S3 API: moto's server on loopback ---


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A bucket ``crawl`` on an S3 API server on 127.0.0.1 (moto), found through
    ``AWS_ENDPOINT_URL`` with fake credentials, as any S3 client finds its endpoint."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    port = _free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port,
                                              verbose=False)
    server.start()
    _reset(port)  # moto keeps its buckets per process: every test starts with none
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # no retries: a refused connection is quick
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    try:
        fs = stores.store("s3://crawl")[0]
        fs.mkdir("crawl")
        yield fs
    finally:
        _reset(port)
        server.stop()


def _reset(port: int) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def test_s3_inputs_outputs_errors_and_resume(s3: Any, tmp_path: Path) -> None:
    files = page_files(5)
    lay_out(tmp_path / "crawl", files)
    upload(s3, "crawl/in", files)
    source = tmp_path / "pages.jsonl"
    source.write_bytes(jsonl_records(30, bad=20))
    s3.pipe_file("crawl/in2/pages.jsonl", source.read_bytes())
    local = tmp_path / "local.jsonl"
    assert convert(str(tmp_path / "crawl"), "--format", "jsonl", "-o", str(local)) == 0
    assert convert("s3://crawl/in", "--format", "jsonl", "-o", "s3://crawl/out/in.jsonl") == 0
    assert without_paths(s3.cat_file("crawl/out/in.jsonl")) == without_paths(local.read_bytes())
    # a stream, its errors and resume after a stop
    whole = tmp_path / "whole.jsonl"
    assert convert(str(source), "--format", "jsonl", "-o", str(whole)) == 1
    url = "s3://crawl/out/pages.jsonl"
    assert convert("s3://crawl/in2/pages.jsonl", "--format", "jsonl", "-o", url,
                   "--fail-fast", "--workers", "1", "--chunk-size", "4") == 1
    assert not s3.exists("crawl/out/pages.jsonl") and s3.exists("crawl/out/pages.jsonl.partial")
    assert convert("s3://crawl/in2/pages.jsonl", "--format", "jsonl", "-o", url,
                   "--resume") == 1
    s3.invalidate_cache()
    assert without_paths(s3.cat_file("crawl/out/pages.jsonl")) == \
        without_paths(whole.read_bytes())
    assert not s3.exists("crawl/out/pages.jsonl.partial")
    assert [e["id"] for e in map(json.loads, s3.cat_file(
        "crawl/out/pages.jsonl.errors.jsonl").splitlines())] == ["page-020"]
    # shards, stopped and resumed
    assert convert(str(source), "--format", "jsonl", "--output-dir", str(tmp_path / "shards"),
                   "--shard-size", "7") == 1
    prefix = "s3://crawl/out/shards"
    assert convert(str(source), "--format", "jsonl", "--output-dir", prefix, "--shard-size",
                   "7", "--fail-fast", "--workers", "1", "--chunk-size", "4") == 1
    assert convert(str(source), "--format", "jsonl", "--output-dir", prefix, "--shard-size",
                   "7", "--resume") == 1
    s3.invalidate_cache()
    for path in sorted((tmp_path / "shards").glob("part-*")):
        assert s3.cat_file(f"crawl/out/shards/{path.name}") == path.read_bytes()
    assert s3.cat_file("crawl/out/shards/errors.jsonl").count(b"\n") == 1


def test_s3_an_aborted_upload_leaves_no_object(s3: Any) -> None:
    def torn(size: int) -> Iterator[bytes]:
        yield b"x" * size  # over 5 MiB: a multipart upload has begun
        raise RuntimeError("the run stopped here")

    for size in (100, 6 << 20):
        with pytest.raises(stores.StoreError, match="s3://crawl/torn"):
            stores.put("s3://crawl/torn", torn(size))
        s3.invalidate_cache()
        assert not s3.exists("crawl/torn")
        assert not s3.call_s3("list_multipart_uploads", Bucket="crawl").get("Uploads")


def test_s3_missing_bucket_unauthorised_and_unreachable_are_one_line_each(
        s3: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(next(iter(corpus(1, seed=3))).text)
    out = tmp_path / "out.jsonl"

    def errors_of(*specs: str) -> dict[str, dict[str, Any]]:
        assert convert(*specs, str(page), "--format", "jsonl", "-o", str(out)) == 1
        assert [d["id"] for d in without_paths(out.read_bytes())] == ["page.txt"]
        lines = (tmp_path / "out.jsonl.errors.jsonl").read_bytes().splitlines()
        return {e["source"]: e for e in map(json.loads, lines)}

    found = errors_of("s3://no-such-bucket/crawl/", "s3://crawl/no/such/object.txt")
    assert found["s3://no-such-bucket/crawl/"]["code"] == "input.not_found"
    assert found["s3://crawl/no/such/object.txt"]["code"] == "input.not_found"
    # an output in a bucket that does not exist: one line, before any page is converted
    capsys.readouterr()
    assert convert(str(page), "-o", "s3://no-such-bucket/out.json") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "s3://no-such-bucket/out.json" in err
    # credentials the server does not know
    import moto.settings

    with monkeypatch.context() as auth:
        auth.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)
        denied = errors_of("s3://crawl/in/")
        assert "access denied" in denied["s3://crawl/in/"]["message"]
        capsys.readouterr()
        assert convert(str(page), "--format", "jsonl", "--output-dir", "s3://crawl/shards",
                       "--shard-size", "5") == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "s3://crawl/shards" in err and "denied" in err
    # no server there at all
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{_free_port()}")
    gone = errors_of("s3://crawl/in/")
    assert gone["s3://crawl/in/"]["code"] == "input.unreachable"
    assert "\n" not in gone["s3://crawl/in/"]["message"]


def test_s3_runs_killed_mid_upload_resume_to_the_bytes_of_one_run(s3: Any, tmp_path: Path
                                                                  ) -> None:
    source = tmp_path / "pages.jsonl"
    source.write_bytes(jsonl_records(90))
    local = tmp_path / "shards"
    assert convert(str(source), "--format", "jsonl", "--output-dir", str(local),
                   "--shard-size", "10") == 0
    command = [sys.executable, "-m", "pagenorm", "convert", "--quiet", str(source),
               "--format", "jsonl", "--output-dir", "s3://crawl/killed", "--shard-size", "10",
               "--workers", "1", "--chunk-size", "5", "--resume"]

    def shards() -> list[str]:
        s3.invalidate_cache()
        return sorted(s3.glob("crawl/killed/part-*"))

    for moment in (2, 6):  # shards in place when the run is killed (mid-upload, or not)
        process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 15
        while process.poll() is None and len(shards()) < moment and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the converter and its workers
        process.wait()
        for name in shards():  # every object there is a whole shard
            assert s3.cat_file(name) == (local / name.rsplit("/", 1)[-1]).read_bytes()
    assert subprocess.run(command, timeout=60).returncode == 0
    assert [name.rsplit("/", 1)[-1] for name in shards()] == sorted(p.name for p in
                                                                   local.iterdir())
    for path in local.iterdir():
        assert s3.cat_file(f"crawl/killed/{path.name}") == path.read_bytes()


def test_s3_a_killed_stream_is_no_object_and_resumes_from_its_spool(s3: Any, tmp_path: Path
                                                                     ) -> None:
    source = tmp_path / "pages.jsonl"
    source.write_bytes(jsonl_records(60))
    whole = tmp_path / "whole.jsonl"
    assert convert(str(source), "--format", "jsonl", "-o", str(whole)) == 0
    stream = [sys.executable, "-m", "pagenorm", "convert", "--quiet", str(source), "--format",
              "jsonl", "-o", "s3://crawl/killed.jsonl", "--workers", "1", "--chunk-size", "2",
              "--resume"]
    spool = tmp_path / "spool"  # where the stream is spooled before its upload
    spool.mkdir()
    environment = {**os.environ, "TMPDIR": str(spool)}
    process = subprocess.Popen(stream, start_new_session=True, env=environment)

    def spooled() -> int:
        return sum(p.stat().st_size for p in spool.glob("*/killed.jsonl.partial"))

    deadline = time.monotonic() + 15
    while process.poll() is None and spooled() < whole.stat().st_size // 3 \
            and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None  # a third of the pages converted, the rest to come
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    s3.invalidate_cache()
    assert not s3.exists("crawl/killed.jsonl")  # killed: nothing under the stream's name
    left = spooled()
    assert left >= whole.stat().st_size // 3  # the killed run's spool, for its resume
    resumed = subprocess.run([part for part in stream if part != "--quiet"], timeout=60,
                             env=environment, capture_output=True, text=True)
    assert resumed.returncode == 0
    done_before = re.search(r"(\d+) skipped \(done before\)", resumed.stderr)
    assert done_before and int(done_before.group(1)) > 0  # went on from the spool
    assert not list(spool.iterdir())  # the spool goes once the stream is in place
    s3.invalidate_cache()
    assert without_paths(s3.cat_file("crawl/killed.jsonl")) == without_paths(whole.read_bytes())
