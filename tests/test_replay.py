"""A sync's replay of an item's history: FSRS-6 written out (drill/fsrs6.py) gives the fsrs package's cards to the bit, cheaply."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_quiz.drill import fsrs6
from massage_quiz.drill.progress import REVIEW, Store
from massage_quiz.drill.scheduling import AGAIN, GOOD, CardState, Schedule, default_parameters, scheduler_for

START = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
# Gaps between answers: the same minute, hours (a learning step, across 4 a.m.), days, months.
GAPS = st.one_of(st.integers(0, 120), st.integers(600, 30_000), st.integers(80_000, 400_000), st.integers(1_000_000, 40_000_000))
HISTORIES = st.lists(st.tuples(st.integers(1, 4), GAPS), min_size=1, max_size=25)
PARAMETERS = default_parameters()
SCHEDULES = st.sampled_from(
    [
        scheduler_for(),
        scheduler_for(0.95),
        scheduler_for(0.8, tuple(w * 1.1 if i in (0, 1, 2, 3) else w for i, w in enumerate(PARAMETERS))),
    ]
)
# Any parameters the fsrs package accepts (a trainee's fit is kept within them), any retention the drill takes.
BOUNDED = st.tuples(
    *(
        st.floats(low, high, allow_nan=False)
        for low, high in zip(fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS, strict=True)
    )
)
RANDOM_SCHEDULES = st.builds(scheduler_for, st.floats(0.7, 0.99), BOUNDED)


def one_by_one(schedule: Schedule, answers: list[tuple[int, datetime]]) -> tuple[CardState, CardState | None, int]:
    """The replay as the drill did it before: one call (a dictionary in, a dictionary out) per answer."""
    card: CardState | None = None
    before: CardState | None = None
    lapses = 0
    for rating, now in answers:
        before = card
        card = schedule(before, rating, now)
        lapses += int(before is not None and before["state"] == REVIEW and rating == AGAIN)
    assert card is not None
    return card, before, lapses


def replays_as_one_by_one(history: list[tuple[int, int]], schedule: Schedule) -> None:
    """The history (ratings and gaps in seconds) replayed at once gives what the fsrs package gives an answer at a time."""
    answers = []
    now = START
    for rating, gap in history:
        now += timedelta(seconds=gap)
        answers.append((rating, now))
    replayed = schedule.replay(answers)
    assert replayed is not None
    assert tuple(replayed) == one_by_one(schedule, answers)


@settings(max_examples=150, deadline=None)
@given(history=HISTORIES, schedule=SCHEDULES)
def test_replay_gives_the_cards_of_one_answer_at_a_time(history: list[tuple[int, int]], schedule: Schedule) -> None:
    replays_as_one_by_one(history, schedule)


@settings(max_examples=300, deadline=None)
@given(history=HISTORIES, schedule=RANDOM_SCHEDULES)
def test_replay_equals_the_fsrs_package_with_any_parameters(history: list[tuple[int, int]], schedule: Schedule) -> None:
    """The last card, the card before it (floats to the bit, due dates to the second) and the lapses, as fsrs gives them."""
    replays_as_one_by_one(history, schedule)


def test_replay_of_no_answers_is_nothing() -> None:
    assert scheduler_for().replay([]) is None


def test_a_sync_replays_without_the_fsrs_package_and_fuzzes_only_the_cards_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews_done: list[object] = []
    package_reviews: list[object] = []
    seeded: list[object] = []
    review, review_card, fuzz_random = fsrs6.Formulas.review, fsrs.Scheduler.review_card, random.Random

    def counted(calls: list[object], function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(args)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(fsrs6.Formulas, "review", counted(reviews_done, review))
    monkeypatch.setattr(fsrs.Scheduler, "review_card", counted(package_reviews, review_card))
    monkeypatch.setattr(fsrs6.random, "Random", counted(seeded, fuzz_random))
    items, answers = 40, 25
    found = {
        f"acupoint/p{i}/code": [
            (int((START + timedelta(days=3 * n, seconds=i)).timestamp() * 1000), GOOD) for n in range(answers)
        ]
        for i in range(items)
    }
    with Store(tmp_path / "p.sqlite3") as store:
        assert store.add_from_anki(found, scheduler_for()) == items * answers
        assert store.states()["acupoint/p0/code"].reps == answers
    assert len(reviews_done) == items * answers  # each answer scheduled once, in one pass per item
    assert package_reviews == []  # not one fsrs Card: the formulas are written out
    assert len(seeded) <= 2 * items  # the fuzz drawn only for the last card and the one before it, per item


@pytest.mark.parametrize("items", [3, 60])
def test_a_sync_reads_the_progress_file_in_as_many_queries_for_any_number_of_items(tmp_path: Path, items: int) -> None:
    """Bringing Anki's answers reads the paired ids, the last review id, the parameters in use and every item's history in one query each, not one per answer or item."""
    found = {
        f"acupoint/p{i}/code": [(int((START + timedelta(days=3 * n, seconds=i)).timestamp() * 1000), GOOD) for n in range(4)]
        for i in range(items)
    }
    # The same Anki answer twice in one exchange (it is added once), and an item's answer already paired.
    found["acupoint/p0/code"].append(found["acupoint/p0/code"][0])
    with Store(tmp_path / "p.sqlite3") as store:
        store.add_from_anki({"acupoint/p1/code": found["acupoint/p1/code"][:1]}, scheduler_for())
        selects: list[str] = []
        store._db.set_trace_callback(lambda sql: selects.append(sql) if sql.lstrip().upper().startswith("SELECT") else None)
        assert store.add_from_anki(found, scheduler_for()) == items * 4 - 1
        store._db.set_trace_callback(None)
        assert len(selects) == 4
        states = store.states()
    assert len(states) == items
    assert {state.reps for state in states.values()} == {4}
