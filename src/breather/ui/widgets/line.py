"""A one-purpose text widget that redraws only when its text changes."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from breather.ui.widgets.hanging import Hanging


class Line(Widget):
    """Shows a piece of text; :meth:`update` with the same text costs nothing.

    Textual's ``Static.update`` always refreshes; the player sets its lines many times a second
    as time passes, and most of those times nothing visible has changed.
    """

    DEFAULT_CSS = """
    Line { height: auto; }
    """

    def __init__(
        self, text: str | Text = "", *, id: str | None = None, classes: str = "", hang: int = 0
    ) -> None:
        """``hang``: the indent of each row's wrapped lines (:class:`Hanging`); 0 for none."""
        super().__init__(id=id, classes=classes)
        self._text: str | Text = text
        self._hang = hang

    @property
    def text(self) -> str:
        """The plain text shown."""
        return self._text.plain if isinstance(self._text, Text) else self._text

    def update(self, text: str | Text) -> None:
        """Show this text, redrawing only if it differs from what is shown."""
        if text == self._text:
            return
        before = self.text
        self._text = text
        # An auto-height line is laid out again only when its text can wrap differently: a
        # countdown going from 3 to 2 keeps its length and needs no layout.
        height = self.styles.height
        auto = height is None or height.is_auto
        self.refresh(layout=auto and len(self.text) != len(before))

    def render(self) -> Text | Hanging:
        text = self._text if isinstance(self._text, Text) else Text(self._text)
        return Hanging(text, self._hang) if self._hang else text
