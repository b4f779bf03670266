"""The executable: `make exe` builds dist/breather, which runs where there is no Python at all.

Built once per test session (about half a minute), or taken from dist/ when `make exe` made it
after the last change to the code, the exercises or the build script. Each run gets an
environment holding only ``PATH=/usr/bin:/bin`` and a fresh ``HOME``; one gets an empty PATH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.terminal import terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("executable"),  # one worker, so PyInstaller runs once under xdist
    pytest.mark.skipif(sys.platform != "linux", reason="this test drives the Linux executable"),
]

INPUTS = ("src", "exercises", "tools/build_exe.py", "pyproject.toml", "requirements-dev.txt")
"""What the executable is made from: newer than any of these, a built one is fresh."""

ONE_SECOND = "title: One second\nsteps:\n  - text: Arrive.\n    seconds: 1\noutro: Done.\n"
SHIPPED = {path.stem for path in (PROJECT / "exercises").glob("*.yaml")}


def newest_input() -> float:
    newest = 0.0
    for name in INPUTS:
        path = PROJECT / name
        for found in [path, *path.rglob("*")] if path.is_dir() else [path]:
            if "__pycache__" not in found.parts:
                newest = max(newest, found.stat().st_mtime)
    return newest


def fresh_build() -> Path | None:
    """dist/breather, if `make exe` built it after the last change to what it is made from."""
    built = PROJECT / "dist" / "breather"
    if built.is_file() and built.stat().st_mtime > newest_input():
        return built
    return None


@pytest.fixture(scope="session")
def executable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The executable, alone in an empty folder: built once, or a fresh one from dist/."""
    built = fresh_build()
    if built is None:
        output = tmp_path_factory.mktemp("exe-build")
        result = subprocess.run(
            [sys.executable, str(PROJECT / "tools" / "build_exe.py"), "--output-dir", str(output)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        built = output / "breather"
    alone = tmp_path_factory.mktemp("exe-alone") / built.name
    shutil.copy2(built, alone)
    return alone


def run(
    executable: Path,
    *args: str,
    home: Path,
    path: str = "/usr/bin:/bin",
    folders: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the executable with only PATH and HOME (and BREATHER_PATH) in its environment."""
    env = {"PATH": path, "HOME": str(home)}
    if folders is not None:
        env["BREATHER_PATH"] = str(folders)
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=executable.parent,
        check=False,
        timeout=120,
    )


def test_list_plan_and_plain_run_with_nothing_but_path_and_home(
    executable: Path, tmp_path: Path
) -> None:
    listed = run(executable, "list", "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {exercise["id"] for exercise in found["exercises"]} == SHIPPED
    assert {exercise["origin"] for exercise in found["exercises"]} == {"built-in"}
    planned = run(executable, "plan", "longer-out-breath", "--minutes", "1", home=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.splitlines()[-1] == "[1:00] End"
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "one-second.yaml").write_text(ONE_SECOND, encoding="utf-8")
    played = run(executable, "play", "one-second", "--plain", home=tmp_path, folders=folder)
    assert played.returncode == 0, played.stderr
    assert played.stdout.splitlines() == [
        "[0:00] One second. About 1 s (0:01), as written.",
        "[0:00] Line by line: Ctrl+C stops at any moment; pausing needs the full-screen player.",
        "[0:00] Arrive.",
        "[0:01] End. Done.",
    ]
    wrong = run(executable, "plan", "no-such-thing", home=tmp_path)
    assert wrong.returncode == 2
    assert "no exercise has the id" in wrong.stderr
    served = run(executable, "serve", "--no-browser", home=tmp_path)
    assert served.returncode == 2
    assert served.stderr.startswith("breather serve is not part of the executable:")


def test_it_needs_nothing_on_the_path_and_knows_it_is_the_executable(
    executable: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    doctor = run(executable, "doctor", "--json", home=tmp_path, path=str(empty))
    assert doctor.returncode == 0, doctor.stderr
    report = json.loads(doctor.stdout)
    assert report["breather"]["runs_from"] == "executable"
    assert report["breather"]["location"] == str(executable)
    assert report["python"]["executable"] == "inside the executable"
    assert report["exercises"]["count"] == len(SHIPPED)
    assert report["exercises"]["broken_files"] == 0


def test_the_ui_opens_from_the_executable(executable: Path, tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    with terminal([str(executable)], env) as screen:
        screen.wait_for("BETWEEN SESSIONS", timeout=20)  # the first start unpacks the file
        screen.keys("Enter")
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        screen.wait_for("step 1 of")
        screen.keys("q")
        screen.wait_for("You stopped at step 1")
        screen.keys("q")
        screen.wait_for("EXIT=0")
        assert not screen.alternate_screen()
