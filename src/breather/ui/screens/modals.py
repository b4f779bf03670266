"""Small screens shown over others: the keys, an exercise's details, a file's problems, and the
question asked before something is deleted."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from breather.errors import Problem
from breather.model import Exercise
from breather.safetext import safe_text
from breather.ui.widgets.footer import Footer

KeyPairs = tuple[tuple[str, str], ...]
"""Keys and what they do, each pair kept on one line as the panel draws it."""

KEY_SECTIONS: tuple[tuple[str, KeyPairs], ...] = (
    (
        "Library",
        (
            ("1 2 3", "what fits in 1, 2 or 3 minutes (0: any)"),
            ("/", "filter by words"),
            ("i", "details, source"),
            ("Enter", "open the start card"),
            ("q", "leave breather"),
            ("y", "your practice"),
            ("j", "your journal"),
        ),
    ),
    (
        "Start card",
        (
            ("Enter", "begin"),
            ("1-9 or 0", "length"),
            ("h", "breath holds on/off"),
            ("m", "motion level"),
            ("s", "sound: off, tones or bell, for this run"),
        ),
    ),
    (
        "Playing",
        (
            ("space", "pause and continue (on a tally or a checklist it marks; k pauses there)"),
            ("→ or n", "next step"),
            ("← or p", "back"),
            ("q or Esc", "stop now, with a short summary"),
            ("t", "show or hide the timers"),
            ("↑ ↓", "move on a checklist; space ticks or unticks, Enter ticks and moves on"),
            ("← → 0-10", "choose on a check-in; Enter keeps, s skips"),
            ("Enter", "next box when writing"),
        ),
    ),
    ("Journal", (("Tab", "to the entries"), ("d", "delete one (asks first)"))),
    ("Anywhere", (("?", "these keys"), ("Ctrl+C", "quit"))),
)
"""The keys, by where they work (the same words are in the README)."""

TWO_COLUMNS = 56
"""The narrowest width (past the indent) that takes the keys in two columns; narrower, one."""
INDENT, GAP = 2, 2
"""Cells before each key, and between a key and its words (and between two pairs)."""


class KeysTable:
    """The keys as a Rich renderable, laid out for the width it is given.

    Narrow, one pair a line; wide enough (:data:`TWO_COLUMNS`), two short pairs share a line and
    a long one has a line to itself. A pair's words wrap only inside their own column, beside
    their key, so a key never ends a line with its words on the next.
    """

    def __init__(self, sections: tuple[tuple[str, KeyPairs], ...] = KEY_SECTIONS) -> None:
        self.sections = sections
        self.key_width = max(len(key) for _, pairs in sections for key, _ in pairs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - INDENT
        # The words' room in half the width: a key, its gap, and the gap to the next pair.
        half_words = (width - GAP) // 2 - self.key_width - GAP
        for number, (section, pairs) in enumerate(self.sections):
            if number:
                yield Text()
            yield Text(section, style="bold")
            for row in self._rows(pairs, half_words if width >= TWO_COLUMNS else 0):
                yield Padding(self._grid(row, half_words), (0, 0, 0, INDENT))

    @staticmethod
    def _rows(pairs: KeyPairs, half_words: int) -> list[KeyPairs]:
        """The pairs a line holds, in order: two short ones side by side, else one."""
        rows: list[KeyPairs] = []
        index = 0
        while index < len(pairs):
            two = pairs[index : index + 2]
            if len(two) == 2 and all(len(words) <= half_words for _, words in two):
                rows.append(two)
            else:
                rows.append(two[:1])
            index += len(rows[-1])
        return rows

    def _grid(self, row: KeyPairs, half_words: int) -> Table:
        grid = Table.grid(padding=(0, GAP, 0, 0), expand=True)
        for number, _pair in enumerate(row):
            grid.add_column(no_wrap=True, width=self.key_width, style="bold")
            if number + 1 < len(row):
                grid.add_column(width=half_words)
            else:
                grid.add_column(ratio=1)
        grid.add_row(*(cell for pair in row for cell in pair))
        return grid


def exercise_details(exercise: Exercise) -> tuple[str, str]:
    """The title and body of an exercise's details panel (``i`` in the library)."""
    parts = [
        exercise.summary,
        f"Safety: {exercise.safety}" if exercise.safety else "",
        f"Source: {exercise.source}" if exercise.source else "",
        safe_text(f"From: {exercise.origin} ({exercise.path})"),  # a folder's name may hold ESC
    ]
    return exercise.title, "\n\n".join(part for part in parts if part)


def file_problems(path: str, problems: list[Problem]) -> tuple[str, str]:
    """The title and body of the panel that says why a file could not be loaded."""
    lines = [problem.render() for problem in problems if problem.path == path]
    body = (
        "\n".join(lines)
        + "\n\nFix the file and start breather again; `breather validate FILE` checks it."
    )
    return "This file could not be loaded", body


class TextScreen(ModalScreen[None]):
    """A panel of text over the current screen; any of Escape, q, Enter or ? closes it."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,enter,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, title: str, body: str | RenderableType) -> None:
        """``body``: words (shown as they are, never read as markup), or a Rich renderable."""
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        panel = VerticalScroll(id="panel")
        # On the frame, so it shows however far the text is scrolled (at 80x24 the keys do not
        # fit); the footer, this panel's own, says the same over the one of the screen beneath.
        panel.border_subtitle = "Escape closes · ↑ ↓ scroll"
        with panel:
            yield Static(Text(self.title_text, style="bold"), id="panel-title")
            body = Text(self.body) if isinstance(self.body, str) else self.body
            yield Static(body, id="panel-body")
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class HelpScreen(TextScreen):
    """The keys, in one column or two as the panel's width allows."""

    def __init__(self, first: str | None = None) -> None:
        """``first``: the section of the keys that work where help was asked for, shown first."""
        super().__init__("Keys", KeysTable(sections_from(first)))


def sections_from(first: str | None) -> tuple[tuple[str, KeyPairs], ...]:
    """:data:`KEY_SECTIONS` with the section named ``first`` moved to the top, the rest in order.

    At 80x24 only the first two sections fit: help asked for while playing opened at the
    library's keys, with the player's below the fold.
    """
    chosen = [section for section in KEY_SECTIONS if section[0] == first]
    return (*chosen, *(section for section in KEY_SECTIONS if section[0] != first))


class ConfirmScreen(ModalScreen[bool]):
    """A question before something that cannot be undone: ``y`` says yes; ``n`` or Escape, no.

    Only ``y`` deletes: Enter, the key a tired hand presses to get past a panel, does nothing.
    The keys are said on the frame, so they show however far a long text is scrolled.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("y", "answer(True)", "Delete"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def __init__(self, question: str, body: str, keys: str) -> None:
        """Ask ``question``, with ``body`` under it and ``keys`` on the frame."""
        super().__init__()
        self.question = question
        self.body = body
        self.keys = keys

    def compose(self) -> ComposeResult:
        panel = VerticalScroll(id="panel")
        panel.border_subtitle = self.keys
        with panel:
            yield Static(Text(self.question, style="bold"), id="panel-title")
            yield Static(Text(self.body), id="panel-body")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
