"""A drill session: choose the items, ask them in a teaching order, schedule each answer, and sum up."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from massage_quiz import output, selection
from massage_quiz.drill import asking, clock
from massage_quiz.drill.asking import Quit
from massage_quiz.drill.progress import Store
from massage_quiz.drill.queue import MAX_MISSES, Queue
from massage_quiz.drill.scheduling import AGAIN, EASY, GOOD, HARD, CardState, Schedule
from massage_quiz.drill.terminal import Terminal, wrap, wrap_parts
from massage_quiz.items.item import Item

RATING_NAMES = {HARD: "Hard", GOOD: "Good", EASY: "Easy"}
# What the rating prompt reads, a whole line: a key typed for the rating can never answer the next question.
RATING_WORDS = {"": GOOD, "g": GOOD, "good": GOOD, "h": HARD, "hard": HARD, "e": EASY, "easy": EASY}


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


def select(
    items: list[Item], store: Store, now: datetime, options: Options, bundled: frozenset[str] | None = None
) -> tuple[list[Item], list[Item]]:
    """The items due now (most overdue first) and the new items allowed today.

    New items of installed courses (those not in ``bundled``) take turns with the bundled ones, a course's
    first: a trainee who installs the instructor's course meets its questions from the first day.
    """
    chosen = [i for i in items if wanted(i, options)]
    by_id: dict[str, Item] = {i.id: i for i in chosen}
    due = [by_id[i] for i in store.due(now, by_id)]
    seen = store.seen()
    allowed = max(options.new_per_day - store.new_since(clock.start_of_day(now)), 0)
    fresh = [i for i in chosen if i.id not in seen]
    if bundled is None:
        new = _round_robin(fresh)[:allowed]
    else:
        courses = _round_robin([i for i in fresh if i.id not in bundled])
        new = selection.in_turn([courses, _round_robin([i for i in fresh if i.id in bundled])])[:allowed]
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
    return selection.chosen(item.topic, item.tags, options.topics, options.tags)


def _round_robin(items: list[Item]) -> list[Item]:
    """Spread new items: topics take turns, and an entry's facets come far apart.

    Asking "which point is BL23?" right after "what is Shènshū's code?" would
    give the answer away.
    """
    by_topic: dict[str, dict[tuple[str, str], list[Item]]] = {}
    for item in items:
        by_topic.setdefault(item.topic, {}).setdefault(item.entry, []).append(item)
    entries = selection.in_turn([list(groups.values()) for groups in by_topic.values()])
    return selection.in_turn(entries)


def run(
    items: list[Item],
    store: Store | None,
    schedule: Schedule,
    terminal: Terminal,
    now: Callable[[], datetime],
    limit: int | None = None,
) -> Outcome:
    """Ask the items, and missed ones again (see Queue), at most ``limit`` questions in all; record each answer unless ``store`` is None (practice)."""
    outcome = Outcome()
    queue = Queue(items, limit)
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
            asking.feedback(shown, correct, answer)
            comes_back = queue.answered(item, correct)
            if comes_back:
                output.echo(wrap("It comes back in this session, after a few other questions."), dim=True)
            elif not correct:
                why = f"Missed {MAX_MISSES} times" if queue.misses[item.id] >= MAX_MISSES else "The --limit is reached"
                output.echo(wrap(f"{why}: it comes back in your next session."), dim=True)
            if not terminal.interactive:
                continue  # piped answers: one line each, nothing to wait for
            if correct:
                _rate(terminal, store, review_id, schedule, (item.id, before), moment)
            elif queue:
                _go_on(terminal)
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
    """After a right answer: Enter keeps Good, h or e then Enter says Hard or Easy, each with its next interval shown.

    A whole line is read, so the Enter after a rating key is the rating's own, never an answer to the next question.
    """
    item_id, before = card
    if store is None or review_id is None:
        _go_on(terminal)
        return
    away = intervals(schedule.for_item(item_id), before, moment)  # at the item's own desired retention
    output.echo(
        wrap_parts([f"Enter: good ({away[GOOD]})", f"h: hard ({away[HARD]})", f"e: easy ({away[EASY]})", "q: quit"]),
        dim=True,
    )
    while True:
        said = asking.read(terminal, "Rating > ", remember=False)
        rating = RATING_WORDS.get(said.strip().lower())
        if rating is not None:
            break
        output.echo(wrap("Press Enter for good, or type h (hard) or e (easy) and Enter."), dim=True)
    if rating != GOOD:
        if not store.regrade(review_id, rating, schedule):
            output.echo(wrap("Not changed: another session answered this item since, and its answer stands."), dim=True)
            return
        stored = store.card(item_id)
        assert stored is not None, "the answer was just recorded"
        due = _due(stored)
        output.echo(wrap(f"Recorded as {RATING_NAMES[rating]}: it comes back {clock.describe(due, moment)}."), dim=True)


def _go_on(terminal: Terminal) -> None:
    """Wait for Enter (q quits), so the answer and its facts stay on screen until the trainee has read them.

    Anything else typed here was meant for a question not yet shown: it is never taken as an answer.
    """
    while True:
        said = asking.read(terminal, "Enter: next question · q: quit > ", remember=False)
        if not said.strip():
            return
        output.echo(wrap("Not taken as an answer: read the answer above, then press Enter for the next question."), dim=True)


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
