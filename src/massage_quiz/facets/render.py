"""Render a card template the way Anki does, and turn card HTML into lines of text.

Handles what the facet table's templates use: ``{{Field}}``,
``{{#Field}}...{{/Field}}``, ``{{^Field}}...{{/Field}}``, ``{{FrontSide}}``
and ``{{type:Field}}``. Templates are parsed once and kept, so rendering
thousands of items stays cheap.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

_TAG = re.compile(r"{{([#^/]?)(type:)?([^}]+)}}")


class Field(NamedTuple):
    """``{{Name}}``: the field's value (``{{FrontSide}}``: the rendered front)."""

    name: str


class TypeBox(NamedTuple):
    """``{{type:Name}}``: Anki's type-in box."""

    name: str


class Section(NamedTuple):
    """``{{#Name}}...{{/Name}}`` (shown when the field is filled in), or ``{{^Name}}`` (when it is empty)."""

    name: str
    inverted: bool
    body: Parsed


Node = str | Field | TypeBox | Section
Parsed = tuple[Node, ...]


@functools.cache
def parse(template: str) -> Parsed:
    """Parse a template into nodes; an unclosed or stray section is a programming error."""
    stack: list[tuple[str, bool, list[Node]]] = [("", False, [])]
    position = 0
    for match in _TAG.finditer(template):
        if match.start() > position:
            stack[-1][2].append(template[position : match.start()])
        position = match.end()
        sigil, typed, name = match.groups()
        if sigil in "#^" and sigil:
            stack.append((name, sigil == "^", []))
        elif sigil == "/":
            opened, inverted, body = stack.pop()
            if opened != name:
                raise ValueError(f"{{{{/{name}}}}} closes {{{{#{opened}}}}} in {template!r}")
            stack[-1][2].append(Section(name, inverted, tuple(body)))
        else:
            stack[-1][2].append(TypeBox(name) if typed else Field(name))
    if position < len(template):
        stack[-1][2].append(template[position:])
    if len(stack) != 1:
        raise ValueError(f"{{{{#{stack[-1][0]}}}}} is never closed in {template!r}")
    return tuple(stack[0][2])


def walk(nodes: Parsed) -> Iterator[Node]:
    """Every node of a parsed template, sections' bodies included."""
    for node in nodes:
        yield node
        if isinstance(node, Section):
            yield from walk(node.body)


def render(template: str, fields: Mapping[str, str], front: str = "", typed: str = "") -> str:
    """Fill in a template's sections and fields; the result is HTML.

    ``front`` is what ``{{FrontSide}}`` stands for; ``typed`` is what a
    ``{{type:Field}}`` box stands for (Anki shows an input on the front).
    """
    return _render(parse(template), fields, front, typed)


def _render(nodes: Parsed, fields: Mapping[str, str], front: str, typed: str) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Field):
            out.append(front if node.name == "FrontSide" else fields.get(node.name, ""))
        elif isinstance(node, TypeBox):
            out.append(typed)
        elif bool(fields.get(node.name, "").strip()) != node.inverted:
            out.append(_render(node.body, fields, front, typed))
    return "".join(out)


_HR = re.compile(r"<hr[^>]*>")
_OL = re.compile(r"<ol>(.*?)</ol>", re.S)
_LI = re.compile(r"<li[^>]*>(.*?)</li>", re.S)
_BREAK = re.compile(r"<(br|/div|/ol|/ul)\s*/?>")
_BULLET = re.compile(r"<li[^>]*>")
_ANY_TAG = re.compile(r"<[^>]+>")


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)  # a card's script is run, never read


def to_text(rendered: str) -> str:
    """Turn rendered card HTML into readable lines of text."""
    text = _HR.sub("\n────────\n", _SCRIPT.sub("", rendered))
    text = _OL.sub(_numbered, text)
    text = _BULLET.sub("\n  • ", text)
    text = _BREAK.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    lines = [html.unescape(line).strip() for line in text.split("\n")]
    return "\n".join(line if not line.startswith("•") else "  " + line for line in lines if line)


def _numbered(match: re.Match[str]) -> str:
    items = _LI.findall(match.group(1))
    return "".join(f"\n  {n}. {item}" for n, item in enumerate(items, start=1)) + "\n"
