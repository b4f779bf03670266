"""The library opens from a first pass only when there is much to load (issue 13)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from breather import cli
from breather.clock import FakeClock
from breather.library import ExerciseFolder, files_beyond_builtin
from tests.conftest import PROJECT

EXERCISE = "title: Org {n}\nsteps:\n  - text: Arrive.\n    seconds: 10\n"


def organisation(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    for n in range(count):
        (folder / f"org-{n}.yaml").write_text(EXERCISE.format(n=n), encoding="utf-8")
    (folder / "notes.txt").write_text("not an exercise", encoding="utf-8")
    return folder


def context() -> cli.Context:
    return cli.Context(io.StringIO(), io.StringIO(), FakeClock())


def test_files_beyond_builtin_counts_exercise_files_outside_the_built_in_folder(
    tmp_path: Path,
) -> None:
    folder = organisation(tmp_path, 3)
    sources = [
        ExerciseFolder(PROJECT / "exercises", "built-in"),
        ExerciseFolder(folder, "organisation"),
        ExerciseFolder(tmp_path / "missing", "user"),
    ]
    assert files_beyond_builtin(sources) == 3


def test_few_files_load_whole_before_the_ui_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHER_PATH", str(organisation(tmp_path, 3)))
    ctx = context()
    library, finish = cli._first_pass(ctx)
    assert finish is None
    assert "org-0" in library.exercises
    assert "longer-out-breath" in library.exercises


def test_many_files_open_with_the_built_ins_and_load_the_rest_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHER_PATH", str(organisation(tmp_path, 3)))
    monkeypatch.setattr(cli, "FIRST_PASS_FILES", 2)
    ctx = context()
    first, finish = cli._first_pass(ctx)
    assert finish is not None
    builtin = {path.stem for path in (PROJECT / "exercises").glob("*.yaml")}
    assert set(first.exercises) == builtin
    whole = finish()
    assert set(whole.exercises) == builtin | {"org-0", "org-1", "org-2"}
