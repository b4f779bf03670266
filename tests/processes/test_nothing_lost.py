"""A settings write killed at any moment leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breather.settings import load_settings
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow

WRITER = """
import sys
from pathlib import Path
from breather.settings import save_setting
path = Path(sys.argv[1])
flag = False
while True:
    flag = not flag
    assert save_setting(path, "timers", flag) is None
    print("saved", flush=True)
"""
"""Saves the settings over and over, saying so after each save."""

ORIGINAL = "# our team's settings\ntimers: true\nsupport: 'Call 1234'\n" + "# padding\n" * 2000


def test_killing_a_writer_never_leaves_half_a_file(tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.yaml"
    settings.parent.mkdir()
    settings.write_text(ORIGINAL, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    chance = random.Random(7)
    for _ in range(15):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(settings)], env=env, stdout=subprocess.PIPE
        )
        assert writer.stdout is not None
        # A save has completed (renamed over the file): writing is under way, so kill it now.
        assert writer.stdout.readline() == b"saved\n"
        time.sleep(chance.random() * 0.2)
        writer.kill()  # SIGKILL
        writer.communicate()  # reap it and close its pipe
        text = settings.read_text(encoding="utf-8")
        assert text in (ORIGINAL, ORIGINAL.replace("timers: true", "timers: false"))
        loaded = load_settings(settings)
        assert loaded.problems == []
        assert loaded.settings.support == "Call 1234"
    leftovers = [p.name for p in settings.parent.iterdir() if p.name != "settings.yaml"]
    # A kill between creating the temporary file and renaming it can leave one behind; it is
    # never read, and the settings themselves are whole.
    assert all(name.startswith(".settings-") for name in leftovers)
