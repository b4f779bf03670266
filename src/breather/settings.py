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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeAlias, TypeVar

from breather.errors import Problem, UserError
from breather.readers import Problems, Reader, read_limited, shape
from breather.yamlsafe import YamlMap, YamlValue, decode, parse, parse_skipping_refused

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
        timers: Whether the countdowns are shown.
        theme: The colour theme.
        exercise_dirs: Organisation folders of exercises.
        support: The organisation's support line, shown where an exercise says ``{support}``.
    """

    motion: Motion | None = None
    holds: bool = True
    bell: bool = True
    history: bool = True
    timers: bool = True
    theme: str = "breather-dark"
    exercise_dirs: tuple[Path, ...] = ()
    support: str | None = None


KEYS = ("motion", "holds", "bell", "history", "timers", "theme", "exercise_dirs", "support")


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
    if not path.exists():
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

    default = Settings()
    settings = Settings(
        motion=given("motion", lambda value, key: read.choice(value, key, MOTIONS), default.motion),
        holds=given("holds", read.flag, default.holds),
        bell=given("bell", read.flag, default.bell),
        history=given("history", read.flag, default.history),
        timers=given("timers", read.flag, default.timers),
        theme=given("theme", lambda value, key: read.choice(value, key, THEMES), default.theme),
        exercise_dirs=given("exercise_dirs", folder_list, default.exercise_dirs),
        support=given("support", read.words, default.support),
    )
    # A value holding a control character was dropped on its own, the rest still apply.
    dropped = [replace(p, message=f"{p.message} (until then it is ignored)") for p in refused]
    return LoadedSettings(settings, sorted([*dropped, *problems]))


def _yaml_scalar(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def save_setting(path: Path, key: str, value: str | bool) -> str | None:
    """Set one key in the settings file, keeping everything else the user wrote.

    The line ``key: ...`` at the top level is replaced, or the key is added at the end; comments
    and other keys stay as they were. The file is written to a temporary file beside it and
    renamed over it, so it is never left half-written. A file breather cannot read is never
    overwritten.

    Returns:
        None when saved, or a short sentence saying why the choice could not be kept.
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
    import tempfile  # only when a choice is saved, not at every start

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(updated)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        reason = error.strerror or str(error)
        return f"could not save to {path} ({reason}); the choice lasts for this session"
    return None
