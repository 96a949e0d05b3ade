"""What the catalogue holds, entry by entry, with the ids of the facets each is studied by."""

from __future__ import annotations

from typing import Any

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import KIND_TOPIC
from massage_quiz.errors import UsageProblem
from massage_quiz.facets.table import entry_facets, facet_id
from massage_quiz.selection import chosen


def rows(catalogue: Catalogue, topics: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One row per entry (of one of ``topics`` with one of ``tags``, if given): topic, kind, id, title, tags, place, item ids."""
    if tags and not set(tags) & set(all_tags(catalogue)):
        known = ", ".join(all_tags(catalogue)) or "none"
        raise UsageProblem(f"no entry has the tag {', '.join(map(repr, tags))}; the tags are: {known}")
    return [
        {
            "topic": KIND_TOPIC[e.kind],
            "kind": e.kind,
            "id": e.id,
            "title": e.title,
            "tags": list(e.tags),
            "path": e.origin.path,
            "line": e.origin.line,
            "items": [facet_id(e, f) for f in entry_facets(e, catalogue)[1]],
        }
        for e in catalogue.entries()
        if chosen(KIND_TOPIC[e.kind], e.tags, topics, tags)
    ]


def all_tags(catalogue: Catalogue) -> list[str]:
    """Every tag any entry has, sorted."""
    return sorted({tag for entry in catalogue.entries() for tag in entry.tags})
