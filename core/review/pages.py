"""``pagenorm review``: self-contained HTML pages showing what pagenorm did.

Each page shows the input's lines on the left, coloured by section kind, with the plugin,
confidence and competing claims of a line on hover or click, and the normalised document on
the right. ``index.html`` lists the pages with counts per site, page kind, section kind and
diagnostic code, sortable and filterable.

Everything is inline (style, script, an SVG chart): the files open from the file system and
load nothing. Page text is always escaped with ``html.escape``; data for the script is JSON
inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, so a page
cannot close the script element; and each file's Content-Security-Policy allows only its own
script, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen

from pagenorm.errors import PagenormError
from pagenorm.model import Article, Claim, Decision, Document, Ticker
from pagenorm.review.view import BLANK, PageView, describe_choice, kind_colour

INDEX = "index.html"
PAGES_DIR = "pages"
_PAGE_NAME = re.compile(r"^\d{4,}-[A-Za-z0-9._-]+\.html$")


@frozen
class FieldDiff:
    """A field whose produced value differs from the expected one (``pagenorm eval``)."""

    field: str
    expected: Any
    produced: Any


@frozen
class ReviewPage:
    view: PageView
    note: str = ""  # why the page is in the report ("has diagnostics", "worst 3 of 10")
    diffs: tuple[FieldDiff, ...] = ()
    scored: bool = False  # an eval page: show the expected-versus-produced block


# --- writing a report ---


def write_review(pages: Iterable[ReviewPage], out: str | Path, *,
                 title: str = "pagenorm review") -> Path:
    """Write one HTML file per page under ``out/pages/`` and ``out/index.html``; return the
    index's path."""
    folder = Path(out)
    try:
        (folder / PAGES_DIR).mkdir(parents=True, exist_ok=True)
        rows = []
        for number, page in enumerate(pages, 1):
            name = review_file_name(number, page.view.document.id)
            _write(folder / PAGES_DIR / name, render_page(page, index_href=f"../{INDEX}"))
            rows.append((f"{PAGES_DIR}/{name}", page))
        _write(folder / INDEX, render_index(rows, title=title))
        _remove_stale(folder / PAGES_DIR, {href.rpartition("/")[2] for href, _ in rows})
    except OSError as exc:
        raise PagenormError(f"{exc.filename or folder}: cannot write the review: "
                            f"{exc.strerror or exc}") from exc
    return folder / INDEX


def _remove_stale(folder: Path, written: set[str]) -> None:
    """Pages an earlier review left in the folder (only files named as this module names
    them), so the folder holds one report."""
    for path in folder.glob("*.html"):
        if path.name not in written and _PAGE_NAME.match(path.name):
            path.unlink()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def review_file_name(number: int, page_id: str) -> str:
    """``0003-brecorder-article-7.html``: numbered in report order, named after the id."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", page_id).strip("-.")[:60] or "page"
    return f"{number:04d}-{slug}.html"


# --- shared pieces ---


@cache
def _asset(name: str) -> str:
    return files("pagenorm.review").joinpath(name).read_text(encoding="utf-8")


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = orjson.dumps(data).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _document(title: str, body: str, *, body_class: str, data: Any, kinds: Iterable[str]) -> str:
    script = _asset("review.js")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src data:")
    return "".join((
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>{escape(title)}</title>\n<style>\n{_asset('review.css')}{_kind_css(kinds)}"
        "</style>\n</head>\n",
        f"<body class=\"{body_class}\">\n{body}\n",
        f"<script type=\"application/json\" id=\"pagenorm-data\">{json_for_script(data)}"
        "</script>\n",
        f"<script>{script}</script>\n</body>\n</html>\n",
    ))


def kind_class(kind: str) -> str:
    return "k-" + re.sub(r"[^A-Za-z0-9_-]", "_", kind)


def _kind_css(kinds: Iterable[str]) -> str:
    return "".join(f".{kind_class(kind)} {{ --kc: {kind_colour(kind)}; }}\n"
                   for kind in sorted(set(kinds)))


def _swatch(kind: str) -> str:
    return f"<span class=\"swatch {kind_class(kind)}\"></span>"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


# --- one page ---


def render_page(page: ReviewPage, *, index_href: str = INDEX) -> str:
    view, doc = page.view, page.view.document
    kinds = Counter(line.kind for line in view.lines)
    header = "".join((
        "<header class=\"top\">",
        f"<nav><a href=\"{escape(index_href)}\">all pages</a></nav>",
        f"<h1>{escape(doc.id)}</h1>",
        _meta(view),
        f"<p class=\"note\">{escape(page.note)}</p>" if page.note else "",
        "<ul class=\"legend\">",
        *(f"<li>{_swatch(kind)}{escape(kind)} {count}</li>" for kind, count in
          sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        "</ul></header>",
    ))
    lines = "".join(_line_row(view, line) for line in view.lines)
    left = ("<section class=\"pane lines-pane\" aria-label=\"page lines\"><h2>Page lines</h2>"
            "<p class=\"hint\">Hover a line to see its section, plugin, confidence and the "
            "claims it beat; click to pin. ✗ marks lines with competing claims.</p>"
            f"<table id=\"lines\"><tbody>{lines}</tbody></table></section>")
    right = "".join((
        "<section class=\"pane doc-pane\" aria-label=\"normalised document\">",
        "<div id=\"detail\" class=\"detail\" aria-live=\"polite\"><p class=\"empty\">"
        "Hover or click a line on the left.</p></div>",
        _diffs(page) if page.scored else "",
        render_document(doc),
        "</section>",
    ))
    body = f"{header}<main class=\"split\">{left}{right}</main>"
    return _document(f"pagenorm review: {doc.id}", body, body_class="page",
                     data=_page_data(view), kinds=[*kinds, *_document_kinds(doc)])


def _meta(view: PageView) -> str:
    doc = view.document
    choice = view.choice
    counts = (f"{len(view.lines)} lines · {len(doc.sections)} sections · "
              f"{len(doc.residual)} residual · {len(doc.diagnostics)} diagnostics · "
              f"{len(view.lost)} claims lost")
    return "".join((
        f"<p class=\"meta\"><span class=\"pill\">{escape(doc.kind)}</span> site "
        f"<b>{escape(doc.site)}</b> · {counts}</p>",
        f"<p class=\"meta\" title=\"{escape(describe_choice(choice))}\">profile "
        f"<b>{escape(choice.profile)}</b>: {escape(choice.reason)}</p>",
    ))


def _line_row(view: PageView, line: Any) -> str:
    classes = ["ln", kind_class(line.kind)]
    section = None if line.section is None else view.document.sections[line.section]
    if section is not None and section.first == line.number:
        classes.append("first")
    if line.lost:
        classes.append("lost")
    attrs = [f"id=\"L{line.number}\"", f"class=\"{' '.join(classes)}\"",
             f"data-line=\"{line.number}\"", f"data-kind=\"{escape(line.kind)}\"",
             f"data-lost=\"{len(line.lost)}\"", "tabindex=\"0\""]
    if line.plugin is not None:
        attrs += [f"data-plugin=\"{escape(line.plugin)}\"",
                  f"data-confidence=\"{line.confidence:g}\"", f"data-section=\"{line.section}\""]
    kind = "" if line.kind == BLANK else line.kind
    return (f"<tr {' '.join(attrs)}><td class=\"no\">{line.number}</td>"
            f"<td class=\"kd\">{escape(kind)}</td><td class=\"tx\">{escape(line.text)}</td></tr>")


def _claim(claim: Claim) -> dict[str, Any]:
    return {"plugin": claim.plugin, "kind": claim.kind, "first": claim.first,
            "last": claim.last, "confidence": claim.confidence}


def _page_data(view: PageView) -> dict[str, Any]:
    """What the script reads: the sections, and the losing claims by line."""
    losses: list[dict[str, Any]] = []
    index: dict[int, int] = {}

    def number(decision: Decision) -> int:
        if id(decision) not in index:
            index[id(decision)] = len(losses)
            losses.append({"claim": _claim(decision.claim), "reason": decision.reason,
                           "winner": None if decision.beaten_by is None
                           else _claim(decision.beaten_by)})
        return index[id(decision)]

    by_line = {str(line.number): [number(d) for d in line.lost] for line in view.lines
               if line.lost}
    sections = [{"kind": s.kind, "plugin": s.plugin, "first": s.first, "last": s.last,
                 "confidence": s.confidence} for s in view.document.sections]
    return {"sections": sections, "losses": losses, "lost_by_line": by_line}


def _document_kinds(doc: Document) -> list[str]:
    return [section.kind for section in doc.sections]


# --- the normalised document ---


def render_document(doc: Document) -> str:
    parts = [
        _part("Article", _article(doc.article, doc), "article"),
        _part("Ticker", _ticker(doc.ticker), "ticker"),
        _part("Tags", _tags(doc.tags), "tags"),
        _part("Related", _list([r.title for r in doc.related]), "related"),
        _part("Residual lines", _residual(doc), "residual"),
        _part("Diagnostics", _diagnostics(doc), "diagnostics"),
        _part("Source", _source(doc), "source"),
    ]
    return "<h2>Normalised document</h2>" + "".join(parts)


def _part(title: str, body: str, name: str) -> str:
    return (f"<section class=\"part {name}\" data-part=\"{name}\"><h2>{escape(title)}</h2>"
            f"{body}</section>")


def _none(text: str = "none") -> str:
    return f"<p class=\"none\">{escape(text)}</p>"


def _fields(pairs: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{escape(str(value))}</dd>"
                   for name, value in pairs if value not in (None, "", ()))
    return f"<dl class=\"fields\">{rows}</dl>" if rows else ""


def _article(article: Article, doc: Document) -> str:
    title = (f"<p class=\"article-title\"><b>{escape(article.title)}</b></p>"
             if article.title else _none("no title"))
    subtitle = "".join(f"<li>{escape(line)}</li>" for line in article.subtitle)
    fields = _fields((
        ("kind", doc.kind), ("section", article.section), ("print date", article.print_date),
        ("byline", article.byline), ("published", article.published),
        ("updated", article.updated), ("dateline", article.dateline),
        ("page date", doc.page_date), ("truncated", "yes" if doc.truncated else None),
    ))
    before: dict[int, list[str]] = {}
    for subheading in article.subheadings:
        before.setdefault(subheading.before, []).append(subheading.text)
    body: list[str] = []
    for number, paragraph in enumerate(article.paragraphs):
        body.extend(f"<h4>{escape(text)}</h4>" for text in before.pop(number, ()))
        body.append(f"<p>{escape(paragraph)}</p>")
    body.extend(f"<h4>{escape(text)}</h4>" for texts in before.values() for text in texts)
    paragraphs = "".join(body) or _none("no paragraphs")
    return "".join((title, f"<ul class=\"subtitle\">{subtitle}</ul>" if subtitle else "",
                    fields, paragraphs))


_ARROWS = {"up": "▲ up", "down": "▼ down", "unchanged": "= unchanged"}


def _ticker(ticker: Ticker | None) -> str:
    if ticker is None:
        return _none("no ticker")
    head = ("<tr><th>{}</th><th>{}</th><th>change</th><th>change %</th><th>direction</th>"
            "</tr>")
    out = []
    for title, rows, price in (("quotes", ticker.quotes, "price"),
                               ("indices", ticker.indices, "value")):
        if not rows:
            continue
        body = "".join(
            f"<tr class=\"{escape(row.direction)}\"><td>{escape(row.symbol)}</td>"
            f"<td class=\"num\">{getattr(row, price):,g}</td>"
            f"<td class=\"num\">{row.change:+g}</td><td class=\"num\">{row.change_pct:+g}%</td>"
            f"<td class=\"{escape(row.direction)}\">{escape(_arrow(row.direction))}</td></tr>"
            for row in rows)
        out.append(f"<h3>{title}</h3><table class=\"grid ticker\">"
                   f"{head.format('symbol', price)}{body}</table>")
    return "".join(out) or _none("an empty ticker")


def _arrow(direction: str) -> str:
    return _ARROWS.get(direction, direction)


def _tags(tags: Sequence[str]) -> str:
    if not tags:
        return _none()
    return "<ul class=\"tags\">" + "".join(f"<li>{escape(t)}</li>" for t in tags) + "</ul>"


def _list(items: Sequence[str]) -> str:
    if not items:
        return _none()
    return "<ul class=\"plain\">" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _residual(doc: Document) -> str:
    if not doc.residual:
        return _none()
    rows = "".join(f"<tr><td class=\"num\"><a href=\"#L{r.line}\">{r.line}</a></td>"
                   f"<td>{escape(r.text)}</td></tr>" for r in doc.residual)
    return f"<table class=\"grid\"><tr><th>line</th><th>text</th></tr>{rows}</table>"


def _diagnostics(doc: Document) -> str:
    if not doc.diagnostics:
        return _none()
    rows = "".join(
        f"<tr><td class=\"level-{escape(d.level)}\">{escape(d.level)}</td>"
        f"<td><code>{escape(d.code)}</code></td><td>{escape(d.message)}</td>"
        f"<td>{'' if d.lines is None else f'{d.lines[0]}–{d.lines[1]}'}</td></tr>"
        for d in doc.diagnostics)
    return ("<table class=\"grid\"><tr><th>level</th><th>code</th><th>message</th>"
            f"<th>lines</th></tr>{rows}</table>")


def _source(doc: Document) -> str:
    return _fields((("id", doc.id), ("path", doc.source.path), ("url", doc.source.url),
                    ("sha256", doc.source.sha256))) or _none()


def _diffs(page: ReviewPage) -> str:
    if not page.diffs:
        return _part("Expected and produced", _none("every scored field is right"), "diffs")
    rows = "".join(
        f"<tr data-field=\"{escape(d.field)}\"><th scope=\"row\">{escape(d.field)}</th>"
        f"<td class=\"expected\">{_value(d.expected, d.produced)}</td>"
        f"<td class=\"produced\">{_value(d.produced, d.expected)}</td></tr>"
        for d in page.diffs)
    table = ("<table class=\"grid diff\"><tr><th>field</th><th>expected</th><th>produced</th>"
             f"</tr>{rows}</table>")
    return _part(f"Expected and produced: {len(page.diffs)} fields differ", table, "diffs")


def _value(value: Any, other: Any) -> str:
    """A value as JSON; a list item by item, the items the other side lacks marked."""
    if not (isinstance(value, list) and isinstance(other, list)) or not value:
        return f"<pre>{escape(_json(value))}</pre>"
    left = Counter(_json(item) for item in other)
    items = []
    for item in value:
        text = _json(item)
        mark = " class=\"only\"" if left[text] <= 0 else ""
        left[text] -= 1
        items.append(f"<li{mark}><pre>{escape(text)}</pre></li>")
    return f"<ol class=\"items\" start=\"0\">{''.join(items)}</ol>"


# --- the index ---


def render_index(rows: Sequence[tuple[str, ReviewPage]], *, title: str = "pagenorm review"
                 ) -> str:
    docs = [page.view.document for _, page in rows]
    sites = Counter(doc.site for doc in docs)
    kinds = Counter(doc.kind for doc in docs)
    sections = Counter(s.kind for doc in docs for s in doc.sections)
    codes = Counter(d.code for doc in docs for d in doc.diagnostics)
    scored = any(page.scored for _, page in rows)
    summary = "".join((
        "<div class=\"summary\">",
        _count_table("Pages per site", "site", sites),
        _count_table("Pages per page kind", "kind", kinds),
        _count_table("Diagnostics per code", "code", codes),
        f"<section class=\"chart\" data-count=\"section-kind\"><h2>Sections per kind</h2>"
        f"{bar_chart(sections)}</section>",
        "</div>",
    ))
    filters = "".join((
        "<div class=\"filters\">",
        "<input id=\"filter\" type=\"search\" placeholder=\"filter by id, site, kind, "
        "section kind, diagnostic…\" aria-label=\"filter pages\">",
        _select("filter-site", "all sites", sorted(sites)),
        _select("filter-kind", "all page kinds", sorted(kinds)),
        _select("filter-code", "any diagnostics", ["(none)", *sorted(codes)]),
        f"<span id=\"shown\">{len(rows)} of {len(rows)} pages shown</span></div>",
    ))
    head = ["page", "site", "kind", ("lines", "num"), ("sections", "num"),
            ("residual", "num"), ("diagnostics", "num"), ("claims lost", "num")]
    if scored:
        head.append(("fields differ", "num"))
    head += ["section kinds", "diagnostic codes", "note"]
    header = "".join(_th(cell) for cell in head)
    body = "".join(_index_row(href, page, scored) for href, page in rows)
    table = (f"<table id=\"pages\" class=\"grid\"><thead><tr>{header}</tr></thead>"
             f"<tbody>{body}</tbody></table>")
    top = (f"<header class=\"top\"><h1>{escape(title)}</h1><p class=\"meta\">{len(rows)} "
           f"pages · {sum(sections.values())} sections · {sum(codes.values())} diagnostics"
           "</p></header>")
    return _document(title, f"{top}<main>{summary}{filters}{table}</main>", body_class="index",
                     data={}, kinds=sections)


def _th(cell: str | tuple[str, str]) -> str:
    name, kind = (cell, "text") if isinstance(cell, str) else cell
    return f"<th data-type=\"{kind}\" scope=\"col\">{escape(name)}</th>"


def _count_table(title: str, name: str, counts: Counter[str]) -> str:
    if not counts:
        return f"<section data-count=\"{name}\"><h2>{escape(title)}</h2>{_none()}</section>"
    rows = "".join(
        f"<tr><td>{escape(key)}</td>"
        f"<td class=\"num\">{count}</td></tr>"
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return (f"<section data-count=\"{name}\"><h2>{escape(title)}</h2>"
            f"<table class=\"grid\">{rows}</table></section>")


def _select(ident: str, everything: str, values: Sequence[str]) -> str:
    options = "".join(f"<option value=\"{escape(v)}\">{escape(v)}</option>" for v in values)
    return (f"<select id=\"{ident}\" aria-label=\"{escape(everything)}\">"
            f"<option value=\"\">{escape(everything)}</option>{options}</select>")


def bar_chart(counts: Counter[str], *, width: int = 440, bar: int = 14) -> str:
    """An inline SVG bar chart, one bar per key, longest first."""
    if not counts:
        return _none()
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    label, gap = 110, 4
    most = items[0][1]
    room = width - label - 50
    bars = []
    for row, (key, count) in enumerate(items):
        y = row * (bar + gap)
        length = max(1, round(room * count / most))
        bars.append(
            f"<g class=\"bar\" data-kind=\"{escape(key)}\">"
            f"<text x=\"{label - 6}\" y=\"{y + bar - 4}\" text-anchor=\"end\">{escape(key)}</text>"
            f"<rect x=\"{label}\" y=\"{y}\" width=\"{length}\" height=\"{bar}\" rx=\"2\" "
            f"fill=\"{kind_colour(key)}\"></rect>"
            f"<text x=\"{label + length + 4}\" y=\"{y + bar - 4}\">{count}</text></g>")
    height = len(items) * (bar + gap)
    return (f"<svg role=\"img\" aria-label=\"sections per kind\" width=\"{width}\" "
            f"height=\"{height}\" viewBox=\"0 0 {width} {height}\">{''.join(bars)}</svg>")


def _index_row(href: str, page: ReviewPage, scored: bool) -> str:
    view, doc = page.view, page.view.document
    kinds = Counter(s.kind for s in doc.sections)
    codes = sorted({d.code for d in doc.diagnostics})
    kinds_text = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    search = " ".join([doc.id, doc.site, doc.kind, *kinds, *codes, page.note]).lower()
    cells = [
        f"<td class=\"id\"><a href=\"{escape(href)}\">{escape(doc.id)}</a></td>",
        f"<td>{escape(doc.site)}</td>", f"<td>{escape(doc.kind)}</td>",
        _num(len(view.lines)), _num(len(doc.sections)), _num(len(doc.residual)),
        _num(len(doc.diagnostics)), _num(len(view.lost)),
    ]
    if scored:
        cells.append(_num(len(page.diffs)))
    cells += [
        f"<td class=\"kinds\">{escape(kinds_text)}</td>",
        "<td class=\"codes\">" + "".join(f"<code>{escape(c)}</code>" for c in codes) + "</td>",
        f"<td>{escape(page.note)}</td>",
    ]
    return (f"<tr data-site=\"{escape(doc.site)}\" data-kind=\"{escape(doc.kind)}\" "
            f"data-codes=\"{escape(' '.join(codes))}\" data-text=\"{escape(search)}\">"
            f"{''.join(cells)}</tr>")


def _num(value: int) -> str:
    return f"<td class=\"num\" data-value=\"{value}\">{value}</td>"

