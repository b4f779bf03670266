"""The motion floor: a Textual app whose only work is one 40-cell bar changing 9 times a second.

`bench/animation.py` measures its CPU time and bytes written beside breather's player in full
motion, in the same run: what Textual itself costs to change something on screen at the rate the
breath picture changes. The bar fills and empties one cell at each tick, so every tick changes
what is on screen; its width never changes, so no tick needs a layout.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

CELLS = 40
RATE = 9
"""Changes a second: breather's full-motion picture changes about this often (bench/animation)."""


def bar(tick: int) -> str:
    """The bar at a tick: it fills for 40 ticks and empties for the next 40."""
    position = tick % (2 * CELLS)
    filled = position if position <= CELLS else 2 * CELLS - position
    return "█" * filled + "░" * (CELLS - filled)


class BarApp(App[None]):
    """One bar that moves; ``q`` quits."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        self._bar = Static(bar(0))
        self._tick = 0
        yield self._bar

    def on_mount(self) -> None:
        self.set_interval(1 / RATE, self.advance)

    def advance(self) -> None:
        self._tick += 1
        self._bar.update(bar(self._tick), layout=False)


if __name__ == "__main__":
    BarApp().run()
