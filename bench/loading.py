"""Time to load N exercise files (copies of the built-ins), to show cost grows linearly.

Goal (issue 2): 1,000 files in under 1 s. Run `.venv/bin/python bench/loading.py`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from breather.library import ExerciseFolder, load_folders

PROJECT = Path(__file__).resolve().parents[1]


def build(folder: Path, count: int) -> None:
    sources = sorted((PROJECT / "exercises").glob("*.yaml"))
    for index in range(count):
        source = sources[index % len(sources)]
        text = source.read_text(encoding="utf-8")
        if "include:" in text:  # keep every copy self-contained
            source = sources[0]
            text = source.read_text(encoding="utf-8")
        (folder / f"copy-{index:05d}-{source.name}").write_text(text, encoding="utf-8")


def main() -> None:
    print(f"{'files':>6} {'median':>9} {'per file':>10}")
    for count in (10, 100, 1000, 2000):
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            build(folder, count)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                library = load_folders([ExerciseFolder(folder, "organisation")])
                times.append(time.perf_counter() - started)
            assert len(library.exercises) == count, library.problems[:3]
            median = statistics.median(times)
            print(f"{count:>6} {median * 1000:>7.1f}ms {median / count * 1e6:>8.0f}µs")
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
