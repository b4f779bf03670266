"""The breath visual: draws :class:`breather.visual.BreathShape` for the state it is given."""

from __future__ import annotations

from rich.text import Text
from textual.events import Resize
from textual.widget import Widget

from breather.settings import Motion
from breather.visual import BreathShape

MAX_DISC_COLUMNS = 44
"""The full shape is never wider than this, however large the window: calm, and cheap to draw."""


class BreathVisual(Widget):
    """A shape or bar that follows the breath. Pure function of (amount, size, motion)."""

    DEFAULT_CSS = """
    BreathVisual { height: 1fr; content-align: center middle; }
    BreathVisual.-basic { height: 3; }
    BreathVisual.-none { display: none; }
    """

    def __init__(self, motion: Motion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._motion: Motion = motion
        self._amount = 0.0
        self._shape = BreathShape(motion, 0, 0)
        self._key: float | None = None
        self.set_class(motion == "basic", "-basic")
        self.set_class(motion == "none", "-none")

    @property
    def shape(self) -> BreathShape:
        """The shape at the current size and motion level."""
        return self._shape

    @property
    def motion(self) -> Motion:
        return self._motion

    def set_motion(self, motion: Motion) -> None:
        """Change the motion level (from the start card or settings)."""
        self._motion = motion
        self.set_class(motion == "basic", "-basic")
        self.set_class(motion == "none", "-none")
        self._reshape()

    def on_resize(self, event: Resize) -> None:
        self._reshape()

    def _reshape(self) -> None:
        width, height = self.content_size.width, self.content_size.height
        if self._motion == "basic":
            self._shape = BreathShape("basic", max(min(width - 4, 60), 0), 1)
        else:
            columns = min(width, MAX_DISC_COLUMNS, height * 2)
            columns -= columns % 2
            self._shape = BreathShape(self._motion, columns, columns // 2)
        self._key = None
        self.refresh()

    def show(self, amount: float) -> None:
        """Draw the breath ``amount`` full (0..1); redraws only when the picture changes."""
        self._amount = amount
        key = self._shape.level_key(amount) if self._shape.moves else 0.0
        if key != self._key:
            self._key = key
            self.refresh()

    def render(self) -> Text:
        lines = self._shape.frame(self._amount)
        if self._motion == "basic" and lines:
            return Text(f"▕{lines[0]}▏")
        return Text("\n".join(lines))
