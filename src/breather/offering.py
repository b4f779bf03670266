"""Which lengths an exercise is offered at, and how it plays at the length someone asks for.

An exercise's ``lengths`` say where it stays a real practice: a listed length is fitted (and
refused, with the lengths that can be reached, when fitting cannot reach it); an ``as-written``
exercise is never fitted, and plays as written whenever it is no longer than the time asked; with
no ``lengths``, any length fitting reaches is offered. :func:`offered_at` is the one place this is
decided: the timeline's ``plan`` calls it, so the library's minute keys, the start card, ``play``
and ``plan`` cannot disagree. The loader (and the library, for files with includes) ask
:func:`length_problems` whether a file's ``lengths`` are ones its steps can keep.

Words are fitted as they will read: a text's reading floor counts ``{support}`` as the support
line and ``{length}`` as the length in words. Pure; no clock, no Textual.
"""

from __future__ import annotations

from breather import durations
from breather.errors import UserError
from breather.fitting import (
    FIT_TOLERANCE,
    Shown,
    describe_range,
    fit,
    fit_range,
    natural_length,
)
from breather.model import DEFAULT_SUPPORT, Exercise, IncludeStep, Lengths, PlayableStep, substitute


def offered_at(
    exercise: Exercise, steps: list[PlayableStep], target: float, support: str
) -> tuple[list[PlayableStep], bool]:
    """The steps as played when ``target`` seconds is asked for, and whether they were fitted.

    Raises:
        UserError: The exercise is not offered at that length.
    """
    rule, title = exercise.lengths, exercise.title
    asked = durations.minutes_words(target / 60)
    if rule is not None and rule.as_written:
        written = natural_length(steps)
        if written <= target + FIT_TOLERANCE:
            return steps, False
        raise UserError(
            f"{title} is played only as written, in {durations.length(written)}; asked for {asked}"
        )
    if rule is not None and not rule.offers(target):
        raise UserError(_not_offered(title, rule, steps, support, asked))
    try:
        return fit_for_reading(title, steps, target, support), True
    except UserError:
        if rule is None:
            raise
        raise UserError(_not_offered(title, rule, steps, support, asked)) from None


def fit_for_reading(
    title: str, steps: list[PlayableStep], target: float, support: str
) -> list[PlayableStep]:
    """Fit the steps to ``target`` seconds, each text's reading floor counted as it will read.

    ``{support}`` is counted as the support line, and ``{length}`` as the target in words (the
    fitted length lands within seconds of it, and says it in as many words).

    Raises:
        UserError: The steps cannot be fitted to ``target`` (with the range they can offer).
    """
    return fit(title, steps, target, _reading(support, target))


def _reading(support: str, target: float) -> Shown:
    """How a text will read in a session of about ``target`` seconds, for its reading floor."""
    length = durations.spoken_length(target)
    return lambda text: substitute(text, support, length)


def reachable_lengths(
    title: str, rule: Lengths, steps: list[PlayableStep], support: str
) -> list[float]:
    """The listed lengths (minutes) these steps can really be fitted to."""
    reached: list[float] = []
    for minutes in rule.minutes:
        try:
            fit_for_reading(title, steps, minutes * 60, support)
        except UserError:
            continue
        reached.append(minutes)
    return reached


def length_problems(exercise: Exercise) -> list[str]:
    """What is wrong with a resolved exercise's ``lengths``, in the format's words.

    Its written length must be one of them (within :data:`~breather.fitting.FIT_TOLERANCE`, the
    same 5 s a fitted length may miss by), so playing it as written plays a length it offers; and
    every listed length must be reachable. Judged as the file is written: holds on, and
    ``{support}`` read as the default support line.
    """
    rule = exercise.lengths
    if rule is None or rule.as_written:
        return []
    steps = [step for step in exercise.steps if not isinstance(step, IncludeStep)]
    if len(steps) != len(exercise.steps):
        raise ValueError(f"{exercise.id}: resolve includes before checking its lengths")
    written = natural_length(steps)
    problems: list[str] = []
    if not any(abs(written - minutes * 60) <= FIT_TOLERANCE for minutes in rule.minutes):
        problems.append(
            f"as written it lasts {durations.brief_length(written)}, which is not one of its "
            f"lengths ({durations.minutes_list_words(rule.minutes)}); list its own length too "
            "(within 5 seconds), or change the steps"
        )
    for minutes in rule.minutes:
        try:
            fit_for_reading(exercise.title, steps, minutes * 60, DEFAULT_SUPPORT)
        except UserError:
            asked = durations.minutes_words(minutes)
            low, high = fit_range(steps, _reading(DEFAULT_SUPPORT, minutes * 60))
            reason = describe_range(exercise.title, low, high)
            if low - FIT_TOLERANCE <= minutes * 60 <= high + FIT_TOLERANCE:
                reason += f", but not within 5 seconds of {asked}"
            problems.append(f"{asked} cannot be reached ({reason})")
    return problems


def _not_offered(
    title: str, rule: Lengths, steps: list[PlayableStep], support: str, asked: str
) -> str:
    """ "Calm place: create is played at 3 or 5 minutes; asked for 2 minutes"."""
    reached = reachable_lengths(title, rule, steps, support)
    if reached:
        return f"{title} is played at {durations.minutes_list_words(reached)}; asked for {asked}"
    written = durations.length(natural_length(steps))
    return (
        f"{title} is played at {durations.minutes_list_words(rule.minutes)}, but with these "
        f"choices none can be reached; it can be played as written, in {written}"
    )
