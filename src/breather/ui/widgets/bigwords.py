"""The words to say now, as large as the room they are shown in allows.

Drawn in block letters (:mod:`breather.bigtext`) when the words fit the widget at that size, and
in ordinary bold type when they do not (a long sentence on a small terminal) or when the font has
no letter for them (another script): never cut off, never guessed at.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from breather.bigtext import block_lines


class BigWords(Widget):
    """Words in large type, centred; :meth:`update` with the same words costs nothing."""

    DEFAULT_CSS = """
    BigWords { height: 1fr; content-align: center middle; text-align: center; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._words = ""

    @property
    def words(self) -> str:
        """The words shown."""
        return self._words

    @property
    def in_block_letters(self) -> bool:
        """Whether the words are drawn in block letters at the widget's present size."""
        return self._rows() is not None

    def update(self, words: str) -> None:
        """Show these words, redrawing only if they differ from what is shown."""
        if words != self._words:
            self._words = words
            self.refresh()

    def _rows(self) -> tuple[str, ...] | None:
        size = self.content_size
        rows = block_lines(self._words, size.width)
        return rows if rows is not None and len(rows) <= size.height else None

    def render(self) -> Text:
        rows = self._rows()
        if rows is None:
            return Text(self._words, style="bold", justify="center")
        return Text("\n".join(rows), justify="center", no_wrap=True)
