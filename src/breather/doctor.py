"""``breather doctor``: what breather sees on this computer, in plain words, and what to do.

Why it exists: on a clinic workstation the person who finds that something does not work is rarely
the person who can fix it. ``breather doctor`` gives both of them the same page: which breather
this is and where it runs from, the terminal as breather will meet it, every folder it reads and
writes and whether it can, the settings file and what is wrong in it, how many exercises loaded
and which files did not, the history and the sound. ``--json`` gives IT the same facts to keep or
compare. Every line that shows a problem says what to do about it.

What it must never do:

- change anything: no folder or file is created, no settings file rewritten, and the history is
  never opened (opening it could create it or bring an old one up to date), so its contents,
  and the journal's, are never read, let alone printed;
- fail because something is wrong: every check that meets a missing or locked place reports it;
  the exit status is 0 unless ``doctor`` itself has a bug (then 1, as for any command);
- print anything raw: every line goes through :func:`~breather.safetext.safe_text` (paths, the
  environment and the settings can hold control characters), and the JSON through
  :func:`~breather.safetext.safe_json`.

It never imports Textual; Rich (already a dependency) answers the colour question exactly as the
UI's console will.
"""

from __future__ import annotations

import io
import json
import os
import platform
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

import breather
from breather import __version__
from breather.library import load_library, search_path
from breather.model import Origin
from breather.paths import Folders, breather_path, folders, history_database
from breather.safetext import safe_json, safe_text
from breather.settings import LoadedSettings, load_settings

MINIMUM_SIZE = (40, 12)
"""Below this many columns and lines the player asks for a larger window (see the README)."""

HALF_BLOCKS = "▀▄█"
"""What the breath picture is drawn with; the terminal's encoding must be able to write them."""


# -- what was found ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the report: a label, what was found, and what to do when it is a problem.

    Attributes:
        label: What the line is about ("data folder").
        found: What breather sees, in words.
        advice: None when all is well; otherwise one sentence that names the problem and what to
            do about it.
        detail: A second line under ``found`` (a folder's state under its path).
    """

    label: str
    found: str
    advice: str | None = None
    detail: str | None = None


@dataclass
class Section:
    """A group of lines (Terminal, Folders, …) and the same facts for ``--json``."""

    title: str
    key: str
    lines: list[Line] = field(default_factory=list)
    facts: object = None

    def add(
        self, label: str, found: str, advice: str | None = None, detail: str | None = None
    ) -> None:
        self.lines.append(Line(label, found, advice, detail))


@dataclass(frozen=True)
class Report:
    """Everything ``breather doctor`` found, in the order it is printed."""

    sections: tuple[Section, ...]

    @property
    def problems(self) -> list[Line]:
        return [line for section in self.sections for line in section.lines if line.advice]

    def as_json(self) -> dict[str, object]:
        """The facts by section, and every problem with what to do about it."""
        result: dict[str, object] = {section.key: section.facts for section in self.sections}
        result["problems"] = [
            {"about": line.label, "found": line.found, "advice": line.advice}
            for line in self.problems
        ]
        return result

    def as_text(self) -> str:
        """The report for a person: aligned labels, each problem marked ``!`` under its line."""
        width = max(len(line.label) for section in self.sections for line in section.lines)
        out: list[str] = []
        for section in self.sections:
            out.append(section.title)
            for line in section.lines:
                out.append(safe_text(f"  {line.label:<{width}}  {line.found}"))
                if line.detail:
                    out.append(safe_text(f"  {'':<{width}}  {line.detail}"))
                if line.advice:
                    out.append(safe_text(f"  {'':<{width}}  ! {line.advice}"))
            out.append("")
        count = len(self.problems)
        if count == 0:
            out.append("Nothing needs doing.")
        else:
            things = "thing needs" if count == 1 else "things need"
            out.append(f"{count} {things} attention: see the lines marked !.")
        return "\n".join(out) + "\n"


# -- where breather runs from ------------------------------------------------------------------


def running_from() -> tuple[str, str]:
    """How this breather was started, and where it is: a package, a single file or an executable.

    An executable made by PyInstaller sets ``sys.frozen``; the single file is a zip archive, so
    the package's folder has a *file* (the ``.pyz``) among its parents.
    """
    if getattr(sys, "frozen", False):
        return "executable", sys.executable
    package = Path(breather.__file__).parent
    for parent in package.parents:
        if _is_file(parent):
            return "single file", str(parent)
    return "package", str(package)


def _breather_section() -> Section:
    kind, where = running_from()
    section = Section("breather", "breather")
    section.add("version", __version__)
    section.add("runs from", f"{'an' if kind == 'executable' else 'the'} {kind}: {where}")
    section.facts = {"version": __version__, "runs_from": kind, "location": where}
    return section


def _python_section() -> Section:
    frozen = bool(getattr(sys, "frozen", False))
    version = platform.python_version()
    where = "inside the executable" if frozen else sys.executable
    system = platform.platform()
    section = Section("Python", "python")
    section.add("version", f"{version} ({platform.python_implementation()})")
    section.add("interpreter", where)
    section.add("system", system)
    section.facts = {
        "version": version,
        "implementation": platform.python_implementation(),
        "executable": where,
        "system": system,
    }
    return section


# -- the terminal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TerminalSize:
    """A terminal window's size in character cells."""

    columns: int
    lines: int


def terminal_size(streams: Sequence[TextIO | None]) -> TerminalSize | None:
    """The size of the first stream that is a terminal, or None when none of them is."""
    for stream in streams:
        if stream is None:
            continue
        try:
            if not stream.isatty():
                continue
            size = os.get_terminal_size(stream.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            continue
        return TerminalSize(size.columns, size.lines)
    return None


def colour_depth(environ: Mapping[str, str]) -> str | None:
    """The colours breather's full-screen UI will use here, decided as Textual decides them.

    Textual gives Rich a console that is forced to be a terminal, with ``TEXTUAL_COLOR_SYSTEM``
    (default ``auto``) and the environment minus ``NO_COLOR``; asking Rich the same question gives
    the same answer without needing a terminal. None means no colour at all (``TERM=dumb``).
    """
    from rich.console import Console

    system = _COLOUR_SYSTEMS.get(environ.get("TEXTUAL_COLOR_SYSTEM", "auto"), "auto")
    without = {key: value for key, value in environ.items() if key != "NO_COLOR"}
    console = Console(
        color_system=system,
        file=io.StringIO(),
        force_terminal=True,
        legacy_windows=False,
        _environ=without,
    )
    return console.color_system


_ColourSystem = Literal["auto", "standard", "256", "truecolor", "windows"]
_COLOUR_SYSTEMS: dict[str, _ColourSystem] = {
    "auto": "auto",
    "standard": "standard",
    "256": "256",
    "truecolor": "truecolor",
    "windows": "windows",
}
"""The values of ``TEXTUAL_COLOR_SYSTEM`` that Rich knows; anything else means ``auto``."""

COLOUR_WORDS = {  # Rich's names for its colour systems, as a person would say them
    "truecolor": "16 million colours (truecolor)",
    "256": "256 colours",
    "standard": "16 colours",
    "windows": "16 colours (Windows console)",
}


def can_write(text: str, encoding: str | None) -> bool:
    """Whether a stream in ``encoding`` can write ``text`` as it is (no ``?`` in its place)."""
    try:
        text.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _terminal_section(
    out: TextIO,
    others: Sequence[TextIO | None],
    environ: Mapping[str, str],
    screen_encoding: str | None,
) -> Section:
    section = Section("Terminal", "terminal")
    windows = sys.platform == "win32"
    term = environ.get("TERM", "")
    dumb = term.lower() in ("dumb", "unknown")
    program = environ.get("TERM_PROGRAM") or ("Windows Terminal" if "WT_SESSION" in environ else "")
    output_is_terminal = _isatty(out)
    size = terminal_size([out, *others])
    attached = size is not None
    no_color = "NO_COLOR" in environ
    colours = None if no_color else colour_depth(environ)
    half_blocks = not dumb and can_write(HALF_BLOCKS, screen_encoding)
    full_screen = attached and not dumb

    section.add("TERM", term or "not set", _term_advice(term, dumb, windows))
    if program:
        section.add("program", program)
    section.add(
        "output",
        "a terminal" if output_is_terminal else "not a terminal (redirected to a file or a pipe)",
    )
    if size is None:
        section.add("size", "unknown: no terminal is attached")
    else:
        small = size.columns < MINIMUM_SIZE[0] or size.lines < MINIMUM_SIZE[1]
        advice = (
            f"The window is smaller than {MINIMUM_SIZE[0]}×{MINIMUM_SIZE[1]}, so the player asks "
            "for more room: make the window (or the shortcut's window size) larger."
            if small
            else None
        )
        section.add("size", f"{size.columns}×{size.lines}", advice)
    if no_color:
        section.add("colours", "none: NO_COLOR is set, so breather shows no colour")
    else:
        section.add("colours", COLOUR_WORDS.get(colours or "", "none"))
    section.add("half blocks", *_half_block_words(half_blocks, dumb, screen_encoding, windows))
    section.add("full screen", _full_screen_words(full_screen, dumb, attached))
    section.add("NO_COLOR", "set" if no_color else "not set")
    section.facts = {
        "term": term or None,
        "program": program or None,
        "output_is_terminal": output_is_terminal,
        "columns": size.columns if size else None,
        "lines": size.lines if size else None,
        "colours": None if no_color else colours,
        "encoding": screen_encoding,
        "half_blocks": half_blocks,
        "alternate_screen": full_screen,
        "no_color": no_color,
    }
    return section


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _term_advice(term: str, dumb: bool, windows: bool) -> str | None:
    if dumb:
        return (
            f"TERM={term} cannot show the full-screen player, so `breather` lists and plays "
            "line by line: open breather in a terminal window"
            + (" (Windows Terminal)" if windows else "")
            + ", or set TERM to xterm-256color if this terminal can do more."
        )
    return None


def _half_block_words(
    works: bool, dumb: bool, encoding: str | None, windows: bool
) -> tuple[str, str | None]:
    if works:
        return f"expected to work (the screen is written as {encoding})", None
    if dumb:
        return "not used: this terminal gets the line-by-line player", None
    fix = (
        "run breather in Windows Terminal, or set PYTHONIOENCODING=utf-8"
        if windows
        else "set a UTF-8 locale (for example LANG=C.UTF-8)"
    )
    return (
        f"not expected: the screen is written as {encoding or 'an unknown encoding'}",
        "The breathing shape needs characters this encoding lacks (a `?` shows instead): "
        f"{fix}. The words and timers work without it.",
    )


def _full_screen_words(works: bool, dumb: bool, attached: bool) -> str:
    if works:
        return "expected to work (the alternate screen, restored on leaving)"
    if dumb:
        return "no: `breather` plays line by line here"
    if not attached:
        return "no terminal attached: `breather` in a terminal window opens full screen"
    return "no"


# -- folders -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What can be done with a path, found without creating or changing anything.

    Attributes:
        exists: Something is there.
        readable: It can be read (a folder: listed).
        writable: It can be written, or, when missing, made (its nearest existing folder is
            writable).
        why_not: When it cannot be written or made: the place that stops it, in words.
    """

    exists: bool
    readable: bool
    writable: bool
    why_not: str | None = None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _writable_folder(path: Path) -> bool:
    # Writing in a folder needs the right to enter it too (x) on POSIX; Windows has no such bit.
    wanted = os.W_OK if os.name == "nt" else os.W_OK | os.X_OK
    return os.access(path, wanted)


def access(path: Path, *, folder: bool) -> Access:
    """Whether ``path`` (a folder, or a file) exists, can be read, and can be written or made.

    Uses :func:`os.access`, which asks the operating system on behalf of the user running
    breather (read-only file systems included). On Windows, access rights that IT sets on a
    folder (ACLs) are not all seen this way; a write that is refused is then reported when it
    happens, as always.
    """
    if _exists(path):
        if folder:
            readable = os.access(path, os.R_OK)
            writable = _writable_folder(path)
            why = None if writable else f"{path} is read-only"
        else:
            # breather replaces a file by renaming a new one over it: the folder must be writable.
            readable = os.access(path, os.R_OK)
            file_writable = os.access(path, os.W_OK)
            writable = file_writable and _writable_folder(path.parent)
            stuck = path if not file_writable else path.parent
            why = None if writable else f"{stuck} is read-only"
        return Access(True, readable, writable, why)
    nearest = path.parent
    while not _exists(nearest) and nearest != nearest.parent:
        nearest = nearest.parent
    if not _exists(nearest):
        return Access(False, False, False, f"nothing on the way to {path} exists")
    if _is_file(nearest):
        return Access(False, False, False, f"{nearest} is a file, not a folder")
    if not _writable_folder(nearest):
        return Access(False, False, False, f"{nearest} is read-only")
    return Access(False, False, True)


def _state(found: Access, *, read_only_use: bool = False) -> str:
    """A folder's or file's state in a few words."""
    if found.exists:
        if not found.readable:
            return "cannot be read"
        if read_only_use:
            return "readable"
        return "writable" if found.writable else "read-only"
    if found.writable:
        return "not there yet; breather makes it when it first needs it"
    return f"missing, and cannot be made ({found.why_not})"


def _folders_section(
    where: Folders, loaded: LoadedSettings, environ: Mapping[str, str]
) -> tuple[Section, dict[str, Access]]:
    section = Section("Folders", "folders")
    entries: list[dict[str, object]] = []
    found: dict[str, Access] = {}

    def report(
        key: str, label: str, path: Path, state: Access, words: str, advice: str | None
    ) -> None:
        found[key] = state
        section.add(label, str(path), advice, detail=words)
        entries.append(
            {
                "what": label,
                "path": str(path),
                "exists": state.exists,
                "readable": state.readable,
                "writable": state.writable,
            }
        )

    settings_state = access(where.settings_file, folder=False)
    named = "; named by BREATHER_CONFIG" if environ.get("BREATHER_CONFIG") else ""
    report(
        "settings",
        "settings file",
        where.settings_file,
        settings_state,
        f"{_state(settings_state)}{named}",
        None
        if settings_state.writable or (settings_state.exists and not settings_state.readable)
        else "Choices made in the player (timers shown or hidden, motion) last only for the "
        f"session, because {settings_state.why_not}: ask IT to make it writable, or leave it "
        "if it is read-only on purpose.",
    )
    user_state = access(where.user_exercises, folder=True)
    report(
        "user",
        "your exercises",
        where.user_exercises,
        user_state,
        _state(user_state, read_only_use=True) if user_state.exists else "not there yet",
        None
        if user_state.readable or not user_state.exists
        else f"breather cannot read {where.user_exercises}: ask IT to let this user read it.",
    )
    data_state = access(where.data, folder=True)
    report(
        "data",
        "data folder",
        where.data,
        data_state,
        f"{_state(data_state)} (history and error reports)",
        None,  # what a read-only data folder costs is said on the history line
    )
    organisation = [*loaded.settings.exercise_dirs, *breather_path(environ)]
    for folder in organisation:
        state = access(folder, folder=True)
        usable = state.exists and state.readable
        report(
            f"organisation:{folder}",
            "organisation",
            folder,
            state,
            "readable" if usable else ("cannot be read" if state.exists else "missing"),
            None
            if usable
            else f"The organisation folder {folder} "
            + ("cannot be read" if state.exists else "is missing")
            + ", so its exercises are not offered: check it is connected (a network drive) "
            "and that this user may read it, or remove it from exercise_dirs or BREATHER_PATH.",
        )
    section.facts = entries
    return section, found


# -- settings, exercises, history, sound -------------------------------------------------------


def _settings_section(where: Folders, loaded: LoadedSettings) -> Section:
    section = Section("Settings", "settings")
    if not _exists(where.settings_file):
        section.add("file", "none yet: every setting has its default")
    elif not loaded.problems:
        section.add("file", "read, no problems")
    else:
        count = len(loaded.problems)
        section.add(
            "file",
            f"{count} problem{'s' if count != 1 else ''}",
            f"Correct the lines listed below in {where.settings_file}; until then breather uses "
            "the default for each of them.",
        )
        for problem in loaded.problems:
            section.add("", problem.render())
    motion = loaded.settings.motion
    section.add("motion", motion or "not set (TEXTUAL_ANIMATIONS, else full)")
    section.facts = {
        "file": str(where.settings_file),
        "exists": _exists(where.settings_file),
        "problems": [problem.as_json() for problem in loaded.problems],
        "motion": motion,
    }
    return section


ORIGIN_WORDS: dict[Origin, str] = {"built-in": "built-in", "organisation": "organisation",
                                   "user": "your own"}  # fmt: skip


def _exercises_section(loaded: LoadedSettings, environ: Mapping[str, str]) -> Section:
    section = Section("Exercises", "exercises")
    library = load_library(loaded.settings, environ)
    # A folder that cannot be used is told in the Folders section; here only the files count.
    sources = {str(source.location) for source in search_path(loaded.settings, environ)}
    files = [problem for problem in library.problems if problem.path not in sources]
    count = len(library.exercises)
    by_origin = Counter(exercise.origin for exercise in library.exercises.values())
    origins = ", ".join(f"{by_origin[origin]} {ORIGIN_WORDS[origin]}" for origin in ORIGIN_WORDS)
    searched = len(search_path(loaded.settings, environ))
    section.add(
        "loaded",
        f"{count} ({origins}), from {searched} folders searched",
        None
        if count
        else "No exercises were found, not even the built-in ones: reinstall breather.",
    )
    broken = sorted({problem.path for problem in files})
    if broken:
        section.add("broken files", str(len(broken)))
        for number, path in enumerate(broken, start=1):
            last = number == len(broken)
            section.add(
                "",
                path,
                "These files are not offered; `breather validate FILE` shows each problem with "
                "its line. Every other exercise still plays."
                if last
                else None,
            )
    else:
        section.add("broken files", "none")
    section.facts = {
        "count": count,
        "by_origin": {origin: by_origin[origin] for origin in ORIGIN_WORDS},
        "broken_files": len(broken),
        "problems": [problem.as_json() for problem in files],
    }
    return section


def _history_section(on: bool, database: Path, data: Access) -> Section:
    """Whether the history would be kept, found from the file and folder alone (never opened)."""
    section = Section("History", "history")
    file_state = access(database, folder=False)
    if not on:
        section.add("history", f"off (the settings say history: false); file: {database}")
        kept = False
    elif file_state.exists and not file_state.writable:
        section.add(
            "history",
            f"on, but {database} is read-only",
            "The history file is read-only, so nothing is kept: ask IT to make it writable, or "
            "turn history off in the settings (history: false) to silence this.",
        )
        kept = False
    elif not data.writable:
        section.add(
            "history",
            f"on, but not kept: {data.why_not}",
            "The data folder is read-only, so history is off: ask IT to make it writable, or "
            "turn history off in the settings (history: false) to silence this.",
        )
        kept = False
    else:
        state = "there" if file_state.exists else "not there yet; made at the first session"
        section.add("history", f"on; {database} ({state})")
        kept = True
    section.facts = {
        "on": on,
        "file": str(database),
        "exists": file_state.exists,
        "writable": file_state.writable if file_state.exists else data.writable,
        "kept": kept,
    }
    return section


@dataclass(frozen=True)
class SoundPath:
    """How cues would be heard here: a player program, the terminal bell, or nothing.

    Attributes:
        available: Whether this breather can play sound at all.
        player: The player that would be used (a program, ``winsound``), or None.
        words: The line for the report.
    """

    available: bool
    player: str | None
    words: str


def sound_path() -> SoundPath:
    """The sound path that tones would take here: which player, or the bell and why.

    Asks :func:`breather.players.find_player` without playing anything.
    """
    from breather.players import NoPlayer, find_player

    found = find_player()
    if isinstance(found, NoPlayer):
        words = f"tones would fall back to the terminal bell: {found.reason}"
        return SoundPath(available=False, player=None, words=words)
    return SoundPath(
        available=True,
        player=found.name,
        words=f"tones use {found.name} (found, not tried: a sound device is needed too)",
    )


def _sound_section() -> Section:
    found = sound_path()
    section = Section("Sound", "sound")
    section.add("sound", found.words)
    section.facts = {"available": found.available, "player": found.player, "words": found.words}
    return section


# -- the command -------------------------------------------------------------------------------


def examine(
    out: TextIO,
    *,
    others: Sequence[TextIO | None] = (),
    environ: Mapping[str, str] | None = None,
    screen_encoding: str | None = None,
) -> Report:
    """Look at everything ``breather doctor`` reports, changing nothing.

    Args:
        out: Where the report goes: whether it is a terminal is part of the report.
        others: Other streams that may be the terminal when ``out`` is redirected (stdin,
            stderr), to find the window's size.
        environ: The environment; ``os.environ`` by default.
        screen_encoding: The encoding the full-screen UI writes in; by default that of the
            stream Textual draws on (stderr on POSIX, stdout on Windows).
    """
    env = os.environ if environ is None else environ
    if screen_encoding is None:
        drawn_on = sys.__stdout__ if sys.platform == "win32" else sys.__stderr__
        screen_encoding = getattr(drawn_on, "encoding", None)
    where = folders(env)
    loaded = load_settings(where.settings_file)
    folder_section, found = _folders_section(where, loaded, env)
    return Report(
        (
            _breather_section(),
            _python_section(),
            _terminal_section(out, others, env, screen_encoding),
            folder_section,
            _settings_section(where, loaded),
            _exercises_section(loaded, env),
            _history_section(loaded.settings.history, history_database(env), found["data"]),
            _sound_section(),
        )
    )


def cmd_doctor(
    out: TextIO,
    *,
    as_json: bool,
    others: Sequence[TextIO | None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Print the report (or its JSON); always 0, since finding problems is the point."""
    streams: Sequence[TextIO | None] = (sys.stdin, sys.stderr) if others is None else others
    report = examine(out, others=streams, environ=environ)
    if as_json:
        out.write(safe_json(json.dumps(report.as_json(), indent=2, ensure_ascii=False)) + "\n")
    else:
        out.write(report.as_text())
    return 0
