"""A large library opens with the built-ins, marked as still loading, then shows everything."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual.widgets import OptionList

from breather.clock import FakeClock
from breather.library import ExerciseFolder, Library, load_folders
from breather.settings import SessionChoices, Settings
from breather.ui.app import BreatherApp
from breather.ui.screens.library import LibraryScreen
from breather.ui.widgets.line import Line
from tests.conftest import PROJECT
from tests.ui.test_app import SIZE, option_ids


def prompts(screen: LibraryScreen) -> list[str]:
    options = screen.query_one("#exercises", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_first_pass_is_marked_until_the_whole_library_arrives(
    tmp_path: Path, clock: FakeClock, organisation: Path
) -> None:
    builtin = ExerciseFolder(PROJECT / "exercises", "built-in")
    started, released = threading.Event(), threading.Event()

    def finish() -> Library:
        started.set()
        released.wait(timeout=10)
        return load_folders([builtin, ExerciseFolder(organisation, "organisation")])

    app = BreatherApp(
        load_folders([builtin]),
        settings=Settings(),
        settings_path=tmp_path / "settings.yaml",
        choices=SessionChoices(motion="none"),
        clock=clock,
        finish_loading=finish,
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.pause()
        assert not app.library_complete
        assert "ex:longer-out-breath" in option_ids(screen)
        assert "ex:practice" not in option_ids(screen)
        assert "Still loading the other folders…" in prompts(screen)
        assert (
            "Loading the exercises from your other folders" in screen.query_one("#hint", Line).text
        )
        # The loading starts a moment after the first paint: wait until it has, then let it end.
        assert await asyncio.to_thread(started.wait, 10)
        released.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library_complete
        assert "ex:practice" in option_ids(screen)
        assert "Still loading the other folders…" not in prompts(screen)
        assert "Enter opens the start card" in screen.query_one("#hint", Line).text
