"""``massage-quiz add``: write a new question into a quiz file, keeping the file as it was."""

from __future__ import annotations

import json
import re

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import EntryKind
from massage_quiz.catalogue.yamlreader import Mapping, Scalar, parse_bytes
from massage_quiz.normalize import normalize_text

NEW_FILE_HEADER = (
    "# yaml-language-server: $schema=../schemas/quizzes.schema.json\n# Questions added with massage-quiz add.\n\nquestions:\n"
)


def fresh_id(prompt: str, catalogue: Catalogue, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """An id made from the prompt's first words, unique among all questions."""
    words = normalize_text(prompt).encode("ascii", "ignore").decode().split()
    base = "-".join(words[:5]) or "question"
    base = re.sub(r"[^a-z0-9-]", "", base).strip("-") or "question"
    used = {q.id for q in catalogue.of(EntryKind.QUESTION)} | set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def yaml_scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back as the same text, else double-quoted."""
    document = parse_bytes(f"k: {text}\n".encode(), "<check>")
    if isinstance(document.root, Mapping) and not document.problems:
        value = document.root.items[0][1]
        if isinstance(value, Scalar) and value.tag.endswith(":str") and value.text == text and "#" not in text:
            return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def question_yaml(fields: dict[str, object], indent: str) -> str:
    """One question as a YAML list item, at the file's indentation."""
    lines = []
    inner = indent + "  "
    for number, (key, value) in enumerate(fields.items()):
        lead = f"{indent}- " if number == 0 else inner
        if isinstance(value, bool):
            lines.append(f"{lead}{key}: {'true' if value else 'false'}")
        elif isinstance(value, (list, tuple)):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{inner}  - {yaml_scalar(str(v))}" for v in value)
        else:
            lines.append(f"{lead}{key}: {yaml_scalar(str(value))}")
    return "\n".join(lines) + "\n"


def list_indent(text: str) -> str:
    """The indentation of the list items under ``questions:`` in an existing file."""
    match = re.search(r"^questions:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ ]*)- ", text, flags=re.M)
    return match.group(1) if match else "  "


def appended(original: str | None, fields: dict[str, object]) -> str:
    """The file's new text: the original, untouched, with the question after it."""
    if original is None:
        return NEW_FILE_HEADER + question_yaml(fields, "  ")
    if re.search(r"^questions:[ \t]*\[\s*\][ \t]*(?:#.*)?$", original, flags=re.M):
        raise ValueError("the file says 'questions: []'; replace [] with a list first, or choose another file")
    separator = "" if original.endswith("\n") else "\n"
    return original + separator + "\n" + question_yaml(fields, list_indent(original))
