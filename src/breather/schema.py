"""The JSON Schema of the exercise format, for editors that check YAML as you type.

The schema describes the shape; the loader remains the judge (it also checks what a schema cannot
say well, like includes and YAML's surprises). Keep the two in step: a test checks that each kind's
keys here are the keys the loader's table of step kinds allows.
"""

from __future__ import annotations

from typing import Any, get_args

from breather.model import StepKindName, assert_never

_DURATION: dict[str, Any] = {
    "description": 'Seconds (20, 5.5) or a string with units ("20s", "1m30s").',
    "oneOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": 1800},
        {"type": "string", "pattern": r"^\s*(\d+(\.\d+)?\s*m(in)?\s*)?(\d+(\.\d+)?\s*s?)?\s*$"},
    ],
}
_PHASE_SECONDS: dict[str, Any] = {
    "description": "1-30 seconds; 0 drops the phase.",
    "oneOf": [
        {"type": "number", "minimum": 0, "maximum": 30},
        {"type": "string"},
    ],
}
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_WORD: dict[str, Any] = {
    "type": "string",
    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "description": "One word of lower-case letters, digits and hyphens (a key or a topic).",
}
_BELL: dict[str, Any] = {
    "type": "boolean",
    "description": "A cue as it starts: the terminal bell, or a chime with sound set to tones.",
}
_CYCLE_CAP: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": 1000}
_LENGTHS: dict[str, Any] = {
    "description": (
        "The lengths it may be played at: a list of minutes (each 0.5-30, its own written "
        "length among them), or as-written. Absent: any length fitting reaches."
    ),
    "oneOf": [
        {"const": "as-written"},
        {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "number", "minimum": 0.5, "maximum": 30},
        },
    ],
}


def _phase(kind: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {kind: _PHASE_SECONDS, "label": _TEXT},
        "required": [kind],
        "additionalProperties": False,
    }


def _step_schema(name: StepKindName) -> dict[str, Any]:
    """The schema of one kind of step."""
    match name:
        case "text":
            return {
                "type": "object",
                "properties": {
                    "text": _TEXT,
                    "seconds": _DURATION,
                    "tally": {"type": "integer", "minimum": 1, "maximum": 20},
                    "bell": _BELL,
                },
                "required": ["text", "seconds"],
                "additionalProperties": False,
            }
        case "breathe":
            return {
                "type": "object",
                "properties": {
                    "breathe": {
                        "oneOf": [
                            {
                                "type": "string",
                                "pattern": r"^\d+(\.\d+)?(-\d+(\.\d+)?){1,3}$",
                                "description": "in-out, in-hold-out or in-hold-out-hold, e.g. 4-6",
                            },
                            {
                                "type": "array",
                                "minItems": 2,
                                "items": {"oneOf": [_phase("in"), _phase("out"), _phase("hold")]},
                            },
                        ]
                    },
                    "cycles": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "seconds": _DURATION,
                    "min_cycles": {
                        **_CYCLE_CAP,
                        "description": "Fitting never plays fewer cycles (cycles not below).",
                    },
                    "max_cycles": {
                        **_CYCLE_CAP,
                        "description": "Fitting never plays more cycles (cycles not above).",
                    },
                    "text": _TEXT,
                    "bell": _BELL,
                    "tones": {
                        "type": "boolean",
                        "description": "With sound set to tones, a soft tone starts each phase.",
                    },
                },
                "required": ["breathe"],
                "oneOf": [{"required": ["cycles"]}, {"required": ["seconds"]}],
                "additionalProperties": False,
            }
        case "checklist":
            return {
                "type": "object",
                "properties": {
                    "checklist": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 12,
                        "items": {"type": "string", "minLength": 1, "maxLength": 200},
                    },
                    "text": _TEXT,
                    "seconds": _DURATION,
                    "bell": _BELL,
                },
                "required": ["checklist"],
                "additionalProperties": False,
            }
        case "pause":
            return {
                "type": "object",
                "properties": {"pause": _DURATION, "text": _TEXT, "bell": _BELL},
                "required": ["pause"],
                "additionalProperties": False,
            }
        case "include":
            return {
                "type": "object",
                "properties": {
                    "include": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "bell": _BELL,
                },
                "required": ["include"],
                "additionalProperties": False,
            }
        case "check-in":
            return {
                "type": "object",
                "properties": {
                    "check-in": {"type": "string", "minLength": 1, "maxLength": 200},
                    "key": _WORD,
                    "scale": {
                        "type": "array",
                        "description": "The words for 0 and for 10, like [none, a lot].",
                        "minItems": 2,
                        "maxItems": 2,
                        "items": {"type": "string", "minLength": 1, "maxLength": 40},
                    },
                    "bell": _BELL,
                },
                "required": ["check-in"],
                "additionalProperties": False,
            }
        case "write":
            return {
                "type": "object",
                "properties": {
                    "write": _TEXT,
                    "entries": {"type": "integer", "minimum": 1, "maximum": 10},
                    "topic": _WORD,
                    "bell": _BELL,
                },
                "required": ["write"],
                "additionalProperties": False,
            }
        case "recall":
            return {
                "type": "object",
                "properties": {
                    "recall": _WORD,
                    "count": {"type": "integer", "minimum": 1, "maximum": 10},
                    "text": _TEXT,
                    "bell": _BELL,
                },
                "required": ["recall"],
                "additionalProperties": False,
            }
        case _:
            assert_never(name)


def exercise_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format 1."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "breather exercise (format 1)",
        "type": "object",
        "properties": {
            "format": {"const": 1},
            "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
            "title": _TEXT,
            "summary": _TEXT,
            "tags": {"type": "array", "items": {"type": "string"}},
            "intro": _TEXT,
            "outro": _TEXT,
            "safety": _TEXT,
            "source": _TEXT,
            "lengths": _LENGTHS,
            "steps": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [_step_schema(name) for name in get_args(StepKindName)]},
            },
        },
        "required": ["title", "steps"],
        "additionalProperties": False,
    }
