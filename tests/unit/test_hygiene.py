"""The core stays free of Textual, and of the network."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROJECT

CORE = ["model", "loader", "timeline", "session", "settings", "paths", "plain", "errors", "cli",
        "library", "yamlsafe", "clock", "schema", "history", "history_report",
        "tones", "players", "sound"]  # fmt: skip


def test_importing_the_core_and_cli_leaves_textual_out() -> None:
    imports = "; ".join(f"import breather.{name}" for name in CORE)
    check = (
        f"import sys; {imports}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'socket', 'ssl')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=PROJECT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "breather", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("breather ")
