"""The platform's own sound player: found, started in the background, stopped.

Why it exists: breather plays its tones with what the computer already has, so there is nothing
to install and nothing that needs admin rights on a clinic workstation: ``winsound`` (in Python
itself) on Windows, ``afplay`` on macOS, and on Linux the first of ``pw-play`` (PipeWire),
``paplay`` (PulseAudio) and ``aplay`` (ALSA) found on ``PATH``.

A command player is a child process that must never belong to the terminal: it gets no stdin,
stdout or stderr (nothing it says reaches the screen), it starts in its own session (a Ctrl+C in
the terminal stops breather, not a tone in the middle of a note, and breather then stops the tone
itself), and it inherits no open files. Which platform and which commands exist are parameters,
so the Windows and macOS paths run in tests on Linux.

This module only finds and starts players; :mod:`breather.sound` decides when, and what to do
when one fails. It never imports Textual.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))
"""Tried in this order; each is the command and the options that come before the file."""
MACOS_PLAYERS: tuple[tuple[str, ...], ...] = (("afplay",),)


class Running(Protocol):
    """A tone that is playing in a child process (:class:`subprocess.Popen` is one)."""

    def poll(self) -> int | None:
        """The exit status once it has ended (reaping it), else None."""
        ...

    def wait(self, timeout: float | None = None) -> int:
        """Wait for it to end; raise :class:`subprocess.TimeoutExpired` after ``timeout``."""
        ...

    def terminate(self) -> None:
        """Ask it to stop."""
        ...

    def kill(self) -> None:
        """Make it stop."""
        ...


class Player(Protocol):
    """Something that plays a WAV file in the background."""

    @property
    def name(self) -> str:
        """The program's name, in the words a notice uses ("aplay", "winsound")."""
        ...

    def start(self, path: Path) -> Running | None:
        """Start playing ``path`` and return at once.

        Returns:
            The child process to watch, or None when the player plays inside this process.

        Raises:
            OSError: when the player cannot be started.
            RuntimeError: when ``winsound`` refuses the file.
        """
        ...

    def stop(self) -> None:
        """Stop whatever this player is playing inside this process (children are stopped
        by whoever holds their :class:`Running`)."""
        ...


Spawn = Callable[..., Running]


@dataclass(frozen=True)
class CommandPlayer:
    """A player program, run once per tone.

    Attributes:
        name: The program's name.
        command: Its full path and any options that come before the file.
        spawn: How a child is started; :class:`subprocess.Popen` except in tests.
    """

    name: str
    command: tuple[str, ...]
    spawn: Spawn = subprocess.Popen

    def start(self, path: Path) -> Running:
        """Start the program on ``path``, detached from the terminal; never waits for it."""
        return self.spawn(
            [*self.command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )

    def stop(self) -> None:
        """Nothing plays inside this process; each child is stopped through its Running."""


class Winsound(Protocol):
    """The part of Python's ``winsound`` module breather uses."""

    SND_FILENAME: int
    SND_ASYNC: int
    SND_NODEFAULT: int

    def PlaySound(self, sound: str | None, flags: int, /) -> None:
        """Play a sound, or stop the current one when ``sound`` is None."""
        ...


@dataclass(frozen=True)
class WinsoundPlayer:
    """Windows: ``winsound.PlaySound`` with ``SND_ASYNC`` plays in the background, in-process.

    ``SND_NODEFAULT`` makes a file that cannot be played an error instead of the system's
    default "ding", so a failure is seen rather than heard as something else.
    """

    module: Winsound
    name: str = "winsound"

    def start(self, path: Path) -> None:
        """Start playing ``path``; a new sound replaces one still playing."""
        flags = self.module.SND_FILENAME | self.module.SND_ASYNC | self.module.SND_NODEFAULT
        self.module.PlaySound(str(path), flags)

    def stop(self) -> None:
        """Stop the sound playing now, if any."""
        self.module.PlaySound(None, 0)


@dataclass(frozen=True)
class NoPlayer:
    """Why no player can be used here, in words for the notice."""

    reason: str


def _commands_for(platform: str) -> Sequence[tuple[str, ...]]:
    if platform == "darwin":
        return MACOS_PLAYERS
    return LINUX_PLAYERS


def find_player(
    *,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
    load_winsound: Callable[[], Winsound] | None = None,
) -> CommandPlayer | WinsoundPlayer | NoPlayer:
    """The player to use on this computer, or why there is none.

    Args:
        platform: ``sys.platform`` (read when called, so a test may patch it).
        which: Finds a program on ``PATH``; :func:`shutil.which` except in tests.
        load_winsound: Imports ``winsound``; a test passes a fake.
    """
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        try:
            module = (load_winsound or _import_winsound)()
        except ImportError as error:
            return NoPlayer(f"no sound player found (winsound could not be loaded: {error})")
        return WinsoundPlayer(module)
    commands = _commands_for(platform)
    for program, *options in commands:
        found = which(program)
        if found:
            return CommandPlayer(program, (found, *options))
    looked_for = ", ".join(command[0] for command in commands)
    return NoPlayer(f"no sound player found (looked for {looked_for})")


def _import_winsound() -> Winsound:
    module: Winsound = importlib.import_module("winsound")
    return module
