"""Build dist/breather (dist/breather.exe on Windows): one executable that needs no Python at all.

For workstations with no Python and no right to install one. PyInstaller puts a Python, breather,
its dependencies, the built-in exercises and the stylesheet in one file for the system it runs
on (so Windows' is built on Windows, macOS's on a Mac: CI does both). Each start unpacks it to a
temporary folder, which makes it slower to start than the single ``.pyz`` and a little larger
(``bench/executable.py`` measures both).

What has to be named for PyInstaller, because it cannot see it in the imports:
- the built-in exercises and ``breather.tcss``, read through :mod:`importlib.resources`;
- every module of ``textual.widgets``, which Textual imports by name on first use.

UPX is never used: packed executables are flagged by virus scanners far more often.

Run: ``make exe`` (or ``python tools/build_exe.py``). Needs PyInstaller (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
ENTRY = '''"""Starts breather from the executable PyInstaller builds (tools/build_exe.py)."""

import sys

from breather.cli import main

sys.exit(main())
'''
NAME = "breather"


def executable_name() -> str:
    """``breather.exe`` on Windows, ``breather`` elsewhere."""
    return f"{NAME}.exe" if sys.platform == "win32" else NAME


def pyinstaller_arguments(output_dir: Path, work: Path, entry: Path) -> list[str]:
    """The PyInstaller command line for breather's one-file executable."""
    data = [
        (PROJECT / "exercises", "breather/exercises"),
        (PROJECT / "src" / "breather" / "ui" / "breather.tcss", "breather/ui"),
    ]
    arguments = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--onefile", "--console", "--noupx",
        "--log-level", "WARN",
        "--name", NAME,
        "--distpath", str(output_dir),
        "--workpath", str(work / "work"),
        "--specpath", str(work),
        "--paths", str(PROJECT / "src"),
        "--collect-submodules", "textual.widgets",
        # No network, ever (README): leave out TLS and OpenSSL, which asyncio only offers.
        "--exclude-module", "tkinter", "--exclude-module", "ssl", "--exclude-module", "_ssl",
        "--exclude-module", "_hashlib",
        # `breather serve` starts `python -m breather` for each browser tab, which an executable
        # cannot do: leave out textual-serve and its web server (2 MiB; serve.py says so).
        "--exclude-module", "textual_serve", "--exclude-module", "aiohttp",
    ]  # fmt: skip
    if sys.platform == "linux":
        arguments.append("--strip")  # debug symbols: about half of libpython's size
    for source, target in data:
        arguments += ["--add-data", f"{source}{os.pathsep}{target}"]
    return [*arguments, str(entry)]


def build(output_dir: Path) -> Path:
    """Build the executable into ``output_dir``; returns its path."""
    work = PROJECT / "build" / "exe"
    work.mkdir(parents=True, exist_ok=True)
    entry = work / "breather_entry.py"
    entry.write_text(ENTRY, encoding="utf-8")
    started = time.monotonic()
    subprocess.run(pyinstaller_arguments(output_dir, work, entry), check=True, cwd=PROJECT)
    built = output_dir / executable_name()
    if not built.is_file():
        raise SystemExit(f"PyInstaller finished but {built} is not there")
    size = built.stat().st_size / (1024 * 1024)
    seconds = time.monotonic() - started
    print(f"built {built} ({size:.1f} MiB) in {seconds:.0f} s")
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description="Build breather as one executable.")
    parser.add_argument("--output-dir", type=Path, default=PROJECT / "dist")
    build(parser.parse_args().output_dir)


if __name__ == "__main__":
    main()
