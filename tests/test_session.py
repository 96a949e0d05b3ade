"""A session that teaches: missed items come back, siblings apart, options shuffled, filters explained."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from massage_quiz.cli import main
from massage_quiz.drill.queue import Queue, spaced
from massage_quiz.items.item import Item

NOW = "2026-03-02T09:00:00+00:00"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def _item(entry: str, facet: str) -> Item:
    return Item(f"acupoint/{entry}/{facet}", "acupoints", "typed", "?", "x", entry=("acupoint", entry))


def _reviews(state: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT item_id, correct FROM reviews ORDER BY id").fetchall()


def test_siblings_are_never_back_to_back_when_another_item_can_come_between() -> None:
    items = [_item("a", "code"), _item("a", "name"), _item("a", "location"), _item("b", "code"), _item("c", "code")]
    order = [i.entry[1] for i in spaced(items)]
    assert order == ["a", "b", "a", "c", "a"]


def test_a_missed_item_comes_back_after_a_few_others_until_right() -> None:
    items = [_item(name, "code") for name in "abcdef"]
    queue = Queue(items)
    asked = []
    first = queue.next()
    queue.answered(first, correct=False)
    while queue:
        item = queue.next()
        asked.append(item.entry[1])
        queue.answered(item, correct=True)
    assert asked == ["b", "c", "d", "a", "e", "f"]
    assert queue.total == 7 and queue.relearned == {"acupoint/a/code"}


@given(st.integers(min_value=1, max_value=12), st.lists(st.booleans(), max_size=60), st.integers(min_value=1, max_value=8))
def test_the_limit_bounds_the_session_whatever_the_answers(limit: int, answers: list[bool], count: int) -> None:
    queue = Queue([_item(f"e{n}", "code") for n in range(count)], limit)
    asked = 0
    for correct in [*answers, *[False] * 100]:  # then "I don't know" to every question
        if not queue:
            break
        queue.answered(queue.next(), correct)
        asked += 1
    assert not queue, "the session ends"
    assert asked <= limit and asked <= queue.total <= limit


def test_a_missed_item_waits_for_the_next_session_after_three_misses() -> None:
    queue = Queue([_item(name, "code") for name in "ab"])
    shown = []
    while queue:
        item = queue.next()
        shown.append(item.entry[1])
        queue.answered(item, correct=False)
    assert shown.count("a") == 3 and shown.count("b") == 3 and len(shown) == 6


def test_new_items_are_still_introduced_while_missed_ones_are_relearned() -> None:
    queue = Queue([_item(name, "code") for name in "abcdefgh"], limit=10)
    shown = []
    while queue:
        item = queue.next()
        shown.append(item.entry[1])
        queue.answered(item, correct=item.entry[1] not in "ab")  # a and b are never known
    assert shown == ["a", "b", "c", "d", "a", "b", "e", "f", "a", "b"]  # g and h stay new for another session


def test_a_missed_item_is_not_put_next_to_its_sibling() -> None:
    queue = Queue([_item("a", "code"), _item("b", "code"), _item("c", "code"), _item("a", "name"), _item("d", "code")])
    missed = queue.next()
    queue.answered(missed, correct=False)
    order = [i.id for i in queue.pending]
    position = order.index("acupoint/a/code")
    neighbours = order[position - 1 : position] + order[position + 1 : position + 2]
    assert all(not n.startswith("acupoint/a/") for n in neighbours)


def test_the_session_relearns_a_missed_item_and_says_so(isolated_user_state: Path) -> None:
    # Shènshū's code wrong, two others (a third gave way to a relearning step), then Shènshū's code right; five in all.
    result = CliRunner().invoke(main, ["--topic", "acupoints", "--limit", "5"], input="BL25\n\n\nbl 23\n\n")
    assert result.exit_code == 0
    assert "It comes back in this session, after a few other questions." in result.output
    assert "[4/5] Acupoints · once more\nShènshū 肾俞\nType its code" in result.output  # the others were missed too
    assert "The --limit is reached: it comes back in your next session." in result.output
    assert "Session over: 5 answered, 1 right." in result.output
    assert "Relearned: 1 missed item answered right before the end." in result.output
    assert _reviews(isolated_user_state)[0] == ("acupoint/shenshu/code", 0)
    assert ("acupoint/shenshu/code", 1) in _reviews(isolated_user_state)  # each relearning step is recorded too


def test_options_are_shuffled_at_each_showing(isolated_user_state: Path) -> None:
    orders = set()
    for minute in range(6):
        result = CliRunner().invoke(
            main, ["--practice", "--limit", "1"], input="q\n", env={"MASSAGE_QUIZ_NOW": f"2026-03-02T09:0{minute}:00+00:00"}
        )
        orders.add(tuple(line for line in result.output.splitlines() if line[:4] in ("  1.", "  2.", "  3.", "  4.")))
    assert len(orders) > 1


def test_a_filter_matching_nothing_lists_what_exists(isolated_user_state: Path) -> None:
    result = CliRunner().invoke(main, ["drill", "--tag", "no-such-tag"])
    assert result.exit_code == 2
    assert result.output.startswith(
        "Error: no items match the --topic and --tag given. Topics: acupoints, contraindications, questions, techniques."
        " Tags: acupoint-code, "
    )


@pytest.mark.parametrize("args", [["--limit", "1"], ["--topic", "acupoints", "--limit", "1"]])
def test_the_bare_command_takes_the_drills_options(isolated_user_state: Path, args: list[str]) -> None:
    bare = CliRunner().invoke(main, args, input="q\n")
    named = CliRunner().invoke(main, ["drill", *args], input="q\n")
    assert bare.exit_code == 0
    assert bare.output == named.output
    assert bare.output.startswith("Today: 1 question.")


def test_options_wrap_on_a_narrow_terminal_without_breaking_words(isolated_user_state: Path) -> None:
    from massage_quiz.items.load import load_items

    result = CliRunner().invoke(main, ["--limit", "1"], input="q\n", env={"COLUMNS": "40"})
    first = next(i for i in load_items() if i.id == "technique/palm-pushing/hand-position")
    tokens = result.output.split()
    for option in first.options:
        for word in option.split():
            assert word in tokens, word
    assert max(len(line) for line in result.output.splitlines() if line.startswith(("  ", "     "))) <= 40


def test_the_previewed_interval_is_the_one_recorded(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from massage_quiz.drill.clock import interval
    from massage_quiz.drill.progress import Store
    from massage_quiz.drill.scheduling import EASY, GOOD, HARD, scheduler_for
    from massage_quiz.drill.session import intervals

    schedule = scheduler_for()
    moment = datetime(2026, 3, 2, 9, 0, 7, tzinfo=UTC)
    with Store(tmp_path / "p.sqlite3") as store:
        for _ in range(4):  # into review, where intervals are long enough for fuzz
            store.record("x", moment, GOOD, True, "a", schedule)
            moment = datetime.fromisoformat(store.card("x")["due"]) + timedelta(seconds=7)
        for rating in (HARD, EASY):
            before = store.card("x")
            preview = intervals(schedule, before, moment)[rating]
            review = store.record("x", moment, GOOD, True, "a", schedule)
            store.regrade(review, rating, schedule)
            assert preview == interval(datetime.fromisoformat(store.card("x")["due"]), moment)
            assert store.card("x")["state"] == 2  # in review: the fuzzed kind of interval
            moment = datetime.fromisoformat(store.card("x")["due"]) + timedelta(seconds=7)


_WORDS = st.lists(
    st.sampled_from(["推法", "《中医辞海》中册", "(tuī", "fǎ),", "p.", "1267;", "Shènshū", "肾俞", "BL23", "Zhang", "腰眼"]),
    min_size=1,
    max_size=40,
)


@given(words=_WORDS, columns=st.integers(min_value=30, max_value=100))
def test_text_with_hanzi_wraps_to_the_columns_it_takes_on_screen(words: list[str], columns: int) -> None:
    """A hanzi takes two columns: no wrapped line may run past the screen's edge, and no word is lost or broken."""
    import os
    from unittest import mock

    from massage_quiz import output
    from massage_quiz.drill.terminal import wrap

    with mock.patch.dict(os.environ, {"COLUMNS": str(columns + 1)}):  # wrap() leaves the last column free
        text = wrap("Source: " + " ".join(words), "  ")
    lines = text.split("\n")
    assert all(output.columns(line) <= min(columns, 99) for line in lines), lines
    assert " ".join(line.strip() for line in lines) == "Source: " + " ".join(words)
    assert all(line.startswith("  ") for line in lines)
