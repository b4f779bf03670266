"""The history over ten years of heavy use: what recording costs, how fast it reads, how big it is.

Issue 11's goals: recording a session adds under 5 ms to the end of a session (measured against
history off in the same run); the database of 50,000 sessions and 20,000 journal entries stays
under 20 MB; ``breather history`` prints in under 2x the time of ``breather list`` and the history
screen opens within 1.3x the time of the library screen, each pair measured in the same run. It
also reports how long the ``breather history`` text takes to make and other reads a user waits
for. Reports numbers, never fails. Run `.venv/bin/python bench/history.py`.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from breather.history import (
    CheckIn,
    Entry,
    HistoryStore,
    SessionRecord,
    Unavailable,
    open_history,
)
from breather.history_report import history_json, history_text, journal_text

SESSIONS = 50_000
ENTRIES = 20_000
YEARS = 10
TODAY = date(2026, 12, 2)
LOCAL = timezone(timedelta(hours=1))
EXERCISES = [
    ("breathing-space", "Breathing space"),
    ("grounding-5-4-3-2-1", "Grounding 5-4-3-2-1"),
    ("cyclic-sigh", "Cyclic sigh"),
    ("self-compassion-break", "Self-compassion break"),
    ("going-home", "Going home"),
    ("end-of-day-ritual", "End-of-day ritual"),
    ("outcomes-log", "Outcomes log"),
    ("revisit", "Revisit"),
]
WORDS = [
    "client",
    "noticed",
    "small",
    "change",
    "walked",
    "in",
    "smiled",
    "first",
    "time",
    "spoke",
    "about",
    "sister",
    "said",
    "no",
    "boundary",
    "held",
    "session",
    "ended",
    "calmly",
    "thanked",
    "me",
    "laughed",
    "together",
    "felt",
    "heard",
    "plan",
    "worked",
]


def one_session(chance: random.Random, started: datetime, entries: int) -> SessionRecord:
    """A plausible session: a third with a before/after check-in, some with journal lines."""
    exercise_id, title = chance.choice(EXERCISES)
    asked = chance.choice([60.0, 120.0, 180.0, 300.0])
    stopped = chance.random() < 0.1
    check_ins: tuple[CheckIn, ...] = ()
    if chance.random() < 0.35:
        check_ins = (
            CheckIn("tension", -1, chance.randrange(11)),
            CheckIn("tension", 12, chance.randrange(11)),
        )
    lines = tuple(
        Entry(
            chance.choice(["outcomes", "good-things"]),
            3,
            " ".join(chance.choices(WORDS, k=chance.randrange(6, 20))).capitalize() + ".",
        )
        for _ in range(entries)
    )
    return SessionRecord(
        exercise_id=exercise_id,
        title=title,
        started=started,
        seconds_asked=asked,
        seconds_played=asked * chance.uniform(0.2, 0.9) if stopped else asked,
        outcome="stopped" if stopped else "finished",
        stopped_at_step=chance.randrange(6) if stopped else None,
        check_ins=check_ins,
        entries=lines,
    )


def build(path: Path) -> HistoryStore:
    """Ten years, oldest first, through the real ``record`` (one transaction each)."""
    store = open_history(path)
    assert isinstance(store, HistoryStore), store
    chance = random.Random(11)
    first = datetime.combine(TODAY - timedelta(days=365 * YEARS), datetime.min.time(), LOCAL)
    span = (TODAY - first.date()).days * 86400
    moments = sorted(chance.randrange(span) for _ in range(SESSIONS))
    writers = set(chance.sample(range(SESSIONS), ENTRIES // 2))  # two lines each
    for number, offset in enumerate(moments):
        store.record(
            one_session(chance, first + timedelta(seconds=offset), 2 * (number in writers))
        )
    return store


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and 95th percentile of ``runs`` timings, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def commands_compared(data: Path, runs: int = 10) -> None:
    """``breather history`` against ``breather list``, as whole commands, taking turns."""
    home = data / "home"
    home.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    for name in ("BREATHER_PATH", "BREATHER_CONFIG"):
        environment.pop(name, None)
    times: dict[str, list[float]] = {"history": [], "list": []}
    for _ in range(runs + 1):  # the first round warms the file cache and is not counted
        for command in times:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "breather", command],
                env=environment,
                stdout=subprocess.DEVNULL,
                check=True,
            )
            times[command].append((time.perf_counter() - started) * 1000)
    history_ms = statistics.median(times["history"][1:])
    list_ms = statistics.median(times["list"][1:])
    print(
        f"`breather history` {history_ms:.0f} ms, `breather list` {list_ms:.0f} ms "
        f"(medians of {runs}): {history_ms / list_ms:.2f}x (goal < 2x)"
    )


def screens_compared(path: Path, runs: int = 20) -> None:
    """The history screen opening against the library screen opening, in one headless app."""
    from breather.clock import FakeClock
    from breather.library import load_library
    from breather.settings import SessionChoices, Settings
    from breather.ui.app import BreatherApp
    from breather.ui.messages import OpenHistory
    from breather.ui.screens.history import HistoryScreen
    from breather.ui.screens.library import LibraryScreen

    store = open_history(path)
    assert isinstance(store, HistoryStore)
    now = datetime.combine(TODAY, datetime.min.time(), LOCAL).replace(hour=17)
    app = BreatherApp(
        load_library(Settings()),
        choices=SessionChoices(motion="none"),
        clock=FakeClock(),
        history=store,
        now=lambda: now,
    )

    async def measure() -> tuple[list[float], list[float]]:
        library_ms: list[float] = []
        history_ms: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(runs + 1):
                started = time.perf_counter()
                await app.push_screen(LibraryScreen())
                await pilot.pause()
                library_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                app.post_message(OpenHistory())
                while not isinstance(app.screen, HistoryScreen):
                    await pilot.pause()
                await pilot.pause()
                history_ms.append((time.perf_counter() - started) * 1000)
                await app.pop_screen()
                await app.pop_screen()
        return library_ms[1:], history_ms[1:]

    library_ms, history_ms = asyncio.run(measure())
    store.close()
    library, history = statistics.median(library_ms), statistics.median(history_ms)
    print(
        f"history screen opens in {history:.0f} ms, library screen in {library:.0f} ms "
        f"(medians of {runs}, headless 80x24): {history / library:.2f}x (goal < 1.3x)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "breather" / "history.sqlite3"
        started = time.perf_counter()
        store = build(path)
        print(
            f"built {SESSIONS:,} sessions and {ENTRIES:,} entries over {YEARS} years "
            f"in {time.perf_counter() - started:.1f} s"
        )

        chance = random.Random(5)
        # Dated before the ten years, so the timed sessions do not crowd the reports read below.
        ending = datetime.combine(TODAY - timedelta(days=366 * YEARS), datetime.min.time(), LOCAL)
        off = open_history(path, enabled=False)

        def end_of_session(history: HistoryStore | Unavailable) -> None:
            """What the end of a session does with the history, on or off."""
            if isinstance(history, HistoryStore):
                history.record(one_session(chance, ending, 2))
            else:
                _ = one_session(chance, ending, 2)  # the session is built either way

        on_median, on_p95 = median_ms(lambda: end_of_session(store), 300)
        off_median, off_p95 = median_ms(lambda: end_of_session(off), 300)
        print(
            f"end of a session, history on:  median {on_median:.2f} ms, 95% {on_p95:.2f} ms "
            "(a session with a check-in pair and two entries)"
        )
        print(f"end of a session, history off: median {off_median:.3f} ms, 95% {off_p95:.3f} ms")
        print(f"recording adds {on_median - off_median:.2f} ms (goal < 5 ms)")

        store.close()  # as a new `breather history` finds it: the WAL folded back into the file
        reopened = open_history(path)
        assert isinstance(reopened, HistoryStore)
        store = reopened

        def reopen() -> None:
            again = open_history(path)
            assert isinstance(again, HistoryStore)
            again.close()

        print(
            "open the 10-year file: median {:.2f} ms, 95% {:.2f} ms".format(*median_ms(reopen, 50))
        )
        text_ms = median_ms(lambda: history_text(store.report(TODAY, 7)), 30)
        print("`history` text, last 7 days: median {:.1f} ms, 95% {:.1f} ms".format(*text_ms))
        month_ms = median_ms(lambda: history_text(store.report(TODAY, 30)), 30)
        print("`history --days 30` text: median {:.1f} ms, 95% {:.1f} ms".format(*month_ms))
        export_ms = median_ms(lambda: history_json(store.report(TODAY, None)), 3)
        print(f"`history --json`, all 10 years: median {export_ms[0]:.0f} ms")
        journal_ms = median_ms(lambda: journal_text(store.journal(), TODAY), 5)
        print(f"`journal` text, every entry: median {journal_ms[0]:.0f} ms")
        recall_ms = median_ms(lambda: store.recall("outcomes", 3, chance), 50)
        print(f"a recall step choosing 3 of ~10,000: median {recall_ms[0]:.2f} ms")
        check_ms = median_ms(lambda: store._db.execute("PRAGMA quick_check").fetchall(), 3)
        print(f"PRAGMA quick_check (not done at open): median {check_ms[0]:.0f} ms")

        store.close()  # the last connection folds the WAL back into the file
        commands_compared(Path(directory))
        screens_compared(path)
        files = sorted(path.parent.iterdir())
        size = sum(file.stat().st_size for file in files)
        names = ", ".join(file.name for file in files)
        print(f"database size: {size / 1e6:.1f} MB ({names}) (goal < 20 MB)")


if __name__ == "__main__":
    main()
