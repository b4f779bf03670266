"""Durations in people's words: read from files, written as ``M:SS`` and as words.

Every place that shows a length or a moment (the command line, the plain player, the UI, the
loader's messages) writes it through this module, so the same number always reads the same way.
Three rounding rules, each for a reason:

- **down for stamps** (:func:`stamp`): a line stamped ``[0:59]`` happened in the 59th second;
  it must never claim a second that has not begun.
- **up for countdowns** (:func:`countdown`, :func:`countdown_seconds`): ``0:01`` stays on
  screen until the time is really up, so nothing reads ``0:00`` while it still runs.
- **nearest for lengths** (:func:`length`, :func:`length_words`, :func:`spoken_length`,
  :func:`brief_length`): 60.2 seconds is about a minute.

A range offered to the user (:func:`range_words`) is rounded inwards, so breather never promises
a length it cannot play. Nothing here reads a clock or touches Textual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
_DURATION = re.compile(
    rf"^\s*(?:(?P<minutes>{_NUMBER})\s*(?:m|min|mins|minutes?)\s*)?"
    rf"(?:(?P<seconds>{_NUMBER})\s*(?:s|sec|secs|seconds?)?\s*)?$",
    re.IGNORECASE,
)

_TOLERANCE = 1e-6
"""A float's last digit must not tip a stamp or a countdown into the neighbouring second."""


def parse(value: object) -> float | None:
    """A number of seconds from ``20``, ``5.5``, ``"20s"``, ``"1m30s"`` or ``"90 s"``.

    Returns None when the value is not a duration at all (the range is the caller's to check).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if not match or not (match.group("minutes") or match.group("seconds")):
        return None
    minutes = float(match.group("minutes") or 0)
    seconds = float(match.group("seconds") or 0)
    return minutes * 60 + seconds


def _m_ss(whole_seconds: int) -> str:
    return f"{whole_seconds // 60}:{whole_seconds % 60:02d}"


def stamp(seconds: float) -> str:
    """``M:SS`` for a moment in a session, rounded down (59.99 s is ``0:59``)."""
    return _m_ss(int(seconds + _TOLERANCE))


def countdown(seconds: float) -> str:
    """``M:SS`` for time left, rounded up (a countdown shows ``0:01`` until it ends)."""
    return _m_ss(countdown_seconds(seconds))


def countdown_seconds(seconds: float) -> int:
    """Whole seconds left, rounded up: the count beside a breath phase (``3``, ``2``, ``1``)."""
    return max(math.ceil(seconds - _TOLERANCE), 0)


def length(seconds: float) -> str:
    """``M:SS`` for how long something lasts, to the nearest second (60.2 s is ``1:00``)."""
    return _m_ss(max(math.floor(seconds + 0.5), 0))


def length_words(seconds: float) -> str:
    """A length as the library shows it: "about 2 min", to the nearest half minute (half up).

    Under 52.5 s it is "about 40 s", to the nearest 5 seconds, as :func:`spoken_length` says it:
    "about 0.5 min" for a 39-second pause at the door read as less than it is. Under 10 s it is
    to the nearest second, so a 1-second test exercise is never "about 5 s".
    """
    if seconds < 10:
        return f"about {max(math.floor(seconds + 0.5), 1)} s"
    if seconds < 52.5:
        return f"about {math.floor(seconds / 5 + 0.5) * 5} s"
    return f"about {math.floor(seconds / 30 + 0.5) / 2:g} min"


def spoken_length(seconds: float) -> str:
    """A length as a sentence says it, for ``{length}``: "about 40 seconds", "about 2 minutes".

    Under 52.5 s it is said to the nearest 5 seconds (half a minute would be too coarse for a
    pause at the door); from there to the nearest half minute, as the library rounds.
    """
    if seconds < 52.5:
        fives = max(math.floor(seconds / 5 + 0.5), 1)
        return f"about {fives * 5} seconds"
    return f"about {minutes_words(math.floor(seconds / 30 + 0.5) / 2)}"


def brief_length(seconds: float) -> str:
    """A short length to the nearest second: "39 s" under a minute, else ``M:SS``."""
    whole = max(math.floor(seconds + 0.5), 0)
    return f"{whole} s" if whole < 60 else _m_ss(whole)


def minutes_list_words(minutes: Sequence[float]) -> str:
    """Lengths on offer, shortest first: "3 or 5 minutes", "1, 2 or 3 minutes", "2 minutes"."""
    ordered = [number(value) for value in sorted(minutes)]
    listed = ", ".join(ordered[:-1]) + f" or {ordered[-1]}" if len(ordered) > 1 else ordered[0]
    return f"{listed} minute" + ("" if sorted(minutes)[-1] == 1 else "s")


def range_words(low: float, high: float) -> str:
    """ "50 seconds to 30 minutes": the shortest rounded up and the longest rounded down."""
    return f"{_bound_words(low, up=True)} to {_bound_words(high, up=False)}"


def _bound_words(seconds: float, *, up: bool) -> str:
    """Five-second steps under a minute and a half, half minutes above."""
    rounded = math.ceil if up else math.floor
    if seconds < 90:
        return f"{int(rounded(seconds / 5) * 5)} seconds"
    return f"{rounded(seconds / 30) / 2:g} minutes"


def seconds_words(seconds: float) -> str:
    """An exact duration in words: "1 second", "45 seconds", "30 minutes" (whole minutes only)."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute" + ("" if minutes == 1 else "s")
    return f"{number(seconds)} seconds" if seconds != 1 else "1 second"


def minutes_words(minutes: float) -> str:
    """A number of minutes in words: "1 minute", "2.5 minutes"."""
    return f"{number(minutes)} minute" + ("" if minutes == 1 else "s")


def minutes_short(minutes: float) -> str:
    """A number of minutes, short: "2 min"."""
    return f"{number(minutes)} min"


def seconds_short(seconds: float) -> str:
    """A number of seconds, short: "4 s", "5.5 s"."""
    return f"{number(seconds)} s"


def number(value: float) -> str:
    """A number as a person writes it: "20" rather than "20.0", and "5.5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
