"""The start card's sound rows: the level chosen, why tones cannot play here, and an offer.

Kept apart from the start screen so the words live in one small place: what each level means,
the notice when this computer has no player (said here, once, before the session rather than in
the middle of it), and, for an exercise made for the eyes closed or away from the screen, a
single line offering tones while sound is off. The offer is made at most once per run, and it
names the key rather than asking a question: nothing waits on it.
"""

from __future__ import annotations

from rich.text import Text

from breather.session_sound import SOUND_WORDS
from breather.sound import SoundMode

INDENT = " " * 9
"""Lines under a row start under its value ("Sound    " is nine characters wide)."""

OFFER = "Made for the eyes closed or away from the screen: s turns on tones that carry it."


def instead_of_tones(bell_rings: bool) -> str:
    """What sounds when tones cannot: the bell at marked steps, where the settings let it ring."""
    return "the terminal bell at marked steps instead" if bell_rings else "no sound instead"


def sound_words(mode: SoundMode, *, volume: int, bell_rings: bool) -> str:
    """What the level means with these settings (a volume of 0 or a quiet bell says so)."""
    if mode == "tones" and volume == 0:
        return "tones, but the volume setting is 0, so nothing is heard"
    if mode == "bell" and not bell_rings:
        return "bell, but the setting bell: false keeps it quiet"
    return SOUND_WORDS[mode]


def sound_rows(
    mode: SoundMode,
    *,
    volume: int,
    bell_rings: bool,
    unavailable: str | None,
    offer_tones: bool,
) -> Text:
    """The rows, beginning on a new line, to follow the other choices on the card.

    Args:
        mode: The sound chosen for this session.
        volume: The settings' volume.
        bell_rings: Whether the settings let the terminal bell ring.
        unavailable: Why tones cannot play on this computer (looked for only with tones).
        offer_tones: Whether to offer tones while sound is off.
    """
    rows = Text("\n")
    rows.append("Sound    ", style="bold")
    rows.append(sound_words(mode, volume=volume, bell_rings=bell_rings))
    rows.append("      s to switch", style="dim")
    if mode == "tones" and unavailable is not None and volume > 0:
        rows.append(f"\n{INDENT}{unavailable}; {instead_of_tones(bell_rings)}", style="italic")
    if mode == "off" and offer_tones:
        rows.append(f"\n{INDENT}{OFFER}", style="italic")
    return rows
