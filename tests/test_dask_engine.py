"""``--engine dask`` (the optional ``dask`` extra): the same bytes as the local engine, in
input order, with a bounded number of chunks in flight, on a two-worker ``LocalCluster``
started here and on the one the engine starts itself."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pagenorm.batch import pool as batch
from pagenorm.batch.engines.dask import MISSING, dask_results
from pagenorm.batch.inputs import Record
from pagenorm.batch.outputs import StreamSink
from pagenorm.batch.pool import Settings
from pagenorm.errors import PagenormError
from pagenorm.manager import default_host
from pagenorm.model import Source
from pagenorm.testing import corpus

PAGES = 200
CHUNK = 8  # 25 chunks: many more than the 4 allowed in flight on two workers
SETTINGS = Settings(format="jsonl")


@pytest.fixture(scope="module")
def distributed():  # -> the distributed module
    return pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def address(distributed) -> Iterator[str]:
    """A scheduler with two single-threaded worker processes, for the whole module."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0",
                                       silence_logs=logging.ERROR)
    with cluster:
        yield cluster.scheduler_address


def _records(count: int = PAGES) -> list[Record]:
    return [Record(id=f"{number:04d}-{page.shape}", source=Source(path=None, url=page.url),
                   text=page.text)
            for number, page in enumerate(corpus(count, seed=5))]


def _convert(folder: Path, name: str, **options) -> bytes:
    """The records converted into one JSONL file; its bytes."""
    target = folder / f"{name}.jsonl"
    sink = StreamSink(str(target), default_host().formats()["jsonl"])
    summary = batch.run(_records(), sink, SETTINGS, chunk_size=CHUNK, **options)
    assert (summary.written, summary.errors, summary.interrupted) == (PAGES, 0, False)
    return target.read_bytes()


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The local engine's output, one worker: what every other run must equal."""
    return _convert(tmp_path_factory.mktemp("local"), "one", workers=1)


def test_the_local_engine_gives_the_same_bytes_with_two_workers(local: bytes,
                                                                 tmp_path: Path) -> None:
    assert _convert(tmp_path, "two", workers=2) == local
    assert local.count(b"\n") == PAGES


def test_dask_on_a_scheduler_gives_the_local_engines_bytes(local: bytes, address: str,
                                                            tmp_path: Path) -> None:
    assert _convert(tmp_path, "dask", workers=2, results=dask_results(address)) == local


def test_dask_on_its_own_local_cluster_gives_the_same_bytes(local: bytes, distributed,
                                                            tmp_path: Path) -> None:
    assert _convert(tmp_path, "own", workers=2, results=dask_results(None)) == local


def test_at_most_two_chunks_per_worker_are_in_flight(address: str) -> None:
    taken: list[int] = []

    def chunks() -> Iterator[list[Record]]:
        records = _records(80)
        for start in range(0, len(records), CHUNK):
            taken.append(start)
            yield records[start:start + CHUNK]

    results = dask_results(address)(chunks(), SETTINGS, 2)
    first = next(results)
    assert len(taken) == 4  # 2 workers x 2: the fifth chunk waits for the first result
    assert [o.id for o in first] == [r.id for r in _records(CHUNK)]
    rest = [outcome for chunk in results for outcome in chunk]
    assert [o.id for o in first + rest] == [r.id for r in _records(80)]


def test_without_distributed_the_error_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    with pytest.raises(PagenormError) as caught:
        dask_results(None)
    assert str(caught.value) == MISSING == \
        "--engine dask needs dask.distributed: pip install 'pagenorm[dask]'"
