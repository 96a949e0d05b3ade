"""The order in which Anki introduces new cards: topics taken in turn, the seed article's facts first.

Anki shows new cards by their position (``due``); genanki gives every card
position 0 unless told, and Anki then falls back to the order of the cards
in the collection, which put a trainee's first days all on one topic.
"""

from __future__ import annotations

from array import array

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.records import Entry
from massage_quiz.selection import in_turn

SEED_TAG = "seed"  # the tag of the facts from the article the deck started from


def new_positions(catalogue: Catalogue) -> dict[str, array[int]]:
    """Each entry's new-card position, by kind, in the order of ``catalogue.of(kind)``: seed entries first, kinds in turn within each part."""
    kinds = list(catalogue.by_kind)
    # An entry is counted as one number, its place among its kind's times the number of kinds plus its kind's:
    # a dictionary by (kind, id) held 13 MiB at 100,000 entries, and `check` makes these positions too (anki/notes.py).
    seed = [_places(catalogue.of(kind), number, len(kinds), True) for number, kind in enumerate(kinds)]
    rest = [_places(catalogue.of(kind), number, len(kinds), False) for number, kind in enumerate(kinds)]
    positions = {kind: array("l", [0]) * len(catalogue.of(kind)) for kind in kinds}
    for position, counted in enumerate(in_turn(seed) + in_turn(rest), start=1):
        place, number = divmod(counted, len(kinds))
        positions[kinds[number]][place] = position
    return positions


def _places(entries: tuple[Entry, ...], number: int, kinds: int, seed: bool) -> array[int]:
    return array("l", (place * kinds + number for place, entry in enumerate(entries) if (SEED_TAG in entry.tags) == seed))
