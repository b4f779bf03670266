"""Time, injected: the real monotonic clock, and a fake one for tests.

Everything that plays a session reads time through a :class:`Clock`, so every moment of a session
can be reached in a test without waiting. The date and time of day come from one other function,
:func:`local_now`, passed in wherever a session is recorded or a history is read ("today"), so
tests fix it too.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


def local_now() -> datetime:
    """The wall clock, as an aware local time with its UTC offset (when a session started)."""
    return datetime.now().astimezone()


class Clock(Protocol):
    """Something that tells monotonic time in seconds."""

    def now(self) -> float:
        """The current time in seconds; only differences between readings mean anything."""
        ...


class WaitableClock(Clock, Protocol):
    """A clock that can also wait: what the line-by-line player needs."""

    def sleep(self, seconds: float) -> None:
        """Wait this many seconds, by this clock."""
        ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`, and :func:`time.sleep` to wait."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Wait this many seconds (at least: the system may wait a little longer)."""
        time.sleep(max(seconds, 0.0))


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        """Stand-in for :func:`time.sleep` that advances this clock instead of waiting."""
        self.advance(max(seconds, 0.0))
