"""The start card's "Enter to begin" is on screen at 80x24 however much the card has to say.

With the intro and safety text of the longest built-in card, the go line used to scroll below the
footer, so a person saw the words but not how to begin (found by the tmux tests after the content
review lengthened some safety texts). It now sits below the scrolling card, above the footer.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget

from breather.library import ExerciseFolder, load_folders
from breather.ui.screens.start import StartScreen
from breather.ui.widgets.line import Line
from tests.conftest import PROJECT
from tests.ui.conftest import AppFactory

SIZE = (80, 24)


def longest_card() -> str:
    """The built-in exercise whose start card has the most words before its choices."""
    library = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
    return max(
        library.exercises.values(),
        key=lambda exercise: len(exercise.intro) + len(exercise.safety or ""),
    ).id


async def test_enter_to_begin_is_on_screen_with_the_longest_card(make_app: AppFactory) -> None:
    exercise_id = longest_card()
    app = make_app(start_with=exercise_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        scroll = card.query_one("#card-words")  # the intro and safety, in their own box
        assert scroll.max_scroll_y > 0, f"{exercise_id}'s card fits: pick a longer one"
        go = card.query_one("#card-go", Line)
        assert go.text.startswith("Enter to begin")
        region = go.content_region
        assert region.y >= 0
        assert region.bottom <= SIZE[1] - 1  # above the footer's row
        shown, _ = card.get_widget_at(region.x, region.y)  # on top there, not under the footer
        assert shown is go


async def page_down_to_the_end(pilot: Pilot[None], box: Widget) -> None:
    """Press Page Down, as a reader would, until ``box`` is scrolled to its end (20 at most)."""
    for _ in range(20):
        if box.scroll_y >= box.max_scroll_y:
            break
        await pilot.press("pagedown")
        await pilot.pause()
    assert box.scroll_y == box.max_scroll_y


def shown_on_screen(card: StartScreen, widget_id: str) -> bool:
    """Whether the widget is displayed and inside the window (not scrolled out of sight)."""
    widget = card.query_one(f"#{widget_id}")
    return widget.display and widget.region.height > 0


async def test_an_intro_longer_than_its_box_says_there_is_more_below(
    make_app: AppFactory,
) -> None:
    """At 80x24 the intro's box shows a few lines; beneath it the card says more is below.

    A scroll bar alone was easy to miss, and with it the end of the intro: how to switch the
    hold off, that stopping is always possible, an eyes-open option.
    """
    app = make_app(start_with="relaxing-breath-4-7-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        words = card.query_one("#card-words")
        assert words.max_scroll_y > 0, "the intro fits its box: pick a longer one"
        assert shown_on_screen(card, "card-more")
        assert card.query_one("#card-more", Line).text == "↓ more below (↓ or Page Down)"
        hint = card.query_one("#card-more").region
        assert hint.y == words.region.bottom  # just beneath the box, where the blank row was
        await pilot.press("down")
        await pilot.pause()
        assert shown_on_screen(card, "card-more"), "still more below after one row"
        await page_down_to_the_end(pilot, words)  # read on to the end of the intro
        assert not shown_on_screen(card, "card-more")
        assert "seat under you" in card.query_one("#card-intro", Line).text
        await pilot.press("up")
        await pilot.pause()
        assert shown_on_screen(card, "card-more"), "back up: the end is below again"


async def test_an_intro_that_fits_its_box_says_nothing_more(make_app: AppFactory) -> None:
    app = make_app(start_with="relaxing-breath-4-7-8")
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        assert card.query_one("#card-words").max_scroll_y == 0
        assert not shown_on_screen(card, "card-more")
        words = card.query_one("#card-words").region
        safety = card.query_one("#card-safety").region
        assert safety.y == words.bottom + 1  # a blank row between the intro and the safety note


async def test_a_card_taller_than_the_window_says_there_is_more_on_it(
    make_app: AppFactory,
) -> None:
    """Under 24 rows the card scrolls as one text: at 60x20 it stopped mid-sentence in the
    intro, the length and motion rows below, with nothing to say so but a thin scroll bar."""
    app = make_app(start_with="cyclic-sigh")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        scrolling = card.query_one("#card")
        assert scrolling.max_scroll_y > 0, "the card fits: pick a longer one or a smaller window"
        assert shown_on_screen(card, "card-more-on-card")
        hint = card.query_one("#card-more-on-card").region
        assert hint.bottom == card.query_one("#card-go").region.y  # just above Enter to begin
        await page_down_to_the_end(pilot, scrolling)  # the intro first, then the card
        assert not shown_on_screen(card, "card-more-on-card")
        assert shown_on_screen(card, "card-choices")


async def test_a_card_that_fits_says_nothing_more_on_it(make_app: AppFactory) -> None:
    app = make_app(start_with="cyclic-sigh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        assert card.query_one("#card").max_scroll_y == 0
        assert not shown_on_screen(card, "card-more-on-card")
