"""``Emitter``: the plugin object behind every single-format emitter.

An emit plugin then needs only its ``Format`` and a function from document to bytes:
``plugin = Emitter(FORMAT, render)``, with the entry point naming ``module:plugin``.
"""

from __future__ import annotations

from collections.abc import Callable

from pagenorm.hookspecs import hookimpl
from pagenorm.model import Document, Format


class Emitter:
    def __init__(self, format: Format, render: Callable[[Document], bytes]) -> None:
        self.format = format
        self.render = render
        self.__name__ = f"{render.__module__}:plugin"  # how `pagenorm plugins` shows it

    @hookimpl
    def emit_formats(self) -> list[Format]:
        return [self.format]

    @hookimpl
    def emit(self, document: Document, format: str) -> bytes | None:
        return self.render(document) if format == self.format.name else None
