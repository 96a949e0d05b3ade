"""The current content as the report shows it: each item's topic and prompt on one line, from a cache of just these.

The report names questions, nothing more: reading the drill's whole items
(answers, options, facts, figures) and labelling every one took longer
than reading a class's first summaries. The labels are cached beside the
items, under the same key (the content's files and the package's code),
so a later report reads a file a sixth of the size and labels nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from massage_quiz.catalogue import cache
from massage_quiz.catalogue.folders import Folder, cache_name, content_key
from massage_quiz.items import load as items
from massage_quiz.items.item import Item


class Known(NamedTuple):
    """An item of the current content, as the report shows it."""

    topic: str
    label: str  # the prompt as the drill shows it, on one line


def label(item: Item) -> str:
    """An item's prompt as the drill shows it, on one line."""
    return " · ".join(line.strip() for line in item.prompt.splitlines() if line.strip())


def of_items(found: Iterable[Item]) -> dict[str, Known]:
    """Each item's topic and label, by id."""
    return {item.id: Known(item.topic, label(item)) for item in found}


def load(options: tuple[str, ...] = ()) -> dict[str, Known]:
    """The items of the bundled content, the installed courses and ``--content`` folders, by id: cached, else from their items."""
    return items.sparing_damaged_courses(_of_folders, items.study_folders(options))


def _of_folders(folders: list[Folder]) -> dict[str, Known]:
    key = content_key(folders)
    name = cache_name("report-labels", folders)
    rows = cache.read(name, key)
    if isinstance(rows, dict):
        try:
            return {item_id: Known(topic, shown) for item_id, (topic, shown) in rows.items()}
        except (TypeError, ValueError):
            pass  # written by another version: made afresh
    made = of_items(items.items_of(folders))
    cache.write(name, key, {item_id: list(known) for item_id, known in made.items()})
    return made
