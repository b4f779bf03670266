"""Leading a group: the words for each moment, the spoken count, and the leader's lines."""

from __future__ import annotations

import io
import re

import pytest

from breather.bigtext import FONT, GLYPH_HEIGHT, LINE_GAP, ROWS_PER_LINE, block_lines
from breather.cli import main
from breather.clock import FakeClock
from breather.lead import (
    NAMES_A_KEY,
    aloud,
    closing_words,
    count_words,
    counted_cycle,
    cues,
    moment,
    next_word_in,
    pattern_words,
    spoken_pace,
)
from breather.lead_plain import BEFORE_WE_BEGIN, play_lead_plain
from breather.model import BreatheStep, BreathPhase, ChecklistStep, Exercise, PauseStep, TextStep
from breather.settings import SessionChoices
from breather.timeline import PlanOptions, Timeline, plan
from tests.unit.test_plain import TimedOutput

IN4 = BreathPhase("in", 4, "Breathe in")
TOP_UP = BreathPhase("in", 1, "Top up")
HOLD2 = BreathPhase("hold", 2, "Hold")
OUT6 = BreathPhase("out", 6, "Breathe out")

EXERCISE = Exercise(
    id="team",
    title="Team grounding",
    safety="Stop whenever you like. {support}",
    outro="Welcome back. {support}",
    steps=(
        TextStep("Arrive,\n  feet on the floor.", 10, tally=3),
        BreatheStep((IN4, HOLD2, OUT6), 2, "Gently."),
        ChecklistStep(("Log off", "Wash hands"), "Close the day."),
        PauseStep(5),
    ),
)
SUPPORT = "Call the staff line on 1234."


def timeline_of() -> Timeline:
    return plan(EXERCISE, PlanOptions(support=SUPPORT))


# -- the spoken count ---------------------------------------------------------------------------


def test_a_phase_is_counted_a_word_a_second_starting_with_its_own_word() -> None:
    assert count_words(IN4) == ("in", "two", "three", "four")
    assert spoken_pace(OUT6) == "out, two, three, four, five, six"
    assert spoken_pace(HOLD2) == "hold, two"
    assert spoken_pace(BreathPhase("hold", 3, "Rest")) == "rest, two, three"
    assert spoken_pace(TOP_UP) == "top up"  # the author's label, as said
    # A fraction of a second more is counted in whole seconds; the longest phase has words.
    assert count_words(BreathPhase("out", 5.5, "Breathe out"))[-1] == "five"
    assert count_words(BreathPhase("out", 30, "Breathe out"))[-1] == "thirty"


def test_a_breath_pattern_reads_as_words_and_as_a_count() -> None:
    step = BreatheStep((IN4, HOLD2, OUT6), 3)
    assert pattern_words(step) == "in for 4 seconds, hold for 2 seconds, out for 6 seconds"
    assert (
        counted_cycle(step) == "in, two, three, four · hold, two · out, two, three, four, five, six"
    )


# -- cues: one per event, in the room's words ---------------------------------------------------


def test_every_event_has_one_cue_at_its_moment_in_the_rooms_words() -> None:
    timeline = timeline_of()
    found = cues(timeline)
    assert [cue.at for cue in found] == [event.start for event in timeline.events]
    arrive, first_in, first_hold, first_out, second_in, *_, checklist, pause = found
    # A tally is not filled by anyone's key: the room is given time to notice.
    assert arrive.lines() == ["Arrive, feet on the floor. (leave time to notice three)"]
    # A breathe step opens with its own words and how many breaths follow, then counts.
    assert first_in.lines() == [
        "Gently. (two breaths follow, counted aloud, a word a second)",
        "in, two, three, four",
    ]
    assert (first_hold.lines(), first_out.lines()) == (
        ["hold, two"],
        ["out, two, three, four, five, six"],
    )
    assert second_in.lines() == ["in, two, three, four"]  # only the step's first breath opens it
    assert checklist.lines() == [
        "Close the day. Log off; Wash hands. (go on when everyone is ready)"
    ]
    assert checklist.waits
    assert pause.lines() == ["(quiet for 5 seconds)"]
    assert closing_words(timeline, SUPPORT) == f"Welcome back. {SUPPORT}"


# -- a moment of the lead view ------------------------------------------------------------------


def test_a_breath_says_the_present_word_of_its_count_and_what_follows() -> None:
    timeline = timeline_of()
    state = timeline.state_at(10 + 2.5)
    now = moment(timeline, state, support=SUPPORT)
    assert (now.say, now.pace, now.pace_at) == ("three", ("in", "two", "three", "four"), 2)
    assert now.note == "breath 1 of 2 · Gently."
    assert now.next_words == "hold, two"
    assert now.next_in == pytest.approx(1.5)
    assert now.left == pytest.approx(timeline.total - 12.5)
    assert next_word_in(timeline, state) == pytest.approx(0.5)
    last_word = timeline.state_at(10 + 3.5)
    assert next_word_in(timeline, last_word) == pytest.approx(0.5)
    second_out = moment(timeline, timeline.state_at(10 + 12 + 6 + 5.2), support=SUPPORT)
    assert (second_out.say, second_out.note) == ("six", "breath 2 of 2 · Gently.")


def test_a_step_says_its_words_and_the_next_cue_counts_down_to_it() -> None:
    timeline = timeline_of()
    now = moment(timeline, timeline.state_at(3.2), support=SUPPORT)
    assert now.say == "Arrive, feet on the floor."
    assert now.note == "leave time to notice three"
    assert (now.pace, now.pace_at) == ((), None)
    assert now.next_words == "Gently. · in, two, three, four"
    assert now.next_in == pytest.approx(6.8)


def test_waiting_at_a_checklist_the_next_cue_has_no_time_and_the_end_has_the_outro() -> None:
    timeline = timeline_of()
    checklist = timeline.steps[2]
    waiting = moment(
        timeline, timeline.state_of_step(2, checklist.start), waiting=True, support=SUPPORT
    )
    assert waiting.say == "Close the day. Log off; Wash hands."
    assert waiting.next_in is None
    assert waiting.next_words == "(quiet for 5 seconds)"
    last = moment(timeline, timeline.state_at(timeline.total - 1), support=SUPPORT)
    assert last.say == "Quiet"
    assert last.next_words == f"Welcome back. {SUPPORT}"
    assert last.next_in == pytest.approx(1.0)


# -- the leader's lines (`play --plain --lead`) -------------------------------------------------


def test_the_leaders_lines_are_printed_each_at_its_moment() -> None:
    clock = FakeClock(start=50.0)
    out = TimedOutput(clock)
    entered: list[float] = []

    def enter() -> None:
        entered.append(clock.now())
        clock.advance(30)  # the group takes half a minute over the checklist

    finished = play_lead_plain(
        timeline_of(),
        out,
        clock=clock,
        wait_for_enter=enter,
        support=SUPPORT,
    )
    assert finished
    lines = out.getvalue().splitlines()
    stamps = [re.match(r"\[(\d+):(\d\d)\]", line) for line in lines]
    assert all(stamps)
    enter_at = lines.index("[0:34] Press Enter when everyone is ready to go on.")
    for number, (line, printed_at) in enumerate(zip(lines, out.times, strict=True)):
        stamp = re.match(r"\[(\d+):(\d\d)\]", line)
        assert stamp
        planned = int(stamp[1]) * 60 + int(stamp[2])
        waited = 30 if number > enter_at else 0  # every line after the checklist moves by the wait
        assert printed_at - 50.0 == pytest.approx(planned + waited, abs=1)
    assert lines[0].startswith("[0:00] Leading Team grounding (0:39).")
    assert lines[1] == f"[0:00] Safety, for you: Stop whenever you like. {SUPPORT}"
    assert lines[2] == f"[0:00] Say first: {BEFORE_WE_BEGIN}"  # before anything is asked
    assert "[0:10] in, two, three, four" in lines
    assert entered == [pytest.approx(50.0 + 34)]
    assert lines[-1] == f"[0:39] End. Welcome back. {SUPPORT}"


def test_the_leaders_lines_stop_calmly_on_ctrl_c() -> None:
    clock = FakeClock()
    out = io.StringIO()

    def interrupt(seconds: float) -> None:
        if clock.now() - 1000.0 >= 12:
            raise KeyboardInterrupt
        clock.advance(seconds)

    finished = play_lead_plain(timeline_of(), out, clock=clock, sleep=interrupt, support=SUPPORT)
    assert not finished
    assert out.getvalue().splitlines()[-1] == "[0:14] Stopped. Thank everyone; you can close here."


def test_play_plain_lead_from_the_command_line_on_a_fake_clock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = FakeClock()
    status = main(["play", "grounding-5-4-3-2-1", "--plain", "--lead"], clock=clock)
    out = capsys.readouterr().out
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (
        "[0:00] Leading 5-4-3-2-1 grounding (2:00). Say each line as it appears; "
        "count the breaths aloud, a word a second."
    )
    assert (
        "[0:11] Five things you can see. Small details count: a colour, a pattern, the way the "
        "light falls. (leave time to notice five)"
    ) in lines
    assert lines[-1] == "[2:00] End. Welcome back."
    assert clock.now() - 1000.0 == pytest.approx(120.0)
    status = main(["play", "longer-out-breath", "--plain", "--lead", "--minutes", "1"], clock=clock)
    counted = capsys.readouterr().out.splitlines()
    assert status == 0
    assert "out, two, three, four, five, six" in counted[-3]
    assert counted[-1].startswith("[1:00] End.")


# -- large letters ------------------------------------------------------------------------------


def test_large_letters_wrap_by_words_and_keep_each_lines_rows_aligned() -> None:
    rows = block_lines("Breathe in, two", 30)
    assert rows is not None
    lines = (len(rows) + LINE_GAP) // (ROWS_PER_LINE + LINE_GAP)
    assert lines == 2  # "BREATHE" alone is 27 cells wide, so "IN, TWO" goes below
    assert len(rows) == lines * ROWS_PER_LINE + (lines - 1) * LINE_GAP
    first, second = rows[:ROWS_PER_LINE], rows[ROWS_PER_LINE + LINE_GAP :]
    assert len({len(row) for row in first}) == 1
    assert len({len(row) for row in second}) == 1
    assert all(len(row) <= 30 for row in rows)
    assert set("".join(rows)) <= {" ", "▀", "▄", "█"}


def test_large_letters_draw_each_pixel_of_the_font() -> None:
    rows = block_lines("I", 10)
    assert rows == ("▀█▀", " █ ", "▀▀▀")  # ### / .#. / .#. / .#. / ### and a dark sixth row
    for glyph in FONT.values():
        assert len(glyph) == GLYPH_HEIGHT
        assert len({len(row) for row in glyph}) == 1


def test_text_the_font_cannot_draw_is_left_to_ordinary_type() -> None:
    assert block_lines("café", 80) is None  # never drawn without its accent
    assert block_lines("שלום", 80) is None
    assert block_lines("Breathe", 10) is None  # one word wider than the room
    assert block_lines("   ", 80) is None
    assert block_lines("it’s “fine” — quiet…", 200) is not None  # typographic marks have forms


def test_a_led_session_asks_for_nothing_to_be_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    from breather import cli

    given: list[tuple[SessionChoices, bool]] = []

    def record(
        ctx: object, exercise_id: str, choices: SessionChoices, plain: bool, lead: bool
    ) -> int:
        given.append((choices, lead))
        return 0

    monkeypatch.setattr(cli, "cmd_play", record)
    assert main(["play", "grounding-5-4-3-2-1", "--lead"]) == 0
    assert main(["play", "grounding-5-4-3-2-1"]) == 0
    assert [(choices.no_history, lead) for choices, lead in given] == [(True, True), (False, False)]


# -- words for the room: keys belong to the person at the keyboard ------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Naming them silently is fine. Press space as you notice each one, if you'd like.\n"
            "  You can skip anything.",
            "Naming them silently is fine. You can skip anything.",
        ),
        ("If you need longer, press space to pause.", ""),
        ('Holds are "on". Press h to switch them off. Breathe.', 'Holds are "on". Breathe.'),
        ("Press your feet down. Tap each finger.", "Press your feet down. Tap each finger."),
        ("Hit Enter when ready! Or wait?", "Or wait?"),
        (
            "Skip any part with the right arrow key (where you write, Enter goes on). Stop now.",
            "Stop now.",
        ),
        ("After any of them, the right arrow key moves on.", ""),
        ("Tick what's done or ready, then choose Continue.", "Tick what's done or ready."),
        ("Tick what you'll do, and select “Continue →”. Go well.", "Tick what you'll do. Go well."),
        (
            "If you'd like to keep them, write them here, or leave the boxes empty. No names.",
            "No names.",
        ),
        ("A word each is plenty, and a box can stay empty.", ""),
        ("Imagine a box, a chest, a jar with a lid.", "Imagine a box, a chest, a jar with a lid."),
        ("Continue to breathe slowly.", "Continue to breathe slowly."),
    ],
)  # fmt: skip
def test_aloud_leaves_out_each_sentence_naming_a_key_and_keeps_the_rest(
    text: str, said: str
) -> None:
    assert aloud(text) == said


def test_a_room_is_never_asked_to_press_a_key() -> None:
    keys = Exercise(
        id="keys",
        title="Keys",
        outro="Welcome back. Press q to leave.",
        steps=(
            TextStep("Notice three sounds. Press space for each.", 10, tally=3),
            TextStep("If you need longer, press space to pause.", 10),
            ChecklistStep(("Log off",), "Close the day. Press Enter on each."),
        ),
    )
    timeline = plan(keys, PlanOptions())
    said = [cue.say for cue in cues(timeline)]
    assert said == ["Notice three sounds.", "", "Close the day. Log off."]
    assert closing_words(timeline, SUPPORT) == "Welcome back."


def test_no_shipped_exercise_asks_a_room_to_press_a_key() -> None:
    from breather.export import handout
    from breather.library import load_library
    from breather.settings import Settings

    library = load_library(Settings(), environ={})
    assert library.exercises
    for exercise_id in library.exercises:
        timeline = plan(library.resolve(library.exercises[exercise_id]), PlanOptions())
        sheet = handout(timeline, SUPPORT)
        words = [cue.say for cue in cues(timeline)] + [closing_words(timeline, SUPPORT)]
        words += [*sheet.intro, *sheet.outro, *(part for row in sheet.rows for part in row.say)]
        asking = [text for text in words if NAMES_A_KEY.search(text)]
        assert not asking, f"{exercise_id}: {asking}"
        # Nor to write in a box, or to choose a button, that only the screen has.
        screen_only = [
            text
            for text in words
            if re.search(r"\bbox(es)? can|boxes empty|write \w+ here|choose Continue", text)
        ]
        assert not screen_only, f"{exercise_id}: {screen_only}"


def test_the_leader_tells_the_room_it_may_stop_and_then_reads_the_intro_aloud() -> None:
    from breather.lead_plain import opening_lines

    intro = Exercise(
        id="intro",
        title="Intro",
        intro="It takes {length}. Press space for each thing you notice. Eyes open is fine.",
        steps=(TextStep("Arrive.", 30),),
    )
    lines = opening_lines(plan(intro, PlanOptions()), SUPPORT)
    assert "stop at any time" in BEFORE_WE_BEGIN
    assert lines[-2:] == [
        f"Say first: {BEFORE_WE_BEGIN}",
        "Then, if you like: It takes about 30 seconds. Eyes open is fine.",
    ]


def test_a_write_step_is_an_invitation_without_the_screens_boxes() -> None:
    from breather.lead import invitation
    from breather.model import WriteStep

    boxes = WriteStep(
        "If you'd like to keep them, write them here, a few words each, or leave the boxes "
        "empty. No names or details.",
        entries=3,
        topic="good-things",
    )
    assert invitation(boxes) == (
        "Take a moment, just for yourself. No names or details. "
        "You might hold it in mind, or jot it down for yourself."
    )
    asked = WriteStep(
        "Three changes that mattered. Describe the change, not the person.", 3, "outcomes"
    )
    assert invitation(asked) == (
        "Take a moment, just for yourself. Three changes that mattered. Describe the change, not "
        "the person. You might hold it in mind, or jot it down for yourself."
    )
