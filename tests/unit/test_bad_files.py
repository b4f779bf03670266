"""Every bad file gets a clear error at the right line, exit 2, and nothing else."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from breather.cli import main
from tests.conftest import BAD

BAD_FILES = sorted(BAD.glob("*.yaml"))
HEADER = re.compile(rb"^# expect: (\d+): (.*)$", re.MULTILINE)
PARTNER = re.compile(rb"^# with: (\S+)$", re.MULTILINE)


def expectation(path: Path) -> tuple[int, str, list[Path]]:
    """The line and words the file's first comment promises, and any files it needs beside it."""
    head = path.read_bytes()[:400]
    found = HEADER.search(head)
    assert found, f"{path.name} has no '# expect: LINE: words' header"
    partners = [BAD / name.decode() for name in PARTNER.findall(head)]
    return int(found.group(1)), found.group(2).decode("utf-8"), partners


def test_the_corpus_covers_at_least_thirty_failure_modes() -> None:
    assert len(BAD_FILES) >= 30


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_validate_reports_the_problem_at_its_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, words, partners = expectation(path)
    started = time.perf_counter()
    status = main(["validate", str(path), *map(str, partners)])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()

    assert status == 2
    assert "Traceback" not in captured.err + captured.out
    problems = [row for row in captured.err.splitlines() if row.startswith(f"{path}:")]
    assert problems, captured.err
    for row in problems:
        assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: \S", row), row
    matching = [row for row in problems if words in row]
    assert matching, f"expected {words!r} in:\n{captured.err}"
    assert matching[0].startswith(f"{path}:{line}:"), matching[0]
    # A hang guard, not a benchmark: alias bombs and huge files must be refused, not expanded.
    assert elapsed < 1.0


def test_a_folder_of_bad_files_reports_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD)]) == 2
    err = capsys.readouterr().err
    for path in BAD_FILES:
        assert f"{path}:" in err, path.name


def test_broken_files_never_hide_the_good_ones(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BREATHER_PATH", str(BAD))
    assert main(["list", "--json"]) == 0
    import json

    listed = json.loads(capsys.readouterr().out)
    ids = {exercise["id"] for exercise in listed["exercises"]}
    assert "longer-out-breath" in ids
    failed = {Path(problem["path"]).name for problem in listed["problems"]}
    assert {path.name for path in BAD_FILES} <= failed
