"""``--plain`` (and a dumb terminal's fallback) says what the start card says (issue 16).

The line player is offered for screen readers. It used to print the intro, which says "press h
on this card", and never the safety note: the warning about pregnancy, heart conditions and
panic was missing from exactly the mode offered to people who cannot see the card.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.loader import load_text
from breather.timeline import PlanOptions, plan

STAMP = re.compile(r"^\[(\d+):(\d\d)\] ")


def play(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[list[str], str]:
    assert main(["play", *argv], clock=FakeClock()) == 0
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err


def before_the_first_step(lines: list[str], first_step: str) -> list[str]:
    """The lines printed before the first step's own line, without their stamps."""
    index = next(i for i, line in enumerate(lines) if first_step in line)
    assert all(line.startswith("[0:00] ") for line in lines[:index])
    return [STAMP.sub("", line) for line in lines[:index]]


def test_plain_says_the_safety_note_the_length_and_the_holds_before_anything_begins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines, _ = play(capsys, "relaxing-breath-4-7-8", "--plain")
    card = before_the_first_step(lines, "Find a comfortable seat")
    title, mode, intro, safety, holds = card
    assert title.startswith("Relaxing breath (4-7-8). About 2 min (")
    assert title.endswith("), as written.")
    assert mode == (
        "Line by line: Ctrl+C stops at any moment; pausing, and the keys the text mentions, "
        "need the full-screen player."
    )
    assert "press h on this card" in intro  # the card's words, framed by the line before
    assert safety.startswith("Safety: Lightheadedness is common at first")
    assert "pregnancy, with heart or lung conditions, or with panic." in safety
    assert holds == (
        "Breath holds are on; to play without them, stop and start again with --no-holds."
    )


def test_plain_says_the_length_chosen_and_that_holds_are_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines, _ = play(capsys, "box-breathing", "--plain", "--minutes", "3", "--no-holds")
    card = before_the_first_step(lines, "Find a comfortable seat")
    assert card[0] == "Box breathing. About 3 min (3:00), fitted to 3 min."
    assert card[-1] == "Breath holds are off for this session."
    assert any(line.startswith("Safety: Hold softly") for line in card)


def test_a_dumb_terminal_gets_the_same_card_in_its_fallback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    lines, err = play(capsys, "relaxing-breath-4-7-8")
    assert err == "This terminal cannot show the full player; playing line by line.\n"
    assert any(line.startswith("[0:00] Safety: Lightheadedness") for line in lines)
    monkeypatch.delenv("TERM")
    plain, _ = play(capsys, "relaxing-breath-4-7-8", "--plain")
    assert lines == plain


class TerminalOutput(io.StringIO):
    """Standard output as a terminal that can show the full screen."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stdin", [None, io.StringIO("")], ids=["closed", "a-pipe"])
def test_with_no_keyboard_to_read_it_plays_line_by_line_instead_of_failing(
    monkeypatch: pytest.MonkeyPatch, stdin: io.StringIO | None
) -> None:
    """``breather play ID <&-`` at a terminal: the full player could read no keys (it crashed)."""
    out, err = TerminalOutput(), io.StringIO()
    monkeypatch.setattr("sys.stdin", stdin)
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main(["play", "doorway"], clock=FakeClock()) == 0
    assert err.getvalue() == (
        "With no keyboard to read (input is not a terminal), playing line by line.\n"
    )
    assert out.getvalue().splitlines()[-1].startswith("[0:39] End")
    assert main([], clock=FakeClock()) == 0  # the library: the list instead
    assert "here is the list." in err.getvalue()
    assert "doorway" in out.getvalue()


def test_without_holds_keys_or_safety_only_what_applies_is_said(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "quiet.yaml").write_text(
        "title: Quiet minute?\nintro: Sit for a while; press your feet down.\n"
        "steps:\n  - pause: 30\n  - checklist: [Log off]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    lines, _ = play(capsys, "quiet", "--plain")
    assert before_the_first_step(lines, "Pause · 30 s") == [
        "Quiet minute? About 30 s (0:30), as written, and 1 step that waits for you (a checklist).",
        "Line by line: Ctrl+C stops at any moment, and a step that waits goes on at Enter; "
        "pausing needs the full-screen player.",
        "Sit for a while; press your feet down.",
    ]


@pytest.mark.parametrize(
    ("words", "names_a_key"),
    [
        ("Press space as you notice each one.", True),
        ("press h on this card", True),
        ("Tap Enter when you are ready.", True),
        ("Press your feet into the floor and feel it press back.", False),
        ("It's pressing pause until a time you choose.", False),
    ],
)
def test_a_key_is_a_letter_or_a_named_key_not_any_press(words: str, names_a_key: bool) -> None:
    from breather.card_words import names_a_key as mentions

    exercise = load_text(f"title: T\nintro: {words}\nsteps:\n  - pause: 5\n", "t.yaml", file_id="t")
    assert mentions(plan(exercise, PlanOptions())) is names_a_key


@pytest.mark.parametrize(
    ("exercise", "waiting"),
    [
        (
            "outcomes-log",
            "[0:00] Outcomes log. About 2 min (2:00), as written, and 1 step that waits for you "
            "(a place to write).",
        ),
        (
            "end-of-day-ritual",
            "[0:00] End-of-day ritual. About 5 min (5:00), as written, and 3 steps that wait for "
            "you (two checklists, a place to write).",
        ),
        ("grounding-5-4-3-2-1", None),
    ],
)
def test_the_length_names_what_waits_for_the_user(
    capsys: pytest.CaptureFixture[str], exercise: str, waiting: str | None
) -> None:
    """A step that waits is named for what it is: writing is not called a checklist."""
    lines, _ = play(capsys, exercise, "--plain", "--no-check-in")
    first = lines[0]
    if waiting is None:
        assert "wait" not in first, first
    else:
        assert first == waiting


def test_a_length_asked_of_an_exercise_played_only_as_written_is_not_called_fitted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One sigh is offered only as written: asked for a minute, it plays its own 0:54."""
    lines, _ = play(capsys, "one-sigh", "--plain", "--minutes", "1")
    assert lines[0] == "[0:00] One sigh. About 1 min (0:54), as written (asked for 1 min)."
