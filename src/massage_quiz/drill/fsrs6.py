"""FSRS-6's formulas written out for a sync's replay: the fsrs package's ``review_card``, to the bit, without its objects.

A sync replays every answer brought from Anki through the item's whole
history. With the fsrs package each answer cost a copied card, a review log,
timezone checks and a seeded fuzz (about a third of a first sync). Here an
answer is a few float operations on a plain tuple, in the package's own
order of operations, so the floats are the same bits; the due date (and its
fuzz) is made only for the cards kept: the last and the one before it.
``tests/test_replay.py`` replays random histories both ways and compares.
The formulas are those of fsrs 6.3.2 (``fsrs/scheduler.py``) with its default
learning steps (1 and 10 minutes), relearning step (10 minutes) and maximum
interval, and fuzzing off (the drill draws its own, seeded, below).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from massage_quiz.drill.clock import days_between_answers

# fsrs's ratings (fsrs.Rating) and card states (fsrs.State, which are Anki's card types too), in the
# one place: plain ints, as the progress file stores them, without importing fsrs (a test keeps them equal).
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
LEARNING, REVIEW, RELEARNING = 1, 2, 3
STABILITY_MIN = 0.001
MIN_DIFFICULTY, MAX_DIFFICULTY = 1.0, 10.0
MAXIMUM_INTERVAL = 36500
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

# Anki's fuzz ranges (and fsrs's): an interval of d days is moved by up to 1 + the sum of
# factor x the part of d in each range, so cards learnt together do not stay together.
FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


class Memory(NamedTuple):
    """A card between answers: what the next answer reads (fsrs's Card without its id and due date)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    last_review: datetime | None


NEW = Memory(LEARNING, 0, None, None, None)


class Answered(NamedTuple):
    """One answer's result: the card after it, and how its due date is made (a step, or days to fuzz)."""

    card: Memory
    step: timedelta | None  # a learning or relearning step; None: ``days``, fuzzed
    days: int
    before: Memory  # the card the answer was given on, and the rating: with the second, the fuzz's seed
    rating: int


class Formulas:
    """FSRS-6 with one set of parameters and one desired retention, as ``fsrs.Scheduler`` computes it."""

    def __init__(self, parameters: Sequence[float], retention: float) -> None:
        w = tuple(parameters)
        self.w = w
        decay = -w[20]
        self.decay = decay
        self.factor = 0.9 ** (1 / decay) - 1
        self.retention_term = (retention ** (1 / decay)) - 1  # a factor of every interval, as fsrs computes it
        self.easy_difficulty = w[4] - (math.e ** (w[5] * (EASY - 1))) + 1  # the mean reversion's target, unclamped
        self.forget_short_term = math.e ** (w[17] * w[18])
        self.recall_base = math.e ** (w[8])

    def review(self, card: Memory, rating: int, now: datetime) -> Answered:
        """The card after ``rating`` at ``now`` (fsrs's ``review_card``, the days since the last answer counted as Anki does)."""
        state, step, stability, difficulty, last = card
        days = None if last is None else days_between_answers(last, now)
        if state == REVIEW:
            assert stability is not None, "a card past its learning steps has a memory state"
            assert difficulty is not None, "a card past its learning steps has a memory state"
            if days is not None and days < 1:
                stability = self.short_term(stability, rating)
            else:
                stability = self.next_stability(difficulty, stability, self.retrievability(stability, days), rating)
            difficulty = self.next_difficulty(difficulty, rating)
            if rating == AGAIN:
                return Answered(Memory(RELEARNING, 0, stability, difficulty, now), RELEARNING_STEPS[0], 0, card, rating)
            return Answered(Memory(REVIEW, None, stability, difficulty, now), None, self.interval(stability), card, rating)
        assert step is not None
        if stability is None or difficulty is None:
            stability, difficulty = max(self.w[rating - 1], STABILITY_MIN), self.initial_difficulty(rating)
        elif days is not None and days < 1:
            stability, difficulty = self.short_term(stability, rating), self.next_difficulty(difficulty, rating)
        else:
            retrievability = self.retrievability(stability, days)
            stability = self.next_stability(difficulty, stability, retrievability, rating)
            difficulty = self.next_difficulty(difficulty, rating)
        steps = LEARNING_STEPS if state == LEARNING else RELEARNING_STEPS
        if rating == EASY or (rating != AGAIN and step >= len(steps)) or (rating == GOOD and step + 1 == len(steps)):
            return Answered(Memory(REVIEW, None, stability, difficulty, now), None, self.interval(stability), card, rating)
        if rating == AGAIN:
            step, wait = 0, steps[0]
        elif rating == HARD:
            # The step stays; at the first, the wait is between the first two steps (or half again the only one).
            wait = (steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2.0) if step == 0 else steps[step]
        else:
            step += 1
            wait = steps[step]
        return Answered(Memory(state, step, stability, difficulty, now), wait, 0, card, rating)

    def retrievability(self, stability: float, days: int | None) -> float:
        """The chance of recall ``days`` after the last answer (fsrs's ``get_card_retrievability``)."""
        elapsed = max(0, days or 0)
        return float((1 + self.factor * elapsed / stability) ** self.decay)

    def initial_difficulty(self, rating: int) -> float:
        """A new card's difficulty after its first answer, clamped."""
        w = self.w
        return float(min(max(w[4] - (math.e ** (w[5] * (rating - 1))) + 1, MIN_DIFFICULTY), MAX_DIFFICULTY))

    def next_difficulty(self, difficulty: float, rating: int) -> float:
        """Difficulty after an answer: the rating's step, damped near 10, reverted towards an Easy first answer's."""
        w = self.w
        delta = -(w[6] * (rating - 3))
        damped = difficulty + (10.0 - difficulty) * delta / 9.0
        return float(min(max(w[7] * self.easy_difficulty + (1 - w[7]) * damped, MIN_DIFFICULTY), MAX_DIFFICULTY))

    def short_term(self, stability: float, rating: int) -> float:
        """Stability after an answer the same day (Anki's count) as the last."""
        w = self.w
        increase = (math.e ** (w[17] * (rating - 3 + w[18]))) * (stability ** -w[19])
        if rating != AGAIN:
            increase = max(increase, 1.0)
        return float(max(stability * increase, STABILITY_MIN))

    def next_stability(self, difficulty: float, stability: float, retrievability: float, rating: int) -> float:
        """Stability after an answer a day or more after the last: after a lapse, or after a recall."""
        w = self.w
        if rating == AGAIN:
            long_term = (
                w[11] * (difficulty ** -w[12]) * (((stability + 1) ** (w[13])) - 1) * (math.e ** ((1 - retrievability) * w[14]))
            )
            found = min(long_term, stability / self.forget_short_term)
        else:
            hard_penalty = w[15] if rating == HARD else 1
            easy_bonus = w[16] if rating == EASY else 1
            found = stability * (
                1
                + self.recall_base
                * (11 - difficulty)
                * (stability ** -w[9])
                * ((math.e ** ((1 - retrievability) * w[10])) - 1)
                * hard_penalty
                * easy_bonus
            )
        return float(max(found, STABILITY_MIN))

    def interval(self, stability: float) -> int:
        """The interval in whole days, before fuzz: at least 1, at most the maximum."""
        return int(min(max(round((stability / self.factor) * self.retention_term), 1), MAXIMUM_INTERVAL))

    def replay(self, answers: Iterable[tuple[int, datetime]]) -> tuple[Answered, Answered | None, int] | None:
        """A new card through its answers (rating, time), oldest first: the last answer, the one before, and the lapses."""
        card = NEW
        last: Answered | None = None
        before: Answered | None = None
        lapses = 0
        for rating, now in answers:
            if last is not None:
                lapses += int(card.state == REVIEW and rating == AGAIN)
            before, last = last, self.review(card, rating, now)
            card = last.card
        return None if last is None else (last, before, lapses)


def memory_key(card: Memory) -> str:
    """The memory state the interval's fuzz is drawn from (with the rating and the second): the same on every device."""
    if card.stability is None and card.last_review is None:
        return "new"
    return "|".join(f"{value!s:.12}" for value in (card.state, card.step, card.stability, card.difficulty))


def due(answered: Answered) -> datetime:
    """When the card is due after the answer: its step, or its interval moved by the seeded fuzz."""
    now = answered.card.last_review
    assert now is not None, "an answered card has a last answer"
    if answered.step is not None:
        return now + answered.step
    days = answered.days
    if days >= 2.5:
        seed = f"{memory_key(answered.before)}|{answered.rating}|{int(now.timestamp())}"
        days = fuzzed(days, random.Random(seed))
    return now + timedelta(days=days)


def as_dict(answered: Answered) -> dict[str, object]:
    """The card as the fsrs package's ``Card.to_dict`` writes it (card id 1), as the progress file stores it."""
    card = answered.card
    assert card.last_review is not None, "an answered card has a last answer"
    return {
        "card_id": 1,
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": due(answered).isoformat(),
        "last_review": card.last_review.isoformat(),
    }


def fuzzed(days: int, rng: random.Random, maximum: int = MAXIMUM_INTERVAL) -> int:
    """An interval of ``days`` moved at random within Anki's fuzz range (intervals under 3 days are kept)."""
    if days < 2.5:
        return days
    delta = 1.0 + sum(factor * max(min(float(days), end) - start, 0.0) for start, end, factor in FUZZ_RANGES)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum)
    low = min(low, high)
    return min(round(rng.random() * (high - low + 1) + low), maximum)
