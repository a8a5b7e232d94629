"""``--engine dask``: the batch conversion on dask.distributed, a local cluster or a scheduler.

The contract is the local engine's (``pagenorm.batch.pool.ordered_results``): chunks of records
in, one list of outcomes per chunk out, in input order, with a bounded number of chunks in
flight so that memory stays flat. Only where a chunk is converted changes: in a task on a
dask worker, with the same ``convert_chunk`` and the same per-process normaliser, so the
output is byte for byte the local engine's.

- No scheduler: a ``LocalCluster`` of ``workers`` processes (one thread each: the
  normaliser is pure Python, threads would only share one interpreter lock), started for the
  run and closed after it.
- A scheduler address: its workers do the work; pagenorm (and any plugin a config names)
  must be installed there, as the tasks import it.

dask.distributed is an optional extra (``pip install 'pagenorm[dask]'``).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from pagenorm.batch import pool as batch
from pagenorm.batch.pool import Outcome, Settings
from pagenorm.batch.workers import WORKER_DIED
from pagenorm.errors import PagenormError

MISSING = "--engine dask needs dask.distributed: pip install 'pagenorm[dask]'"

Results = Callable[[Iterable[list], Settings, int], Iterator[list[Outcome]]]


def _distributed() -> Any:
    """The ``distributed`` module, or the one-line error telling how to get it."""
    try:
        import distributed
    except ImportError as exc:
        raise PagenormError(MISSING) from exc
    return distributed


def dask_results(scheduler: str | None) -> Results:
    """A ``results`` function for ``batch.run`` that converts on dask: on the scheduler at
    ``scheduler``, or on a local cluster of ``workers`` processes when it is None."""
    _distributed()  # a missing extra fails when the engine is chosen, before any input is read

    def results(chunks: Iterable[list], settings: Settings, workers: int
                ) -> Iterator[list[Outcome]]:
        with _client(scheduler, workers) as client:
            yield from _ordered(client, chunks, settings, _in_flight(client, scheduler, workers))

    return results


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client for the run; a local cluster it started is closed with it."""
    distributed = _distributed()
    with ExitStack() as stack:
        if scheduler is None:  # its status page on loopback, any free port: never a clash
            target = stack.enter_context(distributed.LocalCluster(
                n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR))
        else:
            target = scheduler
        try:
            client = stack.enter_context(distributed.Client(target))
        except (OSError, TimeoutError) as exc:
            raise PagenormError(f"cannot reach the dask scheduler at {target}: {exc}") from exc
        yield client


def _in_flight(client: Any, scheduler: str | None, workers: int) -> int:
    """How many chunks may be submitted and not yet written: two per worker thread, enough
    to keep every worker busy while the parent writes, few enough to keep memory flat. A
    scheduler's cluster is sized by its own threads, not by this machine's cores."""
    if scheduler is None:
        return 2 * max(workers, 1)
    threads = sum(client.nthreads().values())
    return 2 * max(threads or workers, 1)


def _ordered(client: Any, chunks: Iterable[list], settings: Settings, limit: int
             ) -> Iterator[list[Outcome]]:
    """Submit chunks as slots free up and hand results back in submission order."""
    distributed = _distributed()
    pending: deque[tuple[Any, list]] = deque()
    try:
        for chunk in chunks:
            pending.append((client.submit(convert_chunk, chunk, settings, pure=False), chunk))
            if len(pending) >= limit:
                yield _result(client, *pending.popleft(), settings, distributed)
        while pending:
            yield _result(client, *pending.popleft(), settings, distributed)
    finally:
        if pending:  # stopped early (fail-fast, Ctrl-C, an error): drop the queued work
            client.cancel([future for future, _ in pending])


def _result(client: Any, future: Any, chunk: list, settings: Settings, distributed: Any
            ) -> list[Outcome]:
    """A chunk's outcomes. A page's failure is already an outcome. A chunk whose task kept
    killing its workers (dask's ``KilledWorker``, after its own retries) is converted again
    page by page, so that only the page that kills is lost; what else raises here is the
    cluster itself (the scheduler gone), which stops the batch."""
    try:
        return future.result()
    except distributed.KilledWorker:
        return [_alone(client, item, settings, distributed) for item in chunk]
    except OSError as exc:
        raise PagenormError(f"dask: a chunk was lost: {type(exc).__name__}: {exc}") from exc


def _alone(client: Any, item: Any, settings: Settings, distributed: Any) -> Outcome:
    """One page of a chunk that killed workers, in a task of its own: its outcome, or the
    error record ``page.worker_died`` when this task kills its workers too."""
    future = client.submit(convert_chunk, [item], settings, pure=False)
    try:
        [outcome] = future.result()
    except distributed.KilledWorker:
        return batch.lost_page(item, WORKER_DIED, "its dask workers died converting it, in "
                               "its chunk and alone (KilledWorker)")
    except OSError as exc:
        raise PagenormError(f"dask: a chunk was lost: {type(exc).__name__}: {exc}") from exc
    return outcome


# --- the worker side ---

_starting = threading.Lock()


def convert_chunk(chunk: list, settings: Settings) -> list[Outcome]:
    """The task: the local engine's ``convert_chunk``, after starting this worker process's
    normaliser once (again only if a task brings other settings)."""
    with _starting:
        batch.ensure_worker(settings)
    return batch.convert_chunk(chunk)
