"""Where breather keeps things: the settings file, the user's exercises, its data.

One small module so every folder is decided in one place. Folders come from platformdirs (the
right place on Linux, macOS and Windows); ``BREATHER_CONFIG`` points the settings file elsewhere
and ``BREATHER_PATH`` adds organisation exercise folders. Nothing here creates a folder: the
code that writes decides what to do when it cannot.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # importlib.resources costs every start a few ms; only the single file needs it
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

import platformdirs

APP_NAME = "breather"


@dataclass(frozen=True)
class Folders:
    """The places breather reads and writes.

    Attributes:
        settings_file: The user's settings (YAML).
        user_exercises: The user's own exercises; they override everything else by id.
        data: History and error reports.
    """

    settings_file: Path
    user_exercises: Path
    data: Path

    @property
    def reports(self) -> Path:
        """Where a full report of an unexpected error is written (the temp folder if not here)."""
        return self.data / "reports"


def folders(environ: Mapping[str, str] | None = None) -> Folders:
    """The folders for this user, honouring ``BREATHER_CONFIG``."""
    env = os.environ if environ is None else environ
    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    settings = env.get("BREATHER_CONFIG") or str(config_dir / "settings.yaml")
    return Folders(
        settings_file=Path(settings).expanduser(),
        user_exercises=config_dir / "exercises",
        data=data_dir,
    )


HISTORY_FILE = "history.sqlite3"


def history_database(environ: Mapping[str, str] | None = None) -> Path:
    """The practice log and journal: one SQLite file in the user's data folder.

    ``history.py`` may keep it in ``history-2.sqlite3`` beside it when this one is damaged.
    """
    return folders(environ).data / HISTORY_FILE


def cache_folder() -> Path:
    """The user's cache folder: things breather can make again (the tone files), never data.

    Deleting it loses nothing; a locked-down machine where it cannot be written still plays.
    """
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def breather_path(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders named in ``BREATHER_PATH``, separated as in PATH (``:`` or ``;`` on Windows)."""
    env = os.environ if environ is None else environ
    raw = env.get("BREATHER_PATH", "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]


def builtin_exercises() -> Traversable:
    """The built-in library, installed inside the package.

    In a source checkout installed for development (``pip install -e``) the package folder has no
    copy, so the project's top-level ``exercises/`` folder is used instead. Only inside the single
    file (a zip) is the package no folder on disk: importlib.resources reads it there.
    """
    package = Path(__file__).resolve().parent
    if (package / "exercises").is_dir():
        return package / "exercises"
    if package.is_dir():
        return package.parents[1] / "exercises"
    from importlib.resources import files

    return files("breather") / "exercises"


def open_report(folder: Path, name: str) -> TextIO:
    """A new report file ``name`` in ``folder``, for its owner alone: 0600, in a 0700 folder.

    An error report holds what breather was doing, and on a shared machine that is nobody
    else's business; the folder is made when missing (the system's temporary folder, the
    fallback, already exists and keeps its own rights). Never overwrites a file.

    Raises:
        OSError: The folder cannot be made or the file cannot be created.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8")
