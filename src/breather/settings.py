"""The user's settings file: read it, check it, and never let it stop breather.

The settings are one YAML file (``breather paths`` shows where). They are read with the same
readers, and their mistakes told in the same words, as exercise files (``readers.py``), but a
problem in them is never fatal: breather says what it ignored and uses the default for that key.
Only :func:`save_setting` writes the file, one key at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeAlias, TypeVar

from breather.errors import Problem, UserError
from breather.readers import Problems, Reader, read_limited, shape
from breather.sound_choice import DEFAULT_VOLUME, SOUND_MODES, SoundMode
from breather.yamlsafe import YamlMap, YamlScalar, YamlValue, decode, parse, parse_skipping_refused

Motion: TypeAlias = Literal["full", "basic", "none"]
MOTIONS: tuple[Motion, ...] = ("full", "basic", "none")
THEMES = ("breather-dark", "breather-light", "breather-contrast")

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What the user chose. Every field has a default, so a missing file is fine.

    Attributes:
        motion: How much moves on screen; None means "not set" (``TEXTUAL_ANIMATIONS``, then full).
        holds: Whether breath holds are played.
        bell: Whether steps may ring the terminal bell.
        history: Whether sessions are recorded in the local log.
        check_in: Whether a session of a minute or more is framed by a tension check-in, before
            and after (answered or skipped with one key).
        timers: Whether the countdowns are shown.
        theme: The colour theme.
        exercise_dirs: Organisation folders of exercises.
        support: The organisation's support line, shown where an exercise says ``{support}``.
        sound: How cues sound: nothing, the terminal bell, or soft tones (``sound.py``).
        volume: How loud the tones are, 0–100.
    """

    motion: Motion | None = None
    holds: bool = True
    bell: bool = True
    history: bool = True
    check_in: bool = False
    timers: bool = True
    theme: str = "breather-dark"
    exercise_dirs: tuple[Path, ...] = ()
    support: str | None = None
    sound: SoundMode = "off"
    volume: int = DEFAULT_VOLUME


KEYS = (
    "motion",
    "holds",
    "bell",
    "history",
    "check_in",
    "timers",
    "theme",
    "exercise_dirs",
    "support",
    "sound",
    "volume",
)


@dataclass(frozen=True)
class SessionChoices:
    """The options that shape a session, as given on the command line (None: not given).

    Shared by the command line and the UI; the settings file fills in what is not given.
    """

    minutes: float | None = None
    no_holds: bool = False
    motion: Motion | None = None
    silent: bool = False
    no_history: bool = False
    no_check_in: bool = False
    sound: SoundMode | None = None


@dataclass
class LoadedSettings:
    """Settings as read, and what had to be ignored."""

    settings: Settings = field(default_factory=Settings)
    problems: list[Problem] = field(default_factory=list)


def load_settings(path: Path) -> LoadedSettings:
    """Read the settings file; a missing file gives the defaults, a bad value is ignored.

    Values are read with the same readers, and mistakes told in the same words, as in exercise
    files; each mistake in a value says that the default is used instead.
    """
    try:
        present = path.exists()
    except OSError:  # its folder cannot be looked into: reading it says so, in the user's words
        present = True
    if not present:
        return LoadedSettings()
    name = str(path)
    try:
        # A value holding a control character is left out (and said so), not the whole file.
        root, refused = parse_skipping_refused(decode(read_limited(path), name), name)
    except UserError as error:
        return LoadedSettings(problems=list(error.problems))
    if root is None:
        return LoadedSettings()
    problems = Problems(name)
    if not isinstance(root, YamlMap):
        message = f"the file is {shape(root)}; settings are a mapping of `key: value`"
        problems.add(root, "", message)
        return LoadedSettings(problems=[*refused, *problems])
    read = Reader(problems, consequence="using the default")
    read.unknown_keys(root, "", KEYS, "the settings")
    entries = root.entries

    def given(key: str, read_value: Callable[[YamlValue, str], T | None], default: T) -> T:
        found = read_value(entries[key], key) if key in entries else None
        return default if found is None else found

    def folder_list(value: YamlValue, key: str) -> tuple[Path, ...] | None:
        found = read.word_list(value, key, example="folders", as_written=True)
        return None if found is None else tuple(Path(folder).expanduser() for folder in found)

    def volume(value: YamlValue, key: str) -> int | None:
        return read.whole_number(value, key, 0, 100, "a volume from 0 to 100")

    default = Settings()
    settings = Settings(
        motion=given("motion", lambda value, key: read.choice(value, key, MOTIONS), default.motion),
        holds=given("holds", read.flag, default.holds),
        bell=given("bell", read.flag, default.bell),
        history=given("history", read.flag, default.history),
        check_in=given("check_in", read.flag, default.check_in),
        timers=given("timers", read.flag, default.timers),
        theme=given("theme", lambda value, key: read.choice(value, key, THEMES), default.theme),
        exercise_dirs=given("exercise_dirs", folder_list, default.exercise_dirs),
        support=given("support", read.words, default.support),
        sound=given("sound", lambda value, key: sound_mode(read, value, key), default.sound),
        volume=given("volume", volume, default.volume),
    )
    # A value holding a control character was dropped on its own, the rest still apply.
    dropped = [replace(p, message=f"{p.message} (until then it is ignored)") for p in refused]
    return LoadedSettings(settings, sorted([*dropped, *problems]))


REPLACE_ATTEMPTS = 5
REPLACE_PAUSE_SECONDS = 0.1


def replace_file(source: str | Path, target: Path) -> None:
    """``os.replace(source, target)``, tried again briefly when Windows says the file is busy.

    On Windows a virus scanner or a search indexer opens a freshly written file for a moment, and
    renaming over it then fails with a PermissionError although nothing is wrong. The rename is
    tried :data:`REPLACE_ATTEMPTS` times, :data:`REPLACE_PAUSE_SECONDS` apart, before giving up.
    Elsewhere a PermissionError means what it says, so it is raised at once.
    """
    for attempt in range(1, REPLACE_ATTEMPTS + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_ATTEMPTS:
                raise
            time.sleep(REPLACE_PAUSE_SECONDS)


def sound_mode(read: Reader, value: YamlValue, key: str) -> SoundMode | None:
    """``off``, ``bell`` or ``tones``; YAML reads a bare ``off`` as false, which means off too."""
    if isinstance(value, YamlScalar) and value.value is False:
        return "off"
    return read.choice(value, key, SOUND_MODES)


def _yaml_scalar(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def save_setting(path: Path, key: str, value: str | bool) -> str | None:
    """Set one key in the settings file, keeping everything else the user wrote.

    The line ``key: ...`` at the top level is replaced, or the key is added at the end; comments
    and other keys stay as they were. The file is written to a temporary file beside it and
    renamed over it, so it is never left half-written, and it keeps its permissions (a file
    others may read stays readable). A file breather cannot read is never overwritten.

    When the settings file is a link (to a file IT manages, say), the file it links to is
    written, and the link stays a link. A file with no write permission, for breather or for
    anyone, is left alone: the choice then lasts for this session.

    Returns:
        None when saved, or a short sentence saying why the choice could not be kept (the same
        sentence each time for the same file, so a caller can say it once).
    """
    if key not in KEYS:
        raise ValueError(f"not a setting: {key}")
    line = f"{key}: {_yaml_scalar(value)}"
    try:
        existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return f"could not read {path}, so the choice was not saved"
    if existing.strip():
        try:
            parse(existing, str(path))
        except UserError:
            return f"{path} has a mistake in it, so breather left it alone"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    if pattern.search(existing):
        updated = pattern.sub(lambda _: line, existing, count=1)
    else:
        separator = "" if not existing or existing.endswith("\n") else "\n"
        updated = f"{existing}{separator}{line}\n"
    linked = path.is_symlink()
    target = Path(os.path.realpath(path)) if linked else path
    shown = f"{path} (a link to {target})" if linked else str(path)
    try:
        mode = _kept_mode(target)
        if mode is not None and not _may_write(target, mode):
            return f"{shown} is read-only, so the choice lasts for this session"
        if not linked:
            path.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(target, updated, mode)
    except OSError as error:
        reason = error.strerror or str(error)
        return f"could not save to {shown} ({reason}); the choice lasts for this session"
    return None


def _kept_mode(target: Path) -> int | None:
    """The permission bits of the file being replaced; None when there is no file yet."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None


def _may_write(target: Path, mode: int) -> bool:
    """Whether breather may change the file: it can, and the file is not marked read-only.

    A file with no write permission for anyone is read-only by intent (``root`` could still
    write it, but a settings file made read-only stays as it is).
    """
    return bool(mode & 0o222) and os.access(target, os.W_OK)


def _replace_atomically(target: Path, text: str, mode: int | None) -> None:
    """Write ``text`` to a temporary file beside ``target`` and rename it over ``target``.

    The temporary file is given ``mode`` before the rename, so the file keeps its permissions
    (a new file is readable by its owner only).

    Raises:
        OSError: The file could not be written; ``target`` is as it was.
    """
    import tempfile  # only when a choice is saved, not at every start

    handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        replace_file(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
