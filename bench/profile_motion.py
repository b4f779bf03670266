"""Where the player's time goes: one minute of full motion in a real terminal, under cProfile.

breather runs in tmux (80x24) inside a small wrapper that starts the profiler on SIGUSR1 and
writes the statistics on SIGUSR2, so the profile holds only the breathing step, not the start-up.
Prints the top entries by internal time and by cumulative time. With `--floor`, the same for the
bar app (bench/floor_bar_app.py): what Textual itself spends to change one line 9 times a second.

Run: `.venv/bin/python bench/profile_motion.py [--seconds 60] [--top 25] [--save FILE] [--floor]`.
Needs tmux. cProfile slows every Python call, so read the shares, not the absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from measure import Tmux, clean_home, home_env, load

if sys.platform == "win32":
    raise SystemExit("bench/profile_motion.py needs tmux and POSIX signals: run it on Linux")

SESSION = "breather-bench-profile"
STATS = "BREATHER_PROFILE_STATS"


def inside(argv: list[str]) -> int:
    """Run breather (or the bar app) with a profiler that SIGUSR1 starts and SIGUSR2 saves."""
    profiler = cProfile.Profile()

    def begin(signum: int, frame: FrameType | None) -> None:
        profiler.enable()

    def end(signum: int, frame: FrameType | None) -> None:
        profiler.disable()
        profiler.dump_stats(os.environ[STATS])

    signal.signal(signal.SIGUSR1, begin)
    signal.signal(signal.SIGUSR2, end)
    if argv == ["--floor"]:
        from floor_bar_app import BarApp

        BarApp().run()
        return 0
    from breather.cli import main

    return main(argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--motion", default="full")
    parser.add_argument("--save", type=Path, help="keep the raw statistics in this file")
    parser.add_argument("--floor", action="store_true", help="profile the bar app instead")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench/profile_motion.py needs tmux: skipped")
        return
    terminal = Tmux(SESSION)
    with clean_home() as home:
        stats = home / "motion.prof"
        env = {**home_env(home), STATS: str(stats)}
        this = Path(__file__).resolve()
        what = "--floor" if args.floor else f"play longer-out-breath --motion {args.motion}"
        terminal.start(f"{sys.executable} {this} --inside {what}", env)
        try:
            if args.floor:
                terminal.wait_for("█")
            else:
                terminal.wait_for("Enter to begin")
                terminal.keys("Enter")
                terminal.wait_for("step 1 of 4")
                terminal.keys("n", "n")
                terminal.wait_for("Breathe in")
            time.sleep(1.0)
            pid = terminal.pid()
            os.kill(pid, signal.SIGUSR1)
            time.sleep(args.seconds)
            os.kill(pid, signal.SIGUSR2)
            deadline = time.monotonic() + 10
            while not stats.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
        finally:
            terminal.stop()
        subject = "the bar app" if args.floor else f"breather, motion {args.motion}"
        print(f"{args.seconds:.0f} s of {subject}, 80x24; {load()}")
        table = pstats.Stats(str(stats))
        if args.save:
            table.dump_stats(str(args.save))
        table.sort_stats("tottime").print_stats(args.top)
        table.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"]:
        sys.exit(inside(sys.argv[2:]))
    main()
