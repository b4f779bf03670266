"""What a new user saw go wrong at small sizes, each checked on the screen as drawn.

A walkthrough at 60x20 and 80x24 found the history's bars over the wrong dates, a row of the
exercises wrapped, the keys help splitting a key from its words, the start card's choices below
the fold with ``h`` missing from the footer, and a checklist saying "Enter when you are ready"
while Enter ticks. Each test reads the characters on screen (or in the widget as drawn), not the
text handed to a widget, because each fault was in how text met a width.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._footer import FooterKey  # not exported; as in test_newcomer_ui (8.2.8)

from breather.history import CheckIn, HistoryStore
from breather.model import ChecklistStep
from breather.ui.app import BreatherApp
from breather.ui.screens.history import HistoryScreen
from breather.ui.screens.modals import KEY_SECTIONS, HelpScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.start import StartScreen
from tests.ui.conftest import AppFactory
from tests.unit.history_helpers import at, opened, session

SIZES = [(60, 20), (80, 24), (120, 40)]
TODAY = at("2026-12-02 16:00")
BARS = "▁▂▃▄▅▆▇█"


def screen_lines(app: BreatherApp) -> list[str]:
    """The screen's rows exactly as the terminal would show them.

    Read from the screen's compositor (private in Textual 8.2.8, as ``FooterKey`` is): the one
    place that knows what ends up in each cell after wrapping, clipping and scrolling.
    """
    return [strip.text for strip in app.screen._compositor.render_strips()]


def drawn_lines(widget: Widget) -> list[str]:
    """The widget's own rows as drawn at its size (wrapped lines included)."""
    size = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, size.width, size.height))]


def with_history(make_app: AppFactory, store: HistoryStore) -> BreatherApp:
    app = make_app()
    app.history = store
    app.now = lambda: TODAY
    return app


# -- 1. the minutes a day ---------------------------------------------------------------------

MINUTES_BACK = {0: 5, 2: 2, 5: 10, 9: 3}
"""Days back from today with minutes played; the rest of the fortnight has none."""


def days_back(day: date) -> int:
    return (TODAY.date() - day).days


def date_row(lines: list[str]) -> tuple[int, list[tuple[date, int, int]]]:
    """The row naming the days under the bars: its index, and each day with its columns.

    It is the row whose numbers are the last seven or fourteen days, ending today, in order.
    """
    for shown in (14, 7):
        wanted = [TODAY.date() - timedelta(days=back) for back in reversed(range(shown))]
        for index, line in enumerate(lines):
            found = list(re.finditer(r"\d+", line))
            if [int(match.group()) for match in found] == [day.day for day in wanted]:
                return index, [
                    (day, match.start(), match.end())
                    for day, match in zip(wanted, found, strict=True)
                ]
    raise AssertionError("no row names the last 7 or 14 days in order:\n" + "\n".join(lines))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_each_days_bar_sits_over_its_own_date(
    make_app: AppFactory, tmp_path: Path, size: tuple[int, int]
) -> None:
    store = opened(tmp_path / "data" / "history.sqlite3")
    for back, minutes in MINUTES_BACK.items():
        when = (TODAY - timedelta(days=back, hours=1)).isoformat()
        store.record(session(when, played=60.0 * minutes))
    app = with_history(make_app, store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        lines = screen_lines(app)
        row, days = date_row(lines)
        if size[0] >= 80:
            assert len(days) == 14, lines[row]
        fullest = max(MINUTES_BACK.values())
        bars, labels = lines[row - 4 : row], lines[row - 5]
        for day, start, end in days:
            over = [line[start:end] for line in bars]
            minutes = MINUTES_BACK.get(days_back(day), 0)
            if minutes == 0:
                assert all(not cells.strip() for cells in over), (day, over)
                continue
            # Its bar rises from just above its date with no gap, to the top for the fullest.
            assert all(cell in BARS for cell in over[-1]), (day, over)
            filled = [all(cell in BARS for cell in cells) for cells in over]
            assert filled == sorted(filled), (day, over)  # no blank row inside a bar
            if minutes == fullest:
                assert all(filled), (day, over)
            assert str(minutes) in labels[start - 2 : end + 2], (day, labels)
        heading = next(line for line in lines if "Minutes a day" in line)
        assert f"the last {len(days)} days" in heading


# -- 2. the exercises played ------------------------------------------------------------------

PLAYED = [
    ("outcomes-log", "Outcomes log", 1, 20.0),
    ("box-breathing", "Box breathing, gentler and slower for a long day", 3, 2500.0),
    ("cyclic-sigh", "Cyclic sigh", 12, 600.0),
]
"""Exercise, title, times played, seconds each: "under 1 min", "2 h 5 min", "12 times"."""


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_each_exercise_played_is_one_line(
    make_app: AppFactory, tmp_path: Path, size: tuple[int, int]
) -> None:
    store = opened(tmp_path / "data" / "history.sqlite3")
    for exercise_id, title, times, seconds in PLAYED:
        for number in range(times):
            when = (TODAY - timedelta(days=number % 10, minutes=number + 5)).isoformat()
            store.record(session(when, exercise_id, title, played=seconds))
    app = with_history(make_app, store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("y")
        await pilot.pause()
        rows = app.screen.query_one("#history-exercise-rows")
        assert rows.region.right <= size[0]
        drawn = drawn_lines(rows)
        assert len(drawn) == len(PLAYED), drawn
        for line in drawn:
            assert re.search(r"\d+ times?  +(under 1 min|\d+ min|\d+ h( \d+ min)?)$", line.rstrip())
        assert any("Outcomes log" in line and "under 1 min" in line for line in drawn), drawn
        assert any("Box breathing, ge…" in line and "2 h 5 min" in line for line in drawn), drawn


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_check_in_pair_is_never_split_across_lines(
    make_app: AppFactory, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Sized to its rows, the exercises column left the pairs a width that split ``7 →`` / ``2``."""
    store = opened(tmp_path / "data" / "history.sqlite3")
    for back in range(8):
        when = (TODAY - timedelta(days=back, hours=1)).isoformat()
        pair = (CheckIn("tension", -1, 3 + back % 5), CheckIn("tension", 9, 2 + back % 4))
        store.record(session(when, "outcomes-log", "Outcomes log", check_ins=pair))
    app = with_history(make_app, store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("y")
        await pilot.pause()
        drawn = [line.strip() for line in drawn_lines(app.screen.query_one("#history-pairs"))]
        pairs = [pair for line in drawn for pair in re.findall(r"\d+ → \d+", line)]
        assert len(pairs) == 6, drawn
        for line in drawn:
            assert not line.endswith("→"), drawn
            assert not re.match(r"\d+( |$)", line) or re.match(r"\d+ → \d+", line), drawn


# -- 3. the keys help -------------------------------------------------------------------------

SPLIT_BEFORE = [
    ("i", "details, source"),
    ("q", "leave breather"),
    ("j", "your journal"),
    ("Enter", "open the start card"),
    ("m", "motion level"),
    ("← or p", "back"),
    ("Ctrl+C", "quit"),
]
"""Pairs the walkthrough found split across lines at 60x20, or that sat beside them."""


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_keys_help_keeps_each_key_with_its_words(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#panel-body")
        drawn = drawn_lines(body)
        assert body.region.right <= size[0]
        for key, words in SPLIT_BEFORE:
            together = re.compile(rf"(^|\s){re.escape(key)}\s+{re.escape(words)}")
            assert any(together.search(line) for line in drawn), (key, words, drawn)
        for _section, pairs in KEY_SECTIONS:
            for key, words in pairs:
                first = words.split()[0]
                together = re.compile(rf"(^|\s){re.escape(key)}\s+{re.escape(first)}")
                assert any(together.search(line) for line in drawn), (key, words, drawn)
        if size[0] < 80:  # one column: no line holds two keys' words side by side
            assert not any(re.search(r"\S {3,}\S+ {2,}\S", line.strip()) for line in drawn)


@pytest.mark.parametrize(
    ("keys", "first", "in_sight"),
    [([], "Library", "filter by words"),
     ([], "Start card", "breath holds on/off"),
     (["enter"], "Playing", "pause and continue"),
     (["y", "j"], "Journal", "delete one (asks first)")],
)  # fmt: skip
async def test_the_keys_help_opens_at_the_keys_that_work_where_it_was_asked_for(
    make_app: AppFactory, keys: list[str], first: str, in_sight: str
) -> None:
    """At 80x24 only two sections fit: asked for while playing, help showed the library's keys
    and one line of the player's."""
    app = make_app(start_with=None if first in ("Library", "Journal") else "practice")
    async with app.run_test(size=(80, 24)) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        panel = app.screen.query_one("#panel")
        body = app.screen.query_one("#panel-body")
        seen = body.region.intersection(panel.scrollable_content_region)
        shown = [line.strip() for line in drawn_lines(body)[: seen.height]]
        assert shown[0] == first
        assert any(in_sight in line for line in shown), shown
        every = [line.strip() for line in drawn_lines(body)]
        assert sum(line in dict(KEY_SECTIONS) for line in every) == len(KEY_SECTIONS)


def test_every_screens_keys_section_is_one_the_help_has() -> None:
    """A misspelt section would quietly leave the keys in their usual order."""
    from breather.ui.screens import check_in, history, library, start  # noqa: F401 - load them
    from breather.ui.screens.common import BreatherScreen

    def every(cls: type[BreatherScreen]) -> list[type[BreatherScreen]]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in every(child))]

    named = {screen.__name__: screen.KEYS_SECTION for screen in every(BreatherScreen)}
    assert {"LibraryScreen", "StartScreen", "PlayerScreen", "JournalScreen"} <= set(named)
    sections = dict(KEY_SECTIONS)
    assert all(section is None or section in sections for section in named.values()), named


# -- 4. the start card ------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ["box-breathing", "outcomes-log", "longer-out-breath"])
async def test_the_start_cards_choices_show_without_scrolling(
    make_app: AppFactory, exercise_id: str
) -> None:
    size = (80, 24)
    app = make_app(start_with=exercise_id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        lines = screen_lines(app)
        shown = "\n".join(lines)
        for row in ("Length ", "Motion ", "Sound "):
            assert any(line.strip().startswith(row) for line in lines), (row, shown)
        if card.has_holds:
            assert any(line.strip().startswith("Holds ") for line in lines), shown
        if card.exercise.safety:
            assert any(line.strip().startswith("Safety  ") for line in lines), shown
        assert any("Enter to begin" in line for line in lines), shown
        assert card.exercise.title in shown
        assert card.query_one("#card").max_scroll_y == 0  # only the intro's own box scrolls


@pytest.mark.parametrize("exercise_id", ["relaxing-breath-4-7-8", "end-of-day-ritual"])
async def test_in_a_short_window_the_safety_note_is_on_the_first_screen_whole(
    make_app: AppFactory, exercise_id: str
) -> None:
    """Under 24 rows the card scrolls as one text: its safety note comes before the intro, so
    a long intro never pushes it below the fold (a walk at 60x20 found it hidden there)."""
    app = make_app(start_with=exercise_id)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        shown = " ".join(" ".join(line.strip().rstrip(BARS).split()) for line in screen_lines(app))
        safety = " ".join(card.exercise.safety.split())
        first_sentence = safety.split(". ")[0]
        assert f"Safety {first_sentence}" in shown, shown
        assert card.query_one("#card").scroll_y == 0
        # The end of the note too, unless the note is longer than a short window holds.
        if len(safety) < 300:
            assert safety.split()[-1] in shown, shown


async def test_the_start_cards_choices_keep_their_labels_a_column_when_they_wrap(
    make_app: AppFactory,
) -> None:
    app = make_app(start_with="box-breathing")
    async with app.run_test(size=(50, 40)) as pilot:
        await pilot.pause()
        lines = drawn_lines(app.screen.query_one("#card-choices"))
        shown = "\n".join(lines)
        labels = [
            line for line in lines if line.strip()[:6] in ("Length", "Holds ", "Motion", "Sound ")
        ]
        assert len(labels) == 4, shown
        assert len(lines) > len(labels), shown  # at 50 cells some words wrap
        for line in lines:
            if line not in labels and line.strip():
                assert line.startswith(" " * 9), shown
                assert line[9] != " ", shown


@pytest.mark.parametrize(("exercise_id", "offered"), [("box-breathing", True), ("doorway", False)])
async def test_h_is_in_the_footer_when_the_card_offers_holds(
    make_app: AppFactory, exercise_id: str, offered: bool
) -> None:
    app = make_app(start_with=exercise_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen
        assert isinstance(card, StartScreen)
        assert card.has_holds is offered
        keys = {key.key: key.description for key in card.query(FooterKey)}
        assert ("h" in keys) is offered, keys
        if offered:
            assert keys["h"] == "Holds"
            await pilot.press("h")
            assert card.holds is False


# -- 5. a checklist's words ------------------------------------------------------------------


async def test_a_checklist_says_how_to_go_on_as_the_keys_do(make_app: AppFactory) -> None:
    app = make_app(start_with="going-home")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        while not isinstance(player.session.state().step.step, ChecklistStep):
            player.session.next_step()  # past the steps before it, the write step's boxes too
            player.sync()
            await pilot.pause()  # each step takes or gives back the keys as it is shown
        state = player.session.state()
        step = state.step.step
        assert isinstance(step, ChecklistStep)
        assert state.waiting
        lines = screen_lines(app)
        shown = "\n".join(lines)
        assert "Continue →" in shown
        assert "Enter when you are ready" not in shown
        waits = next(line for line in lines if "waits for you" in line)
        assert "Enter on “Continue →” goes on" in waits, waits
        # What the words say is what Enter does: it ticks the items, then goes on from Continue.
        for _ in step.items:
            await pilot.press("enter")
        assert player.session.state().step.index == state.step.index
        assert len(player.session.state().checked) == len(step.items)
        await pilot.press("enter")
        assert player.session.state().step.index == state.step.index + 1
