"""The line-by-line player: one line per event, printed when it is due.

For screen readers in line mode, dumb terminals and logs. A :class:`~breather.session.Session`
keeps the time, as it does for the full-screen player: every line waits until the session reaches
its moment on the timeline, so lines do not drift however long a session runs, and time spent
waiting at a checklist moves every later line by the same amount. The clock and the sleep are
injected, so a whole session plays instantly in tests. Nothing here touches Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from breather import durations
from breather.clock import MonotonicClock, WaitableClock
from breather.model import BreatheStep, ChecklistStep, PauseStep, TextStep, assert_never
from breather.safetext import safe_text
from breather.session import Session
from breather.session_sound import SessionSound, plain_notice
from breather.sound import Cues
from breather.timeline import Event, Timeline

_DUE = 1e-6
"""A line is due this close to its moment: a float's last digit must not keep it waiting."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def event_line(timeline: Timeline, event: Event) -> str:
    """The words for one event, without the time stamp."""
    step = timeline.steps[event.step].step
    match step:
        case BreatheStep():
            assert event.label is not None
            assert event.seconds is not None
            line = f"{event.label} · {durations.seconds_short(event.seconds)}"
            first = timeline.steps[event.step].first_event
            if event.cycle == 1 and timeline.events[first] is event:
                lead = f"{step.text} " if step.text else ""
                line = f"{lead}{step.cycles} breaths. {line}"
            return line
        case TextStep():
            line = _one_line(step.text)
            if step.tally:
                line += f" (notice {step.tally})"
            return line
        case PauseStep():
            words = f"{_one_line(step.text)} " if step.text else ""
            return f"{words}Pause · {durations.seconds_short(step.seconds)}"
        case ChecklistStep():
            heading = f"{_one_line(step.text)} " if step.text else ""
            items = "; ".join(step.items)
            tail = (
                "Press Enter to go on."
                if step.waits
                else durations.seconds_short(step.seconds or 0.0)
            )
            return f"{heading}Checklist: {items}. {tail}"
        case _:
            assert_never(step)


def plan_line(timeline: Timeline, index: int) -> str:
    """The words for one planned step, as ``breather plan`` shows it (a whole breathe step)."""
    planned = timeline.steps[index]
    step = planned.step
    if not isinstance(step, BreatheStep):
        return event_line(timeline, timeline.events[planned.first_event])
    pattern = "-".join(durations.number(phase.seconds) for phase in step.phases)
    caption = f" · {step.text}" if step.text else ""
    return f"Breathe {pattern} × {step.cycles} ({durations.stamp(step.seconds)}){caption}"


def stamped(moment: float, words: str) -> str:
    """A line as both players of lines print it: ``[M:SS] words``, the moment rounded down."""
    return f"[{durations.stamp(moment)}] {words}"


def play_plain(
    timeline: Timeline,
    out: TextIO,
    *,
    clock: WaitableClock | None = None,
    sleep: Callable[[float], None] | None = None,
    wait_for_enter: Callable[[], None] | None = None,
    cues: Cues | None = None,
) -> bool:
    """Play a timeline as lines on ``out``, each when it is due.

    Args:
        timeline: What to play.
        out: Where the lines go (flushed after each).
        clock: Monotonic time; the real clock by default.
        sleep: How to wait; the clock's own sleep by default.
        wait_for_enter: Called at a checklist that waits; None carries straight on.
        cues: The session's sound (tones, the terminal bell at marked steps), told of each
            event as its line is written; a notice that tones gave way is written as a line, once.

    Returns:
        True when the session ran to its end, False when it was stopped with Ctrl+C.
    """
    clock = clock or MonotonicClock()
    sleep = sleep or clock.sleep
    session = Session(timeline, clock)
    sound = None if cues is None else SessionSound(cues, timeline)
    exercise = timeline.exercise
    reached = 0.0  # the moment of the last line written: a later line never reads earlier

    def write(moment: float, words: str) -> None:
        out.write(stamped(moment, safe_text(words, prose=True)) + "\n")  # words from a file
        out.flush()

    def wait_until(moment: float) -> None:
        while (left := moment - session.position) > _DUE:
            sleep(left)

    session.start()
    try:
        intro = _one_line(exercise.intro) if exercise.intro else ""
        write(0.0, f"{exercise.title}. {intro}".strip())
        if timeline.holds_dropped:
            write(0.0, "Breath holds are off for this session.")
        for event in timeline.events:
            wait_until(event.start)
            reached = event.start
            if sound is not None:
                sound.event_began(event, due=clock.now() - (session.position - event.start))
            write(event.start, event_line(timeline, event))
            if sound is not None and (notice := sound.take_notice()) is not None:
                write(event.start, plain_notice(notice))
            if event.seconds is None:
                if wait_for_enter is not None:
                    wait_for_enter()
                session.continue_on()
        wait_until(timeline.total)
        if sound is not None:
            sound.session_ended(due=clock.now() - (session.position - timeline.total))
        outro = f". {_one_line(exercise.outro)}" if exercise.outro else ""
        write(timeline.total, f"End{outro}")
        return True
    except KeyboardInterrupt:
        session.stop()
        write(max(reached, session.position), "Stopped. You can come back any time.")
        return False
