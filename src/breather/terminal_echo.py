"""Typed keys kept out of the line player's output, and the terminal always given back as it was.

The line player (``--plain``) reads no keys, but a terminal echoes whatever is typed: a space
pressed out of habit to pause, a ``q``, lands in the middle of the lines a screen reader is
reading. While a session plays, :func:`echo_off` turns the terminal's echo off, and turns it back
on for the one moment something is read (Enter at a checklist). What was typed meanwhile is
discarded then and at the end, so it neither answers a checklist nor reaches the shell's prompt.
It only ever touches a terminal: when input is a file, a pipe or nothing, it does nothing.

The echo must come back at every way out: the end, Ctrl+C, an error, and the signals that end a
process (SIGTERM, SIGHUP) whose default would skip every ``finally``. For those, a handler puts
the terminal back first and then hands the signal on to whatever handled it before (the
program's own signal handling, or the default, which ends the process as the signal would have).
It is one small context manager so that signal handling elsewhere need not know about it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TextIO

try:
    import termios
except ImportError:  # pragma: no cover - Windows: the console echoes nothing we could stop here
    termios = None  # type: ignore[assignment]

_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals whose default action ends the process without running ``finally`` blocks."""

_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class EchoSwitch:
    """The terminal's echo while a session plays: off, except while an answer is read."""

    def __init__(self, fd: int | None, saved: list[Any] | None) -> None:
        self._fd = fd
        self._saved = saved
        self._answering = False
        self.active = False
        """Whether echo is being kept off (False when input is not a terminal)."""

    def _set(self, echo: bool) -> None:
        if sys.platform == "win32" or self._fd is None or self._saved is None or termios is None:
            return
        attributes = list(self._saved)
        if not echo:
            attributes[3] = self._saved[3] & ~termios.ECHO
        with contextlib.suppress(termios.error, OSError, ValueError):
            termios.tcsetattr(self._fd, termios.TCSADRAIN, attributes)

    def quiet(self) -> None:
        """Echo off: what is typed is not shown."""
        self._set(echo=False)

    def restore(self) -> None:
        """The terminal exactly as it was before the session, with nothing typed left waiting.

        Keys typed while the lines played were meant for the player: kept, they would answer
        the next checklist, or land on the shell's prompt when breather ends.
        """
        if (
            sys.platform != "win32"
            and self._fd is not None
            and self._saved is not None
            and termios is not None
        ):
            with contextlib.suppress(termios.error, OSError, ValueError):
                termios.tcflush(self._fd, termios.TCIFLUSH)
        self._set(echo=True)

    def resume(self) -> None:
        """Back to quiet after a signal was handed on and the session goes on."""
        if self.active and not self._answering:
            self.quiet()

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Echo on while an answer is read, so the person sees what they type."""
        self._answering = True
        self.restore()
        try:
            yield
        finally:
            self._answering = False
            if self.active:
                self.quiet()


def _terminal_fd(stream: TextIO | None) -> int | None:
    if stream is None or termios is None:
        return None
    try:
        fd = stream.fileno()
        return fd if os.isatty(fd) else None
    except (OSError, ValueError, AttributeError):
        return None


def _handing_on(switch: EchoSwitch, previous: _Handler) -> Callable[[int, FrameType | None], None]:
    """A handler that gives the terminal back, then lets the earlier handler have the signal."""

    def handler(signum: int, frame: FrameType | None) -> None:
        switch.restore()
        if callable(previous):
            previous(signum, frame)  # may raise, to end the session; its finally restores too
            switch.resume()  # it chose to carry on
            return
        if previous == signal.SIG_IGN:
            switch.resume()
            return
        signal.signal(signum, signal.SIG_DFL)  # the default: end as the signal would have
        os.kill(os.getpid(), signum)

    return handler


@contextlib.contextmanager
def echo_off(stream: TextIO | None) -> Iterator[EchoSwitch]:
    """Keep typed keys off the screen while the body runs, when ``stream`` is a terminal.

    Args:
        stream: The input the keys would be typed into (``sys.stdin``).

    Yields:
        The switch; wrap the reading of an answer in :meth:`EchoSwitch.answering`.
    """
    fd = _terminal_fd(stream)
    saved: list[Any] | None = None
    if sys.platform != "win32" and fd is not None and termios is not None:
        with contextlib.suppress(termios.error, OSError):
            saved = termios.tcgetattr(fd)
    switch = EchoSwitch(fd, saved)
    if saved is None:
        yield switch
        return
    handlers: dict[int, _Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _ENDING_SIGNALS:
            previous = signal.getsignal(signum)
            handlers[signum] = previous
            signal.signal(signum, _handing_on(switch, previous))
    switch.active = True
    try:
        switch.quiet()
        yield switch
    finally:
        switch.active = False
        switch.restore()
        for signum, previous in handlers.items():
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
