"""The library's 1, 2 and 3 keys offer exactly what ``plan --minutes`` plays, and nothing else.

Walked with Pilot against the command line: for each minute key, the exercises listed are the ones
``breather plan ID --minutes M`` accepts (an ``as-written`` one no longer than M among them, shown
with its own length), the length each row shows is the length planned, and the start card opened
from the row shows that length too, with nothing refused. Every row is checked; the start card is
opened for the folder's own exercises and one built-in of each way of keeping a length (as
written, fitted), since the card and the row take their length from the same offer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import OptionList

from breather import durations
from breather.cli import main
from breather.settings import Settings
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.start import StartScreen
from breather.ui.widgets.line import Line
from tests.offered_exercises import DOORWAY
from tests.ui.conftest import AppFactory

SIZE = (100, 60)
CAPPED = """\
title: Capped breath
summary: Offered at one and two minutes only, and never more than four breaths.
tags: [breathing, holds]
lengths: [1, 2]
intro: It takes {length}.
steps:
  - text: Find a comfortable seat, supported if you can.
    seconds: 14
  - breathe: 4-7-8
    cycles: 4
    max_cycles: 4
  - text: Let the count go. Look around the room; feel your feet.
    seconds: 30
"""
LONG_DOOR = DOORWAY.replace("title: Doorway", "title: Long doorway").replace("17", "77")
"""As written only, and 1:29 long: offered at 2 and 3 minutes, never at 1."""


@pytest.fixture
def offered_folder(organisation: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UI's organisation folder, with lengths of every kind, seen by the command line too."""
    for name, text in (("capped", CAPPED), ("doorway", DOORWAY), ("long-door", LONG_DOOR)):
        (organisation / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(organisation))
    return organisation


def planned_seconds(
    capsys: pytest.CaptureFixture[str], exercise_id: str, minutes: int
) -> float | None:
    """What ``breather plan ID --minutes M --json`` plays, or None when it refuses (exit 2)."""
    status = main(["plan", exercise_id, "--minutes", str(minutes), "--json"])
    out = capsys.readouterr().out
    if status == 2:
        return None
    assert status == 0
    seconds = json.loads(out)["seconds"]
    assert isinstance(seconds, float | int)
    return float(seconds)


def listed(screen: LibraryScreen) -> dict[str, str]:
    """The exercises the library lists now, each with the text of its row."""
    options = screen.query_one("#exercises", OptionList)
    rows: dict[str, str] = {}
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        if option.id and option.id.startswith("ex:"):
            rows[option.id[3:]] = str(option.prompt)
    return rows


@pytest.mark.usefixtures("offered_folder")
@pytest.mark.parametrize("minutes", [1, 2, 3])
async def test_each_minute_key_offers_exactly_what_plan_plays(
    make_app: AppFactory, capsys: pytest.CaptureFixture[str], minutes: int
) -> None:
    app = make_app()
    plays = {
        exercise_id: planned_seconds(capsys, exercise_id, minutes)
        for exercise_id in app.library.exercises
    }
    offered = {exercise_id for exercise_id, seconds in plays.items() if seconds is not None}
    assert "capped" in offered if minutes < 3 else "capped" not in offered
    assert "doorway" in offered
    assert ("long-door" in offered) == (minutes > 1)

    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press(str(minutes))
        rows = listed(screen)
        assert set(rows) == offered

        as_written = set()
        for exercise_id, row in rows.items():
            seconds = plays[exercise_id]
            assert seconds is not None
            rule = app.library.get(exercise_id).lengths
            if rule is not None and rule.as_written:
                as_written.add(exercise_id)
                assert f"{durations.brief_length(seconds)}, as written" in row
            else:
                assert f"fits in {durations.length(seconds)}" in row

        built_in = sorted(i for i in rows if app.library.get(i).origin == "built-in")
        opened = {i for i in rows if i in ("capped", "doorway", "long-door")}
        opened.add(next(i for i in built_in if i in as_written))
        opened.add(next(i for i in built_in if i not in as_written))
        for exercise_id in sorted(opened):
            seconds = plays[exercise_id]
            assert seconds is not None
            options = screen.query_one("#exercises", OptionList)
            options.highlighted = options.get_option_index(f"ex:{exercise_id}")
            await pilot.press("enter")
            card = app.screen
            assert isinstance(card, StartScreen)
            assert card.refusal == ""
            assert card.timeline is not None
            assert card.timeline.total == pytest.approx(seconds, abs=1e-3)
            length = card.query_one("#card-length", Line).text
            assert f"({durations.length(seconds)})" in length
            await pilot.press("escape")
            assert app.screen is screen


@pytest.mark.usefixtures("offered_folder")
async def test_the_start_card_tells_the_length_as_fitted_and_refuses_what_is_not_offered(
    make_app: AppFactory,
) -> None:
    app = make_app(start_with="capped", minutes=1)
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen
        assert isinstance(card, StartScreen)
        assert card.query_one("#card-intro", Line).text == "It takes about 1 minute."
        await pilot.press("2")
        assert card.query_one("#card-intro", Line).text == "It takes about 2 minutes."
        await pilot.press("3")
        assert card.timeline is None
        go = card.query_one("#card-go", Line).text
        assert go.startswith("Capped breath is played at 1 or 2 minutes; asked for 3 minutes")


@pytest.mark.usefixtures("offered_folder")
async def test_lengths_shown_follow_the_holds_setting(make_app: AppFactory) -> None:
    """Issue 16: with holds off, the library and the start card showed the written length."""
    app = make_app(settings=Settings(holds=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        played = 14 + 4 * (4 + 8) + 30  # the 7 s holds dropped
        assert "about 1.5 min" in listed(screen)["capped"]
        options = screen.query_one("#exercises", OptionList)
        options.highlighted = options.get_option_index("ex:capped")
        await pilot.press("enter")
        card = app.screen
        assert isinstance(card, StartScreen)
        assert f"({durations.length(played)})" in card.query_one("#card-length", Line).text
