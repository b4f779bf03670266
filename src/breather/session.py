"""A running session: a timeline played on a clock, with the user's hands on it.

The session adds what the plan cannot know: pausing and resuming, moving to the next or previous
step, stopping, marking tallies, ticking checklists and waiting at checklists that wait for the
user. It keeps one number, the *position* on the timeline, and derives everything else from it
and the injected clock, so a pause of any length shifts nothing but time itself.

No Textual here: the UI and the plain player both drive a :class:`Session`.
"""

from __future__ import annotations

from dataclasses import dataclass

from breather.clock import Clock
from breather.model import ChecklistStep, TextStep
from breather.timeline import PlannedStep, State, Timeline

TALLY_SETTLE_SECONDS = 2.0
"""After the last tally marker, the step lingers this long before moving on."""

_EPSILON = 1e-9


@dataclass(frozen=True)
class SessionState:
    """The timeline's state plus what the user has done.

    Attributes:
        at: The timeline's state at the session's position.
        paused: The user paused.
        waiting: A checklist is waiting for the user to continue.
        finished: The session ran to its end.
        stopped: The user stopped it before the end.
        tally_marked: Markers filled on the current tally step (0 elsewhere).
        checked: Items ticked on the current checklist.
    """

    at: State
    paused: bool
    waiting: bool
    finished: bool
    stopped: bool
    tally_marked: int
    checked: frozenset[int]

    @property
    def step(self) -> PlannedStep:
        return self.at.step

    @property
    def over(self) -> bool:
        """Finished or stopped: nothing more will play."""
        return self.finished or self.stopped


class Session:
    """One play-through of a timeline.

    Args:
        timeline: What to play.
        clock: Where time comes from.
    """

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self.clock = clock
        self._base = 0.0
        self._anchor: float | None = None
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._paused = False
        self._waiting: int | None = None
        self._waits_done: set[int] = set()
        self._stopped = False
        self._finished = False
        self._tally: dict[int, int] = {}
        self._checked: dict[int, set[int]] = {}
        self._early_end: tuple[int, float] | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin playing from the start (the clock starts now)."""
        now = self.clock.now()
        self._started_at = now
        self._anchor = now
        self._advance()

    def stop(self) -> None:
        """Stop at once. Stopping is always a valid choice."""
        if self.over:
            return
        self._advance()
        self._freeze()
        self._stopped = True
        self._ended_at = self.clock.now()

    @property
    def over(self) -> bool:
        return self._stopped or self._finished

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def finished(self) -> bool:
        self._advance()
        return self._finished

    @property
    def wall_seconds(self) -> float:
        """Real time since the start, pauses included (until it ended)."""
        if self._started_at is None:
            return 0.0
        end = self._ended_at if self._ended_at is not None else self.clock.now()
        return end - self._started_at

    # -- where we are --------------------------------------------------------------------------

    @property
    def position(self) -> float:
        """Seconds into the timeline."""
        self._advance()
        return self._base

    def _freeze(self) -> None:
        self._anchor = None

    def _running(self) -> bool:
        return (
            self._anchor is not None
            and not self._paused
            and self._waiting is None
            and not self.over
        )

    def _advance(self) -> None:
        """Bring the position up to the clock, stopping at waits, tallies and the end."""
        if not self._running():
            return
        assert self._anchor is not None
        now = self.clock.now()
        position = self._base + (now - self._anchor)
        while True:
            wait = self._next_wait(self._base, position)
            early = self._early_end
            if (
                early is not None
                and early[1] <= position
                and (wait is None or early[1] <= wait.start)
            ):
                # All tally markers filled: move on to the next step, keeping the time that passed.
                self._early_end = None
                following = early[0] + 1
                overshoot = position - early[1]
                if following >= len(self.timeline.steps):
                    position = self.timeline.total
                    break
                self._base = self.timeline.steps[following].start
                position = self._base + overshoot
                self._anchor = now - overshoot
                continue
            if wait is not None:
                self._base = wait.start
                self._anchor = None
                self._waiting = wait.index
                return
            break
        if position >= self.timeline.total - _EPSILON:
            self._base = self.timeline.total
            self._anchor = None
            self._finished = True
            self._ended_at = now - (position - self.timeline.total)
            return
        self._base = position
        self._anchor = now

    def _next_wait(self, start: float, end: float) -> PlannedStep | None:
        for step in self.timeline.steps:
            if (
                step.waits
                and step.index not in self._waits_done
                and start - _EPSILON <= step.start <= end + _EPSILON
            ):
                return step
        return None

    def state(self) -> SessionState:
        """The state now."""
        self._advance()
        if self._waiting is not None:
            at = self.timeline.state_of_step(self._waiting, self._base)
        else:
            at = self.timeline.state_at(self._base)
        index = at.step.index
        return SessionState(
            at=at,
            paused=self._paused,
            waiting=self._waiting is not None,
            finished=self._finished,
            stopped=self._stopped,
            tally_marked=self._tally.get(index, 0),
            checked=frozenset(self._checked.get(index, set())),
        )

    @property
    def step_index(self) -> int:
        return self.state().step.index

    # -- the user's hands ----------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        """Stop time until :meth:`resume`."""
        if self._paused or self.over:
            return
        self._advance()
        self._paused = True
        self._freeze()

    def resume(self) -> None:
        """Continue exactly where the pause began."""
        if not self._paused or self.over:
            return
        self._paused = False
        if self._waiting is None:
            self._anchor = self.clock.now()

    def toggle_pause(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()

    def next_step(self) -> None:
        """Skip to the start of the next step (or the end, from the last step)."""
        if self.over:
            return
        index = self.step_index
        if self._waiting is not None:
            self._waits_done.add(self._waiting)
            self._waiting = None
        self._jump_to(index + 1)

    def previous_step(self) -> None:
        """Go back to the start of the previous step (or of the first)."""
        if self.over:
            return
        index = max(self.step_index - 1, 0)
        self._waiting = None
        self._waits_done = {done for done in self._waits_done if done < index}
        self._jump_to(index)

    def _jump_to(self, index: int) -> None:
        self._early_end = None
        steps = self.timeline.steps
        now = self.clock.now()
        if index >= len(steps):
            self._base = self.timeline.total
            self._anchor = None
            self._finished = True
            self._ended_at = now
            return
        target = steps[index]
        self._base = target.start
        self._tally.pop(index, None)
        if target.waits and index not in self._waits_done:
            self._waiting = index
            self._anchor = None
            return
        self._anchor = None if self._paused else now
        self._advance()

    def next_jump_in(self) -> float | None:
        """Seconds until a filled tally moves the session on by itself, if one will."""
        if self._early_end is None or not self._running():
            return None
        return max(self._early_end[1] - self.position, 0.0)

    def mark_tally(self) -> bool:
        """Fill one marker on the current tally step. Returns whether one was filled."""
        state = self.state()
        step = state.step.step
        if not isinstance(step, TextStep) or not step.tally or state.paused or self.over:
            return False
        index = state.step.index
        marked = self._tally.get(index, 0)
        if marked >= step.tally:
            return False
        self._tally[index] = marked + 1
        if marked + 1 == step.tally:
            settle = min(self._base + TALLY_SETTLE_SECONDS, state.step.end)
            self._early_end = (index, settle)
        return True

    def toggle_item(self, item: int) -> bool:
        """Tick or untick an item of the current checklist. Returns whether anything changed."""
        state = self.state()
        step = state.step.step
        if not isinstance(step, ChecklistStep) or not 0 <= item < len(step.items) or self.over:
            return False
        ticked = self._checked.setdefault(state.step.index, set())
        ticked.symmetric_difference_update({item})
        return True

    def continue_on(self) -> None:
        """Leave a waiting checklist and carry on."""
        if self._waiting is None or self.over:
            return
        self._waits_done.add(self._waiting)
        self._waiting = None
        if not self._paused:
            self._anchor = self.clock.now()
        self._advance()
