"""Check-ins, writing and recall: planned as steps that wait, played by a session, kept once."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from breather.clock import FakeClock
from breather.errors import UserError
from breather.history import HISTORY_OFF, CheckIn, Entry, HistoryStore, Unavailable
from breather.loader import load_text
from breather.model import Exercise
from breather.practice import (
    BEFORE_AFTER_KEY,
    NOT_KEPT_OFF,
    NOT_KEPT_UNAVAILABLE,
    Practice,
    keep_line,
    nothing_to_recall,
)
from breather.schema import exercise_schema
from breather.session import WAIT_COUNTS_AT_MOST, Session
from breather.timeline import PlanOptions, Timeline, plan
from tests.unit.history_helpers import at, opened, session

LOG = """\
id: log
title: Outcomes log
steps:
  - text: Arrive. {support}
    seconds: 10
  - check-in: How settled are you? {support}
    key: settled
    scale: [not at all, "{support}"]
  - write: Three changes that mattered. {support}
    entries: 3
    topic: outcomes
  - recall: outcomes
    count: 2
    text: Earlier, in your words. {support}
  - breathe: 4-6
    cycles: 6
  - text: Look around the room.
    seconds: 10
"""
NOW = at("2026-12-02 14:05")


def log_exercise() -> Exercise:
    return load_text(LOG, "log.yaml", file_id="log")


def played(timeline: Timeline, clock: FakeClock) -> Session:
    running = Session(timeline, clock)
    running.start()
    return running


def practice_for(
    timeline: Timeline,
    history: HistoryStore | Unavailable = HISTORY_OFF,
    *,
    before_after: bool = False,
    now: datetime = NOW,
) -> Practice:
    return Practice(
        timeline, history, before_after=before_after, now=lambda: now, chance=random.Random(1)
    )


# -- planning ------------------------------------------------------------------------------------


def test_steps_that_wait_take_no_part_in_the_length_and_keep_their_kind_names() -> None:
    timeline = plan(log_exercise(), PlanOptions(support="Call 1234."))
    assert timeline.total == 10 + 60 + 10
    events = timeline.as_json()["events"]
    assert isinstance(events, list)
    waiting = [event for event in events if event["seconds"] is None]
    assert [(event["kind"], event["at"], event["step"]) for event in waiting] == [
        ("check-in", 10.0, 1),
        ("write", 10.0, 2),
        ("recall", 10.0, 3),
    ]
    assert [event["text"] for event in waiting] == [
        "How settled are you? Call 1234.",
        "Three changes that mattered. Call 1234.",
        "Earlier, in your words. Call 1234.",
    ]
    check_in = timeline.steps[1].step
    assert check_in.scale == ("not at all", "Call 1234.")  # type: ignore[union-attr]
    assert all(timeline.steps[index].waits for index in (1, 2, 3))


def test_fitting_leaves_steps_that_wait_where_they_are() -> None:
    timeline = plan(log_exercise(), PlanOptions(minutes=2))
    assert abs(timeline.total - 120) <= 5
    assert [planned.step.kind for planned in timeline.steps] == [
        "text", "check-in", "write", "recall", "breathe", "text",
    ]  # fmt: skip
    assert timeline.steps[4].step.cycles > 6  # type: ignore[union-attr]


def test_no_check_in_leaves_out_every_check_in_step_and_nothing_else() -> None:
    timeline = plan(log_exercise(), PlanOptions(no_check_in=True))
    assert [planned.step.kind for planned in timeline.steps] == [
        "text", "write", "recall", "breathe", "text",
    ]  # fmt: skip
    assert timeline.total == plan(log_exercise()).total
    only = load_text("title: Only\nsteps:\n  - check-in: How are you?\n", "o.yaml", file_id="o")
    with pytest.raises(UserError, match="has only check-ins"):
        plan(only, PlanOptions(no_check_in=True))


def test_the_schema_knows_the_new_kinds_and_their_limits() -> None:
    steps = exercise_schema()["properties"]["steps"]["items"]["oneOf"]
    by_kind = {step["required"][0]: step for step in steps}
    assert by_kind["write"]["properties"]["entries"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 10,
    }
    assert by_kind["recall"]["properties"]["count"]["maximum"] == 10
    scale = by_kind["check-in"]["properties"]["scale"]
    assert (scale["minItems"], scale["maxItems"]) == (2, 2)


# -- a session holds what the user answers and writes --------------------------------------------


def test_answers_and_writing_are_held_only_where_they_belong() -> None:
    clock = FakeClock()
    running = played(plan(log_exercise()), clock)
    assert not running.answer(0, 5)  # a text step is not a check-in
    assert not running.answer(1, 11)
    assert running.answer(1, 7)
    assert running.answer(1, None)  # skipped after all: nothing is kept
    assert running.answers == {}
    assert running.answer(1, 4)
    assert not running.write(1, 0, "words")  # a check-in is not a write step
    assert not running.write(2, 3, "a fourth box")  # it has three
    assert running.write(2, 1, "second box first")
    assert running.write(2, 0, "first")
    assert running.written == {2: ("first", "second box first")}
    assert running.answers == {1: 4}


def test_played_time_leaves_out_pauses_and_keeps_the_time_spent_writing() -> None:
    clock = FakeClock()
    running = played(plan(log_exercise()), clock)
    clock.advance(10)  # to the check-in, which waits
    assert running.state().waiting
    clock.advance(50)  # a long time choosing a number is practice too
    running.pause()
    clock.advance(300)  # the phone rang
    running.resume()
    running.continue_on()
    clock.advance(5)
    assert running.wall_seconds == pytest.approx(365)
    assert running.played_seconds == pytest.approx(65)
    running.pause()
    clock.advance(20)
    running.stop()  # stopped while paused: the pause still does not count
    clock.advance(100)
    assert running.played_seconds == pytest.approx(65)


def test_a_step_left_waiting_counts_as_practice_only_up_to_the_limit() -> None:
    """A check-in left open through the next client is not an hour's practice."""
    assert WAIT_COUNTS_AT_MOST == 300
    clock = FakeClock()
    running = played(plan(log_exercise()), clock)
    clock.advance(10)  # to the check-in
    clock.advance(3600)  # the screen left open for an hour
    assert running.played_seconds == pytest.approx(10 + 300), "while it still waits"
    running.continue_on()  # to the write step, which waits too: its own 5 minutes
    clock.advance(200)
    assert running.played_seconds == pytest.approx(10 + 300 + 200)
    running.stop()  # stopped while waiting: the same limit
    clock.advance(1000)
    assert running.wall_seconds == pytest.approx(10 + 3600 + 200)
    assert running.played_seconds == pytest.approx(10 + 300 + 200)


def test_pauses_at_a_waiting_step_neither_count_nor_use_up_its_limit() -> None:
    clock = FakeClock()
    running = played(plan(log_exercise()), clock)
    clock.advance(10 + 250)  # 250 s at the check-in
    running.pause()
    clock.advance(900)
    running.resume()
    clock.advance(40)  # 290 s of the 300 so far
    assert running.played_seconds == pytest.approx(10 + 290)
    clock.advance(100)
    running.pause()  # stopped while paused, past the limit
    clock.advance(50)
    running.stop()
    assert running.played_seconds == pytest.approx(10 + 300)


def test_each_arrival_at_a_waiting_step_has_its_own_limit() -> None:
    """Skipped to, gone back to, or reached by time: each stay at a wait is counted alone."""
    clock = FakeClock()
    running = played(plan(log_exercise()), clock)
    running.next_step()  # skipped to the check-in at once
    clock.advance(400)
    running.next_step()  # to the write step
    clock.advance(30)
    running.previous_step()  # back to the check-in, for another stay
    clock.advance(400)
    running.continue_on()
    assert running.played_seconds == pytest.approx(300 + 30 + 300)


# -- a practice keeps the session once -----------------------------------------------------------


def test_a_finished_session_is_kept_whole_with_its_answers_and_entries(tmp_path: Path) -> None:
    store = opened(tmp_path / "history.sqlite3")
    timeline = plan(log_exercise())
    clock = FakeClock()
    practice = practice_for(timeline, store, before_after=True)
    practice.keep_before(6)
    running = played(timeline, clock)
    practice.begin(running)
    clock.advance(10)
    running.answer(1, 3)
    running.continue_on()
    running.write(2, 0, "  A client  laughed\tfor the first time. ")
    running.write(2, 1, "")
    running.continue_on()
    running.continue_on()
    clock.advance(70)
    assert running.finished
    assert practice.asks_after
    practice.keep_after(8)  # higher after: kept as it is, like any other number
    assert practice.flush() is None
    assert practice.flush() is None  # once only
    (kept,) = store.sessions(NOW.date())
    assert (kept.exercise_id, kept.title, kept.outcome, kept.stopped_at_step) == (
        "log",
        "Outcomes log",
        "finished",
        None,
    )
    assert kept.started == NOW
    assert (kept.seconds_asked, kept.seconds_played) == (80.0, 80.0)
    assert kept.check_ins == (
        CheckIn(BEFORE_AFTER_KEY, -1, 6),
        CheckIn("settled", 1, 3),
        CheckIn(BEFORE_AFTER_KEY, 6, 8),
    )
    assert kept.entries == (Entry("outcomes", 2, "A client laughed for the first time."),)
    (change,) = store.check_in_changes(NOW.date())
    assert (change.key, change.before, change.after) == ("tension", 6, 8)


def test_a_stopped_session_is_kept_with_where_it_stopped_and_what_was_written(
    tmp_path: Path,
) -> None:
    store = opened(tmp_path / "history.sqlite3")
    timeline = plan(log_exercise())
    clock = FakeClock()
    practice = practice_for(timeline, store, before_after=True)
    running = played(timeline, clock)
    practice.begin(running)
    clock.advance(10)
    running.answer(1, 5)
    running.continue_on()
    running.write(2, 0, "Half a thought")
    assert not practice.asks_after
    assert practice.flush() is None  # a hang-up mid-write: the session stops and is kept
    assert running.stopped
    (kept,) = store.sessions(NOW.date())
    assert (kept.outcome, kept.stopped_at_step) == ("stopped", 2)
    assert kept.check_ins == (CheckIn("settled", 1, 5),)
    assert [entry.text for entry in kept.entries] == ["Half a thought"]


def test_the_before_and_after_check_in_frames_only_sessions_of_a_minute_or_more() -> None:
    short = load_text("title: S\nsteps:\n  - pause: 59\n", "s.yaml", file_id="s")
    assert not practice_for(plan(short), before_after=True).before_after
    assert practice_for(plan(log_exercise()), before_after=True).before_after
    assert not practice_for(plan(log_exercise()), before_after=False).before_after


def test_a_session_never_begun_is_not_kept(tmp_path: Path) -> None:
    store = opened(tmp_path / "history.sqlite3")
    practice = practice_for(plan(log_exercise()), store, before_after=True)
    practice.keep_before(4)  # answered, then the window closed before the first step
    assert practice.flush() is None
    assert store.sessions(NOW.date()) == []


def test_with_history_off_nothing_is_said_and_write_steps_say_their_words_are_not_kept() -> None:
    clock = FakeClock()
    practice = practice_for(plan(log_exercise()))
    practice.begin(played(practice.timeline, clock))
    assert practice.write_notice == NOT_KEPT_OFF
    assert practice.flush() is None
    recalled = practice.recalled[3]
    assert recalled.entries == ()
    assert "History is off" in recalled.note


def test_an_unavailable_history_is_said_once_and_the_session_still_ends() -> None:
    clock = FakeClock()
    unavailable = Unavailable("breather cannot keep its history in /locked (permission denied).")
    practice = practice_for(plan(log_exercise()), unavailable)
    practice.begin(played(practice.timeline, clock))
    assert practice.write_notice == NOT_KEPT_UNAVAILABLE
    assert practice.flush() == unavailable.reason
    assert practice.flush() is None


def test_recall_gives_back_only_its_own_topic_with_dates(tmp_path: Path) -> None:
    store = opened(tmp_path / "history.sqlite3")
    outcomes = tuple(Entry("outcomes", 2, f"Change {n}") for n in range(5))
    store.record(session("2026-11-20 10:00", entries=outcomes))
    store.record(session("2026-11-21 10:00", entries=(Entry("good-things", 2, "Sunlight"),)))
    for seed in range(20):
        practice = Practice(
            plan(log_exercise()),
            store,
            before_after=False,
            now=lambda: NOW,
            chance=random.Random(seed),
        )
        recalled = practice.recalled[3]
        assert len(recalled.entries) == 2
        assert {entry.topic for entry in recalled.entries} == {"outcomes"}
        assert recalled.note == ""
    none_yet = load_text("title: R\nsteps:\n  - recall: letters\n", "r.yaml", file_id="r")
    recalled = practice_for(plan(none_yet), store).recalled[0]
    assert recalled.entries == ()
    assert recalled.note == nothing_to_recall("letters")


def test_a_box_is_kept_as_one_line_of_at_most_500_characters() -> None:
    assert keep_line("one\ntwo\r\n three ") == "one two three"
    assert len(keep_line("x" * 600)) == 500


def test_a_byte_that_was_not_utf8_is_kept_as_a_replacement_character() -> None:
    latin1 = b"caf\xe9 au lait".decode("utf-8", "surrogateescape")  # as stdin hands it over
    assert keep_line(latin1) == "caf\ufffd au lait"
    assert keep_line("half \ud800 a pair") == "half ? a pair"  # no byte makes this one
    assert keep_line("café ✓") == "café ✓"


@pytest.mark.parametrize("keyboard", [True, False])
def test_journal_words_recalled_in_line_mode_never_go_into_a_file_of_lines(
    tmp_path: Path, keyboard: bool
) -> None:
    """``play revisit --plain > session.log``: the file, which anyone with it can read, says
    where the entries are; they show at the terminal only, and only to someone there."""
    import io

    from breather.plain import JOURNAL_NOT_IN_FILE, play_plain

    store = opened(tmp_path / "history.sqlite3")
    store.record(session("2026-11-20 10:00", entries=(Entry("outcomes", 2, "Family meeting"),)))
    recall = load_text(
        "title: R\nsteps:\n  - recall: outcomes\n  - text: After.\n    seconds: 1\n",
        "r.yaml",
        file_id="r",
    )
    timeline = plan(recall)
    clock = FakeClock()
    log, terminal = io.StringIO(), io.StringIO()
    play_plain(
        timeline,
        log,
        clock=clock,
        sleep=clock.advance,
        wait_for_enter=lambda: None,
        read_line=(lambda: "") if keyboard else None,
        practice=practice_for(timeline, store),
        prompts=terminal,
    )
    assert "Family meeting" not in log.getvalue()
    assert JOURNAL_NOT_IN_FILE in log.getvalue()
    assert ("Family meeting" in terminal.getvalue()) is keyboard
    # At a terminal (the lines and the questions in one place), the entries show as before.
    screen = io.StringIO()
    play_plain(
        timeline,
        screen,
        clock=clock,
        sleep=clock.advance,
        wait_for_enter=lambda: None,
        practice=practice_for(timeline, store),
    )
    assert "Family meeting" in screen.getvalue()
