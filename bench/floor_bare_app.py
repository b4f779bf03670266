"""The launch floor: a bare Textual app showing one Static, nothing else.

`bench/startup.py` times it from launch to its text on screen, beside breather's launch to the
library, in the same run: what Textual itself costs to start on this machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "BARE TEXTUAL APP"


class BareApp(App[None]):
    """One Static; ``q`` quits."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    BareApp().run()
