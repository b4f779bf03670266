"""One session as a practice: the check-ins around it, what it gives back, and its one record.

Why it exists: the players (the terminal UI and ``--plain``) play a session; the history keeps
it. Between the two sits what a session asks of the user and keeps for them, and the rule that
it is kept once, whole, however the session ends (finished, stopped, the window closed). Both
players use this one module, so both ask, say and keep the same things.

What it must never do: judge. Its words say what is kept and where, never how well anyone did.
Nothing here reads the wall clock (``now`` is passed in) or imports Textual.

- **Before and after.** With the setting ``check_in: true``, a session of a minute or more is
  framed by :data:`BEFORE_AFTER_QUESTION`, asked before the first step and after the last (not
  after a session the user stopped: stopping is always enough). They are kept with the key
  ``tension`` at step -1 and at the number of steps, as ``history.py`` reads them.
  ``--no-check-in`` turns these off, and every check-in step too (``timeline.plan`` leaves them
  out).
- **Recall.** Each recall step's entries are chosen when the session is made, from that step's
  topic only, so what is shown does not change if the user goes back to it.
- **The record.** :meth:`Practice.flush` records the session once and stops it if it is still
  playing; the end of a session, a quit and a hang-up can all call it, and only the first
  counts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from breather.history import (
    CheckIn,
    Entry,
    HistoryError,
    HistoryStore,
    JournalEntry,
    SessionRecord,
    Unavailable,
)
from breather.model import CheckInStep, RecallStep, WriteStep
from breather.session import Session
from breather.timeline import Timeline

BEFORE_AFTER_QUESTION = "How much tension do you notice right now?"
"""The check-in the setting ``check_in: true`` adds before and after a session."""
BEFORE_AFTER_KEY = "tension"
BEFORE_AFTER_SCALE = ("none", "a lot")
BEFORE_AFTER_MIN_SECONDS = 60.0
"""Only a session at least this long is framed by the before and after check-in."""

KEPT_PRIVATE = "What you write stays on this computer. Please leave out client names and details."
"""The confidentiality line every write step shows, every time."""
NOT_KEPT_OFF = "History is off, so what you write here will not be kept."
NOT_KEPT_UNAVAILABLE = (
    "breather cannot keep its history just now, so what you write here will not be kept."
)

ENTRY_CHARACTERS = 500
"""The most one write box holds."""


@dataclass(frozen=True)
class Recalled:
    """What a recall step shows: earlier entries with their dates, or a gentle line instead.

    Attributes:
        entries: Entries of the step's topic, newest first (never another topic).
        note: Said when there are none, or when they cannot be read; "" otherwise.
    """

    entries: tuple[JournalEntry, ...]
    note: str = ""


def write_notice(history: HistoryStore | Unavailable) -> str:
    """The line a write step shows under the confidentiality line: whether its words are kept."""
    if isinstance(history, HistoryStore):
        return "Entries are kept in your journal, to read again another time."
    return NOT_KEPT_OFF if history.off else NOT_KEPT_UNAVAILABLE


def nothing_to_recall(topic: str) -> str:
    """The gentle line of a recall step with nothing written under its topic yet."""
    return (
        f"Nothing is written under “{topic}” yet. What you write under it another time will "
        "come back here."
    )


def recall(
    step: RecallStep, history: HistoryStore | Unavailable, chance: random.Random
) -> Recalled:
    """The entries one recall step shows, or why it has none (never an entry of another topic)."""
    if isinstance(history, Unavailable):
        if history.off:
            return Recalled((), "History is off, so there are no earlier entries to show here.")
        return Recalled((), "breather cannot read its history just now, so nothing is shown here.")
    try:
        found = history.recall(step.topic, step.count, chance)
    except HistoryError:
        return Recalled((), "breather could not read its history just now, so nothing is shown.")
    kept = tuple(entry for entry in found if entry.topic == step.topic)
    return Recalled(kept, "" if kept else nothing_to_recall(step.topic))


def keep_line(text: str) -> str:
    """One write box as it is kept: one line, at most :data:`ENTRY_CHARACTERS` characters.

    Bytes a terminal sent that are not UTF-8 reach Python as lone surrogates (its
    ``surrogateescape``), which no file can store: each becomes U+FFFD, and the rest is kept.
    """
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no terminal byte became
        text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(text.split())[:ENTRY_CHARACTERS]


class Practice:
    """What one session asks, gives back and keeps; recorded once by :meth:`flush`.

    Args:
        timeline: The planned session.
        history: The open history, or why there is none this time.
        before_after: Frame the session with the before and after check-in: the setting, less
            ``--no-check-in`` (a session shorter than a minute is never framed).
        now: The wall clock, as an aware local time (injected: tests pass a fixed one).
        chance: Chooses what recall steps show (a seeded ``random.Random`` in tests).
    """

    def __init__(
        self,
        timeline: Timeline,
        history: HistoryStore | Unavailable,
        *,
        before_after: bool,
        now: Callable[[], datetime],
        chance: random.Random | None = None,
    ) -> None:
        self.timeline = timeline
        self.history = history
        self.before_after = before_after and timeline.total >= BEFORE_AFTER_MIN_SECONDS
        """Whether this session is framed by the before and after check-in."""
        self.now = now
        chosen = chance or random.Random()
        self.recalled: dict[int, Recalled] = {
            planned.index: recall(planned.step, history, chosen)
            for planned in timeline.steps
            if isinstance(planned.step, RecallStep)
        }
        """What each recall step shows, by step index."""
        self.session: Session | None = None
        self.started: datetime | None = None
        self.before: int | None = None
        self.after: int | None = None
        self.recorded = False
        self.kept_entries = 0
        """How many write boxes the history kept when this session was recorded."""

    @property
    def write_notice(self) -> str:
        """Whether what write steps hold is kept, in one line."""
        return write_notice(self.history)

    def begin(self, session: Session) -> None:
        """The session starts now (after any before check-in)."""
        self.session = session
        self.started = self.now()

    def keep_before(self, value: int | None) -> None:
        """The answer to the before check-in; None: skipped."""
        self.before = _answer(value)

    def keep_after(self, value: int | None) -> None:
        """The answer to the after check-in; None: skipped."""
        self.after = _answer(value)

    @property
    def asks_after(self) -> bool:
        """Whether the after check-in is asked now: framed, and the session ran to its end."""
        session = self.session
        return self.before_after and session is not None and session.finished

    def record(self) -> SessionRecord | None:
        """The session as the history keeps it; None before it has begun."""
        session, started = self.session, self.started
        if session is None or started is None:
            return None
        steps = self.timeline.steps
        check_ins: list[CheckIn] = []
        if self.before is not None:
            check_ins.append(CheckIn(BEFORE_AFTER_KEY, -1, self.before))
        for index, value in sorted(session.answers.items()):
            step = steps[index].step
            if isinstance(step, CheckInStep):
                check_ins.append(CheckIn(step.key, index, value))
        if self.after is not None:
            check_ins.append(CheckIn(BEFORE_AFTER_KEY, len(steps), self.after))
        entries: list[Entry] = []
        for index, boxes in session.written.items():
            step = steps[index].step
            if isinstance(step, WriteStep):
                entries += [Entry(step.topic, index, keep_line(text)) for text in boxes]
        finished = session.finished
        return SessionRecord(
            exercise_id=self.timeline.exercise.id,
            title=self.timeline.exercise.title,
            started=started.replace(microsecond=0),
            seconds_asked=round(self.timeline.total, 3),
            seconds_played=round(session.played_seconds, 3),
            outcome="finished" if finished else "stopped",
            stopped_at_step=None if finished else session.step_index,
            check_ins=tuple(check_ins),
            entries=tuple(entries),
        )

    def flush(self) -> str | None:
        """Record the session once, stopping it first if it still plays; later calls do nothing.

        Safe to call from any ending: the summary, a quit, a hang-up. It never raises for the
        history's sake.

        Returns:
            One calm sentence to say once when the session could not be kept, else None (also
            when history is off: the user chose that, and needs no telling).
        """
        if self.recorded or self.session is None:
            return None
        self.recorded = True
        if not self.session.over:
            self.session.stop()
        record = self.record()
        if record is None:
            return None
        if isinstance(self.history, Unavailable):
            return None if self.history.off else self.history.reason
        said = self.history.record(record)
        if said is None:
            self.kept_entries = sum(1 for entry in record.entries if entry.text.strip())
        return said

    @property
    def kept_words(self) -> str:
        """What went to the journal, to say as the session ends; "" when nothing did.

        A box is kept however the session ends (a stop, a quit, a hang-up), so that no words
        are lost; saying so lets someone who typed what they meant to leave out delete it.
        """
        if not self.kept_entries:
            return ""
        lines = "1 line" if self.kept_entries == 1 else f"{self.kept_entries} lines"
        return f"Kept in your journal: {lines}."


def _answer(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 10:
        raise ValueError(f"a check-in answer is 0–10, got {value}")
    return value
