"""The order of a session: siblings apart, and missed items back after a few others until answered right."""

from __future__ import annotations

from massage_quiz.drill.items import Item

RELEARN_GAP = 3  # other items asked before a missed one comes back (Anki's learning step, in items)


def spaced(items: list[Item]) -> list[Item]:
    """The items in their order, but never two facets of one entry back to back where another can come between."""
    left = list(items)
    result: list[Item] = []
    while left:
        previous = result[-1].entry if result else None
        index = next((i for i, item in enumerate(left) if item.entry != previous), 0)
        result.append(left.pop(index))
    return result


class Queue:
    """What is still to be asked this session, with missed items coming back."""

    def __init__(self, items: list[Item]) -> None:
        self.pending = spaced(items)
        self.total = len(self.pending)  # questions this session, relearning steps included
        self.asked = 0
        self.missed: set[str] = set()  # items answered wrong at least once this session
        self.relearned: set[str] = set()  # of those, the ones later answered right

    def __bool__(self) -> bool:
        return bool(self.pending)

    def next(self) -> Item:
        """The next item to ask."""
        self.asked += 1
        return self.pending.pop(0)

    def answered(self, item: Item, correct: bool) -> bool:
        """Note an answer; a wrong one puts the item back a few items on. Whether it comes back."""
        if correct:
            if item.id in self.missed:
                self.relearned.add(item.id)
            return False
        self.missed.add(item.id)
        self.total += 1
        self.pending.insert(self._slot(item), item)
        return True

    def is_relearning(self, item: Item) -> bool:
        """Whether this showing is a relearning step (the item was missed earlier in the session)."""
        return item.id in self.missed

    def _slot(self, item: Item) -> int:
        """The first place at least RELEARN_GAP items on where neither neighbour is a sibling; else the end."""
        for slot in range(min(RELEARN_GAP, len(self.pending)), len(self.pending) + 1):
            before = self.pending[slot - 1].entry if slot else item.entry
            after = self.pending[slot].entry if slot < len(self.pending) else None
            if slot and before != item.entry and after != item.entry:
                return slot
        return len(self.pending)
