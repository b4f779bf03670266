"""The start card's choices keep their labels a column when their words wrap."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from breather.ui.widgets.hanging import NARROWEST, Hanging

CHOICES = Text.assemble(
    ("Motion   ", "bold"),
    "full (a shape that grows and shrinks)",
    ("      m to switch", "dim"),
    "\n         tones are not available here: aplay could not play a tone (exit status 1)",
)


def lines_at(width: int, text: Text = CHOICES) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(Hanging(text, 9), end="")
    return captured.get().splitlines()


def words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


def test_wrapped_lines_start_under_the_words_and_lose_none() -> None:
    shown = lines_at(40)
    assert shown[0].startswith("Motion   full")
    assert len(shown) > 3  # both rows wrapped
    assert all(line.startswith(" " * 9) and line[9] != " " for line in shown[1:]), shown
    assert all(len(line) <= 40 for line in shown), shown
    assert words(shown) == CHOICES.plain.split()


def test_a_row_that_fits_is_as_written() -> None:
    assert lines_at(200) == [line.rstrip() for line in CHOICES.plain.splitlines()]


def test_too_narrow_for_a_column_wraps_from_the_edge() -> None:
    shown = lines_at(9 + NARROWEST - 1)
    assert words(shown) == CHOICES.plain.split()
    assert any(not line.startswith(" ") for line in shown[1:]), shown


def test_styles_carry_to_the_wrapped_lines() -> None:
    console = Console(width=30, color_system="standard", legacy_windows=False)
    with console.capture() as captured:
        console.print(Hanging(CHOICES, 9), end="")
    assert "\x1b[2m" in captured.get()  # the dim key words, on their own line
