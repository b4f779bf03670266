"""Fuzzing the loader and planner: exercise-shaped YAML, and shipped files mutated byte by byte.

The rule checked for every input: the only exception that may come out is the user-error type,
and every problem it carries has a line. Used by tests/unit/test_fuzz.py (500 examples) and
bench/fuzz.py (20,000).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import strategies as st

from breather.errors import UserError
from breather.library import Library
from breather.loader import load_bytes
from breather.timeline import PlanOptions, plan

PROJECT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((PROJECT / "exercises").glob("*.yaml"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["4-6", "4-7-8", "4--6", "1m30s", "20s", "ten", "1:30", "yes", "{support}"]),
)
durations = st.one_of(
    st.integers(min_value=-5, max_value=2000),
    st.floats(min_value=-5, max_value=40),
    st.sampled_from(["20s", "1m", "1m30s", "90 s", "ten", "5 parsecs", "", "0"]),
)
phase = st.dictionaries(
    st.sampled_from(["in", "out", "hold", "label", "oops"]),
    st.one_of(durations, st.text(max_size=10)),
    min_size=1,
    max_size=3,
)
step = st.one_of(
    st.fixed_dictionaries(
        {"text": st.text(min_size=1, max_size=60), "seconds": durations},
        optional={"tally": st.integers(min_value=-2, max_value=25), "bell": scalars},
    ),
    st.fixed_dictionaries(
        {
            "breathe": st.one_of(
                st.sampled_from(["4-6", "4-7-8", "4-4-4-4", "3-0-5", "4--6"]),
                st.lists(phase, max_size=4),
            )
        },
        optional={
            "cycles": st.integers(min_value=-1, max_value=40),
            "seconds": durations,
            "text": scalars,
        },
    ),
    st.fixed_dictionaries(
        {"checklist": st.lists(st.text(max_size=30), max_size=14)},
        optional={"text": scalars, "seconds": durations},
    ),
    st.fixed_dictionaries({"pause": durations}, optional={"text": scalars}),
    st.fixed_dictionaries({"include": st.sampled_from(["longer-out-breath", "nowhere", "fuzz"])}),
    st.dictionaries(st.text(max_size=8), scalars, max_size=3),
)
exercise_shaped = st.fixed_dictionaries(
    {"title": st.one_of(st.text(min_size=1, max_size=40), scalars)},
    optional={
        "steps": st.one_of(st.lists(step, max_size=6), scalars),
        "summary": scalars,
        "tags": st.one_of(st.lists(st.text(max_size=10), max_size=4), scalars),
        "intro": scalars,
        "format": st.sampled_from([1, 2, "1"]),
        "id": st.sampled_from(["fuzz", "Fuzz Me", "x-1"]),
        "tittle": scalars,
    },
)


def yaml_text(document: object) -> bytes:
    """The document as YAML, as a person might have written it."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def check(data: bytes, library: Library, minutes: float | None) -> None:
    """Load and plan; anything but a located user error is a failure."""
    try:
        exercise = load_bytes(data, "fuzz.yaml", file_id="fuzz")
        resolved = library.resolve(exercise)
        plan(resolved, PlanOptions(minutes=minutes, no_holds=minutes is not None))
    except UserError as error:
        for problem in error.problems:
            refused = (" can be played in ", " is played at ", " is played only as written")
            if problem.message.startswith("--minutes") or any(
                r in problem.message for r in refused
            ):
                continue  # a length that cannot be offered is about the option, not the file
            assert problem.line is not None, problem.render()


@st.composite
def mutated_shipped(draw: st.DrawFn) -> bytes:
    """A shipped exercise with a few bytes replaced, inserted or deleted."""
    data = bytearray(draw(st.sampled_from(SHIPPED)).read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([*b":-[]{}&*!|>'\"#\t\n \x00\xff\xe9", *range(48, 58)]))
        if action == "replace" and data:
            data[position] = byte
        elif action == "insert":
            data.insert(position, byte)
        elif data:
            del data[position]
    return bytes(data)
