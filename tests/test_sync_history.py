"""The progress file's side of sync: answers from Anki added once each, and items replayed in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import AGAIN, EASY, GOOD, HARD, scheduler_for

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
ITEM = "acupoint/shenshu/code"


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@pytest.mark.parametrize(
    ("here", "there"),
    [
        ([(0, GOOD), (2, GOOD)], [(1, AGAIN)]),  # a phone answer between two made here
        ([(5, EASY)], [(0, GOOD), (1, HARD)]),  # phone answers before the first made here
        ([], [(0, GOOD), (3, GOOD), (9, AGAIN)]),  # an item answered only on the phone
    ],
)
def test_answers_from_anki_are_replayed_in_time_order(tmp_path: Path, here: list, there: list) -> None:
    schedule = scheduler_for()
    with Store(tmp_path / "mixed.sqlite3") as mixed, Store(tmp_path / "in-order.sqlite3") as in_order:
        for days, rating in here:
            mixed.record(ITEM, START + timedelta(days=days), rating, rating > AGAIN, "typed", schedule)
        anki = [(ms(START + timedelta(days=days)), rating) for days, rating in there]
        assert mixed.add_from_anki({ITEM: anki}, schedule) == len(there)
        assert mixed.add_from_anki({ITEM: anki}, schedule) == 0  # twice: nothing more
        for days, rating in sorted(here + there):
            in_order.record(ITEM, START + timedelta(days=days), rating, rating > AGAIN, "typed", schedule)
        assert mixed.states() == in_order.states()
        assert mixed.review_count() == in_order.review_count() == len(here) + len(there)
        assert mixed.revlog_ids() == {revlog_id for revlog_id, _ in anki}


def test_terminal_answers_get_their_ids_once(tmp_path: Path) -> None:
    schedule = scheduler_for()
    with Store(tmp_path / "p.sqlite3") as store:
        first = store.record(ITEM, START, GOOD, True, "bl23", schedule)
        assert [r.revlog_id for r in store.terminal_reviews()] == [None]
        store.assign_revlog_ids([(first, ms(START))])
        assert [(r.review_id, r.revlog_id) for r in store.terminal_reviews()] == [(first, ms(START))]
        store.add_from_anki({ITEM: [(ms(START) + 5, GOOD)]}, schedule)
        assert len(store.terminal_reviews()) == 1  # an answer from Anki is not the terminal's to send


S = 1_796_000_000  # a second, as the progress file keeps answer times
MS = S * 1000


@pytest.mark.parametrize(
    ("answers", "taken", "expected"),
    [
        ([(7, None)], set(), [MS + 7]),  # one answer: its milliseconds are its review id's last three digits
        ([(999, None), (1000, None)], set(), [MS, MS + 1]),  # ids crossing a thousand keep their order
        ([(188, None), (187 + 1000, None)], set(), [MS + 188, MS + 189]),
        ([(5, MS + 100), (6, None)], set(), [MS + 101]),  # after an answer from Anki received before it
        ([(6, None), (7, MS + 100)], set(), [MS + 6]),  # before one received after it
        ([(6, None), (7, MS + 3)], set(), [MS + 0]),  # ... even where its own choice would come after it
        ([(7, None)], {MS + 7, MS + 8}, [MS + 9]),  # never an id the collection already has
    ],
)
def test_terminal_answers_in_one_second_get_ids_in_their_order(answers: list, taken: set, expected: list) -> None:
    from massage_quiz.sync.exchange import new_revlog_ids

    pairs = new_revlog_ids({(ITEM, S): answers}, set(taken))
    assert pairs == [
        (review_id, revlog_id)
        for (review_id, given), revlog_id in zip([a for a in answers if a[1] is None], expected, strict=True)
    ]
    ordered = sorted([*((r, g) for r, g in answers if g is not None), *pairs], key=lambda pair: pair[1])
    assert [r for r, _ in ordered] == [r for r, _ in answers]  # the order recorded is the order of the ids
