"""Durations read from files, and written as M:SS and words by the three rounding rules."""

from __future__ import annotations

import pytest

from breather import durations


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(20, 20.0), (5.5, 5.5), ("20s", 20.0), ("1m", 60.0), ("1m30s", 90.0), ("90 s", 90.0),
     ("2 min", 120.0), ("1.5m", 90.0), ("45", 45.0)],
)  # fmt: skip
def test_durations_with_units(written: object, seconds: float) -> None:
    assert durations.parse(written) == seconds


@pytest.mark.parametrize("written", ["ten", "5 parsecs", "", "m", "1h", True, None, [1]])
def test_not_durations(written: object) -> None:
    assert durations.parse(written) is None


@pytest.mark.parametrize(
    ("seconds", "stamp", "countdown", "length"),
    [
        (0, "0:00", "0:00", "0:00"),
        (0.4, "0:00", "0:01", "0:00"),
        (0.5, "0:00", "0:01", "0:01"),
        (59.99, "0:59", "1:00", "1:00"),
        (60.2, "1:00", "1:01", "1:00"),
        (125, "2:05", "2:05", "2:05"),
        (119.6, "1:59", "2:00", "2:00"),
        (-0.3, "0:00", "0:00", "0:00"),
    ],
)
def test_the_three_rounding_rules(seconds: float, stamp: str, countdown: str, length: str) -> None:
    """Down for stamps, up for countdowns, nearest for lengths."""
    assert durations.stamp(seconds) == stamp
    assert durations.countdown(seconds) == countdown
    assert durations.length(seconds) == length


def test_a_phase_counts_down_whole_seconds_rounded_up() -> None:
    assert [durations.countdown_seconds(s) for s in (4.0, 3.2, 1e-9, 0, -1)] == [4, 4, 0, 0, 0]


def test_a_float_a_hair_off_a_whole_second_is_that_second() -> None:
    assert durations.stamp(10 - 1e-9) == "0:10"
    assert durations.countdown(10 + 1e-9) == "0:10"


@pytest.mark.parametrize(("seconds", "words"), [(0.2, "about 1 s"), (2, "about 2 s"),
    (10, "about 10 s"), (39, "about 40 s"), (52.4, "about 50 s"), (52.5, "about 1 min"),
    (60, "about 1 min"), (105, "about 2 min"), (135, "about 2.5 min"),
    (240, "about 4 min")])  # fmt: skip
def test_length_words(seconds: float, words: str) -> None:
    assert durations.length_words(seconds) == words


def test_a_range_is_rounded_inwards() -> None:
    assert durations.range_words(61, 238) == "65 seconds to 3.5 minutes"
    assert durations.range_words(95, 1800) == "2 minutes to 30 minutes"


@pytest.mark.parametrize(("seconds", "words"), [(1, "1 second"), (45, "45 seconds"),
    (5.5, "5.5 seconds"), (60, "1 minute"), (1800, "30 minutes"), (90, "90 seconds"),
    (2000, "2000 seconds")])  # fmt: skip
def test_exact_seconds_in_words(seconds: float, words: str) -> None:
    assert durations.seconds_words(seconds) == words


def test_minutes_and_short_forms() -> None:
    assert durations.minutes_words(1) == "1 minute"
    assert durations.minutes_words(0.5) == "0.5 minutes"
    assert durations.minutes_short(2.0) == "2 min"
    assert durations.seconds_short(4.0) == "4 s"
    assert durations.seconds_short(5.5) == "5.5 s"
    assert durations.number(2_000_000.0) == "2000000"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (3, "about 5 seconds"),
        (29, "about 30 seconds"),
        (39, "about 40 seconds"),
        (52, "about 50 seconds"),
        (53, "about 1 minute"),
        (60.8, "about 1 minute"),
        (89, "about 1.5 minutes"),
        (118, "about 2 minutes"),
        (300, "about 5 minutes"),
    ],
)
def test_spoken_length_for_length_in_a_sentence(seconds: float, words: str) -> None:
    assert durations.spoken_length(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "words"), [(29, "29 s"), (59.4, "59 s"), (59.6, "1:00"), (125, "2:05")]
)
def test_brief_length(seconds: float, words: str) -> None:
    assert durations.brief_length(seconds) == words


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        ([3, 5], "3 or 5 minutes"),
        ([2, 1, 3], "1, 2 or 3 minutes"),
        ([2], "2 minutes"),
        ([1], "1 minute"),
        ([0.5, 1], "0.5 or 1 minute"),
        ([2.5], "2.5 minutes"),
    ],
)
def test_minutes_list_words(minutes: list[float], words: str) -> None:
    assert durations.minutes_list_words(minutes) == words
