"""Every problem in a file is reported in one pass, a key given twice among them (issue 16).

A repeated key used to stop the check: fixing it revealed the next six mistakes, one round of
editing at a time. The first value is kept and the check reads on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.cli import main
from breather.errors import UserError
from breather.loader import load_text
from breather.settings import load_settings

SEVEN_MISTAKES = """\
title: Seven mistakes
tittle: Again
summary: [not, one, line]
steps:
  - text: Arrive.
    seconds: 0
  - breathe: 4-45
    cycles: 3
  - pause: 1:30
  - checklist: []
title: Twice
"""


def test_a_repeated_key_and_six_other_mistakes_are_all_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seven.yaml"
    path.write_text(SEVEN_MISTAKES, encoding="utf-8")
    status = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    places = [line.split(": ")[0].removeprefix(f"{path}:") for line in err.splitlines()[:-1]]
    assert places == ["2:1", "3:10", "6:14", "7:14", "9:12", "10:16", "11:1"]
    assert f"{path}:11:1: `title` is given twice in the same place (first on line 1)" in err
    assert err.splitlines()[-1] == "1 file with problems; nothing was changed."


def test_the_first_of_a_repeated_key_is_the_one_checked() -> None:
    text = "title: Fine\nsteps:\n  - pause: 5\nsteps: not a list\n"
    with pytest.raises(UserError) as raised:
        load_text(text, "f.yaml", file_id="f")
    assert [problem.render() for problem in raised.value.problems] == [
        "f.yaml:4:1: `steps` is given twice in the same place (first on line 2); keep one of them"
    ]


def test_a_repeated_setting_still_leaves_the_settings_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("motion: none\nmotion: basic\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.motion is None
    assert [problem.line for problem in loaded.problems] == [2]
