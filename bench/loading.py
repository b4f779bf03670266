"""Time to load N exercise files (copies of the built-ins), to show cost grows linearly, with
PyYAML's C parser (libyaml, used when present) and with its pure-Python one (what the single file
uses where PyYAML was installed without libyaml).

Both parsers give breather the same nodes with the same line and column marks (the error
messages' FILE:LINE:COLUMN come from them), so the figures compare like with like; the output
checks that every exercise loaded the same either way.

Goal (issue 2): 1,000 files in under 1 s. Run `.venv/bin/python bench/loading.py`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from breather import yamlsafe
from breather.library import ExerciseFolder, Library, load_folders
from breather.loader import forget_checked_files

PROJECT = Path(__file__).resolve().parents[1]
PARSERS: dict[str, type[yaml.SafeLoader]] = {"pure Python": yaml.SafeLoader}
if hasattr(yaml, "CSafeLoader"):
    PARSERS["libyaml (C)"] = yaml.CSafeLoader  # type: ignore[assignment]  # same interface


def build(folder: Path, count: int) -> None:
    sources = sorted((PROJECT / "exercises").glob("*.yaml"))
    for index in range(count):
        source = sources[index % len(sources)]
        text = source.read_text(encoding="utf-8")
        if "include:" in text:  # keep every copy self-contained
            source = sources[0]
            text = source.read_text(encoding="utf-8")
        (folder / f"copy-{index:05d}-{source.name}").write_text(text, encoding="utf-8")


def timed_load(folder: Path, parser: type[yaml.SafeLoader]) -> tuple[float, Library]:
    chosen = yamlsafe._Loader
    yamlsafe._Loader = parser
    forget_checked_files()  # each load parses and checks every file, as a process's first does
    try:
        started = time.perf_counter()
        library = load_folders([ExerciseFolder(folder, "organisation")])
        return time.perf_counter() - started, library
    finally:
        yamlsafe._Loader = chosen


def main() -> None:
    if len(PARSERS) == 1:
        print("PyYAML here has no libyaml: only the pure-Python parser is measured")
    names = list(PARSERS)
    print(f"{'files':>6} " + " ".join(f"{name + ' median':>22} {'per file':>9}" for name in names))
    for count in (10, 100, 1000, 2000):
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            build(folder, count)
            times: dict[str, list[float]] = {name: [] for name in names}
            loaded: dict[str, Library] = {}
            for _ in range(5):
                for name in names:
                    seconds, library = timed_load(folder, PARSERS[name])
                    times[name].append(seconds)
                    loaded[name] = library
            for name, library in loaded.items():
                assert len(library.exercises) == count, (name, library.problems[:3])
            if len(loaded) == 2:
                first, second = loaded.values()
                assert first.exercises == second.exercises, "the two parsers disagree"
            cells = []
            for name in names:
                median = statistics.median(times[name])
                cells.append(f"{median * 1000:>20.1f}ms {median / count * 1e6:>7.0f}µs")
            print(f"{count:>6} " + " ".join(cells))
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
