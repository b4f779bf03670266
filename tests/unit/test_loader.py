"""The loader: good files become the model exactly as the format describes."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from breather.errors import UserError
from breather.library import ExerciseFolder, Library, load_folders
from breather.loader import (
    CHECKED_MAX_CHARACTERS,
    STEP_KINDS,
    forget_checked_files,
    id_from_filename,
    load_file,
    load_text,
)
from breather.model import (
    DEFAULT_SUPPORT,
    BreatheStep,
    BreathPhase,
    CheckInStep,
    ChecklistStep,
    Exercise,
    IncludeStep,
    Lengths,
    PauseStep,
    RecallStep,
    StepKindName,
    TextStep,
    WriteStep,
    substitute,
)
from breather.schema import exercise_schema
from tests.conftest import GOOD, PROJECT


def load(text: str) -> object:
    return load_text(text, "test.yaml", file_id="test")


def problems(text: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_text(text, "test.yaml", file_id="test")
    return [problem.render() for problem in caught.value.problems]


def test_every_kind_of_step_loads_as_written() -> None:
    exercise = load_file(GOOD / "every-kind.yaml")
    assert exercise.id == "every-kind"
    assert exercise.tags == ("test", "between-sessions")
    assert (
        exercise.intro
        == "About two minutes. You can pause or stop at any time.\n\nA second paragraph."
    )
    kinds = [step.kind for step in exercise.steps]
    assert kinds == [
        "text", "text", "breathe", "breathe", "breathe", "breathe",
        "checklist", "checklist", "pause", "check-in", "write", "recall", "include",
    ]  # fmt: skip
    (arrive, see, shorthand, general, holds, zeros, waiting, timed, pause, check_in, write,
     recall, include) = exercise.steps  # fmt: skip
    assert arrive == TextStep("Arrive.", 10.0, bell=True)
    assert see == TextStep("Five things you can see.", 25.0, tally=5)
    assert isinstance(shorthand, BreatheStep)
    assert shorthand.phases == (
        BreathPhase("in", 4.0, "Breathe in"),
        BreathPhase("out", 6.0, "Breathe out"),
    )
    assert (shorthand.cycles, shorthand.text) == (3, "Gently, not deeply.")
    assert isinstance(general, BreatheStep)
    assert [p.label for p in general.phases] == ["Breathe in", "Top up", "Breathe out"]
    assert general.cycles == 5  # 60 s of 11 s cycles, rounded to whole cycles
    assert isinstance(holds, BreatheStep)
    assert [(p.kind, p.seconds, p.label) for p in holds.phases] == [
        ("in", 4.0, "Breathe in"),
        ("hold", 7.0, "Hold"),
        ("out", 8.0, "Breathe out"),
    ]
    assert isinstance(zeros, BreatheStep)
    assert [p.kind for p in zeros.phases] == ["in", "out"]
    assert waiting == ChecklistStep(("Close the notebook", "Wash your hands"), "End of the day.")
    assert waiting.waits
    assert isinstance(timed, ChecklistStep)
    assert timed.seconds == 90.0
    assert isinstance(pause, PauseStep)
    assert pause.seconds == 20.0
    assert check_in == CheckInStep("How settled do you feel?", "settled", ("not at all", "very"))
    assert write == WriteStep("Three things that went well today.", 3, "good-things")
    assert recall == RecallStep("good-things", 2, "Some good things, in your own words.")
    assert isinstance(include, IncludeStep)
    assert include.exercise_id == "short"


def test_steps_that_wait_have_defaults_a_clinician_would_expect() -> None:
    exercise = load(
        "id: log\ntitle: T\nsteps:\n  - text: Hi\n    seconds: 5\n  - check-in: How are you?\n"
        "  - write: What mattered?\n  - recall: outcomes\n"
    )
    _, check_in, write, recall = exercise.steps  # type: ignore[attr-defined]
    # The key pairs answers across sessions: the exercise and the step's place in its file.
    assert check_in == CheckInStep("How are you?", "log-step-2", ("none", "a lot"))
    # One box, filed under the exercise's own id.
    assert write == WriteStep("What mattered?", 1, "log")
    assert recall == RecallStep("outcomes", 3, None)
    assert (check_in.seconds, write.seconds, recall.seconds) == (None, None, None)


def test_hold_after_out_is_a_rest() -> None:
    exercise = load("title: Box\nsteps:\n  - breathe: 4-4-4-4\n    cycles: 1\n")
    step = exercise.steps[0]  # type: ignore[attr-defined]
    assert [p.label for p in step.phases] == ["Breathe in", "Hold", "Breathe out", "Rest"]


def test_file_names_become_ids() -> None:
    assert id_from_filename(Path("My Calm Place.yml")) == "my-calm-place"
    assert id_from_filename(Path("longer-out-breath.yaml")) == "longer-out-breath"
    assert load_file(GOOD / "My Calm Place.yml").id == "my-calm-place"


def test_all_problems_are_collected_not_just_the_first() -> None:
    found = problems(
        "title: [x]\nsummary: 12\nsteps:\n  - text: Hi\n    seconds: ten\n  - breathe: 4--6\n"
        "    cycles: 0\n"
    )
    assert len(found) == 5
    assert [row.split(":")[1] for row in found] == ["1", "2", "5", "6", "7"]


def test_yaml_booleans_in_bell_are_flags() -> None:
    exercise = load("title: T\nsteps:\n  - text: Hi\n    seconds: 5\n    bell: yes\n")
    assert exercise.steps[0].bell is True  # type: ignore[attr-defined]


def test_tones_on_a_breathe_step_default_to_on_and_false_turns_them_off() -> None:
    exercise = load(
        "title: T\nsteps:\n  - breathe: 4-6\n    cycles: 2\n"
        "  - breathe: 4-6\n    cycles: 2\n    tones: false\n"
    )
    assert [step.tones for step in exercise.steps] == [True, False]  # type: ignore[attr-defined]


def test_quoted_words_that_look_like_other_things_are_words() -> None:
    exercise = load('title: "2024-01-01"\nsteps:\n  - text: "No"\n    seconds: 5\n')
    assert exercise.title == "2024-01-01"  # type: ignore[attr-defined]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: T\nsteps:\n  - pause: 5\n")
    assert load_file(path).title == "T"


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_bytes("title: T\n".encode("utf-16"))
    with pytest.raises(UserError, match="UTF-16"):
        load_file(path)


def test_windows_line_endings_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"title: T\r\nintro: >\r\n  one\r\n  two\r\nsteps:\r\n  - pause: 5\r\n")
    assert load_file(path).intro == "one two"


def test_deep_nesting_is_refused_without_a_crash() -> None:
    text = "title: T\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
    assert "levels deep" in problems(text)[0]


def test_recursive_alias_is_refused() -> None:
    found = problems("title: T\nsteps: &s\n  - text: *s\n    seconds: 5\n")
    assert found


def test_merge_keys_are_explained() -> None:
    found = problems("base: &b {seconds: 5}\ntitle: T\nsteps:\n  - <<: *b\n    text: Hi\n")
    assert any("merge keys" in row for row in found)


def test_substitution_of_support_and_braces() -> None:
    assert substitute("Ask: {support}", "call 1234") == "Ask: call 1234"
    assert substitute("{{support}} {other} }}", "x") == "{support} {other} }"


def test_substitution_of_length_once_it_is_known() -> None:
    assert substitute("It takes {length}.", "x", "about 2 minutes") == "It takes about 2 minutes."
    assert substitute("It takes {length}.", "x") == "It takes {length}."
    assert substitute("{{length}} {length}", "x", "about 1 minute") == "{length} about 1 minute"


BREATHING = """\
title: T
{lengths}
steps:
  - text: Arrive.
    seconds: 20
  - breathe: 4-6
    cycles: 8
{caps}
  - text: Look around the room.
    seconds: 20
"""


def breathing(lengths: str = "", caps: str = "") -> str:
    return BREATHING.format(lengths=lengths, caps=caps)


@pytest.mark.parametrize(
    ("written", "minutes"),
    [("[2, 1, 3]", (1.0, 2.0, 3.0)), ("[2]", (2.0,)), ("[0.5, 2, 2.5]", (0.5, 2.0, 2.5))],
)
def test_lengths_are_read_as_minutes_shortest_first(written: str, minutes: tuple[float]) -> None:
    exercise = load(breathing(f"lengths: {written}"))
    assert isinstance(exercise, Exercise)
    assert exercise.lengths == Lengths(minutes, 2, 10)
    assert not exercise.lengths.as_written


def test_as_written_and_no_lengths() -> None:
    exercise = load(breathing("lengths: as-written"))
    assert isinstance(exercise, Exercise)
    assert exercise.lengths is not None
    assert exercise.lengths.as_written
    plain = load(breathing())
    assert isinstance(plain, Exercise)
    assert plain.lengths is None


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[0]", "2:11: lengths[0]: a length is from 0.5 to 30 minutes, got 0"),
        ("[2, 30.5]", "2:14: lengths[1]: a length is from 0.5 to 30 minutes, got 30.5"),
        ("[]", "2:10: lengths: the list is empty"),
        ("31", "2:10: lengths: a length is from 0.5 to 30 minutes, got 31"),
        ("2", "2:10: lengths: expected a list of minutes like [2, 3], or as-written; write one "),
        ("[2, two]", "2:14: lengths[1]: expected a number of minutes, got `two`"),
        ("[true]", "2:11: lengths[0]: expected a number of minutes, got `true`"),
        ("[2, 2]", "2:14: lengths[1]: 2 minutes is listed twice"),
        ("aswritten", "2:10: lengths: expected a list of minutes like [2, 3], or as-written, got"),
        ("{a: 1}", "2:10: lengths: expected a list of minutes like [2, 3], or as-written, got a "),
        ("[1, 3]", "2:10: lengths: as written it lasts 2:00, which is not one of its lengths"),
        ("[2, 20]", "2:10: lengths: 20 minutes cannot be reached (T can be played in 30 sec"),
    ],
)
def test_every_misuse_of_lengths_is_an_error_at_its_place(written: str, message: str) -> None:
    found = problems(breathing(f"lengths: {written}", "    max_cycles: 8"))
    assert any(row.startswith(f"test.yaml:{message}") for row in found), found


def test_the_written_length_is_among_the_lengths_within_five_seconds() -> None:
    # 2:04 as written: within 5 s of 2 minutes, as a fitted length may be.
    nearly = breathing("lengths: [1, 2]").replace(
        "seconds: 20\n  - breathe", "seconds: 24\n  - breathe"
    )
    assert isinstance(load(nearly), Exercise)
    off = nearly.replace("seconds: 24", "seconds: 26")
    assert any("2:06, which is not one of its lengths" in row for row in problems(off))


def test_cycle_caps_are_read() -> None:
    exercise = load(breathing(caps="    min_cycles: 2\n    max_cycles: 8"))
    assert isinstance(exercise, Exercise)
    step = exercise.steps[1]
    assert isinstance(step, BreatheStep)
    assert (step.cycles, step.min_cycles, step.max_cycles) == (8, 2, 8)


@pytest.mark.parametrize(
    ("caps", "message"),
    [
        ("    max_cycles: 0", "8:17: steps[1].max_cycles: must be from 1 to 1000, got 0"),
        ("    min_cycles: 0", "8:17: steps[1].min_cycles: must be from 1 to 1000, got 0"),
        ("    max_cycles: many", "8:17: steps[1].max_cycles: expected a number of cycles"),
        (
            "    min_cycles: 5\n    max_cycles: 4",
            "8:17: steps[1].min_cycles: min_cycles (5) is more than max_cycles (4)",
        ),
        ("    max_cycles: 4", "7:13: steps[1].cycles: 8 cycles, more than max_cycles (4)"),
        ("    min_cycles: 9", "7:13: steps[1].cycles: 8 cycles, fewer than min_cycles (9)"),
    ],
)
def test_every_misuse_of_cycle_caps_is_an_error_at_its_place(caps: str, message: str) -> None:
    found = problems(breathing(caps=caps))
    assert any(row.startswith(f"test.yaml:{message}") for row in found), found


def test_caps_belong_to_breathe_steps_only() -> None:
    found = problems("title: T\nsteps:\n  - text: Hi\n    seconds: 3\n    max_cycles: 2\n")
    assert found == ["test.yaml:5:5: steps[0]: `max_cycles` does not belong in a text step"]


def test_lengths_of_an_exercise_with_includes_are_checked_once_resolved(tmp_path: Path) -> None:
    (tmp_path / "part.yaml").write_text("title: Part\nsteps:\n  - text: Hi\n    seconds: 5\n")
    (tmp_path / "whole.yaml").write_text(
        "title: Whole\nlengths: [1, 5]\nsteps:\n  - text: Arrive.\n    seconds: 55\n"
        "  - include: part\n"
    )
    library = load_folders([ExerciseFolder(tmp_path, "user")])
    assert "whole" not in library.exercises
    assert [problem.render() for problem in library.problems] == [
        f"{tmp_path / 'whole.yaml'}:2:10: lengths: 5 minutes cannot be reached "
        "(Whole can be played in 35 seconds to 2 minutes)"
    ]


def test_search_path_later_folders_override_by_id(tmp_path: Path) -> None:
    builtin, organisation, user = tmp_path / "b", tmp_path / "o", tmp_path / "u"
    for folder, title in ((builtin, "Built in"), (organisation, "Organisation"), (user, "Mine")):
        folder.mkdir()
        (folder / "calm.yaml").write_text(f"title: {title}\nsteps:\n  - pause: 5\n", "utf-8")
    (organisation / "extra.yml").write_text("title: Extra\nsteps:\n  - pause: 5\n", "utf-8")
    library = load_folders(
        [
            ExerciseFolder(builtin, "built-in"),
            ExerciseFolder(organisation, "organisation"),
            ExerciseFolder(user, "user"),
        ]
    )
    assert library.get("calm").title == "Mine"
    assert library.get("calm").origin == "user"
    assert library.get("extra").origin == "organisation"
    assert library.problems == []


def test_a_missing_organisation_folder_is_reported(tmp_path: Path) -> None:
    library = load_folders([ExerciseFolder(tmp_path / "nowhere", "organisation", required=True)])
    assert "exercise folder not used" in library.problems[0].message
    assert load_folders([ExerciseFolder(tmp_path / "nowhere", "user")]).problems == []


def test_includes_are_flattened_and_bells_carried(tmp_path: Path) -> None:
    library = load_folders([ExerciseFolder(GOOD, "user")])
    resolved = library.resolve(library.get("every-kind"))
    assert not resolved.has_includes
    assert resolved.steps[-1] == TextStep("Look around the room.", 5.0)
    # A bell on an include rings as the included steps begin: on the first of them only.
    (tmp_path / "two.yaml").write_text("title: Two\nsteps: [{text: A, seconds: 5}, {pause: 5}]")
    (tmp_path / "ring.yaml").write_text("title: R\nsteps: [{pause: 3}, {include: two, bell: true}]")
    library = load_folders([ExerciseFolder(tmp_path, "user")])
    assert library.resolve(library.get("ring")).steps == (
        PauseStep(3.0),
        TextStep("A", 5.0, bell=True),
        PauseStep(5.0),
    )


def test_unknown_ids_suggest_the_closest() -> None:
    library = Library({"calm-place": load("title: C\nsteps:\n  - pause: 5\n")})  # type: ignore[dict-item]
    with pytest.raises(UserError, match="did you mean `calm-place`"):
        library.get("calm-plaice")


def test_the_shipped_exercises_all_load() -> None:
    library = load_folders([ExerciseFolder(PROJECT / "exercises", "built-in")])
    assert library.problems == []
    assert len(library.exercises) >= 3


def test_default_support_is_neutral() -> None:
    assert "supervisor" in DEFAULT_SUPPORT
    assert not any(char.isdigit() for char in DEFAULT_SUPPORT)  # never an invented number


def test_the_table_has_one_row_per_kind_in_the_format_order() -> None:
    assert [kind.name for kind in STEP_KINDS] == list(get_args(StepKindName))
    assert [kind.name for kind in STEP_KINDS] == [
        "text",
        "breathe",
        "checklist",
        "pause",
        "include",
        "check-in",
        "write",
        "recall",
    ]
    assert all(kind.keys[0] == kind.name for kind in STEP_KINDS)


def test_the_schema_allows_exactly_the_keys_of_each_kind() -> None:
    steps = exercise_schema()["properties"]["steps"]["items"]["oneOf"]
    schema_keys = [tuple(step["properties"]) for step in steps]
    assert [set(keys) for keys in schema_keys] == [set(kind.keys) for kind in STEP_KINDS]


def test_a_step_with_no_known_kind_is_never_read_as_an_include() -> None:
    found = problems("title: T\nsteps:\n  - sing: la la\n    bell: true\n")
    assert found == [
        "test.yaml:3:5: steps[0]: a step needs one of `text`, `breathe`, `checklist`, `pause`, "
        "`include`, `check-in`, `write` or `recall`"
    ]
    assert not any("include" in row.split("needs one of")[0] for row in found)


def test_a_misspelt_kind_gets_a_hint() -> None:
    found = problems("title: T\nsteps:\n  - breath: 4-6\n    cycles: 2\n")
    assert found[0].endswith("; did you mean `breathe` instead of `breath`?")


def test_text_is_a_caption_beside_another_kind_and_a_kind_alone() -> None:
    exercise = load(
        "title: T\nsteps:\n  - pause: 5\n    text: Rest.\n  - text: Hi\n    seconds: 3\n"
    )
    assert exercise.steps == (PauseStep(5.0, "Rest."), TextStep("Hi", 3.0))  # type: ignore[attr-defined]
    found = problems("title: T\nsteps:\n  - include: other\n    text: Hi\n")
    assert found == ["test.yaml:4:5: steps[0]: `text` does not belong in a include step"]


def test_two_kinds_in_one_step_are_named_both() -> None:
    found = problems("title: T\nsteps:\n  - breathe: 4-6\n    pause: 5\n    text: Hi\n")
    assert found == [
        "test.yaml:3:5: steps[0]: a step has one kind, but this one has `breathe` and `pause`; "
        "split it"
    ]


def test_a_text_is_checked_once_and_a_changed_or_failing_one_afresh() -> None:
    """The library is loaded more than once in a process; the same text is not checked again."""
    text = "title: Once\nsteps:\n  - text: Arrive.\n    seconds: 5\n"
    first = load_text(text, "once.yaml", file_id="once")
    assert load_text(text, "once.yaml", file_id="once") is first
    assert load_text(text, "elsewhere.yaml", file_id="once").path == "elsewhere.yaml"
    assert load_text(text, "once.yaml", file_id="twice").id == "twice"
    changed = load_text(text.replace("Arrive", "Land"), "once.yaml", file_id="once")
    assert changed.steps == (TextStep(text="Land.", seconds=5.0),)
    forget_checked_files()  # as a benchmark that times checking does
    assert load_text(text, "once.yaml", file_id="once") is not first
    bad = text.replace("seconds: 5", "seconds: -5")
    for _ in range(2):  # a failure is never remembered: it is reported in full each time
        assert problems(bad) == problems(bad)
        with pytest.raises(UserError):
            load_text(bad, "once.yaml", file_id="once")


def test_a_large_text_is_not_kept() -> None:
    """What a process keeps stays small whatever the folders hold: large files are not kept."""
    padding = "# " + "x" * (CHECKED_MAX_CHARACTERS) + "\n"
    text = padding + "title: Large\nsteps:\n  - text: Arrive.\n    seconds: 5\n"
    first = load_text(text, "large.yaml", file_id="large")
    again = load_text(text, "large.yaml", file_id="large")
    assert again == first
    assert again is not first
