"""A simulated trainee whose memory follows FSRS with parameters of its own, drilled on FSRS's default schedule."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

START = datetime(2026, 1, 5, 9, tzinfo=UTC)

# A trainee who forgets faster than FSRS's average user: lower initial stabilities for
# Good and Easy, stability that grows more slowly with each success (w8), and a steeper
# forgetting curve (w20, the decay).
FORGETFUL = (*DEFAULT_PARAMETERS[:2], 0.5, 1.5, *DEFAULT_PARAMETERS[4:8], 1.0, *DEFAULT_PARAMETERS[9:20], 0.5)


def simulate(items: int, days: int, seed: int = 7, memory: tuple[float, ...] = FORGETFUL) -> list[tuple[str, int, int]]:
    """Answers (item id, seconds since the epoch, rating) of a trainee who learns ``items`` items over ``days`` days.

    The drill schedules with the defaults (as it does for a new trainee);
    whether each answer is right is drawn from the trainee's own memory.
    """
    rng = random.Random(seed)
    drill = Scheduler(enable_fuzzing=False)
    mind = Scheduler(parameters=memory, enable_fuzzing=False)
    per_day = max(1, items // max(days // 2, 1))
    scheduled: dict[str, Card] = {}
    remembered: dict[str, Card] = {}
    answers: list[tuple[str, int, int]] = []
    end = START + timedelta(days=days)
    for number in range(items):
        item_id = f"technique/sim-{number}/name"
        moment = START + timedelta(days=number // per_day, minutes=number % per_day)
        scheduled[item_id], remembered[item_id] = Card(card_id=number + 1, due=moment), Card(card_id=number + 1, due=moment)
    while True:
        item_id, card = min(scheduled.items(), key=lambda pair: pair[1].due)
        moment = card.due
        if moment >= end:
            break
        truth = remembered[item_id]
        recall = 0.75 if truth.last_review is None else mind.get_card_retrievability(truth, moment)
        rating = (Rating.Hard if rng.random() < 0.15 else Rating.Good) if rng.random() < recall else Rating.Again
        scheduled[item_id], _ = drill.review_card(card, rating, moment)
        remembered[item_id], _ = mind.review_card(truth, rating, moment)
        answers.append((item_id, int(moment.timestamp()), int(rating)))
    return answers
