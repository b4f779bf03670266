"""The player: the step's words, the breath visual, tallies, checklists and the time left.

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
from textual.containers import Vertical
from textual.events import Resize
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer

from breather import durations
from breather.model import BreatheStep, ChecklistStep, PauseStep, TextStep
from breather.session import Session, SessionState
from breather.settings import Motion
from breather.ui.screens.common import BreatherScreen, TooSmall
from breather.ui.widgets.breath import BreathBox, BreathVisual
from breather.ui.widgets.checklist import ChecklistView
from breather.ui.widgets.line import Line
from breather.visual import fullness


def _show(widget: Widget, shown: bool) -> None:
    """Show or hide a widget, touching its styles only when that changes."""
    if widget.display != shown:
        widget.display = shown


LANDING = 0.004
"""Wake a few milliseconds after a change is due, so the state read is already past it."""

PROGRESS_CELLS = 40


def next_whole_second(value: float) -> float:
    """Seconds until a countdown showing ``ceil(value)`` next changes."""
    step = value - math.floor(value)
    return step if step > 1e-6 else 1.0


class PlayerScreen(BreatherScreen):
    """Plays one session."""

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

    def __init__(self, session: Session, motion: Motion) -> None:
        super().__init__()
        self.session = session
        self.motion = motion
        self._timer: Timer | None = None
        self._step_shown: int | None = None

    def compose(self) -> ComposeResult:
        # Kept as attributes: the player draws many times a second and a DOM query each time
        # would cost more than the drawing.
        self._ui_where = Line(id="where")
        self._ui_text = Line(id="step-text")
        self._ui_box = BreathBox(id="breath-box")
        self._ui_breath = BreathVisual(self.motion, id="breath")
        self._ui_phase = Line(id="phase")
        self._ui_tally = Line(id="tally")
        self._ui_checklist = ChecklistView(id="checklist")
        self._ui_caption = Line(id="caption")
        self._ui_progress = Line(id="progress")
        self._ui_timers = Line(id="timers")
        with Vertical(id="stage"):
            yield self._ui_where
            yield self._ui_text
            with self._ui_box:
                yield self._ui_breath
            yield self._ui_phase
            yield self._ui_tally
            yield self._ui_checklist
            yield self._ui_caption
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

    # -- drawing -------------------------------------------------------------------------------

    def sync(self) -> None:
        """Draw the state now and sleep until the next visible change."""
        state = self.session.state()
        if state.over:
            self._cancel()
            self.breather.finish(self.session)
            return
        self.draw(state)
        self._schedule(state)

    def draw(self, state: SessionState) -> None:
        """Draw one state. Every widget redraws only if what it shows has changed."""
        planned = state.step
        step = planned.step
        timeline = self.session.timeline
        if self._step_shown != planned.index:
            self._step_shown = planned.index
            if step.bell and self.breather.bells_allowed:
                self.app.bell()
        count = len(timeline.steps)
        where = Text.assemble(
            (timeline.exercise.title, "bold"), f"  ·  step {planned.index + 1} of {count}"
        )
        if state.paused:
            where.append("  ·  paused, space to continue", style="bold reverse")
        elif timeline.holds_dropped:
            where.append("  ·  breath holds are off")
        self._ui_where.show(where)

        words = step.text if isinstance(step, TextStep | ChecklistStep | PauseStep) else None
        self._ui_text.show(words or "")
        _show(self._ui_text, bool(words))

        breath = self._ui_breath
        phase_line = self._ui_phase
        caption = self._ui_caption
        if isinstance(step, BreatheStep) and state.at.phase is not None:
            event = state.at.event
            _show(self._ui_box, self.motion != "none")
            breath.show(fullness(event.level_from, event.level_to, state.at.progress))
            label = Text(state.at.label or "", style="bold")
            label.append(f"  {durations.countdown_seconds(state.at.phase_left)}")
            cycle = f"breath {event.cycle} of {step.cycles}"
            phase_line.show(Text.assemble(label, ("   " + cycle, "dim")))
            _show(phase_line, True)
            caption.show(step.text or "")
            _show(caption, bool(step.text))
        else:
            _show(self._ui_box, False)
            _show(phase_line, False)
            _show(caption, False)

        tally = self._ui_tally
        if isinstance(step, TextStep) and step.tally:
            marks = " ".join("●" if i < state.tally_marked else "○" for i in range(step.tally))
            tally.show(Text.assemble((marks, "bold"), ("   space as you notice each one", "dim")))
            _show(tally, True)
        else:
            _show(tally, False)

        checklist = self._ui_checklist
        if isinstance(step, ChecklistStep):
            checklist.show(step.items, state.checked, state.waiting)
            _show(checklist, True)
        else:
            _show(checklist, False)

        shown = self.breather.show_timers
        progress = self._ui_progress
        timers = self._ui_timers
        _show(progress, shown)
        _show(timers, shown)
        if shown:
            done = self._progress_cells(state)
            progress.show("━" * done + "─" * (PROGRESS_CELLS - done))
            if state.waiting:
                left = Text("this step waits for you: Enter when you are ready", style="dim")
            else:
                left = Text(
                    f"step {durations.countdown(state.at.step_left)} left  ·  "
                    f"session {durations.countdown(state.at.session_left)} left",
                    style="dim",
                )
            timers.show(left)

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
        if self.breather.show_timers:
            candidates.append(next_whole_second(at.step_left))
            candidates.append(next_whole_second(at.session_left))
            total = self.session.timeline.total
            cell = total / PROGRESS_CELLS
            if cell > 0:
                candidates.append((self._progress_cells(state) + 1) * cell - at.elapsed)
        breath = self._ui_breath
        event = at.event
        if at.phase is not None and self.motion != "none" and event.seconds:
            frame = breath.shape.next_change(
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
        checklist = self._ui_checklist
        if checklist.on_continue:
            self.session.continue_on()
            return
        if self.session.toggle_item(checklist.cursor):
            checklist.move(1)

    def action_cursor(self, delta: int) -> None:
        if isinstance(self.session.state().step.step, ChecklistStep):
            self._ui_checklist.move(delta)

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
        app = self.breather
        app.show_timers = not app.show_timers
        app.remember("timers", app.show_timers)
        self.sync()
