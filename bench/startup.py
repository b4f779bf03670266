"""How fast breather starts, beside what Python and Textual need to start, in one run.

- Launch to library on screen, in a real terminal (tmux, 80x24): breather with no arguments
  until its library's first heading shows, against a bare Textual app showing one Static
  (bench/floor_bare_app.py, same Textual). Goal (issue 13): at most 1.3x.
- The same with 1,000 exercise files in an organisation folder (BREATHER_PATH), against the
  built-in library alone. Goal: at most 2x.
- `breather list` wall time against `python -c "import yaml, argparse, platformdirs"`: the
  interpreter importing what the command cannot do without. Goal: at most 1.5x.
- `breather validate exercises/`, for the record (goal of issue 2: under 150 ms).

Each pair runs alternately, several times, and the medians are compared; the machine's load is
printed beside them. Bytecode is written and used (as an installed package has it): a run with
PYTHONDONTWRITEBYTECODE set would compile every module from source at every start.

Run: `.venv/bin/python bench/startup.py [--launches 7] [--runs 15]`. Reports; never fails a build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import BENCH, PROJECT, Goal, Tmux, clean_home, home_env, load, median, program, record

if sys.platform == "win32":
    raise SystemExit("bench/startup.py needs tmux and /proc: run it on Linux")

SESSION = "breather-bench-startup"
LIBRARY_READY = "BETWEEN SESSIONS"


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, **home_env(home)}
    for name in ("BREATHER_PATH", "BREATHER_CONFIG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def wall_ms(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=PROJECT, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def alternate(
    runs: int, first: Callable[[], float], second: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Time two things one after the other, ``runs`` times each, after one warm-up of each."""
    first(), second()
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(first())
        theirs.append(second())
    return ours, theirs


def launch_ms(
    terminal: Tmux, command: str, ready: str, extra: dict[str, str] | None = None
) -> float:
    """From starting ``command`` in a fresh terminal until ``ready`` is on its screen."""
    with clean_home() as home:
        env = {**home_env(home), **(extra or {})}
        started = time.perf_counter()
        terminal.start(command, env)
        terminal.wait_for(ready, poll=0.002)
        elapsed = (time.perf_counter() - started) * 1000
        terminal.stop()
    return elapsed


def organisation_folder(folder: Path, count: int = 1000) -> None:
    """``count`` exercise files: copies of the built-ins, each under its own id."""
    sources = [
        path
        for path in sorted((PROJECT / "exercises").glob("*.yaml"))
        if "include:" not in path.read_text(encoding="utf-8")
    ]
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"org-{index:04d}-{source.name}").write_bytes(source.read_bytes())


def summary(label: str, values: list[float]) -> str:
    spread = f"min {min(values):.1f}, max {max(values):.1f}"
    return f"{label:<46} median {median(values):7.1f} ms ({spread})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=7, help="launches of each app")
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    args = parser.parse_args()
    breather = program("breather")
    print(load())

    with clean_home() as home:
        env = environment(home)
        ours, floor = alternate(
            args.runs,
            lambda: wall_ms([breather, "list"], env),
            lambda: wall_ms([sys.executable, "-c", "import yaml, argparse, platformdirs"], env),
        )
        validate = [wall_ms([breather, "validate", "exercises"], env) for _ in range(args.runs)]
    print(summary("breather list", ours))
    print(summary('python -c "import yaml, argparse, platformdirs"', floor))
    print(summary("breather validate exercises/", validate))
    record(Goal("`breather list` wall", median(ours), median(floor), "ms", 1.5, "the import floor"))

    if shutil.which("tmux") is None:
        print("launch to library: skipped (needs tmux)")
        return
    terminal = Tmux(SESSION)
    bare = f"{sys.executable} {BENCH / 'floor_bare_app.py'}"
    try:
        ours, floor = alternate(
            args.launches,
            lambda: launch_ms(terminal, breather, LIBRARY_READY),
            lambda: launch_ms(terminal, bare, "BARE TEXTUAL APP"),
        )
        print(f"\n{load()}")
        print(summary("launch to library on screen (tmux 80x24)", ours))
        print(summary("bare Textual app, launch to its Static", floor))
        record(Goal("launch to library", median(ours), median(floor), "ms", 1.3, "the bare app"))

        with tempfile.TemporaryDirectory(prefix="breather-bench-org-") as folder:
            organisation_folder(Path(folder))
            many, few = alternate(
                max(args.launches // 2, 3),
                lambda: launch_ms(terminal, breather, LIBRARY_READY, {"BREATHER_PATH": folder}),
                lambda: launch_ms(terminal, breather, LIBRARY_READY),
            )
        print(summary("launch to library, 1,000 organisation files", many))
        print(summary("launch to library, built-in library alone", few))
        record(
            Goal(
                "launch to library with 1,000 files",
                median(many),
                median(few),
                "ms",
                2.0,
                "the built-ins alone",
            )
        )
    finally:
        terminal.stop()


if __name__ == "__main__":
    main()
