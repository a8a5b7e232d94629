"""The ``pagenorm`` command line: convert, eval, plugins, formats, check-config.

Every failure a user can cause is reported as one line, ``pagenorm: error: ...``, with a
non-zero exit status; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from pagenorm import __version__
from pagenorm.api import Normaliser
from pagenorm.config import load_config
from pagenorm.errors import PagenormError
from pagenorm.manager import PluginHost
from pagenorm.model import Source
from pagenorm.serialise import to_json

EXIT_OK, EXIT_PAGE_FAILED, EXIT_USAGE = 0, 1, 2
PAGE_SUFFIXES = (".txt", ".text")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pagenorm", description="Normalise crawled news pages into typed documents.")
    parser.add_argument("--version", action="version", version=f"pagenorm {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = commands.add_parser("convert", help="normalise pages and write documents")
    convert.add_argument("paths", nargs="+", metavar="PATH",
                         help="page files or directories (*.txt, recursively); - for stdin")
    which = convert.add_mutually_exclusive_group()
    which.add_argument("--config", metavar="FILE", help="a config file (YAML)")
    which.add_argument("--site", metavar="NAME",
                       help="a shipped site profile (default: picked per page by content)")
    convert.add_argument("--format", default="json", metavar="NAME",
                         help="output format: json, jsonl, yaml, markdown (default json)")
    convert.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")
    convert.add_argument("--plugin", action="append", default=[], metavar="NAME",
                         help="enable an installed plugin by name (repeatable)")
    convert.add_argument("--url", metavar="URL",
                         help="the pages' url: recorded in source.url, and picks the profile")

    _add_eval(commands)
    commands.add_parser("plugins", help="list registered and installed plugins")
    commands.add_parser("formats", help="list output formats")
    check = commands.add_parser("check-config", help="validate a config file")
    check.add_argument("config", metavar="FILE")
    return parser


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
    evaluate.add_argument("--worst", type=int, default=10, metavar="K",
                          help="list the K pages with most fields wrong (default 10)")
    evaluate.add_argument("--json", action="store_true", help="the report as JSON")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "plugins":
            return _plugins()
        if args.command == "formats":
            return _formats()
        return _check_config(args.config)
    except PagenormError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # e.g. piped into head: not an error worth a traceback
        sys.stderr.close()
        return EXIT_OK


def _error(message: str) -> None:
    print(f"pagenorm: error: {message}", file=sys.stderr)


# --- convert ---


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """(id, path) for every page: a file is its own name, a directory's files are named
    by their path relative to it; ``-`` is standard input."""
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
            for file in files:
                yield file.relative_to(path).as_posix(), file
        else:
            yield path.name, path


def _convert(args: argparse.Namespace) -> int:
    normaliser = Normaliser(args.config or args.site, plugins=args.plugin)
    fmt = normaliser.host.formats().get(args.format)
    if fmt is None:
        known = ", ".join(sorted(normaliser.host.formats()))
        raise PagenormError(f"unknown format {args.format!r} (known: {known})")
    # One file in gives one document out; a directory or several paths give a stream
    # (for json, an array), decided by the command line, never by what the files hold.
    single = len(args.paths) == 1 and not Path(args.paths[0]).is_dir()
    header, footer = (b"", b"") if single else (fmt.header, fmt.footer)
    failed = 0
    with _open_output(args.output) as out:
        out.write(header)
        first = True
        for page_id, path in _inputs(args.paths):
            try:
                data = sys.stdin.buffer.read() if path is None else _read(path)
                source = Source(path=str(path) if path else None, url=args.url)
                document = normaliser.normalise_bytes(data, id=page_id, source=source)
                text = normaliser.emit(document, args.format)
            except PagenormError as exc:
                _error(str(exc))
                failed += 1
                continue
            out.write(text if first else fmt.separator + text)
            first = False
        out.write(footer)
    return EXIT_PAGE_FAILED if failed else EXIT_OK


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PagenormError(f"{path}: cannot read: {exc.strerror or exc}") from exc


class _open_output:
    """Standard output, or a file written atomically (temporary file, then rename)."""

    def __init__(self, target: str | None) -> None:
        self.target = Path(target) if target else None
        self.temp: str | None = None

    def __enter__(self) -> BinaryIO:
        if self.target is None:
            return sys.stdout.buffer
        folder = self.target.parent
        try:
            handle, self.temp = tempfile.mkstemp(prefix=f".{self.target.name}.", dir=folder)
        except OSError as exc:
            raise PagenormError(f"{self.target}: cannot write: {exc.strerror or exc}") from exc
        self.file = os.fdopen(handle, "wb")
        return self.file

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.target is None:
            sys.stdout.flush()
            return
        self.file.close()
        assert self.temp is not None
        if error is None:
            os.replace(self.temp, self.target)
        else:
            os.unlink(self.temp)


# --- eval ---


def _eval(args: argparse.Namespace) -> int:
    from pagenorm import evaluate  # the generator is imported only when it is needed

    if args.worst < 0:
        raise PagenormError("--worst must not be negative")
    if args.dir is not None and (args.pages is not None or args.seed is not None or args.shape):
        raise PagenormError("--pages, --seed and --shape are for generated pages, not DIR")
    pages = 2000 if args.pages is None else args.pages
    if pages < 1:
        raise PagenormError("--pages must be at least 1")
    normaliser = Normaliser(args.config or args.site)
    if args.dir is not None:
        report = evaluate.score_directory(args.dir, normaliser, worst=args.worst)
    else:
        report = evaluate.score_generated(pages, args.seed or 0, args.shape, normaliser,
                                          worst=args.worst)
    if args.json:
        sys.stdout.buffer.write(to_json(report.to_dict(), indent=True))
    else:
        sys.stdout.write(report.to_text())
    return EXIT_OK


# --- listing and checking ---


def _plugins() -> int:
    host = PluginHost()
    for name, info in sorted(host.infos.items()):
        loaded = host.pm.has_plugin(name)
        hooks = ", ".join(host.hooks_of(name)) if loaded else "(not loaded: enable it by name)"
        origin = "built-in" if info.builtin else f"{info.distribution} {info.version}"
        print(f"{name:14} {origin:22} {info.target}\n{'':14} hooks: {hooks}")
    return EXIT_OK


def _formats() -> int:
    for name, fmt in sorted(PluginHost().formats().items()):
        print(f"{name:10} {fmt.extension:7} {fmt.description}")
    return EXIT_OK


def _check_config(path: str) -> int:
    config = load_config(path, PluginHost())
    zone = config.site.timezone or "no zone"
    print(f"{path}: ok (site {config.site.name}, {zone}; plugins: {', '.join(config.plugins)})")
    return EXIT_OK
