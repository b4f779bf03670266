"""A running session: a timeline played on a clock, with the user's hands on it.

The session adds what the plan cannot know: pausing and resuming, moving to the next or previous
step, stopping, marking tallies, ticking checklists, waiting at the steps that wait for the user,
and what the user answered at a check-in or wrote in a write step (kept here until the session is
recorded, see ``practice.py``). It keeps one number, the *position* on the timeline, and derives
everything else from it and the injected clock, so a pause of any length shifts nothing but time
itself.

No Textual here: the UI and the plain player both drive a :class:`Session`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from breather.clock import Clock
from breather.model import CheckInStep, ChecklistStep, TextStep, WriteStep
from breather.timeline import PlannedStep, State, Timeline

TALLY_SETTLE_SECONDS = 2.0
"""After the last tally marker, the step lingers this long before moving on."""

WAIT_COUNTS_AT_MOST = 300.0
"""Time at one step that waits (a check-in, writing, a checklist) counts as practice up to this.

Writing three lines or choosing a number is practice; a prompt left open while the phone rang, or
through the next client, is not: without a limit a session left at a check-in for an hour would
be kept as an hour's practice."""

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
        answer: The answer kept at the current check-in, if any.
        written: What is in the boxes of the current write step (one text per box written to).
    """

    at: State
    paused: bool
    waiting: bool
    finished: bool
    stopped: bool
    tally_marked: int
    checked: frozenset[int]
    answer: int | None = None
    written: tuple[str, ...] = ()

    @property
    def step(self) -> PlannedStep:
        return self.at.step

    @property
    def over(self) -> bool:
        """Finished or stopped: nothing more will play."""
        return self.finished or self.stopped


@dataclass(frozen=True)
class _Track:
    """The part of a session that time moves: where it is on the timeline, and since when.

    Attributes:
        base: Seconds into the timeline at clock time ``anchor``.
        anchor: The clock time at which the session was at ``base``; None while time does not
            move the session (not started, paused, waiting at a checklist, or over).
        waiting: The index of the checklist step waiting for the user, if one is.
        finished: Whether the session has run to its end.
        ended_at: The clock time it ended (ran to its end, or was stopped).
        early_end: A filled tally: its step's index, and the position the session moves on at.
        waiting_since: The clock time the wait began (read only while ``waiting`` is set).
        paused_before: The time paused in the session before that wait began.
    """

    base: float = 0.0
    anchor: float | None = None
    waiting: int | None = None
    finished: bool = False
    ended_at: float | None = None
    early_end: tuple[int, float] | None = None
    waiting_since: float = 0.0
    paused_before: float = 0.0


class Session:
    """One play-through of a timeline.

    Reading it (:meth:`state`, :attr:`position`, :attr:`finished` and the rest) never changes it:
    each read works out where the clock has brought the session since it last changed. Only the
    user's actions change it, and each first brings the session up to the clock
    (:meth:`_catch_up`), so it acts on the moment the user saw.

    Args:
        timeline: What to play.
        clock: Where time comes from.
    """

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self.clock = clock
        self._track = _Track()
        self._started_at: float | None = None
        self._paused = False
        self._stopped = False
        self._waits_done: set[int] = set()
        self._tally: dict[int, int] = {}
        self._checked: dict[int, set[int]] = {}
        self._answers: dict[int, int] = {}
        self._written: dict[int, dict[int, str]] = {}
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._waited_too_long = 0.0  # past WAIT_COUNTS_AT_MOST, in waits already left

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin playing from the start (the clock starts now)."""
        now = self.clock.now()
        self._started_at = now
        self._track = _Track(anchor=now)
        self._catch_up()

    def stop(self) -> None:
        """Stop at once. Stopping is always a valid choice."""
        self._catch_up()
        if self.over:
            return
        self._stopped = True
        self._track = replace(self._track, anchor=None, ended_at=self.clock.now())

    @property
    def over(self) -> bool:
        """Finished or stopped: nothing more will play."""
        return self._stopped or self.finished

    @property
    def stopped(self) -> bool:
        """The user stopped the session before its end."""
        return self._stopped

    @property
    def finished(self) -> bool:
        """The session has run to its end."""
        return self._caught_up().finished

    @property
    def wall_seconds(self) -> float:
        """Real time since the start, pauses included (until it ended)."""
        if self._started_at is None:
            return 0.0
        ended_at = self._caught_up().ended_at
        return (self.clock.now() if ended_at is None else ended_at) - self._started_at

    @property
    def played_seconds(self) -> float:
        """Real time since the start with the pauses left out: how long the user practised.

        Time spent at a step that waits (writing, a check-in, a checklist) counts: it is practice,
        up to :data:`WAIT_COUNTS_AT_MOST` at each wait.
        """
        track = self._caught_up()
        until = self.clock.now() if track.ended_at is None else track.ended_at
        too_long = self._waited_too_long + self._too_long(track, until)
        return max(self.wall_seconds - self._paused_until(until) - too_long, 0.0)

    def _paused_until(self, moment: float) -> float:
        """The time paused from the start up to clock time ``moment`` (a pause going on too)."""
        if self._paused_at is None:
            return self._paused_total
        return self._paused_total + max(moment - self._paused_at, 0.0)

    def _too_long(self, track: _Track, until: float) -> float:
        """How far the wait ``track`` is at went past what counts, by clock time ``until``."""
        if track.waiting is None:
            return 0.0
        paused = self._paused_until(until) - track.paused_before
        waited = until - track.waiting_since - paused
        return max(waited - WAIT_COUNTS_AT_MOST, 0.0)

    def _leave_wait(self) -> None:
        """Keep what the wait being left went past what counts (call before leaving it)."""
        self._waited_too_long += self._too_long(self._track, self.clock.now())

    # -- where we are --------------------------------------------------------------------------

    @property
    def position(self) -> float:
        """Seconds into the timeline."""
        return self._caught_up().base

    @property
    def step_index(self) -> int:
        """The index of the step being played."""
        return self.state().step.index

    def state(self) -> SessionState:
        """The state now."""
        track = self._caught_up()
        if track.waiting is not None:
            at = self.timeline.state_of_step(track.waiting, track.base)
        else:
            at = self.timeline.state_at(track.base)
        index = at.step.index
        return SessionState(
            at=at,
            paused=self._paused,
            waiting=track.waiting is not None,
            finished=track.finished,
            stopped=self._stopped,
            tally_marked=self._tally.get(index, 0),
            checked=frozenset(self._checked.get(index, set())),
            answer=self._answers.get(index),
            written=self._boxes(index),
        )

    def _catch_up(self) -> None:
        """Bring the session up to the clock, before an action changes it."""
        self._track = self._caught_up()

    def _caught_up(self) -> _Track:
        """Where the clock has brought the session, stopping at waits, filled tallies and the end.

        Pure: the session is not changed. While time does not move it, that is where it is.
        """
        track = self._track
        if track.anchor is None:
            return track
        steps, total = self.timeline.steps, self.timeline.total
        now = self.clock.now()
        base, early = track.base, track.early_end
        position = base + (now - track.anchor)
        while True:
            wait = self._next_wait(base, position)
            if (
                early is not None
                and early[1] <= position
                and (wait is None or early[1] <= wait.start)
            ):
                # All tally markers filled: move on to the next step, keeping the time that passed.
                following, overshoot, early = early[0] + 1, position - early[1], None
                if following >= len(steps):
                    position = total
                    break
                base = steps[following].start
                position = base + overshoot
                continue
            if wait is not None:
                began = now - (position - wait.start)
                return replace(
                    track,
                    base=wait.start,
                    anchor=None,
                    waiting=wait.index,
                    early_end=early,
                    waiting_since=began,
                    paused_before=self._paused_until(began),
                )
            break
        if position >= total - _EPSILON:
            return self._ended(replace(track, early_end=early), now - (position - total))
        return replace(track, base=position, anchor=now, early_end=early)

    def _ended(self, track: _Track, ended_at: float) -> _Track:
        """The track of a session that has run to its end at clock time ``ended_at``."""
        return replace(
            track, base=self.timeline.total, anchor=None, finished=True, ended_at=ended_at
        )

    def _next_wait(self, start: float, end: float) -> PlannedStep | None:
        for step in self.timeline.steps:
            if (
                step.waits
                and step.index not in self._waits_done
                and start - _EPSILON <= step.start <= end + _EPSILON
            ):
                return step
        return None

    # -- the user's hands ----------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """The user paused the session."""
        return self._paused

    def pause(self) -> None:
        """Stop time until :meth:`resume`."""
        self._catch_up()
        if self._paused or self.over:
            return
        self._paused = True
        self._paused_at = self.clock.now()
        self._track = replace(self._track, anchor=None)

    def resume(self) -> None:
        """Continue exactly where the pause began."""
        if not self._paused or self.over:
            return
        self._paused = False
        if self._paused_at is not None:
            self._paused_total += self.clock.now() - self._paused_at
            self._paused_at = None
        if self._track.waiting is None:
            self._track = replace(self._track, anchor=self.clock.now())

    def toggle_pause(self) -> None:
        """Pause, or resume when paused."""
        if self._paused:
            self.resume()
        else:
            self.pause()

    def next_step(self) -> None:
        """Skip to the start of the next step (or the end, from the last step)."""
        self._catch_up()
        if self.over:
            return
        index = self.step_index
        if self._track.waiting is not None:
            self._waits_done.add(self._track.waiting)
        self._leave_wait()
        self._jump_to(index + 1)

    def previous_step(self) -> None:
        """Go back to the start of the previous step (or of the first)."""
        self._catch_up()
        if self.over:
            return
        index = max(self.step_index - 1, 0)
        self._waits_done = {done for done in self._waits_done if done < index}
        self._leave_wait()
        self._jump_to(index)

    def _jump_to(self, index: int) -> None:
        """Move to the start of a step (or to the end), leaving any wait or filled tally behind."""
        steps = self.timeline.steps
        now = self.clock.now()
        track = replace(self._track, waiting=None, early_end=None)
        if index >= len(steps):
            self._track = self._ended(track, now)
            return
        target = steps[index]
        self._tally.pop(index, None)
        if target.waits and index not in self._waits_done:
            self._track = replace(
                track,
                base=target.start,
                anchor=None,
                waiting=index,
                waiting_since=now,
                paused_before=self._paused_until(now),
            )
        else:
            anchor = None if self._paused else now
            self._track = replace(track, base=target.start, anchor=anchor)

    def next_jump_in(self) -> float | None:
        """Seconds until a filled tally moves the session on by itself, if one will."""
        track = self._caught_up()
        if track.early_end is None or track.anchor is None:
            return None
        return max(track.early_end[1] - track.base, 0.0)

    def mark_tally(self) -> bool:
        """Fill one marker on the current tally step. Returns whether one was filled."""
        self._catch_up()
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
            settle = min(self._track.base + TALLY_SETTLE_SECONDS, state.step.end)
            self._track = replace(self._track, early_end=(index, settle))
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
        self._catch_up()
        waiting = self._track.waiting
        if waiting is None or self.over:
            return
        self._waits_done.add(waiting)
        self._leave_wait()
        anchor = None if self._paused else self.clock.now()
        self._track = replace(self._track, waiting=None, anchor=anchor)

    # -- what the user answered and wrote ----------------------------------------------------------

    def answer(self, index: int, value: int | None) -> bool:
        """Keep an answer (0-10) at the check-in step ``index``, or forget it (None: skipped).

        Returns:
            Whether ``index`` is a check-in and the value one it can hold.
        """
        if not 0 <= index < len(self.timeline.steps):
            return False
        if not isinstance(self.timeline.steps[index].step, CheckInStep):
            return False
        if value is None:
            self._answers.pop(index, None)
            return True
        if not 0 <= value <= 10:
            return False
        self._answers[index] = value
        return True

    def write(self, index: int, box: int, text: str) -> bool:
        """Keep what is in one box of the write step ``index`` (the latest text replaces it).

        Returns:
            Whether ``index`` is a write step with that box.
        """
        if not 0 <= index < len(self.timeline.steps):
            return False
        step = self.timeline.steps[index].step
        if not isinstance(step, WriteStep) or not 0 <= box < step.entries:
            return False
        self._written.setdefault(index, {})[box] = text
        return True

    @property
    def answers(self) -> dict[int, int]:
        """Every check-in answer kept, by step index."""
        return dict(self._answers)

    @property
    def written(self) -> dict[int, tuple[str, ...]]:
        """What every write step holds, by step index, one text per box (empty boxes too)."""
        return {index: self._boxes(index) for index in sorted(self._written)}

    def _boxes(self, index: int) -> tuple[str, ...]:
        boxes = self._written.get(index)
        if not boxes:
            return ()
        return tuple(boxes.get(box, "") for box in range(max(boxes) + 1))
