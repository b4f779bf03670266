"""The summary: how long it took, whether it finished or was stopped, and the outro.

With a before and after check-in, it shows the two numbers and nothing about them: a number that
went up is as welcome as one that went down.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from breather import durations
from breather.practice import Practice
from breather.session import Session
from breather.ui.messages import BackToLibrary
from breather.ui.screens.common import BreatherScreen, TooSmall
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line


def summary_text(session: Session, practice: Practice | None = None) -> Text:
    """What the summary says about a session (and its check-in numbers, when both were given)."""
    timeline = session.timeline
    exercise = timeline.exercise
    state = session.state()
    # Practice time, pauses left out: the figure the history keeps, so the two agree.
    took = durations.length(session.played_seconds)
    text = Text(exercise.title, style="bold")
    text.append("\n\n")
    if state.stopped:
        steps = len(timeline.steps)
        text.append(
            f"You stopped at step {state.step.index + 1} of {steps}, after {took}. "
            "Stopping is always a good choice.\n\n"
        )
    else:
        text.append(f"Completed in {took}.\n\n")
    if exercise.outro and not state.stopped:
        text.append(f"{exercise.outro}\n\n")
    if practice is not None and practice.before is not None and practice.after is not None:
        text.append(f"Your check-in: {practice.before} before, {practice.after} after.\n\n")
    if practice is not None and practice.kept_words:
        text.append(f"{practice.kept_words} j in the library shows them; d there deletes one.\n\n")
    text.append("Take a look around the room before you go on.", style="italic")
    return text


class SummaryScreen(BreatherScreen):
    """After a session: Enter for the library, q to leave."""

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "library", "Library"),
        Binding("q,escape", "app.quit", "Leave"),
    ]

    def __init__(self, session: Session, practice: Practice | None = None) -> None:
        super().__init__()
        self.session = session
        self.practice = practice

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-card"):
            yield Line(summary_text(self.session, self.practice), id="summary-text")
            yield Line(
                Text.assemble(
                    ("Enter", "bold"), " back to the library · ", ("q", "bold"), " to leave"
                ),
                id="summary-keys",
            )
        yield Footer()
        yield TooSmall()

    def action_library(self) -> None:
        self.ask(BackToLibrary())
