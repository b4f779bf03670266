"""What every benchmark needs: a program in a real terminal (tmux), its CPU time, its memory and
the bytes it writes, and the goals recorded for `make bench` to print together.

The goals of issue 13 are ratios to a floor measured in the same run on the same machine (a bare
Textual app, a Textual app that only moves one bar, breathe-cli, the interpreter importing what
`breather list` needs): the absolute figures differ by 2x between machines, a ratio does not.
Each benchmark measures breather and its floor alternately, several times, and takes medians, so
a burst of load from another process falls on both.

Not a test: nothing here fails a build. A goal that does not hold is printed as such.
"""

from __future__ import annotations

import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

if sys.platform == "win32":
    raise SystemExit("bench/measure.py needs tmux and /proc: run it on Linux")

PROJECT = Path(__file__).resolve().parents[1]
BENCH = PROJECT / "bench"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
RESULTS = "BENCH_RESULTS"
"""The environment variable naming the file where goals are recorded (set by `make bench`)."""


def program(name: str) -> str:
    """The path of a console script installed beside this Python (``breather``, ``breathe``)."""
    return str(Path(sys.executable).with_name(name))


def load() -> str:
    """The machine's load averages, to print beside figures taken on a shared machine."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- a program in a real terminal -------------------------------------------------------------


class Tmux:
    """One tmux session (80x24 unless told) running one command, read as a person would."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, check=False, timeout=10
        )
        return result.stdout

    def start(self, command: str, env: Mapping[str, str], size: tuple[int, int] = (80, 24)) -> None:
        """Start ``command`` with ``env`` added to a clean terminal environment."""
        self.stop()
        assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # Killing the last session ends the tmux server; a new session asked for while it is
        # still shutting down is lost, so check that it started and ask again if not.
        for _ in range(5):
            self.run(
                "new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]),
                f"env -u PYTHONDONTWRITEBYTECODE TERM=xterm-256color {assignments} {command}",
            )  # fmt: skip
            if self.running():
                return
            time.sleep(0.2)
        raise RuntimeError(f"tmux would not start {command!r}")

    def running(self) -> bool:
        """Whether the session exists."""
        found = subprocess.run(
            ["tmux", "has-session", "-t", self.name], capture_output=True, check=False
        )
        return found.returncode == 0

    def stop(self) -> None:
        self.run("kill-session", "-t", self.name)

    def screen(self) -> str:
        return self.run("capture-pane", "-t", self.name, "-p")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def pid(self) -> int:
        """The process the session's pane runs (the program itself: ``env`` execs it)."""
        return int(self.run("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def wait_for(self, text: str, timeout: float = 15.0, poll: float = 0.005) -> float:
        """Seconds until ``text`` is on screen; polls every ``poll`` seconds."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if text in self.screen():
                return time.perf_counter() - started
            time.sleep(poll)
        raise TimeoutError(f"{text!r} never appeared:\n{self.screen()}")

    @contextmanager
    def written(self, into: Path) -> Iterator[Path]:
        """Capture every byte the program writes to the terminal while the block runs."""
        self.run("pipe-pane", "-O", "-t", self.name, f"cat > {shlex.quote(str(into))}")
        try:
            yield into
        finally:
            self.run("pipe-pane", "-t", self.name)
            time.sleep(0.2)


@contextmanager
def clean_home() -> Iterator[Path]:
    """A temporary home, so no benchmark reads or writes the developer's settings."""
    with tempfile.TemporaryDirectory(prefix="breather-bench-") as home:
        yield Path(home)


def home_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }


# -- a process, read from /proc ---------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def resident_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process now (``/proc/PID/statm``)."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE


@dataclass(frozen=True)
class Sample:
    """A program's cost over a window of seconds."""

    cpu_percent: float
    bytes_per_second: float


def sample(terminal: Tmux, seconds: float, scratch: Path) -> Sample:
    """CPU (% of one core) and bytes written per second over ``seconds``."""
    pid = terminal.pid()
    capture = scratch / f"written-{time.monotonic_ns()}.bin"
    with terminal.written(capture):
        before = cpu_seconds(pid)
        time.sleep(seconds)
        after = cpu_seconds(pid)
    size = capture.stat().st_size if capture.exists() else 0
    return Sample((after - before) / seconds * 100, size / seconds)


# -- goals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A figure of breather's against its floor, and the most the ratio may be."""

    name: str
    ours: float
    floor: float
    unit: str
    at_most: float
    floor_name: str

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def holds(self) -> bool:
        return self.ratio <= self.at_most

    def line(self) -> str:
        verdict = "holds" if self.holds else f"NOT MET (by {self.ratio - self.at_most:.2f}x)"
        return (
            f"{self.name}: {self.ratio:.2f}x (goal ≤ {self.at_most}x) {verdict} · "
            f"breather {self.ours:.{_digits(self.unit)}f} {self.unit}, "
            f"{self.floor_name} {self.floor:.{_digits(self.unit)}f} {self.unit}"
        )


def _digits(unit: str) -> int:
    return 2 if unit == "%" else 0


def record(goal: Goal) -> None:
    """Print a goal's headline and keep it for `make bench`'s closing summary."""
    print(f"\n>>> {goal.line()}\n")
    where = os.environ.get(RESULTS)
    if where:
        with open(where, "a", encoding="utf-8") as results:
            results.write(json.dumps({**goal.__dict__, "load": load()}) + "\n")


def recorded(where: Path) -> list[tuple[Goal, str]]:
    """The goals recorded in ``where`` so far, with the load each was measured under."""
    if not where.exists():
        return []
    found = []
    for line in where.read_text(encoding="utf-8").splitlines():
        fields = json.loads(line)
        taken = fields.pop("load")
        found.append((Goal(**fields), taken))
    return found
