"""The soft tones breather plays, made here with the standard library and kept as WAV files.

Why it exists: a cue that does not need the eyes (breathing with them closed, walking away from
the screen) must not need a new dependency or a download either. So the tones are computed:
sine waves with a raised-cosine attack and release (a sound that starts or stops at full level
clicks; one that fades in and out over tens of milliseconds does not), written as 16-bit PCM mono
WAV files that every platform's own player understands.

What each tone means: a rising glide starts an in-breath, a falling glide an out-breath, a low
short note a hold, and a two-note chime marks a ``bell`` step and a session's start and end.

How loud: ``volume`` 0–100 (default 30) follows a square law (50 is a quarter of the level of
100, about 12 dB down), the way loudness is heard; at 100 a tone peaks at -7 dBFS, so nothing
breather makes can come near full scale. Volume 30 peaks near -28 dBFS: quiet on purpose.

Where they live: once made, in ``<cache folder>/tones`` under names that carry the tone, the
volume and a digest of everything that shapes the sound, so a new volume (or a new breather that
sounds different) writes new files and never plays stale ones. Each file is written beside its
final name and renamed into place, so a crash or a second breather never leaves half a file
under a name that will be played. When that folder cannot be written, the files go to a fresh
temporary folder, removed when the session closes. Nothing is ever fetched.

This module never plays anything and never imports Textual.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import shutil
import sys
import tempfile
import wave
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from breather.sound_choice import DEFAULT_VOLUME as DEFAULT_VOLUME  # named here too

ToneName: TypeAlias = Literal["in", "out", "hold", "chime"]
TONE_NAMES: tuple[ToneName, ...] = ("in", "out", "hold", "chime")

SAMPLE_RATE = 22050
"""Frames per second: plenty for tones under 1 kHz, and half the bytes of CD rate."""
SAMPLE_WIDTH = 2
"""Bytes per sample: 16-bit signed PCM."""
FULL_SCALE = 32767
MAX_PEAK_DBFS = -7.0
"""The loudest sample breather ever writes (at volume 100), relative to full scale."""
WAV_HEADER_BYTES = 44
"""The size of the header :mod:`wave` writes for PCM: RIFF, ``fmt `` and ``data`` chunks."""
SYNTHESIS_VERSION = 1
"""Part of every file name: raise it when the sound changes in a way the specs below do not show."""


@dataclass(frozen=True)
class Note:
    """One sine note, gliding from one pitch to another, faded in and out.

    Attributes:
        start_hz: The pitch it begins at.
        end_hz: The pitch it ends at (the glide is even in pitch, not in hertz).
        seconds: Its length, fades included.
        attack: Seconds of raised-cosine fade-in.
        release: Seconds of raised-cosine fade-out.
        level: Its loudness relative to the volume's peak, 0..1.
    """

    start_hz: float
    end_hz: float
    seconds: float
    attack: float
    release: float
    level: float = 1.0


@dataclass(frozen=True)
class Tone:
    """A cue: one or more notes, with silence between them.

    Attributes:
        name: What it announces.
        notes: Played one after another.
        gap: Seconds of silence between two notes.
    """

    name: ToneName
    notes: tuple[Note, ...]
    gap: float = 0.0

    @property
    def seconds(self) -> float:
        """The tone's length as written (the file holds this many seconds, to one frame)."""
        return sum(note.seconds for note in self.notes) + self.gap * (len(self.notes) - 1)

    @property
    def frames(self) -> int:
        """How many samples the file holds."""
        gaps = round(self.gap * SAMPLE_RATE) * (len(self.notes) - 1)
        return sum(round(note.seconds * SAMPLE_RATE) for note in self.notes) + gaps


TONES: Mapping[ToneName, Tone] = {
    # D4 up to A4, a fifth: the breath rising.
    "in": Tone("in", (Note(293.66, 440.0, 0.6, attack=0.06, release=0.18),)),
    # A4 down to D4: the breath leaving.
    "out": Tone("out", (Note(440.0, 293.66, 0.6, attack=0.06, release=0.18),)),
    # A3, short and a little quieter: stay here.
    "hold": Tone("hold", (Note(220.0, 220.0, 0.25, attack=0.04, release=0.12, level=0.8),)),
    # D5 then A5, the second one left to ring out: begin, end, or a bell step.
    "chime": Tone(
        "chime",
        (
            Note(587.33, 587.33, 0.3, attack=0.02, release=0.2, level=0.8),
            Note(880.0, 880.0, 0.7, attack=0.02, release=0.5, level=0.7),
        ),
        gap=0.04,
    ),
}


def peak_for(volume: int) -> float:
    """The highest sample a tone at ``volume`` (0–100) reaches, as a fraction of full scale."""
    if not 0 <= volume <= 100:
        raise ValueError(f"volume is 0–100, got {volume}")
    return 10 ** (MAX_PEAK_DBFS / 20) * (volume / 100) ** 2


def _raised_cosine(position: float, length: float) -> float:
    """0 at ``position`` 0, rising along half a cosine to 1 at ``length``: a fade with no corner."""
    if position >= length:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * position / length)


def _note_samples(note: Note, peak: float, out: array[int]) -> None:
    """Append one note to ``out``, its phase accumulated so a glide never jumps."""
    frames = round(note.seconds * SAMPLE_RATE)
    ratio = note.end_hz / note.start_hz
    amplitude = peak * note.level * FULL_SCALE
    step = ratio ** (1 / max(frames - 1, 1))  # the glide multiplies the pitch by this per frame
    phase = 0.0
    hz = note.start_hz
    for index in range(frames):
        t = index / SAMPLE_RATE
        left = (frames - 1 - index) / SAMPLE_RATE
        envelope = _raised_cosine(t, note.attack) * _raised_cosine(left, note.release)
        out.append(round(amplitude * envelope * math.sin(phase)))
        phase += 2 * math.pi * hz / SAMPLE_RATE
        hz *= step


def samples(tone: Tone, volume: int) -> array[int]:
    """The tone's samples at ``volume``: signed 16-bit, mono, :data:`SAMPLE_RATE` per second."""
    peak = peak_for(volume)
    out: array[int] = array("h")
    gap = round(tone.gap * SAMPLE_RATE)
    for index, note in enumerate(tone.notes):
        if index:
            out.extend([0] * gap)
        _note_samples(note, peak, out)
    return out


def wav_bytes(tone: Tone, volume: int) -> bytes:
    """The whole WAV file for the tone at ``volume``."""
    data = samples(tone, volume)
    if sys.byteorder == "big":  # WAV is little-endian whatever the machine
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(SAMPLE_WIDTH)
        file.setframerate(SAMPLE_RATE)
        file.writeframes(data.tobytes())
    return buffer.getvalue()


def file_name(tone: Tone, volume: int) -> str:
    """A name that changes whenever the file's content would: tone, volume and a digest of both.

    The digest covers the synthesis version, the rate and the tone's every number, so files
    made by an older breather or for another volume are never mistaken for this one.
    """
    spec = repr((SYNTHESIS_VERSION, SAMPLE_RATE, SAMPLE_WIDTH, MAX_PEAK_DBFS, tone, volume))
    digest = hashlib.sha256(spec.encode()).hexdigest()[:12]
    return f"breather-{tone.name}-v{volume}-{digest}.wav"


class ToneFilesUnavailable(Exception):
    """Neither the cache folder nor a temporary folder could take the tone files."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ToneFiles:
    """The tone files for one volume, ready to be played.

    Attributes:
        paths: One WAV file per tone.
        temporary: The temporary folder holding them when the cache could not be written
            (removed by :meth:`remove_temporary`), else None.
        problem: Why the cache folder was not used, when it was not.
    """

    paths: Mapping[ToneName, Path]
    temporary: Path | None = None
    problem: str | None = None

    def remove_temporary(self) -> None:
        """Remove the temporary folder, if the files live in one; cached files stay."""
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def _is_whole(path: Path, tone: Tone) -> bool:
    """Whether a file already at ``path`` holds the whole tone (right size; named by content)."""
    try:
        return path.stat().st_size == WAV_HEADER_BYTES + SAMPLE_WIDTH * tone.frames
    except OSError:
        return False


def _write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` beside ``path`` and rename it into place, so no reader sees half."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed, not deleted
        dir=path.parent, prefix=".breather-", suffix=".part", delete=False
    )
    try:
        with handle:
            handle.write(content)
        Path(handle.name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
        raise


def _write_all(volume: int, folder: Path) -> dict[ToneName, Path]:
    """Make every tone missing from ``folder``; reuse the ones already there."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[ToneName, Path] = {}
    for name in TONE_NAMES:
        tone = TONES[name]
        path = folder / file_name(tone, volume)
        if not _is_whole(path, tone):
            _write_atomically(path, wav_bytes(tone, volume))
        paths[name] = path
    return paths


def tone_files(volume: int, cache: Path, *, temp_root: Path | None = None) -> ToneFiles:
    """The tone files for ``volume``: in ``cache/tones`` (made once), else in a temporary folder.

    Args:
        volume: 0–100.
        cache: The user's cache folder (:func:`breather.paths.cache_folder`).
        temp_root: Where a temporary folder goes when the cache cannot be written; the system's
            temporary folder by default.

    Raises:
        ToneFilesUnavailable: when neither place can be written, with both reasons.
    """
    folder = cache / "tones"
    try:
        return ToneFiles(_write_all(volume, folder))
    except OSError as error:
        problem = f"could not write {folder} ({error.strerror or error})"
    try:
        temporary = Path(tempfile.mkdtemp(prefix="breather-tones-", dir=temp_root))
    except OSError as error:
        where = temp_root or tempfile.gettempdir()
        raise ToneFilesUnavailable(
            f"the tone files could not be written: {problem}, nor to {where} "
            f"({error.strerror or error})"
        ) from error
    try:
        return ToneFiles(_write_all(volume, temporary), temporary=temporary, problem=problem)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ToneFilesUnavailable(
            f"the tone files could not be written: {problem}, nor to {temporary} "
            f"({error.strerror or error})"
        ) from error
