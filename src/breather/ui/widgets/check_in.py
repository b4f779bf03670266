"""A 0-10 check-in scale: arrows and Enter, digits as shortcuts, and skipping one key away.

Used by the check-in step in the player and by the before and after check-in around a session.
The scale never starts on a number (a preselected answer would lean on the user), never asks twice
and never comments on the answer: Enter keeps what is chosen, or moves on with nothing kept when
nothing is; ``s`` skips at once. It posts :class:`CheckInScale.Kept` to whoever shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

SCALE = range(11)
FIRST_STEP = 5
"""Where an arrow starts when nothing is chosen yet: the middle, leaning neither way."""


def typed_number(chosen: int | None, digit: int, after_digit: bool) -> int:
    """The number a digit key chooses: the digit, or 10 when ``0`` follows a ``1`` just typed."""
    if digit == 0 and after_digit and chosen == 1:
        return 10
    return digit


def scale_text(chosen: int | None, scale: tuple[str, str]) -> Text:
    """The numbers 0 to 10 with the chosen one marked, and the scale's words under its ends."""
    numbers = Text()
    for value in SCALE:
        cell = f" {value} "
        if value == chosen:
            numbers.append(f"[{value}]", style="bold reverse")
        else:
            numbers.append(cell)
        if value != SCALE[-1]:
            numbers.append(" ")
    low, high = scale
    width = numbers.cell_len
    ends = f"0 {low}"
    right = f"{high} 10"
    gap = max(width - len(ends) - len(right), 2)
    numbers.append("\n")
    numbers.append(f"{ends}{' ' * gap}{right}", style="dim")
    return numbers


class CheckInScale(Widget, can_focus=True):
    """The scale itself: focus it, and it takes the arrows, the digits, Enter and ``s``."""

    DEFAULT_CSS = """
    CheckInScale { height: auto; width: auto; padding: 1 0; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("enter,space", "keep", "Keep"),
        Binding("s", "skip", "Skip"),
        *(Binding(str(digit), f"digit({digit})", str(digit), show=False) for digit in SCALE[:10]),
    ]

    @dataclass
    class Kept(Message):
        """The user kept an answer (a number), or skipped (None)."""

        scale: CheckInScale
        value: int | None

    def __init__(self, scale: tuple[str, str] = ("none", "a lot"), *, id: str | None = None):
        super().__init__(id=id)
        self.scale = scale
        self.chosen: int | None = None
        self._after_digit = False

    def reset(self, scale: tuple[str, str], chosen: int | None = None) -> None:
        """Show a fresh scale (a new check-in), with an earlier answer if there was one."""
        if (scale, chosen) != (self.scale, self.chosen):
            self.scale, self.chosen = scale, chosen
            self.refresh(layout=True)
        self._after_digit = False

    def choose(self, value: int | None) -> None:
        """Mark a number (None: none)."""
        if value != self.chosen:
            self.chosen = value
            self.refresh()

    def render(self) -> Text:
        return scale_text(self.chosen, self.scale)

    def action_move(self, delta: int) -> None:
        self._after_digit = False
        if self.chosen is None:
            self.choose(FIRST_STEP)
        else:
            self.choose(min(max(self.chosen + delta, SCALE[0]), SCALE[-1]))

    def action_digit(self, digit: int) -> None:
        self.choose(typed_number(self.chosen, digit, self._after_digit))
        self._after_digit = digit == 1

    def action_keep(self) -> None:
        self.post_message(self.Kept(self, self.chosen))

    def action_skip(self) -> None:
        self.post_message(self.Kept(self, None))


HINT = Text.assemble(
    ("← →", "bold"),
    " or a number to choose · ",
    ("Enter", "bold"),
    " keeps it · ",
    ("s", "bold"),
    " skips",
    style="dim",
)
"""What the keys do, shown under every scale."""
