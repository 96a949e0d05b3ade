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
