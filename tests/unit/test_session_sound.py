"""Sound wired in: the settings and options that choose it, the rules that turn a session's
events into tones, and ``--plain`` playing them through a fake player on PATH.

The TUI's side is in ``tests/ui/test_sound_ui.py``; the cues and players themselves in
``test_sound.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.loader import load_text
from breather.model import BreatheStep
from breather.plain import play_plain
from breather.session_sound import (
    SessionSound,
    make_tones_ahead,
    next_mode,
    open_session_cues,
    session_mode,
    suggests_tones,
    tones_unavailable,
)
from breather.settings import SessionChoices, Settings, load_settings
from breather.sound import SoundMode, open_cues
from breather.timeline import Timeline, plan
from breather.tones import TONE_NAMES, tone_files
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
from tests.unit.test_sound import Bell, fake_player, on_path, posix_only, wait_until

NO_PLAYER = (
    "Tones are not available here: no sound player found (looked for pw-play, paplay, aplay)."
)


def thirty_seconds(text: str = THIRTY_SECONDS) -> Timeline:
    return plan(load_text(text, "thirty-seconds.yaml", file_id="thirty-seconds"))


@pytest.fixture
def library_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An organisation folder holding the 30-second exercise, on BREATHER_PATH."""
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "thirty-seconds.yaml").write_text(THIRTY_SECONDS, encoding="utf-8")
    every_step_quiet = THIRTY_SECONDS.replace("    tones: false\n", "").replace(
        "    cycles: 1\n", "    cycles: 1\n    tones: false\n"
    )
    (folder / "thirty-quiet.yaml").write_text(every_step_quiet, encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    return folder


# Choosing the sound: settings, options, the start card's key.


def test_sound_and_volume_are_read_from_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("sound: tones\nvolume: 55\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == []
    assert (loaded.settings.sound, loaded.settings.volume) == ("tones", 55)


def test_sound_is_off_and_volume_30_by_default(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.yaml").settings
    assert (settings.sound, settings.volume) == ("off", 30)


def test_a_bare_off_is_off_although_yaml_reads_it_as_false(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("sound: off\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == []
    assert loaded.settings.sound == "off"


def test_wrong_sound_or_volume_is_said_and_the_default_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("sound: loud\nvolume: 150\nbell: false\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings(bell=False)
    assert [problem.render() for problem in loaded.problems] == [
        f"{path}:1:8: sound: expected off, bell or tones, got `loud`; using the default",
        f"{path}:2:9: volume: must be from 0 to 100, got 150; using the default",
    ]


def test_volume_must_be_a_whole_number(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("volume: quiet\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.volume == 30
    assert "expected a volume from 0 to 100 (a whole number)" in loaded.problems[0].message


@pytest.mark.parametrize(
    ("setting", "given", "silent", "expected"),
    [
        ("off", None, False, "off"),
        ("tones", None, False, "tones"),
        ("off", "tones", False, "tones"),  # --sound wins over the settings
        ("tones", "bell", False, "bell"),
        ("tones", None, True, "off"),  # --silent is --sound off
        ("off", "tones", True, "off"),  # ... whatever else is asked
    ],
)
def test_the_session_sound_is_the_option_then_the_settings_and_silent_is_off(
    setting: SoundMode, given: SoundMode | None, silent: bool, expected: SoundMode
) -> None:
    choices = SessionChoices(sound=given, silent=silent)
    assert session_mode(Settings(sound=setting), choices) == expected


def test_the_start_card_key_goes_from_off_to_tones_in_one_press_and_round() -> None:
    assert [next_mode("off"), next_mode("tones"), next_mode("bell")] == ["tones", "bell", "off"]


@pytest.mark.parametrize(
    ("tags", "suggested"),
    [("eyes-closed", True), ("walking, end-of-day", True), ("breathing, between-sessions", False)],
)
def test_tones_are_suggested_for_eyes_closed_and_walking_only(tags: str, suggested: bool) -> None:
    text = THIRTY_SECONDS.replace("[eyes-closed]", f"[{tags}]")
    assert suggests_tones(load_text(text, "t.yaml", file_id="t")) is suggested


def test_no_player_is_found_before_a_session() -> None:
    assert tones_unavailable(which=lambda _: None, platform="linux") == (
        "tones are not available here: no sound player found (looked for pw-play, paplay, aplay)"
    )
    assert tones_unavailable(which=lambda p: f"/usr/bin/{p}", platform="linux") is None


def test_the_sound_option_is_checked_and_accepted_by_play_and_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "longer-out-breath", "--sound", "tones"]) == 0
    assert main(["play", "longer-out-breath", "--sound", "loud"]) == 2
    err = capsys.readouterr().err
    assert "argument --sound: invalid choice: 'loud'" in err


def test_tones_false_is_kept_through_fitting() -> None:
    exercise = load_text(THIRTY_SECONDS, "t.yaml", file_id="t")
    timeline = plan(exercise)
    quiet = [s.step for s in timeline.steps if isinstance(s.step, BreatheStep) and not s.step.tones]
    assert len(quiet) == 1


def test_tones_are_made_ahead_in_the_background_and_found_ready(tmp_path: Path) -> None:
    make_tones_ahead(Settings(volume=40), cache=tmp_path)
    assert wait_until(lambda: len(list((tmp_path / "tones").glob("*.wav"))) == len(TONE_NAMES))
    made = {path: path.stat().st_mtime_ns for path in (tmp_path / "tones").glob("*.wav")}
    files = tone_files(40, tmp_path)
    assert {path: path.stat().st_mtime_ns for path in files.paths.values()} == made


def test_nothing_is_made_ahead_at_volume_0(tmp_path: Path) -> None:
    make_tones_ahead(Settings(volume=0), cache=tmp_path)
    assert not (tmp_path / "tones").exists()


# The rules: which sound each event makes.


@posix_only
def test_each_event_makes_one_sound_and_a_breath_tone_wins_over_a_chime(tmp_path: Path) -> None:
    player = fake_player(tmp_path)
    clock, bell = SettlingClock(player), Bell()
    timeline = thirty_seconds()
    cues = open_cues(
        "tones", 30, tmp_path, bell=bell, clock=clock, which=on_path(player.folder),
        on_started=clock.started.append,
    )  # fmt: skip
    clock.cues.append(cues)
    sound = SessionSound(cues, timeline)
    for event in timeline.events:
        clock.advance(1000.0 + event.start - clock.now())
        sound.event_began(event, due=clock.now())
    clock.advance(1000.0 + timeline.total - clock.now())
    sound.session_ended(due=clock.now())
    sound.session_ended(due=clock.now())  # said twice (a redraw): one chime
    clock.settle()
    sound.close(finish=False)
    assert heard(player, len(THIRTY_SECONDS_TONES)) == THIRTY_SECONDS_TONES
    assert bell.rung == 0


def test_with_the_bell_each_bell_step_rings_and_nothing_else(tmp_path: Path) -> None:
    bell = Bell()
    timeline = thirty_seconds()
    cues = open_cues("bell", 30, tmp_path, bell=bell)
    sound = SessionSound(cues, timeline)
    for event in timeline.events:
        sound.event_began(event)
    sound.session_ended()
    assert bell.rung == THIRTY_SECONDS_BELL_STEPS
    assert not (tmp_path / "tones").exists()


def test_the_bell_setting_keeps_the_terminal_bell_quiet(tmp_path: Path) -> None:
    bell = Bell()
    cues = open_session_cues(
        "bell", Settings(bell=False), bell=bell, clock=FakeClock(), cache=tmp_path
    )
    sound = SessionSound(cues, thirty_seconds())
    for event in sound.timeline.events:
        sound.event_began(event)
    assert bell.rung == 0


# --plain, through the command line, with a fake player on PATH.


@posix_only
def test_plain_plays_every_phase_tone_in_order(
    library_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    player = player_on_path(tmp_path, monkeypatch)
    clock = SettlingClock(player)
    record_cues(monkeypatch, clock)
    status = main(["play", "thirty-seconds", "--plain", "--sound", "tones"], clock=clock)
    out = capsys.readouterr().out
    assert status == 0
    assert heard(player, len(THIRTY_SECONDS_TONES)) == THIRTY_SECONDS_TONES
    assert "not available" not in out
    assert out.splitlines()[-1].startswith("[0:30] End")
    cache = tmp_path / "home" / ".cache" / "breather" / "tones"
    assert {Path(line.split()[-1]).parent for line in player.records()} == {cache}


@posix_only
@pytest.mark.parametrize(
    ("argv", "settings", "exercise", "expected"),
    [
        (["--silent"], "", "thirty-seconds", []),
        (["--silent", "--sound", "tones"], "sound: tones\n", "thirty-seconds", []),
        ([], "sound: off\n", "thirty-seconds", []),
        ([], "", "thirty-seconds", []),  # off by default
        (["--sound", "bell"], "", "thirty-seconds", []),
        # tones: false on every breathe step: chimes at the start, the bells and the end only.
        (["--sound", "tones"], "", "thirty-quiet", ["chime"] * 4),
    ],
    ids=["silent", "silent-beats-tones", "settings-off", "default", "bell", "tones-false"],
)
def test_silent_sound_off_and_tones_false_give_no_phase_tone_in_plain(
    library_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    settings: str,
    exercise: str,
    expected: list[str],
) -> None:
    player = player_on_path(tmp_path, monkeypatch)
    config = tmp_path / "settings.yaml"
    config.write_text(settings, encoding="utf-8")
    monkeypatch.setenv("BREATHER_CONFIG", str(config))
    clock = SettlingClock(player)
    record_cues(monkeypatch, clock)
    assert main(["play", exercise, "--plain", *argv], clock=clock) == 0
    assert capsys.readouterr().err == ""
    # Every tone asked for has started by now (the cues were closed); none may be a breath's.
    if expected:
        assert heard(player, len(expected)) == expected
    else:
        assert player.records() == []
        assert not (tmp_path / "home" / ".cache" / "breather").exists(), "nothing made"
    assert not set(player.tones()) & BREATH_TONES


def test_without_a_player_plain_rings_the_bell_says_so_once_and_plays_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_player_on_path(tmp_path, monkeypatch)
    timeline = thirty_seconds()
    quiet, with_sound = io.StringIO(), io.StringIO()
    assert play_plain(timeline, quiet, clock=FakeClock())
    bell = Bell()
    clock = FakeClock()
    with open_session_cues("tones", Settings(), bell=bell, clock=clock) as cues:
        assert play_plain(timeline, with_sound, clock=clock, cues=cues)
    lines = with_sound.getvalue().splitlines()
    notices = [line for line in lines if "not available" in line]
    assert notices == [f"[0:00] {NO_PLAYER}"]
    assert [line for line in lines if line not in notices] == quiet.getvalue().splitlines()
    assert bell.rung == THIRTY_SECONDS_BELL_STEPS, "each bell step rings the terminal bell"
    assert clock.now() - 1000.0 == pytest.approx(timeline.total), "the session kept its time"


def test_a_notice_in_plain_is_a_line_of_its_own_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    no_player_on_path(tmp_path, monkeypatch)
    status = main(["play", "cyclic-sigh", "--plain", "--sound", "tones"], clock=FakeClock())
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert [line for line in lines if "not available" in line] == [f"[0:00] {NO_PLAYER}"]
