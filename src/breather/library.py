"""The library: every exercise breather can find, and every file it could not load.

Exercises come from folders searched in order (built-in, organisation, the user's own); a later
exercise replaces an earlier one with the same id. A broken file never hides the good ones: it
becomes a :class:`~breather.errors.Problem` beside them. This module also resolves ``include``
steps, with cycle detection, so the timeline only ever sees playable steps, and answers for the
screens whether an exercise is offered at a length (:meth:`Library.offer`).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: importing importlib.resources costs every start a few ms
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python 3.10
        from importlib.abc import Traversable

from breather import durations
from breather.errors import Problem, UserError
from breather.loader import id_from_filename, load_bytes
from breather.model import Exercise, IncludeStep, Origin, PlayableStep
from breather.offering import length_problems
from breather.paths import breather_path, builtin_exercises, folders
from breather.readers import closest, mean_one_of, read_limited
from breather.safetext import file_name_problem
from breather.settings import Settings
from breather.timeline import PlanOptions, Timeline, plan

EXERCISE_SUFFIXES = (".yaml", ".yml")

RENAMED: Mapping[str, str] = {"breathing-space": "longer-out-breath"}
"""Built-in ids that were renamed, old to new. Not aliases: the old id still plays nothing (so
"breathing space" never points at a practice other than MBCT's), but the error names the new id
instead of guessing."""

FIRST_PASS_FILES = 200
"""Beyond this many exercise files outside the built-in library, the terminal UI shows the
built-ins first and loads the rest after its first paint (1,000 files take most of a second)."""


@dataclass(frozen=True)
class ExerciseFolder:
    """A folder searched for exercises, and what kind of source it is."""

    location: Traversable | Path
    origin: Origin
    required: bool = False


def search_path(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> list[ExerciseFolder]:
    """The folders searched, in order: built-in, organisation (settings, BREATHER_PATH), user."""
    result = [ExerciseFolder(builtin_exercises(), "built-in", required=True)]
    for folder in (*settings.exercise_dirs, *breather_path(environ)):
        result.append(ExerciseFolder(folder, "organisation", required=True))
    result.append(ExerciseFolder(folders(environ).user_exercises, "user"))
    return result


def exercise_files(location: Traversable | Path) -> list[Traversable | Path]:
    """The ``*.yaml`` and ``*.yml`` files directly in a folder, sorted by name."""
    found = [
        entry
        for entry in location.iterdir()
        if entry.name.lower().endswith(EXERCISE_SUFFIXES)
        and not entry.name.startswith(".")
        and (entry.is_file() or _is_link(entry))  # a link leading nowhere is reported, not lost
    ]
    return sorted(found, key=lambda entry: entry.name)


def _is_link(entry: Traversable | Path) -> bool:
    return isinstance(entry, Path) and entry.is_symlink()


def load_entry(entry: Traversable | Path, origin: Origin) -> Exercise:
    """Load one file from a folder (a real path or one inside the installed package).

    A file whose name holds a control character is refused unread: its name would reach every
    listing and message (shown escaped, by the error renderer).
    """
    name = str(entry)
    refusal = file_name_problem(entry.name)
    if refusal is not None:
        raise UserError([Problem(name, None, None, refusal.message)])
    if isinstance(entry, Path):
        if entry.is_symlink() and not entry.exists():
            message = f"a link to {os.readlink(entry)}, which does not exist (or cannot be reached)"
            raise UserError([Problem(name, None, None, message)])
        data = read_limited(entry)
    else:
        try:
            data = entry.read_bytes()
        except OSError as error:
            raise UserError(
                [Problem(name, None, None, f"could not read the file: {error}")]
            ) from None
    return load_bytes(data, name, file_id=id_from_filename(Path(entry.name)), origin=origin)


@dataclass(frozen=True)
class Offer:
    """An exercise at the length someone asked for: how it then plays, or why it is not offered.

    Every screen that shows or filters by length reads one of these (:meth:`Library.offer`), and
    ``play``/``plan`` plan the same way, so what is offered is never then refused.

    Attributes:
        exercise: The exercise with every text a person reads filled in for this session
            (``{support}``, ``{length}``); when refused, filled in as written.
        timeline: The session it plays; None when it is not offered at that length.
        refusal: Why not, in the user's words ("" when offered).
    """

    exercise: Exercise
    timeline: Timeline | None
    refusal: str = ""

    @property
    def length_label(self) -> str:
        """Its length as a list shows it: "about 2 min", "fits in 1:58", "39 s, as written"."""
        timeline = self.timeline
        if timeline is None:
            return ""
        if timeline.target is None:
            return durations.length_words(timeline.total)
        if timeline.fitted:
            return f"fits in {durations.length(timeline.total)}"
        return f"{durations.brief_length(timeline.total)}, as written"


class _IncludeProblem(Exception):
    """Why an include cannot be resolved; placed at the include step by :meth:`Library.resolve`."""


@dataclass
class Library:
    """Exercises by id (later sources already applied) and the files that failed.

    Attributes:
        exercises: Loaded exercises by id, in the order first found.
        problems: Every file (or folder) that could not be used, with its errors.
    """

    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, exercise: Exercise) -> None:
        """Add an exercise, replacing any with the same id."""
        self.exercises[exercise.id] = exercise

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id.

        Raises:
            UserError: No exercise has that id; the message suggests the closest ones.
        """
        try:
            return self.exercises[exercise_id]
        except KeyError:
            pass
        broken = self.broken_file(exercise_id)
        if broken is not None:
            raise UserError([broken])
        raise UserError(self.unknown_id_message(exercise_id))

    def broken_file(self, exercise_id: str) -> Problem | None:
        """Why the file named after ``exercise_id`` did not load, at its first problem.

        A file that fails to load has no id but its name's, so ``play my-exercise`` after editing
        ``my-exercise.yaml`` must say the file is broken and where, not that the id is unknown.
        """
        found = [
            problem
            for problem in self.problems
            if problem.path.lower().endswith(EXERCISE_SUFFIXES)
            and id_from_filename(Path(problem.path)) == exercise_id
        ]
        if not found:
            return None
        first = found[0]
        more = len([p for p in found if p.path == first.path]) - 1
        rest = f" (and {more} more: `breather validate {first.path}`)" if more else ""
        message = f"`{exercise_id}` could not be loaded from this file: {first.message}{rest}"
        return replace(first, message=message)

    def unknown_id_message(self, exercise_id: str) -> str:
        """Why ``exercise_id`` is not here, naming the new id of a renamed one or the closest."""
        renamed = self.renamed_to(exercise_id)
        if renamed is not None:
            return (
                f"no exercise has the id `{exercise_id}`: it was renamed `{renamed}` (the same "
                f"practice and times), so use `{renamed}` instead"
            )
        typed = exercise_id.lower()
        if typed.endswith(EXERCISE_SUFFIXES) or "/" in exercise_id or os.sep in exercise_id:
            return self._a_file_for_an_id(exercise_id)
        hint = mean_one_of(self.ids_like(exercise_id)[:3])
        return (
            f"no exercise has the id `{exercise_id}`{hint} (`breather list` shows every exercise)"
        )

    def _a_file_for_an_id(self, typed: str) -> str:
        """A file's path where an id goes: its id when the library has it, else how to add it."""
        stem = id_from_filename(Path(typed))  # the id the file would have in a folder
        if stem in self.exercises:
            return f"`{typed}` names a file, and the command takes an id: use `{stem}`"
        return (
            f"`{typed}` names a file, and the command takes an exercise's id: put the file in "
            f"your exercises folder (`breather paths` shows where) and use its name, `{stem}`; "
            f"`breather validate {shlex.quote(typed)}` checks it first"
        )

    def ids_like(self, word: str) -> list[str]:
        """The ids a mistyped or shortened id may mean, best first.

        First the ids that hold the word with its hyphens and spaces left out (``box``,
        ``4-7-8``, ``54321``), shortest first; then those that look like it (a misspelling).
        """
        spelled, digits = _compact(word, numbers=False), _compact(word)
        holding = sorted(
            (
                known
                for known in self.exercises
                if (len(spelled) >= 2 and spelled in _compact(known, numbers=False))
                or (len(digits) >= 2 and digits in _compact(known))  # "three" is not just any 3
            ),
            key=lambda known: (len(known), known),
        )
        looking = closest(word, list(self.exercises), count=3, cutoff=0.5)
        return [*holding, *(known for known in looking if known not in holding)]

    def renamed_to(self, exercise_id: str) -> str | None:
        """The id a renamed built-in now has, when that exercise is in the library."""
        new_id = RENAMED.get(exercise_id)
        return new_id if new_id is not None and new_id in self.exercises else None

    def resolve(self, exercise: Exercise) -> Exercise:
        """The exercise with every include replaced by the included steps.

        Problems are reported in the exercise's own file, at its own include step, even when
        the trouble lies deeper in the chain of includes.

        Raises:
            UserError: An include names an unknown id, or exercises include each other in a cycle.
        """
        if not exercise.has_includes:
            return exercise
        steps: list[PlayableStep] = []
        for index, step in enumerate(exercise.steps):
            if not isinstance(step, IncludeStep):
                steps.append(step)
                continue
            try:
                included = self._flatten(step.exercise_id, (exercise.id,))
            except _IncludeProblem as problem:
                where = f"steps[{index}].include"
                raise UserError(
                    [Problem(exercise.path, step.line, step.column, f"{where}: {problem}")]
                ) from None
            if step.bell and included:
                included[0] = replace(included[0], bell=True)
            steps.extend(included)
        return replace(exercise, steps=tuple(steps))

    def _flatten(self, target_id: str, chain: tuple[str, ...]) -> list[PlayableStep]:
        if target_id in chain:
            if len(chain) == 1:
                raise _IncludeProblem(f"`{target_id}` includes itself")
            cycle = " → ".join((*chain[chain.index(target_id) :], target_id))
            raise _IncludeProblem(f"exercises include each other in a circle: {cycle}")
        if target_id not in self.exercises:
            known = ", ".join(sorted(self.exercises)) or "none"
            renamed = self.renamed_to(target_id)
            if renamed is not None:
                hint = f"it was renamed `{renamed}`; "
            else:
                close = closest(target_id, list(self.exercises))
                hint = f"did you mean `{close[0]}`? " if close else ""
            inside = f" (included by `{chain[-1]}`)" if len(chain) > 1 else ""
            raise _IncludeProblem(
                f"no exercise has the id `{target_id}`{inside}; {hint}the ids are: {known}"
            )
        result: list[PlayableStep] = []
        for step in self.exercises[target_id].steps:
            if not isinstance(step, IncludeStep):
                result.append(step)
                continue
            included = self._flatten(step.exercise_id, (*chain, target_id))
            if step.bell and included:
                included[0] = replace(included[0], bell=True)
            result.extend(included)
        return result

    def plan(
        self,
        exercise: Exercise,
        *,
        minutes: float | None,
        holds: bool,
        support: str,
        check_ins: bool = True,
    ) -> Timeline:
        """Resolve and plan an exercise for one session's choices (``check_ins``: False leaves
        its check-in steps out, as ``--no-check-in`` asks).

        Raises:
            UserError: Its includes cannot be resolved, or it cannot fit ``minutes``.
        """
        options = PlanOptions(
            minutes=minutes, no_holds=not holds, support=support, no_check_in=not check_ins
        )
        return plan(self.resolve(exercise), options)

    def offer(
        self,
        exercise: Exercise,
        *,
        minutes: float | None,
        holds: bool,
        support: str,
        check_ins: bool = True,
    ) -> Offer:
        """Whether an exercise is offered at ``minutes`` for these choices, and how it plays.

        The answer the library's minute keys, the start card and the info panel share; it plans
        exactly as :meth:`plan` does, so it agrees with ``play`` and ``plan --minutes``.

        Raises:
            UserError: Its includes cannot be resolved (such exercises never reach the library).
        """
        resolved = self.resolve(exercise)
        options = PlanOptions(
            minutes=minutes, no_holds=not holds, support=support, no_check_in=not check_ins
        )
        try:
            timeline = plan(resolved, options)
        except UserError as refusal:
            as_written = plan(resolved, replace(options, minutes=None))
            return Offer(as_written.exercise, None, refusal.render())
        return Offer(timeline.exercise, timeline)

    def check(self, exercise: Exercise) -> None:
        """Check what can only be checked with the whole library: includes, and then the
        lengths of an exercise that has them (the loader checks the others' lengths).

        Raises:
            UserError: An include cannot be resolved, or the resolved steps do not offer the
                lengths the file lists; each problem at its place in the exercise's own file.
        """
        resolved = self.resolve(exercise)
        rule = exercise.lengths
        if not exercise.has_includes or rule is None:
            return
        problems = length_problems(resolved)
        if problems:
            raise UserError(
                Problem(exercise.path, rule.line, rule.column, f"lengths: {message}")
                for message in problems
            )

    def check_includes(self) -> None:
        """Move every exercise whose includes (or lengths, once included steps are known) are
        wrong into :attr:`problems`."""
        broken: list[str] = []
        for exercise_id, exercise in self.exercises.items():
            try:
                self.check(exercise)
            except UserError as error:
                broken.append(exercise_id)
                self.problems.extend(error.problems)
        for exercise_id in broken:
            del self.exercises[exercise_id]


def load_folders(sources: Sequence[ExerciseFolder]) -> Library:
    """Load every exercise file from the folders, in order; later ids replace earlier ones."""
    library = Library()
    for source in sources:
        location = source.location
        try:
            entries = exercise_files(location)
        except (OSError, FileNotFoundError, NotADirectoryError) as error:
            if source.required:
                reason = getattr(error, "strerror", None) or "it does not exist or cannot be read"
                library.problems.append(
                    Problem(str(location), None, None, f"exercise folder not used: {reason}")
                )
            continue
        for entry in entries:
            try:
                library.add(load_entry(entry, source.origin))
            except UserError as error:
                library.problems.extend(error.problems)
    library.check_includes()
    return library


def files_beyond_builtin(sources: Sequence[ExerciseFolder]) -> int:
    """How many exercise files the folders other than the built-in one hold (a folder that
    cannot be listed counts none: loading it reports why)."""
    count = 0
    for source in sources:
        if source.origin == "built-in":
            continue
        try:
            count += len(exercise_files(source.location))
        except OSError:
            continue
    return count


def load_library(settings: Settings, environ: Mapping[str, str] | None = None) -> Library:
    """The whole library for this user: built-ins, organisation folders and their own."""
    return load_folders(search_path(settings, environ))


NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), start=1
    )
}
"""Numbers as a person may type them: ``four-seven-eight`` means the ``4-7-8`` in an id."""


def _compact(text: str, *, numbers: bool = True) -> str:
    """``text`` lower-cased with hyphens, underscores and spaces left out, for comparing ids.

    ``numbers``: number words become digits, on both sides of a comparison: ``four-seven-eight``
    and ``4-7-8`` both become ``478``, ``one sigh`` and ``one-sigh`` both ``1sigh``.
    """
    words = re.split(r"[-_ ]+", text.lower())
    return "".join(NUMBER_WORDS.get(word, word) if numbers else word for word in words)
