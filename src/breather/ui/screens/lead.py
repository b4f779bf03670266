"""The lead view: for one person leading a group, on a screen the room may see.

``breather play ID --lead`` opens it instead of the player. It shows the words to say now in
large type (a breath is its spoken count, a word a second), the breath phase counted with the
present word marked, the next cue in small type with how long until it ("next, in 12 s: ..."),
and the time left. Pause, skip and stop work as in the player; a tally is not filled and a
checklist is read out rather than ticked, because a group's noticing is its own. What the view
says comes from :mod:`breather.lead`, the same words the line-by-line leader prints.

Like the player (both are a :class:`~breather.ui.screens.session_screen.SessionScreen`) it draws
the session's state and sleeps until the next visible change: here the next word of the count,
the next whole second of a countdown, the end of an event.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from breather import durations
from breather.lead import (
    LeadMoment,
    moment,
    next_word_in,
    seconds_to_say,
    whole_seconds_until_change,
)
from breather.session import Session, SessionState
from breather.ui.screens.common import TooSmall
from breather.ui.screens.session_screen import SessionScreen
from breather.ui.widgets.bigwords import BigWords
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line
from breather.ui.widgets.steps import set_shown


class LeadScreen(SessionScreen):
    """Leads one session aloud.

    What it is given (the session, whether bells ring, the support line) comes down from the
    app; the end of the session goes back up as :class:`~breather.ui.messages.Finished`.
    """

    BINDINGS = [  # noqa: RUF012
        Binding("space,k", "pause", "Pause"),
        Binding("right,n", "next", "Next"),
        Binding("left,p", "previous", "Back"),
        Binding("enter", "continue", "Go on", show=False),
        Binding("q,escape", "stop", "Stop"),
    ]

    def __init__(self, session: Session, *, bells: bool = True, support: str = "") -> None:
        super().__init__(session)
        self.bells = bells
        """Whether a step marked ``bell`` rings the terminal bell as it begins."""
        self.support = support
        """What ``{support}`` in the closing words shows."""
        self._step_shown: int | None = None

    def compose(self) -> ComposeResult:
        self._ui_where = Line(id="lead-where")
        self._ui_note = Line(id="lead-note")
        self._ui_say = BigWords(id="lead-say")
        self._ui_pace = Line(id="lead-pace")
        self._ui_next = Line(id="lead-next")
        self._ui_left = Line(id="lead-left")
        with Vertical(id="lead"):
            yield self._ui_where
            yield self._ui_note
            yield self._ui_say
            yield self._ui_pace
            yield self._ui_next
            yield self._ui_left
        yield Footer()
        yield TooSmall()

    # -- drawing -------------------------------------------------------------------------------

    def draw(self, state: SessionState) -> None:
        """Draw one moment; every part redraws only if what it shows has changed."""
        planned = state.step
        if self._step_shown != planned.index:
            self._step_shown = planned.index
            if planned.step.bell and self.bells:
                self.app.bell()
        timeline = self.session.timeline
        now = moment(timeline, state.at, waiting=state.waiting, support=self.support)
        where = Text.assemble(
            ("Leading  ", "dim"),
            (timeline.exercise.title, "bold"),
            f"  ·  step {planned.index + 1} of {len(timeline.steps)}",
        )
        if state.paused:
            where.append("  ·  paused, space to continue", style="bold reverse")
        elif timeline.holds_dropped:
            where.append("  ·  breath holds are off")
        self._ui_where.update(where)
        self._ui_note.update(Text(now.note, style="italic"))
        set_shown(self._ui_note, bool(now.note))
        self._ui_say.update(now.say)
        self._ui_pace.update(self._pace(now))
        set_shown(self._ui_pace, bool(now.pace))
        self._ui_next.update(self._next(now))
        self._ui_left.update(
            Text(
                f"{durations.countdown(now.left)} left  ·  "
                "space pause  ·  n next  ·  p back  ·  q stop",
                style="dim",
            )
        )

    @staticmethod
    def _pace(now: LeadMoment) -> Text:
        """The count, every word in its place, the present one marked (not by colour alone)."""
        pace = Text(justify="center")
        for position, word in enumerate(now.pace):
            if position:
                pace.append("  ·  ", style="dim")
            if position == now.pace_at:
                pace.append(f"[{word}]", style="bold reverse")
            else:
                pace.append(word)
        return pace

    @staticmethod
    def _next(now: LeadMoment) -> Text:
        if now.next_in is None:
            when = "next, when everyone is ready (Enter)"
        else:
            when = f"next, in {seconds_to_say(now.next_in)}"
        return Text.assemble((when + ": ", "bold"), now.next_words)

    # -- sleeping ------------------------------------------------------------------------------

    def next_change_in(self, state: SessionState) -> float | None:
        """Seconds until anything on screen changes, or None while nothing will."""
        if state.paused or state.waiting or state.over:
            return None
        at = state.at
        candidates = [at.phase_left, whole_seconds_until_change(at.session_left)]
        word = next_word_in(self.session.timeline, at)
        if word is not None:
            candidates.append(word)
        following = at.event.end - at.elapsed
        candidates.append(whole_seconds_until_change(following))
        return max(min(candidates), 0.0)

    # -- keys (pause, next, back and stop are the shared ones) ---------------------------------

    def action_continue(self) -> None:
        self.session.continue_on()
        self.sync()
