"""The line-by-line player: one line per event, printed when it is due.

For screen readers in line mode, dumb terminals and logs. Every line's moment is computed from
the session's start, never by adding up sleeps, so lines do not drift however long a session
runs. The session's clock and the sleep are injected, so a whole session plays instantly in tests.
Nothing here touches Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from breather.clock import Clock, MonotonicClock
from breather.hangup import Stop, StopRequested
from breather.model import BreatheStep, ChecklistStep, PauseStep, TextStep
from breather.timeline import Event, Timeline


def stamp(seconds: float) -> str:
    """``[M:SS]`` for an offset in seconds (rounded down to the second)."""
    whole = int(seconds + 1e-6)
    return f"[{whole // 60}:{whole % 60:02d}]"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def event_line(timeline: Timeline, event: Event) -> str:
    """The words for one event, without the time stamp."""
    step = timeline.steps[event.step].step
    if isinstance(step, BreatheStep):
        assert event.label is not None
        assert event.seconds is not None
        line = f"{event.label} · {_seconds(event.seconds)}"
        first = timeline.steps[event.step].first_event
        if event.cycle == 1 and timeline.events[first] is event:
            lead = f"{step.text} " if step.text else ""
            line = f"{lead}{step.cycles} breaths. {line}"
        return line
    if isinstance(step, TextStep):
        line = _one_line(step.text)
        if step.tally:
            line += f" (notice {step.tally})"
        return line
    if isinstance(step, PauseStep):
        words = f"{_one_line(step.text)} " if step.text else ""
        return f"{words}Pause · {_seconds(step.seconds)}"
    assert isinstance(step, ChecklistStep)
    heading = f"{_one_line(step.text)} " if step.text else ""
    items = "; ".join(step.items)
    tail = "Press Enter to go on." if step.waits else _seconds(step.seconds or 0.0)
    return f"{heading}Checklist: {items}. {tail}"


def play_plain(
    timeline: Timeline,
    out: TextIO,
    *,
    clock: Clock | None = None,
    sleep: Callable[[float], None] | None = None,
    wait_for_enter: Callable[[], None] | None = None,
    bell: bool = False,
) -> bool:
    """Play a timeline as lines on ``out``, each when it is due.

    Args:
        timeline: What to play.
        out: Where the lines go (flushed after each).
        clock: Monotonic time; the real clock by default.
        sleep: How to wait; :func:`time.sleep` by default.
        wait_for_enter: Called at a checklist that waits; None carries straight on.
        bell: Ring the terminal bell on steps that ask for it.

    Returns:
        True when the session ran to its end, False when it was stopped: Ctrl+C, or a
        :class:`~breather.hangup.StopRequested` from ``sleep`` or ``wait_for_enter`` (SIGTERM,
        SIGHUP), or an output that is gone (then no last line is written).
    """
    clock = clock or MonotonicClock()
    sleep = sleep or time.sleep
    exercise = timeline.exercise
    start = clock.now()
    shift = 0.0  # time spent waiting at checklists moves every later line by the same amount

    def write(at: float, words: str) -> None:
        try:
            out.write(f"{stamp(at)} {words}\n")
            out.flush()
        except OSError as error:  # the terminal or the pipe's reader is gone: a stop
            raise StopRequested(Stop("closed output", terminal_gone=True)) from error

    def wait_until(at: float) -> None:
        while True:
            left = start + shift + at - clock.now()
            if left <= 1e-6:  # due (a float's last digit must not keep us waiting for ever)
                return
            sleep(left)

    position = 0.0
    try:
        intro = _one_line(exercise.intro) if exercise.intro else ""
        write(0.0, f"{exercise.title}. {intro}".strip())
        if timeline.holds_dropped:
            write(0.0, "Breath holds are off for this session.")
        for event in timeline.events:
            wait_until(event.at)
            position = event.at
            step = timeline.steps[event.step]
            if bell and step.step.bell and event.at == step.start:
                out.write("\a")
            write(event.at, event_line(timeline, event))
            if event.seconds is None and wait_for_enter is not None:
                before = clock.now()
                wait_for_enter()
                shift += clock.now() - before
        wait_until(timeline.total)
        position = timeline.total
        outro = f". {_one_line(exercise.outro)}" if exercise.outro else ""
        write(timeline.total, f"End{outro}")
        return True
    except (KeyboardInterrupt, StopRequested) as stopped:  # Ctrl+C, SIGTERM, SIGHUP, gone
        if isinstance(stopped, StopRequested) and stopped.stop.terminal_gone:
            return False  # nobody is left to read a last line
        now = clock.now() - start - shift
        write(max(position, min(now, timeline.total)), "Stopped. You can come back any time.")
        return False
