"""The lead view, driven as a leader would: large words, the count, the next cue, the keys."""

from __future__ import annotations

from textual.pilot import Pilot

from breather.clock import FakeClock
from breather.ui.screens.lead import LeadScreen
from breather.ui.screens.summary import SummaryScreen
from breather.ui.widgets.bigwords import BigWords
from breather.ui.widgets.line import Line
from tests.ui.conftest import AppFactory


async def begin(pilot: Pilot[None]) -> LeadScreen:
    """Press Enter on the start card and return the lead view it opens."""
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, LeadScreen)
    return screen


async def at(pilot: Pilot[None], clock: FakeClock, screen: LeadScreen, seconds: float) -> None:
    """Move the clock on and let the view draw the moment."""
    clock.advance(seconds)
    screen.sync()
    await pilot.pause()


def text(screen: LeadScreen, selector: str) -> str:
    return screen.query_one(selector, Line).text


async def test_the_start_card_says_it_leads_a_group_and_keeps_nothing(
    make_app: AppFactory,
) -> None:
    for lead in (True, False):
        app = make_app(start_with="grounding-3-2-1", lead=lead)
        async with app.run_test(size=(80, 24)):
            title = app.screen.query_one("#card-title", Line).text
            assert title.startswith("3-2-1 grounding")
            assert ("leading a group; nothing is recorded" in title) is lead


async def test_the_words_to_say_are_large_where_they_fit_and_bold_where_they_do_not(
    make_app: AppFactory, clock: FakeClock
) -> None:
    for size, large in (((80, 24), False), ((160, 48), True)):
        app = make_app(start_with="grounding-5-4-3-2-1", lead=True)
        async with app.run_test(size=size) as pilot:
            screen = await begin(pilot)
            await at(pilot, clock, screen, 15)
            say = screen.query_one("#lead-say", BigWords)
            assert say.words.startswith("Five things you can see.")
            assert say.in_block_letters is large
            assert text(screen, "#lead-note") == "leave time to notice five"
            assert text(screen, "#lead-next").startswith("next, in 20 s: Four things you can feel")
            assert text(screen, "#lead-left").startswith("1:45 left")
            assert not screen.query_one("#lead-pace", Line).display  # no count outside breathing


async def test_a_breath_is_counted_word_by_word_in_large_letters(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="longer-out-breath", lead=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await begin(pilot)
        await at(pilot, clock, screen, 22.3)  # 2.3 s into the first in-breath
        say = screen.query_one("#lead-say", BigWords)
        assert (say.words, say.in_block_letters) == ("three", True)
        assert text(screen, "#lead-pace") == "in  ·  two  ·  [three]  ·  four"
        assert text(screen, "#lead-next") == "next, in 2 s: out, two, three, four, five, six"
        # The view wakes for the next word of the count, not on a frame rate.
        delay = screen.next_change_in(screen.session.state())
        assert delay is not None
        assert abs(delay - 0.7) < 1e-6
        await at(pilot, clock, screen, 0.7)
        assert say.words == "four"


async def test_pause_skip_back_and_stop_work_as_in_the_player(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="grounding-5-4-3-2-1", lead=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await begin(pilot)
        await pilot.press("space")
        assert "paused, space to continue" in text(screen, "#lead-where")
        assert screen.next_change_in(screen.session.state()) is None  # nothing scheduled
        await at(pilot, clock, screen, 30)  # time passes while paused; the session does not move
        assert screen.session.position == 0.0
        await pilot.press("space")  # a tally step: space pauses in the lead view, it marks nothing
        await pilot.press("n", "n")
        assert screen.session.step_index == 2
        assert screen.session.state().tally_marked == 0
        assert "step 3 of 7" in text(screen, "#lead-where")
        await pilot.press("p")
        assert screen.session.step_index == 1
        await pilot.press("q")
        assert isinstance(app.screen, SummaryScreen)
        assert screen.session.stopped


async def test_a_checklist_waits_for_the_leader_and_enter_goes_on(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice", lead=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await begin(pilot)
        await at(pilot, clock, screen, 10 + 20 + 20 + 1)  # past the tally: the checklist waits
        assert screen.session.state().waiting
        say = screen.query_one("#lead-say", BigWords)
        assert say.words == "Close the day. Log off; Wash hands."
        assert text(screen, "#lead-next") == (
            "next, when everyone is ready (Enter): Look around the room."
        )
        await pilot.press("space")  # space pauses; it never ticks an item for the group
        await pilot.press("space")
        assert screen.session.state().checked == frozenset()
        await pilot.press("enter")
        assert not screen.session.state().waiting
        assert say.words == "Look around the room."
        await at(pilot, clock, screen, 6)
        assert isinstance(app.screen, SummaryScreen)
        assert screen.session.finished
