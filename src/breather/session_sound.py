"""What a session sounds like as it moves: the same cues from the TUI and from ``--plain``.

Why it exists: both players watch a session move (an event begins: a step, a breath phase; the
session ends) and must make exactly the same sound for it. :class:`SessionSound` turns "this
event began, it was due at this moment" into calls on :class:`breather.sound.Cues`, so the rules
below live in one place and each player adds a line where it already notices an event:

- a session's first event: the start chime (tones only; the bell has never rung at a start);
- a step with ``bell: true``: the chime with tones, the terminal bell with ``bell``;
- a breath phase: its tone (rising in, falling out, low for a hold) unless the step says
  ``tones: false``;
- at one moment, one sound. Where a breath phase begins at the same moment as a bell step or the
  session's start, its own tone is played and the chime is not: the tone says what to do
  (breathe in) and marks the beginning as well, and two sounds at once would blur both. A step
  with ``tones: false`` keeps its chime. With the bell (no tones), bell steps ring as before.
- the session's end, when it ran to its end: the chime (a session the user stopped ends quietly).

It also decides the session's sound from the settings and the options (``--sound``, ``--silent``)
and words the notices a player shows. It never imports Textual and never blocks: the cues start
players in the background.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from breather.clock import Clock
from breather.model import BreatheStep, Exercise
from breather.paths import cache_folder
from breather.players import NoPlayer, find_player
from breather.settings import SessionChoices, Settings
from breather.sound import Cues, SoundMode, choose_mode, open_cues, try_player, unavailable
from breather.timeline import Event, Timeline
from breather.tones import ToneFilesUnavailable, tone_files

SUGGEST_TONES_FOR = ("eyes-closed", "walking")
"""Tags of exercises made to be followed away from the screen: their start card offers tones."""

SOUND_CYCLE: tuple[SoundMode, ...] = ("off", "tones", "bell")
"""The order the start card's ``s`` key moves through: from off, one press gives tones."""

SOUND_WORDS: dict[SoundMode, str] = {
    "off": "off",
    "bell": "bell (the terminal bell at marked steps)",
    "tones": "tones (a soft tone as each breath starts)",
}
"""How the start card names each sound level."""


def session_mode(settings: Settings, choices: SessionChoices) -> SoundMode:
    """The sound a session starts with: ``--sound``, else the settings; ``--silent`` is off."""
    given = choices.sound if choices.sound is not None else settings.sound
    return choose_mode(given, silent=choices.silent)


def next_mode(mode: SoundMode) -> SoundMode:
    """The sound level after ``mode`` on the start card's ``s`` key."""
    return SOUND_CYCLE[(SOUND_CYCLE.index(mode) + 1) % len(SOUND_CYCLE)]


def suggests_tones(exercise: Exercise) -> bool:
    """Whether the exercise is made for the eyes closed or away (tagged so)."""
    return any(tag in SUGGEST_TONES_FOR for tag in exercise.tags)


def tones_unavailable(
    *, which: Callable[[str], str | None] = shutil.which, platform: str | None = None
) -> str | None:
    """Why tones cannot be played on this computer, before a session: no player found.

    Only the quick check (a look on ``PATH``); a player that is found and then fails says so
    during the session, through :meth:`SessionSound.take_notice`.
    """
    player = find_player(platform=platform, which=which)
    return unavailable(player.reason) if isinstance(player, NoPlayer) else None


def tones_tried(
    *, which: Callable[[str], str | None] = shutil.which, platform: str | None = None
) -> str | None:
    """Why tones cannot be heard on this computer, learnt by trying its player with a moment of
    silence (:func:`~breather.sound.try_player`); None when they can, or when it cannot tell.

    Slow (a player's start-up, a few hundredths of a second): the UI runs it in a thread.
    """
    player = find_player(platform=platform, which=which)
    if isinstance(player, NoPlayer):
        return unavailable(player.reason)
    why = try_player(player)
    return None if why is None else unavailable(why)


def plain_notice(notice: str) -> str:
    """A notice as a line of its own: a sentence, capitalised."""
    return f"{notice[:1].upper()}{notice[1:]}."


def no_bell() -> None:
    """The terminal bell where it may not ring (the settings, or output that is not a terminal)."""


def terminal_bell(out: TextIO) -> Callable[[], None]:
    """Rings the bell of the terminal ``out`` writes to (the line player's)."""

    def ring() -> None:
        out.write("\a")

    return ring


def open_session_cues(
    mode: SoundMode,
    settings: Settings,
    *,
    bell: Callable[[], None],
    clock: Clock,
    cache: Path | None = None,
    try_first: bool = False,
) -> Cues:
    """The cues for one session, at the settings' volume, tones kept in the user's cache.

    Args:
        mode: From :func:`session_mode` (or the start card's choice).
        settings: For ``volume``, and ``bell``: with ``bell: false`` the terminal bell never
            rings, in ``bell`` mode or when tones give way to it.
        bell: Rings the terminal bell.
        clock: The session's clock, which ``due`` moments are read from.
        cache: Where tone files are kept; the user's cache folder by default.
        try_first: Try the player before the session (:func:`~breather.sound.open_cues`).
    """
    ring = bell if settings.bell else no_bell
    folder = cache_folder() if cache is None else cache
    return open_cues(mode, settings.volume, folder, bell=ring, clock=clock, try_first=try_first)


def make_tones_ahead(settings: Settings, *, cache: Path | None = None) -> None:
    """Make the tone files in the background, while a start card is read.

    The first time at a volume, making them takes a noticeable moment (a tenth of a second or
    more); made ahead, the session's cues find them ready and Enter begins at once. Writing is
    safe beside a session that makes them too (each file is renamed into place). Where the cache
    cannot be written nothing is made ahead: the session makes temporary files and says so.
    """

    def make() -> None:
        try:
            files = tone_files(settings.volume, cache_folder() if cache is None else cache)
        except ToneFilesUnavailable:
            return
        files.remove_temporary()

    if settings.volume > 0:
        threading.Thread(target=make, name="breather-tones-ahead", daemon=True).start()


class SessionSound:
    """Tells a session's cues what happened, by the rules in the module's description.

    Args:
        cues: The session's cues (closed by whoever opened them).
        timeline: The session's plan, to know each event's step.
    """

    def __init__(self, cues: Cues, timeline: Timeline) -> None:
        self.cues = cues
        self.timeline = timeline
        self._started = False
        self._ended = False

    def event_began(self, event: Event, *, due: float | None = None) -> None:
        """An event began (first shown): a step, or a breath phase.

        Args:
            event: One of the timeline's events.
            due: The clock reading it was due at; a tone more than 50 ms past it is skipped.
        """
        planned = self.timeline.steps[event.step]
        step = planned.step
        step_begins = self.timeline.events[planned.first_event] is event
        session_begins = not self._started
        self._started = True
        breath_tone = event.phase is not None and isinstance(step, BreatheStep) and step.tones
        if breath_tone and self.cues.mode == "tones":
            assert event.phase is not None
            self.cues.phase_started(event.phase, due=due)  # one sound: the breath's own
            return
        if step_begins and step.bell:
            self.cues.chime(due=due)
        elif session_begins:
            self.cues.session_started(due=due)

    def session_ended(self, *, due: float | None = None) -> None:
        """The session ran to its end: the closing chime, once."""
        if not self._ended:
            self._ended = True
            self.cues.session_ended(due=due)

    def take_notice(self) -> str | None:
        """Why tones gave way to the bell, the first time it is asked after it happened."""
        return self.cues.take_notice()

    def close(self, *, finish: bool) -> None:
        """Close the cues: ``finish`` lets the last tones ring out (briefly), else stop them now."""
        self.cues.close(finish=finish)

    def close_in_background(self, *, finish: bool) -> None:
        """Close the cues without waiting for the last tone: for a player that must not block."""
        threading.Thread(
            target=self.close, kwargs={"finish": finish}, name="breather-sound-close", daemon=True
        ).start()
