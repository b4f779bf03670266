"""Pictures of a practice, drawn as text: minutes a day as bars, check-ins as pairs of numbers.

Pure functions from the history's numbers to Rich ``Text`` (and one Rich renderable that picks
how many days to draw from the width it is given), so they are tested without a screen. What
they never draw: a goal line, a streak, a mark on a day with nothing (an empty day is only an
empty column), a colour that says good or bad, or a bar wider than its line: a wrapped row of
bars puts each bar over another day's date.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import StyleType
from rich.text import Text

from breather.history import CheckInChange, DayTotal

EIGHTHS = " ▁▂▃▄▅▆▇█"
"""A cell filled by eighths, from empty to full."""
COLUMN = 5
"""Cells per day: a bar three wide and a gap of two."""
BAR = 3
WEEK = 7
"""The days drawn when the whole window's bars do not fit the width."""


def days_that_fit(width: int, days: int) -> int:
    """How many of ``days`` (the newest) to draw in ``width`` cells: all, else a week, else none.

    Never a part of a row: a row of bars wider than its line wraps, and each bar then stands over
    another day's date.
    """
    for shown in (days, min(days, WEEK)):
        if shown * COLUMN <= width:
            return shown
    return 0


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


class MinutesADay:
    """The heading and the bars of the minutes a day, drawn for the width they are given.

    A Rich renderable, so the screen's layout hands it its width (also when it measures the
    height): the whole window when it fits, the last week when only that fits, and else a line
    that says so, rather than bars that do not stand over their dates.
    """

    def __init__(self, days: Sequence[DayTotal], heading_style: StyleType = "bold") -> None:
        """Draw ``days`` (any order), under a heading in ``heading_style``."""
        self.days = sorted(days, key=lambda row: row.day)
        self.heading_style = heading_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = days_that_fit(options.max_width, len(self.days))
        if not shown:
            yield Text("Minutes a day", style=self.heading_style)
            yield Text("A wider window shows them as bars.", style="dim")
            return
        yield Text(f"Minutes a day, the last {shown} days", style=self.heading_style)
        yield minutes_chart(self.days[-shown:])


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


def pair_words(changes: Sequence[CheckInChange], most: int) -> list[str]:
    """The newest pairs as numbers, newest first: ``["6 → 4", "7 → 7"]``."""
    return [f"{change.before} → {change.after}" for change in changes[:most]]


class UnbrokenPieces:
    """A lead-in, then pieces each kept whole on one line, for the width given (Rich renderable).

    Wrapping at spaces would split ``7 → 2`` into ``7 →`` and ``2`` on the next line, which
    reads as another pair; the pieces go to the next line whole instead.
    """

    def __init__(self, lead: Text, pieces: Sequence[str], separator: str = "  ") -> None:
        self.lead = lead
        self.pieces = list(pieces)
        self.separator = separator

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = self.lead.copy()
        lead_lines = self.lead.wrap(console, width)
        used = cell_len(lead_lines[-1].plain) if len(lead_lines) else 0
        for number, piece in enumerate(self.pieces):
            gap = self.separator if number else ""
            if used and used + cell_len(gap + piece) > width:
                text.append("\n")
                used, gap = 0, ""
            text.append(gap + piece)
            used += cell_len(gap + piece)
        yield text
