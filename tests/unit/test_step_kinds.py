"""A step kind is declared once, and mypy names every place a new one must reach.

The test copies the package into a temporary folder, adds a step kind to the model alone (a
class in the ``Step`` union, then its name in ``StepKindName``) and runs ``mypy --strict`` on the
copy. Every per-kind ``match`` ends in ``assert_never``, so mypy must fail at each of them, and
nowhere else: these are the places the README's "Adding a step kind" lists.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # runs mypy over the whole package twice: 2 to 10 s

PYTHON_VERSION = re.search(
    r'^python_version = "([\d.]+)"$',
    (PROJECT / "pyproject.toml").read_text(encoding="utf-8"),
    re.MULTILINE,
)
WARM_CACHE = PROJECT / ".mypy_cache" / (PYTHON_VERSION[1] if PYTHON_VERSION else "none")
"""What ``make types`` (run before the tests by ``make test``) left: Textual, Rich and the
unchanged modules need no second look. mypy's cache is sound: it checks each file's contents
before reusing an entry, and re-checks every module that depends on one that changed."""

NEW_CLASS = '''

@dataclass(frozen=True)
class SingStep:
    """A step kind the rest of the package has never heard of."""

    words: str
    seconds: float
    bell: bool = False
    kind: Literal["sing"] = field(default="sing", init=False)


Step: TypeAlias = (
    TextStep | BreatheStep | ChecklistStep | PauseStep | IncludeStep | CheckInStep | WriteStep
    | RecallStep | SingStep
)
PlayableStep: TypeAlias = (
    TextStep | BreatheStep | ChecklistStep | PauseStep | CheckInStep | WriteStep | RecallStep
    | SingStep
)
'''
NAMES = '"text", "breathe", "checklist", "pause", "include", "check-in", "write", "recall"'
KIND_NAMES = (
    "Literal['text', 'breathe', 'checklist', 'pause', 'include', 'check-in', 'write', 'recall'"
)

EACH_STEP = [
    "timeline.py",
    "fitting.py",
    "plain.py",
    "ui/screens/player.py",
    "lead.py",
    "export.py",
]
"""Where a step is matched by its class: these fail as soon as the class joins the union."""
EACH_NAME = ["loader.py", "schema.py"]
"""Where a kind is matched by its name, as files write it: these fail once the name is added."""

ERROR = re.compile(r"^breather/(?P<file>[\w/]+\.py):\d+: error: (?P<message>.*)$", re.MULTILINE)


def errors_by_file(package: Path) -> dict[str, list[str]]:
    """Run mypy --strict on the copy; every error message, by file."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            PYTHON_VERSION[1] if PYTHON_VERSION else "3.10",
            "--cache-dir",
            str(package.parent / "mypy-cache"),
            "breather",
        ],
        cwd=package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    found: dict[str, list[str]] = {}
    for match in ERROR.finditer(result.stdout):
        found.setdefault(match["file"], []).append(match["message"])
    assert found, result.stdout
    return found


def outside(found: dict[str, list[str]], expected: list[str]) -> list[str]:
    """Files mypy named that are not expected."""
    return [name for name in found if name not in expected]


def test_mypy_names_every_place_a_new_step_kind_must_reach(tmp_path: Path) -> None:
    package = tmp_path / "breather"
    shutil.copytree(
        PROJECT / "src" / "breather", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    if WARM_CACHE.is_dir():  # without it (pytest run alone) mypy starts cold: slower, same result
        shutil.copytree(WARM_CACHE, tmp_path / "mypy-cache" / WARM_CACHE.name)
    model = package / "model.py"
    written = model.read_text(encoding="utf-8")
    union = re.search(
        r"\nStep: TypeAlias = \(\n.*?\n\)  # fmt: skip\nPlayableStep: TypeAlias = \(\n.*?\n\)"
        r"  # fmt: skip\n",
        written,
        re.DOTALL,
    )
    assert union, "model.py no longer declares Step and PlayableStep as written here"
    assert NAMES in written

    # The class alone: mypy names the model (its name is missing) and each match on steps.
    model.write_text(written.replace(union.group(0), NEW_CLASS), encoding="utf-8")
    found = errors_by_file(package)
    assert "model.py" in found
    assert found["model.py"] == [
        f"Incompatible return value type (got \"{KIND_NAMES}, 'sing']\", "
        f'expected "{KIND_NAMES}]")  [return-value]'
    ]
    assert [name for name in EACH_STEP if name not in found] == []
    assert outside(found, ["model.py", *EACH_STEP]) == []

    # With its name: the model is content, and every match on steps or names fails, at
    # `assert_never`, and nothing else does.
    model.write_text(
        written.replace(union.group(0), NEW_CLASS).replace(NAMES, f'{NAMES}, "sing"'),
        encoding="utf-8",
    )
    found = errors_by_file(package)
    assert [name for name in [*EACH_NAME, *EACH_STEP] if name not in found] == []
    assert outside(found, [*EACH_NAME, *EACH_STEP]) == []
    for name, messages in found.items():
        for message in messages:
            assert 'Argument 1 to "assert_never"' in message, f"{name}: {message}"
            assert "SingStep" in message or "'sing'" in message, f"{name}: {message}"
