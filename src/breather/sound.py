"""Cues: what a session sounds like as it moves, with the eyes closed or away from the screen.

Why it exists: a player (the TUI or ``--plain``) says *what happened* (a session started, a breath
phase began, a ``bell`` step came) and :class:`Cues` decides what is heard: nothing, the terminal
bell, or a soft tone (see :mod:`breather.tones`) played by the platform's own player (see
:mod:`breather.players`). Wiring it into a player is a few lines::

    cues = open_cues(choose_mode(settings.sound, silent=options.silent), settings.volume,
                     paths.cache_folder(), bell=ring_the_terminal_bell)
    with cues:
        cues.session_started()
        ...  # at each event: cues.phase_started(event.phase, tones=step.tones, due=when)
        ...  # at a step with bell: true: cues.chime(due=when)
        if (notice := cues.take_notice()) is not None: show(notice)
        cues.session_ended()

What is heard, by mode:

- ``off`` (also ``--silent``, and ``tones`` at volume 0): nothing, and nothing is made or found.
- ``bell``: the terminal bell at ``bell`` steps, exactly as before sound existed.
- ``tones``: a rising tone as an in-breath starts, a falling one for an out-breath, a low short
  one for a hold (unless the step says ``tones: false``), and a two-note chime at ``bell`` steps
  and as the session starts and ends.

When tones cannot be played (no player on this computer, the tone files cannot be written, the
player cannot be started or ends with an error, or it hangs) the cues fall back to ``bell`` for
the rest of the session, and :attr:`Cues.notice` says once, in words, why.

What it must never do: hold up the caller. Players are started by one background thread, in
order; a tone whose moment is more than 50 ms gone by the time it could start is skipped, never
played late. Finished players are reaped as they end (no zombies), and :meth:`Cues.close` stops
the ones still playing. It never imports Textual and never touches the network.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from breather.clock import Clock, MonotonicClock
from breather.model import PhaseKind
from breather.players import NoPlayer, Player, Running, Winsound, find_player
from breather.sound_choice import SOUND_MODES as SOUND_MODES  # the choices, named here too
from breather.sound_choice import SoundMode as SoundMode
from breather.tones import (
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    TONES,
    ToneFiles,
    ToneFilesUnavailable,
    ToneName,
    tone_files,
)

MAX_LATE = 0.05
"""A tone that cannot start within this many seconds of its moment is skipped."""
REAP_EVERY = 0.2
"""While players are running, the background thread looks at them this often."""
HUNG_AFTER = 3.0
"""A player still running this long after its tone should have ended has hung."""
FINISH_AT_MOST = 2.0
"""Closing after a session ends lets playing tones finish, but never waits longer than this."""


def choose_mode(sound: SoundMode, *, silent: bool = False) -> SoundMode:
    """The session's sound: ``--silent`` is ``--sound off`` whatever the settings say."""
    return "off" if silent else sound


def unavailable(reason: str) -> str:
    """The notice, in the user's words, when tones give way to the bell."""
    return f"tones are not available here: {reason}"


@dataclass(frozen=True)
class Started:
    """A tone that was started: for benchmarks and tests that ask how late it was.

    Attributes:
        tone: Which tone.
        due: The clock reading it was meant to start at.
        started: The clock reading once the player had started.
    """

    tone: ToneName
    due: float
    started: float

    @property
    def late(self) -> float:
        """Seconds between its moment and its start."""
        return self.started - self.due


@dataclass
class _Child:
    """A player process still to be reaped."""

    running: Running
    started: float
    seconds: float


@dataclass(frozen=True)
class _Request:
    tone: ToneName
    path: Path
    due: float


class Speaker:
    """Starts a player per tone from one background thread, in order, never late.

    Args:
        player: The platform's player.
        clock: The session's clock: ``due`` readings come from it, and lateness is judged by it.
        on_started: Told of every tone started (benchmarks measure lateness with it); called
            on the background thread.
        max_late: Skip a tone this many seconds past its moment.
        timer: Real monotonic time, for watching player processes (a paused or fake session
            clock must not make a player look hung); :func:`time.monotonic` except in tests.
    """

    def __init__(
        self,
        player: Player,
        *,
        clock: Clock,
        on_started: Callable[[Started], None] | None = None,
        max_late: float = MAX_LATE,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.player = player
        self._clock = clock
        self._timer = timer
        self._on_started = on_started
        self._max_late = max_late
        self._requests: queue.SimpleQueue[_Request | threading.Event | None] = queue.SimpleQueue()
        self._children: list[_Child] = []  # the background thread's own, until it has ended
        self._ringing_until = timer()
        self._failure: str | None = None  # written by the background thread only
        self._in_process = False  # whether a tone plays inside this process (winsound)
        self.skipped = 0
        """How many tones were skipped because they could not start on time."""
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="breather-sound", daemon=True)
        self._thread.start()

    @property
    def failure(self) -> str | None:
        """Why this player cannot be used, once it has failed (then nothing more is started)."""
        return self._failure

    @property
    def playing(self) -> int:
        """How many player processes have not been reaped yet (read after :meth:`settle`)."""
        return len(self._children)

    def play(self, tone: ToneName, path: Path, *, due: float | None = None) -> None:
        """Ask for ``path`` to be played at ``due`` (now by default); returns at once."""
        if self._closed:
            return
        self._requests.put(_Request(tone, path, self._clock.now() if due is None else due))

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait until every request so far has been started or skipped, and ended players seen.

        For tests and benchmarks; a player never needs it. Returns False on timeout.
        """
        if self._closed:
            return True
        done = threading.Event()
        self._requests.put(done)
        return done.wait(timeout)

    def close(self, *, finish: bool = False) -> None:
        """Start nothing more; with ``finish`` playing tones may end (briefly), else stop now."""
        if self._closed:
            return
        self._closed = True
        self._requests.put(None)
        self._thread.join()
        if finish:
            left = min(self._ringing_until - self._timer(), FINISH_AT_MOST)
            deadline = time.monotonic() + max(left, 0.0)
            for child in self._children:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.running.wait(timeout=max(deadline - time.monotonic(), 0.0))
            if self._in_process:  # winsound: no process to wait for, only the tone's length
                time.sleep(max(deadline - time.monotonic(), 0.0))
        self._stop_all()

    def _run(self) -> None:
        """The background thread: start what is asked, in order; reap what has ended."""
        while True:
            try:
                request = self._requests.get(timeout=REAP_EVERY if self._children else None)
            except queue.Empty:
                self._reap()
                continue
            self._reap()
            if request is None:
                return
            if isinstance(request, threading.Event):
                request.set()
                continue
            try:
                self._start(request)
            except Exception as error:  # a cue must never end a session: say so, play on
                self._failure = f"{self.player.name} could not be used ({error!r})"

    def _start(self, request: _Request) -> None:
        if self._failure is not None:
            return
        if self._clock.now() - request.due > self._max_late:
            self.skipped += 1
            return
        try:
            running = self.player.start(request.path)
        except OSError as error:
            self._failure = f"{self.player.name} could not be started ({error.strerror or error})"
            return
        except RuntimeError as error:  # winsound's word for a file it cannot play
            self._failure = f"{self.player.name} could not play a tone ({error})"
            return
        started = self._clock.now()
        seconds = TONES[request.tone].seconds
        self._ringing_until = max(self._ringing_until, self._timer() + seconds)
        if running is None:
            self._in_process = True
        else:
            self._children.append(_Child(running, self._timer(), seconds))
        if self._on_started is not None:
            self._on_started(Started(request.tone, request.due, started))

    def _reap(self) -> None:
        """Collect players that have ended; one that failed or hung stops the tones."""
        still: list[_Child] = []
        for child in self._children:
            status = child.running.poll()
            if status is None:
                overdue = self._timer() - child.started - child.seconds
                if overdue > HUNG_AFTER:
                    _stop(child.running)
                    self._failure = (
                        f"{self.player.name} was still playing a {child.seconds:g}-second tone "
                        f"{overdue:.0f} seconds after it should have ended"
                    )
                else:
                    still.append(child)
            elif status != 0 and self._failure is None:
                self._failure = (
                    f"{self.player.name} could not play a tone (exit status {status}; "
                    "often there is no sound device)"
                    if status > 0
                    else f"{self.player.name} was stopped by signal {-status}"
                )
        self._children = still

    def _stop_all(self) -> None:
        for child in self._children:
            _stop(child.running)
        self._children = []
        # Nothing more can be done about a sound that will not stop; it is short.
        with contextlib.suppress(OSError, RuntimeError):
            self.player.stop()


def _stop(running: Running) -> None:
    """Stop a player and reap it: terminate, then kill if it will not go."""
    if running.poll() is not None:
        return
    running.terminate()
    try:
        running.wait(timeout=0.5)
    except subprocess.TimeoutExpired:
        running.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):  # stuck in the kernel: let it be
            running.wait(timeout=0.5)


TRIAL_SECONDS = 0.05
"""How long the silence lasts that :func:`try_player` plays."""


def try_player(player: Player, *, wait: float = 3.0) -> str | None:
    """Why ``player`` cannot play a tone here, learnt by playing a moment of silence; else None.

    A player found on PATH says little: where there is no sound device (many clinic
    workstations, most remote desktops) it starts and fails at once, and an exercise made for the
    eyes closed would begin in a silence nobody sees explained. Played before, a twentieth of a
    second of silence tells, in the same words a session's failure uses. Nothing is heard. When the
    silence cannot be written (no temporary folder) or the player is still going after ``wait``
    seconds, nothing is claimed: the session finds out, as it always has.
    """
    try:
        handle, name = tempfile.mkstemp(prefix="breather-silence-", suffix=".wav")
    except OSError:
        return None
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as file, wave.open(file, "wb") as silence:
            silence.setnchannels(1)
            silence.setsampwidth(SAMPLE_WIDTH)
            silence.setframerate(SAMPLE_RATE)
            silence.writeframes(bytes(SAMPLE_WIDTH * round(SAMPLE_RATE * TRIAL_SECONDS)))
        try:
            running = player.start(path)
        except OSError as error:
            return f"{player.name} could not be started ({error.strerror or error})"
        except RuntimeError as error:
            return f"{player.name} could not play a tone ({error})"
        if running is None:  # played inside this process (winsound): it took the file
            return None
        try:
            status = running.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            _stop(running)
            return None
        if status > 0:
            return (
                f"{player.name} could not play a tone (exit status {status}; "
                "often there is no sound device)"
            )
        return None
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


class Cues:
    """The sound of one session. Build it with :func:`open_cues`; use it as a context manager.

    Args:
        mode: What to play (see the module's description).
        bell: Rings the terminal bell (the caller knows whether its terminal has one).
        files: The tone files, when mode is ``tones`` and they exist.
        speaker: Plays them, when mode is ``tones`` and a player exists.
        notice: Why tones already gave way to the bell, if they did.
    """

    def __init__(
        self,
        mode: SoundMode,
        *,
        bell: Callable[[], None],
        files: ToneFiles | None = None,
        speaker: Speaker | None = None,
        notice: str | None = None,
    ) -> None:
        if mode == "tones" and (files is None or speaker is None):
            raise ValueError("tones need their files and a speaker; open_cues finds both")
        self._mode: SoundMode = mode
        self._bell = bell
        self._files = files
        self._speaker = speaker
        self._notice = notice
        self._notice_taken = False

    @property
    def mode(self) -> SoundMode:
        """What is played now: ``tones`` becomes ``bell`` once tones have failed."""
        self._check_speaker()
        return self._mode

    @property
    def notice(self) -> str | None:
        """Why tones gave way to the bell, once they have; None while all is well."""
        self._check_speaker()
        return self._notice

    def take_notice(self) -> str | None:
        """The notice the first time it is asked for after it appears; None every other time.

        A player calls this after each cue (and the start card once) and shows what it gets.
        """
        notice = self.notice
        if notice is None or self._notice_taken:
            return None
        self._notice_taken = True
        return notice

    def session_started(self, *, due: float | None = None) -> None:
        """The session begins: a chime with tones; nothing with the bell (as before)."""
        self._tone("chime", due)

    def session_ended(self, *, due: float | None = None) -> None:
        """The session ends: a chime with tones; nothing with the bell."""
        self._tone("chime", due)

    def phase_started(
        self, kind: PhaseKind, *, tones: bool = True, due: float | None = None
    ) -> None:
        """A breath phase begins: its tone, unless the step says ``tones: false``.

        Args:
            kind: ``in``, ``out`` or ``hold``.
            tones: The step's ``tones`` key.
            due: The clock reading the phase was planned for; a tone more than 50 ms past it is
                skipped. None means now.
        """
        if tones:
            self._tone(kind, due)

    def chime(self, *, due: float | None = None) -> None:
        """A step with ``bell: true`` begins: the chime with tones, the terminal bell with bell."""
        self._check_speaker()
        if self._mode == "bell":
            self._bell()
        elif self._mode == "tones":
            self._tone("chime", due)

    def close(self, *, finish: bool = True) -> None:
        """Stop every player; ``finish`` lets the last tones ring out (at most two seconds).

        Temporary tone files are removed; cached ones stay for next time.
        """
        if self._speaker is not None:
            self._speaker.close(finish=finish)
        if self._files is not None:
            self._files.remove_temporary()

    def __enter__(self) -> Cues:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """A session that ended lets its last chime ring; one ended by an error or Ctrl+C not."""
        self.close(finish=error is None)

    def _tone(self, tone: ToneName, due: float | None) -> None:
        self._check_speaker()
        if self._mode != "tones":
            return
        assert self._files is not None  # ensured in __init__
        assert self._speaker is not None
        self._speaker.play(tone, self._files.paths[tone], due=due)

    def _check_speaker(self) -> None:
        """Fall back to the bell, with a notice, once the player has failed."""
        if self._mode != "tones" or self._speaker is None:
            return
        failure = self._speaker.failure
        if failure is not None:
            self._mode = "bell"
            self._notice = unavailable(failure)


def open_cues(
    mode: SoundMode,
    volume: int,
    cache: Path,
    *,
    bell: Callable[[], None],
    clock: Clock | None = None,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
    load_winsound: Callable[[], Winsound] | None = None,
    temp_root: Path | None = None,
    on_started: Callable[[Started], None] | None = None,
    try_first: bool = False,
) -> Cues:
    """The cues for a session: tone files made or found, the player found, or the bell.

    Args:
        mode: ``off``, ``bell`` or ``tones`` (after :func:`choose_mode`).
        volume: 0–100; 0 silences tones altogether.
        cache: The user's cache folder (:func:`breather.paths.cache_folder`).
        bell: Rings the terminal bell.
        clock: The clock ``due`` readings come from; the monotonic clock by default.
        platform, which, load_winsound: Where the player is looked for (see
            :func:`breather.players.find_player`); for tests.
        temp_root: Where temporary tone files go when the cache cannot be written.
        on_started: Told of each tone started (benchmarks).
        try_first: Try the player with a moment of silence (:func:`try_player`) before the
            session, so that a player with no sound device is said before it begins, not at the
            first breath (the line player, whose card has no second chance to say it).
    """
    if mode == "tones" and volume == 0:
        mode = "off"
    if mode != "tones":
        return Cues(mode, bell=bell)
    clock = clock or MonotonicClock()
    player = find_player(platform=platform, which=which, load_winsound=load_winsound)
    if isinstance(player, NoPlayer):
        return Cues("bell", bell=bell, notice=unavailable(player.reason))
    if try_first and (why := try_player(player)) is not None:
        return Cues("bell", bell=bell, notice=unavailable(why))
    try:
        files = tone_files(volume, cache, temp_root=temp_root)
    except ToneFilesUnavailable as error:
        return Cues("bell", bell=bell, notice=unavailable(error.reason))
    speaker = Speaker(player, clock=clock, on_started=on_started)
    return Cues("tones", bell=bell, files=files, speaker=speaker)
