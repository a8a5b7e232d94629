"""Command-line inputs to a stream of records: the input side of batch conversion.

``iter_records`` turns what a user names (``-``, files, directories, glob patterns) into
``Record`` (one page, not yet decoded) and ``InputFailure`` (a page or input that could not
be read) values, one at a time and in a fixed order, so that two runs see the same pages in
the same order and memory does not grow with the corpus. Nothing here raises for bad
input: a failure is a value, and the batch decides what to do with it.

Formats, by file name (or forced with ``InputOptions.format`` for a file argument):

- a plain page file: its bytes are one page;
- JSON Lines (``.jsonl``, ``.ndjson``, gzip or zstd compressed): one page per line;
- WARC/WET (``.warc``, ``.wet``, gzip compressed or not): one page per ``conversion``
  record, or per ``response``/``resource`` record whose payload is ``text/plain`` or HTML;
- HTML (``.html``, ``.htm``, ``.xhtml``): its bytes are one page, converted to text with the
  facts of its markup (``pagenorm.batch.markup``) when the record becomes a page.

Directories are walked in sorted path order without following symbolic links to
directories, so a link loop cannot make a walk endless. Glob patterns use glob syntax
(``*``, ``?``, ``[...]``, ``**``) and the same walk. A walk opens only regular files: a FIFO,
a socket or a device it finds is a ``Skipped`` item (opening a FIFO would wait forever).

Ids and places are always valid text (a file name that is not UTF-8 has its bytes
escaped), so every id can be written; ``distinct_ids`` then makes them unique.
"""

from __future__ import annotations

import codecs
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson
import zstandard
from attrs import evolve, field, frozen
from fastwarc.stream_io import BrotliReader, ChunkedReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from pagenorm import reading
from pagenorm.batch import stores
from pagenorm.batch.markup import (
    HTML_NAMES,
    HTML_TYPES,
    check_html,
    declared_charset,
    html_text,
)
from pagenorm.errors import InputError, PagenormError
from pagenorm.model import Diagnostic, Page, Source
from pagenorm.reading import TOO_LARGE, too_large

if TYPE_CHECKING:
    from pagenorm.config import InputPolicy

__all__ = ["FORMATS", "InputFailure", "InputOptions", "Record", "Skipped", "distinct_ids",
           "iter_records"]

FORMATS = ("auto", "text", "jsonl", "warc", "html")
STDIN = "-"

NOT_FOUND = "input.not_found"
UNREADABLE = "input.unreadable"
BAD_JSON = "input.bad_json"
MISSING_FIELD = "input.missing_field"
BAD_FIELD = "input.bad_field"
BAD_COMPRESSION = "input.bad_compression"
BAD_WARC = "input.bad_warc"
BAD_ENCODING = "input.bad_encoding"
INPUT_FAILED = "input.failed"  # reading raised something no other code names
NOT_REGULAR = "input.not_regular"
UNREACHABLE = stores.UNREACHABLE  # an object store that could not be reached
DUPLICATE_ID = "page.duplicate_id"
BAD_DATE = "page.bad_date"

JSONL_NAMES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")
WARC_NAMES = (".warc", ".warc.gz", ".wet", ".wet.gz")

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_GLOB_MAGIC = re.compile(r"[*?[]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # a page_date is ASCII digits
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAGE_TYPES = WarcRecordType.conversion | WarcRecordType.response | WarcRecordType.resource


def _suffixes(value: str | Sequence[str]) -> tuple[str, ...]:
    """A lone string is one suffix, not a sequence of one-letter suffixes."""
    return (value,) if isinstance(value, str) else tuple(value)


def _known_format(instance: Any, attribute: Any, value: str) -> None:
    if value not in FORMATS:
        raise PagenormError(f"unknown input format {value!r} (known: {', '.join(FORMATS)})")


@frozen
class Record:
    """One page to convert, before decoding: ``data`` holds raw bytes (plain files, WARC
    payloads), ``text`` already-decoded text (JSON Lines); exactly one of them is set."""

    id: str
    source: Source
    data: bytes | None = None
    text: str | None = None
    crawl_date: str | None = None
    # the bytes or text are HTML: converted to text (and markup facts) by record_page
    html: bool = False
    # what reading noticed (a renamed id, a bad date): into the document's diagnostics
    notes: tuple[Diagnostic, ...] = ()


@frozen
class InputFailure:
    """A page or input that could not be read: becomes an error record, the batch goes on.
    ``file`` is the input file it came from when ``source`` is a place inside one
    (``file:line``, ``file@offset``): error records are capped per file."""

    id: str
    source: str
    code: str
    message: str
    file: str | None = None


@frozen
class Skipped(InputFailure):
    """A file a walk found but did not open (a FIFO, a socket, a device): counted in the
    summary as skipped, by ``reason``, never converted and never an error."""

    reason: str = "not a regular file"


@frozen
class InputOptions:
    """How inputs are read. ``format`` applies to files named on the command line (or
    matched by a glob); files found inside a directory are always recognised by name."""

    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    suffixes: tuple[str, ...] = field(default=(".txt", ".text"), converter=_suffixes)
    format: str = field(default="auto", validator=_known_format)
    # plain files and stdin bigger than this are not read at all: page.too_large
    max_page_bytes: int | None = None


Item = Record | InputFailure


def iter_records(specs: Sequence[str], options: InputOptions = InputOptions()) -> Iterator[Item]:
    """Every page of every input, in command-line order, then sorted path order."""
    for spec in specs:
        yield from _spec(spec, options)


def _spec(spec: str, options: InputOptions) -> Iterator[Item]:
    spec = stores.local_path(spec)  # file:// is a local path, read as one
    if spec == STDIN:
        yield from _stdin(options)
        return
    if stores.is_url(spec):
        yield from _url(spec, options)
        return
    path = Path(spec)
    if path.is_dir():
        yield from _directory(path, spec, options)
    elif os.path.lexists(spec):
        yield from _file(path, path.name, options.format, options)
    elif _GLOB_MAGIC.search(spec):
        yield from _glob(spec, options)
    else:
        yield InputFailure(_shown(spec), _shown(spec), NOT_FOUND, "no such file or directory")


def _shown(text: str) -> str:
    """``text`` as valid UTF-8, for an id or a place: the bytes of a file name that are not
    UTF-8 (which Python holds as lone surrogates) become ``\\xNN``. Without this, the
    first such name would stop the batch where its id is written."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


# --- finding files ---


def _kind(name: str, options: InputOptions) -> str | None:
    """The format a file's name says it holds; None for a file a directory walk skips."""
    lower = name.lower()
    if lower.endswith(JSONL_NAMES):
        return "jsonl"
    if lower.endswith(WARC_NAMES):
        return "warc"
    if lower.endswith(HTML_NAMES):
        return "html"
    return "text" if name.endswith(options.suffixes) else None


def _directory(top: Path, spec: str, options: InputOptions) -> Iterator[Item]:
    found = False
    for item in _directory_items(top, top, options):
        found = True
        yield item
    if not found:
        yield InputFailure(_shown(spec), _shown(spec), NOT_FOUND,
                           "no page, JSON Lines, WARC or HTML files in directory")


def _directory_items(top: Path, root: Path, options: InputOptions) -> Iterator[Item]:
    """The pages under ``top``, with ids relative to ``root``."""
    for entry in _walk(top, lambda path: True):
        if isinstance(entry, InputFailure):
            yield entry
            continue
        path, is_dir = entry
        kind = None if is_dir else _kind(path.name, options)
        if kind is not None:
            yield from _file(path, path.relative_to(root).as_posix(), kind, options, found=True)


def _walk(top: Path, enter: Callable[[Path], bool]) -> Iterator[tuple[Path, bool] | InputFailure]:
    """(path, is a directory) for everything below ``top``, in sorted path order: a
    directory comes right before its contents, which come before its next sibling.

    Symbolic links to directories are skipped, so link loops cannot hang a walk; links to
    files are files. ``enter`` prunes directories a caller does not need. An explicit
    stack instead of recursion: a deep tree cannot reach the recursion limit."""
    stack = [iter(_listing(top))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, InputFailure):
            yield entry
        elif entry.is_dir(follow_symlinks=False):
            path = Path(entry.path)
            yield path, True
            if enter(path):
                stack.append(iter(_listing(path)))
        elif not (entry.is_symlink() and entry.is_dir()):
            yield Path(entry.path), False


def _listing(directory: Path) -> list[os.DirEntry[str]] | list[InputFailure]:
    """One directory's entries sorted by name: the only thing a walk holds per level."""
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        where = _shown(str(directory))
        return [InputFailure(where, where, UNREADABLE, _reason(exc))]


def _glob(pattern: str, options: InputOptions) -> Iterator[Item]:
    """Glob syntax, with ids relative to the pattern's fixed leading directories.

    Not ``glob.glob``: its ``**`` follows links to directories and never ends on a link
    loop, and it must list every match before they can be sorted. This walk does neither
    and gives the same order as a directory argument."""
    root, wanted = _glob_parts(pattern)
    found = False
    if root.is_dir():
        items = (_directory_items(root, root, options) if _matches((), wanted)
                 else _glob_items(root, wanted, options))
        for item in items:
            found = True
            yield item
    if not found:
        yield InputFailure(_shown(pattern), _shown(pattern), NOT_FOUND,
                           "no file matches the pattern")


def _glob_parts(pattern: str) -> tuple[Path, tuple[str, ...]]:
    """A pattern's fixed leading folders, and the parts with wildcards from there on."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _GLOB_MAGIC.search(part))
    return (Path(*parts[:fixed]) if fixed else Path(".")), parts[fixed:]


def input_reading(specs: Sequence[str], target: str, options: InputOptions) -> str | None:
    """The first of ``specs`` that would read the existing file ``target`` as an input (it
    names the file, a folder the walk finds it in, or a glob matching it), or None. An
    output written there would replace a page before, or while, it is read."""
    if not os.path.isfile(target):
        return None
    real = Path(os.path.realpath(target))
    return next((spec for spec in specs if spec != STDIN and _reads(spec, real, options)),
                None)


def _reads(spec: str, target: Path, options: InputOptions) -> bool:
    path = Path(spec)
    if path.is_dir():
        return _inside(target, path) is not None and _kind(target.name, options) is not None
    if os.path.lexists(spec):
        try:
            return os.path.samefile(spec, target)
        except OSError:
            return False
    if not _GLOB_MAGIC.search(spec):
        return False
    root, wanted = _glob_parts(spec)
    parts = _inside(target, root)
    if parts is None:
        return False
    if _matches(parts, wanted):  # matched itself: read whatever its name
        return True
    return _kind(target.name, options) is not None and any(
        _matches(parts[:n], wanted) for n in range(len(parts)))  # in a matched folder


def _inside(target: Path, folder: Path) -> tuple[str, ...] | None:
    """``target``'s parts below ``folder`` (both real paths), or None if it is not below."""
    try:
        return target.relative_to(os.path.realpath(folder)).parts
    except ValueError:
        return None


def _glob_items(root: Path, wanted: tuple[str, ...], options: InputOptions) -> Iterator[Item]:
    def enter(path: Path) -> bool:
        parts = path.relative_to(root).parts
        return _prefix_matches(parts, wanted) and not _matches(parts, wanted)

    for entry in _walk(root, enter):
        if isinstance(entry, InputFailure):
            yield entry
            continue
        path, is_dir = entry
        if not _matches(path.relative_to(root).parts, wanted):
            continue
        if is_dir:
            yield from _directory_items(path, root, options)
        else:
            yield from _file(path, path.relative_to(root).as_posix(), options.format, options,
                             found=True)


def _part_matches(name: str, pattern: str) -> bool:
    """As ``glob``: a wildcard does not match a leading dot unless the pattern has one."""
    if name.startswith(".") and not pattern.startswith("."):
        return False
    return fnmatchcase(name, pattern)


def _matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return _matches(parts, pattern[1:]) or (
            bool(parts) and not parts[0].startswith(".") and _matches(parts[1:], pattern))
    return bool(parts) and _part_matches(parts[0], pattern[0]) and _matches(parts[1:], pattern[1:])


def _prefix_matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether something below the directory ``parts`` could still match."""
    if not parts:
        return True
    if not pattern:
        return False
    if pattern[0] == "**":
        return _prefix_matches(parts, pattern[1:]) or (
            not parts[0].startswith(".") and _prefix_matches(parts[1:], pattern))
    return _part_matches(parts[0], pattern[0]) and _prefix_matches(parts[1:], pattern[1:])


# --- reading files ---


class _NotRegular(Exception):
    """A file found by a walk is a FIFO, a socket or a device: it is skipped, not read."""


def _file(path: Path, id: str, kind: str, options: InputOptions, *, found: bool = False
          ) -> Iterator[Item]:
    """The items of one file. ``found``: by a walk or a glob, so only a regular file is
    opened (a file named on the command line is read whatever it is: ``<(zcat x)`` is a
    pipe). Whatever reading it raises ends this file with one failure, never the batch."""
    id, where = _shown(id), _shown(str(path))
    try:
        if found and (what := _special(path)) is not None:
            raise _NotRegular(what)
        yield from _file_items(path, id, where, kind, options, found)
    except _NotRegular as exc:
        yield Skipped(id, where, NOT_REGULAR, f"{exc}, not a regular file: skipped")
    except Exception as exc:  # a decoder's or a parser's surprise costs this file only
        yield InputFailure(id, where, INPUT_FAILED,
                           f"reading stopped: {type(exc).__name__}: {_one_line(exc)}")


def _file_items(path: Path, id: str, where: str, kind: str, options: InputOptions,
                found: bool) -> Iterator[Item]:
    if kind == "auto":
        kind = _kind(path.name, options) or "text"
    if kind == "jsonl":
        yield from _opened(path, id, where, found, lambda raw: _jsonl_lines(
            raw, id, where, where, options))
    elif kind == "warc":
        yield from _opened(path, id, where, found, lambda raw: _warc_stream(
            raw, id, where, where, options.max_page_bytes))
    else:
        yield _plain(path, id, where, found, options.max_page_bytes, html=kind == "html")


def _special(path: Path) -> str | None:
    """What a file that is not a regular one is (``a FIFO``), or None for a regular file
    (or one whose status cannot be read: opening it says why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _file_type(mode)


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a directory" if stat.S_ISDIR(mode) else "a special file"


def _open(path: Path, found: bool) -> IO[bytes]:
    """``path`` for reading. A found file is opened without blocking and checked again
    once open: one swapped for a FIFO after the walk looked at it cannot hang the run."""
    if not found:
        return path.open("rb")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(_file_type(mode))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _plain(path: Path, id: str, where: str, found: bool, limit: int | None = None, *,
           html: bool = False) -> Item:
    try:
        with _open(path, found) as stream:
            data = stream.read() if limit is None else stream.read(limit + 1)
    except OSError as exc:
        return InputFailure(id, where, UNREADABLE, _reason(exc))
    if limit is not None and len(data) > limit:
        return _too_large(id, where, limit)
    return Record(id=id, source=Source(path=where), data=data, html=html)


def _too_large(id: str, where: str, limit: int, file: str | None = None) -> InputFailure:
    """Only ``limit + 1`` bytes were read: the page's size is not known, only its excess."""
    return InputFailure(id, where, TOO_LARGE, too_large(None, limit), file)


def _stdin(options: InputOptions) -> Iterator[Item]:
    """Standard input is one plain page, unless a format says otherwise. It is never
    closed here: it is not ours."""
    stream = sys.stdin.buffer
    if options.format == "jsonl":
        yield from _jsonl_lines(stream, STDIN, STDIN, None, options)
    elif options.format == "warc":
        yield from _warc_stream(stream, STDIN, STDIN, None, options.max_page_bytes)
    else:
        limit = options.max_page_bytes
        try:
            data = stream.read() if limit is None else stream.read(limit + 1)
        except OSError as exc:
            yield InputFailure(STDIN, STDIN, UNREADABLE, _reason(exc))
            return
        if limit is not None and len(data) > limit:
            yield _too_large(STDIN, STDIN, limit)
            return
        yield Record(id=STDIN, source=Source(), data=data, html=options.format == "html")


# --- objects in a store ---


def _url(spec: str, options: InputOptions) -> Iterator[Item]:
    """The pages of an object-store URL: one object, every object below a prefix, or the
    objects a glob matches, each read as a local file of the same name would be. A store
    that cannot answer (no bucket, access denied, no connection) is one failure naming the
    URL; the other inputs go on."""
    try:
        fs, objects = stores.listing(spec)
    except stores.StoreError as exc:
        yield InputFailure(spec, spec, exc.code, _without_place(str(exc), spec))
        return
    found = False
    for obj in objects:
        name = obj.url.rsplit("/", 1)[-1]
        kind = options.format if obj.named else _kind(name, options)
        if kind is None:
            continue
        found = True
        yield from _object(fs, obj, kind, options)
    if not found:
        yield InputFailure(spec, spec, NOT_FOUND,
                           "no page, JSON Lines, WARC or HTML objects under this URL")


def _without_place(message: str, place: str) -> str:
    """An error record names its place in ``source``: the message need not repeat it."""
    return message.removeprefix(f"{place}: ")


def _object(fs: Any, obj: stores.StoreObject, kind: str, options: InputOptions
            ) -> Iterator[Item]:
    """The items of one object, read through the same readers as a local file's."""
    id, where = _shown(obj.id), obj.url
    if kind == "auto":
        kind = _kind(where.rsplit("/", 1)[-1], options) or "text"
    try:
        try:
            raw = fs.open(fs._strip_protocol(where), "rb")
        except Exception as exc:
            failure = stores.failure(where, exc)
            yield InputFailure(id, where, failure.code, _without_place(str(failure), where))
            return
        with raw:
            if kind == "jsonl":
                yield from _jsonl_lines(raw, id, where, where, options)
            elif kind == "warc":
                yield from _warc_stream(raw, id, where, where, options.max_page_bytes)
            else:
                yield _plain_stream(raw, id, where, options.max_page_bytes,
                                    html=kind == "html")
    except Exception as exc:  # a store failing mid-read costs this object only
        yield InputFailure(id, where, INPUT_FAILED,
                           f"reading stopped: {type(exc).__name__}: {_one_line(exc)}")


def _plain_stream(stream: IO[bytes], id: str, where: str, limit: int | None,
                  html: bool = False) -> Item:
    """One page (text or HTML) from an open object, never read past the size limit."""
    data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        return _too_large(id, where, limit)
    return Record(id=id, source=Source(path=where), data=data, html=html)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --- JSON Lines ---


def _opened(path: Path, id: str, where: str, found: bool,
            read: Callable[[IO[bytes]], Iterator[Item]]) -> Iterator[Item]:
    """The items ``read`` finds in the file, or one failure when it cannot be opened."""
    try:
        raw = _open(path, found)
    except OSError as exc:
        yield InputFailure(id, where, UNREADABLE, _reason(exc))
        return
    with raw:
        yield from read(raw)


def _decompressed(stream: IO[bytes]) -> IO[bytes]:
    """The stream, gunzipped or unzstd'ed by its magic bytes (not its name, so
    ``format=jsonl`` reads any name). Closing the result leaves ``stream`` open."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    magic = stream.peek(4)[:4]  # type: ignore[attr-defined]
    if magic.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=stream, mode="rb")
    if magic.startswith(_ZSTD_MAGIC):
        return io.BufferedReader(_ZstdReader(stream))
    return stream


class _ZstdReader(io.RawIOBase):
    """A zstd stream unpacked, every frame of it, ending in ``EOFError`` when the stream is
    cut short. zstandard's reader takes a cut inside a frame for a clean end (0 pages,
    exit 0); gzip's raises, and so does this. Closing it leaves ``stream`` open."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._frames = _ZstdFrames(stream)
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            self._frames, read_across_frames=True, closefd=False)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._reader.readinto(buffer)
        if count == 0 and len(buffer) and not self._frames.complete():
            raise EOFError("the zstd stream ends inside a frame (truncated)")
        return count


class _ZstdFrames:
    """The compressed stream passed through unchanged, its frame structure followed on the
    way (frame headers, block headers and sizes; no data is unpacked here) to tell whether
    it ended at a frame boundary."""

    _SKIPPABLE = range(0x184D2A50, 0x184D2A60)
    _MAGIC = int.from_bytes(_ZSTD_MAGIC, "little")

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.skip = 0  # bytes of block or frame content still to pass over
        self.header = bytearray()  # the part of the next header read so far
        self.want, self.step = 4, self._magic

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self._follow(memoryview(data))
        return data

    def complete(self) -> bool:
        return self.step == self._magic and not self.header and not self.skip

    def _follow(self, data: memoryview) -> None:
        at = 0
        while at < len(data):
            if self.skip:
                taken = min(self.skip, len(data) - at)
                self.skip -= taken
                at += taken
                continue
            taken = min(self.want - len(self.header), len(data) - at)
            self.header += data[at:at + taken]
            at += taken
            if len(self.header) == self.want:
                header, self.header = bytes(self.header), bytearray()
                self.step(header)

    def _next(self, want: int, step: Callable[[bytes], None], skip: int = 0) -> None:
        self.want, self.step, self.skip = want, step, skip

    def _magic(self, header: bytes) -> None:
        magic = int.from_bytes(header, "little")
        if magic in self._SKIPPABLE:
            self._next(4, lambda size: self._next(4, self._magic, int.from_bytes(size, "little")))
        elif magic == self._MAGIC:
            self._next(1, self._descriptor)
        else:  # not a frame: the decompressor says what is wrong; it is never complete
            self._next(1 << 62, self._not_a_frame)

    def _not_a_frame(self, header: bytes) -> None:
        pass

    def _descriptor(self, header: bytes) -> None:
        flags = header[0]
        single = (flags >> 5) & 1
        content_size = (single, 2, 4, 8)[flags >> 6]
        rest = (1 - single) + (0, 1, 2, 4)[flags & 3] + content_size
        checksum = 4 if flags & 4 else 0
        self._next(3, lambda block: self._block(block, checksum), rest)

    def _block(self, header: bytes, checksum: int) -> None:
        value = int.from_bytes(header, "little")
        size = 1 if (value >> 1) & 3 == 1 else value >> 3  # an RLE block holds one byte
        if value & 1:  # the last block: then the checksum, then the next frame
            self._next(4, self._magic, size + checksum)
        else:
            self._next(3, lambda block: self._block(block, checksum), size)


def _jsonl_lines(stream: IO[bytes], file_id: str, where: str, path: str | None,
                 options: InputOptions) -> Iterator[Item]:
    """One item per non-blank line; a broken compressed stream ends the file with one
    failure, after everything before the break."""
    number = 0
    limit = options.max_page_bytes
    # JSON escapes can take 6 bytes for one of the page's (\u0001): a longer line cannot
    # hold a page under the limit, and is skipped without being held in memory
    cap = None if limit is None else 6 * limit + (1 << 16)
    try:
        lines = _capped_lines(_decompressed(stream), cap)
        for number, line in enumerate(lines, 1):
            if line is None:
                yield _too_large(f"{file_id}:{number}", f"{where}:{number}", limit or 0, where)
                continue
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if line.strip():
                yield _jsonl_item(line, number, file_id, where, path, options)
    except Exception as exc:  # every decoder's error (gzip, zlib, zstd, a cut stream)
        code = UNREADABLE if getattr(exc, "errno", None) else BAD_COMPRESSION
        message = f"stopped after {number} lines: {_one_line(exc)}"
        yield InputFailure(file_id, where, code, message)


def _capped_lines(stream: IO[bytes], cap: int | None) -> Iterator[bytes | None]:
    """The stream's lines; None for a line longer than ``cap``, which is read past in
    pieces of ``cap`` bytes rather than whole."""
    if cap is None:
        yield from stream
        return
    while line := stream.readline(cap):
        if len(line) < cap or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(cap)) and not rest.endswith(b"\n"):
            pass
        yield None


def _jsonl_item(line: bytes, number: int, file_id: str, where: str, path: str | None,
                options: InputOptions) -> Item:
    fallback, location = f"{file_id}:{number}", f"{where}:{number}"
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        value = _json_with_bad_text(line, exc)
        if value is None:
            return InputFailure(fallback, location, BAD_JSON, f"not valid JSON: {exc}", where)
    if not isinstance(value, dict):
        return InputFailure(fallback, location, BAD_JSON,
                            f"a line must be a JSON object, not {_json_type(value)}", where)
    id = value.get(options.id_field)
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)
    url = value.get(options.url_field)
    text = value.get(options.text_field)
    for name, got in ((options.id_field, id), (options.url_field, url)):
        if got is not None and not isinstance(got, str):
            return InputFailure(fallback, location, BAD_FIELD,
                                f"field {name!r} must be a string, not {_json_type(got)}", where)
        if isinstance(got, str) and _SURROGATE.search(got):
            return InputFailure(fallback, location, BAD_FIELD,
                                f"field {name!r} is not valid UTF-8 text", where)
    id = id or fallback
    if not isinstance(text, str):
        what = "is missing" if text is None else f"must be a string, not {_json_type(text)}"
        return InputFailure(id, location, MISSING_FIELD, f"field {options.text_field!r} {what}",
                            where)
    return Record(id=id, source=Source(path=path, url=url), text=text)


def _json_with_bad_text(line: bytes, error: Exception) -> object | None:
    """A line orjson refuses only for its text (bytes that are not UTF-8, a lone surrogate
    escape such as ``\\udc80``), parsed with that text kept as lone surrogates: the
    decoding policy then decides in ``record_page``, as for any page, instead of "surrogates
    not allowed" whatever ``--decoding`` says. None for a line that is not JSON at all."""
    if "surrogate" not in str(error) and _is_utf8(line):
        return None
    try:
        return json.loads(line.decode("utf-8", "surrogateescape"), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # as orjson: NaN and Infinity are not JSON


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- WARC and WET ---


class _CorruptWarc(Exception):
    """A record whose framing cannot be trusted: nothing after it can be either."""


def _warc_stream(stream: IO[bytes], file_id: str, where: str, path: str | None,
                 limit: int | None = None) -> Iterator[Item]:
    """Pages of one WARC stream (gzip detected by fastwarc). A corrupt or truncated file
    gives the pages before the damage, then one ``input.bad_warc`` failure."""
    number = 0
    try:
        source = stream if stream.seekable() else _Counted(stream)
        records = iter(ArchiveIterator(source, parse_http=True, auto_decode="none",
                                       fsspec_args=False))
        while (record := next(records, None)) is not None:
            number += 1
            item = _warc_item(record, file_id, where, path, limit)
            if item is not None:
                yield item
    except _CorruptWarc as exc:
        yield InputFailure(file_id, where, BAD_WARC, f"record {number} {exc}")
    except OSError as exc:
        if exc.errno:
            yield InputFailure(file_id, where, UNREADABLE, _reason(exc))
        else:
            yield InputFailure(file_id, where, BAD_WARC, f"record {number + 1}: {_one_line(exc)}")
    except BaseException as exc:
        if not _bad_data(exc):
            raise
        yield InputFailure(file_id, where, BAD_WARC, f"record {number + 1}: {_one_line(exc)}")


def _bad_data(exc: BaseException) -> bool:
    """Whether ``exc`` is what bad data made a reader raise: any ``Exception``, and a Rust
    panic inside fastwarc, which is a BaseException; everything else (GeneratorExit,
    KeyboardInterrupt) must go through."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


class _Counted:
    """A pipe for fastwarc, which asks where a stream is: a pipe cannot say, so count.
    Closing it leaves the pipe open (standard input is not ours)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.position = stream, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        pass


def _warc_item(record: WarcRecord, file_id: str, where: str, path: str | None,
               limit: int | None = None) -> Item | None:
    """A page, a per-page failure, or None for a record that is not a page (warcinfo,
    request, metadata, a response neither text nor HTML): those are read past, checked, and dropped.
    A page record over ``limit`` bytes, or whose encoded body unpacks past it, is a
    ``page.too_large`` failure and is read past, never held whole."""
    _check_length(record)
    remaining = record.content_length
    id = _shown(_record_id(record) or f"{file_id}@{record.stream_pos}")
    location = f"{where}@{record.stream_pos}"
    too_large = _is_page(record) and limit is not None and remaining > limit
    if not _is_page(record) or too_large:
        if record.consume() < remaining:
            raise _CorruptWarc(f"{_label(record)}is truncated")
        return _too_large(id, location, limit or 0, where) if too_large else None
    data = record.reader.read()
    if len(data) < remaining:
        raise _CorruptWarc(f"{_label(record)}is truncated")
    url = record.headers.get("WARC-Target-URI")
    source = Source(path=path, url=None if url is None else _shown(url))
    crawl_date, notes = _crawl_date(record.headers.get("WARC-Date"))
    if record.record_type == WarcRecordType.response and record.is_http:
        try:
            page = _http_page(record, data, id, source, crawl_date, limit)
        except BaseException as exc:  # any decoder's error, a panic too: this record only
            if not _bad_data(exc):
                raise
            return InputFailure(id, location, BAD_ENCODING, _one_line(exc), where)
        if page is None:
            return _too_large(id, location, limit or 0, where)
        return evolve(page, notes=notes, html=_is_html(record))
    return Record(id=id, source=source, data=data, crawl_date=crawl_date, notes=notes,
                  html=_is_html(record))


def _crawl_date(header: str | None) -> tuple[str | None, tuple[Diagnostic, ...]]:
    """The page date a WARC-Date gives, and a warning when it names no real day
    (``2024-13-45``): a page_date must be one, or the document fails its schema."""
    match = _DATE.match(header or "")
    if match is None:
        return None, ()
    try:
        datetime.date.fromisoformat(match.group())
    except ValueError:
        return None, (Diagnostic("warning", BAD_DATE,
                                 f"WARC-Date {_shown(header or '')!r} is not a real date: "
                                 "page_date left unset"),)
    return match.group(), ()


def _check_length(record: WarcRecord) -> None:
    """fastwarc hands out a record whose header block was cut short with length 0; a
    missing or non-numeric Content-Length is how such damage shows. One too big for
    fastwarc's 64 bits is read as 0 (an empty page that was never there): the framing
    after it cannot be trusted either."""
    length = record.headers.get("Content-Length")
    if length is None or not length.strip().isdigit():
        raise _CorruptWarc(f"{_label(record)}has no valid Content-Length")
    if int(length) >= 1 << 64:
        raise _CorruptWarc(f"{_label(record)}has a Content-Length out of range: {length.strip()}")


def _record_id(record: WarcRecord) -> str | None:
    value = record.record_id
    return value.strip().removeprefix("<").removesuffix(">") if value else None


def _label(record: WarcRecord) -> str:
    id = _record_id(record)
    return f"({id}) " if id else ""


def _is_page(record: WarcRecord) -> bool:
    kind = record.record_type
    if not kind & _PAGE_TYPES:
        return False
    if kind == WarcRecordType.conversion:
        return True
    return _payload_type(record) in ("text/plain", *HTML_TYPES)


def _payload_type(record: WarcRecord) -> str:
    """The media type of a response's or resource's payload."""
    if record.record_type == WarcRecordType.response and record.is_http:
        return _media_type(record.http_content_type)
    return _media_type(record.headers.get("Content-Type"))


def _is_html(record: WarcRecord) -> bool:
    return record.record_type != WarcRecordType.conversion and _payload_type(record) in HTML_TYPES


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def _http_page(record: WarcRecord, data: bytes, id: str, source: Source,
               crawl_date: str | None, limit: int | None = None) -> Record | None:
    """An HTTP payload as the server sent it, undone: transfer and content encodings, and a
    declared charset other than UTF-8 (decoded here, since only UTF-8 bytes decode later).
    None when the unpacked body would pass ``limit`` (unpacking stops there: a small
    compressed body cannot blow up in memory)."""
    headers = record.http_headers
    cap = None if limit is None else limit + 1
    data = _unencoded(data, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"),
                      cap)
    if cap is not None and len(data) >= cap:
        return None
    charset = (record.http_charset or "utf-8").strip().lower()
    if codecs.lookup(charset).name == "utf-8":
        return Record(id=id, source=source, data=data, crawl_date=crawl_date)
    text = data.decode(charset)
    return Record(id=id, source=source, text=text, crawl_date=crawl_date)


def _unencoded(data: bytes, transfer: str | None, content: str | None,
               cap: int | None = None) -> bytes:
    """Undo encodings in reverse order of application: transfer first, then content; each
    unpacks at most ``cap`` bytes."""
    codings = [*_codings(content), *_codings(transfer)]
    for coding in reversed(codings):
        data = _undo(coding, data, -1 if cap is None else cap)
    return data


def _codings(header: str | None) -> list[str]:
    names = (name.strip().lower() for name in (header or "").split(","))
    return [name for name in names if name and name != "identity"]


def _undo(coding: str, data: bytes, cap: int = -1) -> bytes:
    """``data`` with one encoding undone, at most ``cap`` bytes of it (-1: all)."""
    if coding == "chunked":
        return ChunkedReader(io.BytesIO(data)).read(cap)
    if coding in ("gzip", "x-gzip"):
        return gzip.GzipFile(fileobj=io.BytesIO(data)).read(cap)
    if coding == "deflate":
        try:
            return _inflated(zlib.decompressobj(), data, cap)
        except zlib.error:  # servers often send raw deflate without the zlib header
            return _inflated(zlib.decompressobj(-zlib.MAX_WBITS), data, cap)
    if coding == "br":
        return BrotliReader(io.BytesIO(data)).read(cap)
    if coding == "zstd":  # the frame check: a body cut short is an error, as gzip's is
        return io.BufferedReader(_ZstdReader(io.BytesIO(data))).read(cap)
    raise ValueError(f"unsupported HTTP encoding {coding!r}")


def _inflated(decompressor: Any, data: bytes, cap: int) -> bytes:
    """zlib stops quietly where a deflate body was cut: that is an error, as gzip's is."""
    out = decompressor.decompress(data, max(cap, 0))
    if not decompressor.eof and (cap < 0 or len(out) < cap):
        raise EOFError("the deflate body ends early (truncated)")
    return out


# --- a record as a page ---


def distinct_ids(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` with every id made unique, so that no page replaces another in an output
    or is skipped by ``--resume`` as one written before. The second ``index.txt`` becomes
    ``index.txt~2`` (the third ``~3``, the next free ordinal if that is taken), decided in
    input order, so every run gives the same ids; a renamed page carries a
    ``page.duplicate_id`` warning naming its id in the input. Error records take ids too:
    an error and a document never share one. Holds a 16-byte digest per id, not the id."""
    seen: set[bytes] = set()
    ordinals: dict[bytes, int] = {}  # for ids seen twice: the next ordinal to try
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        key = _id_key(item.id)
        if key not in seen:
            seen.add(key)
            yield item
            continue
        ordinal = ordinals.get(key, 2)
        while _id_key(new := f"{item.id}~{ordinal}") in seen:
            ordinal += 1
        ordinals[key] = ordinal + 1
        seen.add(_id_key(new))
        yield _renamed(item, new)


def _id_key(id: str) -> bytes:
    return hashlib.blake2b(id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _renamed(item: Item, new: str) -> Item:
    if isinstance(item, InputFailure):
        return evolve(item, id=new)
    note = Diagnostic("warning", DUPLICATE_ID, f"id {item.id!r} was taken by an earlier page "
                                               f"of the input: this page is {new!r}")
    return evolve(item, id=new, notes=(*item.notes, note))


def record_page(record: Record, policy: InputPolicy) -> Page:
    """A batch input record as a page, by the input policy: the size limit, then decoding
    (bytes) or the NUL check (text); the record's crawl date kept. Every reader of inputs
    (convert's workers, explain, review) goes through here."""
    where = record.source.path or record.source.url or record.id
    check_size(record, where, policy.max_page_bytes)
    source = Source(path=record.source.path, url=record.source.url)
    if record.html:
        page = _html_page(record, where, policy)
    elif record.text is not None:
        text, notes = reading.checked_text(record.text, where, policy.decoding)
        page = reading.page_from_text(text, id=record.id, source=source)
        page = evolve(page, diagnostics=notes)
    else:
        page = reading.page_from_bytes(record.data or b"", id=record.id, source=source,
                               decoding=policy.decoding)
    if record.crawl_date:
        page = evolve(page, page_date=record.crawl_date)
    if record.notes:
        page = evolve(page, diagnostics=(*page.diagnostics, *record.notes))
    return page


def _html_page(record: Record, where: str, policy: InputPolicy) -> Page:
    """An HTML record as a page: its text in the shape of a crawled text page, the facts of
    its markup carried along; the canonical url is the page's url when it has none (so it
    picks the profile too). ``sha256`` is of the input, as for any page."""
    check_html(record.data if record.text is None else record.text, where)
    if record.text is not None:
        html, notes = reading.checked_text(record.text, where, policy.decoding)
        digest = hashlib.sha256(record.text.encode("utf-8", "surrogatepass")).hexdigest()
    else:
        html, notes = _decoded_html(record.data or b"", where, policy.decoding)
        digest = hashlib.sha256(record.data or b"").hexdigest()
    text, markup, found = html_text(html)
    url = record.source.url
    if url is None and markup.canonical_url is not None:
        url = markup.canonical_url
        found = (*found, Diagnostic("info", "markup.field",
                                    f"url from the page's markup: {url!r}"))
    source = Source(path=record.source.path, url=url, sha256=digest)
    page = reading.page_from_text(text, id=record.id, source=source)
    return evolve(page, diagnostics=(*notes, *found), markup=markup)


def _decoded_html(data: bytes, where: str, decoding: reading.Decoding
                  ) -> tuple[str, tuple[Diagnostic, ...]]:
    """HTML bytes as text: a byte-order mark, else a ``<meta charset>``, else UTF-8; bad
    bytes as the decoding policy says."""
    charset = declared_charset(data)
    if charset in (None, "utf-8") or reading.sniff(data)[1]:
        return reading.decode_page(data, where, decoding)
    try:
        return data.decode(charset), ()
    except UnicodeDecodeError as exc:
        if decoding == "strict":
            raise InputError(where, f"not valid {charset} (its <meta charset>) at byte "
                                    f"{exc.start}: {exc.reason}", code=reading.UNDECODABLE
                             ) from exc
        return data.decode(charset, "replace"), (Diagnostic(
            "warning", reading.REPLACED, f"bytes not valid {charset} replaced by U+FFFD"),)


def check_size(record: Record, where: str, limit: int) -> None:
    if record.data is not None:
        size = len(record.data)
    else:  # a character is at most 4 bytes: only near the limit is encoding worth it
        text = record.text or ""
        size = len(text) if len(text) * 4 <= limit else len(text.encode("utf-8", "replace"))
    reading.check_bytes(size, limit, where)
