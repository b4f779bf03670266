"""Two breathers writing at once both keep their sessions; a writer killed mid-write loses at most
the session it was writing, and never a part of one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.unit.history_helpers import opened

pytestmark = pytest.mark.slow
TODAY = date(2026, 12, 2)

# A session with two check-ins and two entries, so a partial one would show.
WRITER = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from breather.history import CheckIn, Entry, SessionRecord, open_history

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
stop_inside_last = sys.argv[4] == "stop-inside-last"
start = datetime(2026, 11, 1, 9, tzinfo=timezone(timedelta(hours=1)))

def session(number):
    return SessionRecord(
        exercise_id=name, title=f"{name} {number}", started=start + timedelta(minutes=number),
        seconds_asked=60.0, seconds_played=60.0, outcome="finished",
        check_ins=(CheckIn("tension", 0, 7), CheckIn("tension", 5, 3)),
        entries=tuple(Entry("outcomes", 2, f"{name} {number} {part}") for part in "ab"),
    )

store = open_history(path)
go = path.parent / "go"
while not go.exists():  # start together with the other writer
    time.sleep(0.005)
number = 0
while count < 0 or number < count:
    problem = store.record(session(number))
    print("recorded" if problem is None else f"PROBLEM {problem}", number, flush=True)
    number += 1
if stop_inside_last:
    def hold(statement):
        if statement.startswith("INSERT INTO entry"):  # session and check-ins written, uncommitted
            print("inside", flush=True)
            time.sleep(600)
    store._db.set_trace_callback(hold)
    store.record(session(number))
"""


def start_writer(path: Path, name: str, count: int, mode: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count), mode or "-"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def assert_every_session_whole(path: Path) -> list[str]:
    """The file is sound, and each session has both its check-ins and both its entries."""
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with opened(path) as store:
        sessions = store.sessions(TODAY)
        for recorded in sessions:
            assert [c.value for c in recorded.check_ins] == [7, 3], recorded
            assert [e.text for e in recorded.entries] == [
                f"{recorded.title} a",
                f"{recorded.title} b",
            ], recorded
        assert len(store.journal()) == 2 * len(sessions)
        return [recorded.title for recorded in sessions]


def test_two_breathers_writing_at_once_both_keep_every_session(tmp_path: Path) -> None:
    path = tmp_path / "breather" / "history.sqlite3"
    opened(path).close()
    writers = [start_writer(path, name, 40) for name in ("left", "right")]
    time.sleep(0.3)  # both open before either writes: the point is to collide
    (path.parent / "go").touch()
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0]
    assert all("PROBLEM" not in output for output in outputs), outputs
    titles = assert_every_session_whole(path)
    assert sorted(titles) == sorted(f"{name} {n}" for name in ("left", "right") for n in range(40))


def test_a_writer_killed_inside_a_session_loses_only_that_session(tmp_path: Path) -> None:
    path = tmp_path / "breather" / "history.sqlite3"
    opened(path).close()
    (path.parent / "go").touch()
    writer = start_writer(path, "killed", 5, "stop-inside-last")
    assert writer.stdout is not None
    lines = []
    while (line := writer.stdout.readline()) and line.strip() != "inside":
        lines.append(line.strip())
    assert line.strip() == "inside", lines
    writer.kill()  # SIGKILL
    writer.wait()
    assert (path.parent / "history.sqlite3-wal").exists()  # the kill left the WAL behind
    titles = assert_every_session_whole(path)
    assert sorted(titles) == [f"killed {n}" for n in range(5)]  # not "killed 5", nor a part of it


def test_writers_killed_at_random_moments_never_leave_part_of_a_session(tmp_path: Path) -> None:
    path = tmp_path / "breather" / "history.sqlite3"
    opened(path).close()
    (path.parent / "go").touch()
    kept = 0
    for round_number in range(4):
        writer = start_writer(path, f"round{round_number}", -1)
        assert writer.stdout is not None
        for _ in range(20 + 15 * round_number):  # let it get into its stride, then kill it
            writer.stdout.readline()
        writer.kill()  # SIGKILL
        writer.wait()
        titles = assert_every_session_whole(path)
        assert len(titles) >= kept + 20
        kept = len(titles)
