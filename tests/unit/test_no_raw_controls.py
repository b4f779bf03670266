"""Nothing raw reaches the screen: whatever files, names, settings, the environment and the user's
typing hold, no command writes an ESC, a BEL or a C1 control that is not breather's own.

The door (``test_control_characters.py``) refuses control characters in what a file says; these
tests cover what the door cannot guard (file and folder names, the environment, the command
line) and check the sinks themselves, with the door bypassed where that is the point.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.widget import Widget

from breather import cli
from breather.clock import FakeClock
from breather.errors import Problem, UserError
from breather.library import Library
from breather.loader import load_text
from breather.model import BreatheStep, BreathPhase, ChecklistStep, Exercise, PauseStep, TextStep
from breather.plain import play_plain
from breather.timeline import PlanOptions, plan
from breather.ui.app import BreatherApp
from breather.ui.control_filter import DropControlCharacters
from tests.conftest import PROJECT
from tests.terminal import Terminal, breather_environment, terminal

RAW = re.compile(r"[\x07\x1b\x80-\x9f]")
"""What must never be written: BEL, ESC and the C1 controls (CSI, OSC, ST... in 8-bit form)."""

ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
CONTROLS = st.characters(
    codec=None, categories=(), include_characters="\x00\x07\x08\r\x1b\x7f\x85\x9b\x9c\x9d"
)
HOSTILE_TEXT = st.lists(st.one_of(ANY_CHARACTER, CONTROLS), max_size=30).map("".join)
"""Arbitrary text, with the characters that drive terminals made common."""

OSC_TITLE = "\x1b]0;PWNED\x07"
GOOD_EXERCISE = """\
id: hostile-good
title: Good
intro: "Say \\u2067שלום\\u2069 softly."
steps:
  - text: "Arrive. {support}"
    seconds: 5
  - breathe: 4-6
    cycles: 1
    text: Slowly
  - checklist: [Log off, Wash hands]
    seconds: 5
  - pause: 5
    text: Rest.
"""


def written(text: str) -> str | None:
    """The first forbidden character in ``text``, for a readable failure."""
    found = RAW.search(text)
    return repr(text[max(found.start() - 30, 0) : found.end() + 30]) if found else None


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An organisation folder whose own name holds an escape sequence, full of hostile files,
    a settings file in a folder named likewise, and time that passes instantly."""
    org = tmp_path / f"org{OSC_TITLE}\x9b2J"
    org.mkdir()
    (org / "good.yaml").write_text(GOOD_EXERCISE, encoding="utf-8")
    (org / f"a{OSC_TITLE}.yaml").write_text("title: Name\nsteps:\n  - pause: 5\n")
    (org / "rtl\u202egpj.yaml").write_text("title: Direction\nsteps:\n  - pause: 5\n")
    with open(os.path.join(os.fsencode(org), b"c1\x9b.yaml"), "wb") as handle:
        handle.write(b"title: Byte\nsteps:\n  - pause: 5\n")
    (org / "escapes.yaml").write_text(
        'title: "Hi \\e]0;PWNED\\a"\n"ke\\x9by": 1\nsteps:\n  - text: "\\e[2J"\n    seconds: 5\n'
    )
    (org / "raw.yaml").write_bytes(b"title: Hi \x1b]0;PWNED\x07\nsteps:\n  - pause: 5\n")
    config = tmp_path / f"conf{OSC_TITLE}"
    config.mkdir()
    (config / "settings.yaml").write_text(
        'support: "Call \\e]52;c;cm0gLXJmIH4=\\a now"\n'
        'exercise_dirs: ["/srv/\\e]8;;http://evil\\e\\\\x"]\n'
        '"mo\\etion": none\n'
    )
    monkeypatch.setenv("BREATHER_PATH", str(org))
    monkeypatch.setenv("BREATHER_CONFIG", str(config / "settings.yaml"))
    return org


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["plan", "hostile-good"],
    ["plan", "hostile-good", "--json"],
    ["play", "hostile-good", "--plain"],
    ["play", "hostile-good"],  # not a terminal: falls back to the line player
    ["validate", "ORG"],
    ["validate", "ORG/escapes.yaml", "ORG/raw.yaml", f"ORG/a{OSC_TITLE}.yaml"],
    ["paths"],
    ["play", f"calm{OSC_TITLE}"],
    ["plan", "hostile-good", "--minutes", f"2{OSC_TITLE}"],
    ["list", f"\x1b[2J{OSC_TITLE}"],
    ["validate", f"missing{OSC_TITLE}.yaml"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(map(repr, c))[:60] for c in COMMANDS])
def test_no_command_writes_a_control_whatever_the_files_names_and_settings_hold(
    hostile: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.replace("ORG", str(hostile)) for arg in argv]
    status = cli.main(argv, clock=FakeClock())
    captured = capsys.readouterr()
    assert status in (0, 2), captured.err
    assert written(captured.out) is None, written(captured.out)
    assert written(captured.err) is None, written(captured.err)
    assert "Traceback" not in captured.err


def test_what_the_hostile_folder_shows_is_escaped_not_lost(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list"], clock=FakeClock()) == 0
    captured = capsys.readouterr()
    shown = "org\\x1b]0;PWNED\\x07\\x9b2J"
    assert f"{shown}/a\\x1b]0;PWNED\\x07.yaml: a file name cannot contain control" in captured.out
    assert f"{shown}/c1\\x9b.yaml: a file name cannot contain control characters" in captured.out
    assert "escapes.yaml:1:12: text cannot contain control characters" in captured.out
    assert "raw.yaml:1:11: text cannot contain control characters" in captured.out
    assert "rtl\u202e" not in captured.out  # a direction control in a name is shown as \u202e
    assert "settings.yaml:1:16: text cannot contain control characters" in captured.err
    assert "settings.yaml:3:4: a key cannot contain control characters" in captured.err
    assert cli.main(["list", "--json"], clock=FakeClock()) == 0
    listed = json.loads(capsys.readouterr().out)
    assert f"a{OSC_TITLE}.yaml" in {Path(p["path"]).name for p in listed["problems"]}


def test_the_plain_player_keeps_right_to_left_text_and_the_default_support_line(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["play", "hostile-good", "--plain"], clock=FakeClock()) == 0
    out = capsys.readouterr().out
    assert "[0:00] Say \u2067שלום\u2069 softly.\n" in out
    assert "Arrive. If today has weighed on you" in out
    assert "Call" not in out  # the refused support line was ignored


def test_the_crash_line_shows_the_error_escaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object) -> int:
        raise RuntimeError(f"bad {OSC_TITLE} value")

    monkeypatch.setattr(cli, "cmd_list", explode)
    assert cli.main(["list"], clock=FakeClock()) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: bad \\x1b]0;PWNED\\x07 value" in err
    assert written(err) is None
    for argv in (["--debug", "list"], ["list", "--debug"]):  # before or after the command
        assert cli.main(argv, clock=FakeClock()) == 1
        err = capsys.readouterr().err
        assert "Traceback" in err
        assert written(err) is None


# -- property tests: any text, through the loader, the error renderer and the plain player ----


def yaml_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string, every unusual character written as an escape."""
    parts = ['"']
    for character in text:
        code = ord(character)
        if 0x20 <= code < 0x7F and character not in '"\\':
            parts.append(character)
        elif code <= 0xFFFF:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    return "".join(parts) + '"'


def exercise_yaml(text: str, where: str, raw: bool) -> bytes:
    """An exercise with ``text`` placed at ``where``, escaped or written raw."""
    value = yaml_quoted(text) if not raw else '"' + text.replace("\\", "/").replace('"', "'") + '"'
    fields = {"title": "Calm", "intro": "Welcome.", "step": "Arrive.", "label": "In"}
    key = "text"
    if where == "key":
        key = value
    else:
        fields[where] = value
    document = (
        f"title: {fields['title']}\nintro: {fields['intro']}\nsteps:\n"
        f"  - {key}: {fields['step']}\n    seconds: 5\n"
        f"  - breathe:\n      - in: 4\n        label: {fields['label']}\n      - out: 4\n"
        "    cycles: 1\n"
    )
    return document.encode("utf-8", "surrogatepass")


@contextlib.contextmanager
def captured_streams() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


FILE_NAMES = st.text(
    st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=HOSTILE_TEXT,
    where=st.sampled_from(["title", "intro", "step", "label", "key"]),
    raw=st.booleans(),
    name=FILE_NAMES,
)
def test_any_text_in_a_file_never_reaches_the_output_raw(
    text: str, where: str, raw: bool, name: str
) -> None:
    data = exercise_yaml(text, where, raw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_bytes(data)
        with captured_streams() as (out, err):
            status = cli.run(["validate", str(path)], sys.stdout, sys.stderr, FakeClock())
            if status == 0:
                exercise = load_text(data.decode("utf-8"), str(path), file_id="x")
                play_plain(
                    plan(exercise), sys.stdout, clock=(clock := FakeClock()), sleep=clock.sleep
                )
    assert status in (0, 2)
    assert written(out.getvalue()) is None, written(out.getvalue())
    assert written(err.getvalue()) is None, written(err.getvalue())


@given(path=HOSTILE_TEXT, message=HOSTILE_TEXT, line=st.none() | st.integers(1, 99))
def test_the_error_renderer_never_writes_a_control(
    path: str, message: str, line: int | None
) -> None:
    problem = Problem(path, line, 3, message)
    assert written(problem.render()) is None
    assert written(UserError([problem, Problem("", None, None, message)]).render()) is None
    assert "\n" not in problem.render()


@settings(max_examples=40)
@given(typed=HOSTILE_TEXT)
def test_what_the_user_types_never_comes_back_raw(typed: str) -> None:
    for argv in (["play", typed or "x"], ["list", typed or "x"], ["validate", typed or "x"]):
        with captured_streams() as (out, err):
            cli.run(argv, sys.stdout, sys.stderr, FakeClock())
        assert written(out.getvalue() + err.getvalue()) is None, argv


@given(texts=st.lists(HOSTILE_TEXT, min_size=10, max_size=10))
def test_the_plain_player_never_writes_a_control_even_past_the_door(texts: list[str]) -> None:
    # Built in memory, so the loader's refusal is bypassed: the player's own sink must hold.
    exercise = Exercise(
        id="x",
        title=texts[0],
        intro=texts[1],
        outro=texts[2],
        steps=(
            TextStep(texts[3] or "t", 5, tally=2),
            BreatheStep(
                (BreathPhase("in", 4, texts[4]), BreathPhase("out", 4, "Out")), 1, texts[5]
            ),
            ChecklistStep((texts[6], "b"), texts[7], seconds=5),
            PauseStep(5, texts[8]),
        ),
    )
    timeline = plan(exercise, PlanOptions(support=texts[9]))
    out = io.StringIO()
    clock = FakeClock()
    play_plain(timeline, out, clock=clock, sleep=clock.sleep, wait_for_enter=lambda: None)
    assert written(out.getvalue()) is None, written(out.getvalue())


# -- the terminal UI ---------------------------------------------------------------------------


def test_the_ui_filter_drops_controls_and_keeps_every_width() -> None:
    style = Style(bold=True)
    segments = [Segment(f"Hi {OSC_TITLE}there\x9b2J", style), Segment(" ok")]
    kept = DropControlCharacters().apply(segments, Color(0, 0, 0))
    assert [segment.text for segment in kept] == ["Hi ]0;PWNEDthere2J", " ok"]
    assert kept[0].style == style
    assert sum(s.cell_length for s in kept) == sum(s.cell_length for s in segments)
    clean = [Segment("calm")]
    assert DropControlCharacters().apply(clean, Color(0, 0, 0)) is clean


HOSTILE_IN_MEMORY = Exercise(
    id="hostile",
    title=f"Calm{OSC_TITLE}",
    summary="sum\x9d0;PWNED\x9c",
    steps=(TextStep(f"Look {OSC_TITLE}\x1b[2J here", 30),),
)


async def test_no_widget_hands_a_control_to_the_terminal_even_past_the_door() -> None:
    app = BreatherApp(Library({"hostile": HOSTILE_IN_MEMORY}), start_with="hostile")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(isinstance(f, DropControlCharacters) for f in app.get_line_filters())
        await pilot.press("enter")
        await pilot.pause()
        drawn: list[str] = []
        for widget in app.screen.walk_children(Widget):
            region = widget.region
            if region.area:
                strips = widget.render_lines(region.reset_offset)
                drawn.extend(segment.text for strip in strips for segment in strip)
        shown = "".join(drawn)
        assert "Look" in shown
        assert written(shown) is None, written(shown)


@pytest.mark.slow
def test_a_real_terminal_keeps_its_title(tmp_path: Path) -> None:
    """An exercise whose text sets the window title (the door bypassed) leaves tmux's alone."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "osc.yaml").write_text(
        'title: "Title \\e]2;PWNED-TITLE\\a here"\n'
        'steps:\n  - text: "Step \\e]2;PWNED-STEP\\a text"\n    seconds: 30\n'
    )
    (folder / f"name{OSC_TITLE}.yaml").write_text("title: N\nsteps:\n  - pause: 5\n")
    injected = (
        "import sys\n"
        "import breather.yamlsafe as door\n"
        "door.control_problem = lambda *args, **kwargs: None  # the door left open on purpose\n"
        "from breather.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = breather_environment(tmp_path, PROJECT / "src") | {"BREATHER_PATH": str(folder)}
    with terminal([sys.executable, "-c", injected, "play", "osc"], env) as screen:
        before = title_of(screen)
        screen.wait_for("Enter to begin")
        screen.keys("Enter")
        screen.wait_for("Step ]2;PWNED-STEP text")
        assert title_of(screen) == before
        assert "PWNED" not in before
        screen.keys("q")
        screen.wait_for("You stopped")
        screen.keys("q")
        assert "EXIT=0" in screen.wait_for("EXIT=")
    with terminal([sys.executable, "-c", injected], env) as screen:
        before = title_of(screen)
        screen.wait_for("BETWEEN SESSIONS")
        screen.keys("End")  # the files that could not be loaded are listed last
        screen.wait_for("COULD NOT LOAD")
        # The problem's own words end the entry: the name above them, escaped, wraps where the
        # length of the test's folder puts it, so it is read only once the lines are joined.
        shown = screen.wait_for("rename the file")
        # The list's scrollbar stands at the end of some lines.
        unwrapped = "".join(line.strip().rstrip("▁▂▃▄▅▆▇█").strip() for line in shown.splitlines())
        assert "/name\\x1b]0;PWNED\\x07.yaml" in unwrapped, shown
        assert "Title ]2;PWNED-TITLE here" in shown
        assert title_of(screen) == before
        screen.keys("q")
        assert "EXIT=0" in screen.wait_for("EXIT=")


def title_of(screen: Terminal) -> str:
    """The title the program in the pane has given it (tmux's own until it sets one)."""
    return screen.tmux("display-message", "-p", "-t", screen.name, "#{pane_title}")
