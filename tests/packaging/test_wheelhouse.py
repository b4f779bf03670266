"""The offline bundle: `make wheelhouse` collects every wheel; installing needs no network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow


def test_the_wheelhouse_installs_with_no_index(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--wheel-dir",
            str(wheelhouse),
            str(PROJECT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    names = {path.name.split("-")[0].lower() for path in wheelhouse.glob("*.whl")}
    assert {"breather", "textual", "rich", "pyyaml", "platformdirs"} <= names
    # A bare environment, and this environment's pip installing into it (`pip --python`): the
    # same install a clinic runs, without building a pip of its own (3 CPU-seconds of ensurepip).
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-index", "--find-links", str(wheelhouse), "breather"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    probe = subprocess.run(
        [str(python), "-I", "-c", "import breather, textual; print(breather.__file__)"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert str(venv) in probe.stdout, probe.stderr
    listed = subprocess.run(
        [str(venv / "bin" / "breather"), "list"],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "grounding-5-4-3-2-1" in listed.stdout
