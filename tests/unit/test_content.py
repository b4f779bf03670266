"""The shipped library, checked against what the content research can check automatically.

The 20 acceptance checks of the content research (section 8) are accounted for one by one in
docs/CONTENT.md; the ones a program can judge are enforced here for every shipped file.
"""

from __future__ import annotations

import re

import pytest

from breather.errors import UserError
from breather.library import ExerciseFolder, Library, load_folders
from breather.model import (
    BreatheStep,
    CheckInStep,
    ChecklistStep,
    Exercise,
    PauseStep,
    RecallStep,
    TextStep,
    WriteStep,
)
from breather.timeline import PlanOptions, plan
from tests.conftest import PROJECT

LIBRARY: Library = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
SHIPPED = sorted(LIBRARY.exercises)
EXPECTED = {
    "grounding-5-4-3-2-1", "self-compassion-break", "calm-place", "calm-place-revisit",
    "breathing-space", "cyclic-sigh", "even-breathing", "orienting", "movement-reset",
    "box-breathing", "relaxing-breath-4-7-8", "going-home", "container", "end-of-day-ritual",
    "outcomes-log", "revisit", "eyes-closed-breathing", "walking-to-the-door",
}  # fmt: skip
RULED_OUT = (
    "you are safe", "safe place", "breathe deeply", "deep breath", "fill your lungs", "relax!",
    "you should feel", "if you did it right", "nothing can harm",
)  # fmt: skip
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
MAX_WORDS_PER_MINUTE = 90.0
"""Narration budget from the research (section 0.2): about 60-90 words a minute, with silence."""
MAX_FITTED_WORDS_PER_MINUTE = 150.0
"""Shrunk to a shorter length, words must still be readable at an unhurried reading pace."""


def resolved(exercise_id: str) -> Exercise:
    return LIBRARY.resolve(LIBRARY.get(exercise_id))


def all_text(exercise: Exercise) -> str:
    parts = [exercise.title, exercise.summary, exercise.intro, exercise.safety, exercise.outro]
    for step in exercise.steps:
        if isinstance(step, TextStep | BreatheStep | PauseStep | ChecklistStep) and step.text:
            parts.append(step.text)
        if isinstance(step, ChecklistStep):
            parts.extend(step.items)
        if isinstance(step, BreatheStep):
            parts.extend(phase.label for phase in step.phases)
        if isinstance(step, CheckInStep):
            parts += [step.question, *step.scale]
        if isinstance(step, WriteStep):
            parts.append(step.prompt)
        if isinstance(step, RecallStep) and step.text:
            parts.append(step.text)
    return "\n".join(parts)


def test_the_whole_library_ships_and_loads() -> None:
    assert LIBRARY.problems == []
    assert set(SHIPPED) == EXPECTED


@pytest.mark.parametrize("exercise_id", SHIPPED)
class TestEveryExercise:
    def test_intro_says_it_can_be_paused_or_stopped(self, exercise_id: str) -> None:
        assert "pause or stop at any time" in LIBRARY.get(exercise_id).intro

    def test_source_is_given(self, exercise_id: str) -> None:
        assert len(LIBRARY.get(exercise_id).source) > 40

    def test_ends_with_a_return_to_the_room(self, exercise_id: str) -> None:
        last = resolved(exercise_id).steps[-1]
        assert isinstance(last, TextStep)
        assert "room" in last.text
        assert "feet" in last.text or "look around" in last.text.lower()

    def test_holds_only_where_tagged_holds(self, exercise_id: str) -> None:
        exercise = resolved(exercise_id)
        if exercise.has_holds:
            assert "holds" in exercise.tags
            assert "switched off" in exercise.intro
            assert "press h" in exercise.intro

    def test_paced_breathing_carries_the_safety_cues(self, exercise_id: str) -> None:
        exercise = resolved(exercise_id)
        if not any(isinstance(step, BreatheStep) for step in exercise.steps):
            return
        words = all_text(exercise).lower()
        assert "lightheaded" in words
        assert "gently, not deeply" in words
        # A non-breath anchor is offered.
        assert "feet on the floor" in words or "sounds" in words

    def test_no_ruled_out_phrases(self, exercise_id: str) -> None:
        words = all_text(resolved(exercise_id)).lower()
        for phrase in RULED_OUT:
            assert phrase not in words, phrase
        for sentence in re.split(r"(?<=[.!?])\s+", words):
            if "close your eyes" in sentence:
                assert " or " in sentence or "if you" in sentence, sentence

    def test_eyes_always_have_the_open_option(self, exercise_id: str) -> None:
        exercise = LIBRARY.get(exercise_id)
        for text in (exercise.intro, *(s.text for s in exercise.steps if isinstance(s, TextStep))):
            lowered = text.lower()
            if "eyes" in lowered and ("lower" in lowered or "close" in lowered):
                assert "open" in lowered, text

    def test_announced_length_matches_the_computed_one(self, exercise_id: str) -> None:
        exercise = LIBRARY.get(exercise_id)
        found = re.search(r"About (\w+) minutes?", exercise.intro)
        assert found, "the intro says roughly how long it takes"
        announced = NUMBERS[found.group(1)] * 60
        actual = plan(resolved(exercise_id)).total
        assert abs(actual - announced) <= 0.1 * announced

    def test_between_sessions_fits_one_two_and_three_minutes_or_says_so(
        self, exercise_id: str
    ) -> None:
        exercise = LIBRARY.get(exercise_id)
        if "between-sessions" not in exercise.tags:
            return
        fits = []
        for minutes in (1, 2, 3):
            try:
                plan(resolved(exercise_id), PlanOptions(minutes=minutes))
                fits.append(minutes)
            except UserError:
                pass
        if fits != [1, 2, 3]:
            spoken = " or ".join(str(m) for m in fits)
            assert f"Fits {spoken} minutes" in exercise.summary

    def test_words_fit_their_seconds(self, exercise_id: str) -> None:
        exercise = resolved(exercise_id)
        lengths: list[float | None] = [None]
        if "between-sessions" in exercise.tags:
            lengths += [1, 2, 3]
        for minutes in lengths:
            try:
                timeline = plan(exercise, PlanOptions(minutes=minutes))
            except UserError:
                continue
            limit = MAX_WORDS_PER_MINUTE if minutes is None else MAX_FITTED_WORDS_PER_MINUTE
            for planned in timeline.steps:
                step = planned.step
                if isinstance(step, TextStep | PauseStep) and step.text:
                    rate = len(step.text.split()) / (step.seconds / 60)
                    assert rate <= limit, f"{minutes} min: {rate:.0f} wpm: {step.text}"


def test_every_write_step_asks_for_no_names_or_details() -> None:
    """Confidentiality (check 17): a shipped write step says so in its own words too, beside the
    line the player always shows."""
    for exercise_id in SHIPPED:
        for step in resolved(exercise_id).steps:
            if isinstance(step, WriteStep):
                assert "no names" in step.prompt.lower(), exercise_id
                assert "no names" in LIBRARY.get(exercise_id).safety.lower(), exercise_id


def test_revisit_recalls_the_outcomes_log_and_the_good_things() -> None:
    written = {
        step.topic
        for exercise_id in SHIPPED
        for step in resolved(exercise_id).steps
        if isinstance(step, WriteStep)
    }
    recalled = {step.topic for step in resolved("revisit").steps if isinstance(step, RecallStep)}
    assert recalled == {"outcomes", "good-things"}
    assert "outcomes" in written
