"""Locked-down workstations: every command runs when folders are missing or cannot be written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.settings import save_setting
from tests.conftest import PROJECT


def unusable(tmp_path: Path) -> Path:
    """A folder that cannot exist, even for root: its parent is a file."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    return blocker / "folder"


def unset_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)


def home_unusable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    unset_home(monkeypatch, tmp_path)
    monkeypatch.setenv("HOME", str(unusable(tmp_path)))


def folders_unusable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(unusable(tmp_path) / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(unusable(tmp_path) / "data"))


def current_folder_unwritable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir("/proc")  # not writable, even for root


def read_only_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("motion: none\nsupport: Call 1234.\n", encoding="utf-8")
    settings.chmod(0o444)
    monkeypatch.setenv("BREATHER_CONFIG", str(settings))


SITUATIONS = {
    "HOME unset": unset_home,
    "HOME cannot exist": home_unusable,
    "config and data folders cannot exist": folders_unusable,
    "current folder not writable": current_folder_unwritable,
    "read-only settings file": read_only_settings,
}
COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["validate", str(PROJECT / "exercises")],
    ["plan", "longer-out-breath", "--minutes", "1", "--json"],
    ["schema"],
    ["paths"],
    ["doctor"],
    ["doctor", "--json"],
    ["play", "cyclic-sigh", "--plain"],
    ["history"],
    ["journal"],
]


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_runs(
    situation: str,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    SITUATIONS[situation](monkeypatch, tmp_path)
    status = main(argv, clock=FakeClock())  # a --plain session plays at once
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Traceback" not in captured.err
    assert captured.out.strip()
    if argv == ["list", "--json"]:
        assert json.loads(captured.out)["problems"] == []


def test_a_setting_that_cannot_be_saved_says_why_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = unusable(tmp_path) / "settings.yaml"
    assert "could not save" in (save_setting(where, "timers", False) or "")
    assert (tmp_path / "blocker").read_text(encoding="utf-8") == "a file, not a folder"
    # A settings file that exists, in a folder that refuses the write at the last step:
    settings = tmp_path / "config" / "settings.yaml"
    settings.parent.mkdir()
    settings.write_text("# mine\ntimers: true\n", encoding="utf-8")

    def refuse(source: str, target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr("breather.settings.os.replace", refuse)
    assert "could not save" in (save_setting(settings, "timers", False) or "")
    assert settings.read_text(encoding="utf-8") == "# mine\ntimers: true\n"
    assert [p.name for p in settings.parent.iterdir()] == ["settings.yaml"]  # no temporary left


def test_a_settings_file_with_a_mistake_is_never_rewritten(tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    broken = "motion: [full\ntimers: true\n"
    settings.write_text(broken, encoding="utf-8")
    message = save_setting(settings, "timers", False)
    assert message is not None
    assert "left it alone" in message
    assert settings.read_text(encoding="utf-8") == broken


def test_saving_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    settings = folder / "settings.yaml"
    settings.write_text("# ours\ntimers: true  \nsupport: 'Call 1234'\nunknown: 3\n", "utf-8")
    assert save_setting(settings, "timers", False) is None
    assert save_setting(settings, "motion", "basic") is None
    assert settings.read_text(encoding="utf-8") == (
        "# ours\ntimers: false\nsupport: 'Call 1234'\nunknown: 3\nmotion: basic\n"
    )
    assert [p.name for p in folder.iterdir()] == ["settings.yaml"]  # no temporary file left


def test_crash_reports_fall_back_to_the_temp_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from breather.cli import write_report

    folders_unusable(monkeypatch, tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    report = write_report(RuntimeError("boom"))
    assert report is not None
    assert report.parent == tmp_path
