"""The library: every exercise, grouped by purpose, filtered by the minutes you have.

From here ``y`` opens your practice (the history) and ``j`` your journal; ``h`` is left alone, as
the start card's key for breath holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from breather import durations
from breather.library import Offer
from breather.model import Exercise
from breather.safetext import safe_text
from breather.ui.messages import OpenHistory, OpenInfo, OpenJournal, OpenProblems, OpenStartCard
from breather.ui.screens.common import BreatherScreen, TooSmall
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line

GROUPS = (
    ("between-sessions", "Between sessions"),
    ("end-of-day", "End of the day"),
    ("breathing", "Breathing"),
)


@dataclass(frozen=True)
class Entry:
    """One row of the library: the exercise as written, and how it is offered now."""

    exercise: Exercise
    offer: Offer


@dataclass(frozen=True)
class Row:
    """A row's first line and the lines under it, every wrapped line of those kept indented.

    A plain ``Text`` with "\\n  " indents only the first line of a wrapped summary; padding the
    lines under the heading indents them all. ``str()`` gives the row's words, as tests read them.
    """

    head: Text
    under: Text | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.head
        if self.under is not None:
            yield Padding(self.under, (0, 0, 0, 2))

    def __str__(self) -> str:
        return self.head.plain + ("" if self.under is None else f"\n  {self.under.plain}")


def group_name(exercise: Exercise) -> str:
    """The heading an exercise is listed under: by purpose first, then by its first tag."""
    for tag, heading in GROUPS:
        if tag in exercise.tags:
            return heading
    if exercise.tags:
        return exercise.tags[0].replace("-", " ").capitalize()
    return "Other"


class LibraryScreen(BreatherScreen):
    """The first screen: pick an exercise in one or two keys."""

    KEYS_SECTION = "Library"

    BINDINGS = [  # noqa: RUF012
        # The minutes line names 1 2 3 and 0, so the footer keeps its room for the rest.
        Binding("1", "minutes(1)", "1 min", show=False),
        Binding("2", "minutes(2)", "2 min", show=False),
        Binding("3", "minutes(3)", "3 min", show=False),
        Binding("0", "minutes(0)", "Any length", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("i", "info", "Info"),
        Binding("y", "history", "History"),
        Binding("j", "journal", "Journal"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, minutes: float | None = None) -> None:
        super().__init__()
        self.words = ""
        self.minutes = minutes
        """What fits in how many minutes the list shows (None: any length); 1 2 3 0 change it."""

    def compose(self) -> ComposeResult:
        yield Line(
            Text.assemble(
                ("breather", "bold"),
                "  short exercises for between sessions and the end of the day",
            ),
            id="heading",
        )
        yield Line(id="minutes-line")
        yield Input(placeholder="Type words to filter, Enter to keep, Escape to clear", id="filter")
        yield OptionList(id="exercises")
        yield Line(id="hint")
        yield Footer()
        yield TooSmall()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.rebuild()
        self.query_one("#exercises", OptionList).focus()

    # -- contents ------------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """The exercises that match the words and fit the minutes, with their lengths."""
        app = self.breather
        holds = app.holds_wanted()
        found: list[Entry] = []
        for exercise in app.library.exercises.values():
            haystack = " ".join(
                (exercise.title, exercise.summary, " ".join(exercise.tags), exercise.id)
            ).lower()
            if any(word not in haystack for word in self.words.lower().split()):
                continue
            offer = app.library.offer(
                exercise, minutes=self.minutes, holds=holds, support=app.support
            )
            if offer.timeline is not None:
                found.append(Entry(exercise, offer))
        return found

    def rebuild(self) -> None:
        """Lay the list out again (after a change of minutes or filter words)."""
        option_list = self.query_one("#exercises", OptionList)
        highlighted = self._highlighted_id()
        option_list.clear_options()
        entries = self.entries()
        groups: dict[str, list[Entry]] = {}
        order = [heading for _, heading in GROUPS]
        for entry in entries:
            groups.setdefault(group_name(entry.exercise), []).append(entry)
        headings = [h for h in order if h in groups] + sorted(h for h in groups if h not in order)
        options: list[Option | None] = []
        for heading in headings:
            options.append(Option(Text(heading.upper(), style="bold"), disabled=True))
            for entry in groups[heading]:
                options.append(self._row(entry))
            options.append(None)
        if not self.breather.library_complete:
            options.append(None)
            options.append(
                Option(Text("Still loading the other folders…", style="dim"), disabled=True)
            )
        problems = self.breather.library.problems
        if problems:
            options.append(Option(Text("COULD NOT LOAD", style="bold"), disabled=True))
            for index, path in enumerate(dict.fromkeys(p.path for p in problems)):
                first = next(p for p in problems if p.path == path)
                shown, message = safe_text(path), safe_text(first.message)  # a name may hold ESC
                row = Row(Text.assemble(("⚠ ", "bold"), (shown, "bold")), Text(message, "dim"))
                options.append(Option(row, id=f"bad:{index}"))
        if options and options[-1] is None:
            options.pop()
        option_list.add_options(options)
        ids = [o.id for o in options if o is not None and o.id]
        if highlighted in ids:
            option_list.highlighted = option_list.get_option_index(highlighted)
        elif ids:
            option_list.highlighted = option_list.get_option_index(ids[0])
        self._describe(len(entries))

    def _row(self, entry: Entry) -> Option:
        exercise = entry.exercise
        head = Text.assemble((exercise.title, "bold"), "  ", (entry.offer.length_label, "italic"))
        under = Text(exercise.summary, style="dim") if exercise.summary else None
        return Option(Row(head, under), id=f"ex:{exercise.id}")

    def _describe(self, count: int) -> None:
        minutes = self.minutes
        have = "any length" if minutes is None else durations.minutes_words(minutes)
        keys = "   1 2 3 choose minutes, 0 any"
        words = f' · matching "{self.words}"' if self.words else ""
        line = self.query_one("#minutes-line", Line)
        room = line.content_size.width or self.app.size.width - 4
        if len(f"Time you have: {have}{words}{keys}") > room:
            words = ""  # the filter box below shows the words; the keys must stay on one line
        line.update(Text.assemble("Time you have: ", (have, "bold"), words, (keys, "dim")))
        if not self.breather.library_complete:
            hint = "Loading the exercises from your other folders; the list grows in a moment."
        elif count == 0:
            hint = "Nothing fits. Press 0 for any length, or Escape to clear the filter."
        else:
            hint = "Enter opens the start card. You can stop any exercise at any moment."
        self.query_one("#hint", Line).update(Text(hint, style="dim"))

    # -- keys ----------------------------------------------------------------------------------

    def action_minutes(self, minutes: int) -> None:
        self.minutes = None if minutes == 0 else float(minutes)
        self.rebuild()

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.words = ""
        self.rebuild()
        self.query_one("#exercises", OptionList).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.words = event.value
        self.rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#exercises", OptionList).focus()

    @on(OptionList.OptionSelected, "#exercises")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("ex:"):
            self.ask(OpenStartCard(option_id[3:], self.minutes))
        elif option_id.startswith("bad:"):
            paths = list(dict.fromkeys(p.path for p in self.breather.library.problems))
            self.ask(OpenProblems(paths[int(option_id[4:])]))

    def action_history(self) -> None:
        self.ask(OpenHistory())

    def action_journal(self) -> None:
        self.ask(OpenJournal())

    def action_info(self) -> None:
        option_id = self._highlighted_id()
        if option_id is not None and option_id.startswith("ex:"):
            app = self.breather
            offer = app.library.offer(  # its texts filled in as they would play at this length
                app.library.get(option_id[3:]),
                minutes=self.minutes,
                holds=app.holds_wanted(),
                support=app.support,
            )
            self.ask(OpenInfo(offer.exercise))

    def _highlighted_id(self) -> str | None:
        """The id of the highlighted row (``ex:ID`` or ``bad:N``), if any."""
        option_list = self.query_one("#exercises", OptionList)
        index = option_list.highlighted
        return None if index is None else option_list.get_option_at_index(index).id
