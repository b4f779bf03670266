"""Hostile files: each gets a clear error (or is accepted, where the format allows) within a
second, runs no code, prints no traceback, and never stops the good exercises from loading."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from breather.cli import main
from breather.safetext import safe_text
from tests.unit.hostile import MARK, cases

CASES = cases()


@pytest.fixture(autouse=True)
def current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder: where a payload's code, if it ever ran, would leave its mark."""
    folder = tmp_path / "current"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(("name", "make", "accepted"), CASES, ids=[c[0] for c in CASES])
def test_validate_handles_it(
    name: str,
    make: object,
    accepted: bool,
    tmp_path: Path,
    current_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"{name.replace('/', '_')}.yaml"
    assert callable(make)
    path.write_bytes(make())
    started = time.perf_counter()
    status = main(["validate", str(path)])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert not (current_folder / MARK).exists()  # no code ran
    if accepted:
        assert status == 0, captured.err
    else:
        assert status == 2, captured.out
        located = re.compile(rf"{re.escape(safe_text(str(path)))}:\d+:\d+: \S")  # name escaped
        *problems, _summary = captured.err.splitlines()  # "1 file with problems; ..."
        assert problems, captured.err
        # Each problem has its line, except a file name refused before the file is read.
        unread = f"{safe_text(str(path))}: a file name cannot contain control characters"
        assert all(located.match(problem) or problem.startswith(unread) for problem in problems), (
            captured.err
        )
    assert re.search(r"[\x07\x1b\x80-\x9f]", captured.err + captured.out) is None
    assert elapsed < 1.0  # a hang guard: nothing is expanded or parsed past its limits


def test_the_good_exercises_still_load_beside_all_of_them(
    tmp_path: Path,
    current_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tmp_path = tmp_path / "hostile"
    tmp_path.mkdir()
    for name, make, _ in CASES:
        (tmp_path / f"{name}.yaml").write_bytes(make())
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    ids = {exercise["id"] for exercise in listed["exercises"]}
    assert {"longer-out-breath", "going-home", "utf8-bom"} <= ids
    rejected = {Path(problem["path"]).stem for problem in listed["problems"]}
    assert rejected == {name for name, _, accepted in CASES if not accepted}
    assert not (current_folder / MARK).exists()  # no code ran


def test_validate_and_list_never_write_to_what_they_read(
    tmp_path: Path,
    current_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tmp_path = tmp_path / "hostile"
    tmp_path.mkdir()
    for name, make, _ in CASES[:30]:
        (tmp_path / f"{name}.yaml").write_bytes(make())
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    main(["validate", str(tmp_path)])
    main(["list"])
    capsys.readouterr()
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before
    assert list(current_folder.iterdir()) == []  # nothing written where breather was run
