"""The player: a header, the view for the current step's kind, the progress line and timers.

Each kind of step is drawn by its own widget (:mod:`breather.ui.widgets.steps`), switched in a
``ContentSwitcher``; :meth:`PlayerScreen.draw` chooses it with a ``match`` that ends in
:func:`assert_never`, so mypy names this place when a new kind is added to the model.

The screen draws the session's state and asks the session when something visible will next
change: the next breath frame, the next whole second of a countdown, the next cell of the progress
line or the end of a phase. It sleeps until then with a one-shot timer. While paused, or waiting at
a checklist, nothing is scheduled at all.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer

from breather import durations
from breather.model import (
    BreatheStep,
    ChecklistStep,
    PauseStep,
    PlayableStep,
    TextStep,
    assert_never,
)
from breather.session import Session, SessionState
from breather.settings import Motion
from breather.ui.messages import Finished, TimersShown
from breather.ui.screens.common import BreatherScreen, TooSmall
from breather.ui.widgets.line import Line
from breather.ui.widgets.steps import (
    BreatheStepView,
    ChecklistStepView,
    PauseStepView,
    StepView,
    TextStepView,
)

LANDING = 0.004
"""Wake a few milliseconds after a change is due, so the state read is already past it."""

PROGRESS_CELLS = 40


def next_whole_second(value: float) -> float:
    """Seconds until a countdown showing ``ceil(value)`` next changes."""
    step = value - math.floor(value)
    return step if step > 1e-6 else 1.0


class PlayerScreen(BreatherScreen):
    """Plays one session.

    What it is given (the session, the motion level, whether timers show and bells ring) comes
    down from the app; what the user changes here goes back up as a message. It pauses itself
    while another screen (the keys, say) covers it.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("space", "space", "Pause"),
        Binding("k", "pause", "Pause", show=False),
        Binding("right,n", "next", "Next"),
        Binding("left,p", "previous", "Back"),
        Binding("q,escape", "stop", "Stop"),
        Binding("t", "timers", "Timers"),
        Binding("enter", "enter", "Continue", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
    ]

    def __init__(
        self, session: Session, motion: Motion, *, show_timers: bool = True, bells: bool = True
    ) -> None:
        super().__init__()
        self.session = session
        self.motion = motion
        self.show_timers = show_timers
        """Whether the progress line and the timers show; ``t`` switches it."""
        self.bells = bells
        """Whether a step marked ``bell`` rings the terminal bell as it begins."""
        self._timer: Timer | None = None
        self._step_shown: int | None = None
        self._finished = False
        self._resume_when_uncovered = False
        # What the header, the switcher and the timers show now, by what they are drawn from:
        # most syncs change only the breath picture, and these keys let them skip building text
        # that would come out the same.
        self._header_key: tuple[int, bool] | None = None
        self._view_shown: StepView | None = None
        self._timers_key: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        # Kept as attributes: the player draws many times a second and a DOM query each time
        # would cost more than the drawing.
        self._ui_where = Line(id="where")
        self._ui_text_step = TextStepView(id="text-step")
        self._ui_breathe_step = BreatheStepView(self.motion, id="breathe-step")
        self._ui_checklist_step = ChecklistStepView(id="checklist-step")
        self._ui_pause_step = PauseStepView(id="pause-step")
        self._ui_steps = ContentSwitcher(id="steps")
        self._ui_progress = Line(id="progress")
        self._ui_timers = Line(id="timers")
        yield self._ui_where
        with self._ui_steps:
            yield self._ui_text_step
            yield self._ui_breathe_step
            yield self._ui_checklist_step
            yield self._ui_pause_step
        yield self._ui_progress
        yield self._ui_timers
        yield Footer()
        yield TooSmall()

    def on_mount(self) -> None:
        self.session.start()
        self.sync()

    def on_resize(self, event: Resize) -> None:
        self.sync()

    def on_unmount(self) -> None:
        self._cancel()

    def on_screen_suspend(self) -> None:
        """Another screen covers the player (the keys, say): a playing session waits for it."""
        if not self.session.paused and not self.session.over:
            self._resume_when_uncovered = True
            self.session.pause()
            self.sync()

    def on_screen_resume(self) -> None:
        """Uncovered again: resume only what was paused for the cover, never the user's pause."""
        if self._resume_when_uncovered:
            self._resume_when_uncovered = False
            self.session.resume()
            self.sync()

    # -- drawing -------------------------------------------------------------------------------

    def sync(self) -> None:
        """Draw the state now and sleep until the next visible change."""
        if self._finished:
            return
        state = self.session.state()
        if state.over:
            self._cancel()
            self._finished = True
            self.ask(Finished(self.session))
            return
        self.draw(state)
        self._schedule(state)

    def draw(self, state: SessionState) -> None:
        """Draw one state: the header, the view for the step's kind, the progress and timers.

        Every widget redraws only if what it shows has changed.
        """
        planned = state.step
        if self._step_shown != planned.index:
            self._step_shown = planned.index
            if planned.step.bell and self.bells:
                self.app.bell()
        self._draw_header(state)
        view = self._draw_step(planned.step, state)
        if view is not self._view_shown:
            self._view_shown = view
            self._ui_steps.current = view.id
            self._ui_steps.set_class(view.fills, "-fill")
        self._draw_timers(state)

    def _draw_header(self, state: SessionState) -> None:
        key = (state.step.index, state.paused)
        if key == self._header_key:
            return
        self._header_key = key
        timeline = self.session.timeline
        count = len(timeline.steps)
        where = Text.assemble(
            (timeline.exercise.title, "bold"), f"  ·  step {state.step.index + 1} of {count}"
        )
        if state.paused:
            where.append("  ·  paused, space to continue", style="bold reverse")
        elif timeline.holds_dropped:
            where.append("  ·  breath holds are off")
        self._ui_where.update(where)

    def _draw_step(self, step: PlayableStep, state: SessionState) -> StepView:
        """Draw the step in the view for its kind, and return that view."""
        match step:
            case TextStep():
                self._ui_text_step.update(step, state)
                return self._ui_text_step
            case BreatheStep():
                self._ui_breathe_step.update(step, state)
                return self._ui_breathe_step
            case ChecklistStep():
                self._ui_checklist_step.update(step, state)
                return self._ui_checklist_step
            case PauseStep():
                self._ui_pause_step.update(step, state)
                return self._ui_pause_step
            case _:
                assert_never(step)

    def _draw_timers(self, state: SessionState) -> None:
        shown = self.show_timers
        # A class on the screen, not the lines' own display: the styles that hide everything
        # when the window is too small must still win over it.
        self.set_class(not shown, "-timers-hidden")
        if not shown:
            return
        done = self._progress_cells(state)
        self._ui_progress.update("━" * done + "─" * (PROGRESS_CELLS - done))
        at = state.at
        key = (
            (-1, -1)
            if state.waiting
            else (
                durations.countdown_seconds(at.step_left),
                durations.countdown_seconds(at.session_left),
            )
        )
        if key == self._timers_key:
            return
        self._timers_key = key
        if state.waiting:
            left = Text("this step waits for you: Enter when you are ready", style="dim")
        else:
            left = Text(
                f"step {durations.countdown(state.at.step_left)} left  ·  "
                f"session {durations.countdown(state.at.session_left)} left",
                style="dim",
            )
        self._ui_timers.update(left)

    def _progress_cells(self, state: SessionState) -> int:
        total = self.session.timeline.total
        if total <= 0:
            return PROGRESS_CELLS
        return min(int(state.at.elapsed / total * PROGRESS_CELLS + 1e-9), PROGRESS_CELLS)

    # -- scheduling ----------------------------------------------------------------------------

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self, state: SessionState) -> None:
        self._cancel()
        delay = self.next_change_in(state)
        if delay is not None:
            self._timer = self.set_timer(delay + LANDING, self.sync)

    def next_change_in(self, state: SessionState) -> float | None:
        """Seconds until anything on screen changes, or None while nothing will."""
        if state.paused or state.waiting or state.over:
            return None
        at = state.at
        candidates = [at.phase_left]
        jump = self.session.next_jump_in()
        if jump is not None:
            candidates.append(jump)
        if at.phase is not None:
            candidates.append(next_whole_second(at.phase_left))
        if self.show_timers:
            candidates.append(next_whole_second(at.step_left))
            candidates.append(next_whole_second(at.session_left))
            total = self.session.timeline.total
            cell = total / PROGRESS_CELLS
            if cell > 0:
                candidates.append((self._progress_cells(state) + 1) * cell - at.elapsed)
        event = at.event
        if at.phase is not None and self.motion != "none" and event.seconds:
            frame = self._ui_breathe_step.visual.shape.next_change(
                event.level_from, event.level_to, at.progress, event.seconds
            )
            if frame is not None:
                candidates.append(frame)
        return max(min(candidates), 0.0)

    # -- keys ----------------------------------------------------------------------------------

    def action_space(self) -> None:
        """Space marks a tally or ticks a checklist item where there is one; else it pauses."""
        state = self.session.state()
        step = state.step.step
        if isinstance(step, TextStep) and step.tally and not state.paused:
            self.session.mark_tally()
        elif isinstance(step, ChecklistStep):
            self._tick_or_continue()
        else:
            self.session.toggle_pause()
        self.sync()

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.sync()

    def action_enter(self) -> None:
        state = self.session.state()
        step = state.step.step
        if isinstance(step, ChecklistStep):
            self._tick_or_continue()
        elif isinstance(step, TextStep) and step.tally:
            self.session.mark_tally()
        self.sync()

    def _tick_or_continue(self) -> None:
        checklist = self._ui_checklist_step.checklist
        if checklist.on_continue:
            self.session.continue_on()
            return
        if self.session.toggle_item(checklist.cursor):
            checklist.move(1)

    def action_cursor(self, delta: int) -> None:
        if isinstance(self.session.state().step.step, ChecklistStep):
            self._ui_checklist_step.checklist.move(delta)

    def action_next(self) -> None:
        self.session.next_step()
        self.sync()

    def action_previous(self) -> None:
        self.session.previous_step()
        self.sync()

    def action_stop(self) -> None:
        self.session.stop()
        self.sync()

    def action_timers(self) -> None:
        self.show_timers = not self.show_timers
        self.ask(TimersShown(self.show_timers))
        self.sync()
