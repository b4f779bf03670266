"""Every hostile file of the suite, timed and measured: wall time and peak memory of
`breather validate FILE` in its own process. Goal (issue 6): within 1 s and 200 MB each.
The files that try to drive the terminal (issue 17: escape sequences, C1 controls, direction
controls, in text, keys and file names) are counted apart, and every answer is checked for a raw
ESC, BEL or C1 control: none may be echoed.

Run `.venv/bin/python bench/hostile.py`.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.hostile import CONTROL_PREFIX, cases

if sys.platform == "win32":
    raise SystemExit("bench/hostile.py measures memory with getrusage: run it on Linux or macOS")

RAW_CONTROL = re.compile(r"[\x07\x1b\x80-\x9f]")


def main() -> None:
    breather = str(Path(sys.executable).with_name("breather"))
    worst_time, worst_memory, tried, unexpected = 0.0, 0.0, 0, []
    controls, echoed = 0, []
    with tempfile.TemporaryDirectory() as folder:
        for name, make, accepted in cases():
            path = Path(folder) / f"{name}.yaml"
            path.write_bytes(make())
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            result = subprocess.run(
                [breather, "validate", str(path)],
                capture_output=True,
                text=True,
                errors="surrogateescape",  # see the bytes as written, whatever they are
                check=False,
            )
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            tried += 1
            worst_time = max(worst_time, elapsed)
            worst_memory = max(worst_memory, peak if peak * 1024 > before else worst_memory)
            expected = 0 if accepted else 2
            if result.returncode != expected or "Traceback" in result.stderr:
                unexpected.append(ascii(name))
            controls += name.startswith(CONTROL_PREFIX)
            if RAW_CONTROL.search(result.stdout + result.stderr):
                echoed.append(ascii(name))
            path.unlink()
    print(
        f"{tried} hostile files; slowest {worst_time * 1000:.0f} ms; peak memory "
        f"{worst_memory:.0f} MB (goal: 1 s and 200 MB each); unexpected: {unexpected or 'none'}"
    )
    print(
        f"{controls} of them try to drive the terminal; raw controls echoed by any file: "
        f"{echoed or 'none'}"
    )


if __name__ == "__main__":
    main()
