"""Where converted documents go: one stream, shards of a set size, or one file per page.

Every file appears under its final name only when it is complete (written under a
temporary name, then renamed), so a killed run never leaves a half-written document where
a reader would take it for output. The sinks also know which ids a previous, interrupted
run already wrote, for ``--resume``:

- a stream keeps ``<output>.partial`` while it runs; a resumed run reads the complete
  lines in it, drops a torn last line, and appends. Compression (``.gz``, ``.zst``) is
  applied when the stream is finished.
- shards: each ``part-NNNNN`` file is renamed into place when full; a resumed run keeps
  the complete shards and starts again after them.
- one file per page: a page whose file exists is done.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

import orjson
from attrs import frozen

from pagenorm.errors import PagenormError
from pagenorm.model import Format

COMPRESSIONS = (".gz", ".zst")
LOCK_NAME = ".pagenorm.lock"
# files being written start with this, so a run can sweep what a killed one left
TEMP_PREFIX = ".pagenorm-tmp."


def temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (descriptor, name), to rename over it. mkstemp
    makes it 0600; it gets the mode a plain ``open`` would give (0666 less the umask), so
    every output file honours the umask alike."""
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())
    except OSError:
        os.close(handle)
        os.unlink(name)
        raise
    return handle, name


def current_umask() -> int:
    """The process's umask (only readable by setting it: set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sweep_temporaries(folder: Path, name: str = "", *, recursive: bool = False) -> None:
    """Remove temporary files a killed run left in ``folder`` (for one ``name``, or all)."""
    pattern = f"{TEMP_PREFIX}{name}*"
    found = folder.rglob(pattern) if recursive else folder.glob(pattern)
    for leftover in found:
        with contextlib.suppress(OSError):
            leftover.unlink()


@frozen
class Written:
    """One converted page, as a worker hands it to the sink."""

    id: str
    source_path: str | None
    data: bytes  # the document in the output format


class Sink(Protocol):
    def is_done(self, page_id: str) -> bool:
        """Whether a previous, interrupted run already wrote this page (``--resume``)."""

    def write(self, item: Written) -> None: ...

    def close(self) -> None:
        """Finish: put every file in place under its final name."""

    def abort(self) -> None:
        """Stop without finishing, leaving what a resumed run needs."""


def _fail(path: Path | str, exc: OSError) -> PagenormError:
    return PagenormError(f"{path}: cannot write: {exc.strerror or exc}")


def _stdout_fail(target: Path | None, exc: OSError) -> BaseException:
    """A write error of a stream: standard output closed by its reader (``| head``) stays a
    ``BrokenPipeError``, for the command line to end quietly on; the rest is one line."""
    if target is None and isinstance(exc, BrokenPipeError):
        return exc
    return _fail(target or "standard output", exc)


def _replace_atomically(path: Path, data_chunks: Iterator[bytes]) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename it; on a
    failure (a full disk) the temporary file goes and ``path`` is untouched."""
    temp: str | None = None
    try:
        handle, temp = temporary(path)
        with os.fdopen(handle, "wb") as out:
            for chunk in data_chunks:
                out.write(chunk)
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise _fail(path, exc) from exc


def _compressed(path: Path, source: Path) -> Iterator[bytes]:
    """The bytes of ``source``, compressed for ``path``'s suffix (read in blocks)."""
    with source.open("rb") as raw:
        if path.suffix == ".gz":
            yield gzip.compress(raw.read(), mtime=0)  # mtime 0: identical runs, identical bytes
        elif path.suffix == ".zst":
            import zstandard

            yield zstandard.ZstdCompressor().compress(raw.read())
        else:
            while block := raw.read(1 << 20):
                yield block


def _id_of(line: bytes) -> str | None:
    try:
        value = orjson.loads(line).get("id")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class StreamSink:
    """All documents in one stream: standard output, or a file (optionally compressed)."""

    def __init__(self, target: str | None, fmt: Format, *, framed: bool = True,
                 resume: bool = False) -> None:
        self.fmt, self.framed = fmt, framed
        self.target = Path(target) if target else None
        self.count = 0
        self._done: set[str] = set()
        if self.target is None:
            if resume:
                raise PagenormError("--resume needs --output or --output-dir, not stdout")
            self.out: IO[bytes] = sys.stdout.buffer
        else:
            self.partial = self.target.with_name(self.target.name + ".partial")
            sweep_temporaries(self.target.parent, self.target.name)
            if resume:
                self._reopen()
            else:
                self.out = self._open("wb")
        if self.count == 0 and self.framed:
            try:
                self.out.write(fmt.header)
            except OSError as exc:
                raise _stdout_fail(self.target, exc) from exc

    def _open(self, mode: str) -> IO[bytes]:
        try:
            return self.partial.open(mode)
        except OSError as exc:
            raise _fail(self.partial, exc) from exc

    def _reopen(self) -> None:
        if self.fmt.name != "jsonl":
            raise PagenormError("--resume of a single output file needs --format jsonl")
        if not self.partial.exists():
            self.out = self._open("wb")
            return
        kept = 0
        with self.partial.open("rb") as old:
            for line in old:
                if not line.endswith(b"\n") or (page_id := _id_of(line)) is None:
                    break  # a torn last line: written again below
                self._done.add(page_id)
                kept += len(line)
        self.out = self._open("r+b")
        self.out.truncate(kept)
        self.out.seek(kept)
        self.count = len(self._done)

    def is_done(self, page_id: str) -> bool:
        return page_id in self._done

    def write(self, item: Written) -> None:
        try:
            if self.count and self.framed:
                self.out.write(self.fmt.separator)
            self.out.write(item.data)
            self.out.flush()
        except OSError as exc:  # a full disk: the .partial file keeps what was complete
            raise _stdout_fail(self.target, exc) from exc
        self.count += 1

    def close(self) -> None:
        try:
            if self.framed:
                self.out.write(self.fmt.footer)
            self.out.flush()
            if self.target is None:
                return
            self.out.close()
            if self.target.suffix in COMPRESSIONS:
                _replace_atomically(self.target, _compressed(self.target, self.partial))
                self.partial.unlink()
            else:
                os.replace(self.partial, self.target)
        except OSError as exc:
            raise _stdout_fail(self.target, exc) from exc

    def abort(self) -> None:
        """Standard output is closed properly (a valid stream of what was done); a file
        stays ``<output>.partial``, complete lines only, for ``--resume`` to go on from."""
        if self.target is None:
            if self.framed:
                self.out.write(self.fmt.footer)
            self.out.flush()
            return
        self.out.close()


class ShardSink:
    """``DIR/part-00000.<ext>`` files of ``shard_size`` documents each (JSON Lines, or
    Parquet through :mod:`pagenorm.batch.parquet`)."""

    def __init__(self, folder: str, fmt: Format, shard_size: int, *, resume: bool = False,
                 compression: str = "") -> None:
        self.folder, self.fmt, self.size = Path(folder), fmt, shard_size
        self.suffix = fmt.extension + compression
        self.buffer: list[Written] = []
        self._done: set[str] = set()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(self.folder, exc) from exc
        sweep_temporaries(self.folder)
        self.number = self._resume() if resume else 0

    def _shard(self, number: int) -> Path:
        return self.folder / f"part-{number:05d}{self.suffix}"

    def _resume(self) -> int:
        number = 0
        while self._shard(number).exists():
            self._done.update(self._ids_in(self._shard(number)))
            number += 1
        return number

    def _ids_in(self, path: Path) -> list[str]:
        if self.fmt.name == "parquet":
            from pagenorm.batch.parquet import ids_in_shard

            return ids_in_shard(path)
        return ids_in_lines(path.read_bytes(), path.suffix)

    def is_done(self, page_id: str) -> bool:
        return page_id in self._done

    def write(self, item: Written) -> None:
        self.buffer.append(item)
        if len(self.buffer) >= self.size:
            self._flush()

    def _flush(self) -> None:
        if not self.buffer:
            return
        path = self._shard(self.number)
        if self.fmt.name == "parquet":
            from pagenorm.batch.parquet import write_shard

            write_shard(path, [w.data for w in self.buffer])
        else:
            _replace_atomically(path, iter([shard_body(self.buffer, path.suffix)]))
        self.buffer.clear()
        self.number += 1

    def close(self) -> None:
        self._flush()

    def abort(self) -> None:
        self.buffer.clear()  # a partial shard is written again by the resumed run


def ids_in_lines(data: bytes, suffix: str) -> list[str]:
    """The ids of a JSON Lines shard's documents (compressed by ``suffix``), in order."""
    if suffix == ".gz":
        data = gzip.decompress(data)
    elif suffix == ".zst":
        import zstandard

        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [i for line in data.splitlines() if (i := _id_of(line)) is not None]


def shard_body(documents: list[Written], suffix: str) -> bytes:
    """A JSON Lines shard's bytes, compressed for ``suffix`` (mtime 0: the same bytes in
    every run)."""
    body = b"".join(w.data for w in documents)
    if suffix == ".gz":
        return gzip.compress(body, mtime=0)
    if suffix == ".zst":
        import zstandard

        return zstandard.ZstdCompressor().compress(body)
    return body


_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
_UNSAFE = re.compile(r"[^\w.\-]+", re.ASCII)
_MAX_PARTS, _MAX_NAME, _MAX_STEM = 16, 240, 100
# files pagenorm itself keeps in an output folder: no page may take their names
RESERVED = frozenset({"errors.jsonl", "ids.jsonl", "ids.jsonl.partial", LOCK_NAME})


def page_file_name(page_id: str, extension: str) -> str:
    """A page's file name as it mirrors the input: path-like ids keep their folders, with
    the page suffix swapped for the format's. An id that does not make a plain relative
    name (``../x``, ``/etc``, a NUL, 10,000 characters, a thousand folders, one of
    pagenorm's own files) gets ``hashed_file_name`` instead."""
    stemmed = without_page_suffix(page_id)
    parts = stemmed.split("/")
    name = stemmed + extension
    plain = (len(parts) <= _MAX_PARTS and len(name) <= _MAX_NAME
             and all(_SAFE_PART.fullmatch(p) for p in parts)
             and name.casefold() not in RESERVED)
    return name if plain else hashed_file_name(page_id, extension)


def hashed_file_name(page_id: str, extension: str, attempt: int = 1) -> str:
    """A flat, safe name: the id's letters and digits, ``~`` and the start of its SHA-256.
    A ``~`` never occurs in a plain name, so the two kinds never meet."""
    stem = _UNSAFE.sub("_", without_page_suffix(page_id).replace("/", "_")).strip("._")
    digest = hashlib.sha256(page_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    again = f"-{attempt}" if attempt > 1 else ""
    return f"{stem[:_MAX_STEM] or 'page'}~{digest}{again}{extension}"


def without_page_suffix(page_id: str) -> str:
    for suffix in (".txt", ".text"):
        if page_id.endswith(suffix) and len(page_id) > len(suffix):
            return page_id[: -len(suffix)]
    return page_id


class FileNames:
    """Page id -> file name in one output folder. Ids are named in input order, so every
    run (a resumed one too) gives each id the same name. A name another id already took
    (``page`` and ``page.txt``; ``Page`` and ``page`` on a case-insensitive file system; a
    file where another id needs a folder) is replaced by a hashed one. It keeps one entry
    per page (about 150 bytes): for tens of millions of pages, write shards instead."""

    def __init__(self, extension: str) -> None:
        self.extension = extension
        self._files: dict[str, str] = {}  # casefolded name -> the id that owns it
        self._folders: set[str] = set()  # casefolded folders those names need

    def name_of(self, page_id: str) -> str:
        name = page_file_name(page_id, self.extension)
        attempt = 1
        while not self._free_for(name, page_id):
            name = hashed_file_name(page_id, self.extension, attempt)
            attempt += 1
        self._claim(name, page_id)
        return name

    def _free_for(self, name: str, page_id: str) -> bool:
        key = name.casefold()
        owner = self._files.get(key)
        if owner is not None:
            return owner == page_id
        folders = _folders_of(key)
        return key not in self._folders and not any(f in self._files for f in folders)

    def _claim(self, name: str, page_id: str) -> None:
        key = name.casefold()
        self._files[key] = page_id
        self._folders.update(_folders_of(key))


def _folders_of(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


class DirectorySink:
    """One file per page under ``DIR``, mirroring the input names; ``DIR/ids.jsonl`` maps
    each id whose file name is not its mirror name to that name."""

    def __init__(self, folder: str, fmt: Format, *, resume: bool = False) -> None:
        self.folder, self.fmt, self.resume = Path(folder), fmt, resume
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(self.folder, exc) from exc
        sweep_temporaries(self.folder, recursive=True)
        self.names = FileNames(fmt.extension)
        self.ids = self.folder / "ids.jsonl"
        self.ids_partial = self.folder / "ids.jsonl.partial"
        self._mapped = self._earlier_mapped() if resume else set()
        try:
            self._ids_out = self.ids_partial.open("ab" if resume else "wb")
        except OSError as exc:
            raise _fail(self.ids_partial, exc) from exc

    def _earlier_mapped(self) -> set[str]:
        """Ids an interrupted run already recorded (only renamed ids are kept here)."""
        source = self.ids_partial if self.ids_partial.exists() else self.ids
        if not source.exists():
            return set()
        if source == self.ids:
            os.replace(self.ids, self.ids_partial)
        with self.ids_partial.open("rb") as old:
            return {i for line in old if line.endswith(b"\n") and (i := _id_of(line))}

    def path_of(self, page_id: str) -> Path:
        return self.folder / self.names.name_of(page_id)

    def is_done(self, page_id: str) -> bool:
        path = self.path_of(page_id)  # every id is named here, in input order
        return self.resume and path.exists()

    def write(self, item: Written) -> None:
        name = self.names.name_of(item.id)
        path = self.folder / name
        if name != without_page_suffix(item.id) + self.fmt.extension \
                and item.id not in self._mapped:
            try:  # recorded before the page is written: a kill between never loses it
                self._ids_out.write(orjson.dumps({"id": item.id, "file": name}) + b"\n")
                self._ids_out.flush()
            except OSError as exc:
                raise _fail(self.ids_partial, exc) from exc
            self._mapped.add(item.id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(path.parent, exc) from exc
        _replace_atomically(path, iter([item.data]))

    def close(self) -> None:
        self._ids_out.close()
        try:
            if self._mapped:
                os.replace(self.ids_partial, self.ids)
            else:
                self.ids_partial.unlink(missing_ok=True)
                self.ids.unlink(missing_ok=True)
        except OSError as exc:
            raise _fail(self.ids, exc) from exc

    def abort(self) -> None:
        self._ids_out.close()


# --- one run per output at a time ---


class OutputLock:
    """An exclusive lock on an output (a file's ``<name>.lock``, a folder's
    ``.pagenorm.lock``), so two runs never interleave their pages in one place. The kernel
    drops it when the holder dies, even by SIGKILL, so a resumed run is never locked out.
    A lock whose recorded holder is dead but which something still holds (a process that
    inherited it and outlived the run) is stale: it is taken over, on a fresh lock file."""

    def __init__(self, output: str | None, folder: str | None) -> None:
        self.path: Path | None = None
        self.output = folder or output  # what errors name: the user's path, not the lock's
        if folder is not None:
            self.path = Path(folder) / LOCK_NAME
        elif output is not None:
            self.path = Path(output).with_name(Path(output).name + ".lock")
        self.handle: IO[str] | None = None

    def __enter__(self) -> OutputLock:
        if self.path is None:
            return self  # standard output: nothing to share
        try:
            if self.path.name == LOCK_NAME:  # a folder output is made here; a file's is not
                self.path.parent.mkdir(parents=True, exist_ok=True)
            while True:
                handle = self.path.open("a+")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    self._held_elsewhere(handle)  # refuses, unless the lock is stale
                    continue
                if _same_file(handle, self.path):  # not a lock file its holder removed
                    break
                handle.close()
            handle.truncate(0)
            handle.write(str(os.getpid()))
            handle.flush()
        except OSError as exc:
            raise _fail(self.output or self.path, exc) from exc
        self.handle = handle
        _held.append(handle)
        return self

    def _held_elsewhere(self, handle: IO[str]) -> None:
        """Another process holds the lock: refuse while the run that wrote its pid lives;
        when that run is dead, take the lock over by removing its file (a new one is made
        and locked on the next try)."""
        assert self.path is not None
        handle.seek(0)
        holder = handle.read().strip() or "?"
        replaced = not _same_file(handle, self.path)  # taken over meanwhile: try again
        stale = not replaced and holder.isdigit() and not _alive(int(holder))
        if stale:
            self.path.unlink(missing_ok=True)
        handle.close()
        if not (stale or replaced):
            raise PagenormError(
                f"{self.output}: another pagenorm run (pid {holder}) is writing this "
                "output; wait for it to end or choose another output")

    def __exit__(self, *exc_info: object) -> None:
        if self.handle is None or self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still held: a waiting run sees a fresh file
        with contextlib.suppress(ValueError):
            _held.remove(self.handle)
        self.handle.close()


_held: list[IO[str]] = []  # the output locks this process holds


def release_inherited_locks() -> None:
    """In a worker forked from the driver: close its copies of the driver's lock files, so
    that only the driver holds the output's lock and it ends when the driver does."""
    while _held:
        with contextlib.suppress(OSError):
            _held.pop().close()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (dead, not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False
