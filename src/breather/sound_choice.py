"""The sound a user can choose, apart from the sound itself.

Why it exists: the settings file and the command line read and check ``sound`` and ``volume``
at every start, and :mod:`breather.sound` brings the players, the tone synthesis, threads and
``subprocess`` with it (about 15 ms that ``breather list`` never uses). The choices live here;
:mod:`breather.sound` and :mod:`breather.tones` hand them on under their old names. It must stay
free of imports: it is read before anything is played.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

SoundMode: TypeAlias = Literal["off", "bell", "tones"]
SOUND_MODES: tuple[SoundMode, ...] = ("off", "bell", "tones")

DEFAULT_VOLUME = 30
"""The tones' volume (0 to 100) when the settings name none."""
