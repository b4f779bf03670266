"""Cautions for an exercise's author: what loads and plays, but goes past the content guidance.

``breather validate`` says them under a file's "ok"; they never stop a file from loading (a
clinician may have reasons), and the exit status stays 0. The limits are those of the library's
own exercises (shared research, content.md): no breath hold longer than 4-7-8's seven seconds,
and long holds for no more than four breaths, as Weil advises for 4-7-8.
"""

from __future__ import annotations

from breather import durations
from breather.model import BreatheStep, Exercise

LONGEST_HOLD = 7.0
"""Seconds: the longest hold of any shipped pattern (4-7-8's)."""

MOST_BREATHS_WITH_LONG_HOLDS = 4
"""Weil's limit for 4-7-8: four breaths at a time."""


def hold_cautions(exercise: Exercise) -> list[str]:
    """Each breathing step whose holds go past the guidance, in the format's own words."""
    cautions: list[str] = []
    for index, step in enumerate(exercise.steps):
        if not isinstance(step, BreatheStep):
            continue
        holds = [phase.seconds for phase in step.phases if phase.kind == "hold"]
        longest = max(holds, default=0.0)
        if longest < LONGEST_HOLD:
            continue
        where = f"steps[{index}].breathe"
        if longest > LONGEST_HOLD:
            cautions.append(
                f"{where}: a hold of {durations.seconds_short(longest)} is long; breather's own "
                f"exercises hold for {durations.seconds_short(LONGEST_HOLD)} at most (anyone can "
                "switch holds off: h on the start card, or --no-holds)"
            )
        limit = MOST_BREATHS_WITH_LONG_HOLDS
        if step.cycles > limit:
            cautions.append(
                f"{where}: {step.cycles} breaths with long holds; Weil advises {limit} at most "
                "for 4-7-8"
            )
        elif step.max_cycles is None or step.max_cycles > limit:
            cautions.append(
                f"{where}: fitted to a longer length it may play more than {limit} breaths with "
                f"long holds; `max_cycles: {limit}` keeps it to Weil's {limit}"
            )
    return cautions
