"""Dirty crawls: every kind of bad page gets a clear error record or a diagnostic, never a
traceback, and no line is lost. Pages are made up here, byte by byte."""

from __future__ import annotations

import codecs
import json
import unicodedata
from pathlib import Path

import pytest

from pagenorm.api import Normaliser
from pagenorm.cli import main
from pagenorm.errors import InputError
from pagenorm.model import Document
from pagenorm.reading import decode_page, page_from_bytes
from tests.conftest import convert_batch

ARTICLE = ("World\n\nQuiet harbour town votes to keep its old ferry\n\nStaff Reporter\n\n"
           "The council voted on Tuesday to keep the ferry running for another ten years, "
           "after a long debate.\n\nResidents had asked for the service to stay.\n")


def lost_lines(document: Document, lines: list[str]) -> list[int]:
    """Non-blank input lines not accounted for exactly once (by a section or residual)."""
    counts = [0] * len(lines)
    for section in document.sections:
        for number in range(section.first, section.last + 1):
            counts[number] += bool(lines[number].strip())
    for residual in document.residual:
        counts[residual.line] += 1
    return [n for n, line in enumerate(lines) if counts[n] != bool(line.strip())]


def input_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n") \
        if text else []


def normalise_bytes(data: bytes, config: str | None = None) -> Document:
    return Normaliser(config).normalise_bytes(data, id="p")


def convert_one(tmp_path: Path, data: bytes, *flags: str) -> tuple[int, list[dict], list[dict]]:
    """Convert one page file in a batch; return the exit status, documents, error records."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "page.txt").write_bytes(data)
    return convert_batch(tmp_path, str(folder), flags=flags)


# --- empty and blank pages ---


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\n", b" \t \r\n \n"])
def test_empty_and_blank_pages_give_an_empty_document(data: bytes) -> None:
    document = normalise_bytes(data)
    assert document.sections == () or all(s.kind for s in document.sections)
    assert lost_lines(document, input_lines(data.decode())) == []
    assert document.article.title is None


# --- decoding policy ---


def test_invalid_utf8_is_a_one_line_error_by_default(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 5") as caught:
        decode_page(b"Hello\xff world", "page.txt")
    assert caught.value.code == "page.undecodable"
    status, documents, errors = convert_one(tmp_path, b"Hello\xff world\n")
    assert status == 1 and documents == []
    assert [e["code"] for e in errors] == ["page.undecodable"]
    assert "page.txt" in errors[0]["message"] and "\n" not in errors[0]["message"]


def test_replace_policy_keeps_the_page_with_a_diagnostic(tmp_path: Path) -> None:
    status, documents, errors = convert_one(tmp_path, b"Hello\xff world\n",
                                            "--decoding", "replace")
    assert status == 0 and errors == []
    [document] = documents
    assert [d["code"] for d in document["diagnostics"]] == ["page.replaced_bytes"]
    assert "\ufffd" in json.dumps(document, ensure_ascii=False)


def test_the_decoding_policy_is_set_in_the_config(tmp_path: Path) -> None:
    config = tmp_path / "lenient.yaml"
    config.write_text("extends: default\ninput:\n  decoding: replace\n")
    document = normalise_bytes(b"caf\xe9 society\n", str(config))
    assert [d.code for d in document.diagnostics] == ["page.replaced_bytes"]


def test_binary_pages_are_errors_or_replaced(tmp_path: Path) -> None:
    junk = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    status, _, errors = convert_one(tmp_path, junk)
    assert status == 1 and [e["code"] for e in errors] == ["page.binary"]
    status, documents, _ = convert_one(tmp_path, junk, "--decoding", "replace")
    assert status == 0
    assert "page.binary" in [d["code"] for d in documents[0]["diagnostics"]]


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le",
                                   "utf-32-be"])
def test_byte_order_marks_pick_the_encoding(codec: str) -> None:
    marks = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
             "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    data = marks.get(codec, b"") + ARTICLE.encode(codec)
    page = page_from_bytes(data, id="p")
    assert page.text == ARTICLE  # the mark is dropped, not kept as a character
    assert normalise_bytes(data).article.title == \
        "Quiet harbour town votes to keep its old ferry"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_count_lines_as_the_input_does(newline: str) -> None:
    text = ARTICLE.replace("\n", newline)
    document = Normaliser().normalise(text)
    unix = Normaliser().normalise(ARTICLE)
    assert [(s.kind, s.first, s.last) for s in document.sections] == \
        [(s.kind, s.first, s.last) for s in unix.sections]
    assert lost_lines(document, input_lines(text)) == []


# --- sizes ---


def test_a_page_over_the_size_limit_is_an_error_record_not_read(tmp_path: Path) -> None:
    big = b"x" * 50_000_001  # one line of 50 MB, over the default limit of 10 MB
    status, documents, errors = convert_one(tmp_path, big)
    assert status == 1 and documents == []
    assert [e["code"] for e in errors] == ["page.too_large"]
    assert "max_page_bytes" in errors[0]["message"]


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    status, _, errors = convert_one(tmp_path, ARTICLE.encode(), "--max-page-bytes", "100")
    assert status == 1 and [e["code"] for e in errors] == ["page.too_large"]
    with pytest.raises(InputError, match="over the limit"):
        config = tmp_path / "small.yaml"
        config.write_text("extends: default\ninput:\n  max_page_bytes: 100\n")
        normalise_bytes(ARTICLE.encode(), str(config))


def test_a_50_mb_line_under_a_raised_limit_is_kept_whole() -> None:
    line = "word " * 10_000_000  # 50 MB on one line: linear time, words never listed
    document = Normaliser().normalise(f"Title of a made-up page\n\n{line}\n")
    assert lost_lines(document, ["Title of a made-up page", "", line]) == []
    text = json.dumps(document.to_dict())
    assert text.count("word") == 10_000_000  # nothing cut


def test_two_hundred_thousand_short_lines() -> None:
    text = "\n".join(f"item {n} of a long list" for n in range(200_000))
    document = Normaliser().normalise(text)
    assert lost_lines(document, text.split("\n")) == []


# --- odd characters ---


@pytest.mark.parametrize("oddity", [
    "\x01\x02\x07\x1b[31m\x7f",  # control characters and a terminal escape
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    "\u2028\u2029\x85\x0b\x0c",  # Unicode separators: not line breaks here
    "\u202e\u2066",  # direction overrides
])
def test_control_and_invisible_characters_stay_in_their_line(oddity: str) -> None:
    text = ARTICLE.replace("Residents", f"Resi{oddity}dents")
    document = Normaliser().normalise(text)
    assert lost_lines(document, input_lines(text)) == []
    assert f"Resi{oddity}dents" in document.article.paragraphs[-1]  # kept as given


def test_right_to_left_text() -> None:
    urdu = "کراچی میں بارش کے بعد شہر کی سڑکیں پانی میں ڈوب گئیں اور ٹریفک رک گیا۔"
    arabic = "قال المجلس إن العبارة ستبقى في الخدمة لعشر سنوات أخرى بعد نقاش طويل."
    text = f"Quiet harbour town votes\n\n{urdu}\n\n{arabic}\n"
    document = Normaliser().normalise(text)
    assert lost_lines(document, input_lines(text)) == []
    assert urdu in json.dumps(document.to_dict(), ensure_ascii=False)


def test_nfc_and_nfd_forms_give_the_same_structure() -> None:
    text = ARTICLE.replace("ferry", "ferry café").replace("council", "Conseil général")
    nfc = Normaliser().normalise(unicodedata.normalize("NFC", text))
    nfd = Normaliser().normalise(unicodedata.normalize("NFD", text))
    assert [(s.kind, s.first, s.last) for s in nfc.sections] == \
        [(s.kind, s.first, s.last) for s in nfd.sections]
    # text is kept as given: pagenorm does not renormalise what it did not write
    assert "e\u0301" in json.dumps(nfd.to_dict(), ensure_ascii=False)


def test_a_json_lines_record_over_the_limit_is_skipped_not_held(tmp_path: Path) -> None:
    from pagenorm.batch.inputs import InputFailure, InputOptions, iter_records

    source = tmp_path / "crawl.jsonl"
    big = json.dumps({"id": "big", "text": "x" * 100_000})  # past 6 x 500 + 64 KiB
    small = json.dumps({"id": "small", "text": ARTICLE})
    source.write_text(f"{small}\n{big}\n{small}\n")
    items = list(iter_records([str(source)], InputOptions(max_page_bytes=500)))
    assert [type(i).__name__ for i in items] == ["Record", "InputFailure", "Record"]
    assert isinstance(items[1], InputFailure) and items[1].code == "page.too_large"
    assert items[1].source.endswith("crawl.jsonl:2")


def test_a_nul_in_json_lines_text_follows_the_decoding_policy(tmp_path: Path) -> None:
    source = tmp_path / "crawl.jsonl"
    source.write_text(json.dumps({"id": "p", "text": "Harbour news\n\nbinary\u0000tail\n"}) + "\n")
    target = tmp_path / "out.jsonl"
    assert main(["convert", "--quiet", str(source), "-o", str(target), "--workers", "1",
                 "--format", "jsonl"]) == 1
    errors = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").open()]
    assert [e["code"] for e in errors] == ["page.binary"]
    assert main(["convert", "--quiet", str(source), "-o", str(target), "--workers", "1",
                 "--format", "jsonl", "--decoding", "replace"]) == 0
    [document] = [json.loads(line) for line in target.open()]
    assert [d["code"] for d in document["diagnostics"]] == ["page.binary"]


def test_explain_and_review_read_pages_by_the_configs_policy(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "bad.txt"
    page.write_bytes(b"Harbour news\n\ncaf\xe9 society meets on Tuesday evenings.\n")
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text("extends: default\ninput:\n  decoding: replace\n")
    assert main(["explain", str(page)]) == 2
    assert "page.txt" not in capsys.readouterr().err  # the strict error names bad.txt
    assert main(["explain", str(page), "--config", str(lenient)]) == 0
    assert "caf\ufffd society" in capsys.readouterr().out
    small = tmp_path / "small.yaml"
    small.write_text("extends: default\ninput:\n  max_page_bytes: 20\n")
    assert main(["review", str(page), "--config", str(small), "-o", str(tmp_path / "r")]) == 2
    assert "over the limit" in capsys.readouterr().err
