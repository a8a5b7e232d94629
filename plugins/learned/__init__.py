"""The learned line-role reader: a linear-chain CRF labels every line of a page with a role.

detect runs the model (python-crfsuite) over the page's non-blank lines (``features.py``)
and claims each line for its most likely role, with a confidence from that role's marginal
probability, kept below what the sure plugins (ticker, tags, a profile's furniture) bid, so
they outbid it where they are sure. parse reads the lines it won by their roles: the page is
a listing when listing and teaser lines outnumber the body, else the article follows
(``fields.py`` reads names, dates and datelines by rules). Roles: ``ROLES``.

The model file ships in the package (``model.crfsuite``), is opened once per process and
thread, and is rebuilt by ``pagenorm train LABELLED... -o MODEL`` (the ``train`` hook); a
config points at another with ``learned: {model: PATH}``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from attrs import field, frozen

from pagenorm import hookimpl
from pagenorm.config import FieldError, Site
from pagenorm.errors import ConfigError
from pagenorm.model import (
    BodyData,
    BylineData,
    Claim,
    DatelineData,
    Diagnostic,
    LabelledLines,
    ListingData,
    Page,
    Parsed,
    RelatedData,
    Section,
    SectionLineData,
    SubheadingData,
    SubtitleData,
    TitleData,
)
from pagenorm.plugins._text import ends_sentence
from pagenorm.plugins.learned import fields
from pagenorm.plugins.learned.features import crf_items, page_features

NAME = "learned"
ROLES = ("title", "byline", "date", "section", "subtitle", "body", "subheading", "caption",
         "related", "teaser", "listing", "nav", "footer", "widget", "other", "tags", "ticker",
         "index", "dateline")
# roles the sure plugins read: the model names them, another plugin claims them
_LEFT_TO_OTHERS = frozenset({"ticker", "index"})
_LISTING_ROLES = frozenset({"listing", "teaser"})


def default_model() -> str:
    return str(files("pagenorm.plugins.learned").joinpath("model.crfsuite"))


def _usable_model(instance: object, attribute: object, value: str) -> None:
    try:
        check_model(value)
    except ConfigError as exc:
        raise FieldError("model", f"{value}: {exc.message}") from exc


def _share(instance: object, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise FieldError(attribute.name, f"must be a number from 0 to 1, not {value!r}")


def _at_least_one(instance: object, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldError(attribute.name, f"must be a whole number of at least 1, not {value!r}")


@frozen
class LearnedOptions:
    """``learned:`` in a config: the model file is checked when the config is read."""

    model: str = field(factory=default_model, validator=_usable_model)
    # a claim's confidence is floor + span * the role's marginal probability (at most 1)
    floor: float = field(default=0.2, validator=_share)
    span: float = field(default=0.35, validator=_share)
    # a line is written out as a related link only when the model is this sure: a link that
    # is not there costs a page's related score as much as one that is missed
    related_at: float = field(default=0.95, validator=_share)
    # an article with no line read as its title takes the likeliest one at least this likely
    title_at: float = field(default=0.15, validator=_share)
    # a page is a listing when at least this many lines are listing items or teasers and
    # they outweigh the body
    listing_lines: int = field(default=3, validator=_at_least_one)
    # the languages the model was trained on (the dev set's): a page in another is read only
    # when the model is sure of its lines (their mean probability at least ``sure_at``), else
    # it is left ``unknown`` with every line kept; its language is said in a diagnostic
    languages: tuple[str, ...] = ("en", "ar", "bn", "de", "es", "fr", "hi", "id", "mr", "ms",
                                  "ne", "ta", "ur", "zh")
    sure_at: float = field(default=0.9, validator=_share)

    def __attrs_post_init__(self) -> None:
        if self.floor + self.span > 1:
            raise FieldError("floor", f"floor + span must be at most 1 ({self.floor} + "
                             f"{self.span})")


# --- the model, opened once per process and thread ---

_taggers = threading.local()


def tagger(path: str):  # -> pycrfsuite.Tagger
    import pycrfsuite

    opened = getattr(_taggers, "by_path", None)
    if opened is None:
        opened = _taggers.by_path = {}
    if path not in opened:
        check_model(path)
        model = pycrfsuite.Tagger()
        try:
            model.open(path)
        except (OSError, ValueError) as exc:
            raise ConfigError(path, f"not a line-role model ({exc})") from exc
        opened[path] = model
    return opened[path]


def check_model(path: str) -> None:
    """A one-line error for a model file that is missing, cut, or not one of ours."""
    file = Path(path)
    if not file.is_file():
        raise ConfigError(path, "the line-role model file does not exist")
    head = file.read_bytes()[:4]
    if head != b"lCRF":
        raise ConfigError(path, "not a line-role model (train one with pagenorm train)")


def weights(path: str) -> dict[tuple[str, str], float]:
    """The model's state-feature weights, ``(feature, role) -> weight``, read once."""
    known = getattr(_taggers, "weights", None)
    if known is None:
        known = _taggers.weights = {}
    if path not in known:
        known[path] = tagger(path).info().state_features
    return known[path]


@frozen
class LineRole:
    role: str
    probability: float
    marginals: dict[str, float]
    evidence: tuple[tuple[str, float], ...]  # the features that weighed most for the role


def roles_of(lines: Sequence[str], url: str | None, model: str, evidence: int = 3
             ) -> list[LineRole]:
    """For each of ``lines`` (non-blank, stripped): its role, that role's probability,
    every role's probability, and the ``evidence`` features that weighed most for it."""
    if not lines:
        return []
    crf = tagger(model)
    items = crf_items(page_features(lines, url))
    crf.set(items)
    best = crf.tag()
    labels = crf.labels()
    weight = weights(model)
    out = []
    for index, role in enumerate(best):
        marginals = {label: crf.marginal(label, index) for label in labels}
        found = sorted(((weight.get((name, role), 0.0) * value, name)
                        for name, value in items[index].items()), reverse=True)[:evidence]
        out.append(LineRole(role, marginals[role], marginals,
                            tuple((name, round(w, 3)) for w, name in found if w > 0)))
    return out


@hookimpl
def plugin_options() -> type:
    return LearnedOptions


@hookimpl
def detect(page: Page, options: LearnedOptions, site: Site) -> list[Claim]:
    numbers = [n for n, line in enumerate(page.lines) if line.strip()]
    texts = [page.lines[n].strip() for n in numbers]
    claims = []
    for number, line in zip(numbers, roles_of(texts, page.source.url, options.model),
                            strict=True):
        role, probability = line.role, line.probability
        if role in _LEFT_TO_OTHERS:  # the ticker plugin claims real quote lines far higher;
            # a line it does not take is read by the likeliest other role, never lost
            probability, role = max((p, r) for r, p in line.marginals.items()
                                    if r not in _LEFT_TO_OTHERS)
        confidence = round(options.floor + options.span * probability, 4)
        readings = tuple((role, round(p, 3)) for p, role in sorted(
            ((p, role) for role, p in line.marginals.items()), reverse=True)[:3])
        claims.append(Claim(role, number, number, confidence, NAME, line.marginals,
                            readings, line.evidence))
    return claims


@hookimpl
def parse(page: Page, claims: list[Claim], options: LearnedOptions, site: Site) -> Parsed:
    language = language_of(page.lines[claim.first] for claim in claims)
    notes = (Diagnostic("info", LANGUAGE, f"the page is in {language}"),) if language else ()
    if language and language not in options.languages and not _sure(claims, options.sure_at):
        unread = Diagnostic("info", UNREAD, f"not read: the model was trained on "
                            f"{', '.join(options.languages)} pages and is unsure of this one")
        return Parsed(tuple(_unread_section(claim) for claim in claims), (*notes, unread))
    if _is_listing(claims, options.listing_lines):
        return Parsed(tuple(_listing_section(claim) for claim in claims), notes)
    reading = _ArticleReading(page, _with_title(claims, options.title_at), site, options)
    return Parsed(tuple(reading.sections()), notes)


LANGUAGE, UNREAD = "page.language", "page.unread_language"


def language_of(lines: Iterable[str], most: int = 4000) -> str | None:
    """The page's main language (ISO 639-1), by py3langid on its first ``most``
    characters; None for a page with no letters."""
    text = " ".join(lines)[:most]
    if not any(c.isalpha() for c in text):
        return None
    import py3langid

    return py3langid.classify(text)[0]


def _sure(claims: list[Claim], least: float) -> bool:
    found = [max((claim.hint or {}).values(), default=0.0) for claim in claims]
    return bool(found) and sum(found) / len(found) >= least


def _unread_section(claim: Claim) -> Section:
    return Section(claim.kind, claim.first, claim.last, NAME, claim.confidence)


def _mass(claims: list[Claim], roles: frozenset[str]) -> float:
    return sum(sum((claim.hint or {}).get(role, 0.0) for role in roles) for claim in claims)


def _is_listing(claims: list[Claim], least: int) -> bool:
    """A listing when its items outweigh the body: the roles' probabilities summed over the
    page, so a few uncertain lines do not decide it."""
    listed = sum(claim.kind in _LISTING_ROLES for claim in claims)
    return listed >= least and _mass(claims, _LISTING_ROLES) > _mass(claims, frozenset({"body"}))


def _with_title(claims: list[Claim], least: float) -> list[Claim]:
    """An article with no line read as its title takes the likeliest title line above the
    body, when the model gives it at least ``least``."""
    if any(claim.kind == "title" for claim in claims):
        return claims
    body = next((i for i, claim in enumerate(claims) if claim.kind == "body"), len(claims))
    scored = [((claim.hint or {}).get("title", 0.0), -i) for i, claim in
              enumerate(claims[:body]) if claim.kind not in ("byline", "date")]
    if not scored or max(scored)[0] < least:
        return claims
    index = -max(scored)[1]
    chosen = claims[index]
    out = list(claims)
    out[index] = Claim("title", chosen.first, chosen.last, chosen.confidence, chosen.plugin,
                       chosen.hint)
    return out


def _listing_section(claim: Claim) -> Section:
    data = ListingData(1) if claim.kind in _LISTING_ROLES | {"body", "title"} else None
    return Section(claim.kind, claim.first, claim.last, NAME, claim.confidence, data)


class _ArticleReading:
    """The article's fields from the roles of the lines the model won, in line order."""

    def __init__(self, page: Page, claims: list[Claim], site: Site,
                 options: LearnedOptions) -> None:
        self.page, self.claims, self.options = page, claims, options
        self.zone = fields.zone_of(site.zone, page.source.url)
        self.seen: set[str] = set()

    def sections(self) -> list[Section]:
        out: list[Section] = []
        run: list[Claim] = []
        for claim in self.claims:
            if claim.kind == "body" and (not run or self.only_blank_between(run[-1], claim)):
                run.append(claim)
                continue
            if claim.kind == "body":  # another plugin's line between: a new run
                out.append(self.body(run))
                run = [claim]
                continue
            if run:
                out.append(self.body(run))
                run = []
            out.append(self.one(claim))
        if run:
            out.append(self.body(run))
        return out

    def only_blank_between(self, before: Claim, after: Claim) -> bool:
        return not any(line.strip() for line in self.page.lines[before.last + 1:after.first])

    def text(self, claim: Claim) -> str:
        return self.page.lines[claim.first].strip()

    def first(self, role: str) -> bool:
        """Whether this is the first line of ``role`` (a field takes the first)."""
        if role in self.seen:
            return False
        self.seen.add(role)
        return True

    def one(self, claim: Claim) -> Section:
        text, role = self.text(claim), claim.kind
        data: object = None
        if role == "title" and self.first("title"):
            data = TitleData(text)
        elif role == "byline":
            published, updated = fields.dates_in(text, self.zone, self.page.page_date)
            data = BylineData(fields.byline_name(text), published, updated)
        elif role == "date":
            published, updated = fields.dates_in(text, self.zone, self.page.page_date)
            data = BylineData(None, published, updated) if published or updated else None
        elif role == "section" and self.first("section"):
            data = SectionLineData(text)
        elif role == "subtitle":
            data = SubtitleData((text,))
        elif role == "subheading" and "body" in self.seen:
            data = SubheadingData(text)
        elif role == "related" and (claim.hint or {}).get("related", 0) >= self.options.related_at:
            data = RelatedData(fields.read_more(text))
        elif role == "dateline" and self.first("dateline"):
            data = DatelineData(text.rstrip(":—–- ").strip())
        return Section(role, claim.first, claim.last, NAME, claim.confidence, data)

    def body(self, run: list[Claim]) -> Section:
        paragraphs = [self.text(claim) for claim in run]
        dateline = None
        if "body" not in self.seen:
            dateline, paragraphs[0] = fields.cut_dateline(paragraphs[0])
        self.seen.add("body")
        confidence = min(claim.confidence for claim in run)
        return Section("body", run[0].first, run[-1].last, NAME, confidence,
                       BodyData(tuple(paragraphs), dateline, not ends_sentence(paragraphs[-1])))


# --- training ---


@hookimpl
def train(pages: Sequence[LabelledLines], output: str) -> str:
    """A CRF from line-labelled pages (L-BFGS with L1 and L2 penalties, so the model is
    small and the same pages give the same bytes)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    sequences = 0
    for page in pages:
        kept = [(line.strip(), role) for line, role in zip(page.lines, page.roles, strict=True)
                if line.strip() and role != "blank"]
        if not kept:
            continue
        lines, roles = zip(*kept, strict=True)
        trainer.append(crf_items(page_features(lines, page.url)), list(roles))
        sequences += 1
    if not sequences:
        raise ConfigError(output, "no labelled lines to train on")
    target = Path(output)
    if target.is_dir() or not target.parent.is_dir():
        raise ConfigError(output, "cannot write the model there (a folder, or no such folder)")
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 150,
                        "feature.possible_transitions": True})
    trainer.train(output)
    check_model(output)  # CRFsuite says nothing when it could not write
    size = target.stat().st_size
    return f"{output}: a line-role model from {sequences} pages ({size / 1e6:.1f} MB)"
