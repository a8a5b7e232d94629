"""Object stores as inputs and outputs: fsspec URLs (``s3://``, ``gs://``, ``hf://``,
``memory://``), read and written through the same readers and sinks as local files.

Why fsspec: one maintained interface over every store, whose backends (s3fs, gcsfs,
huggingface_hub) are optional extras; ``memory://`` needs none. A ``file://`` URL is no
store: it is turned into the local path it names (``local_path``), so it takes the local
code path, guards and lock included.

What this module promises, whatever the store:

- a URL input is one object, a prefix (every object below it, like a folder) or a glob,
  listed in the order a local walk gives;
- an object is written whole or not at all (``put``: inside an fsspec transaction, so an
  error or Ctrl-C discards it; S3 makes an object visible only when its upload completes);
- a store's failure (no such bucket, access denied, no connection, a missing backend) is a
  ``StoreError`` holding one line that names the URL, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen

from pagenorm.batch.outputs import (
    FileNames,
    OutputLock,
    ShardSink,
    StreamSink,
    Written,
    _alive,
    ids_in_lines,
    shard_body,
    without_page_suffix,
)
from pagenorm.errors import PagenormError
from pagenorm.model import Format

__all__ = ["StoreDirectorySink", "StoreError", "StoreObject", "StoreShardSink",
           "StoreStreamSink", "is_url", "join", "listing", "local_path", "put", "store"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_GLOB_MAGIC = re.compile(r"[*?[]")
# the extra that installs each protocol's backend (pip install 'pagenorm[EXTRA]')
EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "hf": "hf"}

NOT_FOUND = "input.not_found"
UNREADABLE = "input.unreadable"
UNREACHABLE = "input.unreachable"


class StoreError(PagenormError):
    """A store could not do what was asked: ``code`` is an error record's code, the
    message one line that names the URL."""

    def __init__(self, message: str, code: str = UNREADABLE) -> None:
        super().__init__(message)
        self.code = code


def _scheme(spec: str) -> str | None:
    match = _SCHEME.match(spec)
    return match.group(1).lower() if match else None


def is_url(spec: str | None) -> bool:
    """Whether ``spec`` names an object store (any ``scheme://`` but ``file://``)."""
    return spec is not None and _scheme(spec) not in (None, "file")


def local_path(spec: str) -> str:
    """``spec`` with a ``file://`` URL turned into the local path it names (``file:///a``
    is ``/a``; ``file://a`` the relative ``a``); anything else unchanged."""
    if _scheme(spec) != "file":
        return spec
    rest = spec[len("file://"):]
    if rest.startswith("localhost/"):
        rest = rest[len("localhost"):]
    return urllib.request.url2pathname(urllib.parse.unquote(rest)) if rest else "."


def join(url: str, name: str) -> str:
    """``name`` inside the prefix ``url`` (one ``/`` between them)."""
    return url.rstrip("/") + "/" + name


_instances: dict[tuple[str, int], Any] = {}


def store(url: str) -> tuple[Any, str]:
    """The fsspec file system for ``url`` and the path inside it. One instance per protocol
    and environment (a client costs a connection set-up): fsspec's own instance cache would
    keep credentials and endpoints (``AWS_ENDPOINT_URL``) from before they changed. Its
    listings cache is emptied on every call, so a run sees what the last one wrote."""
    import fsspec

    environment = hash(frozenset(os.environ.items()))
    key = (_scheme(url) or "", environment)
    try:
        fs = _instances.get(key)
        if fs is None:
            fs, path = fsspec.core.url_to_fs(url, skip_instance_cache=True)
            for old in [k for k in _instances if k[1] != environment]:
                del _instances[old]  # only the current environment's: no growth
            _instances[key] = fs
        else:
            path = fs._strip_protocol(url)
        fs.invalidate_cache()
        return fs, path
    except ImportError as exc:
        raise StoreError(f"{url}: {_missing_backend(url, exc)}") from exc
    except ValueError as exc:  # "Protocol not known"
        raise StoreError(f"{url}: {_one_line(exc)}") from exc
    except Exception as exc:  # a backend that fails to start (bad options, credentials)
        raise failure(url, exc) from exc


def _missing_backend(url: str, exc: Exception) -> str:
    extra = EXTRAS.get(_scheme(url) or "")
    if extra:
        return f"this store needs the {extra!r} extra: pip install 'pagenorm[{extra}]'"
    return f"no backend for this store is installed ({_one_line(exc)})"


def failure(url: str, exc: BaseException) -> StoreError:
    """What a store's exception means to a user, as one line naming ``url``: not found (no
    such object or bucket), access denied, or not reachable (anything else a store raises:
    a refused connection, a timeout, bad credentials it could not even send)."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, FileNotFoundError):
        return StoreError(f"{url}: not found ({_one_line(exc)})", NOT_FOUND)
    if isinstance(exc, PermissionError):
        return StoreError(f"{url}: access denied ({_one_line(exc)})", UNREADABLE)
    if isinstance(exc, ImportError):
        return StoreError(f"{url}: {_missing_backend(url, exc)}", UNREADABLE)
    return StoreError(f"{url}: not reachable: {type(exc).__name__}: {_one_line(exc)}",
                      UNREACHABLE)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@frozen
class StoreObject:
    """One object a URL input names: its URL, its id (relative to the prefix or the glob's
    fixed part, as local ids are) and whether it was named itself (read in the forced
    ``--input-format``) or found below a prefix (recognised by its name)."""

    url: str
    id: str
    named: bool


def listing(url: str) -> tuple[Any, list[StoreObject]]:
    """The file system and the objects ``url`` names, sorted as a local walk would be. An
    empty list means it names nothing; a store that cannot answer raises ``StoreError``."""
    fs, path = store(url)
    try:
        if _GLOB_MAGIC.search(path):
            return fs, _globbed(fs, url, path)
        info = fs.info(path)
        if info.get("type") == "directory":
            return fs, _below(fs, url, path)
        return fs, [StoreObject(url, path.rstrip("/").rsplit("/", 1)[-1], True)]
    except FileNotFoundError:
        if path.endswith("/"):  # a prefix some stores list even without a marker
            with _suppress_not_found():
                return fs, _below(fs, url, path)
        raise StoreError(f"{url}: no such object, prefix or bucket", NOT_FOUND) from None
    except StoreError:
        raise
    except Exception as exc:
        raise failure(url, exc) from exc


class _suppress_not_found:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, *rest: object) -> bool:
        return kind is not None and issubclass(kind, FileNotFoundError)


def _order(path: str) -> list[str]:
    """Sort key: by path parts, so ``a/b`` comes before ``a.txt`` as in a local walk."""
    return path.split("/")


def _below(fs: Any, url: str, path: str, named: bool = False) -> list[StoreObject]:
    """Every object below the prefix ``path`` (``url`` as the user wrote it), its id and
    URL relative to it."""
    root = fs._strip_protocol(path).rstrip("/")
    found = fs.find(root)
    if not found:
        raise FileNotFoundError(root)
    relative = (name[len(root) + 1:] for name in found if name.startswith(root + "/"))
    return [StoreObject(join(url, name), name, named) for name in sorted(relative, key=_order)]


def _globbed(fs: Any, url: str, pattern: str) -> list[StoreObject]:
    """What a glob matches, with ids relative to its fixed leading part, as locally; a
    matched prefix gives every object below it."""
    pattern = fs._strip_protocol(pattern)
    parts = pattern.split("/")
    fixed = next(i for i, part in enumerate(parts) if _GLOB_MAGIC.search(part))
    root = "/".join(parts[:fixed])
    url_parts = url.split("/")
    url_root = "/".join(url_parts[: len(url_parts) - (len(parts) - fixed)])
    matches = fs.glob(pattern, detail=True)
    objects: list[StoreObject] = []
    for name in sorted(matches, key=_order):
        relative = name[len(root) + 1:] if root else name
        if matches[name].get("type") == "directory":
            objects.extend(StoreObject(below.url, f"{relative}/{below.id}", False)
                           for below in _below(fs, join(url_root, relative), name))
        else:
            objects.append(StoreObject(join(url_root, relative), relative, True))
    return objects


def put(url: str, chunks: Iterable[bytes], fs: Any = None) -> None:
    """Write the object ``url`` whole, or not at all: inside an fsspec transaction, so an
    error, Ctrl-C or a kill before the end discards it (on S3 a multipart upload that never
    completes is no object; ``memory://`` holds it back until the commit)."""
    if fs is None:
        fs, path = store(url)
    else:
        path = fs._strip_protocol(url)
    try:
        with fs.transaction, fs.open(path, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
    except StoreError:
        raise
    except Exception as exc:
        raise _write_failure(url, exc) from exc


def _write_failure(url: str, exc: BaseException) -> StoreError:
    seen = failure(url, exc)
    return StoreError(str(seen).replace(f"{url}: ", f"{url}: cannot write: ", 1), seen.code)


def read(url: str, fs: Any) -> bytes:
    """The whole object ``url`` (a shard or a ``.partial`` stream read back for --resume)."""
    try:
        return fs.cat_file(fs._strip_protocol(url))
    except Exception as exc:
        raise failure(url, exc) from exc


def exists(url: str, fs: Any) -> bool:
    try:
        return fs.exists(fs._strip_protocol(url))
    except Exception as exc:
        raise failure(url, exc) from exc


def remove(url: str, fs: Any) -> None:
    """Remove the object ``url`` if it is there (a ``.partial`` once the stream is whole)."""
    try:
        if fs.exists(path := fs._strip_protocol(url)):
            fs.rm_file(path)
    except Exception as exc:
        raise _write_failure(url, exc) from exc


PROBE_SUFFIX = ".pagenorm-probe"


def check_writable(url: str, fs: Any) -> None:
    """Write and remove an empty probe object beside ``url``, so that a bucket that does
    not exist, access denied or no connection stops the run before any page is converted,
    not when its output is uploaded at the end."""
    probe = url.rstrip("/") + PROBE_SUFFIX
    put(probe, [b""], fs)
    remove(probe, fs)


def blocks(stream: Any, size: int = 1 << 20) -> Iterator[bytes]:
    """A local file's bytes in blocks, to upload without holding it whole."""
    while block := stream.read(size):
        yield block


# --- sinks ---


class StoreStreamSink(StreamSink):
    """One stream written to an object, visible only complete. The stream is spooled by the
    local ``StreamSink`` (compression included) in a folder of ``TMPDIR`` named after the
    URL (a store cannot append), and uploaded whole when the run ends. A run that stops
    (Ctrl-C, ``--fail-fast``, an error) uploads its complete lines as ``URL.partial``;
    ``--resume`` goes on from the spool a killed run left on this machine, else from
    ``URL.partial``, and removes both once the stream is whole. The spool folder is locked
    as a local output is, so two runs on one machine never share it."""

    def __init__(self, url: str, fmt: Format, *, framed: bool = True,
                 resume: bool = False) -> None:
        self.url, self.partial_url = url, url + ".partial"
        self.fs = store(url)[0]
        check_writable(url, self.fs)
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        self.spool = Path(tempfile.gettempdir()) / f"pagenorm-spool.{digest}"
        self.lock = OutputLock(None, str(self.spool))
        self.lock.output = url  # a refusal names the output, not the spool
        self.lock.__enter__()
        local = self.spool / (url.rstrip("/").rsplit("/", 1)[-1] or "stream")
        spooled = local.with_name(local.name + ".partial")
        try:
            if resume and not spooled.exists() and exists(self.partial_url, self.fs):
                self._fetch(self.partial_url, spooled)
            super().__init__(str(local), fmt, framed=framed, resume=resume)
        except BaseException:
            self.lock.__exit__(None, None, None)
            if not spooled.exists():  # a killed run's spool stays for a --resume that works
                shutil.rmtree(self.spool, ignore_errors=True)
            raise

    def _fetch(self, url: str, to: Path) -> None:
        try:
            self.fs.get_file(self.fs._strip_protocol(url), str(to))
        except Exception as exc:
            raise failure(url, exc) from exc

    def close(self) -> None:
        try:
            super().close()
            assert self.target is not None
            with self.target.open("rb") as whole:
                put(self.url, blocks(whole), self.fs)
            remove(self.partial_url, self.fs)
        finally:
            self._drop_spool()

    def abort(self) -> None:
        super().abort()
        try:
            with self.partial.open("rb") as kept:
                put(self.partial_url, blocks(kept), self.fs)
        except BaseException:  # the spool stays: --resume on this machine goes on from it
            self.lock.__exit__(None, None, None)
            raise
        self._drop_spool()

    def _drop_spool(self) -> None:
        self.lock.__exit__(None, None, None)
        shutil.rmtree(self.spool, ignore_errors=True)


class StoreShardSink(ShardSink):
    """``URL/part-00000.<ext>`` objects, each uploaded whole when full: a shard is there
    complete or not at all, so ``--resume`` keeps the shards it finds, killed or not."""

    def __init__(self, url: str, fmt: Format, shard_size: int, *, resume: bool = False,
                 compression: str = "") -> None:
        self.url, self.fmt, self.size = url.rstrip("/"), fmt, shard_size
        self.fs = store(url)[0]
        check_writable(join(self.url, "part"), self.fs)
        self.suffix = fmt.extension + compression
        self.buffer: list[Written] = []
        self._done: set[str] = set()
        self.number = self._resume_objects() if resume else 0

    def _object(self, number: int) -> str:
        return join(self.url, f"part-{number:05d}{self.suffix}")

    def _resume_objects(self) -> int:
        number = 0
        while exists(self._object(number), self.fs):
            self._done.update(self._ids_of(self._object(number)))
            number += 1
        return number

    def _ids_of(self, url: str) -> list[str]:
        data = read(url, self.fs)
        if self.fmt.name == "parquet":
            from pagenorm.batch.parquet import ids_in_shard_bytes

            return ids_in_shard_bytes(data, url)
        return ids_in_lines(data, "." + url.rsplit(".", 1)[-1])

    def _flush(self) -> None:
        if not self.buffer:
            return
        url = self._object(self.number)
        if self.fmt.name == "parquet":
            from pagenorm.batch.parquet import shard_bytes

            body = shard_bytes([w.data for w in self.buffer])
        else:
            body = shard_body(self.buffer, "." + url.rsplit(".", 1)[-1])
        put(url, [body], self.fs)
        self.buffer.clear()
        self.number += 1


class StoreDirectorySink:
    """One object per page under ``URL/``, named as in a local folder (``FileNames``: in
    input order, so a resumed run gives each id the same name), each uploaded whole.
    ``--resume`` lists the prefix once and skips the pages whose object is there, killed or
    not. ``URL/ids.jsonl`` maps each id whose object is not its mirror name, uploaded when
    the run ends or stops; a resumed run rebuilds it from the names, which do not change."""

    def __init__(self, url: str, fmt: Format, *, resume: bool = False) -> None:
        self.url, self.fmt, self.resume = url.rstrip("/"), fmt, resume
        self.fs = store(url)[0]
        check_writable(join(self.url, "page"), self.fs)
        self.names = FileNames(fmt.extension)
        self.mapped: dict[str, str] = {}  # id -> its object's name, when not the mirror
        self.there = self._written() if resume else set()

    def _written(self) -> set[str]:
        """The names of the objects already below the prefix (one listing, not a request
        per page)."""
        root = self.fs._strip_protocol(self.url).rstrip("/")
        try:
            found = self.fs.find(root)
        except FileNotFoundError:
            return set()
        except Exception as exc:
            raise failure(self.url, exc) from exc
        return {name[len(root) + 1:] for name in found if name.startswith(root + "/")}

    def _name(self, page_id: str) -> str:
        name = self.names.name_of(page_id)
        if name != without_page_suffix(page_id) + self.fmt.extension:
            self.mapped[page_id] = name
        return name

    def is_done(self, page_id: str) -> bool:
        name = self.names.name_of(page_id)  # every id is named here, in input order
        if self.resume and name in self.there:
            self._name(page_id)
            return True
        return False

    def write(self, item: Written) -> None:
        put(join(self.url, self._name(item.id)), [item.data], self.fs)

    def close(self) -> None:
        ids = join(self.url, "ids.jsonl")
        if self.mapped:
            put(ids, [orjson.dumps({"id": i, "file": f}) + b"\n"
                      for i, f in self.mapped.items()], self.fs)
        else:
            remove(ids, self.fs)

    def abort(self) -> None:
        if self.mapped:  # what a reader needs to find the renamed pages written so far
            self.close()


ERRORS_SPOOL = "pagenorm-errors."


def _sweep_errors_spools() -> None:
    """Remove the errors spools of runs that were killed (their pid is in the name)."""
    for leftover in Path(tempfile.gettempdir()).glob(f"{ERRORS_SPOOL}*.*"):
        pid = leftover.name[len(ERRORS_SPOOL):].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()


class StoreErrorLog:
    """The errors file as an object: spooled locally, uploaded whole when the run ends
    (as the local one is renamed into place then); no errors removes an old one."""

    def __init__(self, url: str) -> None:
        self.url, self.fs = url, store(url)[0]
        check_writable(url, self.fs)
        _sweep_errors_spools()
        handle, self.temp = tempfile.mkstemp(prefix=f"{ERRORS_SPOOL}{os.getpid()}.")
        self.out = os.fdopen(handle, "wb")

    def write(self, data: bytes) -> None:
        self.out.write(data)

    def close(self, count: int) -> None:
        self.out.close()
        try:
            if count:
                with open(self.temp, "rb") as kept:
                    put(self.url, blocks(kept), self.fs)
            else:
                remove(self.url, self.fs)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
