"""FSRS scheduling through the fsrs package, imported only when the first answer is graded."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

# fsrs's ratings and card states (plain ints, defined in fsrs6), known to the rest of the program from here.
from massage_quiz.drill.fsrs6 import AGAIN as AGAIN
from massage_quiz.drill.fsrs6 import EASY as EASY
from massage_quiz.drill.fsrs6 import GOOD as GOOD
from massage_quiz.drill.fsrs6 import HARD as HARD
from massage_quiz.drill.fsrs6 import LEARNING as LEARNING
from massage_quiz.drill.fsrs6 import MAXIMUM_INTERVAL as MAXIMUM_INTERVAL  # days, fsrs's and Anki's default
from massage_quiz.drill.fsrs6 import RELEARNING as RELEARNING
from massage_quiz.drill.fsrs6 import REVIEW as REVIEW
from massage_quiz.drill.fsrs6 import fuzzed as fuzzed  # the interval's fuzz, defined once for the drill and the replay

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

    from massage_quiz.drill.fsrs6 import Formulas

# A card's FSRS state as a dict (fsrs's own Card.to_dict), None for a new item.
CardState = dict[str, Any]
# FSRS-6's 21 parameters; None: FSRS's defaults.
Parameters = tuple[float, ...]

DEFAULT_RETENTION = 0.9
REVIEW_STATE = 2  # fsrs's state of a card past its learning steps


@lru_cache(maxsize=16)
def _scheduler(retention: float, parameters: Parameters | None) -> Scheduler:
    from fsrs import Scheduler

    # fsrs's own fuzz draws from the module's global random(), which cannot be seeded per
    # card; it is switched off and the fuzz is applied below from a seed of our own.
    if parameters is None:
        return Scheduler(desired_retention=retention, enable_fuzzing=False)
    return Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)


class Schedule:
    """Rates a card (as a dict, or None for a new item) and returns the next card, at each item's desired retention.

    Called directly it schedules at the default retention; ``for_item`` gives
    the function for one item, at that item's retention (a contraindication
    is held tighter than a technique).
    """

    def __init__(
        self,
        retention: float = DEFAULT_RETENTION,
        parameters: Parameters | None = None,
        retentions: Mapping[str, float] | None = None,
    ) -> None:
        self.retention = retention
        self.parameters = parameters
        self.retentions: Mapping[str, float] = retentions or {}

    def retention_of(self, item_id: str) -> float:
        """The desired retention the item is scheduled at."""
        return self.retentions.get(item_id, self.retention)

    def with_parameters(self, parameters: Parameters | None) -> Schedule:
        """This schedule (its retentions) with other FSRS parameters."""
        return Schedule(self.retention, parameters, self.retentions)

    def for_item(self, item_id: str) -> Schedule:
        """This schedule at the item's own desired retention."""
        retention = self.retention_of(item_id)
        return self if retention == self.retention else Schedule(retention, self.parameters)

    def __call__(self, card: CardState | None, rating: int, now: datetime) -> CardState:
        """The card after ``rating`` at ``now``."""
        from fsrs import Card

        current = Card(card_id=1, due=now) if card is None else Card.from_dict(_as_anki_counts(card, now))  # type: ignore[arg-type]  # fsrs wants its CardDict TypedDict; ours is that dict, read back from JSON
        memory = (
            "new" if card is None else _memory(card.get("state"), card.get("step"), card.get("stability"), card.get("difficulty"))
        )
        state: CardState = dict(_review(_scheduler(self.retention, self.parameters), current, memory, rating, now).to_dict())
        return state

    def replay(self, answers: Iterable[tuple[int, datetime]]) -> Replayed | None:
        """A new card through its answers (rating, time), oldest first: the same cards as calling this schedule on each in turn.

        FSRS-6's formulas written out (``fsrs6``), not the fsrs package: a sync
        replays every answer brought from Anki, and the package's objects, copies
        and fuzz at every answer were most of a first sync's time. Only the last
        card and the one before it are made whole (due date, fuzz, dictionary).
        """
        from massage_quiz.drill import fsrs6

        replayed = _formulas(self.retention, self.parameters).replay(answers)
        if replayed is None:
            return None
        last, before, lapses = replayed
        return Replayed(fsrs6.as_dict(last), None if before is None else fsrs6.as_dict(before), lapses)


@lru_cache(maxsize=16)
def _formulas(retention: float, parameters: Parameters | None) -> Formulas:
    from massage_quiz.drill.fsrs6 import Formulas

    return Formulas(parameters or default_parameters(), retention)


def _review(scheduler: Scheduler, current: Card, memory: str, rating: int, now: datetime) -> Card:
    """fsrs's next card after ``rating``, with the interval's fuzz drawn from ``memory`` (the state before)."""
    updated, _log = scheduler.review_card(current, _rating(rating), review_datetime=now)
    if updated.state.value == REVIEW_STATE:
        # Seeded from the memory state, the rating and the second of the answer (as Anki
        # seeds its fuzz from the card): the interval the drill previews before a key press
        # is the one it records after it, and the one every device that replays the same
        # answers after a sync draws (they know the answer to the second, nothing more).
        rng = random.Random(f"{memory}|{rating}|{int(now.timestamp())}")
        updated.due = now + timedelta(days=fuzzed((updated.due - now).days, rng))
    return updated


@lru_cache(maxsize=4)
def _rating(rating: int) -> Rating:
    from fsrs import Rating

    return Rating(rating)


class Replayed(NamedTuple):
    """An item's card after its whole history: the last card, the card before the last answer, and its lapses."""

    card: CardState
    before: CardState | None
    lapses: int  # Again on a card past its learning steps


def scheduler_for(
    retention: float = DEFAULT_RETENTION, parameters: Parameters | None = None, retentions: Mapping[str, float] | None = None
) -> Schedule:
    """The schedule at a default retention, with the trainee's parameters (None: FSRS's defaults) and per-item retentions."""
    return Schedule(retention, parameters, retentions)


def interval(stability: float, retention: float, parameters: Parameters | None = None, maximum: int = MAXIMUM_INTERVAL) -> int:
    """FSRS's interval in whole days for a stability and a desired retention, by fsrs-rs with the parameters in use."""
    import fsrs_rs_python

    days = fsrs_rs_python.FSRS(list(parameters or default_parameters())).next_interval(stability, retention, GOOD)
    return max(1, min(maximum, round(days))) if math.isfinite(days) else maximum


def default_parameters() -> Parameters:
    """FSRS-6's default parameters, as the fsrs package has them."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def _memory(state: object, step: object, stability: object, difficulty: object) -> str:
    """The memory state the interval's fuzz is drawn from (with the rating and the second): the same on every device."""
    return "|".join(f"{value!s:.12}" for value in (state, step, stability, difficulty))


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
