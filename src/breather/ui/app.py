"""The Textual app: the screens, the themes, the motion level and the user's choices.

The app holds what every screen shares (the library, the settings, the clock, the options given on
the command line, the history) and moves between the screens. Screens read what it shares as
attributes and ask for everything else with the messages in :mod:`breather.ui.messages`; only
the app opens, switches and closes screens, and only the app writes the settings file. It computes
no timing itself: the player screen draws a :class:`~breather.session.Session`, which reads the
injected clock.

Each session played has a :class:`~breather.practice.Practice`: the app asks the before and after
check-in around it when the settings want them, and records it once, when its summary opens (or,
through :meth:`BreatherApp.record_session`, when the app is left or the terminal hangs up
mid-session). With history off the history is never opened, and the history screen says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.filter import LineFilter
from textual.screen import Screen
from textual.theme import Theme

from breather.clock import Clock, MonotonicClock, local_now
from breather.errors import Problem, UserError
from breather.hangup import FULL_SCREEN_SIGNALS, Stop, guard
from breather.history import HISTORY_OFF, HistoryError, HistoryStore, JournalEntry, Unavailable
from breather.library import Library
from breather.model import DEFAULT_SUPPORT, Exercise
from breather.settings import MOTIONS, THEMES, Motion, SessionChoices, Settings, save_setting
from breather.sound_choice import SoundMode
from breather.ui.control_filter import DropControlCharacters
from breather.ui.messages import (
    BackToLibrary,
    Begin,
    CheckInAnswered,
    Finished,
    ForgetEntry,
    GoBack,
    LibraryLoaded,
    MotionChosen,
    OpenHistory,
    OpenInfo,
    OpenJournal,
    OpenProblems,
    OpenStartCard,
    SoundChosen,
    SoundFailed,
    TimersShown,
)
from breather.ui.screens.common import BreatherScreen
from breather.ui.screens.library import LibraryScreen
from breather.ui.screens.modals import (
    ConfirmScreen,
    HelpScreen,
    TextScreen,
    exercise_details,
    file_problems,
)

if TYPE_CHECKING:
    from breather.practice import Practice
    from breather.session import Session
    from breather.session_sound import SessionSound
    from breather.timeline import Timeline
    from breather.ui.screens.history import PracticeShown

# Only the library (and the panels over it) is needed for the first paint: the other screens, the
# session, its practice and its sound (players, tone synthesis, subprocess) are imported when they
# are first opened, which keeps about 40 ms of imports out of the launch (bench/startup.py).

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


MONOCHROME_TERMS = ("-mono", "-m")
"""Endings terminfo gives the names of terminals without colour (``xterm-mono``, ``linux-m``)."""

MONOCHROME_TERMINALS = frozenset({"vt52", "vt100", "vt102", "vt220", "vt320"})
"""Terminals without colour whose names say nothing of it."""


def without_colour(environ: Mapping[str, str]) -> bool:
    """Whether the screen shows no colour: ``NO_COLOR`` is set, or the terminal is monochrome.

    Textual then draws in shades of grey (NO_COLOR) or in colours the terminal ignores, so a row
    marked only by its background is not marked at all; the app marks such rows another way.
    """
    if "NO_COLOR" in environ:  # set at all, even empty: Textual 8.2.8 then draws in greys
        return True
    term = environ.get("TERM", "").lower()
    return term.endswith(MONOCHROME_TERMS) or term in MONOCHROME_TERMINALS


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
        lead: bool = False,
        history: HistoryStore | Unavailable = HISTORY_OFF,
        now: Callable[[], datetime] = local_now,
        chance: random.Random | None = None,
        finish_loading: Callable[[], Library] | None = None,
        read_history: Callable[[], HistoryStore | Unavailable] | None = None,
        try_tones: Callable[[], str | None] | None = None,
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
        self.lead = lead
        """Sessions open in the lead view, for someone leading a group aloud (``play --lead``)."""
        self.clock: Clock = clock or MonotonicClock()
        self.show_timers = self.user_settings.timers
        """Whether the player shows its progress line and timers; ``t`` switches it."""
        self.motion: Motion = motion_from_environment(self.user_settings, self.choices.motion)
        """The motion level a start card offers first; ``m`` on a start card changes it."""
        self._sound_chosen: SoundMode | None = None
        self._tones_suggested = False
        self._player_looked_for = False
        self._tones_unavailable: str | None = None
        self._tones_failed: str | None = None
        self._try_tones = try_tones
        """Plays a moment of silence to learn whether tones can be heard (in a thread, once)."""
        self.notes: list[str] = []
        self.settings_problems = settings_problems
        self.crash: Exception | None = None
        """An unexpected error that ended the app; the command line reports it calmly."""
        self.history = history
        """The open history, or why there is none (off: never opened at all)."""
        self.now = now
        """The wall clock: when a session started, and what "today" is for the history."""
        self.chance = chance or random.Random()
        """Chooses what recall steps show (seeded in tests)."""
        self.practice: Practice | None = None
        """The session being played (or last played), until it is recorded."""
        self.summarised: Practice | None = None
        """The practice whose summary was shown last: its words were seen there."""
        self._motion_for_session: Motion = self.motion
        self._session_waiting: Session | None = None
        self._open_reader = read_history
        """Opens what was kept for reading, where ``history`` could not be opened to write."""
        self._reader: HistoryStore | Unavailable | None = None
        """The history opened read-only for the screens, when it cannot be written."""
        self._drop_controls = DropControlCharacters()  # one instance: Textual caches per filter
        for theme in THEME_DEFINITIONS:
            self.register_theme(theme)
        chosen = self.user_settings.theme
        self.theme = chosen if chosen in THEMES else "breather-dark"
        # With no colour, the highlighted row of a list is underlined (breather.tcss).
        self.set_class(without_colour(os.environ), "-without-colour")

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
        if isinstance(self.history, HistoryStore) and self.history.notice:
            self.say_once(self.history.notice, "History")
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
        # A hang-up records the session being played, as stopped where it was, before leaving.
        keeper.on_leaving(lambda stop: self._record_on_leaving())

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
    def lead_bells(self) -> bool:
        """Whether the leader's view rings the terminal bell at marked steps (any sound on)."""
        return self.sound != "off" and self.user_settings.bell

    @property
    def sound(self) -> SoundMode:
        """How cues sound: the settings and options, until ``s`` on a start card changes it for
        the rest of this run (never saved: sound is chosen afresh, quiet by default)."""
        if self._sound_chosen is not None:
            return self._sound_chosen
        from breather.session_sound import session_mode

        return session_mode(self.user_settings, self.choices)

    @property
    def tones_unavailable(self) -> str | None:
        """Why tones cannot be played here: no player found (looked for once), or the player
        failed in an earlier session of this run. None while they can."""
        if self._tones_failed is not None:
            return self._tones_failed
        if not self._player_looked_for:
            from breather.session_sound import tones_unavailable

            self._player_looked_for = True
            self._tones_unavailable = tones_unavailable()
        return self._tones_unavailable

    def plan_for(self, exercise: Exercise, minutes: float | None, holds: bool) -> Timeline:
        """Plan an exercise for this session's choices (raises UserError when it cannot fit)."""
        return self.library.plan(
            exercise,
            minutes=minutes,
            holds=holds,
            support=self.support,
            check_ins=not self.choices.no_check_in,
        )

    @property
    def before_after_wanted(self) -> bool:
        """Whether sessions are framed by the before and after check-in (settings, options)."""
        return self.user_settings.check_in and not self.choices.no_check_in

    def holds_wanted(self) -> bool:
        return self.user_settings.holds and not self.choices.no_holds

    # -- what the screens ask for (see messages.py) ---------------------------------------------
    # A request from a screen that is no longer on top (a key pressed twice before the first
    # press was handled) is dropped: the screen it would replace has already gone.

    def on_open_start_card(self, message: OpenStartCard) -> None:
        if isinstance(self.screen, LibraryScreen):
            self._open_start_card(message.exercise_id, message.minutes)

    def _open_start_card(self, exercise_id: str, minutes: float | None) -> None:
        from breather.session_sound import make_tones_ahead, suggests_tones
        from breather.ui.screens.start import StartScreen

        try:
            exercise = self.library.get(exercise_id)
        except UserError as error:
            self.notify(error.render(), severity="error", timeout=8, markup=False)
            return
        # An exercise made for the eyes closed or away offers tones once per run, never again.
        suggest = suggests_tones(exercise) and self.sound == "off" and not self._tones_suggested
        self._tones_suggested = self._tones_suggested or suggest
        if self.sound == "tones":
            make_tones_ahead(self.user_settings)
            self._trial_of_tones()
        self.push_screen(
            StartScreen(
                exercise,
                minutes=minutes,
                holds=self.holds_wanted(),
                motion=self.motion,
                sound=self.sound,
                suggest_tones=suggest,
            )
        )

    def on_open_info(self, message: OpenInfo) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.push_screen(TextScreen(*exercise_details(message.exercise)))

    def on_open_problems(self, message: OpenProblems) -> None:
        if isinstance(self.screen, LibraryScreen):
            self.push_screen(TextScreen(*file_problems(message.path, self.library.problems)))

    def on_begin(self, message: Begin) -> None:
        from breather.practice import Practice
        from breather.session import Session
        from breather.ui.screens.check_in import CheckInScreen
        from breather.ui.screens.lead import LeadScreen
        from breather.ui.screens.start import StartScreen

        if not isinstance(self.screen, StartScreen):
            return
        timeline = message.timeline
        if self.lead:  # a group session: nothing about it is recorded
            session = Session(timeline, self.clock)
            self.switch_screen(LeadScreen(session, bells=self.lead_bells, support=self.support))
            return
        self.record_session()  # an earlier session, if its recording is still owed
        practice = Practice(
            timeline,
            self.history,
            before_after=self.before_after_wanted,
            now=self.now,
            chance=self.chance,
        )
        self.practice = practice
        session = Session(timeline, self.clock)
        self._motion_for_session = message.motion
        self._session_waiting = session
        if practice.before_after:
            # Over the start card, so that Escape goes back to it with its choices as they were.
            self.push_screen(CheckInScreen("before", timeline.exercise.title))
        else:
            self._play(session)

    def _play(self, session: Session) -> None:
        """Open the player on a session; the practice starts with it."""
        from breather.ui.screens.player import PlayerScreen

        if self.practice is not None:
            self.practice.begin(session)
        player = PlayerScreen(
            session,
            self._motion_for_session,
            show_timers=self.show_timers,
            practice=self.practice,
            sound=self._session_sound(session.timeline),
        )
        self.switch_screen(player)

    def on_check_in_answered(self, message: CheckInAnswered) -> None:
        from breather.ui.screens.check_in import CheckInScreen

        practice = self.practice
        if practice is None or not isinstance(self.screen, CheckInScreen):
            return
        if message.stage != self.screen.stage:
            return
        if message.stage == "before" and self._session_waiting is not None:
            practice.keep_before(message.value)
            self.pop_screen()  # the check-in; the player then takes the start card's place
            self._play(self._session_waiting)
        elif practice.session is not None:
            practice.keep_after(message.value)
            self._summary(practice.session)

    def _session_sound(self, timeline: Timeline) -> SessionSound:
        """The cues for a session at the sound chosen; the player screen closes them."""
        from breather.session_sound import SessionSound, open_session_cues

        # A player that failed earlier in this run is not tried again: the card said so.
        mode = "bell" if self.sound == "tones" and self._tones_failed else self.sound
        cues = open_session_cues(mode, self.user_settings, bell=self.bell, clock=self.clock)
        if cues.notice is not None and cues.notice == self.tones_unavailable:
            cues.take_notice()  # the start card has said it; once is enough
        return SessionSound(cues, timeline)

    def on_sound_failed(self, message: SoundFailed) -> None:
        if message.notice != self.tones_unavailable:
            from breather.ui.sound_card import instead_of_tones

            instead = instead_of_tones(self.user_settings.bell)
            self.notify(f"{message.notice}; {instead}.", title="Sound", timeout=8, markup=False)
        self._tones_failed = message.notice

    def on_finished(self, message: Finished) -> None:
        from breather.ui.screens.check_in import CheckInScreen
        from breather.ui.screens.lead import LeadScreen
        from breather.ui.screens.player import PlayerScreen
        from breather.ui.screens.summary import SummaryScreen

        screen = self.screen
        if isinstance(screen, LeadScreen) and screen.session is message.session:
            self.switch_screen(SummaryScreen(message.session, None))
        elif isinstance(screen, PlayerScreen) and screen.session is message.session:
            practice = self.practice
            if practice is not None and practice.asks_after:
                title = message.session.timeline.exercise.title
                self.switch_screen(CheckInScreen("after", title))
            else:
                self._summary(message.session)

    def _summary(self, session: Session) -> None:
        """Record the session, then show its summary."""
        from breather.ui.screens.summary import SummaryScreen

        notice = self.record_session()
        if notice:
            self.say_once(notice, "Not kept")
        self.summarised = self.practice
        self.switch_screen(SummaryScreen(session, self.practice))

    def _record_on_leaving(self) -> None:
        """The guard's leaving hook: keep the session; nothing may be drawn now."""
        self.record_session()

    def record_session(self) -> str | None:
        """Record the session being played now, once; a quit or a hang-up may call it too.

        The session is stopped first if it still plays. Safe to call at any time and any number
        of times: only the first call for a session records it.

        Returns:
            One calm sentence when the session could not be kept (history off says nothing).
        """
        practice = self.practice
        return None if practice is None else practice.flush()

    def say_once(self, sentence: str, title: str) -> None:
        """Say something quietly, once in the app's life (the same sentence is not repeated)."""
        if sentence not in self.notes:
            self.notes.append(sentence)
            self.notify(sentence, title=title, timeout=8, markup=False)

    # -- the history and the journal -----------------------------------------------------------

    def on_open_history(self, message: OpenHistory) -> None:
        from breather.ui.screens.history import HistoryScreen

        if isinstance(self.screen, LibraryScreen):
            self.push_screen(HistoryScreen(self._practice_shown()))

    def _practice_shown(self) -> PracticeShown:
        """What the history screen shows: the last two weeks, or why there is nothing."""
        from breather.ui.screens.history import HISTORY_DAYS, PracticeShown

        today = self.now().date()
        history = self._history_to_read()
        if isinstance(history, Unavailable):
            return PracticeShown(today, None, None, self._why_no_history(history))
        try:
            report = history.report(today, HISTORY_DAYS)
            week = history.totals(today, 7)
        except HistoryError as error:
            return PracticeShown(today, None, None, str(error))
        return PracticeShown(today, report, week, "", check_ins_on=self.user_settings.check_in)

    def _history_to_read(self) -> HistoryStore | Unavailable:
        """The history the history and journal screens show.

        The one this run records to; or, where it cannot be written (a read-only profile), what
        was kept before, opened read-only once and said so once.
        """
        history = self.history
        if not isinstance(history, Unavailable) or history.off or self._open_reader is None:
            return history
        if self._reader is None:
            self._reader = self._open_reader()
        if isinstance(self._reader, HistoryStore) and self._reader.notice:
            self.say_once(self._reader.notice, "History")
        return self._reader if isinstance(self._reader, HistoryStore) else history

    def _why_no_history(self, history: Unavailable) -> str:
        if not history.off:
            return history.reason
        if self.choices.no_history:
            return "History is off for this session (--no-history), so nothing is shown here."
        return (
            "History is off, so breather keeps nothing and has nothing to show here. "
            "To keep your practice on this computer, set `history: true` in the settings "
            "(`breather paths` shows where)."
        )

    def on_open_journal(self, message: OpenJournal) -> None:
        from breather.ui.screens.history import HistoryScreen, JournalScreen

        if not isinstance(self.screen, LibraryScreen | HistoryScreen):
            return
        history = self._history_to_read()
        today = self.now().date()
        if isinstance(history, Unavailable):
            self.push_screen(JournalScreen(today, [], None, self._why_no_history(history)))
            return
        try:
            topics = history.topics()
        except HistoryError as error:
            self.push_screen(JournalScreen(today, [], None, str(error)))
            return
        self.push_screen(JournalScreen(today, topics, history.journal))

    def on_forget_entry(self, message: ForgetEntry) -> None:
        """Ask before deleting one journal entry; on yes, delete it and show what is left."""
        from breather.history_report import day_name, one_line

        journal, entry = message.screen, message.entry
        if journal is not self.screen:
            return
        if not isinstance(self.history, HistoryStore):  # shown read-only: it cannot change
            self.notify(
                "This journal can only be read here, so nothing was deleted.",
                title="Not deleted",
                timeout=6,
                markup=False,
            )
            return
        written = day_name(entry.written.date(), self.now().date())
        words = one_line(entry.text)

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._forget_entry(journal, entry)

        self.push_screen(
            ConfirmScreen(
                f"Delete this entry from {written}?",
                f"“{words}”\n\nIt cannot be brought back.",
                "y deletes · n or Escape keeps it",
            ),
            answered,
        )

    async def _forget_entry(self, journal: Screen[None], entry: JournalEntry) -> None:
        """Delete the entry, say so, and show the journal screen what is left."""
        from breather.ui.screens.history import JournalScreen

        history = self.history
        if not isinstance(history, HistoryStore) or not isinstance(journal, JournalScreen):
            return
        try:
            deleted = history.forget_entry(entry.number, expected=entry)
            topics = history.topics()
        except HistoryError as error:
            self.notify(str(error), title="Not deleted", severity="error", timeout=8, markup=False)
            return
        await journal.show_journal(topics)
        if deleted is not None:
            self.notify("Entry deleted.", timeout=4, markup=False)
        else:  # another breather deleted it, or its number went to a newer entry, meanwhile
            self.notify(
                "That entry had already gone or changed; nothing was deleted.",
                timeout=6,
                markup=False,
            )

    def on_go_back(self, message: GoBack) -> None:
        from breather.ui.screens.check_in import CheckInScreen

        if self.screen is message.screen and len(self.screen_stack) > 1:
            if isinstance(message.screen, CheckInScreen):  # before: nothing began, nothing kept
                self.practice = None
                self._session_waiting = None
            self.pop_screen()

    def on_back_to_library(self, message: BackToLibrary) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def on_motion_chosen(self, message: MotionChosen) -> None:
        self.motion = message.motion
        self.remember("motion", message.motion)

    def on_sound_chosen(self, message: SoundChosen) -> None:
        self._sound_chosen = message.sound
        if message.sound == "tones":
            from breather.session_sound import make_tones_ahead

            make_tones_ahead(self.user_settings)
            self._trial_of_tones()

    def _trial_of_tones(self) -> None:
        """Once a run, as tones are chosen: learn in a thread whether they can be heard here, so
        the start card says so before a session that counts on them begins, not a moment after
        (when eyes may already be closed)."""
        trial, self._try_tones = self._try_tones, None
        if trial is None or self.tones_unavailable is not None:
            return

        def try_them() -> None:
            why = trial()
            if why is not None:
                self.call_from_thread(self._tones_cannot_play, why)

        self.run_worker(try_them, name="tones-trial", thread=True, exit_on_error=False)

    def _tones_cannot_play(self, why: str) -> None:
        """The trial failed: tones give way to the bell from now on, and the card says why."""
        from breather.ui.screens.start import StartScreen

        if self._tones_failed is None:
            self._tones_failed = why
        if isinstance(self.screen, StartScreen):
            self.screen.show_choices()

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
            here = self.screen
            first = here.KEYS_SECTION if isinstance(here, BreatherScreen) else None
            self.push_screen(HelpScreen(first))
