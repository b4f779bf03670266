"""The start card's "Enter to begin" is on screen at 80x24 however much the card has to say.

With the intro and safety text of the longest built-in card, the go line used to scroll below the
footer, so a person saw the words but not how to begin (found by the tmux tests after the content
review lengthened some safety texts). It now sits below the scrolling card, above the footer.
"""

from __future__ import annotations

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
