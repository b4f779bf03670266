"""Signals and resizes in a real terminal (tmux): the full matrix the test suite samples.

- SIGINT, SIGTERM and SIGHUP sent while the library is open, during a breath step and while
  paused: after each, the exit is quiet, the terminal is off the alternate screen with the
  cursor shown, and the settings file is untouched.
- 50 resizes to 20x6 and back during a breath: no crash, and afterwards the countdown agrees
  with the wall clock (the visual is where the timeline says).
- Close during start-up: the terminal is closed at a random moment in the first 1.2 seconds
  (start-up, and the library appearing), 200 times, a few at once as on a busy machine; any
  breather still running 3 seconds later is a survivor (killed, and counted). Goal: 0.

Run `.venv/bin/python bench/hardening.py` (`--only close` for the last case alone, `--source
DIR` to measure another copy of breather's `src`). Needs tmux.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.terminal import (  # noqa: E402
    Terminal,
    breather_environment,
    kill_survivors,
    marked,
    terminal,
)

SETTINGS = "# kept as written\nmotion: full\ntimers: true\n"


def environment(home: Path) -> dict[str, str]:
    return breather_environment(home, PROJECT / "src") | {
        "BREATHER_CONFIG": str(home / "settings.yaml")
    }


def to_breath(screen: Terminal) -> float:
    """Begin longer-out-breath and skip to its breath step (20 s in); when that step began."""
    screen.begin_and_skip_to_the_breath()
    return time.monotonic()


def signals() -> tuple[int, list[str]]:
    sent, problems = 0, []
    for where in ("library", "breath", "paused"):
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            with tempfile.TemporaryDirectory() as folder:
                home = Path(folder)
                (home / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
                command = [sys.executable, "-m", "breather"]
                if where != "library":
                    command += ["play", "longer-out-breath"]
                with terminal(command, environment(home)) as screen:
                    if where == "library":
                        screen.wait_for("BETWEEN SESSIONS")
                    else:
                        to_breath(screen)
                        if where == "paused":
                            screen.keys("Space")
                            screen.wait_for("paused")
                    os.kill(screen.program_pid(), getattr(signal, name))
                    sent += 1
                    shown = screen.wait_for("EXIT=")
                    intact = (home / "settings.yaml").read_text(encoding="utf-8") == SETTINGS
                    clean = not screen.alternate_screen() and screen.cursor_visible()
                    if "Traceback" in shown or not clean or not intact:
                        problems.append(f"{name} at {where}")
    return sent, problems


def resizes(count: int = 50) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        command = [sys.executable, "-m", "breather", "play", "longer-out-breath"]
        with terminal(command, environment(home)) as screen:
            started = to_breath(screen)
            for _ in range(count):
                screen.resize(20, 6)
                screen.resize(80, 24)
            shown = screen.wait_for("session ")
            left = re.search(r"session (\d+):(\d\d) left", shown)
            if left is None or "Traceback" in shown:
                return count, "the player did not come back"
            session_left = int(left.group(1)) * 60 + int(left.group(2))
            position = 20 + time.monotonic() - started  # the breath step starts 20 s in
            drift = abs((120 - session_left) - position)
            verdict = "phase-locked" if drift <= 1.5 else f"off by {drift:.1f} s"
            return count, f"{verdict} (countdown against the wall clock: {drift:.2f} s apart)"


def close_during_startup(source: Path, seed: int) -> int:
    """Open breather, close its terminal at a random moment in the first 1.2 s; survivors.

    Each run has a private tmux server, which closing the window ends too.
    """
    chance = random.Random(seed)
    mark = f"breather-bench-{uuid.uuid4().hex[:12]}"
    with tempfile.TemporaryDirectory() as folder:
        env = breather_environment(Path(folder), source)
        with terminal(marked(mark, "-m", "breather"), env, socket=mark) as screen:
            time.sleep(chance.uniform(0.0, 1.2))
            screen.close("window")
        time.sleep(3.0)
        return len(kill_survivors(mark))


def closes_during_startup(source: Path, count: int = 200, at_once: int = 4) -> int:
    """Run :func:`close_during_startup` ``count`` times, ``at_once`` at a time; survivors."""
    with ThreadPoolExecutor(at_once) as pool:
        return sum(pool.map(lambda seed: close_during_startup(source, seed), range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["signals", "resizes", "close"])
    parser.add_argument("--source", type=Path, default=PROJECT / "src")
    parser.add_argument("--closes", type=int, default=200)
    args = parser.parse_args()
    if args.only in (None, "signals"):
        sent, problems = signals()
        print(f"signals sent: {sent}; problems: {', '.join(problems) or 'none'}")
    if args.only in (None, "resizes"):
        done, verdict = resizes()
        print(f"resizes to 20x6 and back: {done}; afterwards {verdict}")
    if args.only in (None, "close"):
        survivors = closes_during_startup(args.source.resolve(), args.closes)
        print(f"closed during start-up: {args.closes}; still running 3 s later: {survivors}")


if __name__ == "__main__":
    main()
