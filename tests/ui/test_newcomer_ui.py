"""Issue 16's stumbles in the screens, each as a newcomer would meet it at 80x24."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from breather.ui.screens.library import LibraryScreen
from tests.ui.conftest import AppFactory

SIZE = (80, 24)


async def list_lines(pilot: Pilot[None], options: OptionList) -> list[str]:
    """Every line of the list as drawn, scrolled through a screenful at a time."""
    lines: list[str] = []
    height = options.scrollable_content_region.height
    total = options.virtual_size.height
    for top in range(0, total, height):
        options.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        shown = min(height, total - top)
        first = int(options.scroll_y)
        for y in range(top - first, top - first + shown):
            lines.append(options.render_line(y).text.rstrip())
    return lines


def summary_under(lines: list[str], title: str) -> str:
    """The words drawn under a row's title, read only while they stay indented past it."""
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{title}  "))
    indent = len(lines[start]) - len(lines[start].lstrip())
    words: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        words.append(line.strip())
    return " ".join(words)


async def test_wrapped_summaries_keep_every_line_and_their_indent_after_refiltering(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        options = screen.query_one("#exercises", OptionList)
        await pilot.press("1", "0")
        lines = await list_lines(pilot, options)
        wrapped = 0
        for entry in screen.entries():
            summary = " ".join(entry.exercise.summary.split())
            assert summary_under(lines, entry.exercise.title) == summary, entry.exercise.id
            wrapped += len(summary) > options.scrollable_content_region.width - 6
        assert wrapped >= 3  # the built-in summaries do wrap at 80 columns
