"""The web page of the whole library, printed by a real browser on A4 and on Letter.

Headless Chromium prints ``breather export --all --format html`` to PDF; ``pdftotext`` then finds
every step's words and every source in it, and its word boxes show that nothing runs off the
paper. One print per paper size covers every built-in exercise. A picture of the first page is
kept under the test's folder for a person to look at (its path is printed; ``pytest -s``).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from breather.cli import main
from breather.export import paragraphs, said
from breather.lead import invitation
from breather.library import load_library
from breather.model import (
    DEFAULT_SUPPORT,
    CheckInStep,
    ChecklistStep,
    RecallStep,
    WriteStep,
    substitute,
)
from breather.settings import Settings
from tests.browser.chromium import chromium
from tests.conftest import require_tool

PAPER = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}
"""Each paper size in PDF points, as Chromium writes it."""

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def normal(text: str) -> str:
    """Text as compared: ligatures undone, every run of white space (and page breaks) one space,
    and no hyphens: where the browser breaks a line after "in-" of "in-breath", pdftotext joins
    the halves as "inbreath", so hyphens are left out on both sides."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("-", "").split())


def every_printed_phrase() -> dict[str, list[str]]:
    """Each built-in exercise's step words, checklist items and source, as the page shows them.

    Step words as said to a room: a sentence naming a key ("press space to pause") is left out.
    """
    library = load_library(Settings())
    phrases: dict[str, list[str]] = {}
    for exercise in library.exercises.values():
        timeline = library.plan(exercise, minutes=None, holds=True, support=DEFAULT_SUPPORT)
        found: list[str] = []
        for planned in timeline.steps:
            step = planned.step
            if isinstance(step, CheckInStep | WriteStep | RecallStep):
                found.extend(paragraphs(invitation(step)))
            else:
                found.extend(said(step.text or ""))
            if isinstance(step, ChecklistStep):
                found.extend(step.items)
        found.extend(paragraphs(substitute(exercise.source, DEFAULT_SUPPORT)))
        assert found, exercise.id
        phrases[exercise.id] = [normal(phrase) for phrase in found]
    return phrases


@pytest.fixture
def library_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["export", "--all", "--format", "html"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_every_exercise_prints_with_every_steps_words_on_the_page(
    tmp_path: Path, library_page: str, paper: str
) -> None:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    # The page leaves the paper size to the printer; here the printer is told which.
    page = tmp_path / "library.html"
    chosen = f"<style>@page {{ size: {paper}; }}</style>\n</head>"
    page.write_text(library_page.replace("</head>", chosen, 1), encoding="utf-8")
    pdf = tmp_path / f"library-{paper}.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())

    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = normal(text)
    missing = {
        exercise_id: [phrase for phrase in phrases if phrase not in printed]
        for exercise_id, phrases in every_printed_phrase().items()
    }
    assert {key: value for key, value in missing.items() if value} == {}

    boxes = subprocess.run(
        [pdftotext, "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = {(round(float(w)), round(float(h))) for w, h in _PAGE.findall(boxes)}
    width, height = PAPER[paper]
    assert sizes == {(round(width), round(height))}  # every page is the paper asked for
    words = _WORD.findall(boxes)
    assert len(words) > 2000
    off_the_paper = [
        word for x0, y0, x1, y1, word in words if float(x0) < 0 or float(x1) > width
        or float(y0) < 0 or float(y1) > height
    ]  # fmt: skip
    assert off_the_paper == []

    picture = tmp_path / f"first-page-{paper}"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(picture)],
        check=True,
    )
    png = picture.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"first page on {paper}: {png}")
