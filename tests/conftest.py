"""Shared fixtures: keep the test machine's folders, settings and environment out of every test.

Also the two rules that keep the suite honest about what it ran:
- every test under ``tests/tmux``, ``tests/packaging``, ``tests/processes`` and ``tests/browser``
  is marked ``slow`` (``make unit``, which runs ``tests/unit``, leaves out its slow tests too;
  ``make test`` and CI run them all);
- a test that needs a tool (tmux, pgrep) calls :func:`require_tool`: on a developer's machine a
  missing tool skips the test with the reason, but under CI it fails the run, so a CI machine
  that lacks the tool can never pass by skipping.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Machines are noisy: property tests check correctness, never speed.
settings.register_profile("breather", deadline=None, print_blob=True)
settings.load_profile("breather")

DATA = Path(__file__).parent / "data"
GOOD = DATA / "exercises" / "good"
BAD = DATA / "exercises" / "bad"
PROJECT = Path(__file__).resolve().parents[1]

SLOW_FOLDERS = ("tmux", "packaging", "processes", "browser")
"""Folders under tests/ whose every test is slow: real terminals, builds, child processes."""


def under_ci() -> bool:
    """Whether this run is CI's (CI sets ``CI=true``); there, nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(
    name: str, package: str = "", *, install: str = "", path: str | None = None
) -> str:
    """The path of the program ``name``; skip without it, or fail under CI.

    Args:
        name: The program, as found on ``PATH`` (or on ``path``).
        package: The Debian package that provides it, named in the message.
        install: How to install it, when that is not a Debian package.
        path: Where to look instead of ``PATH`` (folders separated as in ``PATH``).
    """
    found = shutil.which(name, path=path)
    if found is not None:
        return found
    reason = f"{name} is not installed ({install or f'apt-get install {package}'})"
    if under_ci():
        pytest.fail(f"{reason}: CI must run every test; .ci/run installs it", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in the slow folders ``slow``, so a new file there cannot forget it."""
    tests = Path(__file__).parent
    slow = [tests / folder for folder in SLOW_FOLDERS]
    for item in items:
        if any(item.path.is_relative_to(folder) for folder in slow):
            item.add_marker(pytest.mark.slow)


GARBAGE_THRESHOLDS = (10_000, 10, 10)
"""How often each test process looks for garbage cycles (Python's default is 700, 10, 10)."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """Spend less of the suite looking for garbage: about a sixth of the CPU of tests/ui.

    A Pilot test builds and drops a whole app, thousands of objects, so with Python's default
    thresholds a test process spends much of its time in the cycle collector, going over
    everything imported and collected each time. Once collection is done, everything alive is
    frozen (:func:`gc.freeze`: modules, Textual, the collected tests; never looked at again)
    and young objects are looked at less often. Garbage is still freed, later and in larger
    batches; no test depends on when. Measured on 2 cores, ``pytest -n 4 tests/ui tests/unit``:
    76 CPU-seconds and 44 s with the defaults, 62 and 38 s with this (2026-11-28, twice each);
    the largest worker grew by about 13 MB. breather's own processes keep Python's defaults.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GARBAGE_THRESHOLDS)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and every XDG folder into tmp_path and clear breather's variables."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in ("BREATHER_PATH", "BREATHER_CONFIG", "NO_COLOR", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def built_single_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """breather.pyz, built once per test process by tools/build_pyz.py.

    Every test that uses it carries ``pytest.mark.xdist_group("single-file")``, so under
    ``make test`` (pytest-xdist) they share one worker and the build runs once.
    """
    built = tmp_path_factory.mktemp("single-file") / "breather.pyz"
    subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_pyz.py"), "--output", str(built)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return built
