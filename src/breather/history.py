"""The private practice log and journal: one SQLite file, owned by the user, kept on this computer.

Why it exists: breather gives people their own practice back (what they did, how a check-in moved,
the words they wrote) without ever judging it. What it must never do: send anything anywhere,
keep anything about the machine or the person beyond what a session was, read the wall clock
(every "now" is passed in), delete or overwrite a file it cannot read, or stop a session from
playing. It never imports Textual.

**The file.** ``history.sqlite3`` in the user's data folder (``paths.history_database()``),
written with the standard library's ``sqlite3``: a WAL journal (readers never wait for a writer;
two breathers in two terminals both record), ``synchronous=NORMAL`` (a killed process loses at
most the session it was writing; a power cut may also lose the last few, but never breaks the
file), ``secure_delete`` (forgotten words are overwritten, not left in free pages) and a
five-second ``busy_timeout``. On POSIX the file is created 0600 (SQLite gives its ``-wal`` and
``-shm`` files the same mode) and the folder 0700 when breather creates it.

**What one session keeps**, and nothing else:

- ``session``: ``exercise_id``, ``title``, ``started`` (local time with its UTC offset, ISO 8601
  to the second), ``started_utc`` (the same moment in Unix seconds, for ordering),
  ``seconds_asked`` (the session's planned length, as written or fitted), ``seconds_played``
  (time actually played, pauses excluded), ``outcome`` (``finished`` or ``stopped``) and
  ``stopped_at_step`` (the 0-based index in the flattened step list, as in ``plan --json``;
  null when finished);
- ``check_in``: ``key``, ``step`` and ``value`` (0–10) for each check-in answered (a skipped one
  is not an answer and is not kept). Answers with the same key in one session pair up: the
  earliest step is *before*, the latest *after*. A check-in the settings add around a session
  is expected at step ``-1`` (before) and at the number of steps (after);
- ``entry``: ``topic``, ``step`` and ``text`` for each non-empty write box, in the order written.

**Schema versions** (``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as
breather's). Version 1 kept sessions only: ``session`` without ``started_utc``, and no check-ins
or journal. Version 2 (this one) adds ``started_utc`` (computed from ``started`` for old rows),
``check_in`` and ``entry``, and indexes sessions by ``(started_utc, seconds_played)`` instead of
by ``started``, so a week of a ten-year history is read without reading the ten years. A new
file is made by running every migration from version 0, so a migrated file and a new one always
have the same schema. A file from a newer breather is left alone.

**When the history cannot be used**, :func:`open_history` returns :class:`Unavailable` with one
calm sentence to say once, and the session plays as usual:

- history off (setting or ``--no-history``): ``open_history(..., enabled=False)`` returns
  :data:`HISTORY_OFF` and touches nothing: no folder, no file, no connection;
- a folder that cannot be made or written, or a read-only file: nothing is kept this time;
- a file from a newer breather: nothing is kept this time, and the file is not touched;
- a file that is not a database, is damaged, or is some other program's database: it stays
  exactly where it is, unread and unwritten, and a fresh history goes beside it as
  ``history-2.sqlite3`` (then ``-3``, and so on). Every later run uses the first usable file in
  that order, so the user's history continues in the fresh file; :attr:`HistoryStore.set_aside`
  names the files passed over, for ``breather history`` to mention;
- damage deeper in a file whose first page is sound is found only when that part is read:
  reading then raises :class:`HistoryError` and recording returns a sentence, both calm, and the
  file is left as it is. (``PRAGMA quick_check`` would find it at once, but costs 20–60 ms on
  ten years of history at every opening.)

**Days are local days.** Reads take ``today`` (the local date of the caller's injected "now")
and a window of days ending today; a session belongs to the local date it was played on, in the
UTC offset it was played in.

Every write is one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): a session is recorded whole
or not at all.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Literal, TypeAlias

SCHEMA_VERSION = 2
"""The schema this breather writes; ``PRAGMA user_version`` of a current file."""

APPLICATION_ID = 0x62726561
"""``PRAGMA application_id`` of every breather history ("brea"), so another program's SQLite
file in the same place is recognised as not ours and left alone."""

BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another breather's write to finish before giving up."""

MAX_FILES = 20
"""How many files (``history.sqlite3``, ``history-2.sqlite3``, …) are tried before giving up."""

ENTRY_LIMIT = 500
"""The most characters one write box holds (the exercise format's limit)."""

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
"""SQLite's primary result codes for a damaged file (named in ``sqlite3`` only from 3.11)."""

_CHUNK = 500
"""Ids per ``IN (...)`` list, well under the oldest SQLite's limit of 999 parameters."""

Outcome: TypeAlias = Literal["finished", "stopped"]
OUTCOMES: tuple[Outcome, ...] = ("finished", "stopped")


# --- What a session is -------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    """One check-in answer.

    Attributes:
        key: Pairs answers across sessions and before/after (the step's ``key``).
        step: The step's 0-based position in the flattened step list.
        value: The answer, 0 to 10.
    """

    key: str
    step: int
    value: int

    def __post_init__(self) -> None:
        if not 0 <= self.value <= 10:
            raise ValueError(f"a check-in answer is 0–10, got {self.value}")
        if not self.key:
            raise ValueError("a check-in needs a key")


@dataclass(frozen=True)
class Entry:
    """One line written in a write step.

    Attributes:
        topic: The word that groups entries in the journal.
        step: The write step's 0-based position in the flattened step list.
        text: What the user wrote (at most 500 characters).
    """

    topic: str
    step: int
    text: str

    def __post_init__(self) -> None:
        if len(self.text) > ENTRY_LIMIT:
            raise ValueError(f"an entry holds at most {ENTRY_LIMIT} characters")
        if not self.topic:
            raise ValueError("an entry needs a topic")


@dataclass(frozen=True)
class SessionRecord:
    """One session, as recorded and as read back.

    Attributes:
        exercise_id: The exercise's id.
        title: Its title when played.
        started: When it began: an aware datetime in the user's local time (kept to the second).
        seconds_asked: The planned length of the session (as written or fitted).
        seconds_played: How long it actually played, pauses excluded.
        outcome: ``finished`` or ``stopped``.
        stopped_at_step: Where it was stopped (0-based step); None when finished.
        check_ins: The check-in answers, in step order.
        entries: The write entries, in the order written.
    """

    exercise_id: str
    title: str
    started: datetime
    seconds_asked: float
    seconds_played: float
    outcome: Outcome
    stopped_at_step: int | None = None
    check_ins: tuple[CheckIn, ...] = ()
    entries: tuple[Entry, ...] = ()

    def __post_init__(self) -> None:
        if self.started.tzinfo is None or self.started.utcoffset() is None:
            raise ValueError("started must carry its UTC offset (an aware datetime)")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome is finished or stopped, got {self.outcome!r}")
        if (self.outcome == "stopped") != (self.stopped_at_step is not None):
            raise ValueError("a stopped session names its step; a finished one does not")
        if self.seconds_asked < 0 or self.seconds_played < 0:
            raise ValueError("lengths are never negative")
        steps = [answer.step for answer in self.check_ins]
        if len(set(steps)) != len(steps):
            raise ValueError("one check-in answer per step")


# --- What the queries give back ----------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """How many sessions and how long, in some span of days."""

    sessions: int
    seconds: float


@dataclass(frozen=True)
class DayTotal:
    """One local calendar day: how many sessions began on it and how long they played."""

    day: date
    sessions: int
    seconds: float


@dataclass(frozen=True)
class ExerciseTotal:
    """One exercise: how often and how long (title as last played)."""

    exercise_id: str
    title: str
    sessions: int
    seconds: float


@dataclass(frozen=True)
class CheckInChange:
    """A before/after pair of check-in answers with the same key in one session."""

    started: datetime
    exercise_id: str
    title: str
    key: str
    before: int
    after: int

    @property
    def change(self) -> int:
        """After minus before: a number, never a verdict."""
        return self.after - self.before


@dataclass(frozen=True)
class JournalEntry:
    """One journal entry as read back, with the session it was written in.

    Attributes:
        written: When the session it was written in began (local time with its offset).
        topic: The word that groups entries in the journal.
        text: What the user wrote.
        exercise_id: The exercise it was written in.
        title: That exercise's title when played.
        step: The write step's 0-based position in the flattened step list.
        number: The entry's own number (its row id), so ``journal --forget N`` and the journal
            screen delete exactly the entry the user saw. It does not change while the entry
            exists; once deleted, the newest entry's number may be given to the next one written
            (SQLite's rowid without ``AUTOINCREMENT``, kept to avoid a schema change), which is
            why deleting names the entry's date and topic before it asks.
    """

    written: datetime
    topic: str
    text: str
    exercise_id: str
    title: str
    step: int
    number: int


@dataclass(frozen=True)
class Forgotten:
    """What ``forget`` deleted."""

    sessions: int
    check_ins: int
    entries: int


@dataclass(frozen=True)
class HistoryReport:
    """Everything ``breather history`` shows, read in one consistent snapshot.

    Attributes:
        today: The local date the report was made on.
        days: The window in days ending today, or None for everything.
        window: Totals inside the window.
        all_time: Totals over the whole history ("minutes in all").
        by_day: Every day of the window, newest first, including days with nothing (the UI
            draws them as empty bars; the text leaves them out). With ``days`` None, only the
            days that have sessions.
        by_exercise: The window's exercises, most played first.
        sessions: The window's sessions, most recent first.
        changes: The window's paired check-ins, most recent first.
        set_aside: History files passed over because they could not be read.
    """

    today: date
    days: int | None
    window: Totals
    all_time: Totals
    by_day: tuple[DayTotal, ...]
    by_exercise: tuple[ExerciseTotal, ...]
    sessions: tuple[SessionRecord, ...]
    changes: tuple[CheckInChange, ...]
    set_aside: tuple[Path, ...] = ()


# --- Opening -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unavailable:
    """No history this time, and why, in one calm sentence to say once.

    Attributes:
        reason: What could not be kept, in the user's words.
        off: True when the user turned history off; then nothing needs saying except where a
            write step promises its words will not be kept.
        cause: Why the history could not be written, in a few plain words (``it is
            read-only``); empty when that is not the reason.
    """

    reason: str
    off: bool = False
    cause: str = ""


HISTORY_OFF = Unavailable("History is off, so nothing from this session is kept.", off=True)

_Kind: TypeAlias = Literal["missing", "empty", "ours", "newer", "not-ours", "damaged"]


def open_history(path: Path, *, enabled: bool = True) -> HistoryStore | Unavailable:
    """Open (or create) the history at ``path``, or say calmly why there is none this time.

    Args:
        path: The preferred file, ``history.sqlite3`` in the data folder. Fresh files for a
            damaged one go beside it as ``history-2.sqlite3``, ``history-3.sqlite3``, ….
        enabled: False when history is off: nothing at all is touched.

    Returns:
        A :class:`HistoryStore`, or :class:`Unavailable` with the sentence to show once.
    """
    if not enabled:
        return HISTORY_OFF
    folder = path.parent
    try:
        # Only the last folder gets 0700 (less if the umask says so); parents are made as usual.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        return _cannot_write(folder, error)
    set_aside: list[Path] = []
    for candidate in _candidates(path):
        try:
            kind = _inspect(candidate)
            if kind in ("damaged", "not-ours"):
                set_aside.append(candidate)
                continue
            if kind == "newer":
                return _newer(candidate)
            if kind == "missing":
                _create_private_file(candidate)
            store = HistoryStore(_connect(candidate), candidate, tuple(set_aside))
        except _NewerFile:
            return _newer(candidate)
        except (sqlite3.Error, OSError) as error:
            if _is_damaged(error):  # damage found only once opened for writing
                set_aside.append(candidate)
                continue
            return _cannot_write(folder, error)
        if kind == "missing" and set_aside:
            store.notice = (
                f"breather could not read its history file {set_aside[-1]}, so it left it as "
                f"it is and keeps your history in {candidate} from now on."
            )
        return store
    return Unavailable(
        f"breather could not read any of its history files in {folder}, so it left them as "
        "they are and keeps nothing from this session."
    )


def read_history(path: Path) -> HistoryStore | Unavailable:
    """The history to show or delete from: opened as :func:`open_history` opens it, or read-only.

    Where the data folder or the file cannot be written (a locked-down profile, a folder made
    read-only), what was kept can still be read; deleting from it then says why it cannot. Only
    a current breather history is read this way (an older one would first need bringing up to
    date, which is a write).
    """
    opened = open_history(path)
    if isinstance(opened, HistoryStore) or not path.is_file():
        return opened
    reader = _open_read_only(path)
    if reader is None:
        return opened
    why = f" ({opened.cause})" if opened.cause else ""
    reader.notice = (
        f"breather can read its history in {path} but cannot add to it or delete from it here{why}."
    )
    return reader


def _open_read_only(path: Path) -> HistoryStore | None:
    """``path`` opened for reading only, or None when that is not possible either.

    SQLite reads a WAL file read-only when its side files exist or can be made; in a read-only
    folder without them the file is read as immutable (nothing can write to it there anyway).
    """
    base = path.resolve().as_uri()
    for query in ("mode=ro", "immutable=1"):
        try:
            connection = sqlite3.connect(f"{base}?{query}", uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            connection.execute("SELECT count(*) FROM session").fetchone()
        except sqlite3.Error:
            connection.close()
            continue
        if application_id != APPLICATION_ID or version != SCHEMA_VERSION:
            connection.close()
            return None
        return HistoryStore(connection, path, read_only=True)
    return None


def _candidates(path: Path) -> Iterator[Path]:
    """``history.sqlite3``, then ``history-2.sqlite3``, ``history-3.sqlite3``, …"""
    yield path
    for number in range(2, MAX_FILES + 1):
        yield path.with_name(f"{path.stem}-{number}{path.suffix}")


class _NewerFile(Exception):
    """The file turned out to be from a newer breather once locked for writing."""


def _newer(path: Path) -> Unavailable:
    return Unavailable(
        f"Your history ({path}) was kept by a newer version of breather, so this one leaves it "
        "untouched and keeps nothing from this session."
    )


def _cannot_write(folder: Path, error: BaseException) -> Unavailable:
    reason = _plain_reason(error)
    return Unavailable(
        f"breather cannot keep its history in {folder} ({reason}), so nothing from this "
        "session is kept. Everything else works as usual.",
        cause=reason,
    )


_PLAIN_WORDS = (
    ("readonly", "it is read-only"),
    ("read-only", "it is read-only"),
    ("locked", "another breather was writing to it"),
    ("busy", "another breather was writing to it"),
    ("unable to open", "the file cannot be opened"),
    ("disk is full", "the disk is full"),
    ("malformed", "the file is damaged"),
    ("not a database", "the file is damaged"),
    ("disk i/o", "the disk could not be read or written"),
    ("codec can't encode", "some of the text could not be stored"),
)
"""SQLite's messages, said the way a person would say them."""


def _plain_reason(error: BaseException) -> str:
    """Why, in a few plain words: ``it is read-only``, ``permission denied``."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    text = str(error).lower()
    for clue, words in _PLAIN_WORDS:
        if clue in text:
            return words
    return text or type(error).__name__


def _is_damaged(error: BaseException) -> bool:
    """True for "not a database" and "malformed": the file itself is the problem."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11 and later
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def _inspect(path: Path) -> _Kind:
    """What ``path`` holds, read without ever opening it for writing."""
    if not path.exists():
        return "missing"
    if path.stat().st_size == 0:
        return "empty"  # made by breather and left before its first write
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as probe:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if _is_damaged(error):
            return "damaged"
        raise
    if application_id == 0 and version == 0 and tables == 0:
        return "empty"
    if application_id != APPLICATION_ID or version < 1:
        return "not-ours"
    return "newer" if version > SCHEMA_VERSION else "ours"


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, so SQLite's files inherit that mode."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another breather made it a moment ago; the schema step is safe for both
    os.close(descriptor)


def _connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` for writing, bring its schema up to date, and prove it can be written."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL where the file system allows it (a network share may not): either way it is safe.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA secure_delete = ON")
        _bring_up_to_date(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _bring_up_to_date(connection: sqlite3.Connection) -> None:
    """Run the migrations the file lacks, in one transaction; a current file is left unchanged.

    The version is read again under the write lock, so two breathers opening an old file at once
    migrate it once. Writing the version is also the proof that the file can be written: for a
    current file that write is rolled back, so opening never changes it.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _NewerFile  # a newer breather changed it since it was inspected
        for migrate in _MIGRATIONS[version:]:
            migrate(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT" if version < SCHEMA_VERSION else "ROLLBACK")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _to_version_1(connection: sqlite3.Connection) -> None:
    """Version 1: sessions only."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(
        """CREATE TABLE session (
            id INTEGER PRIMARY KEY,
            exercise_id TEXT NOT NULL,
            title TEXT NOT NULL,
            started TEXT NOT NULL,
            seconds_asked REAL NOT NULL,
            seconds_played REAL NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'stopped')),
            stopped_at_step INTEGER
        )"""
    )
    connection.execute("CREATE INDEX session_by_start ON session (started)")


def _to_version_2(connection: sqlite3.Connection) -> None:
    """Version 2: the moment in UTC for ordering, check-in answers and the journal."""
    connection.execute("ALTER TABLE session ADD COLUMN started_utc INTEGER NOT NULL DEFAULT 0")
    rows = connection.execute("SELECT id, started FROM session").fetchall()
    connection.executemany(
        "UPDATE session SET started_utc = ? WHERE id = ?",
        [(_utc_seconds(datetime.fromisoformat(started)), row_id) for row_id, started in rows],
    )
    # One index serves the window, the order and the totals (it covers seconds_played), so the
    # text index of version 1 goes: windows are found by moment, then exactly by local date.
    connection.execute("DROP INDEX session_by_start")
    connection.execute("CREATE INDEX session_by_moment ON session (started_utc, seconds_played)")
    connection.execute(
        """CREATE TABLE check_in (
            session_id INTEGER NOT NULL REFERENCES session (id),
            step INTEGER NOT NULL,
            key TEXT NOT NULL,
            value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
            PRIMARY KEY (session_id, step)
        ) WITHOUT ROWID"""
    )
    connection.execute(
        """CREATE TABLE entry (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES session (id),
            step INTEGER NOT NULL,
            topic TEXT NOT NULL,
            text TEXT NOT NULL CHECK (length(text) <= 500)
        )"""
    )
    connection.execute("CREATE INDEX entry_by_session ON entry (session_id)")
    connection.execute("CREATE INDEX entry_by_topic ON entry (topic)")


_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_to_version_1, _to_version_2)
"""``_MIGRATIONS[v]`` takes a file from version ``v`` to ``v + 1``."""


def _utc_seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _as_text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- The store ---------------------------------------------------------------------------------

_SESSION_COLUMNS = (
    "id, exercise_id, title, started, seconds_asked, seconds_played, outcome, stopped_at_step"
)


class HistoryError(Exception):
    """The history could not be read or changed; ``str()`` is one calm sentence for the user.

    Only reading and forgetting raise it; recording returns its sentence instead, because a
    session that cannot be kept must never disturb the end of the session.
    """


class HistoryStore:
    """An open history: record sessions, read them back, forget them.

    Made by :func:`open_history`. One connection, used from the thread that opened it. Reads that
    belong together run in one read transaction, so a report never mixes before and after another
    breather's write.

    Attributes:
        path: The file in use.
        set_aside: Files passed over because they could not be read (left exactly as they were).
        notice: A sentence to say once, when this opening had to start a fresh file, or when
            the history can only be read.
        read_only: Opened by :func:`read_history` where nothing can be written: it can be read,
            and every change is refused with :class:`HistoryError`.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        set_aside: tuple[Path, ...] = (),
        *,
        read_only: bool = False,
    ) -> None:
        self._db = connection
        self.path = path
        self.set_aside = set_aside
        self.read_only = read_only
        self.notice: str | None = None

    def close(self) -> None:
        """Close the file; a WAL file is folded back into it when this is the last breather."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside is kept, or nothing is.

        Raises:
            HistoryError: saying what could not be done (``doing``) and why.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, ValueError) as error:  # ValueError: text SQLite cannot encode
            raise HistoryError(f"{doing} ({_plain_reason(error)})") from error

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same history.

        Raises:
            HistoryError: when the file cannot be read (damaged since it was opened, say).
        """
        try:
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise HistoryError(
                f"breather could not read its history in {self.path} ({_plain_reason(error)}); "
                "the file was left as it is."
            ) from error

    # Writing -----------------------------------------------------------------------------------

    def record(self, session: SessionRecord) -> str | None:
        """Keep one session, whole or not at all. Empty write boxes are not kept.

        Returns:
            None when kept, or one calm sentence saying it could not be (earlier sessions are
            untouched either way).
        """
        entries = [entry for entry in session.entries if entry.text.strip()]
        doing = "This session could not be kept in your history"
        try:
            with self._write(doing) as db:
                cursor = db.execute(
                    "INSERT INTO session (exercise_id, title, started, started_utc, seconds_asked,"
                    " seconds_played, outcome, stopped_at_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        session.exercise_id,
                        session.title,
                        _as_text(session.started),
                        _utc_seconds(session.started),
                        session.seconds_asked,
                        session.seconds_played,
                        session.outcome,
                        session.stopped_at_step,
                    ),
                )
                session_id = cursor.lastrowid
                db.executemany(
                    "INSERT INTO check_in (session_id, step, key, value) VALUES (?, ?, ?, ?)",
                    [(session_id, c.step, c.key, c.value) for c in session.check_ins],
                )
                db.executemany(
                    "INSERT INTO entry (session_id, step, topic, text) VALUES (?, ?, ?, ?)",
                    [(session_id, e.step, e.topic, e.text) for e in entries],
                )
        except HistoryError as error:
            return f"{error}; earlier sessions are as they were."
        return None

    def forget(self, before: date | None = None) -> Forgotten:
        """Delete the history and the journal, or only sessions from local days before ``before``.

        Deleted words are overwritten in the file (``secure_delete``), and the WAL file is emptied
        afterwards when no other breather is reading, so they do not linger on disk.

        Raises:
            HistoryError: when nothing could be deleted (then nothing was).
        """
        where = ""
        arguments: tuple[object, ...] = ()
        if before is not None:
            latest = _utc_midnight(before) + _OFFSET_MARGIN
            where, arguments = (
                " WHERE started_utc < ? AND started < ?",
                (latest, before.isoformat()),
            )
        chosen = f"SELECT id FROM session{where}"
        with self._write(f"breather could not delete from its history in {self.path}") as db:
            check_ins = db.execute(
                f"DELETE FROM check_in WHERE session_id IN ({chosen})", arguments
            ).rowcount
            entries = db.execute(
                f"DELETE FROM entry WHERE session_id IN ({chosen})", arguments
            ).rowcount
            sessions = db.execute(f"DELETE FROM session{where}", arguments).rowcount
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Forgotten(sessions=sessions, check_ins=check_ins, entries=entries)

    def forget_entry(
        self, number: int, expected: JournalEntry | None = None
    ) -> JournalEntry | None:
        """Delete the one journal entry numbered ``number``; the session it was written in stays.

        With ``expected`` (the entry as the person saw it), delete only if the entry is still
        that one: a number freed by a deletion can be given to the next entry written, so a list
        shown a while ago must not delete a newer entry that took its number.

        For the slip of a moment (a client's name typed into a write box) without deleting the
        rest of the journal. Its words are overwritten in the file as :meth:`forget`'s are
        (``secure_delete``, then the WAL file emptied when no other breather is reading).

        Returns:
            The entry as it was before it went (for saying what was deleted), or None when no
            entry has that number, or it is no longer ``expected`` (then nothing changed).

        Raises:
            HistoryError: when it could not be deleted (then nothing was).
        """
        with self._write(f"breather could not delete from its journal in {self.path}"):
            found = self._entries(" WHERE entry.id = ?", (number,))
            if found and expected not in (None, found[0]):
                found = []  # the number now names another entry: leave it
            if found:
                self._db.execute("DELETE FROM entry WHERE id = ?", (number,))
        if not found:
            return None
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return found[0]

    # Reading -----------------------------------------------------------------------------------

    def sessions(self, today: date, days: int | None = None) -> list[SessionRecord]:
        """Sessions most recent first: those of the last ``days`` local days, or all of them."""
        with self._snapshot():
            return self._sessions(_first_day(today, days))

    def days(self, today: date, days: int) -> list[DayTotal]:
        """Every local day of the last ``days``, newest first, with its sessions and time."""
        with self._snapshot():
            return self._days(today, days)

    def by_exercise(self, today: date, days: int | None = None) -> list[ExerciseTotal]:
        """Exercises played in the window, most played first (then by title)."""
        with self._snapshot():
            return self._by_exercise(_first_day(today, days))

    def check_in_changes(self, today: date, days: int | None = None) -> list[CheckInChange]:
        """Paired before/after answers in the window, most recent first."""
        with self._snapshot():
            return self._changes(_first_day(today, days))

    def totals(self, today: date, days: int | None = None) -> Totals:
        """How many sessions and how long, in the window or in all."""
        with self._snapshot():
            return self._totals(_first_day(today, days))

    def report(self, today: date, days: int | None = 7) -> HistoryReport:
        """Everything ``breather history`` shows, from one snapshot of the file."""
        first = _first_day(today, days)
        with self._snapshot():
            if days is None:
                by_day = tuple(self._days_with_sessions())
            else:
                by_day = tuple(self._days(today, days))
            return HistoryReport(
                today=today,
                days=days,
                window=self._totals(first),
                all_time=self._totals(None),
                by_day=by_day,
                by_exercise=tuple(self._by_exercise(first)),
                sessions=tuple(self._sessions(first)),
                changes=tuple(self._changes(first)),
                set_aside=self.set_aside,
            )

    def topics(self) -> list[str]:
        """Every journal topic, in alphabetical order."""
        with self._snapshot() as db:
            rows = db.execute("SELECT DISTINCT topic FROM entry ORDER BY topic").fetchall()
        return [topic for (topic,) in rows]

    def journal(self, topic: str | None = None) -> list[JournalEntry]:
        """Journal entries newest first (in the order written within a session)."""
        where = "" if topic is None else " WHERE entry.topic = ?"
        arguments: tuple[str, ...] = () if topic is None else (topic,)
        with self._snapshot():
            return self._entries(where, arguments)

    def entry(self, number: int) -> JournalEntry | None:
        """The journal entry numbered ``number``, or None when there is none."""
        with self._snapshot():
            found = self._entries(" WHERE entry.id = ?", (number,))
        return found[0] if found else None

    def recall(
        self, topic: str, count: int, chance: random.Random | None = None
    ) -> list[JournalEntry]:
        """Up to ``count`` entries of ``topic`` chosen at random, newest first; never another topic.

        Args:
            topic: The journal topic.
            count: How many at most.
            chance: The source of randomness (a seeded ``random.Random`` in tests).
        """
        with self._snapshot() as db:
            ids = [
                row_id for (row_id,) in db.execute("SELECT id FROM entry WHERE topic = ?", (topic,))
            ]
            chosen = (chance or random.Random()).sample(ids, max(0, min(count, len(ids))))
            found: list[JournalEntry] = []
            for start in range(0, len(chosen), _CHUNK):
                part = chosen[start : start + _CHUNK]
                marks = ", ".join("?" * len(part))
                found += self._entries(
                    f" WHERE entry.topic = ? AND entry.id IN ({marks})", (topic, *part)
                )
        return sorted(found, key=lambda entry: entry.written, reverse=True)

    # The queries, inside a snapshot --------------------------------------------------------------

    def _sessions(self, first: date | None) -> list[SessionRecord]:
        where, arguments = _window(first)
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM session{where} ORDER BY started_utc DESC, id DESC",
            arguments,
        ).fetchall()
        chosen = f"SELECT id FROM session{where}"
        check_ins: dict[int, list[CheckIn]] = {}
        for session_id, step, key, value in self._db.execute(
            f"SELECT session_id, step, key, value FROM check_in WHERE session_id IN ({chosen})"
            " ORDER BY session_id, step",
            arguments,
        ):
            check_ins.setdefault(session_id, []).append(CheckIn(key, step, value))
        entries: dict[int, list[Entry]] = {}
        for session_id, step, topic, text in self._db.execute(
            f"SELECT session_id, step, topic, text FROM entry WHERE session_id IN ({chosen})"
            " ORDER BY session_id, id",
            arguments,
        ):
            entries.setdefault(session_id, []).append(Entry(topic, step, text))
        return [
            SessionRecord(
                exercise_id=exercise_id,
                title=title,
                started=datetime.fromisoformat(started),
                seconds_asked=asked,
                seconds_played=played,
                outcome=outcome,
                stopped_at_step=stopped,
                check_ins=tuple(check_ins.get(row_id, ())),
                entries=tuple(entries.get(row_id, ())),
            )
            for row_id, exercise_id, title, started, asked, played, outcome, stopped in rows
        ]

    def _days(self, today: date, days: int) -> list[DayTotal]:
        first = today - timedelta(days=days - 1)
        found = {row.day: row for row in self._grouped_days(*_window(first))}
        every_day = (today - timedelta(days=back) for back in range(days))
        return [found.get(day, DayTotal(day, 0, 0.0)) for day in every_day]

    def _days_with_sessions(self) -> list[DayTotal]:
        return sorted(self._grouped_days("", ()), key=lambda row: row.day, reverse=True)

    def _grouped_days(self, where: str, arguments: tuple[object, ...]) -> list[DayTotal]:
        rows = self._db.execute(
            "SELECT substr(started, 1, 10), count(*), total(seconds_played)"
            f" FROM session{where} GROUP BY 1",
            arguments,
        )
        return [DayTotal(date.fromisoformat(day), count, seconds) for day, count, seconds in rows]

    def _by_exercise(self, first: date | None) -> list[ExerciseTotal]:
        where, arguments = _window(first)
        # SQLite fills the bare ``title`` column from the row that holds max(started_utc).
        rows = self._db.execute(
            "SELECT exercise_id, title, max(started_utc), count(*), total(seconds_played)"
            f" FROM session{where} GROUP BY exercise_id",
            arguments,
        ).fetchall()
        totals = [
            ExerciseTotal(exercise_id, title, count, seconds)
            for exercise_id, title, _, count, seconds in rows
        ]
        return sorted(totals, key=lambda row: (-row.sessions, row.title.casefold()))

    def _changes(self, first: date | None) -> list[CheckInChange]:
        where, arguments = _window(first, table="s.")
        rows = self._db.execute(
            "SELECT s.id, s.started, s.exercise_id, s.title, c.key, c.value"
            f" FROM session AS s JOIN check_in AS c ON c.session_id = s.id{where}"
            " ORDER BY s.started_utc DESC, s.id DESC, c.step",
            arguments,
        )
        answers: dict[tuple[int, str], list[tuple[str, str, str, int]]] = {}
        for session_id, started, exercise_id, title, key, value in rows:
            answers.setdefault((session_id, key), []).append((started, exercise_id, title, value))
        changes = []
        for (_, key), values in answers.items():  # dicts keep the newest-first order
            if len(values) >= 2:
                started, exercise_id, title, before = values[0]
                after = values[-1][3]
                changes.append(
                    CheckInChange(
                        datetime.fromisoformat(started), exercise_id, title, key, before, after
                    )
                )
        return changes

    def _totals(self, first: date | None) -> Totals:
        where, arguments = _window(first)
        count, seconds = self._db.execute(
            f"SELECT count(*), total(seconds_played) FROM session{where}", arguments
        ).fetchone()
        return Totals(count, seconds)

    def _entries(self, where: str, arguments: Sequence[object]) -> list[JournalEntry]:
        rows = self._db.execute(
            "SELECT s.started, entry.topic, entry.text, s.exercise_id, s.title, entry.step,"
            f" entry.id FROM entry JOIN session AS s ON s.id = entry.session_id{where}"
            " ORDER BY s.started_utc DESC, s.id DESC, entry.id",
            tuple(arguments),
        )
        return [
            JournalEntry(
                datetime.fromisoformat(started), topic, text, exercise_id, title, step, number
            )
            for started, topic, text, exercise_id, title, step, number in rows
        ]


def _first_day(today: date, days: int | None) -> date | None:
    """The first local day of a window of ``days`` ending today (None: no window)."""
    if days is None:
        return None
    if days < 1:
        raise ValueError(f"a window is at least one day, got {days}")
    return today - timedelta(days=days - 1)


def _window(first: date | None, table: str = "") -> tuple[str, tuple[object, ...]]:
    """The ``WHERE`` clause for sessions begun on or after a local day.

    ``started`` begins with the local date, so comparing its text selects exactly the local days
    the sessions were played on, whatever UTC offset each had. The bound on ``started_utc`` (a
    day early, wider than any UTC offset) only lets the index find those rows without reading
    every session.
    """
    if first is None:
        return "", ()
    earliest = _utc_midnight(first) - _OFFSET_MARGIN
    return (
        f" WHERE {table}started_utc >= ? AND {table}started >= ?",
        (earliest, first.isoformat()),
    )


_OFFSET_MARGIN = 86400
"""Seconds: wider than any UTC offset (−12 to +14 hours), so a bound by moment never cuts a day."""


def _utc_midnight(day: date) -> int:
    return _utc_seconds(datetime.combine(day, time(0), timezone.utc))
