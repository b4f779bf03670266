"""The footer: the screen's keys as Textual draws them, rebuilt only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from breather.ui.widgets.footer import Footer


class Keys(App[None]):
    """One screen whose space key says Pause or Mark, as the player's does."""

    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [  # noqa: RUF012
        Binding("space", "space('Pause')", "Pause"),
        Binding("space", "space('Mark')", "Mark"),
        Binding("q", "quit", "Stop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.space_does = "Pause"

    def compose(self) -> ComposeResult:
        yield Static("Step one")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "space":
            return parameters[0] == self.space_does
        return True


def shown(app: Keys) -> list[Widget]:
    """The footer's keys: one widget each."""
    return list(app.screen.query_one(Footer).children)


def words(keys: list[Widget]) -> list[str]:
    """What each key says, as drawn."""
    return [" ".join(str(key.render()).split()) for key in keys]


async def test_the_same_keys_are_not_rebuilt_and_changed_ones_are() -> None:
    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        before = shown(app)
        assert words(before) == ["space Pause", "q Stop"]
        for _ in range(3):  # as a change of focus or of screen does, with the keys unchanged
            app.screen.refresh_bindings()
            await pilot.pause()
        assert shown(app) == before  # the very same widgets: nothing was rebuilt

        app.space_does = "Mark"
        app.screen.refresh_bindings()
        await pilot.pause()
        after = shown(app)
        assert words(after) == ["space Mark", "q Stop"]
        assert not set(after) & set(before)
