"""``pagenorm explain``: a page line by line in the terminal.

Each line shows its number, the kind of the section that covers it (``residual`` when none
does), the plugin, the confidence and the text, coloured per section kind and cut to the
terminal's width. When standard output is not a terminal the lines are plain and whole.
With ``why``, what a plugin that weighs its readings (the learned reader) weighed for a line
is shown under it (``? learned: title 0.71, body 0.20 · w0=by +5.75``), the claims that lost
the resolution under the line they start on,
with what beat them, and the header says which site profile was picked and why. With
``--svg FILE`` the listing is drawn as a terminal would show it, in an SVG picture.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.text import Text

from pagenorm.model import Claim
from pagenorm.review.view import (
    BLANK,
    RESIDUAL,
    LineView,
    PageView,
    describe_choice,
    describe_loss,
    kind_colour,
)

# C0 and C1 codes (ESC included), and the bidirectional controls (embeddings, overrides,
# isolates and marks), with which a page could reorder what the terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      r"\u2066-\u2069]")
KIND_WIDTH = 12
SVG_WIDTH = 100  # columns of the terminal drawn by --svg
PLUGIN_WIDTH = 12


def make_console(file: IO[str] | None = None, *, terminal: bool | None = None,
                 width: int | None = None) -> Console:
    """Colour and cutting on a terminal; plain, whole lines otherwise (``terminal`` and
    ``width`` override what rich detects). Page text is never read as rich markup."""
    console = Console(file=file, force_terminal=terminal, width=width, highlight=False,
                      markup=False, emoji=False)
    if not console.is_terminal:
        console.soft_wrap = True
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def _broken_pipe() -> None:
    """Rich's own answer to a reader that closed the pipe (``| head``) is exit status 1:
    hand it to the command line, which ends quietly with 0, as every command does."""
    raise BrokenPipeError


def save_svg(view: PageView, path: str | Path, *, why: bool = False, title: str) -> None:
    """``explain`` as a terminal ``SVG_WIDTH`` columns wide shows it, drawn by rich's own
    export (``--svg``; how ``docs/explain.svg`` is made): the same picture wherever it is
    made, whatever ``TERM``, ``COLUMNS`` or ``NO_COLOR`` say."""
    console = Console(file=io.StringIO(), force_terminal=True, width=SVG_WIDTH,
                      height=50,  # with a width, keeps rich from asking TERM or COLUMNS
                      color_system="truecolor", no_color=False, record=True,
                      highlight=False, markup=False, emoji=False)
    explain(view, console, why=why)
    svg = console.export_svg(title=_clean(title))
    # rich's template fetches its font from a CDN: the picture uses local fonts only
    svg = re.sub(r',?\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)', "", svg)
    Path(path).write_text(svg, encoding="utf-8")


def explain(view: PageView, console: Console, *, why: bool = False) -> None:
    for line in _header(view, why):
        console.print(line)
    number_width = len(str(max(len(view.lines) - 1, 0)))
    starts: dict[int, list] = {}
    for decision in view.lost if why else ():
        starts.setdefault(decision.claim.first, []).append(decision)
    for line in view.lines:
        _print(console, _row(line, number_width))
        if why and line.won is not None and line.won.first == line.number \
                and (line.won.readings or line.won.evidence):
            _print(console, Text(" " * (number_width + 3) + "? " + _clean(weighed(line.won)),
                                 style="dim"))
        for decision in starts.get(line.number, ()):
            _print(console, Text(" " * (number_width + 3) + "✗ " + _clean(describe_loss(decision)),
                                 style="dim"))
    for diagnostic in view.document.diagnostics:
        where = "" if diagnostic.lines is None else \
            f" lines {diagnostic.lines[0]}-{diagnostic.lines[1]}"
        console.print(Text(_clean(f"{diagnostic.level} {diagnostic.code}{where}: "
                                  f"{diagnostic.message}"), style="yellow"))


def weighed(claim: Claim) -> str:
    """``learned: title 0.71, body 0.20 · w0=by +5.75, by=1 +1.82``: what a plugin that
    weighs its readings (the learned reader) weighed for the line, and what weighed most."""
    readings = ", ".join(f"{kind} {p:.2f}" for kind, p in claim.readings)
    evidence = ", ".join(f"{name} {w:+.2f}" for name, w in claim.evidence)
    return f"{claim.plugin}: {readings}" + (f" · {evidence}" if evidence else "")


def _print(console: Console, text: Text) -> None:
    if console.soft_wrap:  # not a terminal: the whole line
        console.print(text)
    else:
        console.print(text, no_wrap=True, overflow="ellipsis", crop=True)


def _header(view: PageView, why: bool) -> list[Text]:
    doc = view.document
    counts = (f"{len(view.lines)} lines, {len(doc.sections)} sections, "
              f"{len(doc.residual)} residual, {len(doc.diagnostics)} diagnostics")
    lines = [Text(_clean(f"{doc.id}: {doc.kind}, site {doc.site}, {counts}"), style="bold")]
    if why:
        lines.append(Text(_clean(describe_choice(view.choice))))
        if view.prefix:
            lines.append(Text(f"crawl prefix cut off line 0: {_clean(view.prefix)!r}"))
        lines.append(Text(f"{len(view.lost)} claims lost the resolution (✗ under their "
                          "first line)"))
    return lines


def _row(line: LineView, number_width: int) -> Text:
    colour = kind_colour(line.kind)
    kind = "" if line.kind == BLANK else _clean(line.kind)
    plugin = _clean(line.plugin or ("-" if line.kind == RESIDUAL else ""))
    confidence = "" if line.confidence is None else f"{line.confidence:.2f}"
    text_style = "dim" if line.kind in (BLANK, RESIDUAL) and not line.text.strip() else colour
    row = Text.assemble(
        (f"{line.number:>{number_width}} ", "dim"),
        (f"{kind[:KIND_WIDTH]:<{KIND_WIDTH}} ", f"bold {colour}"),
        (f"{plugin[:PLUGIN_WIDTH]:<{PLUGIN_WIDTH}} ", "dim"),
        (f"{confidence:>4}  ", "dim"),
        (_clean(line.text), text_style),
    )
    row.rstrip()
    return row


def _clean(text: object) -> str:
    """Text without control codes or bidirectional controls: neither a page nor a config
    (a site name, a plugin's section kind) may drive the terminal, nor reorder what it
    shows. Every text printed goes through here."""
    return _CONTROL.sub("", str(text).replace("\t", "    "))
