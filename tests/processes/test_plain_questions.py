"""Questions at a terminal (`play ID --plain`, and a write box in the full screen): nothing typed
is lost or breaks breather, and the person is told what the journal kept.

Each test runs breather on a pseudo-terminal of its own, as a person's terminal would, types
into it and then reads what the history kept with `breather history --json`.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

if sys.platform == "win32":
    pytest.skip("a pseudo-terminal is POSIX only", allow_module_level=True)
assert sys.platform != "win32"  # for mypy: the rest is POSIX only


WRITING = """\
title: Quick write
steps:
  - text: Arrive.
    seconds: 1
  - write: Two things that went well.
    entries: 2
    topic: good-things
  - text: Bye.
    seconds: 1
"""
"""One second, a write step with two boxes (step 2, index 1), one second."""

WRITE_STEP = 1


class Player:
    """`breather play quick-write --plain` on a pseudo-terminal, typed into like a person."""

    def __init__(self, home: Path, *, plain: bool = True) -> None:
        import pty

        folder = home / "team"
        folder.mkdir(parents=True)
        (folder / "quick-write.yaml").write_text(WRITING, encoding="utf-8")
        self.env = {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "BREATHER_PATH": str(folder),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        command = [sys.executable, "-m", "breather", "play", "quick-write", "--no-check-in"]
        command += ["--plain"] if plain else []
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: breather on the terminal
            os.execve(sys.executable, command, {**self.env, "PYTHONPATH": _source()})
        self.shown = b""
        self.closed = False

    def wait_for(self, words: bytes, seconds: float = 30) -> None:
        """Read the terminal until ``words`` have been shown."""
        deadline = time.monotonic() + seconds
        while words not in self.shown:
            assert time.monotonic() < deadline, f"never showed {words!r}: {self.shown[-400:]!r}"
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.shown += os.read(self.fd, 65536)
                except OSError:  # the terminal's other end is gone: breather has ended
                    break

    def type(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        """Close the window: the terminal's input ends and breather gets SIGHUP together."""
        os.close(self.fd)
        self.closed = True

    def exit_status(self) -> int:
        """breather's exit status, once it ends (reading the terminal so it never blocks)."""
        deadline = time.monotonic() + 30
        while True:
            ended, status = os.waitpid(self.pid, os.WNOHANG)
            if ended:
                return os.waitstatus_to_exitcode(status)
            assert time.monotonic() < deadline, "breather did not end"
            if self.closed:
                time.sleep(0.05)
            elif select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.shown += os.read(self.fd, 65536)
                except OSError:
                    time.sleep(0.05)

    def kept(self) -> list[dict[str, Any]]:
        """The sessions the history kept, as `breather history --json` gives them."""
        found = subprocess.run(
            [sys.executable, "-m", "breather", "history", "--json"],
            env={**self.env, "PYTHONPATH": _source()},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        sessions = json.loads(found.stdout)["sessions"]
        assert isinstance(sessions, list)
        return sessions


def _source() -> str:
    return str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture
def player(tmp_path: Path) -> Player:
    return Player(tmp_path / "home")


def test_sigterm_at_a_write_box_keeps_the_session_and_the_box_already_written(
    player: Player,
) -> None:
    player.wait_for(b"1 of 2: ")
    player.type(b"A client laughed today.\r")
    player.wait_for(b"2 of 2: ")
    started = time.monotonic()
    os.kill(player.pid, signal.SIGTERM)
    assert player.exit_status() == 0
    assert time.monotonic() - started < 2  # at once, not at the deadline that ends it anyhow
    (session,) = player.kept()
    assert (session["outcome"], session["stopped_at_step"]) == ("stopped", WRITE_STEP)
    assert [entry["text"] for entry in session["entries"]] == ["A client laughed today."]


def test_a_byte_that_is_not_utf8_in_a_write_box_is_kept_as_a_replacement(
    player: Player,
) -> None:
    player.wait_for(b"1 of 2: ")
    player.type(b"caf\xe9 au lait\r")  # Latin-1, from an old terminal or a paste
    player.wait_for(b"2 of 2: ")
    player.type(b"\r")
    assert player.exit_status() == 0, player.shown[-600:]
    (session,) = player.kept()
    assert session["outcome"] == "finished"
    assert [entry["text"] for entry in session["entries"]] == ["caf\ufffd au lait"]


def test_closing_the_terminal_at_a_write_box_stops_at_that_step(player: Player) -> None:
    player.wait_for(b"1 of 2: ")
    player.type(b"Kept before the close.\r")
    player.wait_for(b"2 of 2: ")
    player.close()
    player.exit_status()  # any status: nobody is left to read it
    (session,) = player.kept()
    assert (session["outcome"], session["stopped_at_step"]) == ("stopped", WRITE_STEP)
    assert [entry["text"] for entry in session["entries"]] == ["Kept before the close."]


def test_leaving_the_full_screen_mid_session_says_what_the_journal_kept(tmp_path: Path) -> None:
    player = Player(tmp_path / "home", plain=False)
    player.wait_for(b"Begin")  # the footer key, drawn in one piece
    player.type(b"\r")
    player.wait_for(b"of 2")  # the first box's placeholder: the write step is here
    time.sleep(0.3)
    player.type(b"A kind word\r")
    time.sleep(0.3)
    player.type(b"\x03")  # Ctrl+C: out at once, no summary
    assert player.exit_status() == 0
    assert b"Kept in your journal: 1 line. `breather journal` shows them" in player.shown
    (session,) = player.kept()
    assert [entry["text"] for entry in session["entries"]] == ["A kind word"]
