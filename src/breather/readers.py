"""Reading values people wrote by hand, and saying plainly what is wrong with them.

The exercise files and the settings file are both YAML written by clinicians and IT staff, and
both make the same mistakes: a number where words belong, ``yes`` read as a yes/no value, a
misspelt key, ``1:30`` read as a clock time. This module reads such values once, for both, so a
mistake gets the same words wherever it is made:

- :class:`Problems` collects every problem in one file, each at its line and column;
- :class:`Reader` turns located YAML values into Python values (words, durations, whole numbers,
  yes/no, a choice, a list of words), reporting each mistake instead of stopping at the first;
- :func:`did_you_mean`, :func:`normalise_text` and :func:`read_limited` serve both formats.

What each format requires (which keys, which ranges) is the caller's: ``loader.py`` for
exercises, ``settings.py`` for the settings. Nothing here touches Textual.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeAlias, TypeVar

from breather import durations
from breather.errors import Problem, UserError
from breather.safetext import bidi_problem
from breather.yamlsafe import MAX_FILE_BYTES, YamlList, YamlMap, YamlScalar, YamlValue, too_large

MAX_TEXT_CHARS = 4000
"""The longest any text may be: a few screens of words."""

MAX_DURATION = 30 * 60
"""The longest any duration may be: half an hour."""

Place: TypeAlias = YamlValue | tuple[int, int]
"""Where a problem is: a located value, or a (line, column) such as a key's."""

Choice = TypeVar("Choice", bound=str)


def closest(word: str, choices: Sequence[str], *, count: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices closest to a word that looks misspelt, best first (none when none is close)."""
    return difflib.get_close_matches(word, list(choices), n=count, cutoff=cutoff)


def did_you_mean(word: str, choices: Sequence[str], *, count: int = 1, cutoff: float = 0.6) -> str:
    """A "; did you mean `x`?" hint when a choice is close to the word, else ""."""
    return mean_one_of(closest(word, choices, count=count, cutoff=cutoff))


def mean_one_of(choices: Sequence[str]) -> str:
    """A "; did you mean `x`, `y`?" hint naming ``choices`` in their order ("" for none)."""
    return f"; did you mean {', '.join(f'`{choice}`' for choice in choices)}?" if choices else ""


def normalise_text(text: str, *, literal: bool = False) -> str:
    """Plain text: paragraphs separated by one blank line, lines within one joined by spaces.

    In a ``|`` block every line break is kept by YAML, so a blank line separates paragraphs; in
    every other style YAML has already folded lines, and a remaining line break *is* a blank line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text) if literal else text.split("\n")
    cleaned = [" ".join(paragraph.split()) for paragraph in paragraphs]
    return "\n\n".join(paragraph for paragraph in cleaned if paragraph)


def read_limited(path: Path) -> bytes:
    """A file's bytes, refusing files over 1 MiB without reading them whole.

    Raises:
        UserError: The file cannot be read or is too large.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise too_large(str(path), os.fstat(handle.fileno()).st_size)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(
            [Problem(str(path), None, None, f"could not read the file: {reason}")]
        ) from None
    return data


def shape(value: YamlValue) -> str:
    """What a value is, in words, when it is not what was expected: "a list", "a mapping"."""
    if isinstance(value, YamlList):
        return "a list"
    if isinstance(value, YamlMap):
        return "a mapping"
    return "a single value"


def shown(value: YamlValue) -> str:
    """A value as the user wrote it, for a message ("a list or mapping" for anything larger)."""
    return value.text if isinstance(value, YamlScalar) else "a list or mapping"


def one_of(choices: Sequence[str]) -> str:
    """ "full, basic or none"."""
    return ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]


class Problems:
    """Every problem found in one file, in the order found, each at its line and column.

    Args:
        path: The file, as the user would recognise it.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._found: list[Problem] = []

    def add(self, at: Place, where: str, message: str) -> None:
        """Record a problem ``at`` a place; ``where`` names the field (``steps[2].breathe``)."""
        line, column = at if isinstance(at, tuple) else (at.line, at.column)
        text = f"{where}: {message}" if where else message
        self._found.append(Problem(self.path, line, column, text))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


class Reader:
    """Reads located YAML values as the values a format wants, reporting every mistake.

    Each reading method returns the value, or None after reporting why it cannot.

    Args:
        problems: Where mistakes go.
        consequence: Said after every mistake in a value, when the caller carries on without it
            (the settings say "using the default"); unknown keys stand alone.
    """

    def __init__(self, problems: Problems, *, consequence: str = "") -> None:
        self.problems = problems
        self.consequence = consequence

    def report(self, at: Place, where: str, message: str) -> None:
        """Record a mistake in a value, followed by the reader's consequence."""
        self.problems.add(
            at, where, f"{message}; {self.consequence}" if self.consequence else message
        )

    def unknown_keys(
        self,
        mapping: YamlMap,
        where: str,
        allowed: Sequence[str],
        describe: str,
        elsewhere: Callable[[str], str | None] | None = None,
    ) -> None:
        """Report every key not in ``allowed``: where it belongs instead, or the closest key."""
        for key, position in mapping.key_positions.items():
            if key in allowed:
                continue
            belongs = elsewhere(key) if elsewhere else None
            if belongs:
                self.problems.add(position, where, f"`{key}` {belongs}")
            else:
                hint = did_you_mean(key, allowed)
                self.problems.add(position, where, f"unknown key `{key}` in {describe}{hint}")

    def words(
        self,
        value: YamlValue,
        where: str,
        *,
        one_line: bool = False,
        limit: int = MAX_TEXT_CHARS,
        as_written: bool = False,
    ) -> str | None:
        """Text someone wrote: must be text, not a number, yes/no, date or nothing.

        The text is normalised (:func:`normalise_text`) unless ``as_written``, as a folder's
        name must be.
        """
        if not isinstance(value, YamlScalar):
            self.report(value, where, f"expected text, got {shape(value)}")
            return None
        if value.value is None:
            self.report(value, where, "is empty; write some text here")
            return None
        if not isinstance(value.value, str):
            self.report(
                value,
                where,
                f"expected words, but YAML read `{value.text}` as {value.kind_name}; "
                f'put the words in quotes: "{value.text}"',
            )
            return None
        text = value.value if as_written else normalise_text(value.value, literal=value.literal)
        if not text.strip():
            self.report(value, where, "is empty; write some text here")
            return None
        if one_line and "\n" in text:
            self.report(value, where, "must be one line")
            return None
        if one_line and (refusal := bidi_problem(text, allow_balanced=False)) is not None:
            self.report(value, where, refusal.message)  # a name must read as it is stored
            return None
        if len(text) > limit:
            self.report(value, where, f"is {len(text)} characters long; keep it under {limit}")
            return None
        return text

    def word_list(
        self, value: YamlValue, where: str, *, example: str, as_written: bool = False
    ) -> list[str] | None:
        """A list of one-line texts (``[breathing, end-of-day]``); None if any item is wrong."""
        if not isinstance(value, YamlList):
            self.report(value, where, f"expected a list of {example}")
            return None
        found: list[str] = []
        for index, item in enumerate(value.items):
            word = self.words(item, f"{where}[{index}]", one_line=True, as_written=as_written)
            if word is not None:
                found.append(word)
        return found if len(found) == len(value.items) else None

    def duration(
        self,
        value: YamlValue,
        where: str,
        *,
        low: float = 0.0,
        high: float = MAX_DURATION,
        what: str = "a duration",
    ) -> float | None:
        """Seconds, from a number or a string with units, checked against a range."""
        if not isinstance(value, YamlScalar):
            self.report(value, where, f'expected {what} in seconds (like 20 or "1m30s")')
            return None
        if isinstance(value.value, int | float) and ":" in value.text:
            self.report(
                value,
                where,
                f'`{value.text}` reads as a clock time; write "{value.text.replace(":", "m")}s" '
                "for minutes and seconds",
            )
            return None
        seconds = durations.parse(value.value)
        if seconds is None:
            self.report(
                value,
                where,
                f'`{value.text}` is not {what}; write seconds (20) or units like "1m30s"',
            )
            return None
        if not math.isfinite(seconds):
            self.report(value, where, f"`{value.text}` is not {what} in seconds")
            return None
        if low == 0.0 and seconds <= 0:
            self.report(
                value, where, f"must be more than 0 seconds, got {durations.number(seconds)}"
            )
            return None
        if seconds < low or seconds > high:
            lowest = "more than 0" if low == 0.0 else f"at least {durations.seconds_words(low)}"
            self.report(
                value,
                where,
                f"must be {lowest} and at most {durations.seconds_words(high)}, "
                f"got {durations.seconds_words(seconds)}",
            )
            return None
        return seconds

    def whole_number(
        self, value: YamlValue, where: str, low: int, high: int, what: str
    ) -> int | None:
        """A whole number within a range."""
        number = value.value if isinstance(value, YamlScalar) else None
        if isinstance(number, bool) or not isinstance(number, int | float):
            self.report(value, where, f"expected {what} (a whole number), got `{shown(value)}`")
            return None
        if isinstance(number, float) and not number.is_integer():
            self.report(
                value,
                where,
                f"expected {what} as a whole number, got {durations.number(number)}",
            )
            return None
        if isinstance(value, YamlScalar) and ":" in value.text:
            self.report(value, where, f"expected {what} as a whole number, got `{value.text}`")
            return None
        whole = int(number)
        if whole < low or whole > high:
            self.report(value, where, f"must be from {low} to {high}, got {whole}")
            return None
        return whole

    def flag(self, value: YamlValue, where: str) -> bool | None:
        """true or false."""
        if isinstance(value, YamlScalar) and isinstance(value.value, bool):
            return value.value
        self.report(value, where, f"expected true or false, got `{shown(value)}`")
        return None

    def choice(self, value: YamlValue, where: str, choices: Sequence[Choice]) -> Choice | None:
        """One word from a fixed set (``full``, ``basic`` or ``none``)."""
        if isinstance(value, YamlScalar) and isinstance(value.value, str):
            for option in choices:
                if value.value == option:
                    return option
        self.report(value, where, f"expected {one_of(choices)}, got `{shown(value)}`")
        return None
