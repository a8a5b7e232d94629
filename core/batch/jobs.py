"""A batch described as data: ``pagenorm run JOB.yaml`` and ``pagenorm convert`` both build
a ``Job`` and run it, so every flag of ``convert`` has its job-file key (same name, with
``_`` for ``-``).
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol

import attrs
from attrs import field, frozen

from pagenorm.batch import stores
from pagenorm.batch.inputs import (
    STDIN,
    InputOptions,
    Item,
    Record,
    distinct_ids,
    input_reading,
    iter_records,
)
from pagenorm.batch.outputs import (
    COMPRESSIONS,
    DirectorySink,
    OutputLock,
    ShardSink,
    Sink,
    StreamSink,
    sweep_temporaries,
    temporary,
)
from pagenorm.batch.pool import (
    ErrorRecord,
    Results,
    Settings,
    Summary,
    adopt,
    default_workers,
    effective_policy,
    ordered_results,
    run,
)
from pagenorm.config import (
    MAX_PAGE_BYTES,
    MAX_SECONDS,
    Checker,
    FieldError,
    RawConfig,
    profile_folders,
    read_yaml,
)
from pagenorm.errors import PagenormError
from pagenorm.manager import PluginHost
from pagenorm.serialise import to_json

if TYPE_CHECKING:
    from pagenorm.api import Normaliser


MAX_CHUNK_SIZE = 100_000  # pages a worker takes at a time: more only holds more in memory
WORKERS_PER_CORE = 4  # more processes than this per core only cost memory and start-up


def max_workers() -> int:
    """The most worker processes a run may start on this machine."""
    return WORKERS_PER_CORE * default_workers()


def _whole(name: str, value: object, low: int, high: int, what: str = "") -> None:
    """A whole number from ``low`` to ``high``, or the field's one-line complaint."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(name, f"must be a whole number from {low} to {high}{what}, "
                               f"got {value!r}")


def _workers(instance: object, attribute: attrs.Attribute, value: int) -> None:
    _whole(attribute.name, value, 0, max_workers(),
           f" (0: every core; at most {WORKERS_PER_CORE} per core here)")


def _chunk_size(instance: object, attribute: attrs.Attribute, value: int) -> None:
    _whole(attribute.name, value, 1, MAX_CHUNK_SIZE)


def _shard_size(instance: object, attribute: attrs.Attribute, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < 1):
        raise FieldError(attribute.name, f"must be a whole number above 0, got {value!r}")


def _page_bytes(instance: object, attribute: attrs.Attribute, value: int | None) -> None:
    if value is not None:
        _whole(attribute.name, value, 1, MAX_PAGE_BYTES)


def _page_seconds(instance: object, attribute: attrs.Attribute, value: float | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                              or not 0 <= value <= MAX_SECONDS):  # NaN fails too
        raise FieldError(attribute.name, f"must be a number of seconds from 0 to "
                                         f"{MAX_SECONDS} (0: no limit), got {value!r}")


@frozen
class Job:
    inputs: tuple[str, ...]
    output: str | None = None  # one stream (compressed by a .gz/.zst suffix); stdout if unset
    output_dir: str | None = None  # one file per page, or shards with shard_size
    shard_size: int | None = field(default=None, validator=_shard_size)
    format: str = "json"
    config: str | None = None
    site: str | None = None
    plugins: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()  # folders of the user's own profiles; () reads the env
    workers: int = field(default=0, validator=_workers)  # 0: every core
    chunk_size: int = field(default=64, validator=_chunk_size)
    errors: str | None = None  # errors file (JSON Lines); default beside the output
    resume: bool = False
    fail_fast: bool = False
    quiet: bool = False
    url: str | None = None  # the url of every page (plain files carry none)
    input_format: Literal["auto", "text", "jsonl", "warc", "html"] = "auto"
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None  # dask scheduler address; a local cluster when unset
    strict: bool = False  # a plugin error fails the page (an error record)
    # the config's input policy, overridden (None: the config's value)
    decoding: Literal["strict", "replace"] | None = None
    max_page_bytes: int | None = field(default=None, validator=_page_bytes)
    page_seconds: float | None = field(default=None, validator=_page_seconds)
    review: str | None = None  # HTML review pages of a sample of the pages, to this folder
    base: Path = field(default=Path("."), repr=False)  # job-file paths are relative to it


def job_from_flags(**flags: object) -> Job:
    """The job of ``pagenorm convert``'s flags; a flag out of its range is one line naming
    it (``--chunk-size: must be ...``), as a job file's key is named with its line."""
    try:
        return Job(**flags)  # type: ignore[arg-type]
    except FieldError as exc:
        raise PagenormError(f"--{exc.name.replace('_', '-')}: {exc}") from exc


def load_job(path: str) -> Job:
    """Read a job file: the same checks (file, key, line) as configs."""
    file = Path(path)
    data, marks = read_yaml(file)
    check = Checker(file, RawConfig(data, {k: (str(file), v) for k, v in marks.items()}))
    data = dict(data)
    for key in ("inputs", "profiles"):  # one path or a list of them
        if isinstance(data.get(key), str):
            data[key] = [data[key]]
    job = check.structure(data, Job, ())
    return _with_base(job, file.parent)


def _with_base(job: Job, base: Path) -> Job:
    """Relative paths in a job file are relative to the job file."""
    def rebase(value: str | None) -> str | None:
        if value is None or value == "-" or Path(value).is_absolute() or "://" in value:
            return value  # a URL is no path: it is not relative to anything
        return str(base / value)

    config = job.config
    if config is not None and (config.endswith((".yaml", ".yml")) or "/" in config):
        config = rebase(config)
    return attrs.evolve(job, inputs=tuple(rebase(i) or i for i in job.inputs),
                        profiles=tuple(rebase(p) or p for p in job.profiles),
                        output=rebase(job.output), output_dir=rebase(job.output_dir),
                        errors=rebase(job.errors), review=rebase(job.review), config=config,
                        base=base)


# --- running a job ---


def _format_of(job: Job, host: PluginHost):  # -> Format
    if job.format == "parquet":
        from pagenorm.batch.parquet import PARQUET

        return PARQUET
    fmt = host.formats().get(job.format)
    if fmt is None:
        known = ", ".join(sorted([*host.formats(), "parquet"]))
        raise PagenormError(f"unknown format {job.format!r} (known: {known})")
    return fmt


def _sink(job: Job, host: PluginHost) -> Sink:
    fmt = _format_of(job, host)
    if job.output and job.output_dir:
        raise PagenormError("give --output or --output-dir, not both")
    if job.format == "parquet" and not (job.output_dir and job.shard_size):
        raise PagenormError("--format parquet writes shards: give --output-dir and --shard-size")
    if job.output_dir and job.shard_size:
        if job.format not in ("jsonl", "parquet"):
            raise PagenormError("shards are JSON Lines or Parquet: use --format jsonl or parquet")
        if stores.is_url(job.output_dir):
            return stores.StoreShardSink(job.output_dir, fmt, job.shard_size, resume=job.resume)
        return ShardSink(job.output_dir, fmt, job.shard_size, resume=job.resume)
    if job.output_dir:
        if stores.is_url(job.output_dir):
            return stores.StoreDirectorySink(job.output_dir, fmt, resume=job.resume)
        return DirectorySink(job.output_dir, fmt, resume=job.resume)
    if stores.is_url(job.output):
        assert job.output is not None
        return stores.StoreStreamSink(job.output, fmt, framed=not _one_page(job),
                                      resume=job.resume)
    return StreamSink(job.output, fmt, framed=not _one_page(job), resume=job.resume)


def _one_page(job: Job) -> bool:
    """Whether the input is one page (one page or HTML file, or standard input read as text
    or HTML): it gives one document, not a stream of one (docs/cli.md)."""
    if len(job.inputs) != 1 or job.input_format not in ("auto", "text", "html"):
        return False
    spec = job.inputs[0]
    if stores.is_url(spec):
        return not _is_container(spec) and _one_object(spec)
    return spec == STDIN or (Path(spec).is_file() and not _is_container(spec))


def _one_object(url: str) -> bool:
    """Whether ``url`` names one object (a store that cannot say: not one; reading it then
    gives the error record)."""
    try:
        fs, path = stores.store(url)
        return fs.isfile(path)
    except Exception:
        return False


def _is_container(path: str) -> bool:
    """Files that hold many pages (JSON Lines, WARC) give a stream even on their own."""
    name = path.lower()
    for suffix in COMPRESSIONS:
        name = name.removesuffix(suffix)
    return name.endswith((".jsonl", ".ndjson", ".warc", ".wet"))


def _errors_path(job: Job) -> Path | str | None:
    """Where the errors file goes: a path, or a URL (a string) for an object store."""
    if job.errors:
        return job.errors if stores.is_url(job.errors) else Path(job.errors)
    if job.output_dir:
        if stores.is_url(job.output_dir):
            return stores.join(job.output_dir, "errors.jsonl")
        return Path(job.output_dir) / "errors.jsonl"
    if job.output:
        return job.output + ".errors.jsonl" if stores.is_url(job.output) else Path(
            job.output + ".errors.jsonl")
    return None  # standard output: errors go to standard error


def _refuse_overwriting_inputs(job: Job, options: InputOptions) -> None:
    """An output, or the errors file, that is one of the inputs would replace that input
    (``-o page.txt`` on ``page.txt``, ``-o in/a.jsonl`` on ``in/``): refused, before any file
    is touched. So is an output folder that is an input folder (for a URL: inside one)."""
    folder = job.output_dir
    if stores.is_url(folder) and (spec := _reading(job.inputs, folder, options)):
        raise PagenormError(f"{folder}: --output-dir is inside an input ({spec!r}); its pages "
                            "would be written among the inputs: choose another prefix")
    for flag, target in (("--output", job.output), ("--errors", _errors_path(job))):
        spec = None if target is None else _reading(job.inputs, str(target), options)
        if spec is not None:
            raise PagenormError(f"{target}: {flag} names an input (read through {spec!r}); "
                                "writing it would replace that input: choose another path")
    for spec in job.inputs if folder is not None and os.path.isdir(folder) else ():
        if spec != STDIN and os.path.isdir(spec) and os.path.samefile(spec, folder):
            raise PagenormError(f"{folder}: --output-dir is an input folder; its pages would "
                                "be written among the inputs: choose another folder")


def _reading(specs: tuple[str, ...], target: str, options: InputOptions) -> str | None:
    """The input that would read ``target``: for a URL, one naming it, a prefix above it or
    a glob matching it (by name: a store is not asked)."""
    if not stores.is_url(target):
        return input_reading(specs, target, options)
    for spec in specs:
        prefix = spec.rstrip("/") + "/"
        if spec == target or target.startswith(prefix) or (
                _GLOB.search(spec) and fnmatch.fnmatchcase(target, spec)):
            return spec
    return None


_GLOB = re.compile(r"[*?[]")
ERRORS_PER_FILE = 100  # error records of one code from one input file, before the rest are


class ErrorLog:
    """Error records as JSON Lines, put in place when the run ends (or to stderr).

    At most ``cap`` records of one code from one input file are written; one more record
    then says how many were left out (the summary counts them all), so a small corrupt
    input cannot write an errors file of gigabytes. A file's errors come together (inputs
    are read one by one, results come in input order), so only the current file's counts
    are kept."""

    def __init__(self, path: Path | str | None, cap: int = ERRORS_PER_FILE) -> None:
        self.store = stores.StoreErrorLog(path) if isinstance(path, str) else None
        path = None if isinstance(path, str) else path
        self.path, self.count, self.cap = path, 0, cap
        self.input: str | None = None  # the input file of the last error
        self.kept: dict[str, int] = {}  # code -> records written for that file
        self.left_out: dict[str, int] = {}  # code -> records left out for that file
        self.out: IO[bytes] | None = None
        if path is not None:
            try:
                sweep_temporaries(path.parent, path.name)
                handle, self.temp = temporary(path)
            except OSError as exc:
                raise PagenormError(f"{path}: cannot write: {exc.strerror or exc}") from exc
            self.out = os.fdopen(handle, "wb")

    def __call__(self, error: ErrorRecord) -> None:
        self.count += 1
        input = error.input or error.source
        if input != self.input:
            self._left_out()
            self.input = input
        if self.kept.get(error.code, 0) >= self.cap:
            self.left_out[error.code] = self.left_out.get(error.code, 0) + 1
            return
        self.kept[error.code] = self.kept.get(error.code, 0) + 1
        self._write(error.id, error.source, error.code, error.message)

    def _left_out(self) -> None:
        """The record that says how many of the last file's errors were left out."""
        for code, count in self.left_out.items():
            file = self.input or ""
            self._write(file, file, code, f"{count:,} more {code} errors from this input "
                        f"left out after the first {self.cap} (the summary counts them all)",
                        left_out=count)
        self.kept, self.left_out = {}, {}

    def _write(self, id: str, source: str, code: str, message: str, **more: int) -> None:
        if self.store is not None:
            self.store.write(to_json({"id": id, "source": source, "code": code,
                                      "message": message, **more}))
            return
        if self.out is None:
            where = "" if message.startswith(source) else f"{source}: "
            print(f"pagenorm: error: {where}{message} ({code})", file=sys.stderr)
            return
        self.out.write(to_json({"id": id, "source": source, "code": code, "message": message,
                                **more}))

    def close(self) -> None:
        self._left_out()
        if self.store is not None:
            self.store.close(self.count)
            return
        if self.out is None or self.path is None:
            return
        self.out.close()
        if self.count:
            os.replace(self.temp, self.path)
        else:
            os.unlink(self.temp)
            self.path.unlink(missing_ok=True)  # no stale errors from an earlier run


def _progress(job: Job) -> tuple[Callable[[int], None], Callable[[], None]]:
    """A tqdm bar on a terminal (pages, pages/s); nothing otherwise or with --quiet."""
    if job.quiet or not sys.stderr.isatty():
        return (lambda n: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(unit=" pages", file=sys.stderr, smoothing=0.1, dynamic_ncols=True)
    return bar.update, bar.close


class Watcher(Protocol):
    """Something that watches a batch go by without owning it (``convert --review``'s
    sample): it may wrap the records going in and the results coming out, and is told when
    the batch is done. The batch knows nothing more of it."""

    def items(self, items: Iterator[Item]) -> Iterator[Item]: ...
    def results(self, results: Results) -> Results: ...
    def done(self, normaliser: Normaliser, settings: Settings, summary: Summary) -> None: ...


def run_job(job: Job, watcher: Watcher | None = None) -> Summary:
    """Run a batch: inputs to the sink, errors to the error log, a summary back."""
    job = _localised(job)
    config = job.config or job.site
    # resolved here, once: workers (a dask cluster's too) get the folders, not the env
    profiles = tuple(str(p) for p in profile_folders(job.profiles or None))
    settings = Settings(config=config, plugins=job.plugins, profiles=profiles,
                        format=job.format
                        if job.format != "parquet" else "jsonl", strict=job.strict,
                        decoding=job.decoding, max_page_bytes=job.max_page_bytes,
                        page_seconds=job.page_seconds)
    host = PluginHost(job.plugins)
    from pagenorm.api import Normaliser

    # a bad config fails here, once, before any worker starts
    normaliser = Normaliser(config, plugins=job.plugins, host=host, profiles=profiles)
    policy = effective_policy(normaliser.input_policy, settings)
    if job.engine == "local":
        adopt(normaliser, settings)  # the local workers start with it, never build one
    options = InputOptions(text_field=job.text_field, id_field=job.id_field,
                           url_field=job.url_field, format=job.input_format,
                           max_page_bytes=policy.max_page_bytes)
    _refuse_overwriting_inputs(job, options)
    # an object store has no lock: one writer per output URL is the user's to keep
    lock = (OutputLock(None, None) if stores.is_url(job.output) or stores.is_url(job.output_dir)
            else OutputLock(job.output, job.output_dir))
    with lock:  # before the sink touches any file
        if job.resume and _finished(job):
            return Summary(note=f"{job.output}: finished already (no {job.output}.partial): "
                                "--resume wrote nothing; run without it to convert again")
        sink = _sink(job, host)
        errors = ErrorLog(_errors_path(job))
        # ids made distinct first: every sink, engine and watcher sees the same ones
        items = distinct_ids(iter_records(job.inputs, options))
        if job.url:
            items = (_with_url(item, job.url) for item in items)
        update, finish = _progress(job)
        results = None
        if job.engine == "dask":
            from pagenorm.batch.engines.dask import dask_results

            results = dask_results(job.scheduler)
        if watcher is not None:
            items = watcher.items(items)
            results = watcher.results(results or ordered_results)
        try:
            summary = run(items, sink, settings, workers=job.workers or default_workers(),
                          chunk_size=job.chunk_size, fail_fast=job.fail_fast,
                          on_error=errors, on_progress=update,
                          **({"results": results} if results else {}))
        finally:
            finish()
            errors.close()
    if watcher is not None and not summary.interrupted:
        watcher.done(normaliser, settings, summary)
    if job.resume and summary.pages and summary.skipped == summary.pages:
        summary = attrs.evolve(summary, note=f"{job.output_dir or job.output}: every page was "
                                             "written before: --resume wrote nothing new")
    return summary


def _finished(job: Job) -> bool:
    """Whether the stream ``--resume`` would go on with is complete: its file is in place
    and no ``.partial`` is left to go on from (a folder knows its pages one by one)."""
    if job.output is None or job.output_dir is not None:
        return False
    if stores.is_url(job.output):
        fs = stores.store(job.output)[0]
        return (stores.exists(job.output, fs)
                and not stores.exists(job.output + ".partial", fs))
    target = Path(job.output)
    return target.is_file() and not target.with_name(target.name + ".partial").exists()


def _localised(job: Job) -> Job:
    """``file://`` URLs as the local paths they name: they take the local code path."""
    def local(value: str | None) -> str | None:
        return None if value is None else stores.local_path(value)

    return attrs.evolve(job, inputs=tuple(stores.local_path(i) for i in job.inputs),
                        output=local(job.output), output_dir=local(job.output_dir),
                        errors=local(job.errors))


def _with_url(item, url: str):  # Record | InputFailure
    if isinstance(item, Record) and item.source.url is None:
        return attrs.evolve(item, source=attrs.evolve(item.source, url=url))
    return item
