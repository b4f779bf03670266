"""Large letters for a shared screen, drawn with half blocks: words a room can read.

A terminal has one size of type. When a person leads a group from a screen everyone can see, the
words to say must read from across a room, so :func:`block_lines` draws them in letters five
pixels high, two pixels to a cell (the upper and lower half blocks ``▀ ▄ █``), three rows to a line
of text. Each letter keeps roughly its printed proportions, because a cell is about twice as tall
as it is wide.

The font is small and ours (no dependency, nothing fetched): the capital letters, digits and the
punctuation exercise texts use. Text it cannot draw (other scripts, accented letters) is never
guessed at or stripped: :func:`block_lines` answers None and the caller shows the words in
ordinary bold type. Pure: no Textual, no I/O.
"""

from __future__ import annotations

from functools import cache

GLYPH_HEIGHT = 5
"""Pixels in a letter's height; with a blank pixel row below, a line of text is three cells."""

ROWS_PER_LINE = 3
"""Terminal rows one line of large text takes (six pixel rows: the letter and a gap)."""

LINE_GAP = 1
"""Blank rows between two lines of large text."""

FONT: dict[str, tuple[str, ...]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##.", "#...", "#.##", "#..#", ".###"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".##.", "#..#", "#..#", "#.##", ".###"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    " ": ("..", "..", "..", "..", ".."),
    ".": (".", ".", ".", ".", "#"),
    ",": ("..", "..", "..", ".#", "#."),
    ":": (".", "#", ".", "#", "."),
    ";": ("..", ".#", "..", ".#", "#."),
    "'": ("#", "#", ".", ".", "."),
    '"': ("#.#", "#.#", "...", "...", "..."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "-": ("...", "...", "###", "...", "..."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "=": ("...", "###", "...", "###", "..."),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    "&": (".#.", "#.#", ".#.", "#.#", ".##"),
    "·": (".", ".", "#", ".", "."),
}
"""Each character the font draws: five rows of pixels, ``#`` lit and ``.`` dark."""

_SAME_AS = {
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
}
"""Typographic characters drawn as their plain forms: a curly apostrophe reads the same."""

_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _plain(text: str) -> str | None:
    """``text`` in the font's characters (capitals, plain punctuation), or None if it cannot be."""
    folded = "".join(_SAME_AS.get(character, character) for character in text).upper()
    if any(character not in FONT for character in folded):
        return None
    return folded


def _word_pixels(word: str) -> list[str]:
    """A word's five pixel rows: its letters side by side with one dark pixel between them."""
    rows = ["" for _ in range(GLYPH_HEIGHT)]
    for position, character in enumerate(word):
        glyph = FONT[character]
        for row in range(GLYPH_HEIGHT):
            rows[row] += ("." if position else "") + glyph[row]
    return rows


def _width(word: str) -> int:
    return len(_word_pixels(word)[0]) if word else 0


@cache
def block_lines(text: str, width: int) -> tuple[str, ...] | None:
    """``text`` in large letters, wrapped at word boundaries to at most ``width`` cells.

    Returns the rows to draw (three for each line of text, with :data:`LINE_GAP` blank rows
    between lines), or None when the font cannot draw a character of the text or a single word
    is wider than ``width``: the caller then shows the words in ordinary type.
    """
    plain = _plain(" ".join(text.split()))
    if plain is None or not plain or width <= 0:
        return None
    space = _width(" ") + 2  # the space glyph and the gap on each side of it
    lines: list[list[str]] = []
    used = 0
    for word in plain.split(" "):
        size = _width(word)
        if size > width:
            return None
        if lines and used + space + size <= width:
            lines[-1].append(word)
            used += space + size
        else:
            lines.append([word])
            used = size
    rows: list[str] = []
    for number, words in enumerate(lines):
        if number:
            rows.extend("" for _ in range(LINE_GAP))
        rows.extend(_cells(_word_pixels(" ".join(words))))
    return tuple(rows)


def _cells(pixels: list[str]) -> list[str]:
    """Five pixel rows (and a dark sixth) as three rows of half-block characters.

    The rows keep their full width (no trailing spaces trimmed), so a line centred on screen
    keeps its three rows aligned.
    """
    padded = [*pixels, "." * len(pixels[0])]
    return [
        "".join(
            _HALF_BLOCKS[top == "#", bottom == "#"]
            for top, bottom in zip(padded[row], padded[row + 1], strict=True)
        )
        for row in range(0, len(padded), 2)
    ]
