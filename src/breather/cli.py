"""The command line: ``breather`` and its commands, as ``shared/spec/cli.md`` defines them.

The names, outputs and exit statuses here are a contract that scripts and clinic IT rely on:
0 for success (and for a session the user stopped), 2 for the user's mistakes (one
``FILE:LINE:COLUMN: message`` line each on stderr, never a traceback), 1 for anything unexpected
(one calm line, and a full report in a file). The terminal UI is imported only when it is opened,
and so is whatever only some commands need (the history's SQLite, the line players, the guards of
a played session, export, doctor, the schema, JSON, the error report's modules): ``breather list``
must start about as fast as Python importing PyYAML and argparse.

The history is opened only where a session is played or the history is asked for, and never when
it is off (setting ``history: false`` or ``--no-history``): then not even the data folder is
touched.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from breather import __version__, durations
from breather.clock import MonotonicClock, local_now
from breather.errors import Problem, UserError
from breather.library import (
    FIRST_PASS_FILES,
    Library,
    exercise_files,
    files_beyond_builtin,
    load_entry,
    load_folders,
    load_library,
    search_path,
)
from breather.model import DEFAULT_SUPPORT, Exercise
from breather.paths import folders, history_database, open_report
from breather.readers import closest, mean_one_of
from breather.safetext import safe_json, safe_text
from breather.settings import MOTIONS, LoadedSettings, SessionChoices, load_settings
from breather.sound_choice import SOUND_MODES
from breather.timeline import PlanOptions, Timeline, plan

if TYPE_CHECKING:
    from breather.clock import WaitableClock
    from breather.export import Format, Handout
    from breather.history import HistoryStore, Unavailable
    from breather.practice import Practice

EXIT_OK, EXIT_UNEXPECTED, EXIT_USER_ERROR = 0, 1, 2
DEFAULT_HISTORY_DAYS = 7
EXPORT_FORMATS: tuple[Format, ...] = ("md", "html", "txt")
"""``export --format``'s choices: :data:`breather.export.FORMATS`, written here so that building
the parser does not import export (a test holds the two equal)."""


PLAY_ONE_LINE_BY_LINE = (
    "To play one line by line: breather play ID (for example, breather play cyclic-sigh)."
)
"""Said after the list where the full-screen library cannot open (TERM=dumb, a pipe)."""


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0.5 <= value <= 30:
        raise argparse.ArgumentTypeError(f"choose from 0.5 to 30 minutes, got {text}")
    return value


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days, got {text!r}") from None
    if not 1 <= value <= 36500:
        raise argparse.ArgumentTypeError(f"choose from 1 to 36500 days, got {text}")
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date written YYYY-MM-DD, like 2026-12-01; got {text!r}"
        ) from None


LARGEST_ROW_ID = 2**63 - 1
"""SQLite's largest row id: a journal entry's number is never above it."""


def _entry_number(text: str) -> int:
    """A journal entry's number as ``breather journal`` shows it: ``12`` or ``#12``."""
    digits = text.strip().removeprefix("#")
    # ASCII digits only ("١" is a digit to Python), and no more than SQLite's largest row id.
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= LARGEST_ROW_ID:
        raise argparse.ArgumentTypeError(
            f"expected an entry's number as `breather journal` shows it, like 12; got {text!r}"
        )
    return int(digits)


def _session_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("session options")
    group.add_argument(
        "--minutes",
        type=_minutes,
        default=argparse.SUPPRESS,
        metavar="M",
        help="fit the exercise to M minutes (e.g. 1, 2.5)",
    )
    group.add_argument(
        "--no-holds", action="store_true", default=argparse.SUPPRESS, help="drop every breath hold"
    )
    group.add_argument(
        "--motion",
        choices=MOTIONS,
        default=argparse.SUPPRESS,
        help="how much moves on screen (default: settings, then TEXTUAL_ANIMATIONS, then full)",
    )
    group.add_argument(
        "--silent", action="store_true", default=argparse.SUPPRESS, help="no sound: --sound off"
    )
    group.add_argument(
        "--sound",
        choices=SOUND_MODES,
        default=argparse.SUPPRESS,
        help="cues: none, the terminal bell, or soft tones (default: settings, then off)",
    )
    group.add_argument(
        "--no-history",
        action="store_true",
        default=argparse.SUPPRESS,
        help="record nothing about this session",
    )
    group.add_argument(
        "--no-check-in",
        action="store_true",
        default=argparse.SUPPRESS,
        help="skip every check-in step, and the before and after check-in of the settings",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with its mistakes told in one line, and what the user typed shown escaped.

    argparse's own report repeats the whole usage (three lines and more) before the one line that
    matters; the contract is one line per problem, so the usage gives way to a pointer to
    ``--help``. ``unrecognized arguments: ...`` repeats the arguments as they were typed; an
    argument can hold an escape sequence (pasted, or from a script).
    """

    def error(self, message: str) -> NoReturn:
        line = f"{self.prog}: {_with_a_guess(message)} (`{self.prog} --help` shows the options)"
        self.exit(EXIT_USER_ERROR, safe_text(line) + "\n")


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<word>[^']*)' \(choose from (?P<choices>.*)\)$")


def _with_a_guess(message: str) -> str:
    """argparse's "invalid choice" with the choice that was likely meant (``hist``: history).

    A choice that begins with what was typed comes first, then one that looks like it.
    """
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return message
    word = found["word"].lower()
    choices = [choice.strip().strip("'") for choice in found["choices"].split(",")]
    starting = [choice for choice in choices if word and choice.startswith(word)]
    guesses = starting or closest(word, choices)
    if not guesses:
        return message
    typed = f"invalid choice: '{found['word']}'{mean_one_of(guesses[:2])}"
    return f"{message[: found.start()]}{typed} (choose from {found['choices']})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(
        prog="breather",
        description=(
            "Short guided exercises for the gaps between clients and the end of the day. "
            "With no command, opens the library."
        ),
        epilog=(
            "Keys in the library: 1/2/3 minutes, 0 any length, / filter, i info, y history, "
            "j journal. On the start card: enter begin, h holds, m motion, s sound, esc back. In "
            "the player: space pause, k pause where space marks, n/→ next, p/← back, t timers, "
            "q stop, ? help. In the journal: d delete the highlighted entry (asks first), "
            "esc back."
        ),
    )
    parser.add_argument("--version", action="version", version=f"breather {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full error report if something goes wrong"
    )
    _session_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play an exercise (opens its start card)")
    play.add_argument("id", help="the exercise's id (see `breather list`)")
    play.add_argument(
        "--plain",
        action="store_true",
        help="one line per event, printed when it happens (screen readers, logs)",
    )
    play.add_argument(
        "--lead",
        action="store_true",
        help="lead a group aloud: the words to say in large type, breaths counted; records nothing",
    )
    _session_options(play)

    plan_parser = commands.add_parser("plan", help="print an exercise's timeline without playing")
    plan_parser.add_argument("id", help="the exercise's id")
    plan_parser.add_argument("--json", action="store_true", help="machine-readable output")
    _session_options(plan_parser)

    export = commands.add_parser(
        "export", help="print an exercise, or the whole library, for paper or a browser"
    )
    export.add_argument("id", nargs="?", help="the exercise's id (or --all)")
    export.add_argument("--all", action="store_true", help="every exercise, with a contents list")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="md",
        help="md (default), html (one file) or txt",
    )
    _session_options(export)

    list_parser = commands.add_parser("list", help="list every exercise and every broken file")
    list_parser.add_argument("--json", action="store_true", help="machine-readable output")

    validate = commands.add_parser("validate", help="check exercise files or folders")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)

    serve_parser = commands.add_parser(
        "serve", help="open breather in a web browser on this computer (needs breather[serve])"
    )
    serve_parser.add_argument(
        "--no-browser", action="store_true", help="print the address without opening a browser"
    )

    new = commands.add_parser("new", help="write a starter exercise to edit, in your own folder")
    new.add_argument("name", metavar="NAME", help='its title, e.g. "Before the next client"')

    commands.add_parser("schema", help="print the JSON Schema of the exercise format")
    commands.add_parser("paths", help="print where breather reads and writes")

    history = commands.add_parser(
        "history",
        help="what you practised: by day, minutes, exercises, check-ins before and after",
        description=(
            "What you practised, most recent first. Kept on this computer only. "
            "Nothing here judges: no streaks, no missed days, no goals."
        ),
    )
    history.add_argument(
        "--days",
        type=_days,
        metavar="N",
        help=f"the last N days (default {DEFAULT_HISTORY_DAYS}; --json and --csv: everything)",
    )
    history_format = history.add_mutually_exclusive_group()
    history_format.add_argument("--json", action="store_true", help="machine-readable output")
    history_format.add_argument(
        "--csv", action="store_true", help="one row per session, for a spreadsheet"
    )
    history.add_argument("--forget", action="store_true", help="delete the history and the journal")
    history.add_argument(
        "--before",
        type=_date,
        metavar="YYYY-MM-DD",
        help="with --forget: delete only what was recorded before this day",
    )
    history.add_argument("--yes", action="store_true", help="with --forget: do not ask first")

    journal = commands.add_parser(
        "journal", help="what you wrote in write steps, newest first, with dates"
    )
    journal.add_argument("--topic", metavar="T", help="only the entries of one topic")
    journal.add_argument("--json", action="store_true", help="machine-readable output")
    journal.add_argument(
        "--forget",
        type=_entry_number,
        metavar="N",
        help="delete the one entry numbered N (the number `breather journal` shows before it)",
    )
    journal.add_argument("--yes", action="store_true", help="with --forget: do not ask first")

    doctor = commands.add_parser("doctor", help="say what breather sees here and what to fix")
    doctor.add_argument("--json", action="store_true", help="machine-readable output (for IT)")
    for command in commands.choices.values():  # `breather plan ID --debug` works too
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def _choices(args: argparse.Namespace) -> SessionChoices:
    return SessionChoices(
        minutes=getattr(args, "minutes", None),
        no_holds=getattr(args, "no_holds", False),
        motion=getattr(args, "motion", None),
        silent=getattr(args, "silent", False),
        no_history=getattr(args, "no_history", False),
        no_check_in=getattr(args, "no_check_in", False),
        sound=getattr(args, "sound", None),
    )


class Context:
    """What every command needs: the settings (read once), the library (loaded on demand), the
    streams to read and write, the clock a session plays by and the wall clock it is recorded by.
    """

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        clock: WaitableClock,
        now: Callable[[], datetime] = local_now,
        stdin: TextIO | None = None,
    ) -> None:
        self.out = out
        self.err = err
        self.clock = clock
        self.now = now
        self.stdin = stdin if stdin is not None else sys.stdin
        self.folders = folders()
        self.loaded: LoadedSettings = load_settings(self.folders.settings_file)
        self._library: Library | None = None

    def note_settings_problems(self) -> None:
        """Say once, on stderr, what was ignored in the settings file."""
        for problem in self.loaded.problems:
            print(problem.render(), file=self.err)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = load_library(self.loaded.settings)
        return self._library

    def support(self) -> str:
        return self.loaded.settings.support or DEFAULT_SUPPORT

    def holds(self, choices: SessionChoices) -> bool:
        """Whether breath holds are played: the setting, unless --no-holds."""
        return self.loaded.settings.holds and not choices.no_holds

    def timeline(self, exercise_id: str, choices: SessionChoices) -> Timeline:
        return self.library.plan(
            self.library.get(exercise_id),
            minutes=choices.minutes,
            holds=self.holds(choices),
            support=self.support(),
            check_ins=not choices.no_check_in,
        )

    def history_on(self, choices: SessionChoices) -> bool:
        """Whether this session is recorded: the setting, unless ``--no-history`` says not."""
        return self.loaded.settings.history and not choices.no_history

    def open_history(self, choices: SessionChoices) -> HistoryStore | Unavailable:
        """The history for a session; when it is off, nothing is touched (not even the folder)."""
        from breather.history import open_history

        return open_history(history_database(), enabled=self.history_on(choices))

    def terminal_input(self) -> Callable[[], str | None] | None:
        """Reads a line the user types, when the input is a terminal; None otherwise."""
        stream = self.stdin
        try:
            if stream is None or not stream.isatty():
                return None
        except (OSError, ValueError):
            return None

        def read_line() -> str | None:
            try:
                line = stream.readline()
            except (OSError, ValueError):
                return None
            return line.rstrip("\r\n") if line else None

        return read_line


# -- commands ----------------------------------------------------------------------------------


def cmd_list(ctx: Context, choices: SessionChoices, as_json: bool) -> int:
    library = ctx.library
    exercises = list(library.exercises.values())
    # `seconds` is the length as written; what is shown and `played_seconds` follow the holds
    # setting and --no-holds, so a list never promises a length the session will not play.
    holds = ctx.holds(choices)
    written = {exercise.id: _length(library, exercise, holds=True) for exercise in exercises}
    played = (  # planned once when holds are played: the two lengths are the same
        written
        if holds
        else {exercise.id: _length(library, exercise, holds=False) for exercise in exercises}
    )
    if as_json:
        import json

        payload = {
            "exercises": [
                {
                    "id": exercise.id,
                    "title": exercise.title,
                    "summary": exercise.summary,
                    "tags": list(exercise.tags),
                    "seconds": round(written[exercise.id], 3),
                    "played_seconds": round(played[exercise.id], 3),
                    "origin": exercise.origin,
                    "path": exercise.path,
                    "lengths": _lengths_json(exercise),
                }
                for exercise in exercises
            ],
            "problems": [problem.as_json() for problem in library.problems],
        }
        ctx.out.write(safe_json(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n")
        return EXIT_OK
    rows = [
        tuple(
            safe_text(cell)
            for cell in (
                exercise.id,
                exercise.title,
                durations.length_words(played[exercise.id]),
                ", ".join(exercise.tags),
                exercise.origin,
            )
        )
        for exercise in exercises
    ]
    header = ("ID", "TITLE", "LENGTH", "TAGS", "FROM")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        ctx.out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
        )
        ctx.out.write("\n")
    if library.problems:
        ctx.out.write("\nThese files could not be loaded (`breather validate FILE` for details):\n")
        for problem in library.problems:
            ctx.out.write(f"  {problem.render()}\n")
    return EXIT_OK


def _length(library: Library, exercise: Exercise, *, holds: bool) -> float:
    return plan(library.resolve(exercise), PlanOptions(no_holds=not holds)).total


def _lengths_json(exercise: Exercise) -> list[float] | str | None:
    """The ``lengths`` of ``list --json``: minutes (whole ones as integers), as-written or null."""
    rule = exercise.lengths
    if rule is None:
        return None
    if rule.as_written:
        return "as-written"
    return [int(minutes) if minutes.is_integer() else minutes for minutes in rule.minutes]


def _validate_targets(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = [Path(str(entry)) for entry in exercise_files(path)]
            if not found:
                problems.append(
                    Problem(str(path), None, None, "no exercise files (*.yaml, *.yml) here")
                )
            files.extend(found)
        elif path.exists() or path.is_symlink():  # a link to nowhere is told as such
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, "no such file or folder"))
    return files, problems


def cmd_validate(ctx: Context, paths: Sequence[Path]) -> int:
    from breather.cautions import hold_cautions

    files, problems = _validate_targets(paths)
    loaded: list[Exercise] = []
    for path in files:
        try:
            loaded.append(load_entry(path, "user"))
        except UserError as error:
            problems.extend(error.problems)
    library = Library(dict(ctx.library.exercises), [])
    for exercise in loaded:
        library.add(exercise)
    for exercise in loaded:
        try:
            library.check(exercise)
            resolved = library.resolve(exercise)
            length = durations.length_words(plan(resolved).total)
            ctx.out.write(safe_text(f"ok  {exercise.path}  ({exercise.id}, {length})") + "\n")
            for caution in hold_cautions(exercise):  # loads and plays; worth a second look
                print(safe_text(f"{exercise.path}: caution: {caution}"), file=ctx.err)
        except UserError as error:
            problems.extend(error.problems)
    for problem in problems:
        print(problem.render(), file=ctx.err)
    if problems:
        count = len({problem.path for problem in problems})
        print(
            f"{count} file{'s' if count != 1 else ''} with problems; nothing was changed.",
            file=ctx.err,
        )
        return EXIT_USER_ERROR
    return EXIT_OK


def cmd_plan(ctx: Context, exercise_id: str, choices: SessionChoices, as_json: bool) -> int:
    import json

    from breather.plain import line_width, plan_line, stamped

    timeline = ctx.timeline(exercise_id, choices)
    if as_json:
        ctx.out.write(safe_json(json.dumps(timeline.as_json(), indent=2, ensure_ascii=False)))
        ctx.out.write("\n")
        return EXIT_OK
    exercise = timeline.exercise
    # The length is the moment the End line is stamped with, so the two always agree.
    total = durations.stamp(timeline.total)
    fitted = ""
    if timeline.target is not None:
        asked = durations.minutes_short(timeline.target / 60)
        fitted = (
            f" · fitted to {asked}" if timeline.fitted else f" · as written (asked for {asked})"
        )
    ctx.out.write(safe_text(f"{exercise.title} ({exercise.id}) · {total}{fitted}") + "\n")
    if timeline.holds_dropped:
        ctx.out.write("Breath holds are off.\n")
    width = line_width(ctx.out)
    for planned in timeline.steps:
        words = safe_text(plan_line(timeline, planned.index), prose=True)
        ctx.out.write(stamped(planned.start, words, width) + "\n")
    ctx.out.write(stamped(timeline.total, "End", width) + "\n")
    return EXIT_OK


def cmd_export(
    ctx: Context, exercise_id: str | None, every: bool, form: Format, choices: SessionChoices
) -> int:
    from breather.export import handout, render

    if (exercise_id is None) == (not every):
        raise UserError("export: give one exercise's id, or --all for the whole library")
    if exercise_id is not None:
        handouts = [handout(ctx.timeline(exercise_id, choices), ctx.support())]
    else:
        handouts = [
            _handout_as_far_as_possible(ctx, exercise, choices)
            for exercise in ctx.library.exercises.values()
        ]
    ctx.out.write(safe_text(render(handouts, form), prose=True))
    return EXIT_OK


def _handout_as_far_as_possible(
    ctx: Context, exercise: Exercise, choices: SessionChoices
) -> Handout:
    """An exercise of the whole library for ``--all``: one that cannot fit ``--minutes`` is
    shown as written, saying so, rather than leaving the others out."""
    from breather.export import handout

    try:
        return handout(ctx.timeline(exercise.id, choices), ctx.support())
    except UserError as refusal:
        as_written = replace(choices, minutes=None)
        said = f"Shown as written: {refusal.problems[0].message}."
        return handout(ctx.timeline(exercise.id, as_written), ctx.support(), [said])


def cmd_new(ctx: Context, name: str) -> int:
    """Write a commented starter exercise in the user's folder, never over an existing file."""
    from breather import starter

    folder = ctx.folders.user_exercises
    path = folder / f"{starter.exercise_id(name)}.yaml"
    text = starter.starter_text(name, path)
    new_id = starter.exercise_id(name)
    replaced = ctx.library.exercises.get(new_id)  # before the new file joins the library
    for existing in (path, path.with_suffix(".yml")):
        if existing.exists() or existing.is_symlink():
            raise UserError(
                [Problem(str(existing), None, None, "already exists; breather leaves it as it is")]
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise UserError(
            [Problem(str(path), None, None, "already exists; breather leaves it as it is")]
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(
            [Problem(str(path), None, None, f"could not be written: {reason}")]
        ) from None
    ctx.out.write(safe_text(str(path)) + "\n")
    if replaced is not None:
        said = f"It replaces the {replaced.origin} exercise `{new_id}` while it is there. "
    else:
        said = ""
    print(
        safe_text(
            f"{said}Open it in a text editor to make it yours; `breather play {new_id}` plays it."
        ),
        file=ctx.err,
    )
    return EXIT_OK


def cmd_schema(ctx: Context) -> int:
    import json

    from breather.schema import exercise_schema

    json.dump(exercise_schema(), ctx.out, indent=2)
    ctx.out.write("\n")
    return EXIT_OK


def cmd_paths(ctx: Context) -> int:
    where = ctx.folders

    def state(path: Path) -> str:
        return "" if path.exists() else "  (not created yet)"

    def say(line: str) -> None:  # the folders come from the environment and the settings
        ctx.out.write(safe_text(line) + "\n")

    say(f"settings:        {where.settings_file}{state(where.settings_file)}")
    say(f"your exercises:  {where.user_exercises}{state(where.user_exercises)}")
    history = history_database()
    off = "" if ctx.loaded.settings.history else "  (history is off in the settings)"
    say(f"history:         {history}{state(history)}{off}")
    say(f"error reports:   {where.reports}{state(where.reports)}")
    say("exercise folders, searched in this order (later ones win):")
    for source in search_path(ctx.loaded.settings):
        say(f"  {source.origin:<13} {source.location}")
    return EXIT_OK


# -- the history and the journal ---------------------------------------------------------------


def _kept_files() -> bool:
    """Whether any history file exists, so that reading never creates one."""
    database = history_database()
    folder = database.parent
    try:
        return database.exists() or any(folder.glob(f"{database.stem}-*{database.suffix}"))
    except OSError:
        return False


def _read_history(ctx: Context) -> HistoryStore | Unavailable | None:
    """The history to read or change, None when none has been kept yet (nothing is created).

    Reading works whether or not history is on: the file is the user's, to see and delete.
    Where it cannot be written it is read read-only, and that is said on stderr.
    """
    from breather.history import HistoryStore, read_history

    if not _kept_files():
        return None
    store = read_history(history_database())
    if isinstance(store, HistoryStore) and store.read_only and store.notice:
        print(safe_text(store.notice), file=ctx.err)
    return store


def _refuse_read_only(ctx: Context, store: HistoryStore, what: str) -> bool:
    """Say that nothing can be deleted from a history that can only be read; whether it did."""
    if not store.read_only:
        return False
    print(
        safe_text(f"Nothing was deleted: {what} cannot be changed here ({store.path})."),
        file=ctx.err,
    )
    return True


def _history_off_note(ctx: Context) -> None:
    if not ctx.loaded.settings.history:
        print("History is off in your settings, so new sessions are not being kept.", file=ctx.err)


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    from breather import history_report
    from breather.history import HistoryError, Unavailable

    if args.forget:
        if args.days is not None or args.json or args.csv:
            raise UserError("history --forget: --days, --json and --csv do not go with --forget")
        return _forget(ctx, args.before, args.yes)
    if args.before is not None or args.yes:
        raise UserError("history: --before and --yes go with --forget")
    as_export = args.json or args.csv
    days = args.days if args.days is not None or as_export else DEFAULT_HISTORY_DAYS
    today = ctx.now().date()
    store = _read_history(ctx)
    if isinstance(store, Unavailable):
        print(safe_text(store.reason), file=ctx.err)
        return EXIT_UNEXPECTED
    if store is None:
        report = history_report.empty_report(today, days)
    else:
        try:
            with store:
                report = store.report(today, days)
        except HistoryError as error:
            print(safe_text(str(error)), file=ctx.err)
            return EXIT_UNEXPECTED
    if args.json:
        ctx.out.write(safe_json(history_report.history_json(report)))
    elif args.csv:
        ctx.out.write(safe_text(history_report.history_csv(report.sessions), prose=True))
    else:
        ctx.out.write(safe_text(history_report.history_text(report), prose=True))
    _history_off_note(ctx)
    return EXIT_OK


def _typed_yes(ctx: Context, command: str, what: str, where: str) -> bool:
    """Ask the person at the terminal to type yes before ``command`` deletes ``what``.

    Returns whether they did (else it has said that nothing was deleted).

    Raises:
        UserError: nobody is at a terminal to ask (a script must say --yes).
    """
    if ctx.terminal_input() is None:
        raise UserError(
            f"{command}: nothing was deleted; it asks you to type yes before it deletes {what}, "
            "or add --yes"
        )
    ctx.out.write(safe_text(f"This deletes {what}{where}.") + "\n")
    ctx.out.write("Type yes to delete, or anything else to keep it: ")
    ctx.out.flush()
    try:
        typed = ctx.stdin.readline()
    except KeyboardInterrupt:  # Ctrl+C: as clear a no as any
        typed = ""
    if typed.strip().lower() == "yes":
        return True
    ending = "" if typed.endswith("\n") else "\n"  # Ctrl+C or Ctrl+D left the line open
    ctx.out.write(f"{ending}Nothing was deleted.\n")
    return False


def _forget(ctx: Context, before: date | None, yes: bool) -> int:
    """``history --forget``: ask to type yes (unless ``--yes``), delete, say what went."""
    from breather import history_report
    from breather.history import HistoryError, Unavailable

    store = _read_history(ctx)
    if store is None:
        ctx.out.write("Nothing to delete: no history has been kept on this computer.\n")
        return EXIT_OK
    if isinstance(store, Unavailable):
        print(safe_text(store.reason), file=ctx.err)
        return EXIT_UNEXPECTED
    with store:
        if _refuse_read_only(ctx, store, "the history"):
            return EXIT_UNEXPECTED
        what = (
            "your whole history and journal"
            if before is None
            else f"what was recorded before {before.isoformat()}"
        )
        if not yes and not _typed_yes(ctx, "history --forget", what, f" from {store.path}"):
            return EXIT_OK
        try:
            forgotten = store.forget(before)
        except HistoryError as error:
            print(safe_text(str(error)), file=ctx.err)
            return EXIT_UNEXPECTED
        ctx.out.write(history_report.forgotten_text(forgotten, before))
        for path in store.set_aside:
            ctx.out.write(
                safe_text(
                    f"An earlier history file could not be read and was left as it was: {path}. "
                    "Delete it yourself if you want it gone."
                )
                + "\n"
            )
    return EXIT_OK


def _forget_entry(ctx: Context, number: int, yes: bool) -> int:
    """``journal --forget N``: find entry N, ask to type yes (unless ``--yes``), delete it alone.

    Like ``history --forget`` in its asking; what it names is the entry's number, date and topic,
    never its words (the reason to delete it may be a client's name).
    """
    from breather import history_report
    from breather.history import HistoryError, Unavailable

    store = _read_history(ctx)
    if store is None:
        raise UserError(history_report.unknown_entry(number, entries_kept=False))
    if isinstance(store, Unavailable):
        print(safe_text(store.reason), file=ctx.err)
        return EXIT_UNEXPECTED
    today = ctx.now().date()
    with store:
        if _refuse_read_only(ctx, store, "the journal"):
            return EXIT_UNEXPECTED
        try:
            entry = store.entry(number)
            if entry is None:
                raise UserError(history_report.unknown_entry(number, bool(store.topics())))
            what = history_report.entry_words(entry, today)
            if not yes and not _typed_yes(ctx, "journal --forget", what, f", from {store.path}"):
                return EXIT_OK
            deleted = store.forget_entry(number, expected=entry)
        except HistoryError as error:
            print(safe_text(str(error)), file=ctx.err)
            return EXIT_UNEXPECTED
    if deleted is None:  # another breather deleted or replaced it while this one asked
        raise UserError(history_report.unknown_entry(number, entries_kept=True))
    ctx.out.write(safe_text(f"Deleted {history_report.entry_words(deleted, today)}.") + "\n")
    return EXIT_OK


def cmd_journal(ctx: Context, args: argparse.Namespace) -> int:
    from breather import history_report
    from breather.history import HistoryError, JournalEntry, Unavailable

    topic: str | None = args.topic
    if args.forget is not None:
        if topic is not None or args.json:
            raise UserError("journal --forget: --topic and --json do not go with --forget")
        return _forget_entry(ctx, args.forget, args.yes)
    if args.yes:
        raise UserError("journal: --yes goes with --forget")
    store = _read_history(ctx)
    if isinstance(store, Unavailable):
        print(safe_text(store.reason), file=ctx.err)
        return EXIT_UNEXPECTED
    topics: list[str] = []
    entries: list[JournalEntry] = []
    if store is not None:
        try:
            with store:
                topics = store.topics()
                if topic is None or topic in topics:
                    entries = store.journal(topic)
        except HistoryError as error:
            print(safe_text(str(error)), file=ctx.err)
            return EXIT_UNEXPECTED
    if topic is not None and topic not in topics:
        raise UserError(history_report.unknown_topic(topic, topics))
    if args.json:
        ctx.out.write(safe_json(history_report.journal_json(entries, topic, topics)))
    else:
        text = history_report.journal_text(entries, ctx.now().date(), topic)
        ctx.out.write(safe_text(text, prose=True))
    _history_off_note(ctx)
    return EXIT_OK


def cmd_play(
    ctx: Context,
    exercise_id: str | None,
    choices: SessionChoices,
    plain: bool,
    lead: bool = False,
) -> int:
    fallback = ""
    no_screen = os.environ.get("TERM") == "dumb" or not ctx.out.isatty()
    if not plain and not _served() and (no_screen or ctx.terminal_input() is None):
        if exercise_id is None:
            why = (
                "This terminal cannot"
                if no_screen
                else "With no keyboard to read (input is not a terminal), breather cannot"
            )
            print(f"{why} show the full-screen library; here is the list.", file=ctx.err)
            listed = cmd_list(ctx, choices, as_json=False)
            # After the list, on the other stream (a script reading the list gets only it):
            # what a person in line mode, a screen reader's say, does next.
            print(PLAY_ONE_LINE_BY_LINE, file=ctx.err)
            return listed
        fallback = (
            "This terminal cannot show the full player; playing line by line."
            if no_screen
            else "With no keyboard to read (input is not a terminal), playing line by line."
        )
        plain = True
    if exercise_id is None:
        return _open_ui(ctx, None, choices)
    timeline = ctx.timeline(exercise_id, choices)
    if plain:
        if fallback:  # said once the exercise is known to play, not before an unknown id
            print(fallback, file=ctx.err)
        if lead:
            return _lead_plain(ctx, timeline)
        return _play_plain(ctx, timeline, choices)
    return _open_ui(ctx, exercise_id, choices, lead=lead)


def _served() -> bool:
    """Whether ``breather serve`` started this process for a browser tab (output is a pipe)."""
    from breather.serve import served_by_browser

    return served_by_browser()


def _lead_plain(ctx: Context, timeline: Timeline) -> int:
    """The leader's cues line by line; a group session records nothing."""
    from breather.hangup import guarding_lines
    from breather.lead_plain import play_lead_plain
    from breather.plain import line_width
    from breather.terminal_echo import echo_off

    with (
        guarding_lines(ctx.out) as keeper,  # SIGTERM, SIGHUP, a closed terminal or pipe
        echo_off(sys.stdin) as echo,  # typed keys stay out of the lines
    ):

        def wait_for_enter() -> None:
            with echo.answering():
                keeper.wait_for_enter()

        play_lead_plain(
            timeline,
            ctx.out,
            clock=ctx.clock,
            sleep=keeper.sleep if isinstance(ctx.clock, MonotonicClock) else None,
            wait_for_enter=wait_for_enter,
            support=ctx.support(),
            width=line_width(ctx.out),
        )
    return EXIT_OK


def _play_plain(ctx: Context, timeline: Timeline, choices: SessionChoices) -> int:
    """Play line by line, then record the session once (finished, or stopped with Ctrl+C)."""
    from breather.hangup import guarding_lines
    from breather.history import HistoryStore
    from breather.plain import line_width, play_plain
    from breather.practice import Practice
    from breather.session_sound import no_bell, open_session_cues, session_mode, terminal_bell
    from breather.terminal_echo import echo_off

    history = ctx.open_history(choices)
    if isinstance(history, HistoryStore) and history.notice:
        print(safe_text(history.notice), file=ctx.err)
    practice = Practice(
        timeline,
        history,
        before_after=ctx.loaded.settings.check_in and not choices.no_check_in,
        now=ctx.now,
    )
    settings, out = ctx.loaded.settings, ctx.out
    bell = terminal_bell(out) if out.isatty() else no_bell
    asks = ctx.terminal_input() is not None  # questions need a person at a terminal
    try:
        with (
            guarding_lines(ctx.out) as keeper,  # SIGTERM, SIGHUP, a closed terminal or pipe
            # Tones are tried first: a player with no sound device is said with the first step,
            # before an eyes-closed session is under way, not at its first breath.
            open_session_cues(
                session_mode(settings, choices),
                settings,
                bell=bell,
                clock=ctx.clock,
                try_first=True,
            ) as cues,
            echo_off(sys.stdin) as echo,  # typed keys stay out of the lines, answers show
        ):

            def wait_for_enter() -> None:
                with echo.answering():
                    keeper.wait_for_enter()

            def answer() -> str | None:
                return keeper.read_line(ctx.stdin)  # a stop at a question stops at once

            play_plain(
                timeline,
                ctx.out,
                clock=ctx.clock,
                # The real clock waits through the guard, which wakes at a stop; a test's clock
                # keeps its own instant time.
                sleep=keeper.sleep if isinstance(ctx.clock, MonotonicClock) else None,
                wait_for_enter=wait_for_enter,
                read_line=answer if asks else None,
                answering=echo.answering,
                practice=practice,
                cues=cues,
                # Questions go to the terminal: with the lines sent to a file, on stderr.
                prompts=out if out.isatty() else ctx.err,
                width=line_width(out),
            )
    finally:
        notice = practice.flush()
        if isinstance(history, HistoryStore):
            history.close()
    if notice:
        print(safe_text(notice), file=ctx.err)
    if practice.kept_words:  # to the terminal, where the questions went
        _say_kept(practice, ctx.out if ctx.out.isatty() else ctx.err)
    return EXIT_OK


def _say_kept(practice: Practice, stream: TextIO) -> None:
    """Say what the session put in the journal, and how to read it back or delete it."""
    said = (
        f"{practice.kept_words} `breather journal` shows them, and `breather journal --forget N` "
        "deletes one."
    )
    with contextlib.suppress(OSError, ValueError):  # the terminal may be gone by now
        print(said, file=stream)


def _first_pass(ctx: Context) -> tuple[Library, Callable[[], Library] | None]:
    """The library to paint first, and how to load the rest after, when there is much of it.

    With many files outside the built-in library (an organisation's folder of a thousand), the
    library opens with the built-ins, marked as still loading, and the UI loads the whole
    library after its first paint. Otherwise everything is loaded now, as for every command.
    """
    sources = search_path(ctx.loaded.settings)
    if files_beyond_builtin(sources) <= FIRST_PASS_FILES:
        return ctx.library, None
    return load_folders(sources[:1]), lambda: load_folders(sources)


def _open_ui(
    ctx: Context, exercise_id: str | None, choices: SessionChoices, *, lead: bool = False
) -> int:
    finish_loading: Callable[[], Library] | None = None
    if exercise_id is not None:
        # An unknown id, or a length the exercise is not offered at, is the user's mistake:
        # exit 2 before the UI, as `plan` and `play --plain` do.
        ctx.timeline(exercise_id, choices)
        library = ctx.library
    else:
        library, finish_loading = _first_pass(ctx)
    from breather.history import HistoryStore
    from breather.session_sound import tones_tried
    from breather.ui.app import BreatherApp

    history = ctx.open_history(choices)

    readers: list[HistoryStore] = []

    def read_kept() -> HistoryStore | Unavailable:
        """What was kept before, to show where the history cannot be written."""
        from breather.history import read_history

        kept = read_history(history_database()) if _kept_files() else history
        if isinstance(kept, HistoryStore):
            readers.append(kept)
        return kept

    app = BreatherApp(
        library,
        finish_loading=finish_loading,
        settings=ctx.loaded.settings,
        settings_path=ctx.folders.settings_file,
        choices=choices,
        start_with=exercise_id,
        settings_problems=tuple(ctx.loaded.problems),
        clock=ctx.clock,
        lead=lead,
        history=history,
        read_history=read_kept,
        now=ctx.now,
        try_tones=tones_tried,
    )
    try:
        app.run()
    finally:
        # A session left mid-way (a quit, a signal) is recorded as stopped where it was.
        notice = app.record_session()
        if isinstance(history, HistoryStore):
            history.close()
        for reader in readers:
            reader.close()
    if notice:
        print(safe_text(notice), file=ctx.err)
    if app.crash is not None:
        raise app.crash  # the terminal is restored by now; main() reports it calmly
    left = app.practice  # left mid-session (q, Ctrl+C): its summary never said what was kept
    if left is not None and left is not app.summarised and left.kept_words:
        _say_kept(left, ctx.err)
    return EXIT_OK


# -- entry point -------------------------------------------------------------------------------


def run(
    argv: Sequence[str] | None,
    out: TextIO,
    err: TextIO,
    clock: WaitableClock,
    now: Callable[[], datetime] = local_now,
) -> int:
    """Parse ``argv`` and run the command; returns the exit status. Raises only for bugs."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as leaving:
        return int(leaving.code or 0)
    ctx = Context(out, err, clock, now)
    ctx.note_settings_problems()
    choices = _choices(args)
    try:
        if args.command == "list":
            return cmd_list(ctx, choices, args.json)
        if args.command == "validate":
            return cmd_validate(ctx, args.paths)
        if args.command == "plan":
            return cmd_plan(ctx, args.id, choices, args.json)
        if args.command == "schema":
            return cmd_schema(ctx)
        if args.command == "new":
            return cmd_new(ctx, args.name)
        if args.command == "paths":
            return cmd_paths(ctx)
        if args.command == "serve":
            from breather.serve import serve

            serve(ctx.out, open_browser=not args.no_browser)
            return EXIT_OK
        if args.command == "export":
            return cmd_export(ctx, args.id, args.all, args.format, choices)
        if args.command == "history":
            return cmd_history(ctx, args)
        if args.command == "journal":
            return cmd_journal(ctx, args)
        if args.command == "doctor":
            from breather.doctor import cmd_doctor

            return cmd_doctor(ctx.out, as_json=args.json)
        if args.command == "play":
            if args.lead:  # a group session: nothing about it is recorded
                choices = replace(choices, no_history=True)
            return cmd_play(ctx, args.id, choices, args.plain, args.lead)
        return cmd_play(ctx, None, choices, plain=False)
    except UserError as error:
        print(error.render(), file=err)
        return EXIT_USER_ERROR


def write_report(error: BaseException) -> Path | None:
    """Write the full story of an unexpected error to a file; its path, or None if nowhere."""
    import tempfile
    import traceback

    stamp_text = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    header = f"breather {__version__} on Python {sys.version.split()[0]}, {sys.platform}\n"
    for folder in (folders().reports, Path(tempfile.gettempdir())):
        name = f"breather-error-{stamp_text}-{os.getpid()}.txt"
        try:
            with open_report(folder, name) as written:
                written.write(header + report)
            return folder / name
        except OSError:
            continue
    return None


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: WaitableClock | None = None,
    now: Callable[[], datetime] | None = None,
) -> int:
    """The ``breather`` command. Returns the exit status (see the module docstring).

    Args:
        argv: The arguments; ``sys.argv[1:]`` by default.
        clock: The clock a ``--plain`` session plays by; the real one by default (tests pass a
            :class:`~breather.clock.FakeClock`, and a whole session plays at once).
        now: The wall clock, as an aware local time: when a session is recorded as started and
            what "today" is for ``history``; the real one by default (tests pass a fixed one).
    """
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A console or pipe that is not UTF-8 (a Windows code page) shows a "?" for an arrow
        # rather than stopping with an encoding error.
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")
    try:
        return run(argv, sys.stdout, sys.stderr, clock or MonotonicClock(), now or local_now)
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        # The reader went away (`breather list | head`): nothing more to say, and nothing left
        # for Python to fail to flush on the way out.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if debug:
            import traceback

            print(safe_text(traceback.format_exc(), prose=True), end="", file=sys.stderr)
        path = write_report(error)
        where = f"; a full report is in {path}" if path else ""
        print(
            safe_text(f"breather: something went wrong ({type(error).__name__}: {error}){where}"),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
