"""Errors that reach a user as one line: ``file:line: what is wrong``."""

from __future__ import annotations


class PagenormError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits non-zero, never a traceback."""


class ConfigError(PagenormError):
    def __init__(self, file: str, message: str, *, key: str | None = None,
                 line: int | None = None) -> None:
        self.file, self.key, self.line, self.message = file, key, line, message
        where = file if line is None else f"{file}:{line}"
        what = f"{key}: {message}" if key else message
        super().__init__(f"{where}: {what}")


class PluginError(PagenormError):
    pass


class InputError(PagenormError):
    """A page that cannot be read; ``code`` becomes the error record's code in a batch."""

    def __init__(self, source: str, message: str, *, code: str = "page.undecodable") -> None:
        self.source, self.code = source, code
        super().__init__(f"{source}: {message}")
