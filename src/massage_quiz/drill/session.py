"""A drill session: choose the items, ask them in a teaching order, schedule each answer, and sum up."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple, TypeVar

from massage_quiz import output
from massage_quiz.drill import asking, clock
from massage_quiz.drill.asking import Quit
from massage_quiz.drill.items import Item
from massage_quiz.drill.progress import Store
from massage_quiz.drill.queue import Queue
from massage_quiz.drill.scheduling import AGAIN, EASY, GOOD, HARD, CardState, Schedule
from massage_quiz.drill.terminal import Terminal

T = TypeVar("T")
RATING_NAMES = {HARD: "Hard", GOOD: "Good", EASY: "Easy"}


class Options(NamedTuple):
    """How a session is chosen and scheduled."""

    new_per_day: int = 10
    limit: int | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


class Outcome:
    """What happened in a session."""

    def __init__(self) -> None:
        self.answered = 0
        self.correct = 0
        self.relearned = 0  # items missed, then answered right later in the same session


def select(items: list[Item], store: Store, now: datetime, options: Options) -> tuple[list[Item], list[Item]]:
    """The items due now (most overdue first) and the new items allowed today."""
    chosen = [i for i in items if wanted(i, options)]
    by_id = {i.id: i for i in chosen}
    due = [by_id[i] for i in store.due(now, by_id)]
    seen = store.seen()
    allowed = max(options.new_per_day - store.new_since(clock.start_of_day(now)), 0)
    new = _round_robin([i for i in chosen if i.id not in seen])[:allowed]
    if options.limit is not None:
        due = due[: options.limit]
        new = new[: max(options.limit - len(due), 0)]
    return due, new


def practice_items(items: list[Item], store: Store, options: Options) -> list[Item]:
    """Items for practice that changes nothing: those seen, soonest due first, then new ones."""
    chosen = [i for i in items if wanted(i, options)]
    states = store.states()
    seen = sorted((i for i in chosen if i.id in states), key=lambda i: states[i.id].due)
    fresh = _round_robin([i for i in chosen if i.id not in states])
    return (seen + fresh)[: options.limit or 10]


def wanted(item: Item, options: Options) -> bool:
    """Whether an item passes the --topic and --tag filters."""
    if options.topics and item.topic not in options.topics:
        return False
    return not options.tags or any(tag in item.tags for tag in options.tags)


def _interleave(groups: list[list[T]]) -> list[T]:
    """One from each group in turn, until all are used."""
    result: list[T] = []
    for layer in range(max((len(g) for g in groups), default=0)):
        result.extend(group[layer] for group in groups if layer < len(group))
    return result


def _round_robin(items: list[Item]) -> list[Item]:
    """Spread new items: topics take turns, and an entry's facets come far apart.

    Asking "which point is BL23?" right after "what is Shènshū's code?" would
    give the answer away.
    """
    by_topic: dict[str, dict[tuple[str, str], list[Item]]] = {}
    for item in items:
        by_topic.setdefault(item.topic, {}).setdefault(item.entry, []).append(item)
    entries = _interleave([list(groups.values()) for groups in by_topic.values()])
    return _interleave(entries)


def run(items: list[Item], store: Store | None, schedule: Schedule, terminal: Terminal, now: Callable[[], datetime]) -> Outcome:
    """Ask every item, and missed ones again until right; record each answer at once unless ``store`` is None (practice)."""
    outcome = Outcome()
    queue = Queue(items)
    last_shown: dict[str, tuple[str, ...]] = {}  # each item's options as last shown, so a relearning step looks new
    try:
        while queue:
            item = queue.next()
            again = queue.is_relearning(item)
            # A fresh order at every showing; a pinned clock (tests, the README) gives a repeatable one.
            shown = asking.shuffled(
                item, random.Random(f"{item.id}|{now().isoformat()}|{queue.asked}"), last_shown.get(item.id, ())
            )
            last_shown[item.id] = shown.options
            asking.show(queue.asked, queue.total, shown, again)
            answer, correct = asking.ask(shown, terminal)
            outcome.answered += 1
            outcome.correct += int(correct)
            # Whole seconds, as the store keeps them: a regrade re-schedules from the stored time, and
            # the same time (with the same card) gives the same fuzzed interval that was previewed.
            moment = now().replace(microsecond=0)
            before = None if store is None else store.card(item.id)
            rating = GOOD if correct else AGAIN
            review_id = None if store is None else store.record(item.id, moment, rating, correct, answer, schedule)
            asking.feedback(shown, correct)
            if queue.answered(item, correct):
                output.echo("It comes back in this session, after a few other questions.", dim=True)
            elif terminal.interactive:
                _rate(terminal, store, review_id, schedule, (item.id, before), moment)
    except (Quit, EOFError, KeyboardInterrupt):
        output.echo()
    outcome.relearned = len(queue.relearned)
    return outcome


def intervals(schedule: Schedule, before: CardState | None, moment: datetime) -> dict[int, str]:
    """How far off the item falls due for each rating of a right answer (Hard, Good, Easy)."""
    return {rating: clock.interval(_due(schedule(before, rating, moment)), moment) for rating in (HARD, GOOD, EASY)}


def _due(card: CardState) -> datetime:
    return datetime.fromisoformat(card["due"])


def _rate(
    terminal: Terminal,
    store: Store | None,
    review_id: int | None,
    schedule: Schedule,
    card: tuple[str, CardState | None],
    moment: datetime,
) -> None:
    """After a right answer: one key keeps Good or says Hard or Easy, each with its next interval shown."""
    item_id, before = card
    if store is None or review_id is None:
        if terminal.key("Enter: next · q: quit ").lower() == "q":
            raise Quit
        return
    away = intervals(schedule.for_item(item_id), before, moment)  # at the item's own desired retention
    key = terminal.key(f"Enter: good ({away[GOOD]}) · h: hard ({away[HARD]}) · e: easy ({away[EASY]}) · q: quit ").lower()
    if key == "q":
        raise Quit
    rating = {"h": HARD, "e": EASY}.get(key, GOOD)
    if rating != GOOD:
        if not store.regrade(review_id, rating, schedule):
            output.echo("Not changed: another session answered this item since, and its answer stands.", dim=True)
            return
        stored = store.card(item_id)
        assert stored is not None, "the answer was just recorded"
        due = _due(stored)
        output.echo(f"Recorded as {RATING_NAMES[rating]}: it comes back {clock.describe(due, moment)}.", dim=True)


def summary(outcome: Outcome, store: Store | None, ids: list[str], now: datetime, practice: bool) -> list[str]:
    """The closing lines: answered, correct, what is due next."""
    lines = [f"{'Practice' if practice else 'Session'} over: {outcome.answered} answered, {outcome.correct} right."]
    if outcome.relearned:
        count = outcome.relearned
        lines.append(f"Relearned: {count} missed item{'s' if count != 1 else ''} answered right before the end.")
    if practice:
        lines.append("Practice does not change your schedule.")
    if store is not None:
        due_now = len(store.due(now, ids))
        upcoming = store.next_due(ids)
        if due_now:
            lines.append(f"Due now: {due_now}.")
        elif upcoming is not None:
            lines.append(f"Next due: {clock.describe(upcoming, now)}.")
    return lines
