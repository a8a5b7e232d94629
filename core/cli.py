"""The ``pagenorm`` command line: convert, run, eval, explain, review, fuzz, plugins, formats,
check-config.

Every failure a user can cause is reported as one line, ``pagenorm: error: ...``, with a
non-zero exit status; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pagenorm import __version__
from pagenorm.api import Normaliser
from pagenorm.batch.jobs import (
    WORKERS_PER_CORE,
    Job,
    job_from_flags,
    load_job,
    max_workers,
    run_job,
)
from pagenorm.batch.stores import is_url
from pagenorm.config import load_config, profile_folders
from pagenorm.errors import PagenormError
from pagenorm.manager import PluginHost
from pagenorm.serialise import to_json

if TYPE_CHECKING:
    from pagenorm.review.view import PageView

EXIT_OK, EXIT_PAGE_FAILED, EXIT_USAGE = 0, 1, 2
PAGE_SUFFIXES = (".txt", ".text")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagenorm", description="Normalise crawled news pages into typed documents.")
    parser.add_argument("--version", action="version", version=f"pagenorm {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = commands.add_parser("convert", help="normalise pages and write documents")
    convert.add_argument("paths", nargs="+", metavar="INPUT",
                         help="page files, directories (recursively), glob patterns, JSON "
                              "Lines (.jsonl, .gz, .zst) or WARC/WET files; - for stdin")
    _add_job_flags(convert)
    run = commands.add_parser("run", help="run a batch described in a YAML job file")
    run.add_argument("job", metavar="JOB.yaml")

    _add_eval(commands)
    _add_train(commands)
    _add_explain_and_review(commands)
    _add_fuzz(commands)
    commands.add_parser("plugins", help="list registered and installed plugins")
    commands.add_parser("formats", help="list output formats")
    check = commands.add_parser("check-config", help="validate a config file")
    check.add_argument("config", metavar="FILE")
    _add_profiles(check)
    return parser


def _add_profiles(command: argparse.ArgumentParser) -> None:
    command.add_argument("--profiles", action="append", default=[], metavar="DIR",
                         help="a folder of your own site profiles (*.yaml), for the automatic "
                              "choice, --site and extends (repeatable; default: "
                              "$PAGENORM_PROFILES)")


def _add_job_flags(convert: argparse.ArgumentParser) -> None:
    """The flags of convert; each is a key of a job file (``--output-dir``: ``output_dir``)."""
    which = convert.add_mutually_exclusive_group()
    which.add_argument("--config", metavar="FILE", help="a config file (YAML)")
    which.add_argument("--site", metavar="NAME",
                       help="a site profile (default: picked per page by content)")
    convert.add_argument("--format", default="json", metavar="NAME",
                         help="json, jsonl, yaml, markdown, or parquet for shards (default json)")
    convert.add_argument("--output", "-o", metavar="FILE",
                         help="one stream to FILE (.gz or .zst compress it); default stdout")
    convert.add_argument("--output-dir", metavar="DIR",
                         help="one file per page mirroring the input names, or shards")
    convert.add_argument("--shard-size", type=int, metavar="N",
                         help="with --output-dir: files of N documents (jsonl or parquet)")
    convert.add_argument("--plugin", action="append", default=[], metavar="NAME",
                         help="enable an installed plugin by name (repeatable)")
    _add_profiles(convert)
    convert.add_argument("--url", metavar="URL",
                         help="the pages' url: recorded in source.url, and picks the profile")
    convert.add_argument("--workers", type=int, default=0, metavar="N",
                         help="processes (default: every core)")
    convert.add_argument("--chunk-size", type=int, default=64, metavar="N",
                         help="pages a worker takes at a time (default 64)")
    convert.add_argument("--errors", metavar="FILE",
                         help="error records (JSON Lines); default beside the output")
    convert.add_argument("--resume", action="store_true",
                         help="skip pages the output already holds (an interrupted run)")
    convert.add_argument("--fail-fast", action="store_true", help="stop at the first error")
    convert.add_argument("--quiet", "-q", action="store_true",
                         help="no progress bar and no summary")
    convert.add_argument("--input-format", default="auto",
                         choices=["auto", "text", "jsonl", "warc", "html"],
                         help="how to read input files (default: by name)")
    convert.add_argument("--text-field", default="text", metavar="NAME",
                         help="JSON Lines field holding the page (default text)")
    convert.add_argument("--id-field", default="id", metavar="NAME",
                         help="JSON Lines field holding the id (default id)")
    convert.add_argument("--url-field", default="url", metavar="NAME",
                         help="JSON Lines field holding the url (default url)")
    convert.add_argument("--engine", default="local", choices=["local", "dask"],
                         help="local processes, or dask.distributed (pagenorm[dask])")
    convert.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: the scheduler (default: a local cluster)")
    convert.add_argument("--strict", action="store_true",
                         help="a plugin error fails the page (default: a diagnostic)")
    convert.add_argument("--decoding", choices=["strict", "replace"],
                         help="bad bytes: an error, or U+FFFD and a diagnostic (config: "
                              "input.decoding, default strict)")
    convert.add_argument("--max-page-bytes", type=int, metavar="N",
                         help="bigger pages are error records (config: input.max_page_bytes)")
    convert.add_argument("--page-seconds", type=float, metavar="S",
                         help="slower pages are error records; 0: no limit (config: "
                              "input.page_seconds)")
    convert.add_argument("--review", metavar="DIR",
                         help="also write HTML review pages of the pages with diagnostics "
                              "and a fixed sample of the others to DIR")


def _add_eval(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser(
        "eval", help="measure accuracy on generated pages or on labelled pages in DIR")
    evaluate.add_argument("dir", nargs="?", metavar="DIR",
                          help="labelled pages: each *.txt beside its expected <stem>.json")
    evaluate.add_argument("--pages", type=int, metavar="N",
                          help="generated pages to score (default 2000)")
    evaluate.add_argument("--seed", type=int, metavar="S", help="generator seed (default 0)")
    evaluate.add_argument("--shape", action="append", default=[], metavar="PATTERN",
                          help="only page shapes matching this fnmatch pattern (repeatable)")
    which = evaluate.add_mutually_exclusive_group()
    which.add_argument("--config", metavar="FILE", help="a config file (YAML)")
    which.add_argument("--site", metavar="NAME",
                       help="a shipped site profile (default: picked per page)")
    _add_profiles(evaluate)
    evaluate.add_argument("--worst", type=int, default=10, metavar="K",
                          help="list the K pages with most fields wrong (default 10)")
    evaluate.add_argument("--json", action="store_true", help="the report as JSON")
    evaluate.add_argument("--review", metavar="DIR",
                          help="write HTML review pages of the worst pages to DIR, expected "
                               "beside produced for every field that differs")
    evaluate.add_argument("--labels", action="append", default=[], metavar="PATH",
                          help="line-labelled pages (devset/README.md): a folder of label "
                               "files or one file (repeatable)")
    evaluate.add_argument("--texts", metavar="DIR", default=".devset/raw",
                          help="where the labelled pages' texts are (default .devset/raw)")
    evaluate.add_argument("--folds", type=int, default=0, metavar="K",
                          help="leave-site-out: train the learned reader on the other sites' "
                               "pages for each of K folds grouped by site, score the fold")
    evaluate.add_argument("--generated", type=int, default=0, metavar="N",
                          help="with --folds: each fold also learns from N made-up pages")


def _add_train(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser(
        "train", help="train the learned line-role reader on line-labelled pages")
    train.add_argument("labels", nargs="+", metavar="LABELLED",
                       help="folders of label files, or label files (devset/README.md)")
    train.add_argument("-o", "--output", required=True, metavar="MODEL",
                       help="the model file to write")
    train.add_argument("--texts", metavar="DIR", default=".devset/raw",
                       help="where the pages' texts are when the label files lack them")
    train.add_argument("--plugin", default="learned", metavar="NAME",
                       help="the plugin that learns (default learned)")
    train.add_argument("--generated", type=int, default=0, metavar="N",
                       help="also learn from N made-up pages of every shape, their lines "
                            "labelled by the rule reader (the shipped model: 1440)")


def _add_explain_and_review(commands: argparse._SubParsersAction) -> None:
    explain = commands.add_parser("explain", help="show a page line by line: section, plugin, "
                                                  "confidence")
    explain.add_argument("page", metavar="PAGE", help="a page file, or - for stdin")
    explain.add_argument("--why", action="store_true",
                         help="also the claims that lost and what beat them, and why this "
                              "site profile was picked")
    explain.add_argument("--svg", metavar="FILE",
                         help="draw the listing, coloured and cut to 100 columns, in an SVG "
                              "picture instead of printing it (how docs/explain.svg is made)")
    review = commands.add_parser("review", help="write self-contained HTML review pages")
    review.add_argument("paths", nargs="+", metavar="PAGE",
                        help="page files, directories, glob patterns, JSON Lines or WARC files")
    review.add_argument("--output", "-o", required=True, metavar="DIR",
                        help="folder for index.html and one page per input page")
    for command in (explain, review):
        which = command.add_mutually_exclusive_group()
        which.add_argument("--config", metavar="FILE", help="a config file (YAML)")
        which.add_argument("--site", metavar="NAME",
                           help="a site profile (default: picked per page by content)")
        command.add_argument("--plugin", action="append", default=[], metavar="NAME",
                             help="enable an installed plugin by name (repeatable)")
        _add_profiles(command)
        command.add_argument("--url", metavar="URL",
                             help="the page's url: recorded in source.url, picks the profile")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "run":
            return _run(load_job(args.job))
        if args.command == "eval":
            return _eval_labels(args) if args.labels else _eval(args)
        if args.command == "train":
            return _train(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "review":
            return _review(args)
        if args.command == "fuzz":
            return _fuzz(args)
        if args.command == "plugins":
            return _plugins()
        if args.command == "formats":
            return _formats()
        return _check_config(args.config, args.profiles)
    except PagenormError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # piped into head, which has read enough: end quietly, as cat
        _drop_stdout()
        return EXIT_OK


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what is still buffered for the closed pipe raises nothing at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real descriptor (a test's capture): nothing to flush
        return


def _error(message: str) -> None:
    print(f"pagenorm: error: {message}", file=sys.stderr)


# --- convert ---


def _convert(args: argparse.Namespace) -> int:
    job = job_from_flags(
        inputs=tuple(args.paths), output=args.output, output_dir=args.output_dir,
        shard_size=args.shard_size, format=args.format, config=args.config, site=args.site,
        plugins=tuple(args.plugin), profiles=tuple(args.profiles), workers=args.workers,
        chunk_size=args.chunk_size,
        errors=args.errors, resume=args.resume, fail_fast=args.fail_fast, quiet=args.quiet,
        url=args.url, input_format=args.input_format, text_field=args.text_field,
        id_field=args.id_field, url_field=args.url_field, engine=args.engine,
        scheduler=args.scheduler, strict=args.strict, decoding=args.decoding,
        max_page_bytes=args.max_page_bytes, page_seconds=args.page_seconds,
        review=args.review)
    return _run(job)


def _run(job: Job) -> int:
    watcher = None
    if job.review:
        from pagenorm.review.sample import BatchReview

        watcher = BatchReview(job.review, quiet=job.quiet)
    summary = run_job(job, watcher)
    if not job.quiet and (summary.pages > 1 or summary.errors or summary.interrupted
                          or summary.files_skipped):
        for line in summary.lines():
            print(f"pagenorm: {line}", file=sys.stderr)
    if summary.note and not job.quiet:
        print(f"pagenorm: {summary.note}", file=sys.stderr)
    if summary.by_user:  # Ctrl-C, whatever failed before it
        return 130
    failing = summary.failing_plugins()
    for line in failing:  # even with --quiet: it is why the exit status is not 0
        _error(line)
    return EXIT_PAGE_FAILED if summary.errors or failing else EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from pagenorm.quality import evaluate  # the generator is imported only when it is needed

    if args.worst < 0:
        raise PagenormError("--worst must not be negative")
    if args.dir is not None and (args.pages is not None or args.seed is not None or args.shape):
        raise PagenormError("--pages, --seed and --shape are for generated pages, not DIR")
    pages = 2000 if args.pages is None else args.pages
    if pages < 1:
        raise PagenormError("--pages must be at least 1")
    normaliser = Normaliser(args.config or args.site, profiles=args.profiles or None)
    if args.dir is not None:
        report = evaluate.score_directory(args.dir, normaliser, worst=args.worst)
    else:
        report = evaluate.score_generated(pages, args.seed or 0, args.shape, normaliser,
                                          worst=args.worst)
    if args.json:
        sys.stdout.buffer.write(to_json(report.to_dict(), indent=True))
    else:
        sys.stdout.write(report.to_text())
    if args.review:
        from pagenorm.review.sample import review_eval

        pages = evaluate.labelled_pages(Path(args.dir))[0] if args.dir is not None \
            else evaluate.generated_pages(pages, args.seed or 0, args.shape)
        index = review_eval(report, pages, normaliser, args.review)
        print(f"pagenorm: review of the {len(report.worst_pages())} worst pages: {index}",
              file=sys.stderr)
    return EXIT_OK


def _eval_labels(args: argparse.Namespace) -> int:
    from pagenorm.quality import lineset

    if args.folds < 0 or args.folds == 1:
        raise PagenormError("--folds must be 0 (no training) or at least 2")
    if args.folds and (args.config or args.site):
        raise PagenormError("--folds reads the pages no profile matches with each fold's "
                            "model: it takes no --config or --site")
    if args.generated < 0 or (args.generated and not args.folds):
        raise PagenormError("--generated N (N >= 0) is for --folds")
    if args.dir is not None or args.review or args.pages is not None:
        raise PagenormError("--labels takes no DIR, --review or --pages")
    pages = lineset.read_labelled(args.labels, args.texts, on_bad=_warn)
    if not pages:
        raise PagenormError("no labelled page could be read")
    normaliser = Normaliser(args.config or args.site, profiles=args.profiles or None)
    scores = lineset.evaluate(pages, normaliser, folds=args.folds, generated=args.generated)
    if args.json:
        sys.stdout.buffer.write(to_json(lineset.report_json(scores), indent=True))
    else:
        how = f"leave-site-out, {args.folds} folds" if args.folds else "no training"
        sys.stdout.write(lineset.report_text(scores, f"line-labelled pages ({how})"))
    return EXIT_OK


def _train(args: argparse.Namespace) -> int:
    from pagenorm.quality import lineset

    pages = lineset.read_labelled(args.labels, args.texts, on_bad=_warn)
    if not pages:
        raise PagenormError("no labelled page could be read")
    if args.generated < 0:
        raise PagenormError("--generated must not be negative")
    print(lineset.train(pages, args.output, args.plugin, generated=args.generated),
          file=sys.stderr)
    return EXIT_OK


def _warn(message: str) -> None:
    print(f"pagenorm: skipped {message}", file=sys.stderr)


# --- explain and review ---


def _explain(args: argparse.Namespace) -> int:
    from pagenorm.review.explain import explain, make_console
    from pagenorm.review.view import view_inputs

    normaliser = Normaliser(args.config or args.site, plugins=args.plugin,
                            profiles=args.profiles or None)
    if args.page != "-" and not is_url(args.page) and not Path(args.page).is_file():
        what = "a directory: explain takes one page file" if Path(args.page).is_dir() \
            else "no such file"
        raise PagenormError(f"{args.page}: {what}")
    views = list(view_inputs([args.page], normaliser, normaliser.input_policy, args.url))
    if len(views) != 1:
        raise PagenormError(f"{args.page}: explain takes one page, this holds {len(views)}")
    view = views[0]
    if isinstance(view, PagenormError):
        raise view
    if args.svg:
        _explain_svg(view, args)
    else:
        explain(view, make_console(), why=args.why)
    return EXIT_OK


def _explain_svg(view: PageView, args: argparse.Namespace) -> None:
    from pagenorm.review.explain import save_svg

    title = f"pagenorm explain {args.page}" + (" --why" if args.why else "")
    try:
        save_svg(view, args.svg, why=args.why, title=title)
    except OSError as exc:
        raise PagenormError(f"{args.svg}: cannot write the picture: "
                            f"{exc.strerror or exc}") from exc
    print(f"pagenorm: explain drawn in {args.svg}", file=sys.stderr)


def _review(args: argparse.Namespace) -> int:
    from pagenorm.review.pages import ReviewPage, write_review
    from pagenorm.review.view import view_inputs

    normaliser = Normaliser(args.config or args.site, plugins=args.plugin,
                            profiles=args.profiles or None)
    failed = 0
    reviewed: list[ReviewPage] = []
    for view in view_inputs(args.paths, normaliser, normaliser.input_policy, args.url):
        if isinstance(view, PagenormError):
            _error(str(view))
            failed += 1
            continue
        reviewed.append(ReviewPage(view))
    if not reviewed:
        raise PagenormError("no page to review")
    index = write_review(reviewed, args.output)
    print(f"pagenorm: {len(reviewed)} pages reviewed: {index}", file=sys.stderr)
    return EXIT_PAGE_FAILED if failed else EXIT_OK
# --- fuzz ---


def _add_fuzz(commands: argparse._SubParsersAction) -> None:
    fuzz = commands.add_parser(
        "fuzz", help="mutate generated pages and check every invariant on each")
    fuzz.add_argument("--pages", type=int, default=10_000, metavar="N",
                      help="pages to try (default 10000)")
    fuzz.add_argument("--seed", type=int, default=0, metavar="S", help="campaign seed (default 0)")
    fuzz.add_argument("--workers", type=int, default=1, metavar="W",
                      help="processes (default 1)")
    which = fuzz.add_mutually_exclusive_group()
    which.add_argument("--config", metavar="FILE", help="a config file (YAML)")
    which.add_argument("--site", metavar="NAME",
                       help="a site profile (default: each page with the automatic choice "
                            "and with every shipped profile in turn)")
    fuzz.add_argument("--plugin", action="append", default=[], metavar="NAME",
                      help="enable an installed plugin by name (repeatable)")
    fuzz.add_argument("--out", metavar="DIR",
                      help="write each kind of failure's smallest page and recipe here")
    fuzz.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _fuzz(args: argparse.Namespace) -> int:
    from pagenorm.quality import fuzzing  # the generator is imported only when it is needed

    if args.pages < 1 or args.workers < 1:
        raise PagenormError("--pages and --workers must be at least 1")
    if args.workers > max_workers():
        raise PagenormError(f"--workers: at most {max_workers()} on this machine "
                            f"({WORKERS_PER_CORE} per core)")
    chosen = args.config or args.site
    Normaliser(chosen or "default", plugins=args.plugin)  # a bad name: a one-line error here
    report = fuzzing.run_campaign(
        args.pages, args.seed, configs=None if chosen is None else [chosen],
        plugins=args.plugin, workers=args.workers,
        progress=not args.quiet and sys.stderr.isatty())
    for line in report.lines():
        print(line)
    if args.out and report.found:
        try:
            written = fuzzing.write_found(report, args.out)
        except OSError as exc:
            raise PagenormError(f"{args.out}: cannot write the failing pages: "
                                f"{exc.strerror or exc}") from exc
        for path in written:
            print(f"wrote {path}")
    return EXIT_PAGE_FAILED if report.failing_pages else EXIT_OK


# --- listing and checking ---


def _plugins() -> int:
    host = PluginHost()
    for name, info in sorted(host.infos.items()):
        loaded = host.pm.has_plugin(name)
        hooks = ", ".join(host.hooks_of(name)) if loaded else "(not loaded: enable it by name)"
        origin = f"{info.distribution} {info.version}" + (" (built-in)" if info.builtin else "")
        print(f"{name:14} {origin:28} {info.target}\n{'':14} hooks: {hooks}")
    return EXIT_OK


def _formats() -> int:
    from pagenorm.batch.parquet import PARQUET  # shards only: written by the batch, not a plugin

    formats = {**PluginHost().formats(), PARQUET.name: PARQUET}
    for name, fmt in sorted(formats.items()):
        print(f"{name:10} {fmt.extension:9} {fmt.description}")
    return EXIT_OK


def _check_config(path: str, profiles: list[str]) -> int:
    config = load_config(path, PluginHost(), profile_folders(profiles or None))
    zone = config.site.timezone or "no zone"
    print(f"{path}: ok (site {config.site.name}, {zone}; plugins: {', '.join(config.plugins)})")
    if config.re_fallbacks:  # RE2 cannot take these: re matches them, under the time limit
        count = len(config.re_fallbacks)
        print(f"{count} pattern{' falls' if count == 1 else 's fall'} back to re: RE2 cannot "
              "read them as re does (lookaround, backreferences and more: see docs/reliability.md)")
        for line in config.re_fallbacks:
            print(f"  {line}")
    return EXIT_OK
