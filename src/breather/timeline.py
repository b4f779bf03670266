"""The timeline engine: what happens at every moment of a session. Pure; no clock, no Textual.

:func:`plan` turns a resolved exercise and the session's options into a :class:`Timeline`: the
steps with their final lengths, and one :class:`Event` per text, pause or checklist step and per
breath phase. :meth:`Timeline.state_at` answers "what is on screen after this many seconds?" and
is the only source of timing for the players: the step, the breath phase, its progress and what is
left, all computed from elapsed time, never from counted ticks.

Fitting to a target length follows the format exactly: breath patterns keep their pace and only
change their number of cycles; text and pause steps stretch or shrink together, within half to
twice their written time and never under 3 s; order and number of steps never change; waiting
checklists take no time. The result lands within 5 s of the target, or :func:`plan` refuses with
the range the exercise can offer.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from breather.errors import UserError
from breather.model import (
    DEFAULT_SUPPORT,
    BreatheStep,
    BreathPhase,
    ChecklistStep,
    Exercise,
    IncludeStep,
    PauseStep,
    PhaseKind,
    PlayableStep,
    TextStep,
    substitute,
)

EventKind: TypeAlias = Literal["text", "breathe", "checklist", "pause"]

FIT_TOLERANCE = 5.0
"""A fitted plan lands within this many seconds of the target."""
MIN_TARGET, MAX_TARGET = 30.0, 30 * 60.0
MIN_FLEX_SECONDS = 3.0


@dataclass(frozen=True)
class PlanOptions:
    """The choices that shape one session's plan.

    Attributes:
        minutes: Fit the exercise to this many minutes; None plays it as written.
        no_holds: Drop every breath hold.
        support: What ``{support}`` shows.
    """

    minutes: float | None = None
    no_holds: bool = False
    support: str = DEFAULT_SUPPORT


@dataclass(frozen=True)
class Event:
    """One thing that happens: a step begins, or a breath phase begins.

    Attributes:
        at: Seconds from the start of the session.
        seconds: How long it lasts; None for a checklist that waits for the user.
        step: Index into :attr:`Timeline.steps`.
        kind: The kind of step.
        phase: ``in``, ``out`` or ``hold`` for breath phases, else None.
        label: The phase's label ("Breathe in"), else None.
        text: The step's words (the caption, for a breath phase).
        cycle: For breath phases, which cycle (1-based), else None.
        level_from: How full the breath is as the phase starts (0 empty, 1 full).
        level_to: How full it is as the phase ends; a hold keeps the level.
    """

    at: float
    seconds: float | None
    step: int
    kind: EventKind
    phase: PhaseKind | None = None
    label: str | None = None
    text: str | None = None
    cycle: int | None = None
    level_from: float = 0.0
    level_to: float = 0.0

    @property
    def end(self) -> float:
        """When the event ends (its start, for a waiting checklist)."""
        return self.at + (self.seconds or 0.0)

    def as_json(self) -> dict[str, object]:
        """The event as the ``plan --json`` contract spells it."""
        return {
            "at": round(self.at, 3),
            "seconds": None if self.seconds is None else round(self.seconds, 3),
            "step": self.step,
            "kind": self.kind,
            "phase": self.phase,
            "label": self.label,
            "text": self.text,
        }


@dataclass(frozen=True)
class PlannedStep:
    """A step as it will be played: fitted, with text filled in, placed on the timeline.

    Attributes:
        index: Position in the flattened step list.
        step: The step, with its fitted length and substituted text.
        start: When it begins.
        seconds: How long it lasts; None for a waiting checklist.
        first_event: Index of its first event in :attr:`Timeline.events`.
        event_count: How many events it has.
    """

    index: int
    step: PlayableStep
    start: float
    seconds: float | None
    first_event: int
    event_count: int

    @property
    def end(self) -> float:
        return self.start + (self.seconds or 0.0)

    @property
    def waits(self) -> bool:
        """Whether the step waits for the user to continue."""
        return self.seconds is None


@dataclass(frozen=True)
class State:
    """Everything a player needs to draw the moment ``elapsed`` seconds into the plan.

    Attributes:
        elapsed: The time asked about, clamped to the plan.
        step: The step being played.
        event: The event being played (a breath phase, or the step itself).
        phase: The breath phase, or None outside breathe steps.
        label: The phase label, or None.
        progress: How far through the current event, 0..1 (the breath phase, or the step).
        phase_left: Seconds left in the current event.
        step_left: Seconds left in the step.
        session_left: Seconds left in the session (waiting checklists count as 0).
        finished: Whether the plan has run to its end.
    """

    elapsed: float
    step: PlannedStep
    event: Event
    phase: PhaseKind | None
    label: str | None
    progress: float
    phase_left: float
    step_left: float
    session_left: float
    finished: bool

    @property
    def step_index(self) -> int:
        return self.step.index


@dataclass(frozen=True)
class Timeline:
    """A planned session: the steps in order, their events, and the total length.

    Attributes:
        exercise: The exercise it was planned from (resolved).
        steps: The planned steps.
        events: Every event, in time order.
        total: The length in seconds (waiting checklists take none).
        holds_dropped: Whether the no-holds choice removed any holds.
        target: The length asked for, if any.
    """

    exercise: Exercise
    steps: tuple[PlannedStep, ...]
    events: tuple[Event, ...]
    total: float
    holds_dropped: bool = False
    target: float | None = None

    def __post_init__(self) -> None:
        timed = [i for i, event in enumerate(self.events) if event.seconds]
        object.__setattr__(self, "_timed", timed)
        object.__setattr__(self, "_starts", [self.events[i].at for i in timed])

    def state_at(self, elapsed: float) -> State:
        """What is playing ``elapsed`` seconds in (clamped to the plan).

        Waiting checklists take no time, so they never contain a moment; a session that stops at
        one asks for :meth:`state_of_step` instead.
        """
        timed: list[int] = self._timed  # type: ignore[attr-defined]
        starts: list[float] = self._starts  # type: ignore[attr-defined]
        t = min(max(elapsed, 0.0), self.total)
        if not timed:
            return self.state_of_step(len(self.steps) - 1, t, finished=True)
        finished = t >= self.total
        position = bisect_right(starts, t) - 1
        position = min(max(position, 0), len(timed) - 1)
        event = self.events[timed[position]]
        seconds = event.seconds or 0.0
        into = min(max(t - event.at, 0.0), seconds)
        step = self.steps[event.step]
        return State(
            elapsed=t,
            step=step,
            event=event,
            phase=event.phase,
            label=event.label,
            progress=into / seconds if seconds else 1.0,
            phase_left=seconds - into,
            step_left=max(step.end - t, 0.0),
            session_left=max(self.total - t, 0.0),
            finished=finished,
        )

    def state_of_step(self, index: int, elapsed: float, *, finished: bool = False) -> State:
        """The state at the start of a step (used while a checklist waits)."""
        step = self.steps[index]
        event = self.events[step.first_event]
        return State(
            elapsed=elapsed,
            step=step,
            event=event,
            phase=event.phase,
            label=event.label,
            progress=0.0,
            phase_left=event.seconds or 0.0,
            step_left=step.seconds or 0.0,
            session_left=max(self.total - elapsed, 0.0),
            finished=finished,
        )

    def as_json(self) -> dict[str, object]:
        """The plan as the ``plan --json`` contract spells it."""
        return {
            "id": self.exercise.id,
            "title": self.exercise.title,
            "seconds": round(self.total, 3),
            "events": [event.as_json() for event in self.events],
        }


def natural_length(steps: tuple[PlayableStep, ...] | list[PlayableStep]) -> float:
    """An exercise's length as written: the sum of its timed steps."""
    return sum(step.seconds or 0.0 for step in steps)


def drop_holds(step: PlayableStep) -> PlayableStep:
    """The step without hold phases (other steps are returned unchanged)."""
    if not isinstance(step, BreatheStep) or not step.has_holds:
        return step
    phases = tuple(phase for phase in step.phases if phase.kind != "hold")
    return replace(step, phases=phases)


def playable_steps(exercise: Exercise) -> list[PlayableStep]:
    """The steps of a resolved exercise.

    Raises:
        ValueError: The exercise still has includes (resolve it with the library first).
    """
    steps: list[PlayableStep] = []
    for step in exercise.steps:
        if isinstance(step, IncludeStep):
            raise ValueError(f"{exercise.id}: resolve includes before planning")
        steps.append(step)
    return steps


def plan(exercise: Exercise, options: PlanOptions | None = None) -> Timeline:
    """Plan a resolved exercise: fit it, fill its text in and lay out its events.

    Raises:
        UserError: The target length is outside 30 s-30 min, or the exercise cannot be fitted to
            it (the message names the range it can offer).
    """
    options = options or PlanOptions()
    steps = playable_steps(exercise)
    holds_dropped = False
    if options.no_holds:
        holds_dropped = any(isinstance(s, BreatheStep) and s.has_holds for s in steps)
        steps = [drop_holds(step) for step in steps]
    target = None
    if options.minutes is not None:
        target = options.minutes * 60.0
        if not math.isfinite(target) or not MIN_TARGET <= target <= MAX_TARGET:
            raise UserError("--minutes: choose a length from 0.5 to 30 minutes")
        steps = fit(exercise.title, steps, target)
    steps = [_fill_text(step, options.support) for step in steps]
    planned, events, total = _lay_out(steps)
    return Timeline(
        exercise=exercise,
        steps=tuple(planned),
        events=tuple(events),
        total=total,
        holds_dropped=holds_dropped,
        target=target,
    )


def _fill_text(step: PlayableStep, support: str) -> PlayableStep:
    def fill(text: str | None) -> str | None:
        return None if text is None else substitute(text, support)

    if isinstance(step, TextStep):
        return replace(step, text=substitute(step.text, support))
    if isinstance(step, ChecklistStep):
        items = tuple(substitute(item, support) for item in step.items)
        return replace(step, text=fill(step.text), items=items)
    if isinstance(step, BreatheStep):
        phases = tuple(replace(p, label=substitute(p.label, support)) for p in step.phases)
        return replace(step, text=fill(step.text), phases=phases)
    return replace(step, text=fill(step.text))


def _lay_out(steps: list[PlayableStep]) -> tuple[list[PlannedStep], list[Event], float]:
    planned: list[PlannedStep] = []
    events: list[Event] = []
    at = 0.0
    for index, step in enumerate(steps):
        first = len(events)
        if isinstance(step, BreatheStep):
            levels = phase_levels(step.phases)
            for cycle in range(1, step.cycles + 1):
                for phase, (begin, end) in zip(step.phases, levels, strict=True):
                    events.append(
                        Event(
                            at,
                            phase.seconds,
                            index,
                            "breathe",
                            phase.kind,
                            phase.label,
                            step.text,
                            cycle,
                            begin,
                            end,
                        )
                    )
                    at += phase.seconds
            seconds: float | None = step.seconds
            start = events[first].at
        else:
            seconds = step.seconds
            start = at
            events.append(Event(at, seconds, index, step.kind, None, None, step.text))
            at += seconds or 0.0
        planned.append(PlannedStep(index, step, start, seconds, first, len(events) - first))
    return planned, events, at


def phase_levels(phases: tuple[BreathPhase, ...]) -> tuple[tuple[float, float], ...]:
    """How full the breath is at the start and end of each phase of a cycle (0 empty, 1 full).

    A run of in-phases rises to full, shared in proportion to their seconds (``in 3, in 1``
    rises to 0.75, then to 1); a run of out-phases falls to empty; a hold keeps the level, so
    a hold after an in-breath is full and a rest after an out-breath is empty.
    """

    def walk(start: float) -> list[tuple[float, float]]:
        levels: list[tuple[float, float]] = []
        level = start
        index = 0
        while index < len(phases):
            kind = phases[index].kind
            if kind == "hold":
                levels.append((level, level))
                index += 1
                continue
            end = index
            while end < len(phases) and phases[end].kind == kind:
                end += 1
            target = 1.0 if kind == "in" else 0.0
            total = sum(phase.seconds for phase in phases[index:end])
            done = 0.0
            for phase in phases[index:end]:
                begin = level + (target - level) * done / total
                done += phase.seconds
                levels.append((begin, level + (target - level) * done / total))
            level = target
            index = end
        return levels

    first = walk(0.0)
    settled = first[-1][1] if first else 0.0
    return tuple(walk(settled))


# -- fitting -------------------------------------------------------------------------------


def _flex_bounds(seconds: float) -> tuple[float, float]:
    """How far a text or pause step may shrink and stretch."""
    low = max(seconds / 2, min(MIN_FLEX_SECONDS, seconds))
    return low, seconds * 2


def fit_range(steps: list[PlayableStep]) -> tuple[float, float]:
    """The shortest and longest lengths these steps can be fitted to (seconds)."""
    fixed = sum(s.seconds or 0.0 for s in steps if isinstance(s, ChecklistStep))
    flex = [s.seconds for s in steps if isinstance(s, TextStep | PauseStep)]
    breaths = [s for s in steps if isinstance(s, BreatheStep)]
    low = fixed + sum(_flex_bounds(s)[0] for s in flex) + sum(b.cycle_seconds for b in breaths)
    high = MAX_TARGET if breaths else fixed + sum(_flex_bounds(s)[1] for s in flex)
    return low, high


def length_words(seconds: float) -> str:
    """An exercise's length as the library shows it: "about 2 min", to the nearest half minute."""
    halves = math.floor(seconds / 30 + 0.5)  # half up, not to even
    if halves == 0:
        return "under 1 min"
    return f"about {halves / 2:g} min"


def describe_range(title: str, low: float, high: float) -> str:
    """ "Breathing space can be played in 50 seconds to 30 minutes"."""
    return (
        f"{title} can be played in {_length_words(low, up=True)} to {_length_words(high, up=False)}"
    )


def _length_words(seconds: float, *, up: bool) -> str:
    if seconds < 90:
        rounded = (math.ceil if up else math.floor)(seconds / 5) * 5
        return f"{int(rounded)} seconds"
    halves = (math.ceil if up else math.floor)(seconds / 30) / 2
    text = f"{halves:g}"
    return f"{text} minutes"


def fit(title: str, steps: list[PlayableStep], target: float) -> list[PlayableStep]:
    """Fit the steps to ``target`` seconds, or refuse with the range they can offer.

    Breath steps keep their pace and change only their cycle count (at least one); text and pause
    steps share one stretch factor, each clamped to half-to-twice its written time and at least
    3 s; timed checklists keep their length and waiting ones take none.

    Raises:
        UserError: No fit lands within :data:`FIT_TOLERANCE` of the target.
    """
    low, high = fit_range(steps)
    if not low - FIT_TOLERANCE <= target <= high + FIT_TOLERANCE:
        raise UserError(f"{describe_range(title, low, high)}; asked for {_asked(target)}")

    fixed = sum(s.seconds or 0.0 for s in steps if isinstance(s, ChecklistStep))
    flex = [(i, s.seconds) for i, s in enumerate(steps) if isinstance(s, TextStep | PauseStep)]
    flex_low = sum(_flex_bounds(seconds)[0] for _, seconds in flex)
    flex_high = sum(_flex_bounds(seconds)[1] for _, seconds in flex)
    breaths = [(i, s) for i, s in enumerate(steps) if isinstance(s, BreatheStep)]
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
    for index, seconds in flex:
        flexible = steps[index]
        assert isinstance(flexible, TextStep | PauseStep)
        fitted[index] = replace(flexible, seconds=round(_clamped(seconds, factor), 1))
    total = natural_length(fitted)
    if abs(total - target) > FIT_TOLERANCE:
        raise UserError(
            f"{describe_range(title, low, high)}, but not within 5 seconds of {_asked(target)}"
        )
    return fitted


def _asked(target: float) -> str:
    minutes = target / 60
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


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
