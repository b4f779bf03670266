"""Fuzz the loader and planner with 20,000 examples and report the count.

Half are exercise-shaped YAML (valid and subtly broken), half are shipped exercises mutated byte
by byte. The rule is the suite's (tests/unit/fuzzing.py): only the user-error type may come out,
and every problem carries a line. Run `.venv/bin/python bench/fuzz.py [--examples 20000]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.fuzzing import (
    PROJECT,
    check,
    exercise_shaped,
    mutated_shipped,
    yaml_text,
)

from breather.library import ExerciseFolder, load_folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=20_000)
    half = parser.parse_args().examples // 2
    library = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
    minutes = st.one_of(st.none(), st.sampled_from([0.5, 1, 2, 3, 45]))
    count = {"shaped": 0, "mutated": 0}
    fuzz = settings(
        max_examples=half,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @fuzz
    @given(exercise_shaped, minutes)
    def shaped(document: dict[str, object], length: float | None) -> None:
        count["shaped"] += 1
        check(yaml_text(document), library, length)

    @fuzz
    @given(mutated_shipped(), minutes)
    def mutated(data: bytes, length: float | None) -> None:
        count["mutated"] += 1
        check(data, library, length)

    started = time.perf_counter()
    shaped()
    mutated()
    elapsed = time.perf_counter() - started
    total = count["shaped"] + count["mutated"]
    print(
        f"{total} examples run ({count['shaped']} exercise-shaped, {count['mutated']} mutated "
        f"shipped files) in {elapsed:.0f} s; no exception but the user-error type, every problem "
        "with a line"
    )


if __name__ == "__main__":
    main()
