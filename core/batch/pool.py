"""Batch conversion: records in, documents out, in input order, over a pool of processes.

Records are grouped in chunks; at most ``2 x workers`` chunks are in flight, so memory stays
flat however long the input is, and results are written in input order, so two runs give
byte-identical output. A page that fails becomes an error record and the batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Literal

import attrs
from attrs import field, frozen

from pagenorm.api import Normaliser
from pagenorm.batch.inputs import InputFailure, Record, Skipped, record_page
from pagenorm.batch.outputs import Sink, Written
from pagenorm.batch.workers import watched_map
from pagenorm.config import FieldError, InputPolicy
from pagenorm.errors import InputError, PagenormError, PluginError
from pagenorm.interrupts import DriverStop, counting_sigint, plugins_own, sigints
from pagenorm.model import Document
from pagenorm.pipeline import PLUGIN_ERROR, failed_plugin


@frozen
class Settings:
    """What every worker needs to build its normaliser and write a page."""

    config: str | None = None  # a config file or a profile name; None picks per page
    plugins: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()  # folders of the user's own profiles (resolved: no env)
    format: str = "jsonl"
    strict: bool = False  # a plugin error fails the page instead of leaving a diagnostic
    # overrides of the config's input policy (None: the config's value)
    decoding: Literal["strict", "replace"] | None = None
    max_page_bytes: int | None = None
    page_seconds: float | None = None


@frozen
class ErrorRecord:
    id: str
    source: str
    code: str
    message: str
    input: str | None = None  # the input file it came from: error records are capped per file


@frozen
class Outcome:
    """What a worker returns for one record."""

    id: str
    source_path: str | None
    data: bytes | None = None
    error: ErrorRecord | None = None
    kinds: tuple[str, ...] = ()  # the document's section kinds
    codes: tuple[str, ...] = ()  # its diagnostic codes
    failed: tuple[str, ...] = ()  # the plugins that failed on it (plugin.error)


DONE_BEFORE = "done before"
NAMED_SKIPS = 10  # files named in the summary per reason of skipping
# a plugin that fails on more than half the pages written, and on at least this many, fails
# the run: its config (or code) is wrong for these pages, which no diagnostic should hide
FAILING_MIN_PAGES = 10


@frozen
class Summary:
    """What a run did. Its counts add up: ``pages == written + errors + skipped``."""

    pages: int = 0
    written: int = 0
    skipped: int = 0  # already written by the run being resumed, or files not read
    errors: int = 0
    sections: dict[str, int] = field(factory=dict)
    diagnostics: dict[str, int] = field(factory=dict)
    error_codes: dict[str, int] = field(factory=dict)
    seconds: float = 0.0
    interrupted: bool = False  # stopped before the end: Ctrl-C, or --fail-fast
    by_user: bool = False  # by Ctrl-C
    skipped_by: dict[str, int] = field(factory=dict)  # reason -> how many
    # reason -> the first NAMED_SKIPS files skipped for it (not for "done before": pages)
    skipped_files: dict[str, tuple[str, ...]] = field(factory=dict)
    note: str = ""  # what the user should know of a run that did nothing (a finished output)
    plugin_failures: dict[str, int] = field(factory=dict)  # plugin -> pages it failed on

    def failing_plugins(self) -> list[str]:
        """One line for each plugin that failed on most pages written (and on at least
        ``FAILING_MIN_PAGES``): such a run's exit status is not 0."""
        return [f"plugin {name!r} failed on {count} of {self.written} pages written "
                f"(plugin.error diagnostics): check its options with pagenorm check-config"
                for name, count in sorted(self.plugin_failures.items())
                if count >= FAILING_MIN_PAGES and count * 2 > self.written]

    @property
    def files_skipped(self) -> int:
        """Files skipped unread (a FIFO in a folder): not the pages a resumed run skips."""
        return sum(n for reason, n in self.skipped_by.items() if reason != DONE_BEFORE)

    @property
    def pages_per_second(self) -> float:
        return (self.written + self.errors) / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        rate = f"{self.pages_per_second:,.0f} pages/s"
        head = (f"{self.pages} pages: {self.written} written, {self.errors} errors, "
                f"{self.skipped} skipped ({self._why_skipped()}) in {self.seconds:.1f} s, "
                f"{rate}")
        out = [("interrupted: " if self.interrupted else "") + head]
        for title, counts in (("sections", self.sections), ("diagnostics", self.diagnostics),
                              ("errors", self.error_codes),
                              ("plugins failed on pages", self.plugin_failures)):
            if counts:
                body = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                out.append(f"  {title}: {body}")
        for reason, files in sorted(self.skipped_files.items()):
            more = self.skipped_by.get(reason, 0) - len(files)
            tail = f" and {more} more" if more > 0 else ""
            out.append(f"  skipped, {reason}: {', '.join(files)}{tail}")
        return out

    def _why_skipped(self) -> str:
        """``done before`` alone, as ever; with files skipped, each reason and its count."""
        if not self.files_skipped:
            return DONE_BEFORE
        return ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped_by.items()))


# --- the worker side: one normaliser per process ---

_normaliser: Normaliser | None = None
_settings: Settings | None = None
_policy: InputPolicy = InputPolicy()


def _start_worker(settings: Settings, in_pool: bool = False) -> None:
    global _normaliser, _settings, _policy
    if in_pool:  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _normaliser is None or _settings != settings:  # a forked worker has the parent's
        _normaliser = Normaliser(settings.config, plugins=settings.plugins,
                                 profiles=settings.profiles)
    _settings = settings
    _policy = effective_policy(_normaliser.input_policy, settings)


def effective_policy(policy: InputPolicy, settings: Settings) -> InputPolicy:
    """The config's input policy with the batch's flags laid over it, checked by the same
    rules as the config's."""
    overrides = {name: getattr(settings, name) for name in
                 ("decoding", "max_page_bytes", "page_seconds")
                 if getattr(settings, name) is not None}
    try:
        return attrs.evolve(policy, **overrides) if overrides else policy
    except FieldError as exc:
        flag = "--" + exc.name.replace("_", "-")
        raise PagenormError(f"{flag}: {exc}") from exc


def adopt(normaliser: Normaliser, settings: Settings) -> None:
    """Use ``normaliser`` (built for ``settings``) as this process's worker normaliser: the
    batch's driver has built one already to check the config, and workers forked from it
    inherit it instead of building their own."""
    global _normaliser, _settings, _policy
    _normaliser, _settings = normaliser, settings
    _policy = effective_policy(normaliser.input_policy, settings)


def ensure_worker(settings: Settings) -> None:
    """Start this process's normaliser unless it runs with these settings already (for
    engines whose workers live longer than one batch, such as dask's)."""
    _start_worker(settings)


def convert_one(item: Record | InputFailure) -> Outcome:
    """Normalise and emit one record; any failure becomes an error record."""
    if isinstance(item, InputFailure):
        return Outcome(item.id, None, error=ErrorRecord(item.id, item.source, item.code,
                                                        item.message, item.file or item.source))
    assert _normaliser is not None and _settings is not None, "worker not started"
    where = item.source.path or item.source.url or item.id
    before = sigints()
    try:
        with time_limit(_policy.page_seconds, where):
            page = record_page(item, _policy)
            document = _normaliser.normalise_page(page)
            if _settings.strict:
                _fail_on_plugin_errors(document, where)
            data = _normaliser.emit(document, _settings.format)
    except PageTimeout as exc:  # (without a message when it came as the block ended)
        return _failed(item, where, "page.timeout", str(exc) or f"{where}: took longer than "
                       f"{_policy.page_seconds:g} s (input.page_seconds, or --page-seconds)")
    except BaseException as exc:  # a bug must cost one page, not the batch
        if not plugins_own(exc, before):
            raise  # the driver's Ctrl-C
        return _failed(item, where, *_code_and_message(exc))
    failed = dict.fromkeys(name for d in document.diagnostics if (name := failed_plugin(d)))
    return Outcome(item.id, item.source.path, data,
                   kinds=tuple(s.kind for s in document.sections),
                   codes=tuple(d.code for d in document.diagnostics), failed=tuple(failed))


def _failed(item: Record, where: str, code: str, message: str) -> Outcome:
    error = ErrorRecord(item.id, where, code, message, item.source.path or "-")  # "-": stdin
    return Outcome(item.id, item.source.path, error=error)


def _code_and_message(exc: BaseException) -> tuple[str, str]:
    """The error record's code for what stopped a page: the input's own code, a plugin
    error (--strict), another user error, or a bug."""
    if isinstance(exc, InputError):
        return exc.code, str(exc)
    if isinstance(exc, PluginError):
        return PLUGIN_ERROR, str(exc)
    if isinstance(exc, PagenormError):
        return "page.failed", str(exc)
    return "page.crashed", f"{type(exc).__name__}: {exc}"


def _fail_on_plugin_errors(document: Document, where: str) -> None:
    failed = [d for d in document.diagnostics if d.code == PLUGIN_ERROR]
    if failed:
        raise PluginError(f"{where}: {failed[0].message} (--strict)")


class PageTimeout(DriverStop):
    """A page took longer than ``input.page_seconds``. A ``DriverStop``: the guard around
    each plugin call must not take it for that plugin's failure."""


@contextmanager
def time_limit(seconds: float, where: str) -> Iterator[None]:
    """Raise ``PageTimeout`` in the block after ``seconds``. In a process's main thread
    (every local worker) it is SIGALRM, and Python's regular expressions check for signals,
    so a backtracking pattern is cut too. In another thread (dask's workers), where no
    signal reaches, the exception is raised in the thread by the interpreter instead: that
    stops Python code, not C code, which only a kill from outside can stop."""
    if seconds <= 0:
        yield
        return
    message = (f"{where}: took longer than {seconds:g} s "
               "(input.page_seconds in the config, or --page-seconds)")
    if threading.current_thread() is not threading.main_thread():
        with _thread_limit(seconds, message):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_limit(seconds: float, message: str) -> Iterator[None]:
    """``PageTimeout`` raised in this thread after ``seconds``, by a timer thread through
    ``PyThreadState_SetAsyncExc``; never after the block (a late one is taken back)."""
    target = ctypes.c_ulong(threading.get_ident())
    guard = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with guard:
            if state["running"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(PageTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except PageTimeout as exc:
        raise PageTimeout(*(exc.args or (message,))) from None
    finally:
        with guard:
            state["running"] = False
            if state["fired"]:  # raised already, or pending: a pending one is dropped
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        timer.cancel()


def convert_chunk(chunk: list[Record | InputFailure]) -> list[Outcome]:
    return [convert_one(item) for item in chunk]


# --- the parent side ---


def _chunks(items: Iterable[Record | InputFailure], size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_results(chunks: Iterable[list], settings: Settings, workers: int
                    ) -> Iterator[list[Outcome]]:
    """Results chunk by chunk, in input order, with a bounded number of chunks in flight,
    from worker processes the driver watches (``pagenorm.batch.workers``): a worker that
    dies or is stuck costs one page, never the batch. ``--workers 1`` is one such worker."""
    # built once here: where the workers fork (Linux up to Python 3.13) they start with it;
    # elsewhere each builds its own in _start_worker
    _start_worker(settings)
    yield from watched_map(chunks, convert_one, lost_page, workers=max(workers, 1),
                           seconds=_policy.page_seconds,
                           start=functools.partial(_start_worker, settings, True))


def lost_page(item: Record | InputFailure, code: str, why: str) -> Outcome:
    """The error record of a page whose worker died or was killed from outside."""
    if isinstance(item, InputFailure):
        return Outcome(item.id, None, error=ErrorRecord(item.id, item.source, code, why))
    where = item.source.path or item.source.url or item.id
    return _failed(item, where, code, f"{where}: {why}")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


Results = Callable[[Iterable[list], Settings, int], Iterator[list[Outcome]]]


def run(items: Iterable[Record | InputFailure], sink: Sink, settings: Settings, *,
        workers: int = 0, chunk_size: int = 64, fail_fast: bool = False,
        on_error: Callable[[ErrorRecord], None] = lambda e: None,
        on_progress: Callable[[int], None] = lambda n: None,
        results: Results = ordered_results) -> Summary:
    """Convert ``items`` into ``sink``; return what happened. Ctrl-C stops cleanly: what
    was written stays valid and the summary says it was interrupted. Ids must be distinct
    (``inputs.distinct_ids``, which ``run_job`` applies): a sink keeps one page per id."""
    started = time.perf_counter()
    counts = {"written": 0, "errors": 0}
    sections: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    plugin_failures: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    named: dict[str, list[str]] = {}

    def todo() -> Iterator[Record | InputFailure]:
        for item in items:
            if isinstance(item, Skipped):
                skipped[item.reason] += 1
                files = named.setdefault(item.reason, [])
                if len(files) < NAMED_SKIPS:
                    files.append(item.source)
                continue
            if isinstance(item, Record) and sink.is_done(item.id):
                skipped[DONE_BEFORE] += 1
                continue
            yield item

    interrupted = by_user = False
    with counting_sigint():  # a KeyboardInterrupt without a SIGINT is a plugin's
        try:
            done = results(_chunks(todo(), chunk_size), settings, workers or default_workers())
            for batch in done:
                for outcome in batch:
                    if outcome.error is not None:
                        counts["errors"] += 1
                        failures[outcome.error.code] += 1
                        on_error(outcome.error)
                        if fail_fast:
                            raise _FailFast(outcome.error)
                        continue
                    assert outcome.data is not None
                    sink.write(Written(outcome.id, outcome.source_path, outcome.data))
                    counts["written"] += 1
                    sections.update(outcome.kinds)
                    codes.update(outcome.codes)
                    plugin_failures.update(outcome.failed)
                on_progress(len(batch))
        except (KeyboardInterrupt, _FailFast) as stop:
            interrupted = True
            by_user = isinstance(stop, KeyboardInterrupt)
            sink.abort()
        except BaseException:  # a full disk, a broken pool: what was written stays resumable
            with contextlib.suppress(OSError):
                sink.abort()
            raise
        else:
            sink.close()
    # pages counted as they end: one taken from the input but not done when the run
    # was stopped is not a page of this run, so the counts add up
    total_skipped = sum(skipped.values())
    return Summary(pages=counts["written"] + counts["errors"] + total_skipped,
                   **counts, skipped=total_skipped, sections=dict(sections),
                   diagnostics=dict(codes), error_codes=dict(failures),
                   seconds=time.perf_counter() - started, interrupted=interrupted,
                   by_user=by_user, skipped_by=dict(skipped),
                   skipped_files={k: tuple(v) for k, v in named.items()},
                   plugin_failures=dict(plugin_failures))


class _FailFast(Exception):
    def __init__(self, error: ErrorRecord) -> None:
        super().__init__(error.message)
        self.error = error
