"""Headless Chromium for the browser tests: one way to start it, kept off the network.

Each run gets its own profile folder under the test's ``tmp_path`` (nothing of the machine's),
and a resolver rule that makes every host name but the local one fail, so a page that tried to
fetch anything from outside could not, even if the machine had a network.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import require_tool

OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""Every host name resolves to nothing, except the loopback address."""

TIMEOUT = 120
"""Seconds a Chromium run may take before the test fails (a print takes about 2 s here)."""


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once with these arguments; fail the test if it fails."""
    program = require_tool("chromium", "chromium")
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            program,
            "--headless",
            "--no-sandbox",  # tests run as root in CI, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--metrics-recording-only",
            OFFLINE,
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result
