"""Fitting keeps the practice: cycle caps, reading floors, and the time given to the other steps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breather.errors import UserError
from breather.fitting import (
    FIT_TOLERANCE,
    _Flex,
    _solve_factor,
    fit,
    fit_range,
    flex_bounds,
    natural_length,
    reading_floor,
)
from breather.model import BreatheStep, BreathPhase, PauseStep, PlayableStep, TextStep

FOUR_SEVEN_EIGHT = (
    BreathPhase("in", 4, "Breathe in"),
    BreathPhase("hold", 7, "Hold"),
    BreathPhase("out", 8, "Breathe out"),
)
FOUR_SIX = (BreathPhase("in", 4, "Breathe in"), BreathPhase("out", 6, "Breathe out"))
TWENTY_WORDS = " ".join(["word"] * 20)
"""Twenty words: 12 s at 100 words a minute, so a reading floor of 15 s."""


def relaxing_breath(most: int | None = 4, least: int | None = None) -> list[PlayableStep]:
    return [
        TextStep("Find a comfortable seat.", 14),
        BreatheStep(FOUR_SEVEN_EIGHT, 4, "Gently.", min_cycles=least, max_cycles=most),
        TextStep("Look around the room.", 30),
    ]


def cycles_of(steps: list[PlayableStep]) -> list[int]:
    return [step.cycles for step in steps if isinstance(step, BreatheStep)]


def test_reading_floor_is_words_at_a_hundred_a_minute_plus_three_seconds() -> None:
    assert reading_floor(TWENTY_WORDS) == pytest.approx(15.0)
    assert reading_floor("One.") == pytest.approx(3.6)
    assert reading_floor("  spaced\n\nout  words ") == pytest.approx(3 * 0.6 + 3)


def test_flex_bounds_hold_the_reading_floor_unless_written_shorter() -> None:
    assert flex_bounds(TextStep(TWENTY_WORDS, 20)) == (15.0, 40)  # the floor, above half
    assert flex_bounds(TextStep(TWENTY_WORDS, 40)) == (20.0, 80)  # half, above the floor
    assert flex_bounds(TextStep(TWENTY_WORDS, 10)) == (10, 20)  # written shorter: kept
    assert flex_bounds(PauseStep(20)) == (10.0, 40)  # no words, no floor
    assert flex_bounds(PauseStep(20, TWENTY_WORDS)) == (15.0, 40)  # a pause's words are read too


def test_the_floor_counts_the_words_as_they_will_read() -> None:
    step = TextStep("Are you OK? {support}", 30)
    as_written = flex_bounds(step)[0]
    with_support = flex_bounds(step, lambda text: text.replace("{support}", TWENTY_WORDS))[0]
    assert as_written == 15.0
    assert with_support == pytest.approx(reading_floor("Are you OK? " + TWENTY_WORDS))


def test_max_cycles_is_never_crossed_and_the_words_take_the_time() -> None:
    fitted = fit("Relaxing breath", relaxing_breath(), 150)
    assert cycles_of(fitted) == [4]
    assert natural_length(fitted) == pytest.approx(150, abs=FIT_TOLERANCE)
    words = [step.seconds for step in fitted if isinstance(step, TextStep)]
    assert all(after > before for after, before in zip(words, [14, 30], strict=True))


def test_without_a_cap_extra_time_goes_to_the_breathing() -> None:
    fitted = fit("Relaxing breath", relaxing_breath(most=None), 44 + 7 * 19)
    assert cycles_of(fitted) == [7]
    assert [step.seconds for step in fitted if isinstance(step, TextStep)] == [14, 30]


def test_a_length_beyond_the_caps_is_refused_with_the_range() -> None:
    _low, high = fit_range(relaxing_breath())
    assert high == 14 * 2 + 4 * 19 + 30 * 2
    with pytest.raises(UserError, match=r"can be played in .* to 2\.5 minutes; asked for 3"):
        fit("Relaxing breath", relaxing_breath(), 180)


def test_min_cycles_is_never_crossed_and_the_words_give_the_time() -> None:
    low, _ = fit_range(relaxing_breath(least=3))
    assert low == pytest.approx(7 + 3 * 19 + 15)
    fitted = fit("Relaxing breath", relaxing_breath(least=3), 80)
    assert cycles_of(fitted) == [3]
    with pytest.raises(UserError):
        fit("Relaxing breath", relaxing_breath(least=3), 60)


def test_floors_keep_the_words_and_the_breathing_gives_up_the_time() -> None:
    steps: list[PlayableStep] = [
        TextStep(TWENTY_WORDS, 20),
        BreatheStep(FOUR_SIX, 9, "Gently."),
        TextStep(TWENTY_WORDS, 20),
    ]
    fitted = fit("Longer out-breath", steps, 60)
    assert [step.seconds for step in fitted if isinstance(step, TextStep)] == [15, 15]
    assert cycles_of(fitted) == [3]


def test_a_step_written_under_its_floor_is_never_shortened() -> None:
    steps: list[PlayableStep] = [
        TextStep(TWENTY_WORDS, 10),
        BreatheStep(FOUR_SIX, 9, "Gently."),
        TextStep("Look around.", 10),
    ]
    for target in (40, 60, 90):
        fitted = fit("Test", steps, target)
        first = fitted[0]
        assert isinstance(first, TextStep)
        assert first.seconds >= 10


def test_a_fitted_length_is_never_rounded_below_its_floor() -> None:
    steps: list[PlayableStep] = [TextStep(" ".join(["word"] * 7), 20), PauseStep(37)]
    fitted = fit("Test", steps, 30)
    first = fitted[0]
    assert isinstance(first, TextStep)
    assert first.seconds >= reading_floor(first.text)


seconds_st = st.floats(min_value=1, max_value=60).map(lambda s: round(s, 1))
words_st = st.integers(min_value=0, max_value=60).map(lambda n: " ".join(["word"] * n) or "x")


@st.composite
def capped_breaths(draw: st.DrawFn) -> BreatheStep:
    cycles = draw(st.integers(min_value=1, max_value=12))
    least = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=cycles)))
    most = draw(st.one_of(st.none(), st.integers(min_value=cycles, max_value=15)))
    phases = (
        BreathPhase("in", draw(seconds_st.filter(lambda s: s <= 12)), "Breathe in"),
        BreathPhase("out", draw(seconds_st.filter(lambda s: s <= 12)), "Breathe out"),
    )
    return BreatheStep(phases, cycles, min_cycles=least, max_cycles=most)


steps_st = st.lists(
    st.one_of(
        st.builds(TextStep, words_st, seconds_st),
        st.builds(PauseStep, seconds_st, st.one_of(st.none(), words_st)),
        capped_breaths(),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=300)
@given(steps_st, st.floats(min_value=30, max_value=1800))
def test_every_fit_keeps_caps_floors_and_lands_within_five_seconds(
    steps: list[PlayableStep], target: float
) -> None:
    try:
        fitted = fit("Test", steps, target)
    except UserError as refusal:
        message = refusal.render()
    else:
        message = ""
    if message:
        assert "can be played in" in message
        return
    assert abs(natural_length(fitted) - target) <= FIT_TOLERANCE
    for before, after in zip(steps, fitted, strict=True):
        if isinstance(before, BreatheStep):
            assert isinstance(after, BreatheStep)
            assert after.phases == before.phases
            assert max(before.min_cycles or 1, 1) <= after.cycles
            assert before.max_cycles is None or after.cycles <= before.max_cycles
        elif isinstance(before, TextStep | PauseStep):
            assert isinstance(after, TextStep | PauseStep)
            low, high = flex_bounds(before)
            assert low - 1e-9 <= after.seconds <= high + 0.05
            if before.text and before.seconds < reading_floor(before.text):
                assert after.seconds >= before.seconds


@st.composite
def stretchable(draw: st.DrawFn) -> _Flex:
    """A text step with bounds around its written time, as fitting sees it."""
    seconds = draw(st.floats(min_value=0, max_value=120).map(lambda s: round(s, 1)))
    low = draw(st.floats(min_value=0, max_value=60))
    high = draw(st.floats(min_value=low, max_value=240))
    return _Flex(0, TextStep("Words.", seconds), low, high)


@given(st.lists(stretchable(), min_size=1, max_size=8), st.floats(min_value=0, max_value=1))
def test_the_stretch_factor_is_the_smallest_that_fills_the_budget(
    flexible: list[_Flex], share: float
) -> None:
    """Solved exactly, the factor gives the budget and no smaller factor does.

    The budget is any sum the steps can reach between the factors 0 and 2.
    """

    def total(factor: float) -> float:
        return sum(flex.at(factor) for flex in flexible)

    budget = total(0.0) + share * (total(2.0) - total(0.0))
    factor = _solve_factor(flexible, budget)
    assert 0.0 <= factor <= 2.0
    assert total(factor) == pytest.approx(budget, abs=1e-9)
    if factor > 1e-6:
        assert total(factor - 1e-6) < budget + 1e-9


def test_the_stretch_factor_stops_at_nought_and_two() -> None:
    flexible = [_Flex(0, TextStep("Words.", 10), 4, 16)]
    assert _solve_factor(flexible, 100) == 2.0
    assert _solve_factor(flexible, 1) == 0.0
    assert _solve_factor(flexible, 12) == pytest.approx(1.2)
    assert _solve_factor([], 12) == 1.0
