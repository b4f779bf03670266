"""breather in a real terminal (tmux): keys typed twice, and an unexpected error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.terminal import breather_environment, terminal

pytestmark = pytest.mark.slow


def environment(home: Path) -> dict[str, str]:
    return breather_environment(home, PROJECT / "src")


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

    command = [sys.executable, "-m", "breather", "play", "longer-out-breath"]
    with terminal(command, environment(tmp_path)) as screen:
        screen.begin_and_skip_to_the_breath()
        os.kill(screen.program_pid(), getattr(signal, signal_name))
        shown = screen.wait_for("EXIT=")
        assert "Traceback" not in shown
        assert not screen.alternate_screen()
        assert screen.cursor_visible()
        screen.keys("echo usable", "Enter")  # the shell's sleep runs; the terminal is back


@pytest.mark.parametrize(
    ("term", "extra"),
    [("xterm-mono", {}), ("xterm-256color", {"NO_COLOR": "1"})],
)
def test_terminals_without_colour(term: str, extra: dict[str, str], tmp_path: Path) -> None:
    env = environment(tmp_path) | {"TERM": term} | extra
    with terminal([sys.executable, "-m", "breather"], env) as screen:
        screen.wait_for("BETWEEN SESSIONS")
        screen.keys("Enter")
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        screen.wait_for("step 1 of")
        screen.keys("q")
        screen.wait_for("You stopped")
        screen.keys("q")
        assert "EXIT=0" in screen.wait_for("EXIT=")


def test_a_dumb_terminal_falls_back_to_the_line_player(tmp_path: Path) -> None:
    env = environment(tmp_path) | {"TERM": "dumb"}
    command = [sys.executable, "-m", "breather", "play", "cyclic-sigh", "--minutes", "1"]
    with terminal(command, env) as screen:
        shown = screen.wait_for("playing line by line")
        assert "[0:00] Cyclic sigh." in screen.wait_for("[0:00] Settle in")
        screen.keys("C-c")
        shown = screen.wait_for("EXIT=")
        assert "Stopped" in shown
        assert "EXIT=0" in shown


@pytest.mark.parametrize("where", ["library", "start card", "breath", "help"])
def test_ctrl_c_quits_at_once_from_any_screen(where: str, tmp_path: Path) -> None:
    with terminal([sys.executable, "-m", "breather"], environment(tmp_path)) as screen:
        screen.wait_for("BETWEEN SESSIONS")
        if where != "library":
            screen.keys("Enter")
            screen.wait_for("Enter to begin")
        if where == "breath":
            screen.keys("Enter")
            screen.wait_for("step 1 of")
        if where == "help":
            screen.keys("?")
            screen.wait_for("Playing")
        screen.keys("C-c")
        shown = screen.wait_for("EXIT=")
        assert "EXIT=0" in shown
        assert not screen.alternate_screen()
