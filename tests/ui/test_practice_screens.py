"""Check-ins, writing, recall and the history in the terminal UI, driven with Pilot at 80x24."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Sparkline
from textual.widgets._footer import FooterKey  # not exported; as in test_newcomer_ui (8.2.8)

from breather.cli import main
from breather.clock import FakeClock
from breather.history import (
    HISTORY_OFF,
    CheckIn,
    Entry,
    HistoryStore,
    JournalEntry,
    Unavailable,
)
from breather.library import ExerciseFolder, load_folders
from breather.paths import history_database
from breather.practice import KEPT_PRIVATE, NOT_KEPT_OFF
from breather.settings import SessionChoices, Settings
from breather.ui.app import BreatherApp
from breather.ui.messages import OpenStartCard
from breather.ui.screens.check_in import CheckInScreen
from breather.ui.screens.history import HistoryScreen, JournalScreen, journal_options
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.modals import ConfirmScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.summary import SummaryScreen
from breather.ui.widgets.check_in import CheckInScale
from breather.ui.widgets.line import Line
from breather.ui.widgets.steps import WriteStepView
from tests.conftest import PROJECT
from tests.ui.conftest import recorded_notices
from tests.unit.history_helpers import at, opened, session

SIZE = (80, 24)
NOW = at("2026-12-02 14:05")

LOG = """\
title: Log
summary: Check-in, writing and recall, for the tests.
tags: [end-of-day]
steps:
  - text: Arrive.
    seconds: 10
  - check-in: How settled are you?
    key: settled
    scale: [not at all, very]
  - write: Two changes that mattered.
    entries: 2
    topic: outcomes
  - recall: outcomes
    count: 2
    text: Earlier, in your words.
  - breathe: 4-6
    cycles: 6
  - text: Look around the room.
    seconds: 10
"""

MakeApp = Callable[..., BreatherApp]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(tmp_path: Path, clock: FakeClock) -> MakeApp:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "log.yaml").write_text(LOG, encoding="utf-8")
    library = load_folders(
        [ExerciseFolder(PROJECT / "exercises", "built-in"), ExerciseFolder(folder, "organisation")]
    )

    def factory(
        history: HistoryStore | Unavailable = HISTORY_OFF,
        *,
        start_with: str | None = None,
        settings: Settings | None = None,
        choices: SessionChoices | None = None,
        read_history: Callable[[], HistoryStore | Unavailable] | None = None,
    ) -> BreatherApp:
        return BreatherApp(
            library,
            settings=settings or Settings(),
            settings_path=tmp_path / "settings.yaml",
            choices=choices or SessionChoices(motion="none"),
            start_with=start_with,
            clock=clock,
            history=history,
            read_history=read_history,
            now=lambda: NOW,
            chance=random.Random(7),
        )

    return factory


@pytest.fixture
def store() -> HistoryStore:
    """The user's own history file (in tmp_path), the one `breather history` reads."""
    return opened(history_database())


def history_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What `breather history --json` prints, on the day the tests are set."""
    assert main(["history", "--json"], now=lambda: NOW) == 0
    found = json.loads(capsys.readouterr().out)
    assert isinstance(found, dict)
    return found


def entries_shown(journal: Widget) -> list[str]:
    """What the journal's entries column shows, one line an option (dates included)."""
    entries = journal.query_one("#journal-entries", OptionList)
    return [str(option.prompt).strip() for option in entries.options]


def highlighted_entry(journal: Widget) -> str:
    """The words of the entry ``d`` would delete: the highlighted option of the entries column,
    after its number ("#3  ")."""
    option = journal.query_one("#journal-entries", OptionList).highlighted_option
    assert option is not None
    number, words = str(option.prompt).split("  ", 1)
    assert option.id == f"entry:{number.removeprefix('#')}"  # the number shown is the one deleted
    return words


def text_of(screen: Widget, selector: str) -> str:
    return screen.query_one(selector, Line).text


def fits(widget: Widget) -> bool:
    """Whether the widget is drawn wholly inside an 80x24 screen, above the footer."""
    region = widget.region
    return region.width > 0 and region.right <= SIZE[0] and region.bottom <= SIZE[1] - 1


async def to_the_check_in(pilot: Pilot[None], clock: FakeClock) -> PlayerScreen:
    await pilot.press("enter")
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    clock.advance(10.5)
    player.sync()
    await pilot.pause()
    return player


# -- the steps that wait --------------------------------------------------------------------------


async def test_a_check_in_takes_arrows_digits_and_enter(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        scale = player.query_one("#check-in-scale", CheckInScale)
        assert scale.has_focus
        assert scale.chosen is None  # nothing chosen for the user
        assert "How settled are you?" in text_of(player, "#check-in-words")
        await pilot.press("right")
        assert scale.chosen == 5
        await pilot.press("left", "left")
        assert scale.chosen == 3
        await pilot.press("1", "0")
        assert scale.chosen == 10
        await pilot.press("7", "enter")
        await pilot.pause()
        assert player.session.answers == {1: 7}
        assert player.session.state().step.step.kind == "write"


async def test_skipping_a_check_in_is_one_key_and_keeps_nothing(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("4", "s")
        await pilot.pause()
        assert player.session.answers == {}
        assert player.session.state().step.index == 2
        assert not isinstance(app.screen, CheckInScreen)  # no question about skipping


async def test_write_boxes_take_typing_and_say_where_words_go(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        assert KEPT_PRIVATE in text_of(player, "#write-private")
        assert text_of(player, "#write-kept") == NOT_KEPT_OFF
        boxes = list(player.query("#write-boxes Input").results(Input))
        assert len(boxes) == 2
        assert boxes[0].has_focus
        assert boxes[0].max_length == 500
        await pilot.press(*"He laughed, quietly.")  # q and space are letters here
        await pilot.press("enter")
        assert boxes[1].has_focus
        assert player.session.written == {2: ("He laughed, quietly.",)}
        await pilot.press("enter")  # an empty box is fine
        await pilot.pause()
        assert player.session.state().step.step.kind == "recall"
        assert player.session.written == {2: ("He laughed, quietly.",)}


async def test_lines_typed_in_one_burst_each_go_in_their_own_box(
    make_app: MakeApp, clock: FakeClock
) -> None:
    """A paste without bracketed paste, or typing a slow link delivers at once: every key
    reaches the app before the first is handled, and the words after Enter go in the next box
    (they were joined to the first: "He laughedShe nodded")."""
    app = make_app(start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        burst = [events.Key(ch, ch) for ch in "He laughed"] + [events.Key("enter", "\r")]
        burst += [events.Key(ch, ch) for ch in "She nodded"]
        for key in burst:
            app.post_message(key)  # all queued before any is handled
        await pilot.pause()
        await pilot.pause()
        assert player.session.written == {2: ("He laughed", "She nodded")}
        boxes = list(player.query("#write-boxes Input").results(Input))
        assert boxes[1].has_focus


async def test_a_pasted_line_each_goes_in_its_own_box_and_none_is_dropped(
    make_app: MakeApp, clock: FakeClock
) -> None:
    """Textual's input keeps only a bracketed paste's first line; here each line has a box, and
    lines past the last box join it."""
    app = make_app(start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        app.post_message(events.Paste("A good laugh\n\n  Notes done \nHome on time\n"))
        await pilot.pause()
        assert player.session.written == {2: ("A good laugh", "Notes done Home on time")}
        boxes = list(player.query("#write-boxes Input").results(Input))
        assert boxes[1].has_focus


async def test_a_stop_after_writing_says_on_the_summary_what_the_journal_kept(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    """Boxes are kept however a session ends; the summary says so, and how to delete one."""
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Sam smiled", "enter", *"half a thought")  # no Enter on the second
        await pilot.press("escape")  # stop here
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert (
            "Kept in your journal: 2 lines. j in the library shows them; d there deletes one."
            in text_of(summary, "#summary-text")
        )
    assert sorted(entry.text for entry in store.journal()) == ["Sam smiled", "half a thought"]
    assert player.session.state().stopped


async def test_ten_boxes_fit_80x24_and_the_one_being_typed_in_is_always_in_view(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(start_with="log")
    folder = tmp_path / "ten"
    folder.mkdir()
    (folder / "ten.yaml").write_text(
        "title: Ten\nsteps:\n  - write: Ten small things.\n    entries: 10\n"
        "  - text: Look around the room.\n    seconds: 5\n",
        encoding="utf-8",
    )
    app.library = load_folders([ExerciseFolder(folder, "user")])
    app.start_with = "ten"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert fits(player.query_one("#write-private"))
        boxes = player.query_one(WriteStepView).inputs
        for box in range(10):
            focused = app.focused
            assert isinstance(focused, Input)
            assert focused is boxes[box]
            assert fits(focused)
            await pilot.press(str(box), "enter")
            await pilot.pause()
        assert player.session.written == {0: tuple(str(box) for box in range(10))}
        assert player.session.state().step.index == 1


async def test_going_back_into_write_steps_keeps_the_words_and_the_app(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """From one write step to the next, and back into a write step just left.

    Each time the boxes are made anew while the last step's are still being removed; this once
    ended the app (two widgets with one id).
    """
    app = make_app()
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "two.yaml").write_text(
        "title: Two\nsteps:\n  - write: First.\n    entries: 2\n"
        "  - write: Second.\n    entries: 1\n"
        "  - text: Look around the room.\n    seconds: 5\n",
        encoding="utf-8",
    )
    app.library = load_folders([ExerciseFolder(folder, "user")])
    app.start_with = "two"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        view = player.query_one(WriteStepView)
        await pilot.press("a", "enter", "b", "enter")  # the last box: on to the second step
        assert player.session.state().step.index == 1
        await pilot.press("c", "enter")  # the last box again: on to the text step
        assert player.session.state().step.index == 2
        for _ in range(2):  # back into the write step just left, twice
            await pilot.press("left")  # the keys then go to its box: left moves in the box
            await pilot.pause()
            assert player.is_current  # the app is still there, on the player
            assert player.session.state().step.index == 1
            assert [box.value for box in view.inputs] == ["c"]
            assert len(list(player.query("#write-boxes Input"))) == 1  # the old boxes are gone
            await pilot.press("enter")
            await pilot.pause()
            assert player.session.state().step.index == 2
        assert player.session.written == {0: ("a", "b"), 1: ("c",)}


async def test_recall_shows_only_its_topic_with_dates(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    store.record(session("2026-11-30 17:00", entries=(Entry("outcomes", 2, "She came back"),)))
    store.record(session("2026-12-01 17:00", entries=(Entry("good-things", 2, "Sunlight"),)))
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s", "enter", "enter")
        await pilot.pause()
        shown = text_of(player, "#recall-entries")
        assert "Monday 30 November" in shown
        assert "She came back" in shown
        assert "Sunlight" not in shown
        await pilot.press("enter")
        assert player.session.state().step.step.kind == "breathe"


async def test_recall_with_nothing_written_says_so_gently(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("s", "enter", "enter")
        await pilot.pause()
        assert text_of(player, "#recall-entries").startswith("Nothing is written under")


# -- sessions are kept ----------------------------------------------------------------------------


async def test_a_session_played_in_the_ui_is_kept_with_its_answers_and_words(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        player = await to_the_check_in(pilot, clock)
        await pilot.press("6", "enter", *"Tea outside", "enter", "enter", "enter")
        clock.advance(71)
        player.sync()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    store.close()
    (kept,) = history_json(capsys)["sessions"]
    assert (kept["exercise"], kept["outcome"], kept["stopped_at_step"]) == ("log", "finished", None)
    assert kept["check_ins"] == [{"key": "settled", "step": 1, "value": 6}]
    assert kept["entries"] == [{"topic": "outcomes", "step": 2, "text": "Tea outside"}]
    assert kept["started"] == NOW.isoformat()


async def test_a_session_stopped_in_the_ui_is_kept_with_its_step(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        await to_the_check_in(pilot, clock)
        await pilot.press("s", *"Half", "escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    store.close()
    (kept,) = history_json(capsys)["sessions"]
    assert (kept["outcome"], kept["stopped_at_step"]) == ("stopped", 2)
    assert [entry["text"] for entry in kept["entries"]] == ["Half"]


async def test_leaving_mid_session_records_it_once_as_stopped(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(store, start_with="log")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        clock.advance(4)
        await pilot.press("ctrl+c")
    assert app.record_session() is None  # what the command line does once the app has gone
    assert app.record_session() is None
    (kept,) = store.sessions(NOW.date())
    assert (kept.outcome, kept.stopped_at_step, kept.seconds_played) == ("stopped", 0, 4.0)


async def test_an_unavailable_history_is_said_once_and_the_session_plays(
    make_app: MakeApp, clock: FakeClock
) -> None:
    unavailable = Unavailable("breather cannot keep its history in /nowhere (permission denied).")
    app = make_app(unavailable, start_with="cyclic-sigh")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("enter")
            player = app.screen
            assert isinstance(player, PlayerScreen)
            clock.advance(61)
            player.sync()
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("enter")  # back to the library, then the same exercise again
            assert isinstance(app.screen, LibraryScreen)
            app.post_message(OpenStartCard("cyclic-sigh", None))
            await pilot.pause()
        assert app.notes == [unavailable.reason]


# -- before and after -----------------------------------------------------------------------------


async def test_the_settings_check_in_comes_before_and_after_and_numbers_are_shown_plainly(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(store, start_with="cyclic-sigh", settings=Settings(check_in=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        before = app.screen
        assert isinstance(before, CheckInScreen)
        assert before.stage == "before"
        clock.advance(40)  # time spent answering is not the session's
        await pilot.press("6", "enter")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        clock.advance(61)
        player.sync()
        await pilot.pause()
        after = app.screen
        assert isinstance(after, CheckInScreen)
        assert after.stage == "after"
        await pilot.press("8", "enter")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        said = text_of(summary, "#summary-text")
        assert "Your check-in: 6 before, 8 after." in said
        for word in ("great", "well done", "should", "better", "worse", "higher"):
            assert word not in said.lower()
    (kept,) = store.sessions(NOW.date())
    assert [(c.step, c.value) for c in kept.check_ins] == [
        (-1, 6),
        (len(player.session.timeline.steps), 8),
    ]
    assert kept.seconds_played == pytest.approx(60)


def footer_keys(screen: Widget) -> dict[str, str]:
    """The keys the screen's footer shows, with their words."""
    return {key.key: key.description for key in screen.query(FooterKey)}


async def test_escape_at_the_check_in_before_goes_back_to_the_start_card_and_keeps_nothing(
    make_app: MakeApp, clock: FakeClock, store: HistoryStore
) -> None:
    from breather.ui.screens.start import StartScreen

    app = make_app(store, start_with="cyclic-sigh", settings=Settings(check_in=True))
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen
        assert isinstance(card, StartScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, CheckInScreen)
        await pilot.pause()
        assert footer_keys(app.screen).get("escape") == "Back"
        await pilot.press("escape")  # Enter was a slip: back, as Escape is everywhere else
        assert app.screen_stack[-1] is card  # the same card, its choices as they were
        assert app.practice is None
        await pilot.press("enter")
        before = app.screen
        assert isinstance(before, CheckInScreen)
        await pilot.press("s")  # this time, skip the question and begin
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert card not in app.screen_stack  # the player took the card's place
        clock.advance(61)
        player.sync()
        await pilot.pause()
        after = app.screen
        assert isinstance(after, CheckInScreen)
        await pilot.pause()
        assert "escape" not in footer_keys(after)  # there is no going back into the session
        assert footer_keys(after).get("s") == "Skip"
        await pilot.press("escape")  # after the session, Escape skips to the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
    (kept,) = store.sessions(NOW.date())  # one session: the one played, without check-ins
    assert kept.check_ins == ()


async def test_no_check_in_turns_off_both_kinds(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app(
        start_with="log",
        settings=Settings(check_in=True),
        choices=SessionChoices(motion="none", no_check_in=True),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        kinds = [planned.step.kind for planned in player.session.timeline.steps]
        assert "check-in" not in kinds


async def test_skipping_the_before_check_in_is_one_key(make_app: MakeApp) -> None:
    app = make_app(start_with="cyclic-sigh", settings=Settings(check_in=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert isinstance(app.screen, PlayerScreen)
        assert app.practice is not None
        assert app.practice.before is None


# -- your practice and your journal ---------------------------------------------------------------


def a_fortnight(store: HistoryStore) -> None:
    for back in range(0, 14, 3):
        moment = NOW - timedelta(days=back)
        store.record(
            session(
                moment.isoformat(),
                check_ins=(CheckIn("tension", -1, 6), CheckIn("tension", 7, 4)),
                entries=(Entry("good-things", 3, f"Good thing {back}"),),
            )
        )
    store.record(session("2026-11-29 09:00", "outcomes-log", "Outcomes log",
                         entries=(Entry("outcomes", 2, "He came back"),)))  # fmt: skip


async def test_the_library_key_opens_your_practice_and_it_fits_80x24(
    make_app: MakeApp, store: HistoryStore
) -> None:
    a_fortnight(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        shown = {key: b.binding.description for key, b in app.screen.active_bindings.items()}
        assert (shown["y"], shown["j"]) == ("History", "Journal")
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert text_of(screen, "#history-totals") == (
            "This week: 4 pauses, 8 minutes. In all: 6 pauses, 12 minutes."
        )
        for selector in ("#history-chart", "#history-exercise-rows", "#history-pairs"):
            assert fits(screen.query_one(selector)), selector
        sparkline = screen.query_one(Sparkline)
        assert fits(sparkline)
        assert list(sparkline.data or []) == [6.0, 4.0] * 5
        words = " ".join(line.text for line in screen.query(Line).results(Line)).lower()
        for word in ("streak", "missed", "goal", "badge", "best", "average"):
            assert word not in words
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


@pytest.mark.parametrize("check_ins_on", [True, False])
async def test_with_no_pair_of_check_ins_the_history_says_why(
    make_app: MakeApp, store: HistoryStore, check_ins_on: bool
) -> None:
    """Answers before and after in different sessions make no pair; the setting is not blamed."""
    store.record(session("2026-12-01 09:00", check_ins=(CheckIn("tension", -1, 6),)))
    store.record(session("2026-12-02 09:00", check_ins=(CheckIn("tension", 7, 4),)))
    app = make_app(store, settings=Settings(check_in=check_ins_on))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        said = text_of(screen, "#history-no-check-ins")
        if check_ins_on:
            assert said.startswith("None yet. A pair is shown once a session has both")
            assert "check_in: true" not in said
        else:
            assert "add the line check_in: true to your settings file (breather paths" in said
            assert "`" not in said  # the screen shows no Markdown


@pytest.mark.parametrize(
    ("history", "says"),
    [
        (HISTORY_OFF, "History is off, so breather keeps nothing"),
        (Unavailable("breather cannot keep its history in /x (it is read-only)."), "read-only"),
    ],
)
async def test_your_practice_says_plainly_when_there_is_no_history(
    make_app: MakeApp, history: Unavailable, says: str
) -> None:
    app = make_app(history)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        assert says in text_of(app.screen, "#history-empty")
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        assert says in text_of(app.screen, "#journal-empty")


async def test_an_empty_history_says_so(make_app: MakeApp, store: HistoryStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        assert text_of(app.screen, "#history-empty").startswith("No sessions recorded yet.")
        await pilot.press("j")
        assert text_of(app.screen, "#journal-empty").startswith("Nothing in the journal yet.")


async def test_the_journal_rereads_one_topic_at_a_time(
    make_app: MakeApp, store: HistoryStore
) -> None:
    a_fortnight(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y", "j")
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        # Where a name someone wrote is found, and deleted, the reminder is in sight.
        assert text_of(journal, "#journal-title").endswith(
            "kept on this computer only; no client names or details"
        )
        topics = journal.query_one("#journal-topics", OptionList)
        assert [str(topics.get_option_at_index(i).prompt) for i in range(2)] == [
            "good-things",
            "outcomes",
        ]
        shown = "\n".join(entries_shown(journal))
        assert "Good thing 0" in shown
        assert "He came back" not in shown
        await pilot.press("down")
        shown = "\n".join(entries_shown(journal))
        assert "He came back" in shown
        assert "Sunday 29 November" in shown
        assert "Good thing" not in shown
        assert fits(journal.query_one("#journal-entries"))
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


def test_each_exercise_on_a_day_has_its_own_heading_and_each_entry_its_number() -> None:
    written = at("2026-11-28 17:00")
    entries = [  # newest first, as the history gives them
        JournalEntry(written, "good-things", "A quiet lunch", "going-home", "Going home", 3, 7),
        JournalEntry(
            written, "good-things", "Tea outside", "end-of-day", "End-of-day ritual", 4, 6
        ),
        JournalEntry(written, "good-things", "A laugh", "going-home", "Going home", 3, 5),
    ]
    shown = [str(option.prompt) for option in journal_options(entries, written.date(), "x")]
    assert shown == [
        "Saturday 28 November · Going home",
        "#7  A quiet lunch",
        "\nSaturday 28 November · End-of-day ritual",
        "#6  Tea outside",
        "\nSaturday 28 November · Going home",
        "#5  A laugh",
    ]


# -- deleting one journal entry -------------------------------------------------------------------


def a_slip_among_others(store: HistoryStore) -> None:
    """Three outcomes on 1 December, the middle one a client's name; one good thing before."""
    store.record(session("2026-11-30 17:00", entries=(Entry("good-things", 3, "Tea outside"),)))
    entries = tuple(
        Entry("outcomes", 2, text) for text in ("She slept", "Sam Okafor came back", "He laughed")
    )
    store.record(session("2026-12-01 17:00", "outcomes-log", "Outcomes log", entries=entries))


def journal_words(store: HistoryStore) -> list[str]:
    return [entry.text for entry in store.journal()]


async def test_d_then_y_deletes_the_highlighted_entry_and_only_it(
    make_app: MakeApp, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_slip_among_others(store)
    app = make_app(store)
    said = recorded_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "down", "enter", "down")  # the outcomes; into them; the slip
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert highlighted_entry(journal) == "Sam Okafor came back"
        keys = {key: b.binding.description for key, b in journal.active_bindings.items()}
        assert keys["d"] == "Delete"
        await pilot.press("d")
        asking = app.screen
        assert isinstance(asking, ConfirmScreen)
        assert asking.question == "Delete this entry from Tuesday 1 December?"
        assert asking.body == "“Sam Okafor came back”\n\nIt cannot be brought back."
        assert str(asking.query_one("#panel").border_subtitle) == (
            "y deletes · n or Escape keeps it"
        )
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is journal
        assert entries_shown(journal) == ["Tuesday 1 December · Outcomes log", "#2  She slept",
                                          "#4  He laughed"]  # fmt: skip
        assert highlighted_entry(journal) == "He laughed"  # the one that took its place
        assert said == [": Entry deleted."]
        assert journal_words(store) == ["She slept", "He laughed", "Tea outside"]
        assert len(store.sessions(NOW.date())) == 2  # the practice itself is kept


async def test_an_entry_gone_while_asked_deletes_nothing_else_and_says_so(
    make_app: MakeApp, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another breather deletes the newest entry while this one asks, and its number is given
    to the next entry written: the old question must not delete the new entry."""
    a_slip_among_others(store)
    app = make_app(store)
    said = recorded_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "down", "enter", "down", "down")
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert highlighted_entry(journal) == "He laughed"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        shown = next(e for e in store.journal() if e.text == "He laughed")
        assert store.forget_entry(shown.number) == shown  # elsewhere, meanwhile
        store.record(session("2026-12-02 17:00", entries=(Entry("outcomes", 2, "Newer"),)))
        assert [e.number for e in store.journal() if e.text == "Newer"] == [shown.number]
        await pilot.press("y")
        await pilot.pause()
        assert journal.is_current
        assert journal_words(store) == ["Newer", "She slept", "Sam Okafor came back", "Tea outside"]
        assert said == [": That entry had already gone or changed; nothing was deleted."]


@pytest.mark.parametrize("keep", ["n", "escape"])
async def test_n_or_escape_keeps_the_entry(
    make_app: MakeApp, store: HistoryStore, keep: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_slip_among_others(store)
    before = journal_words(store)
    app = make_app(store)
    said = recorded_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "down", "enter", "down", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # not a yes: only y deletes
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(keep)
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)  # Escape closed the question, not the journal
        assert highlighted_entry(journal) == "Sam Okafor came back"
        assert len(entries_shown(journal)) == 4
        assert not said
    assert journal_words(store) == before


async def test_deleting_a_topics_last_entry_moves_to_the_next_topic(
    make_app: MakeApp, store: HistoryStore
) -> None:
    a_slip_among_others(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "d")  # from the topics: the highlighted entry of good-things
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Delete this entry from Monday 30 November?"
        await pilot.press("y")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        topics = journal.query_one("#journal-topics", OptionList)
        assert [str(option.prompt) for option in topics.options] == ["outcomes"]
        assert topics.highlighted == 0
        assert highlighted_entry(journal) == "She slept"
    assert journal_words(store) == ["She slept", "Sam Okafor came back", "He laughed"]


async def test_an_emptied_journal_says_so_and_offers_nothing_to_delete(
    make_app: MakeApp, store: HistoryStore
) -> None:
    store.record(session("2026-12-01 17:00", entries=(Entry("outcomes", 2, "Sam Okafor"),)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "d", "y")
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert text_of(journal, "#journal-empty").startswith("Nothing in the journal yet.")
        assert "d" not in journal.active_bindings or not journal.check_action("delete", ())
        await pilot.press("d")
        assert app.screen is journal
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
    assert journal_words(store) == []


@pytest.mark.parametrize("no_color", [False, True])
async def test_the_question_fits_80x24_with_or_without_colour(
    make_app: MakeApp, store: HistoryStore, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """The longest entry (500 characters) still leaves the question and its keys in view."""
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    store.record(session("2026-12-01 17:00", entries=(Entry("outcomes", 2, "word " * 100),)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        entries = app.screen.query_one("#journal-entries", OptionList)
        marked = entries.get_visual_style("option-list--option", "option-list--option-highlighted")
        assert bool(marked.underline) is no_color  # not a shade alone
        await pilot.press("d")
        asking = app.screen
        assert isinstance(asking, ConfirmScreen)
        panel = asking.query_one("#panel")
        assert fits(panel)
        assert fits(asking.query_one("#panel-title"))
        assert {key.description for key in asking.query(FooterKey)} == {"Delete", "Keep"}


async def test_a_history_that_cannot_be_written_is_still_shown_and_deletes_nothing(
    make_app: MakeApp, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only profile: this run keeps nothing, but what was kept before is shown."""
    a_slip_among_others(store)
    store.close()
    path = history_database()
    reading = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    reader = HistoryStore(reading, path, read_only=True)
    reader.notice = "breather can read its history but cannot add to it or delete from it here."
    cannot = Unavailable("breather cannot keep its history here.", cause="it is read-only")
    app = make_app(cannot, read_history=lambda: reader)
    said = recorded_notices(app, monkeypatch)
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "down", "enter", "down")
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert highlighted_entry(journal) == "Sam Okafor came back"
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is journal  # nothing asked: nothing can be deleted
        assert said == [
            f"History: {reader.notice}",
            "Not deleted: This journal can only be read here, so nothing was deleted.",
        ]
    reader.close()
    assert path.read_bytes() == before
