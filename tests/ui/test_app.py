"""The UI, driven as a person would with Pilot, at fixed sizes and on a fake clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.events import Resize
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widgets import OptionList

from breather.clock import FakeClock
from breather.model import ChecklistStep, WriteStep
from breather.ui.screens.common import TooSmall
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.modals import HelpScreen, TextScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.start import StartScreen
from breather.ui.screens.summary import SummaryScreen
from breather.ui.widgets.breath import BreathVisual
from breather.ui.widgets.line import Line
from tests.ui.conftest import AppFactory

SIZE = (80, 24)


def option_ids(app_screen: LibraryScreen) -> list[str]:
    options = app_screen.query_one("#exercises", OptionList)
    found = (options.get_option_at_index(i) for i in range(options.option_count))
    return [option.id for option in found if option.id]


async def begin(pilot: Pilot[None]) -> PlayerScreen:
    """Press Enter on a start card and return the player it opens."""
    await pilot.press("enter")
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    return player


def line(screen: object, selector: str) -> str:
    return screen.query_one(selector, Line).text  # type: ignore[attr-defined, no-any-return]


async def test_library_lists_exercises_grouped_by_purpose(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        ids = option_ids(screen)
        assert "ex:longer-out-breath" in ids
        assert "ex:practice" in ids
        options = screen.query_one("#exercises", OptionList)
        headings = [
            str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
            if options.get_option_at_index(i).disabled
        ]
        assert headings[:2] == ["BETWEEN SESSIONS", "END OF THE DAY"]


async def test_minutes_keys_show_only_what_fits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "ex:long-only" in option_ids(screen)
        await pilot.press("1")
        assert "ex:long-only" not in option_ids(screen)
        assert "ex:longer-out-breath" in option_ids(screen)
        assert "1 minute" in line(screen, "#minutes-line")
        await pilot.press("0")
        assert "ex:long-only" in option_ids(screen)


async def test_filter_by_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("slash", *"sigh")
        assert option_ids(screen) == ["ex:cyclic-sigh", "ex:one-sigh"]
        await pilot.press("escape")
        assert len(option_ids(screen)) > 3


async def test_broken_files_are_marked_and_show_their_errors(make_app: AppFactory) -> None:
    app = make_app(broken=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "bad:0" in option_ids(screen)
        options = screen.query_one("#exercises", OptionList)
        options.highlighted = options.get_option_index("bad:0")
        await pilot.press("enter")
        assert isinstance(app.screen, TextScreen)
        body = str(app.screen.body)
        assert "broken.yaml:3:11: steps[0].text" in body


async def test_enter_opens_the_start_card_and_enter_begins(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, StartScreen)
        assert app.screen.exercise.id == "body-check"
        assert "about 2 min" in line(app.screen, "#card-length")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)


async def test_start_card_refuses_a_length_that_cannot_fit(make_app: AppFactory) -> None:
    app = make_app(start_with="long-only")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert "can be played in" in line(app.screen, "#card-go")
        await pilot.press("enter")
        assert isinstance(app.screen, StartScreen)


async def test_the_start_card_offers_an_exercises_own_lengths_by_their_keys(
    make_app: AppFactory,
) -> None:
    """The ritual is played at 5 or 7 minutes: its card names 5 and 7, and 7 plays 7 minutes."""
    app = make_app(start_with="end-of-day-ritual")
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen
        assert isinstance(card, StartScreen)
        assert "5 7 for minutes, 0 as written" in line(card, "#card-choices")
        await pilot.press("7")
        assert card.timeline is not None
        assert abs(card.timeline.total - 7 * 60) <= 5
        assert "Enter" in line(card, "#card-go")
        await pilot.press("2")  # not on offer: refused, with what is
        assert card.timeline is None
        assert "5 or 7 minutes" in line(card, "#card-go")
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        assert "1 2 3 for minutes, 0 as written" in line(app.screen, "#card-choices")
    app = make_app(start_with="the-pause")  # half a minute has no key: it is named all the same
    async with app.run_test(size=SIZE) as pilot:
        assert "offered at 0.5 min or 1 min: 1 for minutes" in line(app.screen, "#card-choices")
    app = make_app(start_with="one-sigh")
    async with app.run_test(size=SIZE) as pilot:
        assert "played as written only" in line(app.screen, "#card-choices")


@pytest.mark.parametrize("size", [(40, 12), (50, 14), (60, 18)])
async def test_in_a_short_window_the_breaths_words_are_whole(
    make_app: AppFactory, clock: FakeClock, size: tuple[int, int]
) -> None:
    """The safety words under a breath (cyclic sigh's, the longest) fit above the timers."""
    app = make_app(start_with="cyclic-sigh", motion="full")
    async with app.run_test(size=size) as pilot:
        player = await begin(pilot)
        await pilot.press("n")  # to the breathing step
        await pilot.pause()
        caption = player.query_one("#caption", Line)
        assert "lightheaded" in caption.text
        view = player.query_one("#breathe-step")
        timers = player.query_one("#timers")
        assert caption.region.height >= 3  # wrapped, every line of it given a row
        assert view.region.contains_region(caption.region), (caption.region, view.region)
        assert caption.region.bottom <= timers.region.y


async def test_a_session_walks_through_its_steps_at_the_right_times(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        assert line(player, "#text-words") == "Arrive."
        assert "step 1 of 5" in line(player, "#where")
        clock.advance(10.5)
        player.sync()
        await pilot.pause()
        assert line(player, "#phase").startswith("Breathe in  4")
        assert line(player, "#caption") == "Gently, not deeply."
        clock.advance(3.4)
        player.sync()
        assert line(player, "#phase").startswith("Breathe in  1")
        clock.advance(0.2)
        player.sync()
        assert line(player, "#phase").startswith("Breathe out  6")


async def test_the_breath_visual_changes_at_phase_boundaries(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice", motion="full")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(10)
        player.sync()
        await pilot.pause()
        breath = player.query_one(BreathVisual)
        assert player.query_one(BreathVisual).display
        empty = breath.render().plain
        clock.advance(4)  # the top of the in-breath
        player.sync()
        full = breath.render().plain
        assert full.count("█") > empty.count("█") * 3
        clock.advance(6)  # the bottom of the out-breath
        player.sync()
        assert breath.render().plain == empty


async def test_pause_freezes_everything_and_resume_continues(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(3)
        await pilot.press("space")
        assert "paused" in line(player, "#where")
        before = line(player, "#timers")
        assert player.next_change_in(player.session.state()) is None
        clock.advance(500)
        player.sync()
        assert line(player, "#timers") == before
        await pilot.press("space")
        clock.advance(1)
        player.sync()
        assert player.session.position == 4
        assert "paused" not in line(player, "#where")


async def test_next_and_previous(make_app: AppFactory) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        await pilot.press("n")
        assert "step 2 of 5" in line(player, "#where")
        await pilot.press("right", "left")
        assert "step 2 of 5" in line(player, "#where")
        await pilot.press("p")
        assert "step 1 of 5" in line(player, "#where")


async def test_stop_goes_to_a_summary_that_says_stopped(make_app: AppFactory) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "q")
        assert isinstance(app.screen, SummaryScreen)
        assert "You stopped at step 2 of 5" in line(app.screen, "#summary-text")
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_summary_counts_practice_not_pauses_as_the_history_does(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(5)
        await pilot.press("space")  # paused for ten seconds
        clock.advance(10)
        await pilot.press("space")
        clock.advance(2)
        await pilot.press("q")
        assert isinstance(app.screen, SummaryScreen)
        assert player.session.played_seconds == pytest.approx(7)
        assert "You stopped at step 1 of 5, after 0:07." in line(app.screen, "#summary-text")


async def test_tally_and_checklist_keys(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert line(player, "#tally").startswith("○ ○ ○")
        await pilot.press("space", "space")
        assert line(player, "#tally").startswith("● ● ○")
        assert not player.session.paused
        await pilot.press("n")
        state = player.session.state()
        assert state.waiting
        assert player.next_change_in(state) is None
        await pilot.press("space", "enter")
        assert player.session.state().checked == frozenset({0, 1})
        await pilot.press("enter")
        assert not player.session.state().waiting
        assert line(player, "#text-words") == "Look around the room."


async def test_session_finishes_into_a_completed_summary(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="cyclic-sigh")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(61)
        player.sync()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = line(app.screen, "#summary-text")
        assert "Completed in 1:00" in text  # the end, not the moment it was noticed
        assert "Welcome back." in text


async def test_each_motion_level_renders(make_app: AppFactory, clock: FakeClock) -> None:
    drawn: dict[str, str] = {}
    for motion in ("full", "basic", "none"):
        app = make_app(start_with="practice", motion=motion)
        app.show_timers = False  # leave only the breath and its count
        async with app.run_test(size=SIZE) as pilot:
            player = await begin(pilot)
            clock.advance(12)
            player.sync()
            await pilot.pause()
            breath = player.query_one(BreathVisual)
            shown = player.query_one(BreathVisual).display
            drawn[motion] = breath.render().plain.strip() if shown else ""
            assert line(player, "#phase").startswith("Breathe in")
            delay = player.next_change_in(player.session.state())
            assert delay is not None
            if motion == "none":
                assert delay >= 0.99  # only the 1 Hz count moves; nothing animates
            else:
                assert delay < 0.5
    assert "█" in drawn["full"]
    assert drawn["basic"].startswith("▕")
    assert drawn["none"] == ""


async def test_a_tiny_terminal_shows_a_calm_message(make_app: AppFactory) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.press("enter")
        assert app.screen.has_class("-too-narrow", "-too-short")
        assert app.screen.query_one(TooSmall).display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-wide-enough", "-tall-enough")
        assert not app.screen.query_one(TooSmall).display


async def test_timers_can_be_hidden_and_the_choice_is_saved(
    make_app: AppFactory, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("# my settings\nmotion: none\n", encoding="utf-8")
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")
        player = app.screen
        assert not player.query_one("#timers", Line).display
    assert settings.read_text(encoding="utf-8") == "# my settings\nmotion: none\ntimers: false\n"


async def test_help_pauses_and_closing_it_resumes(make_app: AppFactory, clock: FakeClock) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(3)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert player.session.paused  # looked at while help is open
        clock.advance(60)  # a minute spent reading the keys
        assert player.session.state().at.elapsed == pytest.approx(3)
        await pilot.press("escape")
        assert app.screen_stack[-1] is player
        assert not player.session.paused
        clock.advance(1)
        assert player.session.state().at.elapsed == pytest.approx(4)  # on from where help opened


async def test_a_session_the_user_paused_stays_paused_after_help(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(3)
        await pilot.press("space", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        clock.advance(30)
        await pilot.press("escape")
        assert app.screen_stack[-1] is player
        assert player.session.paused
        assert player.session.position == 3
        assert "paused" in line(player, "#where")


async def test_an_exercise_with_every_step_kind_plays_to_the_end_in_the_player(
    make_app: AppFactory, clock: FakeClock
) -> None:
    """The player follows its session to the summary; every shipped exercise is played to its end
    on a fake clock in tests/unit/test_every_exercise_plays.py, at every length it offers."""
    app = make_app(start_with="end-of-day-ritual", motion="full")  # includes, a checklist, a bell
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        steps = len(player.session.timeline.steps)
        minutes, seconds = divmod(int(player.session.timeline.total), 60)
        for _ in range(2 * len(player.session.timeline.events) + 2):
            if not isinstance(app.screen, PlayerScreen):
                break
            state = player.session.state()
            assert f"step {state.step.index + 1} of {steps}" in line(player, "#where")
            if state.waiting:
                step = state.step.step
                if isinstance(step, WriteStep):  # Enter through every box, leaving them empty
                    await pilot.press(*["enter"] * step.entries)
                    await pilot.pause()
                    continue
                assert isinstance(step, ChecklistStep)
                await pilot.press(*["down"] * len(step.items), "enter")  # to "Continue"
            else:
                clock.advance(state.at.phase_left + 0.001)  # to just past the phase's end
                player.sync()
                await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert f"Completed in {minutes}:{seconds:02d}" in line(app.screen, "#summary-text")


async def test_a_choice_that_cannot_be_saved_is_said_once(
    make_app: AppFactory, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    app = make_app(start_with="practice")
    app.settings_path = blocked / "settings.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t", "t", "t")
        assert isinstance(app.screen, PlayerScreen)
        assert len(app.notes) == 1
        assert "could not save" in app.notes[0]
        assert not app.show_timers  # the choice still holds for this session


async def test_ignored_settings_are_mentioned(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from breather.errors import Problem

    app = make_app()
    app.settings_problems = (Problem("s.yaml", 2, 1, "unknown setting `motoin`"),)
    said: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: Any) -> None:
        said.append((title, message))
        notify(message, title=title, **options)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert said == [("Some settings were ignored", "s.yaml:2:1: unknown setting `motoin`")]


async def test_a_step_with_bell_rings_unless_silenced(make_app: AppFactory) -> None:
    from breather.settings import SessionChoices, Settings

    rings: dict[str, int] = {}
    for label, settings, silent in (
        ("allowed", Settings(sound="bell"), False),
        ("silent", Settings(sound="bell"), True),
        ("bells off", Settings(bell=False, sound="bell"), False),
        ("sound off, the default", Settings(), False),
    ):
        app = make_app(start_with="end-of-day-ritual", settings=settings)
        app.choices = SessionChoices(motion="none", silent=silent)
        count = [0]

        def ring(count: list[int] = count) -> None:
            count[0] += 1

        app.bell = ring  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
        rings[label] = count[0]
    assert rings == {"allowed": 1, "silent": 0, "bells off": 0, "sound off, the default": 0}


async def test_resizing_to_tiny_and_back_keeps_the_visual_phase_locked(
    make_app: AppFactory, clock: FakeClock
) -> None:
    app = make_app(start_with="practice", motion="full")
    async with app.run_test(size=SIZE) as pilot:
        player = await begin(pilot)
        clock.advance(12)  # two seconds into the first in-breath
        player.sync()
        await pilot.pause()
        breath = player.query_one(BreathVisual)
        before = breath.render().plain
        # A window dragged back and forth: 100 resizes in one burst, then one wait to settle. Each
        # goes where the app sends a resize, to the screen, which lays itself out at that size.
        # Textual merges a resize with the next one queued behind it, so a no-op call between
        # them keeps every size from being merged away.
        for _ in range(50):
            for size in (Size(20, 6), Size(80, 24)):
                player.post_message(Resize(size, size))
                player.call_later(lambda: None)
        await pilot.pause()
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        assert player.query_one(TooSmall).display
        await pilot.resize_terminal(80, 24)
        player.sync()
        await pilot.pause()
        assert not player.query_one(TooSmall).display
        assert line(player, "#phase").startswith("Breathe in  2")
        assert breath.render().plain == before  # the same moment draws the same picture


@pytest.mark.parametrize(
    ("exercise_id", "lead", "pausing"),
    [
        ("longer-out-breath", False, "space pauses, q stops at any moment"),
        ("grounding-3-2-1", False, "k pauses (space marks or ticks), q stops at any moment"),
        ("grounding-3-2-1", True, "space pauses, q stops at any moment"),  # nobody marks
    ],
)
async def test_the_start_card_says_the_key_that_pauses_on_every_step(
    make_app: AppFactory, exercise_id: str, lead: bool, pausing: str
) -> None:
    """On a step that counts what you notice, space marks one: the card names k there."""
    app = make_app(start_with=exercise_id, lead=lead)
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen
        assert isinstance(card, StartScreen)
        assert line(card, "#card-go").endswith(pausing)
        await pilot.press("enter")
        for _ in range(6):  # every step: the key the card named pauses it
            screen = app.screen
            assert hasattr(screen, "session")
            session = screen.session
            key = "k" if pausing.startswith("k") else "space"
            await pilot.press(key)
            assert session.paused
            await pilot.press(key)
            assert not session.paused
            if session.state().step.index == len(session.timeline.steps) - 1:
                break
            await pilot.press("n")
