"""The line player prints every event when it is due, computed from the start."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Callable, Iterator

import pytest

from breather.clock import FakeClock, local_now
from breather.history import HISTORY_OFF
from breather.model import (
    BreatheStep,
    BreathPhase,
    CheckInStep,
    ChecklistStep,
    Exercise,
    PauseStep,
    TextStep,
)
from breather.plain import line_width, play_plain, stamped
from breather.practice import Practice
from breather.timeline import PlanOptions, plan

EXERCISE = Exercise(
    id="t",
    title="Test",
    intro="You can stop at any time.",
    outro="Welcome back.",
    steps=(
        TextStep("Arrive.", 10, tally=3),
        BreatheStep(
            (
                BreathPhase("in", 4, "Breathe in"),
                BreathPhase("hold", 2, "Hold"),
                BreathPhase("out", 6, "Breathe out"),
            ),
            2,
            "Gently.",
        ),
        ChecklistStep(("Log off", "Wash hands"), "Close the day."),
        PauseStep(5, "Rest."),
    ),
)


class TimedOutput(io.StringIO):
    """Records the fake clock's time for every line written."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock
        self.times: list[float] = []

    def write(self, text: str) -> int:
        if text.endswith("\n"):
            self.times.append(self.clock.now())
        return super().write(text)


def test_every_line_is_printed_at_its_planned_offset() -> None:
    clock = FakeClock(start=50.0)
    out = TimedOutput(clock)
    waited: list[float] = []

    def wait_for_enter() -> None:
        waited.append(clock.now())
        clock.advance(7)  # the user takes seven seconds at the checklist

    timeline = plan(EXERCISE)
    finished = play_plain(
        timeline, out, clock=clock, sleep=clock.sleep, wait_for_enter=wait_for_enter
    )
    assert finished
    lines = out.getvalue().splitlines()
    assert lines[2] == "[0:00] You can stop at any time."  # after the title and the mode
    assert lines[3].startswith("[0:00] Breath holds are on")  # the start card's choices
    assert lines[4] == "[0:00] Arrive. (notice 3)"
    assert lines[5] == "[0:10] Gently. 2 breaths. Breathe in · 4 s"
    assert lines[6] == "[0:14] Hold · 2 s"
    assert lines[-1] == "[0:39] End. Welcome back."
    assert "Checklist: Log off; Wash hands. Press Enter to go on." in lines[-3]
    assert lines[-2] == "[0:34] Rest. Pause · 5 s"
    offsets = [
        int(m[1]) * 60 + int(m[2]) for m in (re.match(r"\[(\d+):(\d\d)\]", x) for x in lines) if m
    ]
    # Lines before the checklist come at their offset; after it, shifted by the 7 s wait.
    for line, offset, at in zip(lines, offsets, out.times, strict=True):
        shift = 7 if ("Rest." in line or "End" in line) else 0
        assert at - 50.0 == offset + shift, line
    assert waited == [50.0 + 34]


def test_no_holds_is_announced() -> None:
    out = io.StringIO()
    clock = FakeClock()
    play_plain(plan(EXERCISE, PlanOptions(no_holds=True)), out, clock=clock, sleep=clock.sleep)
    assert "Breath holds are off for this session." in out.getvalue()
    assert "Hold" not in out.getvalue()


def test_ctrl_c_stops_cleanly_with_a_last_line() -> None:
    clock = FakeClock()
    out = io.StringIO()

    def sleep(seconds: float) -> None:
        if clock.now() - 1000 > 12:
            raise KeyboardInterrupt
        clock.advance(seconds)

    assert not play_plain(plan(EXERCISE), out, clock=clock, sleep=sleep)
    assert out.getvalue().splitlines()[-1].endswith("Stopped. You can come back any time.")


def test_stamp_format() -> None:
    assert stamped(0, "Begin") == "[0:00] Begin"
    assert stamped(59.99, "x") == "[0:59] x"
    assert stamped(125, "x") == "[2:05] x"


LONG_WORDS = (
    "It takes about 2 minutes, in four short steps. You can pause or stop at any time. "
    "In for four, hold for seven, out for eight (4-7-8), and breathe at your own pace."
)


@pytest.mark.parametrize("width", [30, 41, 80])
def test_at_a_terminal_lines_break_between_words_under_the_words(width: int) -> None:
    """Broken where the terminal's edge fell, a line read "stop at a" / "ny time"."""
    rows = stamped(65, LONG_WORDS, width).split("\n")
    assert len(rows) > 1
    assert rows[0].startswith("[1:05] It takes")
    assert all(len(row) <= width for row in rows)
    assert all(row.startswith("       ") and row[7] != " " for row in rows[1:])  # under the words
    assert " ".join(row.strip() for row in rows).replace("[1:05] ", "") == LONG_WORDS
    assert any("(4-7-8)," in row for row in rows)  # a pattern is never split at its hyphens


def test_a_web_address_longer_than_a_row_stays_whole() -> None:
    address = "https://example.org/" + "a-long-path/" * 6
    rows = stamped(0, f"Read more at {address} later.", 40).split("\n")
    assert f"       {address}" in rows  # on a row of its own, longer than 40, never cut


def test_words_with_wide_characters_are_left_to_the_terminal() -> None:
    """textwrap counts characters, a terminal columns: a row of 40 Japanese characters is 80
    columns wide, so breaking it at 40 characters would be cut by the terminal after all."""
    words = "呼吸をゆっくり整えましょう。" * 6
    assert stamped(0, words, 40) == f"[0:00] {words}"


def test_a_paragraph_break_stays_a_new_row_under_the_words() -> None:
    assert stamped(0, "First.\nSecond.", 80) == "[0:00] First.\n       Second."


def test_without_a_width_each_event_stays_one_line() -> None:
    assert stamped(65, LONG_WORDS) == f"[1:05] {LONG_WORDS}"
    assert stamped(65, LONG_WORDS, None) == f"[1:05] {LONG_WORDS}"


def test_a_pipe_or_a_file_gets_no_width() -> None:
    assert line_width(io.StringIO()) is None
    with open(os.devnull, "w", encoding="utf-8") as nothing:
        assert line_width(nothing) is None


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(("columns", "width"), [(80, 79), (132, 131), (30, None)])
def test_a_terminal_gives_its_columns(columns: int, width: int | None) -> None:
    if sys.platform == "win32":  # the mark skips it there; this tells the type checker
        pytest.skip("a pseudo-terminal is POSIX")
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with open(follower, "w", encoding="utf-8") as terminal, open(leader, "rb"):
        assert line_width(terminal) == width


def test_ctrl_c_at_a_waiting_checklist_stamps_the_moment_it_began() -> None:
    clock = FakeClock()
    out = io.StringIO()

    def wait_for_enter() -> None:
        clock.advance(30)  # the checklist waits half a minute, then Ctrl+C
        raise KeyboardInterrupt

    assert not play_plain(plan(EXERCISE), out, clock=clock, wait_for_enter=wait_for_enter)
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("[0:34] Close the day. Checklist")
    assert lines[-1] == "[0:34] Stopped. You can come back any time."


def test_the_real_clock_is_used_when_none_is_given() -> None:
    short = Exercise(id="s", title="Short", steps=(PauseStep(0.05),))
    out = io.StringIO()
    assert play_plain(plan(short), out)
    assert out.getvalue().splitlines()[-1] == "[0:00] End"


ASKING = Exercise(
    id="asking",
    title="Asking",
    intro="You can stop at any time.",
    steps=(
        TextStep("Arrive.", 10),
        CheckInStep("How settled are you?", key="settled"),
        TextStep("Look around the room.", 10),
    ),
)


def interrupted() -> str | None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("read_line", "last"),
    [
        (interrupted, "Stopped. You can come back any time."),  # Ctrl+C at the question
        (lambda: None, "End"),  # the input ended (Ctrl+D): the session goes on
    ],
    ids=["ctrl-c", "end-of-input"],
)
def test_a_question_left_unanswered_ends_its_line_before_the_next(
    read_line: Callable[[], str | None], last: str
) -> None:
    """The next line starts on its own line, not after ``...Enter to skip:``."""
    clock = FakeClock()
    out = io.StringIO()
    play_plain(plan(ASKING), out, clock=clock, sleep=clock.sleep, read_line=read_line)
    lines = out.getvalue().splitlines()
    asked = next(i for i, line in enumerate(lines) if line.endswith("Enter to skip: "))
    assert re.fullmatch(r"\[0:10\] .+", lines[asked + 1])
    assert lines[-1].endswith(last)


def test_the_terminal_is_ready_for_the_answer_before_the_question_shows() -> None:
    """Old keys are dropped before the question, so a key pressed as it shows is kept."""
    happened: list[str] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if text.endswith("Enter to skip: "):
                happened.append("question shown")
            return super().write(text)

    @contextlib.contextmanager
    def answering() -> Iterator[None]:
        happened.append("ready: echo on, old keys dropped")
        yield
        happened.append("quiet again")

    def read_line() -> str | None:
        happened.append("answer read")
        return "7"

    clock = FakeClock()
    play_plain(
        plan(ASKING), Out(), clock=clock, sleep=clock.sleep, read_line=read_line,
        answering=answering,
    )  # fmt: skip
    assert happened == [
        "ready: echo on, old keys dropped",
        "question shown",
        "answer read",
        "quiet again",
    ]


@pytest.mark.parametrize(
    ("typed", "kept", "asked"),
    [
        (["7"], {1: 7}, 1),
        ([" 10 "], {1: 10}, 1),
        ([""], {}, 1),  # Enter alone skips, without a word
        (["11", "4"], {1: 4}, 2),  # asked once more, saying why
        (["7/10", "seven"], {}, 2),  # a second miss skips
    ],
)
def test_a_check_in_answer_that_is_not_0_to_10_is_asked_once_more(
    typed: list[str], kept: dict[int, int], asked: int
) -> None:
    answers = iter(typed)
    clock = FakeClock()
    out = io.StringIO()
    timeline = plan(ASKING)
    practice = Practice(timeline, HISTORY_OFF, before_after=False, now=local_now)
    play_plain(
        timeline, out, clock=clock, sleep=clock.sleep, read_line=lambda: next(answers),
        practice=practice,
    )  # fmt: skip
    assert practice.session is not None
    assert practice.session.answers == kept
    text = out.getvalue()
    assert text.count("Enter to skip: ") == asked
    assert text.count("That is not a number from 0 to 10.") == asked - 1
    assert list(answers) == []  # every answer given was read, and no more asked for


def test_a_single_breath_is_one_breath() -> None:
    one = Exercise(
        id="one",
        title="One",
        steps=(BreatheStep((BreathPhase("in", 4, "Breathe in"), BreathPhase("out", 6, "Out")), 1),),
    )
    clock = FakeClock()
    out = io.StringIO()
    play_plain(plan(one), out, clock=clock, sleep=clock.sleep)
    assert "[0:00] 1 breath. Breathe in · 4 s" in out.getvalue().splitlines()
