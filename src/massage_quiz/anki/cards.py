"""Which Anki card a facet is: its note's GUID and its template's position, from the facet id alone."""

from __future__ import annotations

import hashlib

from massage_quiz.catalogue.ids import parse
from massage_quiz.facets.table import TABLE

# Anki's base-91 digits, as genanki writes GUIDs: the same GUID without importing genanki (sync's start pays for none of it).
_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def guid_for(kind: str, entry_id: str) -> str:
    """The note's GUID: from the entry's kind and id alone, so rewording never changes it (genanki's ``guid_for``)."""
    number = int.from_bytes(hashlib.sha256(f"massage-quiz__{kind}__{entry_id}".encode()).digest()[:8], "big")
    digits = ""
    while number:
        digits = _BASE91[number % 91] + digits
        number //= 91
    return digits


def card_of(facet_id: str) -> tuple[str, int] | None:
    """The (note GUID, template ord) of the card for ``kind/entry-id[/facet]``; None for an id the table does not know.

    The note type's templates are made from the table's facets in order, so
    a facet's place in that list is its card's ``ord`` in every collection.
    """
    parts = parse(facet_id)
    table = None if parts is None else TABLE.get(parts.kind)
    if parts is None or table is None:
        return None
    ords = [facet.name for facet in table.facets]
    if parts.facet not in ords:
        return None
    return guid_for(parts.kind, parts.entry), ords.index(parts.facet)
