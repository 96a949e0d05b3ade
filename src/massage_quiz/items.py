"""A study item: one question the drill can ask. Light, so the drill starts fast."""

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
    note: str | None = None  # shown with the prompt, e.g. that the sources differ
    facts: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entry: tuple[str, str] = ("", "")
    # What to draw: ("acupoint", code, name, map fields) or ("technique", name, path fields).
    figure: tuple | None = None
