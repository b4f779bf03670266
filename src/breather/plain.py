"""The line-by-line player: one line per event, printed when it is due.

For screen readers in line mode, dumb terminals and logs. A :class:`~breather.session.Session`
keeps the time, as it does for the full-screen player: every line waits until the session reaches
its moment on the timeline, so lines do not drift however long a session runs, and time spent
waiting at a checklist moves every later line by the same amount. The clock and the sleep are
injected, so a whole session plays instantly in tests. Nothing here touches Textual.

Steps that wait for the user are met here too: a checklist waits for Enter; a check-in and a
write step read what the user types when the input is a terminal (``read_line``) and move on
without asking otherwise; a recall step prints its entries. What the user answers and writes
goes to the :class:`~breather.session.Session`, and a :class:`~breather.practice.Practice` keeps
it (the caller records it, however the session ends).
"""

from __future__ import annotations

import contextlib
import io
import os
import textwrap
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import TextIO
from unicodedata import east_asian_width

from breather import durations
from breather.card_words import card_lines
from breather.clock import MonotonicClock, WaitableClock
from breather.hangup import Stop, StopRequested
from breather.history_report import day_name, plural
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
from breather.practice import (
    BEFORE_AFTER_QUESTION,
    BEFORE_AFTER_SCALE,
    ENTRY_CHARACTERS,
    KEPT_PRIVATE,
    Practice,
    Recalled,
    keep_line,
)
from breather.safetext import FORBIDDEN_CONTROL, safe_text
from breather.session import Session
from breather.session_sound import SessionSound, plain_notice
from breather.sound import Cues
from breather.timeline import Event, Timeline

LineReader = Callable[[], "str | None"]
"""Reads one line the user typed (without its line break); None when the input has ended."""

Answering = Callable[[], AbstractContextManager[None]]
"""Readies the terminal for an answer while it is asked: echo on, keys typed before dropped."""

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
                line = f"{lead}{plural(step.cycles, 'breath')}. {line}"
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
        case CheckInStep():
            return scale_line(step.question, step.scale)
        case WriteStep():
            boxes = "one line" if step.entries == 1 else f"up to {step.entries} lines"
            return f"{_one_line(step.prompt)} Write {boxes}, or leave it empty."
        case RecallStep():
            words = f"{_one_line(step.text)} " if step.text else ""
            return f"{words}From your journal: “{step.topic}”."
        case _:
            assert_never(step)


def scale_line(question: str, scale: tuple[str, str]) -> str:
    """A check-in as one line: ``How much tension...? 0 none – 10 a lot.``"""
    low, high = scale
    return f"{_one_line(question)} 0 {low} – 10 {high}."


def plan_line(timeline: Timeline, index: int) -> str:
    """The words for one planned step, as ``breather plan`` shows it (a whole breathe step)."""
    planned = timeline.steps[index]
    step = planned.step
    if not isinstance(step, BreatheStep):
        return event_line(timeline, timeline.events[planned.first_event])
    pattern = "-".join(durations.number(phase.seconds) for phase in step.phases)
    caption = f" · {step.text}" if step.text else ""
    return f"Breathe {pattern} × {step.cycles} ({durations.stamp(step.seconds)}){caption}"


def stamped(moment: float, words: str, width: int | None = None) -> str:
    """A line as both players of lines print it: ``[M:SS] words``, the moment rounded down.

    ``width``: a terminal's columns, to break the words between words rather than wherever the
    terminal's edge falls ("stop at a" / "ny time"), each row after the first indented under the
    words; None (a pipe, a file, a log) keeps each event on one line.
    """
    stamp = f"[{durations.stamp(moment)}] "
    if width is None or any(east_asian_width(character) in "WF" for character in words):
        return stamp + words  # wide characters: columns are not characters, the terminal knows
    indent = " " * len(stamp)
    rows: list[str] = []
    for piece in words.split("\n"):  # a paragraph break stays one
        first = indent if rows else stamp
        rows += textwrap.wrap(
            piece,
            width,
            initial_indent=first,
            subsequent_indent=indent,
            break_on_hyphens=False,  # 4-7-8 stays whole
            break_long_words=False,  # and a web address stays one that can be copied
        ) or [first.rstrip()]
    return "\n".join(rows)


def line_width(out: TextIO) -> int | None:
    """The columns to break lines at on ``out``: a terminal's width; None for a pipe or a file.

    Read once, when a command starts: a terminal made narrower later wraps as it always did.
    """
    try:
        if not out.isatty():
            return None
        columns = os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError, io.UnsupportedOperation):  # closed, or no descriptor (tests)
        return None
    # One column short of the edge: a console that wraps as soon as its last column is written
    # (Windows' older one) would turn each full row's line break into a blank row.
    return columns - 1 if columns > MIN_WRAP_COLUMNS else None


MIN_WRAP_COLUMNS = 30
"""Narrower than this, breaking between words would leave a word or two a row: not done."""


def play_plain(
    timeline: Timeline,
    out: TextIO,
    *,
    clock: WaitableClock | None = None,
    sleep: Callable[[float], None] | None = None,
    wait_for_enter: Callable[[], None] | None = None,
    read_line: LineReader | None = None,
    answering: Answering = contextlib.nullcontext,
    practice: Practice | None = None,
    cues: Cues | None = None,
    prompts: TextIO | None = None,
    width: int | None = None,
) -> bool:
    """Play a timeline as lines on ``out``, each when it is due.

    Args:
        timeline: What to play.
        out: Where the lines go (flushed after each).
        clock: Monotonic time; the real clock by default.
        sleep: How to wait; the clock's own sleep by default.
        wait_for_enter: Called at a checklist or recall step that waits; None carries on.
        read_line: Reads what the user types, when the input is a terminal; None: check-ins
            and write steps are shown and not asked.
        answering: Held from just before a question is shown until its answer is read, so
            keys pressed before the question never answer it and a key pressed the moment it
            appears is never dropped (the command line turns echo on and clears old keys).
        practice: Keeps the answers and entries and frames the session with the before and
            after check-in; the caller records it (:meth:`~breather.practice.Practice.flush`).
        cues: The session's sound (tones, the terminal bell at marked steps), told of each
            event as its line is written; a notice that tones gave way is written as a line, once.
        prompts: Where the questions typed answers follow go ("Type 0 to 10..."): ``out`` by
            default. The command line sends them to the terminal when ``out`` is a file, so the
            file keeps only ``[M:SS]`` lines.
        width: The terminal's columns to break lines between words at (:func:`stamped`); None
            writes each event as one line.

    Returns:
        True when the session ran to its end, False when it was stopped: Ctrl+C, or a
        :class:`~breather.hangup.StopRequested` from ``sleep`` or ``wait_for_enter`` (SIGTERM,
        SIGHUP), or an output that is gone (then no last line is written).
    """
    clock = clock or MonotonicClock()
    sleep = sleep or clock.sleep
    session = Session(timeline, clock)
    sound = None if cues is None else SessionSound(cues, timeline)
    exercise = timeline.exercise
    reached = 0.0  # the moment of the last line written: a later line never reads earlier

    def write(moment: float, words: str) -> None:
        try:
            out.write(stamped(moment, safe_text(words, prose=True), width) + "\n")  # from a file
            out.flush()
        except OSError as error:  # the terminal or the pipe's reader is gone: a stop
            raise StopRequested(Stop("closed output", terminal_gone=True)) from error

    def wait_until(moment: float) -> None:
        while (left := moment - session.position) > _DUE:
            sleep(left)

    to_a_file = prompts is not None and prompts is not out
    """The lines go to a file, the questions to the terminal (the command line's choice)."""

    def tell(moment: float, words: str) -> None:
        """A line the person needs to answer or go on: also at the terminal when the lines go
        to a file (``prompts`` apart from ``out``), where otherwise only the prompt would show.
        With no keyboard (``read_line`` None) nobody is asked anything, so the lines suffice."""
        write(moment, words)
        if to_a_file and prompts is not None and read_line is not None:
            with contextlib.suppress(OSError, ValueError):
                prompts.write(safe_text(words, prose=True) + "\n")
                prompts.flush()

    def show_privately(moment: float, lines: list[str]) -> None:
        """Words from the journal: never into a file of lines (``prompts`` apart from ``out``),
        which anyone with the file can read; there they show only at the terminal, and only
        when someone is there to read them (a keyboard)."""
        if not to_a_file or prompts is None:
            for line in lines:
                write(moment, line)
            return
        if lines:
            write(moment, JOURNAL_NOT_IN_FILE)
        if read_line is not None:
            with contextlib.suppress(OSError, ValueError):
                prompts.write("".join(safe_text(line, prose=True) + "\n" for line in lines))
                prompts.flush()

    asking = _Asking(prompts or out, read_line, answering)
    framed = practice is not None and practice.before_after and read_line is not None
    try:
        for words in card_lines(timeline):  # what the start card would have said
            write(0.0, words)
        if practice is not None and framed:
            tell(0.0, scale_line(BEFORE_AFTER_QUESTION, BEFORE_AFTER_SCALE))
            practice.keep_before(asking.number())
        session.start()
        if practice is not None:
            practice.begin(session)
        for event in timeline.events:
            wait_until(event.start)
            reached = event.start
            step = timeline.steps[event.step]
            if sound is not None:
                sound.event_began(event, due=clock.now() - (session.position - event.start))
            (write if event.seconds is not None else tell)(event.start, event_line(timeline, event))
            if sound is not None and (notice := sound.take_notice()) is not None:
                write(event.start, plain_notice(notice))
            if event.seconds is None:  # a step that waits for the person
                _meet(
                    step.step, step.index, session, practice, asking, wait_for_enter, tell,
                    show_privately,
                )  # fmt: skip
                session.continue_on()
        wait_until(timeline.total)
        if practice is not None and framed and practice.asks_after:
            tell(timeline.total, scale_line(BEFORE_AFTER_QUESTION, BEFORE_AFTER_SCALE))
            practice.keep_after(asking.number())
        if sound is not None:
            sound.session_ended(due=clock.now() - (session.position - timeline.total))
        outro = f". {_one_line(exercise.outro)}" if exercise.outro else ""
        write(timeline.total, f"End{outro}")
        return True
    except (KeyboardInterrupt, StopRequested) as stopped:  # Ctrl+C, SIGTERM, SIGHUP, gone
        session.stop()
        if isinstance(stopped, StopRequested) and stopped.stop.terminal_gone:
            return False  # nobody is left to read a last line
        asking.end_line()  # Ctrl+C at a question: the last line starts on a line of its own
        write(max(reached, session.position), "Stopped. You can come back any time.")
        return False


class _Asking:
    """Asks on the terminal: a number for a check-in, lines for a write step."""

    def __init__(
        self,
        out: TextIO,
        read_line: LineReader | None,
        answering: Answering = contextlib.nullcontext,
    ) -> None:
        self.out = out
        self.read_line = read_line
        self.answering = answering
        self._waiting = False
        """A question is on screen and its answer's Enter has not ended the line yet."""

    def typed(self, prompt: str) -> str | None:
        """One line typed after ``prompt``, with any control character (an arrow key) left out."""
        if self.read_line is None:
            return None
        with self.answering():
            self.out.write(prompt)
            self.out.flush()
            self._waiting = True
            line = self.read_line()
        if line is None:  # the input ended: no Enter ended the question's line
            self.end_line()
            return None
        self._waiting = False
        return FORBIDDEN_CONTROL.sub("", line).strip()

    def end_line(self) -> None:
        """End the question's line when it was left waiting (Ctrl+C, a stop, the input's end)."""
        if self._waiting:
            self._waiting = False
            with contextlib.suppress(OSError, ValueError):
                self.out.write("\n")
                self.out.flush()

    def number(self) -> int | None:
        """A check-in answer, 0 to 10; Enter alone skips it without a word.

        Anything else ("11", "7/10") is asked once more, saying why, rather than dropped in
        silence; a second miss skips it.
        """
        prompt = "Type 0 to 10 and Enter, or just Enter to skip: "
        for again in (False, True):
            typed = self.typed(f"That is not a number from 0 to 10. {prompt}" if again else prompt)
            if not typed:
                return None
            if typed.isdigit() and 0 <= int(typed) <= 10:
                return int(typed)
        return None


def _meet(
    step: PlayableStep,
    index: int,
    session: Session,
    practice: Practice | None,
    asking: _Asking,
    wait_for_enter: Callable[[], None] | None,
    write: Callable[[float, str], None],
    show_privately: Callable[[float, list[str]], None],
) -> None:
    """What a step that waits asks of the user in line mode, before the session goes on."""
    moment = session.position
    match step:
        case ChecklistStep():
            if wait_for_enter is not None:
                wait_for_enter()
        case CheckInStep():
            session.answer(index, asking.number())
        case WriteStep():
            write(moment, KEPT_PRIVATE)
            if practice is not None:
                write(moment, practice.write_notice)
            if asking.read_line is None:
                return
            for box in range(step.entries):
                typed = asking.typed(f"{box + 1} of {step.entries}: ")
                if typed is None:
                    return
                session.write(index, box, keep_line(typed))
                if len(" ".join(typed.split())) > ENTRY_CHARACTERS:  # as the full screen's box
                    write(moment, f"Only the first {ENTRY_CHARACTERS} characters of that are kept.")
        case RecallStep():
            if practice is not None:
                today = practice.now().date()
                recalled = practice.recalled.get(index, Recalled(()))
                lines = recall_lines(recalled, today)
                if recalled.entries:  # the user's own words
                    show_privately(moment, lines)
                else:  # only the gentle line that there is nothing yet
                    for line in lines:
                        write(moment, line)
            if wait_for_enter is not None:
                write(moment, "Press Enter to go on.")
                wait_for_enter()
        case TextStep() | BreatheStep() | PauseStep():
            pass  # timed: nothing to wait for
        case _:
            assert_never(step)


JOURNAL_NOT_IN_FILE = (
    "Journal entries are kept out of this file: they show only when breather plays at a terminal."
)
"""In a file of lines, in place of a recall step's entries: journal words stay off a file."""


def recall_lines(recalled: Recalled, today: date) -> list[str]:
    """A recall step's entries, one line each with its date, or its gentle line."""
    if not recalled.entries:
        return [recalled.note] if recalled.note else []
    return [
        f"  {day_name(entry.written.date(), today)}: {_one_line(entry.text)}"
        for entry in recalled.entries
    ]
