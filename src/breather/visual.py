"""The breath visual as pure functions: how full the breath is, what that looks like, and when
the picture will next change.

The visual at time t is a function of the timeline's state at t and the space it has, nothing
else, so after a pause, a skip or a resize it is exactly where the timeline says. Knowing the
*next* moment the picture changes lets the player sleep until then instead of redrawing at a frame
rate: the cost follows the change on screen. No Textual here; the widget only draws these lines.

Motion levels: ``full`` (a round shape that grows on the in-breath and shrinks on the out-breath,
drawn with half blocks for smoothness), ``basic`` (a bar that fills and empties, in eighths of a
cell), ``none`` (nothing moves; the label and count say everything).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from breather.settings import Motion

MIN_FRAME_SECONDS = 1 / 10
"""The visual never changes more often than this, however fast the shape moves."""

_EIGHTHS = " ▏▎▍▌▋▊▉█"

FRAMES_KEPT = 4096
"""Pictures of the full shape kept, by level: the shape at its largest has a few hundred levels,
so every breath after the first is drawn from here; past the bound, pictures are drawn and not
kept, so no window size or length of session makes the cache grow further (bench/memory.py)."""

ASPECT = 1.6
"""The full shape is a wide oval: it fits a terminal's short height, and its edge passes more
pixels as it grows, so the motion is smoother than a circle's at the same size."""


def ease(progress: float) -> float:
    """Sine easing: slow at the start and end of a breath, 0..1 to 0..1."""
    p = min(max(progress, 0.0), 1.0)
    return (1 - math.cos(math.pi * p)) / 2


def uneased(amount: float) -> float:
    """The inverse of :func:`ease`."""
    a = min(max(amount, 0.0), 1.0)
    return math.acos(1 - 2 * a) / math.pi


def fullness(level_from: float, level_to: float, progress: float) -> float:
    """How full the breath is ``progress`` (0..1) through a phase, eased."""
    return level_from + (level_to - level_from) * ease(progress)


@dataclass(frozen=True)
class BreathShape:
    """The visual for one motion level at one size (in cells)."""

    motion: Motion
    width: int
    height: int
    _cache: dict[float, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def moves(self) -> bool:
        """Whether anything on screen moves at this level and size."""
        return self.motion != "none" and self.width > 0 and self.height > 0

    # -- geometry of the full shape -----------------------------------------------------------

    @cached_property
    def _radii(self) -> tuple[float, float]:
        """The smallest and largest radius, in half-cell pixels (square-ish on a terminal)."""
        largest = max(min(self.width / (2 * ASPECT), float(self.height)) - 0.5, 1.0)
        return largest * 0.25, largest

    def _radius(self, amount: float) -> float:
        low, high = self._radii
        return low + (high - low) * amount

    @cached_property
    def _distances(self) -> list[float]:
        """Every pixel's distance from the centre, in the oval's terms, sorted (where the
        full shape changes)."""
        cx, cy = self.width / 2, float(self.height)
        found = {
            round(math.hypot((x + 0.5 - cx) / ASPECT, y + 0.5 - cy), 9)
            for x in range(self.width)
            for y in range(self.height * 2)
        }
        return sorted(found)

    # -- what is drawn ------------------------------------------------------------------------

    def frame(self, amount: float) -> tuple[str, ...]:
        """The lines to draw when the breath is ``amount`` full (0..1)."""
        if not self.moves:
            return ()
        if self.motion == "basic":
            return (self._bar(amount),)
        key = self.level_key(amount)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._disc(key)
            if len(self._cache) < FRAMES_KEPT:
                self._cache[key] = cached
        return cached

    def level_key(self, amount: float) -> float:
        """A number that changes exactly when the picture does."""
        if self.motion == "basic":
            return float(self._eighths(amount))
        radius = self._radius(amount)
        index = bisect_right(self._distances, radius + 1e-9)
        return float(index)

    def _eighths(self, amount: float) -> int:
        return int(min(max(amount, 0.0), 1.0) * self.width * 8 + 1e-9)

    def _bar(self, amount: float) -> str:
        eighths = self._eighths(amount)
        full, part = divmod(eighths, 8)
        line = "█" * full + (_EIGHTHS[part] if part and full < self.width else "")
        return line.ljust(self.width)

    def _disc(self, key: float) -> tuple[str, ...]:
        inside = self._distances[int(key) - 1] if key >= 1 else -1.0
        cx, cy = self.width / 2, float(self.height)
        lines = []
        for row in range(self.height):
            cells = []
            for x in range(self.width):
                across = (x + 0.5 - cx) / ASPECT
                top = math.hypot(across, 2 * row + 0.5 - cy) <= inside + 1e-9
                bottom = math.hypot(across, 2 * row + 1.5 - cy) <= inside + 1e-9
                cells.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
            lines.append("".join(cells))
        return tuple(lines)

    # -- when it next changes -----------------------------------------------------------------

    @cached_property
    def thresholds(self) -> list[float]:
        """The breath amounts (0..1) at which the picture changes, sorted."""
        if self.motion == "basic":
            steps = self.width * 8
            return [k / steps for k in range(1, steps + 1)]
        low, high = self._radii
        span = high - low
        return [(d - low) / span for d in self._distances if low < d <= high]

    def next_change(
        self, level_from: float, level_to: float, progress: float, seconds: float
    ) -> float | None:
        """Seconds until the picture next changes within this phase, or None if it won't.

        Never less than :data:`MIN_FRAME_SECONDS`: a fast phase skips frames rather than
        redrawing more often.
        """
        if not self.moves or level_from == level_to or seconds <= 0:
            return None
        now = fullness(level_from, level_to, progress)
        rising = level_to > level_from
        marks = self.thresholds
        if rising:
            index = bisect_right(marks, now + 1e-12)
            if index >= len(marks) or marks[index] > level_to:
                return None
            target = marks[index]
        else:
            index = bisect_left(marks, now - 1e-12) - 1
            if index < 0 or marks[index] < level_to:
                return None
            target = marks[index] - 1e-9
        share = (target - level_from) / (level_to - level_from)
        at = uneased(share)
        return max((at - progress) * seconds, MIN_FRAME_SECONDS)
