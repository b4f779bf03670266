"""What a newcomer is told when something is not as expected (issue 16).

Each test here failed before the fix it names: a bad option answered with argparse's whole
usage, ``paths`` without the error-report folder, a broken file taken for a missing id, a dangling
link in an exercise folder skipped without a word.
"""

from __future__ import annotations

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
    assert len(list(folder.glob("breather-error-*.txt"))) == 1  # where paths said it goes
    _, out, _ = run(capsys, "paths")
    assert f"error reports:   {folder}\n" in out
