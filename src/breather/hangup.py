"""Never left running: how breather ends when it is told to stop or its terminal goes away.

Closing a terminal window sends SIGHUP (and SIGCONT) to the program in it, and from then on every
write to the terminal fails and every read finds its end. A clinic workstation may also end
breather with SIGTERM, and a script may read its lines through a pipe that closes early
(``breather play X --plain | head -1``). In every case breather must end, promptly, without
waiting on a terminal that is gone.

How, on POSIX:

- **A signal handler only records.** The handler writes the signal's number to a pipe and
  returns; it runs between two bytecodes of whatever the main thread was doing, so it never
  writes to the terminal, takes a lock or starts the shutdown itself.
- **A guardian thread acts.** It reads that pipe, and watches the terminal (and a pipe on stdout)
  for a hang-up or a reader that has gone. It tells its listeners (the full-screen UI posts an
  exit to its event loop; the line player's waits wake up and stop) and, when the terminal is
  gone, points the output at ``/dev/null`` so that nothing can block or fail writing to it.
- **A deadline.** From the first stop, breather has :data:`DEADLINE_SECONDS` to leave. If it has
  not, the guardian restores what it can of the terminal, writes a report of every thread's
  stack (the one line on stderr says where), and ends the process with ``os._exit``: nothing can
  keep it alive.
- **A hook** (:meth:`Guard.on_leaving`) for what must be kept before leaving: the history, once
  it exists, records its session there, whole or not at all.

Windows has no SIGHUP and no ``poll()`` on pipes: there the guard installs nothing, and Python's
own behaviour stays (Ctrl+C raises KeyboardInterrupt; closing the console ends the process).

This module never imports Textual; ``breather.ui.terminal_driver`` connects it to the UI.
"""

from __future__ import annotations

import contextlib
import errno
import faulthandler
import os
import select
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO, TypeAlias

DEADLINE_SECONDS = 2.0
"""How long breather has to leave after a hang-up or a request to stop, before it is ended."""

EXIT_UNEXPECTED = 1
"""The exit status when the deadline ends breather: its own shutdown did not finish."""

SUPPORTED = sys.platform != "win32" and hasattr(select, "poll")
"""Whether the guard can work here (POSIX signals, ``poll()`` on pipes and terminals)."""

if sys.platform == "win32":  # no poll() there: the guard is never installed (SUPPORTED)
    _Poller: TypeAlias = Any
else:
    _Poller: TypeAlias = select.poll

FULL_SCREEN_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")
"""Each ends the full-screen UI (there, the terminal's own Ctrl+C is a key, not a signal)."""

LINE_PLAYER_SIGNALS = ("SIGTERM", "SIGHUP")
"""Each ends the line player; Ctrl+C stays Python's KeyboardInterrupt, which it handles."""

# What poll() reports, whatever was asked, for a terminal that hung up or a pipe with no reader.
_GONE = (
    getattr(select, "POLLHUP", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLNVAL", 0)
)
# Bytes on the guardian's pipe that are not signal numbers.
_OUTPUT_LOST, _LOOK_AGAIN, _CLOSE = 253, 254, 255


_HANG_UP_NOTICED = 0.2
"""Seconds an ended input waits for the hang-up that may come with it (see Guard.read_line)."""


@dataclass(frozen=True)
class Stop:
    """Why breather is leaving."""

    why: str
    """``SIGTERM``, ``SIGHUP``, ``SIGINT``, ``hang-up`` (the terminal closed) or ``closed output``
    (the reader of a pipe on stdout went away)."""
    terminal_gone: bool
    """Nothing can be shown any more: write nothing, wait for nothing."""


@dataclass(frozen=True)
class _Watched:
    output: bool
    """Written to (stdout, stderr), rather than read (a terminal on stdin)."""
    terminal: bool
    """A terminal when it was first watched (after a hang-up, isatty() fails)."""


class StopRequested(Exception):
    """Raised by the line player's waits when breather must stop."""

    def __init__(self, stop: Stop) -> None:
        super().__init__(stop.why)
        self.stop = stop


def output_gone(fd: int) -> bool:
    """Whether ``fd`` is a terminal that hung up, or a pipe whose reader has gone."""
    if sys.platform == "win32" or not SUPPORTED:
        return False
    with contextlib.suppress(OSError):
        if os.isatty(fd):  # a live terminal (one that hung up fails this with EIO)
            return False
    probe = select.poll()
    probe.register(fd, 0)  # ask for nothing: poll() reports a hang-up or an error all the same
    try:
        return any(events & _GONE for _, events in probe.poll(0))
    except OSError:
        return True


def _point_at_nothing(fd: int) -> None:
    """Make ``fd`` write to /dev/null: later writes, from any thread, neither block nor fail."""
    with contextlib.suppress(OSError):
        nothing = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nothing, fd)
        finally:
            os.close(nothing)


class Guard:
    """Records stop signals, watches the terminal, and holds breather to its deadline.

    One per process (see :func:`guard`), since signal handlers belong to the process. Tests make
    their own, with ``leave`` standing in for ``os._exit``.
    """

    def __init__(
        self,
        *,
        deadline: float = DEADLINE_SECONDS,
        leave: Callable[[int], object] = os._exit,
        reports: Path | None = None,
    ) -> None:
        self.deadline = deadline
        self._leave = leave
        self._reports = reports
        self.stop: Stop | None = None
        """The first reason to stop (a later hang-up replaces a signal: the terminal is gone)."""
        self._lock = threading.Lock()  # for the lists below; never taken by a signal handler
        self._listeners: list[Callable[[Stop], None]] = []
        self._hooks: list[Callable[[Stop], None]] = []
        self._restorers: list[Callable[[bool], None]] = []
        self._watched: dict[int, _Watched] = {}
        self._previous: dict[int, signal._HANDLER] = {}
        self._wake_w = -1
        self._stopped_r = -1
        self._stopped_w = -1
        self._thread: threading.Thread | None = None
        self._poller: _Poller | None = None

    # -- setting up ----------------------------------------------------------------------------

    def install(self, signals: Iterable[str], *, watch: Iterable[int] = ()) -> bool:
        """Record these signals from now on and watch these terminal or pipe file descriptors.

        Outputs (stdout, stderr, the UI's terminal) and a terminal on stdin may be watched; a
        pipe on stdin must not be (its end is no hang-up). Safe to call again: it adds. Returns
        False where the guard cannot work (Windows, or not the main thread): nothing changes.
        """
        if not SUPPORTED or threading.current_thread() is not threading.main_thread():
            return False
        if self._thread is None:
            self._start_guardian()
        added = False
        for fd in watch:
            if fd >= 0 and fd not in self._watched:
                terminal = os.isatty(fd)
                with self._lock:
                    self._watched[fd] = _Watched(output=fd != 0, terminal=terminal)
                if terminal and sys.platform == "darwin":
                    continue  # macOS's poll() does not work on terminals: SIGHUP and EIO tell
                assert self._poller is not None
                self._poller.register(fd, 0)
                added = True
        if added:
            self._nudge(_LOOK_AGAIN)  # the guardian's poll() takes the new ones on its next turn
        for name in signals:
            number = getattr(signal, name, None)
            if number is not None and number not in self._previous:
                self._previous[number] = signal.signal(number, self._record)
        return True

    def listen(self, listener: Callable[[Stop], None]) -> None:
        """Call ``listener(stop)`` from the guardian thread for every stop (at once if one came).

        A listener must only hand the news on (``loop.call_soon_threadsafe``, an event); it runs
        in the guardian thread, which must stay free to hold the deadline.
        """
        with self._lock:
            self._listeners.append(listener)
            stop = self.stop
        if stop is not None:
            listener(stop)

    def on_leaving(self, hook: Callable[[Stop], None]) -> None:
        """Run ``hook(stop)`` once, before breather leaves after a stop (see :meth:`leaving`).

        This is where the history records the session being played, whole or not at all. The
        hook must not draw or wait for the terminal: ``stop.terminal_gone`` says if it is there.
        """
        with self._lock:
            self._hooks.append(hook)

    def restore_with(self, restore: Callable[[bool], None]) -> None:
        """What the deadline does before ending the process: ``restore(terminal_gone)``.

        Runs in the guardian thread while the main thread may be stuck: system calls only.
        """
        with self._lock:
            self._restorers.append(restore)

    def leaving(self) -> None:
        """Run the :meth:`on_leaving` hooks, once, in the caller's thread; none may stop it."""
        with self._lock:
            stop = self.stop
            if stop is None:
                return
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            with contextlib.suppress(Exception):
                hook(stop)

    def output_lost(self) -> None:
        """Say, from any thread, that writing to the terminal failed: it is gone."""
        self._nudge(_OUTPUT_LOST)

    def uninstall(self) -> None:
        """Give the signals back and end the guardian, unless a stop is on its way out.

        Once breather has been told to stop, the deadline holds until the process ends.
        """
        if self._thread is None or self.stop is not None:
            return
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous.clear()
        self._nudge(_CLOSE)
        self._thread.join()
        self._thread = None
        with self._lock:
            self._watched.clear()
        for fd in (self._stopped_r, self._stopped_w):
            os.close(fd)

    # -- the line player's waits ---------------------------------------------------------------

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or raise :class:`StopRequested` as soon as breather must stop."""
        if self.stop is not None:
            raise StopRequested(self.stop)
        if self._thread is None or sys.platform == "win32":  # no guard: a plain wait
            time.sleep(max(0.0, seconds))
            return
        waiting = select.poll()
        waiting.register(self._stopped_r, select.POLLIN)
        if waiting.poll(max(0, int(seconds * 1000 + 0.999))) and self.stop is not None:
            raise StopRequested(self.stop)

    def wait_for_enter(self, stream: TextIO | None = None) -> None:
        """Wait for Enter on ``stream`` (stdin), or raise :class:`StopRequested`.

        At the end of the input (a closed pipe, ``< /dev/null``, Ctrl+D) nobody can press Enter
        any more, so it returns at once and the player carries on, as it does with no stdin.
        """
        stream = sys.stdin if stream is None else stream
        if stream is None:
            return
        fd = _fileno(stream)
        if self._thread is None or fd < 0:
            with contextlib.suppress(OSError, ValueError):
                stream.readline()
            return
        # select(), not poll(): macOS's poll() does not work on terminals.
        ready, _, _ = select.select([self._stopped_r, fd], [], [])
        if self.stop is not None:
            raise StopRequested(self.stop)
        if fd in ready:
            # A terminal gives one line per read; from a pipe, any input counts as Enter.
            with contextlib.suppress(OSError):
                os.read(fd, 4096)

    def read_line(self, stream: TextIO | None = None) -> str | None:
        """A line typed on ``stream`` (stdin), without its line end; None at the end of the input.

        Waits as :meth:`wait_for_enter` does, so SIGTERM or a hang-up at a question stops the
        player at once and the session (with the boxes already written) is still recorded; a
        plain ``readline`` would sleep through them until the deadline ended the process. Bytes
        that are not UTF-8 (a pasted Latin-1 word) become U+FFFD, never an error. A terminal in
        its usual line mode gives one line per read.

        Raises:
            StopRequested: breather must stop (SIGTERM, SIGHUP, the terminal is gone).
        """
        stream = sys.stdin if stream is None else stream
        if stream is None:
            return None
        fd = _fileno(stream)
        if self._thread is None or fd < 0:
            try:
                line = stream.readline()
            except (OSError, ValueError):
                return None
            return line.rstrip("\r\n") if line else None
        select.select([self._stopped_r, fd], [], [])  # select(): see wait_for_enter
        if self.stop is not None:
            raise StopRequested(self.stop)
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            # The end of the input. A closed terminal ends it and sends SIGHUP at the same
            # moment: a short wait lets that stop be noticed, so the session is recorded as
            # stopped at this step rather than the next.
            self.sleep(_HANG_UP_NOTICED)
            return None
        return data.decode("utf-8", "replace").rstrip("\r\n")

    # -- the guardian --------------------------------------------------------------------------

    def _record(self, number: int, frame: FrameType | None) -> None:
        """The signal handler: note the signal for the guardian thread, and nothing else."""
        with contextlib.suppress(OSError):  # a full pipe: the guardian has plenty to read
            os.write(self._wake_w, bytes((number,)))

    def _nudge(self, code: int) -> None:
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, bytes((code,)))

    def _start_guardian(self) -> None:
        if sys.platform == "win32":  # install() starts it only where SUPPORTED
            return
        wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)  # a signal handler must never block
        self._stopped_r, self._stopped_w = os.pipe()
        self._poller = select.poll()
        self._poller.register(wake_r, select.POLLIN)
        self._thread = threading.Thread(
            target=self._guard, args=(wake_r, self._wake_w), name="breather-guardian", daemon=True
        )
        self._thread.start()

    def _guard(self, wake_r: int, wake_w: int) -> None:
        """The guardian thread: turn signals and hang-ups into stops, and hold the deadline."""
        assert self._poller is not None
        poller = self._poller
        deadline_at: float | None = None
        while True:
            wait = None if deadline_at is None else max(0.0, deadline_at - time.monotonic())
            events = poller.poll(None if wait is None else int(wait * 1000) + 1)
            if not events and deadline_at is not None and time.monotonic() >= deadline_at:
                self._end_now()
                return
            for fd, _ in events:
                if fd == wake_r:
                    for code in os.read(wake_r, 256):
                        if code == _CLOSE:
                            poller.unregister(wake_r)
                            os.close(wake_r)
                            os.close(wake_w)
                            self._wake_w = -1
                            return
                        if code == _OUTPUT_LOST:
                            self._stopped(Stop("hang-up", terminal_gone=True))
                        elif code != _LOOK_AGAIN:
                            name = signal.Signals(code).name
                            self._stopped(Stop(name, terminal_gone=self._terminal_gone()))
                else:
                    poller.unregister(fd)  # reported once; it stays gone
                    with self._lock:
                        watched = self._watched.get(fd, _Watched(output=True, terminal=True))
                    why = "hang-up" if watched.terminal else "closed output"
                    self._stopped(Stop(why, terminal_gone=True), gone_fd=fd)
            if self.stop is not None and deadline_at is None:
                deadline_at = time.monotonic() + self.deadline

    def _terminal_gone(self) -> bool:
        with self._lock:
            watched = list(self._watched)
        return any(output_gone(fd) for fd in watched)

    def _stopped(self, stop: Stop, gone_fd: int = -1) -> None:
        with self._lock:
            first = self.stop is None
            if first or (stop.terminal_gone and not self.stop.terminal_gone):  # type: ignore[union-attr]
                self.stop = stop
            listeners = list(self._listeners)
            outputs = {fd for fd, watched in self._watched.items() if watched.output}
        if stop.terminal_gone:
            for fd in outputs | {1, 2}:
                if fd == gone_fd or output_gone(fd):
                    _point_at_nothing(fd)
        if first:
            with contextlib.suppress(OSError):
                os.write(self._stopped_w, b"!")  # wakes the line player's waits, and stays
        for listener in listeners:
            with contextlib.suppress(Exception):
                listener(stop)

    def _end_now(self) -> None:
        """The deadline passed: restore what can be, say where the report is, end the process."""
        gone = self.stop is None or self.stop.terminal_gone or self._terminal_gone()
        with self._lock:
            restorers = list(self._restorers)
        for restore in restorers:
            with contextlib.suppress(Exception):
                restore(gone)
        report = self._write_report()
        if not gone:
            where = f"; a report is in {report}" if report else ""
            line = f"\nbreather: it took too long to leave, so it was ended{where}\n"
            write_if_ready(2, line.encode())
        self._leave(EXIT_UNEXPECTED)

    def _write_report(self) -> Path | None:
        """Every thread's stack, for finding out what kept breather from leaving."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"breather-stuck-{stamp}-{os.getpid()}.txt"
        from breather.paths import open_report

        for folder in (self._reports or _reports_folder(), Path(tempfile.gettempdir())):
            try:
                with open_report(folder, name) as report:
                    why = self.stop.why if self.stop else "unknown"
                    report.write(
                        f"breather did not leave within {self.deadline:g} s of {why}; "
                        "each thread's stack:\n"
                    )
                    report.flush()
                    faulthandler.dump_traceback(report, all_threads=True)
                return folder / name
            except OSError:
                continue
        return None


@contextlib.contextmanager
def guarding_lines(out: TextIO) -> Iterator[Guard]:
    """Guard the line player: SIGTERM, SIGHUP, a closed terminal or a closed pipe stop it.

    Yields the process's guard; the player waits with its :meth:`Guard.sleep` and
    :meth:`Guard.wait_for_enter`, which raise :class:`StopRequested` (the player ends on it, as
    on Ctrl+C, and writes no last line to an output that is gone). A stop that still escapes the
    player (a write that fails on its way out) ends here, quietly; the leaving hooks run.
    """
    if _fileno(out) < 0:
        # Not this process's own output (a caller that embeds the player, a test): the caller
        # owns the lifetime. A guard never installed waits with time.sleep and readline.
        yield Guard()
        return
    keeper = guard()
    watch = [_fileno(out)]
    stdin = _fileno(sys.stdin)
    if stdin >= 0 and os.isatty(stdin):
        watch.append(stdin)  # a terminal on stdin hangs up; a pipe there merely ends
    keeper.install(LINE_PLAYER_SIGNALS, watch=watch)
    try:
        yield keeper
    except StopRequested:
        pass
    except OSError as error:
        fd = _fileno(out)
        if error.errno not in _LOST_OUTPUT and not (fd >= 0 and output_gone(fd)):
            raise
        if fd >= 0:
            _point_at_nothing(fd)  # nothing left for Python to fail to flush on the way out
    finally:
        keeper.leaving()
        keeper.uninstall()


_LOST_OUTPUT = {errno.EPIPE, errno.EIO, errno.ENXIO}


def _fileno(stream: TextIO | None) -> int:
    if stream is None:
        return -1
    try:
        return stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return -1


def write_if_ready(fd: int, data: bytes, timeout: float = 0.2) -> None:
    """Write ``data`` to ``fd`` only if that cannot block (a terminal that stopped reading)."""
    if sys.platform == "win32" or not SUPPORTED:
        return
    ready = select.poll()
    ready.register(fd, select.POLLOUT)
    with contextlib.suppress(OSError):
        if any(events & select.POLLOUT for _, events in ready.poll(int(timeout * 1000))):
            os.write(fd, data)


def _reports_folder() -> Path:
    from breather.paths import folders

    try:
        return folders().data / "reports"
    except Exception:
        return Path(tempfile.gettempdir())


_GUARD: Guard | None = None


def guard() -> Guard:
    """The process's guard (signal handlers belong to the whole process)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = Guard()
    return _GUARD
