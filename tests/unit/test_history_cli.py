"""The history from the command line: sessions kept by --plain, read back, forgotten on request."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.history import Entry
from breather.paths import history_database
from breather.plain import JOURNAL_NOT_IN_FILE
from breather.practice import BEFORE_AFTER_QUESTION, KEPT_PRIVATE
from tests.unit.history_helpers import (
    as_ordinary_user,
    at,
    give_to_user,
    opened,
    reachable_folder,
    session,
    snapshot,
)

NOW = at("2026-12-02 14:05")

LOG = """\
id: log
title: Outcomes log
intro: About a minute. You can pause or stop at any time.
steps:
  - text: Arrive.
    seconds: 10
  - check-in: How settled are you?
    key: settled
  - write: Three changes that mattered.
    entries: 3
    topic: outcomes
  - recall: outcomes
    count: 3
  - breathe: 4-6
    cycles: 5
  - text: Look around the room.
    seconds: 10
"""


class Terminal(io.StringIO):
    """Standard input as a terminal, with these lines already typed."""

    def __init__(self, *lines: str) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))

    def isatty(self) -> bool:
        return True


class StopsAt(FakeClock):
    """A clock whose session is stopped with Ctrl+C once ``seconds`` have played."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.limit = seconds

    def sleep(self, seconds: float) -> None:
        if self.now() - 1000 + seconds > self.limit:
            raise KeyboardInterrupt
        super().sleep(seconds)


@pytest.fixture
def exercises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "log.yaml").write_text(LOG, encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    return folder


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    clock: FakeClock | None = None,
    now: datetime = NOW,
) -> tuple[int, str, str]:
    status = main(list(argv), clock=clock or FakeClock(), now=lambda: now)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def history_json(capsys: pytest.CaptureFixture[str], *more: str) -> dict[str, Any]:
    status, out, err = run(capsys, "history", "--json", *more)
    assert status == 0, err
    found = json.loads(out)
    assert isinstance(found, dict)
    return found


def settings(isolated_home: Path, text: str) -> None:
    folder = isolated_home / ".config" / "breather"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.yaml").write_text(text, encoding="utf-8")


# -- sessions played line by line are kept -------------------------------------------------------


def test_a_plain_session_played_to_its_end_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "play", "longer-out-breath", "--plain", "--minutes", "3")
    assert (status, err) == (0, "")
    (kept,) = history_json(capsys)["sessions"]
    assert kept["exercise"] == "longer-out-breath"
    assert kept["started"] == "2026-12-02T14:05:00+01:00"
    assert kept["outcome"] == "finished"
    assert kept["stopped_at_step"] is None
    assert kept["seconds_asked"] == pytest.approx(180, abs=5)
    assert kept["seconds_played"] == pytest.approx(kept["seconds_asked"])


def test_a_plain_session_stopped_halfway_is_kept_with_its_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "play", "longer-out-breath", "--plain", clock=StopsAt(30))
    assert status == 0
    assert out.splitlines()[-1].endswith("Stopped. You can come back any time.")
    (kept,) = history_json(capsys)["sessions"]
    assert kept["outcome"] == "stopped"
    assert kept["stopped_at_step"] == 2  # in the breathing, as `plan --json` numbers the steps
    assert kept["seconds_played"] == pytest.approx(30, abs=1)


def test_answers_and_entries_typed_at_a_terminal_round_trip(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
    isolated_home: Path,
) -> None:
    settings(isolated_home, "check_in: true\n")
    typed = Terminal(
        "6",  # before: how much tension
        "3",  # the exercise's own check-in
        "A client said no to her brother.",
        "",  # an empty box is fine
        "She came back after a month away.",
        "",  # Enter after the recall step
        "9",  # after: higher, and kept as it is
    )
    monkeypatch.setattr("sys.stdin", typed)
    status, out, _ = run(capsys, "play", "log", "--plain")
    assert status == 0
    assert "How much tension do you notice right now? 0 none – 10 a lot." in out
    assert "What you write stays on this computer. Please leave out client names" in out
    assert "Nothing is written under “outcomes” yet." in out
    assert not any(word in out.lower() for word in ("great", "well done", "should", "better"))
    (kept,) = history_json(capsys)["sessions"]
    assert kept["check_ins"] == [
        {"key": "tension", "step": -1, "value": 6},
        {"key": "settled", "step": 1, "value": 3},
        {"key": "tension", "step": 6, "value": 9},
    ]
    assert kept["entries"] == [
        {"topic": "outcomes", "step": 2, "text": "A client said no to her brother."},
        {"topic": "outcomes", "step": 2, "text": "She came back after a month away."},
    ]
    (change,) = history_json(capsys)["check_in_changes"]
    assert (change["before"], change["after"], change["change"]) == (6, 9, 3)
    status, out, _ = run(capsys, "journal", "--json")
    journal = json.loads(out)
    assert journal["topics"] == ["outcomes"]
    assert [entry["text"] for entry in journal["entries"]] == [
        "A client said no to her brother.",
        "She came back after a month away.",
    ]
    # The next session's recall gives them back, and only them.
    monkeypatch.setattr("sys.stdin", Terminal("", "", "", "", ""))
    _, out, terminal = run(capsys, "play", "log", "--plain", "--no-check-in")
    # Captured, the lines are not at a terminal: journal words show only where the questions do.
    assert ": A client said no to her brother." in terminal
    assert "Wednesday 2 December: She came back after a month away." in terminal
    assert "brother" not in out
    assert JOURNAL_NOT_IN_FILE in out


def test_with_the_lines_sent_to_a_file_the_questions_go_to_the_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
    isolated_home: Path,
) -> None:
    """``play ID --plain > log``: the person still sees each question; the log keeps lines only."""
    settings(isolated_home, "check_in: true\n")
    monkeypatch.setattr(
        "sys.stdin", Terminal("6", "3", "One change.", "", "", "", "9")
    )  # "": Enter
    status, out, err = run(capsys, "play", "log", "--plain")  # out is not a terminal here
    assert status == 0
    lines = out.splitlines()
    assert all(line.startswith("[") for line in lines), lines
    assert re.match(r"\[\d+:\d\d\] End", lines[-1])
    assert err.count("Type 0 to 10 and Enter, or just Enter to skip: ") == 3
    assert "1 of 3: 2 of 3: 3 of 3: " in err
    # What each question is, and the reminder, show at the terminal too, not only in the log.
    assert err.count(BEFORE_AFTER_QUESTION) == 2
    assert "How settled are you?" in err
    assert "Three changes that mattered." in err
    assert KEPT_PRIVATE in err
    (kept,) = history_json(capsys)["sessions"]
    assert [answer["value"] for answer in kept["check_ins"]] == [6, 3, 9]


def test_a_line_longer_than_a_box_holds_is_cut_and_the_person_told(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
) -> None:
    long_line = "a" * 750  # a box keeps 500 characters, as the full screen's box does
    monkeypatch.setattr("sys.stdin", Terminal("", long_line, "", "", "", ""))
    status, out, _ = run(capsys, "play", "log", "--plain", "--no-check-in")
    assert status == 0
    assert out.count("Only the first 500 characters of that are kept.") == 1
    (kept,) = history_json(capsys)["sessions"]
    assert [len(entry["text"]) for entry in kept["entries"]] == [500]


def test_line_mode_says_what_the_journal_kept_and_nothing_when_it_kept_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("", "One.", "Two.", "", ""))
    status, _, err = run(capsys, "play", "log", "--plain", "--no-check-in")
    assert status == 0
    assert err.splitlines()[-1].endswith(  # after the prompts, which a terminal's echo ends
        "Kept in your journal: 2 lines. `breather journal` shows them, and "
        "`breather journal --forget N` deletes one."
    )
    monkeypatch.setattr("sys.stdin", Terminal("", "", "", "", ""))
    _, out, err = run(capsys, "play", "log", "--plain", "--no-check-in")
    assert "Kept in your journal" not in out + err


def test_without_a_terminal_nothing_is_asked_and_the_session_still_plays(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
    isolated_home: Path,
) -> None:
    settings(isolated_home, "check_in: true\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("7\nwords\n"))  # a pipe, not a person
    status, out, err = run(capsys, "play", "log", "--plain")
    assert KEPT_PRIVATE not in err  # nobody at a keyboard: the lines alone say it
    assert status == 0
    assert "How much tension" not in out
    assert "Type 0 to 10" not in out
    (kept,) = history_json(capsys)["sessions"]
    assert (kept["check_ins"], kept["entries"], kept["outcome"]) == ([], [], "finished")


def test_no_check_in_skips_every_kind_of_check_in(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exercises: Path,
    isolated_home: Path,
) -> None:
    settings(isolated_home, "check_in: true\n")
    monkeypatch.setattr("sys.stdin", Terminal("first line", "", "", ""))
    status, out, _ = run(capsys, "play", "log", "--plain", "--no-check-in")
    assert status == 0
    assert "How much tension" not in out
    assert "How settled" not in out
    (kept,) = history_json(capsys)["sessions"]
    assert kept["check_ins"] == []
    assert [entry["step"] for entry in kept["entries"]] == [1]  # numbered without the check-in


# -- history off: nothing is touched --------------------------------------------------------------


@pytest.mark.parametrize("how", ["--no-history", "setting"])
def test_with_history_off_the_data_folder_is_not_touched(
    how: str, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    data = history_database().parent.parent
    argv = ["play", "longer-out-breath", "--plain"]
    if how == "setting":
        settings(isolated_home, "history: false\n")
    else:
        argv.append("--no-history")
    assert run(capsys, *argv)[0] == 0
    assert not data.exists()  # not even the folder
    store = opened(history_database())  # an earlier history, then a session with history off
    store.record(session())
    store.close()
    before = snapshot(data)
    status, _, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert snapshot(data) == before


def test_an_unavailable_history_is_said_once_and_the_session_plays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = history_database()
    database.parent.parent.mkdir(parents=True)
    database.parent.write_text("a file where the folder should be", encoding="utf-8")
    status, out, err = run(capsys, "play", "cyclic-sigh", "--plain")
    assert status == 0
    assert out.splitlines()[-1].startswith("[1:00] End")
    assert len(err.strip().splitlines()) == 1
    assert "nothing from this session is kept" in err
    assert "Traceback" not in err


# -- reading it back ------------------------------------------------------------------------------


def test_history_with_nothing_kept_says_so_and_creates_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "history")
    assert status == 0
    assert out.startswith("No sessions recorded yet.")
    found = history_json(capsys, "--days", "3")
    assert [day["date"] for day in found["by_day"]] == [
        "2026-12-02",
        "2026-12-01",
        "2026-11-30",
    ]
    assert run(capsys, "journal")[1].startswith("Nothing in the journal yet.")
    assert not history_database().parent.exists()


def test_history_text_csv_and_days(capsys: pytest.CaptureFixture[str]) -> None:
    store = opened(history_database())
    store.record(session("2026-12-02 09:00", title="Breathing space"))
    store.record(session("2026-11-20 09:00", "cyclic-sigh", "Cyclic sigh", played=60))
    store.close()
    status, out, _ = run(capsys, "history")
    assert status == 0
    assert out.splitlines()[0] == "This week: 1 pause, 2 minutes."
    assert "In all: 2 pauses, 3 minutes." in out
    assert "Cyclic sigh" not in out  # outside the week
    assert "Cyclic sigh" in run(capsys, "history", "--days", "30")[1]
    _, csv_text, _ = run(capsys, "history", "--csv")  # an export holds everything
    rows = csv_text.splitlines()
    assert rows[0].startswith("started,exercise,title")
    assert len(rows) == 3
    for word in ("streak", "missed", "goal"):
        assert word not in out.lower()


def test_a_title_that_would_drive_the_terminal_is_printed_harmless(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = opened(history_database())
    store.record(session(title="Tampered \x1b]0;owned\x07", entries=(Entry("x", 1, "a\x1b[2Jb"),)))
    store.close()
    for argv in (["history"], ["history", "--csv"], ["journal"], ["history", "--json"]):
        _, out, _ = run(capsys, *argv)
        assert "\x1b" not in out, argv
        assert "\x07" not in out, argv


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["history", "--forget", "--before", "yesterday"], "expected a date written YYYY-MM-DD"),
        (["history", "--forget", "--before", "2026-02-30"], "expected a date written YYYY-MM-DD"),
        (["history", "--days", "0"], "choose from 1 to 36500 days"),
        (["history", "--before", "2026-01-01"], "--before and --yes go with --forget"),
        (["history", "--forget", "--json"], "do not go with --forget"),
        (["journal", "--topic", "outcome"], "the journal has no topic `outcome`"),
    ],
)
def test_mistakes_exit_2_with_a_clear_message(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = opened(history_database())
    store.record(session(entries=(Entry("outcomes", 1, "Kept"),)))
    store.close()
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert words in err
    assert "Traceback" not in err
    if argv[0] == "journal":
        assert "did you mean `outcomes`?" in err


def test_journal_by_topic(capsys: pytest.CaptureFixture[str]) -> None:
    store = opened(history_database())
    store.record(session("2026-11-30 17:00", entries=(Entry("good-things", 3, "Tea outside"),)))
    store.record(session("2026-12-01 17:00", entries=(Entry("outcomes", 2, "He laughed"),)))
    store.close()
    status, out, _ = run(capsys, "journal", "--topic", "good-things")
    assert status == 0
    assert "Tea outside" in out
    assert "He laughed" not in out
    assert out.startswith("Monday 30 November · good-things")
    found = json.loads(run(capsys, "journal", "--json")[1])
    assert [entry["text"] for entry in found["entries"]] == ["He laughed", "Tea outside"]


# -- forgetting -----------------------------------------------------------------------------------


def three_sessions() -> None:
    store = opened(history_database())
    store.record(session("2026-11-01 09:00", entries=(Entry("outcomes", 1, "Old words"),)))
    store.record(session("2026-11-30 09:00"))
    store.record(session("2026-12-02 09:00", entries=(Entry("outcomes", 1, "New words"),)))
    store.close()


def test_forget_asks_to_type_yes_and_keeps_everything_otherwise(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    three_sessions()
    monkeypatch.setattr("sys.stdin", Terminal("y"))
    status, out, _ = run(capsys, "history", "--forget")
    assert status == 0
    assert "Type yes to delete" in out
    assert out.endswith("Nothing was deleted.\n")
    assert len(history_json(capsys)["sessions"]) == 3
    monkeypatch.setattr("sys.stdin", Terminal("yes"))
    status, out, _ = run(capsys, "history", "--forget", "--before", "2026-11-30")
    assert status == 0
    assert "Deleted what was recorded before 2026-11-30: 1 session" in out
    assert "1 journal entry" in out
    assert [s["started"][:10] for s in history_json(capsys)["sessions"]] == [
        "2026-12-02",
        "2026-11-30",
    ]
    assert "Old words" not in run(capsys, "journal")[1]


def test_forget_without_a_terminal_needs_yes(capsys: pytest.CaptureFixture[str]) -> None:
    three_sessions()
    status, _, err = run(capsys, "history", "--forget")
    assert status == 2
    assert "nothing was deleted" in err
    assert "--yes" in err
    status, out, _ = run(capsys, "history", "--forget", "--yes")
    assert status == 0
    assert out == (
        "Deleted the history and the journal: 3 sessions, 0 check-in answers and "
        "2 journal entries.\n"
    )
    assert history_json(capsys)["sessions"] == []
    assert b"Old words" not in history_database().read_bytes()


# -- forgetting one journal entry ----------------------------------------------------------------


def a_slip() -> int:
    """Three entries, one of them a client's name typed by mistake; the slip's number."""
    store = opened(history_database())
    store.record(session("2026-11-30 17:00", entries=(Entry("good-things", 3, "Tea outside"),)))
    entries = (Entry("outcomes", 2, "Sam Okafor came back"), Entry("outcomes", 2, "He laughed"))
    store.record(session("2026-12-01 17:00", entries=entries))
    (slip,) = (entry for entry in store.journal() if entry.text.startswith("Sam"))
    store.close()
    return slip.number


def journal_texts(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [entry["text"] for entry in json.loads(run(capsys, "journal", "--json")[1])["entries"]]


def test_the_journal_shows_each_entrys_number(capsys: pytest.CaptureFixture[str]) -> None:
    slip = a_slip()
    status, out, _ = run(capsys, "journal")
    assert status == 0
    assert f"  #{slip}  Sam Okafor came back\n" in out
    numbers = [
        entry["number"] for entry in json.loads(run(capsys, "journal", "--json")[1])["entries"]
    ]
    assert numbers[0] == slip
    assert len(set(numbers)) == 3
    for number in numbers:
        assert f"  #{number}  " in out


class CtrlC:
    """A terminal where the person presses Ctrl+C at the question."""

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        raise KeyboardInterrupt


@pytest.mark.parametrize(("stdin", "why"), [(CtrlC(), "Ctrl+C"), (Terminal(), "Ctrl+D")])
def test_ctrl_c_or_ctrl_d_at_the_question_deletes_nothing_and_says_so_on_a_line_of_its_own(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: object, why: str
) -> None:
    three_sessions()
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, _ = run(capsys, "history", "--forget")
    assert status == 0, why
    assert out.endswith("anything else to keep it: \nNothing was deleted.\n"), why
    assert len(history_json(capsys)["sessions"]) == 3


def test_forget_one_entry_asks_to_type_yes_and_names_it_without_its_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    slip = a_slip()
    named = f"journal entry #{slip}, written Tuesday 1 December under “outcomes”"
    monkeypatch.setattr("sys.stdin", Terminal("y"))
    status, out, _ = run(capsys, "journal", "--forget", str(slip))
    assert status == 0
    assert out == (
        f"This deletes {named}, from {history_database()}.\n"
        "Type yes to delete, or anything else to keep it: Nothing was deleted.\n"
    )
    assert len(journal_texts(capsys)) == 3
    monkeypatch.setattr("sys.stdin", Terminal("yes"))
    status, out, _ = run(capsys, "journal", "--forget", f"#{slip}")
    assert status == 0
    assert out.endswith(f"Type yes to delete, or anything else to keep it: Deleted {named}.\n")
    assert "Sam" not in out
    assert journal_texts(capsys) == ["He laughed", "Tea outside"]
    assert len(history_json(capsys)["sessions"]) == 2  # the practice stays


def test_forget_one_entry_with_yes_deletes_it_without_asking(
    capsys: pytest.CaptureFixture[str],
) -> None:
    slip = a_slip()
    status, out, err = run(capsys, "journal", "--forget", str(slip), "--yes")
    assert (status, err) == (0, "")
    assert out == f"Deleted journal entry #{slip}, written Tuesday 1 December under “outcomes”.\n"
    assert journal_texts(capsys) == ["He laughed", "Tea outside"]
    assert b"Sam Okafor" not in history_database().read_bytes()


def test_forget_one_entry_without_a_terminal_needs_yes(capsys: pytest.CaptureFixture[str]) -> None:
    slip = a_slip()
    status, out, err = run(capsys, "journal", "--forget", str(slip))
    assert (status, out) == (2, "")
    assert err == (
        "journal --forget: nothing was deleted; it asks you to type yes before it deletes "
        f"journal entry #{slip}, written Tuesday 1 December under “outcomes”, or add --yes\n"
    )
    assert len(journal_texts(capsys)) == 3


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--forget", "99", "--yes"],
            "journal --forget: the journal has no entry #99; "
            "`breather journal` shows each entry's number",
        ),
        (
            ["--forget", "0"],
            "breather journal: argument --forget: expected an entry's number as "
            "`breather journal` shows it, like 12; got '0' (`breather journal --help` shows "
            "the options)",
        ),
        (
            ["--forget", "Sam"],
            "breather journal: argument --forget: expected an entry's number as "
            "`breather journal` shows it, like 12; got 'Sam' (`breather journal --help` shows "
            "the options)",
        ),
        *[
            (
                ["--forget", number],
                "breather journal: argument --forget: expected an entry's number as "
                f"`breather journal` shows it, like 12; got {number!r} (`breather journal --help` "
                "shows the options)",
            )
            # Beyond SQLite's largest row id (once an OverflowError), and digits that are not
            # 0-9 (an Arabic-Indic one, once read as 1, deleted entry #1).
            for number in ("99999999999999999999", "9223372036854775808", "\u0661", "\u00b2")
        ],
        (
            ["--forget", "1", "--topic", "outcomes"],
            "journal --forget: --topic and --json do not go with --forget",
        ),
        (
            ["--forget", "1", "--json"],
            "journal --forget: --topic and --json do not go with --forget",
        ),
        (["--yes"], "journal: --yes goes with --forget"),
    ],
)
def test_forget_one_entry_mistakes_exit_2_with_one_line(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a_slip()
    status, out, err = run(capsys, "journal", *argv)
    assert (status, out, err) == (2, "", said + "\n")
    assert len(journal_texts(capsys)) == 3


def test_forget_one_entry_with_no_history_kept_says_there_is_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "journal", "--forget", "3", "--yes")
    assert (status, out) == (2, "")
    assert err == "journal --forget: the journal has no entry #3; it has no entries yet\n"
    assert not history_database().exists()


def test_forget_with_nothing_kept_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "--forget", "--yes")
    assert status == 0
    assert out.startswith("Nothing to delete")
    assert not history_database().exists()


def test_paths_names_the_history_file(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    status, out, _ = run(capsys, "paths")
    assert status == 0
    expected = f"history:         {history_database()}  (not created yet)"
    assert expected in out.splitlines()
    assert history_database().name == "history.sqlite3"
    settings(isolated_home, "history: false\n")
    assert "(history is off in the settings)" in run(capsys, "paths")[1]


def commands_on(folder: Path) -> object:
    """``history``, ``journal`` and ``journal --forget 1 --yes``: status, stdout, stderr each."""
    from breather.cli import run as run_command

    results = []
    for argv in (["history"], ["journal"], ["journal", "--forget", "1", "--yes"]):
        out, err = io.StringIO(), io.StringIO()
        status = run_command(argv, out, err, FakeClock(), lambda: NOW)
        results.append([status, out.getvalue(), err.getvalue()])
    return results


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_read_only_history_is_shown_and_nothing_is_deleted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A locked-down profile: the history and journal read as usual; deleting says why not."""
    with reachable_folder() as base:
        monkeypatch.setenv("XDG_DATA_HOME", str(base))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))  # none: the defaults
        folder = base / "breather"
        path = history_database()
        assert path.parent == folder
        with opened(path) as store:
            store.record(session(entries=(Entry("outcomes", 1, "A quiet win."),)))
        give_to_user(folder)
        folder.chmod(0o500)
        before = path.read_bytes()
        result = as_ordinary_user(lambda: commands_on(folder))
        assert isinstance(result, list), result
        (history, journal, forget) = result
        notice = "but cannot add to it or delete from it here (it is read-only)"
        assert history[0] == 0
        assert "Breathing space" in history[1]
        assert notice in history[2]
        assert journal[0] == 0
        assert "A quiet win." in journal[1]
        assert forget[0] == 1
        assert "Nothing was deleted: the journal cannot be changed here" in forget[2]
        assert path.read_bytes() == before
