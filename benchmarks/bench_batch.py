"""Batch conversion benchmark: pagenorm against a baseline that only reads, splits and writes.

Run by hand (not collected by pytest, not run in CI); see ``benchmarks/README.md``:

    python benchmarks/bench_batch.py                 # about a minute and a half on 2 cores
    python benchmarks/bench_batch.py --full          # memory at 10k and 100k pages: ~3 min

One run builds a corpus of made-up pages (``pagenorm.testing``, seed-like shapes and sizes)
as one JSON Lines file per size (``{"id", "url", "text"}`` per line; ``--input files`` writes
one ``.txt`` file per page instead), then measures, each in a fresh process so that peak
memory (``ru_maxrss``) belongs to that run alone:

- the baseline: read each page, split its lines, write them as JSON (orjson) to a file;
- ``pagenorm convert`` through the library (``jobs.run_job``), JSON Lines to a file, with one
  worker and with every worker;
- peak resident memory of a conversion with every worker at two corpus sizes, ten times
  apart: it must not grow with the corpus;
- HTML beside text: the first ``--html-pages`` pages of the corpus rendered as HTML
  (``pagenorm.quality.generator.html``) in one WARC of responses, converted with one worker,
  against the same pages as text with one worker: the cost of the HTML-to-text step.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen

# Mostly Business Recorder articles with their ticker strip, like the seed page (2.7 KB);
# corpus() goes round-robin over this list, so the repeats are the weights.
SEED_MIX = ("brecorder/article",) * 7 + (
    "brecorder/old-print-teaser", "brecorder/widget-2021", "brecorder/truncated")
MB = 1_000_000
TARGET_ONE = 0.25  # one worker: at least a quarter of the baseline's pages per second
TARGET_SCALE = 1.8  # every worker on 2 cores: at least 1.8x one worker
TARGET_MEMORY_MB = 200.0
BASELINE_MIN_SECONDS = 1.0  # the baseline is fast: repeat it over the corpus this long


@frozen
class Corpus:
    path: Path  # a .jsonl file, or a folder of .txt files
    pages: int
    bytes: int  # page text, UTF-8


@frozen
class Measured:
    name: str
    pages: int
    seconds: float
    input_bytes: int
    rss_self_mb: float  # the converting process
    rss_children_mb: float  # its largest child (a pool worker), 0 without any
    cpu_seconds: float = 0.0  # of the process and its workers: cores used = cpu / wall
    written: int = 0
    errors: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def mb_per_second(self) -> float:
        return self.input_bytes / MB / self.seconds

    @property
    def peak_mb(self) -> float:
        return max(self.rss_self_mb, self.rss_children_mb)


# --- the corpus ---


def _pages(count: int, shapes: tuple[str, ...] | None) -> Iterator[tuple[str, str | None, str]]:
    """(id, url, text) for ``count`` made-up pages; the same on every run."""
    from pagenorm.testing import corpus

    for number, page in enumerate(corpus(count, seed=2024, shapes=shapes)):
        yield f"{number:07d}-{page.shape.replace('/', '-')}", page.url, page.text


def build_corpus(folder: Path, count: int, shapes: tuple[str, ...] | None, kind: str) -> Corpus:
    """Write ``count`` pages as one JSON Lines file or as one text file each."""
    total = 0
    if kind == "jsonl":
        path = folder / f"pages-{count}.jsonl"
        with path.open("wb") as out:
            for page_id, url, text in _pages(count, shapes):
                total += len(text.encode("utf-8"))
                out.write(orjson.dumps({"id": page_id, "url": url, "text": text},
                                       option=orjson.OPT_APPEND_NEWLINE))
        return Corpus(path, count, total)
    path = folder / f"pages-{count}"
    path.mkdir()
    for page_id, _, text in _pages(count, shapes):
        data = text.encode("utf-8")
        total += len(data)
        (path / f"{page_id}.txt").write_bytes(data)
    return Corpus(path, count, total)


def build_html_corpus(folder: Path, count: int, shapes: tuple[str, ...] | None) -> Corpus:
    """The first ``count`` pages of the corpus as HTML responses in one WARC file, and the
    same pages as text (JSON Lines), so that the two are measured on the same pages."""
    from pagenorm.quality.generator.html import render_html, write_html_warc
    from pagenorm.testing import corpus

    total = 0

    def rendered() -> Iterator[tuple[Any, str]]:  # one page at a time: the parent stays small
        nonlocal total
        for page in corpus(count, seed=2024, shapes=shapes):
            markup = render_html(page)
            total += len(markup.encode("utf-8"))
            yield page, markup

    path = write_html_warc(folder / f"pages-{count}.html.warc", rendered())
    return Corpus(path, count, total)


# --- what a measuring process runs ---


def _read_pages(source: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every page, as the baseline reads them."""
    if source.is_dir():
        for path in sorted(source.rglob("*.txt")):
            yield str(path.relative_to(source)), path.read_bytes().decode("utf-8")
        return
    with source.open("rb") as lines:
        for line in lines:
            record = orjson.loads(line)
            yield record["id"], record["text"]


def baseline(source: Path, target: Path) -> dict[str, int]:
    """The least a converter must do: read each page, split its lines, write them as JSON."""
    pages = 0
    with target.open("wb") as out:
        for page_id, text in _read_pages(source):
            out.write(orjson.dumps({"id": page_id, "lines": text.split("\n")},
                                   option=orjson.OPT_APPEND_NEWLINE))
            pages += 1
    return {"pages": pages}


def convert(source: Path, target: Path, workers: int) -> dict[str, int]:
    """``pagenorm convert SOURCE --format jsonl -o TARGET --workers N``, as a library call."""
    from pagenorm.batch.jobs import Job, run_job

    summary = run_job(Job(inputs=(str(source),), output=str(target), format="jsonl",
                          workers=workers, quiet=True))
    return {"pages": summary.pages, "written": summary.written, "errors": summary.errors}


def child(kind: str, source: Path, target: Path, workers: int) -> None:
    """One measurement in this (fresh) process: time, counts and peak memory as JSON."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if kind == "baseline":
        passes = 0
        while not passes or time.perf_counter() - started < BASELINE_MIN_SECONDS:
            counts = baseline(source, target)
            passes += 1
        counts["pages"] *= passes
    else:
        counts = convert(source, target, workers)
    seconds = time.perf_counter() - started
    own, workers_usage = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                              resource.RUSAGE_CHILDREN))
    cpu = sum(u.ru_utime + u.ru_stime for u in (own, workers_usage)) - before.ru_utime \
        - before.ru_stime  # the run's, not the imports before it
    print(json.dumps({**counts, "seconds": seconds, "passes": passes if kind == "baseline"
                      else 1, "cpu_seconds": cpu,
                      "rss_self_mb": own.ru_maxrss / 1024,  # kB on Linux
                      "rss_children_mb": workers_usage.ru_maxrss / 1024}))


# --- the measuring parent ---


def measure(name: str, kind: str, corpus: Corpus, scratch: Path, workers: int = 1) -> Measured:
    """Run one measurement in a fresh process and read what it reports."""
    target = scratch / f"{name.replace(' ', '-')}.out.jsonl"
    command = [sys.executable, __file__, "_child", kind, str(corpus.path), str(target),
               str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{name} failed:\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    target.unlink(missing_ok=True)
    if report["passes"] > 1:
        name = f"{name} x{report['passes']}"  # the corpus, read over and over for a second
    return Measured(name, report["pages"], report["seconds"],
                    corpus.bytes * report["passes"], report["rss_self_mb"],
                    report["rss_children_mb"], report["cpu_seconds"],
                    report.get("written", report["pages"]), report.get("errors", 0))


def html_beside_text(scratch: Path, count: int, shapes: tuple[str, ...] | None
                     ) -> tuple[Measured, Measured]:
    """The same ``count`` pages as text (JSON Lines) and as a WARC of HTML, one worker each."""
    print(f"measuring HTML beside text at {count:,} pages ...", flush=True)
    folder = scratch / "html"
    folder.mkdir()
    text = build_corpus(folder, count, shapes, "jsonl")
    html = build_html_corpus(folder, count, shapes)
    return (measure("text 1 worker", "convert", text, scratch),
            measure("html 1 worker", "convert", html, scratch))


def _workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _row(run: Measured, base: Measured | None) -> str:
    ratio = f"{run.pages_per_second / base.pages_per_second:7.3f}x" if base else f"{'':8}"
    return (f"{run.name:<22} {run.pages:>9,} {run.seconds:>8.2f} {run.pages_per_second:>10,.0f} "
            f"{run.mb_per_second:>7.2f} {ratio} {run.rss_self_mb:>9.1f} "
            f"{run.rss_children_mb:>9.1f} {run.cpu_seconds / run.seconds:>5.2f}")


def report(runs: list[Measured], memory: list[Measured], workers: int, corpus: Corpus,
           load: float, html: tuple[Measured, Measured] | None = None) -> None:
    base, one, every = runs
    header = (f"{'run':<22} {'pages':>9} {'seconds':>8} {'pages/s':>10} {'MB/s':>7} "
              f"{'vs base':>8} {'rss MB':>9} {'worker MB':>9} {'cores':>5}")
    print(f"\ncorpus: {corpus.pages:,} pages, {corpus.bytes / MB:.1f} MB, "
          f"{corpus.bytes / corpus.pages:,.0f} bytes a page; {workers} workers; load average "
          f"{load:.2f} before the run (other work on the machine skews every figure)")
    print(header)
    print("-" * len(header))
    for run in runs:
        print(_row(run, None if run is base else base))
    print("\nmemory (every worker; rss: the converting process, worker: its largest child)")
    print(header)
    print("-" * len(header))
    for run in memory:
        print(_row(run, None))
    if html is not None:
        text, markup = html
        print("\nHTML beside text (1 worker, the same pages; MB/s of the input: HTML or text)")
        print(header)
        print("-" * len(header))
        print(_row(text, None))
        print(_row(markup, text))
        ratio = markup.pages_per_second / text.pages_per_second
        print(f"  HTML pages/s / text pages/s: {ratio:.3f}")
    print("\ntargets")
    for line in _targets(base, one, every, memory, workers):
        print("  " + line)


def _target(label: str, value: str, goal: str, ok: bool | None) -> str:
    verdict = "n/a" if ok is None else "ok" if ok else "MISSED"
    return f"{label:<30} {value:>14}  {goal:<32} {verdict}"


def _targets(base: Measured, one: Measured, every: Measured, memory: list[Measured],
             workers: int) -> list[str]:
    """The issue's targets, each with its verdict."""
    share = one.pages_per_second / base.pages_per_second
    scale = every.pages_per_second / one.pages_per_second
    peak = max(r.peak_mb for r in memory)
    small, large = memory
    growth = (f"{large.rss_self_mb - small.rss_self_mb:+.1f}/"
              f"{large.rss_children_mb - small.rss_children_mb:+.1f} MB")
    flat = all(big <= little * 1.05 for big, little in (
        (large.rss_self_mb, small.rss_self_mb), (large.rss_children_mb, small.rss_children_mb)))
    lines = [
        _target("1 worker / baseline", f"{share:.3f}x", f">= {TARGET_ONE}x", share >= TARGET_ONE),
        _target(f"{workers} workers / 1 worker", f"{scale:.3f}x",
                f">= {TARGET_SCALE}x on 2 cores", scale >= TARGET_SCALE if workers >= 2 else None),
        _target("peak memory", f"{peak:.1f} MB", f"< {TARGET_MEMORY_MB:.0f} MB",
                peak < TARGET_MEMORY_MB),
        _target(f"memory {large.pages:,} - {small.pages:,} pages", growth,
                "no higher, rss/worker (5% slack)", flat),
    ]
    failed = [r.name for r in [one, every, *memory] if r.errors or r.written != r.pages]
    if failed:
        lines.append(f"pages not written (errors) in: {', '.join(failed)}")
    return lines


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "_child":
        _, _, kind, source, target, workers = sys.argv
        child(kind, Path(source), Path(target), int(workers))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000,
                        help="pages of the throughput runs (default 20,000: a run's fixed "
                             "start, about 0.6 s, is a few per cent of it)")
    parser.add_argument("--memory", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"),
                        help="pages of the two memory runs (default 1,000 and 10,000)")
    parser.add_argument("--full", action="store_true",
                        help="memory at 10,000 and 100,000 pages (several minutes)")
    parser.add_argument("--workers", type=int, default=_workers(),
                        help="'all workers' (default: every core)")
    parser.add_argument("--input", choices=("jsonl", "files"), default="jsonl",
                        help="the corpus as one JSON Lines file, or one .txt file a page")
    parser.add_argument("--html-pages", type=int, default=5_000,
                        help="pages of the HTML-beside-text runs (0: none; default 5,000)")
    parser.add_argument("--shapes", choices=("seed", "all"), default="seed",
                        help="seed-like Business Recorder articles, or every generator shape")
    args = parser.parse_args()
    memory_sizes = args.memory or ((10_000, 100_000) if args.full else (1_000, 10_000))
    shapes = SEED_MIX if args.shapes == "seed" else None
    load = os.getloadavg()[0]  # before this run adds its own
    scratch = Path(tempfile.mkdtemp(prefix="pagenorm-bench-"))
    try:
        print(f"building corpora in {scratch} ...", flush=True)
        corpora = {n: build_corpus(scratch, n, shapes, args.input)
                   for n in sorted({args.pages, *memory_sizes})}
        corpus = corpora[args.pages]
        runs = []
        plan = (("baseline", "baseline", 1), ("pagenorm 1 worker", "convert", 1),
                (f"pagenorm {args.workers} workers", "convert", args.workers))
        for name, kind, workers in plan:
            print(f"measuring {name} ...", flush=True)
            runs.append(measure(name, kind, corpus, scratch, workers))
        memory = []
        for size in memory_sizes:
            print(f"measuring memory at {size:,} pages ...", flush=True)
            memory.append(measure(f"memory {size:,} pages", "convert", corpora[size], scratch,
                                  args.workers))
        html = html_beside_text(scratch, args.html_pages, shapes) if args.html_pages else None
        report(runs, memory, args.workers, corpus, load, html)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
