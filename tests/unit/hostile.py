"""Hostile exercise files, built on demand (some are far too large to keep in the repository).

Each entry is (name, bytes, accepted): whether the format allows the file. Shared by the test
suite (tests/unit/test_hostile.py) and bench/hostile.py, which also measures memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable

GOOD_TAIL = b"steps:\n  - text: Hello.\n    seconds: 10\n"

MARK = "hacked"
"""The file the code-running payloads create in the current folder, if their code ever runs."""

OBJECT_TAGS = [
    "!!python/none ''", "!!python/bool 'true'", "!!python/str 'x'", "!!python/unicode 'x'",
    "!!python/bytes 'eA=='", "!!python/int '1'", "!!python/long '1'", "!!python/float '1.0'",
    "!!python/complex '1+2j'", "!!python/list [1]", "!!python/tuple [1]",
    "!!python/dict {a: 1}", "!!python/name:os.system ''", "!!python/module:os ''",
    "!!python/object:builtins.object {}", f"!!python/object/apply:os.system ['echo ran > {MARK}']",
    "!!python/object/new:builtins.dict [[]]", "!!binary 'aGVsbG8='", "!!set {a, b}",
    "!!omap [a: 1]", "!!pairs [a: 1]", "!local-tag text", "!<tag:example.com,2000:x> text",
    f"!!python/object/apply:builtins.open ['{MARK}', w]",
]  # fmt: skip

FIELDS_EXPECTING_WORDS = ["title", "summary", "intro", "outro", "safety", "source"]
YAML11_WORDS = ["yes", "No", "on", "OFF", "y", "n", "true", "~", "null", "1:30", "190:20:30"]


def _alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\ntitle: Bomb\n").encode() + GOOD_TAIL


def _nested_flow(depth: int) -> bytes:
    return b"title: Deep\nsteps: " + b"[" * depth + b"]" * depth + b"\n"


def _nested_block(depth: int) -> bytes:
    lines = ["title: Deep", "steps:"]
    lines += ["  " * level + "- " for level in range(1, min(depth, 400))]
    return ("\n".join(lines) + "x\n").encode()


def _random_binary(size: int) -> bytes:
    generator = random.Random(1234)
    return bytes(generator.randrange(256) for _ in range(size))


CONTROL_PREFIX = "ctl-"
"""Names of the cases that try to drive the terminal (escape sequences, C1, direction controls)."""

OSC_TITLE_NAME = "\x1b]0;owned\x07"
"""A window-title sequence, as it would sit raw in a file name."""


def _control_cases() -> list[tuple[str, bytes, bool]]:
    """Files (and file names) that carry terminal controls or direction controls.

    Every one is refused at the door, except plain right-to-left text and balanced direction
    controls in a longer text, which must load.
    """
    good = b"title: T\n" + GOOD_TAIL
    text = "title: T\nsteps:\n  - text: {}\n    seconds: 10\n"
    return [
        ("osc-title-escaped", text.format('"Hi \\e]0;owned\\a"').encode(), False),
        ("osc-title-raw", text.format("Hi \x1b]0;owned\x07").encode(), False),
        ("osc52-clipboard", b'title: T\nintro: "\\e]52;c;cm0gLXJmIH4=\\a"\n' + GOOD_TAIL, False),
        ("osc8-link", b'title: T\nsteps:\n  - checklist: ["\\e]8;;http://x\\e\\\\call"]\n', False),
        ("csi-clear-screen", text.format('"\\e[2J\\e[H"').encode(), False),
        ("c1-csi-escaped", b'title: "\\x9b2J"\n' + GOOD_TAIL, False),
        ("c1-csi-raw", "title: a\x9b2J\n".encode() + GOOD_TAIL, False),
        ("c1-osc-unicode-escape", b'title: T\nsummary: "\\u009d0;x\\u009c"\n' + GOOD_TAIL, False),
        ("next-line-raw", "title: a\x85b\n".encode() + GOOD_TAIL, False),
        ("bell", b'title: T\nsummary: "ding\\a"\n' + GOOD_TAIL, False),
        ("backspace-overwrite", text.format('"Safe\\b\\b\\b\\bEvil"').encode(), False),
        ("carriage-return-overwrite", text.format('"Fine\\rOwned"').encode(), False),
        ("delete-raw", b"title: a\x7fb\n" + GOOD_TAIL, False),
        ("key-with-escape", b'title: T\n"ti\\etle": x\n' + GOOD_TAIL, False),
        ("id-with-escape", b'id: "a\\e"\n' + good, False),
        ("tag-with-escape", b'title: T\ntags: ["\\e[31mred"]\n' + GOOD_TAIL, False),
        ("label-bell", b'title: T\nsteps:\n  - breathe:\n      - in: 4\n        label: "\\a"\n    cycles: 1\n', False),
        ("lone-surrogate", text.format('"\\udc9b"').encode(), False),
        ("bidi-override-title", b'title: "Calm \\u202eplace\\u202c"\n' + GOOD_TAIL, False),
        ("bidi-isolate-id", b'id: "a\\u2066b\\u2069"\n' + good, False),
        ("bidi-unbalanced-intro", b'title: T\nintro: "x \\u202e y"\n' + GOOD_TAIL, False),
        ("bidi-balanced-intro", 'title: T\nintro: "Say \\u2067שלום\\u2069 softly"\n'.encode() + GOOD_TAIL, True),
        ("hebrew", "title: נשימה עמוקה\nintro: אפשר לעצור בכל רגע.\n".encode() + GOOD_TAIL, True),
        ("arabic", "title: تنفس ببطء\nsteps:\n  - text: تنفس\n    seconds: 10\n".encode(), True),
        (f"name{OSC_TITLE_NAME}", good, False),
        ("name\x9b2J", good, False),
        ("name-bidi\u202egpj", good, True),
    ]  # fmt: skip


def fixed(data: bytes) -> Callable[[], bytes]:
    """A maker for bytes already known."""
    return lambda: data


def cases() -> list[tuple[str, Callable[[], bytes], bool]]:
    """Every hostile case: a name, how to make its bytes, and whether it should be accepted."""
    made: list[tuple[str, Callable[[], bytes], bool]] = [
        ("alias-bomb", _alias_bomb, False),
        ("nesting-10000-flow", lambda: _nested_flow(10_000), False),
        ("nesting-10000-block", lambda: _nested_block(10_000), False),
        ("fifty-megabytes", lambda: b"title: Big\n" + GOOD_TAIL + b"# " + b"x" * 50_000_000, False),
        ("random-binary", lambda: _random_binary(4096), False),
        ("utf16-le", lambda: ("title: T\n" + GOOD_TAIL.decode()).encode("utf-16"), False),
        ("utf16-be", lambda: b"\xfe\xff" + ("title: T\n").encode("utf-16-be"), False),
        ("latin1", lambda: "title: Café\n".encode("latin-1") + GOOD_TAIL, False),
        ("utf8-bom", lambda: b"\xef\xbb\xbftitle: T\n" + GOOD_TAIL, True),
        ("merge-key", lambda: b"base: &b {seconds: 5}\ntitle: T\nsteps:\n  - <<: *b\n    text: x\n", False),
        ("one-megabyte-line", lambda: b"title: " + b"a" * 1_000_000 + b"\n" + GOOD_TAIL, False),
        ("huge-integer", lambda: b"title: T\nsteps:\n  - pause: " + b"9" * 5000 + b"\n", False),
        ("huge-float", lambda: b"title: T\nsteps:\n  - pause: 1e400\n", False),
        ("huge-cycles", lambda: b"title: T\nsteps:\n  - breathe: 4-6\n    cycles: 99999999999999999999\n", False),
        ("nan-seconds", lambda: b"title: T\nsteps:\n  - text: x\n    seconds: .nan\n", False),
        ("inf-seconds", lambda: b"title: T\nsteps:\n  - text: x\n    seconds: .inf\n", False),
        ("negative-inf-phase", lambda: b"title: T\nsteps:\n  - breathe:\n      - in: -.inf\n      - out: 4\n    cycles: 1\n", False),
        ("nan-phase", lambda: b"title: T\nsteps:\n  - breathe: [in: .nan, out: 4]\n    cycles: 1\n", False),
        ("null-bytes", lambda: b"title: T\x00\n" + GOOD_TAIL, False),
        ("only-comments", lambda: b"# nothing here\n# at all\n", False),
        ("many-documents", lambda: (b"title: T\n" + GOOD_TAIL + b"---\n") * 50, False),
    ]  # fmt: skip
    for name, data, accepted in _control_cases():
        made.append((f"{CONTROL_PREFIX}{name}", fixed(data), accepted))
    for index, tag in enumerate(OBJECT_TAGS):
        body = f"title: {tag}\n".encode() + GOOD_TAIL
        made.append((f"tag-{index:02d}", fixed(body), False))
    for field in FIELDS_EXPECTING_WORDS:
        for word in YAML11_WORDS:
            title = "" if field == "title" else "title: T\n"
            body = f"{title}{field}: {word}\n".encode() + GOOD_TAIL
            # PyYAML reads y and n as letters, not booleans: those are words, and fine.
            made.append((f"{field}-{word}", fixed(body), word in {"y", "n"}))
    for word in YAML11_WORDS:
        for key in ("seconds", "tally", "bell"):
            text = f"title: T\nsteps:\n  - text: x\n    seconds: 5\n    {key}: {word}\n"
            if key == "seconds":
                text = f"title: T\nsteps:\n  - text: x\n    seconds: {word}\n"
            allowed = key == "bell" and word.lower() in {"yes", "no", "on", "off", "true"}
            made.append((f"step-{key}-{word}", fixed(text.encode()), allowed))
    return made
