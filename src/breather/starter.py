"""A first exercise of one's own: the commented starter that ``breather new NAME`` writes.

A newcomer's own folder does not exist until something makes it, and a blank file teaches
nothing. The starter is the README's example, with comments that say what each part does and how
to check and play it, named after what the person typed: the id from the name (the file is
``<id>.yaml``, and a file's name is its id), the title as typed. It is checked by the same
loader as every exercise before it is written, so what ``new`` writes always validates and plays.
Nothing here writes a file; the command line does, and refuses to overwrite one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from breather.errors import UserError
from breather.loader import MAX_CHARS, load_text
from breather.safetext import bidi_problem, control_problem

_STARTER = """\
# {title}: an exercise for breather. Change the words and the times to make it yours.
# Check it:  breather validate {path}
# Play it:   breather play {exercise_id}
# Its id, {exercise_id}, is the file's name. Every field is described in breather's README.
title: {quoted_title}
summary: Slow, gentle breathing with a longer out-breath.
tags: [breathing, between-sessions]
# {{length}} becomes the length it is played at, in words ("about 2 minutes").
intro: >
  This takes {{length}}. You can pause or stop at any time.
  Follow the pace if it suits you, or breathe at your own pace.
safety: If you feel lightheaded or tingly, go back to your normal breathing.
source: Paced breathing at about six breaths a minute (Lehrer and Gevirtz, 2014).
# Remove the # below to offer it only at these lengths, in minutes; without the line, any length
# the steps can be fitted to is offered. The written length (here 2 minutes) must be one of them.
# lengths: [1, 2, 3]
steps:
  # Words on screen for fifteen seconds.
  - text: Let your breath settle, without changing it.
    seconds: 15
  # Four seconds in, six out, nine times: a minute and a half. Played longer or shorter,
  # breather keeps the pace and changes the number of breaths.
  - breathe: 4-6
    cycles: 9
    text: Gently, not deeply.
  - text: Let go of the count. Look around the room.
    seconds: 15
outro: Welcome back.
"""


def exercise_id(name: str) -> str:
    """The id for a name: letters without accents, lower case, words joined by hyphens.

    "Before the next client" gives ``before-the-next-client``; "Café calme" gives ``cafe-calme``.
    An empty result means the name has no letter or digit an id can use.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def title_from(name: str) -> str:
    """The title for a name, as typed; a name typed as an id reads as words.

    "Before the next client" stays as it is; ``my-exercise`` becomes "My exercise".
    """
    words = " ".join(name.split())
    if " " not in words:
        words = " ".join(re.split(r"[-_]+", words)).strip()
    return words[:1].upper() + words[1:]


def starter_text(name: str, path: Path) -> str:
    """The starter exercise for ``name``, to be written at ``path``.

    Raises:
        UserError: The name cannot give an id or a title (no letters, control characters, too
            long), said in the words of the command line.
    """
    refusal = control_problem(name, "a name") or bidi_problem(name, allow_balanced=False)
    if refusal is not None:
        raise UserError(refusal.message)
    new_id = exercise_id(name)
    title = title_from(name)
    if not new_id:
        raise UserError(
            f"`{name}` has no letters or digits to make an id from (a-z, 0-9); "
            'choose a name like "Before the next client"'
        )
    if len(title) > MAX_CHARS["title"]:
        raise UserError(
            f"a title has at most {MAX_CHARS['title']} characters; choose a shorter name"
        )
    text = _STARTER.format(
        title=title,
        quoted_title=json.dumps(title, ensure_ascii=False),  # a JSON string is YAML too
        path=path,
        exercise_id=new_id,
    )
    load_text(text, str(path), file_id=new_id)  # what is written must load, or nothing is
    return text
