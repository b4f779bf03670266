"""Shared fixtures: keep the test machine's folders, settings and environment out of every test."""

from __future__ import annotations

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
