"""The timeline engine: what happens at every moment of a session. Pure; no clock, no Textual.

:func:`plan` turns a resolved exercise and the session's options into a :class:`Timeline`: the
steps with their final lengths, and one :class:`Event` per text, pause or checklist step and per
breath phase. :meth:`Timeline.state_at` answers "what is on screen after this many seconds?" and
is the only source of timing for the players: the step, the breath phase, its progress and what is
left, all computed from elapsed time, never from counted ticks.

:func:`plan` is also the one answer to "can this exercise be offered at M minutes, and how long
does it then play?": it asks ``offering.py`` (which honours the exercise's ``lengths``, and asks
``fitting.py``). The library's minute keys, the start card, ``play`` and ``plan`` all plan this
way, so they cannot disagree.

Every text a person reads, the title excepted, is filled in here (``{support}``, ``{length}``,
``{{``/``}}``): the steps' words, captions, labels and checklist items, and the exercise's intro,
safety, outro, summary and source, which :attr:`Timeline.exercise` carries filled in. Each kind
of step becomes events in one way (:func:`_events`), and has its text filled in one way
(:func:`_fill_text`).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal, TypeAlias

from breather import durations
from breather.errors import UserError
from breather.fitting import MAX_TARGET, MIN_TARGET, natural_length
from breather.model import (
    DEFAULT_SUPPORT,
    BreatheStep,
    BreathPhase,
    CheckInStep,
    ChecklistStep,
    Exercise,
    IncludeStep,
    PauseStep,
    PhaseKind,
    PlayableStep,
    RecallStep,
    TextStep,
    WriteStep,
    assert_never,
    substitute,
)
from breather.offering import offered_at

EventKind: TypeAlias = Literal[
    "text", "breathe", "checklist", "pause", "check-in", "write", "recall"
]


@dataclass(frozen=True)
class PlanOptions:
    """The choices that shape one session's plan.

    Attributes:
        minutes: Fit the exercise to this many minutes; None plays it as written.
        no_holds: Drop every breath hold.
        support: What ``{support}`` shows.
        no_check_in: Leave out every check-in step (``--no-check-in``). They take no time, so
            nothing else changes; the steps are numbered as this plan has them.
    """

    minutes: float | None = None
    no_holds: bool = False
    support: str = DEFAULT_SUPPORT
    no_check_in: bool = False


@dataclass(frozen=True)
class Event:
    """One thing that happens: a step begins, or a breath phase begins.

    Attributes:
        start: Seconds from the start of the session.
        seconds: How long it lasts; None for a step that waits for the user.
        step: Index into :attr:`Timeline.steps`.
        kind: The kind of step.
        phase: ``in``, ``out`` or ``hold`` for breath phases, else None.
        label: The phase's label ("Breathe in"), else None.
        text: The step's words (the caption, for a breath phase).
        cycle: For breath phases, which cycle (1-based), else None.
        level_from: How full the breath is as the phase starts (0 empty, 1 full).
        level_to: How full it is as the phase ends; a hold keeps the level.
    """

    start: float
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
        return self.start + (self.seconds or 0.0)

    def as_json(self) -> dict[str, object]:
        """The event as the ``plan --json`` contract spells it."""
        return {
            "at": round(self.start, 3),
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
        exercise: The exercise it was planned from (resolved), with every text a person reads
            filled in for this session (its steps as written; the steps as played are
            :attr:`steps`).
        steps: The planned steps.
        events: Every event, in time order.
        total: The length in seconds (waiting checklists take none).
        holds_dropped: Whether the no-holds choice removed any holds.
        target: The length asked for, if any.
        fitted: Whether the steps were fitted to :attr:`target`; False when none was asked, or
            when an ``as-written`` exercise plays as written within the time asked.
    """

    exercise: Exercise
    steps: tuple[PlannedStep, ...]
    events: tuple[Event, ...]
    total: float
    holds_dropped: bool = False
    target: float | None = None
    fitted: bool = False

    @cached_property
    def _timed(self) -> tuple[int, ...]:
        """The indices of the events that take time (a waiting checklist takes none)."""
        return tuple(i for i, event in enumerate(self.events) if event.seconds)

    @cached_property
    def _starts(self) -> tuple[float, ...]:
        """When each event in :attr:`_timed` starts, for finding the moment's event by bisection."""
        return tuple(self.events[i].start for i in self._timed)

    def state_at(self, elapsed: float) -> State:
        """What is playing ``elapsed`` seconds in (clamped to the plan).

        Waiting checklists take no time, so they never contain a moment; a session that stops at
        one asks for :meth:`state_of_step` instead.
        """
        timed, starts = self._timed, self._starts
        t = min(max(elapsed, 0.0), self.total)
        if not timed:
            return self.state_of_step(len(self.steps) - 1, t, finished=True)
        finished = t >= self.total
        position = bisect_right(starts, t) - 1
        position = min(max(position, 0), len(timed) - 1)
        event = self.events[timed[position]]
        seconds = event.seconds or 0.0
        into = min(max(t - event.start, 0.0), seconds)
        step = self.steps[event.step]
        progress = into / seconds if seconds else 1.0
        return self._state(t, step, event, progress, seconds - into, step.end - t, finished)

    def state_of_step(self, index: int, elapsed: float, *, finished: bool = False) -> State:
        """The state at the start of a step (used while a checklist waits)."""
        step = self.steps[index]
        event = self.events[step.first_event]
        phase_left, step_left = event.seconds or 0.0, step.seconds or 0.0
        return self._state(elapsed, step, event, 0.0, phase_left, step_left, finished)

    def _state(
        self,
        elapsed: float,
        step: PlannedStep,
        event: Event,
        progress: float,
        phase_left: float,
        step_left: float,
        finished: bool,
    ) -> State:
        """A moment's state; what is left is never below 0."""
        return State(
            elapsed=elapsed,
            step=step,
            event=event,
            phase=event.phase,
            label=event.label,
            progress=progress,
            phase_left=phase_left,
            step_left=max(step_left, 0.0),
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
    """Plan a resolved exercise: offer it at the length asked, fill its texts in, lay it out.

    Raises:
        UserError: The target length is outside 30 s-30 min, or the exercise is not offered at it
            (the message names the lengths or the range it can offer).
    """
    options = options or PlanOptions()
    steps = playable_steps(exercise)
    if options.no_check_in:
        steps = [step for step in steps if not isinstance(step, CheckInStep)]
        if not steps:
            raise UserError(
                f"{exercise.title} has only check-ins; with --no-check-in nothing is left to play"
            )
    holds_dropped = False
    if options.no_holds:
        holds_dropped = any(isinstance(s, BreatheStep) and s.has_holds for s in steps)
        steps = [drop_holds(step) for step in steps]
    target = None
    fitted = False
    if options.minutes is not None:
        target = options.minutes * 60.0
        if not math.isfinite(target) or not MIN_TARGET <= target <= MAX_TARGET:
            raise UserError("--minutes: choose a length from 0.5 to 30 minutes")
        steps, fitted = offered_at(exercise, steps, target, options.support)
    length = durations.spoken_length(natural_length(steps))
    steps = [_fill_text(step, options.support, length) for step in steps]
    planned, events, total = _lay_out(steps)
    return Timeline(
        exercise=_fill_exercise(exercise, options.support, length),
        steps=tuple(planned),
        events=tuple(events),
        total=total,
        holds_dropped=holds_dropped,
        target=target,
        fitted=fitted,
    )


def _fill_exercise(exercise: Exercise, support: str, length: str) -> Exercise:
    """The exercise with every text a person reads filled in, the title excepted."""

    def fill(text: str) -> str:
        return substitute(text, support, length)

    return replace(
        exercise,
        summary=fill(exercise.summary),
        intro=fill(exercise.intro),
        outro=fill(exercise.outro),
        safety=fill(exercise.safety),
        source=fill(exercise.source),
    )


def _fill_text(step: PlayableStep, support: str, length: str) -> PlayableStep:
    """The step with ``{support}``, ``{length}`` and ``{{``/``}}`` filled in every text it shows."""

    def fill(text: str) -> str:
        return substitute(text, support, length)

    match step:
        case TextStep():
            return replace(step, text=fill(step.text))
        case BreatheStep():
            phases = tuple(replace(p, label=fill(p.label)) for p in step.phases)
            return replace(step, text=None if step.text is None else fill(step.text), phases=phases)
        case ChecklistStep():
            items = tuple(fill(item) for item in step.items)
            return replace(step, text=None if step.text is None else fill(step.text), items=items)
        case PauseStep():
            return replace(step, text=None if step.text is None else fill(step.text))
        case CheckInStep():
            low, high = step.scale
            return replace(step, question=fill(step.question), scale=(fill(low), fill(high)))
        case WriteStep():
            return replace(step, prompt=fill(step.prompt))
        case RecallStep():
            return replace(step, text=None if step.text is None else fill(step.text))
        case _:
            assert_never(step)


def _lay_out(steps: list[PlayableStep]) -> tuple[list[PlannedStep], list[Event], float]:
    """Place the steps one after another: the planned steps, every event, and the total."""
    planned: list[PlannedStep] = []
    events: list[Event] = []
    offset = 0.0
    for index, step in enumerate(steps):
        own = _events(step, index, offset)
        planned.append(PlannedStep(index, step, offset, step.seconds, len(events), len(own)))
        events.extend(own)
        offset = own[-1].end
    return planned, events, offset


def _events(step: PlayableStep, index: int, start: float) -> list[Event]:
    """A step's events from ``start``: one per breath phase, or one for the whole step."""
    match step:
        case BreatheStep():
            events: list[Event] = []
            levels = phase_levels(step.phases)
            offset = start
            for cycle in range(1, step.cycles + 1):
                for phase, (begin, end) in zip(step.phases, levels, strict=True):
                    events.append(
                        Event(
                            offset,
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
                    offset += phase.seconds
            return events
        case TextStep() | PauseStep() | ChecklistStep() | RecallStep():
            return [Event(start, step.seconds, index, step.kind, text=step.text)]
        case CheckInStep():
            return [Event(start, None, index, step.kind, text=step.question)]
        case WriteStep():
            return [Event(start, None, index, step.kind, text=step.prompt)]
        case _:
            assert_never(step)


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
