"""Worker processes the driver watches, so that no single page can stop a batch.

A ``ProcessPoolExecutor`` loses every chunk in flight when one worker dies (and ends the run
with ``BrokenProcessPool``), and it cannot stop a worker that is stuck. So the batch runs
this small pool instead: one pipe per worker, one chunk at a time, and each page's result
sent back as soon as it is done. The driver therefore always knows which page each worker
holds and since when, and:

- a worker that dies (a segfault in a C extension, ``os._exit``, the OOM killer) costs only
  the page it held: that page is tried once more in a new worker, and a page that kills a
  worker ``TRIES`` times becomes an error record (``page.worker_died``); the pages of the
  chunk it had finished are kept, the rest go to the new worker;
- a page that outlives the time limit by a margin (``grace``: a plugin that swallows the
  worker's own alarm, or loops in C code where no signal is seen) has its worker killed from
  outside, becomes an error record (``page.timeout``), and a new worker goes on;
- workers end with their driver, even when it is killed by SIGKILL alone: on Linux the
  kernel kills them when it dies (``PR_SET_PDEATHSIG``), and each also checks that its
  parent is still the driver; a worker also lets go of the output lock it inherited.

Results come back chunk by chunk in input order, with at most ``2 x workers`` chunks read
ahead, so memory stays flat and the bytes of a run never depend on the worker count.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from attrs import define

from pagenorm.batch.outputs import release_inherited_locks

WORKER_DIED = "page.worker_died"
TIMEOUT = "page.timeout"
TRIES = 2  # a page that kills this many workers is an error record, not retried again
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0

Task = Callable[[Any], Any]  # one item to its result, in a worker
Lost = Callable[[Any, str, str], Any]  # (item, code, why) to the result that stands for it


def grace(seconds: float) -> float:
    """How long past the time limit a page may run before its worker is killed from
    outside: time for the worker's own alarm to end the page with a proper error record."""
    return max(1.0, seconds / 2)


# --- the worker side ---


def _serve(conn: Connection, start: Callable[[], None], task: Task, parent: int) -> None:
    """A worker's life: take a list of items, send back each one's result (with the time
    it was done, which is when the next item started), until the driver goes."""
    _end_with(parent)
    release_inherited_locks()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    start()
    while True:
        try:
            items = conn.recv()
        except (EOFError, OSError):
            return
        for item in items:
            conn.send((task(item), time.monotonic()))


def _end_with(parent: int) -> None:
    """Make this process die when ``parent`` does, whatever kills the parent."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="pagenorm-parent-check").start()


def _watch_parent(parent: int) -> None:
    """Where the kernel cannot be asked (not Linux): end once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _nothing() -> None:
    """The default worker start: nothing to set up."""


# --- the driver side ---


@define
class _Job:
    """A chunk, or what is left of it after a worker died, handed to one worker."""

    number: int  # the chunk's place in input order
    start: int  # index in the chunk of the first item sent
    done: int = 0  # results received since ``start``

    @property
    def current(self) -> int:
        return self.start + self.done


@define
class _Worker:
    process: BaseProcess
    conn: Connection
    job: _Job | None = None
    started: float = 0.0  # when its current page started (time.monotonic)


class WatchedPool:
    """``workers`` processes running ``task`` on items, watched as the module says."""

    def __init__(self, workers: int, task: Task, lost: Lost, *, seconds: float = 0.0,
                 start: Callable[[], None] = _nothing) -> None:
        self.size, self.task, self.lost, self.start = max(workers, 1), task, lost, start
        self.seconds = seconds
        self.context = multiprocessing.get_context()
        self.items: dict[int, list] = {}  # chunks read and not yet handed back
        self.results: dict[int, list] = {}
        self.left: Counter[int] = Counter()  # results still missing, per chunk
        self.queue: deque[_Job] = deque()  # work no worker has yet
        self.deaths: Counter[tuple[int, int]] = Counter()  # (chunk, index): workers killed
        self.workers: list[_Worker] = []
        self.workers = [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, daemon=True, name="pagenorm-worker",
                                       args=(theirs, self.start, self.task, os.getpid()))
        process.start()
        theirs.close()  # only the worker holds its end: its death is an end of file here
        return _Worker(process, ours)

    def ordered(self, chunks: Iterable[list]) -> Iterator[list]:
        """Each chunk's results, in input order."""
        source = enumerate(chunks)
        exhausted, next_out = False, 0
        while True:
            while not exhausted and len(self.items) < 2 * self.size:
                got = next(source, None)
                if got is None:
                    exhausted = True
                else:
                    self._add(*got)
            if next_out in self.items and not self.left[next_out]:
                del self.items[next_out]
                yield self.results.pop(next_out)
                next_out += 1
                continue
            if exhausted and not self.items:
                return
            self._dispatch()
            self._wait()

    def _add(self, number: int, chunk: list) -> None:
        self.items[number] = chunk
        self.results[number] = [None] * len(chunk)
        self.left[number] = len(chunk)
        if chunk:
            self.queue.append(_Job(number, 0))

    def _dispatch(self) -> None:
        """Give queued work to idle workers."""
        for worker in self.workers:
            if not self.queue:
                return
            if worker.job is None and worker.process.is_alive():
                job = worker.job = self.queue.popleft()
                worker.started = time.monotonic()
                try:
                    worker.conn.send(self.items[job.number][job.start:])
                except OSError:  # it died idle, or while taking the chunk
                    self._lose(worker, WORKER_DIED)

    def _wait(self) -> None:
        """Wait for a result, a death or the next deadline, and deal with what came."""
        handles: list[Any] = [w.conn for w in self.workers if w.job is not None]
        handles += [w.process.sentinel for w in self.workers]
        for handle in wait(handles, self._timeout()):
            worker = self._owner(handle)
            if worker is not None:
                self._receive(worker)
        self._watchdog()

    def _owner(self, handle: Any) -> _Worker | None:
        for worker in self.workers:
            if handle is worker.conn or handle == worker.process.sentinel:
                return worker
        return None  # a worker replaced earlier in this round

    def _receive(self, worker: _Worker) -> None:
        """Take every result the worker has sent; a worker that is gone loses its page."""
        try:
            while worker.job is not None and worker.conn.poll():
                self._record(worker, *worker.conn.recv())
        except (EOFError, OSError):
            self._lose(worker, WORKER_DIED)
            return
        if not worker.process.is_alive():
            self._lose(worker, WORKER_DIED)

    def _record(self, worker: _Worker, result: Any, finished: float) -> None:
        job = worker.job
        assert job is not None
        self._put(job.number, job.current, result)
        job.done += 1
        worker.started = finished
        if job.current == len(self.items[job.number]):
            worker.job = None

    def _put(self, number: int, index: int, result: Any) -> None:
        self.results[number][index] = result
        self.left[number] -= 1

    def _timeout(self) -> float | None:
        """Seconds to the first deadline of a busy worker; None: no deadline."""
        if not self.seconds:
            return None
        limit = self.seconds + grace(self.seconds)
        starts = [w.started for w in self.workers if w.job is not None]
        return max(0.0, min(starts) + limit - time.monotonic()) + 0.01 if starts else None

    def _watchdog(self) -> None:
        """Kill, from outside, every worker whose page outlived the limit and its grace."""
        if not self.seconds:
            return
        limit = self.seconds + grace(self.seconds)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.job is not None and now - worker.started > limit:
                self._lose(worker, TIMEOUT)

    def _lose(self, worker: _Worker, code: str) -> None:
        """The worker is dead or stuck: end it, start another in its place, and settle the
        page it held: an error record, or once more in the queue's front."""
        how = _end(worker)
        self.workers[self.workers.index(worker)] = self._spawn()
        job = worker.job
        if job is None:
            return  # it died idle: nothing lost
        number, index = job.number, job.current
        self.deaths[number, index] += 1
        if code == TIMEOUT:
            why = (f"took longer than {self.seconds:g} s and did not stop, so its worker was "
                   "killed (input.page_seconds in the config, or --page-seconds)")
        elif self.deaths[number, index] >= TRIES:
            why = f"its worker died converting it ({how}), {TRIES} times"
        else:
            self.queue.appendleft(_Job(number, index))  # once more, in a new worker
            return
        self._put(number, index, self.lost(self.items[number][index], code, why))
        if index + 1 < len(self.items[number]):
            self.queue.appendleft(_Job(number, index + 1))

    def close(self) -> None:
        """End every worker: the batch is over, or stopped (Ctrl-C, an error)."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.process.terminate()
        for worker in self.workers:
            _end(worker)


def _end(worker: _Worker) -> str:
    """Stop a worker for good and reap it; how it ended, for the error record."""
    process = worker.process
    if process.is_alive():
        with contextlib.suppress(OSError):
            process.kill()
    process.join(5)
    worker.conn.close()
    code = process.exitcode
    if code is None:
        return "did not end"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit status {code}"


def watched_map(chunks: Iterable[list], task: Task, lost: Lost, *, workers: int,
                seconds: float = 0.0, start: Callable[[], None] = _nothing
                ) -> Iterator[list]:
    """``task`` on every item of every chunk, in watched worker processes; each chunk's
    results in input order. ``lost(item, code, why)`` gives the result of a page whose
    worker died or was killed. The workers end when the iterator does, however it ends."""
    pool = WatchedPool(workers, task, lost, seconds=seconds, start=start)
    try:
        yield from pool.ordered(chunks)
    finally:
        pool.close()
