"""The player: a header, the view for the current step's kind, the progress line and timers.

Each kind of step is drawn by its own widget (:mod:`breather.ui.widgets.steps`), switched in a
``ContentSwitcher``; :meth:`PlayerScreen.draw` chooses it with a ``match`` that ends in
:func:`assert_never`, so mypy names this place when a new kind is added to the model.

The screen draws the session's state and asks the session when something visible will next
change: the next breath frame, the next whole second of a countdown, the next cell of the progress
line or the end of a phase. It sleeps until then with a one-shot timer. While paused, or waiting at
a step that waits (a checklist, a check-in, writing, recall), nothing is scheduled at all.

A check-in's scale and a write step's boxes take the keys while they are shown (the arrows choose
on the scale; letters are typed into a box); what the user answers or writes goes straight to the
session, so it is kept however the session ends.
"""

from __future__ import annotations

import math
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import ContentSwitcher

from breather import durations
from breather.model import (
    BreatheStep,
    CheckInStep,
    ChecklistStep,
    PauseStep,
    PlayableStep,
    RecallStep,
    TextStep,
    WriteStep,
    assert_never,
)
from breather.practice import Practice, Recalled
from breather.session import Session, SessionState
from breather.session_sound import SessionSound
from breather.settings import Motion
from breather.timeline import Event
from breather.ui.messages import SoundFailed, TimersShown
from breather.ui.screens.common import MIN_HEIGHT, TooSmall
from breather.ui.screens.session_screen import SessionScreen
from breather.ui.widgets.check_in import CheckInScale
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line
from breather.ui.widgets.steps import (
    BreatheStepView,
    CheckInStepView,
    ChecklistStepView,
    PauseStepView,
    RecallStepView,
    StepView,
    TextStepView,
    WriteStepView,
    waits_line,
)

PROGRESS_CELLS = 40


def next_whole_second(value: float) -> float:
    """Seconds until a countdown showing ``ceil(value)`` next changes."""
    step = value - math.floor(value)
    return step if step > 1e-6 else 1.0


def space_does(state: SessionState) -> str:
    """What space does in this state, in the footer's word for it.

    A tally step marks and a checklist ticks, unless paused; otherwise space pauses or continues
    (so "paused, space to continue" is always true).
    """
    step = state.step.step
    if state.paused:
        return "Continue"
    if isinstance(step, TextStep) and step.tally:
        return "Mark"
    if isinstance(step, ChecklistStep):
        return "Tick"
    return "Pause"


def space_does_not_pause(step: PlayableStep) -> bool:
    """Whether space marks (a step that counts) or ticks (a checklist) here, instead of pausing."""
    return (isinstance(step, TextStep) and bool(step.tally)) or isinstance(step, ChecklistStep)


SHORT_HEIGHT = 20
"""Below this many rows the player gives its margins to the step's words (breather.tcss)."""


class PlayerScreen(SessionScreen):
    """Plays one session.

    What it is given (the session, the motion level, whether timers show and bells ring) comes
    down from the app; what the user changes here goes back up as a message. It pauses itself
    while another screen (the keys, say) covers it.
    """

    VERTICAL_BREAKPOINTS = [  # noqa: RUF012 - Textual's own convention
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),
        (SHORT_HEIGHT, "-tall-enough"),
    ]

    AUTO_FOCUS = ""
    """Nothing is focused for the player's keys; a check-in's scale or a write step's boxes are
    focused by the player itself while they are shown."""

    BINDINGS = [  # noqa: RUF012
        # One binding per thing space can do, so the footer names what it does now; check_action
        # lets through only the one that fits the state (see space_does).
        Binding("space", "space('Pause')", "Pause"),
        Binding("space", "space('Continue')", "Continue"),
        Binding("space", "space('Mark')", "Mark"),
        Binding("space", "space('Tick')", "Tick"),
        # k pauses everywhere; the footer names it where space marks or ticks instead.
        Binding("k", "k_pause('shown')", "Pause"),
        Binding("k", "k_pause('hidden')", "Pause", show=False),
        Binding("right,n", "next", "Next"),
        Binding("left,p", "previous", "Back"),
        Binding("q,escape", "stop", "Stop"),
        Binding("t", "timers", "Timers"),
        Binding("enter", "enter", "Continue", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
    ]

    def __init__(
        self,
        session: Session,
        motion: Motion,
        *,
        show_timers: bool = True,
        practice: Practice | None = None,
        sound: SessionSound | None = None,
    ) -> None:
        super().__init__(session)
        self.practice = practice
        """What recall steps show and whether written words are kept (None: nothing is)."""
        self.motion = motion
        self.show_timers = show_timers
        """Whether the progress line and the timers show; ``t`` switches it."""
        self.sound = sound
        """The session's cues: told of each event as it is first shown; closed when it ends."""
        self._heard: Event | None = None
        self._step_shown: int | None = None
        self._space_shown = ""
        """What the footer says space does; the bindings are refreshed when it changes."""
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
        self._ui_check_in_step = CheckInStepView(id="check-in-step")
        self._ui_write_step = WriteStepView(id="write-step")
        self._ui_recall_step = RecallStepView(id="recall-step")
        self._ui_steps = ContentSwitcher(id="steps")
        self._ui_progress = Line(id="progress")
        self._ui_timers = Line(id="timers")
        yield self._ui_where
        with self._ui_steps:
            yield self._ui_text_step
            yield self._ui_breathe_step
            yield self._ui_checklist_step
            yield self._ui_pause_step
            yield self._ui_check_in_step
            yield self._ui_write_step
            yield self._ui_recall_step
        # One box for the lines under the step, for the reason BreatheStepView gives.
        with Vertical(id="under-steps"):
            yield self._ui_progress
            yield self._ui_timers
        yield Footer()
        yield TooSmall()

    def on_resize(self, event: Resize) -> None:
        self.sync()

    def on_unmount(self) -> None:
        # SessionScreen's own on_unmount runs too: Textual calls the handler of every class.
        if self.sound is not None:
            self.sound.close_in_background(finish=self.session.finished)

    # -- drawing -------------------------------------------------------------------------------

    def before_draw(self, state: SessionState) -> None:
        """Every state read, the end included, is heard: its cues sound (see :meth:`_hear`)."""
        self._hear(state)

    def draw(self, state: SessionState) -> None:
        """Draw one state: the header, the view for the step's kind, the progress and timers.

        Every widget redraws only if what it shows has changed.
        """
        planned = state.step
        fresh = self._step_shown != planned.index
        if fresh:
            self._step_shown = planned.index
        self._draw_header(state)
        view = self._draw_step(planned.step, state, fresh)
        if view is not self._view_shown:
            self._view_shown = view
            self._ui_steps.current = view.id
            self._ui_steps.set_class(view.fills, "-fill")
        if fresh:
            self._focus_for(view)
        self._draw_timers(state)
        if (does := space_does(state)) != self._space_shown:
            self._space_shown = does
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let through only the space binding that says what space does now."""
        if action == "space":
            return bool(parameters) and parameters[0] == space_does(self.session.state())
        if action == "k_pause":
            shown = space_does(self.session.state()) in ("Mark", "Tick")
            return bool(parameters) and parameters[0] == ("shown" if shown else "hidden")
        return True

    def _focus_for(self, view: StepView) -> None:
        """Give the keys to a check-in's scale; take them back from a write step's boxes."""
        if view is not self._ui_write_step:
            self._ui_write_step.forget()
        if view is self._ui_check_in_step:
            self._ui_check_in_step.scale.focus()
        elif view is not self._ui_write_step:
            self.set_focus(None)

    def _hear(self, state: SessionState) -> None:
        """Tell the cues of an event shown for the first time, or of the end; never while paused.

        An event reached while paused (a skip) sounds when the session resumes at its start.
        """
        if self.sound is None or state.paused or state.stopped:
            return
        if state.finished:
            self.sound.session_ended()
        elif (event := state.at.event) is not self._heard:
            self._heard = event
            late = state.at.elapsed - event.start
            self.sound.event_began(event, due=self.session.clock.now() - late)
        if (notice := self.sound.take_notice()) is not None:
            self.ask(SoundFailed(notice))

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

    def _draw_step(self, step: PlayableStep, state: SessionState, fresh: bool) -> StepView:
        """Draw the step in the view for its kind, and return that view.

        ``fresh``: the step has just been reached (a check-in's scale starts afresh).
        """
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
            case CheckInStep():
                self._ui_check_in_step.update(step, state, fresh)
                return self._ui_check_in_step
            case WriteStep():
                kept = self.practice.write_notice if self.practice else ""
                self._ui_write_step.update(step, state, kept)
                return self._ui_write_step
            case RecallStep():
                recalled = Recalled(())
                today = date.min
                if self.practice is not None:
                    recalled = self.practice.recalled.get(state.step.index, recalled)
                    today = self.practice.now().date()
                self._ui_recall_step.update(step, recalled, today)
                return self._ui_recall_step
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
            (-1, state.step.index)  # each step that waits says how to go on from it
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
            left = Text(waits_line(state.step.step), style="dim")
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

    # -- sleeping ------------------------------------------------------------------------------

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

    def action_space(self, does: str = "") -> None:
        """Space marks a tally or ticks a checklist item where there is one; else it pauses.

        ``does`` is the binding's word for the footer; what happens follows the state itself.
        """
        state = self.session.state()
        match space_does(state):
            case "Mark":
                self.session.mark_tally()
            case "Tick":
                self._tick_or_continue(untick=True)
            case _:
                self.session.toggle_pause()
        self.sync()

    def action_k_pause(self, _footer: str = "") -> None:
        """k pauses and continues whatever space does (``footer``: whether the footer shows it)."""
        self.action_pause()

    def action_enter(self) -> None:
        state = self.session.state()
        step = state.step.step
        if isinstance(step, ChecklistStep):
            self._tick_or_continue(untick=False)
        elif isinstance(step, TextStep) and step.tally:
            self.session.mark_tally()
        elif isinstance(step, CheckInStep):
            self._keep_answer(self._ui_check_in_step.scale.chosen)
        elif isinstance(step, WriteStep | RecallStep):
            self.session.continue_on()
        self.sync()

    def on_check_in_scale_kept(self, message: CheckInScale.Kept) -> None:
        """An answer kept (or skipped) on the scale: keep it, and go on."""
        message.stop()
        if message.scale is self._ui_check_in_step.scale:
            self._keep_answer(message.value)
            self.sync()

    def _keep_answer(self, value: int | None) -> None:
        state = self.session.state()
        if isinstance(state.step.step, CheckInStep) and state.waiting:
            self.session.answer(state.step.index, value)
            self.session.continue_on()

    def on_write_step_view_typed(self, message: WriteStepView.Typed) -> None:
        """Keep what a box holds now, so nothing written is lost if the session ends here."""
        self.session.write(message.step, message.box, message.text)

    def on_write_step_view_done(self, message: WriteStepView.Done) -> None:
        """Enter in the last box: go on."""
        state = self.session.state()
        if state.step.index == message.step and state.waiting:
            self.session.continue_on()
            self.sync()

    def _tick_or_continue(self, *, untick: bool) -> None:
        """On "Continue", go on; on an item, tick it and move to the next row.

        Only space (``untick``) takes a tick back, and the cursor then stays where it is; Enter on
        a ticked item just moves on, so pressing Enter down the list never undoes anything.
        """
        checklist = self._ui_checklist_step.checklist
        if checklist.on_continue:
            self.session.continue_on()
            return
        ticked = checklist.cursor in self.session.state().checked
        if ticked and untick:
            self.session.toggle_item(checklist.cursor)
        elif ticked or self.session.toggle_item(checklist.cursor):
            checklist.move(1)

    def action_cursor(self, delta: int) -> None:
        step = self.session.state().step.step
        if isinstance(step, ChecklistStep):
            self._ui_checklist_step.checklist.move(delta)
        elif isinstance(step, WriteStep):
            self._ui_write_step.move(delta)

    def action_timers(self) -> None:
        self.show_timers = not self.show_timers
        self.ask(TimersShown(self.show_timers))
        self.sync()
