"""The executable against the single file: size on disk, and wall time of `list` (median of 10).

Both are built in the same run from the same checkout (the executable is reused from dist/ when
`make exe` made it after the last change), and each `list` runs with only PATH and a fresh HOME
in its environment, as on a workstation. The single file runs on the Python that built it.

Run with `make bench` or `.venv/bin/python bench/executable.py`. Reports; never fails a build.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RUNS = 10
INPUTS = ("src", "exercises", "tools/build_exe.py", "pyproject.toml", "requirements-dev.txt")


def newest_input() -> float:
    """The last change to anything the executable is made from."""
    newest = 0.0
    for name in INPUTS:
        path = PROJECT / name
        for found in [path, *path.rglob("*")] if path.is_dir() else [path]:
            if "__pycache__" not in found.parts:
                newest = max(newest, found.stat().st_mtime)
    return newest


def executable(folder: Path) -> Path:
    """dist/breather when fresh, else one built into ``folder``."""
    name = "breather.exe" if sys.platform == "win32" else "breather"
    built = PROJECT / "dist" / name
    if built.is_file() and built.stat().st_mtime > newest_input():
        return built
    tool = PROJECT / "tools" / "build_exe.py"
    subprocess.run([sys.executable, str(tool), "--output-dir", str(folder)], check=True)
    return folder / name


def single_file(folder: Path) -> Path:
    output = folder / "breather.pyz"
    tool = PROJECT / "tools" / "build_pyz.py"
    subprocess.run([sys.executable, str(tool), "--output", str(output)], check=True)
    return output


def wall_times(argv: list[str], home: Path) -> list[float]:
    """Milliseconds for each of :data:`RUNS` runs of ``argv``."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=home, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        home = folder / "home"
        home.mkdir()
        built = {
            "single file (.pyz)": (single_file(folder), [sys.executable, "-I"]),
            "executable": (executable(folder), []),
        }
        print(f"{'breather list':<20} {'size':>9} {'median':>9} {'min':>9} {'max':>9}")
        for label, (path, prefix) in built.items():
            times = wall_times([*prefix, str(path), "list"], home)
            size = path.stat().st_size / (1024 * 1024)
            print(
                f"{label:<20} {size:>5.1f} MiB {statistics.median(times):>7.0f}ms "
                f"{min(times):>7.0f}ms {max(times):>7.0f}ms"
            )
        print(f"Python {sys.version.split()[0]} on {sys.platform}; {RUNS} runs each")


if __name__ == "__main__":
    main()
