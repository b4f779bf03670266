"""The closing summary of `make bench`: issue 13's goals, each a ratio to a floor measured in the
same run, whether each holds, and the load the machine was under.

Reads the goals the benchmarks recorded (bench/measure.py, ``BENCH_RESULTS``). A goal with no
figure says so: the benchmark that measures it did not run or could not (no tmux, no
breathe-cli). Reports; never fails a build.

Run: `.venv/bin/python bench/goals.py RESULTS-FILE`.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from measure import load, recorded

EXPECTED = (
    "launch to library",
    "full motion, CPU of a core",
    "full motion, bytes per second",
    "`breather list` wall",
    "launch to library with 1,000 files",
)


def main() -> None:
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".venv/bench-goals.jsonl")
    goals = {goal.name: (goal, taken) for goal, taken in recorded(where)}
    print(f"\nissue 13's goals, from this run ({platform.machine()}, {load()} now):")
    for name in EXPECTED:
        if name in goals:
            goal, taken = goals[name]
            print(f"  {goal.line()}  [{taken}]")
        else:
            print(f"  {name}: not measured in this run")


if __name__ == "__main__":
    main()
