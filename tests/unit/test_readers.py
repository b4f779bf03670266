"""The value readers shared by exercise files and the settings: one mistake, one wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from breather.errors import UserError
from breather.readers import Problems, Reader, did_you_mean, normalise_text, read_limited
from breather.yamlsafe import MAX_FILE_BYTES, YamlMap, YamlReadError, YamlValue, parse


def entries(text: str) -> dict[str, YamlValue]:
    root = parse(text, "f.yaml")
    assert isinstance(root, YamlMap)
    return root.entries


def messages(problems: Problems) -> list[str]:
    return [problem.render() for problem in problems]


def test_text_keeps_paragraphs_and_joins_lines() -> None:
    assert normalise_text("one\ntwo\n\n\nthree  four\n", literal=True) == "one two\n\nthree four"
    assert normalise_text("one two\nthree  four\n") == "one two\n\nthree four"


def test_did_you_mean() -> None:
    assert did_you_mean("tittle", ["title", "steps"]) == "; did you mean `title`?"
    assert did_you_mean("zzz", ["title", "steps"]) == ""
    choices = ["calm-place-revisit", "container", "calm-place"]
    assert did_you_mean("calm-plac", choices, count=2, cutoff=0.5) == (
        "; did you mean `calm-place`, `calm-place-revisit`?"
    )


def test_each_reader_says_what_it_expected_and_what_it_got() -> None:
    found = Problems("f.yaml")
    read = Reader(found)
    values = entries("a: 12\nb: [x]\nc: maybe\nd: ten\ne: 1:30\nf: 2.5\ng: wild\nh: 3\ni: '  '\n")
    assert read.words(values["a"], "a") is None
    assert read.words(values["b"], "b") is None
    assert read.flag(values["c"], "c") is None
    assert read.duration(values["d"], "d") is None
    assert read.duration(values["e"], "e") is None
    assert read.whole_number(values["f"], "f", 1, 10, "a count") is None
    assert read.choice(values["g"], "g", ("full", "basic", "none")) is None
    assert read.word_list(values["h"], "h", example="folders") is None
    assert read.words(values["i"], "i") is None
    assert messages(found) == [
        "f.yaml:1:4: a: expected words, but YAML read `12` as a number; "
        'put the words in quotes: "12"',
        "f.yaml:2:4: b: expected text, got a list",
        "f.yaml:3:4: c: expected true or false, got `maybe`",
        'f.yaml:4:4: d: `ten` is not a duration; write seconds (20) or units like "1m30s"',
        'f.yaml:5:4: e: `1:30` reads as a clock time; write "1m30s" for minutes and seconds',
        "f.yaml:6:4: f: expected a count as a whole number, got 2.5",
        "f.yaml:7:4: g: expected full, basic or none, got `wild`",
        "f.yaml:8:4: h: expected a list of folders",
        "f.yaml:9:4: i: is empty; write some text here",
    ]


def test_good_values_come_back_typed() -> None:
    read = Reader(Problems("f.yaml"))
    values = entries("a: '  two  spaces '\nb: yes\nc: 1m30s\nd: basic\ne: [One, two]\n")
    assert read.words(values["a"], "a") == "two spaces"
    assert read.words(values["a"], "a", as_written=True) == "  two  spaces "
    assert read.flag(values["b"], "b") is True
    assert read.duration(values["c"], "c") == 90.0
    assert read.choice(values["d"], "d", ("full", "basic")) == "basic"
    assert read.word_list(values["e"], "e", example="words") == ["One", "two"]
    assert not read.problems


def test_a_consequence_follows_every_mistake_in_a_value_but_not_an_unknown_key() -> None:
    found = Problems("s.yaml")
    read = Reader(found, consequence="using the default")
    root = parse("motoin: none\nholds: maybe\n", "s.yaml")
    assert isinstance(root, YamlMap)
    read.unknown_keys(root, "", ("motion", "holds"), "the settings")
    read.flag(root.entries["holds"], "holds")
    assert messages(found) == [
        "s.yaml:1:1: unknown key `motoin` in the settings; did you mean `motion`?",
        "s.yaml:2:8: holds: expected true or false, got `maybe`; using the default",
    ]


def test_too_long_text_names_the_limit() -> None:
    found = Problems("f.yaml")
    assert Reader(found).words(entries("a: " + "x" * 41 + "\n")["a"], "a", limit=40) is None
    assert messages(found) == ["f.yaml:1:4: a: is 41 characters long; keep it under 40"]


def test_a_file_over_one_mib_is_refused_with_its_size_and_never_read_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    with pytest.raises(YamlReadError) as caught:
        read_limited(path)
    assert isinstance(caught.value, UserError)  # no caller converts between the two
    assert caught.value.render() == (
        f"{path}:1:1: the file is 3.0 MiB; files over 1 MiB are not read"
    )


def test_an_unreadable_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="could not read the file"):
        read_limited(tmp_path / "missing.yaml")
