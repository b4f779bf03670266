"""The CI workflow keeps its promises: three systems, two Pythons, nothing skipped quietly.

``make workflow`` checks the file against GitHub's schema (check-jsonschema, offline) and CI runs
actionlint on it; these tests check what a schema cannot: that the matrix, the folders left out
on Windows and macOS, the tests deselected there and the smoke test match this repository.
"""

from __future__ import annotations

import ast
import re
import shlex
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT, SLOW_FOLDERS
from tests.unit.test_locked_down import SITUATIONS

WORKFLOW = PROJECT / ".github" / "workflows" / "ci.yml"
RELEASES = {"actions/checkout@v4", "actions/setup-python@v5", "actions/upload-artifact@v4"}
"""The actions used, each at a major release that exists (v4, v5 and v4 as of 2026)."""


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def step(job: dict[str, Any], name_starts: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        s for s in job["steps"] if s.get("name", "").startswith(name_starts)
    )
    return found


def test_tests_run_on_three_systems_with_the_oldest_and_newest_python(
    workflow: dict[str, Any],
) -> None:
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "windows-latest", "macos-latest"}
    assert matrix["python"] == ["3.10", "3.13"]
    assert workflow["jobs"]["test"]["strategy"]["fail-fast"] is False  # see every system's result
    assert workflow["env"]["CI"] == "true"


def test_only_known_action_releases_are_used(workflow: dict[str, Any]) -> None:
    used = {s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s}
    assert used == RELEASES


def test_every_matrix_value_named_in_a_job_is_defined(workflow: dict[str, Any]) -> None:
    for name, job in workflow["jobs"].items():
        named = set(re.findall(r"matrix\.(\w+)", yaml.safe_dump(job)))
        assert named <= set(job["strategy"]["matrix"]), name


def test_lint_types_and_tests_run_everywhere(workflow: dict[str, Any]) -> None:
    runs = " ".join(s.get("run", "") for s in workflow["jobs"]["test"]["steps"] if "if" not in s)
    assert "ruff format --check src tests bench tools" in runs
    assert "ruff check src tests bench tools" in runs
    assert "mypy --strict src tests bench tools" in runs


def test_windows_and_macos_leave_out_each_slow_folder_by_name(workflow: dict[str, Any]) -> None:
    elsewhere = step(workflow["jobs"]["test"], "Tests, all but")
    assert elsewhere["if"] == "runner.os != 'Linux'"
    for folder in SLOW_FOLDERS:  # a new slow folder must be named here too
        assert f"--ignore=tests/{folder}" in elsewhere["run"]
    everything = step(workflow["jobs"]["test"], "Tests, every one")
    assert everything["run"] == "python -m pytest -p no:cacheprovider"


def test_every_test_deselected_elsewhere_exists(workflow: dict[str, Any]) -> None:
    script = step(workflow["jobs"]["test"], "Tests, all but")["run"]
    words = shlex.split(script)
    deselected = [words[i + 1] for i, word in enumerate(words) if word == "--deselect"]
    assert len(deselected) == 4
    for node in deselected:
        path, function = node.split("::")
        tree = ast.parse((PROJECT / path).read_text(encoding="utf-8"))
        defined = {
            n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert function in defined, node
    assert "current folder not writable" in SITUATIONS  # what the -k expression leaves out


def test_the_windows_smoke_test_runs_what_a_clinic_runs(workflow: dict[str, Any]) -> None:
    smoke = step(workflow["jobs"]["test"], "Smoke test on Windows")
    assert smoke["if"] == "runner.os == 'Windows'"
    script = smoke["run"]
    for call in (
        "Invoke-Breather 0 @('list')",
        "Invoke-Breather 0 @('plan', 'three-seconds')",
        "Invoke-Breather 0 @('play', 'three-seconds', '--plain')",
        "Invoke-Breather 2 @('validate', 'tests/data/exercises/bad')",
        "Invoke-Breather 0 @('doctor', '--json')",
    ):
        assert call in script
    assert "seconds: 3" in script
    assert "$env:BREATHER_PATH = $folder" in script
    assert (PROJECT / "tests" / "data" / "exercises" / "bad").is_dir()


def test_each_system_builds_and_keeps_the_single_file_and_the_executable(
    workflow: dict[str, Any],
) -> None:
    build = workflow["jobs"]["build"]
    assert build["needs"] == "test"
    assert set(build["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "windows-latest",
        "macos-latest",
    }
    runs = " ".join(s.get("run", "") for s in build["steps"])
    assert "tools/build_pyz.py --output dist/breather.pyz" in runs
    assert "tools/build_exe.py --output-dir dist" in runs
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"].split() == [
        "dist/breather.pyz",
        "dist/breather",
        "dist/breather.exe",
    ]
    assert upload["with"]["if-no-files-found"] == "error"
