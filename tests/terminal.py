"""A real terminal for tests: a program run in tmux, typed at and read as a person would."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.conftest import require_tool

LINE_MODES = ("echo", "icanon", "isig")
"""The local modes (as ``stty`` names them) a shell's terminal has on, and a full-screen program
turns off while it runs: typed keys shown, lines edited, Ctrl+C a signal."""


class Terminal:
    """One tmux session running one command (on tmux's own server, or a private one)."""

    def __init__(self, name: str, socket: str | None = None) -> None:
        self.name = name
        self.socket = socket
        """A private tmux server (``tmux -L``), which a test may close whole without touching
        anyone else's sessions; None for the default server."""

    def tmux(self, *args: str) -> str:
        server = ["-L", self.socket] if self.socket else []
        result = subprocess.run(
            ["tmux", *server, *args], capture_output=True, text=True, check=False, timeout=10
        )
        return result.stdout

    def close(self, how: str = "window") -> None:
        """Close the terminal as a person or a system would, with breather still in it.

        ``window``: the window is closed (the session is killed: the terminal hangs up).
        ``server``: the whole terminal program goes (only on a private server).
        ``shell``: the shell in the window is killed, and the window goes with it.
        """
        if how == "window":
            self.tmux("kill-session", "-t", self.name)
        elif how == "server":
            assert self.socket is not None, "closing a whole server needs a private one"
            self.tmux("kill-server")
        elif how == "shell":
            shell = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
            if shell.isdigit():
                os.kill(int(shell), signal.SIGKILL)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
        else:
            raise ValueError(f"no such way to close a terminal: {how}")

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
        pause = 0.02
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            # Each look starts a tmux client: look often at first, then at most 5 times a
            # second, so that a long wait (a start-up on a busy machine) costs little CPU.
            time.sleep(pause)
            pause = min(pause * 1.5, 0.2)
        raise AssertionError(f"{text!r} did not appear; the screen showed:\n{shown}")

    def alternate_screen(self) -> bool:
        """Whether the program left the terminal on the alternate screen."""
        flag = self.tmux("display-message", "-p", "-t", self.name, "#{alternate_on}").strip()
        return flag == "1"

    def cursor_visible(self) -> bool:
        flag = self.tmux("display-message", "-p", "-t", self.name, "#{cursor_flag}").strip()
        return flag == "1"

    def line_modes(self) -> set[str]:
        """Which of :data:`LINE_MODES` the pane's terminal has on now (what ``stty -a`` shows)."""
        if sys.platform == "win32":
            raise AssertionError("terminal modes are POSIX, like tmux itself")
        import termios

        tty = self.tmux("display-message", "-p", "-t", self.name, "#{pane_tty}").strip()
        descriptor = os.open(tty, os.O_RDONLY | os.O_NOCTTY)
        try:
            local = termios.tcgetattr(descriptor)[3]
        finally:
            os.close(descriptor)
        return {name for name in LINE_MODES if local & getattr(termios, name.upper())}

    def program_pid(self) -> int:
        """The process id of the program the shell in the pane is running."""
        require_tool("pgrep", "procps")
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
    command: list[str],
    env: Mapping[str, str],
    *,
    width: int = 80,
    height: int = 24,
    socket: str | None = None,
) -> Iterator[Terminal]:
    """Run ``command`` in a fresh tmux session; when it ends the shell prints ``EXIT=<status>``.

    Each session has a private tmux server, named ``socket`` or else after the session (see
    :attr:`Terminal.socket`): never the developer's own server, whose settings (a status line,
    another size) would leak into the test, and which the test's sessions would crowd.
    """
    require_tool("tmux", "tmux")
    name = f"breather-test-{uuid.uuid4().hex[:8]}"
    socket = socket or name
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    script = f"env {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
    server = ["-L", socket]
    size = ["-x", str(width), "-y", str(height)]
    subprocess.run(
        ["tmux", *server, "new-session", "-d", "-s", name, *size, script],
        check=True,
        timeout=10,
    )
    try:
        yield Terminal(name, socket)
    finally:
        subprocess.run(
            ["tmux", *server, "kill-session", "-t", name],
            check=False,
            timeout=10,
            capture_output=True,  # the test may have closed it already
        )
        # A private server leaves its socket file behind when it ends.
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"  # type: ignore[attr-defined, unused-ignore]  # POSIX only
        with suppress(OSError):
            (folder / socket).unlink()


def marked(mark: str, *command: str) -> list[str]:
    """A Python command line that carries ``mark``, so that ``pgrep -f`` finds only this run.

    ``python -X <mark> ...``: Python keeps unknown ``-X`` options to itself (``sys._xoptions``).
    """
    return [sys.executable, "-X", mark, *command]


def processes_marked(mark: str) -> list[int]:
    """The ids of the Python processes still running a command line that carries ``mark``.

    Only the program itself: the shell around it (``sh -c "... -X <mark> ..."``) does not count.
    """
    pattern = f"^[^ ]+ -X {mark}( |$)"
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def kill_survivors(mark: str) -> list[int]:
    """Kill (SIGKILL) every process still carrying ``mark``; the ids that were found."""
    survivors = processes_marked(mark)
    for pid in survivors:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
    return survivors
