"""No network, provably: every command and a UI session run under an audit hook that fails on
any use of a network socket.

Only a local socketpair (AF_UNIX) is allowed: asyncio, which Textual runs on, makes one to wake
its own event loop; it never leaves the process. Everything else that Python reports as a
`socket.*` audit event (creating an internet socket, connecting, resolving a name) ends the
run with exit status 99.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow

DRIVER = r"""
import asyncio, os, socket, sys

events = []

def guard(event, args):
    if not event.startswith("socket."):
        return
    if event == "socket.__new__" and args[1] == socket.AF_UNIX:
        return
    events.append((event, repr(args)[:200]))
    os.write(2, f"NETWORK CALL: {event} {args!r}\n".encode())
    os._exit(99)

sys.addaudithook(guard)

if sys.argv[1] == "--prove-the-guard-works":
    socket.getaddrinfo("localhost", 80)

from breather.cli import main
from breather.clock import FakeClock

commands = [
    ["list"], ["list", "--json"], ["validate", sys.argv[1]], ["schema"], ["paths"],
    ["plan", "longer-out-breath", "--json"], ["plan", "going-home", "--minutes", "2"],
    ["play", "end-of-day-ritual", "--plain"], ["plan", "no-such-exercise"],
    ["play", "end-of-day-ritual", "--plain", "--lead"], ["export", "--all", "--format", "html"],
    ["export", "going-home", "--format", "txt"],
    ["history"], ["history", "--json"], ["journal"], ["history", "--forget", "--yes"],
]
for argv in commands:
    status = main(argv, clock=FakeClock())
    assert status in (0, 2), (argv, status)

from breather.library import load_library
from breather.settings import Settings
from breather.ui.app import BreatherApp

async def session():
    clock = FakeClock()
    app = BreatherApp(load_library(Settings()), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter", "enter")
        for _ in range(40):
            clock.advance(3)
            app.screen.sync()
            await pilot.pause()
        await pilot.press("space", "space", "n", "p", "q")
        await pilot.pause()

asyncio.run(session())
print("NO NETWORK USED", file=sys.stderr)
"""


def test_no_command_and_no_ui_session_touches_the_network(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),
        "PYTHONPATH": str(PROJECT / "src"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(PROJECT / "exercises")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NETWORK CALL" not in result.stderr
    assert "NO NETWORK USED" in result.stderr


def test_the_guard_catches_network_use(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, "--prove-the-guard-works"],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path), "PYTHONPATH": str(PROJECT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    assert result.returncode == 99
    assert "NETWORK CALL: socket.getaddrinfo" in result.stderr
