"""FSRS scheduling through the fsrs package, imported only when the first answer is graded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
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

        # fsrs fuzzes long intervals with the global random(); seeding it from the memory
        # state, the rating and the second of the answer (as Anki seeds its fuzz from the
        # card) makes the interval the drill previews before a key press the one it records
        # after it, and the one every device that replays the same answers after a sync
        # draws (they know the answer to the second, and nothing of this device's card dict).
        scheduler.random = random.Random(_fuzz_seed(card, rating, now)).random  # type: ignore[attr-defined]  # fsrs.scheduler imports random() but does not re-export it
        current = Card(card_id=1, due=now) if card is None else Card.from_dict(_as_anki_counts(card, now))  # type: ignore[arg-type]  # fsrs wants its CardDict TypedDict; ours is that dict, read back from JSON
        updated, _log = _scheduler(retention).review_card(current, Rating(rating), review_datetime=now)
        state: CardState = dict(updated.to_dict())
        return state

    return schedule


def _fuzz_seed(card: CardState | None, rating: int, now: datetime) -> str:
    """What the interval's fuzz is drawn from: the same on every device that has the same answers."""
    memory = "new" if card is None else "|".join(f"{card.get(k)!s:.12}" for k in ("state", "step", "stability", "difficulty"))
    return f"{memory}|{rating}|{int(now.timestamp())}"


def _as_anki_counts(card: CardState, now: datetime) -> CardState:
    """The card with its last answer moved so that fsrs sees the days since it as Anki counts them.

    fsrs takes the whole 24-hour spans since the last answer; Anki, which syncs
    the same answers, takes days that begin at 4 a.m. Giving fsrs the same count
    keeps one memory on both sides for answers made around 4 a.m.
    """
    from massage_quiz.drill.clock import days_between_answers

    last = card.get("last_review")
    if not last:
        return card
    days = days_between_answers(datetime.fromisoformat(last), now)
    return {**card, "last_review": (now - timedelta(days=days)).isoformat()}
