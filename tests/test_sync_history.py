"""The progress file's side of sync: answers from Anki added once each, and items replayed in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        ([(7, None)], {MS + 7, MS + 0}, [MS + 1]),  # never an id the collection already has: the first free one
        ([(1, None), (2, None), (3, MS + 2)], set(), [MS + 0, MS + 1]),  # room kept for each before it
        ([(1, None), (2, MS + 3)], {MS + 1, MS + 2}, [MS + 0]),  # the first free id where its own is taken
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


@settings(max_examples=500)
@given(st.lists(st.one_of(st.none(), st.integers(0, 999)), min_size=1, max_size=12), st.sets(st.integers(0, 999)))
def test_new_ids_follow_the_order_recorded_and_are_never_taken(slots: list[int | None], taken_ms: set[int]) -> None:
    """Whatever the answers from Anki already in that second, new ids are new, and keep the order recorded where there is room."""
    from massage_quiz.sync.exchange import new_revlog_ids

    fixed = sorted(ms for ms in slots if ms is not None)  # Anki's answers, in the order they were received
    it = iter(fixed)
    answers = [(n, None if ms is None else MS + next(it)) for n, ms in enumerate(slots, start=1)]
    own = {given for _, given in answers if given is not None}
    for taken in (own, own | {MS + ms for ms in taken_ms}):  # the second: other cards' answers in the same second
        pairs = new_revlog_ids({(ITEM, S): answers}, set(taken))
        new = [revlog_id for _, revlog_id in pairs]
        assert len(set(new)) == len(new) and not set(new) & taken
        assert [review_id for review_id, _ in pairs] == [n for n, given in answers if given is None]
    # With only this item's own answers in that second, and room between them, the order is the one recorded.
    pairs = new_revlog_ids({(ITEM, S): answers}, set(own))
    unassigned = sum(1 for _, given in answers if given is None)
    if all(b - a > unassigned for a, b in zip([-1, *fixed], [*fixed, 1000], strict=True)):
        ids = dict(pairs)
        ordered = [ids.get(n, given) for n, given in answers]
        assert ordered == sorted(ordered)
