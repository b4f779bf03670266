"""Rows of a label and its words, whose wrapped lines start under the words, not the label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

NARROWEST = 16
"""Below this many cells beside the indent, wrapped lines start at the left edge again: a
column of two or three words a line reads worse than a line that starts under the label."""


class Hanging:
    """Text in rows (one per line of the text), each wrapped with a hanging indent.

    The start card's choices read as a table, "Motion   full (a shape...)      m to switch":
    a row too long for the window goes on under its words, so the labels stay a column. A row
    that starts with spaces (a note under a choice) already sits under the words, and is
    wrapped the same way.
    """

    def __init__(self, text: Text, indent: int) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for row in self.text.split("\n", allow_blank=True):
            yield from self.wrapped(row, console, width)

    def wrapped(self, row: Text, console: Console, width: int) -> list[Text]:
        """One row as the lines it takes at ``width``."""
        lines = row.wrap(console, width)
        if len(lines) <= 1 or width - self.indent < NARROWEST:
            return list(lines)
        first = lines[0]
        first.rstrip()
        rest = row[len(first.plain) :]
        rest = rest[len(rest.plain) - len(rest.plain.lstrip()) :]
        under = [
            Text(" " * self.indent).append_text(line)
            for line in rest.wrap(console, width - self.indent)
        ]
        return [first, *under]
