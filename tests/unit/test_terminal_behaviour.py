"""breather in a real terminal (tmux): keys typed twice, and an unexpected error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.terminal import terminal

pytestmark = pytest.mark.slow


def environment(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(PROJECT / "src"),
    }


def test_enter_pressed_twice_opens_one_screen(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "breather"]
    with terminal(command, environment(tmp_path)) as screen:
        screen.wait_for("BETWEEN SESSIONS")
        screen.keys("Enter", "Enter")
        screen.wait_for("Enter to begin")
        screen.keys("Enter", "Enter")
        screen.wait_for("step 1 of")
        screen.keys("q")
        screen.wait_for("You stopped")
        screen.keys("q")
        shown = screen.wait_for("EXIT=")
        assert "EXIT=0" in shown
        assert "Traceback" not in shown


def test_an_unexpected_error_exits_one_quietly_with_a_report(tmp_path: Path) -> None:
    injected = (
        "import sys\n"
        "from breather.ui.screens import player\n"
        "def broken(self, state):\n"
        "    raise RuntimeError('injected for the test')\n"
        "player.PlayerScreen.draw = broken\n"
        "from breather.cli import main\n"
        "sys.exit(main(['play', 'cyclic-sigh']))\n"
    )
    with terminal([sys.executable, "-c", injected], environment(tmp_path)) as screen:
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        shown = screen.wait_for("EXIT=")
        assert "EXIT=1" in shown
        assert "breather: something went wrong (RuntimeError: injected for the test)" in shown
        assert "Traceback" not in shown
        assert not screen.alternate_screen()
        assert screen.cursor_visible()
    reports = list((tmp_path / "data" / "breather" / "reports").glob("breather-error-*.txt"))
    assert len(reports) == 1
    assert "RuntimeError: injected for the test" in reports[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_signals_during_a_breath_leave_the_terminal_usable(
    signal_name: str, tmp_path: Path
) -> None:
    import os
    import signal

    command = [sys.executable, "-m", "breather", "play", "breathing-space"]
    with terminal(command, environment(tmp_path)) as screen:
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        screen.wait_for("step 1 of")
        screen.keys("n", "n")
        screen.wait_for("Breathe in")
        os.kill(screen.program_pid(), getattr(signal, signal_name))
        shown = screen.wait_for("EXIT=")
        assert "Traceback" not in shown
        assert not screen.alternate_screen()
        assert screen.cursor_visible()
        screen.keys("echo usable", "Enter")  # the shell's sleep runs; the terminal is back
