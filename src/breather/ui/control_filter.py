"""The UI's last guard: no control character in a line of text reaches the terminal raw.

Text from files is refused at the door when it holds control characters (``yamlsafe.py``), and
what may still hold them (a file name in a problem) is shown escaped (``safetext.safe_text``).
Textual itself strips only a few controls (BEL, BS, VT, FF, CR) from text and passes ESC and the
C1 controls through to the terminal, so this filter runs on every line every widget draws and
drops any control character left in its text. Such characters take no cell on screen, so
dropping them leaves every line exactly as wide as Textual laid it out. Textual's own escape
sequences (colours, cursor moves, links) are made from styles after the filter, never from a
segment's text, so they are untouched.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from breather.safetext import TERMINAL_CONTROL


class DropControlCharacters(LineFilter):
    """A Textual line filter that removes C0, DEL and C1 characters from segments' text."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, with control characters removed from their text (usually unchanged)."""
        if not any(
            TERMINAL_CONTROL.search(segment.text) for segment in segments if not segment.control
        ):
            return segments
        return [
            segment
            if segment.control
            else Segment(TERMINAL_CONTROL.sub("", segment.text), segment.style)
            for segment in segments
        ]
