"""Typed keys stay out of ``--plain`` at a terminal, and the echo always comes back (issue 16).

A pseudo-terminal stands in for the person's terminal: the tests read its echo flag while the
session plays, while a checklist waits for Enter, and after every way out, a signal included.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

from breather import cli
from breather.clock import FakeClock
from breather.hangup import Guard
from breather.terminal_echo import echo_off
from tests.conftest import PROJECT

if sys.platform == "win32":  # a pseudo-terminal and termios: POSIX only
    pytest.skip("terminal echo is a POSIX terminal's setting", allow_module_level=True)
assert sys.platform != "win32"  # for mypy: the rest is POSIX only


@pytest.fixture
def keyboard() -> Iterator[tuple[TextIO, int]]:
    """A pseudo-terminal: its reading end (echo on, as a terminal starts), and where keys go in."""
    leader, follower = pty.openpty()
    stream = os.fdopen(follower, "r", encoding="utf-8")
    try:
        yield stream, leader
    finally:
        stream.close()
        os.close(leader)


@pytest.fixture
def terminal(keyboard: tuple[TextIO, int]) -> TextIO:
    """The reading end of a pseudo-terminal, with echo on as a terminal starts."""
    return keyboard[0]


def waiting(stream: TextIO) -> bool:
    """Whether a typed line is waiting to be read."""
    return bool(select.select([stream], [], [], 0.05)[0])


def echoes(stream: TextIO) -> bool:
    return bool(termios.tcgetattr(stream.fileno())[3] & termios.ECHO)


class WatchingClock(FakeClock):
    """A fake clock that notes whether the terminal echoes each time the player waits."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.echo_while_waiting: list[bool] = []

    def sleep(self, seconds: float) -> None:
        self.echo_while_waiting.append(echoes(self.stream))
        super().sleep(seconds)


def test_echo_is_off_while_playing_on_while_answering_and_back_at_the_end(
    terminal: TextIO,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(sys, "stdin", terminal)
    answered: list[bool] = []
    monkeypatch.setattr(
        Guard, "wait_for_enter", lambda _guard, _stream=None: answered.append(echoes(terminal))
    )
    clock = WatchingClock(terminal)
    folder = tmp_path / "exercises"  # a checklist and nothing else that waits for typing
    folder.mkdir()
    (folder / "listed.yaml").write_text(
        "title: Listed\nsteps:\n  - text: Before.\n    seconds: 5\n"
        "  - checklist: [One thing]\n  - text: After.\n    seconds: 5\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    assert cli.main(["play", "listed", "--plain"], clock=clock) == 0
    assert "End" in capsys.readouterr().out
    assert clock.echo_while_waiting
    assert not any(clock.echo_while_waiting)  # never echoed while lines were due
    assert answered == [True]  # the checklist's Enter is typed with echo on
    assert echoes(terminal)


def test_keys_typed_while_playing_neither_answer_a_checklist_nor_reach_the_shell(
    keyboard: tuple[TextIO, int],
) -> None:
    terminal, keys = keyboard
    with echo_off(terminal) as echo:
        os.write(keys, b"q \n")  # typed while the lines played, Enter included
        assert waiting(terminal)
        with echo.answering():
            assert not waiting(terminal)  # the checklist waits for an Enter typed now
            os.write(keys, b"\n")
            assert terminal.readline() == "\n"
        os.write(keys, b"abc\n")
    assert not waiting(terminal)  # nothing left for the shell's prompt
    shown = os.read(keys, 1024) if select.select([keys], [], [], 0.05)[0] else b""
    assert b"q" not in shown  # and nothing typed while playing was shown
    assert b"abc" not in shown


def test_echo_comes_back_after_ctrl_c(terminal: TextIO) -> None:
    quiet: list[bool] = []

    def interrupted() -> None:
        with echo_off(terminal):
            quiet.append(not echoes(terminal))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert quiet == [True]
    assert echoes(terminal)


def test_the_terminal_is_left_alone_when_input_is_not_one(tmp_path: Path) -> None:
    with (tmp_path / "input.txt").open("w+", encoding="utf-8") as stream, echo_off(stream) as echo:
        assert not echo.active
    with echo_off(None) as echo:
        assert not echo.active


def test_an_earlier_signal_handler_still_gets_the_signal(terminal: TextIO) -> None:
    seen: list[tuple[int, bool]] = []

    def earlier(signum: int, frame: object) -> None:
        seen.append((signum, echoes(terminal)))

    before = signal.signal(signal.SIGHUP, earlier)
    try:
        with echo_off(terminal):
            os.kill(os.getpid(), signal.SIGHUP)
            assert not echoes(terminal)  # the handler carried on, so the session goes on quiet
        assert seen == [(signal.SIGHUP, True)]  # it ran with the terminal given back first
        assert signal.getsignal(signal.SIGHUP) is earlier
    finally:
        signal.signal(signal.SIGHUP, before)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_echo_comes_back_when_a_signal_ends_the_player(
    terminal: TextIO, signum: signal.Signals, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src"), "HOME": str(tmp_path)}
    player = subprocess.Popen(
        [sys.executable, "-m", "breather", "play", "longer-out-breath", "--plain"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert player.stdout is not None
    assert player.stderr is not None
    try:
        assert player.stdout.readline().startswith(b"[0:00] ")  # playing, echo off by now
        deadline = time.monotonic() + 10
        while echoes(terminal) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not echoes(terminal)
        player.send_signal(signum)
        player.wait(timeout=10)
    finally:
        player.kill()
        player.wait()
    assert echoes(terminal)
    assert b"Traceback" not in player.stderr.read()
