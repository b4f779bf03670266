"""Build dist/breather.pyz: breather, its exercises and its dependencies in one file.

The result runs with `python3 breather.pyz` on any Python 3.10 or newer, with nothing installed,
no admin rights and no network. Only pure-Python code goes in: PyYAML's optional C parser is
left out (breather then uses PyYAML's own Python parser), so the same file works on Linux, macOS
and Windows. Modules are stored both as source and as byte code for the Python that built it;
another Python version ignores the byte code and reads the source.

Run: `make pyz` (or `python tools/build_pyz.py`). Needs the package registry the first time.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import zipapp
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
COMPILED_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")
MAIN = '''"""Runs breather from the single file: `python3 breather.pyz [COMMAND]`."""

import sys

from breather.cli import main

sys.exit(main())
'''


def install(target: Path) -> None:
    """Install breather and its dependencies into ``target`` as plain files."""
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-compile", "--target", str(target), str(PROJECT),
        ],
        check=True,
    )  # fmt: skip


def strip(target: Path) -> list[str]:
    """Remove compiled extensions, scripts and caches; returns what was removed."""
    removed: list[str] = []
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.name.endswith(COMPILED_SUFFIXES):
            removed.append(str(path.relative_to(target)))
            path.unlink()
    for name in ("bin", "_yaml"):
        if (target / name).exists():
            removed.append(name)
            shutil.rmtree(target / name)
    for cache in list(target.rglob("__pycache__")):
        shutil.rmtree(cache)
    return removed


def build(output: Path) -> Path:
    """Build the single file at ``output``."""
    staging = PROJECT / "build" / "pyz"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    install(staging)
    removed = strip(staging)
    if not (staging / "breather" / "exercises").is_dir():
        raise SystemExit("the built-in exercises are missing from the package")
    (staging / "__main__.py").write_text(MAIN, encoding="utf-8")
    compileall.compile_dir(str(staging), quiet=1, legacy=True, workers=0)
    output.parent.mkdir(parents=True, exist_ok=True)
    zipapp.create_archive(staging, output, interpreter="/usr/bin/env python3", compressed=True)
    size = output.stat().st_size / (1024 * 1024)
    print(f"built {output} ({size:.1f} MiB); left out: {', '.join(removed) or 'nothing'}")
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the single-file breather.")
    parser.add_argument("--output", type=Path, default=PROJECT / "dist" / "breather.pyz")
    build(parser.parse_args().output)


if __name__ == "__main__":
    main()
