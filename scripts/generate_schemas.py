"""Generate the JSON Schemas in schemas/ and the reference tables in docs/authoring.md from the specs.

Run after changing a spec in ``massage_quiz.catalogue.specs``::

    python scripts/generate_schemas.py

The tests import this file and fail when a shipped file differs from what it generates.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from massage_quiz import bodymap
from massage_quiz.catalogue import codes
from massage_quiz.catalogue.kinds import CARD_KINDS, FOLDER_TOPICS, ID_PATTERN, TAG_PATTERN
from massage_quiz.catalogue.specs import QUESTION, SPECS, TOPIC_SPECS, Field, Spec

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- generated: reference tables -->\n", "<!-- end of generated tables -->"


def _folder(spec: Spec) -> str:
    return next(folder for folder, topics in FOLDER_TOPICS.items() if spec.topic in topics)


def reference_tables() -> str:
    """The authoring reference as Markdown tables, one per kind, generated from the specs."""
    sections = []
    for spec in SPECS.values():
        rows = [f"### `{spec.topic}:` ({_folder(spec)}/*.yaml)", "", "| key | required | value | meaning |", "|---|---|---|---|"]
        for field in spec.fields:
            value = {
                "text": "text",
                "text-list": "text or list of texts",
                "id": "id",
                "id-list": "id or list of ids",
                "ref": "id, code or name",
                "ref-list": "id, code or name, or a list of them",
                "tags": "list of tags",
                "code": "code",
                "answer": "text, true/false, or list",
                "map": "mapping",
                "path": "mapping",
                "why-not": "list of mappings",
                "bool": "true / false",
                "choice": " / ".join(field.options),
                "choice-list": f"one or a list of: {' / '.join(field.options)}",
            }[field.json_type]
            article = "an" if (field.refers_to or "x")[0] in "aeiou" else "a"
            refers = f" Names {article} {field.refers_to} by its id, code or name." if field.refers_to else ""
            rows.append(f"| `{field.name}` | {'yes' if field.required else ''} | {value} | {field.doc}{refers} |")
        sections.append("\n".join(rows))
    return "\n\n".join(sections) + "\n"


_NON_BLANK = {"type": "string", "pattern": "\\S"}
# A plain number or true/false where text is expected is read as written.
_JSON_TEXT = {"anyOf": [_NON_BLANK, {"type": ["number", "boolean"]}]}
_JSON_ID = {"anyOf": [{"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}, {"type": "integer", "minimum": 0}]}
_JSON_TAG = {"type": "string", "pattern": f"^{TAG_PATTERN.pattern}$"}


def _one_or_many(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _json_field(field: Field) -> dict[str, Any]:
    if field.json_type == "choice":
        schema: dict[str, Any] = {"enum": list(field.options)}
    elif field.json_type == "choice-list":
        schema = _one_or_many({"enum": list(field.options)})
    elif field.json_type == "map":
        landmarks = [x for xs in bodymap.LANDMARKS.values() for x in xs]
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": ["region"],
            "properties": {
                "region": {"enum": list(bodymap.REGIONS)},
                "level": {"enum": list(bodymap.LEVELS)},
                "lateral": {"type": "number", "minimum": 0, "maximum": 10},
                "lateral_to": {"type": "number", "minimum": 0, "maximum": 10},
                "landmark": {"enum": landmarks},
            },
        }
    elif field.json_type == "path":
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": ["start", "end", "lateral"],
            "properties": {
                "start": {"enum": list(bodymap.LEVELS)},
                "end": {"enum": list(bodymap.LEVELS)},
                "lateral": {"type": "number", "minimum": 0, "maximum": 10},
                "both_sides": {"type": "boolean"},
            },
        }
    elif field.json_type == "why-not":
        reason = {
            "type": "object",
            "additionalProperties": False,
            "required": ["option", "why", "source"],
            "properties": {"option": _JSON_TEXT, "why": _JSON_TEXT, "source": _JSON_TEXT},
        }
        schema = {"type": "array", "items": reason}
    elif field.json_type == "bool":
        schema = {"type": "boolean"}
    elif field.json_type == "code":
        every_code = [f"{prefix}{n}" for prefix, count in codes.WHO_POINT_COUNTS.items() for n in range(1, count + 1)]
        extra = f"^EX-({'|'.join(codes.EX_REGIONS)})[1-9][0-9]*$"
        schema = {"anyOf": [{"enum": every_code}, {"type": "string", "pattern": extra}, {"const": codes.ASHI}]}
    else:
        schema = {
            "text": _JSON_TEXT,
            "text-list": _one_or_many(_JSON_TEXT),
            "id": _JSON_ID,
            "id-list": _one_or_many(_JSON_ID),
            "ref": _JSON_TEXT,
            "ref-list": _one_or_many(_JSON_TEXT),
            "tags": _one_or_many(_JSON_TAG),
            "answer": {"anyOf": [_JSON_TEXT, {"type": "array", "items": _JSON_TEXT}]},
        }[field.json_type]
    return {**schema, "description": field.doc}


def _json_entry(spec: Spec) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": "object",
        "description": f"One {spec.kind}.",
        "properties": {f.name: _json_field(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }
    if spec is QUESTION:
        entry["allOf"] = _question_rules()
    return entry


def _question_rules() -> list[dict[str, Any]]:
    """The rules of _question_checks, as JSON Schema, so editors flag them too."""
    text_answer = {"properties": {"answer": {"anyOf": [_NON_BLANK, {"type": "number"}]}}}

    def when(kinds: list[str], then: dict) -> dict[str, Any]:
        return {"if": {"properties": {"type": {"enum": kinds}}, "required": ["type"]}, "then": then}

    return [
        when(["true-false"], {"properties": {"answer": {"type": "boolean"}}, "not": {"required": ["accept"]}}),
        when(["typed", "choice"], text_answer),
        when(
            ["order"],
            {"properties": {"answer": {"type": "array", "minItems": 2, "uniqueItems": True}}, "not": {"required": ["accept"]}},
        ),
        when(["choice"], {"required": ["distractors"]}),
        when(["typed", "true-false", "order"], {"not": {"required": ["distractors"]}}),
        {"not": {"anyOf": [{"required": list(pair)} for pair in itertools.combinations(CARD_KINDS, 2)]}},
    ]


def json_schema(folder: str) -> dict[str, Any]:
    """JSON Schema (draft-07) for the files of ``folder`` ("cards" or "quizzes"), generated from the specs."""
    topics = FOLDER_TOPICS[folder]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://massage-quiz.invalid/schemas/{folder}.schema.json",
        "title": f"massage-quiz {folder} file",
        "description": "Generated from massage_quiz.catalogue.specs; do not edit by hand.",
        "type": "object",
        "properties": {t: {"type": "array", "items": _json_entry(TOPIC_SPECS[t])} for t in topics},
        "additionalProperties": False,
        "minProperties": 1,
    }


def json_schema_text(folder: str) -> str:
    """The schema as the text of a .json file."""
    return json.dumps(json_schema(folder), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the shipped schema files and the reference tables of the authoring guide."""
    for name in FOLDER_TOPICS:
        target = ROOT / "schemas" / f"{name}.schema.json"
        target.write_text(json_schema_text(name), encoding="utf-8")
        print(f"wrote {target}")
    guide = ROOT / "docs" / "authoring.md"
    head, rest = guide.read_text(encoding="utf-8").split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    guide.write_text(head + BEGIN + reference_tables() + END + tail, encoding="utf-8")
    print(f"wrote {guide}")


if __name__ == "__main__":
    main()
