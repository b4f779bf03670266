"""Exercise files to :class:`~breather.model.Exercise`, or to every problem in them.

This is where the exercise format (``shared/spec/exercise-format.md``) is enforced. Reading the
YAML safely is ``yamlsafe.py``'s job, and reading single values (words, durations, numbers) with
the same words for every file is ``readers.py``'s; this module checks the shape and meaning of an
exercise, collects *all* the problems in a file rather than stopping at the first, and words each
one in the format's vocabulary with its line and column (``steps[2].breathe: a phase lasts 1–30
seconds, got 45``).

Each kind of step is declared once, in :data:`STEP_KINDS`: its name, the keys it allows and its
reader. Includes are kept as :class:`~breather.model.IncludeStep` here; resolving them needs the
whole library (``library.py``). Nothing here touches Textual.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from breather import durations
from breather.errors import Problem, UserError
from breather.model import (
    BreatheStep,
    BreathPhase,
    CheckInStep,
    ChecklistStep,
    Exercise,
    IncludeStep,
    Lengths,
    Origin,
    PauseStep,
    PhaseKind,
    RecallStep,
    Step,
    StepKindName,
    TextStep,
    WriteStep,
    assert_never,
    default_label,
)
from breather.offering import length_problems
from breather.readers import (
    MAX_DURATION,
    MAX_TEXT_CHARS,
    Problems,
    Reader,
    closest,
    did_you_mean,
    one_of,
    read_limited,
    shape,
    shown,
)
from breather.yamlsafe import (
    YamlList,
    YamlMap,
    YamlScalar,
    YamlValue,
    decode,
    parse_keeping_first,
)

FORMAT_VERSIONS = (1,)
MIN_PHASE, MAX_PHASE = 1.0, 30.0
MIN_LENGTH, MAX_LENGTH = 0.5, 30.0
"""The lengths an exercise may offer, in minutes: those a session may be fitted to."""
MAX_CYCLES = 1000
AS_WRITTEN = "as-written"
MAX_TALLY = 20
MAX_CHECKLIST_ITEMS = 12
MAX_CHECKLIST_ITEM_CHARS = 200
MAX_WRITE_ENTRIES = 10
MAX_RECALL_COUNT = 10
DEFAULT_RECALL_COUNT = 3
MAX_CHARS = {"title": 100, "summary": 200, "label": 40, "question": 200}
"""The longest a one-line field may be; anything longer would not fit on a screen anyway."""

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
    "lengths",
    "steps",
)
PHASE_KEYS = ("in", "out", "hold")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHORTHAND_PART = re.compile(r"^(?:\d+(?:\.\d+)?|\.\d+)$")


def id_from_filename(path: Path) -> str:
    """The id a file gets when it has no ``id`` field: its name, lower-cased, words hyphenated."""
    stem = path.name
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


class _FileChecker:
    """Checks one parsed file against the format, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems = Problems(path)
        self.read = Reader(self.problems)
        self.own_id = ""
        """The exercise's id, once read: the default check-in key and write topic start with it."""
        self.step_number = 0
        """The 0-based position of the step being read, for a check-in's default key."""

    # -- the exercise ----------------------------------------------------------------------

    def exercise(self, root: YamlValue | None, file_id: str, origin: Origin) -> Exercise | None:
        if root is None:
            self.problems.add((1, 1), "", "the file is empty; an exercise needs a title and steps")
            return None
        if not isinstance(root, YamlMap):
            self.problems.add(
                root,
                "",
                f"the file is {shape(root)}; an exercise is a mapping with `title:` and `steps:`",
            )
            return None
        entries = root.entries
        self.read.unknown_keys(root, "", EXERCISE_KEYS, "an exercise")
        if "format" in entries:
            self.format_version(entries["format"])
        exercise_id = self.exercise_id(root, file_id)
        self.own_id = exercise_id
        title = None
        if "title" not in entries:
            self.problems.add(root, "", "`title` is missing; every exercise needs a title")
        else:
            title = self.read.words(
                entries["title"], "title", one_line=True, limit=MAX_CHARS["title"]
            )
        texts: dict[str, str] = {}
        for key in ("summary", "intro", "outro", "safety", "source"):
            if key in entries:
                found = self.read.words(
                    entries[key],
                    key,
                    one_line=key == "summary",
                    limit=MAX_CHARS.get(key, MAX_TEXT_CHARS),
                )
                if found is not None:
                    texts[key] = found
        tags = self.tags(entries["tags"]) if "tags" in entries else ()
        lengths = self.lengths(entries["lengths"]) if "lengths" in entries else None
        steps: list[Step] = []
        if "steps" not in entries:
            self.problems.add(
                root, "", "`steps` is missing; every exercise needs at least one step"
            )
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
            lengths=lengths,
        )

    def format_version(self, version: YamlValue) -> None:
        """Only the versions this release reads (``true`` is not 1, although YAML says so)."""
        value = version.value if isinstance(version, YamlScalar) else None
        if not isinstance(value, bool) and value in FORMAT_VERSIONS:
            return
        readable = ", ".join(str(v) for v in FORMAT_VERSIONS)
        self.problems.add(
            version, "format", f"this release reads format {readable}, not `{shown(version)}`"
        )

    def exercise_id(self, root: YamlMap, file_id: str) -> str:
        """The ``id`` as written, else the one the file name gives."""
        if "id" not in root.entries:
            if not file_id:
                self.problems.add(
                    root, "id", "the file name gives no id; add `id:` with a name like calm-place"
                )
            return file_id
        given = self.read.words(root.entries["id"], "id", one_line=True)
        if given is None:
            return file_id
        if not ID_PATTERN.match(given):
            self.problems.add(
                root.entries["id"],
                "id",
                f"`{given}` is not a valid id; use lower-case letters, digits and hyphens "
                "(like calm-place)",
            )
            return file_id
        return given

    def tags(self, value: YamlValue) -> tuple[str, ...]:
        """Lower-cased words, each once."""
        words = self.read.word_list(value, "tags", example="words, like [breathing, end-of-day]")
        return tuple(dict.fromkeys(word.lower() for word in words or ()))

    def lengths(self, value: YamlValue) -> Lengths | None:
        """A list of minutes, each 0.5-30 and listed once, or ``as-written``."""
        example = "a list of minutes like [2, 3], or as-written"
        if isinstance(value, YamlScalar):
            written = value.value
            if written == AS_WRITTEN:
                return Lengths((), value.line, value.column)
            if isinstance(written, int | float) and not isinstance(written, bool):
                said = durations.number(written)
                if MIN_LENGTH <= written <= MAX_LENGTH:
                    message = f"expected {example}; write one length as a list: [{said}]"
                else:
                    message = f"a length is from 0.5 to 30 minutes, got {said}; write {example}"
                self.problems.add(value, "lengths", message)
                return None
            hint = did_you_mean(value.text, [AS_WRITTEN], cutoff=0.5)
            self.problems.add(value, "lengths", f"expected {example}, got `{shown(value)}`{hint}")
            return None
        if not isinstance(value, YamlList):
            self.problems.add(value, "lengths", f"expected {example}, got {shape(value)}")
            return None
        if not value.items:
            self.problems.add(
                value, "lengths", f"the list is empty; write {example} (only its own length)"
            )
            return None
        minutes: list[float] = []
        for index, item in enumerate(value.items):
            where = f"lengths[{index}]"
            number = item.value if isinstance(item, YamlScalar) else None
            if isinstance(number, bool) or not isinstance(number, int | float):
                self.problems.add(item, where, f"expected a number of minutes, got `{shown(item)}`")
            elif not MIN_LENGTH <= number <= MAX_LENGTH:
                self.problems.add(
                    item,
                    where,
                    f"a length is from 0.5 to 30 minutes, got {durations.number(number)}",
                )
            elif float(number) in minutes:
                self.problems.add(
                    item, where, f"{durations.number(number)} minutes is listed twice"
                )
            else:
                minutes.append(float(number))
        if len(minutes) != len(value.items):
            return None
        return Lengths(tuple(sorted(minutes)), value.line, value.column)

    def steps(self, value: YamlValue) -> list[Step]:
        if not isinstance(value, YamlList):
            self.problems.add(value, "steps", "expected a list of steps, each starting with `- `")
            return []
        if not value.items:
            self.problems.add(
                value, "steps", "the list is empty; an exercise needs at least one step"
            )
            return []
        steps: list[Step] = []
        for index, item in enumerate(value.items):
            self.step_number = index
            step = self.step(item, f"steps[{index}]")
            if step is not None:
                steps.append(step)
        return steps

    def step(self, value: YamlValue, where: str) -> Step | None:
        if not isinstance(value, YamlMap):
            self.problems.add(
                value,
                where,
                "a step is a mapping like `- text: ...` with `seconds: ...`; got "
                + ("a list" if isinstance(value, YamlList) else f"`{value.text}`"),
            )
            return None
        kind = self.kind_of(value, where)
        if kind is None:
            return None
        name = kind.name

        def elsewhere(key: str) -> str | None:
            if key in ALL_STEP_KEYS:
                return f"does not belong in a {name} step"
            return None

        self.read.unknown_keys(value, where, kind.keys, f"a {name} step", elsewhere)
        bell = False
        if "bell" in value.entries:
            bell = bool(self.read.flag(value.entries["bell"], f"{where}.bell"))
        return kind.read(self, value, where, bell)

    def kind_of(self, step: YamlMap, where: str) -> StepKind | None:
        """The one kind a step's keys name; ``text`` names it only when no other kind's key does."""
        present = [kind for kind in STEP_KINDS if kind.name in step.entries]
        marking = [kind for kind in present if kind.name not in _CAPTION_NAMES] or present
        if len(marking) > 1:
            both = " and ".join(f"`{kind.name}`" for kind in marking)
            self.problems.add(
                step, where, f"a step has one kind, but this one has {both}; split it"
            )
            return None
        if marking:
            return marking[0]
        hint = ""
        for key in step.entries:
            if key in ALL_STEP_KEYS:
                continue  # a key of its own (`bell`, `seconds`), not a misspelt kind
            close = closest(key, [kind.name for kind in STEP_KINDS])
            if close:
                hint = f"; did you mean `{close[0]}` instead of `{key}`?"
                break
        names = one_of([f"`{kind.name}`" for kind in STEP_KINDS])
        self.problems.add(step, where, f"a step needs one of {names}{hint}")
        return None

    def optional_text(self, step: YamlMap, where: str) -> str | None:
        if "text" not in step.entries:
            return None
        return self.read.words(step.entries["text"], f"{where}.text")

    def text_step(self, step: YamlMap, where: str, bell: bool) -> TextStep | None:
        text = self.read.words(step.entries["text"], f"{where}.text")
        seconds = None
        if "seconds" not in step.entries:
            self.problems.add(
                step, where, "a text step needs `seconds`: how long it stays on screen"
            )
        else:
            seconds = self.read.duration(step.entries["seconds"], f"{where}.seconds")
        tally = None
        if "tally" in step.entries:
            tally = self.read.whole_number(
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
            self.problems.add(entries["seconds"], where, "give `cycles` or `seconds`, not both")
            return None
        if not has_cycles and not has_seconds:
            self.problems.add(
                step, where, "a breathe step needs `cycles` (how many) or `seconds` (how long)"
            )
            return None
        cycles: int | None = None
        if has_cycles:
            cycles = self.read.whole_number(
                entries["cycles"], f"{where}.cycles", 1, MAX_CYCLES, "a number of cycles"
            )
        else:
            seconds = self.read.duration(entries["seconds"], f"{where}.seconds")
            if seconds is not None and phases:
                cycle = sum(phase.seconds for phase in phases)
                cycles = max(1, round(seconds / cycle))
        caps = self.cycle_caps(step, where)
        if phases is None or cycles is None or caps is None:
            return None
        least, most = caps
        count = entries["cycles"] if has_cycles else entries["seconds"]
        total = sum(phase.seconds for phase in phases) * cycles
        if total > MAX_DURATION:
            self.problems.add(
                count,
                where,
                f"{cycles} cycles last {durations.seconds_words(total)}; "
                "a step lasts at most 30 minutes",
            )
            return None
        if not self.cycles_within_caps(count, where, cycles, has_cycles, least, most):
            return None
        return BreatheStep(
            phases=phases,
            cycles=cycles,
            text=text,
            bell=bell,
            tones=self.tones(step, where),
            min_cycles=least,
            max_cycles=most,
        )

    def cycle_caps(self, step: YamlMap, where: str) -> tuple[int | None, int | None] | None:
        """``min_cycles`` and ``max_cycles`` (None where not given); None when either is wrong."""
        found: list[int | None] = []
        ok = True
        for key in ("min_cycles", "max_cycles"):
            cap = None
            if key in step.entries:
                cap = self.read.whole_number(
                    step.entries[key], f"{where}.{key}", 1, MAX_CYCLES, "a number of cycles"
                )
                ok = ok and cap is not None
            found.append(cap)
        least, most = found
        if not ok:
            return None
        if least is not None and most is not None and least > most:
            self.problems.add(
                step.entries["min_cycles"],
                f"{where}.min_cycles",
                f"min_cycles ({least}) is more than max_cycles ({most})",
            )
            return None
        return least, most

    def cycles_within_caps(
        self,
        count: YamlValue,
        where: str,
        cycles: int,
        has_cycles: bool,
        least: int | None,
        most: int | None,
    ) -> bool:
        """Written cycles lie between ``min_cycles`` and ``max_cycles``; report them if not."""
        key = "cycles" if has_cycles else "seconds"
        written = f"{cycles} cycles" if has_cycles else f"this is {cycles} cycles"
        if least is not None and cycles < least:
            self.problems.add(
                count, f"{where}.{key}", f"{written}, fewer than min_cycles ({least})"
            )
            return False
        if most is not None and cycles > most:
            self.problems.add(count, f"{where}.{key}", f"{written}, more than max_cycles ({most})")
            return False
        return True

    def tones(self, step: YamlMap, where: str) -> bool:
        """A breathe step's ``tones`` (default true): whether its phases start with a tone."""
        if "tones" not in step.entries:
            return True
        return self.read.flag(step.entries["tones"], f"{where}.tones") is not False

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
            self.problems.add(
                value, where, "expected a pattern like 4-6, or a list of phases like `- in: 4`"
            )
            return None
        kept = [(kind, seconds, label) for kind, seconds, label in raw if seconds != 0]
        kinds = {kind for kind, _, _ in kept}
        if "in" not in kinds or "out" not in kinds:
            missing = " and ".join(k for k in ("in", "out") if k not in kinds)
            self.problems.add(
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
            self.problems.add(value, where, f"`{text}` is one number; a pattern is {example}")
            return None
        if not text or any(not _SHORTHAND_PART.match(part.strip()) for part in parts):
            self.problems.add(value, where, f"`{text}` is not a breath pattern; write {example}")
            return None
        if not 2 <= len(parts) <= 4:
            self.problems.add(
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
                self.problems.add(
                    value,
                    where,
                    f"a phase lasts 1–30 seconds, got {durations.number(seconds)} ({kind})",
                )
                ok = False
            result.append((kind, seconds))
        return result if ok else None

    def general_form(
        self, value: YamlList, where: str
    ) -> list[tuple[PhaseKind, float, str | None]] | None:
        if not value.items:
            self.problems.add(
                value, where, "the list of phases is empty; add `- in: 4` and `- out: 6`"
            )
            return None
        phases: list[tuple[PhaseKind, float, str | None]] = []
        ok = True
        for index, item in enumerate(value.items):
            here = f"{where}[{index}]"
            if not isinstance(item, YamlMap):
                self.problems.add(item, here, "a phase is `in: S`, `out: S` or `hold: S`")
                ok = False
                continue
            kinds = [key for key in PHASE_KEYS if key in item.entries]
            self.read.unknown_keys(item, here, (*PHASE_KEYS, "label"), "a breath phase")
            if len(kinds) != 1:
                found = " and ".join(f"`{k}`" for k in kinds) if kinds else "none"
                self.problems.add(
                    item, here, f"a phase has exactly one of `in`, `out` or `hold`; found {found}"
                )
                ok = False
                continue
            kind: PhaseKind = kinds[0]  # type: ignore[assignment]
            seconds = self.phase_seconds(item.entries[kind], here)
            label = None
            if "label" in item.entries:
                label = self.read.words(
                    item.entries["label"], f"{here}.label", one_line=True, limit=MAX_CHARS["label"]
                )
                ok = ok and label is not None
            if seconds is None:
                ok = False
                continue
            phases.append((kind, seconds, label))
        return phases if ok else None

    def phase_seconds(self, value: YamlValue, where: str) -> float | None:
        if isinstance(value, YamlScalar) and value.value == 0 and value.value is not False:
            return 0.0
        seconds = self.read.duration(value, where, what="a number of seconds")
        if seconds is None:
            return None
        if not MIN_PHASE <= seconds <= MAX_PHASE:
            self.problems.add(
                value, where, f"a phase lasts 1–30 seconds, got {durations.number(seconds)}"
            )
            return None
        return seconds

    def checklist_step(self, step: YamlMap, where: str, bell: bool) -> ChecklistStep | None:
        value = step.entries["checklist"]
        here = f"{where}.checklist"
        items: list[str] = []
        if not isinstance(value, YamlList):
            self.problems.add(value, here, "expected a list of items, each starting with `- `")
        elif not 1 <= len(value.items) <= MAX_CHECKLIST_ITEMS:
            self.problems.add(
                value,
                here,
                f"a checklist has 1 to {MAX_CHECKLIST_ITEMS} items, got {len(value.items)}",
            )
        else:
            for index, item in enumerate(value.items):
                word = self.read.words(item, f"{here}[{index}]", one_line=True)
                if word is not None and len(word) > MAX_CHECKLIST_ITEM_CHARS:
                    self.problems.add(
                        item,
                        f"{here}[{index}]",
                        f"an item is short: at most {MAX_CHECKLIST_ITEM_CHARS} characters",
                    )
                elif word is not None:
                    items.append(word)
        text = self.optional_text(step, where)
        seconds = None
        if "seconds" in step.entries:
            seconds = self.read.duration(step.entries["seconds"], f"{where}.seconds")
            if seconds is None:
                return None
        if not items or len(items) != len(value.items if isinstance(value, YamlList) else []):
            return None
        return ChecklistStep(items=tuple(items), text=text, seconds=seconds, bell=bell)

    def pause_step(self, step: YamlMap, where: str, bell: bool) -> PauseStep | None:
        seconds = self.read.duration(step.entries["pause"], f"{where}.pause")
        text = self.optional_text(step, where)
        if seconds is None:
            return None
        return PauseStep(seconds=seconds, text=text, bell=bell)

    def include_step(self, step: YamlMap, where: str, bell: bool) -> IncludeStep | None:
        value = step.entries["include"]
        name = self.read.words(value, f"{where}.include", one_line=True)
        if name is None:
            return None
        if not ID_PATTERN.match(name):
            self.problems.add(value, f"{where}.include", f"`{name}` is not an exercise id")
            return None
        return IncludeStep(exercise_id=name, line=value.line, column=value.column, bell=bell)

    def word(self, value: YamlValue, where: str, what: str, example: str) -> str | None:
        """A key or topic: one word of lower-case letters, digits and hyphens, as ids are."""
        found = self.read.words(value, where, one_line=True, limit=MAX_CHARS["label"])
        if found is None:
            return None
        if not ID_PATTERN.match(found):
            self.problems.add(
                value,
                where,
                f"`{found}` is not {what}; use one word of lower-case letters, digits and "
                f"hyphens (like {example})",
            )
            return None
        return found

    def check_in_step(self, step: YamlMap, where: str, bell: bool) -> CheckInStep | None:
        entries = step.entries
        question = self.read.words(
            entries["check-in"], f"{where}.check-in", one_line=True, limit=MAX_CHARS["question"]
        )
        key: str | None = f"{self.own_id}-step-{self.step_number + 1}"
        if "key" in entries:
            key = self.word(entries["key"], f"{where}.key", "a key", "tension")
        scale: tuple[str, str] | None = ("none", "a lot")
        if "scale" in entries:
            scale = self.scale(entries["scale"], f"{where}.scale")
        if question is None or key is None or scale is None:
            return None
        return CheckInStep(question=question, key=key, scale=scale, bell=bell)

    def scale(self, value: YamlValue, where: str) -> tuple[str, str] | None:
        """Two labels, for 0 and for 10: ``[none, a lot]``."""
        example = "two labels, for 0 and for 10, like [none, a lot]"
        if not isinstance(value, YamlList):
            self.problems.add(value, where, f"expected {example}")
            return None
        if len(value.items) != 2:
            self.problems.add(value, where, f"expected {example}; got {len(value.items)}")
            return None
        labels = [
            self.read.words(item, f"{where}[{index}]", one_line=True, limit=MAX_CHARS["label"])
            for index, item in enumerate(value.items)
        ]
        low, high = labels
        if low is None or high is None:
            return None
        return (low, high)

    def write_step(self, step: YamlMap, where: str, bell: bool) -> WriteStep | None:
        entries = step.entries
        prompt = self.read.words(entries["write"], f"{where}.write")
        boxes: int | None = 1
        if "entries" in entries:
            boxes = self.read.whole_number(
                entries["entries"], f"{where}.entries", 1, MAX_WRITE_ENTRIES, "a number of boxes"
            )
        topic: str | None = self.own_id
        if "topic" in entries:
            topic = self.word(entries["topic"], f"{where}.topic", "a topic", "good-things")
        if prompt is None or boxes is None or topic is None:
            return None
        if not topic:
            self.problems.add(step, where, "add `topic:` with a word like good-things")
            return None
        return WriteStep(prompt=prompt, entries=boxes, topic=topic, bell=bell)

    def recall_step(self, step: YamlMap, where: str, bell: bool) -> RecallStep | None:
        entries = step.entries
        topic = self.word(entries["recall"], f"{where}.recall", "a journal topic", "outcomes")
        count: int | None = DEFAULT_RECALL_COUNT
        if "count" in entries:
            count = self.read.whole_number(
                entries["count"], f"{where}.count", 1, MAX_RECALL_COUNT, "a number of entries"
            )
        text = self.optional_text(step, where)
        if topic is None or count is None:
            return None
        return RecallStep(topic=topic, count=count, text=text, bell=bell)


@dataclass(frozen=True)
class StepKind:
    """One kind of step, as the format declares it.

    Attributes:
        name: The key that marks a step as this kind (``breathe``), as in :data:`StepKindName`.
        keys: Every key a step of this kind may have, its name first.
        read: Reads a step of this kind whose keys are known to be allowed (the bell is read).
    """

    name: StepKindName
    keys: tuple[str, ...]
    read: Callable[[_FileChecker, YamlMap, str, bool], Step | None]


def _step_kind(name: StepKindName) -> StepKind:
    """The row of :data:`STEP_KINDS` for one kind: the only place a kind's keys are listed."""
    match name:
        case "text":
            keys: tuple[str, ...] = ("text", "seconds", "tally", "bell")
            return StepKind(name, keys, _FileChecker.text_step)
        case "breathe":
            keys = (
                "breathe", "cycles", "seconds", "min_cycles", "max_cycles", "text", "bell", "tones"
            )  # fmt: skip
            return StepKind(name, keys, _FileChecker.breathe_step)
        case "checklist":
            keys = ("checklist", "text", "seconds", "bell")
            return StepKind(name, keys, _FileChecker.checklist_step)
        case "pause":
            keys = ("pause", "text", "bell")
            return StepKind(name, keys, _FileChecker.pause_step)
        case "include":
            keys = ("include", "bell")
            return StepKind(name, keys, _FileChecker.include_step)
        case "check-in":
            keys = ("check-in", "key", "scale", "bell")
            return StepKind(name, keys, _FileChecker.check_in_step)
        case "write":
            keys = ("write", "entries", "topic", "bell")
            return StepKind(name, keys, _FileChecker.write_step)
        case "recall":
            keys = ("recall", "count", "text", "bell")
            return StepKind(name, keys, _FileChecker.recall_step)
        case _:
            assert_never(name)


STEP_KINDS: tuple[StepKind, ...] = tuple(_step_kind(name) for name in get_args(StepKindName))
"""Every kind of step, in the order the format lists them."""

ALL_STEP_KEYS = tuple(dict.fromkeys(key for kind in STEP_KINDS for key in kind.keys))

_CAPTION_NAMES = frozenset(
    kind.name for kind in STEP_KINDS if any(kind.name in other.keys[1:] for other in STEP_KINDS)
)
"""Kinds whose key other kinds also allow (``text``, their caption): alone, it names the kind."""


CHECKED_KEPT = 2048
CHECKED_MAX_CHARACTERS = 16 * 1024
"""A process remembers the last 2,048 files it checked that are under 16 KiB (a shipped exercise
is under 5 KiB), so what it keeps stays under 32 MiB whatever the folders hold."""


def load_text(text: str, path: str, *, file_id: str = "", origin: Origin = "user") -> Exercise:
    """Check already-decoded YAML text; the exercise, or every problem in a :class:`UserError`.

    Checking is pure (the same text, path, id and origin give the same exercise, which is
    immutable), so a process checks an ordinary file's text once: when a folder is large the
    library is loaded again after the first paint (the built-ins a second time), and a test
    process loads it hundreds of times. A file that fails is checked afresh each time (errors
    are not remembered).

    Raises:
        UserError: With every problem found (a file YAML cannot read is one of them).
    """
    if len(text) > CHECKED_MAX_CHARACTERS:
        return _check(text, path, file_id, origin)
    return _remembered(text, path, file_id, origin)


def _check(text: str, path: str, file_id: str, origin: Origin) -> Exercise:
    root, repeated = parse_keeping_first(text, path)  # a repeated key: report it, read on
    checker = _FileChecker(path)
    exercise = checker.exercise(root, file_id, origin)
    if exercise is not None and not exercise.has_includes:
        # With includes, the library checks the lengths once it has resolved them.
        for message in length_problems(exercise):
            checker.problems.add(_lengths_place(exercise), "lengths", message)
    problems = [*checker.problems]
    if repeated:  # placed among the others in the order of the file
        problems = sorted([*repeated, *problems], key=lambda p: (p.line or 0, p.column or 0))
    if problems or exercise is None:
        raise UserError(problems or [Problem(path, 1, 1, "the exercise is not valid")])
    return exercise


_remembered = functools.lru_cache(maxsize=CHECKED_KEPT)(_check)


def forget_checked_files() -> None:
    """Check every file afresh from now on: for benchmarks that time checking itself."""
    _remembered.cache_clear()


def _lengths_place(exercise: Exercise) -> tuple[int, int]:
    """Where an exercise's ``lengths`` were written."""
    rule = exercise.lengths
    return (rule.line, rule.column) if rule is not None else (1, 1)


def load_bytes(data: bytes, name: str, *, file_id: str, origin: Origin = "user") -> Exercise:
    """Check the raw bytes of an exercise file; the exercise, or a :class:`UserError`."""
    return load_text(decode(data, name), name, file_id=file_id, origin=origin)


def load_file(path: Path, *, origin: Origin = "user") -> Exercise:
    """Read and check one exercise file.

    Raises:
        UserError: With every problem found, each with its line and column.
    """
    return load_bytes(read_limited(path), str(path), file_id=id_from_filename(path), origin=origin)
