"""The Textual app: the screens, the themes, the motion level and the user's choices.

The app holds what every screen shares (the library, the settings, the clock, the options given on
the command line) and moves between the screens. It computes no timing itself: the player screen
draws a :class:`~breather.session.Session`, which reads the injected clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.theme import Theme

from breather.clock import Clock, MonotonicClock
from breather.errors import Problem, UserError
from breather.hangup import FULL_SCREEN_SIGNALS, Stop, guard
from breather.library import Library
from breather.model import DEFAULT_SUPPORT, Exercise
from breather.session import Session
from breather.settings import MOTIONS, THEMES, Motion, SessionChoices, Settings, save_setting
from breather.timeline import Timeline

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
    ) -> None:
        super().__init__()
        self.library = library
        self.user_settings = settings or Settings()
        self.settings_path = settings_path
        self.choices = choices or SessionChoices()
        self.start_with = start_with
        self.clock: Clock = clock or MonotonicClock()
        self.show_timers = self.user_settings.timers
        self.motion: Motion = motion_from_environment(self.user_settings, self.choices.motion)
        self.library_minutes: float | None = self.choices.minutes
        self.notes: list[str] = []
        self.settings_problems = settings_problems
        self.crash: Exception | None = None
        """An unexpected error that ended the app; the command line reports it calmly."""
        for theme in THEME_DEFINITIONS:
            self.register_theme(theme)
        chosen = self.user_settings.theme
        self.theme = chosen if chosen in THEMES else "breather-dark"

    def _handle_exception(self, error: Exception) -> None:
        """Keep an unexpected error for the command line instead of printing a traceback.

        Textual ends the app and, by default, prints a full traceback on the user's screen. The
        command line instead writes the report to a file and says one calm line (see cli.py).
        """
        self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    # -- start-up ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from breather.ui.screens.library import LibraryScreen

        self._quit_on_signals()
        self.push_screen(LibraryScreen())
        if self.settings_problems:
            first = self.settings_problems[0].render()
            more = len(self.settings_problems) - 1
            also = f" (and {more} more)" if more else ""
            self.notify(f"{first}{also}", title="Some settings were ignored", timeout=10)
        if self.start_with is not None:
            self.open_start_card(self.start_with)

    def _quit_on_signals(self) -> None:
        """Leave when told to (SIGTERM, SIGHUP, an outside SIGINT) or when the terminal goes.

        The handlers only record the signal (breather.hangup); its guardian thread hands the news
        to the event loop, where the leaving hooks run (the history keeps its session there) and
        the app exits, restoring the terminal if it is still there. If that takes more than 2
        seconds, the guard restores what it can and ends the process. Headless runs (tests)
        have no terminal to guard; on Windows, Python's own behaviour stays.
        """
        if self.is_headless:
            return
        keeper = guard()
        if not keeper.install(FULL_SCREEN_SIGNALS):
            return
        loop = asyncio.get_running_loop()

        def leave() -> None:  # in the event loop
            keeper.leaving()
            self.exit()

        def told(stop: Stop) -> None:  # in the guardian thread: only hand the news on
            with contextlib.suppress(RuntimeError):  # the loop has closed: already leaving
                loop.call_soon_threadsafe(leave)

        keeper.listen(told)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; on Linux and macOS one that is safe when the terminal goes away.

        See breather/ui/terminal_driver.py for the Textual behaviour this works around.
        """
        chosen = super().get_driver_class()
        if os.name == "posix":
            from textual.drivers.linux_driver import LinuxDriver

            from breather.ui.terminal_driver import TerminalDriver

            if chosen is LinuxDriver:
                return TerminalDriver
        return chosen

    # -- what the screens ask for --------------------------------------------------------------

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

    def open_start_card(self, exercise_id: str) -> None:
        """Show an exercise's start card."""
        from breather.ui.screens.start import StartScreen

        try:
            exercise = self.library.get(exercise_id)
        except UserError as error:
            self.notify(error.render(), severity="error", timeout=8)
            return
        self.push_screen(StartScreen(exercise))

    def begin(self, timeline: Timeline, motion: Motion) -> None:
        """Start playing a planned session."""
        from breather.ui.screens.player import PlayerScreen

        session = Session(timeline, self.clock)
        self.switch_screen(PlayerScreen(session, motion))

    def finish(self, session: Session) -> None:
        """Show the summary of a session that finished or was stopped."""
        from breather.ui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(session))

    def back_to_library(self) -> None:
        """Return to the library, closing every other screen."""
        from breather.ui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def remember(self, key: str, value: str | bool) -> None:
        """Save a choice in the settings file; say once, quietly, if it cannot be kept."""
        self.user_settings = replace(self.user_settings, **{key: value})  # type: ignore[arg-type]
        if self.settings_path is None:
            return
        problem = save_setting(self.settings_path, key, value)
        if problem and problem not in self.notes:
            self.notes.append(problem)
            self.notify(problem, title="Not saved", timeout=6)

    def set_motion(self, motion: Motion) -> None:
        """Change the motion level and keep the choice in the settings."""
        self.motion = motion
        self.remember("motion", motion)

    def action_help(self) -> None:
        """Show the keys; a session playing underneath waits until they are closed."""
        from breather.ui.screens.modals import HelpScreen
        from breather.ui.screens.player import PlayerScreen

        if isinstance(self.screen, HelpScreen):
            return
        player = self.screen if isinstance(self.screen, PlayerScreen) else None
        resume = player is not None and not player.session.paused
        if player is not None and resume:
            player.session.pause()
            player.sync()

        def closed(_: None) -> None:
            if player is not None and resume:
                player.session.resume()
                player.sync()

        self.push_screen(HelpScreen(), closed)
