"""Choosing and ordering what is studied, for every command alike: the --topic/--tag filter, and groups taken in turn."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def chosen(topic: str, own_tags: Iterable[str], topics: Collection[str], tags: Collection[str]) -> bool:
    """Whether something of ``topic`` with ``own_tags`` passes --topic (any one given) and --tag (any one given); none given passes all."""
    if topics and topic not in topics:
        return False
    return not tags or any(tag in tags for tag in own_tags)


def in_turn(groups: Sequence[Sequence[T]]) -> list[T]:
    """One from each group in turn, until every group is used up."""
    result: list[T] = []
    for layer in range(max((len(g) for g in groups), default=0)):
        result.extend(group[layer] for group in groups if layer < len(group))
    return result
