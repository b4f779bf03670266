"""Issue 16's stumbles in the screens, each as a newcomer would meet it at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

from breather.ui.app import without_colour
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.modals import KEY_SECTIONS, TextScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.widgets.checklist import KEYS_HINT, ChecklistView
from breather.ui.widgets.line import Line
from tests.conftest import PROJECT
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


def footer_says(pilot: Pilot[None], key: str) -> str:
    """What the footer now shows for a key (its description), or "" when it shows none."""
    shown = [k.description for k in pilot.app.screen.query(FooterKey) if k.key == key]
    assert len(shown) <= 1, shown
    return shown[0] if shown else ""


async def test_the_footer_says_what_space_does_now_and_which_key_pauses(
    make_app: AppFactory,
) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Pause", "")
        await pilot.press("space")
        await pilot.pause()
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Continue", "")
        await pilot.press("space", "n", "n")  # on, to the tally
        await pilot.pause()
        # Space marks here, so the footer names the key that still pauses.
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Mark", "Pause")
        await pilot.press("k")
        await pilot.pause()
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Continue", "")
        await pilot.press("k", "n")  # on, to the checklist
        await pilot.pause()
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Tick", "Pause")
        await pilot.press("k")  # paused at the checklist: space continues, as the header says
        await pilot.pause()
        assert (footer_says(pilot, "space"), footer_says(pilot, "k")) == ("Continue", "")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert "paused, space to continue" in player.query_one("#where", Line).text
        await pilot.press("space")
        assert not player.session.paused
        assert player.session.state().checked == frozenset()  # it continued, ticking nothing


async def test_checklist_keys_never_surprise_and_are_shown(make_app: AppFactory) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n", "n")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        checklist = player.query_one(ChecklistView)

        def ticked() -> frozenset[int]:
            return player.session.state().checked

        await pilot.press("space")  # ticks the first and moves to the second
        assert (ticked(), checklist.cursor) == (frozenset({0}), 1)
        await pilot.press("up", "enter")  # Enter on a ticked item moves on, keeping its tick
        assert (ticked(), checklist.cursor) == (frozenset({0}), 1)
        await pilot.press("up", "space")  # space takes a tick back, and stays
        assert (ticked(), checklist.cursor) == (frozenset(), 0)
        await pilot.press("enter", "enter")  # Enter ticks each and moves on
        assert (ticked(), checklist.cursor) == (frozenset({0, 1}), 2)
        await pilot.pause()
        assert KEYS_HINT in str(checklist.render())
        keys = " ".join(words for _section, pairs in KEY_SECTIONS for _key, words in pairs)
        assert "space ticks or" in keys
        assert "Enter ticks and moves on" in keys
        readme = (PROJECT / "README.md").read_text(encoding="utf-8")
        assert "space ticks or unticks, Enter ticks and moves on" in readme
        await pilot.press("enter")  # on "Continue": goes on
        assert not player.session.state().waiting


async def test_the_start_card_counts_one_step_in_the_singular(
    make_app: AppFactory, organisation: Path
) -> None:
    one = "title: One step\nsummary: Only one.\nsteps:\n  - text: Arrive.\n    seconds: 20\n"
    (organisation / "one-step.yaml").write_text(one, encoding="utf-8")
    app = make_app(start_with="one-step")
    async with app.run_test(size=SIZE):
        length = app.screen.query_one("#card-length", Line).text
        assert "· 1 step" in length
        assert "1 steps" not in length


async def test_the_info_panel_scrollbar_leaves_the_text_its_room(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        options = screen.query_one("#exercises", OptionList)
        options.highlighted = options.get_option_index("ex:end-of-day-ritual")
        await pilot.press("i")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, TextScreen)
        scroller = panel.query_one("#panel")
        assert scroller.show_vertical_scrollbar  # the text is longer than the panel
        bar = scroller.vertical_scrollbar.region
        for part in panel.query(Static):
            assert part.content_region.right < bar.x, part.id  # a blank column between


@pytest.mark.parametrize(
    ("environ", "marked"),
    [
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, True),
        ({"TERM": "xterm-mono"}, True),
        ({"TERM": "linux-m"}, True),
        ({"TERM": "vt100"}, True),
        ({"TERM": "vt100-256color"}, False),
        ({"TERM": "xterm-256color", "NO_COLOR": ""}, True),  # empty still greys Textual's colours
    ],
)
def test_what_counts_as_a_screen_without_colour(environ: dict[str, str], marked: bool) -> None:
    assert without_colour(environ) is marked


@pytest.mark.parametrize("no_color", [False, True])
async def test_without_colour_the_highlighted_row_is_underlined_not_only_shaded(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """With NO_COLOR, Textual draws in greys: the row Enter opens must be marked another way."""
    monkeypatch.setenv("TERM", "xterm-256color")  # whatever the machine running the tests has
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#exercises", OptionList)
        highlighted = options.get_visual_style(
            "option-list--option", "option-list--option-highlighted"
        )
        plain = options.get_visual_style("option-list--option")
        assert bool(highlighted.underline) is no_color
        assert not plain.underline
        title = str(options.get_option_at_index(options.highlighted or 0).prompt).split("  ")[0]
        row = next(y for y in range(options.size.height) if title in options.render_line(y).text)
        underlined = any(
            segment.style is not None and bool(segment.style.underline)
            for segment in options.render_line(row)
            if segment.text.strip()
        )
        assert underlined is no_color


async def test_the_keys_panel_says_how_to_close_it_however_far_it_is_scrolled(
    make_app: AppFactory,
) -> None:
    """At 80x24 the keys do not fit: the way out is on the panel's frame and in its footer."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        panel_screen = app.screen
        assert isinstance(panel_screen, TextScreen)
        panel = panel_screen.query_one("#panel")
        assert panel.max_scroll_y > 0  # it scrolls at this size, which is why this matters
        assert "Escape closes" in str(panel.border_subtitle)
        footer_keys = {key.description for key in panel_screen.query(FooterKey)}
        assert footer_keys == {"Close"}  # not the keys of the screen beneath
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_time_line_stays_one_line_however_long_the_filter(
    make_app: AppFactory,
) -> None:
    """A long filter word drops the echo of the words (the box shows them), never the keys."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"breath")
        await pilot.pause()
        line = app.screen.query_one("#minutes-line", Line)
        assert 'matching "breath"' in line.text  # it fits: said
        await pilot.press(*"ing space")
        await pilot.pause()
        assert "matching" not in line.text
        assert "1 2 3 choose minutes, 0 any" in line.text
        assert len(line.text) <= SIZE[0] - 4  # one line, within the padding
