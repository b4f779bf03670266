"""What the player costs while it runs, beside what Textual and breathe-cli cost, in one run.

In a real terminal (tmux, 80x24), over a window of seconds, each program's CPU time (from /proc)
and the bytes it writes to the terminal (tmux pipe-pane):

- breather playing the 4-6 breathing step of `longer-out-breath` in full motion;
- the floor: a Textual app whose only work is one 40-cell bar changing 9 times a second
  (bench/floor_bar_app.py, same Textual);
- breathe-cli (a one-file ANSI pacer, `--ratio 4-6`) when installed (bench/requirements.txt).

They run one after the other, in rounds, and the medians are compared. The headlines are issue
13's goals: full-motion CPU at most 1.3x the bar app's, bytes per second at most 0.8x
breathe-cli's. breather's picture must still change at least 8 times a second (the screen is
sampled every 20 ms). Then, once each, breather's other motion levels and a paused session.

Run: `bench/animation` or `.venv/bin/python bench/animation.py [--seconds 20] [--rounds 3]`.
Needs tmux. Reports; never fails a build.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from measure import (
    BENCH,
    Goal,
    Sample,
    Tmux,
    clean_home,
    home_env,
    load,
    median,
    program,
    record,
    sample,
)

if sys.platform == "win32":
    raise SystemExit("bench/animation.py needs tmux and /proc: run it on Linux")

SESSION = "breather-bench-animation"
UPDATE_END = b"\x1b[2;5H"  # each screen update ends by parking the cursor at the first line


def start_breather(terminal: Tmux, home: Path, motion: str, paused: bool = False) -> None:
    """breather in the 4-6 breathing step of longer-out-breath, one second in."""
    terminal.start(
        f"{program('breather')} play longer-out-breath --motion {motion}", home_env(home)
    )
    terminal.wait_for("Enter to begin")
    terminal.keys("Enter")
    terminal.wait_for("step 1 of 4")
    terminal.keys("n", "n")
    terminal.wait_for("Breathe in")
    if paused:
        terminal.keys("space")
        terminal.wait_for("paused")
    time.sleep(1.0)


def start_bar_app(terminal: Tmux, home: Path) -> None:
    terminal.start(f"{sys.executable} {BENCH / 'floor_bar_app.py'}", home_env(home))
    terminal.wait_for("█")
    time.sleep(1.0)


def start_breathe_cli(terminal: Tmux, home: Path) -> None:
    command = f"{program('breathe')} --ratio 4-6 --duration 5 --no-sound --no-log --quiet"
    terminal.start(command, home_env(home))
    terminal.wait_for("space pause")
    time.sleep(4.0)  # its 3-second settling countdown, then a second of breathing


def picture_changes_per_second(terminal: Tmux, window: float = 4.0) -> float:
    """Sample the screen every 20 ms and count how often the picture above the label changes."""
    changes = 0
    last = None
    started = time.perf_counter()
    while time.perf_counter() - started < window:
        lines = terminal.screen().splitlines()
        label = next((i for i, line in enumerate(lines) if "Breathe" in line), len(lines))
        picture = "\n".join(lines[2:label])
        if last is not None and picture != last:
            changes += 1
        last = picture
        time.sleep(0.02)
    return changes / window


def timed(
    terminal: Tmux, start: Callable[[Tmux, Path], None], seconds: float
) -> tuple[Sample, float]:
    """Start a program, sample its cost, and return it with its screen updates a second."""
    with clean_home() as home:
        start(terminal, home)
        result = sample(terminal, seconds, home)
        updates = 0.0
        written = sorted(home.glob("written-*.bin"))
        if written:
            updates = written[-1].read_bytes().count(UPDATE_END) / seconds
    return result, updates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each window")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each program")
    parser.add_argument(
        "--goals-only", action="store_true", help="skip the other motion levels and pausing"
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench/animation needs tmux: skipped")
        return
    terminal = Tmux(SESSION)
    breathe_cli = Path(program("breathe"))
    if not breathe_cli.exists():
        print(
            "breathe-cli is not installed (`.venv/bin/pip install -r bench/requirements.txt`): "
            "its bytes-per-second comparison is skipped"
        )
    print(f"{load()}; {args.rounds} rounds of {args.seconds:.0f} s, 80x24")
    ours: list[Sample] = []
    bar: list[Sample] = []
    theirs: list[Sample] = []
    changes: list[float] = []
    try:
        for round_number in range(1, args.rounds + 1):
            with clean_home() as home:
                start_breather(terminal, home, "full")
                ours.append(sample(terminal, args.seconds, home))
                changes.append(picture_changes_per_second(terminal))
            bar.append(timed(terminal, start_bar_app, args.seconds)[0])
            if breathe_cli.exists():
                theirs.append(timed(terminal, start_breathe_cli, args.seconds)[0])
            print(
                f"round {round_number}: breather {ours[-1].cpu_percent:.2f}% "
                f"{ours[-1].bytes_per_second:.0f} B/s ({changes[-1]:.1f} picture changes/s) · "
                f"bar app {bar[-1].cpu_percent:.2f}% {bar[-1].bytes_per_second:.0f} B/s"
                + (
                    f" · breathe-cli {theirs[-1].cpu_percent:.2f}% "
                    f"{theirs[-1].bytes_per_second:.0f} B/s"
                    if theirs
                    else ""
                )
                + f" · {load()}"
            )
        if not args.goals_only:
            others(terminal, args.seconds)
    finally:
        terminal.stop()
    record(
        Goal(
            "full motion, CPU of a core",
            median([s.cpu_percent for s in ours]),
            median([s.cpu_percent for s in bar]),
            "%",
            1.3,
            "the bar app",
        )
    )
    if theirs:
        record(
            Goal(
                "full motion, bytes per second",
                median([s.bytes_per_second for s in ours]),
                median([s.bytes_per_second for s in theirs]),
                "B/s",
                0.8,
                "breathe-cli",
            )
        )
    else:
        print("bytes per second against breathe-cli: skipped (breathe-cli is not installed)")
    rate = median(changes)
    verdict = "holds" if rate >= 8 else "NOT MET"
    print(f">>> picture changes a second in full motion: {rate:.1f} (goal ≥ 8) {verdict}")


def others(terminal: Tmux, seconds: float) -> None:
    """breather's other motion levels and a paused session, once each."""
    print(f"\n{'case (80x24)':<16} {'CPU % of a core':>16} {'bytes/s':>9} {'updates/s':>10}")
    for motion, paused in (("basic", False), ("none", False), ("full", True)):

        def start(terminal: Tmux, home: Path, motion: str = motion, paused: bool = paused) -> None:
            start_breather(terminal, home, motion, paused)

        result, updates = timed(terminal, start, seconds)
        label = "paused" if paused else f"motion {motion}"
        print(
            f"{label:<16} {result.cpu_percent:>15.2f}% {result.bytes_per_second:>9.0f} "
            f"{updates:>10.1f}"
        )


if __name__ == "__main__":
    main()
