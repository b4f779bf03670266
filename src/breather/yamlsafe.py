"""Reading YAML that people wrote by hand, safely, keeping where every value came from.

The exercise files and the settings file are YAML written by clinicians and IT staff. This module
turns their bytes into a small tree of located values (:class:`YamlMap`, :class:`YamlList`,
:class:`YamlScalar`), each knowing its line and column, or into :class:`~breather.errors.Problem`
records that say what is wrong in plain words.

It never constructs objects from tags, never expands aliases without a budget, refuses files over
1 MiB before parsing them, catches YAML's silent surprises (keys given twice) and reports text
that is not UTF-8. It is the door for terminal controls: no key and no text value it hands on
holds a control character (``"\\e"`` and ``"\\x9b"`` escapes included) or an unbalanced
direction control (see ``safetext.py``). It knows nothing of the exercise format itself: that is
``loader.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

import yaml

from breather.errors import Problem, UserError
from breather.safetext import (
    Refusal,
    bidi_problem,
    control_problem,
    describe,
)

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused before they are parsed."""

MAX_ALIASES = 1000
"""More alias uses than this in one file are refused: real exercises need none."""

MAX_NODES = 100_000
"""The most values one file may expand to, aliases included (stops "billion laughs")."""

MAX_DEPTH = 64
"""The deepest nesting a file may have; exercises need about five levels."""

_TAG_PREFIX = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG_PREFIX}{name}" for name in ("str", "int", "float", "bool", "null")}
_SAFE_TAGS = {*_PLAIN_TAGS, f"{_TAG_PREFIX}timestamp", f"{_TAG_PREFIX}seq", f"{_TAG_PREFIX}map"}

# What YAML does not allow (the complement of its printable set: tab, line breaks, 0x20-0x7E,
# 0xA0-0xD7FF, 0xE000-0xFFFD, and the astral planes), written as the few ranges it refuses: the
# negated class with the astral range took 5 ms to compile at every start, this one under 1 ms.
_NOT_YAML_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""A character YAML refuses raw: its reader's rule, plus NEL (a C1 control, not a line break)."""

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
"""What each one-letter escape of a double-quoted YAML string stands for."""
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}

try:  # libyaml's parser is many times faster; the pure-Python one gives the same nodes and marks.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class YamlScalar:
    """A single value: text, a number, a boolean, a date or nothing.

    Attributes:
        value: The value as YAML read it (``str``, ``int``, ``float``, ``bool``, ``date`` or None).
        text: The characters as written in the file.
        line: 1-based.
        column: 1-based.
        style: How it was written: None (plain), ``'`` or ``"`` (quoted), ``|`` (literal block)
            or ``>`` (folded block).
    """

    value: object
    text: str
    line: int
    column: int
    style: str | None = None

    @property
    def literal(self) -> bool:
        """Written as a ``|`` block, where every line break is the author's."""
        return self.style == "|"

    @property
    def kind_name(self) -> str:
        """What YAML read this as, in plain words, for error messages."""
        return _describe_value(self.value)


@dataclass(frozen=True)
class YamlList:
    """A sequence of values."""

    items: tuple[YamlValue, ...]
    line: int
    column: int


@dataclass(frozen=True)
class YamlMap:
    """A mapping with string keys, in the order written.

    Attributes:
        entries: Key to value.
        key_positions: Key to the (line, column) where the key was written.
    """

    entries: dict[str, YamlValue]
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    line: int = 1
    column: int = 1


YamlValue: TypeAlias = YamlScalar | YamlList | YamlMap


def _describe_value(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a date"


class YamlReadError(UserError):
    """A file could not be read as YAML at all: a user error like any other, with its problems."""


def too_large(path: str, size: int) -> YamlReadError:
    """The one refusal of a file over :data:`MAX_FILE_BYTES`, with its size in MiB."""
    message = f"the file is {size / (1024 * 1024):.1f} MiB; files over 1 MiB are not read"
    return YamlReadError([Problem(path, 1, 1, message)])


def decode(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8, with or without a byte-order mark.

    Raises:
        YamlReadError: The file is too large or is not UTF-8 text.
    """
    if len(data) > MAX_FILE_BYTES:
        raise too_large(path, len(data))
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise YamlReadError(
            [Problem(path, 1, 1, "the file is UTF-16 text; save it as UTF-8 (plain text)")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = data[error.start]
        raise YamlReadError(
            [
                Problem(
                    path,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{byte:02X} here); "
                    "save it as UTF-8 in your editor",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlReadError(
            [Problem(path, line, 1, "the file contains binary data, not text; is it a YAML file?")]
        )
    return text


def _too_deep(text: str) -> bool:
    """Whether flow brackets nest deeper than :data:`MAX_DEPTH` (checked before parsing).

    Brackets inside quoted text are counted too; only absurd files reach the limit.
    """
    depth = 0
    deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if match.group(0) in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return True
    return False


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """A parser error in the user's words, at the place the parser stopped."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (error.problem or "").strip()
    if "'\\t'" in problem:
        return Problem(
            path, line, column, "a tab is used for indenting; YAML needs spaces, not tabs"
        )
    if mark is not None:
        lines = text.splitlines()
        if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return Problem(
                path, line, column, "a tab is used for indenting; YAML needs spaces, not tabs"
            )
    if "expected a single document" in (error.context or ""):
        return Problem(path, line, column, "the file holds more than one YAML document (---)")
    if "undefined alias" in problem:
        return Problem(path, line, column, f"{problem}: an alias (*name) needs an anchor (&name)")
    detail = problem or "this is not valid YAML"
    context = (error.context or "").strip()
    hint = ""
    if "mapping values are not allowed" in detail:
        hint = (
            "; is this line indented further than the key above it? Keys that belong "
            "together line up"
            if mark is not None and _indented_past_the_key_above(text, mark.line, mark.column)
            else "; text containing ': ' needs quotes around it"
        )
    elif "could not find expected ':'" in detail:
        hint = "; is a colon missing after a key?"
    elif context and context not in detail:
        detail = f"{detail} ({context})"
    return Problem(path, line, column, f"not valid YAML: {detail}{hint}")


_KEY = re.compile(r"[A-Za-z_][\w-]*")
"""What a key of the format looks like (``cycles``, ``min_cycles``, ``check-in``)."""


def _indented_past_the_key_above(text: str, line: int, column: int) -> bool:
    """Whether the parser stopped at the first colon of a line set right of the key above it.

    YAML reads such a line as more of the value above (``breathe: 4-6`` then ``cycles: 9`` one
    space too far in is the text "4-6 cycles: 9"), and then stops at its colon: the mistake is
    the indent, not a missing pair of quotes. A stop at a later colon of a line (``text: Note:
    this``) is the quotes. ``line`` and ``column`` are 0-based, as YAML's marks are.
    """
    lines = text.splitlines()
    if not 0 < line < len(lines):
        return False
    here = lines[line]
    if here.find(":") != column or not _KEY.fullmatch(here[:column].strip()):
        return False  # a later colon, or words before it: text with ': ' in it, not a key
    above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "")
    key_column = len(above) - len(above.lstrip(" -"))
    return bool(above.strip()) and len(here) - len(here.lstrip(" ")) > key_column


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _unreadable_character(text: str, path: str) -> Problem | None:
    """A raw character YAML refuses, placed and named before YAML's reader sees it.

    The reader's own message has no line, gives the place in bytes and names no character.
    """
    found = _NOT_YAML_PRINTABLE.search(text)
    if found is None:
        return None
    character = found.group(0)
    line, column = _position(text, found.start())
    refusal = control_problem(character)
    if refusal is not None:
        return Problem(path, line, column, refusal.message)
    return Problem(
        path,
        line,
        column,
        f"the file holds a character YAML does not allow ({describe(character)})",
    )


def parse(text: str, path: str) -> YamlValue | None:
    """Parse YAML text into located values; None for a file with no content.

    Raises:
        YamlReadError: The text is not valid YAML, is too deep, uses forbidden tags, repeats a
            key, expands to too much data, or holds a control character or an unbalanced
            direction control. Every problem found in the tree is reported.
    """
    value, repeated = parse_keeping_first(text, path)
    if repeated:
        raise YamlReadError(repeated)
    return value


def parse_keeping_first(text: str, path: str) -> tuple[YamlValue | None, list[Problem]]:
    """Like :func:`parse`, but a key given twice is a problem to report, not the end of reading.

    The first value of a repeated key is kept and the later ones left out, so the file can still
    be checked against its format and every mistake in it reported in one pass: fixing a repeated
    key must not reveal six more.

    Returns:
        The values, and a problem for every repeated key (an empty list when there is none).

    Raises:
        YamlReadError: Any other problem (with the repeated keys among the problems).
    """
    walker = _walk(text, path)
    if walker.fatal or walker.refusals:
        raise YamlReadError(sorted([*walker.problems, *walker.repeated]))
    return walker.value, walker.repeated


def parse_skipping_refused(text: str, path: str) -> tuple[YamlValue | None, list[Problem]]:
    """Like :func:`parse`, but a key or value refused for its characters is left out, not fatal.

    For the settings file, where one value holding an escape sequence must cost the user that
    value, not every other setting. A list item refused is left out of its list; a key, or a
    key whose value is refused, is left out of its mapping.

    Returns:
        The values that remain, and the problems saying what was left out and where.

    Raises:
        YamlReadError: Any other problem (with the refusals among the problems).
    """
    walker = _walk(text, path)
    if walker.fatal or walker.repeated:
        raise YamlReadError(sorted([*walker.problems, *walker.repeated]))
    return walker.value, walker.problems


def _walk(text: str, path: str) -> _Walker:
    """Parse and walk the text; the walker holds the values and every problem it found.

    Raises:
        YamlReadError: The text cannot be walked at all (not YAML, unreadable, too deep).
    """
    unreadable = _unreadable_character(text, path)
    if unreadable is not None:
        raise YamlReadError([unreadable])
    if _too_deep(text):
        raise YamlReadError(
            [Problem(path, 1, 1, f"the file nests more than {MAX_DEPTH} levels deep")]
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise YamlReadError([_syntax_problem(error, text, path)]) from None
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise YamlReadError([Problem(path, None, None, f"not valid YAML: {detail}")]) from None
    except RecursionError:
        raise YamlReadError(
            [Problem(path, 1, 1, f"the file nests more than {MAX_DEPTH} levels deep")]
        ) from None
    finally:
        loader.dispose()
    walker = _Walker(loader, path, text)
    if node is not None:
        walker.value = walker.walk(node, depth=0, active=set())
    return walker


class _Budget(Exception):
    """Raised inside the walk when the file expands past the node or alias limits."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class _Walker:
    """Turns composed YAML nodes into located values, collecting every problem."""

    def __init__(self, loader: yaml.SafeLoader, path: str, text: str) -> None:
        self.loader = loader
        self.path = path
        self.text = text
        self.value: YamlValue | None = None
        """The walked values (None for a file with no content)."""
        self.problems: list[Problem] = []
        """Refused characters, and anything that makes the file unreadable (then ``fatal``)."""
        self.fatal = False
        """Whether a problem other than refused characters or repeated keys was found."""
        self.refusals = 0
        """How many keys or values were left out for their characters."""
        self.repeated: list[Problem] = []
        """Keys given twice: the first is kept, so the file can still be checked."""
        self.visits = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.refused: dict[int, bool] = {}
        """Scalar nodes already checked for characters (an alias must not report twice)."""

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))
        self.fatal = True

    def walk(self, node: yaml.Node, depth: int, active: set[int]) -> YamlValue:
        try:
            if isinstance(node, yaml.ScalarNode) and self.refuses(node, name=False):
                return YamlScalar(None, "", node.start_mark.line + 1, node.start_mark.column + 1)
            return self._walk(node, depth, active)
        except _Budget as limit:
            self.problems = [Problem(self.path, limit.line, limit.column, str(limit))]
            self.repeated = []
            self.fatal = True
            return YamlScalar(None, "", 1, 1)

    def refuses(self, node: yaml.ScalarNode, *, name: bool) -> bool:
        """Whether a scalar holds a control character or a direction control it may not.

        Keys are names: no direction control at all. Values may hold them only balanced.
        The first refusal is recorded as a problem at the character's own line and column.
        """
        known = self.refused.get(id(node))
        if known is not None:
            return known
        text = str(node.value)
        refusal = control_problem(text, "a key" if name else "text")
        if refusal is None:
            found = bidi_problem(text, allow_balanced=not name)
            if found is not None:
                message = f"a key {found.message}" if name else found.message
                refusal = Refusal(found.character, message)
        self.refused[id(node)] = refusal is not None
        if refusal is not None:
            line, column = self.place(node, refusal.character)
            self.problems.append(Problem(self.path, line, column, refusal.message))
            self.refusals += 1
        return refusal is not None

    def place(self, node: yaml.ScalarNode, character: str) -> tuple[int, int]:
        """Where ``character`` was written inside a scalar: raw, or as a ``"\\e"``-style escape."""
        start, end = node.start_mark, node.end_mark
        source = self.text[start.index : end.index]
        line, column = start.line + 1, start.column + 1
        escapes = node.style == '"'
        index = 0
        while index < len(source):
            meant, width = source[index], 1
            if escapes and meant == "\\" and index + 1 < len(source):
                meant, width = _unescape(source, index + 1)
            if meant == character:
                return line, column
            for passed in source[index : index + width]:
                line, column = (line + 1, 1) if passed == "\n" else (line, column + 1)
            index += width
        return start.line + 1, start.column + 1

    def _walk(self, node: yaml.Node, depth: int, active: set[int]) -> YamlValue:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.visits += 1
        if id(node) in self.seen:
            self.aliases += 1
        self.seen.add(id(node))
        if self.visits > MAX_NODES or self.aliases > MAX_ALIASES:
            raise _Budget(
                "the file's aliases (*name) expand to too much data; write the values out instead",
                line,
                column,
            )
        if depth > MAX_DEPTH:
            raise _Budget(f"the file nests more than {MAX_DEPTH} levels deep", line, column)
        if id(node) in active:
            self.problem(node, "an alias (*name) refers to the value that contains it")
            return YamlScalar(None, "", line, column)
        self._check_tag(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, column)
        active = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            items = tuple(
                self._walk(item, depth + 1, active)
                for item in node.value
                if not self._refused_scalar(item)
            )
            return YamlList(items, line, column)
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, YamlValue] = {}
        positions: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == f"{_TAG_PREFIX}merge":
                self.problem(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be a single word, not a list or mapping")
                continue
            if self.refuses(key_node, name=True) or self._refused_scalar(value_node):
                continue
            key = str(key_node.value)
            if key in positions:
                first = positions[key][0]
                message = (
                    f"`{key}` is given twice in the same place (first on line {first}); "
                    "keep one of them"
                )
                self.repeated.append(Problem(self.path, key_line, key_column, message))
                continue
            positions[key] = (key_line, key_column)
            entries[key] = self._walk(value_node, depth + 1, active)
        return YamlMap(entries, positions, line, column)

    def _refused_scalar(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and self.refuses(node, name=False)

    def _check_tag(self, node: yaml.Node) -> None:
        tag = str(node.tag)
        if tag in _SAFE_TAGS or tag == f"{_TAG_PREFIX}merge":
            return
        shown = tag.replace(_TAG_PREFIX, "!!")
        if "python" in tag:
            self.problem(
                node, f"the tag {shown} would construct an object; tags like it are not allowed"
            )
        else:
            self.problem(node, f"the tag {shown} is not allowed here; remove it")

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> YamlScalar:
        style = node.style or None
        tag = str(node.tag)
        if tag not in _SAFE_TAGS:
            return YamlScalar(str(node.value), str(node.value), line, column, style)
        try:
            value = self.loader.construct_object(node, deep=False)
        except (ValueError, OverflowError, yaml.YAMLError):
            self.problem(node, f"`{node.value}` could not be read as a value; put it in quotes")
            value = None
        return YamlScalar(value, str(node.value), line, column, style)


def _unescape(source: str, index: int) -> tuple[str, int]:
    """The character a double-quoted escape stands for, and its width with the backslash.

    ``index`` is just past the backslash. Returns "" for a line continuation or a malformed
    escape (YAML has already refused the latter).
    """
    code = source[index]
    if code in _HEX_DIGITS:
        digits = source[index + 1 : index + 1 + _HEX_DIGITS[code]]
        try:
            return chr(int(digits, 16)), 2 + len(digits)
        except (ValueError, OverflowError):
            return "", 2
    return _ESCAPES.get(code, ""), 2
