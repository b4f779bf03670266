"""What ``breather history`` and ``breather journal`` print: the words, and the exact fields."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from breather.history import CheckIn, Entry, Forgotten, HistoryStore
from breather.history_report import (
    CSV_COLUMNS,
    forgotten_text,
    history_csv,
    history_json,
    history_text,
    journal_json,
    journal_text,
    session_length,
    total_time,
    unknown_topic,
    window_name,
)
from tests.unit.history_helpers import opened, session

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with opened(tmp_path / "history.sqlite3") as history:
        yield history


@pytest.fixture
def week(store: HistoryStore) -> HistoryStore:
    """A week of practice, and one session long before it."""
    tension = (CheckIn("tension", -1, 6), CheckIn("tension", 9, 4))
    store.record(session("2025-06-01 12:00", "even-breathing", "Even breathing", played=3600))
    store.record(session("2026-11-28 17:30", "going-home", "Going home", played=150))
    up = (CheckIn("tension", -1, 3), CheckIn("tension", 9, 5))
    store.record(session("2026-12-01 09:12", "grounding", "Grounding 5-4-3-2-1", played=40,
                         stopped_at=3, check_ins=up))  # fmt: skip
    store.record(session("2026-12-02 14:05", played=118, check_ins=tension,
                         entries=(Entry("good-things", 4, "Lunch outside."),)))  # fmt: skip
    store.record(session("2026-12-02 16:40", played=120))
    return store


def test_the_text_of_a_week(week: HistoryStore) -> None:
    assert history_text(week.report(TODAY, 7)) == (
        "This week: 4 pauses, 7 minutes.\n"
        "In all: 5 pauses, 67 minutes.\n"
        "\n"
        "Wednesday 2 December\n"
        "  16:40  Breathing space                   2:00\n"
        "  14:05  Breathing space                   1:58\n"
        "Tuesday 1 December\n"
        "  09:12  Grounding 5-4-3-2-1               0:40, stopped at step 4\n"
        "Saturday 28 November\n"
        "  17:30  Going home                        2:30\n"
        "\n"
        "Exercises\n"
        "  Breathing space                     2 times  4 minutes\n"
        "  Going home                           1 time  3 minutes\n"
        "  Grounding 5-4-3-2-1                  1 time  1 minute\n"
        "\n"
        "Check-ins, before and after\n"
        "  Wed 2 Dec 14:05  Breathing space           tension 6 → 4\n"
        "  Tue 1 Dec 09:12  Grounding 5-4-3-2-1       tension 3 → 5\n"
    )


EVALUATIVE = re.compile(
    r"streak|missed|goal|badge|great|well done|good job|better|worse|best|only|should|"
    r"keep it up|improv|progress|score|rank|average|!",
    re.IGNORECASE,
)


def test_nothing_in_the_words_judges(store: HistoryStore) -> None:
    chance = random.Random(3)
    for number in range(200):
        day = 1 + chance.randrange(28)
        before, after = chance.randrange(11), chance.randrange(11)
        store.record(
            session(
                f"2026-11-{day:02d} {chance.randrange(8, 20):02d}:{chance.randrange(60):02d}",
                f"exercise-{number % 7}",
                f"Exercise {number % 7}",
                played=chance.uniform(5, 400),
                stopped_at=chance.choice([None, 2]),
                check_ins=(CheckIn("tension", -1, before), CheckIn("tension", 9, after)),
            )
        )
    for days in (1, 7, 14, 30, None):
        text = history_text(store.report(date(2026, 11, 28), days))
        assert not EVALUATIVE.search(text), EVALUATIVE.search(text)
    up_and_down = history_text(store.report(date(2026, 11, 28), 30))
    assert "→" in up_and_down


def test_an_empty_history_says_so_gently(store: HistoryStore) -> None:
    text = history_text(store.report(TODAY, 7))
    assert text == "No sessions recorded yet. When history is on, each one you play is kept here.\n"


def test_a_quiet_week_is_not_a_missed_week(week: HistoryStore) -> None:
    text = history_text(week.report(date(2026, 12, 20), 7))
    assert text == "This week: no sessions recorded.\nIn all: 5 pauses, 67 minutes.\n"


def test_a_history_in_a_fresh_file_says_where_the_old_one_is(tmp_path: Path) -> None:
    damaged = tmp_path / "history.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    with opened(damaged) as store:
        store.record(session())
        for text in (
            history_text(store.report(TODAY, 7)),
            history_text(store.report(date(2030, 1, 1), 7)),
        ):
            assert text.endswith(
                f"\nAn earlier history file could not be read and was left as it was: {damaged}\n"
            )
        assert json.loads(history_json(store.report(TODAY, 7)))["set_aside"] == [str(damaged)]


@pytest.mark.parametrize(
    ("days", "name"), [(1, "Today"), (7, "This week"), (14, "The last 14 days"), (None, "In all")]
)
def test_the_window_is_named_plainly(days: int | None, name: str) -> None:
    assert window_name(days) == name


@pytest.mark.parametrize(
    ("seconds", "total", "one"),
    [
        (0, "0 minutes", "0:00"),
        (20, "under a minute", "0:20"),
        (59.4, "1 minute", "0:59"),
        (75, "1 minute", "1:15"),
        (150, "3 minutes", "2:30"),
        (7140, "119 minutes", "119:00"),
        (7200, "2 hours", "120:00"),
        (3 * 3600 + 300, "3 hours 5 minutes", "185:00"),
    ],
)
def test_lengths_in_words(seconds: float, total: str, one: str) -> None:
    assert total_time(seconds) == total
    assert session_length(seconds) == one


def test_text_from_the_file_cannot_drive_the_terminal(store: HistoryStore) -> None:
    store.record(session(title="Calm\x1b[2J place", entries=(Entry("t\x07", 0, "line\x1b]0;x"),)))
    text = history_text(store.report(TODAY, 7)) + journal_text(store.journal(), TODAY)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "Calm?[2J place" in text


# --- JSON and CSV ------------------------------------------------------------------------------


def test_history_json_round_trips_every_field(week: HistoryStore) -> None:
    data = json.loads(history_json(week.report(TODAY, 7)))
    assert list(data) == ["days", "from", "to", "totals", "all_time", "by_day", "by_exercise",
                          "check_in_changes", "sessions", "set_aside"]  # fmt: skip
    assert (data["days"], data["from"], data["to"]) == (7, "2026-11-26", "2026-12-02")
    assert data["totals"] == {"sessions": 4, "seconds": 428.0}
    assert data["all_time"] == {"sessions": 5, "seconds": 4028.0}
    assert [day["date"] for day in data["by_day"]] == [
        (TODAY - timedelta(days=back)).isoformat() for back in range(7)
    ]
    assert data["by_day"][-1]["date"] == "2026-11-26"
    assert data["by_day"][0] == {"date": "2026-12-02", "sessions": 2, "seconds": 238.0}
    assert data["by_exercise"][0] == {
        "exercise": "breathing-space",
        "title": "Breathing space",
        "sessions": 2,
        "seconds": 238.0,
    }
    assert data["check_in_changes"][0] == {
        "started": "2026-12-02T14:05:00+01:00",
        "exercise": "breathing-space",
        "title": "Breathing space",
        "key": "tension",
        "before": 6,
        "after": 4,
        "change": -2,
    }
    assert data["sessions"][1] == {
        "exercise": "breathing-space",
        "title": "Breathing space",
        "started": "2026-12-02T14:05:00+01:00",
        "seconds_asked": 120.0,
        "seconds_played": 118.0,
        "outcome": "finished",
        "stopped_at_step": None,
        "check_ins": [
            {"key": "tension", "step": -1, "value": 6},
            {"key": "tension", "step": 9, "value": 4},
        ],
        "entries": [{"topic": "good-things", "step": 4, "text": "Lunch outside."}],
    }
    stopped = data["sessions"][2]
    assert (stopped["outcome"], stopped["stopped_at_step"]) == ("stopped", 3)


def test_history_json_of_everything(week: HistoryStore) -> None:
    data = json.loads(history_json(week.report(TODAY, None)))
    assert (data["days"], data["from"]) == (None, None)
    assert len(data["sessions"]) == 5
    assert data["totals"] == data["all_time"]
    assert [day["date"] for day in data["by_day"]][-1] == "2025-06-01"  # only days with sessions


def test_history_csv_has_one_row_a_session_and_no_words_from_the_journal(
    week: HistoryStore,
) -> None:
    rows = list(csv.reader(io.StringIO(history_csv(week.sessions(TODAY)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 6
    assert rows[2] == ["2026-12-02T14:05:00+01:00", "breathing-space", "Breathing space", "120",
                       "118", "finished", "", "tension@-1=6; tension@9=4", "1"]  # fmt: skip
    assert rows[3][5:7] == ["stopped", "3"]
    assert "Lunch outside." not in history_csv(week.sessions(TODAY))


def test_history_csv_cannot_smuggle_a_formula_into_a_spreadsheet(store: HistoryStore) -> None:
    store.record(session(exercise_id="=cmd", title='=HYPERLINK("http://x")'))
    row = list(csv.reader(io.StringIO(history_csv(store.sessions(TODAY)))))[1]
    assert row[1:3] == ["'=cmd", '\'=HYPERLINK("http://x")']


# --- The journal -------------------------------------------------------------------------------


@pytest.fixture
def journal(store: HistoryStore) -> HistoryStore:
    entries = (Entry("good-things", 2, "Sun on the walk."), Entry("good-things", 2, "Tea."))
    store.record(session("2026-11-30 17:00", "going-home", "Going home", entries=entries))
    store.record(session("2026-12-01 17:00", "outcomes-log", "Outcomes log",
                         entries=(Entry("outcomes", 1, "A client came back."),)))  # fmt: skip
    return store


def test_journal_text_newest_first_with_dates(journal: HistoryStore) -> None:
    assert journal_text(journal.journal(), TODAY) == (
        "Tuesday 1 December · outcomes · Outcomes log\n"
        "  #3  A client came back.\n"
        "\n"
        "Monday 30 November · good-things · Going home\n"
        "  #1  Sun on the walk.\n"
        "  #2  Tea.\n"
        "\n"
        "Kept on this computer only; leave out client names and details. "
        "`breather journal --forget N` deletes entry #N.\n"
    )
    assert journal_text(journal.journal("outcomes"), TODAY).startswith("Tuesday 1 December")
    assert journal_text([], TODAY, "outcomes") == (
        "Nothing in the journal under “outcomes” yet. Write steps keep what you write here, "
        "on this computer only.\n"
    )


def test_journal_json_round_trips(journal: HistoryStore) -> None:
    data = json.loads(journal_json(journal.journal("good-things"), "good-things", journal.topics()))
    assert data == {
        "topic": "good-things",
        "topics": ["good-things", "outcomes"],
        "entries": [
            {"written": "2026-11-30T17:00:00+01:00", "topic": "good-things", "text": text,
             "exercise": "going-home", "title": "Going home", "step": 2, "number": number}
            for number, text in ((1, "Sun on the walk."), (2, "Tea."))
        ],
    }  # fmt: skip


def test_an_unknown_topic_is_named_with_a_hint() -> None:
    topics = ["good-things", "outcomes"]
    assert unknown_topic("outcome", topics) == (
        "--topic: the journal has no topic `outcome`; did you mean `outcomes`?"
    )
    assert unknown_topic("zebra", topics) == (
        "--topic: the journal has no topic `zebra`; its topics are good-things, outcomes"
    )
    assert unknown_topic("zebra", []) == (
        "--topic: the journal has no topic `zebra`; it has no entries yet"
    )


def test_forgetting_says_what_was_deleted() -> None:
    assert forgotten_text(Forgotten(12, 1, 4)) == (
        "Deleted the history and the journal: 12 sessions, 1 check-in answer and "
        "4 journal entries.\n"
    )
    assert forgotten_text(Forgotten(1, 0, 1), date(2026, 1, 1)) == (
        "Deleted what was recorded before 2026-01-01: 1 session, 0 check-in answers and "
        "1 journal entry.\n"
    )
