"""Which characters may not drive the terminal, and the one way to make any text safe to show.

Exercise files, the settings file, file names, the environment and the user's own typing all end
up on a terminal. A terminal treats some characters as commands, not as text: ESC and the C1
controls start sequences that can retitle the window, clear the screen, rewrite the clipboard
(OSC 52) or plant a misleading link (OSC 8); BEL rings; a carriage return or backspace lets one
line overwrite another. The bidirectional override and isolate characters command nothing, but
they reorder what follows them, so one title can be made to look like another.

Two defences live here, shared by every layer:

- *At the door* (``yamlsafe.py``, ``loader.py``, ``library.py``): :func:`first_control` and
  :func:`bidi_problem` find what a file may not contain, and :func:`describe` names it
  (``U+001B ESCAPE``) without ever printing it.
- *At every sink* (the command line, ``--plain``, the error renderer, the UI): :func:`safe_text`
  turns whatever is left into visible escapes such as ``\\x1b``, so nothing raw can reach a
  screen even from a source the door does not guard (a file name, an environment variable,
  what the user typed).

This module is pure: no I/O, no Textual.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

CONTROL_NAMES: dict[int, str] = {
    0x00: "NULL", 0x01: "START OF HEADING", 0x02: "START OF TEXT", 0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION", 0x05: "ENQUIRY", 0x06: "ACKNOWLEDGE", 0x07: "BELL",
    0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
    0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x0E: "SHIFT OUT",
    0x0F: "SHIFT IN", 0x10: "DATA LINK ESCAPE", 0x11: "DEVICE CONTROL ONE",
    0x12: "DEVICE CONTROL TWO", 0x13: "DEVICE CONTROL THREE", 0x14: "DEVICE CONTROL FOUR",
    0x15: "NEGATIVE ACKNOWLEDGE", 0x16: "SYNCHRONOUS IDLE", 0x17: "END OF TRANSMISSION BLOCK",
    0x18: "CANCEL", 0x19: "END OF MEDIUM", 0x1A: "SUBSTITUTE", 0x1B: "ESCAPE",
    0x1C: "INFORMATION SEPARATOR FOUR", 0x1D: "INFORMATION SEPARATOR THREE",
    0x1E: "INFORMATION SEPARATOR TWO", 0x1F: "INFORMATION SEPARATOR ONE", 0x7F: "DELETE",
    0x80: "PADDING CHARACTER", 0x81: "HIGH OCTET PRESET", 0x82: "BREAK PERMITTED HERE",
    0x83: "NO BREAK HERE", 0x84: "INDEX", 0x85: "NEXT LINE", 0x86: "START OF SELECTED AREA",
    0x87: "END OF SELECTED AREA", 0x88: "CHARACTER TABULATION SET",
    0x89: "CHARACTER TABULATION WITH JUSTIFICATION", 0x8A: "LINE TABULATION SET",
    0x8B: "PARTIAL LINE FORWARD", 0x8C: "PARTIAL LINE BACKWARD", 0x8D: "REVERSE LINE FEED",
    0x8E: "SINGLE SHIFT TWO", 0x8F: "SINGLE SHIFT THREE", 0x90: "DEVICE CONTROL STRING",
    0x91: "PRIVATE USE ONE", 0x92: "PRIVATE USE TWO", 0x93: "SET TRANSMIT STATE",
    0x94: "CANCEL CHARACTER", 0x95: "MESSAGE WAITING", 0x96: "START OF GUARDED AREA",
    0x97: "END OF GUARDED AREA", 0x98: "START OF STRING",
    0x99: "SINGLE GRAPHIC CHARACTER INTRODUCER", 0x9A: "SINGLE CHARACTER INTRODUCER",
    0x9B: "CONTROL SEQUENCE INTRODUCER", 0x9C: "STRING TERMINATOR",
    0x9D: "OPERATING SYSTEM COMMAND", 0x9E: "PRIVACY MESSAGE", 0x9F: "APPLICATION PROGRAM COMMAND",
}  # fmt: skip
"""The standard (ISO 6429) names of the C0 controls, DEL and the C1 controls.

:func:`unicodedata.name` has no names for control characters, and a message that says
``U+001B ESCAPE`` is one a reader can act on.
"""

FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every control character text may not hold: C0 except tab and line feed, DEL, and C1."""

TERMINAL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Every C0 control, DEL and every C1 control: what no line of text on a screen may hold raw."""

_EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE, RLE, LRO, RLO: closed by PDF
_POP_EMBEDDING = "\u202c"
_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI: closed by PDI
_POP_ISOLATE = "\u2069"
BIDI_CONTROLS = frozenset({*_EMBEDDINGS, _POP_EMBEDDING, *_ISOLATES, _POP_ISOLATE})
"""The bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069).

They command no terminal, but they reorder the characters that follow them on screen, so text
can be made to read differently from what it holds.
"""

_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SHOWN_AS_ESCAPE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHOWN_AS_ESCAPE_IN_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def describe(character: str) -> str:
    """A character as a reader can name it without seeing it: ``U+001B ESCAPE``.

    Uses the control's standard name from :data:`CONTROL_NAMES`, else the Unicode name, else
    the code point alone.
    """
    code = ord(character)
    name = CONTROL_NAMES.get(code) or unicodedata.name(character, "")
    return f"U+{code:04X} {name}".rstrip()


def first_control(text: str) -> str | None:
    """The first control character ``text`` may not hold (see :data:`FORBIDDEN_CONTROL`)."""
    found = FORBIDDEN_CONTROL.search(text)
    return found.group(0) if found else None


class Refusal(NamedTuple):
    """Why a piece of text is refused: the character at fault and the sentence that names it."""

    character: str
    message: str


def control_problem(text: str, what: str = "text") -> Refusal | None:
    """Why ``text`` is refused for holding a control character, or None when it holds none.

    A lone surrogate (``"\\udc9b"`` in YAML) is refused too: it is no character at all, and
    where a file name holds one it stands for a raw byte, which may be a C1 control.

    Args:
        text: The value or key as read.
        what: What it is, for the sentence: ``text`` or ``a key``.
    """
    found = first_control(text)
    if found is not None:
        return Refusal(
            found, f"{what} cannot contain control characters (found {describe(found)}); remove it"
        )
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate is not None:
        character = surrogate.group(0)
        return Refusal(
            character,
            f"{what} cannot contain half of a surrogate pair (found {describe(character)}); "
            "write the character itself",
        )
    return None


def file_name_problem(name: str) -> Refusal | None:
    """Why a file's name keeps it from being loaded, or None when the name is fine.

    Every control character counts here, tab and line break included (a name is one line),
    and so does a byte that was not UTF-8 and is a C1 control in 8-bit text (0x80–0x9F).
    Other bytes that are not UTF-8 (a Latin-1 ``café.yaml``) are fine: they are shown escaped.
    """
    for character in name:
        code = ord(character)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            found = describe(character)
        elif 0xDC80 <= code <= 0xDC9F:
            found = f"byte 0x{code - 0xDC00:02X}, a C1 control"
        else:
            continue
        return Refusal(
            character,
            f"a file name cannot contain control characters (found {found}); rename the file",
        )
    return None


def bidi_problem(text: str, *, allow_balanced: bool) -> Refusal | None:
    """Why ``text``'s direction controls are refused, or None when they are fine.

    Args:
        text: The text as read.
        allow_balanced: False for names (titles, ids, tags, keys): any direction control is
            refused. True for longer texts: each embedding or override must be closed by
            U+202C and each isolate by U+2069, properly nested, on the same line, so that none
            can reach past its own words into what breather shows next to them.
    """
    found = _BIDI.search(text)
    if found is None:  # nearly every text: one scan in C, no loop in Python
        return None
    if allow_balanced:
        return _unbalanced(text)
    character = found.group(0)
    return Refusal(
        character,
        f"cannot contain direction controls (found {describe(character)}): they can "
        "make one name look like another; remove it (right-to-left words need none)",
    )


def _unbalanced(text: str) -> Refusal | None:
    for line in text.split("\n"):
        open_marks: list[str] = []
        for character in line:
            if character in _EMBEDDINGS or character in _ISOLATES:
                open_marks.append(character)
            elif character in (_POP_EMBEDDING, _POP_ISOLATE):
                opener = open_marks.pop() if open_marks else None
                wanted = _POP_ISOLATE if opener in _ISOLATES else _POP_EMBEDDING
                if opener is None or character != wanted:
                    return Refusal(
                        character,
                        f"a direction control closes nothing here (found {describe(character)}); "
                        "remove it or put the control it closes before it",
                    )
        if open_marks:
            opener = open_marks[-1]
            closer = _POP_ISOLATE if opener in _ISOLATES else _POP_EMBEDDING
            return Refusal(
                opener,
                f"a direction control is left open (found {describe(opener)} with no "
                f"{describe(closer)} after it on the same line); close it or remove it",
            )
    return None


def _visible(character: str) -> str:
    if character in "\n\r":
        return "\\n" if character == "\n" else "\\r"
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (a file name, via surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe_text(text: str, *, prose: bool = False) -> str:
    """Text that cannot drive a terminal: every control character shown as a visible escape.

    ``"a\\x1b]0;x\\x07"`` becomes ``a\\x1b]0;x\\x07`` spelled with a real backslash, so the
    reader sees that something odd is there and the terminal sees only letters. Tabs stay.
    Lone surrogates (bytes of a file name that were not UTF-8) are shown as the byte they
    stand for, so printing never fails on them either.

    Args:
        text: Anything that came from a file, the settings, a file name, the environment or
            the user's typing.
        prose: True for an exercise's own words: line breaks and direction controls (which the
            loader allows only balanced) are kept. False (names, paths, messages, table cells):
            a line break is shown as ``\\n`` so one line stays one line, and direction
            controls are shown too, so a line reads in the order it is stored.
    """
    pattern = _SHOWN_AS_ESCAPE_IN_PROSE if prose else _SHOWN_AS_ESCAPE
    if pattern.search(text) is None:  # the common case costs one scan and no copy
        return text
    return pattern.sub(lambda found: _visible(found.group(0)), text)


def safe_json(dumped: str) -> str:
    """JSON text (as :func:`json.dumps` wrote it) with no raw DEL, C1 or direction control.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but writes DEL, the C1 controls
    and lone surrogates as they are. Outside strings JSON holds none of these characters, so
    writing each as ``\\u00XX`` keeps the document valid and its values unchanged.
    """
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group(0)):04x}", dumped)
