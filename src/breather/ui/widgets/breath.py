"""The breath visual: draws :class:`breather.visual.BreathShape` for the state it is given.

Only the rows of the picture that changed are sent to the terminal: as the shape grows by one
pixel, two or four rows change, and redrawing only those keeps the bytes written (which matter
over remote desktop) to a fraction of a full redraw.

It draws with Textual's line API: Textual asks for the rows marked as changed, one at a time, and
each row is a ready :class:`~textual.strip.Strip` kept by its text. The picture is never built
as one block of text to be wrapped, measured and cut into lines again at every change, which is
what a ``render()`` returning :class:`~rich.text.Text` costs (measured in bench/profile_motion.py;
the figures are in the README's performance notes).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from breather.settings import Motion
from breather.visual import ASPECT, BreathShape

MAX_DISC_COLUMNS = 56
"""The full shape is never wider than this, however large the window: calm, and cheap to draw."""

ROWS_KEPT = 1024
"""Ready rows kept, by their text: the full shape at its largest has a few hundred different
rows, so a breath after the first draws from this alone; bounded, so no size or length of
session makes it grow further."""


class BreathVisual(Widget):
    """A shape or bar that follows the breath. Pure function of (amount, size, motion).

    The widget is as wide as the picture, as tall as the room its step gives it, and centred in
    that room by its left margin, so a changed row reaches the terminal as the picture's width,
    not the window's. No centring box around it: a container is one more widget for Textual to
    compose at every change.
    """

    DEFAULT_CSS = """
    BreathVisual { height: 1fr; min-height: 3; }
    BreathVisual.-none { display: none; }
    """

    def __init__(self, motion: Motion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._motion: Motion = motion
        self._amount = 0.0
        self._shape = BreathShape(motion, 0, 0)
        self._key: float | None = None
        self._lines: tuple[str, ...] = ()
        self._top = 0
        self._room = Size(0, 0)
        self._strips: LRUCache[tuple[str, int], Strip] = LRUCache(ROWS_KEPT)
        self.set_class(motion == "basic", "-basic")
        self.set_class(motion == "none", "-none")

    @property
    def shape(self) -> BreathShape:
        """The shape at the current size and motion level."""
        return self._shape

    def on_resize(self, event: Resize) -> None:
        self.fit_room()

    def fit_room(self) -> None:
        """Size the picture for its room: the parent's width, and the height the layout gives."""
        parent = self.parent
        width = parent.content_size.width if isinstance(parent, Widget) else self.size.width
        room = Size(width, self.size.height)
        if room != self._room:
            self.fit(room)

    def fit(self, room: Size) -> None:
        """Size the picture for a room of this size, and the widget to the picture."""
        self._room = room
        width, height = room.width, room.height
        if self._motion == "basic":
            self._shape = BreathShape("basic", max(min(width - 4, 60), 0), 1)
        else:
            rows = min(height, round(MAX_DISC_COLUMNS / (2 * ASPECT)))
            columns = min(width, round(rows * 2 * ASPECT))
            columns -= columns % 2
            rows = min(rows, max(round(columns / (2 * ASPECT)), 1))
            self._shape = BreathShape(self._motion, columns, rows)
        self.styles.width = max(self._picture_width, 1)
        self.styles.margin = (0, 0, 0, max((width - self._picture_width) // 2, 0))
        self._key = None
        self._lines = self._shape.frame(self._amount)
        self._top = max((height - max(self._shape.height, 1)) // 2, 0)
        self.refresh()

    @property
    def _picture_width(self) -> int:
        """The cells a row of the picture takes (the bar has an edge on each side)."""
        return self._shape.width + (2 if self._motion == "basic" else 0)

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
        changed = [
            Region(0, self._top + row, self._picture_width, 1)
            for row, (old, new) in enumerate(zip(previous, lines, strict=True))
            if old != new
        ]
        if changed:
            self.refresh(*changed)

    def _row(self, y: int) -> str:
        """The text of row ``y`` (empty above and below the picture)."""
        index = y - self._top
        if not 0 <= index < len(self._lines):
            return ""
        line = self._lines[index]
        return f"▕{line}▏" if self._motion == "basic" else line

    def render_line(self, y: int) -> Strip:
        """Row ``y``, from the rows kept by text: drawn once, then reused at every breath."""
        width = self.size.width
        text = self._row(y)
        key = (text, width)
        strip = self._strips.get(key)
        if strip is None:
            style = self.rich_style
            strip = Strip([Segment(text, style)] if text else []).crop_extend(0, width, style)
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        """The colours changed (a theme): the rows kept carry the old ones."""
        super().notify_style_update()
        self._strips.clear()

    def render(self) -> Text:
        """The whole picture as text (what :meth:`render_line` draws, row by row)."""
        return Text("\n".join(self._row(y) for y in range(self._top + len(self._lines))))
