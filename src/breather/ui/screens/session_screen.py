"""What the player and the lead view share: one session, drawn, slept on and steered by keys.

Both screens draw the session's state, then sleep with a one-shot timer until the next visible
change (each screen knows what it shows, so each says when that is); while paused or waiting
nothing is scheduled. Both pause while another screen (the keys, say) covers them and resume
only what they paused themselves, and both hand the finished session to the app as
:class:`~breather.ui.messages.Finished`. A screen says what it draws in :meth:`draw` and when it
next changes in :meth:`next_change_in`; everything else here is written once.
"""

from __future__ import annotations

from textual.timer import Timer

from breather.session import Session, SessionState
from breather.ui.messages import Finished
from breather.ui.screens.common import BreatherScreen

LANDING = 0.004
"""Wake a few milliseconds after a change is due, so the state read is already past it."""


class SessionScreen(BreatherScreen):
    """A screen that plays one session: :meth:`draw` and :meth:`next_change_in` are its own."""

    KEYS_SECTION = "Playing"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._timer: Timer | None = None
        self._finished = False
        self._resume_when_uncovered = False

    def on_mount(self) -> None:
        self.session.start()
        self.sync()

    def on_unmount(self) -> None:
        self._cancel()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (the keys, say): a playing session waits for it."""
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

    # -- drawing and sleeping ------------------------------------------------------------------

    def sync(self) -> None:
        """Draw the state now and sleep until the next visible change; at the end, say so."""
        if self._finished:
            return
        state = self.session.state()
        self.before_draw(state)
        if state.over:
            self._cancel()
            self._finished = True
            self.ask(Finished(self.session))
            return
        self.draw(state)
        self._cancel()
        delay = self.next_change_in(state)
        if delay is not None:
            self._timer = self.set_timer(delay + LANDING, self.sync)

    def before_draw(self, state: SessionState) -> None:
        """What happens with every state read, the last one (the end) included: nothing here."""

    def draw(self, state: SessionState) -> None:
        """Draw one state; each part should redraw only if what it shows has changed."""
        raise NotImplementedError

    def next_change_in(self, state: SessionState) -> float | None:
        """Seconds until anything on screen changes, or None while nothing will."""
        raise NotImplementedError

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- keys both screens share ---------------------------------------------------------------

    def action_pause(self) -> None:
        self.session.toggle_pause()
        self.sync()

    def action_next(self) -> None:
        self.session.next_step()
        self.sync()

    def action_previous(self) -> None:
        self.session.previous_step()
        self.sync()

    def action_stop(self) -> None:
        self.session.stop()
        self.sync()
