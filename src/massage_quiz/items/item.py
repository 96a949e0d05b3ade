"""A study item: one question the drill can ask. A plain tuple, light to load from the cache.

An item is one facet of the facet table (``massage_quiz.facets.table``),
under the facet's id, so progress follows the fact however it is reworded.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from massage_quiz.catalogue.ids import FacetId
from massage_quiz.catalogue.kinds import Form


class Item(NamedTuple):
    """One question the drill can ask, with everything needed to grade it and teach from it."""

    id: FacetId
    topic: str
    form: Form
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    # The right option's index (choice), True or False (true-false), or the option indexes in the right order (order).
    correct: int | bool | tuple[int, ...] | None = None
    facts: tuple[str, ...] = ()  # what the card's back shows besides the answer, as lines
    source: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entry: tuple[str, str] = ("", "")
    # What to draw: ("acupoint", code, name, map fields) or ("technique", name, path fields).
    figure: tuple[Any, ...] | None = None
    # Why a wrong option is wrong, for the options the content explains: (option as shown, why, source).
    why_not: tuple[tuple[str, str, str], ...] = ()

    def right_option(self) -> int:
        """The index of the right option, of a choice item."""
        assert isinstance(self.correct, int), self.id
        return self.correct

    def right_order(self) -> tuple[int, ...]:
        """The option indexes in the right order, of an order item."""
        assert isinstance(self.correct, tuple), self.id
        return self.correct
