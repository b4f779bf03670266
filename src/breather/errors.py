"""The one error type for the user's mistakes.

A problem in a file someone wrote (an exercise, the settings) or in what they typed on the command
line is a :class:`Problem`: where it is and what is wrong, in the words of the exercise format.
:class:`UserError` carries one or more problems; the command line prints them to stderr as
``FILE:LINE:COLUMN: message`` and the UI shows them in place. Anything else that goes wrong is a
bug, not the user's mistake, and takes a different path (see ``cli.py``).

This module must stay free of Textual and of any I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from breather.safetext import safe_text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, and where.

    Attributes:
        path: The file, as the user would recognise it; empty when no file is involved.
        line: 1-based line, or None when unknown.
        column: 1-based column, or None when unknown.
        message: What is wrong, in the format's words, with a hint where one helps.
    """

    path: str
    line: int | None
    column: int | None
    message: str

    def render(self) -> str:
        """The problem as one ``FILE:LINE:COLUMN: message`` line, safe to print.

        A file name, a value quoted in the message or what the user typed may hold control
        characters; they are shown as escapes (``\\x1b``), never written raw.
        """
        if not self.path:
            return safe_text(self.message)
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return safe_text(f"{where}: {self.message}")

    def as_json(self) -> dict[str, object]:
        """The problem as the ``list --json`` contract spells it."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class UserError(Exception):
    """The user's input is wrong: an invalid file, an unknown id, a bad option.

    Always carries at least one :class:`Problem`. Exit status 2 on the command line.
    """

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", None, None, problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("a UserError needs at least one problem")
        super().__init__("\n".join(problem.render() for problem in self.problems))

    def render(self) -> str:
        """Every problem, one per line."""
        return "\n".join(problem.render() for problem in self.problems)
