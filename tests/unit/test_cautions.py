"""Cautions for authors: a file that goes past the content guidance on holds still loads, and
``validate`` says so under its "ok"; the library's own exercises draw none."""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.cautions import hold_cautions
from breather.cli import main
from breather.library import ExerciseFolder, load_folders
from tests.conftest import PROJECT

LONG_HOLDS = """\
title: Long holds
steps:
  - breathe: 4-30-8
    cycles: 2
  - breathe: 4-7-8
    cycles: 6
  - breathe: 4-7-8
    cycles: 2
    max_cycles: 4
  - breathe: 4-6
    cycles: 9
  - text: Look around the room.
    seconds: 5
"""


def test_the_shipped_exercises_draw_no_caution() -> None:
    library = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
    assert library.exercises
    for exercise in library.exercises.values():
        assert hold_cautions(exercise) == [], exercise.id


def test_validate_says_ok_then_each_caution_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long-holds.yaml"
    path.write_text(LONG_HOLDS, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"ok  {path}  (long-holds, ")
    cautions = captured.err.splitlines()
    assert [line.split(": ")[2] for line in cautions] == [
        "steps[0].breathe",  # a 30 s hold
        "steps[0].breathe",  # no max_cycles: fitting may add breaths with it
        "steps[1].breathe",  # six breaths of 4-7-8
    ]
    assert all(line.startswith(f"{path}: caution: ") for line in cautions)
    assert "a hold of 30 s is long" in cautions[0]
    assert "`max_cycles: 4`" in cautions[1]
    assert "6 breaths with long holds" in cautions[2]
