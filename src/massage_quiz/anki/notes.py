"""The deck's notes as text: every note's fields, tags and new-card position, and the pictures, cached beside the catalogue.

Rendering every note's fields from the catalogue's records is most of what
`build` does beyond genanki's own work; unchanged content is rendered once
and its notes read back as plain strings (JSON under the same digest key as
the catalogue's cache, never pickle), without loading the catalogue at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from massage_quiz.anki import order
from massage_quiz.catalogue import cache
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.folders import Folder, cache_name, content_key
from massage_quiz.facets.table import TABLE


class Note(NamedTuple):
    """One note as the deck holds it: its entry's kind and id, its fields (escaped HTML, in the note type's order), tags and position."""

    kind: str
    id: str
    fields: list[str]
    tags: list[str]
    due: int  # its cards' new-card position (anki/order.py)


class DeckNotes(NamedTuple):
    """Every note of the deck, kind by kind in the catalogue's order, and the pictures they show by media name."""

    notes: list[Note]
    media: dict[str, str]


def render(catalogue: Catalogue) -> DeckNotes:
    """The notes and pictures of ``catalogue``."""
    return DeckNotes(list(each_note(catalogue)), pictures(catalogue))


def each_note(catalogue: Catalogue) -> Iterator[Note]:
    """The notes of ``catalogue`` one at a time, kind by kind in the catalogue's order."""
    positions = order.new_positions(catalogue)
    for kind, table in TABLE.items():
        for entry, due in zip(catalogue.of(kind), positions.get(kind, ()), strict=True):
            yield Note(kind, entry.id, table.values(entry, catalogue), table.tags(entry), due)


def pictures(catalogue: Catalogue) -> dict[str, str]:
    """The pictures the notes show, by media file name."""
    files = {}
    for entry in catalogue.entries():
        picture = TABLE[entry.kind].picture(entry)
        if picture is not None:
            files[picture[0]] = picture[1]
    return files


def load(folders: list[Folder]) -> DeckNotes:
    """The notes of ``folders``: from the cache when the content and code are unchanged, else rendered (and cached).

    Content with errors raises ContentError, as loading the catalogue does, and is never cached.
    """
    key = content_key(folders)
    name = cache_name("notes", folders)
    cached = _from_cache(cache.read(name, key))
    if cached is not None:
        return cached
    from massage_quiz.catalogue.loader import load_cached  # the YAML reader and the specs: only when notes are rendered

    rendered = render(load_cached(folders, key))
    cache.write(name, key, {"notes": [list(note) for note in rendered.notes], "media": rendered.media})
    return rendered


def keep(folders: list[Folder], catalogue: Catalogue, key: str) -> None:
    """Cache the notes of ``catalogue``, the content of ``folders`` under ``key``, for the next build, unless cached already.

    `check` calls it once the content loads: a `build` right after it then
    reads its notes as a rebuild does. The notes are written as they are
    rendered, a chunk at a time, so no more than a chunk of them is held.
    """
    name = cache_name("notes", folders)
    if not cache.holds(name, key):
        cache.write(name, key, {"notes": (list(note) for note in each_note(catalogue)), "media": pictures(catalogue)})


def _from_cache(data: object) -> DeckNotes | None:
    """The notes stored in the cache, or None when there are none or another version wrote them."""
    if not isinstance(data, dict):
        return None
    try:
        notes = [Note(kind, entry_id, fields, tags, due) for kind, entry_id, fields, tags, due in data["notes"]]
        media = data["media"]
    except (TypeError, ValueError, KeyError):
        return None
    return DeckNotes(notes, media) if isinstance(media, dict) else None
