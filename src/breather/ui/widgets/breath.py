"""The breath visual: draws :class:`breather.visual.BreathShape` for the state it is given.

Only the rows of the picture that changed are sent to the terminal: as the shape grows by one
pixel, two or four rows change, and redrawing only those keeps the bytes written (which matter
over remote desktop) to a fraction of a full redraw.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Center
from textual.events import Resize
from textual.geometry import Region, Size
from textual.widget import Widget

from breather.settings import Motion
from breather.visual import ASPECT, BreathShape

MAX_DISC_COLUMNS = 56
"""The full shape is never wider than this, however large the window: calm, and cheap to draw."""


class BreathVisual(Widget):
    """A shape or bar that follows the breath. Pure function of (amount, size, motion)."""

    DEFAULT_CSS = """
    BreathVisual { height: 1fr; }
    BreathVisual.-none { display: none; }
    """

    def __init__(self, motion: Motion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._motion: Motion = motion
        self._amount = 0.0
        self._shape = BreathShape(motion, 0, 0)
        self._key: float | None = None
        self._lines: tuple[str, ...] = ()
        self._origin = (0, 0)
        self._room = Size(0, 0)
        self.set_class(motion == "basic", "-basic")
        self.set_class(motion == "none", "-none")

    @property
    def shape(self) -> BreathShape:
        """The shape at the current size and motion level."""
        return self._shape

    def fit(self, room: Size) -> None:
        """Size the picture for the room its box has (called by :class:`BreathBox`)."""
        self._room = room
        self._reshape()

    def _reshape(self) -> None:
        width, height = self._room.width, self._room.height
        if self._motion == "basic":
            self._shape = BreathShape("basic", max(min(width - 4, 60), 0), 1)
        else:
            rows = min(height, round(MAX_DISC_COLUMNS / (2 * ASPECT)))
            columns = min(width, round(rows * 2 * ASPECT))
            columns -= columns % 2
            rows = min(rows, max(round(columns / (2 * ASPECT)), 1))
            self._shape = BreathShape(self._motion, columns, rows)
        # The widget hugs the picture (its box centres it), so a changed row is sent to the
        # terminal as the picture's width, not the window's.
        wide = self._shape.width + (2 if self._motion == "basic" else 0)
        self.styles.width = max(wide, 1)
        self._key = None
        self._lines = self._shape.frame(self._amount)
        self._origin = (0, max((height - max(self._shape.height, 1)) // 2, 0))
        self.refresh()

    def update(self, amount: float) -> None:
        """Draw the breath ``amount`` full (0..1); redraws only the rows that change."""
        self._amount = amount
        if not self._shape.moves:
            return
        key = self._shape.level_key(amount)
        if key == self._key:
            return
        first = self._key is None
        self._key = key
        lines = self._shape.frame(amount)
        previous, self._lines = self._lines, lines
        if first or len(previous) != len(lines):
            self.refresh()
            return
        left, top = self._origin
        changed = [
            Region(left, top + row, self._shape.width, 1)
            for row, (old, new) in enumerate(zip(previous, lines, strict=True))
            if old != new
        ]
        if changed:
            self.refresh(*changed)

    def render(self) -> Text:
        left, top = self._origin
        lines = self._lines
        if self._motion == "basic" and lines:
            lines = (f"▕{lines[0]}▏",)
        padding = " " * left
        return Text("\n" * top + "\n".join(padding + line for line in lines))


class BreathBox(Center):
    """The room the breath visual has: it centres the visual and tells it its size."""

    DEFAULT_CSS = """
    BreathBox { height: 1fr; min-height: 3; }
    """

    def on_resize(self, event: Resize) -> None:
        for visual in self.query(BreathVisual):
            visual.fit(self.content_size)
