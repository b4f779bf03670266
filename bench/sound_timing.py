"""How close to its phase each tone's player process starts, over a 2-minute breathing session.

Goal (issue 12): every tone within 50 ms of the start of the phase it announces, measured from
the moment the player process is started against the planned offset. The session is played in
real time by a caller that sleeps until each moment and tells a :class:`breather.sound.Speaker`
(the part of the cues that starts players), as the plain player and the TUI do.

Players measured:

- ``fake``: a shell script that records the moment it began (``date +%s.%N``) and its arguments;
  its own record also shows how long the shell took to get going.
- ``aplay``: the real ALSA player, when installed, sent to ALSA's ``null`` device: a machine with
  no sound card still measures how long aplay takes to start (not audio latency).

Then a real exercise is played through the line player (``play_plain``, as
``breather play eyes-closed-breathing --plain --sound tones`` does), with ``aplay`` on the
``null`` device when installed, else the fake: the tone's due moment there is the one the player
works out from the session (its start plus the event's offset), so this also measures the
wiring, not only the speaker.

Then the real path with the default device is tried once (``open_cues``): on a machine without
a sound card it must fall back to the bell with one notice.

Run ``.venv/bin/python bench/sound_timing.py [--seconds 120] [--player fake|aplay|both]
[--exercise eyes-closed-breathing] [--minutes 2]`` (``--exercise none`` leaves that part out).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from breather.clock import MonotonicClock
from breather.library import load_library
from breather.plain import play_plain
from breather.players import CommandPlayer
from breather.settings import Settings
from breather.sound import MAX_LATE, Cues, Speaker, Started, open_cues
from breather.tones import ToneFiles, ToneName, tone_files


def schedule(seconds: float) -> list[tuple[float, ToneName]]:
    """A breathing session: a chime, breaths 4-2-6, a bell step, a closing chime."""
    events: list[tuple[float, ToneName]] = [(0.0, "chime")]
    at = 3.0
    while at + 12 <= seconds - 9:
        events += [(at, "in"), (at + 4, "hold"), (at + 6, "out")]
        at += 12
    events += [(at, "chime"), (seconds, "chime")]
    return events


@dataclass
class Run:
    """What one player did over the session."""

    name: str
    planned: int
    started: list[Started]
    caller_late: list[float]
    skipped: int
    failure: str | None
    script_late: list[float]


def play_session(
    name: str, command: tuple[str, ...], files: dict[ToneName, Path], seconds: float
) -> tuple[Speaker, list[Started], list[float], float, float]:
    """Play the schedule in real time.

    Returns:
        The speaker, the tones it started, how late the caller woke for each, and the session's
        start on the monotonic clock and on the wall clock (the fake script records the latter).
    """
    clock = MonotonicClock()
    started: list[Started] = []
    speaker = Speaker(CommandPlayer(name, command), clock=clock, on_started=started.append)
    caller_late: list[float] = []
    start, wall_start = clock.now(), time.time()  # read together: the two clocks' common zero
    for at, tone in schedule(seconds):
        due = start + at
        while (left := due - clock.now()) > 0:
            time.sleep(left)
        caller_late.append(clock.now() - due)
        speaker.play(tone, files[tone], due=due)
    speaker.settle()
    speaker.close(finish=True)
    return speaker, started, caller_late, start, wall_start


def measure(name: str, command: tuple[str, ...], files: dict[ToneName, Path], seconds: float,
            record: Path | None = None) -> Run:  # fmt: skip
    """Play the session with one player and collect every lateness."""
    speaker, started, caller_late, start, wall_start = play_session(name, command, files, seconds)
    script_late: list[float] = []
    if record is not None and record.exists():
        moments = [float(line.split()[0]) for line in record.read_text().splitlines()]
        script_late = [
            moment - (wall_start + tone.due - start)
            for moment, tone in zip(moments, started, strict=True)
        ]
    return Run(name, len(schedule(seconds)), started, caller_late, speaker.skipped,
               speaker.failure, script_late)  # fmt: skip


def ms(values: list[float]) -> str:
    """Worst, median and best, in milliseconds."""
    if not values:
        return "none"
    return (
        f"worst {max(values) * 1000:.1f} ms, median {statistics.median(values) * 1000:.1f} ms, "
        f"best {min(values) * 1000:.1f} ms"
    )


def report(run: Run) -> None:
    """Print one player's numbers."""
    late = [s.late for s in run.started]
    print(f"\n{run.name}: {len(run.started)} of {run.planned} tones started, {run.skipped} skipped")
    print(f"  player process started after its phase: {ms(late)}")
    if run.caller_late:
        print(f"  caller woke after its phase:            {ms(run.caller_late)}")
    if run.script_late:
        print(f"  script's first command after its phase: {ms(run.script_late)}")
    over = [value for value in late if value > MAX_LATE]
    print(f"  over {MAX_LATE * 1000:.0f} ms: {len(over)}")
    if run.failure:
        print(f"  player failed: {run.failure}")


def through_the_line_player(
    exercise_id: str, minutes: float | None, command: tuple[str, ...], files: ToneFiles
) -> Run:
    """Play a built-in exercise through ``play_plain`` in real time, its cues on ``command``."""
    library = load_library(Settings())
    timeline = library.plan(library.get(exercise_id), minutes=minutes, holds=True, support="")
    clock = MonotonicClock()
    started: list[Started] = []
    name = Path(command[0]).name
    speaker = Speaker(CommandPlayer(name, command), clock=clock, on_started=started.append)
    cues = Cues("tones", bell=lambda: None, files=files, speaker=speaker)
    with cues:
        play_plain(timeline, io.StringIO(), clock=clock, cues=cues)
    phases = sum(1 for event in timeline.events if event.phase is not None)
    planned = phases + 2  # and the chimes at the start and the end (no bell steps here)
    label = f"{exercise_id} through play_plain, {name}"
    return Run(label, planned, started, [], speaker.skipped, speaker.failure, [])


def fake_player(folder: Path) -> tuple[Path, Path]:
    """A player command that records when it began and what it was given; plays nothing."""
    record = folder / "fake-player.log"
    script = folder / "fake-player"
    script.write_text(f"#!/bin/sh\nprintf '%s %s\\n' \"$(date +%s.%N)\" \"$*\" >> '{record}'\n")
    script.chmod(0o755)
    return script, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--player", choices=("fake", "aplay", "both"), default="both")
    parser.add_argument("--exercise", default="eyes-closed-breathing")
    parser.add_argument("--minutes", type=float, default=2.0)
    args = parser.parse_args()
    events = schedule(args.seconds)
    print(f"{len(events)} tones over {args.seconds:g} s (chime, 4-2-6 breaths, bell, chime)")
    with tempfile.TemporaryDirectory(prefix="breather-bench-") as temp:
        folder = Path(temp)
        files = dict(tone_files(30, folder / "cache").paths)
        if args.player in ("fake", "both"):
            script, record = fake_player(folder)
            report(measure("fake", (str(script),), files, args.seconds, record))
        aplay = shutil.which("aplay")
        if args.player in ("aplay", "both"):
            if aplay is None:
                print("\naplay: not installed (apt-get install alsa-utils); skipped")
            else:
                report(measure("aplay", (aplay, "-q", "-D", "null"), files, args.seconds))
        if args.exercise != "none":
            if aplay is not None:
                command: tuple[str, ...] = (aplay, "-q", "-D", "null")
            else:
                command = (str(fake_player(folder)[0]),)
            tones = tone_files(30, folder / "cache")
            report(through_the_line_player(args.exercise, args.minutes, command, tones))
        rang: list[float] = []
        cues = open_cues("tones", 30, folder / "cache", bell=lambda: rang.append(time.time()))
        cues.session_started()
        time.sleep(0.5)
        cues.chime()
        print(f"\nthe real path here: sound is now {cues.mode!r}; notice: {cues.take_notice()!r}; "
              f"bells rung: {len(rang)}")  # fmt: skip
        cues.close(finish=False)


if __name__ == "__main__":
    main()
