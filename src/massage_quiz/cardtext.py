"""Render an Anki card template to plain text, as the card reads in Anki.

Handles what our templates use: {{Field}}, {{#Field}}...{{/Field}},
{{^Field}}...{{/Field}}, {{FrontSide}} and {{type:Field}}.
"""

from __future__ import annotations

import html
import re

from massage_quiz.notetypes import NoteType, Template

_SECTION = re.compile(r"{{([#^])([^}]+)}}(.*?){{/\2}}", re.S)
_FIELD = re.compile(r"{{(type:)?([^}#^/]+)}}")


def render(template: str, fields: dict[str, str], front: str = "") -> str:
    """Fill in a template's sections and fields; the result is HTML."""
    previous = None
    while previous != template:  # innermost sections first, until none is left
        previous = template
        template = _SECTION.sub(lambda m: m.group(3) if bool(fields.get(m.group(2), "").strip()) == (m.group(1) == "#") else "", template)

    def field(match: re.Match) -> str:
        name = match.group(2)
        if name == "FrontSide":
            return front
        if match.group(1):
            return "[type the answer]" if not front else ""
        return fields.get(name, "")

    return _FIELD.sub(field, template)


def to_text(rendered: str) -> str:
    """Turn rendered card HTML into readable lines of text."""
    text = re.sub(r"<hr[^>]*>", "\n────────\n", rendered)
    text = re.sub(r"<ol>(.*?)</ol>", _numbered, text, flags=re.S)
    text = re.sub(r"<li>", "\n  • ", text)
    text = re.sub(r"<(br|/div|/ol|/ul)\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines = [html.unescape(line).strip() for line in text.split("\n")]
    return "\n".join(line if not line.startswith("•") else "  " + line for line in lines if line)


def _numbered(match: re.Match) -> str:
    items = re.findall(r"<li>(.*?)</li>", match.group(1), flags=re.S)
    return "".join(f"\n  {n}. {item}" for n, item in enumerate(items, start=1)) + "\n"


def card_text(note_type: NoteType, template: Template, values: list[str]) -> tuple[str, str]:
    """A card's front and back as text."""
    fields = dict(zip(note_type.fields, values, strict=True))
    front = render(template.front, fields)
    back = render(template.back, fields, front=front)
    return to_text(front), to_text(back)
