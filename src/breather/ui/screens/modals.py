"""Small screens shown over others: the keys, an exercise's details, a file's problems, and the
question asked before something is deleted."""

from __future__ import annotations

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

KEYS = """\
Library
  1 2 3     what fits in 1, 2 or 3 minutes (0: any)
  /         filter by words        i   details, source
  Enter     open the start card    q   leave breather
  y         your practice          j   your journal

Start card
  Enter     begin                  1-9 or 0  length
  h         breath holds on/off    m   motion level
  s         sound: off, tones or bell, for this run

Playing
  space     pause and continue (on a tally or a
            checklist it marks; k pauses there)
  → or n    next step              ← or p    back
  q or Esc  stop now, with a short summary
  t         show or hide the timers
  ↑ ↓       move on a checklist; space ticks or
            unticks, Enter ticks and moves on
  ← → 0-10  choose on a check-in; Enter keeps, s skips
  Enter     next box when writing

Journal
  Tab       to the entries         d   delete one (asks first)

Anywhere
  ?         these keys             Ctrl+C    quit\
"""


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

    def __init__(self, title: str, body: str) -> None:
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
            yield Static(Text(self.body), id="panel-body")
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class HelpScreen(TextScreen):
    """The keys."""

    def __init__(self) -> None:
        super().__init__("Keys", KEYS)


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
