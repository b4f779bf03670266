"""The leader's lines: ``play ID --plain --lead`` prints what to say, each cue at its moment.

For someone leading a group from a laptop, or a screen reader in line mode: the same cues as the
lead view (:mod:`breather.lead`), one line each, printed when it is time to say them. As in the
line-by-line player (:mod:`breather.plain`), a :class:`~breather.session.Session` keeps the time,
so lines never drift, and a checklist that waits holds every later line until the leader presses
Enter. The clock is injected, so a whole session plays at once in tests. Nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from breather import durations
from breather.clock import MonotonicClock, WaitableClock
from breather.lead import aloud, closing_words, cues, one_line
from breather.model import substitute
from breather.plain import stamped
from breather.safetext import safe_text
from breather.session import Session
from breather.timeline import Timeline

_DUE = 1e-6
"""A line is due this close to its moment: a float's last digit must not keep it waiting."""


def opening_lines(timeline: Timeline, support: str) -> list[str]:
    """What the leader reads before the first cue: what this is, how to lead it, the safety note."""
    exercise = timeline.exercise
    length = durations.length(timeline.total)
    lines = [
        f"Leading {one_line(exercise.title)} ({length}). Say each line as it appears; "
        "count the breaths aloud, a word a second.",
    ]
    if exercise.safety:
        lines.append(f"Safety, for you: {one_line(substitute(exercise.safety, support))}")
    if timeline.holds_dropped:
        lines.append("Breath holds are off for this session.")
    lines.append(f"Say first: {BEFORE_WE_BEGIN}")
    if intro := aloud(substitute(exercise.intro, support, durations.length_words(timeline.total))):
        lines.append(f"Then, if you like: {intro}")
    return lines


BEFORE_WE_BEGIN = (
    "Everyone takes part in their own way: you can keep your eyes open, sit this out, or stop "
    "at any time, and nobody needs to say anything."
)
"""What a leader says before the first cue, whatever the exercise: a room needs to hear that
stopping and sitting out are fine before anything is asked of it."""


def play_lead_plain(
    timeline: Timeline,
    out: TextIO,
    *,
    clock: WaitableClock | None = None,
    sleep: Callable[[float], None] | None = None,
    wait_for_enter: Callable[[], None] | None = None,
    support: str,
    width: int | None = None,
) -> bool:
    """Print the leader's cues on ``out``, each when it is due.

    Args:
        timeline: What to lead.
        out: Where the lines go (flushed after each).
        clock: Monotonic time; the real clock by default.
        sleep: How to wait; the clock's own sleep by default.
        wait_for_enter: Called where a checklist waits for the group; None carries straight on.
        support: What ``{support}`` shows in the safety note and the closing words.
        width: The terminal's columns to break lines between words at; None: one line each.

    Returns:
        True when the session ran to its end, False when it was stopped with Ctrl+C.
    """
    clock = clock or MonotonicClock()
    sleep = sleep or clock.sleep
    session = Session(timeline, clock)
    reached = 0.0

    def write(moment: float, words: str) -> None:
        out.write(stamped(moment, safe_text(words, prose=True), width) + "\n")  # from a file
        out.flush()

    def wait_until(moment: float) -> None:
        while (left := moment - session.position) > _DUE:
            sleep(left)

    session.start()
    try:
        for line in opening_lines(timeline, support):
            write(0.0, line)
        for cue in cues(timeline):
            wait_until(cue.at)
            reached = cue.at
            for line in cue.lines():
                write(cue.at, line)
            if cue.waits:
                write(cue.at, "Press Enter when everyone is ready to go on.")
                if wait_for_enter is not None:
                    wait_for_enter()
                session.continue_on()
        wait_until(timeline.total)
        write(timeline.total, f"End. {closing_words(timeline, support)}")
        return True
    except KeyboardInterrupt:
        session.stop()
        write(max(reached, session.position), "Stopped. Thank everyone; you can close here.")
        return False
