"""Windows code paths, proven on Linux by making the process look like Windows where it matters.

Each test takes one way Windows differs and shows breather copes: a virus scanner holding a file
that is being replaced, no SIGHUP and no asyncio signal handlers, none of the POSIX-only calls
(owners, user ids, permission bits on open files), a console that is not UTF-8, paths that come
from platformdirs (``%LOCALAPPDATA%``), and ``;`` between folders in ``BREATHER_PATH``. CI runs the
whole suite on real Windows and macOS as well (``.github/workflows/ci.yml``).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PureWindowsPath

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.history import HistoryStore, open_history
from breather.library import ExerciseFolder, load_folders
from breather.paths import breather_path, builtin_exercises
from breather.settings import REPLACE_ATTEMPTS, Settings, replace_file, save_setting
from breather.ui.app import BreatherApp
from tests.conftest import PROJECT
from tests.unit.history_helpers import session

# -- a file held open by a virus scanner -------------------------------------------------------


class BusyFile:
    """``os.replace`` as Windows behaves while a scanner holds the target: refused N times."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.calls = 0
        self.real = os.replace

    def __call__(self, source: str | Path, target: str | Path) -> None:
        self.calls += 1
        if self.calls <= self.refusals:
            raise PermissionError(13, "The process cannot access the file", str(target))
        self.real(source, target)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses between attempts, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def test_on_windows_a_briefly_busy_settings_file_is_saved_after_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    settings = tmp_path / "config" / "settings.yaml"
    settings.parent.mkdir()
    settings.write_text("# mine\nmotion: none\n", encoding="utf-8")
    busy = BusyFile(refusals=2)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "replace", busy)
    assert save_setting(settings, "timers", False) is None
    assert settings.read_text(encoding="utf-8") == "# mine\nmotion: none\ntimers: false\n"
    assert busy.calls == 3
    assert len(pauses) == 2
    assert all(0 < pause <= 0.5 for pause in pauses)  # a short wait, not a hang
    assert sorted(path.name for path in settings.parent.iterdir()) == ["settings.yaml"]


def test_on_windows_a_file_busy_for_too_long_keeps_the_old_one_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    settings = tmp_path / "config" / "settings.yaml"
    settings.parent.mkdir()
    settings.write_text("motion: none\n", encoding="utf-8")
    busy = BusyFile(refusals=REPLACE_ATTEMPTS)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "replace", busy)
    reason = save_setting(settings, "timers", False)
    assert reason is not None
    assert "the choice lasts for this session" in reason
    assert busy.calls == REPLACE_ATTEMPTS
    assert len(pauses) == REPLACE_ATTEMPTS - 1
    assert settings.read_text(encoding="utf-8") == "motion: none\n"
    assert sorted(path.name for path in settings.parent.iterdir()) == [
        "settings.yaml"
    ]  # no temp left


def test_elsewhere_a_refused_replace_is_not_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    (tmp_path / "new").write_text("new", encoding="utf-8")
    busy = BusyFile(refusals=1)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(PermissionError):
        replace_file(tmp_path / "new", tmp_path / "old")
    assert busy.calls == 1
    assert pauses == []


# -- no SIGHUP, no signal handlers in the event loop -------------------------------------------


def refuse_signal_handlers(*_: object) -> None:
    """``loop.add_signal_handler`` as asyncio's Proactor loop on Windows has it."""
    raise NotImplementedError


@pytest.fixture
def windows_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal module as on Windows: no SIGHUP."""
    monkeypatch.delattr(signal, "SIGHUP", raising=False)  # on Windows, already


@pytest.mark.usefixtures("windows_signals")
def test_without_sighup_the_line_player_plays_to_the_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["play", "cyclic-sigh", "--plain"], clock=FakeClock()) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].split("] ", 1)[1].startswith("End")


@pytest.mark.usefixtures("windows_signals")
async def test_without_sighup_the_ui_opens_and_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(asyncio.get_running_loop(), "add_signal_handler", refuse_signal_handlers)
    library = load_folders([ExerciseFolder(builtin_exercises(), "built-in")])
    app = BreatherApp(library, settings=Settings(), settings_path=tmp_path / "settings.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "longer-out-breath" in {exercise.id for exercise in app.library.exercises.values()}
        await pilot.press("q")
    assert app.crash is None


# -- no POSIX-only calls -----------------------------------------------------------------------

POSIX_ONLY = ("chown", "fchown", "lchown", "geteuid", "getuid", "getgid", "fork", "setuid")
"""Functions of :mod:`os` that Windows does not have."""


def test_settings_history_and_doctor_need_no_posix_only_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)
    settings = tmp_path / "config" / "settings.yaml"
    assert save_setting(settings, "motion", "basic") is None
    store = open_history(tmp_path / "data" / "history.sqlite3")
    assert isinstance(store, HistoryStore)
    with store:
        assert store.record(session()) is None
    assert main(["doctor"]) == 0
    assert main(["doctor", "--json"]) == 0
    assert "Traceback" not in capsys.readouterr().err


# -- a console that is not UTF-8 ---------------------------------------------------------------

ARROWS = "title: Breathe → rest ☀\nsteps:\n  - text: In ↑, out ↓.\n    seconds: 3\n"


@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_a_windows_code_page_shows_a_question_mark_instead_of_failing(
    encoding: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "arrows.yaml").write_text(ARROWS, encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    for command in (["plan", "arrows"], ["play", "arrows", "--plain"], ["doctor"]):
        written = io.BytesIO()
        console = io.TextIOWrapper(written, encoding=encoding)  # as Python opens a redirected cp
        monkeypatch.setattr(sys, "stdout", console)
        assert main(command, clock=FakeClock()) == 0, command
        console.flush()
        text = written.getvalue().decode(encoding)
        if command[0] != "doctor":
            assert "Breathe ? rest ?" in text
            assert "In ?, out ?." in text


# -- folders from platformdirs, as Windows and macOS name them ---------------------------------

FOLDERS_AS_IF = """
import json, sys
sys.platform = {platform!r}
from breather.paths import folders, history_database
where = folders()
print(json.dumps([str(where.settings_file), str(where.user_exercises), str(where.data),
                  str(history_database())]))
"""


def folders_as_if(platform: str, env: dict[str, str]) -> list[str]:
    """breather's folders, found by platformdirs in a fresh interpreter that believes it is on
    ``platform`` (platformdirs picks its rules once, when it is first imported)."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    result = subprocess.run(
        [sys.executable, "-c", FOLDERS_AS_IF.format(platform=platform)],
        capture_output=True,
        text=True,
        env={**inherited, "PYTHONPATH": str(PROJECT / "src"), **env},
        check=True,
        timeout=60,
    )
    found: list[str] = json.loads(result.stdout)
    return found


def test_on_windows_everything_lives_in_local_app_data(tmp_path: Path) -> None:
    local = r"C:\Users\Ada\AppData\Local"
    found = folders_as_if("win32", {"WIN_PD_OVERRIDE_LOCAL_APPDATA": local, "HOME": str(tmp_path)})
    settings, exercises, data, history = (PureWindowsPath(path) for path in found)
    home = PureWindowsPath(local, "breather")
    # Local, not roaming: the history is one person's on one machine, and stays there.
    assert settings == home / "settings.yaml"
    assert exercises == home / "exercises"
    assert data == home
    assert history == home / "history.sqlite3"


def test_on_macos_everything_lives_in_application_support(tmp_path: Path) -> None:
    # USERPROFILE: where Python finds ~ when this test itself runs on Windows.
    found = folders_as_if("darwin", {"HOME": str(tmp_path), "USERPROFILE": str(tmp_path)})
    home = tmp_path / "Library" / "Application Support" / "breather"
    assert [Path(path) for path in found] == [
        home / "settings.yaml",
        home / "exercises",
        home,
        home / "history.sqlite3",
    ]


def test_breather_path_is_separated_by_semicolons_on_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "pathsep", ";")
    found = breather_path({"BREATHER_PATH": r"S:\wellbeing\breather;C:\Team Exercises;"})
    assert [str(path) for path in found] == [r"S:\wellbeing\breather", r"C:\Team Exercises"]
