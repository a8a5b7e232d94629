"""``pagenorm review``, ``convert --review`` and ``eval --review``: the HTML they write,
read back without a browser (tests/test_browser.py drives it in Chromium)."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pagenorm import testing
from pagenorm.api import Normaliser
from pagenorm.batch.inputs import Record
from pagenorm.batch.jobs import load_job
from pagenorm.batch.pool import Outcome
from pagenorm.cli import main
from pagenorm.model import Source
from pagenorm.reading import page_from_text
from pagenorm.review import pages as review
from pagenorm.review.pages import json_for_script, review_file_name
from pagenorm.review.sample import ReviewSampler
from pagenorm.review.view import view_page

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"
LABELLED = Path(__file__).resolve().parents[1] / "examples" / "labelled"
EVIL = ("Headline with <script>window.pwned=1</script> in it\n\n"
        "By <b>Nobody</b> & Co\n\n"
        "KARACHI: A paragraph <img src=x onerror=\"window.pwned=2\"> that ends here, it "
        "really does, with enough words to be prose in every way.\n\n"
        "</script><script>window.pwned=3</script> A second paragraph that also has enough "
        "words to be read as the body of the story here.\n")


class Rows(HTMLParser):
    """The line rows (``tr.ln``) of a review page: attributes and the text cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, str]] = []
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "tr" and "ln" in found.get("class", "").split():
            self.rows.append({**found, "text": ""})
        elif tag == "td" and self.rows and found.get("class") == "tx":
            self._cell = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1]["text"] = self._cell
            self._cell = None


def line_rows(html: str) -> list[dict[str, str]]:
    parser = Rows()
    parser.feed(html)
    return parser.rows


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_page(html: str, text: str, url: str | None = None) -> None:
    """Each line of the page is a row with its section's kind, plugin and confidence."""
    view = view_page(Normaliser(), page_from_text(text, id="p", source=Source(url=url)))
    rows = line_rows(html)
    assert len(rows) == len(view.lines)
    for row, line in zip(rows, view.lines, strict=True):
        assert row["data-line"] == str(line.number)
        assert row["data-kind"] == line.kind
        assert row["text"] == line.text
        assert row.get("data-plugin") == line.plugin
        if line.confidence is not None:
            assert float(row["data-confidence"]) == line.confidence
        assert row["data-lost"] == str(len(line.lost))


def check_self_contained(html: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html)


def pages_of(folder: Path) -> list[Path]:
    return sorted((folder / "pages").glob("*.html"))


def index_ids(folder: Path) -> list[str]:
    html = (folder / "index.html").read_text("utf-8")
    return re.findall(r'<td class="id"><a href="pages/[^"]+">([^<]+)</a>', html)


# --- pagenorm review ---


def test_review_writes_a_page_per_example_and_an_index(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "review", str(EXAMPLES), "--output", str(tmp_path))
    assert (code, out) == (0, "")
    assert err == f"pagenorm: 4 pages reviewed: {tmp_path / 'index.html'}\n"
    pages = pages_of(tmp_path)
    assert [p.name for p in pages] == [
        "0001-brecorder-markets.txt.html", "0002-brecorder-short-strip.txt.html",
        "0003-generic-body-first.txt.html", "0004-generic-byline.txt.html"]
    for path, example in zip(pages, sorted(EXAMPLES.glob("*.txt")), strict=True):
        html = path.read_text("utf-8")
        check_page(html, example.read_text("utf-8"))
        check_self_contained(html)
        assert 'href="../index.html"' in html
    index = (tmp_path / "index.html").read_text("utf-8")
    check_self_contained(index)
    assert index_ids(tmp_path) == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    assert "<svg" in index and index.count('class="bar"') >= 5


def test_the_review_page_renders_the_normalised_document(capsys, tmp_path: Path) -> None:
    run(capsys, "review", str(EXAMPLES / "brecorder-markets.txt"), "-o", str(tmp_path))
    html = pages_of(tmp_path)[0].read_text("utf-8")
    document = view_page(Normaliser(), page_from_text(
        (EXAMPLES / "brecorder-markets.txt").read_text("utf-8"), id="x")).document
    assert document.article.title and f"<b>{document.article.title}</b>" in html
    assert html.count('<tr class="up">') == sum(q.direction == "up"
                                                for q in document.ticker.quotes)
    assert html.count('<tr class="down">') == sum(
        q.direction == "down" for q in (*document.ticker.quotes, *document.ticker.indices))
    assert "▲ up" in html and "▼ down" in html
    for tag in document.tags:
        assert f"<li>{tag}</li>" in html
    for part in ("article", "ticker", "tags", "related", "residual", "diagnostics"):
        assert f'data-part="{part}"' in html
    assert "profile <b>brecorder</b>: 1 line signature(s) match" in html


def test_review_of_a_generated_page_of_every_shape(capsys, tmp_path: Path) -> None:
    generated = [testing.generate(shape, random.Random(5)) for shape in testing.SHAPES]
    crawl = tmp_path / "shapes.jsonl"
    crawl.write_text("".join(json.dumps({"id": page.shape, "text": page.text, "url": page.url})
                             + "\n" for page in generated), encoding="utf-8")
    out = tmp_path / "review"
    code, _, _ = run(capsys, "review", str(crawl), "-o", str(out))
    assert code == 0
    pages = pages_of(out)
    assert len(pages) == len(testing.SHAPES)
    for path, page in zip(pages, generated, strict=True):
        check_page(path.read_text("utf-8"), page.text, page.url)
    assert index_ids(out) == list(testing.SHAPES)


def test_page_text_is_escaped_everywhere(capsys, tmp_path: Path) -> None:
    page = tmp_path / "evil.txt"
    page.write_text(EVIL, encoding="utf-8")
    code, _, _ = run(capsys, "review", str(page), "-o", str(tmp_path / "out"))
    assert code == 0
    html = pages_of(tmp_path / "out")[0].read_text("utf-8")
    for raw in ("<script>window", "</script><script>", "<img", "<b>Nobody", "onerror=\""):
        assert raw not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;" in html
    assert html.count("<script") == 2  # the data and the page's own script, nothing else
    check_page(html, EVIL)


def test_script_data_cannot_close_its_element() -> None:
    text = json_for_script({"t": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script> & <!--"}


def test_a_second_review_in_the_same_folder_replaces_the_first(capsys, tmp_path: Path) -> None:
    assert main(["review", str(EXAMPLES), "-o", str(tmp_path)]) == 0
    (tmp_path / "pages" / "mine.html").write_text("kept")
    assert main(["review", str(EXAMPLES / "generic-byline.txt"), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [
        "0001-generic-byline.txt.html", "mine.html"]
    assert index_ids(tmp_path) == ["generic-byline.txt"]


def test_review_file_names_are_numbered_and_safe() -> None:
    assert review_file_name(3, "brecorder/article#7") == "0003-brecorder-article-7.html"
    assert review_file_name(12, "../../etc/passwd") == "0012-etc-passwd.html"
    assert review_file_name(1, "///") == "0001-page.html"
    # one name, one meaning: outputs.page_file_name maps ids to output files
    assert not hasattr(review, "page_file_name")


def test_review_errors(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "review", str(tmp_path / "none.txt"), "-o", str(tmp_path))
    assert code == 2
    assert err.splitlines() == [
        f"pagenorm: error: {tmp_path / 'none.txt'}: no such file or directory",
        "pagenorm: error: no page to review"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "review", str(EXAMPLES / "generic-byline.txt"), "-o",
                       str(blocker))
    assert code == 2 and err.startswith("pagenorm: error: ") and "cannot write" in err


# --- convert --review ---


def _outcome(page_id: str, codes: tuple[str, ...] = ()) -> Outcome:
    return Outcome(page_id, None, b"{}", codes=codes)


def _record(page_id: str) -> Record:
    return Record(page_id, Source(), text="x")


def _sampled(ids: list[str], flagged: set[str], sampler: ReviewSampler) -> list[tuple[str, str]]:
    list(sampler.items(_record(i) for i in ids))
    for page_id in ids:
        sampler._written(_outcome(page_id, ("x.y",) if page_id in flagged else ()))
    return [(note, record.id) for note, record in sampler.chosen()]


def test_the_sample_is_pages_with_diagnostics_then_the_lowest_id_hashes() -> None:
    ids = [f"page-{n}" for n in range(200)]
    flagged = {"page-3", "page-50", "page-120"}
    chosen = _sampled(ids, flagged, ReviewSampler(flagged=2, sample=10))
    assert [i for note, i in chosen if note == "has diagnostics"] == ["page-3", "page-50"]
    sample = [i for note, i in chosen if note == "sample"]
    assert len(sample) == 10 and [i for _, i in chosen] == sorted(
        (i for _, i in chosen), key=lambda i: int(i.split("-")[1]))  # input order
    # the sample is the same pages whatever the order they come in
    plain = _sampled(ids, set(), ReviewSampler(flagged=2, sample=10))
    again = _sampled(list(reversed(ids)), set(), ReviewSampler(flagged=2, sample=10))
    assert sorted(i for _, i in plain) == sorted(i for _, i in again)


def test_records_of_failed_and_skipped_pages_are_dropped() -> None:
    sampler = ReviewSampler(flagged=5, sample=5)
    list(sampler.items(_record(i) for i in ("a", "b", "c", "d")))
    sampler._written(_outcome("c"))  # a and b failed or were skipped
    assert [r.id for _, r in sampler.pending] == ["d"]
    sampler._written(_outcome("d", ("w",)))
    assert [(note, r.id) for note, r in sampler.chosen()] == [("sample", "c"),
                                                             ("has diagnostics", "d")]


def _crawl_with_a_diagnostic(folder: Path) -> Path:
    folder.mkdir()
    for example in EXAMPLES.glob("*.txt"):
        (folder / example.name).write_bytes(example.read_bytes())
    text = (EXAMPLES / "brecorder-markets.txt").read_text("utf-8")
    text = text.replace("FSGORG 257.09 Increased By ▲ 0.55 (0.21%)",
                        "FSGORG 257.09 Increased By ▲ 0.55 (9.99%)")
    (folder / "zz-inconsistent.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", ["1", "2"])
def test_convert_review_writes_the_pages_with_diagnostics_and_a_sample(
        capsys, tmp_path: Path, workers: str) -> None:
    crawl = _crawl_with_a_diagnostic(tmp_path / "crawl")
    out = tmp_path / "review"
    code, _, err = run(capsys, "convert", str(crawl), "--format", "jsonl", "-o",
                       str(tmp_path / "out.jsonl"), "--review", str(out), "--workers", workers)
    assert code == 0
    assert f"pagenorm: review of 5 pages: {out / 'index.html'}" in err
    assert index_ids(out) == sorted(p.name for p in crawl.glob("*.txt"))
    index = (out / "index.html").read_text("utf-8")
    assert "<code>ticker.inconsistent</code>" in index and "has diagnostics" in index
    inconsistent = pages_of(out)[-1].read_text("utf-8")
    check_page(inconsistent, (crawl / "zz-inconsistent.txt").read_text("utf-8"))
    assert "ticker.inconsistent" in inconsistent
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 5  # output unchanged


def test_a_job_file_takes_review_relative_to_it(tmp_path: Path) -> None:
    job = tmp_path / "job.yaml"
    job.write_text("inputs: [pages/]\nreview: review-out\n", encoding="utf-8")
    assert load_job(str(job)).review == str(tmp_path / "review-out")


# --- eval --review ---


def test_eval_review_shows_expected_beside_produced_for_the_worst_pages(
        capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "eval", str(LABELLED), "--review", str(tmp_path), "--json")
    assert code == 0
    report = json.loads(out)
    worst = [page for page in report["worst"] if page["error"] is None]
    assert err == (f"pagenorm: review of the {len(report['worst'])} worst pages: "
                   f"{tmp_path / 'index.html'}\n")
    pages = pages_of(tmp_path)
    assert len(pages) == len(worst) >= 1
    for path, page in zip(pages, worst, strict=True):
        html = path.read_text("utf-8")
        fields = re.findall(r'<tr data-field="([^"]+)">', html)
        assert fields == [d["field"] for d in page["differ"]]
        assert 'class="expected"' in html and 'class="produced"' in html
        check_page(html, (LABELLED / page["id"]).read_text("utf-8"))
    assert index_ids(tmp_path) == [page["id"] for page in worst]
    assert "fields differ" in (tmp_path / "index.html").read_text("utf-8")


def test_eval_review_of_generated_pages(capsys, tmp_path: Path) -> None:
    code, _, _ = run(capsys, "eval", "--pages", "300", "--worst", "3", "--review",
                     str(tmp_path), "--json")
    assert code == 0
    ids = index_ids(tmp_path)
    assert 1 <= len(ids) <= 3 and all("#" in page_id for page_id in ids)
    for path in pages_of(tmp_path):
        assert "Expected and produced:" in path.read_text("utf-8")
