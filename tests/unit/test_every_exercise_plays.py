"""Every shipped exercise plays to its end, at every length it offers, on a fake clock.

Whether a plan plays through is a property of the plan and the session alone, so it is checked
here, for all of them, in milliseconds. One exercise also plays to its end through the real player
with Pilot (``tests/ui/test_app.py``), which is what shows the screens follow the session.
"""

from __future__ import annotations

import pytest

from breather.clock import FakeClock
from breather.errors import UserError
from breather.library import ExerciseFolder, Library, load_folders
from breather.session import Session
from breather.timeline import Event, Timeline
from tests.conftest import PROJECT

SHIPPED = sorted(path.stem for path in (PROJECT / "exercises").glob("*.yaml"))
PAST = 0.001
"""Each move lands this far past the phase's end: at exactly the end, float rounding can leave the
clock a hair short (at 1000 s, a step smaller than a float's spacing does not move it at all)."""
MINUTES = (None, 1, 2, 3)
"""As written, and the lengths the library and the start card offer on their 1, 2 and 3 keys."""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])


def offered(library: Library, exercise_id: str) -> dict[str, Timeline]:
    """Every plan the player would offer for the exercise: each length that fits, holds on/off."""
    exercise = library.get(exercise_id)
    holds_choices = (True, False) if library.resolve(exercise).has_holds else (True,)
    plans: dict[str, Timeline] = {}
    for minutes in MINUTES:
        for holds in holds_choices:
            name = f"{minutes or 'as written'} min, holds {'on' if holds else 'off'}"
            try:
                plans[name] = library.plan(exercise, minutes=minutes, holds=holds, support="Hi.")
                continue
            except UserError as refusal:
                refused = refusal.render()
            assert minutes is not None, f"{exercise_id} cannot be played as written: {refused}"
            # A refusal names what it can offer: its range, or the lengths its file lists.
            offers = ("can be played in", " is played at ", " is played only as written, in ")
            assert any(words in refused for words in offers), refused
    return plans


def play_to_the_end(timeline: Timeline) -> list[Event]:
    """Play a session, moving the clock to just past each phase's end; the events it showed.

    Each event must show at its planned moment, and the session must take the planned time: a
    waiting checklist, continued at once, adds only the moment the clock had passed its start.
    """
    clock = FakeClock()
    session = Session(timeline, clock)
    session.start()
    shown: list[Event] = []
    for _ in range(2 * len(timeline.events) + 2):  # a bound: a session that never ends fails
        state = session.state()
        if state.over:
            break
        event = state.at.event
        if not shown or shown[-1] is not event:
            assert state.at.elapsed == pytest.approx(event.start, abs=2 * PAST), event
            shown.append(event)
        if state.waiting:
            session.continue_on()
        else:
            clock.advance(state.at.phase_left + PAST)
    assert state.finished
    assert not state.stopped
    waits = sum(step.waits for step in timeline.steps)
    assert session.wall_seconds == pytest.approx(timeline.total, abs=(waits + 2) * PAST)
    return shown


def test_every_shipped_exercise_is_checked(library: Library) -> None:
    assert sorted(library.exercises) == SHIPPED
    assert library.problems == []


@pytest.mark.parametrize("exercise_id", SHIPPED)
def test_every_shipped_exercise_plays_to_the_end_at_every_length(
    library: Library, exercise_id: str
) -> None:
    plans = offered(library, exercise_id)
    for name, timeline in plans.items():
        assert play_to_the_end(timeline) == list(timeline.events), name


def test_the_lengths_offered_include_every_minute_key(library: Library) -> None:
    """Not vacuous: between them, the exercises offer 1, 2 and 3 minutes and holds off."""
    names = {name for exercise_id in SHIPPED for name in offered(library, exercise_id)}
    assert {"1 min, holds on", "2 min, holds on", "3 min, holds on"} <= names
    assert "as written min, holds off" in names
