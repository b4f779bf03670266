"""Exercise files to :class:`~breather.model.Exercise`, or to every problem in them.

This is where the exercise format (``shared/spec/exercise-format.md``) is enforced. Reading the
YAML safely is ``yamlsafe.py``'s job; this module checks the shape and meaning of what was read,
collects *all* the problems in a file rather than stopping at the first, and words each one in
the format's vocabulary with its line and column (``steps[2].breathe: a phase lasts 1–30
seconds, got 45``).

Includes are kept as :class:`~breather.model.IncludeStep` here; resolving them needs the whole
library (``library.py``). Nothing here touches Textual.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from breather.errors import Problem, UserError
from breather.model import (
    BreatheStep,
    BreathPhase,
    ChecklistStep,
    Exercise,
    IncludeStep,
    Origin,
    PauseStep,
    PhaseKind,
    Step,
    TextStep,
    default_label,
)
from breather.safetext import bidi_problem
from breather.yamlsafe import (
    MAX_FILE_BYTES,
    YamlList,
    YamlMap,
    YamlReadError,
    YamlScalar,
    YamlValue,
    decode,
    parse,
)

FORMAT_VERSIONS = (1,)
MAX_DURATION = 30 * 60
MIN_PHASE, MAX_PHASE = 1.0, 30.0
MAX_TALLY = 20
MAX_CHECKLIST_ITEMS = 12
MAX_CHECKLIST_ITEM_CHARS = 200
MAX_CHARS = {"title": 100, "summary": 200, "label": 40}
"""The longest a one-line field may be; anything longer would not fit on a screen anyway."""
MAX_TEXT_CHARS = 4000
"""The longest any text may be: a few screens of words."""

EXERCISE_KEYS = (
    "format",
    "id",
    "title",
    "summary",
    "tags",
    "intro",
    "outro",
    "safety",
    "source",
    "steps",
)
KIND_KEYS = ("breathe", "checklist", "pause", "include")
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "seconds", "tally", "bell"),
    "breathe": ("breathe", "cycles", "seconds", "text", "bell"),
    "checklist": ("checklist", "text", "seconds", "bell"),
    "pause": ("pause", "text", "bell"),
    "include": ("include", "bell"),
}
ALL_STEP_KEYS = tuple(dict.fromkeys(key for keys in STEP_KEYS.values() for key in keys))
PHASE_KEYS = ("in", "out", "hold")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
_DURATION = re.compile(
    rf"^\s*(?:(?P<minutes>{_NUMBER})\s*(?:m|min|mins|minutes?)\s*)?"
    rf"(?:(?P<seconds>{_NUMBER})\s*(?:s|sec|secs|seconds?)?\s*)?$",
    re.IGNORECASE,
)
_SHORTHAND_PART = re.compile(rf"^{_NUMBER}$")

T = TypeVar("T")


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A "; did you mean `x`?" hint when one choice is close to the word, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def id_from_filename(path: Path) -> str:
    """The id a file gets when it has no ``id`` field: its name, lower-cased, words hyphenated."""
    stem = path.name
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def parse_duration(value: object) -> float | None:
    """A number of seconds from ``20``, ``5.5``, ``"20s"``, ``"1m30s"`` or ``"90 s"``.

    Returns None when the value is not a duration at all (range is checked by the caller).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if not match or not (match.group("minutes") or match.group("seconds")):
        return None
    minutes = float(match.group("minutes") or 0)
    seconds = float(match.group("seconds") or 0)
    return minutes * 60 + seconds


class _FileChecker:
    """Checks one parsed file against the format, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------------

    def report(self, at: YamlValue | tuple[int, int], where: str, message: str) -> None:
        line, column = at if isinstance(at, tuple) else (at.line, at.column)
        text = f"{where}: {message}" if where else message
        self.problems.append(Problem(self.path, line, column, text))

    def check_keys(
        self,
        mapping: YamlMap,
        where: str,
        allowed: Sequence[str],
        describe: str,
        elsewhere: Callable[[str], str | None] | None = None,
    ) -> None:
        """Report every key not in ``allowed``, with a hint."""
        for key, position in mapping.key_positions.items():
            if key in allowed:
                continue
            belongs = elsewhere(key) if elsewhere else None
            if belongs:
                self.report(position, where, f"`{key}` {belongs}")
            else:
                hint = did_you_mean(key, allowed)
                self.report(position, where, f"unknown key `{key}` in {describe}{hint}")

    # -- values ----------------------------------------------------------------------------

    def words(self, value: YamlValue, where: str, *, one_line: bool = False) -> str | None:
        """Text the author wrote: must be text, not a number, yes/no, date or nothing."""
        if not isinstance(value, YamlScalar):
            shape = "a list" if isinstance(value, YamlList) else "a mapping"
            self.report(value, where, f"expected text, got {shape}")
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
        text = normalise_text(value.value, literal=value.literal)
        if not text:
            self.report(value, where, "is empty; write some text here")
            return None
        if one_line and "\n" in text:
            self.report(value, where, "must be one line")
            return None
        if one_line and (refusal := bidi_problem(text, allow_balanced=False)) is not None:
            self.report(value, where, refusal.message)  # a name must read as it is stored
            return None
        field_name = where.rsplit(".", 1)[-1]
        limit = MAX_CHARS.get(field_name, MAX_TEXT_CHARS)
        if len(text) > limit:
            self.report(value, where, f"is {len(text)} characters long; keep it under {limit}")
            return None
        return text

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
        seconds = parse_duration(value.value)
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
            self.report(value, where, f"must be more than 0 seconds, got {_number(seconds)}")
            return None
        if seconds < low or seconds > high:
            lowest = "more than 0" if low == 0.0 else f"at least {_seconds_words(low)}"
            self.report(
                value,
                where,
                f"must be {lowest} and at most {_seconds_words(high)}, "
                f"got {_seconds_words(seconds)}",
            )
            return None
        return seconds

    def whole_number(
        self, value: YamlValue, where: str, low: int, high: int, what: str
    ) -> int | None:
        """A whole number within a range."""
        number = value.value if isinstance(value, YamlScalar) else None
        if isinstance(number, bool) or not isinstance(number, int | float):
            shown = value.text if isinstance(value, YamlScalar) else "a list or mapping"
            self.report(value, where, f"expected {what} (a whole number), got `{shown}`")
            return None
        if isinstance(number, float) and not number.is_integer():
            self.report(value, where, f"expected {what} as a whole number, got {_number(number)}")
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
        shown = value.text if isinstance(value, YamlScalar) else "a list or mapping"
        self.report(value, where, f"expected true or false, got `{shown}`")
        return None

    # -- the exercise ----------------------------------------------------------------------

    def exercise(self, root: YamlValue | None, file_id: str, origin: Origin) -> Exercise | None:
        if root is None:
            self.problems.append(
                Problem(self.path, 1, 1, "the file is empty; an exercise needs a title and steps")
            )
            return None
        if not isinstance(root, YamlMap):
            shape = "a list" if isinstance(root, YamlList) else "a single value"
            self.report(
                root,
                "",
                f"the file is {shape}; an exercise is a mapping with `title:` and `steps:`",
            )
            return None
        entries = root.entries
        self.check_keys(root, "", EXERCISE_KEYS, "an exercise")
        if "format" in entries:
            version = entries["format"]
            if not (isinstance(version, YamlScalar) and version.value in FORMAT_VERSIONS) or (
                isinstance(version, YamlScalar) and isinstance(version.value, bool)
            ):
                shown = version.text if isinstance(version, YamlScalar) else "a list or mapping"
                readable = ", ".join(str(v) for v in FORMAT_VERSIONS)
                self.report(
                    version, "format", f"this release reads format {readable}, not `{shown}`"
                )
        exercise_id = file_id
        if "id" in entries:
            given = self.words(entries["id"], "id", one_line=True)
            if given is not None and not ID_PATTERN.match(given):
                self.report(
                    entries["id"],
                    "id",
                    f"`{given}` is not a valid id; use lower-case letters, digits and hyphens "
                    "(like calm-place)",
                )
            elif given is not None:
                exercise_id = given
        elif not exercise_id:
            self.report(
                root, "id", "the file name gives no id; add `id:` with a name like calm-place"
            )
        title = None
        if "title" not in entries:
            self.report(root, "", "`title` is missing; every exercise needs a title")
        else:
            title = self.words(entries["title"], "title", one_line=True)
        texts: dict[str, str] = {}
        for key in ("summary", "intro", "outro", "safety", "source"):
            if key in entries:
                found = self.words(entries[key], key, one_line=key == "summary")
                if found is not None:
                    texts[key] = found
        tags = self.tags(entries["tags"]) if "tags" in entries else ()
        steps: list[Step] = []
        if "steps" not in entries:
            self.report(root, "", "`steps` is missing; every exercise needs at least one step")
        else:
            steps = self.steps(entries["steps"])
        if self.problems or title is None:
            return None
        return Exercise(
            id=exercise_id,
            title=title,
            steps=tuple(steps),
            summary=texts.get("summary", ""),
            tags=tags,
            intro=texts.get("intro", ""),
            outro=texts.get("outro", ""),
            safety=texts.get("safety", ""),
            source=texts.get("source", ""),
            path=self.path,
            origin=origin,
        )

    def tags(self, value: YamlValue) -> tuple[str, ...]:
        if not isinstance(value, YamlList):
            self.report(value, "tags", "expected a list of words, like [breathing, end-of-day]")
            return ()
        tags: list[str] = []
        for index, item in enumerate(value.items):
            word = self.words(item, f"tags[{index}]", one_line=True)
            if word is not None:
                tags.append(word.lower())
        return tuple(dict.fromkeys(tags))

    def steps(self, value: YamlValue) -> list[Step]:
        if not isinstance(value, YamlList):
            self.report(value, "steps", "expected a list of steps, each starting with `- `")
            return []
        if not value.items:
            self.report(value, "steps", "the list is empty; an exercise needs at least one step")
            return []
        steps: list[Step] = []
        for index, item in enumerate(value.items):
            step = self.step(item, f"steps[{index}]")
            if step is not None:
                steps.append(step)
        return steps

    def step(self, value: YamlValue, where: str) -> Step | None:
        if not isinstance(value, YamlMap):
            self.report(
                value,
                where,
                "a step is a mapping like `- text: ...` with `seconds: ...`; got "
                + ("a list" if isinstance(value, YamlList) else f"`{value.text}`"),
            )
            return None
        entries = value.entries
        kinds = [key for key in KIND_KEYS if key in entries]
        if len(kinds) > 1:
            both = " and ".join(f"`{kind}`" for kind in kinds)
            self.report(value, where, f"a step has one kind, but this one has {both}; split it")
            return None
        if kinds:
            kind = kinds[0]
        elif "text" in entries:
            kind = "text"
        else:
            hint = ""
            for key in entries:
                close = difflib.get_close_matches(key, [*KIND_KEYS, "text"], n=1, cutoff=0.6)
                if close:
                    hint = f"; did you mean `{close[0]}` instead of `{key}`?"
                    break
            self.report(
                value,
                where,
                "a step needs one of `text`, `breathe`, `checklist`, `pause` or `include`" + hint,
            )
            return None

        def elsewhere(key: str) -> str | None:
            if key in ALL_STEP_KEYS:
                return f"does not belong in a {kind} step"
            return None

        self.check_keys(value, where, STEP_KEYS[kind], f"a {kind} step", elsewhere)
        bell = False
        if "bell" in entries:
            bell = bool(self.flag(entries["bell"], f"{where}.bell"))
        if kind == "text":
            return self.text_step(value, where, bell)
        if kind == "breathe":
            return self.breathe_step(value, where, bell)
        if kind == "checklist":
            return self.checklist_step(value, where, bell)
        if kind == "pause":
            return self.pause_step(value, where, bell)
        return self.include_step(value, where, bell)

    def optional_text(self, step: YamlMap, where: str) -> str | None:
        if "text" not in step.entries:
            return None
        return self.words(step.entries["text"], f"{where}.text")

    def text_step(self, step: YamlMap, where: str, bell: bool) -> TextStep | None:
        text = self.words(step.entries["text"], f"{where}.text")
        seconds = None
        if "seconds" not in step.entries:
            self.report(step, where, "a text step needs `seconds`: how long it stays on screen")
        else:
            seconds = self.duration(step.entries["seconds"], f"{where}.seconds")
        tally = None
        if "tally" in step.entries:
            tally = self.whole_number(
                step.entries["tally"], f"{where}.tally", 1, MAX_TALLY, "a number of markers"
            )
        if text is None or seconds is None:
            return None
        return TextStep(text=text, seconds=seconds, tally=tally, bell=bell)

    def breathe_step(self, step: YamlMap, where: str, bell: bool) -> BreatheStep | None:
        entries = step.entries
        phases = self.pattern(entries["breathe"], f"{where}.breathe")
        text = self.optional_text(step, where)
        has_cycles, has_seconds = "cycles" in entries, "seconds" in entries
        if has_cycles and has_seconds:
            self.report(entries["seconds"], where, "give `cycles` or `seconds`, not both")
            return None
        if not has_cycles and not has_seconds:
            self.report(
                step, where, "a breathe step needs `cycles` (how many) or `seconds` (how long)"
            )
            return None
        cycles: int | None = None
        if has_cycles:
            cycles = self.whole_number(
                entries["cycles"], f"{where}.cycles", 1, 1000, "a number of cycles"
            )
        else:
            seconds = self.duration(entries["seconds"], f"{where}.seconds")
            if seconds is not None and phases:
                cycle = sum(phase.seconds for phase in phases)
                cycles = max(1, round(seconds / cycle))
        if phases is None or cycles is None:
            return None
        total = sum(phase.seconds for phase in phases) * cycles
        if total > MAX_DURATION:
            at = entries["cycles"] if has_cycles else entries["seconds"]
            self.report(
                at,
                where,
                f"{cycles} cycles last {_seconds_words(total)}; a step lasts at most 30 minutes",
            )
            return None
        return BreatheStep(phases=phases, cycles=cycles, text=text, bell=bell)

    def pattern(self, value: YamlValue, where: str) -> tuple[BreathPhase, ...] | None:
        """A breath pattern, shorthand (``4-6``) or general form (a list of phases)."""
        raw: list[tuple[PhaseKind, float, str | None]] = []
        if isinstance(value, YamlScalar):
            parsed = self.shorthand(value, where)
            if parsed is None:
                return None
            raw = [(kind, seconds, None) for kind, seconds in parsed]
        elif isinstance(value, YamlList):
            general = self.general_form(value, where)
            if general is None:
                return None
            raw = general
        else:
            self.report(
                value, where, "expected a pattern like 4-6, or a list of phases like `- in: 4`"
            )
            return None
        kept = [(kind, seconds, label) for kind, seconds, label in raw if seconds != 0]
        kinds = {kind for kind, _, _ in kept}
        if "in" not in kinds or "out" not in kinds:
            missing = " and ".join(k for k in ("in", "out") if k not in kinds)
            self.report(
                value, where, f"a cycle needs at least one `in` and one `out`; no {missing}"
            )
            return None
        phases: list[BreathPhase] = []
        previous: PhaseKind | None = None
        for kind, seconds, label in kept:
            phases.append(BreathPhase(kind, seconds, label or default_label(kind, previous)))
            previous = kind
        return tuple(phases)

    def shorthand(self, value: YamlScalar, where: str) -> list[tuple[PhaseKind, float]] | None:
        text = value.text.strip() if value.value is not None else ""
        parts = text.split("-")
        example = "numbers separated by hyphens, like 4-6, 4-7-8 or 4-4-4-4"
        if isinstance(value.value, int | float) and not isinstance(value.value, bool):
            self.report(value, where, f"`{text}` is one number; a pattern is {example}")
            return None
        if not text or any(not _SHORTHAND_PART.match(part.strip()) for part in parts):
            self.report(value, where, f"`{text}` is not a breath pattern; write {example}")
            return None
        if not 2 <= len(parts) <= 4:
            self.report(
                value, where, f"`{text}` has {len(parts)} numbers; a pattern has 2 to 4 ({example})"
            )
            return None
        kinds: dict[int, tuple[PhaseKind, ...]] = {
            2: ("in", "out"),
            3: ("in", "hold", "out"),
            4: ("in", "hold", "out", "hold"),
        }
        result: list[tuple[PhaseKind, float]] = []
        ok = True
        for kind, part in zip(kinds[len(parts)], parts, strict=True):
            seconds = float(part)
            if seconds != 0 and not MIN_PHASE <= seconds <= MAX_PHASE:
                self.report(
                    value, where, f"a phase lasts 1–30 seconds, got {_number(seconds)} ({kind})"
                )
                ok = False
            result.append((kind, seconds))
        return result if ok else None

    def general_form(
        self, value: YamlList, where: str
    ) -> list[tuple[PhaseKind, float, str | None]] | None:
        if not value.items:
            self.report(value, where, "the list of phases is empty; add `- in: 4` and `- out: 6`")
            return None
        phases: list[tuple[PhaseKind, float, str | None]] = []
        ok = True
        for index, item in enumerate(value.items):
            here = f"{where}[{index}]"
            if not isinstance(item, YamlMap):
                self.report(item, here, "a phase is `in: S`, `out: S` or `hold: S`")
                ok = False
                continue
            kinds = [key for key in PHASE_KEYS if key in item.entries]
            self.check_keys(item, here, (*PHASE_KEYS, "label"), "a breath phase")
            if len(kinds) != 1:
                found = " and ".join(f"`{k}`" for k in kinds) if kinds else "none"
                self.report(
                    item, here, f"a phase has exactly one of `in`, `out` or `hold`; found {found}"
                )
                ok = False
                continue
            kind: PhaseKind = kinds[0]  # type: ignore[assignment]
            seconds = self.phase_seconds(item.entries[kind], here)
            label = None
            if "label" in item.entries:
                label = self.words(item.entries["label"], f"{here}.label", one_line=True)
                ok = ok and label is not None
            if seconds is None:
                ok = False
                continue
            phases.append((kind, seconds, label))
        return phases if ok else None

    def phase_seconds(self, value: YamlValue, where: str) -> float | None:
        if isinstance(value, YamlScalar) and value.value == 0 and value.value is not False:
            return 0.0
        seconds = self.duration(value, where, what="a number of seconds")
        if seconds is None:
            return None
        if not MIN_PHASE <= seconds <= MAX_PHASE:
            self.report(value, where, f"a phase lasts 1–30 seconds, got {_number(seconds)}")
            return None
        return seconds

    def checklist_step(self, step: YamlMap, where: str, bell: bool) -> ChecklistStep | None:
        value = step.entries["checklist"]
        here = f"{where}.checklist"
        items: list[str] = []
        if not isinstance(value, YamlList):
            self.report(value, here, "expected a list of items, each starting with `- `")
        elif not 1 <= len(value.items) <= MAX_CHECKLIST_ITEMS:
            self.report(
                value,
                here,
                f"a checklist has 1 to {MAX_CHECKLIST_ITEMS} items, got {len(value.items)}",
            )
        else:
            for index, item in enumerate(value.items):
                word = self.words(item, f"{here}[{index}]", one_line=True)
                if word is not None and len(word) > MAX_CHECKLIST_ITEM_CHARS:
                    self.report(
                        item,
                        f"{here}[{index}]",
                        f"an item is short: at most {MAX_CHECKLIST_ITEM_CHARS} characters",
                    )
                elif word is not None:
                    items.append(word)
        text = self.optional_text(step, where)
        seconds = None
        if "seconds" in step.entries:
            seconds = self.duration(step.entries["seconds"], f"{where}.seconds")
            if seconds is None:
                return None
        if not items or len(items) != len(value.items if isinstance(value, YamlList) else []):
            return None
        return ChecklistStep(items=tuple(items), text=text, seconds=seconds, bell=bell)

    def pause_step(self, step: YamlMap, where: str, bell: bool) -> PauseStep | None:
        seconds = self.duration(step.entries["pause"], f"{where}.pause")
        text = self.optional_text(step, where)
        if seconds is None:
            return None
        return PauseStep(seconds=seconds, text=text, bell=bell)

    def include_step(self, step: YamlMap, where: str, bell: bool) -> IncludeStep | None:
        value = step.entries["include"]
        name = self.words(value, f"{where}.include", one_line=True)
        if name is None:
            return None
        if not ID_PATTERN.match(name):
            self.report(value, f"{where}.include", f"`{name}` is not an exercise id")
            return None
        return IncludeStep(exercise_id=name, line=value.line, column=value.column, bell=bell)


def normalise_text(text: str, *, literal: bool = False) -> str:
    """Plain text: paragraphs separated by one blank line, lines within one joined by spaces.

    In a ``|`` block every line break is kept by YAML, so a blank line separates paragraphs; in
    every other style YAML has already folded lines, and a remaining line break *is* a blank line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text) if literal else text.split("\n")
    cleaned = [" ".join(paragraph.split()) for paragraph in paragraphs]
    return "\n\n".join(paragraph for paragraph in cleaned if paragraph)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _seconds_words(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute" + ("" if minutes == 1 else "s")
    return f"{_number(seconds)} seconds" if seconds != 1 else "1 second"


def load_text(text: str, path: str, *, file_id: str = "", origin: Origin = "user") -> Exercise:
    """Check already-decoded YAML text; the exercise, or every problem in a :class:`UserError`."""
    try:
        root = parse(text, path)
    except YamlReadError as error:
        raise UserError(error.problems) from None
    checker = _FileChecker(path)
    exercise = checker.exercise(root, file_id, origin)
    if checker.problems or exercise is None:
        raise UserError(checker.problems or [Problem(path, 1, 1, "the exercise is not valid")])
    return exercise


def load_bytes(data: bytes, name: str, *, file_id: str, origin: Origin = "user") -> Exercise:
    """Check the raw bytes of an exercise file; the exercise, or a :class:`UserError`."""
    try:
        text = decode(data, name)
    except YamlReadError as error:
        raise UserError(error.problems) from None
    return load_text(text, name, file_id=file_id, origin=origin)


def load_file(path: Path, *, origin: Origin = "user") -> Exercise:
    """Read and check one exercise file.

    Raises:
        UserError: With every problem found, each with its line and column.
    """
    return load_bytes(read_limited(path), str(path), file_id=id_from_filename(path), origin=origin)


def read_limited(path: Path) -> bytes:
    """A file's bytes, refusing files over 1 MiB without reading them whole.

    Raises:
        UserError: The file cannot be read or is too large.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                size = os.fstat(handle.fileno()).st_size / (1024 * 1024)
                raise UserError(
                    [
                        Problem(
                            str(path),
                            1,
                            1,
                            f"the file is {size:.1f} MiB; files over 1 MiB are not read",
                        )
                    ]
                )
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(
            [Problem(str(path), None, None, f"could not read the file: {reason}")]
        ) from None
    return data
