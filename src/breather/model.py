"""The exercise as frozen data: what the loader produces and the timeline reads.

Nothing here reads files, knows about YAML or draws anything. Steps are small frozen dataclasses,
one per kind of step in the exercise format; :data:`Step` is their union. An exercise as loaded
may still contain :class:`IncludeStep`; :func:`breather.library.Library.resolve` replaces those
with the included steps before an exercise is planned.

Every place that acts per kind of step ends its ``match`` with :func:`assert_never`, so adding a
class to :data:`Step` (and its name to :data:`StepKindName`) makes ``mypy --strict`` name each
place the new kind must reach. The README's design notes list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NoReturn, TypeAlias

PhaseKind: TypeAlias = Literal["in", "out", "hold"]
Origin: TypeAlias = Literal["built-in", "organisation", "user"]

DEFAULT_SUPPORT = (
    "If today has weighed on you, you could talk to your supervisor or someone you trust, "
    "or your staff support service."
)
"""What ``{support}`` shows when the organisation has not configured its own support line."""

_SUBSTITUTION = re.compile(r"\{\{|\}\}|\{support\}|\{length\}")


@dataclass(frozen=True)
class BreathPhase:
    """One phase of a breath cycle.

    Attributes:
        kind: ``in``, ``out`` or ``hold``.
        seconds: How long the phase lasts (1-30 s).
        label: What the player says during the phase ("Breathe in", "Rest", or the author's).
    """

    kind: PhaseKind
    seconds: float
    label: str


def default_label(kind: PhaseKind, previous: PhaseKind | None) -> str:
    """The label a phase gets when the author gave none.

    A hold after an out-breath is a "Rest"; every other hold is a "Hold".
    """
    if kind == "in":
        return "Breathe in"
    if kind == "out":
        return "Breathe out"
    return "Rest" if previous == "out" else "Hold"


@dataclass(frozen=True)
class TextStep:
    """Words on screen for a while, optionally with tally markers to fill."""

    text: str
    seconds: float
    tally: int | None = None
    bell: bool = False
    kind: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True)
class BreatheStep:
    """Paced breathing: a cycle of phases, played a number of times.

    ``tones`` (the format's key, default true): with sound set to tones, each phase starts with
    its soft tone; false keeps this step quiet.

    ``min_cycles`` and ``max_cycles`` bound what fitting may do to ``cycles`` (Weil's 4-7-8 is
    four breaths at most); None leaves that side open (at least one cycle is always played).
    """

    phases: tuple[BreathPhase, ...]
    cycles: int
    text: str | None = None
    bell: bool = False
    tones: bool = True
    min_cycles: int | None = None
    max_cycles: int | None = None
    kind: Literal["breathe"] = field(default="breathe", init=False)

    @property
    def cycle_seconds(self) -> float:
        """The length of one cycle."""
        return sum(phase.seconds for phase in self.phases)

    @property
    def seconds(self) -> float:
        """The length of the whole step."""
        return self.cycle_seconds * self.cycles

    @property
    def has_holds(self) -> bool:
        """Whether any phase is a hold."""
        return any(phase.kind == "hold" for phase in self.phases)


@dataclass(frozen=True)
class ChecklistStep:
    """Items ticked one by one; waits for the user unless it has seconds."""

    items: tuple[str, ...]
    text: str | None = None
    seconds: float | None = None
    bell: bool = False
    kind: Literal["checklist"] = field(default="checklist", init=False)

    @property
    def waits(self) -> bool:
        """Whether the step waits for the user instead of running on a timer."""
        return self.seconds is None


@dataclass(frozen=True)
class PauseStep:
    """Quiet time with a timer and, at most, a line of text."""

    seconds: float
    text: str | None = None
    bell: bool = False
    kind: Literal["pause"] = field(default="pause", init=False)


@dataclass(frozen=True)
class IncludeStep:
    """Plays another exercise's steps here. Replaced before planning.

    Attributes:
        exercise_id: The id of the exercise to include.
        line: Where the include was written (1-based), for error messages.
        column: Likewise, 1-based.
    """

    exercise_id: str
    line: int
    column: int
    bell: bool = False
    kind: Literal["include"] = field(default="include", init=False)


@dataclass(frozen=True)
class CheckInStep:
    """A 0-10 scale the user may answer or skip; it waits and takes no part in the length.

    Attributes:
        question: What is asked ("How much tension do you notice right now?").
        key: Pairs answers across sessions, and before and after within one (two check-ins
            with the same key in a session). The loader gives ``ID-step-N`` when none is written.
        scale: The words for 0 and for 10 (``("none", "a lot")``).
    """

    question: str
    key: str
    scale: tuple[str, str] = ("none", "a lot")
    bell: bool = False
    kind: Literal["check-in"] = field(default="check-in", init=False)

    @property
    def seconds(self) -> None:
        """A check-in waits for the user: it has no length of its own."""
        return None


@dataclass(frozen=True)
class WriteStep:
    """One-line boxes to type into, kept in the private journal when history is on; it waits.

    Attributes:
        prompt: What the boxes are for.
        entries: How many boxes (1-10), each one line of at most 500 characters.
        topic: The word that groups what is written in the journal (the exercise's id unless
            the author gave one).
    """

    prompt: str
    entries: int
    topic: str
    bell: bool = False
    kind: Literal["write"] = field(default="write", init=False)

    @property
    def seconds(self) -> None:
        """A write step waits for the user: it has no length of its own."""
        return None


@dataclass(frozen=True)
class RecallStep:
    """Earlier journal entries of one topic, shown again with their dates; it waits.

    Attributes:
        topic: The journal topic to read from (never any other).
        count: At most this many entries (1-10), chosen at random.
        text: Words above the entries.
    """

    topic: str
    count: int = 3
    text: str | None = None
    bell: bool = False
    kind: Literal["recall"] = field(default="recall", init=False)

    @property
    def seconds(self) -> None:
        """A recall step waits for the user: it has no length of its own."""
        return None


Step: TypeAlias = (
    TextStep | BreatheStep | ChecklistStep | PauseStep | IncludeStep | CheckInStep | WriteStep
    | RecallStep
)  # fmt: skip
PlayableStep: TypeAlias = (
    TextStep | BreatheStep | ChecklistStep | PauseStep | CheckInStep | WriteStep | RecallStep
)  # fmt: skip
StepKindName: TypeAlias = Literal[
    "text", "breathe", "checklist", "pause", "include", "check-in", "write", "recall"
]
"""Each kind's name as a file writes it; the loader and the schema have one entry for each."""

if TYPE_CHECKING:

    def _every_step_is_named(step: Step) -> StepKindName:
        """Never called: here mypy checks that each class in :data:`Step` has its name above."""
        return step.kind


def assert_never(value: NoReturn) -> NoReturn:
    """The end of a ``match`` that covers every kind: mypy reports a call here for a kind missed."""
    raise AssertionError(f"no case for {value!r}")


@dataclass(frozen=True)
class Lengths:
    """The lengths an exercise may be played at: its ``lengths`` field.

    Attributes:
        minutes: The lengths on offer in minutes, shortest first; empty for ``as-written``
            (only its own length, never fitted).
        line: Where the field's value was written (1-based), for problems found after loading
            (a length the steps cannot reach once includes are resolved).
        column: Likewise, 1-based.
    """

    minutes: tuple[float, ...] = ()
    line: int = 1
    column: int = 1

    @property
    def as_written(self) -> bool:
        """Whether the exercise is only played as written."""
        return not self.minutes

    def offers(self, target: float) -> bool:
        """Whether ``target`` seconds is one of the listed lengths (never, for ``as-written``)."""
        return any(abs(minutes * 60 - target) < 1e-6 for minutes in self.minutes)


@dataclass(frozen=True)
class Exercise:
    """One exercise file, loaded and checked.

    Attributes:
        id: Lower-case letters, digits and hyphens; unique within a library.
        title: One line.
        steps: At least one step; may contain includes until resolved.
        summary, tags, intro, outro, safety, source: as in the format.
        path: The file it came from ("" when built in memory).
        origin: Where in the search path it came from.
        lengths: The lengths it is offered at; None offers every length fitting reaches.
    """

    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    intro: str = ""
    outro: str = ""
    safety: str = ""
    source: str = ""
    path: str = ""
    origin: Origin = "user"
    lengths: Lengths | None = None

    @property
    def has_holds(self) -> bool:
        """Whether any breathe step (not counting includes) has a hold."""
        return any(isinstance(step, BreatheStep) and step.has_holds for step in self.steps)

    @property
    def has_includes(self) -> bool:
        """Whether the exercise still contains include steps."""
        return any(isinstance(step, IncludeStep) for step in self.steps)


def substitute(text: str, support: str, length: str | None = None) -> str:
    """Fill in a text as a person reads it: ``{support}``, ``{length}``, ``{{`` and ``}}``.

    ``{support}`` becomes the support line and ``{length}`` the session's length in words
    ("about 2 minutes"); ``{{`` and ``}}`` write single braces. With ``length`` None (not yet
    known), ``{length}`` stays as written. No other braces are special: ``{name}`` stays as is.
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if token == "{length}":
            return token if length is None else length
        return support

    return _SUBSTITUTION.sub(replace, text)
