"""The order in which Anki introduces new cards: topics taken in turn, the seed article's facts first.

Anki shows new cards by their position (``due``); genanki gives every card
position 0 unless told, and Anki then falls back to the order of the cards
in the collection, which put a trainee's first days all on one topic.
"""

from __future__ import annotations

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.selection import in_turn

SEED_TAG = "seed"  # the tag of the facts from the article the deck started from


def new_positions(catalogue: Catalogue) -> dict[tuple[str, str], int]:
    """Each entry's new-card position, by (kind, id): seed entries first, kinds taken in turn within each part."""
    kinds = [list(catalogue.of(kind)) for kind in catalogue.by_kind]
    seed = in_turn([[e for e in group if SEED_TAG in e.tags] for group in kinds])
    rest = in_turn([[e for e in group if SEED_TAG not in e.tags] for group in kinds])
    return {(entry.kind, entry.id): position for position, entry in enumerate(seed + rest, start=1)}
