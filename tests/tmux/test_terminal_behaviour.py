"""breather in a real terminal (tmux): keys typed twice, signals, Ctrl+C and an unexpected error."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.terminal import LINE_MODES, breather_environment, terminal

pytestmark = pytest.mark.slow

QUIT_BOUND_SECONDS = 5.0
"""How long Ctrl+C may take to end breather before the test calls it a hang. Not a speed test:
it quits in about a tenth of a second; the bound leaves a loaded CI machine fifty times that."""

COUNTING_SCREENS = """\
import sys
from textual.app import App

log = open(sys.argv[1], "a", encoding="utf-8")

def counted(method):
    def opening(self, screen, *args, **kwargs):
        log.write(type(screen).__name__ + "\\n")
        log.flush()
        return method(self, screen, *args, **kwargs)
    return opening

App.push_screen = counted(App.push_screen)
App.switch_screen = counted(App.switch_screen)
from breather.cli import main
sys.exit(main([]))
"""
"""breather, with every screen it opens (pushed or switched to) written to the file in argv[1]."""


def environment(home: Path) -> dict[str, str]:
    return breather_environment(home, PROJECT / "src")


def test_enter_pressed_twice_opens_one_screen(tmp_path: Path) -> None:
    opened = tmp_path / "screens.txt"
    command = [sys.executable, "-c", COUNTING_SCREENS, str(opened)]
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
    screens = opened.read_text(encoding="utf-8").split()
    assert screens == ["LibraryScreen", "StartScreen", "PlayerScreen", "SummaryScreen"]


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
    command = [sys.executable, "-m", "breather", "play", "longer-out-breath"]
    with terminal(command, environment(tmp_path)) as screen:
        screen.begin_and_skip_to_the_breath()
        assert screen.line_modes() == set()  # raw while it plays: the probe reads its terminal
        os.kill(screen.program_pid(), getattr(signal, signal_name))
        shown = screen.wait_for("EXIT=")
        assert "EXIT=0" in shown  # asked to end, breather ends as a stopped session does
        assert "Traceback" not in shown
        assert not screen.alternate_screen()
        assert screen.cursor_visible()
        assert screen.line_modes() == set(LINE_MODES)  # out of raw mode: stty shows echo again
        # The shell's `sleep 60` runs now: what is typed shows only if the terminal echoes it.
        screen.keys("typed-after-the-signal")
        screen.wait_for("typed-after-the-signal")


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
        pressed = time.monotonic()
        screen.keys("C-c")
        shown = screen.wait_for("EXIT=", timeout=QUIT_BOUND_SECONDS * 2)
        took = time.monotonic() - pressed
        assert took < QUIT_BOUND_SECONDS, f"Ctrl+C took {took:.1f} s to end breather"
        assert "EXIT=0" in shown
        assert not screen.alternate_screen()


@pytest.mark.parametrize("command", ["play", "plan"])
def test_lines_break_between_words_at_the_terminals_edge(command: str, tmp_path: Path) -> None:
    """At 60 columns the line player and the plan break long lines between words, each row
    after the first indented under the words; a word cut in two at the edge never shows."""
    arguments = ["--plain"] if command == "play" else []
    argv = [sys.executable, "-m", "breather", command, "longer-out-breath", *arguments]
    with terminal(argv, environment(tmp_path), width=60) as screen:
        shown = screen.wait_for("Let yourself arrive" if command == "play" else "EXIT=0")
        screen.keys("C-c")
    rows = [row for row in shown.splitlines() if row.strip() and not row.startswith("EXIT=")]
    assert any(row.startswith("       ") for row in rows), f"no line was broken:\n{shown}"
    for row in rows[1:]:  # the first: the title (the plan's has no time)
        assert len(row) <= 60
        assert row.startswith(("[", "       ")), f"cut at the edge, not between words: {row!r}"
    words = " ".join(row.strip() for row in rows)
    assert "You can pause or stop at any time." in words or command == "plan"
    assert "[0:00] Let yourself arrive, eyes open or lowered." in words
