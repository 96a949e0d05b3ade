"""What the catalogue holds, entry by entry, with the ids of the facets each is studied by."""

from __future__ import annotations

from typing import Any

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import KIND_TOPIC
from massage_quiz.facets.table import entry_facets, facet_id


def rows(catalogue: Catalogue, topic: str | None = None) -> list[dict[str, Any]]:
    """One row per entry (of ``topic``, if given): topic, kind, id, title, path, line and item ids."""
    return [
        {
            "topic": KIND_TOPIC[e.kind],
            "kind": e.kind,
            "id": e.id,
            "title": e.title,
            "path": e.origin.path,
            "line": e.origin.line,
            "items": [facet_id(e, f) for f in entry_facets(e, catalogue)[1]],
        }
        for e in catalogue.entries()
        if topic in (None, KIND_TOPIC[e.kind])
    ]
