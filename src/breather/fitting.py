"""Fitting an exercise to the minutes someone has, exactly as the format promises.

Breath patterns keep their pace and only change their number of cycles; text and pause steps
stretch or shrink together, within half to twice their written time and never under 3 s; order
and number of steps never change; steps that wait for the user (checklists without seconds,
check-ins, writing, recall) take no time. Extra time goes to the practice (more breaths), and the
words keep their length. The result lands within :data:`FIT_TOLERANCE` of the target, or
:func:`fit` refuses with the range the exercise can offer.

Each kind of step takes part in fitting in one way (:func:`_parts`). Pure; no clock, no Textual.
"""

from __future__ import annotations

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

Flexible: TypeAlias = TextStep | PauseStep
"""The kinds of step that stretch or shrink together."""


@dataclass(frozen=True)
class _Parts:
    """The steps as fitting sees them, each kept with its index in the exercise.

    Attributes:
        fixed: The seconds of steps that keep their length (timed checklists; steps that wait
            for the user add 0).
        flexible: Text and pause steps, which stretch or shrink together.
        breaths: Breathe steps, which keep their pace and change their cycle count.
    """

    fixed: float
    flexible: list[tuple[int, Flexible]]
    breaths: list[tuple[int, BreatheStep]]


def _parts(steps: list[PlayableStep]) -> _Parts:
    """Sort the steps by how each kind takes part in fitting."""
    fixed = 0.0
    flexible: list[tuple[int, Flexible]] = []
    breaths: list[tuple[int, BreatheStep]] = []
    for index, step in enumerate(steps):
        match step:
            case BreatheStep():
                breaths.append((index, step))
            case TextStep() | PauseStep():
                flexible.append((index, step))
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


def _flex_bounds(seconds: float) -> tuple[float, float]:
    """How far a text or pause step may shrink and stretch."""
    low = max(seconds / 2, min(MIN_FLEX_SECONDS, seconds))
    return low, seconds * 2


def fit_range(steps: list[PlayableStep]) -> tuple[float, float]:
    """The shortest and longest lengths these steps can be fitted to (seconds)."""
    parts = _parts(steps)
    flex = [step.seconds for _, step in parts.flexible]
    cycles = sum(step.cycle_seconds for _, step in parts.breaths)
    low = parts.fixed + sum(_flex_bounds(seconds)[0] for seconds in flex) + cycles
    high = MAX_TARGET if parts.breaths else parts.fixed + sum(_flex_bounds(s)[1] for s in flex)
    return low, high


def describe_range(title: str, low: float, high: float) -> str:
    """ "Breathing space can be played in 50 seconds to 30 minutes"."""
    return f"{title} can be played in {durations.range_words(low, high)}"


def fit(title: str, steps: list[PlayableStep], target: float) -> list[PlayableStep]:
    """Fit the steps to ``target`` seconds, or refuse with the range they can offer.

    Breath steps keep their pace and change only their cycle count (at least one); text and pause
    steps share one stretch factor, each clamped to half-to-twice its written time and at least
    3 s; timed checklists keep their length and waiting ones take none.

    Raises:
        UserError: No fit lands within :data:`FIT_TOLERANCE` of the target.
    """
    low, high = fit_range(steps)
    asked = durations.minutes_words(target / 60)
    if not low - FIT_TOLERANCE <= target <= high + FIT_TOLERANCE:
        raise UserError(f"{describe_range(title, low, high)}; asked for {asked}")

    parts = _parts(steps)
    fixed, breaths = parts.fixed, parts.breaths
    flex = [(index, step.seconds) for index, step in parts.flexible]
    flex_low = sum(_flex_bounds(seconds)[0] for _, seconds in flex)
    flex_high = sum(_flex_bounds(seconds)[1] for _, seconds in flex)
    written = natural_length(steps)

    # Extra time goes to the practice itself: when lengthening, the words keep their written
    # time and the breathing gains cycles. When shortening, the words and the breathing shrink
    # together. Breathing takes what is left in whole cycles; the words then absorb the rounding
    # (and everything, in an exercise with no breathing).
    preferred = min(max(target / written, 0.5), 1.0) if written else 1.0
    flex_preferred = sum(_clamped(seconds, preferred) for _, seconds in flex)
    cycles = _allocate_cycles(
        [step for _, step in breaths],
        target - fixed - flex_preferred,
        target - fixed,
        flex_low,
        flex_high,
    )
    breath_total = sum(n * step.cycle_seconds for n, (_, step) in zip(cycles, breaths, strict=True))
    factor = _solve_factor([seconds for _, seconds in flex], target - fixed - breath_total)
    fitted = list(steps)
    for (index, step), count in zip(breaths, cycles, strict=True):
        fitted[index] = replace(step, cycles=count)
    for index, flexible in parts.flexible:
        fitted[index] = replace(flexible, seconds=round(_clamped(flexible.seconds, factor), 1))
    total = natural_length(fitted)
    if abs(total - target) > FIT_TOLERANCE:
        raise UserError(f"{describe_range(title, low, high)}, but not within 5 seconds of {asked}")
    return fitted


def _clamped(seconds: float, factor: float) -> float:
    low, high = _flex_bounds(seconds)
    return min(max(seconds * factor, low), high)


def _solve_factor(flex: list[float], budget: float) -> float:
    """The common stretch factor that makes the flexible steps add up to ``budget``."""
    if not flex:
        return 1.0
    low, high = 0.0, 2.0
    if sum(_clamped(s, high) for s in flex) <= budget:
        return high
    if sum(_clamped(s, low) for s in flex) >= budget:
        return low
    for _ in range(60):
        middle = (low + high) / 2
        if sum(_clamped(s, middle) for s in flex) < budget:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _allocate_cycles(
    breaths: list[BreatheStep],
    breath_budget: float,
    room: float,
    flex_low: float,
    flex_high: float,
) -> list[int]:
    """Cycle counts near ``breath_budget`` that leave the text a length it can take.

    ``room`` is the target less the fixed steps; the text then gets ``room`` minus the breathing,
    which must fall within ``flex_low``..``flex_high`` (give or take the tolerance).
    """
    if not breaths:
        return []
    written = sum(step.seconds for step in breaths)
    scale = breath_budget / written if written else 1.0
    counts = [max(1, round(step.cycles * scale)) for step in breaths]

    def breath_total(values: list[int]) -> float:
        return sum(n * step.cycle_seconds for n, step in zip(values, breaths, strict=True))

    def miss(values: list[int]) -> float:
        left = room - breath_total(values)
        return max(0.0, flex_low - left, left - flex_high)

    # Move one cycle at a time, spreading the change over the steps in proportion, while it helps.
    for _ in range(10_000):
        current = miss(counts)
        left = room - breath_total(counts)
        if current == 0.0:
            break
        if left > flex_high:
            index = min(range(len(breaths)), key=lambda i: counts[i] / breaths[i].cycles)
            candidate = counts.copy()
            candidate[index] += 1
        else:
            shrinkable = [i for i in range(len(breaths)) if counts[i] > 1]
            if not shrinkable:
                break
            index = max(shrinkable, key=lambda i: counts[i] / breaths[i].cycles)
            candidate = counts.copy()
            candidate[index] -= 1
        if miss(candidate) >= current:
            break
        counts = candidate
    return counts
