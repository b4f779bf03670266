"""On paper: an exercise (or the whole library) as Markdown, a web page or plain text.

``breather export ID`` is for the people who will never open a terminal: a handout for a team
meeting, a page for the staff-room wall, a file a clinic can put on its intranet. Each exercise
becomes its title and length, what to say at each moment with its time (breath patterns written
as words and as the count a leader speaks), its safety note, its source and the support line.

The web page is one self-contained file: its styles are inside it, it names no font, script or
image, and a Content-Security-Policy tells the browser to fetch nothing at all. Every word from a
file goes through :func:`html.escape`. Its print styles fit A4 and Letter alike (the page size is
left to the printer; margins and widths fit the narrower of the two).

Pure: a :class:`Handout` is built from a planned :class:`~breather.timeline.Timeline`, and each
format is a function from handouts to one string. No I/O, no Textual. Each kind of step becomes a
row in one place, :func:`step_row`, whose ``match`` ends in :func:`~breather.model.assert_never`.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from breather import durations
from breather.lead import (
    aloud,
    breaths_words,
    counted_cycle,
    invitation,
    number_words,
    one_line,
    pattern_words,
)
from breather.model import (
    BreatheStep,
    CheckInStep,
    ChecklistStep,
    PauseStep,
    RecallStep,
    TextStep,
    WriteStep,
    assert_never,
    substitute,
)
from breather.timeline import PlannedStep, Timeline

Format: TypeAlias = Literal["md", "html", "txt"]
FORMATS: tuple[Format, ...] = ("md", "html", "txt")

LIBRARY_TITLE = "breather: the exercise library"


def paragraphs(text: str) -> tuple[str, ...]:
    """Text as its paragraphs (blank lines separate them), each on one line."""
    return tuple(one_line(part) for part in re.split(r"\n\s*\n", text) if part.strip())


def said(text: str) -> tuple[str, ...]:
    """Words to say, as paragraphs: each as :func:`~breather.lead.aloud` leaves it.

    A sentence that names a key ("Press space as you notice each one") is for the person at the
    keyboard; on paper, read to a room, it goes.
    """
    return tuple(words for words in map(aloud, paragraphs(text)) if words)


@dataclass(frozen=True)
class Row:
    """One step on paper.

    Attributes:
        at: When it begins, in seconds from the start.
        say: The step's own words, as paragraphs (empty when it has none).
        items: A checklist's items.
        notes: How to lead it, in words: the breath pattern and its count, quiet time, a wait.
    """

    at: float
    say: tuple[str, ...]
    items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handout:
    """One exercise as paper shows it, in every format.

    Attributes:
        id: The exercise's id (an anchor in a whole-library page).
        title: Its title.
        summary: Its one-line summary.
        length: Its length in words ("about 2 min (2:00), 7 steps").
        remarks: What this copy's choices changed (fitted, holds dropped), or why not.
        intro, outro: As said to a room (:func:`said`), with ``{support}`` filled in.
        safety, source: As written, with ``{support}`` filled in, as paragraphs.
        rows: One per step, in order.
        support: The organisation's support line.
    """

    id: str
    title: str
    summary: str
    length: str
    remarks: tuple[str, ...]
    intro: tuple[str, ...]
    rows: tuple[Row, ...]
    outro: tuple[str, ...]
    safety: tuple[str, ...]
    source: tuple[str, ...]
    support: str


def step_row(planned: PlannedStep) -> Row:
    """A planned step as a row on paper."""
    step = planned.step
    match step:
        case TextStep():
            notes = (f"Leave time to notice {number_words(step.tally)}.",) if step.tally else ()
            return Row(planned.start, said(step.text), notes=notes)
        case BreatheStep():
            pattern = (
                f"Breathe {pattern_words(step)}: {breaths_words(step.cycles)} "
                f"({durations.length(step.seconds)})."
            )
            count = f"Count aloud, a word a second: {counted_cycle(step)}."
            return Row(planned.start, said(step.text or ""), notes=(pattern, count))
        case PauseStep():
            quiet = f"Quiet for {durations.seconds_words(step.seconds)}."
            return Row(planned.start, said(step.text or ""), notes=(quiet,))
        case ChecklistStep():
            if step.seconds is None:
                wait = "Waits until everyone is ready; later times move by the wait."
            else:
                wait = f"For {durations.seconds_words(step.seconds)}."
            items = tuple(one_line(item) for item in step.items)
            return Row(planned.start, said(step.text or ""), items, (wait,))
        case CheckInStep() | WriteStep() | RecallStep():
            wait = "Waits until everyone is ready; nothing is written down for anyone else."
            return Row(planned.start, paragraphs(invitation(step)), notes=(wait,))
        case _:
            assert_never(step)


def handout(timeline: Timeline, support: str, remarks: Sequence[str] = ()) -> Handout:
    """Build the handout of a planned exercise.

    Args:
        timeline: The plan, with the session's choices (length, holds) already applied.
        support: The organisation's support line (what ``{support}`` shows).
        remarks: Anything the caller must say about this copy (a length it could not fit).
    """
    exercise = timeline.exercise

    def filled(text: str) -> tuple[str, ...]:
        return paragraphs(substitute(text, support))

    # Checklists without seconds, check-ins, write and recall steps all wait: say how many, not
    # what, since "a checklist that waits" read wrongly for a write or recall step.
    waiting = sum(1 for step in timeline.steps if step.waits)
    count = "1 step" if len(timeline.steps) == 1 else f"{len(timeline.steps)} steps"
    length = (
        f"{durations.length_words(timeline.total).capitalize()} "
        f"({durations.length(timeline.total)}), {count}"
        + (f", {waiting} of them waiting for the group" if waiting else "")
    )
    noted = list(remarks)
    if timeline.target is not None:
        noted.append(f"Fitted to {durations.minutes_words(timeline.target / 60)}.")
    if timeline.holds_dropped:
        noted.append("Breath holds are left out.")
    elif exercise.has_holds:
        noted.append("Breath holds are in; export with --no-holds for a copy without them.")
    return Handout(
        id=exercise.id,
        title=one_line(exercise.title),
        summary=one_line(exercise.summary),
        length=length,
        remarks=tuple(noted),
        intro=said(substitute(exercise.intro, support)),
        rows=tuple(step_row(planned) for planned in timeline.steps),
        outro=said(substitute(exercise.outro, support)),
        safety=filled(exercise.safety),
        source=filled(exercise.source),
        support=one_line(support),
    )


def render(handouts: Sequence[Handout], form: Format) -> str:
    """The handouts in one document of the given format; with more than one, a contents list."""
    if form == "md":
        return to_markdown(handouts)
    if form == "html":
        return to_html(handouts)
    return to_text(handouts)


# -- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or lists made from it."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def to_markdown(handouts: Sequence[Handout]) -> str:
    """Markdown: headings, the script as a list with each time in bold."""
    out: list[str] = []
    several = len(handouts) > 1
    if several:
        out += [f"# {md_escape(LIBRARY_TITLE)}", "", "## Contents", ""]
        out += [f"- [{md_escape(h.title)}](#{h.id}) – {md_escape(h.length)}" for h in handouts]
        out.append("")
    level = "##" if several else "#"
    for item in handouts:
        out += _markdown_one(item, level)
    return "\n".join(out).rstrip() + "\n"


def _markdown_one(item: Handout, level: str) -> list[str]:
    sub = level + "#"
    out = [f'{level} <a id="{item.id}"></a>{md_escape(item.title)}', ""]
    if item.summary:
        out += [f"*{md_escape(item.summary)}*", ""]
    out += [f"**Length:** {md_escape(item.length)}", ""]
    out += [md_escape(remark) for remark in item.remarks]
    if item.remarks:
        out.append("")

    def section(heading: str, parts: tuple[str, ...]) -> None:
        if parts:
            out.extend([f"{sub} {heading}", ""])
            for part in parts:
                out.extend([md_escape(part), ""])

    section("Before you begin", item.intro)
    out += [f"{sub} What to say", ""]
    for row in item.rows:
        words = " ".join(md_escape(part) for part in row.say)
        first = f"- **{durations.stamp(row.at)}**" + (f" {words}" if words else "")
        out.append(first)
        out += [f"  - {md_escape(entry)}" for entry in row.items]
        out += [f"  - *{md_escape(note)}*" for note in row.notes]
    out.append("")
    section("To close", item.outro)
    section("Safety", item.safety)
    section("Source", item.source)
    section("Support", (item.support,))
    return out


# -- plain text --------------------------------------------------------------------------------

WIDTH = 78


def _wrapped(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def to_text(handouts: Sequence[Handout]) -> str:
    """Plain text wrapped at 78 columns, for email, a notice board or a screen reader."""
    out: list[str] = []
    if len(handouts) > 1:
        out += [LIBRARY_TITLE.upper(), "", "Contents:"]
        out += [f"  {number}. {h.title} – {h.length}" for number, h in enumerate(handouts, 1)]
        out.append("")
    for item in handouts:
        if out:
            out += ["=" * WIDTH, ""]
        out += _text_one(item)
    return "\n".join(out).rstrip() + "\n"


def _text_one(item: Handout) -> list[str]:
    out = [item.title.upper(), ""]
    if item.summary:
        out += [*_wrapped(item.summary), ""]
    out += [*_wrapped(f"Length: {item.length}")]
    for remark in item.remarks:
        out += _wrapped(remark)
    out.append("")

    def section(heading: str, parts: tuple[str, ...]) -> None:
        if parts:
            out.extend([heading, "-" * len(heading)])
            for part in parts:
                out.extend([*_wrapped(part), ""])

    section("Before you begin", item.intro)
    out += ["What to say", "-" * len("What to say")]
    for row in item.rows:
        stamp = f"[{durations.stamp(row.at)}] "
        words = " ".join(row.say) or "-"
        out += _wrapped(words, " " * len(stamp), stamp)
        out += [line for entry in row.items for line in _wrapped(entry, "         ", "       * ")]
        out += [line for note in row.notes for line in _wrapped(f"({note})", " " * len(stamp))]
        out.append("")
    section("To close", item.outro)
    section("Safety", item.safety)
    section("Source", item.source)
    section("Support", (item.support,))
    return out


# -- HTML --------------------------------------------------------------------------------------

STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1b1b;
  font: 12pt/1.5 Georgia, "Times New Roman", serif; }
main { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; color: #234; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
.summary { font-style: italic; margin: 0 0 .5rem; }
.length { font-weight: bold; margin: 0; }
.remark { margin: .25rem 0 0; }
ol.script { list-style: none; padding: 0; margin: 0; }
ol.script > li { display: grid; grid-template-columns: 3.5rem 1fr; gap: .75rem;
  padding: .5rem 0; border-top: 1px solid #ccc; }
.at { font: bold 1rem/1.5 Helvetica, Arial, sans-serif; font-variant-numeric: tabular-nums; }
.say p { margin: 0 0 .35rem; }
.note { margin: 0; font-style: italic; color: #444; }
ul.items { margin: .25rem 0 .35rem 1.25rem; padding: 0; }
nav.contents ol { padding-left: 1.5rem; }
a { color: inherit; }
article + article { margin-top: 3rem; border-top: 2px solid #234; padding-top: 1rem; }
@page { margin: 16mm 15mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  article + article { break-before: page; border-top: 0; margin-top: 0; padding-top: 0; }
  nav.contents { break-after: page; }
  ol.script > li, .safety, .source, .support { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
""".strip()

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"
"""The page's Content-Security-Policy: its own inline styles, and nothing fetched, ever."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _paragraphs_html(parts: tuple[str, ...], css: str = "") -> list[str]:
    cls = f' class="{css}"' if css else ""
    return [f'<p dir="auto"{cls}>{_e(part)}</p>' for part in parts]


def to_html(handouts: Sequence[Handout]) -> str:
    """One self-contained web page: inline styles, print styles, nothing to fetch."""
    several = len(handouts) > 1
    title = LIBRARY_TITLE if several else handouts[0].title
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="breather">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    if several:
        out += [f"<h1>{_e(LIBRARY_TITLE)}</h1>", '<nav class="contents">', "<h2>Contents</h2>"]
        out.append("<ol>")
        out += [
            f'<li><a href="#{_e(h.id)}">{_e(h.title)}</a> – {_e(h.length)}</li>' for h in handouts
        ]
        out += ["</ol>", "</nav>"]
    for item in handouts:
        out += _html_one(item, "h2" if several else "h1")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_one(item: Handout, top: str) -> list[str]:
    sub = "h3" if top == "h2" else "h2"
    out = [
        f'<article class="exercise" id="{_e(item.id)}">',
        f'<{top} dir="auto">{_e(item.title)}</{top}>',
    ]
    if item.summary:
        out += _paragraphs_html((item.summary,), "summary")
    out += _paragraphs_html((item.length,), "length")
    out += _paragraphs_html(item.remarks, "remark")

    def section(heading: str, parts: tuple[str, ...], css: str) -> None:
        if parts:
            out.append(f'<section class="{css}"><{sub}>{heading}</{sub}>')
            out.extend(_paragraphs_html(parts))
            out.append("</section>")

    section("Before you begin", item.intro, "intro")
    out += [f'<section class="script"><{sub}>What to say</{sub}>', '<ol class="script">']
    for row in item.rows:
        out.append(f'<li><span class="at">{_e(durations.stamp(row.at))}</span><div class="say">')
        out += _paragraphs_html(row.say)
        if row.items:
            out.append('<ul class="items">')
            out += [f'<li dir="auto">{_e(entry)}</li>' for entry in row.items]
            out.append("</ul>")
        out += _paragraphs_html(row.notes, "note")
        out.append("</div></li>")
    out += ["</ol>", "</section>"]
    section("To close", item.outro, "outro")
    section("Safety", item.safety, "safety")
    section("Source", item.source, "source")
    section("Support", (item.support,), "support")
    out.append("</article>")
    return out
