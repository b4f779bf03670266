"""A real terminal for tests: a program run in tmux, typed at and read as a person would."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest


class Terminal:
    """One tmux session running one command."""

    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, check=False, timeout=10
        )
        return result.stdout

    def screen(self) -> str:
        """The visible text."""
        return self.tmux("capture-pane", "-t", self.name, "-p")

    def keys(self, *keys: str) -> None:
        """Type keys (tmux names: Enter, Space, Escape, C-c...)."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        """Wait until ``text`` is on screen; the screen then, or a failure showing it."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear; the screen showed:\n{shown}")

    def alternate_screen(self) -> bool:
        """Whether the program left the terminal on the alternate screen."""
        flag = self.tmux("display-message", "-p", "-t", self.name, "#{alternate_on}").strip()
        return flag == "1"

    def cursor_visible(self) -> bool:
        flag = self.tmux("display-message", "-p", "-t", self.name, "#{cursor_flag}").strip()
        return flag == "1"

    def program_pid(self) -> int:
        """The process id of the program the shell in the pane is running."""
        shell = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        if not children:
            raise AssertionError("the program is not running")
        return int(children[0])

    def begin_and_skip_to_the_breath(self) -> None:
        """From longer-out-breath's start card: begin, then skip the two opening steps (20 s)."""
        self.wait_for("Enter to begin")
        self.keys("Enter")
        self.wait_for("step 1 of")
        self.keys("n", "n")
        self.wait_for("Breathe in")

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))


def breather_environment(home: Path, source: Path | None = None) -> dict[str, str]:
    """Environment for breather in a test terminal: its folders under ``home``."""
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return env


@contextmanager
def terminal(
    command: list[str], env: Mapping[str, str], *, width: int = 80, height: int = 24
) -> Iterator[Terminal]:
    """Run ``command`` in a fresh tmux session; when it ends the shell prints ``EXIT=<status>``."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    name = f"breather-test-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    script = f"env {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), script],
        check=True,
        timeout=10,
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, timeout=10)
