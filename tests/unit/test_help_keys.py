"""``breather --help`` names the keys each screen's footer shows, so a key is never a secret."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.screen import Screen

from breather.cli import build_parser
from breather.ui.screens.history import JournalScreen
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.start import StartScreen


def epilog_part(screen_words: str) -> str:
    """The sentence of the epilog that starts with ``screen_words``."""
    epilog = build_parser().epilog or ""
    start = epilog.index(screen_words)
    return epilog[start : epilog.index(".", start)]


@pytest.mark.parametrize(
    ("screen", "words"),
    [
        (LibraryScreen, "Keys in the library"),
        (StartScreen, "On the start card"),
        (PlayerScreen, "In the player"),
        (JournalScreen, "In the journal"),
    ],
)
def test_the_help_names_every_key_a_screen_shows(screen: type[Screen[object]], words: str) -> None:
    part = epilog_part(words)
    named: set[str] = set()
    for item in part.split(": ", 1)[1].split(", "):  # "n/→ next", "1/2/3 minutes"
        named.update(item.split(" ")[0].split("/") if not item.startswith("/ ") else ["/"])
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        if not binding.show or binding.action.startswith("app."):
            continue
        keys = {NAMES.get(key, key) for key in binding.key.split(",")}
        assert keys & named, f"{words}: {binding.key} ({binding.description}) is not in {part!r}"


NAMES = {"slash": "/", "right": "→", "left": "←", "escape": "esc"}
