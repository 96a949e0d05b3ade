"""A facet's id, ``kind/entry-id/facet`` (``kind/entry-id`` for a kind's only facet), made and read here only.

The id is the contract shared by an Anki card, a drill item, a progress row
and a trainee's summary, so it is written once (``facet_id``) and parsed once
(``parse``); standard library only, so the warm start and the report can read it.
"""

from __future__ import annotations

from typing import NamedTuple, NewType

FacetId = NewType("FacetId", str)


class FacetParts(NamedTuple):
    """A facet id's parts: the entry's kind and id, and the facet's name ("" for a kind's only facet)."""

    kind: str
    entry: str
    facet: str


def facet_id(kind: str, entry_id: str, facet: str = "") -> FacetId:
    """The id of ``facet`` of the entry ``kind``/``entry_id``."""
    return FacetId(f"{kind}/{entry_id}/{facet}" if facet else f"{kind}/{entry_id}")


def parse(text: str) -> FacetParts | None:
    """The parts of a facet id, or None for text of any other shape (fewer than two parts, more than three)."""
    parts = text.split("/")
    if len(parts) == 2:
        return FacetParts(parts[0], parts[1], "")
    if len(parts) == 3:
        return FacetParts(parts[0], parts[1], parts[2])
    return None


def kind_of(text: str) -> str:
    """The kind a facet id names: its first part (the whole text when it has no slash)."""
    return text.partition("/")[0]
