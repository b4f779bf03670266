"""What the sound tests of both players share: a 30-second exercise, its tones, a settling clock.

A fake clock jumps; a real one does not. The cues start each tone on a background thread and
skip one whose moment is more than 50 ms gone, so a test that moves a fake clock on before that
thread has started the last tone would see it skipped, as it should be. :class:`SettlingClock`
waits (in real time, briefly) for every tone asked for so far to be started before it lets the
session's time move on, which is what the real clock gives a real session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import breather.session_sound
from breather.clock import FakeClock
from breather.sound import Cues, Started, open_cues
from tests.unit.test_sound import FakePlayerCommand, fake_player

THIRTY_SECONDS = """\
title: Thirty seconds
summary: Every cue once, for the sound tests.
tags: [eyes-closed]
intro: You can pause or stop at any time.
steps:
  - text: Arrive.
    seconds: 3
  - text: A marked step.
    seconds: 3
    bell: true
  - breathe: 4-2-6
    cycles: 1
  - breathe: 3-3
    cycles: 1
    tones: false
  - breathe: 3-3
    cycles: 1
    bell: true
"""
"""0 s text (the session's start), 3 s a bell step, 6 s in-hold-out, 18 s a quiet breath, 24 s a
breath with a bell (its in-breath tone is the one sound at that moment), 30 s the end."""

THIRTY_SECONDS_TONES = ["chime", "chime", "in", "hold", "out", "in", "out", "chime"]
THIRTY_SECONDS_MOMENTS = [0.0, 3.0, 6.0, 10.0, 12.0, 24.0, 27.0, 30.0]
THIRTY_SECONDS_BELL_STEPS = 2
BREATH_TONES = {"in", "out", "hold"}


class SettlingClock(FakeClock):
    """A fake clock that lets every tone asked for start before time moves on.

    Args:
        player: The fake player on PATH: each tone started must also have written its record
            before time moves on, so the records keep the order the tones were started in.
    """

    def __init__(self, player: FakePlayerCommand | None = None) -> None:
        super().__init__()
        self.player = player
        self.cues: list[Cues] = []
        self.started: list[Started] = []

    def settle(self) -> None:
        """Wait until every tone asked for so far has been started (or skipped, or failed)."""
        for cues in self.cues:
            speaker = cues._speaker  # the test's view of the background thread
            if speaker is not None:
                assert speaker.settle(), "the sound thread did not answer within 5 seconds"
        if self.player is not None:
            count = len(self.started)
            assert len(self.player.wait_for(count)) == count, "a started player left no record"

    def advance(self, seconds: float) -> None:
        self.settle()
        super().advance(seconds)


def record_cues(monkeypatch: pytest.MonkeyPatch, clock: SettlingClock) -> None:
    """Let ``clock`` settle every cue the players open (they open them through session_sound)."""

    def opened(*args: Any, **kwargs: Any) -> Cues:
        cues = open_cues(*args, on_started=clock.started.append, **kwargs)
        clock.cues.append(cues)
        return cues

    monkeypatch.setattr(breather.session_sound, "open_cues", opened)


def player_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePlayerCommand:
    """A fake ``pw-play`` first on PATH (found before any real player), recording each start."""
    player = fake_player(tmp_path)
    monkeypatch.setenv("PATH", f"{player.folder}:/usr/bin:/bin")
    return player


def no_player_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH with no sound player on it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def heard(player: FakePlayerCommand, count: int) -> list[str]:
    """The tones the fake player was started with, once ``count`` have been recorded."""
    player.wait_for(count)
    return player.tones()
