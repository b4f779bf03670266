"""A few SVG snapshots guard the look of each screen (80x24, fake clock, fixed moments).

Update them after an intended change with `.venv/bin/pytest tests/ui --snapshot-update`, then
look at the SVGs in tests/ui/__snapshots__ before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import cast

from textual.pilot import Pilot

from breather.clock import FakeClock
from breather.history import CheckIn, Entry
from breather.ui.app import BreatherApp
from breather.ui.screens.lead import LeadScreen
from breather.ui.screens.player import PlayerScreen
from tests.ui.conftest import AppFactory
from tests.unit.history_helpers import at, opened, session

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def test_library(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_start_card(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(start_with="longer-out-breath"), terminal_size=SIZE)


def test_start_card_with_long_words(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """Intro and safety longer than the room: they scroll in their box, the choices stay seen."""
    assert snap_compare(make_app(start_with="box-breathing"), terminal_size=SIZE)


def test_breathing_step(snap_compare: SnapCompare, make_app: AppFactory, clock: FakeClock) -> None:
    async def into_the_breath(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        clock.advance(22.0)  # two seconds into the first in-breath
        screen = pilot.app.screen
        assert isinstance(screen, PlayerScreen)
        screen.sync()
        await pilot.pause()

    app = make_app(start_with="longer-out-breath", motion="full")
    assert snap_compare(app, terminal_size=SIZE, run_before=into_the_breath)


def test_summary(snap_compare: SnapCompare, make_app: AppFactory, clock: FakeClock) -> None:
    async def to_the_end(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        clock.advance(61)
        screen = pilot.app.screen
        assert isinstance(screen, PlayerScreen)
        screen.sync()
        await pilot.pause()

    assert snap_compare(
        make_app(start_with="cyclic-sigh"), terminal_size=SIZE, run_before=to_the_end
    )


async def _lead_into_the_first_noticing(pilot: Pilot[None]) -> None:
    """Begin leading, then 15 s on: "Five things you can see", the next cue 20 s away."""
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, LeadScreen)
    clock = cast("BreatherApp", pilot.app).clock
    assert isinstance(clock, FakeClock)
    clock.advance(15.0)
    screen.sync()
    await pilot.pause()


def test_lead_view_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app(start_with="grounding-5-4-3-2-1", lead=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_lead_into_the_first_noticing)


def test_lead_view_160x48(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app(start_with="grounding-5-4-3-2-1", lead=True)
    assert snap_compare(app, terminal_size=(160, 48), run_before=_lead_into_the_first_noticing)


def test_your_practice(snap_compare: SnapCompare, make_app: AppFactory, tmp_path: Path) -> None:
    """The history screen on a fixed day, with two weeks of generated sessions."""
    today = at("2026-12-02 16:00")
    store = opened(tmp_path / "data" / "history.sqlite3")
    exercises = [("longer-out-breath", "Breathing space"), ("cyclic-sigh", "Cyclic sigh"),
                 ("going-home", "Going home"), ("outcomes-log", "Outcomes log")]  # fmt: skip
    for back in range(16):
        for number in range(back % 3 + (back % 4 == 0)):
            exercise_id, title = exercises[(back + number) % len(exercises)]
            check_ins: tuple[CheckIn, ...] = ()
            if number == 0 and back % 2 == 0:
                check_ins = (
                    CheckIn("tension", -1, 3 + back % 5),
                    CheckIn("tension", 9, 2 + back % 4),
                )
            store.record(
                session(
                    (today - timedelta(days=back, hours=2 * number)).isoformat(),
                    exercise_id,
                    title,
                    played=60.0 * (1 + (back + number) % 3),
                    check_ins=check_ins,
                    entries=(Entry("outcomes", 2, "A small change"),) if number else (),
                )
            )
    app = make_app()
    app.history = store
    app.now = lambda: today

    async def open_it(pilot: Pilot[None]) -> None:
        await pilot.press("y")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_it)
