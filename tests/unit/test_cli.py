"""The command line contract, through its main function."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from breather import cli, durations
from breather.cli import main
from breather.clock import FakeClock
from tests.conftest import BAD, GOOD, PROJECT
from tests.offered_exercises import DOORWAY, RELAXING


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line on a fake clock: `play --plain` takes no real time."""
    status = main(list(argv), clock=FakeClock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_shows_every_builtin_with_length_and_origin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "list")
    assert status == 0
    assert err == ""
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "TITLE", "LENGTH", "TAGS", "FROM"]
    breathing = next(row for row in rows if row.startswith("longer-out-breath"))
    assert "about 2 min" in breathing
    _, listed, _ = run(capsys, "list", "--json")
    shipped = {path.stem for path in (PROJECT / "exercises").glob("*.yaml")}
    by_id = {row.split()[0]: row for row in rows}
    assert set(by_id) == shipped  # one row for every built-in, and nothing else
    for exercise in json.loads(listed)["exercises"]:
        row = by_id[exercise["id"]]
        assert f" {exercise['title']} " in row
        assert f" {durations.length_words(exercise['seconds'])} " in row
        assert row.endswith("built-in")


def test_list_json_contract(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHER_PATH", str(GOOD))
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0
    payload = json.loads(out)
    assert set(payload) == {"exercises", "problems"}
    first = payload["exercises"][0]
    assert set(first) == {
        "id", "title", "summary", "tags", "seconds", "played_seconds", "origin", "path", "lengths"
    }  # fmt: skip
    origins = {item["id"]: item["origin"] for item in payload["exercises"]}
    assert origins["longer-out-breath"] == "built-in"
    assert origins["every-kind"] == "organisation"
    assert payload["problems"] == []


def test_user_folder_overrides_builtin(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    mine = isolated_home / ".config" / "breather" / "exercises"
    mine.mkdir(parents=True)
    (mine / "longer-out-breath.yaml").write_text(
        "title: My breathing\nsteps:\n  - pause: 30\n", encoding="utf-8"
    )
    _, out, _ = run(capsys, "list", "--json")
    item = next(x for x in json.loads(out)["exercises"] if x["id"] == "longer-out-breath")
    assert (item["title"], item["origin"], item["seconds"]) == ("My breathing", "user", 30)


def test_list_marks_broken_files_and_still_exits_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREATHER_PATH", str(BAD))
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert "These files could not be loaded" in out
    assert "text-no.yaml:4:11: steps[0].text" in out


def test_validate_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", str(GOOD), str(PROJECT / "exercises"))
    assert status == 0, err
    assert "ok  " in out
    assert err == ""


def test_validate_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "validate", "no/such/file.yaml")
    assert status == 2
    assert "no/such/file.yaml: no such file or folder" in err


@pytest.mark.parametrize("minutes", ["1", "2", "3"])
def test_plan_json_lands_within_five_seconds(
    capsys: pytest.CaptureFixture[str], minutes: str
) -> None:
    status, out, _ = run(capsys, "plan", "longer-out-breath", "--minutes", minutes, "--json")
    assert status == 0
    payload = json.loads(out)
    assert abs(payload["seconds"] - int(minutes) * 60) <= 5
    assert payload["events"][0]["at"] == 0
    kinds = {event["kind"] for event in payload["events"]}
    assert kinds == {"text", "breathe"}


def test_plan_refusal_exits_two_with_the_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exercise without `lengths` is offered at any length fitting reaches, and no other."""
    (tmp_path / "words.yaml").write_text(
        "title: Words only\nsteps:\n  - text: Arrive.\n    seconds: 60\n", encoding="utf-8"
    )
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    status, out, err = run(capsys, "plan", "words", "--minutes", "10")
    assert status == 2
    assert out == ""
    assert err == "Words only can be played in 30 seconds to 2 minutes; asked for 10 minutes\n"


def test_options_before_the_command_apply_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--minutes", "1", "plan", "longer-out-breath", "--json")
    assert status == 0
    assert abs(json.loads(out)["seconds"] - 60) <= 5


def test_plan_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plan", "longer-out-breath")
    assert status == 0
    assert out.splitlines()[0] == "Longer out-breath (longer-out-breath) · 2:00"
    assert "Breathe 4-6 × 9 (1:30)" in out
    assert out.splitlines()[-1] == "[2:00] End"


def test_unknown_id_exits_two_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "plan", "longer-out-braeth")
    assert status == 2
    assert "did you mean `longer-out-breath`" in err


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("4-7-8", "`relaxing-breath-4-7-8`"),
        ("478", "`relaxing-breath-4-7-8`"),
        ("54321", "`grounding-5-4-3-2-1`"),
        ("four-seven-eight", "`relaxing-breath-4-7-8`, `one-sigh`"),  # then a look-alike
        ("three", "`three-minute-breathing-space`, `the-pause`"),  # then a look-alike
        ("five four three two one", "`grounding-5-4-3-2-1`"),
        ("box", "`box-breathing`, `box-breathing-gentle`"),
        ("Calm-Place", "`calm-place`, `calm-place-revisit`"),
        ("boxbreathing", "`box-breathing`, `box-breathing-gentle`, `even-breathing`"),
    ],
)
def test_part_of_an_id_is_enough_for_a_suggestion(
    capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    """What a person remembers of a name (its numbers, its first word) finds the ids holding it,
    shortest first, before the ids that merely look alike; at most three."""
    status, _, err = run(capsys, "plan", typed)
    assert status == 2
    assert f"no exercise has the id `{typed}`; did you mean {meant}? (`breather list`" in err


def test_a_file_given_for_an_id_says_how_to_play_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "play", "/tmp/my own.yaml")
    assert status == 2
    assert err.startswith(
        "`/tmp/my own.yaml` names a file, and the command takes an exercise's id: put the file "
        "in your exercises folder (`breather paths` shows where) and use its name, `my-own`; "
        "`breather validate '/tmp/my own.yaml'` checks it first"
    )


@pytest.mark.parametrize(
    "typed", ["exercises/calm-place.yaml", "calm-place.yml", "Calm Place.YAML"]
)
def test_a_built_in_exercises_file_gives_its_id(
    capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    status, _, err = run(capsys, "plan", typed)
    assert status == 2
    assert f"`{typed}` names a file, and the command takes an id: use `calm-place`" in err


@pytest.mark.parametrize(
    ("argv", "guess"),
    [(["hist"], "`history`"), (["jornal"], "`journal`"), (["validat"], "`validate`"),
     (["plan", "calm-place", "--motion", "ful"], "`full`")],
)  # fmt: skip
def test_a_mistyped_command_or_choice_gets_a_guess(
    capsys: pytest.CaptureFixture[str], argv: list[str], guess: str
) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert f"invalid choice: '{argv[-1]}'; did you mean {guess}? (choose from " in err
    assert err.count("\n") == 1  # still one line


def test_a_choice_like_none_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "xyzzy")
    assert status == 2
    assert "invalid choice: 'xyzzy' (choose from " in err  # quoted or not, by Python version
    assert "play" in err
    assert "did you mean" not in err


@pytest.mark.parametrize(
    ("argv", "reason"),
    [(["plan", "longer-out-breath", "--minutes", "ten"], "argument --minutes:"),
     (["plan", "longer-out-breath", "--minutes", "99"], "argument --minutes:"),
     (["plan", "longer-out-breath", "--motion", "wild"], "argument --motion:"),
     (["frobnicate"], "'frobnicate'"), (["play"], "required: id")],
)  # fmt: skip
def test_bad_options_exit_two(
    capsys: pytest.CaptureFixture[str], argv: list[str], reason: str
) -> None:
    status, _, err = run(capsys, *argv)  # a real id: only the option can be what is wrong
    assert status == 2
    assert reason in err
    assert "Traceback" not in err


def test_no_holds_option_reaches_the_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "box.yaml").write_text("title: Box\nsteps:\n  - breathe: 4-4-4-4\n    cycles: 2\n")
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    _, out, _ = run(capsys, "plan", "box", "--no-holds", "--json")
    assert {event["phase"] for event in json.loads(out)["events"]} == {"in", "out"}


def test_schema_is_json_with_the_format_keys(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert status == 0
    assert set(schema["required"]) == {"title", "steps"}
    from breather.loader import EXERCISE_KEYS

    assert set(schema["properties"]) == set(EXERCISE_KEYS)


def test_paths_shows_every_folder(capsys: pytest.CaptureFixture[str], isolated_home: Path) -> None:
    status, out, _ = run(capsys, "paths")
    assert status == 0
    assert f"settings:        {isolated_home}/.config/breather/settings.yaml" in out
    assert "built-in" in out
    assert "user" in out


def test_breather_config_points_elsewhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "team.yaml"
    settings.write_text('support: "Call the staff line on 1234."\nmotoin: none\n')
    monkeypatch.setenv("BREATHER_CONFIG", str(settings))
    status, out, err = run(capsys, "plan", "going-home", "--json")
    assert status == 0
    assert "Call the staff line on 1234." in out
    assert f"{settings}:2:1: unknown key `motoin` in the settings; did you mean `motion`?" in err


def test_play_plain_runs_to_the_end_on_the_clock_it_is_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = FakeClock()
    status = main(["play", "cyclic-sigh", "--plain"], clock=clock)
    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines()[-1].startswith("[1:00] End")
    assert clock.now() - 1000.0 == pytest.approx(60.0)  # the session took its minute, instantly


def test_unexpected_errors_exit_one_with_a_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    def explode(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "cmd_list", explode)
    status, _, err = run(capsys, "list")
    assert status == 1
    assert "Traceback" not in err
    assert "something went wrong (RuntimeError: boom)" in err
    report = Path(err.split("a full report is in ")[1].strip())
    assert report.is_file()
    assert report.is_relative_to(isolated_home)
    assert "RuntimeError: boom" in report.read_text(encoding="utf-8")


# -- lengths: what is offered, and the lengths shown ------------------------------------------


@pytest.fixture
def offered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An organisation folder with a capped exercise offered at 1 and 2 minutes, and a doorway."""
    folder = tmp_path / "organisation"
    folder.mkdir()
    (folder / "relaxing.yaml").write_text(RELAXING, encoding="utf-8")
    (folder / "doorway.yaml").write_text(DOORWAY, encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    return folder


def holds_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("holds: false\n", encoding="utf-8")
    monkeypatch.setenv("BREATHER_CONFIG", str(settings))


def test_list_json_shows_lengths_and_the_length_played(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    offered: Path,
) -> None:
    (offered / "any.yaml").write_text("title: Any\nsteps:\n  - pause: 30\n", encoding="utf-8")
    holds_off(tmp_path, monkeypatch)
    status, out, err = run(capsys, "list", "--json")
    assert (status, err) == (0, "")
    listed = {item["id"]: item for item in json.loads(out)["exercises"]}
    relaxing, doorway = listed["relaxing"], listed["doorway"]
    assert relaxing["lengths"] == [1, 2]
    assert doorway["lengths"] == "as-written"
    assert listed["any"]["lengths"] is None
    assert relaxing["seconds"] == 14 + 4 * 19 + 30  # as written
    assert relaxing["played_seconds"] == 14 + 4 * 12 + 30  # holds off in the settings
    assert doorway["seconds"] == doorway["played_seconds"] == 29


@pytest.mark.usefixtures("offered")
def test_list_shows_the_length_played_with_holds_off(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: with holds off, box breathing was listed at its written length."""
    row = next(line for line in run(capsys, "list")[1].splitlines() if line.startswith("relax"))
    assert "about 2 min" in row
    holds_off(tmp_path, monkeypatch)
    row = next(line for line in run(capsys, "list")[1].splitlines() if line.startswith("relax"))
    assert "about 1.5 min" in row
    row = next(
        line for line in run(capsys, "--no-holds", "list")[1].splitlines() if "relax" in line
    )
    assert "about 1.5 min" in row


@pytest.mark.usefixtures("offered")
@pytest.mark.parametrize("command", ["plan", "play"])
def test_a_length_not_on_offer_is_refused_with_the_lengths_on_offer(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, out, err = run(capsys, command, "relaxing", "--minutes", "3")
    assert status == 2
    assert out == ""
    assert (
        err.splitlines()[-1] == "Relaxing breath is played at 1 or 2 minutes; asked for 3 minutes"
    )


class Terminal(io.StringIO):
    """Output that says it is a terminal, so `play` would open the full-screen UI."""

    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("offered")
def test_play_refuses_a_length_not_on_offer_before_opening_the_ui(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import breather.ui.app

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the UI was opened for a length that is not on offer")

    monkeypatch.setattr(breather.ui.app, "BreatherApp", never)
    monkeypatch.setenv("TERM", "xterm")
    out, err = Terminal(), io.StringIO()
    status = cli.run(["play", "relaxing", "--minutes", "3"], out, err, FakeClock())
    assert status == 2
    assert err.getvalue() == "Relaxing breath is played at 1 or 2 minutes; asked for 3 minutes\n"


@pytest.mark.usefixtures("offered")
def test_an_offered_length_keeps_the_cap_and_says_its_length(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for minutes, cycles in (("1", 1), ("2", 4)):
        status, out, _ = run(capsys, "plan", "relaxing", "--minutes", minutes, "--json")
        assert status == 0
        events = json.loads(out)["events"]
        assert sum(1 for event in events if event["phase"] == "in") == cycles
    status, out, _ = run(capsys, "plan", "relaxing", "--minutes", "2")
    assert "· fitted to 2 min" in out.splitlines()[0]
    status, out, _ = run(capsys, "play", "relaxing", "--minutes", "1", "--plain")
    assert status == 0
    title, _how, intro, *_ = out.splitlines()  # the start card's lines come first
    assert title.startswith("[0:00] Relaxing breath. About 1 min (1:00), fitted to 1 min")
    assert intro.startswith("[0:00] It takes about 1 minute. If today has")
    assert "{" not in out


@pytest.mark.usefixtures("offered")
def test_an_as_written_exercise_plans_as_written_within_the_time_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "plan", "doorway", "--minutes", "1")
    assert status == 0
    assert out.splitlines()[0] == "Doorway (doorway) · 0:29 · as written (asked for 1 min)"
    status, out, _ = run(capsys, "plan", "doorway", "--minutes", "0.5")
    assert status == 0
    assert out.splitlines()[0].endswith("· 0:29 · as written (asked for 0.5 min)")
    status, out, _ = run(capsys, "play", "doorway", "--minutes", "0.5", "--plain")
    assert status == 0
    assert out.splitlines()[-1].startswith("[0:29] End")


def test_a_length_outside_an_as_written_exercise_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "long-door.yaml").write_text(
        DOORWAY.replace("seconds: 17", "seconds: 47"), encoding="utf-8"
    )
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    status, _, err = run(capsys, "plan", "long-door", "--minutes", "0.5")
    assert status == 2
    assert err == "Doorway is played only as written, in 0:59; asked for 0.5 minutes\n"
