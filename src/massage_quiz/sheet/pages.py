"""The page planner: which questions are drawn together, and before which of them a new page starts.

It knows heights only, never how a block is drawn: ``draw`` measures each
block, asks where the pages break, then draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from massage_quiz.sheet.questions import MAPS, Task


def blocks(tasks: Sequence[Task]) -> list[list[Task]]:
    """The tasks in the blocks they are drawn in: maps two to a row, everything else one by one."""
    found: list[list[Task]] = []
    for task in tasks:
        if task.section == MAPS and found and found[-1][0].section == MAPS and len(found[-1]) == 1:
            found[-1].append(task)
        else:
            found.append([task])
    return found


def breaks(y: float, top: float, bottom: float, heights: Sequence[float], line: float) -> set[int]:
    """Before which blocks a new page starts: as many as fit on each page, and no last page with one short line.

    A last page less than a quarter full takes blocks from the page before it while that page stays two-thirds
    full (and a ``line`` more: a block's height ends in space that prints nothing): no page but the last is left
    a third empty.
    """
    found: set[int] = set()
    pages: list[list[int]] = [[]]
    for n, height in enumerate(heights):
        if y + height > bottom and y > top + 0.01:
            found.add(n)
            pages.append([])
            y = top
        pages[-1].append(n)
        y += height
    if len(pages) > 2 or (len(pages) == 2 and pages[0]):
        room = bottom - top

        def fill(page: list[int]) -> float:
            return sum(heights[n] for n in page)

        before, last = pages[-2], pages[-1]
        while (
            fill(last) < room / 4
            and len(before) >= 2
            and fill(last) + heights[before[-1]] <= room
            and fill(before) - heights[before[-1]] >= room * 2 / 3 + line
        ):
            found.discard(last[0])
            last.insert(0, before.pop())
            found.add(last[0])
    return found
