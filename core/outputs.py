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

import gzip
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


def _replace_atomically(path: Path, data_chunks: Iterator[bytes]) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename it."""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            for chunk in data_chunks:
                out.write(chunk)
        os.replace(temp, path)
    except OSError as exc:
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
            if resume:
                self._reopen()
            else:
                self.out = self._open("wb")
        if self.count == 0 and self.framed:
            self.out.write(fmt.header)

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
        if self.count and self.framed:
            self.out.write(self.fmt.separator)
        self.out.write(item.data)
        self.count += 1
        self.out.flush()

    def close(self) -> None:
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
    Parquet through :mod:`pagenorm.parquet`)."""

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
            from pagenorm.parquet import ids_in_shard

            return ids_in_shard(path)
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        elif path.suffix == ".zst":
            import zstandard

            data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
        return [i for line in data.splitlines() if (i := _id_of(line)) is not None]

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
            from pagenorm.parquet import write_shard

            write_shard(path, [w.data for w in self.buffer])
        else:
            body = b"".join(w.data for w in self.buffer)
            if path.suffix == ".gz":
                body = gzip.compress(body, mtime=0)
            elif path.suffix == ".zst":
                import zstandard

                body = zstandard.ZstdCompressor().compress(body)
            _replace_atomically(path, iter([body]))
        self.buffer.clear()
        self.number += 1

    def close(self) -> None:
        self._flush()

    def abort(self) -> None:
        self.buffer.clear()  # a partial shard is written again by the resumed run


_UNSAFE = re.compile(r"[^\w.\-/]+")


def page_file_name(page_id: str, extension: str) -> str:
    """A relative file name for a page id: path-like ids keep their folders, with the page
    suffix swapped for the format's; anything unsafe becomes ``_``."""
    name = _UNSAFE.sub("_", page_id).strip("/")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")] or ["page"]
    stem = parts[-1]
    for suffix in (".txt", ".text"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    parts[-1] = (stem or "page") + extension
    return "/".join(parts)


class DirectorySink:
    """One file per page under ``DIR``, mirroring the input names."""

    def __init__(self, folder: str, fmt: Format, *, resume: bool = False) -> None:
        self.folder, self.fmt, self.resume = Path(folder), fmt, resume
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(self.folder, exc) from exc

    def path_of(self, page_id: str) -> Path:
        return self.folder / page_file_name(page_id, self.fmt.extension)

    def is_done(self, page_id: str) -> bool:
        return self.resume and self.path_of(page_id).exists()

    def write(self, item: Written) -> None:
        path = self.path_of(item.id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(path.parent, exc) from exc
        _replace_atomically(path, iter([item.data]))

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass
