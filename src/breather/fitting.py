"""Fitting an exercise to the minutes someone has, exactly as the format promises.

Breath patterns keep their pace and only change their number of cycles, never crossing a step's
``min_cycles``/``max_cycles``; text and pause steps stretch or shrink together, within half to
twice their written time and never under 3 s; order and number of steps never change; steps that
wait for the user (checklists without seconds, check-ins, writing, recall) take no time. Extra
time goes to the practice (more breaths), and the words keep their length. Words are never
hurried: a step with words keeps its reading floor (:func:`reading_floor`, 100 words a minute
plus 3 s), and one written shorter than its floor keeps its written time. When a cap or a floor
holds one step back, the other steps take up the time within their own limits. The result lands
within :data:`FIT_TOLERANCE` of the target, or :func:`fit` refuses with the range the exercise
can offer.

Each kind of step takes part in fitting in one way (:func:`_parts`). Pure; no clock, no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeAlias

from breather import durations
from breather.errors import UserError
from breather.model import (
    BreatheStep,
    CheckInStep,
    ChecklistStep,
    PauseStep,
    PlayableStep,
    RecallStep,
    TextStep,
    WriteStep,
    assert_never,
)

FIT_TOLERANCE = 5.0
"""A fitted plan lands within this many seconds of the target."""
MIN_TARGET, MAX_TARGET = 30.0, 30 * 60.0
"""The lengths a session may be fitted to: half a minute to half an hour."""
MIN_FLEX_SECONDS = 3.0
"""A text or pause step never shrinks below this (unless written shorter)."""
READING_WORDS_PER_MINUTE = 100.0
READING_PAUSE = 3.0
"""The reading floor: words at 100 a minute, plus 3 s to take them in and begin."""

Flexible: TypeAlias = TextStep | PauseStep
"""The kinds of step that stretch or shrink together."""

Shown: TypeAlias = Callable[[str], str]
"""A step's text as the person will read it (``{support}`` filled in), for its reading floor."""


def _as_written(text: str) -> str:
    return text


def reading_floor(text: str) -> float:
    """The least time words need on screen: 100 words a minute, plus :data:`READING_PAUSE`."""
    return len(text.split()) * 60.0 / READING_WORDS_PER_MINUTE + READING_PAUSE


def flex_bounds(step: Flexible, shown: Shown = _as_written) -> tuple[float, float]:
    """How far a text or pause step may shrink and stretch, in seconds.

    Half to twice its written time and never under 3 s; never under its reading floor when it has
    words, except that a step written shorter than its floor keeps its written time.
    """
    seconds = step.seconds
    low = max(seconds / 2, min(MIN_FLEX_SECONDS, seconds))
    if step.text:
        low = max(low, min(reading_floor(shown(step.text)), seconds))
    return low, seconds * 2


def cycle_bounds(step: BreatheStep) -> tuple[int, int | None]:
    """The fewest and most cycles fitting may give a breathe step (None: no most)."""
    return max(step.min_cycles or 1, 1), step.max_cycles


@dataclass(frozen=True)
class _Flex:
    """A text or pause step, its index in the exercise and how far it may move."""

    index: int
    step: Flexible
    low: float
    high: float

    def at(self, factor: float) -> float:
        """Its length at a common stretch factor, held within its bounds."""
        return min(max(self.step.seconds * factor, self.low), self.high)


@dataclass(frozen=True)
class _Breath:
    """A breathe step, its index in the exercise and its cycle caps."""

    index: int
    step: BreatheStep
    least: int
    most: int | None

    def clamp(self, cycles: int) -> int:
        """A cycle count held within the caps."""
        capped = cycles if self.most is None else min(cycles, self.most)
        return max(capped, self.least)


@dataclass(frozen=True)
class _Parts:
    """The steps as fitting sees them.

    Attributes:
        fixed: The seconds of steps that keep their length (timed checklists; steps that wait
            for the user add 0).
        flexible: Text and pause steps, which stretch or shrink together.
        breaths: Breathe steps, which keep their pace and change their cycle count.
    """

    fixed: float
    flexible: list[_Flex]
    breaths: list[_Breath]

    @property
    def flex_low(self) -> float:
        return sum(flex.low for flex in self.flexible)

    @property
    def flex_high(self) -> float:
        return sum(flex.high for flex in self.flexible)


def _parts(steps: list[PlayableStep], shown: Shown) -> _Parts:
    """Sort the steps by how each kind takes part in fitting."""
    fixed = 0.0
    flexible: list[_Flex] = []
    breaths: list[_Breath] = []
    for index, step in enumerate(steps):
        match step:
            case BreatheStep():
                breaths.append(_Breath(index, step, *cycle_bounds(step)))
            case TextStep() | PauseStep():
                flexible.append(_Flex(index, step, *flex_bounds(step, shown)))
            case ChecklistStep():
                fixed += step.seconds or 0.0
            case CheckInStep() | WriteStep() | RecallStep():
                pass  # they wait for the user and take no part in the length
            case _:
                assert_never(step)
    return _Parts(fixed, flexible, breaths)


def natural_length(steps: tuple[PlayableStep, ...] | list[PlayableStep]) -> float:
    """An exercise's length as written: the sum of its timed steps."""
    return sum(step.seconds or 0.0 for step in steps)


def fit_range(steps: list[PlayableStep], shown: Shown = _as_written) -> tuple[float, float]:
    """The shortest and longest lengths these steps can be fitted to (seconds)."""
    return _range(_parts(steps, shown))


def _range(parts: _Parts) -> tuple[float, float]:
    breaths = parts.breaths
    low = parts.fixed + parts.flex_low + sum(b.least * b.step.cycle_seconds for b in breaths)
    if any(breath.most is None for breath in breaths):
        return low, MAX_TARGET
    most = sum((b.most or 0) * b.step.cycle_seconds for b in breaths)
    return low, parts.fixed + parts.flex_high + most


def describe_range(title: str, low: float, high: float) -> str:
    """ "Breathing space can be played in 50 seconds to 30 minutes"."""
    return f"{title} can be played in {durations.range_words(low, high)}"


def fit(
    title: str, steps: list[PlayableStep], target: float, shown: Shown = _as_written
) -> list[PlayableStep]:
    """Fit the steps to ``target`` seconds, or refuse with the range they can offer.

    Breath steps keep their pace and change only their cycle count, within their caps; text and
    pause steps share one stretch factor, each held within its bounds (:func:`flex_bounds`, which
    reads each text through ``shown``); timed checklists keep their length and waiting ones take
    none. A step held at a bound leaves the rest of the time to the others.

    Raises:
        UserError: No fit lands within :data:`FIT_TOLERANCE` of the target.
    """
    parts = _parts(steps, shown)
    low, high = _range(parts)
    asked = durations.minutes_words(target / 60)
    if not low - FIT_TOLERANCE <= target <= high + FIT_TOLERANCE:
        raise UserError(f"{describe_range(title, low, high)}; asked for {asked}")

    fixed, breaths, flexible = parts.fixed, parts.breaths, parts.flexible
    written = natural_length(steps)

    # Extra time goes to the practice itself: when lengthening, the words keep their written
    # time and the breathing gains cycles. When shortening, the words and the breathing shrink
    # together. Breathing takes what is left in whole cycles; the words then absorb the rounding
    # (and everything, in an exercise with no breathing, or breathing at its caps).
    preferred = min(max(target / written, 0.5), 1.0) if written else 1.0
    flex_preferred = sum(flex.at(preferred) for flex in flexible)
    cycles = _allocate_cycles(
        breaths, target - fixed - flex_preferred, target - fixed, parts.flex_low, parts.flex_high
    )
    breath_total = sum(n * b.step.cycle_seconds for n, b in zip(cycles, breaths, strict=True))
    factor = _solve_factor(flexible, target - fixed - breath_total)
    fitted = list(steps)
    for breath, count in zip(breaths, cycles, strict=True):
        fitted[breath.index] = replace(breath.step, cycles=count)
    for flex in flexible:
        fitted[flex.index] = replace(flex.step, seconds=_tenths(flex, factor))
    total = natural_length(fitted)
    if abs(total - target) > FIT_TOLERANCE:
        raise UserError(f"{describe_range(title, low, high)}, but not within 5 seconds of {asked}")
    return fitted


def _tenths(flex: _Flex, factor: float) -> float:
    """A fitted length to a tenth of a second, never rounded below its lower bound.

    A step left at its written time keeps it exactly.
    """
    seconds = flex.at(factor)
    if abs(seconds - flex.step.seconds) < 1e-9:
        return flex.step.seconds
    rounded = round(seconds, 1)
    if rounded < flex.low - 1e-9:
        rounded = math.ceil(flex.low * 10 - 1e-9) / 10
    return rounded


def _solve_factor(flexible: list[_Flex], budget: float) -> float:
    """The common stretch factor, from 0 to 2, that makes the flexible steps add up to ``budget``.

    Each step's length is its written time times the factor, held within its bounds, so their
    sum is a line broken where a step meets a bound. The factor is found on the piece of that
    line where the sum reaches ``budget``: the smallest factor that gives it, solved exactly.
    """
    if not flexible:
        return 1.0
    least, most = 0.0, 2.0
    if sum(flex.at(most) for flex in flexible) <= budget:
        return most
    if sum(flex.at(least) for flex in flexible) >= budget:
        return least
    corners = {
        bound / flex.step.seconds
        for flex in flexible
        if flex.step.seconds > 0
        for bound in (flex.low, flex.high)
    }
    start = least
    for end in [*sorted(corner for corner in corners if least < corner < most), most]:
        if sum(flex.at(end) for flex in flexible) >= budget:
            break
        start = end
    # From start to end each step either scales with the factor or is held at a bound, so the
    # sum is held + slope * factor there.
    middle = (start + end) / 2
    held = slope = 0.0
    for flex in flexible:
        if flex.low < flex.step.seconds * middle < flex.high:
            slope += flex.step.seconds
        else:
            held += flex.at(middle)
    if slope <= 0:  # cannot happen between corners; kept so rounding can never divide by zero
        return end
    return min(max((budget - held) / slope, start), end)


def _allocate_cycles(
    breaths: list[_Breath],
    breath_budget: float,
    room: float,
    flex_low: float,
    flex_high: float,
) -> list[int]:
    """Cycle counts near ``breath_budget``, within each step's caps, that leave the text a length
    it can take.

    ``room`` is the target less the fixed steps; the text then gets ``room`` minus the breathing,
    which must fall within ``flex_low``..``flex_high`` (give or take the tolerance).
    """
    if not breaths:
        return []
    written = sum(breath.step.seconds for breath in breaths)
    scale = breath_budget / written if written else 1.0
    counts = [breath.clamp(round(breath.step.cycles * scale)) for breath in breaths]

    def breath_total(values: list[int]) -> float:
        return sum(n * b.step.cycle_seconds for n, b in zip(values, breaths, strict=True))

    def miss(values: list[int]) -> float:
        left = room - breath_total(values)
        return max(0.0, flex_low - left, left - flex_high)

    def share(i: int) -> float:
        return counts[i] / breaths[i].step.cycles

    # Move one cycle at a time, spreading the change over the steps in proportion, while it helps.
    for _ in range(10_000):
        current = miss(counts)
        if current == 0.0:
            break
        if room - breath_total(counts) > flex_high:
            growable = [i for i, b in enumerate(breaths) if b.most is None or counts[i] < b.most]
            if not growable:
                break
            index = min(growable, key=share)
            change = 1
        else:
            shrinkable = [i for i, b in enumerate(breaths) if counts[i] > b.least]
            if not shrinkable:
                break
            index = max(shrinkable, key=share)
            change = -1
        candidate = counts.copy()
        candidate[index] += change
        if miss(candidate) >= current:
            break
        counts = candidate
    return counts
