"""The check-in before and after a session, when the settings ask for one (``check_in: true``).

One question, the 0-10 scale and a way past it: ``s`` skips, Enter keeps the number chosen or,
with none chosen, goes on with nothing kept. Escape is "back", as everywhere else: before the
session it goes back to the start card (nothing has begun), after it skips to the summary.
Nothing here comments on the answer; the summary shows the two numbers and no more.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from breather.practice import BEFORE_AFTER_QUESTION, BEFORE_AFTER_SCALE
from breather.ui.messages import CheckInAnswered, GoBack
from breather.ui.screens.common import BreatherScreen, TooSmall
from breather.ui.widgets.check_in import HINT, CheckInScale
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line

LEADS = {
    "before": "Before you begin",
    "after": "Before you go on",
}


class CheckInScreen(BreatherScreen):
    """Asks the before or the after check-in, then tells the app (:class:`CheckInAnswered`)."""

    KEYS_SECTION = "Playing"

    BINDINGS = [  # noqa: RUF012
        # Before a session Escape goes back to the start card; after one there is nothing to go
        # back to, and Escape skips, as s does: the footer names only what Escape does there.
        Binding("escape", "back", "Back"),
        Binding("escape", "skip", "Skip", show=False),
        Binding("q", "skip", "Skip", show=False),
    ]

    def __init__(self, stage: Literal["before", "after"], title: str) -> None:
        super().__init__()
        self.stage: Literal["before", "after"] = stage
        self.exercise_title = title
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="check-in-card"):
            yield Line(
                Text.assemble((self.exercise_title, "bold"), f"  ·  {LEADS[self.stage]}"),
                id="check-in-title",
            )
            yield Line(Text(BEFORE_AFTER_QUESTION, style="bold"), classes="words")
            yield CheckInScale(BEFORE_AFTER_SCALE, id="check-in-scale")
            yield Line(HINT)
            yield Line(
                Text("Answers stay on this computer, for you alone.", style="dim italic"),
                id="check-in-private",
            )
        yield Footer()
        yield TooSmall()

    def on_mount(self) -> None:
        self.query_one(CheckInScale).focus()

    def on_check_in_scale_kept(self, message: CheckInScale.Kept) -> None:
        message.stop()
        self._answer(message.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``back`` is offered (and named in the footer) only before a session."""
        if action == "back":
            return self.stage == "before"
        return True

    def action_skip(self) -> None:
        self._answer(None)

    def action_back(self) -> None:
        """Before: back to the start card, nothing begun or kept. After: skip to the summary."""
        if self.stage == "before" and not self._answered:
            self._answered = True
            self.ask(GoBack(self))
        else:
            self._answer(None)

    def _answer(self, value: int | None) -> None:
        if not self._answered:  # a key pressed twice answers once
            self._answered = True
            self.ask(CheckInAnswered(self.stage, value))
