"""The input side of batch conversion: files, directories, globs, stdin, JSON Lines and
WARC/WET become records (or failures that do not stop the batch), lazily and in order.

Every input is made up here; WARC files are written by hand, byte by byte."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import sys
from pathlib import Path

import orjson
import pytest
import zstandard

from pagenorm.batch.inputs import InputFailure, InputOptions, Record, iter_records
from pagenorm.errors import PagenormError
from pagenorm.model import Source


def records(*specs: str | Path, **options: object) -> list[Record | InputFailure]:
    return list(iter_records([str(spec) for spec in specs], InputOptions(**options)))


def ids(items: list[Record | InputFailure]) -> list[str]:
    return [item.id for item in items]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes | io.RawIOBase) -> None:
    raw = io.BytesIO(data) if isinstance(data, bytes) else data
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))  # type: ignore[arg-type]


# --- plain files, directories, globs ---


def test_a_file_is_one_page_named_by_its_file_name(tmp_path: Path) -> None:
    page = write(tmp_path / "deep" / "story.txt", "Title\nBody é\n")
    [record] = records(page)
    assert record == Record(id="story.txt", source=Source(path=str(page)),
                            data="Title\nBody é\n".encode())


def test_a_file_argument_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", b"<p>not plain, still read</p>")
    assert [r.data for r in records(page)] == [b"<p>not plain, still read</p>"]


def test_directory_pages_are_named_relative_to_it_in_sorted_path_order(tmp_path: Path) -> None:
    for name in ("z.txt", "a.txt", "a/b.txt", "a/c/d.text", "a-b.txt", "skip.md", ".hidden.txt"):
        write(tmp_path / "in" / name, name)
    items = records(tmp_path / "in")
    # Path order: a directory's contents sort with the directory, as in sorted(rglob()).
    expected = sorted(
        (p for p in (tmp_path / "in").rglob("*") if p.suffix in (".txt", ".text")),
    )
    assert ids(items) == [p.relative_to(tmp_path / "in").as_posix() for p in expected]
    assert ids(items) == [".hidden.txt", "a/b.txt", "a/c/d.text", "a-b.txt", "a.txt", "z.txt"]
    assert all(isinstance(r, Record) and r.data == r.id.encode() for r in items)
    assert items[1].source.path == str(tmp_path / "in" / "a" / "b.txt")


def test_directory_suffixes_can_be_chosen(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.page", "b")
    assert ids(records(tmp_path, suffixes=(".page",))) == ["b.page"]
    assert ids(records(tmp_path, suffixes=".page")) == ["b.page"]  # one string, one suffix


def test_directory_takes_jsonl_and_warc_files_by_name(tmp_path: Path) -> None:
    write(tmp_path / "1.txt", "plain")
    write(tmp_path / "2.jsonl", '{"id": "j", "text": "json"}\n')
    write(tmp_path / "3.wet", wet_file(conversion("urn:uuid:w", b"warc")))
    write(tmp_path / "4.json", '{"id": "no", "text": "not a recognised name"}\n')
    assert ids(records(tmp_path)) == ["1.txt", "j", "urn:uuid:w"]


def test_directory_symlink_loops_end(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a" / "page.txt", "x")
    (tmp_path / "in" / "a" / "up").symlink_to("..")
    (tmp_path / "in" / "a" / "up2").symlink_to("../..")
    (tmp_path / "in" / "self").symlink_to(".")
    (tmp_path / "in" / "linked.txt").symlink_to(tmp_path / "in" / "a" / "page.txt")
    assert ids(records(tmp_path / "in")) == ["a/page.txt", "linked.txt"]
    assert ids(records(f"{tmp_path / 'in'}/**/*.txt")) == ["a/page.txt", "linked.txt"]


def test_glob_patterns_name_pages_relative_to_their_fixed_part(tmp_path: Path) -> None:
    for name in ("top.txt", "x/one.txt", "x/y/two.txt", "x/y/skip.md", "x/.hid/three.txt"):
        write(tmp_path / "pages" / name, name)
    root = tmp_path / "pages"
    assert ids(records(f"{root}/**/*.txt")) == ["top.txt", "x/one.txt", "x/y/two.txt"]
    assert ids(records(f"{root}/*/*.txt")) == ["x/one.txt"]
    assert ids(records(f"{root}/x/y/*")) == ["skip.md", "two.txt"]  # any name, as named
    assert ids(records(f"{root}/x/?")) == ["y/two.txt"]  # a matched directory is walked
    assert ids(records(f"{root}/**")) == ids(records(root))


def test_relative_glob(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a.txt", "a")
    monkeypatch.chdir(tmp_path)
    items = records("*.txt")
    assert ids(items) == ["a.txt", "b.txt"]
    assert items[0].source.path == "a.txt"


def test_specs_are_read_in_command_line_order(tmp_path: Path) -> None:
    b, a = write(tmp_path / "b.txt", "b"), write(tmp_path / "a.txt", "a")
    assert ids(records(b, a, b)) == ["b.txt", "a.txt", "b.txt"]


def test_what_matches_nothing_is_one_not_found_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing, pattern = str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing")
    items = records(missing, pattern, tmp_path / "empty", write(tmp_path / "ok.txt", "ok"))
    assert [(i.id, getattr(i, "code", None)) for i in items] == [
        (missing, "input.not_found"), (pattern, "input.not_found"),
        (str(tmp_path / "empty"), "input.not_found"), ("ok.txt", None)]


def test_a_file_that_cannot_be_read_is_a_failure_with_the_reason(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "a")
    (tmp_path / "in" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # vanished
    write(tmp_path / "in" / "z.txt", "z")
    items = records(tmp_path / "in")
    assert ids(items) == ["a.txt", "gone.txt", "z.txt"]
    failure = items[1]
    assert isinstance(failure, InputFailure) and failure.code == "input.unreadable"
    assert failure.source == str(tmp_path / "in" / "gone.txt")
    assert failure.message == "No such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_permission_is_unreadable(tmp_path: Path) -> None:
    page = write(tmp_path / "secret.txt", "x")
    page.chmod(0)
    [failure] = records(page)
    assert isinstance(failure, InputFailure) and failure.code == "input.unreadable"
    assert failure.message == "Permission denied"


# --- standard input ---


def test_stdin_is_one_plain_page(monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, "Stdin page é\n".encode())
    assert records("-") == [Record(id="-", source=Source(), data="Stdin page é\n".encode())]


def test_stdin_as_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, b'{"id": "a", "text": "one"}\n{"text": "two"}\n')
    items = records("-", format="jsonl")
    assert [(r.id, r.text) for r in items] == [("a", "one"), ("-:2", "two")]


def test_stdin_as_gzipped_warc(monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, gzip.compress(wet_file(conversion("urn:uuid:s", b"from a pipe"))))
    [record] = records("-", format="warc")
    assert (record.id, record.data, record.source.path) == ("urn:uuid:s", b"from a pipe", None)


# --- JSON Lines ---

LINES = [
    {"doc": "p1", "body": "First page", "link": "https://example.test/1"},
    {"doc": "p2", "body": "Second page é"},
    {"body": "Third page, no id"},
]


def jsonl(lines: list[object]) -> bytes:
    return b"".join(orjson.dumps(line) + b"\n" for line in lines)


@pytest.mark.parametrize("name, pack", [
    ("pages.jsonl", lambda data: data),
    ("pages.jsonl.gz", gzip.compress),
    ("pages.jsonl.zst", lambda data: zstandard.ZstdCompressor().compress(data)),
], ids=["plain", "gzip", "zstd"])
def test_jsonl_with_custom_field_names(tmp_path: Path, name: str, pack) -> None:
    path = write(tmp_path / name, pack(jsonl(LINES)))
    items = records(path, text_field="body", id_field="doc", url_field="link")
    assert items == [
        Record(id="p1", source=Source(path=str(path), url="https://example.test/1"),
               text="First page"),
        Record(id="p2", source=Source(path=str(path)), text="Second page é"),
        Record(id=f"{name}:3", source=Source(path=str(path)), text="Third page, no id"),
    ]


def test_compression_is_known_by_content_when_the_format_is_forced(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.data", gzip.compress(jsonl([{"text": "zipped"}])))
    assert [r.text for r in records(path, format="jsonl")] == ["zipped"]


def test_zstd_with_several_frames_is_read_through(tmp_path: Path) -> None:
    compress = zstandard.ZstdCompressor().compress
    data = compress(jsonl(LINES[:2])) + compress(jsonl(LINES[2:]))
    path = write(tmp_path / "frames.jsonl.zst", data)
    assert len(records(path, text_field="body")) == 3


def test_bad_jsonl_lines_are_failures_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [
        b'{"id": "a", "text": "ok"}',
        b'{"id": "b", "text": ',  # cut short
        b"[1, 2]",  # not an object
        b'{"id": "c"}',  # no text
        b'{"id": "d", "text": 5}',  # text not a string
        b'{"id": ["e"], "text": "x"}',  # id neither string nor number
        b"",  # blank lines are skipped
        b'{"id": 7, "text": "numbers are ids too"}',
    ]
    path = write(tmp_path / "mixed.jsonl", b"\n".join(lines) + b"\n")
    items = records(path)
    got = [(i.id, i.source, i.code) if isinstance(i, InputFailure) else (i.id, i.text)
           for i in items]
    assert got == [
        ("a", "ok"),
        ("mixed.jsonl:2", f"{path}:2", "input.bad_json"),
        ("mixed.jsonl:3", f"{path}:3", "input.bad_json"),
        ("c", f"{path}:4", "input.missing_field"),
        ("d", f"{path}:5", "input.missing_field"),
        ("mixed.jsonl:6", f"{path}:6", "input.bad_field"),
        ("7", "numbers are ids too"),
    ]
    assert all("\n" not in i.message for i in items if isinstance(i, InputFailure))
    assert items[4].message == "field 'text' must be a string, not a number"


def test_jsonl_ids_in_a_directory_are_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.jsonl", jsonl([{"text": "1"}]))
    write(tmp_path / "b" / "x.jsonl", jsonl([{"text": "2"}]))
    assert ids(records(tmp_path)) == ["a/x.jsonl:1", "b/x.jsonl:1"]


def test_a_byte_order_mark_on_the_first_line_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + jsonl([{"text": "t"}]))
    assert [r.text for r in records(path)] == ["t"]


def test_truncated_gzip_gives_the_lines_before_then_one_failure(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([{"text": f"page {n} " + "x" * 50} for n in range(2000)]))
    path = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    items = records(path)
    *pages, failure = items
    assert pages and all(isinstance(r, Record) for r in pages)
    assert isinstance(failure, InputFailure) and failure.code == "input.bad_compression"
    assert failure.id == "cut.jsonl.gz" and f"after {len(pages)} lines" in failure.message


def test_corrupt_gzip_data_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(jsonl([{"text": f"page {n}"} for n in range(5000)])))
    data[len(data) // 2] ^= 0xFF
    *pages, failure = records(write(tmp_path / "flipped.jsonl.gz", bytes(data)))
    assert isinstance(failure, InputFailure) and failure.code == "input.bad_compression"
    assert isinstance(pages[0], Record)  # before the damage (garbled lines may come after)


# --- WARC and WET ---


def warc_record(kind: str, body: bytes, **headers: str) -> bytes:
    lines = [b"WARC/1.0", f"WARC-Type: {kind}".encode()]
    lines += [f"{name.replace('_', '-')}: {value}".encode() for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body + b"\r\n\r\n"


def warcinfo() -> bytes:
    return warc_record("warcinfo", b"software: hand-written\r\n", WARC_Record_ID="<urn:uuid:i>",
                       WARC_Date="2024-05-01T00:00:00Z", Content_Type="application/warc-fields")


def conversion(record_id: str, body: bytes, url: str = "https://example.test/",
               date: str = "2024-05-02T10:11:12Z") -> bytes:
    return warc_record("conversion", body, WARC_Target_URI=url, WARC_Date=date,
                       WARC_Record_ID=f"<{record_id}>", Content_Type="text/plain")


def wet_file(*pages: bytes) -> bytes:
    return warcinfo() + b"".join(pages)


WET_PAGES = [
    conversion("urn:uuid:1", "Page one\nwith é\n".encode(), "https://example.test/1",
               "2024-05-02T10:11:12Z"),
    conversion("urn:uuid:2", b"Page two\n", "https://example.test/2", "2023-12-31T23:59:59Z"),
]


@pytest.mark.parametrize("name, data", [
    ("crawl.wet", wet_file(*WET_PAGES)),
    ("crawl.wet.gz", b"".join(gzip.compress(r) for r in [warcinfo(), *WET_PAGES])),
    ("crawl.warc", wet_file(*WET_PAGES)),
], ids=["wet", "wet.gz per record", "warc"])
def test_wet_conversion_records_are_pages(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path / name, data)
    assert records(path) == [
        Record(id="urn:uuid:1", source=Source(path=str(path), url="https://example.test/1"),
               data="Page one\nwith é\n".encode(), crawl_date="2024-05-02"),
        Record(id="urn:uuid:2", source=Source(path=str(path), url="https://example.test/2"),
               data=b"Page two\n", crawl_date="2023-12-31"),
    ]


def test_text_responses_and_resources_are_pages_other_records_are_not(tmp_path: Path) -> None:
    def response(record_id: str, http: bytes) -> bytes:
        return warc_record("response", http, WARC_Record_ID=f"<{record_id}>",
                           Content_Type="application/http; msgtype=response")

    zipped = gzip.compress(b"zipped text\n")
    data = b"".join([
        warcinfo(),
        warc_record("request", b"GET / HTTP/1.1\r\n\r\n", WARC_Record_ID="<urn:uuid:q>",
                    Content_Type="application/http; msgtype=request"),
        response("urn:uuid:plain", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nplain\n"),
        response("urn:uuid:html", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"),
        response("urn:uuid:jpeg", b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8"),
        response("urn:uuid:zip", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                 b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + f"{len(zipped):x}\r\n".encode() + zipped + b"\r\n0\r\n\r\n"),
        response("urn:uuid:latin", b"HTTP/1.1 200 OK\r\n"
                 b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\xe9\n"),
        response("urn:uuid:broken", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                 b"Content-Encoding: gzip\r\n\r\nnot gzip"),
        warc_record("resource", b"a resource\n", WARC_Record_ID="<urn:uuid:res>",
                    Content_Type="text/plain; charset=utf-8"),
        warc_record("metadata", b"k: v\r\n", WARC_Record_ID="<urn:uuid:m>",
                    Content_Type="application/warc-fields"),
    ])
    items = records(write(tmp_path / "mixed.warc", data))
    # issue 13: an HTML response is a page too (converted when it becomes one); an image is not
    assert ids(items) == ["urn:uuid:plain", "urn:uuid:html", "urn:uuid:zip", "urn:uuid:latin",
                          "urn:uuid:broken", "urn:uuid:res"]
    assert [items[0].data, items[2].data, items[3].text, items[5].data] == [
        b"plain\n", b"zipped text\n", "café\n", b"a resource\n"]
    assert isinstance(items[4], InputFailure) and items[4].code == "input.bad_encoding"
    assert items[1].html and not items[0].html


@pytest.mark.parametrize("name, data, pages", [
    ("cut-body.wet", wet_file(*WET_PAGES)[:-10], 1),
    ("cut-header.wet", wet_file(*WET_PAGES)[:-40], 1),
    ("cut.wet.gz", b"".join(gzip.compress(r) for r in [warcinfo(), WET_PAGES[0]])
     + gzip.compress(conversion("urn:uuid:big", os.urandom(100_000)))[:50_000], 1),
    ("garbage.wet", b"this is not a WARC file\n" * 20, 0),
    ("junk-between.wet", warcinfo() + WET_PAGES[0] + b"junk\r\n\r\n" + WET_PAGES[1], 1),
], ids=["cut body", "cut header", "cut gzip", "garbage", "junk between records"])
def test_a_corrupt_warc_gives_its_pages_then_one_failure(tmp_path: Path, name: str,
                                                         data: bytes, pages: int) -> None:
    path = write(tmp_path / name, data)
    after = write(tmp_path / "after.txt", "the batch goes on")
    *got, failure, last = records(path, after)
    assert ids(got) == ["urn:uuid:1"][:pages]
    assert isinstance(failure, InputFailure)
    assert (failure.id, failure.source, failure.code) == (name, str(path), "input.bad_warc")
    assert failure.message.startswith("record ") and "\n" not in failure.message
    assert last.id == "after.txt"


# --- laziness, options, the engine's needs ---


class CountingReader(io.RawIOBase):
    """A stream that records how many bytes were taken from it."""

    def __init__(self, data: bytes) -> None:
        self.data, self.taken = io.BytesIO(data), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        count = self.data.readinto(buffer)
        self.taken += count
        return count


@pytest.mark.parametrize("fmt, pack", [
    ("jsonl", lambda n: jsonl([{"text": f"page {i} " + "x" * 100} for i in range(n)])),
    ("jsonl", lambda n: gzip.compress(jsonl([{"text": f"page {i} {os.urandom(40).hex()}"}
                                             for i in range(n)]), compresslevel=1)),
    ("warc", lambda n: wet_file(*(conversion(f"urn:uuid:{i}", b"x" * 100) for i in range(n)))),
], ids=["jsonl", "jsonl.gz", "wet"])
def test_records_are_read_one_at_a_time(monkeypatch: pytest.MonkeyPatch, fmt: str, pack) -> None:
    data = pack(50_000)
    stream = CountingReader(data)
    set_stdin(monkeypatch, stream)
    first = next(iter_records(["-"], InputOptions(format=fmt)))
    assert isinstance(first, Record)
    assert stream.taken < len(data) / 20, "the first record must not wait for the whole input"


def test_a_big_jsonl_file_is_not_read_before_its_first_record(tmp_path: Path) -> None:
    path = write(tmp_path / "big.jsonl", jsonl([{"text": f"page {i}"} for i in range(50_000)]))
    items = iter_records([str(path)])
    assert next(items).text == "page 0"
    path.write_bytes(b"")  # truncated: a reader that had not read ahead sees no more lines
    assert len(list(items)) < 1000


def test_options_are_checked_when_made() -> None:
    with pytest.raises(PagenormError, match="unknown input format 'csv'"):
        InputOptions(format="csv")


def test_records_and_failures_cross_process_boundaries(tmp_path: Path) -> None:
    items = records(write(tmp_path / "a.txt", "a"), tmp_path / "missing")
    assert pickle.loads(pickle.dumps(items)) == items


def test_warc_pages_over_the_limit_are_read_past_not_held(tmp_path: Path) -> None:
    def response(record_id: str, http: bytes) -> bytes:
        return warc_record("response", http, WARC_Record_ID=f"<{record_id}>",
                           Content_Type="application/http; msgtype=response")

    bomb = gzip.compress(b"a" * 5_000_000)  # 5 KB on the wire, 5 MB unpacked
    data = b"".join([
        warcinfo(),
        conversion("urn:uuid:big", b"x" * 2_000),
        response("urn:uuid:bomb", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                  b"Content-Encoding: gzip\r\n\r\n" + bomb),
        conversion("urn:uuid:fine", b"Page two\n"),
    ])
    path = write(tmp_path / "crawl.warc", data)
    items = list(iter_records([str(path)], InputOptions(max_page_bytes=1_000)))
    assert [(i.id, getattr(i, "code", None)) for i in items] == [
        ("urn:uuid:big", "page.too_large"), ("urn:uuid:bomb", "page.too_large"),
        ("urn:uuid:fine", None)]
