"""The tones, checked as audio: every file read back with the standard library, and with sox.

Each tone is written to a cache in tmp_path and read back with :mod:`wave`, so what is checked is
what a player would play: the format, the length, the level, the edges (no click) and the
direction of a glide. Where Debian's ``sox`` is installed, it must agree; under CI it must be.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest

from breather import paths, tones
from breather.tones import (
    SAMPLE_RATE,
    TONE_NAMES,
    TONES,
    ToneFilesUnavailable,
    ToneName,
    tone_files,
)

VOLUMES = (5, 30, 100)
MINUS_6_DBFS = 10 ** (-6 / 20)


@dataclass(frozen=True)
class Wav:
    """A WAV file as the standard library reads it."""

    channels: int
    width: int
    rate: int
    samples: array[int]

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    @property
    def peak(self) -> float:
        """The highest sample as a fraction of full scale (sox's "Maximum amplitude")."""
        return max(abs(sample) for sample in self.samples) / 32768


def read_wav(path: Path) -> Wav:
    with wave.open(str(path), "rb") as file:
        raw = file.readframes(file.getnframes())
        samples = array("h", raw)
        if sys.byteorder == "big":
            samples.byteswap()
        return Wav(file.getnchannels(), file.getsampwidth(), file.getframerate(), samples)


def zero_crossings(samples: array[int]) -> int:
    """Sign changes, ignoring exact zeros (a quiet edge rounds to 0 without crossing)."""
    count, previous = 0, 0
    for sample in samples:
        if sample == 0:
            continue
        if previous and (sample > 0) != (previous > 0):
            count += 1
        previous = sample
    return count


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[ToneName, int], Wav]:
    """Every tone at every volume, written to a cache and read back."""
    cache = tmp_path_factory.mktemp("cache")
    found: dict[tuple[ToneName, int], Wav] = {}
    for volume in VOLUMES:
        files = tone_files(volume, cache)
        for name in TONE_NAMES:
            found[name, volume] = read_wav(files.paths[name])
    return found


CASES = [(name, volume) for name in TONE_NAMES for volume in VOLUMES]


@pytest.mark.parametrize(("name", "volume"), CASES)
def test_every_tone_is_16_bit_mono_pcm_at_the_rate_and_length_planned(
    written: dict[tuple[ToneName, int], Wav], name: ToneName, volume: int
) -> None:
    wav = written[name, volume]
    assert (wav.channels, wav.width, wav.rate) == (1, 2, SAMPLE_RATE)
    assert abs(wav.seconds - TONES[name].seconds) <= 0.010


@pytest.mark.parametrize(("name", "volume"), CASES)
def test_every_tone_peaks_under_minus_6_dbfs(
    written: dict[tuple[ToneName, int], Wav], name: ToneName, volume: int
) -> None:
    wav = written[name, volume]
    assert 0 < wav.peak < MINUS_6_DBFS, f"{20 * math.log10(wav.peak):.1f} dBFS"


def test_volume_scales_the_level_and_100_stays_near_minus_7_dbfs(
    written: dict[tuple[ToneName, int], Wav],
) -> None:
    for name in TONE_NAMES:
        peaks = [written[name, volume].peak for volume in VOLUMES]
        assert peaks == sorted(peaks)
        assert len(set(peaks)) == len(peaks)
    loudest = 20 * math.log10(written["in", 100].peak)
    assert -7.5 < loudest < -6.5
    default = 20 * math.log10(written["in", 30].peak)
    assert -30 < default < -26, "the default volume is quiet on purpose"


def test_volume_outside_0_to_100_is_refused() -> None:
    with pytest.raises(ValueError, match="volume is 0–100, got 101"):
        tones.peak_for(101)
    assert tones.peak_for(0) == 0.0


@pytest.mark.parametrize(("name", "volume"), CASES)
def test_no_tone_clicks_at_its_edges_or_inside(
    written: dict[tuple[ToneName, int], Wav], name: ToneName, volume: int
) -> None:
    """Silence before and after the file, so a click is a jump from or to 0 at either end; and
    no jump between two samples may exceed what the highest note's sine allows at full level."""
    samples = written[name, volume].samples
    assert abs(samples[0]) <= 1
    assert abs(samples[-1]) <= 1
    top = max(abs(sample) for sample in samples)
    one_ms = SAMPLE_RATE // 1000
    # Every attack and release is at least 20 ms: after 1 ms the level is still under 5 % of it.
    assert max(abs(sample) for sample in samples[:one_ms]) <= 0.05 * top + 1
    assert max(abs(sample) for sample in samples[-one_ms:]) <= 0.05 * top + 1
    highest = max(max(note.start_hz, note.end_hz) for note in TONES[name].notes)
    allowed = top * 2 * math.pi * highest / SAMPLE_RATE + 2
    jumps = (abs(samples[i + 1] - samples[i]) for i in range(len(samples) - 1))
    assert max(jumps) <= allowed


@pytest.mark.parametrize(("name", "rises"), [("in", True), ("out", False)])
@pytest.mark.parametrize("volume", VOLUMES)
def test_in_breath_tones_rise_and_out_breath_tones_fall(
    written: dict[tuple[ToneName, int], Wav], name: ToneName, rises: bool, volume: int
) -> None:
    samples = written[name, volume].samples
    quarter = len(samples) // 4
    first, last = zero_crossings(samples[:quarter]), zero_crossings(samples[-quarter:])
    assert (last > first * 1.15) if rises else (first > last * 1.15), (first, last)


def test_the_hold_is_low_and_short_and_the_chime_has_two_notes(
    written: dict[tuple[ToneName, int], Wav],
) -> None:
    hold, breath = written["hold", 30], written["in", 30]
    assert hold.seconds < breath.seconds / 2
    assert (
        zero_crossings(hold.samples) / hold.seconds
        < zero_crossings(breath.samples) / breath.seconds
    )
    runs, run = [], 0
    for sample in written["chime", 30].samples:
        run = run + 1 if sample == 0 else 0
        if run == round(0.02 * SAMPLE_RATE):  # 20 ms of silence: a gap, not a zero crossing
            runs.append(run)
    assert len(runs) == 1, "one silence between two notes"


# The files: made once, reused, atomic, renamed by volume, and a temporary folder when needed.


def test_files_are_made_once_in_the_cache_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tone_files(30, tmp_path)
    assert first.temporary is None
    assert first.problem is None
    assert {path.parent for path in first.paths.values()} == {tmp_path / "tones"}

    def no_synthesis(tone: tones.Tone, volume: int) -> bytes:
        raise AssertionError(f"{tone.name} made again")

    monkeypatch.setattr(tones, "wav_bytes", no_synthesis)
    again = tone_files(30, tmp_path)
    assert again.paths == first.paths
    assert sorted(p.name for p in (tmp_path / "tones").iterdir()) == sorted(
        p.name for p in first.paths.values()
    ), "no partial files left behind"


def test_another_volume_writes_other_files_and_keeps_the_first(tmp_path: Path) -> None:
    quiet, loud = tone_files(30, tmp_path), tone_files(80, tmp_path)
    for name in TONE_NAMES:
        assert quiet.paths[name] != loud.paths[name]
        assert f"-{name}-v80-" in loud.paths[name].name
        assert quiet.paths[name].exists()
        assert read_wav(quiet.paths[name]).peak < read_wav(loud.paths[name]).peak


def test_a_damaged_file_under_the_right_name_is_made_again(tmp_path: Path) -> None:
    path = tone_files(30, tmp_path).paths["in"]
    path.write_bytes(path.read_bytes()[:1000])
    assert tone_files(30, tmp_path).paths["in"] == path
    assert read_wav(path).seconds == pytest.approx(TONES["in"].seconds, abs=0.010)


def test_the_cache_is_the_users_cache_folder(isolated_home: Path) -> None:
    assert paths.cache_folder() == isolated_home / ".cache" / "breather"


def test_an_unwritable_cache_puts_the_files_in_a_temporary_folder_removed_after(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the folder should be")
    files = tone_files(30, cache, temp_root=tmp_path)
    assert files.temporary is not None
    assert files.temporary.parent == tmp_path
    assert files.problem is not None
    assert files.problem.startswith(f"could not write {cache / 'tones'} (")
    for name in TONE_NAMES:
        assert read_wav(files.paths[name]).seconds == pytest.approx(TONES[name].seconds, abs=0.01)
    files.remove_temporary()
    assert not files.temporary.exists()


def test_nowhere_to_write_says_both_places(tmp_path: Path) -> None:
    cache, temp = tmp_path / "cache", tmp_path / "temp"
    cache.write_text("not a folder")
    temp.write_text("not a folder either")
    with pytest.raises(ToneFilesUnavailable) as raised:
        tone_files(30, cache, temp_root=temp)
    reason = raised.value.reason
    assert reason.startswith(f"the tone files could not be written: could not write {cache}")
    assert f"nor to {temp} (" in reason


# With sox: an independent reader must agree with the standard-library checks.


def sox() -> str:
    """sox's path; a clear skip when it is missing here, a failure under CI."""
    found = shutil.which("sox")
    if found:
        return found
    message = "sox is not installed: `apt-get install sox` to check the tones with it"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must have it: see .ci/run)")
    pytest.skip(message)


def sox_stat(path: Path, *effects: str) -> dict[str, float]:
    """``sox FILE -n [EFFECT...] stat``: what sox measures, by name."""
    command = [sox(), str(path), "-n", *effects, "stat"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    found: dict[str, float] = {}
    for line in result.stderr.splitlines():
        key, _, value = line.partition(":")
        try:
            found[key.strip()] = float(value)
        except ValueError:
            continue
    return found


def sox_info(flag: str, path: Path) -> str:
    return subprocess.run(
        [sox(), "--i", flag, str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("name", TONE_NAMES)
def test_sox_reads_the_same_format_length_and_peak(name: ToneName, tmp_path: Path) -> None:
    path = tone_files(100, tmp_path).paths[name]
    ours = read_wav(path)
    assert sox_info("-r", path) == str(SAMPLE_RATE)
    assert sox_info("-c", path) == "1"
    assert sox_info("-b", path) == "16"
    assert sox_info("-e", path) == "Signed Integer PCM"
    assert int(sox_info("-s", path)) == len(ours.samples)
    assert float(sox_info("-D", path)) == pytest.approx(TONES[name].seconds, abs=0.010)
    stat = sox_stat(path)
    assert stat["Length (seconds)"] == pytest.approx(ours.seconds, abs=1e-4)
    assert stat["Maximum amplitude"] == pytest.approx(ours.peak, abs=1e-4)
    assert stat["Maximum amplitude"] < MINUS_6_DBFS
    assert abs(stat["Minimum amplitude"]) < MINUS_6_DBFS


@pytest.mark.parametrize(("name", "rises"), [("in", True), ("out", False)])
def test_sox_hears_in_rise_and_out_fall(name: ToneName, rises: bool, tmp_path: Path) -> None:
    path = tone_files(30, tmp_path).paths[name]
    quarter = TONES[name].seconds / 4
    start = sox_stat(path, "trim", "0", f"{quarter}")["Rough   frequency"]
    end = sox_stat(path, "trim", f"{3 * quarter}")["Rough   frequency"]
    assert (end > start * 1.15) if rises else (start > end * 1.15), (start, end)
