"""How close `breather play ID --plain` prints each line to its planned offset.

Plays a real session (default: cyclic-sigh, one minute) in a subprocess, timestamps every line as
it arrives, and compares it with the offset from `breather plan ID --json`. Goal (issue 2): every
line within 0.1 s. Run `.venv/bin/python bench/plain_timing.py [ID] [--minutes M]`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    breather = str(Path(sys.executable).with_name("breather"))
    args = sys.argv[1:] or ["cyclic-sigh"]
    planned = json.loads(
        subprocess.run([breather, "plan", *args, "--json"], capture_output=True, check=True).stdout
    )
    offsets = [event["at"] for event in planned["events"]] + [planned["seconds"]]
    started = time.monotonic()
    process = subprocess.Popen(
        [breather, "play", *args, "--plain"],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    arrivals = [(time.monotonic() - started, line.rstrip("\n")) for line in process.stdout]
    process.wait()
    # The start card's lines come first, all at offset 0 as the session starts; then one line per
    # event and the end line, one for each planned offset.
    card = len(arrivals) - len(offsets)
    assert card >= 1, f"expected the start card's lines, then {len(offsets)} more"
    zero = arrivals[0][0]
    event_lines = arrivals[card:]
    errors = []
    for (arrived, line), offset in zip(event_lines, offsets, strict=True):
        error = arrived - zero - offset
        errors.append(abs(error))
        print(f"{offset:7.2f}s planned  {arrived - zero:7.3f}s printed  {error:+.3f}s  {line[:50]}")
    print(
        f"\n{len(errors)} lines; worst {max(errors) * 1000:.1f} ms; "
        f"mean {sum(errors) / len(errors) * 1000:.1f} ms; goal 100 ms"
    )


if __name__ == "__main__":
    main()
