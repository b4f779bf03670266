"""Textual's terminal driver, made safe for a terminal that goes away (checked on Textual 8.2.8).

Why this exists: closing the terminal while breather started up sometimes left it running for
ever, asleep, deaf to SIGTERM. The cause is in Textual's ``LinuxDriver`` (8.2.8):

1. It handles SIGCONT with a Python-level handler that restarts application mode whenever it
   runs, suspended or not. Closing a terminal sends SIGHUP *and* SIGCONT, so the handler runs
   between two bytecodes of whatever the main thread was doing, and starts a second writer
   thread (and a second input thread) on the terminal that has just gone.
2. The writer thread dies on the first failed write (EIO on a hung-up terminal): nothing catches
   the error in ``WriterThread.run``. Its queue holds 30 writes; the 31st ``put`` waits for ever.
3. The shutdown writes its closing sequences through that queue, from the event loop's own
   thread, so the loop stops for good: the signal callbacks asyncio would run never run.

A stack dump of a survivor shows the main thread in ``WriterThread.stop -> Queue.put`` or
``disable_input -> ... -> Queue.put``, and one ``textual-output`` thread in ``Queue.get``: the
*first* writer thread, on the first queue, which nothing writes to any more. Not a lost wake-up
on one queue, as it first looked: two queues, and the live thread serves the wrong one.

The workaround, kept as narrow as it can be:

- SIGTSTP and SIGCONT reach Textual's own handling through the event loop
  (``loop.add_signal_handler``), and SIGCONT resumes application mode only when this driver
  suspended it (Ctrl+Z, then ``fg``).
- The writer thread writes through :class:`_OutputThatCannotFail`: a failed write means the
  terminal is gone; the guard is told, and later writes are dropped, so the queue always drains.
- The process's guard (:mod:`breather.hangup`) watches the terminal from application mode on,
  and its deadline can restore the terminal's modes if the shutdown ever sticks.

One more, of another kind: Textual's input thread decodes the keyboard strictly as UTF-8, so
one byte that is not (a Latin-1 terminal, a paste from an old document) kills the thread and
ends the app mid-session (Textual issue #6456, open for 8.2.8). :func:`_keyboard_decoder` makes
such a byte U+FFFD instead, for this module's driver only.

Remove these when Textual handles these cases itself (see the README's design notes for the
upstream report); ``tests/tmux/test_never_left_running.py`` tells whether it still must stay.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import functools
import signal
import sys
import termios
from typing import TYPE_CHECKING, Any, TextIO

from textual.drivers import linux_driver
from textual.drivers.linux_driver import LinuxDriver

from breather.hangup import FULL_SCREEN_SIGNALS, guard, write_if_ready

if TYPE_CHECKING:
    from textual.app import App

LEAVE_APPLICATION_MODE = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # mouse reports off
    "\x1b[?2004l\x1b[?2048l\x1b[?1004l"  # bracketed paste, resize and focus reports off
    "\x1b[<u\x1b[?7h\x1b[?1049l\x1b[?25h"  # keyboard protocol, line wrap, main screen, cursor
)
"""What Textual writes when it leaves application mode, for the deadline to write if it cannot."""


def _keyboard_decoder(encoding: str) -> Any:
    """The incremental decoder Textual's input thread asks for, with bytes that are not
    ``encoding`` replaced (U+FFFD) instead of raising: a stray byte must not end the app.

    ``LinuxDriver.run_input_thread`` (Textual 8.2.8) makes its decoder with
    ``getincrementaldecoder("utf-8")()`` from its own module's namespace, which is where this
    stands in (below); it is the only caller there. A Pilot test of the driver's input thread
    (tests/ui/test_keyboard_bytes.py) tells whether it still reaches it after an upgrade.
    """
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


linux_driver.getincrementaldecoder = _keyboard_decoder  # type: ignore[attr-defined]


class _OutputThatCannotFail:
    """The terminal as Textual's writer thread sees it: a failed write never kills the thread."""

    def __init__(self, file: TextIO) -> None:
        self._file = file
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                self._file.write(text)
            except (OSError, ValueError):
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lose()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return not self.lost and self._file.isatty()

    def _lose(self) -> None:
        self.lost = True
        guard().output_lost()


class TerminalDriver(LinuxDriver):
    """Textual's ``LinuxDriver``, safe when the terminal goes away (see the module docstring)."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        assert self._file is not None, "a terminal app needs a stderr"
        self.output = _OutputThatCannotFail(self._file)
        self._file = self.output  # type: ignore[assignment]  # what the writer thread writes to
        # Textual has just put Python-level handlers in place for these two; they do real work
        # (write, start threads) wherever the main thread happens to be. Until application mode
        # routes them through the event loop, the defaults hold.
        self._suspended_by_signal = False
        self._guarded = False
        if sys.platform != "win32":  # this driver is chosen only on POSIX (BreatherApp)
            signal.signal(signal.SIGTSTP, signal.SIG_DFL)
            signal.signal(signal.SIGCONT, signal.SIG_DFL)

    def start_application_mode(self) -> None:
        """Take the terminal; the first time, let the event loop and the guard handle signals."""
        if not self._guarded and sys.platform != "win32":
            self._guarded = True
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTSTP, self._suspend_from_loop)
            loop.add_signal_handler(signal.SIGCONT, self._continue_from_loop)
            watch = [self.output.fileno()] + ([self.fileno] if self.input_tty else [])
            guard().install(FULL_SCREEN_SIGNALS, watch=watch)
            guard().restore_with(self._restore_at_deadline)
        super().start_application_mode()  # type: ignore[no-untyped-call]

    def _suspend_from_loop(self) -> None:
        """SIGTSTP (Ctrl+Z sent from outside, or the app's own suspend): Textual's handling."""
        if self.output.lost:
            return
        self._suspended_by_signal = self._auto_restart
        self._sigtstp_application()

    def _continue_from_loop(self) -> None:
        """SIGCONT: resume only what this driver suspended, and only on a terminal still there.

        Closing a terminal sends SIGCONT with SIGHUP; Textual 8.2.8 would restart application
        mode on the terminal that has just gone (see the module docstring).
        """
        if not self._suspended_by_signal:
            return
        self._suspended_by_signal = False
        if not self.output.lost:
            self._sigcont_application()
            writer = self._writer_thread
            if writer is not None and writer.is_alive():  # not when it returned early (``bg``)
                # The alternate screen comes back empty, and Textual 8.2.8 repaints only what it
                # thinks changed (its Resize has the old size; what was drawn just before the
                # stop went to the stopped writer thread). Its own ``App.suspend()`` refreshes
                # the whole screen after resuming; this path did not, and under load the library
                # stayed blank but for its footer.
                self._app.refresh(layout=True)

    def _restore_at_deadline(self, terminal_gone: bool) -> None:
        """Put the terminal back as it was, from the guardian thread: system calls only."""
        if self.attrs_before is not None and sys.platform != "win32":
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        if not terminal_gone:
            write_if_ready(self.output.fileno(), LEAVE_APPLICATION_MODE.encode())
