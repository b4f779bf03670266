"""A few SVG snapshots guard the look of each screen (80x24, fake clock, fixed moments).

Update them after an intended change with `.venv/bin/pytest tests/ui --snapshot-update`, then
look at the SVGs in tests/ui/__snapshots__ before committing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from breather.clock import FakeClock
from breather.ui.screens.player import PlayerScreen
from tests.ui.conftest import AppFactory

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def test_library(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_start_card(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(start_with="longer-out-breath"), terminal_size=SIZE)


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
