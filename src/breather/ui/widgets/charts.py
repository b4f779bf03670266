"""Pictures of a practice, drawn as text: minutes a day as bars, check-ins as pairs of numbers.

Pure functions from the history's numbers to Rich ``Text``, so they are tested without a screen.
What they never draw: a goal line, a streak, a mark on a day with nothing (an empty day is only
an empty column), or a colour that says good or bad.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

from breather.history import CheckInChange, DayTotal

EIGHTHS = " ▁▂▃▄▅▆▇█"
"""A cell filled by eighths, from empty to full."""
COLUMN = 5
"""Cells per day: a bar three wide and a gap of two."""
BAR = 3


def minutes_label(seconds: float) -> str:
    """A day's minutes over its bar: ``12``, ``½`` for under a minute, nothing for none."""
    if seconds <= 0:
        return ""
    minutes = math.floor(seconds / 60 + 0.5)
    return "½" if minutes == 0 else str(minutes)


def minutes_chart(days: Sequence[DayTotal], height: int = 4) -> Text:
    """Minutes a day as vertical bars, oldest on the left, each day named under its bar.

    Args:
        days: The days to draw, in any order (newest first, as the history gives them).
        height: Rows of bar; the day with the most minutes fills them all.
    """
    ordered = sorted(days, key=lambda row: row.day)
    most = max((row.seconds for row in ordered), default=0.0)
    eighths = [
        0 if most <= 0 or row.seconds <= 0 else max(1, round(row.seconds / most * height * 8))
        for row in ordered
    ]
    text = Text()
    text.append("".join(minutes_label(row.seconds).center(COLUMN) for row in ordered), "dim")
    for level in reversed(range(height)):
        text.append("\n")
        for filled in eighths:
            part = min(max(filled - level * 8, 0), 8)
            text.append(f" {EIGHTHS[part] * BAR} ", style="bold")
    text.append("\n")
    text.append("".join(f"{row.day.day:^{COLUMN}}" for row in ordered))
    text.append("\n")
    text.append("".join(f"{row.day.strftime('%a')[:2]:^{COLUMN}}" for row in ordered), "dim")
    return text


def paired_values(changes: Sequence[CheckInChange], most: int) -> list[float]:
    """Before and after of the newest ``most`` pairs, oldest first: ``[b1, a1, b2, a2, ...]``.

    Drawn as one sparkline, each session is two bars side by side, before then after, on one
    scale.
    """
    newest = list(changes[:most])
    values: list[float] = []
    for change in reversed(newest):
        values += [float(change.before), float(change.after)]
    return values


def pairs_text(changes: Sequence[CheckInChange], most: int) -> str:
    """The newest pairs as numbers, newest first: ``tension 6 → 4 · 7 → 7``."""
    shown = changes[:most]
    if not shown:
        return ""
    return "  ".join(f"{change.before} → {change.after}" for change in shown)
