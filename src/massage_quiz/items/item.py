"""A study item: one question the drill can ask. A plain tuple, light to load from the cache.

An item is one facet of the facet table (``massage_quiz.facets.table``),
under the facet's id, so progress follows the fact however it is reworded.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Item(NamedTuple):
    """One question the drill can ask, with everything needed to grade it and teach from it."""

    id: str
    topic: str
    form: str  # typed, choice, true-false, order, recall
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    correct: Any = None  # index of the right option, True/False, or the right order of option indexes
    facts: tuple[str, ...] = ()  # what the card's back shows besides the answer, as lines
    source: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entry: tuple[str, str] = ("", "")
    # What to draw: ("acupoint", code, name, map fields) or ("technique", name, path fields).
    figure: tuple[Any, ...] | None = None
    # Why a wrong option is wrong, for the options the content explains: (option as shown, why, source).
    why_not: tuple[tuple[str, str, str], ...] = ()
