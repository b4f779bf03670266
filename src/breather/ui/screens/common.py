"""Pieces every screen shares: the typed app and the "too small" message.

Screens never import the app at run time (the app imports them): they read it through a typed
``cast`` and ask it for things with the messages in :mod:`breather.ui.messages`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from breather.ui.app import BreatherApp


class TooSmall(Static):
    """Shown instead of everything else when the window is smaller than breather can draw."""

    DEFAULT_CSS = """
    TooSmall { display: none; width: 100%; height: 100%; content-align: center middle; }
    """

    def __init__(self) -> None:
        super().__init__("Make the window\na little larger\nand breather will be here.")


MIN_WIDTH, MIN_HEIGHT = 40, 12
"""Below this size a screen shows a calm "make the window a little larger" message."""


class BreatherScreen(Screen[None]):
    """A screen of breather's, with the app typed as :class:`BreatherApp`.

    Textual's breakpoints mark a screen too narrow or too short for what it draws; the styles
    then hide everything but the "make the window a little larger" message. Textual applies them
    as it lays the screen out, so they follow even a burst of resizes.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-wide-enough")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-tall-enough")]  # noqa: RUF012

    KEYS_SECTION: ClassVar[str | None] = None
    """The keys ``?`` shows first on this screen (a section of ``modals.KEY_SECTIONS``), so
    that those that work here are in sight at 80x24; None: the sections in their usual order."""

    @property
    def breather(self) -> BreatherApp:
        """The app, typed, to read what it shares (the library, the settings): never to change."""
        return cast("BreatherApp", self.app)

    def ask(self, message: Message) -> None:
        """Ask the app for something (a message from :mod:`breather.ui.messages`).

        Posted to the app itself rather than bubbled: a key binding runs a screen's action from
        the app's own message loop, and Textual does not bubble a message back to its sender.
        """
        self.app.post_message(message)
