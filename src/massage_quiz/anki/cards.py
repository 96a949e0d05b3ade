"""Which Anki card a facet is: its note's GUID and its template's position, from the facet id alone."""

from __future__ import annotations

from massage_quiz.anki.package import guid_for
from massage_quiz.facets.table import TABLE


def card_of(facet_id: str) -> tuple[str, int] | None:
    """The (note GUID, template ord) of the card for ``kind/entry-id[/facet]``; None for an id the table does not know.

    The note type's templates are made from the table's facets in order, so
    a facet's place in that list is its card's ``ord`` in every collection.
    """
    parts = facet_id.split("/")
    table = TABLE.get(parts[0])
    if table is None or len(parts) not in (2, 3):
        return None
    name = parts[2] if len(parts) == 3 else ""
    ords = [facet.name for facet in table.facets]
    if name not in ords:
        return None
    return guid_for(parts[0], parts[1]), ords.index(name)
