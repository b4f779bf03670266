"""Cues and players: the right tone for every phase, in order, in the background, or the bell.

Real child processes are started where the behaviour is about processes (a fake player command
on PATH that records its arguments and the moment it started; detaching; reaping; stopping).
Time is a :class:`FakeClock`; waiting for a child to write its record is a wait with a generous
timeout, never a timed assertion. Windows runs here too, with a fake ``winsound`` module.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

from breather.clock import FakeClock
from breather.model import PhaseKind
from breather.players import (
    CommandPlayer,
    NoPlayer,
    Running,
    WinsoundPlayer,
    find_player,
)
from breather.sound import (
    HUNG_AFTER,
    Cues,
    SoundMode,
    Speaker,
    Started,
    choose_mode,
    open_cues,
    try_player,
)
from breather.tones import TONES, ToneName, tone_files

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake players are sh scripts")

NO_PLAYER_ON_LINUX = (
    "tones are not available here: no sound player found (looked for pw-play, paplay, aplay)"
)


# A session of 30 seconds, as a player would report it.


@dataclass(frozen=True)
class Cue:
    """One thing a player tells the cues, at a moment of the session."""

    at: float
    what: Literal["start", "bell", "phase", "end"]
    phase: PhaseKind = "in"
    tones: bool = True


SESSION = [
    Cue(0, "start"),  # a text step, 0–3 s
    Cue(3, "bell"),  # a text step with bell: true, 3–6 s
    Cue(6, "phase", "in"),  # breathe 4-2-6, one cycle, 6–18 s
    Cue(10, "phase", "hold"),
    Cue(12, "phase", "out"),
    Cue(18, "phase", "in", tones=False),  # breathe 3-3 with tones: false, 18–24 s
    Cue(21, "phase", "out", tones=False),
    Cue(24, "phase", "in"),  # breathe 3-3, 24–30 s
    Cue(27, "phase", "out"),
    Cue(30, "end"),
]
SESSION_TONES: list[ToneName] = ["chime", "chime", "in", "hold", "out", "in", "out", "chime"]


def give(cues: Cues, cue: Cue, due: float) -> None:
    """Tell the cues what happened, as a player would."""
    if cue.what == "start":
        cues.session_started(due=due)
    elif cue.what == "bell":
        cues.chime(due=due)
    elif cue.what == "phase":
        cues.phase_started(cue.phase, tones=cue.tones, due=due)
    else:
        cues.session_ended(due=due)


def drive(
    cues: Cues,
    clock: FakeClock,
    *,
    after: Callable[[Cue], None] | None = None,
    session: list[Cue] = SESSION,
) -> list[str]:
    """Play ``session`` through ``cues``, each cue at its moment; return the notices taken."""
    start = clock.now()
    notices: list[str] = []
    for cue in session:
        clock.advance(start + cue.at - clock.now())
        give(cues, cue, clock.now())
        if after is not None:
            after(cue)
        notice = cues.take_notice()
        if notice is not None:
            notices.append(notice)
    return notices


# Fake players: small executables that record their arguments and when they started.


def is_trial(start: str) -> bool:
    """Whether a start recorded by the fake player played the silence of a trial."""
    return Path(start.split()[-1]).name.startswith("breather-silence-")


@dataclass
class FakePlayerCommand:
    """A player program in its own folder on PATH."""

    folder: Path
    log: Path

    def starts(self) -> list[str]:
        """One line per start: the moment (seconds since the epoch) and the arguments."""
        return self.log.read_text().splitlines() if self.log.exists() else []

    def records(self) -> list[str]:
        """The starts that played a tone: not the silence the player is tried with first."""
        return [line for line in self.starts() if not is_trial(line)]

    def trials(self) -> list[str]:
        """The starts that played the silence a player is tried with (:func:`try_player`)."""
        return [line for line in self.starts() if is_trial(line)]

    def wait_for(self, count: int) -> list[str]:
        """Wait (up to 10 s) until ``count`` starts are recorded; return the records."""
        deadline = time.monotonic() + 10
        while len(records := self.records()) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return records

    def tones(self) -> list[str]:
        """Which tone each start played, from the file name it was given."""
        return [Path(line.split()[-1]).name.split("-")[1] for line in self.records()]


def fake_player(
    tmp_path: Path, name: str = "pw-play", *, then: str = "exit 0"
) -> FakePlayerCommand:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    log = tmp_path / f"{name}.log"
    script = folder / name
    script.write_text(
        f"#!/bin/sh\nprintf '%s %s\\n' \"$(date +%s.%N)\" \"$*\" >> '{log}'\n{then}\n"
    )
    script.chmod(0o755)
    return FakePlayerCommand(folder, log)


def on_path(folder: Path) -> Callable[[str], str | None]:
    """``shutil.which`` that looks in ``folder`` only."""
    return lambda program: shutil.which(program, path=str(folder))


def wait_until(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


class Bell:
    """Counts the terminal bells rung."""

    def __init__(self) -> None:
        self.rung = 0

    def __call__(self) -> None:
        self.rung += 1


# Finding the platform's player.


@pytest.mark.parametrize(
    ("installed", "chosen", "command"),
    [
        ({"pw-play", "paplay", "aplay"}, "pw-play", ("/usr/bin/pw-play",)),
        ({"paplay", "aplay"}, "paplay", ("/usr/bin/paplay",)),
        ({"aplay"}, "aplay", ("/usr/bin/aplay", "-q")),
    ],
)
def test_linux_uses_the_first_of_pw_play_paplay_aplay(
    installed: set[str], chosen: str, command: tuple[str, ...]
) -> None:
    def which(program: str) -> str | None:
        return f"/usr/bin/{program}" if program in installed else None

    assert find_player(platform="linux", which=which) == CommandPlayer(chosen, command)


def test_macos_uses_afplay() -> None:
    found = find_player(platform="darwin", which=lambda p: f"/usr/bin/{p}")
    assert found == CommandPlayer("afplay", ("/usr/bin/afplay",))


@pytest.mark.parametrize(
    ("platform", "reason"),
    [
        ("linux", "no sound player found (looked for pw-play, paplay, aplay)"),
        ("darwin", "no sound player found (looked for afplay)"),
    ],
)
def test_no_player_says_where_it_looked(platform: str, reason: str) -> None:
    assert find_player(platform=platform, which=lambda _: None) == NoPlayer(reason)


@dataclass
class FakeWinsound:
    """Python's winsound as far as breather uses it; records each call."""

    SND_FILENAME: int = 0x20000
    SND_ASYNC: int = 0x1
    SND_NODEFAULT: int = 0x2
    calls: list[tuple[str | None, int]] = field(default_factory=list)
    refuse: bool = False

    def PlaySound(self, sound: str | None, flags: int, /) -> None:
        self.calls.append((sound, flags))
        if self.refuse and sound is not None:
            raise RuntimeError("Failed to play sound")

    def as_module(self) -> types.ModuleType:
        module = types.ModuleType("winsound")
        for name in ("SND_FILENAME", "SND_ASYNC", "SND_NODEFAULT", "PlaySound"):
            setattr(module, name, getattr(self, name))
        return module


def test_windows_uses_winsound_when_sys_platform_says_win32(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeWinsound()
    module = fake.as_module()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "winsound", module)
    found = find_player()
    assert isinstance(found, WinsoundPlayer)
    assert found.module is module


def test_windows_without_winsound_has_no_player() -> None:
    def missing() -> Any:
        raise ImportError("No module named 'winsound'")

    found = find_player(platform="win32", load_winsound=missing)
    assert found == NoPlayer(
        "no sound player found (winsound could not be loaded: No module named 'winsound')"
    )


def test_windows_plays_each_tone_asynchronously_and_stops_on_close(tmp_path: Path) -> None:
    fake, bell = FakeWinsound(), Bell()
    cues = open_cues(
        "tones", 30, tmp_path, bell=bell, clock=FakeClock(), platform="win32",
        load_winsound=lambda: fake,
    )  # fmt: skip
    cues.session_started()
    cues.phase_started("in")
    assert cues._speaker is not None
    assert cues._speaker.settle()
    cues.close(finish=False)
    flags = fake.SND_FILENAME | fake.SND_ASYNC | fake.SND_NODEFAULT
    assert [(Path(sound).name.split("-")[1], f) for sound, f in fake.calls[:2] if sound] == [
        ("chime", flags),
        ("in", flags),
    ]
    assert fake.calls[2:] == [(None, 0)]
    assert bell.rung == 0
    assert cues.notice is None


def test_windows_refusing_a_file_falls_back_to_the_bell(tmp_path: Path) -> None:
    fake, bell, clock = FakeWinsound(refuse=True), Bell(), FakeClock()
    cues = open_cues(
        "tones", 30, tmp_path, bell=bell, clock=clock, platform="win32",
        load_winsound=lambda: fake,
    )  # fmt: skip
    notices = drive(cues, clock, after=lambda cue: _settle(cues))
    cues.close(finish=False)
    assert notices == [
        "tones are not available here: winsound could not play a tone (Failed to play sound)"
    ]
    assert bell.rung == 1
    assert len([sound for sound, _ in fake.calls if sound]) == 1, "nothing tried after failing"


def _settle(cues: Cues) -> None:
    assert cues._speaker is not None
    assert cues._speaker.settle()


# Starting players: detached, in order, never late, reaped, stopped.


def test_a_player_process_is_detached_from_the_terminal() -> None:
    calls: list[tuple[list[str], dict[str, Any]]] = []

    def spawn(args: list[str], **options: Any) -> Running:
        calls.append((args, options))
        return subprocess.Popen(["true"])

    CommandPlayer("aplay", ("/usr/bin/aplay", "-q"), spawn=spawn).start(Path("/t/in.wav"))
    assert calls == [
        (
            ["/usr/bin/aplay", "-q", "/t/in.wav"],
            {
                "stdin": subprocess.DEVNULL,
                "stdout": subprocess.DEVNULL,
                "stderr": subprocess.DEVNULL,
                "close_fds": True,
                "start_new_session": True,
            },
        )
    ]


class Spawned:
    """A spawn that keeps every child it starts, to look at them afterwards."""

    def __init__(self) -> None:
        self.children: list[subprocess.Popen[bytes]] = []

    def __call__(self, args: list[str], **options: Any) -> Running:
        child: subprocess.Popen[bytes] = subprocess.Popen(args, **options)
        self.children.append(child)
        return child


@posix_only
def test_players_run_in_their_own_session_and_close_stops_them(tmp_path: Path) -> None:
    player = fake_player(tmp_path, then="exec sleep 30")
    spawned = Spawned()
    command = CommandPlayer("pw-play", (str(player.folder / "pw-play"),), spawn=spawned)
    # The watch for hung players reads a timer that stands still here: on a machine loaded
    # enough that the fake player takes 3.6 s to start, it would otherwise be stopped as hung
    # before close() is reached (it was once, under `make test`). That watch is tested below.
    speaker = Speaker(command, clock=FakeClock(), timer=FakeClock().now)
    speaker.play("in", Path("in.wav"))
    assert player.wait_for(1)
    # The player can start and write its record before Popen returns in the speaker's thread
    # and the spawn keeps the child: wait for both (this failed once in a clean-clone CI run).
    assert wait_until(lambda: len(spawned.children) == 1)
    (child,) = spawned.children
    assert os.getsid(child.pid) == child.pid != os.getsid(0), "a Ctrl+C here does not reach it"  # type: ignore[attr-defined, unused-ignore]  # POSIX only
    speaker.close(finish=False)
    assert child.returncode is not None, "stopped and reaped"
    assert speaker.failure is None, "a tone breather stopped is not a failing player"


@posix_only
@pytest.mark.parametrize(
    ("then", "interrupted", "status"),
    [
        ("sleep 0.05; exit 0", False, 0),  # a session that ends lets its last tone ring out
        ("exec sleep 30", False, -15),  # ... but never waits for a player that goes on and on
        # Ctrl+C stops it at once; the player would end by itself inside the chime, but not
        # within the moment a loaded machine may take between its start and the interrupt
        ("sleep 0.8; exit 0", True, -15),
    ],
    ids=["rings-out", "stuck", "interrupted"],
)
def test_leaving_a_session_lets_its_last_tone_ring_unless_interrupted(
    tmp_path: Path, then: str, interrupted: bool, status: int
) -> None:
    player = fake_player(tmp_path, then=then)
    spawned = Spawned()
    command = CommandPlayer("pw-play", (str(player.folder / "pw-play"),), spawn=spawned)
    speaker = Speaker(command, clock=FakeClock())
    cues = Cues("tones", bell=Bell(), files=tone_files(30, tmp_path), speaker=speaker)
    with contextlib.suppress(KeyboardInterrupt), cues:
        cues.session_ended()  # the chime, 1.04 s: the player's 50 ms are well inside it
        player.wait_for(1)
        if interrupted:
            raise KeyboardInterrupt
    (child,) = spawned.children
    assert child.returncode == status


@posix_only
def test_finished_players_are_reaped_as_they_end(tmp_path: Path) -> None:
    player = fake_player(tmp_path)
    spawned = Spawned()
    command = CommandPlayer("pw-play", (str(player.folder / "pw-play"),), spawn=spawned)
    speaker = Speaker(command, clock=FakeClock())
    for tone in ("in", "hold", "out", "in", "out"):
        speaker.play(tone, Path(f"{tone}.wav"))
    assert len(player.wait_for(5)) == 5
    assert wait_until(lambda: speaker.playing == 0)
    for child in spawned.children:
        assert child.returncode == 0
        with pytest.raises(ChildProcessError):  # already waited for: no zombie left
            os.waitpid(child.pid, os.WNOHANG)  # type: ignore[attr-defined, unused-ignore]  # POSIX only
    speaker.close()


@dataclass
class MemoryPlayer:
    """A player that plays nothing and keeps what it was asked to play."""

    name: str = "fake"
    started: list[str] = field(default_factory=list)
    running: list[HangingChild] = field(default_factory=list)
    hang: bool = False

    def start(self, path: Path) -> Running | None:
        self.started.append(path.name)
        if not self.hang:
            return None
        child = HangingChild()
        self.running.append(child)
        return child

    def stop(self) -> None:
        self.started.append("(stopped)")


@dataclass
class HangingChild:
    """A player process that never ends until told to."""

    status: int | None = None

    def poll(self) -> int | None:
        return self.status

    def wait(self, timeout: float | None = None) -> int:
        if self.status is None:
            raise subprocess.TimeoutExpired("fake", timeout or 0)
        return self.status

    def terminate(self) -> None:
        self.status = -15

    def kill(self) -> None:
        self.status = -9


def test_a_tone_more_than_50_ms_past_its_moment_is_skipped_not_played_late() -> None:
    clock, player = FakeClock(), MemoryPlayer()
    started: list[Started] = []
    speaker = Speaker(player, clock=clock, on_started=started.append)
    speaker.play("in", Path("late.wav"), due=clock.now() - 0.051)
    speaker.play("out", Path("on-time.wav"), due=clock.now() - 0.049)
    assert speaker.settle()
    speaker.close()
    speaker.play("in", Path("after-close.wav"))
    assert player.started == ["on-time.wav", "(stopped)"]
    assert speaker.skipped == 1
    assert [(s.tone, round(s.late, 3)) for s in started] == [("out", 0.049)]


def test_a_player_that_hangs_is_stopped_and_tones_give_way_to_the_bell(tmp_path: Path) -> None:
    clock, timer, player, bell = FakeClock(), FakeClock(), MemoryPlayer(hang=True), Bell()
    speaker = Speaker(player, clock=clock, timer=timer.now)
    cues = Cues("tones", bell=bell, files=tone_files(30, tmp_path), speaker=speaker)
    cues.phase_started("in")
    assert speaker.settle()
    assert cues.notice is None
    clock.advance(60)
    assert speaker.settle()
    assert cues.notice is None, "the session's clock does not judge a process"
    timer.advance(TONES["in"].seconds + HUNG_AFTER + 0.1)
    assert speaker.settle()
    assert cues.take_notice() == (
        "tones are not available here: fake was still playing a 0.6-second tone "
        "3 seconds after it should have ended"
    )
    assert player.running[0].status == -15
    cues.chime()
    assert bell.rung == 1
    cues.close()


# A 30-second session through a fake player on PATH.


@posix_only
def test_a_30_second_session_gives_every_phase_its_tone_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = fake_player(tmp_path)
    monkeypatch.setenv("PATH", f"{player.folder}{os.pathsep}{os.environ['PATH']}")
    clock, bell = FakeClock(), Bell()
    started: list[Started] = []
    expected = 0

    def wait_for_its_tone(cue: Cue) -> None:
        nonlocal expected
        if cue.what != "phase" or cue.tones:
            expected += 1
        assert len(player.wait_for(expected)) == expected

    with open_cues(
        "tones", 30, tmp_path / "cache", bell=bell, clock=clock, on_started=started.append
    ) as cues:
        assert cues.mode == "tones"
        notices = drive(cues, clock, after=wait_for_its_tone)
    assert player.tones() == SESSION_TONES
    moments = [float(line.split()[0]) for line in player.records()]
    assert moments == sorted(moments)
    assert [s.tone for s in started] == SESSION_TONES
    cache = tmp_path / "cache" / "tones"
    assert {Path(line.split()[-1]).parent for line in player.records()} == {cache}
    assert notices == []
    assert bell.rung == 0


@posix_only
@pytest.mark.parametrize(
    ("mode", "silent", "phase_tones", "heard"),
    [
        ("off", False, True, []),
        ("tones", True, True, []),  # --silent
        ("tones", False, False, ["chime", "chime", "chime"]),  # every step tones: false
        ("bell", False, True, []),
    ],
    ids=["sound-off", "silent", "tones-false", "bell"],
)
def test_off_silent_and_tones_false_give_no_phase_tone(
    tmp_path: Path, mode: SoundMode, silent: bool, phase_tones: bool, heard: list[str]
) -> None:
    player = fake_player(tmp_path)
    bell, clock = Bell(), FakeClock()
    cues = open_cues(
        choose_mode(mode, silent=silent), 30, tmp_path / "cache", bell=bell, clock=clock,
        which=on_path(player.folder),
    )  # fmt: skip
    session = [Cue(c.at, c.what, c.phase, c.tones and phase_tones) for c in SESSION]
    # Each cue is started (or skipped) before the fake clock jumps to the next one.
    drive(cues, clock, session=session, after=lambda cue: _settle(cues) if cues._speaker else None)
    if cues._speaker is not None:
        cues.session_ended()  # one more chime, waited for: whatever came before it is recorded
        player.wait_for(len(heard) + 1)
        assert player.tones()[-1] == "chime"
        assert player.tones()[-1] == "chime"
        assert player.tones()[:-1] == heard
    else:
        assert heard == []
        assert not player.log.exists()
        assert not (tmp_path / "cache").exists(), "nothing made when nothing is played"
    cues.close(finish=False)
    assert bell.rung == (1 if mode == "bell" and not silent else 0)


def test_volume_0_is_silence(tmp_path: Path) -> None:
    cues = open_cues("tones", 0, tmp_path, bell=Bell(), which=lambda p: "/usr/bin/" + p)
    assert cues.mode == "off"
    assert not (tmp_path / "tones").exists()


def test_tones_without_files_or_a_speaker_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="tones need their files and a speaker"):
        Cues("tones", bell=Bell())


# Falling back to the bell: once, said once, the session unchanged.


def test_no_player_falls_back_to_the_bell_with_one_notice(tmp_path: Path) -> None:
    bell = Bell()
    cues = open_cues(
        "tones", 30, tmp_path, bell=bell, clock=FakeClock(), platform="linux",
        which=lambda _: None,
    )  # fmt: skip
    assert cues.mode == "bell"
    assert cues.notice == NO_PLAYER_ON_LINUX
    notices = drive(cues, FakeClock())
    cues.close()
    assert notices == [NO_PLAYER_ON_LINUX]
    assert bell.rung == 1, "the one bell step rings; breath phases stay quiet, as with bell"
    assert cues.take_notice() is None
    assert not (tmp_path / "tones").exists()


def test_no_tone_file_falls_back_to_the_bell_with_one_notice(tmp_path: Path) -> None:
    cache, temp = tmp_path / "cache", tmp_path / "temp"
    cache.write_text("a file where the cache folder should be")
    temp.write_text("and another where the temporary folder should be")
    bell = Bell()
    cues = open_cues(
        "tones", 30, cache, bell=bell, clock=FakeClock(), temp_root=temp,
        which=lambda p: f"/usr/bin/{p}",
    )  # fmt: skip
    notices = drive(cues, FakeClock())
    cues.close()
    assert len(notices) == 1
    assert notices[0].startswith(
        f"tones are not available here: the tone files could not be written: "
        f"could not write {cache / 'tones'} ("
    )
    assert bell.rung == 1
    assert cues.mode == "bell"


def test_temporary_tone_files_are_played_and_removed_on_close(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    player = MemoryPlayer()
    files = tone_files(30, cache, temp_root=tmp_path)
    cues = Cues("tones", bell=Bell(), files=files, speaker=Speaker(player, clock=FakeClock()))
    cues.chime()
    _settle(cues)
    cues.close(finish=False)
    assert player.started[0] == files.paths["chime"].name
    assert files.temporary is not None
    assert not files.temporary.exists()


@posix_only
def test_a_player_that_fails_falls_back_to_the_bell_with_one_notice(tmp_path: Path) -> None:
    player = fake_player(tmp_path, then="exit 3")
    bell, clock = Bell(), FakeClock()
    cues = open_cues("tones", 30, tmp_path, bell=bell, clock=clock, which=on_path(player.folder))
    cues.session_started()
    player.wait_for(1)
    assert wait_until(lambda: cues.notice is not None)
    notices = drive(cues, clock)
    cues.close()
    assert notices == [
        "tones are not available here: pw-play could not play a tone (exit status 3; often "
        "there is no sound device)"
    ]
    assert len(player.records()) == 1, "nothing more is started once it has failed"
    assert bell.rung == 1


def test_a_player_that_cannot_start_falls_back_to_the_bell_with_one_notice(
    tmp_path: Path,
) -> None:
    bell, clock = Bell(), FakeClock()
    cues = open_cues(
        "tones", 30, tmp_path, bell=bell, clock=clock, platform="linux",
        which=lambda p: str(tmp_path / "gone" / p),
    )  # fmt: skip
    notices = drive(cues, clock, after=lambda cue: _settle(cues))
    cues.close()
    assert notices == [
        "tones are not available here: pw-play could not be started (No such file or directory)"
    ]
    assert bell.rung == 1


def test_an_unexpected_error_in_a_player_is_said_and_the_session_plays_on(tmp_path: Path) -> None:
    def spawn(args: list[str], **options: Any) -> Running:
        raise ValueError("embedded null byte")

    bell = Bell()
    speaker = Speaker(CommandPlayer("aplay", ("/usr/bin/aplay",), spawn=spawn), clock=FakeClock())
    cues = Cues("tones", bell=bell, files=tone_files(30, tmp_path), speaker=speaker)
    cues.session_started()
    assert speaker.settle()
    assert cues.take_notice() == (
        "tones are not available here: aplay could not be used (ValueError('embedded null byte'))"
    )
    cues.chime()
    assert speaker.settle(), "the background thread is still there"
    assert bell.rung == 1
    cues.close()


# -- trying the player before a session ------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    ("then", "why"),
    [
        ("exit 0", None),
        ("exit 1", "pw-play could not play a tone (exit status 1; often there is no sound device)"),
        ("exec sleep 30", None),  # still going after the wait: nothing is claimed, it is stopped
    ],
)
def test_trying_the_player_plays_silence_and_says_why_it_cannot(
    tmp_path: Path, then: str, why: str | None
) -> None:
    player = fake_player(tmp_path, then=then)
    spawned = Spawned()
    command = CommandPlayer("pw-play", (str(player.folder / "pw-play"),), spawn=spawned)
    assert try_player(command, wait=1.0) == why
    (started,) = player.trials()
    assert player.records() == []
    played = Path(started.split()[-1])
    assert played.name.startswith("breather-silence-")
    assert not played.exists()  # the silence is removed after
    (child,) = spawned.children
    assert child.returncode is not None  # ended or stopped, and reaped


def test_a_player_that_cannot_start_is_said_in_the_same_words_as_in_a_session(
    tmp_path: Path,
) -> None:
    command = CommandPlayer("pw-play", (str(tmp_path / "missing" / "pw-play"),))
    why = try_player(command, wait=1.0)
    assert why is not None
    assert why.startswith("pw-play could not be started (")


@posix_only
@pytest.mark.parametrize(("then", "mode"), [("exit 1", "bell"), ("exit 0", "tones")])
def test_cues_tried_first_give_way_to_the_bell_before_the_session_begins(
    tmp_path: Path, then: str, mode: str
) -> None:
    """The line player tries the player before a session: a player with no sound device is
    said with the first step (the notice is there before any cue), not at the first breath."""
    player = fake_player(tmp_path, then=then)
    bell = Bell()
    with open_cues(
        "tones", 30, tmp_path / "cache", bell=bell, clock=FakeClock(),
        which=on_path(player.folder), try_first=True,
    ) as cues:  # fmt: skip
        assert cues.mode == mode
        notice = cues.take_notice()
        if mode == "bell":
            assert notice is not None
            assert "could not play a tone (exit status 1" in notice
        else:
            assert notice is None
    assert len(player.trials()) == 1
