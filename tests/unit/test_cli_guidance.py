"""What a newcomer is told when something is not as expected (issue 16).

Each test here failed before the fix it names: a bad option answered with argparse's whole
usage, ``paths`` without the error-report folder, a broken file taken for a missing id, a dangling
link in an exercise folder skipped without a word.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from breather import cli
from breather.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("argv", "prog", "says"),
    [
        (["plan", "x", "--minutes", "ten"], "breather plan", "expected a number of minutes"),
        (["play", "x", "--minutes", "99"], "breather play", "choose from 0.5 to 30 minutes"),
        (["plan", "x", "--motion", "wild"], "breather plan", "invalid choice: 'wild'"),
        (["frobnicate"], "breather", "invalid choice: 'frobnicate'"),
        (["play"], "breather play", "the following arguments are required: id"),
        (["list", "--fast"], "breather", "unrecognized arguments: --fast"),
    ],
)
def test_a_bad_option_is_one_line_with_a_pointer_to_help(
    capsys: pytest.CaptureFixture[str], argv: list[str], prog: str, says: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err  # one line, not the usage first
    assert err.startswith(f"{prog}: ")
    assert says in err
    assert err.rstrip().endswith(f"(`{prog} --help` shows the options)")
    assert "usage:" not in err


def test_paths_names_the_error_report_folder_where_reports_are_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    status, out, _ = run(capsys, "paths")
    assert status == 0
    shown = next(line for line in out.splitlines() if line.startswith("error reports:"))
    folder = Path(shown.removeprefix("error reports:").split("  (")[0].strip())
    assert folder == isolated_home / ".local" / "share" / "breather" / "reports"
    assert shown.endswith("(not created yet)")

    def explode(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "cmd_list", explode)
    run(capsys, "list")
    (report,) = folder.glob("breather-error-*.txt")  # where paths said it goes
    if sys.platform != "win32":  # for the user alone, on a shared machine too
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    _, out, _ = run(capsys, "paths")
    assert f"error reports:   {folder}\n" in out


BROKEN = "title: Mine\nsteps:\n  - breathe: 4-45\n    cycles: 2\n  - text: No\n    seconds: 5\n"


@pytest.mark.parametrize("command", ["play", "plan"])
def test_an_id_whose_file_failed_to_load_says_so_with_its_first_problem(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, command: str
) -> None:
    mine = isolated_home / ".config" / "breather" / "exercises"
    mine.mkdir(parents=True)
    (mine / "my-exercise.yaml").write_text(BROKEN, encoding="utf-8")
    status, out, err = run(capsys, command, "my-exercise")
    assert status == 2
    assert out == ""
    assert err == (
        f"{mine}/my-exercise.yaml:3:14: `my-exercise` could not be loaded from this file: "
        "steps[0].breathe: a phase lasts 1–30 seconds, got 45 (out) "
        f"(and 1 more: `breather validate {mine}/my-exercise.yaml`)\n"
    )


def test_an_unknown_id_with_no_file_is_still_told_as_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "play", "my-exercise")
    assert status == 2
    assert err.startswith("no exercise has the id `my-exercise`")


def test_a_link_to_nowhere_in_an_exercise_folder_is_listed_as_a_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "gone.yaml").symlink_to(tmp_path / "moved" / "gone.yaml")
    (team / "here.yaml").write_text("title: Here\nsteps:\n  - pause: 5\n", encoding="utf-8")
    monkeypatch.setenv("BREATHER_PATH", str(team))
    said = f"{team}/gone.yaml: a link to {tmp_path}/moved/gone.yaml, which does not exist"
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert f"  {said} (or cannot be reached)\n" in out
    assert "\nhere " in out
    for target in (team, team / "gone.yaml"):
        status, _, err = run(capsys, "validate", str(target))
        assert status == 2
        assert said in err


def test_the_renamed_breathing_space_names_its_new_id_not_a_guess(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Fuzzy matching alone suggests `three-minute-breathing-space`, a different practice.
    for command in ("play", "plan"):
        status, out, err = run(capsys, command, "breathing-space")
        assert (status, out) == (2, "")
        assert err == (
            "no exercise has the id `breathing-space`: it was renamed `longer-out-breath` "
            "(the same practice and times), so use `longer-out-breath` instead\n"
        )
    status, _, _ = run(capsys, "plan", "longer-out-breath")
    assert status == 0


def test_an_include_of_the_renamed_id_names_the_new_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "mine.yaml").write_text(
        "title: Mine\nsteps:\n  - include: breathing-space\n", encoding="utf-8"
    )
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    status, _, err = run(capsys, "plan", "mine")
    assert status == 2
    assert err.startswith(f"{tmp_path}/mine.yaml:3:14: `mine` could not be loaded")
    assert (
        "steps[0].include: no exercise has the id `breathing-space`; it was renamed "
        "`longer-out-breath`; the ids are: "
    ) in err


def test_a_folder_of_ones_own_may_still_use_the_old_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "breathing-space.yaml").write_text(
        "title: Our breathing space\nsteps:\n  - pause: 5\n", encoding="utf-8"
    )
    monkeypatch.setenv("BREATHER_PATH", str(tmp_path))
    status, out, _ = run(capsys, "plan", "breathing-space")
    assert status == 0
    assert "Our breathing space" in out


@pytest.mark.parametrize("term", ["dumb", "xterm-256color"])
def test_where_the_library_cannot_open_the_list_says_how_to_play_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """TERM=dumb, or output that is not a terminal (as here): the list, then what to do next."""
    monkeypatch.setenv("TERM", term)
    status, out, err = run(capsys)
    assert status == 0
    assert "cyclic-sigh" in out
    assert "breather play" not in out  # the list alone on standard output, for scripts
    assert err.splitlines() == [
        "This terminal cannot show the full-screen library; here is the list.",
        "To play one line by line: breather play ID (for example, breather play cyclic-sigh).",
    ]
