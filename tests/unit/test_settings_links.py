"""Saving a setting keeps a linked settings file linked, and a file's permissions (issue 16).

Clinic IT may point the settings file (the default path or ``BREATHER_CONFIG``) at a file it
manages, with a symlink. Pressing ``m`` used to replace the link with a new private file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from breather.paths import folders
from breather.settings import load_settings, save_setting

MANAGED = "# managed by IT\nsupport: Call the staff line on 1234.\nmotion: full\n"


def default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return folders().settings_file


def breather_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("BREATHER_CONFIG", str(tmp_path / "mine" / "breather.yaml"))
    return folders().settings_file


WHERE: dict[str, Callable[[pytest.MonkeyPatch, Path], Path]] = {
    "default path": default_path,
    "BREATHER_CONFIG": breather_config,
}


def managed_file(tmp_path: Path, mode: int) -> Path:
    managed = tmp_path / "it" / "breather-settings.yaml"
    managed.parent.mkdir()
    managed.write_text(MANAGED, encoding="utf-8")
    managed.chmod(mode)
    return managed


def link(at: Path, to: Path) -> Path:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(to)
    return at


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("where", WHERE)
def test_a_linked_settings_file_is_written_through_and_stays_a_link(
    where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    managed = managed_file(tmp_path, 0o644)
    settings = link(WHERE[where](monkeypatch, tmp_path), managed)
    assert save_setting(settings, "motion", "none") is None
    assert settings.is_symlink()
    assert os.readlink(settings) == str(managed)
    assert managed.read_text(encoding="utf-8") == MANAGED.replace("motion: full", "motion: none")
    assert mode_of(managed) == 0o644  # still readable by the others who share it
    assert load_settings(settings).settings.motion == "none"
    assert sorted(p.name for p in managed.parent.iterdir()) == [managed.name]  # no temp left
    assert sorted(p.name for p in settings.parent.iterdir()) == [settings.name]


def test_a_link_through_a_relative_chain_reaches_the_file(tmp_path: Path) -> None:
    managed = managed_file(tmp_path, 0o664)
    middle = link(tmp_path / "it" / "current.yaml", Path(managed.name))  # relative
    settings = link(tmp_path / "settings.yaml", middle)
    assert save_setting(settings, "timers", False) is None
    assert settings.is_symlink()
    assert middle.is_symlink()
    assert managed.read_text(encoding="utf-8").endswith("motion: full\ntimers: false\n")
    assert mode_of(managed) == 0o664


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_plain_settings_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("timers: true\n", encoding="utf-8")
    settings.chmod(mode)
    assert save_setting(settings, "timers", False) is None
    assert settings.read_text(encoding="utf-8") == "timers: false\n"
    assert mode_of(settings) == mode


def test_a_new_settings_file_is_private(tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.yaml"
    assert save_setting(settings, "timers", False) is None
    assert mode_of(settings) == 0o600


@pytest.mark.parametrize("where", WHERE)
def test_a_read_only_target_is_left_alone_and_the_choice_lasts_for_the_session(
    where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    managed = managed_file(tmp_path, 0o444)
    settings = link(WHERE[where](monkeypatch, tmp_path), managed)
    said = {save_setting(settings, "motion", "none"), save_setting(settings, "timers", False)}
    assert said == {
        f"{settings} (a link to {managed}) is read-only, so the choice lasts for this session"
    }  # one sentence, whatever the key, so the player says it once
    assert managed.read_text(encoding="utf-8") == MANAGED
    assert settings.is_symlink()


def test_a_link_into_a_folder_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    settings = link(tmp_path / "settings.yaml", blocker / "settings.yaml")
    message = save_setting(settings, "timers", False) or ""
    assert message.startswith(f"could not save to {settings} (a link to {blocker}/settings.yaml")
    assert message.endswith("; the choice lasts for this session")
    assert settings.is_symlink()
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
