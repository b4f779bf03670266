"""Fixtures for driving the app with Pilot at fixed sizes on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from breather.clock import FakeClock
from breather.library import ExerciseFolder, load_folders
from breather.settings import Motion, SessionChoices, Settings
from breather.ui.app import BreatherApp
from tests.conftest import PROJECT

PRACTICE = """\
title: Practice
summary: A short exercise for the tests.
tags: [between-sessions]
intro: You can pause or stop at any time.
outro: Welcome back.
steps:
  - text: Arrive.
    seconds: 10
  - breathe: 4-6
    cycles: 2
    text: Gently, not deeply.
  - text: Notice three things.
    seconds: 20
    tally: 3
  - checklist: [Log off, Wash hands]
    text: Close the day.
  - text: Look around the room.
    seconds: 5
"""

LONG_ONLY = """\
title: Long only
summary: Cannot be squeezed into a minute.
tags: [end-of-day]
steps:
  - text: One.
    seconds: 150
  - text: Two.
    seconds: 150
"""

AppFactory = Callable[..., BreatherApp]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def organisation(tmp_path: Path) -> Path:
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "practice.yaml").write_text(PRACTICE, encoding="utf-8")
    (folder / "long-only.yaml").write_text(LONG_ONLY, encoding="utf-8")
    return folder


@pytest.fixture
def make_app(tmp_path: Path, clock: FakeClock, organisation: Path) -> AppFactory:
    def factory(
        motion: Motion = "none",
        start_with: str | None = None,
        settings: Settings | None = None,
        minutes: float | None = None,
        broken: bool = False,
        lead: bool = False,
        try_tones: Callable[[], str | None] | None = None,
    ) -> BreatherApp:
        if broken:
            (organisation / "broken.yaml").write_text("title: Broken\nsteps:\n  - text: No\n")
        library = load_folders(
            [
                ExerciseFolder(PROJECT / "exercises", "built-in"),
                ExerciseFolder(organisation, "organisation"),
            ]
        )
        return BreatherApp(
            library,
            settings=settings or Settings(),
            settings_path=tmp_path / "settings.yaml",
            choices=SessionChoices(motion=motion, minutes=minutes),
            start_with=start_with,
            clock=clock,
            lead=lead,
            try_tones=try_tones,
        )

    return factory


def recorded_notices(app: BreatherApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification the app shows from now on, as ``title: message``."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: Any) -> None:
        said.append(f"{title}: {message}")
        notify(message, title=title, **options)

    monkeypatch.setattr(app, "notify", recording)
    return said
