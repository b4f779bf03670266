"""One widget per kind of step: what the player shows for each kind the format has.

The player keeps one of each in a ``ContentSwitcher`` and shows the one for the current step, so
each kind is drawn in one place and a new kind is one new widget here (``PlayerScreen.draw`` ends
in ``assert_never``, so mypy names the place that must choose it). Each ``update`` takes its own
kind of step and the session's state, and redraws only what changed: its parts are
:class:`~breather.ui.widgets.line.Line` and friends, which ignore an update that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import Focus, Key, Paste, Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from breather import durations
from breather.history_report import day_name
from breather.model import (
    BreatheStep,
    CheckInStep,
    ChecklistStep,
    PauseStep,
    PlayableStep,
    RecallStep,
    TextStep,
    WriteStep,
)
from breather.practice import ENTRY_CHARACTERS, KEPT_PRIVATE, Recalled
from breather.safetext import safe_text
from breather.session import SessionState
from breather.settings import Motion
from breather.ui.widgets.breath import BreathVisual
from breather.ui.widgets.check_in import HINT, CheckInScale
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
        # The lines under the picture share one box: at each frame of the breath Textual draws
        # every widget whose container overlaps the rows that changed, and a box that sits below
        # the picture keeps the lines inside it out of that (the box itself is drawn instead).
        with Vertical(id="under-breath"):
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


WAITS = "this step waits for you"


def waits_line(step: PlayableStep) -> str:
    """What the line under the step says while it waits: the key that goes on from it.

    Enter goes on from a check-in (keeping the answer), the last box of a write step and a
    recall; on a checklist it ticks the item under the cursor, and goes on only from the
    "Continue →" row (the player's ``_tick_or_continue``).
    """
    if isinstance(step, ChecklistStep):
        return f"{WAITS}: Enter on “Continue →” goes on"
    return f"{WAITS}: Enter when you are ready"


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


class CheckInStepView(StepView):
    """A question and the 0-10 scale; the scale takes the keys while the step is shown."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="check-in-words")
        self.scale = CheckInScale(id="check-in-scale")
        """The scale; the player focuses it, and hears :class:`CheckInScale.Kept` from it."""
        yield self._words
        yield self.scale
        yield Line(HINT, id="check-in-hint")

    def update(self, step: CheckInStep, state: SessionState, fresh: bool) -> None:
        """Draw the question; ``fresh`` (the step has just been reached) resets the scale."""
        self._words.update(step.question)
        if fresh:
            self.scale.reset(step.scale, state.answer)


class WriteBox(Input):
    """One box of a write step: Enter moves on at once, and each pasted line has its own box.

    Textual's input moves on only when its ``Submitted`` message is handled, after the keys
    already on their way: a paste into a terminal without bracketed paste, or typing that a
    slow remote link delivers in bursts, put the next line into the box just left ("first
    linesecond line"). Textual's input also keeps only the first line of a bracketed paste.
    """

    def __init__(self, value: str, *, placeholder: str) -> None:
        super().__init__(value, placeholder=placeholder, max_length=ENTRY_CHARACTERS)
        self.next_box: WriteBox | None = None
        """The box that Enter, and a pasted line after this one's, go on to; None in the last."""
        self._moved_on = False
        """Enter was pressed here: keys already handed to this box belong in the next."""

    async def _on_key(self, event: Key) -> None:
        # Textual hands every key of a burst to the box focused as it arrives, and runs the
        # Enter binding only once that key has bubbled up to the app, after the rest are typed
        # here. So Enter is taken here, in order, and what follows it goes on to the next box.
        if self._moved_on and self.next_box is not None:
            event.stop()
            event.prevent_default()
            self.next_box.post_message(Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

    def _on_focus(self, event: Focus) -> None:
        self._moved_on = False
        super()._on_focus(event)

    async def action_submit(self) -> None:
        if self.next_box is not None:
            self._moved_on = True
            self.screen.set_focus(self.next_box)
        await super().action_submit()

    def _on_paste(self, event: Paste) -> None:
        event.stop()
        event.prevent_default()
        lines = [" ".join(line.split()) for line in event.text.splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(lines[0])
        else:  # as Textual's input does: the pasted words take the place of those selected
            self.replace(lines[0], *self.selection)
        box = self
        for line in lines[1:]:
            if box.next_box is not None:
                box = box.next_box
            # Past the last box, the lines join the last one: nothing pasted is dropped.
            joined = f"{box.value} {line}" if box.value else line
            box.value = joined[:ENTRY_CHARACTERS]
            box.cursor_position = len(box.value)
        if box is not self:
            self.screen.set_focus(box)


class WriteStepView(StepView):
    """The prompt, the line about confidentiality (every time), and the boxes to type into.

    Enter in a box moves to the next (:class:`WriteBox`); in the last it posts
    :class:`WriteStepView.Done`. Every change posts :class:`WriteStepView.Typed`, so the session
    holds the words at once, however the step is left.
    """

    @dataclass
    class Typed(Message):
        """A box changed: which step, which box, and what it holds now."""

        step: int
        box: int
        text: str

    @dataclass
    class Done(Message):
        """Enter in the last box: the step can go on."""

        step: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_step: int | None = None
        self._inputs: list[WriteBox] = []
        """The boxes of the step shown, in order: a box's place in this list is its number.
        Boxes carry no id: the last step's boxes are still being removed when the next step's
        are mounted (going back into a write step, or from one to the next), and the same ids
        would clash."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="write-words")
        self._private = Line(Text(KEPT_PRIVATE, style="italic"), id="write-private")
        self._kept = Line(id="write-kept")
        self._boxes = VerticalScroll(id="write-boxes")
        yield self._words
        yield self._private
        yield self._kept
        yield self._boxes
        yield Line(
            Text.assemble(
                ("Enter", "bold"),
                " next box · empty is fine · ",
                ("Escape", "bold"),
                " stops",
                style="dim",
            ),
            id="write-hint",
        )

    @property
    def inputs(self) -> list[Input]:
        """The boxes shown, in order."""
        return list(self._inputs)

    def update(self, step: WriteStep, state: SessionState, kept: str) -> None:
        """Draw the step; reaching a new write step gives fresh boxes with what it holds."""
        self._words.update(step.prompt)
        self._kept.update(Text(kept, style="dim"))
        index = state.step.index
        if self._shown_step == index:
            return
        self._shown_step = index
        self._boxes.remove_children()
        written = state.written
        self._inputs = [
            WriteBox(
                written[box] if box < len(written) else "",
                placeholder=f"{box + 1} of {step.entries}",
            )
            for box in range(step.entries)
        ]
        for box, following in zip(self._inputs, self._inputs[1:], strict=False):
            box.next_box = following
        self._boxes.mount_all(self._inputs)
        first = next((box for box in self._inputs if not box.value), self._inputs[0])
        self.call_after_refresh(first.focus)

    def forget(self) -> None:
        """The player has left the step: next time it is reached, its boxes are made again."""
        self._shown_step = None

    def _position(self, box: Input) -> int | None:
        """The box's number in the step shown; None for a box of a step already left."""
        return next((place for place, shown in enumerate(self._inputs) if shown is box), None)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        position = self._position(event.input)
        if self._shown_step is not None and position is not None:
            self.post_message(self.Typed(self._shown_step, position, event.value))

    @on(Input.Submitted)
    def _next_box(self, event: Input.Submitted) -> None:
        event.stop()
        position = self._position(event.input)
        if position is None:
            return
        # The box itself has moved on to the next (WriteBox): moving focus here, later, would
        # take it back from a box already typed on into.
        if position + 1 == len(self._inputs) and self._shown_step is not None:
            self.post_message(self.Done(self._shown_step))

    def move(self, delta: int) -> None:
        """Up and down move between the boxes."""
        boxes = self._inputs
        focused = next((i for i, box in enumerate(boxes) if box.has_focus), None)
        if boxes and focused is not None:
            boxes[(focused + delta) % len(boxes)].focus()


def recall_text(recalled: Recalled, today: date) -> Text:
    """A recall step's entries, each under its date, or its gentle line."""
    if not recalled.entries:
        return Text(recalled.note, style="italic")
    text = Text()
    heading = None
    for entry in recalled.entries:
        written = day_name(entry.written.date(), today)
        if written != heading:
            text.append(f"\n{written}\n" if heading else f"{written}\n", style="dim")
            heading = written
        text.append(safe_text(" ".join(entry.text.split())) + "\n")
    text.rstrip()
    return text


class RecallStepView(StepView):
    """Words written before, under one topic, with their dates; Enter goes on."""

    def compose(self) -> ComposeResult:
        self._words = Words(id="recall-words")
        self._entries = Line(id="recall-entries")
        yield self._words
        yield self._entries
        yield Line(Text.assemble(("Enter", "bold"), " when you are ready", style="dim"))

    def update(self, step: RecallStep, recalled: Recalled, today: date) -> None:
        """Draw the step's words and what it recalls."""
        self._words.update(step.text)
        self._entries.update(recall_text(recalled, today))
