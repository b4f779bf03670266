"""Sound in the terminal UI: the start card's choice and notices, and a session's tones in order.

A fake ``pw-play`` on PATH records every tone it is started with; the clock is a fake one that
lets each tone start before time moves on (see ``tests/unit/sound_helpers.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from breather.settings import Settings
from breather.ui.app import BreatherApp
from breather.ui.messages import OpenStartCard
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.start import StartScreen
from breather.ui.screens.summary import SummaryScreen
from breather.ui.sound_card import OFFER
from breather.ui.widgets.line import Line
from tests.ui.conftest import AppFactory, recorded_notices
from tests.unit.sound_helpers import (
    BREATH_TONES,
    THIRTY_SECONDS,
    THIRTY_SECONDS_BELL_STEPS,
    THIRTY_SECONDS_TONES,
    SettlingClock,
    heard,
    no_player_on_path,
    player_on_path,
    record_cues,
)
from tests.unit.test_sound import FakePlayerCommand, posix_only, wait_until
from tests.unit.test_sound import fake_player as make_fake_player

SIZE = (90, 30)
MOMENTS = (3, 6, 10, 12, 18, 21, 24, 27, 30)
"""Every event of the 30-second exercise after the first, and its end."""
NO_PLAYER = (
    "tones are not available here: no sound player found (looked for pw-play, paplay, aplay)"
)


@pytest.fixture
def fake_player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePlayerCommand:
    return player_on_path(tmp_path, monkeypatch)


@pytest.fixture
def clock(fake_player: FakePlayerCommand, monkeypatch: pytest.MonkeyPatch) -> SettlingClock:
    """The app's clock (replacing conftest's): each tone starts before time moves on."""
    settling = SettlingClock(fake_player)
    record_cues(monkeypatch, settling)
    return settling


@pytest.fixture(autouse=True)
def thirty_seconds(organisation: Path) -> None:
    (organisation / "thirty-seconds.yaml").write_text(THIRTY_SECONDS, encoding="utf-8")


def choices_row(screen: object) -> str:
    return screen.query_one("#card-choices", Line).text  # type: ignore[attr-defined, no-any-return]


def counted_bells(app: BreatherApp) -> list[int]:
    rung = [0]

    def ring() -> None:
        rung[0] += 1

    app.bell = ring  # type: ignore[method-assign]
    return rung


async def play_thirty_seconds(pilot: Pilot[None], clock: SettlingClock) -> None:
    """Begin on the start card and play to the end, showing each event at its moment."""
    await pilot.press("enter")
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    start = clock.now()
    await pilot.pause()
    for moment in MOMENTS:
        clock.advance(start + moment + 0.01 - clock.now())
        player.sync()
        await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)


@posix_only
async def test_a_session_with_tones_gives_every_phase_its_tone_in_order(
    make_app: AppFactory, clock: SettlingClock, fake_player: FakePlayerCommand
) -> None:
    app = make_app(start_with="thirty-seconds", settings=Settings(sound="tones"))
    rung = counted_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        assert "Sound    tones" in choices_row(app.screen)
        await play_thirty_seconds(pilot, clock)
    assert heard(fake_player, len(THIRTY_SECONDS_TONES)) == THIRTY_SECONDS_TONES
    assert rung == [0]


@posix_only
@pytest.mark.parametrize(
    ("settings", "silent"),
    [(Settings(sound="off"), False), (Settings(sound="tones"), True), (Settings(), False)],
    ids=["sound-off", "silent", "default"],
)
async def test_silent_and_sound_off_play_no_tone(
    make_app: AppFactory,
    clock: SettlingClock,
    fake_player: FakePlayerCommand,
    settings: Settings,
    silent: bool,
) -> None:
    from breather.settings import SessionChoices

    app = make_app(start_with="thirty-seconds", settings=settings)
    app.choices = SessionChoices(motion="none", silent=silent)
    async with app.run_test(size=SIZE) as pilot:
        assert "Sound    off" in choices_row(app.screen)
        await play_thirty_seconds(pilot, clock)
    assert fake_player.records() == []
    assert clock.started == []


@posix_only
async def test_tones_false_silences_that_steps_breaths_only(
    make_app: AppFactory, organisation: Path, clock: SettlingClock, fake_player: FakePlayerCommand
) -> None:
    quiet = THIRTY_SECONDS.replace("    tones: false\n", "").replace(
        "    cycles: 1\n", "    cycles: 1\n    tones: false\n"
    )
    (organisation / "thirty-seconds.yaml").write_text(quiet, encoding="utf-8")
    app = make_app(start_with="thirty-seconds", settings=Settings(sound="tones"))
    async with app.run_test(size=SIZE) as pilot:
        await play_thirty_seconds(pilot, clock)
    # The start, the two bell steps (the last now without a breath tone to give way to), the end.
    assert heard(fake_player, 4) == ["chime"] * 4
    assert not set(fake_player.tones()) & BREATH_TONES


async def test_s_on_the_start_card_cycles_the_sound_for_this_run_without_saving(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(start_with="longer-out-breath")
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen
        assert isinstance(card, StartScreen)
        seen = [choices_row(card).split("Sound    ")[1].split(" ")[0]]
        for _ in range(3):
            await pilot.press("s")
            seen.append(choices_row(card).split("Sound    ")[1].split(" ")[0])
        assert seen == ["off", "tones", "bell", "off"]
        await pilot.press("s")  # tones, then back to the library and into another card
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        app.post_message(OpenStartCard("cyclic-sigh", None))
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Sound    tones" in choices_row(app.screen)
    assert app.sound == "tones"
    saved = tmp_path / "settings.yaml"
    assert not saved.exists() or "sound" not in saved.read_text(encoding="utf-8")


async def test_an_eyes_closed_exercise_offers_tones_once_while_sound_is_off(
    make_app: AppFactory,
) -> None:
    app = make_app(start_with="thirty-seconds")
    async with app.run_test(size=SIZE) as pilot:
        assert OFFER in choices_row(app.screen)
        await pilot.press("s")
        assert OFFER not in choices_row(app.screen), "with tones on, nothing to offer"
        await pilot.press("s", "s")
        assert "Sound    off" in choices_row(app.screen)
        await pilot.press("escape")
        app.post_message(OpenStartCard("thirty-seconds", None))
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Sound    off" in choices_row(app.screen)
        assert OFFER not in choices_row(app.screen), "offered once; never again this run"


async def test_an_exercise_not_made_for_the_eyes_closed_offers_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app(start_with="longer-out-breath")
    async with app.run_test(size=SIZE):
        assert OFFER not in choices_row(app.screen)


async def test_a_player_that_cannot_play_here_is_found_out_on_the_card_before_begin(
    make_app: AppFactory,
    clock: SettlingClock,
    fake_player: FakePlayerCommand,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The trial of the player runs once, as tones are chosen; the card says what sounds instead,
    and the session goes straight to the bell (no tone is tried on closed eyes)."""
    why = "tones are not available here: pw-play could not play a tone (exit status 1)"
    trials: list[str] = []

    def trial() -> str | None:
        trials.append("tried")
        return why

    app = make_app(start_with="thirty-seconds", settings=Settings(sound="tones"), try_tones=trial)
    said = recorded_notices(app, monkeypatch)
    rung = counted_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"{why}; the terminal bell at marked steps instead" in choices_row(app.screen)
        await pilot.press("s", "s", "s")  # round the sound choices, back to tones
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"{why}; the terminal bell at marked steps instead" in choices_row(app.screen)
        await play_thirty_seconds(pilot, clock)
    assert trials == ["tried"]  # once a run
    assert fake_player.records() == []  # no tone was tried on closed eyes
    assert rung == [THIRTY_SECONDS_BELL_STEPS]  # the bell instead, at the marked steps
    assert said == []  # the card said it; nothing pops up over a session


async def test_without_a_player_the_card_says_so_once_and_the_bell_steps_ring(
    make_app: AppFactory,
    clock: SettlingClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_player_on_path(tmp_path, monkeypatch)
    app = make_app(start_with="thirty-seconds", settings=Settings(sound="tones"))
    said = recorded_notices(app, monkeypatch)
    rung = counted_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        assert f"{NO_PLAYER}; the terminal bell at marked steps instead" in choices_row(app.screen)
        await play_thirty_seconds(pilot, clock)
        summary = app.screen.query_one("#summary-text", Line).text
    assert said == [], "the card said it; the player does not say it again"
    assert rung == [THIRTY_SECONDS_BELL_STEPS]
    assert "Completed in 0:30" in summary


@posix_only
async def test_a_player_that_fails_is_said_once_and_not_tried_again_this_run(
    make_app: AppFactory,
    clock: SettlingClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "failing").mkdir()
    failing = make_fake_player(tmp_path / "failing", then="exit 1")
    monkeypatch.setenv("PATH", f"{failing.folder}:/usr/bin:/bin")
    clock.player = failing
    app = make_app(start_with="thirty-seconds", settings=Settings(sound="tones"))
    said = recorded_notices(app, monkeypatch)
    rung = counted_bells(app)
    failed = (
        "tones are not available here: pw-play could not play a tone (exit status 1; often "
        "there is no sound device)"
    )
    told = f"Sound: {failed}; the terminal bell at marked steps instead."
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.pause()
        assert player.sound is not None
        assert wait_until(lambda: player.sound is not None and player.sound.cues.mode == "bell")
        for moment in MOMENTS:
            clock.advance(1000.0 + moment + 0.01 - clock.now())
            player.sync()
            await pilot.pause()
        assert said == [told]
        assert rung == [THIRTY_SECONDS_BELL_STEPS], "the bell steps ring once tones gave way"
        await pilot.press("enter")  # from the summary to the library, and the card again
        app.post_message(OpenStartCard("thirty-seconds", None))
        await pilot.pause()
        assert f"{failed}; the terminal bell at marked steps instead" in choices_row(app.screen)
        await play_thirty_seconds(pilot, clock)
    assert len(failing.records()) == 1, "the failing player was tried once, at the first chime"
    assert said == [told], "said once in the run"
    assert rung == [2 * THIRTY_SECONDS_BELL_STEPS]
