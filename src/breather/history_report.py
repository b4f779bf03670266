"""What ``breather history`` and ``breather journal`` print: pure functions from data to text.

Why it exists: the words matter as much as the numbers. These say what was practised and
nothing more: "This week: 6 pauses, 14 minutes." Never streaks, never "missed" days, never goals,
badges, scores or comparison with anyone; a check-in that went up is shown as its two numbers,
like any other. Days with nothing are left out of the text rather than listed as empty.

Everything here is pure (no I/O, no clock: the report carries its own ``today``), so the command
line, the UI and the tests share one rendering. Text read from the file is printed with control
characters replaced, so a tampered history cannot drive the terminal.

**``history --json``** prints one object::

    {"days": 7 | null, "from": "YYYY-MM-DD" | null, "to": "YYYY-MM-DD",
     "totals": {"sessions", "seconds"}, "all_time": {"sessions", "seconds"},
     "by_day": [{"date", "sessions", "seconds"}],
     "by_exercise": [{"exercise", "title", "sessions", "seconds"}],
     "check_in_changes": [{"started", "exercise", "title", "key", "before", "after", "change"}],
     "sessions": [{"exercise", "title", "started", "seconds_asked", "seconds_played",
                   "outcome", "stopped_at_step",
                   "check_ins": [{"key", "step", "value"}],
                   "entries": [{"topic", "step", "text"}]}],
     "set_aside": ["path", ...]}

``days`` is the window (null: everything), ``from``/``to`` its first and last local days,
``totals`` the window's and ``all_time`` the whole history's count and seconds played.
``started`` is local time with its UTC offset (ISO 8601). ``outcome`` is ``finished`` or
``stopped``; ``stopped_at_step`` the 0-based step (as in ``plan --json``) or null. ``change`` is
after minus before. Lists are most recent first; ``by_day`` holds every day of the window.

**``history --csv``**: one row per session, most recent first, with the columns ``started,
exercise, title, seconds_asked, seconds_played, outcome, stopped_at_step, check_ins,
journal_entries``; ``check_ins`` reads ``tension@0=6; tension@7=4`` (key, step, answer) and
``journal_entries`` is a count: the words themselves are only in ``breather journal``, so a
spreadsheet of practice never carries them by accident. Cells that a spreadsheet would run as a
formula are prefixed with ``'``.

**``journal --json``** prints ``{"topic": T | null, "topics": [...], "entries": [{"written",
"topic", "text", "exercise", "title", "step", "number"}]}``, newest first; ``written`` is the
start of the session the entry was written in, ``number`` the entry's own number (the one
``journal --forget N`` takes, and the text shows as ``#N`` before each entry).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from breather import durations
from breather.history import (
    CheckInChange,
    DayTotal,
    ExerciseTotal,
    Forgotten,
    HistoryReport,
    JournalEntry,
    SessionRecord,
    Totals,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
TITLE_WIDTH = 32
"""Titles longer than this are shortened in the text, so every line fits 80 columns."""


# --- Words -------------------------------------------------------------------------------------


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 pause``, ``6 pauses``, ``1,234 pauses``; ``words`` when the plural is not ``word+s``."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def total_time(seconds: float) -> str:
    """A total in words: ``under a minute``, ``14 minutes``, ``3 hours 5 minutes``."""
    minutes = _round_half_up(seconds / 60)
    if minutes == 0:
        return "under a minute" if seconds > 0 else "0 minutes"
    if minutes < 120:
        return plural(minutes, "minute")
    hours, rest = divmod(minutes, 60)
    return plural(hours, "hour") + (f" {plural(rest, 'minute')}" if rest else "")


def session_length(seconds: float) -> str:
    """One session's length as its summary said it: ``1:15``, to the nearest second.

    To the half minute it read "1.5 min" for the session whose summary said "Completed in 1:15".
    """
    return durations.length(seconds)


def _round_half_up(number: float) -> int:
    """2.5 is 3, as people round (Python's ``round`` gives 2)."""
    return math.floor(number + 0.5)


def day_name(day: date, today: date) -> str:
    """``Tuesday 2 December``, with the year when it is not this year's."""
    name = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return name if day.year == today.year else f"{name} {day.year}"


def short_moment(moment: datetime, today: date) -> str:
    """``Tue 2 Dec 14:05``, with the year when it is not this year's."""
    day = moment.date()
    name = f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"
    if day.year != today.year:
        name += f" {day.year}"
    return f"{name} {moment:%H:%M}"


def window_name(days: int | None) -> str:
    """What the first line calls the window: ``This week``, ``Today``, ``The last 30 days``."""
    if days is None:
        return "In all"
    if days == 1:
        return "Today"
    if days == 7:
        return "This week"
    return f"The last {days} days"


_CONTROLS = dict.fromkeys((*range(32), *range(127, 160)), "?")
"""Unicode's control characters (category Cc: C0, DEL and C1), each shown as ``?``."""


def printable(text: str) -> str:
    """Text from the file with control characters (escape sequences, new lines) made harmless."""
    return text.translate(_CONTROLS)


def one_line(words: str) -> str:
    """A journal entry's words on one line, as a list shows them: line breaks become spaces."""
    return printable(" ".join(words.split()))


def _fit(title: str, width: int = TITLE_WIDTH) -> str:
    title = printable(title)
    return title if len(title) <= width else title[: width - 1] + "…"


# --- breather history --------------------------------------------------------------------------


def empty_report(today: date, days: int | None) -> HistoryReport:
    """The report of a history that has nothing in it yet (no file has been made)."""
    nothing = Totals(0, 0.0)
    by_day = (
        ()
        if days is None
        else tuple(DayTotal(today - timedelta(days=back), 0, 0.0) for back in range(days))
    )
    return HistoryReport(today, days, nothing, nothing, by_day, (), (), ())


def history_text(report: HistoryReport) -> str:
    """The text of ``breather history``: totals, the sessions by day, exercises, check-ins."""
    if report.all_time.sessions == 0:
        lines = ["No sessions recorded yet. When history is on, each one you play is kept here."]
        return "\n".join(lines + _set_aside_lines(report.set_aside)) + "\n"
    lines = [f"{window_name(report.days)}: {_totals_words(report.window)}"]
    if report.days is not None and report.all_time.sessions != report.window.sessions:
        lines.append(f"In all: {_totals_words(report.all_time)}")
    if report.sessions:
        lines += ["", *_session_lines(report.sessions, report.today)]
    if report.by_exercise:
        lines += ["", "Exercises", *_exercise_lines(report.by_exercise)]
    if report.changes:
        lines += ["", "Check-ins, before and after", *_change_lines(report.changes, report.today)]
    return "\n".join(lines + _set_aside_lines(report.set_aside)) + "\n"


def _totals_words(totals: Totals) -> str:
    if totals.sessions == 0:
        return "no sessions recorded."
    return f"{plural(totals.sessions, 'pause')}, {total_time(totals.seconds)}."


def _session_lines(sessions: Iterable[SessionRecord], today: date) -> list[str]:
    lines: list[str] = []
    shown_day: date | None = None
    for session in sessions:
        day = session.started.date()
        if day != shown_day:
            lines.append(day_name(day, today))
            shown_day = day
        length = session_length(session.seconds_played)
        if session.stopped_at_step is not None:
            length += f", stopped at step {session.stopped_at_step + 1}"
        lines.append(f"  {session.started:%H:%M}  {_fit(session.title):<{TITLE_WIDTH}}  {length}")
    return lines


def _exercise_lines(totals: Iterable[ExerciseTotal]) -> list[str]:
    return [
        f"  {_fit(row.title):<{TITLE_WIDTH}}  {plural(row.sessions, 'time'):>9}  "
        f"{total_time(row.seconds)}"
        for row in totals
    ]


def _change_lines(changes: Iterable[CheckInChange], today: date) -> list[str]:
    return [
        f"  {short_moment(change.started, today)}  {_fit(change.title, 24):<24}  "
        f"{printable(change.key)} {change.before} → {change.after}"
        for change in changes
    ]


def _set_aside_lines(set_aside: Sequence[object]) -> list[str]:
    """A closing note per file passed over, so the user knows where older sessions still are."""
    if not set_aside:
        return []
    note = "An earlier history file could not be read and was left as it was:"
    return ["", *(f"{note} {path}" for path in set_aside)]


def history_json(report: HistoryReport) -> str:
    """``breather history --json``: the fields the module docstring lists."""
    first = None if report.days is None else report.today - timedelta(days=report.days - 1)
    payload = {
        "days": report.days,
        "from": None if first is None else first.isoformat(),
        "to": report.today.isoformat(),
        "totals": _totals_json(report.window),
        "all_time": _totals_json(report.all_time),
        "by_day": [_day_json(row) for row in report.by_day],
        "by_exercise": [
            {
                "exercise": row.exercise_id,
                "title": row.title,
                "sessions": row.sessions,
                "seconds": row.seconds,
            }
            for row in report.by_exercise
        ],
        "check_in_changes": [
            {
                "started": change.started.isoformat(),
                "exercise": change.exercise_id,
                "title": change.title,
                "key": change.key,
                "before": change.before,
                "after": change.after,
                "change": change.change,
            }
            for change in report.changes
        ],
        "sessions": [session_json(session) for session in report.sessions],
        "set_aside": [str(path) for path in report.set_aside],
    }
    return one_item_a_line(payload)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
"""One encoder for every line (``json.dumps`` with options builds a new one each call)."""


def one_item_a_line(payload: Mapping[str, object]) -> str:
    """JSON with each key on its line and each item of a list on its own line.

    Easy to read and to ``grep``, and fast: each line goes through ``json``'s C encoder, which
    ``indent=`` would turn off (ten years of sessions take 0.1 s instead of 4 s).
    """
    lines = []
    for number, (key, value) in enumerate(payload.items()):
        comma = "," if number < len(payload) - 1 else ""
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_ENCODE(item)}" for item in value)
            lines.append(f"  {_ENCODE(key)}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {_ENCODE(key)}: {_ENCODE(value)}{comma}")
    return "{\n" + "\n".join(lines) + "\n}\n"


def _totals_json(totals: Totals) -> dict[str, object]:
    return {"sessions": totals.sessions, "seconds": totals.seconds}


def _day_json(row: DayTotal) -> dict[str, object]:
    return {"date": row.day.isoformat(), "sessions": row.sessions, "seconds": row.seconds}


def session_json(session: SessionRecord) -> dict[str, object]:
    """One session as ``history --json`` spells it."""
    return {
        "exercise": session.exercise_id,
        "title": session.title,
        "started": session.started.isoformat(),
        "seconds_asked": session.seconds_asked,
        "seconds_played": session.seconds_played,
        "outcome": session.outcome,
        "stopped_at_step": session.stopped_at_step,
        "check_ins": [
            {"key": answer.key, "step": answer.step, "value": answer.value}
            for answer in session.check_ins
        ],
        "entries": [
            {"topic": entry.topic, "step": entry.step, "text": entry.text}
            for entry in session.entries
        ],
    }


CSV_COLUMNS = ("started", "exercise", "title", "seconds_asked", "seconds_played", "outcome",
               "stopped_at_step", "check_ins", "journal_entries")  # fmt: skip


def history_csv(sessions: Iterable[SessionRecord]) -> str:
    """``breather history --csv``: one row per session, the columns in :data:`CSV_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        writer.writerow(
            [
                session.started.isoformat(),
                _cell(session.exercise_id),
                _cell(session.title),
                f"{session.seconds_asked:g}",
                f"{session.seconds_played:g}",
                session.outcome,
                "" if session.stopped_at_step is None else session.stopped_at_step,
                _cell("; ".join(f"{c.key}@{c.step}={c.value}" for c in session.check_ins)),
                len(session.entries),
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading ``'``."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- breather journal --------------------------------------------------------------------------


def journal_text(entries: Sequence[JournalEntry], today: date, topic: str | None = None) -> str:
    """The text of ``breather journal``: entries newest first, under their date and topic."""
    if not entries:
        where = f" under “{printable(topic)}”" if topic else ""
        return (
            f"Nothing in the journal{where} yet. Write steps keep what you write here, "
            "on this computer only.\n"
        )
    lines: list[str] = []
    heading = None
    for entry in entries:
        this = (entry.written, entry.topic, entry.title)
        if this != heading:
            if lines:
                lines.append("")
            lines.append(
                f"{day_name(entry.written.date(), today)} · {printable(entry.topic)} · "
                f"{printable(entry.title)}"
            )
            heading = this
        lines.append(f"  #{entry.number}  {printable(entry.text)}")
    lines += ["", JOURNAL_FOOT]
    return "\n".join(lines) + "\n"


JOURNAL_FOOT = (
    "Kept on this computer only; leave out client names and details. "
    "`breather journal --forget N` deletes entry #N."
)
"""Below ``breather journal``'s entries: the reminder, and how to take a line back out."""


def journal_json(entries: Iterable[JournalEntry], topic: str | None, topics: Sequence[str]) -> str:
    """``breather journal --json``: the fields the module docstring lists."""
    payload = {
        "topic": topic,
        "topics": list(topics),
        "entries": [
            {
                "written": entry.written.isoformat(),
                "topic": entry.topic,
                "text": entry.text,
                "exercise": entry.exercise_id,
                "title": entry.title,
                "step": entry.step,
                "number": entry.number,
            }
            for entry in entries
        ],
    }
    return one_item_a_line(payload)


def unknown_topic(topic: str, topics: Sequence[str]) -> str:
    """The message for ``journal --topic`` with a topic that has no entries (exit 2)."""
    hint = difflib.get_close_matches(topic, list(topics), n=1, cutoff=0.6)
    message = f"--topic: the journal has no topic `{printable(topic)}`"
    if hint:
        return f"{message}; did you mean `{hint[0]}`?"
    if topics:
        return f"{message}; its topics are {', '.join(topics)}"
    return f"{message}; it has no entries yet"


def forgotten_text(forgotten: Forgotten, before: date | None = None) -> str:
    """What ``history --forget`` says it deleted."""
    what = (
        f"{plural(forgotten.sessions, 'session')}, "
        f"{plural(forgotten.check_ins, 'check-in answer')} and "
        f"{plural(forgotten.entries, 'journal entry', 'journal entries')}"
    )
    if before is None:
        return f"Deleted the history and the journal: {what}.\n"
    return f"Deleted what was recorded before {before.isoformat()}: {what}.\n"


def entry_words(entry: JournalEntry, today: date) -> str:
    """``journal entry #12, written Tuesday 1 December under “outcomes”``: never its words.

    What deleting one entry names, when it asks and when it is done: the date and topic are
    enough to recognise it, and the words stay off the screen of someone looking on.
    """
    return (
        f"journal entry #{entry.number}, written {day_name(entry.written.date(), today)} "
        f"under “{printable(entry.topic)}”"
    )


def unknown_entry(number: int, entries_kept: bool) -> str:
    """The message for ``journal --forget N`` with a number no entry has (exit 2)."""
    message = f"journal --forget: the journal has no entry #{number}"
    if entries_kept:
        return f"{message}; `breather journal` shows each entry's number"
    return f"{message}; it has no entries yet"
