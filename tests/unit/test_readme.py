"""The README's examples are run, in order, as a newcomer would follow them (issue 16).

Conventions, so the README can be checked without guessing:

- A fenced block marked ``console`` holds commands and what they print. A line starting with
  ``$ breather`` is a command; the lines after it, up to the next command or the end of the
  block, are what it prints (stdout and stderr together, as a terminal shows them). ``~`` stands
  for the home folder, in commands and in output. A line ``...`` stands for any lines, and
  ``...`` inside a line for any text (a folder that depends on the installation, say).
- A ``yaml`` block that comes right after a console block ending in ``breather new NAME`` shows
  the file that command writes.
- In ``sh`` blocks, every line starting with ``breather `` is run and must succeed, with nothing
  said on stderr; other lines (``make``, ``python3 breather.pyz``, ``pip``) are not run here.

Every block runs through :func:`breather.cli.main` with a fake clock (a session plays at once),
in one fresh home folder for the whole README, top to bottom, so a later example may use what an
earlier one made. Every difference is reported at once.
"""

from __future__ import annotations

import io
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from breather.cli import main
from breather.clock import FakeClock
from tests.conftest import PROJECT

README = PROJECT / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One fenced block of the README."""

    kind: str
    body: str
    line: int


@dataclass(frozen=True)
class Command:
    """A command shown in a console block, and what the README says it prints."""

    typed: str
    expected: list[str]
    line: int


def blocks(text: str) -> list[Block]:
    return [
        Block(found.group(1), found.group(2), text.count("\n", 0, found.start()) + 1)
        for found in _FENCE.finditer(text)
    ]


def commands(block: Block) -> list[Command]:
    found: list[Command] = []
    for offset, line in enumerate(block.body.splitlines(), start=1):
        if line.startswith("$ "):
            found.append(Command(line[2:], [], block.line + offset))
        else:
            assert found, f"README.md:{block.line + offset}: output before any `$ breather` line"
            found[-1].expected.append(line)
    return found


def pattern(expected: list[str]) -> re.Pattern[str]:
    """What the README shows, as a pattern: ``...`` lines and ``...`` in a line match anything."""
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


class Terminal:
    """Runs commands as a person's shell would, in a home folder of its own."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.home = home
        self.monkeypatch = monkeypatch

    def run(self, typed: str) -> tuple[int, str, str]:
        """The exit status, what was shown (stdout and stderr as they came) and stderr alone."""
        words = shlex.split(typed)
        assert words[0] == "breather", typed
        argv = [str(self.home) + word[1:] if word.startswith("~/") else word for word in words]
        shown = io.StringIO()
        errors = _Tee(shown)
        self.monkeypatch.setattr(sys, "stdout", shown)
        self.monkeypatch.setattr(sys, "stderr", errors)
        try:
            status = main(argv[1:], clock=FakeClock())
        finally:
            self.monkeypatch.undo()
        return status, self.tilde(shown.getvalue()), self.tilde(errors.alone.getvalue())

    def tilde(self, text: str) -> str:
        lines = text.replace(str(self.home), "~").splitlines()
        return "".join(line.rstrip() + "\n" for line in lines)


class _Tee(io.StringIO):
    """stderr: written where stdout goes, in order, and kept alone too."""

    def __init__(self, shown: io.StringIO) -> None:
        super().__init__()
        self.shown = shown
        self.alone = io.StringIO()

    def write(self, text: str) -> int:
        self.alone.write(text)
        return self.shown.write(text)


def test_the_readme_examples_say_what_the_program_says(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    terminal = Terminal(isolated_home, pytest.MonkeyPatch())
    found = blocks(README.read_text(encoding="utf-8"))
    differences: list[str] = []
    checked = 0
    written: Path | None = None
    for block in found:
        if block.kind == "yaml" and written is not None:
            shown = terminal.tilde(written.read_text(encoding="utf-8"))
            if shown != block.body:
                differences.append(f"README.md:{block.line}: not what `new` wrote:\n{shown}")
            checked += 1
        written = None
        if block.kind == "console":
            for command in commands(block):
                status, shown, _ = terminal.run(command.typed)
                checked += 1
                if not pattern(command.expected).fullmatch(shown):
                    differences.append(
                        f"README.md:{command.line}: $ {command.typed}\n(exit {status}) {shown}"
                    )
                if command.typed.startswith("breather new "):
                    name = shlex.split(command.typed)[2]
                    written = _new_file(isolated_home, name)
        elif block.kind == "sh":
            for offset, line in enumerate(block.body.splitlines(), start=1):
                typed = line.split("#")[0].strip()
                if not typed.startswith("breather "):
                    continue
                status, _, errors = terminal.run(typed)
                checked += 1
                if status != 0 or errors:
                    differences.append(
                        f"README.md:{block.line + offset}: {typed}: exit {status}\n{errors}"
                    )
    assert checked >= 10, "the README's examples were not found; has the convention changed?"
    assert differences == [], "\n\n".join(differences)


def _new_file(home: Path, name: str) -> Path:
    from breather.starter import exercise_id

    return home / ".config" / "breather" / "exercises" / f"{exercise_id(name)}.yaml"


def test_the_pattern_matches_as_the_convention_says() -> None:
    assert pattern(["a", "...", "z"]).fullmatch("a\nb\nc\nz\n")
    assert pattern(["a", "...", "z"]).fullmatch("a\nz\n")
    assert pattern(["  built-in      .../exercises"]).fullmatch("  built-in      /x/y/exercises\n")
    assert not pattern(["a", "z"]).fullmatch("a\nb\nz\n")
    assert not pattern(["a (1+1)"]).fullmatch("a 2\n")
