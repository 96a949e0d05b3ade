"""FSRS scheduling through the fsrs package, imported only when the first answer is graded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs import Scheduler

# A card's FSRS state as a dict (fsrs's own Card.to_dict), None for a new item.
CardState = dict[str, Any]
Schedule = Callable[[CardState | None, int, datetime], CardState]

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
DEFAULT_RETENTION = 0.9


@lru_cache(maxsize=4)
def _scheduler(retention: float) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(desired_retention=retention)


def scheduler_for(retention: float = DEFAULT_RETENTION) -> Schedule:
    """A function that rates a card (as a dict, or None for a new item) and returns the next card."""

    def schedule(card: CardState | None, rating: int, now: datetime) -> CardState:
        import random

        from fsrs import Card, Rating, scheduler

        # fsrs fuzzes long intervals with the global random(); seeding it from the card, the
        # rating and the time (as Anki seeds its fuzz from the card) makes the interval the
        # drill previews before a key press the one it records after it.
        scheduler.random = random.Random(f"{sorted((card or {}).items())}|{rating}|{now.isoformat()}").random  # type: ignore[attr-defined]  # fsrs.scheduler imports random() but does not re-export it
        current = Card(card_id=1, due=now) if card is None else Card.from_dict(card)  # type: ignore[arg-type]  # fsrs wants its CardDict TypedDict; ours is that dict, read back from JSON
        updated, _log = _scheduler(retention).review_card(current, Rating(rating), review_datetime=now)
        state: CardState = dict(updated.to_dict())
        return state

    return schedule
