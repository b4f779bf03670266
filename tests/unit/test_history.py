"""The history store: what it keeps, what it gives back, and how it forgets."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from breather.history import (
    HISTORY_OFF,
    SCHEMA_VERSION,
    CheckIn,
    CheckInChange,
    DayTotal,
    Entry,
    ExerciseTotal,
    Forgotten,
    HistoryStore,
    SessionRecord,
    Totals,
    open_history,
)
from breather.paths import history_database
from tests.unit.history_helpers import at, opened, session, snapshot

TODAY = date(2026, 12, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with opened(tmp_path / "breather" / "history.sqlite3") as history:
        yield history


def test_the_file_lives_in_the_users_data_folder(isolated_home: Path) -> None:
    expected = isolated_home / ".local" / "share" / "breather" / "history.sqlite3"
    assert history_database() == expected


def test_a_session_comes_back_exactly_as_recorded(store: HistoryStore) -> None:
    played = session(
        "2026-12-02T14:05:00-05:00",
        played=97.5,
        asked=120.0,
        stopped_at=4,
        check_ins=(CheckIn("tension", -1, 7), CheckIn("tension", 9, 3)),
        entries=(Entry("good-things", 2, "Lunch outside."), Entry("good-things", 2, "A laugh.")),
    )
    assert store.record(played) is None
    (back,) = store.sessions(TODAY)
    assert back == played
    assert back.started.isoformat() == "2026-12-02T14:05:00-05:00"  # its own offset, kept


def test_text_sqlite_cannot_store_is_a_calm_sentence_and_earlier_sessions_stay(
    store: HistoryStore,
) -> None:
    assert store.record(session("2026-12-02 09:00")) is None
    unstorable = session(entries=(Entry("good-things", 2, "caf\udce9"),))  # a lone surrogate
    assert store.record(unstorable) == (
        "This session could not be kept in your history (some of the text could not be "
        "stored); earlier sessions are as they were."
    )
    assert len(store.sessions(TODAY)) == 1


def test_empty_write_boxes_are_not_kept(store: HistoryStore) -> None:
    entries = (Entry("outcomes", 1, ""), Entry("outcomes", 1, "  "), Entry("outcomes", 1, "One."))
    assert store.record(session(entries=entries)) is None
    assert [entry.text for entry in store.journal()] == ["One."]


def test_a_session_carries_nothing_about_the_machine_or_the_person(store: HistoryStore) -> None:
    store.record(session())
    columns = {
        table: [row[1] for row in store._db.execute(f"PRAGMA table_info({table})")]
        for table in ("session", "check_in", "entry")
    }
    assert columns == {
        "session": [
            "id",
            "exercise_id",
            "title",
            "started",
            "seconds_asked",
            "seconds_played",
            "outcome",
            "stopped_at_step",
            "started_utc",
        ],
        "check_in": ["session_id", "step", "key", "value"],
        "entry": ["id", "session_id", "step", "topic", "text"],
    }
    tables = store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert sorted(name for (name,) in tables) == ["check_in", "entry", "session"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"started": at("2026-12-02 14:05").replace(tzinfo=None)}, "UTC offset"),
        ({"outcome": "abandoned"}, "finished or stopped"),
        ({"outcome": "stopped"}, "names its step"),
        ({"stopped_at_step": 3}, "names its step"),
        ({"seconds_played": -1.0}, "never negative"),
        ({"check_ins": (CheckIn("a", 2, 1), CheckIn("b", 2, 5))}, "one check-in answer per step"),
    ],
)
def test_a_session_that_cannot_be_true_is_refused(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "exercise_id": "x",
        "title": "X",
        "started": at("2026-12-02 14:05"),
        "seconds_asked": 60.0,
        "seconds_played": 60.0,
        "outcome": "finished",
        **change,
    }
    with pytest.raises(ValueError, match=message):
        SessionRecord(**fields)  # type: ignore[arg-type]


def test_answers_and_entries_are_checked() -> None:
    with pytest.raises(ValueError, match="0–10"):
        CheckIn("tension", 0, 11)
    with pytest.raises(ValueError, match="500"):
        Entry("outcomes", 0, "x" * 501)
    assert Entry("outcomes", 0, "x" * 500).text


# --- Queries -----------------------------------------------------------------------------------


def test_sessions_are_most_recent_first_by_the_moment_not_the_clock_face(
    store: HistoryStore,
) -> None:
    # 01:30 in London is after 02:10 in Paris on the same morning.
    store.record(session("2026-11-29T02:10:00+02:00", "paris"))
    store.record(session("2026-11-29T01:30:00+00:00", "london"))
    store.record(session("2026-11-28T23:00:00+01:00", "evening"))
    assert [s.exercise_id for s in store.sessions(TODAY)] == ["london", "paris", "evening"]


def test_a_window_of_days_ends_today_and_counts_local_days(store: HistoryStore) -> None:
    store.record(session("2026-11-25 23:59", "too-early"))
    store.record(session("2026-11-26 00:00", "first-day"))
    store.record(session("2026-12-02 23:59", "today"))
    assert [s.exercise_id for s in store.sessions(TODAY, days=7)] == ["today", "first-day"]
    assert [s.exercise_id for s in store.sessions(TODAY, days=1)] == ["today"]
    assert len(store.sessions(TODAY)) == 3
    with pytest.raises(ValueError, match="at least one day"):
        store.sessions(TODAY, days=0)


def test_minutes_per_day_has_every_day_newest_first(store: HistoryStore) -> None:
    store.record(session("2026-12-02 09:00", played=60))
    store.record(session("2026-12-02 17:00", played=90))
    store.record(session("2026-11-30 12:00", played=30))
    store.record(session("2026-11-01 12:00", played=600))  # outside
    assert store.days(TODAY, 4) == [
        DayTotal(date(2026, 12, 2), 2, 150.0),
        DayTotal(date(2026, 12, 1), 0, 0.0),
        DayTotal(date(2026, 11, 30), 1, 30.0),
        DayTotal(date(2026, 11, 29), 0, 0.0),
    ]
    assert store.totals(TODAY, 4) == Totals(3, 180.0)
    assert store.totals(TODAY) == Totals(4, 780.0)


def test_sessions_by_exercise_most_played_first_with_the_latest_title(
    store: HistoryStore,
) -> None:
    store.record(session("2026-12-01 09:00", "calm", "Calm place (old name)", played=100))
    store.record(session("2026-12-02 09:00", "calm", "Calm place", played=80))
    store.record(session("2026-12-02 10:00", "sigh", "Cyclic sigh", played=60))
    assert store.by_exercise(TODAY, 7) == [
        ExerciseTotal("calm", "Calm place", 2, 180.0),
        ExerciseTotal("sigh", "Cyclic sigh", 1, 60.0),
    ]


def test_check_ins_pair_by_key_earliest_step_before_latest_after(store: HistoryStore) -> None:
    answers = (
        CheckIn("tension", 12, 3),  # recorded out of order on purpose
        CheckIn("tension", -1, 7),
        CheckIn("tension", 5, 5),
        CheckIn("mood", 2, 4),  # alone: no pair
    )
    store.record(session("2026-12-01 09:00", check_ins=answers))
    store.record(
        session("2026-12-02 09:00", check_ins=(CheckIn("mood", 0, 2), CheckIn("mood", 3, 6)))
    )
    assert store.check_in_changes(TODAY) == [
        CheckInChange(at("2026-12-02 09:00"), "breathing-space", "Breathing space", "mood", 2, 6),
        CheckInChange(
            at("2026-12-01 09:00"), "breathing-space", "Breathing space", "tension", 7, 3
        ),
    ]
    assert [change.change for change in store.check_in_changes(TODAY)] == [4, -4]
    assert store.check_in_changes(TODAY, days=1)[0].key == "mood"


# --- The journal -------------------------------------------------------------------------------


def write(store: HistoryStore, started: str, topic: str, *texts: str) -> None:
    entries = tuple(Entry(topic, 3, text) for text in texts)
    assert store.record(session(started, "journal", "Journal", entries=entries)) is None


def test_journal_newest_first_in_the_order_written_and_by_topic(store: HistoryStore) -> None:
    write(store, "2026-11-30 17:00", "good-things", "Sun on the walk.", "Tea with Sam.")
    write(store, "2026-12-01 17:00", "outcomes", "A client came back.")
    write(store, "2026-12-02 17:00", "good-things", "Left on time.")
    assert [e.text for e in store.journal()] == [
        "Left on time.", "A client came back.", "Sun on the walk.", "Tea with Sam."
    ]  # fmt: skip
    assert [e.text for e in store.journal("good-things")] == [
        "Left on time.", "Sun on the walk.", "Tea with Sam."
    ]  # fmt: skip
    assert store.journal("unknown") == []
    assert store.topics() == ["good-things", "outcomes"]
    first = store.journal("outcomes")[0]
    assert (first.written, first.exercise_id, first.step) == (at("2026-12-01 17:00"), "journal", 3)


def test_recall_chooses_at_random_only_from_its_topic(store: HistoryStore) -> None:
    for day in range(1, 21):
        write(store, f"2026-11-{day:02d} 17:00", "outcomes", f"outcome {day}")
        write(store, f"2026-11-{day:02d} 18:00", "good-things", f"good thing {day}")
    seen: set[str] = set()
    for seed in range(60):
        chosen = store.recall("outcomes", 3, random.Random(seed))
        assert len(chosen) == 3
        assert all(entry.topic == "outcomes" for entry in chosen)
        assert len({entry.text for entry in chosen}) == 3
        assert [e.written for e in chosen] == sorted((e.written for e in chosen), reverse=True)
        seen |= {entry.text for entry in chosen}
    assert seen == {f"outcome {day}" for day in range(1, 21)}  # the choice really varies
    again = [e.text for e in store.recall("outcomes", 3, random.Random(5))]
    assert again == [e.text for e in store.recall("outcomes", 3, random.Random(5))]


def test_recall_gives_what_there_is(store: HistoryStore) -> None:
    assert store.recall("outcomes", 3, random.Random(1)) == []
    write(store, "2026-12-01 17:00", "outcomes", "Only one.")
    assert [e.text for e in store.recall("outcomes", 3, random.Random(1))] == ["Only one."]


# --- Forgetting --------------------------------------------------------------------------------


def test_forget_everything_says_what_went(store: HistoryStore) -> None:
    store.record(session(check_ins=(CheckIn("t", 0, 1), CheckIn("t", 4, 2))))
    write(store, "2026-12-01 17:00", "outcomes", "One.", "Two.")
    assert store.forget() == Forgotten(sessions=2, check_ins=2, entries=2)
    assert store.sessions(TODAY) == []
    assert store.journal() == []
    assert store.topics() == []
    assert store.forget() == Forgotten(0, 0, 0)


def test_forget_before_a_date_keeps_that_day_and_later(store: HistoryStore) -> None:
    write(store, "2026-11-30 23:59", "outcomes", "Old.")
    store.record(session("2026-11-30 08:00", check_ins=(CheckIn("t", 0, 5),)))
    write(store, "2026-12-01 00:00", "outcomes", "New.")
    assert store.forget(date(2026, 12, 1)) == Forgotten(sessions=2, check_ins=1, entries=1)
    assert [e.text for e in store.journal()] == ["New."]


def test_forgotten_words_do_not_linger_in_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "breather"
    secret = "a sentence that must really go"
    with opened(folder / "history.sqlite3") as store:
        for day in range(1, 10):
            write(store, f"2026-11-{day:02d} 17:00", "outcomes", f"{secret} {day}")
        assert any(secret.encode() in data for data in snapshot(folder).values())
        store.forget()
        assert not any(secret.encode() in data for data in snapshot(folder).values())


def test_forget_one_entry_deletes_that_entry_only(store: HistoryStore) -> None:
    write(store, "2026-12-01 17:00", "outcomes", "One.", "Sam Client came back.", "Three.")
    write(store, "2026-12-02 17:00", "good-things", "Left on time.")
    slip = next(entry for entry in store.journal() if entry.text.startswith("Sam"))
    others = [entry for entry in store.journal() if entry != slip]
    assert store.forget_entry(slip.number) == slip
    assert store.journal() == others  # the rest, numbers and all, as they were
    assert len(store.sessions(TODAY)) == 2  # the practice itself is still kept
    assert store.forget_entry(slip.number) is None


def test_forget_an_entry_that_does_not_exist_changes_nothing(store: HistoryStore) -> None:
    write(store, "2026-12-01 17:00", "outcomes", "One.")
    (only,) = store.journal()
    for number in (only.number + 1, 0, -1):
        assert store.forget_entry(number) is None
    assert store.journal() == [only]


def test_a_number_given_to_a_newer_entry_is_not_deleted_for_the_old_one(
    store: HistoryStore,
) -> None:
    """A list shown a while ago names an entry that went; its number now names a newer one."""
    write(store, "2026-12-01 17:00", "outcomes", "One.", "Shown, then deleted elsewhere.")
    shown = next(entry for entry in store.journal() if entry.text.startswith("Shown"))
    assert store.forget_entry(shown.number) == shown  # another breather deletes it
    write(store, "2026-12-02 17:00", "outcomes", "Written since.")
    newer = next(entry for entry in store.journal() if entry.text == "Written since.")
    assert newer.number == shown.number  # SQLite gave the freed number to the next entry
    assert store.forget_entry(shown.number, expected=shown) is None
    assert newer in store.journal()
    assert store.forget_entry(newer.number, expected=newer) == newer


def test_entry_numbers_are_distinct_and_do_not_change(store: HistoryStore) -> None:
    write(store, "2026-12-01 17:00", "outcomes", "One.", "Two.")
    first = {entry.text: entry.number for entry in store.journal()}
    write(store, "2026-11-30 17:00", "outcomes", "Older, written later.")
    again = {entry.text: entry.number for entry in store.journal()}
    assert len(set(again.values())) == 3
    assert {text: again[text] for text in first} == first
    assert [entry.number for entry in store.journal("outcomes")] == [
        entry.number for entry in store.journal()
    ]


def test_a_forgotten_entry_does_not_linger_in_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "breather"
    slip = "Sam Client, Tuesday appointment"
    with opened(folder / "history.sqlite3") as store:
        for day in range(1, 10):
            write(store, f"2026-11-{day:02d} 17:00", "outcomes", f"Kept words {day}")
        write(store, "2026-11-10 17:00", "outcomes", slip)
        assert any(slip.encode() in data for data in snapshot(folder).values())
        (entry,) = (entry for entry in store.journal() if entry.text == slip)
        assert store.forget_entry(entry.number) == entry
        files = snapshot(folder).values()
        assert not any(slip.encode() in data for data in files)
        assert any(b"Kept words 9" in data for data in files)


# --- Opening -----------------------------------------------------------------------------------


def test_history_off_touches_nothing_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_database(*_: object, **__: object) -> None:
        raise AssertionError("history is off: nothing may be opened")

    monkeypatch.setattr(sqlite3, "connect", no_database)
    missing = tmp_path / "data" / "breather" / "history.sqlite3"
    assert open_history(missing, enabled=False) is HISTORY_OFF
    assert not (tmp_path / "data").exists()
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "reports").mkdir()
    before = snapshot(existing)
    assert open_history(existing / "history.sqlite3", enabled=False) is HISTORY_OFF
    assert snapshot(existing) == before
    assert HISTORY_OFF.off
    assert HISTORY_OFF.reason == "History is off, so nothing from this session is kept."


def test_opening_an_existing_history_changes_nothing_in_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as store:
        store.record(session())
    before = path.read_bytes()
    with opened(path) as store:
        assert store.sessions(TODAY)
        assert store.notice is None
        assert store.set_aside == ()
    assert path.read_bytes() == before


def test_two_breathers_can_have_it_open_and_both_record(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with opened(path) as first, opened(path) as second:
        assert first.record(session("2026-12-02 09:00", "one")) is None
        assert second.record(session("2026-12-02 09:01", "two")) is None
        assert [s.exercise_id for s in first.sessions(TODAY)] == ["two", "one"]
        assert first._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with opened(path) as again:
        assert again._db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_windows_and_forgetting_follow_local_days_at_the_most_extreme_offsets(
    store: HistoryStore,
) -> None:
    # Local dates decide, even where the UTC moment falls on another day (Kiribati, Baker Island).
    store.record(session("2026-11-26T00:00:00+14:00", "first-day-east"))  # 2026-11-25 10:00 UTC
    store.record(session("2026-11-25T23:59:00-12:00", "day-before-west"))  # 2026-11-26 11:59 UTC
    store.record(session("2026-11-26T00:00:00-12:00", "first-day-west"))
    store.record(session("2026-11-25T23:59:00+14:00", "day-before-east"))
    in_week = {s.exercise_id for s in store.sessions(TODAY, days=7)}
    assert in_week == {"first-day-east", "first-day-west"}
    assert store.days(TODAY, 7)[-1] == DayTotal(date(2026, 11, 26), 2, 240.0)
    assert store.forget(date(2026, 11, 26)).sessions == 2
    assert {s.exercise_id for s in store.sessions(TODAY)} == in_week


def test_a_window_is_found_through_the_index_not_by_reading_every_session(
    store: HistoryStore,
) -> None:
    from breather.history import _window

    where, arguments = _window(date(2026, 11, 26))
    plan = store._db.execute(
        f"EXPLAIN QUERY PLAN SELECT * FROM session{where} ORDER BY started_utc DESC", arguments
    ).fetchall()
    assert [row[3] for row in plan] == [
        "SEARCH session USING INDEX session_by_moment (started_utc>?)"
    ]
