"""Every shipped exercise, at every length the library offers, keeps what fitting promises.

Through the command line, as a person or a script would ask: ``breather plan ID --minutes M
--json`` for its written length, every length in its ``lengths`` and every minute key (1, 2, 3)
the library offers it at. The engine's promises are checked here for whatever files ship: no text
is hurried below its reading floor (a step written shorter keeps its written time), no breath
step crosses its cycle caps, and a length asked outside what is offered is refused, exit 2, with
the lengths on offer. Whether the words as written meet their floors, and that 4-7-8 caps at
four, are the content's promises (``test_content.py``).
"""

from __future__ import annotations

import functools
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from breather.cli import main
from breather.fitting import reading_floor
from breather.library import ExerciseFolder, load_folders
from breather.model import BreatheStep, Exercise, PauseStep, TextStep
from tests.conftest import PROJECT

LIBRARY = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
SHIPPED = sorted(LIBRARY.exercises)
MINUTE_KEYS = (1.0, 2.0, 3.0)


def resolved(exercise_id: str) -> Exercise:
    return LIBRARY.resolve(LIBRARY.get(exercise_id))


def ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def asked_lengths(exercise: Exercise) -> list[float]:
    """Every length worth asking: those it lists and those the library's keys offer."""
    listed = exercise.lengths.minutes if exercise.lengths is not None else ()
    return sorted({*listed, *MINUTE_KEYS})


@functools.cache
def planned(exercise_id: str, minutes: float | None) -> tuple[int, str, str]:
    """``breather plan ID [--minutes M] --json``: status, output and errors, asked once per run.

    The three tests below read the same plans; asking once keeps this file's 26 exercises at
    every length from loading the library some 400 times. Plans depend on no setting, and each
    test's HOME is empty, so the first answer is every test's answer.
    """
    argv = ["plan", exercise_id, "--json"]
    if minutes is not None:
        argv += ["--minutes", f"{minutes:g}"]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def sessions(exercise_id: str) -> list[dict[str, Any]]:
    """The plans the command line gives for it as written and at every length it accepts."""
    plans: list[dict[str, Any]] = []
    status, out, _ = planned(exercise_id, None)
    assert status == 0
    plans.append(json.loads(out))
    for minutes in asked_lengths(resolved(exercise_id)):
        status, out, err = planned(exercise_id, minutes)
        if status == 0:
            plans.append(json.loads(out))
        else:
            assert status == 2, err
            assert "is played" in err or "can be played in" in err, err
    return plans


@pytest.mark.parametrize("exercise_id", SHIPPED)
def test_no_text_is_hurried_below_its_reading_floor_at_any_length_offered(exercise_id: str) -> None:
    written = resolved(exercise_id).steps
    for session in sessions(exercise_id):
        for event in session["events"]:
            step = written[event["step"]]
            if not isinstance(step, TextStep | PauseStep) or not event["text"]:
                continue
            floor = min(reading_floor(event["text"]), step.seconds)
            assert event["seconds"] >= floor - 1e-6, (session["seconds"], event)


@pytest.mark.parametrize("exercise_id", SHIPPED)
def test_cycle_caps_hold_at_any_length_offered(exercise_id: str) -> None:
    written = resolved(exercise_id).steps
    for session in sessions(exercise_id):
        for index, step in enumerate(written):
            if not isinstance(step, BreatheStep):
                continue
            phases = [event for event in session["events"] if event["step"] == index]
            cycles, rest = divmod(len(phases), len(step.phases))
            assert rest == 0
            assert cycles >= (step.min_cycles or 1)
            assert step.max_cycles is None or cycles <= step.max_cycles, session["seconds"]


@pytest.mark.parametrize("exercise_id", SHIPPED)
def test_each_length_asked_is_played_as_offered_or_refused_with_what_is(exercise_id: str) -> None:
    exercise = resolved(exercise_id)
    rule = exercise.lengths
    status, out, _ = planned(exercise_id, None)
    written = json.loads(out)["seconds"]
    for minutes in asked_lengths(exercise):
        status, out, err = planned(exercise_id, minutes)
        played = json.loads(out)["seconds"] if status == 0 else None
        if rule is None:
            # Any length fitting reaches: within 5 s, or refused with the range.
            assert played is not None or "can be played in" in err
            assert played is None or abs(played - minutes * 60) <= 5
        elif rule.as_written:
            # As written when no longer than the time asked, else refused as such.
            assert played == (written if written <= minutes * 60 + 5 else None), err
            assert played is not None or "is played only as written" in err
        elif minutes in rule.minutes:
            assert played is not None, err
            assert abs(played - minutes * 60) <= 5
        else:
            assert played is None
            assert err.startswith(f"{exercise.title} is played at "), err


FOUR_SEVEN_EIGHT = """\
title: Relaxing breath (4-7-8)
intro: It takes {length}, four breaths at most.
steps:
  - text: Find a comfortable seat, supported if you can.
    seconds: 14
  - breathe: 4-7-8
    cycles: 4
    max_cycles: 4
  - text: Let the count go and breathe however you like. Look around the room.
    seconds: 30
"""


@pytest.mark.parametrize("listed", ["", "lengths: [1, 2]\n"])
def test_four_seven_eight_at_three_minutes_refuses_or_plays_four_breaths(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    listed: str,
) -> None:
    """`breather plan relaxing-breath-4-7-8 --minutes 3` never plays more than four breaths."""
    (tmp_path / "relaxing-breath-4-7-8.yaml").write_text(listed + FOUR_SEVEN_EIGHT, "utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    status, out, err = ask(capsys, "plan", "relaxing-breath-4-7-8", "--minutes", "3")
    assert status == 2
    assert out == ""
    if listed:
        assert err == "Relaxing breath (4-7-8) is played at 1 or 2 minutes; asked for 3 minutes\n"
    else:
        assert err.startswith("Relaxing breath (4-7-8) can be played in ")
        assert err.rstrip().endswith("to 2.5 minutes; asked for 3 minutes")
    status, out, _ = ask(capsys, "plan", "relaxing-breath-4-7-8", "--minutes", "2.5", "--json")
    assert status == (2 if listed else 0)
    if not listed:
        breaths = [event for event in json.loads(out)["events"] if event["phase"] == "in"]
        assert len(breaths) == 4
