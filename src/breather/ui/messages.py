"""What a screen asks of the app: every app-level message, in one place.

Screens read what the app shares (the library, the settings) as attributes, and ask for anything
that changes the app, moves between screens or keeps a choice by posting one of these messages
("attributes down, messages up"). The app handles each in an ``on_...`` method of the same name.
So no screen imports the app, and navigation lives in one module: ``app.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message
from textual.screen import Screen

from breather.history import JournalEntry
from breather.library import Library
from breather.model import Exercise
from breather.settings import Motion
from breather.sound_choice import SoundMode
from breather.timeline import Timeline

if TYPE_CHECKING:  # a type only: the session and what it brings load when one is played
    from breather.session import Session


@dataclass
class OpenStartCard(Message):
    """Show an exercise's start card, with the minutes the library was filtered to."""

    exercise_id: str
    minutes: float | None


@dataclass
class OpenInfo(Message):
    """Show an exercise's details: summary, safety note, source and file."""

    exercise: Exercise


@dataclass
class OpenProblems(Message):
    """Show why a file in the library could not be loaded."""

    path: str


@dataclass
class Begin(Message):
    """Play a planned session at this motion level."""

    timeline: Timeline
    motion: Motion


@dataclass
class Finished(Message):
    """A session ended (finished or stopped): show its summary."""

    session: Session


@dataclass
class BackToLibrary(Message):
    """Return to the library, closing every screen above it."""


@dataclass
class MotionChosen(Message):
    """The user chose a motion level: use it from now on and keep it in the settings."""

    motion: Motion


@dataclass
class SoundChosen(Message):
    """The user chose how cues sound: use it until breather closes, without saving it."""

    sound: SoundMode


@dataclass
class SoundFailed(Message):
    """Tones gave way to the bell during a session: say why once, and skip them from now on."""

    notice: str


@dataclass
class TimersShown(Message):
    """The user showed or hid the timers: keep the choice for later sessions and the settings."""

    shown: bool


@dataclass
class CheckInAnswered(Message):
    """The before or after check-in around a session was answered (a number) or skipped (None)."""

    stage: Literal["before", "after"]
    value: int | None


@dataclass
class OpenHistory(Message):
    """Show what was practised: minutes a day, exercises, check-ins before and after."""


@dataclass
class OpenJournal(Message):
    """Show the journal, to reread what write steps kept, by topic."""


@dataclass
class ForgetEntry(Message):
    """Delete this one journal entry once the user says yes, then show the journal without it."""

    screen: Screen[None]
    entry: JournalEntry


@dataclass
class GoBack(Message):
    """Close this screen (the history, the journal) and show the one beneath it."""

    screen: Screen[None]


@dataclass
class LibraryLoaded(Message):
    """The whole library, loaded in a thread after a first pass was shown (posted by the app's
    own loading worker, the one message that does not come from a screen)."""

    library: Library
