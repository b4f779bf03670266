"""The library's one answer to "is this exercise offered at M minutes, and how does it play?"."""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.errors import UserError
from breather.library import ExerciseFolder, Library, load_folders
from breather.timeline import PlanOptions, plan
from tests.offered_exercises import DOORWAY, RELAXING

ANY = """\
title: Any
steps:
  - text: Arrive.
    seconds: 10
  - breathe: 4-6
    cycles: 9
  - text: Look around the room.
    seconds: 20
"""
SUPPORT = "Call 1234."


@pytest.fixture
def library(tmp_path: Path) -> Library:
    for name, text in (("relaxing", RELAXING), ("doorway", DOORWAY), ("any", ANY)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    loaded = load_folders([ExerciseFolder(tmp_path, "user")])
    assert loaded.problems == []
    return loaded


def offer_label(library: Library, exercise_id: str, minutes: float | None) -> str:
    exercise = library.get(exercise_id)
    return library.offer(exercise, minutes=minutes, holds=True, support=SUPPORT).length_label


def test_as_written_lengths_are_about_so_many_minutes(library: Library) -> None:
    assert offer_label(library, "relaxing", None) == "about 2 min"
    assert offer_label(library, "any", None) == "about 2 min"


def test_a_fitted_length_says_what_it_fits_in(library: Library) -> None:
    assert offer_label(library, "relaxing", 1) == "fits in 1:00"
    assert offer_label(library, "any", 3) == "fits in 3:00"


def test_an_as_written_exercise_shows_its_own_length_within_the_time(library: Library) -> None:
    assert offer_label(library, "doorway", 1) == "29 s, as written"
    assert offer_label(library, "doorway", 3) == "29 s, as written"


def test_a_refusal_has_no_plan_but_says_why_and_fills_the_texts(library: Library) -> None:
    offer = library.offer(library.get("relaxing"), minutes=3, holds=True, support=SUPPORT)
    assert offer.timeline is None
    assert offer.length_label == ""
    assert offer.refusal == "Relaxing breath is played at 1 or 2 minutes; asked for 3 minutes"
    assert offer.exercise.intro == "It takes about 2 minutes. Call 1234."
    assert offer.exercise.safety == "Go gently. Call 1234."


def test_an_offer_fills_the_texts_for_its_length(library: Library) -> None:
    offer = library.offer(library.get("relaxing"), minutes=1, holds=True, support=SUPPORT)
    assert offer.exercise.intro == "It takes about 1 minute. Call 1234."
    assert offer.refusal == ""


def test_an_offer_follows_the_holds_choice(library: Library) -> None:
    exercise = library.get("relaxing")
    with_holds = library.offer(exercise, minutes=None, holds=True, support=SUPPORT)
    without = library.offer(exercise, minutes=None, holds=False, support=SUPPORT)
    assert with_holds.timeline is not None
    assert without.timeline is not None
    assert (with_holds.timeline.total, without.timeline.total) == (120, 14 + 4 * 12 + 30)
    assert not with_holds.timeline.holds_dropped
    assert without.timeline.holds_dropped


@pytest.mark.parametrize("minutes", [None, 0.5, 1, 1.5, 2, 2.5, 3, 5])
@pytest.mark.parametrize("holds", [True, False])
@pytest.mark.parametrize("exercise_id", ["relaxing", "doorway", "any"])
def test_an_offer_is_exactly_what_plan_does(
    library: Library, exercise_id: str, minutes: float | None, holds: bool
) -> None:
    exercise = library.get(exercise_id)
    offer = library.offer(exercise, minutes=minutes, holds=holds, support=SUPPORT)
    try:
        planned = library.plan(exercise, minutes=minutes, holds=holds, support=SUPPORT)
    except UserError as refusal:
        refused = refusal.render()
    else:
        refused = ""
    if refused:
        assert offer.timeline is None
        assert offer.refusal == refused
        return
    assert offer.timeline == planned
    options = PlanOptions(minutes=minutes, no_holds=not holds, support=SUPPORT)
    assert plan(library.resolve(exercise), options) == planned
