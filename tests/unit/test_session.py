"""A session on a fake clock: pause, skip, back, stop, tallies and waiting checklists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breather.clock import FakeClock
from breather.model import BreatheStep, BreathPhase, ChecklistStep, Exercise, PlayableStep, TextStep
from breather.session import TALLY_SETTLE_SECONDS, Session
from breather.timeline import plan

IN_OUT = (BreathPhase("in", 4, "Breathe in"), BreathPhase("out", 6, "Breathe out"))


def session(*steps: PlayableStep) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    running = Session(plan(Exercise(id="t", title="T", steps=steps)), clock)
    running.start()
    return running, clock


def test_time_moves_the_session_through_its_steps() -> None:
    running, clock = session(TextStep("A", 10), BreatheStep(IN_OUT, 2), TextStep("B", 5))
    assert running.state().step.index == 0
    clock.advance(11)
    state = running.state()
    assert (state.step.index, state.at.label) == (1, "Breathe in")
    clock.advance(4)
    assert running.state().at.label == "Breathe out"
    clock.advance(30)
    assert running.finished
    assert running.state().finished
    assert running.wall_seconds == pytest.approx(35)


def test_pause_freezes_everything_and_resume_continues_exactly() -> None:
    running, clock = session(TextStep("A", 10), BreatheStep(IN_OUT, 3))
    clock.advance(12.5)
    before = running.state().at
    running.pause()
    clock.advance(600)
    assert running.state().at == before
    assert running.state().paused
    running.resume()
    clock.advance(1)
    assert running.position == pytest.approx(13.5)


def test_next_and_previous_move_to_step_boundaries() -> None:
    running, clock = session(TextStep("A", 10), TextStep("B", 10), TextStep("C", 10))
    clock.advance(3)
    running.next_step()
    assert running.position == 10
    running.next_step()
    assert running.step_index == 2
    running.previous_step()
    running.previous_step()
    assert running.position == 0
    running.previous_step()
    assert running.position == 0
    running.next_step()
    running.next_step()
    running.next_step()
    assert running.finished


def test_skipping_while_paused_stays_paused() -> None:
    running, clock = session(TextStep("A", 10), TextStep("B", 10))
    running.pause()
    running.next_step()
    clock.advance(5)
    assert running.position == 10
    assert running.paused


def test_stop_ends_at_once_and_remembers_where() -> None:
    running, clock = session(TextStep("A", 10), TextStep("B", 10))
    clock.advance(12)
    running.stop()
    clock.advance(100)
    state = running.state()
    assert state.stopped
    assert state.over
    assert not state.finished
    assert state.step.index == 1
    assert running.wall_seconds == pytest.approx(12)


def test_waiting_checklist_holds_time_until_continued() -> None:
    running, clock = session(TextStep("A", 10), ChecklistStep(("x", "y")), TextStep("B", 10))
    clock.advance(15)
    state = running.state()
    assert state.waiting
    assert state.step.index == 1
    assert running.position == 10
    assert running.toggle_item(1)
    assert running.state().checked == frozenset({1})
    clock.advance(100)
    running.continue_on()
    clock.advance(2)
    state = running.state()
    assert not state.waiting
    assert state.step.index == 2
    assert state.at.elapsed == pytest.approx(12)


def test_previous_step_back_onto_a_checklist_waits_again() -> None:
    running, clock = session(ChecklistStep(("x",)), TextStep("B", 10))
    assert running.state().waiting
    running.next_step()
    assert not running.state().waiting
    clock.advance(3)
    running.previous_step()
    assert running.state().waiting


def test_tally_marks_fill_and_then_move_on() -> None:
    running, clock = session(TextStep("See", 30, tally=2), TextStep("Next", 10))
    assert running.mark_tally()
    assert running.state().tally_marked == 1
    clock.advance(4)
    assert running.mark_tally()
    assert not running.mark_tally()
    clock.advance(TALLY_SETTLE_SECONDS + 0.5)
    state = running.state()
    assert state.step.index == 1
    assert state.at.elapsed == pytest.approx(30.5)


def test_tally_does_nothing_on_other_steps() -> None:
    running, _ = session(TextStep("A", 10))
    assert not running.mark_tally()


@given(
    st.floats(min_value=0, max_value=60),
    st.floats(min_value=0, max_value=10_000),
    st.floats(min_value=0, max_value=60),
)
def test_pausing_for_any_time_shifts_nothing_else(
    before: float, paused_for: float, after: float
) -> None:
    steps = (TextStep("A", 10), BreatheStep(IN_OUT, 4), TextStep("B", 10))
    paused, clock = session(*steps)
    straight, other = session(*steps)
    clock.advance(before)
    paused.pause()
    clock.advance(paused_for)
    paused.resume()
    clock.advance(after)
    other.advance(before + after)
    mine, theirs = paused.state().at, straight.state().at
    assert mine.elapsed == pytest.approx(theirs.elapsed, abs=1e-6)
    assert mine.progress == pytest.approx(theirs.progress, abs=1e-6)
    if abs(mine.elapsed - mine.event.start) > 1e-6 and abs(mine.event.end - mine.elapsed) > 1e-6:
        assert (mine.step, mine.event) == (theirs.step, theirs.event)


def test_reading_a_session_never_changes_it() -> None:
    """Two sessions on one clock, one of them read at every turn, act and end alike."""
    steps = (
        TextStep("See", 30, tally=2),
        ChecklistStep(("x",)),
        BreatheStep(IN_OUT, 2),
        TextStep("B", 10),
    )
    clock = FakeClock()
    read, left_alone = (
        Session(plan(Exercise(id="t", title="T", steps=steps)), clock) for _ in "ab"
    )

    def look() -> None:
        read.state()
        _ = (read.position, read.finished, read.over, read.step_index, read.wall_seconds)
        read.next_jump_in()

    def both(action: str) -> None:
        look()
        getattr(read, action)()
        getattr(left_alone, action)()
        look()

    both("start")
    for _ in range(2):
        clock.advance(1)
        both("mark_tally")
    for _ in range(4):  # the filled tally moves on to the waiting checklist by itself
        clock.advance(2)
        look()
    assert read.state() == left_alone.state()
    assert read.state().waiting
    both("continue_on")
    clock.advance(7)
    both("pause")
    clock.advance(50)
    both("resume")
    both("next_step")
    assert read.state() == left_alone.state()
    for _ in range(20):
        clock.advance(1)
        look()
    assert read.finished
    assert left_alone.finished
    assert read.state() == left_alone.state()
    assert read.wall_seconds == left_alone.wall_seconds


def test_time_running_out_is_seen_without_any_action() -> None:
    running, clock = session(TextStep("A", 10))
    clock.advance(10)
    assert running.finished
    assert running.over
    assert running.position == 10
    clock.advance(5)
    assert running.wall_seconds == pytest.approx(10)  # it ended when the time ran out
    running.stop()
    assert not running.stopped  # nothing was left to stop
