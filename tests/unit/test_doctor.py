"""``breather doctor``: a normal machine, a read-only home, a dumb terminal, and what it never does.

The doctor reports; it never changes anything (no folder made, the history never opened) and it
always exits 0. Each problem it finds comes with what to do about it.
"""

from __future__ import annotations

import io
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

import pytest
import rich.console  # noqa: F401 - loaded before a child gives up root (it cannot read /root)

import breather
from breather import __version__
from breather.cli import main
from breather.doctor import Report, access, cmd_doctor, examine, running_from
from breather.history import Entry
from breather.paths import history_database
from breather.players import CommandPlayer, NoPlayer
from tests.conftest import PROJECT
from tests.unit.history_helpers import (
    as_ordinary_user,
    give_to_user,
    opened,
    reachable_folder,
    session,
    snapshot,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="terminals and file modes are POSIX")
SHIPPED = len(list((PROJECT / "exercises").glob("*.yaml")))


def doctor_json(*, term: str = "xterm-256color", **extra: str) -> dict[str, Any]:
    """The doctor's JSON for this process's environment with ``TERM`` and ``extra`` set."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLORTERM", "TEXTUAL_COLOR_SYSTEM")
    }
    environ = {**base, "TERM": term, **extra}
    out = io.StringIO()
    assert cmd_doctor(out, as_json=True, others=(), environ=environ) == 0
    found: dict[str, Any] = json.loads(out.getvalue())
    return found


def doctor_text(**extra: str) -> str:
    environ = {**os.environ, "TERM": "xterm-256color", **extra}
    out = io.StringIO()
    assert cmd_doctor(out, as_json=False, others=(), environ=environ) == 0
    return out.getvalue()


def folder_named(report: dict[str, Any], what: str) -> dict[str, Any]:
    found: dict[str, Any] = next(entry for entry in report["folders"] if entry["what"] == what)
    return found


# -- a normal machine --------------------------------------------------------------------------


def test_a_normal_machine_reports_everything_and_nothing_needs_doing(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aplay = CommandPlayer("aplay", ("/usr/bin/aplay", "-q"))
    monkeypatch.setattr("breather.players.find_player", lambda: aplay)
    before = snapshot(isolated_home)
    report = doctor_json()
    assert report["breather"] == {
        "version": __version__,
        "runs_from": "package",
        "location": str(Path(breather.__file__).parent),
    }
    assert report["python"]["version"] == platform.python_version()
    assert report["python"]["executable"] == sys.executable
    terminal = report["terminal"]
    assert terminal["term"] == "xterm-256color"
    assert terminal["colours"] is not None
    assert terminal["no_color"] is False
    assert terminal["output_is_terminal"] is False  # a StringIO, and no other stream given
    assert terminal["columns"] is None
    config = isolated_home / ".config" / "breather"
    data = isolated_home / ".local" / "share" / "breather"
    assert report["folders"] == [
        {"what": what, "path": str(path), "exists": False, "readable": False, "writable": True}
        for what, path in (
            ("settings file", config / "settings.yaml"),
            ("your exercises", config / "exercises"),
            ("data folder", data),
        )
    ]
    assert report["settings"]["problems"] == []
    assert report["exercises"]["count"] == SHIPPED
    assert report["exercises"]["by_origin"] == {"built-in": SHIPPED, "organisation": 0, "user": 0}
    assert report["exercises"]["broken_files"] == 0
    assert report["history"] == {
        "on": True,
        "file": str(history_database()),
        "exists": False,
        "writable": True,
        "kept": True,
    }
    assert report["sound"] == {
        "available": True,
        "player": "aplay",
        "words": "tones use aplay (found, not tried: a sound device is needed too)",
    }
    assert report["problems"] == []
    text = doctor_text()
    for expected in (
        f"version         {__version__}",
        "runs from       the package: ",
        f"settings file   {config / 'settings.yaml'}",
        f"data folder     {data}",
        f"loaded          {SHIPPED} ({SHIPPED} built-in, 0 organisation, 0 your own)",
        "sound           tones use aplay (found, not tried: a sound device is needed too)",
    ):
        assert expected in text
    assert text.endswith("Nothing needs doing.\n")
    assert snapshot(isolated_home) == before  # no folder or file was made


def test_doctor_runs_through_the_command_line_and_exits_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["breather"]["version"] == __version__
    assert main(["doctor"]) == 0
    assert "Exercises" in capsys.readouterr().out


def test_each_broken_file_and_missing_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "good.yaml").write_text("title: Good\nsteps:\n  - text: Hi.\n    seconds: 3\n")
    (team / "broken.yaml").write_text("title: Broken\n")
    missing = tmp_path / "unplugged-drive"
    report = doctor_json(BREATHER_PATH=os.pathsep.join([str(team), str(missing)]))
    assert report["exercises"]["count"] == SHIPPED + 1
    assert report["exercises"]["broken_files"] == 1
    assert [p["path"] for p in report["exercises"]["problems"]] == [str(team / "broken.yaml")]
    assert folder_named(report, "organisation")["path"] == str(team)
    advice = {problem["about"]: problem["advice"] for problem in report["problems"]}
    assert "breather validate FILE" in advice[""]
    assert f"The organisation folder {missing} is missing" in advice["organisation"]
    text = doctor_text(BREATHER_PATH=os.pathsep.join([str(team), str(missing)]))
    assert text.endswith("2 things need attention: see the lines marked !.\n")


def test_problems_in_the_settings_file_are_listed_with_their_lines(isolated_home: Path) -> None:
    settings = isolated_home / ".config" / "breather" / "settings.yaml"
    settings.parent.mkdir(parents=True)
    settings.write_text("motion: fast\nhistory: false\n", encoding="utf-8")
    report = doctor_json()
    [problem] = report["settings"]["problems"]
    assert (problem["path"], problem["line"]) == (str(settings), 1)
    assert report["history"]["on"] is False
    text = doctor_text()
    assert f"{settings}:1:9: motion: " in text
    assert f"! Correct the lines listed below in {settings}" in text
    assert "off (the settings say history: false)" in text


# -- the terminal ------------------------------------------------------------------------------


def test_a_dumb_terminal_is_told_it_gets_the_line_player(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = doctor_json(term="dumb")
    terminal = report["terminal"]
    assert terminal["colours"] is None
    assert terminal["half_blocks"] is False
    assert terminal["alternate_screen"] is False
    [problem] = report["problems"]
    assert problem["about"] == "TERM"
    assert "lists and plays line by line" in problem["advice"]
    monkeypatch.setenv("TERM", "dumb")  # and through the command line, in this environment
    assert main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert "TERM            dumb" in text
    assert "! TERM=dumb cannot show the full-screen player" in text
    assert "full screen     no: `breather` plays line by line here" in text


def test_no_color_means_no_colour() -> None:
    terminal = doctor_json(NO_COLOR="1")["terminal"]
    assert terminal["colours"] is None
    assert terminal["no_color"] is True


@pytest.mark.skipif(
    sys.platform == "win32", reason="a Windows console reports its colours; TERM is not read"
)
def test_colour_depths_are_reported_as_textual_will_see_them() -> None:
    assert doctor_json()["terminal"]["colours"] == "256"
    assert doctor_json(COLORTERM="truecolor")["terminal"]["colours"] == "truecolor"
    assert doctor_json(term="xterm")["terminal"]["colours"] == "standard"
    assert doctor_json(TEXTUAL_COLOR_SYSTEM="truecolor")["terminal"]["colours"] == "truecolor"


def test_an_encoding_without_half_blocks_says_how_to_get_them() -> None:
    report = examine(io.StringIO(), environ={"TERM": "xterm"}, screen_encoding="ascii")
    [line] = [line for line in report.problems if line.label == "half blocks"]
    assert "LANG=C.UTF-8" in (line.advice or "")
    assert "The words and timers work without it" in (line.advice or "")


@posix_only
@pytest.mark.parametrize(("size", "too_small"), [((100, 30), False), ((30, 10), True)])
def test_the_window_size_is_read_from_the_terminal(size: tuple[int, int], too_small: bool) -> None:
    if sys.platform == "win32":  # the mark skips it there; this tells the type checker
        pytest.skip("a pseudo-terminal is POSIX")
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    with open(follower, "w", encoding="utf-8") as terminal, open(leader, "rb"):
        report: Report = examine(
            terminal, environ={"TERM": "xterm-256color"}, screen_encoding="utf-8"
        )
    facts = report.as_json()["terminal"]
    assert isinstance(facts, dict)
    assert (facts["columns"], facts["lines"]) == size
    assert facts["output_is_terminal"] is True
    assert facts["alternate_screen"] is True
    advice = [line.advice for line in report.problems if line.label == "size"]
    assert bool(advice) is too_small
    if too_small:
        assert "smaller than 40×12" in str(advice[0])


# -- a read-only home --------------------------------------------------------------------------


def doctor_as_ordinary_user() -> object:
    out = io.StringIO()
    status = cmd_doctor(out, as_json=True, others=(), environ=dict(os.environ))
    return {"status": status, "report": json.loads(out.getvalue())}


def doctor_text_as_ordinary_user() -> object:
    out = io.StringIO()
    cmd_doctor(out, as_json=False, others=(), environ=dict(os.environ))
    return out.getvalue()


@posix_only
def test_a_read_only_home_turns_history_off_and_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with reachable_folder() as home:
        config = home / "config" / "breather"
        data = home / "data" / "breather"
        config.mkdir(parents=True)
        data.mkdir(parents=True)
        (config / "settings.yaml").write_text("timers: true\n", encoding="utf-8")
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
        give_to_user(home)
        for folder in (home, home / "config", config, home / "data", data):
            folder.chmod(0o555)
        (config / "settings.yaml").chmod(0o444)
        before = snapshot(home)
        result = as_ordinary_user(doctor_as_ordinary_user)
        text = as_ordinary_user(doctor_text_as_ordinary_user)
        assert snapshot(home) == before
    assert isinstance(result, dict)
    assert result["status"] == 0
    report = result["report"]
    assert folder_named(report, "data folder")["writable"] is False
    assert folder_named(report, "settings file")["writable"] is False
    assert report["history"]["kept"] is False
    advice = {problem["about"]: problem["advice"] for problem in report["problems"]}
    assert advice["history"] == (
        "The data folder is read-only, so history is off: ask IT to make it writable, or turn "
        "history off in the settings (history: false) to silence this."
    )
    assert "last only for the session" in advice["settings file"]
    assert isinstance(text, str)
    assert f"{data}\n" in text
    assert "read-only (history and error reports)" in text
    assert "! The data folder is read-only, so history is off" in text


def test_a_folder_that_cannot_be_made_says_what_stands_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    found = access(blocker / "breather" / "settings.yaml", folder=False)
    assert (found.exists, found.writable) == (False, False)
    assert found.why_not == f"{blocker} is a file, not a folder"
    assert not (blocker / "breather").exists()


# -- what it never does ------------------------------------------------------------------------


def test_the_history_is_never_opened_and_its_words_never_shown(isolated_home: Path) -> None:
    path = history_database()
    secret = (Entry("today", 1, "SECRET-JOURNAL-WORDS"),)
    with opened(path) as store:
        store.record(session(title="SECRET-TITLE", entries=secret))
    before = snapshot(path.parent)
    shown = doctor_text() + json.dumps(doctor_json())
    assert "SECRET" not in shown
    assert str(path) in shown
    assert snapshot(path.parent) == before  # not opened: no -wal or -shm appeared


def test_control_characters_in_paths_are_shown_escaped() -> None:
    hostile = "/srv/\x1b]0;owned\x07team"
    text = doctor_text(BREATHER_PATH=hostile)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "/srv/\\x1b]0;owned\\x07team" in text
    out = io.StringIO()
    environ = {**os.environ, "BREATHER_PATH": hostile + "\x9b"}
    cmd_doctor(out, as_json=True, others=(), environ=environ)
    assert "\x9b" not in out.getvalue()
    assert json.loads(out.getvalue())["folders"][-1]["path"] == hostile + "\x9b"


# -- where it runs from ------------------------------------------------------------------------


def test_running_from_an_executable_or_a_single_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "breather.pyz"
    archive.write_bytes(b"PK")
    monkeypatch.setattr(breather, "__file__", str(archive / "breather" / "__init__.py"))
    assert running_from() == ("single file", str(archive))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "breather.exe"))
    assert running_from() == ("executable", str(tmp_path / "breather.exe"))


def test_without_a_player_it_says_tones_fall_back_to_the_bell(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = NoPlayer("no sound player found (looked for pw-play, paplay, aplay)")
    monkeypatch.setattr("breather.players.find_player", lambda: missing)
    assert doctor_json()["sound"] == {
        "available": False,
        "player": None,
        "words": "tones would fall back to the terminal bell: no sound player found "
        "(looked for pw-play, paplay, aplay)",
    }
