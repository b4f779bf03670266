"""Sessions to record, and a way to meet file permissions as an ordinary user even when root."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from breather.history import CheckIn, Entry, HistoryStore, SessionRecord, Unavailable, open_history

PLUS_ONE = timezone(timedelta(hours=1))
UNPRIVILEGED = 65534  # "nobody" on most systems; needs no entry in /etc/passwd


def at(text: str) -> datetime:
    """An aware local time: ``at("2026-12-02 14:05")`` at UTC+1, or with an explicit offset."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=PLUS_ONE)


def session(
    started: str = "2026-12-02 14:05",
    exercise_id: str = "breathing-space",
    title: str = "Breathing space",
    *,
    played: float = 120.0,
    asked: float = 120.0,
    stopped_at: int | None = None,
    check_ins: tuple[CheckIn, ...] = (),
    entries: tuple[Entry, ...] = (),
) -> SessionRecord:
    """A session with sensible defaults; stopped when ``stopped_at`` is given."""
    return SessionRecord(
        exercise_id=exercise_id,
        title=title,
        started=at(started),
        seconds_asked=asked,
        seconds_played=played,
        outcome="finished" if stopped_at is None else "stopped",
        stopped_at_step=stopped_at,
        check_ins=check_ins,
        entries=entries,
    )


def opened(path: Path) -> HistoryStore:
    """Open a history that must open."""
    store = open_history(path)
    assert isinstance(store, HistoryStore), store
    return store


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, to prove nothing changed."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
        for path in sorted(folder.rglob("*"))
    }


@contextmanager
def reachable_folder() -> Iterator[Path]:
    """A temporary folder an unprivileged user can reach (tmp_path's parents are root-only).

    Used only for the tests that need permissions to bite; removed afterwards.
    """
    folder = Path(tempfile.mkdtemp(prefix="breather-history-test-"))
    folder.chmod(0o711)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


def give_to_user(folder: Path) -> None:
    """Make ``folder`` and everything in it the unprivileged user's, when we are root."""
    if sys.platform != "win32" and os.geteuid() == 0:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, UNPRIVILEGED, UNPRIVILEGED)


def as_ordinary_user(action: Callable[[], object]) -> object:
    """Run ``action`` as a user that permissions apply to, and return its JSON-able result.

    Root ignores file modes, so as root the action runs in a forked child that has given up root
    (``nobody``); otherwise it runs here. Only for POSIX.
    """
    if sys.platform == "win32" or os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        try:
            os.setgid(UNPRIVILEGED)
            os.setuid(UNPRIVILEGED)
            result = json.dumps({"result": action()})
        except BaseException:
            result = json.dumps({"error": traceback.format_exc()})
        with os.fdopen(writer, "w") as stream:
            stream.write(result)
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as stream:
        answer = json.loads(stream.read())
    os.waitpid(child, 0)
    assert "error" not in answer, answer["error"]
    return answer["result"]


def outcome_of_opening(path: Path) -> object:
    """What ``open_history`` gave, as JSON-able data (for :func:`as_ordinary_user`)."""
    store = open_history(path)
    if isinstance(store, Unavailable):
        return {"unavailable": store.reason}
    store.close()
    return {"store": str(store.path)}
