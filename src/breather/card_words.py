"""The start card in words, for the players that have no card: ``--plain`` and dumb terminals.

The full-screen start card shows the intro, the safety note, the length chosen and whether breath
holds are on, and lets the person change them with keys before anything begins. A line-by-line
session has no card and no keys: it is often what a screen reader hears, so it must say the same
things, the safety note above all, in sentences that need no key. Intros are written for the
card ("press h on this card"), so the lines here say plainly which choices this mode offers and
that keys named in the text belong to the full-screen player. Nothing here prints or waits; the
player stamps and writes these lines.
"""

from __future__ import annotations

from collections import Counter

from breather import durations
from breather.lead import NAMES_A_KEY, NUMBER_WORDS
from breather.model import ChecklistStep, PlayableStep
from breather.timeline import Timeline


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """The text with a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _step_words(step: PlayableStep) -> str:
    words = getattr(step, "text", None) or ""
    if isinstance(step, ChecklistStep):
        words = " ".join((words, *step.items))
    return words


def names_a_key(timeline: Timeline) -> bool:
    """Whether any text this session shows tells the reader to press a key."""
    exercise = timeline.exercise
    texts = [exercise.intro, exercise.safety, exercise.outro]
    texts += [_step_words(planned.step) for planned in timeline.steps]
    return any(NAMES_A_KEY.search(text) for text in texts)


WAITING_NAMES = {
    "checklist": ("a checklist", "checklists"),
    "check-in": ("a check-in", "check-ins"),
    "write": ("a place to write", "places to write"),
    "recall": ("a look at your journal", "looks at your journal"),
}
"""What a step that waits is called where the length is given, by its kind: one, and many."""


def waiting_words(timeline: Timeline) -> str:
    """The steps that wait for the user, which the length leaves out; "" when there are none.

    "1 step that waits for you (a place to write)", "3 steps that wait for you (two checklists,
    a place to write)": what each is, so nobody expects a checklist where there are only boxes.
    """
    waiting = [planned.step for planned in timeline.steps if planned.waits]
    if not waiting:
        return ""
    kinds = Counter(step.kind for step in waiting)
    names = []
    for kind, count in kinds.items():
        one, many = WAITING_NAMES.get(kind, ("a step", "steps"))
        number = NUMBER_WORDS[count - 1] if count <= len(NUMBER_WORDS) else str(count)
        names.append(one if count == 1 else f"{number} {many}")
    steps = "1 step that waits" if len(waiting) == 1 else f"{len(waiting)} steps that wait"
    return f"{steps} for you ({', '.join(names)})"


def length_sentence(timeline: Timeline) -> str:
    """How long the session lasts, and whether it was fitted: "About 2 min (1:57), as written."."""
    total = timeline.total
    words = f"{durations.length_words(total)} ({durations.length(total)})"
    if timeline.target is None:
        chosen = "as written"
    elif not timeline.fitted:  # offered only as written (one sigh): the length asked is not kept
        chosen = f"as written (asked for {durations.minutes_short(timeline.target / 60.0)})"
    else:
        chosen = f"fitted to {durations.minutes_short(timeline.target / 60.0)}"
    waiting = waiting_words(timeline)
    extra = f", and {waiting}" if waiting else ""
    return f"{words[0].upper()}{words[1:]}, {chosen}{extra}."


def how_this_mode_works(timeline: Timeline) -> str:
    """What a person can do in a line-by-line session, and what needs the full-screen player."""
    waits = any(planned.waits for planned in timeline.steps)
    enter = ", and a step that waits goes on at Enter" if waits else ""
    elsewhere = (
        "pausing, and the keys the text mentions, need the full-screen player"
        if names_a_key(timeline)
        else "pausing needs the full-screen player"
    )
    return f"Line by line: Ctrl+C stops at any moment{enter}; {elsewhere}."


def holds_sentence(timeline: Timeline) -> str | None:
    """Whether breath holds are on, and how to play without them; None when there are none."""
    if timeline.holds_dropped:
        return "Breath holds are off for this session."
    if not timeline.exercise.has_holds:
        return None
    return "Breath holds are on; to play without them, stop and start again with --no-holds."


def card_lines(timeline: Timeline) -> list[str]:
    """The start card as lines, in the order a person needs them before the first step.

    The title and length, what this mode offers, the intro, the safety note, then the holds.
    Each is one line (the texts' own line breaks folded); none is empty.
    """
    exercise = timeline.exercise
    lines = [
        f"{_sentence(_one_line(exercise.title))} {length_sentence(timeline)}",
        how_this_mode_works(timeline),
    ]
    if exercise.intro:
        lines.append(_one_line(exercise.intro))
    if exercise.safety:
        lines.append(f"Safety: {_one_line(exercise.safety)}")
    holds = holds_sentence(timeline)
    if holds is not None:
        lines.append(holds)
    return lines
