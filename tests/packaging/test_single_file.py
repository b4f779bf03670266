"""The single file: `make pyz` builds dist/breather.pyz, which runs with nothing installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import terminal

# One worker runs these under `make test` (pytest-xdist), so the single file is built once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("single-file")]


@pytest.fixture(scope="module")
def pyz(built_single_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The single file, alone in an empty folder."""
    alone = tmp_path_factory.mktemp("empty") / "breather.pyz"
    shutil.copy(built_single_file, alone)
    return alone


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with nothing installed: a fresh virtual environment without even pip."""
    folder = tmp_path_factory.mktemp("bare")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return folder / ("Scripts" if os.name == "nt" else "bin") / "python"


ONE_SECOND = "title: One second\nsteps:\n  - text: Arrive.\n    seconds: 1\noutro: Done.\n"
"""An exercise that plays in one real second: --plain really waits, so keep it short."""


def run(
    bare_python: Path, pyz: Path, *args: str, home: Path, folders: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    if folders is not None:
        env["BREATHER_PATH"] = str(folders)
    return subprocess.run(
        [str(bare_python), "-I", str(pyz), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=pyz.parent,
        check=False,
        timeout=120,
    )


def test_nothing_is_installed_beside_it(bare_python: Path) -> None:
    probe = subprocess.run(
        [str(bare_python), "-I", "-c", "import yaml"], capture_output=True, check=False
    )
    assert probe.returncode != 0


def test_list_plan_and_plain_run_from_the_single_file(
    bare_python: Path, pyz: Path, tmp_path: Path
) -> None:
    listed = run(bare_python, pyz, "list", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "longer-out-breath" in listed.stdout
    assert "built-in" in listed.stdout
    planned = run(bare_python, pyz, "plan", "longer-out-breath", "--minutes", "1", home=tmp_path)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.splitlines()[-1] == "[1:00] End"
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "one-second.yaml").write_text(ONE_SECOND, encoding="utf-8")
    played = run(bare_python, pyz, "play", "one-second", "--plain", home=tmp_path, folders=folder)
    assert played.returncode == 0, played.stderr
    assert played.stdout.splitlines() == [
        "[0:00] One second. About 1 s (0:01), as written.",
        "[0:00] Line by line: Ctrl+C stops at any moment; pausing needs the full-screen player.",
        "[0:00] Arrive.",
        "[0:01] End. Done.",
    ]
    wrong = run(bare_python, pyz, "plan", "no-such-thing", home=tmp_path)
    assert wrong.returncode == 2
    assert "no exercise has the id" in wrong.stderr


def test_the_ui_opens_from_the_single_file(bare_python: Path, pyz: Path, tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    with terminal([str(bare_python), "-I", str(pyz)], env) as screen:
        screen.wait_for("BETWEEN SESSIONS")
        screen.keys("Enter")
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        screen.wait_for("step 1 of")
        screen.keys("q")
        screen.wait_for("You stopped at step 1")
        screen.keys("q")
        screen.wait_for("EXIT=0")
        assert not screen.alternate_screen()


def test_the_single_file_exports_and_says_serve_needs_the_extra(
    bare_python: Path, pyz: Path, tmp_path: Path
) -> None:
    exported = run(
        bare_python, pyz, "export", "longer-out-breath", "--format", "html", home=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("<!DOCTYPE html>")
    served = run(bare_python, pyz, "serve", "--no-browser", home=tmp_path)
    assert (served.returncode, served.stdout) == (2, "")
    assert "pip install 'breather[serve]'" in served.stderr
    assert "Traceback" not in served.stderr
