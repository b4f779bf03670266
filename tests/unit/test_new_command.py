"""``breather new NAME`` writes a first exercise that validates and plays (issue 16).

A newcomer's own exercise folder did not exist until made by hand, and nothing showed what to
put in it. ``new`` makes the folder, writes the commented starter named after NAME and prints
where; it never overwrites a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.cli import main
from breather.clock import FakeClock
from breather.loader import load_file


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), clock=FakeClock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def own_folder(home: Path) -> Path:
    return home / ".config" / "breather" / "exercises"


@pytest.mark.parametrize(
    ("name", "exercise_id", "title"),
    [
        ("Before the next client", "before-the-next-client", "Before the next client"),
        ("my-exercise", "my-exercise", "My exercise"),
        ("  Café   calme: 2  ", "cafe-calme-2", "Café calme: 2"),
        ("No", "no", "No"),  # quoted, so YAML does not read it as a yes/no value
    ],
)
def test_new_writes_a_starter_that_validates_and_plays(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, name: str, exercise_id: str, title: str
) -> None:
    folder = own_folder(isolated_home)
    assert not folder.exists()
    status, out, err = run(capsys, "new", name)
    path = folder / f"{exercise_id}.yaml"
    assert status == 0, err
    assert out == f"{path}\n"
    assert f"`breather play {exercise_id}` plays it" in err
    exercise = load_file(path)
    assert (exercise.id, exercise.title, exercise.origin) == (exercise_id, title, "user")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# {title}: an exercise for breather.")
    assert f"# Check it:  breather validate {path}\n" in text
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 0
    assert out.startswith(f"ok  {path}  ({exercise_id}, ")
    status, out, _ = run(capsys, "play", exercise_id, "--plain")
    assert status == 0
    assert out.splitlines()[0].startswith(f"[0:00] {title}")
    assert out.splitlines()[-1] == "[2:00] End. Welcome back."


def test_new_never_overwrites_a_file(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    folder = own_folder(isolated_home)
    folder.mkdir(parents=True)
    (folder / "calm.yaml").write_text("title: Mine\nsteps:\n  - pause: 5\n", encoding="utf-8")
    (folder / "quiet.yml").write_text("title: Also mine\nsteps:\n  - pause: 5\n", encoding="utf-8")
    for name, kept in (("Calm", "calm.yaml"), ("quiet", "quiet.yml")):
        before = (folder / kept).read_text(encoding="utf-8")
        status, out, err = run(capsys, "new", name)
        assert status == 2
        assert out == ""
        assert err == f"{folder / kept}: already exists; breather leaves it as it is\n"
        assert (folder / kept).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["calm.yaml", "quiet.yml"]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("!!", "`!!` has no letters or digits to make an id from"),
        ("שלום", "has no letters or digits to make an id from"),
        ("calm\x1b]0;x\x07", "a name cannot contain control characters (found U+001B ESCAPE)"),
        ("x" * 101, "a title has at most 100 characters"),
    ],
)
def test_a_name_that_cannot_make_an_exercise_is_refused(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, name: str, says: str
) -> None:
    status, out, err = run(capsys, "new", name)
    assert status == 2
    assert out == ""
    assert says in err
    assert "\x1b" not in err
    assert not own_folder(isolated_home).exists()


def test_new_says_when_it_replaces_a_built_in(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "Longer out-breath")
    assert status == 0
    assert err.startswith(
        "It replaces the built-in exercise `longer-out-breath` while it is there."
    )


def test_new_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "new write a starter exercise to edit, in your own folder" in " ".join(out.split())
