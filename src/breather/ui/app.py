"""The Textual app: the screens, the themes, the motion level and the user's choices.

The app holds what every screen shares (the library, the settings, the clock, the options given on
the command line) and moves between the screens. Screens read what it shares as attributes and
ask for everything else with the messages in :mod:`breather.ui.messages`; only the app opens,
switches and closes screens, and only the app writes the settings file. It computes no timing
itself: the player screen draws a :class:`~breather.session.Session`, which reads the injected
clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.theme import Theme

from breather.clock import Clock, MonotonicClock
from breather.errors import Problem, UserError
from breather.library import Library
from breather.model import DEFAULT_SUPPORT, Exercise
from breather.session import Session
from breather.settings import MOTIONS, THEMES, Motion, SessionChoices, Settings, save_setting
from breather.timeline import Timeline
from breather.ui.control_filter import DropControlCharacters
from breather.ui.messages import (
    BackToLibrary,
    Begin,
    Finished,
    LibraryLoaded,
    MotionChosen,
    OpenInfo,
    OpenProblems,
    OpenStartCard,
    TimersShown,
)
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.modals import HelpScreen, TextScreen, exercise_details, file_problems
from breather.ui.screens.player import PlayerScreen
from breather.ui.screens.start import StartScreen
from breather.ui.screens.summary import SummaryScreen

FIRST_PAINT_SECONDS = 0.1
"""How long after the first pass is painted the rest of a large library starts loading."""

THEME_DEFINITIONS = (
    Theme(
        name="breather-dark",
        primary="#8fbcb0",
        secondary="#9fb4d6",
        accent="#a8d8c8",
        foreground="#dde5e8",
        background="#1a2024",
        surface="#20282d",
        panel="#2a343a",
        success="#9fd3a8",
        warning="#e0c48f",
        error="#e49a8f",
        dark=True,
    ),
    Theme(
        name="breather-light",
        primary="#3d7468",
        secondary="#4c6a94",
        accent="#2f6b5e",
        foreground="#26323a",
        background="#f5f2eb",
        surface="#ebe6dc",
        panel="#ddd6c8",
        success="#2f7a45",
        warning="#8a6418",
        error="#a23b2e",
        dark=False,
    ),
    Theme(
        name="breather-contrast",
        primary="#ffff00",
        secondary="#00ffff",
        accent="#00ffff",
        foreground="#ffffff",
        background="#000000",
        surface="#000000",
        panel="#000000",
        success="#00ff00",
        warning="#ffff00",
        error="#ff5555",
        dark=True,
    ),
)


def motion_from_environment(settings: Settings, given: Motion | None) -> Motion:
    """The motion level: the command line, then the settings, then TEXTUAL_ANIMATIONS, then full."""
    if given is not None:
        return given
    if settings.motion is not None:
        return settings.motion
    from_textual = os.environ.get("TEXTUAL_ANIMATIONS", "").strip().lower()
    return next((motion for motion in MOTIONS if motion == from_textual), "full")


class BreatherApp(App[None]):
    """breather's terminal UI."""

    # Read through importlib.resources rather than CSS_PATH, so the styles load from the single
    # file (a zip) as well as from an installed package.
    CSS = files("breather.ui").joinpath("breather.tcss").read_text(encoding="utf-8")
    TITLE = "breather"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [  # noqa: RUF012 - Textual's own convention
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Keys", show=True),
    ]

    def __init__(
        self,
        library: Library,
        *,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        choices: SessionChoices | None = None,
        start_with: str | None = None,
        clock: Clock | None = None,
        settings_problems: tuple[Problem, ...] = (),
        finish_loading: Callable[[], Library] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.library_complete = finish_loading is None
        """False while the library shown is a first pass (the built-ins) and the rest loads."""
        self._finish_loading = finish_loading
        self.user_settings = settings or Settings()
        self.settings_path = settings_path
        self.choices = choices or SessionChoices()
        self.start_with = start_with
        self.clock: Clock = clock or MonotonicClock()
        self.show_timers = self.user_settings.timers
        """Whether the player shows its progress line and timers; ``t`` switches it."""
        self.motion: Motion = motion_from_environment(self.user_settings, self.choices.motion)
        """The motion level a start card offers first; ``m`` on a start card changes it."""
        self.notes: list[str] = []
        self.settings_problems = settings_problems
        self.crash: Exception | None = None
        """An unexpected error that ended the app; the command line reports it calmly."""
        self._drop_controls = DropControlCharacters()  # one instance: Textual caches per filter
        for theme in THEME_DEFINITIONS:
            self.register_theme(theme)
        chosen = self.user_settings.theme
        self.theme = chosen if chosen in THEMES else "breather-dark"

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then one that drops any control character left in a line's text.

        Every widget asks the app for these, so no text can carry an escape sequence to the
        terminal (a window title, the clipboard, a link), whichever widget draws it.
        """
        return [*super().get_line_filters(), self._drop_controls]

    def _handle_exception(self, error: Exception) -> None:
        """Keep an unexpected error for the command line instead of printing a traceback.

        Textual ends the app and, by default, prints a full traceback on the user's screen. The
        command line instead writes the report to a file and says one calm line (see cli.py).

        A private hook, kept on purpose: checked against Textual 3.3.0 and 8.2.8, there is still
        no public way to learn which error ended an app, nor to stop the traceback being printed.
        Kept as narrow as harlequin's (``AppBase._handle_exception``): note the error, let Textual
        do all of its own handling (the exit code, the re-raise under ``run_test``, the
        shutdown), and only drop the traceback it queued for printing.
        """
        self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    # -- start-up ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._quit_on_signals()
        self.push_screen(LibraryScreen(self.choices.minutes))
        if self._finish_loading is not None:
            # After the first paint, and a moment for the terminal to draw it: the loading thread
            # takes a core, and on a two-core machine the terminal needs the other.
            self.call_after_refresh(self.set_timer, FIRST_PAINT_SECONDS, self._load_the_rest)
        if self.settings_problems:
            first = self.settings_problems[0].render()
            more = len(self.settings_problems) - 1
            also = f" (and {more} more)" if more else ""
            self.notify(
                f"{first}{also}", title="Some settings were ignored", timeout=10, markup=False
            )
        if self.start_with is not None:
            self._open_start_card(self.start_with, self.choices.minutes)

    def _quit_on_signals(self) -> None:
        """Leave cleanly when told to stop: the terminal is restored and nothing is printed.

        SIGTERM (a shutdown, `kill`), SIGHUP (the terminal window closed) and a SIGINT sent from
        outside (the terminal's own Ctrl+C is a key here) would otherwise end Python at once and
        leave the terminal in raw mode on the alternate screen. Where signals cannot be handled
        this way (Windows), the default behaviour stays.
        """
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.exit)

    def _load_the_rest(self) -> None:
        """After the first paint, load the whole library in a thread (no Textual in it)."""
        finish = self._finish_loading
        if finish is None:
            return

        def load() -> None:
            self.post_message(LibraryLoaded(finish()))  # thread-safe, and a no-op once closed

        self.run_worker(load, thread=True, name="load the library")

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        """The whole library is here: every library screen shows it, no longer marked."""
        self.library = message.library
        self.library_complete = True
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.rebuild()

    # -- what the screens read -----------------------------------------------------------------

    @property
    def support(self) -> str:
        return self.user_settings.support or DEFAULT_SUPPORT

    @property
    def bells_allowed(self) -> bool:
        return self.user_settings.bell and not self.choices.silent

    def plan_for(self, exercise: Exercise, minutes: float | None, holds: bool) -> Timeline:
        """Plan an exercise for this session's choices (raises UserError when it cannot fit)."""
        return self.library.plan(exercise, minutes=minutes, holds=holds, support=self.support)

    def holds_wanted(self) -> bool:
        return self.user_settings.holds and not self.choices.no_holds

    # -- what the screens ask for (see messages.py) ---------------------------------------------
    # A request from a screen that is no longer on top (a key pressed twice before the first
    # press was handled) is dropped: the screen it would replace has already gone.

    def on_open_start_card(self, message: OpenStartCard) -> None:
        if isinstance(self.screen, LibraryScreen):
            self._open_start_card(message.exercise_id, message.minutes)

    def _open_start_card(self, exercise_id: str, minutes: float | None) -> None:
        try:
            exercise = self.library.get(exercise_id)
        except UserError as error:
            self.notify(error.render(), severity="error", timeout=8, markup=False)
            return
        self.push_screen(
            StartScreen(exercise, minutes=minutes, holds=self.holds_wanted(), motion=self.motion)
        )

    def on_open_info(self, message: OpenInfo) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.push_screen(TextScreen(*exercise_details(message.exercise)))

    def on_open_problems(self, message: OpenProblems) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.push_screen(TextScreen(*file_problems(message.path, self.library.problems)))

    def on_begin(self, message: Begin) -> None:
        if not isinstance(self.screen, StartScreen):
            return
        session = Session(message.timeline, self.clock)
        player = PlayerScreen(
            session, message.motion, show_timers=self.show_timers, bells=self.bells_allowed
        )
        self.switch_screen(player)

    def on_finished(self, message: Finished) -> None:
        screen = self.screen
        if isinstance(screen, PlayerScreen) and screen.session is message.session:
            self.switch_screen(SummaryScreen(message.session))

    def on_back_to_library(self, message: BackToLibrary) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def on_motion_chosen(self, message: MotionChosen) -> None:
        self.motion = message.motion
        self.remember("motion", message.motion)

    def on_timers_shown(self, message: TimersShown) -> None:
        self.show_timers = message.shown
        self.remember("timers", message.shown)

    def remember(self, key: str, value: str | bool) -> None:
        """Save a choice in the settings file; say once, quietly, if it cannot be kept."""
        self.user_settings = replace(self.user_settings, **{key: value})  # type: ignore[arg-type]
        if self.settings_path is None:
            return
        problem = save_setting(self.settings_path, key, value)
        if problem and problem not in self.notes:
            self.notes.append(problem)
            self.notify(problem, title="Not saved", timeout=6, markup=False)

    def action_help(self) -> None:
        """Show the keys. A session playing underneath pauses itself (see PlayerScreen)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
