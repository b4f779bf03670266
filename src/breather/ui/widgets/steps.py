"""One widget per kind of step: what the player shows for a text, breathe, checklist or pause.

The player keeps one of each in a ``ContentSwitcher`` and shows the one for the current step, so
each kind is drawn in one place and a new kind is one new widget here (``PlayerScreen.draw`` ends
in ``assert_never``, so mypy names the place that must choose it). Each ``update`` takes its own
kind of step and the session's state, and redraws only what changed: its parts are
:class:`~breather.ui.widgets.line.Line` and friends, which ignore an update that changes nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget

from breather import durations
from breather.model import BreatheStep, ChecklistStep, PauseStep, TextStep
from breather.session import SessionState
from breather.settings import Motion
from breather.ui.widgets.breath import BreathVisual
from breather.ui.widgets.checklist import ChecklistView
from breather.ui.widgets.line import Line
from breather.visual import fullness


def set_shown(widget: Widget, shown: bool) -> None:
    """Show or hide a widget, touching its styles only when that changes."""
    if widget.display != shown:
        widget.display = shown


class Words(Line):
    """A step's own words, in bold above what the step shows; hidden while it has none."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, classes="words")

    def update(self, text: str | Text | None) -> None:
        """Show these words, or hide the line when there are none."""
        super().update(text or "")
        set_shown(self, bool(text))


class StepView(Widget):
    """What the player shows for one kind of step, below the header and above the timers."""

    DEFAULT_CSS = """
    StepView { height: auto; layout: vertical; }
    """

    fills = False
    """Whether the view takes all the room the player has (a moving breath visual does)."""


class TextStepView(StepView):
    """Words on screen, and the tally marks to fill when the step has them."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="text-words")
        self._tally = Line(id="tally")
        yield self._words
        yield self._tally

    def update(self, step: TextStep, state: SessionState) -> None:
        """Draw ``step`` with the tally marks made so far."""
        self._words.update(step.text)
        if step.tally:
            marks = " ".join("●" if i < state.tally_marked else "○" for i in range(step.tally))
            self._tally.update(
                Text.assemble((marks, "bold"), ("   space as you notice each one", "dim"))
            )
        set_shown(self._tally, bool(step.tally))


class BreatheStepView(StepView):
    """The breath visual, the phase with its count and cycle, and the step's words below."""

    def __init__(self, motion: Motion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.motion = motion
        self.fills = motion != "none"
        self.set_class(self.fills, "-fill")
        self.visual = BreathVisual(motion, id="breath")
        """The picture; the player asks its shape when the next frame is due."""
        # What is shown, by what it is drawn from: the picture changes about nine times a
        # second, the count once, the rest once a step; these keys skip the rest.
        self._shown: tuple[bool, bool] | None = None
        self._phase_key: tuple[str | None, int, int | None, int] | None = None

    def compose(self) -> ComposeResult:
        self._phase = Line(id="phase")
        self._caption = Line(id="caption")
        yield self.visual
        yield self._phase
        yield self._caption

    def on_resize(self, event: Resize) -> None:
        self.visual.fit_room()  # a narrower window gives the picture less room

    def update(self, step: BreatheStep, state: SessionState) -> None:
        """Draw the breath at the moment ``state`` is at."""
        at = state.at
        breathing = at.phase is not None
        shown = (breathing, bool(step.text))
        if shown != self._shown:
            self._shown = shown
            set_shown(self.visual, breathing and self.motion != "none")
            set_shown(self._phase, breathing)
            set_shown(self._caption, breathing and bool(step.text))
        if not breathing:
            return
        event = at.event
        self.visual.update(fullness(event.level_from, event.level_to, at.progress))
        count = durations.countdown_seconds(at.phase_left)
        key = (at.label, count, event.cycle, step.cycles)
        if key != self._phase_key:
            self._phase_key = key
            label = Text(at.label or "", style="bold")
            label.append(f"  {count}")
            cycle = f"breath {event.cycle} of {step.cycles}"
            self._phase.update(Text.assemble(label, ("   " + cycle, "dim")))
        self._caption.update(step.text or "")


class ChecklistStepView(StepView):
    """The step's words and its items, ticked one by one, then "Continue"."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="checklist-words")
        self.checklist = ChecklistView(id="checklist")
        """The items and the cursor; the player's keys move it and tick what it points at."""
        yield self._words
        yield self.checklist

    def update(self, step: ChecklistStep, state: SessionState) -> None:
        """Draw the items with the ticks made so far."""
        self._words.update(step.text)
        self.checklist.update(step.items, state.checked, state.waiting)


class PauseStepView(StepView):
    """Quiet time: at most a line of words (the timers below count it down)."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="pause-words")
        yield self._words

    def update(self, step: PauseStep, state: SessionState) -> None:
        """Draw the step's words, if it has any."""
        self._words.update(step.text)
