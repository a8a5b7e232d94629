"""Mutation fuzzing on top of the page generator (``pagenorm.quality.generator``).

A fuzz case is a generated page of one shape, mutated a few times by a seeded
``random.Random``: lines inserted (pieces of generated pages, or random text), deleted,
duplicated, swapped, truncated, spliced in from another shape's page, random Unicode and
control characters injected, line endings mixed. ``check`` holds every page to the
invariants of the output contract:

- ``exception``: no exception escapes normalising;
- ``plugin_error``: no plugin raises (the pipeline would turn it into a diagnostic);
- ``lines_lost``: every non-blank line is in exactly one section span or in ``residual``,
  spans are ordered, disjoint and inside the page, residual text is the line's text;
- ``schema``: the JSON document validates against the published JSON Schema;
- ``nondeterminism``: normalising again, and with a second ``Normaliser``, gives the same
  JSON bytes;
- ``emitter``: every registered format emits bytes; json, jsonl and yaml read back as the
  same document.

``shrink`` reduces a failing page to a small one that still fails; ``run_campaign`` runs
many cases (in worker processes when asked) and reports the figures and the first failure.
The cases are a pure function of ``(seed, index)``, so any failure can be made again alone.
"""

from __future__ import annotations

import random
import re
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Protocol

import orjson
import yaml
from attrs import field, frozen

from pagenorm.errors import PagenormError
from pagenorm.model import Document, Source
from pagenorm.quality import generator as testing
from pagenorm.reading import page_from_text

INVARIANTS = ("exception", "plugin_error", "lines_lost", "schema", "nondeterminism", "emitter")

# --- characters worth injecting ---

RTL = ("\u0627\u0644\u062e\u0628\u0631", "\u05e9\u05dc\u05d5\u05dd", "\u200f", "\u200e",
       "\u202b", "\u202e", "\u202c", "\u2067", "\u2069", "\u061c")
COMBINING = ("\u0301", "\u0308", "\u0327", "\u0338", "\u20dd", "\u036f", "\u0489")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e")
EMOJI = ("\U0001f600", "\U0001f1f5\U0001f1f0", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
         "\u2764\ufe0f", "\U0001f44d\U0001f3fd", "\U0001f4c8")
ASTRAL = ("\U0001d400", "\U00020000", "\U0001f0a1", "\U000e0041", "\U0010fffd", "\U0001d7d8")
SPACES = ("\u00a0", "\u2002", "\u2009", "\u202f", "\u3000", "\u1680", "\u0085")
# characters whose case mapping changes length, digits int() reads or refuses, oddities
TRICKY = ("\u0130", "\u00df", "\ufb01", "\u0149", "\u0390", "\u00b2", "\u00b3", "\u2155",
          "\u0663", "\u06f4", "\u0967", "\uff13", "\ufffd", "\ufdd0", "\uffff", "\u2024",
          "\u2026", "\u2212", "\u2013", "\u00ab", "\u00bb", "\u201c", "\u2018")
CONTROL = (*(chr(c) for c in range(0x20) if c not in (0x0A, 0x0D)), "\x7f",
           *(chr(c) for c in range(0x80, 0xA0)), "\u2028", "\u2029")
UNICODE = RTL + COMBINING + ZERO_WIDTH + EMOJI + ASTRAL + SPACES + TRICKY
ACCENTED = ("Caf\u00e9", "Z\u00fcrich", "S\u00e3o Paulo", "\u00d1and\u00fa", "Krak\u00f3w",
            "\u1ec6", "Pe\u00f1a")
BREAKS = ("\n", "\r\n", "\r")


# =====================================================================================
# Mutations: each takes the rng, the page text and a donor page of another shape, and
# returns the new text and a short description of what it did (the case's recipe).
# =====================================================================================


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _join(lines: Sequence[str]) -> str:
    return "\n".join(lines)


def _at(rng: random.Random, lines: Sequence[str]) -> int:
    return rng.randrange(len(lines)) if lines else 0


def random_text(rng: random.Random, size: int | None = None) -> str:
    """Printable ASCII mixed with every kind of character above."""
    size = rng.randint(0, 40) if size is None else size
    pools = (UNICODE, CONTROL, tuple("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,:;-()%"))
    return "".join(rng.choice(rng.choice(pools)) for _ in range(size))


def piece(rng: random.Random, donor: testing.GeneratedPage) -> str:
    """A line as the generator makes them (or a donor's line, or random text)."""
    kind = rng.randrange(12)
    symbol = "".join(rng.choice("ABCDEFGHKLMOPRSTU") for _ in range(rng.randint(2, 6)))
    makers: list[Callable[[], str]] = [
        lambda: testing.headline(rng),
        lambda: testing.sentence(rng),
        lambda: testing.paragraph(rng),
        lambda: testing.quote_line(rng, symbol)[0],
        lambda: testing.index_line(rng, rng.choice(("KSE100", "BR100", "KMI30", symbol))),
        lambda: f"Read more: {testing.headline(rng)}",
        lambda: f"Tags: {symbol.title()} Bank, Harbour Board",
        lambda: f" date 20{rng.randint(0, 99):02d}-{rng.randint(0, 19):02d}-"
                f"{rng.randint(0, 39):02d} {testing.headline(rng)}",
        lambda: rng.choice(donor.lines) if donor.text else "",
        lambda: rng.choice(("", " ", "\t", "\u00a0", "   \u3000")),
        lambda: testing.paragraph(rng, sentences=rng.randint(20, 80)),  # a very long line
        lambda: random_text(rng),
    ]
    return makers[kind]()


def insert(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    at = rng.randint(0, len(lines))
    lines.insert(at, piece(rng, donor))
    return _join(lines), f"insert@{at}"


def delete(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    at = _at(rng, lines)
    count = rng.choice((1, 1, 1, 2, 5))
    del lines[at : at + count]
    return _join(lines), f"delete@{at}x{count}"


def duplicate(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    at = _at(rng, lines)
    count = rng.choice((1, 1, 2, 4))
    block = lines[at : at + count] * rng.choice((1, 1, 2))
    lines[at:at] = block
    return _join(lines), f"duplicate@{at}x{count}"


def swap(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    first, second = _at(rng, lines), _at(rng, lines)
    if lines:
        lines[first], lines[second] = lines[second], lines[first]
    return _join(lines), f"swap@{first},{second}"


def truncate(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """Cut one line short, or the whole page (anywhere, even inside a CRLF)."""
    if rng.random() < 0.5:
        cut = rng.randint(0, len(text))
        return text[:cut], f"truncate-page@{cut}"
    lines = _lines(text)
    at = _at(rng, lines)
    cut = rng.randint(0, len(lines[at])) if lines else 0
    if lines:
        lines[at] = lines[at][:cut]
    return _join(lines), f"truncate-line@{at}:{cut}"


def splice(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """A run of lines of another shape's page, put in or in place of lines here."""
    lines, theirs = _lines(text), list(donor.lines)
    start = _at(rng, theirs)
    block = theirs[start : start + rng.randint(1, 12)]
    at = rng.randint(0, len(lines))
    replace = rng.randint(0, 3)
    lines[at : at + replace] = block
    return _join(lines), f"splice@{at}-{replace}+{donor.shape}:{start}x{len(block)}"


def _inject(rng: random.Random, text: str, pool: Sequence[str], name: str) -> tuple[str, str]:
    lines = _lines(text)
    at = _at(rng, lines)
    if not lines:
        lines = [""]
    line = lines[at]
    for _ in range(rng.choice((1, 1, 2, 3, 6))):
        where = rng.randint(0, len(line))
        line = line[:where] + rng.choice(pool) + line[where:]
    lines[at] = line
    return _join(lines), f"{name}@{at}"


def unicode_chars(rng: random.Random, text: str, donor: testing.GeneratedPage
                  ) -> tuple[str, str]:
    pool = rng.choice((RTL, COMBINING, ZERO_WIDTH, EMOJI, ASTRAL, SPACES, TRICKY, UNICODE))
    return _inject(rng, text, pool, "unicode")


def control_chars(rng: random.Random, text: str, donor: testing.GeneratedPage
                  ) -> tuple[str, str]:
    return _inject(rng, text, CONTROL, "control")


def nfd(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """Accented words, and lines (or the page) in decomposed form."""
    text, _ = _inject(rng, text, ACCENTED, "accented")
    form = rng.choice(("NFD", "NFKD", "NFC"))
    lines = _lines(text)
    at = _at(rng, lines)
    if rng.random() < 0.2:
        return unicodedata.normalize(form, text), f"{form}-page"
    lines[at] = unicodedata.normalize(form, lines[at])
    return _join(lines), f"{form}@{at}"


def endings(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """Some line breaks made CRLF or CR; sometimes a final break added or a stray CR."""
    chance = rng.choice((0.1, 0.5, 1.0))
    crlf = rng.random() < 0.5
    parts = text.split("\n")
    out = [parts[0]]
    for part in parts[1:]:
        out.append((("\r\n" if crlf else "\r") if rng.random() < chance else "\n") + part)
    text = "".join(out)
    if rng.random() < 0.3:
        text += rng.choice(BREAKS) * rng.randint(1, 3)
    return text, f"endings:{'crlf' if crlf else 'cr'}:{chance}"


def case(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """A line in capitals, in lower case, indented or with trailing space."""
    lines = _lines(text)
    at = _at(rng, lines)
    how = rng.choice(("upper", "lower", "indent", "trail"))
    if lines:
        lines[at] = {"upper": str.upper, "lower": str.lower,
                     "indent": lambda s: rng.choice(("  ", "\t", "    \u00a0")) + s,
                     "trail": lambda s: s + rng.choice((" ", "\t", "  \u00a0"))}[how](lines[at])
    return _join(lines), f"{how}@{at}"


def replace(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    at = _at(rng, lines)
    if lines:
        lines[at] = piece(rng, donor)
    return _join(lines), f"replace@{at}"


def merge(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """Two neighbouring lines made one (a lost line break)."""
    lines = _lines(text)
    at = rng.randrange(len(lines) - 1) if len(lines) > 1 else 0
    lines[at : at + 2] = [rng.choice(("", " ", "  ")).join(lines[at : at + 2])]
    return _join(lines), f"merge@{at}"


def split(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """A line broken in two anywhere, even inside a word or a number."""
    lines = _lines(text)
    at = _at(rng, lines)
    cut = rng.randint(0, len(lines[at]))
    lines[at : at + 1] = [lines[at][:cut], lines[at][cut:]]
    return _join(lines), f"split@{at}:{cut}"


def shuffle(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    lines = _lines(text)
    at = _at(rng, lines)
    block = lines[at : at + rng.randint(2, 10)]
    rng.shuffle(block)
    lines[at : at + len(block)] = block
    return _join(lines), f"shuffle@{at}x{len(block)}"


EXTREME_NUMBERS = ("0", "00", "000000", "9" * 25, "1e308", "1e400", "2147483648", "-0", "-1",
                   "0.000001", "99.999", "31", "32", "29", "00:00", "24:00", "25:61", "12:60",
                   "13", "1900", "0001", "9999", "10000", "2038", "1,000,000,000,000", "1.2.3",
                   "٣٤", "１２", "²", "NaN", "inf", "-inf")
_NUMBER = re.compile(r"\d+")


def numbers(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """Numbers of a line (prices, dates, times) replaced by zero, huge, odd or foreign ones."""
    lines = _lines(text)
    with_digits = [n for n, line in enumerate(lines) if _NUMBER.search(line)]
    if not with_digits:
        return text, "numbers:none"
    at = rng.choice(with_digits)
    lines[at] = _NUMBER.sub(
        lambda m: rng.choice(EXTREME_NUMBERS) if rng.random() < 0.5 else m.group(), lines[at])
    return _join(lines), f"numbers@{at}"


CRAWL_DATES = ("2025-01-02", "2024-02-29", "2025-02-30", "0000-00-00", "9999-12-31",
               "2025-1-2", "2025-13-45", "1970-01-01", "\u0662\u0660\u0662\u0665-01-02")


def prefix(rng: random.Random, text: str, donor: testing.GeneratedPage) -> tuple[str, str]:
    """A crawler's `` date YYYY-MM-DD `` stamp (or a near miss) glued onto line 0."""
    stamp = rng.choice((" date {} ", "date {} ", " date {}", "  date {}  ", " date {}\t",
                        " Date {} ")).format(rng.choice(CRAWL_DATES))
    return stamp + text, f"prefix:{stamp!a}"


MUTATIONS: dict[str, Callable[[random.Random, str, testing.GeneratedPage], tuple[str, str]]] = {
    "insert": insert,
    "delete": delete,
    "duplicate": duplicate,
    "swap": swap,
    "truncate": truncate,
    "splice": splice,
    "unicode": unicode_chars,
    "control": control_chars,
    "nfd": nfd,
    "endings": endings,
    "case": case,
    "replace": replace,
    "merge": merge,
    "split": split,
    "shuffle": shuffle,
    "numbers": numbers,
    "prefix": prefix,
}


# =====================================================================================
# Cases
# =====================================================================================


@frozen
class Case:
    """One fuzz page: ``index`` of a campaign with ``seed``, what it was made from, and how."""

    seed: int
    index: int
    shape: str
    config: str | None
    url: str | None
    recipe: tuple[str, ...]
    text: str = field(repr=False)

    @property
    def name(self) -> str:
        return f"seed {self.seed} case {self.index}"


def make_case(seed: int, index: int, configs: Sequence[str | None],
              shapes: Sequence[str] | None = None) -> Case:
    """Case ``index`` of the campaign ``seed``: a pure function of its arguments. Shapes
    go round-robin, and configs change once per round, so every pair comes up."""
    names = list(shapes or testing.SHAPES)
    shape = names[index % len(names)]
    config = configs[(index // len(names)) % len(configs)]
    rng = random.Random(f"pagenorm-fuzz:{seed}:{index}")
    page = testing.generate(shape, rng)
    donor = testing.generate(rng.choice([n for n in testing.SHAPES if n != shape]), rng)
    text, recipe = page.text, []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6, 10))):
        name = rng.choice(list(MUTATIONS))
        text, step = MUTATIONS[name](rng, text, donor)
        recipe.append(step)
    url = page.url if rng.random() < 0.7 else None
    return Case(seed, index, shape, config, url, tuple(recipe), text)


# =====================================================================================
# The invariants
# =====================================================================================


@frozen
class Failure:
    invariant: str  # one of INVARIANTS
    message: str


class NormaliserLike(Protocol):
    def normalise(self, text: str, *, id: str | None = None,
                  source: Source | None = None) -> Document: ...

    def emit(self, document: Document, format: str = "json") -> bytes: ...


def page_lines(text: str, normaliser: Any, url: str | None = None) -> list[str]:
    """The page's lines as the pipeline numbers them: line 0 without the crawler's prefix."""
    page = page_from_text(text, id="fuzz", source=Source(url=url))
    pipeline_for = getattr(normaliser, "pipeline_for", None)
    if pipeline_for is not None:
        page = pipeline_for(page).strip_prefix(page, [])
    return list(page.lines)


def coverage_problems(lines: Sequence[str], doc: dict[str, Any]) -> list[str]:
    """Each non-blank line in exactly one section span or in residual, never both; spans
    ordered, disjoint and inside the page; residual in line order with the line's text."""
    problems: list[str] = []
    covered: set[int] = set()
    last_end = -1
    for section in doc["sections"]:
        first, last = section["lines"]
        if not 0 <= first <= last < len(lines):
            problems.append(f"span {first}..{last} is outside the {len(lines)}-line page")
        elif first <= last_end:
            problems.append(f"span {first}..{last} overlaps or precedes the span before")
        last_end = max(last_end, last)
        covered.update(range(first, last + 1))
    numbers = [item["line"] for item in doc["residual"]]
    if numbers != sorted(set(numbers)):
        problems.append("residual is not in line order, or repeats a line")
    for item in doc["residual"]:
        number = item["line"]
        if not 0 <= number < len(lines) or item["text"] != lines[number]:
            problems.append(f"residual line {number} does not hold that line's text")
    residual = set(numbers)
    for number, line in enumerate(lines):
        if not line.strip():
            if number in residual:
                problems.append(f"blank line {number} is in residual")
        elif (number in covered) == (number in residual):
            where = "both in a section and in residual" if number in covered else \
                "in no section and not in residual"
            problems.append(f"line {number} {line[:60]!r} is {where}")
    return problems


@cache
def validator() -> Any:
    """The schema's validator; jsonschema (the ``fuzz`` extra) is imported on first use."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise PagenormError("fuzzing validates documents with jsonschema: "
                            "pip install 'pagenorm[fuzz]'") from exc
    from pagenorm.schema import document_schema

    return Draft202012Validator(document_schema(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(doc: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}"
            for error in validator().iter_errors(doc)]


def _short_traceback(exc: BaseException) -> str:
    frames = traceback.format_exception(exc)
    return "".join(frames[-3:]).strip()


def _emitter_problems(normaliser: NormaliserLike, document: Document,
                      doc: dict[str, Any], formats: Iterable[str]) -> list[Failure]:
    failures = []
    for name in formats:
        try:
            data = normaliser.emit(document, name)
            if not isinstance(data, bytes):
                raise TypeError(f"returned {type(data).__name__}, not bytes")
            if name == "jsonl" and data.count(b"\n") != 1:
                raise ValueError("a jsonl document is not exactly one line")
            back = _read_back(name, data)
            if back is not _NOT_DATA and back != doc:
                raise ValueError(f"reads back differently at {_difference(doc, back)}")
        except Exception as exc:
            failures.append(Failure("emitter", f"{name}: {_short_traceback(exc)}"))
    return failures


def _difference(one: Any, two: Any, path: str = "") -> str:
    """Where two plain-data values first differ, with both values there."""
    if isinstance(one, dict) and isinstance(two, dict) and one.keys() == two.keys():
        key = next(k for k in one if one[k] != two[k])
        return _difference(one[key], two[key], f"{path}/{key}")
    if isinstance(one, list) and isinstance(two, list) and len(one) == len(two):
        index = next(i for i, (a, b) in enumerate(zip(one, two, strict=True)) if a != b)
        return _difference(one[index], two[index], f"{path}/{index}")
    return f"{path or '/'}: {one!r:.80} became {two!r:.80}"


_NOT_DATA = object()  # what _read_back gives for a format that is not data (markdown)


def _read_back(name: str, data: bytes) -> Any:
    if name in ("json", "jsonl"):
        return orjson.loads(data)
    if name == "yaml":
        return yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _NOT_DATA


def _formats(normaliser: Any) -> list[str]:
    host = getattr(normaliser, "host", None)
    return sorted(host.formats()) if host is not None else ["json"]


def check(text: str, normaliser: NormaliserLike, *, url: str | None = None,
          fresh: NormaliserLike | None = None) -> list[Failure]:
    """Every invariant on one page; ``fresh`` (a second normaliser with the same config)
    adds the check that it gives the same bytes as ``normaliser``."""
    source = Source(url=url)
    try:
        document = normaliser.normalise(text, id="fuzz", source=source)
        data = normaliser.emit(document, "json")
    except Exception as exc:
        return [Failure("exception", _short_traceback(exc))]
    failures = [Failure("plugin_error", d.message) for d in document.diagnostics
                if d.code == "plugin.error"]
    doc = orjson.loads(data)
    failures += [Failure("lines_lost", p)
                 for p in coverage_problems(page_lines(text, normaliser, url), doc)]
    failures += [Failure("schema", p) for p in schema_problems(doc)]
    failures += _determinism(text, source, data, normaliser, fresh)
    failures += _emitter_problems(normaliser, document, doc, _formats(normaliser))
    return failures


def _determinism(text: str, source: Source, data: bytes, normaliser: NormaliserLike,
                 fresh: NormaliserLike | None) -> list[Failure]:
    failures = []
    for name, other in (("again", normaliser), ("fresh normaliser", fresh)):
        if other is None:
            continue
        try:
            again = other.emit(other.normalise(text, id="fuzz", source=source), "json")
        except Exception as exc:
            failures.append(Failure("exception", f"{name}: {_short_traceback(exc)}"))
            continue
        if again != data:
            failures.append(Failure("nondeterminism", f"{name}: {_first_difference(data, again)}"))
    return failures


def _first_difference(one: bytes, two: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b),
              min(len(one), len(two)))
    return f"JSON differs at byte {at}: {one[at - 40 : at + 40]!r} vs {two[at - 40 : at + 40]!r}"


# =====================================================================================
# Shrinking
# =====================================================================================

_PIECES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_keeping_breaks(text: str) -> list[str]:
    return _PIECES.findall(text)


def _ddmin(items: list[Any], fails: Callable[[list[Any]], bool], budget: list[int]) -> list[Any]:
    """Delta debugging: drop chunks of ``items`` (halves, quarters... single items) while
    the rest still fails; ``budget`` is a shared count of predicate calls left."""
    chunk = max(1, len(items) // 2)
    while items and budget[0] > 0:
        start, removed = 0, False
        while start < len(items) and budget[0] > 0:
            candidate = items[:start] + items[start + chunk :]
            budget[0] -= 1
            if candidate != items and fails(candidate):
                items, removed = candidate, True
            else:
                start += chunk
        if chunk == 1 and not removed:
            break
        chunk = max(1, chunk // 2)
    return items


def shrink(text: str, fails: Callable[[str], bool], *, max_calls: int = 3000) -> str:
    """A smallest page (to a budget of ``max_calls`` checks) on which ``fails`` still holds:
    whole lines dropped first, then characters of each remaining line."""
    if not fails(text):
        return text
    budget = [max_calls]
    pieces = _ddmin(split_keeping_breaks(text), lambda p: fails("".join(p)), budget)
    for number in range(len(pieces)):
        if budget[0] <= 0:
            break
        before, after = pieces[:number], pieces[number + 1 :]
        chars = _ddmin(list(pieces[number]),
                       lambda c, b=before, a=after: fails("".join([*b, "".join(c), *a])),
                       budget)
        pieces[number] = "".join(chars)
    return "".join(piece for piece in pieces if piece)


def signature(failure: Failure) -> str:
    """What tells one bug from another: the invariant, and for a crash the exception type
    (and the plugin and hook, for a plugin's)."""
    last = failure.message.strip().splitlines()[-1] if failure.message.strip() else ""
    if failure.invariant == "plugin_error":  # "plugin 'x' failed in parse: KeyError: ..."
        return "plugin_error: " + ":".join(failure.message.split(":")[:2])
    if failure.invariant in ("exception", "emitter"):
        format_ = failure.message.split(":")[0] + ": " if failure.invariant == "emitter" else ""
        return f"{failure.invariant}: {format_}{last.split(':')[0]}"
    return failure.invariant


def fails_like(failure: Failure, normaliser: NormaliserLike, *, url: str | None = None,
               fresh: NormaliserLike | None = None) -> Callable[[str], bool]:
    """A predicate for ``shrink``: the page still fails with the same ``signature``."""
    wanted = signature(failure)

    def fails(text: str) -> bool:
        return any(signature(found) == wanted
                   for found in check(text, normaliser, url=url, fresh=fresh))

    return fails


# =====================================================================================
# Campaigns
# =====================================================================================


@frozen
class Found:
    """The first case of one kind of failure (``signature``), shrunk."""

    signature: str
    case: Case
    failure: Failure
    smallest: str
    pages: int  # pages that failed this way


@frozen
class Report:
    seed: int
    pages: int
    failing_pages: int
    by_invariant: dict[str, int]  # pages that failed each invariant
    found: tuple[Found, ...]
    seconds: float
    kinds: int = 0  # kinds of failure (signatures); the first few are in ``found``

    def lines(self) -> list[str]:
        rate = self.pages / self.seconds if self.seconds else 0.0
        out = [f"pages tried: {self.pages} (seed {self.seed}), {self.seconds:.1f} s, "
               f"{rate:.0f} pages/s",
               f"failing pages: {self.failing_pages}"]
        out += [f"  {name:15} {self.by_invariant.get(name, 0)}" for name in INVARIANTS]
        if self.kinds > len(self.found):
            out.append(f"kinds of failure: {self.kinds}, the first {len(self.found)} below")
        for number, found in enumerate(self.found, 1):
            out.append(f"failure {number}: {found.signature} ({found.pages} pages), first on "
                       f"{found.case.name}: {found.case.shape}, config "
                       f"{found.case.config or 'auto'}, recipe {' '.join(found.case.recipe)}")
            out.append(f"  {found.failure.message.strip().splitlines()[-1][:200]}")
            out.append(f"  smallest failing page ({len(split_keeping_breaks(found.smallest))} "
                       "lines), line by line:")
            out += [f"    {piece!a}" for piece in split_keeping_breaks(found.smallest)]
        return out




def default_configs() -> list[str | None]:
    """Automatic profile choice, then every shipped profile by name."""
    from pagenorm.config import shipped_configs

    return [None, *sorted(shipped_configs())]


_NORMALISERS: dict[tuple[str | None, tuple[str, ...]], tuple[Any, Any]] = {}


def normalisers(config: str | None, plugins: Sequence[str] = ()) -> tuple[Any, Any]:
    """Two separate normalisers for ``config`` (built once per process): the one that
    reads the pages and the one that must agree with it."""
    from pagenorm.api import Normaliser

    key = (config, tuple(plugins))
    if key not in _NORMALISERS:
        _NORMALISERS[key] = (Normaliser(config, plugins=plugins),
                             Normaliser(config, plugins=plugins))
    return _NORMALISERS[key]


@frozen
class _Job:
    seed: int
    configs: tuple[str | None, ...]
    plugins: tuple[str, ...]


def run_case(job: _Job, index: int) -> tuple[Case, list[Failure]]:
    case = make_case(job.seed, index, job.configs)
    normaliser, fresh = normalisers(case.config, job.plugins)
    return case, check(case.text, normaliser, url=case.url, fresh=fresh)


def _run_chunk(job: _Job, indexes: range) -> list[tuple[int, list[Failure]]]:
    """The failures of each failing case of a chunk (a worker's unit of work)."""
    out = []
    for index in indexes:
        _, failures = run_case(job, index)
        if failures:
            out.append((index, failures))
    return out


def _chunk_worker(arguments: tuple[_Job, range]) -> list[tuple[int, list[Failure]]]:
    return _run_chunk(*arguments)


def run_campaign(pages: int, seed: int = 0, *, configs: Sequence[str | None] | None = None,
                 plugins: Sequence[str] = (), workers: int = 1, chunk: int = 50,
                 progress: bool = False, shrink_calls: int = 2000,
                 max_shrunk: int = 5) -> Report:
    """Cases ``0..pages-1`` of ``seed``, in ``workers`` processes; the report counts the
    pages failing each invariant and shrinks the first case of each kind of failure (up to
    ``max_shrunk`` kinds). The same arguments give the same report, whatever ``workers``."""
    import time

    from tqdm import tqdm

    validator()  # a missing jsonschema is one error before the campaign, not one per page
    job = _Job(seed, tuple(default_configs() if configs is None else configs), tuple(plugins))
    chunks = [(job, range(start, min(start + chunk, pages))) for start in range(0, pages, chunk)]
    started = time.perf_counter()
    tally = _Tally()
    with tqdm(total=pages, unit="page", disable=not progress, desc="fuzz") as bar:
        for (_, indexes), found in zip(chunks, _map(chunks, workers), strict=True):
            for index, failures in found:
                tally.add(index, failures)
            bar.update(len(indexes))
    seconds = time.perf_counter() - started
    return _report(job, pages, tally, seconds, shrink_calls, max_shrunk)


def _map(chunks: list[tuple[_Job, range]], workers: int
         ) -> Iterable[list[tuple[int, list[Failure]]]]:
    if workers <= 1:
        yield from map(_chunk_worker, chunks)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(workers) as pool:
        yield from pool.imap(_chunk_worker, chunks)


class _Tally:
    """Failing pages counted per invariant and per kind of failure, and the first failure
    of each kind: memory stays flat however many pages fail."""

    def __init__(self) -> None:
        self.pages = 0
        self.by_invariant = dict.fromkeys(INVARIANTS, 0)
        self.by_signature: dict[str, int] = {}
        self.first: dict[str, tuple[int, Failure]] = {}

    def add(self, index: int, failures: list[Failure]) -> None:
        self.pages += 1
        for name in {f.invariant for f in failures}:
            self.by_invariant[name] += 1
        for failure in failures:
            self.first.setdefault(signature(failure), (index, failure))
        for key in {signature(f) for f in failures}:
            self.by_signature[key] = self.by_signature.get(key, 0) + 1


def _report(job: _Job, pages: int, tally: _Tally, seconds: float, shrink_calls: int,
            max_shrunk: int) -> Report:
    found = []
    for key, (index, failure) in list(tally.first.items())[:max_shrunk]:
        case = make_case(job.seed, index, job.configs)
        normaliser, fresh = normalisers(case.config, job.plugins)
        predicate = fails_like(failure, normaliser, url=case.url, fresh=fresh)
        smallest = shrink(case.text, predicate, max_calls=shrink_calls)
        found.append(Found(key, case, failure, smallest, tally.by_signature[key]))
    return Report(job.seed, pages, tally.pages, tally.by_invariant, tuple(found), seconds,
                  kinds=len(tally.first))


def write_found(report: Report, folder: str) -> list[str]:
    """Each shrunk failure as ``failure-N.txt`` (the page, exactly), the page it came from
    as ``failure-N.original.txt``, and ``failure-N.json``: how to make the case again."""
    from pathlib import Path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, found in enumerate(report.found, 1):
        stem = out / f"failure-{number}"
        for suffix, text in ((".txt", found.smallest), (".original.txt", found.case.text)):
            with open(f"{stem}{suffix}", "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        case = found.case
        recipe = {"signature": found.signature, "invariant": found.failure.invariant,
                  "message": found.failure.message, "seed": case.seed, "index": case.index,
                  "shape": case.shape, "config": case.config, "url": case.url,
                  "recipe": list(case.recipe), "pages_failing_this_way": found.pages}
        Path(f"{stem}.json").write_bytes(orjson.dumps(recipe, option=orjson.OPT_INDENT_2))
        written.append(f"{stem}.txt")
    return written
