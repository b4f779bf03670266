"""A checklist: items ticked one by one, then "Continue"; the keys for it are shown under it."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

KEYS_HINT = "space ticks or unticks  ·  Enter ticks and moves on  ·  ↑ ↓ move"
"""The checklist's keys, shown under it (the same words are in ``?`` and the README)."""


class ChecklistView(Widget):
    """Draws a checklist with a cursor. The session keeps which items are ticked."""

    DEFAULT_CSS = """
    ChecklistView { height: auto; width: auto; padding: 0 2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: tuple[str, ...] = ()
        self.ticked: frozenset[int] = frozenset()
        self.cursor = 0
        self.waits = True

    def update(self, items: tuple[str, ...], ticked: frozenset[int], waits: bool) -> None:
        """Show these items and ticks; the cursor resets when the list changes."""
        if items != self.items:
            self.cursor = 0
        if (items, ticked, waits) == (self.items, self.ticked, self.waits):
            return
        self.items, self.ticked, self.waits = items, ticked, waits
        self.refresh(layout=True)

    @property
    def on_continue(self) -> bool:
        """Whether the cursor is on the "Continue" row."""
        return self.waits and self.cursor == len(self.items)

    def move(self, delta: int) -> None:
        """Move the cursor up or down."""
        rows = len(self.items) + (1 if self.waits else 0)
        if rows:
            self.cursor = (self.cursor + delta) % rows
            self.refresh()

    def render(self) -> Text:
        text = Text()
        for index, item in enumerate(self.items):
            pointer = "▸ " if index == self.cursor else "  "
            box = "[x]" if index in self.ticked else "[ ]"
            text.append(f"{pointer}{box} {item}\n", style="bold" if index == self.cursor else "")
        if self.waits:
            pointer = "▸ " if self.on_continue else "  "
            text.append(f"{pointer}Continue →\n", style="bold" if self.on_continue else "")
        text.append(f"\n{KEYS_HINT}", style="dim")
        return text
