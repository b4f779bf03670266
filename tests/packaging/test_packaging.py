"""The wheel carries the built-in exercises inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT


@pytest.mark.slow
def test_the_wheel_contains_every_exercise(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    wheel = next(tmp_path.glob("breather-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"breather/exercises/{path.name}" for path in (PROJECT / "exercises").glob("*.yaml")}
    assert shipped
    assert shipped <= names
    assert "breather/cli.py" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(name for name in names if name.endswith("entry_points.txt"))
    )
    assert b"breather = breather.cli:main" in entry_points
