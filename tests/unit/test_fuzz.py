"""Fuzzing in the suite: 500 examples (bench/fuzz.py runs 20,000)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breather.library import ExerciseFolder, load_folders
from tests.unit.fuzzing import PROJECT, check, exercise_shaped, mutated_shipped, yaml_text

LIBRARY = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
MINUTES = st.one_of(st.none(), st.sampled_from([0.5, 1, 2, 3, 45]))
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(exercise_shaped, MINUTES)
def test_exercise_shaped_yaml(document: dict[str, object], minutes: float | None) -> None:
    check(yaml_text(document), LIBRARY, minutes)


@FUZZ
@given(mutated_shipped(), MINUTES)
def test_shipped_files_mutated_byte_by_byte(data: bytes, minutes: float | None) -> None:
    check(data, LIBRARY, minutes)
