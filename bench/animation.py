"""What the player costs while it runs: CPU time and bytes written to the terminal.

Plays the 4-6 breathing step of `longer-out-breath` in a real terminal (tmux, 80x24) and, over a
window of seconds, reads the process's CPU time from /proc and the bytes it writes to the terminal
(tmux pipe-pane), for each motion level and for a paused session. It also counts the screen
updates written, samples the screen every 20 ms to count how often the picture changes, and times
how long the library takes to appear after launch.

Goals (issue 3) at 80x24: motion full at most 3% of one core and 8 KB/s with the visual changing
at least 8 times a second; paused at most 0.3% and no output; library on screen within 400 ms.

Run: `bench/animation` or `.venv/bin/python bench/animation.py [--seconds 20]`. Needs tmux.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if sys.platform == "win32":
    raise SystemExit("bench/animation.py needs tmux and /proc: run it on Linux")

PROJECT = Path(__file__).resolve().parents[1]
SESSION = "breather-bench"
TICKS = os.sysconf("SC_CLK_TCK")
UPDATE_END = b"\x1b[2;5H"  # each screen update ends by parking the cursor at the first line


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def launch(command: str, home: str) -> None:
    tmux("kill-session", "-t", SESSION)
    env = f"HOME={home} XDG_CONFIG_HOME={home}/c XDG_DATA_HOME={home}/d TERM=xterm-256color"
    tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", f"env {env} {command}")


def screen() -> str:
    return tmux("capture-pane", "-t", SESSION, "-p")


def wait_for(text: str, timeout: float = 10.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in screen():
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{text!r} never appeared:\n{screen()}")


def breather_pid() -> int:
    found = subprocess.run(
        ["pgrep", "-n", "-f", "bin/breather play"], capture_output=True, text=True, check=False
    ).stdout.split()
    if not found:
        raise RuntimeError("breather is not running")
    return int(found[0])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def visual_changes_per_second(window: float = 4.0) -> float:
    """Sample the screen every 20 ms and count how often the picture above the label changes."""
    changes = 0
    last = None
    started = time.perf_counter()
    while time.perf_counter() - started < window:
        lines = screen().splitlines()
        label = next((i for i, line in enumerate(lines) if "Breathe" in line), len(lines))
        picture = "\n".join(lines[2:label])
        if last is not None and picture != last:
            changes += 1
        last = picture
        time.sleep(0.02)
    return changes / window


def measure(motion: str, paused: bool, seconds: float, breather: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        launch(f"{breather} play longer-out-breath --motion {motion}", home)
        wait_for("Enter to begin")
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_for("step 1 of 4")
        tmux("send-keys", "-t", SESSION, "n", "n")
        wait_for("Breathe in")
        if paused:
            tmux("send-keys", "-t", SESSION, "space")
            wait_for("paused")
        time.sleep(1.0)
        pid = breather_pid()
        capture = Path(home) / "written.bin"
        tmux("pipe-pane", "-O", "-t", SESSION, f"cat > {capture}")
        before = cpu_seconds(pid)
        time.sleep(seconds)
        after = cpu_seconds(pid)
        tmux("pipe-pane", "-t", SESSION)
        time.sleep(0.2)
        written = capture.read_bytes() if capture.exists() else b""
        changes = visual_changes_per_second()
        tmux("kill-session", "-t", SESSION)
    return {
        "cpu": (after - before) / seconds * 100,
        "bytes": len(written) / seconds,
        "frames": written.count(UPDATE_END) / seconds,
        "changes": changes,
    }


def startup(breather: str, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            launch(breather, home)
            times.append(wait_for("BETWEEN SESSIONS") * 1000)
            tmux("kill-session", "-t", SESSION)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each window")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("bench/animation needs tmux")
    breather = str(Path(sys.executable).with_name("breather"))
    print(
        f"{'case (80x24)':<16} {'CPU % of a core':>16} {'bytes/s':>9} {'updates/s':>10} "
        f"{'picture changes/s':>18}"
    )
    for motion, paused in (("full", False), ("basic", False), ("none", False), ("full", True)):
        result = measure(motion, paused, args.seconds, breather)
        label = "paused" if paused else f"motion {motion}"
        print(
            f"{label:<16} {result['cpu']:>15.2f}% {result['bytes']:>9.0f} "
            f"{result['frames']:>10.1f} {result['changes']:>18.1f}"
        )
    times = startup(breather)
    print(
        f"\nlaunch to library on screen: median {statistics.median(times):.0f} ms "
        f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} runs)"
    )


if __name__ == "__main__":
    main()
