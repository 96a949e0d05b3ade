"""Progress in numbers: what was done, what is due, and how each topic stands."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from massage_quiz.catalogue.kinds import TOPICS
from massage_quiz.drill import adaptivestats, clock
from massage_quiz.drill.fitting import MIN_ITEMS
from massage_quiz.drill.progress import MASTERED_STABILITY_DAYS, Store
from massage_quiz.drill.retention import Policy, policy
from massage_quiz.drill.scheduling import DEFAULT_RETENTION, REVIEW
from massage_quiz.items.item import Item


def for_trainee(state: Path | None, content_dirs: tuple[str, ...], retention: float = DEFAULT_RETENTION) -> dict[str, Any]:
    """The stats of the progress file at ``state`` (default: the trainee's) over the current content."""
    from massage_quiz.drill.progress import default_path
    from massage_quiz.items.load import load_items

    items = load_items(content_dirs)
    with Store(state or default_path()) as store:
        return collect(items, store, clock.now(), policy(retention, content_dirs))


def collect(items: list[Item], store: Store, now: datetime, rules: Policy | None = None) -> dict[str, Any]:
    """The stats as a dict with stable keys (documented in the README).

    An item is *new* until first answered, *mastered* once FSRS holds it in
    review with a stability of at least 21 days, and *learning* in between.
    Progress for items whose entry was deleted is ignored.
    """
    states = store.states()
    known = {i.id for i in items}
    topics = {topic: {"total": 0, "new": 0, "learning": 0, "mastered": 0} for topic in TOPICS}
    for item in items:
        counts = topics[item.topic]
        counts["total"] += 1
        state = states.get(item.id)
        if state is None:
            counts["new"] += 1
        elif state.state == REVIEW and (state.stability or 0) >= MASTERED_STABILITY_DAYS:
            counts["mastered"] += 1
        else:
            counts["learning"] += 1
    live = [s for s in states.values() if s.item_id in known]
    end_today = clock.epoch_of(clock.end_of_day(now))
    week = clock.epoch_of(now + timedelta(days=7))
    next_due = min((s.due for s in live), default=None)
    return {
        "reviews": store.review_count(),
        "items_seen": len(live),
        "due_now": sum(s.due <= clock.epoch_of(now) for s in live),
        "due_today": sum(s.due < end_today for s in live),
        "due_this_week": sum(s.due < week for s in live),
        "next_due": None if next_due is None else datetime.fromtimestamp(next_due, now.tzinfo).isoformat(),
        "topics": topics,
        "memory_model": adaptivestats.memory_model(store.memory_model(), MIN_ITEMS),
        "retention": adaptivestats.retention(items, states, rules or policy(DEFAULT_RETENTION), store.parameters()),
    }


def render(data: dict[str, Any]) -> list[str]:
    """The stats as lines for the terminal."""
    lines = [
        f"Reviews done:   {data['reviews']}",
        f"Items seen:     {data['items_seen']}",
        f"Due now:        {data['due_now']}",
        f"Due today:      {data['due_today']}",
        f"Due this week:  {data['due_this_week']}",
        "",
    ]
    return [*lines, *_table(data["topics"]), "", *_wrapped(adaptivestats.render(data))]


def _wrapped(lines: list[str]) -> list[str]:
    """Lines wrapped to the terminal, each continuation under the text after its label (16 columns)."""
    from massage_quiz.drill.terminal import wrap

    return [part for line in lines for part in wrap(line, hanging=" " * 16).split("\n")]


def _table(topics: dict[str, dict[str, int]]) -> list[str]:
    """The per-topic table, its columns as wide as their contents, with narrower gaps on a narrow terminal (50 columns)."""
    from massage_quiz.drill.terminal import width

    columns = ("new", "learning", "mastered", "total")
    rows = [["Topic", *columns]] + [[topic, *(str(counts[c]) for c in columns)] for topic, counts in topics.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    gap = 2 if sum(widths) + 2 * len(columns) <= width() else 1
    return [
        row[0].ljust(widths[0]) + "".join(" " * gap + cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))
        for row in rows
    ]
