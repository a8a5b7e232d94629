"""The review pages in a real browser: Debian's headless Chromium, driven by selenium through
the system chromedriver (nothing downloads a browser or a driver).

Checked from the DOM: each line has its section, hovering or clicking a line shows its
plugin and the claims it beat, page text runs nothing, the index's filters and sorting
work, and an ``eval --review`` page shows each expected value beside the produced one.
Screenshots are saved to ``build/test-artifacts/`` (the README's pictures in ``docs/`` are
copies of them). Without the browser every test
here is skipped, saying why; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pagenorm import testing
from pagenorm.api import Normaliser
from pagenorm.cli import main
from pagenorm.model import Source
from pagenorm.reading import page_from_text
from pagenorm.review.view import view_page
from tests.test_review import EVIL, EXAMPLES, LABELLED

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "build" / "test-artifacts"
SHAPES = ("brecorder/article", "dawn/listing", "thenews/full", "generic/reuters")

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install "
                                                  "-e '.[test]')")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(f"no browser: {CHROMIUM} or {CHROMEDRIVER} is missing (apt-get install "
                "chromium chromium-driver; .ci/run does)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

LINES = """return Array.from(document.querySelectorAll('#lines tr.ln')).map(r => ({
  line: Number(r.dataset.line), kind: r.dataset.kind, plugin: r.dataset.plugin || null,
  text: r.querySelector('td.tx').textContent,
  colour: getComputedStyle(r).borderLeftColor}));"""
VISIBLE = """return Array.from(document.querySelectorAll('#pages tbody tr'))
  .filter(r => !r.hidden && r.offsetParent !== null)
  .map(r => r.querySelector('td.id').textContent);"""


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must fetch nothing
    profile = tempfile.mkdtemp(prefix="pagenorm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1400,900",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple]]:
    """A review of the examples, a page with markup in it and a few generated shapes;
    id -> (text, url) of each page."""
    folder = tmp_path_factory.mktemp("browser")
    pages: dict[str, tuple[str, str | None]] = {
        p.name: (p.read_text("utf-8"), None) for p in sorted(EXAMPLES.glob("*.txt"))}
    pages["evil.txt"] = (EVIL, None)
    markets = pages["brecorder-markets.txt"][0]
    pages["inconsistent-ticker.txt"] = (markets.replace(
        "FSGORG 257.09 Increased By ▲ 0.55 (0.21%)",
        "FSGORG 257.09 Increased By ▲ 0.55 (9.99%)"), None)
    for shape in SHAPES:
        page = testing.generate(shape, random.Random(3))
        pages[shape] = (page.text, page.url)
    crawl = folder / "crawl.jsonl"
    crawl.write_text("".join(json.dumps({"id": i, "text": t, "url": u}) + "\n"
                             for i, (t, u) in pages.items()), encoding="utf-8")
    assert main(["review", str(crawl), "--output", str(folder / "review")]) == 0
    return folder / "review", pages


def page_path(folder: Path, page_id: str) -> Path:
    index = list(report_ids(folder)).index(page_id) + 1
    return next((folder / "pages").glob(f"{index:04d}-*.html"))


def report_ids(folder: Path) -> list[str]:
    import re

    html = (folder / "index.html").read_text("utf-8")
    return re.findall(r'<td class="id"><a href="pages/[^"]+">([^<]+)</a>', html)


def open_page(browser, path: Path) -> None:
    browser.get(path.resolve().as_uri())


def save(browser, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    return path


@pytest.mark.parametrize("page_id", ["brecorder-markets.txt", "generic-byline.txt", *SHAPES])
def test_each_line_has_its_section(browser, report, page_id: str) -> None:
    folder, pages = report
    open_page(browser, page_path(folder, page_id))
    text, url = pages[page_id]
    view = view_page(Normaliser(), page_from_text(text, id=page_id, source=Source(url=url)))
    shown = browser.execute_script(LINES)
    assert [(r["line"], r["kind"], r["plugin"], r["text"]) for r in shown] == [
        (line.number, line.kind, line.plugin, line.text) for line in view.lines]
    colours = {}
    for row in shown:  # one colour per section kind
        assert colours.setdefault(row["kind"], row["colour"]) == row["colour"]
    if len(colours) > 2:
        assert len(set(colours.values())) > 2


def test_hover_shows_the_plugin_and_click_pins_it(browser, report) -> None:
    folder, _ = report
    open_page(browser, page_path(folder, "brecorder-markets.txt"))
    detail = browser.find_element(By.ID, "detail")
    ticker = browser.find_element(By.ID, "L0")
    ActionChains(browser).move_to_element(ticker).perform()
    assert detail.find_element(By.CSS_SELECTOR, "b.plugin").text == "ticker"
    assert detail.find_element(By.CSS_SELECTOR, "b.confidence").text == "0.95"
    assert "article heading 0.30 (line 0) lost to ticker ticker 0.95 (lines 0–10)" \
        in detail.text
    assert "lower confidence (0.3 < 0.95)" in detail.text
    save(browser, "review-page.png")
    byline = browser.find_element(By.CSS_SELECTOR, "tr.ln[data-kind='byline']")
    ActionChains(browser).move_to_element(byline).click().perform()
    assert "pinned" in byline.get_attribute("class").split()
    assert detail.find_element(By.CSS_SELECTOR, "b.plugin").text == "article"
    ActionChains(browser).move_to_element(ticker).perform()  # pinned: hovering changes nothing
    assert detail.get_attribute("data-line") == byline.get_attribute("data-line")
    ActionChains(browser).move_to_element(byline).click().perform()  # unpin
    ActionChains(browser).move_to_element(ticker).perform()
    assert detail.get_attribute("data-line") == "0"


def test_a_residual_line_says_so(browser, report) -> None:
    folder, pages = report
    for page_id, (text, url) in pages.items():
        doc = view_page(Normaliser(), page_from_text(text, id=page_id,
                                                     source=Source(url=url))).document
        if doc.residual:
            break
    else:
        pytest.skip("no page of the report has residual lines")
    open_page(browser, page_path(folder, page_id))
    row = browser.find_element(By.ID, f"L{doc.residual[0].line}")
    row.click()
    assert "kept in residual" in browser.find_element(By.ID, "detail").text


def test_page_text_runs_nothing_and_shows_as_text(browser, report) -> None:
    folder, _ = report
    open_page(browser, page_path(folder, "evil.txt"))
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.find_elements(By.CSS_SELECTOR, "#lines img") == []
    texts = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#lines td.tx")]
    assert "Headline with <script>window.pwned=1</script> in it" in texts
    assert any('<img src=x onerror="window.pwned=2">' in text for text in texts)
    body = browser.find_element(By.CSS_SELECTOR, "section.part.article").text
    assert "<script>window.pwned=3</script>" in body or "window.pwned=1" in body
    row = browser.find_element(By.ID, "L0")
    ActionChains(browser).move_to_element(row).perform()  # the script works on this page too
    assert browser.find_element(By.ID, "detail").get_attribute("data-line") == "0"
    assert browser.execute_script("return typeof window.pwned") == "undefined"


def test_the_index_filters_and_sorts(browser, report) -> None:
    folder, pages = report
    open_page(browser, folder / "index.html")
    everything = browser.execute_script(VISIBLE)
    assert everything == list(pages)
    shown = browser.find_element(By.ID, "shown")
    assert shown.text == f"{len(pages)} of {len(pages)} pages shown"
    save(browser, "review-index.png")

    box = browser.find_element(By.ID, "filter")
    box.send_keys("brecorder")
    brecorder = browser.execute_script(VISIBLE)
    assert brecorder and set(brecorder) < set(pages)
    assert {"brecorder-markets.txt", "brecorder-short-strip.txt"} <= set(brecorder)
    assert "generic-byline.txt" not in brecorder
    box.clear()
    box.send_keys(" ")  # clear() sends no input event
    assert len(browser.execute_script(VISIBLE)) == len(pages)

    Select(browser.find_element(By.ID, "filter-site")).select_by_value("generic")
    generic = browser.execute_script(VISIBLE)
    sites = {row.get_attribute("data-site") for row in
             browser.find_elements(By.CSS_SELECTOR, "#pages tbody tr") if row.is_displayed()}
    assert generic and sites == {"generic"}
    assert shown.text == f"{len(generic)} of {len(pages)} pages shown"
    Select(browser.find_element(By.ID, "filter-site")).select_by_value("")

    Select(browser.find_element(By.ID, "filter-kind")).select_by_value("listing")
    assert browser.execute_script(VISIBLE) == ["dawn/listing"]
    Select(browser.find_element(By.ID, "filter-kind")).select_by_value("")

    codes = Select(browser.find_element(By.ID, "filter-code"))
    codes.select_by_value("ticker.inconsistent")
    assert browser.execute_script(VISIBLE) == ["inconsistent-ticker.txt"]
    codes.select_by_value("(none)")
    assert browser.execute_script(VISIBLE) == [p for p in pages if p != "inconsistent-ticker.txt"]
    codes.select_by_value("")

    header = browser.find_element(By.XPATH, "//table[@id='pages']//th[.='lines']")
    header.click()
    values = [int(v) for v in browser.execute_script(
        "return Array.from(document.querySelectorAll('#pages tbody tr'))"
        ".map(r => r.cells[3].dataset.value)")]
    assert values == sorted(values)
    header.click()
    again = [int(v) for v in browser.execute_script(
        "return Array.from(document.querySelectorAll('#pages tbody tr'))"
        ".map(r => r.cells[3].dataset.value)")]
    assert again == sorted(values, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


def test_eval_review_shows_expected_beside_produced(browser, capsys, tmp_path: Path) -> None:
    assert main(["eval", str(LABELLED), "--review", str(tmp_path), "--json"]) == 0
    worst = next(p for p in json.loads(capsys.readouterr().out)["worst"] if p["error"] is None)
    open_page(browser, next((tmp_path / "pages").glob("0001-*.html")))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.diff tr[data-field]")
    assert [row.get_attribute("data-field") for row in rows] == \
        [differ["field"] for differ in worst["differ"]]
    for row, differ in zip(rows, worst["differ"], strict=True):
        expected = row.find_element(By.CSS_SELECTOR, "td.expected")
        produced = row.find_element(By.CSS_SELECTOR, "td.produced")
        assert expected.is_displayed() and produced.is_displayed()
        assert expected.location["y"] == produced.location["y"]  # beside, not below
        assert expected.location["x"] < produced.location["x"]
        if isinstance(differ["expected"], list) and not differ["produced"]:
            marked = expected.find_elements(By.CSS_SELECTOR, "li.only")
            assert len(marked) == len(differ["expected"])  # every item missing, marked
    in_view = "const r = arguments[0].getBoundingClientRect(); return r.bottom <= innerHeight;"
    assert browser.execute_script(in_view, rows[-1])  # the screenshot shows the table
    save(browser, "eval-review.png")


def test_a_page_links_back_to_the_index(browser, report) -> None:
    folder, _ = report
    open_page(browser, folder / "index.html")
    browser.find_element(By.LINK_TEXT, "generic-byline.txt").click()
    assert browser.current_url.endswith("-generic-byline.txt.html")
    browser.find_element(By.LINK_TEXT, "all pages").click()
    assert browser.current_url.endswith("/index.html")
