"""FSRS scheduling through the fsrs package, imported only when the first answer is graded."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
DEFAULT_RETENTION = 0.9


@lru_cache(maxsize=4)
def _scheduler(retention: float):
    from fsrs import Scheduler

    return Scheduler(desired_retention=retention)


def scheduler_for(retention: float = DEFAULT_RETENTION):
    """A function that rates a card (as a dict, or None for a new item) and returns the next card."""

    def schedule(card: dict | None, rating: int, now: datetime) -> dict:
        from fsrs import Card, Rating

        current = Card(card_id=1, due=now) if card is None else Card.from_dict(card)  # type: ignore[arg-type]
        updated, _log = _scheduler(retention).review_card(current, Rating(rating), review_datetime=now)
        return updated.to_dict()  # type: ignore[return-value]

    return schedule
