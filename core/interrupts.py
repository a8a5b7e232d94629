"""Telling the driver's own stops (Ctrl-C, a time limit) from a plugin's ``BaseException``.

A plugin is other people's code: it may raise ``SystemExit``, ``GeneratorExit``, a
``KeyboardInterrupt`` of its own or any other ``BaseException``. None of them may end a
batch: each costs that plugin its lines (``plugin.error``). Only what the driver raises into
running code passes the guards: a ``DriverStop`` (the batch's time limit), and the
``KeyboardInterrupt`` of a real SIGINT. A SIGINT is told apart by counting them: while
``counting_sigint`` is active a handler counts each one before raising, so a
``KeyboardInterrupt`` raised while no SIGINT arrived is a plugin's. Where SIGINT is ignored
(pool workers) no ``KeyboardInterrupt`` can come from one. Under any other handler (a
program embedding the library) it cannot be told, and is taken for the user's.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_arrived = [0]  # SIGINTs counted by _on_sigint


class DriverStop(BaseException):
    """Raised by the driver into plugin code (a time limit): never a plugin's failure."""


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _arrived[0] += 1
    raise KeyboardInterrupt


def sigints() -> int:
    """How many SIGINTs the counting handler has seen: read before a plugin call."""
    return _arrived[0]


@contextmanager
def counting_sigint() -> Iterator[None]:
    """Count SIGINTs in the block (Ctrl-C still raises ``KeyboardInterrupt`` as before),
    when Python's default handler is in place and this is the main thread."""
    usable = threading.current_thread() is threading.main_thread() \
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if not usable:
        yield
        return
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def plugins_own(exc: BaseException, before: int) -> bool:
    """Whether ``exc``, raised out of a plugin call that began when ``sigints()`` was
    ``before``, is the plugin's own doing (and so only that plugin's failure)."""
    if isinstance(exc, Exception):
        return True
    if isinstance(exc, DriverStop):
        return False
    if isinstance(exc, KeyboardInterrupt):
        handler = signal.getsignal(signal.SIGINT)
        if handler is signal.SIG_IGN:
            return True  # no SIGINT can raise it here: a pool worker
        return handler is _on_sigint and _arrived[0] == before
    return True  # SystemExit, GeneratorExit, and any other BaseException
