"""Pages labelled line by line (the dev set's format, ``devset/README.md``): reading them,
scoring documents against them, and leave-site-out folds for a learned reader.

A label file ``ID.json`` holds a role per line, the page kind, and the article fields the
labeller asserts; its text is the file's ``text`` key, or ``TEXTS/ID.json`` (``{"text"}``)
or ``TEXTS/ID.txt``. Per field, per page (then averaged), as the dev set's README says:

- text is compared after NFKC, straight quotes and collapsed whitespace;
- ``paragraphs``: F1 between the document's paragraphs and the lines labelled ``body``, a
  leading dateline cut from both; ``related``: F1 against the lines labelled ``related``,
  a ``Read more:`` lead-in cut; ``quotes``/``indices``: F1 of the tuples; both empty is 1;
- ``title``, ``byline``, ``dateline``, ``section``, ``page_date``, ``tags``: exact, where
  asserted; ``published``: the same local date (and minute, when a time is asserted),
  offsets equal when both carry one; ``kind``: ``article`` (article, live blog, a stub with
  body text), ``listing``, else ``unknown``; ``no_line_lost``: every non-blank line is in a
  section or in residual.

Beside each field the report shows what a reader that finds nothing would score ("always
null": no title, no byline..., no paragraphs; ``article`` for the kind), per site and per
page kind. With ``folds``, the learned reader is trained on the other sites' pages and
scored on each fold's pages (folds grouped by site), so no figure comes from a page of a
site the model saw.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from pagenorm.api import Normaliser
from pagenorm.config import DEFAULT
from pagenorm.errors import PagenormError
from pagenorm.model import LabelledLines, Source
from pagenorm.reading import page_from_text

FIELDS = ("kind", "title", "byline", "published", "dateline", "section", "page_date", "tags",
          "paragraphs", "related", "quotes", "indices", "no_line_lost")
ARTICLE_FIELDS = ("title", "byline", "published", "dateline", "section")
KIND_OF_LABEL = {"article": "article", "live": "article", "listing": "listing",
                 "gallery": "unknown", "video": "unknown", "other": "unknown"}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_READ_MORE = re.compile(r"^(?:read more|also read|read also|see also)\b\s*[:|-]?\s*", re.I)


@frozen
class LabelledPage:
    id: str
    site: str
    kind: str  # the label's page kind: article, listing, gallery, video, live, stub, other
    text: str
    url: str | None
    label: dict[str, Any]


@frozen
class PageScore:
    id: str
    site: str
    kind: str
    scores: dict[str, float]  # field -> 0..1, for the fields this page scores
    baseline: dict[str, float]  # the same fields for a reader that finds nothing
    error: str | None = None


# --- reading label files ---


def read_labelled(paths: Iterable[str | Path], texts: str | Path | None = None,
                  on_bad: Callable[[str], None] = lambda message: None) -> list[LabelledPage]:
    """Every label file under ``paths`` (files or folders) whose text can be found; each
    bad file is reported through ``on_bad`` with one line, and the rest goes on."""
    pages = []
    for file in _label_files(paths):
        try:
            pages.append(_read_one(file, Path(texts) if texts else None))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            on_bad(f"{file}: {exc}")
    return pages


def _label_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.exists():
            files.append(path)
        else:
            raise PagenormError(f"{path}: no such file or folder")
    return files


ROLES = frozenset({
    "blank", "title", "byline", "date", "section", "subtitle", "body", "subheading", "caption",
    "related", "teaser", "listing", "nav", "footer", "widget", "other", "tags", "ticker",
    "index", "dateline",
})


def _read_one(file: Path, texts: Path | None) -> LabelledPage:
    label = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(label, dict) or not isinstance(label.get("labels"), list):
        raise ValueError("not a line-labelled page (no labels list)")
    page_id = str(label.get("id") or file.stem)
    text = label.get("text")
    if text is None:
        text = _text_beside(page_id, texts)
    if not isinstance(text, str):
        raise ValueError("its text is not a string")
    _check_labels(text.split("\n"), label)
    return LabelledPage(page_id, str(label.get("site") or "unknown"),
                        str(label.get("kind") or "article"), text, label.get("url"), label)


def _check_labels(lines: list[str], label: dict[str, Any]) -> None:
    """The label file's promises, checked once: a known role per line, ``blank`` exactly on
    blank lines, an article block whose ``title_line`` is a line of the page."""
    roles = label["labels"]
    if len(lines) != len(roles):
        raise ValueError(f"{len(roles)} labels for {len(lines)} lines")
    for number, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role not in ROLES:
            raise ValueError(f"line {number}: unknown role {role!r}")
        if (role == "blank") != (not line.strip()):
            raise ValueError(f"line {number}: {role!r} on a {'' if line.strip() else 'blank '}"
                             "line")
    article = {} if label.get("article") is None else label["article"]
    if not isinstance(article, dict):
        raise ValueError("its article is not an object")
    title_line = article.get("title_line")
    if title_line is not None and not (isinstance(title_line, int)
                                       and 0 <= title_line < len(lines)):
        raise ValueError(f"title_line {title_line!r} is not a line of the page")
    for key in ("quotes", "indices"):
        if not isinstance(label.get(key) or [], list):
            raise ValueError(f"its {key} is not a list")


def _text_beside(page_id: str, texts: Path | None) -> str:
    if texts is None:
        raise ValueError("no text in the label file and no --texts folder")
    stored = texts / f"{page_id}.json"
    if stored.exists():
        return json.loads(stored.read_text(encoding="utf-8"))["text"]
    plain = texts / f"{page_id}.txt"
    if plain.exists():
        return plain.read_text(encoding="utf-8")
    raise ValueError(f"its text is not in {texts} (rebuild it: devset/README.md)")


def as_training(page: LabelledPage, normaliser: Normaliser) -> LabelledLines:
    """The page's lines as a pipeline sees them (crawler prefix cut off line 0) with their
    roles, for a ``train`` hook."""
    parsed = page_from_text(page.text, id=page.id, source=Source(url=page.url))
    first = normaliser.pipeline_for(parsed).strip_prefix(parsed, []).lines[:1]
    lines = page.text.split("\n")  # as the labels count them
    lines[:1] = first or [""]
    return LabelledLines(page.id, page.site, tuple(lines), tuple(page.label["labels"]),
                         page.url)


# --- comparing ---


def norm(text: Any) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return " ".join(text.split())


def f1(expected: Sequence[str], produced: Sequence[str]) -> float:
    if not expected and not produced:
        return 1.0
    common = sum((Counter(expected) & Counter(produced)).values())
    return 2 * common / (len(expected) + len(produced))


def same_published(expected: str | None, produced: str | None) -> bool:
    if expected is None or produced is None:
        return expected is produced
    if expected[:10] != produced[:10]:
        return False
    if len(expected) > 10 and expected[11:16] != produced[11:16]:
        return False
    offset_e, offset_p = _offset(expected), _offset(produced)
    return offset_e is None or offset_p is None or offset_e == offset_p


def _offset(value: str) -> str | None:
    match = re.search(r"(Z|[+-]\d{2}:?\d{2})$", value) if len(value) > 10 else None
    if match is None:
        return None
    return "+00:00" if match[1] == "Z" else match[1].replace(":", "")[:3] + ":" + \
        match[1].replace(":", "")[3:]


def _cut_dateline(text: str, dateline: str | None) -> str:
    if dateline and text.startswith(dateline):
        return re.sub(r"^\s*(?:\([^)]*\))?\s*(?::|—|–|-{1,2}|//|,[^:—–-]{0,30}(?::|—|–|-))\s*",
                      "", text[len(dateline):])
    return text


def expected_of(page: LabelledPage) -> dict[str, Any]:
    """The fields this page scores, with their expected values."""
    label, lines = page.label, page.text.split("\n")
    roles = label["labels"]
    lines = [re.sub(r"^ date \d{4}-\d{2}-\d{2} ", "", lines[0]), *lines[1:]]
    article = label.get("article") or {}
    expected: dict[str, Any] = {}
    body = [norm(line) for line, role in zip(lines, roles, strict=True) if role == "body"]
    has_body = bool(body)
    kind = KIND_OF_LABEL.get(page.kind, "article" if has_body else "unknown")
    expected["kind"] = kind
    if "title_line" in article:
        number = article["title_line"]
        expected["title"] = None if number is None else norm(lines[number])
    elif "title" in article:
        expected["title"] = norm(article["title"])
    for name in ("byline", "dateline", "section"):
        if name in article:
            expected[name] = norm(article[name])
    if "published" in article:
        expected["published"] = article["published"]
    expected["page_date"] = label.get("page_date")
    if "tags" in label:
        expected["tags"] = [norm(t) for t in label["tags"]]
    dateline = expected.get("dateline")
    if body:
        body[0] = norm(_cut_dateline(body[0] or "", dateline))
    expected["paragraphs"] = [b for b in body if b]
    expected["related"] = [norm(_READ_MORE.sub("", line))
                           for line, role in zip(lines, roles, strict=True) if role == "related"]
    expected["quotes"] = [tuple(q) for q in label.get("quotes") or []]
    expected["indices"] = [tuple(q) for q in label.get("indices") or []]
    return expected


def produced_of(document: dict[str, Any], dateline: str | None) -> dict[str, Any]:
    article = document["article"]
    paragraphs = [norm(p) for p in article["paragraphs"]]
    if paragraphs:
        paragraphs[0] = norm(_cut_dateline(paragraphs[0] or "", dateline))
    ticker = document.get("ticker") or {"quotes": [], "indices": []}
    return {
        "kind": document["kind"], "title": norm(article["title"]),
        "byline": norm(article["byline"]), "published": article["published"],
        "dateline": norm(article["dateline"]), "section": norm(article["section"]),
        "page_date": document["page_date"], "tags": [norm(t) for t in document["tags"]],
        "paragraphs": [p for p in paragraphs if p],
        "related": [norm(_READ_MORE.sub("", r["title"])) for r in document["related"]],
        "quotes": [(q["symbol"], q["price"], q["change"], q["change_pct"])
                   for q in ticker["quotes"]],
        "indices": [(q["symbol"], q["value"], q["change"], q["change_pct"])
                    for q in ticker["indices"]],
    }


_NOTHING = {"kind": "article", "title": None, "byline": None, "published": None,
            "dateline": None, "section": None, "page_date": None, "tags": [],
            "paragraphs": [], "related": [], "quotes": [], "indices": []}


def score_fields(expected: dict[str, Any], produced: dict[str, Any]) -> dict[str, float]:
    scores = {}
    for name, value in expected.items():
        got = produced.get(name)
        if name in ("paragraphs", "related", "quotes", "indices"):
            scores[name] = f1(value, got or [])
        elif name == "published":
            scores[name] = float(same_published(value, got))
        else:
            scores[name] = float(value == got)
    return scores


def score_page(page: LabelledPage, normaliser: Any) -> PageScore:
    expected = expected_of(page)
    baseline = score_fields(expected, _NOTHING)
    try:
        document = normaliser.normalise(page.text, id=page.id, source=Source(url=page.url))
    except PagenormError as exc:
        zero = dict.fromkeys([*expected, "no_line_lost"], 0.0)
        baseline["no_line_lost"] = 1.0
        return PageScore(page.id, page.site, page.kind, zero, baseline, str(exc))
    produced_doc = document.to_dict()
    produced = produced_of(produced_doc, produced_doc["article"]["dateline"])
    scores = score_fields(expected, produced)
    scores["no_line_lost"] = float(_no_line_lost(page.text, produced_doc))
    baseline["no_line_lost"] = 1.0
    return PageScore(page.id, page.site, page.kind, scores, baseline)


def _no_line_lost(text: str, document: dict[str, Any]) -> bool:
    covered: set[int] = {r["line"] for r in document["residual"]}
    for section in document["sections"]:
        covered.update(range(section["lines"][0], section["lines"][1] + 1))
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return all(n in covered for n, line in enumerate(lines) if line.strip())


# --- leave-site-out folds ---


def folds_of(pages: Sequence[LabelledPage], count: int) -> list[list[LabelledPage]]:
    """``count`` folds with every site's pages in one fold, the same on every run."""
    sites = len({p.site for p in pages})
    if sites < 2:
        raise PagenormError(f"leave-site-out needs pages of at least two sites ({sites} given)")
    if len({p.id for p in pages}) != len(pages):
        raise PagenormError("two labelled pages share an id: each page needs its own")
    order = sorted({p.site for p in pages}, key=lambda s: hashlib.sha256(s.encode()).digest())
    fold_of = {site: index % count for index, site in enumerate(order)}
    folds: list[list[LabelledPage]] = [[] for _ in range(count)]
    for page in pages:
        folds[fold_of[page.site]].append(page)
    return [fold for fold in folds if fold]


class GenericWith:
    """The shipped profiles as usual, but pages that fall to the generic profile are read
    by ``generic`` instead (a normaliser whose learned model is a fold's)."""

    def __init__(self, usual: Normaliser, generic: Normaliser) -> None:
        self.usual, self.generic = usual, generic

    def normalise(self, text: str, *, id: str, source: Source) -> Any:
        page = page_from_text(text, id=id, source=source)
        if self.usual.pipeline_for(page).config.name == DEFAULT:
            return self.generic.normalise(text, id=id, source=source)
        return self.usual.normalise(text, id=id, source=source)


# What the rule reader's section kinds mean as line roles, for made-up pages it reads right.
ROLE_OF_SECTION = {
    "body": "body", "byline": "byline", "caption": "caption", "credit": "other",
    "date": "date", "updated": "date", "date_strip": "widget", "dateline": "dateline",
    "next_story": "other", "section_line": "section", "subheading": "subheading",
    "subtitle": "subtitle", "teaser": "teaser", "title": "title", "advert": "other",
    "boilerplate": "other", "footer": "footer", "navigation": "nav", "sidebar": "other",
    "weather": "widget", "widget": "widget", "listing": "listing", "related": "related",
    "tags": "tags", "ticker": "ticker",
}


def generated_training(count: int, seed: int = 0, normaliser: Normaliser | None = None
                       ) -> list[LabelledLines]:
    """``count`` made-up pages of every shape, each line labelled with the role of the
    section the shipped rule reader puts it in (it reads these shapes right: the generated
    accuracy tests say so), so a learned reader also learns the shapes the rules know."""
    from pagenorm.quality import generator

    usual = normaliser or Normaliser()
    rules = Normaliser(DEFAULT)  # the rule reader, for the pages the generic profile gets
    pages = []
    for index, made in enumerate(generator.corpus(count, seed)):
        source = Source(url=made.url)
        page = page_from_text(made.text, id="x", source=source)
        reader = rules if usual.pipeline_for(page).config.name == DEFAULT else usual
        document = reader.normalise(made.text, id=f"generated-{index}", source=source)
        lines = made.text.split("\n")
        roles = ["blank" if not line.strip() else "other" for line in lines]
        for section in document.sections:
            role = ROLE_OF_SECTION.get(section.kind, "other")
            for number in range(section.first, min(section.last, len(lines) - 1) + 1):
                if roles[number] != "blank":
                    roles[number] = role
        lines[:1] = usual.pipeline_for(page).strip_prefix(page, []).lines[:1]
        pages.append(LabelledLines(f"generated-{index}", made.shape.split("/")[0],
                                   tuple(lines), tuple(roles), made.url))
    return pages


def train(pages: Sequence[LabelledPage], output: str, plugin: str = "learned",
          normaliser: Normaliser | None = None, generated: int = 0) -> str:
    """Train ``plugin``'s model on ``pages`` (and ``generated`` made-up pages), written to
    ``output``; its summary line."""
    usual = normaliser or Normaliser()
    usual.host.load(plugin)
    if not usual.host.implements("train", plugin):
        raise PagenormError(f"plugin {plugin!r} learns nothing (it has no train hook)")
    lines = [as_training(page, usual) for page in pages]
    if generated:
        lines += generated_training(generated, normaliser=usual)
    summary = usual.host.call("train", plugin, pages=lines, output=output)
    return summary or f"{output}: written"


def fold_normaliser(training: Sequence[LabelledPage], usual: Normaliser, folder: Path,
                    index: int, plugin: str = "learned", base: str = "learned",
                    generated: int = 0) -> GenericWith:
    """The shipped profiles, with the generic pages read by a model trained on
    ``training`` (through ``plugin``'s ``train`` hook) in the profile ``base``."""
    model = folder / f"fold-{index}.crfsuite"
    train(training, str(model), plugin, usual, generated)
    if base.endswith((".yaml", ".yml")):  # a config may extend only files beside it
        copy = folder / "base.yaml"
        copy.write_text(Path(base).read_text(encoding="utf-8"), encoding="utf-8")
        base = "base.yaml"
    config = folder / f"fold-{index}.yaml"
    config.write_text(f"extends: {json.dumps(base)}\n"
                      f"{plugin}:\n  model: {json.dumps(str(model))}\n", encoding="utf-8")
    return GenericWith(usual, Normaliser(str(config)))


def evaluate(pages: Sequence[LabelledPage], normaliser: Any = None, *, folds: int = 0,
             plugin: str = "learned", base: str = "learned", generated: int = 0
             ) -> list[PageScore]:
    """Score every page; with ``folds``, each fold by a model trained on the others."""
    usual = normaliser or Normaliser()
    if not folds:
        return [score_page(page, usual) for page in pages]
    results: dict[str, PageScore] = {}
    with tempfile.TemporaryDirectory(prefix="pagenorm-folds-") as temp:
        groups = folds_of(pages, folds)
        for index, held_out in enumerate(groups):
            rest = [page for group in groups if group is not held_out for page in group]
            reader = fold_normaliser(rest, usual, Path(temp), index, plugin, base, generated)
            for page in held_out:
                results[page.id] = score_page(page, reader)
    return [results[page.id] for page in pages]


# --- the report ---


def summarise(scores: Sequence[PageScore], key: Callable[[PageScore], str] | None = None
              ) -> dict[str, dict[str, dict[str, float]]]:
    """Per group (all pages when ``key`` is None) and field: the mean score, the "always
    null" mean, and how many pages score the field."""
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for score in scores:
        groups[key(score) if key else "all"].append(score)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for group, members in sorted(groups.items()):
        fields: dict[str, dict[str, float]] = {}
        for name in FIELDS:
            values = [(m.scores[name], m.baseline[name]) for m in members if name in m.scores]
            if values:
                fields[name] = {"score": round(sum(v for v, _ in values) / len(values), 4),
                                "null": round(sum(b for _, b in values) / len(values), 4),
                                "pages": len(values)}
        fields["all_right"] = {"score": sum(all(v == 1.0 for v in m.scores.values())
                                            for m in members), "pages": len(members)}
        out[group] = fields
    return out


def report_text(scores: Sequence[PageScore], title: str) -> str:
    lines = [f"{title}: {len(scores)} pages of {len({s.site for s in scores})} sites", ""]
    overall = summarise(scores)["all"]
    lines.append(f"{'field':<14}{'score':>8}{'null':>8}{'pages':>7}")
    for name in FIELDS:
        if name in overall:
            row = overall[name]
            lines.append(f"{name:<14}{row['score']:>8.3f}{row['null']:>8.3f}{row['pages']:>7}")
    right = overall["all_right"]
    lines.append(f"pages with every field right: {right['score']} of {right['pages']}")
    lines.append("")
    by_kind = summarise(scores, lambda s: s.kind)
    shown = [n for n in FIELDS if n != "no_line_lost"]
    lines.append("by page kind (score / null):")
    lines.append(f"{'kind':<9}{'pages':>6} " + " ".join(f"{n[:9]:>11}" for n in shown))
    for kind, fields in by_kind.items():
        cells = " ".join(f"{fields[n]['score']:>5.2f}/{fields[n]['null']:<5.2f}"
                         if n in fields else f"{'-':>11}" for n in shown)
        lines.append(f"{kind:<9}{fields['all_right']['pages']:>6} {cells}")
    errors = [s for s in scores if s.error]
    if errors:
        lines.append("")
        lines.append(f"{len(errors)} pages failed: " + "; ".join(
            f"{s.id}: {s.error}" for s in errors[:5]))
    return "\n".join(lines) + "\n"


def report_json(scores: Sequence[PageScore]) -> dict[str, Any]:
    return {"overall": summarise(scores)["all"],
            "by_kind": summarise(scores, lambda s: s.kind),
            "by_site": summarise(scores, lambda s: s.site),
            "pages": [{"id": s.id, "site": s.site, "kind": s.kind, "scores": s.scores,
                       **({"error": s.error} if s.error else {})} for s in scores]}
