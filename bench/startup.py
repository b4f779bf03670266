"""Wall time of `breather list` and `breather validate exercises/`: median of 10 runs each.

Goal (issue 2): under 150 ms each on a 2-core clinic-class machine. Run with `make bench` or
`.venv/bin/python bench/startup.py`. Reports; never fails a build.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RUNS = 10


def measure(argv: list[str], env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=PROJECT, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    breather = str(Path(sys.executable).with_name("breather"))
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home}
        env.pop("BREATHER_PATH", None)
        env.pop("BREATHER_CONFIG", None)
        print(f"{'command':<40} {'median':>9} {'min':>9} {'max':>9}")
        for label, argv in (
            ("python -c pass (interpreter floor)", [sys.executable, "-c", "pass"]),
            ("breather list", [breather, "list"]),
            ("breather validate exercises/", [breather, "validate", "exercises"]),
        ):
            times = measure(argv, env)
            print(
                f"{label:<40} {statistics.median(times):>7.1f}ms {min(times):>7.1f}ms "
                f"{max(times):>7.1f}ms"
            )


if __name__ == "__main__":
    main()
