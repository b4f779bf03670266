"""Your practice and your journal: what was kept, shown back, without a word of judgement.

The history screen shows the minutes of the last two weeks as bars (the last week in a narrow
window, never bars that stand over another day's date), the exercises played and, for
check-ins answered before and after, the two numbers side by side. The journal screen rereads
what write steps kept, by topic. The words are the history report's own ("This week: 6 pauses,
14 minutes."): never a streak, a missed day, a goal, a badge or a comparison with anyone. When
history is off, unavailable or empty, each screen says so plainly.

The app reads the history and hands these screens what to show (the journal gets a function that
reads one topic); the screens only draw it, and ask the app to open or close screens.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from breather.history import DayTotal, HistoryReport, JournalEntry, Totals
from breather.history_report import (
    day_name,
    one_line,
    plural,
    printable,
    total_time,
    window_name,
)
from breather.ui.messages import ForgetEntry, GoBack, OpenJournal
from breather.ui.screens.common import MIN_WIDTH, BreatherScreen, TooSmall
from breather.ui.widgets.charts import MinutesADay, UnbrokenPieces, pair_words, paired_values
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line

HISTORY_DAYS = 14
"""The days the history screen draws, ending today."""
EXERCISE_ROWS = 5
PAIRS_SHOWN = 12
"""The newest before-and-after pairs drawn (two bars each)."""
JOURNAL_SHOWN = 100
"""The newest entries of a topic shown on screen; ``breather journal`` prints them all."""
PRIVATE = "kept on this computer only"
JOURNAL_PRIVATE = f"{PRIVATE}; no client names or details"
"""Said above the journal, where a name someone wrote is found and deleted (``d``)."""


@dataclass(frozen=True)
class PracticeShown:
    """What the history screen shows.

    Attributes:
        today: The local date the screen was opened on.
        report: The last :data:`HISTORY_DAYS` days, or None when there is no history to read.
        week: The last seven days' totals (None with no report).
        why_not: Why there is nothing to read (history off or unavailable), else "".
        check_ins_on: Whether sessions begin and end with a check-in now (the settings).
    """

    today: date
    report: HistoryReport | None
    week: Totals | None
    why_not: str = ""
    check_ins_on: bool = False


def no_pairs_yet(check_ins_on: bool) -> str:
    """Why no check-in pair is shown: none made yet, or check-ins are not on."""
    if check_ins_on:
        return (
            "None yet. A pair is shown once a session has both: the check-in as it begins "
            "and the one as it ends."
        )
    return (
        "None yet. Check-ins are off: to be asked how you are as sessions of a minute or more "
        "begin and end, add the line check_in: true to your settings file (breather paths "
        "shows where it is)."
    )


def totals_line(shown: PracticeShown) -> str:
    """``This week: 6 pauses, 14 minutes. In all: 40 pauses, 2 hours 3 minutes.``"""
    report, week = shown.report, shown.week
    if report is None or week is None:
        return ""
    line = f"{window_name(7)}: {_totals(week)}"
    if report.all_time.sessions != week.sessions:
        line += f" In all: {_totals(report.all_time)}"
    return line


def _totals(totals: Totals) -> str:
    if totals.sessions == 0:
        return "no sessions recorded."
    return f"{plural(totals.sessions, 'pause')}, {total_time(totals.seconds)}."


def short_time(seconds: float) -> str:
    """A total that fits a narrow column: ``under 1 min``, ``13 min``, ``2 h 5 min``."""
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes == 0:
        return "under 1 min" if seconds > 0 else "0 min"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


TITLE_CELLS = 18
"""The most cells an exercise's title takes in the exercises column; a longer one ends in …."""


def short_title(title: str) -> str:
    """``title`` made printable and cut to :data:`TITLE_CELLS` cells, ending in … when cut."""
    title = printable(title)
    if cell_len(title) <= TITLE_CELLS:
        return title
    return set_cell_size(title, TITLE_CELLS - 1) + "…"


def exercise_rows(report: HistoryReport, rows: int = EXERCISE_ROWS) -> Text:
    """The most played exercises of the window: title, how often, how long; one line each.

    Each part is as wide as its widest entry, so a row is no wider than it needs to be and the
    column, as wide as its widest line (:func:`widest_line`), holds every row on one line.
    """
    shown = report.by_exercise[:rows]
    titles = [short_title(row.title) for row in shown]
    times = [plural(row.sessions, "time") for row in shown]
    title_cells = max((cell_len(title) for title in titles), default=0)
    times_cells = max((len(count) for count in times), default=0)
    text = Text()
    for number, (row, title, count) in enumerate(zip(shown, titles, times, strict=True)):
        if number:
            text.append("\n")
        text.append(set_cell_size(title, title_cells) + "  ", style="bold")
        text.append(f"{count:>{times_cells}}  {short_time(row.seconds)}")
    more = len(report.by_exercise) - rows
    if more > 0:
        text.append(f"\nand {plural(more, 'other')}", style="dim")
    return text


def widest_line(text: Text) -> int:
    """The cells the widest line of ``text`` takes on screen."""
    return max(cell_len(line) for line in text.plain.split("\n"))


class MinutesChart(Widget):
    """The minutes a day under their heading, as many days as the width draws truly.

    The heading's colour comes from the styles (a component class), as the other headings'.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"minutes-chart--heading"}
    DEFAULT_CSS = """
    MinutesChart { height: auto; }
    """

    def __init__(self, days: Sequence[DayTotal], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days = tuple(days)

    def render(self) -> RenderableType:
        heading = self.get_component_rich_style("minutes-chart--heading")
        return MinutesADay(self.days, heading_style=heading)


SIDE_BY_SIDE = 80
"""The narrowest window that has the exercises and the check-ins side by side; else stacked."""


class HistoryScreen(BreatherScreen):
    """Minutes a day for two weeks, the exercises played, check-ins before and after."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual's own convention
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (SIDE_BY_SIDE, "-wide-enough"),
    ]

    BINDINGS = [  # noqa: RUF012
        Binding("j", "journal", "Journal"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(self, shown: PracticeShown) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        shown, report = self.shown, self.shown.report
        with VerticalScroll(id="history"):
            yield Line(
                Text.assemble(("Your practice", "bold"), f"  ·  {PRIVATE}"), id="history-title"
            )
            if report is None:
                yield Line(shown.why_not, id="history-empty")
            elif report.all_time.sessions == 0:
                yield Line(
                    "No sessions recorded yet. Each session you play is kept here, on this "
                    "computer only.",
                    id="history-empty",
                )
            else:
                yield Line(totals_line(shown), id="history-totals")
                yield MinutesChart(report.by_day, id="history-chart")
                with Horizontal(id="history-columns"):
                    rows = exercise_rows(report)
                    with Vertical(id="history-exercises") as column:
                        # As wide as its widest row, so each row stays on one line (a width of
                        # 40 wrapped "under 1 min"); the check-ins take the rest.
                        column.styles.width = max(widest_line(rows), len("Exercises"))
                        yield Line(Text("Exercises", style="bold"), classes="history-heading")
                        yield Line(rows, id="history-exercise-rows")
                    with Vertical(id="history-check-ins"):
                        yield from self._check_ins(report)
        yield Footer()
        yield TooSmall()

    def _check_ins(self, report: HistoryReport) -> ComposeResult:
        yield Line(Text("Check-ins, before and after", style="bold"), classes="history-heading")
        changes = report.changes
        if not changes:
            yield Line(
                Text(no_pairs_yet(self.shown.check_ins_on), style="dim"), id="history-no-check-ins"
            )
            return
        values = paired_values(changes, PAIRS_SHOWN)
        sparkline = Sparkline(values, id="history-sparkline")
        sparkline.styles.width = len(values)
        yield sparkline
        yield Line(Text("each session: before, after", style="dim"))
        keys = sorted({printable(change.key) for change in changes[:PAIRS_SHOWN]})
        lead = Text.assemble((", ".join(keys), "bold"), ", newest first: ")
        yield Static(UnbrokenPieces(lead, pair_words(changes, 6)), id="history-pairs")

    def action_journal(self) -> None:
        self.ask(OpenJournal())

    def action_back(self) -> None:
        self.ask(GoBack(self))


def journal_options(entries: Sequence[JournalEntry], today: date, topic: str) -> list[Option]:
    """One topic's entries, newest first, each under its date (the newest shown on screen).

    An entry is an option named ``entry:N`` (N its number), to highlight and delete; the dates
    and the note on entries left off are disabled options, passed over by the cursor.
    """
    if not entries:
        return [Option(Text(f"Nothing is written under “{printable(topic)}” yet.", "italic"))]
    options: list[Option] = []
    shown = entries[:JOURNAL_SHOWN]
    heading: tuple[str, str] | None = None
    for entry in shown:
        # A heading for each day and exercise, as `breather journal` prints them: two sessions
        # on one day each have their own title over their own entries.
        written = (day_name(entry.written.date(), today), printable(entry.title))
        if written != heading:
            blank = "\n" if heading is not None else ""
            options.append(
                Option(Text(f"{blank}{written[0]} · {written[1]}", "dim"), disabled=True)
            )
            heading = written
        number = Text(f"#{entry.number}  ", "dim")  # the number `journal --forget N` takes
        options.append(Option(number + Text(one_line(entry.text)), id=f"entry:{entry.number}"))
    if len(entries) > len(shown):
        options.append(
            Option(
                Text(
                    f"\nThe newest {len(shown)} of {len(entries):,}; "
                    f"`breather journal --topic {printable(topic)}` prints them all.",
                    "dim",
                ),
                disabled=True,
            )
        )
    return options


class JournalScreen(BreatherScreen):
    """What write steps kept, by topic: the topics on the left, one topic's entries beside them.

    ``d`` deletes the highlighted entry (the app asks first): for a client's name typed by
    mistake, without deleting the rest. Tab or Enter moves into a topic's entries.
    """

    KEYS_SECTION = "Journal"

    BINDINGS = [  # noqa: RUF012
        Binding("d", "delete", "Delete"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(
        self,
        today: date,
        topics: Sequence[str],
        read: Callable[[str], list[JournalEntry]] | None,
        why_not: str = "",
    ) -> None:
        """Show ``topics``; ``read`` gives one topic's entries, newest first (None: no history)."""
        super().__init__()
        self.today = today
        self.topics = list(topics)
        self.read = read
        self.why_not = why_not
        self.entries: dict[str, JournalEntry] = {}
        """The shown topic's entries on screen, by option id (``entry:N``)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="journal"):
            yield Line(
                Text.assemble(("Your journal", "bold"), f"  ·  {JOURNAL_PRIVATE}"),
                id="journal-title",
            )
            if self.read is None:
                yield Line(self.why_not, id="journal-empty")
            elif not self.topics:
                yield Line(
                    "Nothing in the journal yet. Write steps, in the outcomes log for one, keep "
                    "what you write here.",
                    id="journal-empty",
                )
            else:
                with Horizontal(id="journal-columns"):
                    yield OptionList(*self._topic_options(), id="journal-topics")
                    yield OptionList(id="journal-entries")
        yield Footer()
        yield TooSmall()

    def _topic_options(self) -> list[Option]:
        return [Option(printable(topic), id=f"topic:{n}") for n, topic in enumerate(self.topics)]

    def on_mount(self) -> None:
        if self.read is not None and self.topics:
            topics = self.query_one("#journal-topics", OptionList)
            topics.highlighted = 0
            topics.focus()
            self.show_topic(0)

    def show_topic(self, number: int, row: int = 0) -> None:
        """Show the entries of the topic at ``number`` in the list, the ``row``-th highlighted.

        Past the last entry, the last one is highlighted: after a deletion, the entry that took
        the deleted one's place, or the one above it.
        """
        if self.read is None or not 0 <= number < len(self.topics):
            return
        topic = self.topics[number]
        found = self.read(topic)
        self.entries = {f"entry:{entry.number}": entry for entry in found[:JOURNAL_SHOWN]}
        entries = self.query_one("#journal-entries", OptionList)
        entries.set_options(journal_options(found, self.today, topic))
        rows = [n for n, option in enumerate(entries.options) if option.id in self.entries]
        entries.scroll_home(animate=False)
        if rows:
            entries.highlighted = rows[min(row, len(rows) - 1)]
        self.refresh_bindings()

    def highlighted_entry(self) -> JournalEntry | None:
        """The entry highlighted in the entries list (whichever list has the focus), if any."""
        if self.read is None or not self.topics:
            return None
        option = self.query_one("#journal-entries", OptionList).highlighted_option
        return None if option is None or option.id is None else self.entries.get(option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``d`` is offered only while an entry is there to delete."""
        if action == "delete":
            return self.highlighted_entry() is not None
        return True

    async def show_journal(self, topics: Sequence[str]) -> None:
        """Show the journal again after an entry went: the same topic and place where they remain.

        Called by the app with the topics left. The topic stays highlighted while it has entries
        (else the one that took its place in the list), and so does the entry's place in it; an
        emptied journal says so, as an empty one always does.
        """
        if self.read is None:
            return
        topics_list = self.query_one("#journal-topics", OptionList)
        entries_list = self.query_one("#journal-entries", OptionList)
        shown = topics_list.highlighted or 0
        topic = self.topics[shown] if shown < len(self.topics) else None
        row = self._entry_row(entries_list)
        self.topics = list(topics)
        if not self.topics:
            await self.recompose()
            # The topics list may have been focused while it was being removed (the screen takes
            # focus back as the question closes); Textual 8.2.8 then keeps the removed list
            # focused, and its keys shadow the screen's (Escape did nothing). Let go of it.
            self.set_focus(None)
            return
        if topic in self.topics:
            number = self.topics.index(topic)
        else:
            number, row = min(shown, len(self.topics) - 1), 0
        with topics_list.prevent(OptionList.OptionHighlighted):
            topics_list.set_options(self._topic_options())
            topics_list.highlighted = number
        self.show_topic(number, row)

    def _entry_row(self, entries_list: OptionList) -> int:
        """Which entry (0 first, headings not counted) is highlighted in the entries list."""
        highlighted = entries_list.highlighted
        if highlighted is None:
            return 0
        return sum(1 for option in entries_list.options[:highlighted] if option.id in self.entries)

    @on(OptionList.OptionHighlighted, "#journal-topics")
    def _topic_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_topic(event.option_index)

    @on(OptionList.OptionHighlighted, "#journal-entries")
    def _entry_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#journal-topics")
    def _topic_chosen(self) -> None:
        self.query_one("#journal-entries", OptionList).focus()

    def action_delete(self) -> None:
        entry = self.highlighted_entry()
        if entry is not None:
            self.ask(ForgetEntry(self, entry))

    def action_back(self) -> None:
        self.ask(GoBack(self))
