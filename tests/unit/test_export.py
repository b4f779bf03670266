"""On paper: `breather export` as Markdown, a self-contained web page and plain text."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from breather.cli import main
from breather.export import FORMATS, handout, render, to_html, to_markdown, to_text
from breather.lead import aloud
from breather.model import BreatheStep, BreathPhase, ChecklistStep, Exercise, PauseStep, TextStep
from breather.timeline import PlanOptions, plan
from tests.conftest import PROJECT

SUPPORT = "Call the staff line on 1234."

HOSTILE = Exercise(
    id="hostile",
    title="<script>alert(1)</script> *Calm* [link](http://example.org)",
    summary="A & B </p><img src=x onerror=alert(1)>",
    intro="# Not a heading\n\n1. Not a list",
    outro="Welcome back. {support}",
    safety='Stop any time "quoted" <b>not bold</b>.',
    source="Written for the tests | with a pipe.",
    steps=(
        TextStep("<style>body{display:none}</style> Arrive.", 10, tally=3),
        BreatheStep((BreathPhase("in", 4, "Breathe in"), BreathPhase("out", 6, "Breathe out")), 2),
        ChecklistStep(("Log <off>", "Wash_hands_"), "Close the day."),
        PauseStep(5, "Rest `here`."),
    ),
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def built_in_ids() -> list[str]:
    return sorted(path.stem for path in (PROJECT / "exercises").glob("*.yaml"))


class PageReader(HTMLParser):
    """Collects a page's tags, attributes and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        self._in_style = tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    return reader


# -- what a handout holds -----------------------------------------------------------------------


def test_a_handout_has_every_part_in_order_with_times_and_breaths_in_words() -> None:
    timeline = plan(HOSTILE, PlanOptions(support=SUPPORT))
    sheet = handout(timeline, SUPPORT)
    assert sheet.length == "About 35 s (0:35), 4 steps, 1 of them waiting for the group"
    assert [row.at for row in sheet.rows] == [0.0, 10.0, 30.0, 30.0]
    breath = sheet.rows[1]
    assert breath.notes == (
        "Breathe in for 4 seconds, out for 6 seconds: two breaths (0:20).",
        "Count aloud, a word a second: in, two, three, four · out, two, three, four, five, six.",
    )
    assert sheet.rows[0].notes == ("Leave time to notice three.",)
    assert sheet.rows[2].items == ("Log <off>", "Wash_hands_")
    assert sheet.rows[3].notes == ("Quiet for 5 seconds.",)
    assert sheet.outro == (f"Welcome back. {SUPPORT}",)
    assert sheet.intro == ("# Not a heading", "1. Not a list")
    assert sheet.support == SUPPORT


def test_choices_are_honoured_and_said() -> None:
    box = Exercise(
        id="box",
        title="Box",
        steps=(
            BreatheStep(
                tuple(
                    BreathPhase(kind, 4, label)  # type: ignore[arg-type]
                    for kind, label in (
                        ("in", "Breathe in"),
                        ("hold", "Hold"),
                        ("out", "Breathe out"),
                    )
                ),
                10,
            ),
        ),
    )
    sheet = handout(plan(box, PlanOptions(minutes=1, no_holds=True, support=SUPPORT)), SUPPORT)
    assert sheet.remarks == ("Fitted to 1 minute.", "Breath holds are left out.")
    assert (
        sheet.rows[0].notes[0]
        == "Breathe in for 4 seconds, out for 4 seconds: eight breaths (1:04)."
    )
    assert "hold" not in " ".join(sheet.rows[0].notes)


def test_paper_leaves_out_keys_but_keeps_the_safety_note_whole() -> None:
    held = Exercise(
        id="held",
        title="Held",
        intro="Two holds in each breath. Press h on this card to switch them off.",
        safety="If you feel lightheaded, press space to pause and breathe as usual.",
        steps=(
            BreatheStep((BreathPhase("in", 4, "Breathe in"), BreathPhase("hold", 2, "Hold")), 3),
        ),
    )
    sheet = handout(plan(held, PlanOptions(support=SUPPORT)), SUPPORT)
    assert sheet.intro == ("Two holds in each breath.",)
    assert sheet.safety == (
        "If you feel lightheaded, press space to pause and breathe as usual.",
    )  # a safety note is never cut: the leader reads it for themselves
    assert sheet.remarks == (
        "Breath holds are in; export with --no-holds for a copy without them.",
    )


# -- every format shows the words as written, and lets none of them act ------------------------


def test_the_web_page_escapes_every_word_and_fetches_nothing() -> None:
    page = to_html([handout(plan(HOSTILE, PlanOptions(support=SUPPORT)), SUPPORT)])
    reader = read_page(page)
    # Only the page's own tags: nothing from a file became a tag or an attribute.
    assert set(reader.tags) <= {
        "html", "head", "meta", "title", "style", "body", "main", "article", "h1", "h2", "p",
        "section", "ol", "ul", "li", "span", "div",
    }  # fmt: skip
    assert not any(name.startswith("on") for name, _ in reader.attributes)
    assert "script" not in reader.tags
    assert "img" not in reader.tags
    # Nothing to fetch: no link, script, image or frame, no address but the page's own anchors,
    # no font or import in the styles; and a policy that forbids fetching anything.
    assert not {"link", "script", "img", "iframe", "object", "embed"} & set(reader.tags)
    assert [name for name, _ in reader.attributes if name in ("src", "srcset", "action")] == []
    hrefs = [value or "" for name, value in reader.attributes if name == "href"]
    assert all(href.startswith("#") for href in hrefs)
    style = page.split("<style>")[1].split("</style>")[0]
    for fetching in ("url(", "@import", "@font-face"):
        assert fetching not in style
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "default-src 'none'" in page
    # The words read exactly as written.
    words = reader.words
    for written in (
        "<script>alert(1)</script> *Calm* [link](http://example.org)",
        "A & B </p><img src=x onerror=alert(1)>",
        "<style>body{display:none}</style> Arrive.",
        'Stop any time "quoted" <b>not bold</b>.',
        "Log <off>",
        f"Welcome back. {SUPPORT}",
    ):
        assert written in words
    assert "@page" in page
    assert "@media print" in page


def test_markdown_shows_the_words_without_making_markup_of_them() -> None:
    text = to_markdown([handout(plan(HOSTILE, PlanOptions(support=SUPPORT)), SUPPORT)])
    assert text.startswith(
        '# <a id="hostile"></a>\\<script\\>alert(1)\\</script\\> \\*Calm\\* '
        "\\[link\\](http://example.org)\n"
    )
    assert "\n\\# Not a heading\n" in text
    assert "\n1\\. Not a list\n" in text
    assert "  - Wash\\_hands\\_\n" in text
    assert "- **0:30** Rest \\`here\\`." in text
    assert "Written for the tests \\| with a pipe." in text


def test_plain_text_is_wrapped_with_each_time_beside_its_words() -> None:
    text = to_text([handout(plan(HOSTILE, PlanOptions(support=SUPPORT)), SUPPORT)])
    lines = text.splitlines()
    assert all(len(line) <= 78 for line in lines)
    assert "[0:00] <style>body{display:none}</style> Arrive." in lines
    assert "       (Leave time to notice three.)" in lines
    assert "       * Log <off>" in lines
    assert "[0:30] Rest `here`." in lines


# -- the command ------------------------------------------------------------------------------


def test_export_prints_every_step_of_an_exercise_in_each_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text(f'support: "{SUPPORT}"\n', encoding="utf-8")
    monkeypatch.setenv("BREATHER_CONFIG", str(settings))
    _, planned, _ = run(capsys, "plan", "going-home", "--json")
    texts = {event["text"] for event in json.loads(planned)["events"] if event["text"]}
    assert len(texts) >= 6
    for form in FORMATS:
        status, out, err = run(capsys, "export", "going-home", "--format", form)
        assert (status, err) == (0, "")
        shown = read_page(out).words if form == "html" else " ".join(out.split())
        if form == "md":
            shown = shown.replace("\\", "")
        assert "going home" in shown.lower()
        for words in texts:
            # As said to a room or printed: what only the screen has (keys, boxes) left out.
            assert aloud(words), words
            assert aloud(words) in shown, (form, words)
        assert SUPPORT in shown  # the support line, and {support} filled in the text
        assert "{support}" not in shown


def test_export_honours_minutes_and_no_holds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "box-breathing", "--format", "txt", "--no-holds")
    assert status == 0
    assert "Breath holds are left out." in out
    assert "hold for" not in out
    status, out, _ = run(capsys, "export", "longer-out-breath", "--minutes", "1", "--format", "txt")
    assert status == 0
    assert "Length: About 1 min (1:00)" in out
    assert "Fitted to 1 minute." in out


def test_export_all_has_a_contents_list_and_every_exercise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "export", "--all", "--format", "html")
    assert status == 0
    anchors = re.findall(r'<li><a href="#([a-z0-9-]+)">', out)
    assert sorted(anchors) == built_in_ids()
    articles = re.findall(r'<article class="exercise" id="([a-z0-9-]+)">', out)
    assert articles == anchors  # the contents list is in the order of the page
    assert out.count("<!DOCTYPE html>") == 1
    status, out, _ = run(capsys, "export", "--all")
    assert status == 0
    assert out.startswith("# breather: the exercise library\n\n## Contents\n")
    # A length an exercise cannot be played at is said, and the exercise is still there.
    status, out, _ = run(capsys, "export", "--all", "--format", "txt", "--minutes", "1")
    assert status == 0
    assert "END-OF-DAY RITUAL" in out
    assert "Shown as written: End-of-day ritual is played at" in out


def test_export_needs_one_id_or_all(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["export"], ["export", "box-breathing", "--all"]):
        status, out, err = run(capsys, *argv)
        assert (status, out) == (2, "")
        assert err == "export: give one exercise's id, or --all for the whole library\n"
    status, _, err = run(capsys, "export", "no-such-thing")
    assert status == 2
    assert "no-such-thing" in err
    status, _, err = run(capsys, "export", "box-breathing", "--format", "pdf")
    assert status == 2
    assert "invalid choice: 'pdf'" in err


def test_html_render_of_many_handouts_is_one_page() -> None:
    sheets = [handout(plan(HOSTILE, PlanOptions(support=SUPPORT)), SUPPORT)] * 2
    page = render(sheets, "html")
    assert page.count("<html") == 1
    assert html.escape("breather: the exercise library") in page


def test_steps_that_wait_are_counted_whatever_their_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # outcomes-log waits at a write step, not a checklist: the length line said "a checklist".
    status, out, _ = run(capsys, "export", "outcomes-log", "--format", "txt")
    assert status == 0
    assert "checklist" not in out.lower()
    assert re.search(r"\d+ steps, 1 of them waiting for the group", out), out[:400]


def test_the_command_line_offers_exactly_the_formats_export_writes() -> None:
    """The parser lists the formats itself (importing export would slow every command's start)."""
    from breather import cli

    assert cli.EXPORT_FORMATS == FORMATS
