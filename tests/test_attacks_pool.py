"""Attacks on the batch's workers, its time limit and its flags (issue 11, "a batch stopped
by one page", "unbounded cost", "Unix manners"): each test tries one promise with several
inputs made here and checks that the batch goes on, every page comes out once (a document
or an error record), nothing hangs and no traceback reaches the user.

The hostile plugin acts on words in a page: ``SEGFAULT`` (a C extension's crash), ``EXIT``
(``os._exit``), ``OOMKILL`` (SIGKILL, as the OOM killer sends), ``ONCE`` (kills its worker the
first time only), ``SWALLOW`` (swallows the time limit's ``PageTimeout`` and goes on),
``MASKED`` (blocks SIGALRM and sleeps, as C code that never returns to Python), ``SLOW``
(a loop in Python).
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

import pagenorm
from pagenorm import hookimpl
from pagenorm.batch import pool as batch
from pagenorm.batch.inputs import Record
from pagenorm.batch.outputs import StreamSink, _alive
from pagenorm.batch.pool import PageTimeout, time_limit
from pagenorm.batch.workers import TIMEOUT, WORKER_DIED, WatchedPool
from pagenorm.cli import main
from pagenorm.manager import PluginHost, default_host
from pagenorm.model import Claim, Source
from pagenorm.review.sample import ReviewSampler, review_batch
from tests.test_batch import make_jsonl

FINE = "Harbour news\n\nThe ferry runs again today, the port board said.\n"
STUCK_FOR = 30.0  # a stuck page's own end: far past every limit the tests set


class Hostile:
    """A plugin that attacks the worker running it, as the page's words say."""

    def __init__(self, marks: Path) -> None:
        self.marks = marks  # ONCE pages leave a file here: the second try is harmless

    @hookimpl
    def detect(self, page, options, site):
        text = "\n".join(page.lines)
        if "SEGFAULT" in text:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file
            faulthandler.disable()  # pytest's, inherited: no dump of the test's stack
            ctypes.string_at(0)
        if "EXIT" in text:
            os._exit(3)
        if "OOMKILL" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "ONCE" in text:
            mark = self.marks / page.id
            if not mark.exists():
                mark.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        if "SWALLOW" in text:
            _swallow_every_timeout()
        if "SLOW" in text:  # pure Python, and slow: the time limit stops it anywhere
            end = time.monotonic() + STUCK_FOR
            while time.monotonic() < end:
                sum(range(1000))
        if "MASKED" in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(STUCK_FOR)
        return [Claim("shout", 0, 0, 0.5)] if "SHOUT" in text else []

    @hookimpl
    def parse(self, page, claims, options, site):
        return None


def _swallow_every_timeout() -> None:
    end = time.monotonic() + STUCK_FOR
    while time.monotonic() < end:
        with contextlib.suppress(BaseException):  # the attack: PageTimeout hidden
            time.sleep(0.05)


def hostile_normaliser(tmp_path: Path, page_seconds: float = 10.0) -> pagenorm.Normaliser:
    host = PluginHost()
    (tmp_path / "marks").mkdir(exist_ok=True)
    host.register(Hostile(tmp_path / "marks"), "hostile")
    config = tmp_path / "hostile.yaml"
    config.write_text("extends: default\nplugins: [hostile, crawl_prefix, ticker, tags, "
                      f"related, article]\ninput:\n  page_seconds: {page_seconds}\n",
                      encoding="utf-8")
    return pagenorm.Normaliser(config, host=host)


def run_pages(tmp_path: Path, texts: list[str], *, workers: int = 2, chunk_size: int = 3,
              page_seconds: float = 10.0) -> tuple[list[str], dict[str, str], batch.Summary]:
    """Convert ``texts`` with the hostile plugin; (ids written, {id: error code}, summary)."""
    settings = batch.Settings(format="jsonl", page_seconds=page_seconds)
    batch.adopt(hostile_normaliser(tmp_path), settings)
    records = [Record(id=f"p{n:03d}", source=Source(path=None), text=text)
               for n, text in enumerate(texts)]
    target = tmp_path / "out.jsonl"
    errors: dict[str, str] = {}
    sink = StreamSink(str(target), default_host().formats()["jsonl"])
    summary = batch.run(records, sink, settings, workers=workers, chunk_size=chunk_size,
                        on_error=lambda e: errors.setdefault(e.id, e.code))
    written = [json.loads(line)["id"] for line in target.open()]
    return written, errors, summary


@pytest.mark.parametrize("attack", ["SEGFAULT", "EXIT", "OOMKILL"])
@pytest.mark.parametrize("workers", [1, 3])
def test_a_dying_worker_costs_its_page_and_the_batch_goes_on(
        tmp_path: Path, attack: str, workers: int) -> None:
    texts = [FINE] * 10
    deadly = {2, 7, 8}  # inside chunks, at a chunk's end, and two in a row
    for n in deadly:
        texts[n] = f"Harbour news\n\n{attack} here.\n"
    written, errors, summary = run_pages(tmp_path, texts, workers=workers)
    assert written == [f"p{n:03d}" for n in range(10) if n not in deadly]  # in input order
    assert errors == {f"p{n:03d}": WORKER_DIED for n in deadly}
    assert (summary.written, summary.errors, summary.interrupted) == (7, 3, False)


def test_a_page_that_kills_a_worker_once_is_tried_again(tmp_path: Path) -> None:
    texts = [FINE, "Harbour news\n\nONCE only.\n", FINE, "Harbour news\n\nONCE more.\n"]
    written, errors, _ = run_pages(tmp_path, texts, workers=2, chunk_size=2)
    assert written == ["p000", "p001", "p002", "p003"] and not errors


@pytest.mark.parametrize("attack", ["SWALLOW", "MASKED"])
def test_a_stuck_worker_is_killed_from_outside(tmp_path: Path, attack: str) -> None:
    texts = [FINE, f"Harbour news\n\n{attack} the alarm.\n", FINE, FINE,
             f"Harbour news\n\n{attack} again.\n"]
    started = time.monotonic()
    written, errors, _ = run_pages(tmp_path, texts, workers=2, chunk_size=2, page_seconds=0.2)
    assert written == ["p000", "p002", "p003"]
    assert errors == {"p001": TIMEOUT, "p004": TIMEOUT}
    assert time.monotonic() - started < STUCK_FOR  # ended by the driver, not by the page


@pytest.mark.parametrize(("flag", "value"), [
    ("--chunk-size", "0"), ("--chunk-size", "-1"), ("--chunk-size", "10000000"),
    ("--workers", "-1"), ("--workers", "100000"), ("--shard-size", "0"),
    ("--max-page-bytes", "0"), ("--max-page-bytes", "100000000000"),
    ("--max-page-bytes", "99999999999999999999"), ("--page-seconds", "-1"),
    ("--page-seconds", "nan"), ("--page-seconds", "1e9")])
def test_a_nonsense_flag_is_one_line_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(FINE)
    out = ["--output-dir", str(tmp_path / "out")] if flag == "--shard-size" else []
    assert main(["convert", "--quiet", str(page), *out, flag, value]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pagenorm: error: {flag}: must be ") and err.count("\n") == 1
    assert "got " in err  # the value given, as read


@pytest.mark.parametrize(("key", "value"), [
    ("chunk_size", "0"), ("workers", "100000"), ("shard_size", "-3"),
    ("max_page_bytes", "100000000000"), ("page_seconds", "-1")])
def test_a_nonsense_job_key_is_one_line_naming_file_line_and_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str) -> None:
    job = tmp_path / "job.yaml"
    job.write_text(f"inputs: [page.txt]\nquiet: true\n{key}: {value}\n")
    assert main(["run", str(job)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pagenorm: error: {job}:3: {key}: must be ") and err.count("\n") == 1


def test_workers_are_bounded_in_fuzz_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz", "--pages", "1", "--workers", "100000"]) == 2
    assert "--workers: at most" in capsys.readouterr().err


def _pipe_into_head(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    """``command | head -c 1``: the reader goes after one byte."""
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.read(1)
    writer.stdout.close()
    _, err = writer.communicate(timeout=60)
    return subprocess.CompletedProcess(command, writer.returncode, b"", err)


@pytest.mark.parametrize("args", [
    ["convert", "{many}", "--format", "jsonl", "--workers", "2"],
    ["convert", "{many}", "--format", "json", "--workers", "1", "--chunk-size", "1"],
    ["convert", "{many}", "--format", "markdown"],
    ["explain", "{big}"],
    ["formats"]])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    many, big = tmp_path / "many.jsonl", tmp_path / "big.txt"
    make_jsonl(many, 300)
    big.write_text("Harbour news\n\n" + "The ferry runs again today.\n" * 20_000)
    command = [sys.executable, "-m", "pagenorm",
               *(a.format(many=many, big=big) for a in args)]
    done = _pipe_into_head(command)
    assert (done.returncode, done.stderr) == (0, b"")


def _children(pid: int) -> list[int]:
    """The pids of ``pid``'s child processes (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _begun(progress: Path) -> bool:
    """Whether a run has written some pages: a ``.partial`` with bytes, or a folder's files."""
    if progress.is_dir():
        return len(list(progress.iterdir())) > 20
    return progress.is_file() and progress.stat().st_size > 0


def _all_gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("kind", ["stream", "folder"])
def test_workers_end_with_a_killed_driver_and_resume_goes_on(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "big.jsonl"
    ids = make_jsonl(source, 900)
    target = tmp_path / ("out.jsonl" if kind == "stream" else "out")
    flag = "-o" if kind == "stream" else "--output-dir"
    command = [sys.executable, "-m", "pagenorm", "convert", "--quiet", str(source), "--format",
               "jsonl", flag, str(target), "--workers", "2", "--chunk-size", "4"]
    driver = subprocess.Popen(command)  # its own group is the test's: only its pid is killed
    progress = target.with_name("out.jsonl.partial") if kind == "stream" else target
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and driver.poll() is None and not _begun(progress):
        time.sleep(0.01)
    workers = _children(driver.pid)
    assert driver.poll() is None and len(workers) == 2
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait()
    assert _all_gone(workers, 15)  # no worker outlives its driver
    assert subprocess.run([*command, "--resume"], timeout=120).returncode == 0
    written = [json.loads(line)["id"] for line in target.open()] if kind == "stream" else \
        sorted(p.stem for p in target.glob("page-*"))
    assert written == ids


@pytest.mark.parametrize("kind", ["stream", "folder"])
def test_a_lock_whose_holder_is_dead_is_taken_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(FINE)
    target = tmp_path / ("out.jsonl" if kind == "stream" else "out")
    lock = tmp_path / "out.jsonl.lock" if kind == "stream" else target / ".pagenorm.lock"
    lock.parent.mkdir(exist_ok=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    flag = "-o" if kind == "stream" else "--output-dir"
    for holder, status in ((gone, 0), ("self", 2)):  # a dead run's pid; a live one's
        keeper = _hold(lock, holder)
        try:
            assert main(["convert", "--quiet", str(page), flag, str(target),
                         "--format", "jsonl"]) == status
        finally:
            keeper.kill()
            keeper.wait()
        err = capsys.readouterr().err
        assert err == "" if status == 0 else "another pagenorm run (pid" in err


def _hold(lock: Path, holder: str) -> subprocess.Popen[bytes]:
    """A process that holds ``lock`` as an orphaned worker would, with ``holder`` in it
    (``self``: its own pid, a live run); it waits until killed."""
    script = ("import fcntl, os, sys, time\n"
              f"f = open({str(lock)!r}, 'a+'); fcntl.flock(f, fcntl.LOCK_EX)\n"
              f"f.truncate(0); f.write({holder!r} if {holder!r} != 'self' else str(os.getpid()))\n"
              "f.flush(); print('held', flush=True); time.sleep(60)\n")
    keeper = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert keeper.stdout is not None and keeper.stdout.readline() == b"held\n"
    return keeper


@pytest.mark.parametrize("kind", ["stream", "folder"])
def test_resume_of_a_finished_output_writes_nothing_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    source = tmp_path / "pages.jsonl"
    make_jsonl(source, 12)
    target = tmp_path / ("out.jsonl" if kind == "stream" else "out")
    flag = "-o" if kind == "stream" else "--output-dir"
    args = ["convert", str(source), flag, str(target), "--format", "jsonl", "--workers", "1"]
    assert main([*args, "--quiet"]) == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")
              if p.is_file() and p.name != "pages.jsonl"}
    capsys.readouterr()
    assert main([*args, "--resume"]) == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")
             if p.is_file() and p.name != "pages.jsonl"}
    if kind == "stream":
        assert after == before
    else:  # the documents untouched
        assert {p: v for p, v in after.items() if p.suffix == ".json"} == {
            p: v for p, v in before.items() if p.suffix == ".json"}
    assert "--resume wrote nothing" in capsys.readouterr().err


@pytest.mark.parametrize("attack", ["SWALLOW", "MASKED", "SEGFAULT"])
def test_explain_and_review_read_pages_under_the_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        attack: str) -> None:
    hostile = hostile_normaliser(tmp_path, page_seconds=0.2)
    monkeypatch.setattr("pagenorm.cli.Normaliser", lambda *args, **kwargs: hostile)
    bad, fine = tmp_path / "bad.txt", tmp_path / "fine.txt"
    bad.write_text(f"Harbour news\n\n{attack} here.\n")
    fine.write_text(FINE)
    started = time.monotonic()
    assert main(["explain", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pagenorm: error: {bad}: ") and err.count("\n") == 1
    assert main(["review", str(bad), str(fine), "-o", str(tmp_path / "review")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: " in err and "1 pages reviewed" in err and "Traceback" not in err
    assert time.monotonic() - started < STUCK_FOR


def test_the_second_pass_of_convert_review_is_under_the_time_limit(tmp_path: Path) -> None:
    hostile = hostile_normaliser(tmp_path)
    settings = batch.Settings(page_seconds=0.2)
    sampler = ReviewSampler()
    texts = [FINE, "Harbour news\n\nSWALLOW here.\n", "Harbour news\n\nMASKED here.\n", FINE]
    records = [Record(id=f"p{n}", source=Source(path=None), text=t)
               for n, t in enumerate(texts)]
    list(sampler.items(records))
    sampler.sample = [(-n, n, record) for n, record in enumerate(records)]  # all chosen
    errors: list[str] = []
    index = review_batch(sampler, hostile, settings, tmp_path / "review", on_error=errors.append)
    assert index.exists() and len(errors) == 2
    assert all("took longer than 0.2 s" in e for e in errors)


@pytest.mark.parametrize("where", ["main", "thread"])
def test_the_time_limit_stops_python_code_in_any_thread(where: str) -> None:
    caught: list[str] = []

    def attack() -> None:
        for loop in ("for _ in iter(int, 1): pass", "while True: sum(range(1000))"):
            try:
                with time_limit(0.1, "page.txt"):
                    exec(loop)
            except PageTimeout as exc:
                caught.append(str(exc))
        with time_limit(0.1, "page.txt"):
            pass
        time.sleep(0.3)  # no late PageTimeout arrives after the block

    if where == "main":
        attack()
    else:
        thread = threading.Thread(target=attack)
        thread.start()
        thread.join(STUCK_FOR)
    assert len(caught) == 2 and all(c.startswith("page.txt: took longer than 0.1 s")
                                    for c in caught)


def test_under_dask_page_seconds_stops_python_code(tmp_path: Path) -> None:
    """Dask runs tasks in worker threads: no signal, no kill from outside; the limit is
    raised in the thread, which stops a slow plugin in Python (the promise under dask)."""
    distributed = pytest.importorskip("distributed")
    from pagenorm.batch.engines.dask import dask_results

    settings = batch.Settings(format="jsonl", page_seconds=0.3)
    batch.adopt(hostile_normaliser(tmp_path), settings)  # the in-process worker uses it
    texts = [FINE, "Harbour news\n\nSLOW here.\n", FINE, "Harbour news\n\nSLOW again.\n"]
    records = [Record(id=f"p{n}", source=Source(path=None), text=t) for n, t in enumerate(texts)]
    target, errors = tmp_path / "out.jsonl", {}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.ERROR) as cluster:
        sink = StreamSink(str(target), default_host().formats()["jsonl"])
        batch.run(records, sink, settings, workers=1, chunk_size=2,
                  results=dask_results(cluster.scheduler_address),
                  on_error=lambda e: errors.setdefault(e.id, e.code))
    assert [json.loads(line)["id"] for line in target.open()] == ["p0", "p2"]
    assert errors == {"p1": TIMEOUT, "p3": TIMEOUT}


class _Future:
    def __init__(self, outcome: object = None, killed: bool = False) -> None:
        self.outcome, self.killed = outcome, killed

    def result(self) -> object:
        if self.killed:
            import distributed

            worker = types.SimpleNamespace(address="tcp://127.0.0.1:1")
            raise distributed.KilledWorker("convert_chunk-1", worker, 3)
        return self.outcome


class _KillingCluster:
    """A dask client whose workers die on every task holding a ``DEADLY`` page (as dask
    reports it: ``KilledWorker``, after its own retries); others convert here."""

    def __init__(self) -> None:
        self.tasks = 0

    def submit(self, function, chunk, settings, pure=False):
        self.tasks += 1
        if any("DEADLY" in (item.text or "") for item in chunk):
            return _Future(killed=True)
        return _Future(function(chunk, settings))

    def cancel(self, futures: list) -> None:
        pass


def test_under_dask_a_page_that_kills_its_workers_costs_only_that_page(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from pagenorm.batch.engines import dask as engine

    settings = batch.Settings(format="jsonl")
    texts = [FINE] * 7
    for n in (1, 5, 6):
        texts[n] = "Harbour news\n\nDEADLY page.\n"
    records = [Record(id=f"p{n}", source=Source(path=None), text=t) for n, t in enumerate(texts)]
    chunks = [records[:3], records[3:5], records[5:]]
    client = _KillingCluster()
    outcomes = [o for chunk in engine._ordered(client, chunks, settings, 2) for o in chunk]
    assert [o.id for o in outcomes] == [r.id for r in records]  # each once, in order
    assert {o.id: o.error.code for o in outcomes if o.error} == {
        "p1": WORKER_DIED, "p5": WORKER_DIED, "p6": WORKER_DIED}
    assert all(o.data for o in outcomes if o.error is None)


def _square(number: int) -> int:
    return number * number


def test_workers_killed_from_outside_while_idle_are_replaced(tmp_path: Path) -> None:
    """The OOM killer picks any process: a worker that dies between chunks costs nothing."""
    pool = WatchedPool(3, _square, lambda item, code, why: (item, code))
    try:
        for victim in pool.workers[:2]:
            os.kill(victim.process.pid, signal.SIGKILL)
        chunks = [list(range(n, n + 4)) for n in range(0, 40, 4)]
        assert list(pool.ordered(chunks)) == [[n * n for n in chunk] for chunk in chunks]
        assert all(worker.process.is_alive() for worker in pool.workers)
    finally:
        pool.close()
    assert not any(worker.process.is_alive() for worker in pool.workers)
