"""The player's memory over ten minutes of full motion: resident size, growth, and the caches.

Two measurements of a ten-minute 4-6 breathing step at 80x24, full motion:

- Simulated: the app runs headless (``App.run_test``) on a fake clock that jumps to each next
  change of the picture, so ten minutes of frames (about 5,000, every one drawn by Textual's
  compositor) take about two minutes. Resident memory is read after the first simulated minute
  and after each further minute; the frame caches are counted at the end, beside their bounds.
- Real time, shorter: breather itself in tmux for ``--real`` seconds, its resident memory read
  from /proc every ten seconds.

Goal (issue 13): no growth beyond 1 MB over ten minutes, the frame caches bounded.

Run: `.venv/bin/python bench/memory.py [--minutes 10] [--real 120]`. Reports; never fails a build.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

from breather.clock import FakeClock
from breather.library import ExerciseFolder, load_folders
from breather.settings import SessionChoices, Settings
from breather.ui.app import BreatherApp
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.session_screen import LANDING
from breather.ui.widgets.breath import ROWS_KEPT, BreathVisual
from breather.visual import FRAMES_KEPT
from measure import PROJECT, Tmux, clean_home, home_env, load, program, resident_bytes

if sys.platform == "win32":
    raise SystemExit("bench/memory.py needs tmux and /proc: run it on Linux")

LONG = """\
title: Long breath
summary: Ten minutes of 4-6 breathing, for the memory benchmark.
tags: [breathing]
steps:
  - breathe: 4-6
    seconds: 600
"""
MB = 1024 * 1024


def long_exercise(folder: Path) -> None:
    (folder / "long-breath.yaml").write_text(LONG, encoding="utf-8")


async def simulated(minutes: float) -> None:
    """Ten minutes of frames on a fake clock, headless; resident memory once a minute."""
    with tempfile.TemporaryDirectory(prefix="breather-bench-memory-") as folder:
        long_exercise(Path(folder))
        library = load_folders(
            [
                ExerciseFolder(PROJECT / "exercises", "built-in"),
                ExerciseFolder(Path(folder), "organisation"),
            ]
        )
    clock = FakeClock()
    app = BreatherApp(
        library,
        settings=Settings(),
        choices=SessionChoices(motion="full"),
        start_with="long-breath",
        clock=clock,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        visual = screen.query_one(BreathVisual)
        frames, minute, readings = 0, 0, []
        started = time.perf_counter()
        while True:
            state = screen.session.state()
            if state.over or state.at.elapsed >= minutes * 60:
                break
            delay = screen.next_change_in(state)
            if delay is None:
                break
            clock.advance(delay + LANDING)
            screen.sync()
            await asyncio.sleep(0.02)  # let Textual's compositor draw the frame, as it would
            frames += 1
            if int(state.at.elapsed // 60) > minute:
                minute = int(state.at.elapsed // 60)
                gc.collect()
                readings.append((minute, resident_bytes()))
        wall = time.perf_counter() - started
        gc.collect()
        readings.append((round(screen.session.state().at.elapsed / 60), resident_bytes()))
        shape = visual.shape
        frames_cached = len(shape._cache)
        rows_cached = len(visual._strips)
    print(
        f"simulated: {frames} frames in {minutes:g} simulated minutes ({wall:.0f} s of wall time)"
    )
    print("  minute  resident")
    for at, size in readings:
        print(f"  {at:>6}  {size / MB:7.1f} MB")
    if len(readings) >= 2:
        growth = (readings[-1][1] - readings[0][1]) / MB
        verdict = "holds" if growth <= 1 else "NOT MET"
        print(
            f">>> growth from minute {readings[0][0]} to {readings[-1][0]}: {growth:+.2f} MB "
            f"(goal ≤ 1 MB) {verdict}"
        )
    print(
        f"  frame cache: {frames_cached} pictures (bound {FRAMES_KEPT}); "
        f"rows kept: {rows_cached} strips (bound {ROWS_KEPT})"
    )


def real_time(seconds: float) -> None:
    """breather in tmux for ``seconds``; resident memory every ten seconds."""
    if shutil.which("tmux") is None:
        print("real time: skipped (needs tmux)")
        return
    terminal = Tmux("breather-bench-memory")
    with clean_home() as home, tempfile.TemporaryDirectory() as folder:
        long_exercise(Path(folder))
        env = {**home_env(home), "BREATHER_PATH": folder}
        terminal.start(f"{program('breather')} play long-breath --motion full", env)
        try:
            terminal.wait_for("Enter to begin")
            terminal.keys("Enter")
            terminal.wait_for("Breathe in")
            time.sleep(2.0)
            pid = terminal.pid()
            readings = []
            started = time.monotonic()
            while True:
                elapsed = time.monotonic() - started
                readings.append((elapsed, resident_bytes(pid)))
                if elapsed >= seconds:
                    break
                time.sleep(min(10.0, seconds - elapsed))
        finally:
            terminal.stop()
    first, last = readings[0][1], readings[-1][1]
    peak = max(size for _, size in readings)
    print(
        f"real time ({seconds:.0f} s in tmux): resident {first / MB:.1f} MB at the start, "
        f"{last / MB:.1f} MB at the end (peak {peak / MB:.1f} MB), "
        f"growth {(last - first) / MB:+.2f} MB"
    )
    print("  " + ", ".join(f"{at:.0f} s {size / MB:.1f} MB" for at, size in readings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="simulated minutes")
    parser.add_argument("--real", type=float, default=120.0, help="seconds in tmux (0: skip)")
    args = parser.parse_args()
    print(load())
    asyncio.run(simulated(args.minutes))
    if args.real > 0:
        real_time(args.real)


if __name__ == "__main__":
    main()
