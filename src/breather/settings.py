"""The user's settings file: read it, check it, and never let it stop breather.

The settings are one YAML file (``breather paths`` shows where). They are checked with the same
machinery and words as exercise files, but a problem in them is never fatal: breather says what it
ignored and uses the default for that key. Nothing here writes the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeAlias

from breather.errors import Problem, UserError
from breather.loader import did_you_mean, normalise_text, read_limited
from breather.yamlsafe import (
    YamlList,
    YamlMap,
    YamlReadError,
    YamlScalar,
    decode,
    parse,
    parse_skipping_refused,
)

Motion: TypeAlias = Literal["full", "basic", "none"]
MOTIONS: tuple[Motion, ...] = ("full", "basic", "none")
THEMES = ("breather-dark", "breather-light", "breather-contrast")


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


_FLAGS = ("holds", "bell", "history", "timers")
KEYS = ("motion", *_FLAGS, "theme", "exercise_dirs", "support")


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
    """Read the settings file; a missing file gives the defaults, a bad value is ignored."""
    if not path.exists():
        return LoadedSettings()
    name = str(path)
    try:
        # A value holding a control character is left out (and said so), not the whole file.
        root, refused = parse_skipping_refused(decode(read_limited(path), name), name)
    except UserError as error:
        return LoadedSettings(problems=list(error.problems))
    except YamlReadError as error:
        return LoadedSettings(problems=error.problems)
    if root is None:
        return LoadedSettings()
    if not isinstance(root, YamlMap):
        return LoadedSettings(
            problems=[
                Problem(name, root.line, root.column, "settings are a mapping of `key: value`")
            ]
        )
    problems = [replace(p, message=f"{p.message} (until then it is ignored)") for p in refused]
    settings = Settings()

    def problem(at: YamlMap | YamlList | YamlScalar, message: str) -> None:
        problems.append(Problem(name, at.line, at.column, message + "; using the default"))

    for key, position in root.key_positions.items():
        if key not in KEYS:
            problems.append(
                Problem(name, *position, f"unknown setting `{key}`{did_you_mean(key, KEYS)}")
            )
    for key, value in root.entries.items():
        if key not in KEYS:
            continue
        scalar = value.value if isinstance(value, YamlScalar) else None
        if key == "motion":
            motion = next((m for m in MOTIONS if m == scalar), None)
            if motion is not None:
                settings = replace(settings, motion=motion)
            else:
                problem(value, "motion: expected full, basic or none")
        elif key in _FLAGS:
            if isinstance(scalar, bool):
                flags = {flag: getattr(settings, flag) for flag in _FLAGS} | {key: scalar}
                settings = replace(
                    settings,
                    holds=flags["holds"],
                    bell=flags["bell"],
                    history=flags["history"],
                    timers=flags["timers"],
                )
            else:
                problem(value, f"{key}: expected true or false")
        elif key == "theme":
            if scalar in THEMES:
                settings = replace(settings, theme=str(scalar))
            else:
                problem(value, f"theme: expected one of {', '.join(THEMES)}")
        elif key == "support":
            if isinstance(scalar, str) and scalar.strip():
                settings = replace(settings, support=normalise_text(scalar))
            else:
                problem(value, 'support: expected text in quotes, like "Call 1234"')
        elif key == "exercise_dirs":
            if isinstance(value, YamlList) and all(
                isinstance(item, YamlScalar) and isinstance(item.value, str) for item in value.items
            ):
                dirs = tuple(
                    Path(str(item.value)).expanduser()
                    for item in value.items
                    if isinstance(item, YamlScalar)
                )
                settings = replace(settings, exercise_dirs=dirs)
            else:
                problem(value, "exercise_dirs: expected a list of folders")
    return LoadedSettings(settings, problems)


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
        except YamlReadError:
            return f"{path} has a mistake in it, so breather left it alone"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    if pattern.search(existing):
        updated = pattern.sub(lambda _: line, existing, count=1)
    else:
        separator = "" if not existing or existing.endswith("\n") else "\n"
        updated = f"{existing}{separator}{line}\n"
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
