"""Exercise files for the tests of lengths: one offered at 1 and 2 minutes, one only as written.

Shared by the command line's, the library's and the UI's length tests, so each checks the same
files (the relaxing breath keeps Weil's cap of four breaths; the doorway plays 0:29 as written).
"""

from __future__ import annotations

RELAXING = """\
title: Relaxing breath
lengths: [1, 2]
intro: It takes {length}. {support}
safety: Go gently. {support}
steps:
  - text: Find a comfortable seat, supported if you can.
    seconds: 14
  - breathe: 4-7-8
    cycles: 4
    max_cycles: 4
  - text: Let the count go. Look around the room; feel your feet.
    seconds: 30
"""
DOORWAY = """\
title: Doorway
summary: Half a minute at the door, played as written.
tags: [between-sessions]
lengths: as-written
intro: It takes {length}.
steps:
  - text: Feel the water on your hands, or the handle.
    seconds: 17
  - text: Look up, and take in the room.
    seconds: 12
"""
