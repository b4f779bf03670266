"""Refused at the door: control characters and stray direction controls in files and settings.

Every key and every text value is checked where YAML becomes values (``yamlsafe.py``), so the
exercise files and the settings file share one rule; the names of things (titles, ids, tags)
refuse direction controls altogether (``loader.py``); a file whose name holds a control
character is never read (``library.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.cli import main
from breather.errors import UserError
from breather.library import load_folders, search_path
from breather.loader import load_text
from breather.settings import Settings, load_settings
from breather.yamlsafe import YamlReadError, parse

OSC_TITLE = "\x1b]0;x\x07"
TAIL = "steps:\n  - text: Hello.\n    seconds: 10\n"


def problems_in(text: str) -> list[str]:
    """Every problem ``load_text`` finds, rendered as the command line prints them."""
    with pytest.raises(UserError) as raised:
        load_text(text, "f.yaml", file_id="f")
    return [problem.render() for problem in raised.value.problems]


def test_validate_refuses_an_osc_sequence_with_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "osc.yaml"
    path.write_text('title: Hello\nsteps:\n  - text: "Hi \\e]0;x\\a"\n    seconds: 5\n')
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    first = captured.err.splitlines()[0]
    assert first == (
        f"{path}:3:15: text cannot contain control characters (found U+001B ESCAPE); remove it"
    )
    assert all(ch == "\n" or ch >= " " for ch in captured.err)


@pytest.mark.parametrize(
    ("escape", "named"),
    [
        ("\\e", "U+001B ESCAPE"),
        ("\\a", "U+0007 BELL"),
        ("\\b", "U+0008 BACKSPACE"),
        ("\\r", "U+000D CARRIAGE RETURN"),
        ("\\x7f", "U+007F DELETE"),
        ("\\x9b", "U+009B CONTROL SEQUENCE INTRODUCER"),
        ("\\x9d", "U+009D OPERATING SYSTEM COMMAND"),
        ("\\N", "U+0085 NEXT LINE"),
        ("\\u0090", "U+0090 DEVICE CONTROL STRING"),
        ("\\0", "U+0000 NULL"),
    ],
)
def test_every_kind_of_control_escape_is_refused_and_named(escape: str, named: str) -> None:
    found = problems_in(f'title: "Calm {escape}"\n{TAIL}')
    assert found == [
        f"f.yaml:1:14: text cannot contain control characters (found {named}); remove it"
    ]


@pytest.mark.parametrize(
    ("yaml_text", "line", "column"),
    [
        ('id: "a\\eb"\ntitle: T\n' + TAIL, 1, 7),
        ('title: T\nsummary: "\\x9b2J"\n' + TAIL, 2, 11),
        ('title: T\nintro: "ok\\n\\n  then \\e[2J"\n' + TAIL, 2, 22),
        ('title: T\ntags: [calm, "x\\e"]\n' + TAIL, 2, 16),
        ('title: T\nsteps:\n  - text: Hi\n    seconds: 5\n  - pause: 5\n    text: "\\a"\n', 6, 12),
        ('title: T\nsteps:\n  - checklist: [a, "b\\e]8;;http://x\\e\\\\"]\n', 3, 22),
        (
            'title: T\nsteps:\n  - breathe:\n      - in: 4\n        label: "\\e"\n    cycles: 1\n',
            5,
            17,
        ),
        ('title: T\nsteps:\n  - include: "x\\e"\n', 3, 16),
        ("title: T\nsource: |\n  line one\n  line \x85two\n" + TAIL, 4, 8),
    ],
)
def test_every_text_field_is_checked_at_the_characters_own_place(
    yaml_text: str, line: int, column: int
) -> None:
    found = problems_in(yaml_text)
    assert len(found) == 1, found
    assert found[0].startswith(f"f.yaml:{line}:{column}: text cannot contain control characters")


def test_a_key_holding_an_escape_is_refused_without_echoing_it() -> None:
    found = problems_in(f'title: T\n"tit\\e]0;x\\ale": x\n{TAIL}')
    assert found == [
        "f.yaml:2:5: a key cannot contain control characters (found U+001B ESCAPE); remove it"
    ]


def test_a_value_used_twice_through_an_alias_is_reported_once() -> None:
    found = problems_in(f'title: &t "T\\e"\nsummary: *t\n{TAIL}')
    assert len(found) == 1


def test_raw_control_bytes_are_placed_and_named_before_yaml_reads_them() -> None:
    for raw, named in (("\x1b", "U+001B ESCAPE"), ("\x9b", "U+009B CONTROL SEQUENCE INTRODUCER")):
        with pytest.raises(YamlReadError) as raised:
            parse(f"title: T\nintro: caf\u00e9 {raw}[2J\n", "f.yaml")
        (problem,) = raised.value.problems
        assert problem.render() == (
            f"f.yaml:2:13: text cannot contain control characters (found {named}); remove it"
        )


def test_a_raw_next_line_is_a_c1_control_not_a_line_break() -> None:
    found = problems_in(f"title: Calm\x85place\n{TAIL}")
    assert found == [
        "f.yaml:1:12: text cannot contain control characters (found U+0085 NEXT LINE); remove it"
    ]


def test_a_character_yaml_does_not_allow_is_named_too() -> None:
    with pytest.raises(YamlReadError) as raised:
        parse("title: a\ufffe\n", "f.yaml")
    assert raised.value.problems[0].render() == (
        "f.yaml:1:9: the file holds a character YAML does not allow (U+FFFE)"
    )


def test_tabs_and_line_breaks_written_as_escapes_are_still_text() -> None:
    exercise = load_text(f'title: T\nintro: "one\\ttwo\\nthree"\n{TAIL}', "f.yaml", file_id="f")
    assert exercise.intro == "one two\n\nthree"


# -- direction controls ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yaml_text",
    [
        'title: "Calm \\u202eplace\\u202c"\n' + TAIL,
        'id: "calm\\u2066x\\u2069"\ntitle: T\n' + TAIL,
        'title: T\ntags: ["\\u2067x\\u2069"]\n' + TAIL,
        'title: T\nsummary: "\\u202bx\\u202c"\n' + TAIL,
    ],
)
def test_names_refuse_any_direction_control_with_a_hint(yaml_text: str) -> None:
    (found,) = problems_in(yaml_text)
    assert "cannot contain direction controls (found U+" in found
    assert "they can make one name look like another; remove it" in found


def test_a_lone_override_in_a_title_is_refused_too() -> None:
    (found,) = problems_in(f'title: "txt.exe\\u202e"\n{TAIL}')
    assert found.startswith("f.yaml:1:16: a direction control is left open (found U+202E")


def test_longer_texts_allow_balanced_direction_controls() -> None:
    exercise = load_text(
        f'title: T\nintro: "Say \\u2067שלום\\u2069 softly."\n{TAIL}', "f.yaml", file_id="f"
    )
    assert exercise.intro == "Say \u2067שלום\u2069 softly."


def test_longer_texts_refuse_unbalanced_direction_controls_at_their_place() -> None:
    found = problems_in(f'title: T\nintro: "Fine. \\u202eevil"\n{TAIL}')
    assert found == [
        "f.yaml:2:15: a direction control is left open (found U+202E RIGHT-TO-LEFT OVERRIDE "
        "with no U+202C POP DIRECTIONAL FORMATTING after it on the same line); "
        "close it or remove it"
    ]


def test_a_key_may_hold_no_direction_control() -> None:
    (found,) = problems_in(f'title: T\n"\\u2067x\\u2069": 1\n{TAIL}')
    assert found.startswith("f.yaml:2:2: a key cannot contain direction controls")


def test_hebrew_and_arabic_exercises_load() -> None:
    hebrew = load_text(
        "id: hebrew\ntitle: נשימה עמוקה\nsummary: שלוש דקות של נשימה\ntags: [נשימה]\n"
        "intro: אפשר לעצור בכל רגע.\nsteps:\n  - text: שימו לב לנשימה.\n    seconds: 10\n"
        "  - breathe: 4-6\n    cycles: 2\n    text: לאט\n",
        "he.yaml",
    )
    assert hebrew.title == "נשימה עמוקה"
    arabic = load_text(
        "title: تنفس ببطء\nintro: يمكنك التوقف في أي وقت.\nsteps:\n"
        "  - checklist: [أغلق الحاسوب, اغسل يديك]\n",
        "ar.yaml",
        file_id="arabic",
    )
    assert arabic.title == "تنفس ببطء"


# -- the settings file -------------------------------------------------------------------------


def test_a_settings_value_with_an_escape_is_ignored_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(
        'bell: false\nsupport: "Call \\e]0;x\\a 1234"\nexercise_dirs:\n'
        '  - /srv/ok\n  - "/srv/\\x9bbad"\ntheme: breather-light\n'
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings(
        bell=False, theme="breather-light", exercise_dirs=(Path("/srv/ok"),)
    )
    rendered = [problem.render() for problem in loaded.problems]
    assert rendered == [
        f"{path}:2:16: text cannot contain control characters (found U+001B ESCAPE); "
        "remove it (until then it is ignored)",
        f"{path}:5:11: text cannot contain control characters (found U+009B CONTROL SEQUENCE "
        "INTRODUCER); remove it (until then it is ignored)",
    ]


def test_a_settings_key_with_an_escape_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text('"hol\\eds": false\nholds: false\n')
    loaded = load_settings(path)
    assert loaded.settings.holds is False
    assert [p.line for p in loaded.problems] == [1]
    assert "a key cannot contain control characters" in loaded.problems[0].message


def test_a_support_line_with_an_escape_never_reaches_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text('support: "\\e]52;c;cm0gLXJmIH4=\\a"\n')
    monkeypatch.setenv("BREATHER_CONFIG", str(settings))
    assert main(["plan", "going-home"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert f"{settings}:1:11: text cannot contain control characters" in captured.err


# -- file names --------------------------------------------------------------------------------


def test_a_file_whose_name_holds_an_escape_is_listed_escaped_and_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / f"a{OSC_TITLE}.yaml").write_text("title: Looks fine\n" + TAIL)
    (folder / "calm.yaml").write_text("title: Calm\n" + TAIL)
    monkeypatch.setenv("BREATHER_PATH", str(folder))
    library = load_folders(search_path(Settings()))
    assert "calm" in library.exercises
    assert all(exercise.title != "Looks fine" for exercise in library.exercises.values())
    (problem,) = library.problems
    assert problem.render() == (
        f"{folder}/a\\x1b]0;x\\x07.yaml: a file name cannot contain control characters "
        "(found U+001B ESCAPE); rename the file"
    )
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"  {folder}/a\\x1b]0;x\\x07.yaml: a file name cannot contain" in out
    assert "\x1b" not in out
