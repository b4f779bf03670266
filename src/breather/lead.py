"""Leading a group aloud: what to say at each moment, and the breath counted for speaking.

A team that grounds itself at the start of a meeting has one person reading for everyone. That
person needs different words from someone practising alone: the words to say *now*, what comes
next and when, and the breath pace as a count they can speak ("in, two, three, four"). This
module turns a planned timeline into those words, once, for every surface that leads: the
line-by-line leader (``play --plain --lead``, :mod:`breather.lead_plain`), the terminal view
(``play --lead``, :mod:`breather.ui.screens.lead`) and the paper copy (:mod:`breather.export`).

What is personal in the solo player becomes an invitation to the room: a tally ("notice five
things", filled with a key alone) becomes time left for everyone to notice; a checklist is read
out. A group session records nothing.

Each kind of step becomes words in one place, :func:`event_cue` and :func:`_moment_of_step`, each a
``match`` ending in :func:`~breather.model.assert_never`, so mypy names them when a kind is added.
Pure: no clock, no I/O, no Textual.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from breather import durations
from breather.model import (
    BreatheStep,
    BreathPhase,
    CheckInStep,
    ChecklistStep,
    PauseStep,
    RecallStep,
    TextStep,
    WriteStep,
    assert_never,
    substitute,
)
from breather.timeline import State, Timeline

NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four",
    "twenty-five", "twenty-six", "twenty-seven", "twenty-eight", "twenty-nine", "thirty",
)  # fmt: skip
"""A phase lasts at most 30 seconds, so a spoken count never needs a number past thirty."""

_EPSILON = 1e-6

_SHORT_LABELS = {"Breathe in": "in", "Breathe out": "out"}
"""The default labels, as a count says them: "in, two, three", not "breathe in, two, three"."""


def one_line(text: str) -> str:
    """Text as one line: every run of spaces and line breaks becomes one space."""
    return " ".join(text.split())


NAMES_A_KEY = re.compile(
    r"\b(?:press|tap|hit)(?:es|ing)?\s+(?:[a-z0-9]|space|enter|return|escape|esc|tab)\b"
    r"|\b(?:(?:left|right|up|down)\s+)?arrow\s+keys?\b"
    r"|\b(?:space|enter|return|escape|tab)\s+(?:key|bar)\b",
    re.IGNORECASE,
)
"""Text that tells the reader to press a key ("press h on this card", "Press space as you...",
"Skip any part with the right arrow key").

Pressing your feet into the floor is not a key: a key is one letter or digit, or a named key.
"""

POINTS_AT_THE_BOXES = re.compile(
    r"\bwrite \w+ here\b|\bbox(?:es)?\b[^.!?]*\bempty\b", re.IGNORECASE
)
"""Text about the boxes a write step shows ("write them here", "leave the boxes empty"): said
to a room or printed, there are no boxes."""

CHOOSING_CONTINUE = re.compile(
    r",?\s*(?:and\s+|then\s+)*(?:choose|select)\s+[“\"]?Continue\b(?:\s*→)?[”\"]?", re.IGNORECASE
)
"""The end of a checklist's instruction that names its button ("Tick what's done, then choose
Continue"): a room or a page has no button, so the clause goes and the sentence stays."""

_SENTENCE_GAP = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+")
"""The space after a sentence's end (its closing quote or bracket included)."""


def aloud(text: str) -> str:
    """Text as one line to say to a room or print on paper: what only the screen has left out.

    Exercises are written for the person at the keyboard ("Press space as you notice each one",
    "If you need longer, press space to pause", "write them here, or leave the boxes empty").
    Read to a group, or on a handout, those sentences ask for a key, a box or a button nobody
    there has, so they go (a button's clause alone where the rest of its sentence still asks
    something); every other sentence stays as written.
    """
    sentences = _SENTENCE_GAP.split(CHOOSING_CONTINUE.sub("", one_line(text)))
    return " ".join(
        sentence
        for sentence in sentences
        if not NAMES_A_KEY.search(sentence) and not POINTS_AT_THE_BOXES.search(sentence)
    )


def number_words(count: int) -> str:
    """A small count in words, as a leader says it: "five", "twelve"."""
    if 1 <= count <= len(NUMBER_WORDS):
        return NUMBER_WORDS[count - 1]
    return str(count)


def phase_word(phase: BreathPhase) -> str:
    """The word a phase's count begins with: "in", "out", "hold", "rest", or the author's label."""
    return _SHORT_LABELS.get(phase.label, phase.label.lower())


def count_words(phase: BreathPhase) -> tuple[str, ...]:
    """The phase counted aloud, a word a second: ``("in", "two", "three", "four")``.

    A phase of a fraction of a second more (5.5 s) is counted in whole seconds (five words), and
    the count rests for the fraction left.
    """
    spoken = max(int(phase.seconds + _EPSILON), 1)
    return (phase_word(phase), *NUMBER_WORDS[1:spoken])


def spoken_pace(phase: BreathPhase) -> str:
    """A phase's count as one line: "in, two, three, four"."""
    return ", ".join(count_words(phase))


def counted_cycle(step: BreatheStep) -> str:
    """One breath of a step counted aloud: "in, two, three, four · out, two, three, four"."""
    return " · ".join(spoken_pace(phase) for phase in step.phases)


def pattern_words(step: BreatheStep) -> str:
    """A breath pattern as words: "in for 4 seconds, out for 6 seconds"."""
    return ", ".join(
        f"{phase_word(phase)} for {durations.seconds_words(phase.seconds)}" for phase in step.phases
    )


def breaths_words(cycles: int) -> str:
    """ "one breath", "nine breaths"."""
    return f"{number_words(cycles)} breath" + ("" if cycles == 1 else "s")


@dataclass(frozen=True)
class Cue:
    """Something the leader says, and when.

    Attributes:
        at: Seconds from the start of the session (as planned; time spent waiting at a checklist
            moves every later cue by the same amount).
        event: The event it belongs to (an index into :attr:`Timeline.events`).
        say: The words to say aloud ("" for quiet time).
        note: A word for the leader alone, not to be read out ("quiet for 20 seconds").
        before: Said as a breathe step begins, before its count: the step's own words ("" when
            it has none); None for every other cue. The note belongs to it.
        waits: The session waits here until the leader goes on (a checklist without seconds).
    """

    at: float
    event: int
    say: str
    note: str = ""
    before: str | None = None
    waits: bool = False

    def lines(self) -> list[str]:
        """The cue as lines of text: the words, with the leader's note in brackets after them."""

        def noted(words: str) -> str:
            if words and self.note:
                return f"{words} ({self.note})"
            return words or f"({self.note})"

        if self.before is not None:
            return [noted(self.before), self.say]
        return [noted(self.say)]

    def words(self) -> str:
        """Everything to be said, on one line; the note alone when nothing is (quiet time)."""
        spoken = " · ".join(part for part in (self.before, self.say) if part)
        return spoken or f"({self.note})"


GROUP_WAITS = "nothing is recorded for a group; go on when everyone is ready"
"""The leader's note at a step that would ask each person something privately."""


def invitation(step: CheckInStep | WriteStep | RecallStep) -> str:
    """What a private step becomes when said to a group: an invitation, never a question to
    answer aloud, and nothing kept (a group session records nothing)."""
    match step:
        case CheckInStep():
            return f"Take a moment to notice, just for yourself: {one_line(step.question)}"
        case WriteStep():
            # The prompt was written for boxes on a screen: what asks for them goes.
            words = f"{said} " if (said := aloud(step.prompt)) else ""
            return (
                f"Take a moment, just for yourself. {words}"
                "You might hold it in mind, or jot it down for yourself."
            )
        case RecallStep():
            words = f"{said} " if (said := aloud(step.text or "")) else ""
            return (
                f"{words}Take a moment to bring to mind something from your own work that mattered."
            )
        case _:
            assert_never(step)


def opens_step(timeline: Timeline, index: int) -> bool:
    """Whether event ``index`` is the first of its step."""
    return timeline.steps[timeline.events[index].step].first_event == index


def event_cue(timeline: Timeline, index: int) -> Cue:
    """What the leader says as event ``index`` begins.

    The first breath of a breathe step opens with the step's own words and how many breaths
    follow; every breath phase is its count ("out, two, three, four, five, six").
    """
    event = timeline.events[index]
    planned = timeline.steps[event.step]
    step = planned.step
    match step:
        case TextStep():
            note = f"leave time to notice {number_words(step.tally)}" if step.tally else ""
            return Cue(event.start, index, aloud(step.text), note)
        case BreatheStep():
            pace = spoken_pace(_phase_of(timeline, step, index))
            if not opens_step(timeline, index):
                return Cue(event.start, index, pace)
            note = f"{breaths_words(step.cycles)} follow, counted aloud, a word a second"
            return Cue(event.start, index, pace, note, before=aloud(step.text or ""))
        case PauseStep():
            quiet = f"quiet for {durations.seconds_words(step.seconds)}"
            return Cue(event.start, index, aloud(step.text or ""), quiet)
        case ChecklistStep():
            heading = f"{said} " if (said := aloud(step.text or "")) else ""
            items = "; ".join(one_line(item) for item in step.items)
            waits = step.waits
            note = "go on when everyone is ready" if waits else ""
            return Cue(event.start, index, f"{heading}{items}.", note, waits=waits)
        case CheckInStep() | WriteStep() | RecallStep():
            return Cue(event.start, index, invitation(step), GROUP_WAITS, waits=True)
        case _:
            assert_never(step)


def cues(timeline: Timeline) -> list[Cue]:
    """Every cue of a session, in order: one per event."""
    return [event_cue(timeline, index) for index in range(len(timeline.events))]


def closing_words(timeline: Timeline, support: str) -> str:
    """What the leader says at the end: the exercise's outro, or a plain close."""
    outro = aloud(substitute(timeline.exercise.outro, support))
    return outro or "That is the end. Thank you."


@dataclass(frozen=True)
class LeadMoment:
    """One moment of a led session, as the lead view draws it.

    Attributes:
        say: The words to say now, in large type (for a breath, the word of the count).
        note: A small line above them for the leader ("breath 2 of 9 · Gently, not deeply.").
        pace: The breath phase counted aloud, word by word; empty outside breathing.
        pace_at: Which word of :attr:`pace` is now.
        next_words: The next cue's words, or the closing words.
        next_in: Seconds until the next cue; None while the session waits for the leader.
        left: Seconds left in the session.
    """

    say: str
    note: str
    pace: tuple[str, ...]
    pace_at: int | None
    next_words: str
    next_in: float | None
    left: float


def event_index(timeline: Timeline, state: State) -> int:
    """The index in :attr:`Timeline.events` of the event ``state`` is in."""
    planned = state.step
    for index in range(planned.first_event, planned.first_event + planned.event_count):
        if timeline.events[index] is state.event:
            return index
    return planned.first_event


def _phase_of(timeline: Timeline, step: BreatheStep, index: int) -> BreathPhase:
    """The breath phase event ``index`` (of a breathe step's events) plays."""
    first = timeline.steps[timeline.events[index].step].first_event
    return step.phases[(index - first) % len(step.phases)]


def moment(timeline: Timeline, state: State, *, support: str, waiting: bool = False) -> LeadMoment:
    """What the lead view shows at ``state``.

    Args:
        timeline: The session's plan.
        state: The moment.
        waiting: A checklist waits for the leader: the next cue has no time yet.
        support: What ``{support}`` in the closing words shows.
    """
    index = event_index(timeline, state)
    say, note, pace, pace_at = _moment_of_step(timeline, state, index)
    following = index + 1
    if following < len(timeline.events):
        next_words = event_cue(timeline, following).words()
        next_at = timeline.events[following].start
    else:
        next_words = closing_words(timeline, support)
        next_at = timeline.total
    next_in = None if waiting else max(next_at - state.elapsed, 0.0)
    return LeadMoment(say, note, pace, pace_at, next_words, next_in, state.session_left)


def _moment_of_step(
    timeline: Timeline, state: State, index: int
) -> tuple[str, str, tuple[str, ...], int | None]:
    """The words now, the leader's note, and the count with its current word, for one step."""
    step = state.step.step
    match step:
        case (
            TextStep() | PauseStep() | ChecklistStep() | CheckInStep() | WriteStep() | RecallStep()
        ):
            cue = event_cue(timeline, index)
            say = cue.say or "Quiet"
            return say, cue.note, (), None
        case BreatheStep():
            event = state.event
            words = count_words(_phase_of(timeline, step, index))
            into = (event.seconds or 0.0) - state.phase_left
            at = min(int(into + _EPSILON), len(words) - 1)
            where = f"breath {event.cycle} of {step.cycles}"
            note = f"{where} · {one_line(step.text)}" if step.text else where
            return words[at], note, words, at
        case _:
            assert_never(step)


def next_word_in(timeline: Timeline, state: State) -> float | None:
    """Seconds until the spoken count moves to its next word; None outside breathing."""
    step = state.step.step
    if not isinstance(step, BreatheStep) or state.event.seconds is None:
        return None
    into = state.event.seconds - state.phase_left
    words = len(count_words(_phase_of(timeline, step, event_index(timeline, state))))
    word = int(into + _EPSILON)
    if word + 1 >= words:
        return state.phase_left
    return max(word + 1 - into, 0.0)


def seconds_to_say(seconds: float) -> str:
    """A wait as the lead view writes it: "12 s" (rounded up, as a countdown is)."""
    return f"{durations.countdown_seconds(seconds)} s"


def whole_seconds_until_change(seconds: float) -> float:
    """Seconds until a countdown showing ``ceil(seconds)`` next changes."""
    fraction = seconds - math.floor(seconds)
    return fraction if fraction > _EPSILON else 1.0
