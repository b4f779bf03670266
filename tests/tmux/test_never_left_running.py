"""Never left running (issue 18): a closed terminal, a closed pipe or SIGTERM always ends breather.

In real terminals (tmux, each case on its own private tmux server, several at once), breather is
closed or signalled at random moments, as a person or a system would; 3 seconds later no process
of it may be left (any found is killed, and the test fails). The line player is tested with a
closed pipe and an input at its end, and the single file with closes during its start-up.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from breather.hangup import DEADLINE_SECONDS
from tests.conftest import PROJECT, require_tool
from tests.terminal import (
    Terminal,
    breather_environment,
    kill_survivors,
    marked,
    processes_marked,
    terminal,
)

pytestmark = pytest.mark.slow

SITUATIONS = ("start-up", "library", "start card", "breath", "summary")
CLOSES = ("window", "server", "shell")
AT_ONCE = 6  # cases run side by side, each in its own terminal; a 2-core machine copes
GRACE = 0.5
"""Beyond the guard's deadline, for a busy machine to schedule the process's end."""

# A short exercise whose second line is due long after its first: a test that sees the line
# player end sooner knows it noticed the closed pipe, not a failed write.
SLOW_LINES = """\
title: Slow lines
steps:
  - text: The first line comes at once.
    seconds: 30
  - text: The second line comes half a minute later.
    seconds: 30
"""
WAITING = """\
title: Waiting list
steps:
  - text: Before the list.
    seconds: 1
  - checklist: [One thing, Another thing]
  - text: After the list.
    seconds: 1
"""


@pytest.fixture(autouse=True)
def tools_for_real_terminals() -> None:
    """tmux and pgrep are needed; in CI (CI=true) their absence fails rather than skips."""
    require_tool("tmux", "tmux")
    require_tool("pgrep", "procps")


def environment(home: Path, source: Path | None = PROJECT / "src") -> dict[str, str]:
    env = breather_environment(home, source)
    env["BREATHER_PATH"] = str(home / "exercises")
    (home / "exercises").mkdir(parents=True, exist_ok=True)
    (home / "exercises" / "slow-lines.yaml").write_text(SLOW_LINES, encoding="utf-8")
    (home / "exercises" / "waiting-list.yaml").write_text(WAITING, encoding="utf-8")
    return env


def command_for(situation: str) -> list[str]:
    """breather's arguments for reaching ``situation``."""
    if situation in ("start-up", "library"):
        return ["-m", "breather"]
    if situation == "plain":
        return ["-m", "breather", "play", "slow-lines", "--plain"]
    return ["-m", "breather", "play", "longer-out-breath"]


def reach(screen: Terminal, situation: str) -> None:
    """Drive breather to ``situation`` as a person would (start-up: straight away)."""
    if situation == "library":
        screen.wait_for("BETWEEN SESSIONS", timeout=30)
    elif situation == "start card":
        screen.wait_for("Enter to begin", timeout=30)
    elif situation == "breath":
        screen.wait_for("Enter to begin", timeout=30)
        screen.begin_and_skip_to_the_breath()
    elif situation == "summary":
        screen.wait_for("Enter to begin", timeout=30)
        screen.keys("Enter")
        screen.wait_for("step 1 of")
        screen.keys("q")
        screen.wait_for("You stopped")
    elif situation == "plain":
        screen.wait_for("The first line comes at once", timeout=30)


def in_parallel(case: Callable[[int], str | None], count: int) -> list[str]:
    """Run ``case(0..count-1)`` side by side; the problems they report."""
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return [problem for problem in pool.map(case, range(count)) if problem]


def run_case(
    tmp_path: Path,
    arguments: Sequence[str],
    act: Callable[[Terminal, str], str | None],
    source: Path | None = PROJECT / "src",
) -> str | None:
    """One breather in its own terminal: ``act`` on it, then look for it 3 seconds later."""
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    home = tmp_path / mark
    with terminal(marked(mark, *arguments), environment(home, source), socket=mark) as screen:
        problem = act(screen, mark)
        if problem:
            return problem
    if gone_within(mark, 3.0):
        return None
    survivors = kill_survivors(mark)
    return f"still running 3 s later ({len(survivors)} killed)" if survivors else None


def gone_within(mark: str, seconds: float) -> bool:
    """Whether no process carrying ``mark`` is left within ``seconds``, and none comes after.

    Looked for every 0.2 s rather than once at the end (most cases end at once and the 50 closes
    would sleep 150 s in all); once none is found, one more look GRACE later makes sure
    no shell was about to start one.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not processes_marked(mark):
            time.sleep(GRACE)
            if not processes_marked(mark):
                return True
        time.sleep(0.2)
    return False


def test_closing_the_terminal_never_leaves_breather_running(tmp_path: Path) -> None:
    """50 closes: 10 in each situation, at a random moment in its first 2 s, in three ways."""
    cases = [(situation, close) for situation in SITUATIONS for close in CLOSES]
    plan = [(*cases[i % len(cases)], random.Random(i).uniform(0.0, 2.0)) for i in range(50)]

    def case(index: int) -> str | None:
        situation, close, moment = plan[index]

        def act(screen: Terminal, mark: str) -> str | None:
            reach(screen, situation)
            time.sleep(moment)
            screen.close(close)
            return None

        problem = run_case(tmp_path, command_for(situation), act)
        return f"{situation}, closed ({close}) after {moment:.2f} s: {problem}" if problem else None

    problems = in_parallel(case, len(plan))
    assert not problems, "\n".join(problems)


def test_closing_the_line_players_terminal_ends_it(tmp_path: Path) -> None:
    def case(index: int) -> str | None:
        moment = random.Random(100 + index).uniform(0.0, 2.0)

        def act(screen: Terminal, mark: str) -> str | None:
            reach(screen, "plain")
            time.sleep(moment)
            screen.close(CLOSES[index % len(CLOSES)])
            return None

        problem = run_case(tmp_path, command_for("plain"), act)
        return f"closed after {moment:.2f} s: {problem}" if problem else None

    problems = in_parallel(case, 6)
    assert not problems, "\n".join(problems)


def program_pid(screen: Terminal) -> int:
    """breather's process id, once the shell in the terminal has started it."""
    deadline = time.monotonic() + 10
    pause = 0.01
    while True:
        try:
            return screen.program_pid()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(pause)  # each look runs tmux and pgrep: soon at first, then less often
            pause = min(pause * 1.5, 0.1)


def signal_and_watch(screen: Terminal, mark: str, names: Sequence[str]) -> str | None:
    """Send ``names`` at once to breather; it must end with the terminal restored, exit 0."""
    pid = program_pid(screen)
    for name in names:
        try:
            os.kill(pid, getattr(signal, name))
        except ProcessLookupError:
            break  # already gone: the later signals have nobody to reach
    shown = screen.wait_for("EXIT=", timeout=DEADLINE_SECONDS + 3)
    if "EXIT=0" not in shown or "Traceback" in shown:
        return f"did not leave quietly: {shown.strip()[-300:]}"
    if screen.alternate_screen() or not screen.cursor_visible():
        return "left the terminal on the alternate screen or without a cursor"
    return None


def test_bursts_of_sigterm_sighup_and_sigint_in_every_order_end_it(tmp_path: Path) -> None:
    orders = list(itertools.permutations(("SIGTERM", "SIGHUP", "SIGINT")))
    places = itertools.cycle(("library", "start card", "breath", "summary"))
    plan = list(zip(places, orders, strict=False))  # the places cycle: as many as orders

    def case(index: int) -> str | None:
        situation, order = plan[index]

        def act(screen: Terminal, mark: str) -> str | None:
            reach(screen, situation)
            return signal_and_watch(screen, mark, order)

        problem = run_case(tmp_path, command_for(situation), act)
        return f"{situation}, {' '.join(order)}: {problem}" if problem else None

    problems = in_parallel(case, len(plan))
    assert not problems, "\n".join(problems)


def test_sigterm_ends_it_within_the_deadline_whatever_it_is_doing(tmp_path: Path) -> None:
    moments = [random.Random(200 + i).uniform(0.0, 2.0) for i in range(len(SITUATIONS))]
    plan = list(zip(SITUATIONS, moments, strict=True))

    def case(index: int) -> str | None:
        situation, moment = plan[index]

        def act(screen: Terminal, mark: str) -> str | None:
            reach(screen, situation)
            time.sleep(moment)
            pid = program_pid(screen)
            sent = time.monotonic()
            os.kill(pid, signal.SIGTERM)
            while processes_marked(mark) and time.monotonic() - sent < DEADLINE_SECONDS + 3:
                time.sleep(0.02)
            took = time.monotonic() - sent
            if took > DEADLINE_SECONDS + GRACE:
                return f"took {took:.2f} s to end"
            return None

        problem = run_case(tmp_path, command_for(situation), act)
        return f"{situation}, SIGTERM after {moment:.2f} s: {problem}" if problem else None

    problems = in_parallel(case, len(plan))
    assert not problems, "\n".join(problems)


STUCK = """\
import sys, threading
from breather.hangup import guard
guard().on_leaving(lambda stop: threading.Event().wait())  # a shutdown that never finishes
from breather.cli import main
sys.exit(main())
"""


def test_a_shutdown_that_sticks_is_ended_by_the_deadline(tmp_path: Path) -> None:
    """However breather's own shutdown sticks, SIGTERM ends it: restored, with a report."""
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    home = tmp_path / "home"
    with terminal(marked(mark, "-c", STUCK), environment(home), socket=mark) as screen:
        screen.wait_for("BETWEEN SESSIONS", timeout=30)
        os.kill(program_pid(screen), signal.SIGTERM)
        shown = screen.wait_for("EXIT=", timeout=DEADLINE_SECONDS + 5)
        assert "EXIT=1" in shown
        assert "it took too long to leave, so it was ended; a report is in" in shown
        assert not screen.alternate_screen()
        assert screen.cursor_visible()
    assert not kill_survivors(mark)
    reports = list((home / "data" / "breather" / "reports").glob("breather-stuck-*.txt"))
    assert len(reports) == 1
    story = reports[0].read_text(encoding="utf-8")
    assert "did not leave within 2 s of SIGTERM" in story
    assert "<lambda>" in story  # the stack shows where it was stuck


def process_stopped(pid: int) -> bool:
    """Whether ``pid`` is stopped (job control), as ``ps`` shows it: state ``T``."""
    state = subprocess.run(
        ["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, check=False
    ).stdout.strip()
    return state.startswith("T")


def wait_until(condition: Callable[[], bool], what: str, screen: Terminal, pid: int) -> None:
    """Wait (10 s at most) until ``condition`` holds; else fail saying ``what`` never happened."""
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            stopped = "stopped" if process_stopped(pid) else "not stopped"
            raise AssertionError(
                f"{what} never happened (breather {stopped}, alternate screen "
                f"{'on' if screen.alternate_screen() else 'off'}); the screen showed:\n"
                f"{screen.screen()}"
            )
        time.sleep(0.05)


def test_suspending_and_continuing_still_work(tmp_path: Path) -> None:
    """SIGTSTP (Ctrl+Z) gives the terminal back and stops breather; SIGCONT (``fg``) repaints it.

    Each stage is waited for, as a shell would: the main screen, then the stop itself (a shell's
    ``fg`` sends SIGCONT only once it has seen breather stop; a SIGCONT sent between the screen
    change and the stop would be spent before it, and breather would stay stopped), then the
    alternate screen back with the library drawn on it again.
    """
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    with terminal(marked(mark, "-m", "breather"), environment(tmp_path), socket=mark) as screen:
        screen.wait_for("BETWEEN SESSIONS", timeout=30)
        pid = program_pid(screen)
        os.kill(pid, signal.SIGTSTP)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
        wait_until(lambda: not screen.alternate_screen(), "the main screen back", screen, pid)
        wait_until(lambda: process_stopped(pid), "breather stopping", screen, pid)
        os.kill(pid, signal.SIGCONT)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
        wait_until(screen.alternate_screen, "the alternate screen back", screen, pid)
        screen.wait_for("BETWEEN SESSIONS")  # the library drawn again, not only what changed
        screen.keys("q")
        assert "EXIT=0" in screen.wait_for("EXIT=")
    assert not kill_survivors(mark)


# -- the line player, through pipes --------------------------------------------------------------


def line_player(
    tmp_path: Path,
    mark: str,
    exercise: str,
    *,
    stdin: int | None = None,
    stdout: int | None = None,
    stderr: int | None = None,
) -> subprocess.Popen[str]:
    """The line player on ``exercise``, in a process of its own with these pipes."""
    env = os.environ | environment(tmp_path / "home")
    command = marked(mark, "-m", "breather", "play", exercise, "--plain")
    return subprocess.Popen(command, env=env, text=True, stdin=stdin, stdout=stdout, stderr=stderr)


def test_a_closed_pipe_ends_the_line_player_before_its_next_line(tmp_path: Path) -> None:
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    player = line_player(
        tmp_path, mark, "slow-lines", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert player.stdout is not None
    assert player.stderr is not None
    assert player.stdout.readline().startswith("[0:00] Slow lines")
    assert player.stdout.readline().startswith("[0:00] Line by line:")  # the start card's lines
    assert player.stdout.readline().startswith("[0:00] The first line comes at once")
    player.stdout.close()  # the reader goes away; the next line is 30 s off
    try:
        status = player.wait(timeout=10)
    finally:
        kill_survivors(mark)
    assert status == 0
    assert player.stderr.read() == ""


def test_piped_into_head_the_line_player_ends_with_it(tmp_path: Path) -> None:
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    env = os.environ | environment(tmp_path / "home")
    command = " ".join(marked(mark, "-m", "breather", "play", "slow-lines", "--plain"))
    try:
        done = subprocess.run(
            ["sh", "-c", f"{command} | head -1; echo status=$?"],
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    finally:
        survivors = kill_survivors(mark)
    assert not survivors
    assert done.stdout.splitlines() == [
        "[0:00] Slow lines. About 1 min (1:00), as written.",
        "status=0",
    ]
    assert done.stderr == ""


def test_stdin_at_its_end_does_not_hold_a_waiting_checklist(tmp_path: Path) -> None:
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    env = os.environ | environment(tmp_path / "home")
    command = marked(mark, "-m", "breather", "play", "waiting-list", "--plain")
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    finally:
        survivors = kill_survivors(mark)
    assert not survivors
    assert done.returncode == 0
    assert "Checklist: One thing; Another thing. Press Enter to go on." in done.stdout
    assert done.stdout.splitlines()[-1].startswith("[0:02] End")


def test_stdin_closed_while_waiting_for_enter_lets_the_player_go_on(tmp_path: Path) -> None:
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    player = line_player(
        tmp_path, mark, "waiting-list", stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert player.stdin is not None
    assert player.stdout is not None
    for line in player.stdout:
        if "Press Enter to go on" in line:
            break
    player.stdin.close()
    try:
        rest = player.stdout.read()
        status = player.wait(timeout=10)
    finally:
        kill_survivors(mark)
    assert status == 0
    assert rest.splitlines()[-1].startswith("[0:02] End")


def test_sigterm_while_waiting_for_enter_stops_the_line_player(tmp_path: Path) -> None:
    mark = f"breather-nlr-{uuid.uuid4().hex[:12]}"
    player = line_player(
        tmp_path, mark, "waiting-list", stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert player.stdout is not None
    for line in player.stdout:
        if "Press Enter to go on" in line:
            break
    player.send_signal(signal.SIGTERM)
    try:
        rest = player.stdout.read()
        status = player.wait(timeout=DEADLINE_SECONDS + 3)
    finally:
        kill_survivors(mark)
    assert status == 0
    assert rest.splitlines()[-1].endswith("Stopped. You can come back any time.")


# -- the single file -------------------------------------------------------------------------------


@pytest.mark.xdist_group("single-file")  # with tests/packaging's, so it is built once
def test_closing_the_single_files_terminal_during_start_up_ends_it(
    built_single_file: Path, tmp_path: Path
) -> None:
    pyz = built_single_file

    def case(index: int) -> str | None:
        moment = random.Random(300 + index).uniform(0.0, 2.0)

        def act(screen: Terminal, mark: str) -> str | None:
            time.sleep(moment)
            screen.close(CLOSES[index % len(CLOSES)])
            return None

        problem = run_case(tmp_path, ["-I", str(pyz)], act, source=None)
        return f"closed after {moment:.2f} s: {problem}" if problem else None

    problems = in_parallel(case, 6)
    assert not problems, "\n".join(problems)
