"""The start card: what is coming, how long it takes, and the choices for this session."""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var

from breather import durations
from breather.card_words import waiting_words
from breather.model import Exercise
from breather.session_sound import next_mode
from breather.settings import MOTIONS, Motion
from breather.sound import SoundMode
from breather.timeline import Timeline
from breather.ui.messages import BackToLibrary, Begin, MotionChosen, SoundChosen
from breather.ui.screens.common import MIN_HEIGHT, BreatherScreen, TooSmall
from breather.ui.screens.player import space_does_not_pause
from breather.ui.sound_card import INDENT, sound_rows
from breather.ui.widgets.footer import Footer
from breather.ui.widgets.line import Line

MOTION_WORDS = {
    "full": "full (a shape that grows and shrinks)",
    "basic": "basic (a bar that fills and empties)",
    "none": "none (words and a count only)",
}


EVERYDAY_MINUTES = (1, 2, 3)
"""The lengths the card names for an exercise that may be fitted to any length."""


def minute_keys(exercise: Exercise) -> tuple[int, ...]:
    """The digits that choose a length on the card: the whole minutes, 1 to 9, on offer.

    An exercise with ``lengths`` (the ritual's 5 and 7) takes its own, so each can be chosen on
    the card; any other takes 1, 2 and 3 (and any digit). ``--minutes`` reaches every length.
    """
    lengths = exercise.lengths
    if lengths is None:
        return EVERYDAY_MINUTES
    return tuple(int(m) for m in lengths.minutes if m == int(m) and 1 <= m <= 9)


def length_keys_words(exercise: Exercise) -> str:
    """What the card says beside the length: which lengths there are and how to choose them."""
    lengths = exercise.lengths
    if lengths is not None and lengths.as_written:
        return "played as written only"
    digits = minute_keys(exercise)
    keys = f"{' '.join(str(n) for n in digits)} for minutes, 0 as written"
    if lengths is None or len(digits) == len(lengths.minutes):  # a key for each says it all
        return keys
    named = " or ".join(durations.minutes_short(minutes) for minutes in lengths.minutes)
    return (
        f"offered at {named}: {keys}" if digits else f"offered at {named} (--minutes), 0 as written"
    )


class ScrollsWithMoreBelow(VerticalScroll):
    """A scrolling box that knows whether some of what it holds is below its last row."""

    more_below: var[bool] = var(False)
    """Whether something is out of sight below (the card says so, beneath the box)."""

    def _look_below(self) -> None:
        self.more_below = round(self.scroll_y) < self.max_scroll_y

    def on_resize(self) -> None:
        """The box or what it holds changed size (a window resized, another length's intro)."""
        self._look_below()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._look_below()


class WordsBox(ScrollsWithMoreBelow):
    """The intro's own scrolling box; at either end of its words, ↑ ↓ scroll the card instead.

    In a window tall but too narrow for the title, the safety note and the choices with a few
    lines of intro, the card scrolls as a whole too; the keys then go on from the intro's end
    into the card rather than stopping there, so nothing on it is out of the keyboard's reach.
    """

    def _at_end(self, down: bool) -> bool:
        target = self.scroll_target_y  # where a scroll still moving will stop
        return target >= self.max_scroll_y if down else target <= 0

    def action_scroll_down(self) -> None:
        if self._at_end(down=True):
            raise SkipAction
        super().action_scroll_down()

    def action_scroll_up(self) -> None:
        if self._at_end(down=False):
            raise SkipAction
        super().action_scroll_up()

    def action_page_down(self) -> None:
        if self._at_end(down=True):
            raise SkipAction
        super().action_page_down()

    def action_page_up(self) -> None:
        if self._at_end(down=False):
            raise SkipAction
        super().action_page_up()


MORE_BELOW = Text("↓ more below (↓ or Page Down)", style="dim")
"""Beneath the intro's box while some of its words are out of sight."""

MORE_ON_THE_CARD = Text("↓ more on this card (↓ or Page Down)", style="dim")
"""Beneath the card while some of it is out of sight: in a window under 24 rows, where the card
scrolls as one text, or when its safety note and choices outgrow the window."""


CARD_HEIGHT = 24
"""From this many rows the intro scrolls in its own box and the choices stay on screen; in a
shorter window there is no room for both, and the whole card scrolls, as one text."""


def pausing_words(timeline: Timeline | None, *, lead: bool = False) -> str:
    """How to pause, as the card says it: space, unless a step takes space for itself.

    On a step that counts what you notice space marks one, and on a checklist it ticks, so a
    card that promised "space pauses" would be wrong there; ``k`` pauses on every step. Leading
    a group, space always pauses (nobody marks or ticks for the room).
    """
    if lead:
        return "space pauses"
    steps = [] if timeline is None else [planned.step for planned in timeline.steps]
    if any(space_does_not_pause(step) for step in steps):
        return "k pauses (space marks or ticks)"
    return "space pauses"


class StartScreen(BreatherScreen):
    """Shows an exercise before it begins; Enter begins."""

    KEYS_SECTION = "Start card"

    VERTICAL_BREAKPOINTS = [  # noqa: RUF012 - Textual's own convention
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),
        (CARD_HEIGHT, "-tall-enough"),
    ]

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "begin", "Begin"),
        # A digit asks for that many minutes; the card names the ones this exercise offers.
        *(Binding(str(n), f"minutes({n})", f"{n} min", show=False) for n in range(1, 10)),
        Binding("0", "minutes(0)", "As written", show=False),
        # Shown only when the exercise has holds to switch (check_action), as the card says.
        Binding("h", "holds", "Holds"),
        Binding("m", "motion", "Motion"),
        Binding("s", "sound", "Sound"),
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
    ]

    def __init__(
        self,
        exercise: Exercise,
        *,
        minutes: float | None,
        holds: bool,
        motion: Motion,
        sound: SoundMode = "off",
        suggest_tones: bool = False,
    ) -> None:
        """Show ``exercise`` with these choices first (the library's minutes, the settings').

        ``suggest_tones``: say, while sound is off, that tones suit this exercise (the app asks
        once per run, for an exercise made for the eyes closed or away from the screen).
        """
        super().__init__()
        self.exercise = exercise
        self.minutes = minutes
        self.holds = holds
        self.motion = motion
        self.sound: SoundMode = sound
        self.suggest_tones = suggest_tones
        self.timeline: Timeline | None = None
        self.refusal = ""

    def compose(self) -> ComposeResult:
        # The intro's box takes the room the rest leaves; the card itself scrolls only when the
        # window is too small for its parts (breather.tcss, CARD_HEIGHT).
        with ScrollsWithMoreBelow(id="card", can_focus=False):
            title = Text(self.exercise.title, style="bold")
            if self.breather.lead:  # the card a leader reads first: say whose session this is
                title.append("  ·  leading a group; nothing is recorded", style="not bold")
            yield Line(title, id="card-title")
            yield Line(id="card-length")
            if self.exercise.safety:
                # Under CARD_HEIGHT rows the card scrolls as one text: the safety note comes
                # before the intro there (this copy is shown instead of the one below it), so
                # it is on the first screen, not below the fold.
                yield Line(id="card-safety-first", classes="card-safety")
            # The intro scrolls in its own box, so however long it is, the safety note and the
            # choices (length, holds, motion, sound) are seen without scrolling, even at 80x24.
            with WordsBox(id="card-words"):
                yield Line(self.exercise.intro, id="card-intro")
            # At 80x24 most intros are longer than their box: a scroll bar alone was easy to
            # miss, and with it the rest of the intro (an eyes-open option, how to leave).
            yield Line(MORE_BELOW, id="card-more")
            if self.exercise.safety:
                yield Line(
                    Text.assemble(("Safety  ", "bold"), self.exercise.safety),
                    id="card-safety",
                    classes="card-safety",
                )
            # Each choice's label stays a column when its words wrap in a narrow window.
            yield Line(id="card-choices", hang=len(INDENT))
        yield Line(MORE_ON_THE_CARD, id="card-more-on-card")
        # Below the card, not in it: however long the intro and safety text, "Enter to begin" (or
        # why this length is refused) stays on screen above the footer.
        yield Line(id="card-go")
        yield Footer()
        yield TooSmall()

    AUTO_FOCUS = ""
    """Focused in :meth:`on_mount` instead, without scrolling: Textual's own focus would scroll
    a card taller than the window down to the intro's box, past the title."""

    def on_mount(self) -> None:
        self.replan()
        words = self.query_one("#card-words", WordsBox)
        self.set_focus(words, scroll_visible=False)
        self.watch(words, "more_below", self._say_more_below)
        card = self.query_one("#card", ScrollsWithMoreBelow)
        self.watch(card, "more_below", self._say_more_on_the_card)

    def _say_more_below(self, more: bool) -> None:
        """Say beneath the intro's box, in the blank row under it, when it holds more words."""
        self.query_one("#card-words", WordsBox).set_class(more, "-more-below")
        self.query_one("#card-more", Line).display = more

    def _say_more_on_the_card(self, more: bool) -> None:
        """Say beneath the card, above "Enter to begin", when some of the card is out of sight."""
        self.query_one("#card-more-on-card", Line).display = more

    @property
    def has_holds(self) -> bool:
        return self.breather.library.resolve(self.exercise).has_holds

    def replan(self) -> None:
        """Plan again for the current choices and show the result."""
        app = self.breather
        offer = app.library.offer(
            self.exercise,
            minutes=self.minutes,
            holds=self.holds,
            support=app.support,
            check_ins=not app.choices.no_check_in,
        )
        self.timeline, self.refusal = offer.timeline, offer.refusal
        # The intro and safety as they read for this length ({length}, {support}).
        self.query_one("#card-intro", Line).update(offer.exercise.intro)
        if offer.exercise.safety:
            safety = Text.assemble(("Safety  ", "bold"), offer.exercise.safety)
            for line in self.query(".card-safety").results(Line):
                line.update(safety)
        self.show_choices()

    def show_choices(self) -> None:
        timeline = self.timeline
        if timeline is not None:
            waiting = waiting_words(timeline)
            extra = f", {waiting}" if waiting else ""
            count = len(timeline.steps)
            written = " · as written" if timeline.target is not None and not timeline.fitted else ""
            length = (
                f"{durations.length_words(timeline.total)} ({durations.length(timeline.total)})"
                f" · {count} {'step' if count == 1 else 'steps'}{extra}{written}"
            )
            self.query_one("#card-length", Line).update(Text(length, style="italic"))
        minutes = "as written" if self.minutes is None else durations.minutes_short(self.minutes)
        rows = Text()
        rows.append("Length   ", style="bold")
        rows.append(f"{minutes}")
        rows.append(f"      {length_keys_words(self.exercise)}\n", style="dim")
        if self.has_holds:
            rows.append("Holds    ", style="bold")
            rows.append("on" if self.holds else "off (every breath hold is dropped)")
            rows.append("      h to switch\n", style="dim")
        rows.append("Motion   ", style="bold")
        rows.append(MOTION_WORDS[self.motion])
        rows.append("      m to switch", style="dim")
        rows.append_text(self._sound_rows())
        self.query_one("#card-choices", Line).update(rows)
        if self.refusal:
            go = Text(self.refusal + ". Choose another length.", style="bold")
        else:
            go = Text.assemble(
                ("Enter", "bold"),
                " to begin · ",
                ("Escape", "bold"),
                " to go back · ",
                f"{pausing_words(self.timeline, lead=self.breather.lead)}, q stops at any moment",
            )
        self.query_one("#card-go", Line).update(go)

    def _sound_rows(self) -> Text:
        settings = self.breather.user_settings
        return sound_rows(
            self.sound,
            volume=settings.volume,
            bell_rings=settings.bell,
            unavailable=self.breather.tones_unavailable if self.sound == "tones" else None,
            offer_tones=self.suggest_tones,
        )

    def action_minutes(self, minutes: int) -> None:
        """A digit: that many minutes (0: as written); one not on offer is refused, saying why."""
        self.minutes = None if minutes == 0 else float(minutes)
        self.replan()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``h`` is offered (and named in the footer) only when there are holds to switch."""
        if action == "holds":
            return self.has_holds
        return True

    def action_holds(self) -> None:
        if self.has_holds:
            self.holds = not self.holds
            self.replan()

    def action_motion(self) -> None:
        self.motion = MOTIONS[(MOTIONS.index(self.motion) + 1) % len(MOTIONS)]
        self.ask(MotionChosen(self.motion))
        self.show_choices()

    def action_sound(self) -> None:
        """Change how cues sound, for this session and the rest of this run (not saved)."""
        self.sound = next_mode(self.sound)
        self.ask(SoundChosen(self.sound))
        self.show_choices()

    def action_begin(self) -> None:
        if self.timeline is None:
            self.app.bell()
            return
        self.ask(Begin(self.timeline, self.motion))

    def action_back(self) -> None:
        self.ask(BackToLibrary())
