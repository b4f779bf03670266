"""The settings file: checked like an exercise, never fatal, defaults for what is wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from breather.errors import UserError
from breather.loader import load_text
from breather.settings import Settings, load_settings
from tests.unit.history_helpers import as_ordinary_user, reachable_folder


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "nowhere.yaml")
    assert loaded.settings == Settings()
    assert loaded.problems == []


def test_every_key_is_read(tmp_path: Path) -> None:
    loaded = load_settings(
        write(
            tmp_path,
            "motion: none\nholds: false\nbell: no\nhistory: false\ntimers: false\n"
            "theme: breather-contrast\nexercise_dirs: [/srv/a, ~/b]\n"
            "support: >\n  Call the staff line\n  on 1234.\n",
        )
    )
    assert loaded.problems == []
    settings = loaded.settings
    assert settings.motion == "none"
    assert (settings.holds, settings.bell, settings.history, settings.timers) == (
        False, False, False, False,
    )  # fmt: skip
    assert settings.theme == "breather-contrast"
    assert settings.exercise_dirs[0] == Path("/srv/a")
    assert settings.exercise_dirs[1] == Path.home() / "b"
    assert settings.support == "Call the staff line on 1234."


def test_bad_values_are_ignored_one_by_one_with_their_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "motion: wild\nholds: maybe\ntheme: pink\nexercise_dirs: 3\nsupport: 12\ntimers: false\n",
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings(timers=False)
    lines = sorted(problem.line or 0 for problem in loaded.problems)
    assert lines == [1, 2, 3, 4, 5]
    assert all(problem.message.endswith("using the default") for problem in loaded.problems)
    assert loaded.problems[0].render().startswith(f"{path}:1:9: motion: expected full")


def test_broken_yaml_gives_defaults_and_says_where(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, "motion: [full\n"))
    assert loaded.settings == Settings()
    assert loaded.problems[0].line == 2


def test_a_list_instead_of_a_mapping(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, "- motion: full\n"))
    assert loaded.settings == Settings()
    assert "mapping" in loaded.problems[0].message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_bytes("support: Caf\xe9\n".encode("latin-1"))
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert "not UTF-8" in loaded.problems[0].message


def test_a_mistake_reads_as_it_does_in_an_exercise_file(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, "support: 12\nbell: maybe\nmotoin: none\n"))
    exercise = "title: T\nsteps:\n  - text: 12\n    seconds: 5\n    bell: maybe\n"
    with pytest.raises(UserError) as caught:
        load_text(exercise, "e.yaml", file_id="e")
    in_exercise = {
        problem.message.split(": ", 1)[0]: problem.message.split(": ", 1)[1]
        for problem in caught.value.problems
    }
    assert [problem.message for problem in loaded.problems] == [
        f"support: {in_exercise['steps[0].text']}; using the default",
        f"bell: {in_exercise['steps[0].bell']}; using the default",
        "unknown key `motoin` in the settings; did you mean `motion`?",
    ]
    assert loaded.settings == Settings()


def test_folders_are_kept_as_written(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, 'exercise_dirs: ["/srv/Team  Two "]\n'))
    assert loaded.problems == []
    assert loaded.settings.exercise_dirs == (Path("/srv/Team  Two "),)


def test_a_file_over_one_mib_is_reported_not_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, "#" * (2 * 1024 * 1024))
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert [problem.render() for problem in loaded.problems] == [
        f"{path}:1:1: the file is 2.0 MiB; files over 1 MiB are not read"
    ]


def settings_seen(path: Path) -> object:
    loaded = load_settings(path)
    return {
        "defaults": loaded.settings == Settings(),
        "problems": [p.render() for p in loaded.problems],
    }


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_settings_folder_that_cannot_be_looked_into_gives_the_defaults_and_says_why() -> None:
    """A config folder the user may not enter: no crash, the defaults, and one line saying why."""
    with reachable_folder() as base:
        folder = base / "config"
        folder.mkdir()
        (folder / "settings.yaml").write_text("holds: false\n", encoding="utf-8")
        folder.chmod(0o000)  # nobody but root may look inside
        result = as_ordinary_user(lambda: settings_seen(folder / "settings.yaml"))
    assert isinstance(result, dict), result
    assert result["defaults"] is True
    (problem,) = result["problems"]
    assert "permission denied" in problem.lower()
