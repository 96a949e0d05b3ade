"""The order of a session: siblings apart, and missed items back after a few others until answered right.

How relearning and new items share a session (Anki's learning steps, counted
in questions rather than minutes): a missed item comes back after RELEARN_GAP
other questions, so the items waiting (new ones included) keep being asked in
between; after MAX_MISSES misses in one session it waits for the next session
(FSRS has it due again within minutes). With a limit, every question counts,
relearning steps included: a relearning step takes the place of the last item
waiting for its first showing, which stays for another session (a new one stays new).
"""

from __future__ import annotations

from massage_quiz.items.item import Item

RELEARN_GAP = 3  # other items asked before a missed one comes back (Anki's learning step, in items)
MAX_MISSES = 3  # misses of one item in one session before it waits for the next session


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

    def __init__(self, items: list[Item], limit: int | None = None) -> None:
        self.limit = limit
        self.pending = spaced(items)[:limit]
        self.total = len(self.pending)  # questions this session, relearning steps included
        self.asked = 0
        self.missed: set[str] = set()  # items answered wrong at least once this session
        self.misses: dict[str, int] = {}
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
        self.misses[item.id] = self.misses.get(item.id, 0) + 1
        if self.misses[item.id] >= MAX_MISSES:
            return False
        if self.limit is not None and self.asked + len(self.pending) >= self.limit:
            waiting = [i for i, other in enumerate(self.pending) if other.id not in self.missed]
            if not waiting:
                return False  # the limit is reached, and only relearning steps are left
            del self.pending[waiting[-1]]  # the last first showing gives way, and waits for another session
        else:
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
