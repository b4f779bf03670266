"""When the history cannot be used: the session still plays, one calm sentence, no file lost.

Every failure mode of issue 11's section 1 has a test here: an old file (migrated), a file from a
newer breather, a file that is not a database, another program's database, a damaged file, a
folder that cannot exist, a read-only folder and file, another breather holding the lock; and
the owner-only permissions. The kill and two-writer tests are in ``test_history_crashes.py``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

import breather.history
from breather.history import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    CheckIn,
    Entry,
    HistoryError,
    HistoryStore,
    Unavailable,
    open_history,
    read_history,
)
from tests.unit.history_helpers import (
    as_ordinary_user,
    give_to_user,
    opened,
    outcome_of_opening,
    reachable_folder,
    session,
    snapshot,
)

TODAY = date(2026, 12, 2)
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def assert_calm(reason: str) -> None:
    """One line, in words, naming no exception and showing no traceback."""
    assert "\n" not in reason
    assert "Traceback" not in reason
    assert "Error" not in reason
    assert reason.endswith(".")


# --- An old file -------------------------------------------------------------------------------

VERSION_1 = """
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    exercise_id TEXT NOT NULL,
    title TEXT NOT NULL,
    started TEXT NOT NULL,
    seconds_asked REAL NOT NULL,
    seconds_played REAL NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'stopped')),
    stopped_at_step INTEGER
);
CREATE INDEX session_by_start ON session (started);
"""


def make_version_1(path: Path) -> None:
    """A history as the first breather to keep one wrote it: sessions only."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(VERSION_1)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.executemany(
            "INSERT INTO session (exercise_id, title, started, seconds_asked, seconds_played,"
            " outcome, stopped_at_step) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                ("paris", "Paris", "2026-11-29T02:10:00+02:00", 120, 120, "finished", None),
                ("london", "London", "2026-11-29T01:30:00+00:00", 60, 31.5, "stopped", 2),
            ],
        )
        db.commit()


def schema_of(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    return [(name, " ".join((sql or "").split())) for name, sql in rows]


def test_a_version_1_file_is_migrated_and_keeps_every_session(tmp_path: Path) -> None:
    old = tmp_path / "history.sqlite3"
    make_version_1(old)
    with opened(old) as store:
        sessions = store.sessions(TODAY)
        # Ordered by the moment: 01:30 in London came after 02:10 in Paris.
        assert [(s.exercise_id, s.started.isoformat()) for s in sessions] == [
            ("london", "2026-11-29T01:30:00+00:00"),
            ("paris", "2026-11-29T02:10:00+02:00"),
        ]
        assert (sessions[0].outcome, sessions[0].stopped_at_step) == ("stopped", 2)
        assert sessions[0].seconds_played == 31.5
        answers = (CheckIn("tension", -1, 6), CheckIn("tension", 8, 4))
        assert store.record(session(check_ins=answers, entries=(Entry("t", 1, "New."),))) is None
        assert store.check_in_changes(TODAY)[0].change == -2
    with closing(sqlite3.connect(old)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    fresh = tmp_path / "fresh" / "history.sqlite3"
    opened(fresh).close()
    assert schema_of(old) == schema_of(fresh)  # a migrated file is the same as a new one


# --- Files breather must leave alone -----------------------------------------------------------


def test_a_file_from_a_newer_breather_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE session (id INTEGER PRIMARY KEY, whatever TEXT)")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.commit()
    before = snapshot(tmp_path)
    result = open_history(path)
    assert isinstance(result, Unavailable)
    assert not result.off
    assert "newer version of breather" in result.reason
    assert "keeps nothing from this session" in result.reason
    assert_calm(result.reason)
    assert snapshot(tmp_path) == before  # no fresh file beside it either


GARBAGE = b"These are my notes, not a database.\n" * 200


@pytest.mark.parametrize(
    "content",
    [GARBAGE, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "a broken header"],
)
def test_a_file_that_is_not_a_database_stays_and_a_fresh_one_goes_beside_it(
    tmp_path: Path, content: bytes
) -> None:
    damaged = tmp_path / "history.sqlite3"
    damaged.write_bytes(content)
    with opened(damaged) as store:
        fresh = tmp_path / "history-2.sqlite3"
        assert store.path == fresh
        assert store.set_aside == (damaged,)
        assert store.notice is not None
        assert str(damaged) in store.notice
        assert str(fresh) in store.notice
        assert_calm(store.notice)
        assert store.record(session()) is None
    assert damaged.read_bytes() == content
    with opened(damaged) as again:  # later runs use the fresh file, and say nothing new
        assert again.path == fresh
        assert again.notice is None
        assert again.set_aside == (damaged,)
        assert len(again.sessions(TODAY)) == 1
    assert damaged.read_bytes() == content


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    theirs = tmp_path / "history.sqlite3"
    with closing(sqlite3.connect(theirs)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
        db.commit()
    before = theirs.read_bytes()
    with opened(theirs) as store:
        assert store.path.name == "history-2.sqlite3"
    assert theirs.read_bytes() == before


def test_several_damaged_files_are_each_passed_over(tmp_path: Path) -> None:
    for name in ("history.sqlite3", "history-2.sqlite3"):
        (tmp_path / name).write_bytes(GARBAGE)
    with opened(tmp_path / "history.sqlite3") as store:
        assert store.path.name == "history-3.sqlite3"
        assert [p.name for p in store.set_aside] == ["history.sqlite3", "history-2.sqlite3"]


def test_when_nothing_can_be_read_nothing_is_kept_and_nothing_is_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(breather.history, "MAX_FILES", 3)
    for name in ("history.sqlite3", "history-2.sqlite3", "history-3.sqlite3"):
        (tmp_path / name).write_bytes(GARBAGE)
    before = snapshot(tmp_path)
    result = open_history(tmp_path / "history.sqlite3")
    assert isinstance(result, Unavailable)
    assert_calm(result.reason)
    assert snapshot(tmp_path) == before


def test_a_file_damaged_inside_never_raises_anything_but_a_calm_error(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as store:
        for day in range(1, 29):
            entries = tuple(Entry("outcomes", 1, f"entry {day} {n}" * 20) for n in range(3))
            store.record(session(f"2026-11-{day:02d} 09:00", entries=entries))
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : len(data) - page] = b"\x5a" * (len(data) - 2 * page)  # every page but the first
    path.write_bytes(bytes(data))
    store_or_not = open_history(path)
    if isinstance(store_or_not, HistoryStore):
        with store_or_not as store, pytest.raises(HistoryError) as raised:
            store.report(TODAY, 7)
        assert_calm(str(raised.value))
        assert f"{path} (the file is damaged)" in str(raised.value)
    else:
        assert_calm(store_or_not.reason)


# --- Folders and files that cannot be written --------------------------------------------------


def test_a_data_folder_that_cannot_exist_keeps_nothing_and_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = open_history(blocker / "breather" / "history.sqlite3")
    assert isinstance(result, Unavailable)
    assert "nothing from this session is kept" in result.reason
    assert str(blocker / "breather") in result.reason
    assert_calm(result.reason)
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


@posix_only
def test_a_read_only_data_folder_keeps_nothing_and_changes_nothing() -> None:
    with reachable_folder() as base:
        folder = base / "breather"
        with opened(folder / "history.sqlite3") as store:
            store.record(session())
        give_to_user(folder)
        folder.chmod(0o500)
        before = snapshot(folder)
        result = as_ordinary_user(lambda: outcome_of_opening(folder / "history.sqlite3"))
        assert isinstance(result, dict)
        assert "unavailable" in result, result
        assert "(it is read-only), so nothing from this session is kept" in result["unavailable"]
        assert_calm(result["unavailable"])
        assert snapshot(folder) == before


@posix_only
def test_a_read_only_history_file_keeps_nothing_and_changes_nothing() -> None:
    with reachable_folder() as base:
        folder = base / "breather"
        path = folder / "history.sqlite3"
        with opened(path) as store:
            store.record(session())
        give_to_user(folder)
        path.chmod(0o400)
        before = path.read_bytes()
        result = as_ordinary_user(lambda: outcome_of_opening(path))
        assert isinstance(result, dict)
        assert "unavailable" in result, result
        assert "(it is read-only)" in result["unavailable"]
        assert_calm(result["unavailable"])
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir())[0] == "history.sqlite3"
        assert not (folder / "history-2.sqlite3").exists()  # not damaged: nothing goes beside


def reading_outcome(path: Path) -> object:
    """What ``read_history`` gave and what reading and deleting did (for as_ordinary_user)."""
    store = read_history(path)
    if isinstance(store, Unavailable):
        return {"unavailable": store.reason}
    with store:
        try:
            store.forget()
        except HistoryError as error:
            refused = str(error)
        else:
            refused = ""
        return {
            "read_only": store.read_only,
            "notice": store.notice,
            "sessions": len(store.sessions(TODAY)),
            "journal": [entry.text for entry in store.journal()],
            "refused": refused,
        }


@posix_only
@pytest.mark.parametrize("locked", ["folder", "file"])
def test_a_history_that_cannot_be_written_can_still_be_read_and_is_left_as_it_was(
    locked: str,
) -> None:
    """A locked-down profile: what was kept is read, nothing is changed, deleting says why not."""
    with reachable_folder() as base:
        folder = base / "breather"
        path = folder / "history.sqlite3"
        with opened(path) as store:
            store.record(session(entries=(Entry("outcomes", 1, "A quiet win."),)))
        give_to_user(folder)
        if locked == "folder":
            folder.chmod(0o500)
        else:
            path.chmod(0o400)
        before = path.read_bytes()
        result = as_ordinary_user(lambda: reading_outcome(path))
        assert isinstance(result, dict)
        assert result.get("read_only") is True, result
        assert (result["sessions"], result["journal"]) == (1, ["A quiet win."])
        assert result["notice"] == (
            f"breather can read its history in {path} but cannot add to it or delete from it "
            "here (it is read-only)."
        )
        assert "could not delete" in result["refused"]
        assert "(it is read-only)" in result["refused"]
        assert path.read_bytes() == before
        assert not (folder / "history-2.sqlite3").exists()


def test_a_history_that_opens_for_writing_is_not_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as writer:
        writer.record(session())
    store = read_history(path)
    assert isinstance(store, HistoryStore)
    with store:
        assert not store.read_only
        assert store.notice is None


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another breather's lock is waited for 50 ms instead of 5 s."""
    monkeypatch.setattr(breather.history, "BUSY_TIMEOUT_MS", 50)


@pytest.mark.usefixtures("short_wait")
def test_a_session_that_cannot_be_written_is_said_once_and_nothing_else_changes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as store:
        assert store.record(session("2026-12-01 09:00", "kept")) is None
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another breather, stuck in the middle of a write
            message = store.record(
                session("2026-12-02 09:00", "lost", entries=(Entry("t", 0, "x"),))
            )
            assert message is not None
            assert message.startswith(
                "This session could not be kept in your history "
                "(another breather was writing to it)"
            )
            assert message.endswith("earlier sessions are as they were.")
            assert_calm(message)
            other.execute("ROLLBACK")
        assert [s.exercise_id for s in store.sessions(TODAY)] == ["kept"]
        assert store.journal() == []
        assert store.record(session("2026-12-02 10:00", "later")) is None  # and it recovers


@pytest.mark.usefixtures("short_wait")
def test_forgetting_while_another_breather_writes_raises_a_calm_error(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as store:
        store.record(session())
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(HistoryError, match="could not delete"):
                store.forget()
            other.execute("ROLLBACK")
        assert len(store.sessions(TODAY)) == 1


# --- Owner only --------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_file_and_the_folder_breather_makes_are_its_owners_only(
    tmp_path: Path, umask: int
) -> None:
    folder = tmp_path / "data" / "breather"
    previous = os.umask(umask)
    try:
        with opened(folder / "history.sqlite3") as store:
            store.record(session())
            names = sorted(p.name for p in folder.iterdir())
            assert names == ["history.sqlite3", "history.sqlite3-shm", "history.sqlite3-wal"]
            assert {name: mode(folder / name) for name in names} == dict.fromkeys(names, 0o600)
    finally:
        os.umask(previous)
    assert mode(folder) == 0o700


@posix_only
def test_a_fresh_file_beside_a_damaged_one_is_owner_only_too(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").write_bytes(GARBAGE)
    with opened(tmp_path / "history.sqlite3") as store:
        store.record(session())
        assert mode(store.path) == 0o600


@posix_only
def test_a_folder_that_already_exists_keeps_the_mode_it_has(tmp_path: Path) -> None:
    folder = tmp_path / "breather"
    folder.mkdir()
    folder.chmod(0o750)
    opened(folder / "history.sqlite3").close()
    assert mode(folder) == 0o750
