"""The character rules and the one "safe to show" function (``breather.safetext``)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breather.safetext import (
    BIDI_CONTROLS,
    CONTROL_NAMES,
    bidi_problem,
    control_problem,
    describe,
    file_name_problem,
    first_control,
    safe_json,
    safe_text,
)

RAW_ON_A_SCREEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
"""What may never be written by a one-line sink: every control but tab, and lone surrogates."""

ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
"""Every code point, controls and lone surrogates included."""


# -- naming a character ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("character", "described"),
    [
        ("\x1b", "U+001B ESCAPE"),
        ("\x07", "U+0007 BELL"),
        ("\x7f", "U+007F DELETE"),
        ("\x9b", "U+009B CONTROL SEQUENCE INTRODUCER"),
        ("\x9d", "U+009D OPERATING SYSTEM COMMAND"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\ufffe", "U+FFFE"),
    ],
)
def test_a_character_is_named_not_shown(character: str, described: str) -> None:
    assert describe(character) == described


def test_every_c0_control_del_and_c1_control_has_its_standard_name() -> None:
    codes = [*range(0x20), 0x7F, *range(0x80, 0xA0)]
    assert sorted(CONTROL_NAMES) == codes
    assert all(name and name.isupper() for name in CONTROL_NAMES.values())


# -- what text may not hold --------------------------------------------------------------------


@pytest.mark.parametrize("character", [chr(c) for c in [*range(0x09), *range(0x0B, 0x20), 0x7F]])
def test_c0_controls_and_delete_are_refused(character: str) -> None:
    refusal = control_problem(f"Hi {character} there")
    assert refusal is not None
    assert refusal.character == character
    assert refusal.message == (
        f"text cannot contain control characters (found {describe(character)}); remove it"
    )
    assert character not in refusal.message


@pytest.mark.parametrize("character", [chr(c) for c in range(0x80, 0xA0)])
def test_c1_controls_are_refused(character: str) -> None:
    refusal = control_problem(character, "a key")
    assert refusal is not None
    assert refusal.message.startswith("a key cannot contain control characters (found U+00")


def test_tab_line_breaks_and_ordinary_text_are_fine() -> None:
    assert control_problem("Breathe\tin,\nthen out. Café, 東京, שלום, مرحبا, 🙂") is None
    assert first_control("plain") is None


def test_a_lone_surrogate_is_refused_with_its_own_words() -> None:
    refusal = control_problem("a\udc9bb")
    assert refusal is not None
    assert "half of a surrogate pair (found U+DC9B)" in refusal.message


# -- direction controls ------------------------------------------------------------------------


@pytest.mark.parametrize("character", sorted(BIDI_CONTROLS))
def test_any_direction_control_is_refused_in_a_name(character: str) -> None:
    refusal = bidi_problem(f"Calm{character}place", allow_balanced=False)
    assert refusal is not None
    assert refusal.character == character
    assert "make one name look like another" in refusal.message
    assert character not in refusal.message


@pytest.mark.parametrize(
    "text",
    [
        "Say \u2067שלום\u2069 softly.",  # an isolate, closed
        "\u202bعربي\u202c and \u2066ltr\u2069",  # an embedding and an isolate, each closed
        "\u2067outer \u2066inner\u2069 outer\u2069",  # nested properly
        "line one \u2067x\u2069\nline two",
    ],
)
def test_balanced_direction_controls_are_allowed_in_longer_text(text: str) -> None:
    assert bidi_problem(text, allow_balanced=True) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("evil\u202e txt.exe", "left open (found U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("a \u2067 b", "with no U+2069 POP DIRECTIONAL ISOLATE after it on the same line"),
        ("closes \u2069 nothing", "closes nothing here (found U+2069"),
        ("\u2067 crossed \u202c", "closes nothing here (found U+202C"),
        ("open \u2067 here\nclosed \u2069 there", "left open"),
    ],
)
def test_unbalanced_direction_controls_are_refused_in_longer_text(text: str, words: str) -> None:
    refusal = bidi_problem(text, allow_balanced=True)
    assert refusal is not None
    assert words in refusal.message


def test_right_to_left_text_needs_no_controls_and_passes_every_rule() -> None:
    for text in ("נשימה עמוקה", "تنفس ببطء", "Breathe: נשימה 4-6"):
        assert bidi_problem(text, allow_balanced=False) is None
        assert control_problem(text) is None
        assert safe_text(text) == text


# -- file names --------------------------------------------------------------------------------


def test_a_file_name_with_an_escape_sequence_is_refused() -> None:
    refusal = file_name_problem("a\x1b]0;x\x07.yaml")
    assert refusal is not None
    assert refusal.message == (
        "a file name cannot contain control characters (found U+001B ESCAPE); rename the file"
    )


@pytest.mark.parametrize("name", ["a\tb.yaml", "a\nb.yaml", "a\x9bb.yaml"])
def test_a_file_name_is_one_line_so_tab_and_line_break_count_too(name: str) -> None:
    assert file_name_problem(name) is not None


def test_a_byte_that_was_not_utf8_counts_only_when_it_is_a_c1_control() -> None:
    csi = file_name_problem("a\udc9bb.yaml")  # the raw byte 0x9B, as os.listdir gives it
    assert csi is not None
    assert "found byte 0x9B, a C1 control" in csi.message
    assert file_name_problem("caf\udce9.yaml") is None  # Latin-1 é: shown escaped, still loads
    assert file_name_problem("calm-place.yaml") is None


# -- making text safe to show ------------------------------------------------------------------


def test_an_escape_sequence_becomes_letters() -> None:
    assert safe_text("Hi \x1b]0;x\x07") == "Hi \\x1b]0;x\\x07"
    assert safe_text("\x9b2J and \x7f") == "\\x9b2J and \\x7f"


def test_one_line_stays_one_line_and_reads_in_stored_order() -> None:
    assert safe_text("a\nb\rc\td") == "a\\nb\\rc\td"
    assert safe_text("evil\u202etxt.exe") == "evil\\u202etxt.exe"


def test_prose_keeps_its_line_breaks_and_direction_controls() -> None:
    text = "Say \u2067שלום\u2069.\nThen rest."
    assert safe_text(text, prose=True) == text
    assert safe_text("a\x1bb\rc", prose=True) == "a\\x1bb\\rc"


def test_a_byte_that_was_not_utf8_is_shown_as_that_byte() -> None:
    assert safe_text("caf\udce9 \udc9b") == "caf\\xe9 \\x9b"
    assert safe_text("\ud800") == "\\ud800"


def test_clean_text_is_returned_as_it_is() -> None:
    text = "Breathe in · 4 s — calm"
    assert safe_text(text) is text


@given(st.text(ANY_CHARACTER))
def test_safe_text_never_lets_a_control_through(text: str) -> None:
    shown = safe_text(text)
    assert RAW_ON_A_SCREEN.search(shown) is None
    assert not any(character in BIDI_CONTROLS for character in shown)
    shown.encode("utf-8")  # printable on any UTF-8 stream, strict errors included
    prose = safe_text(text, prose=True)
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", prose) is None


@given(st.text(ANY_CHARACTER))
def test_the_escape_shows_where_each_control_was(text: str) -> None:
    # Nothing is dropped: every character is either kept or replaced by a visible escape.
    assert len(safe_text(text)) >= len(text)


@given(st.recursive(st.text(ANY_CHARACTER), lambda inner: st.lists(inner, max_size=3)))
def test_safe_json_is_valid_json_with_the_same_values(value: object) -> None:
    dumped = safe_json(json.dumps({"value": value}, ensure_ascii=False))
    assert re.search(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]", dumped) is None
    assert json.loads(dumped) == {"value": value}
