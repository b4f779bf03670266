"""The command line: ``breather`` and its commands, as ``shared/spec/cli.md`` defines them.

The names, outputs and exit statuses here are a contract that scripts and clinic IT rely on:
0 for success (and for a session the user stopped), 2 for the user's mistakes (one
``FILE:LINE:COLUMN: message`` line each on stderr, never a traceback), 1 for anything unexpected
(one calm line, and a full report in a file). The terminal UI is imported only when it is opened,
and so is whatever only one command needs (the line player, the schema, JSON, the error report's
modules): `breather list` must start about as fast as Python importing PyYAML and argparse.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from breather import __version__, durations
from breather.clock import MonotonicClock
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
from breather.paths import folders
from breather.safetext import safe_json, safe_text
from breather.settings import MOTIONS, LoadedSettings, SessionChoices, load_settings
from breather.timeline import Timeline, plan

if TYPE_CHECKING:
    from breather.clock import WaitableClock

EXIT_OK, EXIT_UNEXPECTED, EXIT_USER_ERROR = 0, 1, 2


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0.5 <= value <= 30:
        raise argparse.ArgumentTypeError(f"choose from 0.5 to 30 minutes, got {text}")
    return value


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
        "--silent", action="store_true", default=argparse.SUPPRESS, help="never ring the bell"
    )
    group.add_argument(
        "--no-history",
        action="store_true",
        default=argparse.SUPPRESS,
        help="record nothing about this session",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with what the user typed shown escaped in its error messages.

    ``unrecognized arguments: ...`` repeats the arguments as they were typed; an argument can
    hold an escape sequence (pasted, or from a script).
    """

    def error(self, message: str) -> NoReturn:
        super().error(safe_text(message))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(
        prog="breather",
        description=(
            "Short guided exercises for the gaps between clients and the end of the day. "
            "With no command, opens the library."
        ),
        epilog="Keys in the player: space pause, n/→ next, p/← back, q stop, ? help.",
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
    _session_options(play)

    plan_parser = commands.add_parser("plan", help="print an exercise's timeline without playing")
    plan_parser.add_argument("id", help="the exercise's id")
    plan_parser.add_argument("--json", action="store_true", help="machine-readable output")
    _session_options(plan_parser)

    list_parser = commands.add_parser("list", help="list every exercise and every broken file")
    list_parser.add_argument("--json", action="store_true", help="machine-readable output")

    validate = commands.add_parser("validate", help="check exercise files or folders")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)

    commands.add_parser("schema", help="print the JSON Schema of the exercise format")
    commands.add_parser("paths", help="print where breather reads and writes")
    return parser


def _choices(args: argparse.Namespace) -> SessionChoices:
    return SessionChoices(
        minutes=getattr(args, "minutes", None),
        no_holds=getattr(args, "no_holds", False),
        motion=getattr(args, "motion", None),
        silent=getattr(args, "silent", False),
        no_history=getattr(args, "no_history", False),
    )


class Context:
    """What every command needs: the settings (read once), the library (loaded on demand), the
    streams to write to and the clock a session plays by."""

    def __init__(self, out: TextIO, err: TextIO, clock: WaitableClock) -> None:
        self.out = out
        self.err = err
        self.clock = clock
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

    def timeline(self, exercise_id: str, choices: SessionChoices) -> Timeline:
        return self.library.plan(
            self.library.get(exercise_id),
            minutes=choices.minutes,
            holds=self.loaded.settings.holds and not choices.no_holds,
            support=self.support(),
        )


# -- commands ----------------------------------------------------------------------------------


def cmd_list(ctx: Context, as_json: bool) -> int:
    library = ctx.library
    exercises = list(library.exercises.values())
    lengths = {exercise.id: _length(library, exercise) for exercise in exercises}
    if as_json:
        import json

        payload = {
            "exercises": [
                {
                    "id": exercise.id,
                    "title": exercise.title,
                    "summary": exercise.summary,
                    "tags": list(exercise.tags),
                    "seconds": round(lengths[exercise.id], 3),
                    "origin": exercise.origin,
                    "path": exercise.path,
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
                durations.length_words(lengths[exercise.id]),
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


def _length(library: Library, exercise: Exercise) -> float:
    return plan(library.resolve(exercise)).total


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
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, "no such file or folder"))
    return files, problems


def cmd_validate(ctx: Context, paths: Sequence[Path]) -> int:
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
            resolved = library.resolve(exercise)
            length = durations.length_words(plan(resolved).total)
            ctx.out.write(safe_text(f"ok  {exercise.path}  ({exercise.id}, {length})") + "\n")
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
    from breather.plain import plan_line, stamped

    timeline = ctx.timeline(exercise_id, choices)
    if as_json:
        import json

        ctx.out.write(safe_json(json.dumps(timeline.as_json(), indent=2, ensure_ascii=False)))
        ctx.out.write("\n")
        return EXIT_OK
    exercise = timeline.exercise
    # The length is the moment the End line is stamped with, so the two always agree.
    total = durations.stamp(timeline.total)
    fitted = f" · fitted to {durations.minutes_short(choices.minutes)}" if choices.minutes else ""
    ctx.out.write(safe_text(f"{exercise.title} ({exercise.id}) · {total}{fitted}") + "\n")
    if timeline.holds_dropped:
        ctx.out.write("Breath holds are off.\n")
    for planned in timeline.steps:
        words = safe_text(plan_line(timeline, planned.index), prose=True)
        ctx.out.write(stamped(planned.start, words) + "\n")
    ctx.out.write(stamped(timeline.total, "End") + "\n")
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
    history = where.data / "history.jsonl"
    say(f"history:         {history}{state(history)}")
    say("exercise folders, searched in this order (later ones win):")
    for source in search_path(ctx.loaded.settings):
        say(f"  {source.origin:<13} {source.location}")
    return EXIT_OK


def _wait_for_enter() -> None:
    if sys.stdin is None:
        return
    try:
        sys.stdin.readline()
    except (OSError, ValueError):
        return


def cmd_play(ctx: Context, exercise_id: str | None, choices: SessionChoices, plain: bool) -> int:
    if not plain and (os.environ.get("TERM") == "dumb" or not ctx.out.isatty()):
        if exercise_id is None:
            print(
                "This terminal cannot show the full-screen library; here is the list.", file=ctx.err
            )
            return cmd_list(ctx, as_json=False)
        print("This terminal cannot show the full player; playing line by line.", file=ctx.err)
        plain = True
    if exercise_id is None:
        return _open_ui(ctx, None, choices)
    timeline = ctx.timeline(exercise_id, choices)
    if plain:
        from breather.plain import play_plain

        bell = ctx.loaded.settings.bell and not choices.silent and ctx.out.isatty()
        play_plain(timeline, ctx.out, clock=ctx.clock, wait_for_enter=_wait_for_enter, bell=bell)
        return EXIT_OK
    return _open_ui(ctx, exercise_id, choices)


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


def _open_ui(ctx: Context, exercise_id: str | None, choices: SessionChoices) -> int:
    finish_loading: Callable[[], Library] | None = None
    if exercise_id is not None:
        ctx.library.get(exercise_id)  # an unknown id is the user's mistake: exit 2 before the UI
        library = ctx.library
    else:
        library, finish_loading = _first_pass(ctx)
    from breather.ui.app import BreatherApp

    app = BreatherApp(
        library,
        finish_loading=finish_loading,
        settings=ctx.loaded.settings,
        settings_path=ctx.folders.settings_file,
        choices=choices,
        start_with=exercise_id,
        settings_problems=tuple(ctx.loaded.problems),
        clock=ctx.clock,
    )
    app.run()
    if app.crash is not None:
        raise app.crash  # the terminal is restored by now; main() reports it calmly
    return EXIT_OK


# -- entry point -------------------------------------------------------------------------------


def run(argv: Sequence[str] | None, out: TextIO, err: TextIO, clock: WaitableClock) -> int:
    """Parse ``argv`` and run the command; returns the exit status. Raises only for bugs."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as leaving:
        return int(leaving.code or 0)
    ctx = Context(out, err, clock)
    ctx.note_settings_problems()
    choices = _choices(args)
    try:
        if args.command == "list":
            return cmd_list(ctx, args.json)
        if args.command == "validate":
            return cmd_validate(ctx, args.paths)
        if args.command == "plan":
            return cmd_plan(ctx, args.id, choices, args.json)
        if args.command == "schema":
            return cmd_schema(ctx)
        if args.command == "paths":
            return cmd_paths(ctx)
        if args.command == "play":
            return cmd_play(ctx, args.id, choices, args.plain)
        return cmd_play(ctx, None, choices, plain=False)
    except UserError as error:
        print(error.render(), file=err)
        return EXIT_USER_ERROR


def write_report(error: BaseException) -> Path | None:
    """Write the full story of an unexpected error to a file; its path, or None if nowhere."""
    import tempfile
    import traceback
    from datetime import datetime

    stamp_text = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    header = f"breather {__version__} on Python {sys.version.split()[0]}, {sys.platform}\n"
    for folder in (folders().data / "reports", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"breather-error-{stamp_text}-{os.getpid()}.txt"
            path.write_text(header + report, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def main(argv: Sequence[str] | None = None, *, clock: WaitableClock | None = None) -> int:
    """The ``breather`` command. Returns the exit status (see the module docstring).

    Args:
        argv: The arguments; ``sys.argv[1:]`` by default.
        clock: The clock a ``--plain`` session plays by; the real one by default (tests pass a
            :class:`~breather.clock.FakeClock`, and a whole session plays at once).
    """
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A console or pipe that is not UTF-8 (a Windows code page) shows a "?" for an arrow
        # rather than stopping with an encoding error.
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")
    try:
        return run(argv, sys.stdout, sys.stderr, clock or MonotonicClock())
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
