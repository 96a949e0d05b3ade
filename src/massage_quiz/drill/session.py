"""A drill session: choose the items, ask them, grade, schedule, teach, and sum up."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple, TypeVar

from massage_quiz import output
from massage_quiz.drill import clock
from massage_quiz.drill import grading as matching
from massage_quiz.drill.items import Item
from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import AGAIN, EASY, GOOD, HARD, Schedule

QUIT_WORDS = ("q", "quit", ":q")
T = TypeVar("T")


class Quit(Exception):
    """The trainee asked to stop."""


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


class Terminal:
    """Reads answers and keys; a pipe gives one answer a line."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty() and sys.stdout.isatty()

    def line(self, prompt: str) -> str:
        """Read one answer (EOFError at the end of input, KeyboardInterrupt on Ctrl-C)."""
        answer = input(output.style(prompt, fg="cyan"))
        if not self.interactive:
            output.echo(answer)  # so a transcript of piped input reads like a session
        return answer

    def key(self, prompt: str) -> str:
        """Read one key press (interactive terminals only)."""
        import click

        output.echo(prompt, nl=False, dim=True)
        key = click.getchar()
        output.echo()
        return key


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


def run(queue: list[Item], store: Store | None, schedule: Schedule, terminal: Terminal, now: Callable[[], datetime]) -> Outcome:
    """Ask every item in ``queue``; record each answer at once unless ``store`` is None (practice)."""
    outcome = Outcome()
    try:
        for number, item in enumerate(queue, start=1):
            _header(number, len(queue), item)
            answer, correct = _ask(item, terminal)
            outcome.answered += 1
            outcome.correct += int(correct)
            review_id = None
            if store is not None:
                review_id = store.record(item.id, now(), GOOD if correct else AGAIN, correct, answer, schedule)
            _feedback(item, correct)
            if correct and terminal.interactive:
                rating = _rating_key(terminal)
                if store is not None and review_id is not None and rating != GOOD:
                    store.regrade(review_id, rating, schedule)
    except (Quit, EOFError, KeyboardInterrupt):
        output.echo()
    return outcome


def _header(number: int, total: int, item: Item) -> None:
    output.echo()
    output.echo(f"[{number}/{total}] {item.topic.capitalize()}", dim=True)
    output.echo(_wrap(item.prompt), bold=True)
    if item.figure:
        output.echo(figure_text(item, marked=False), dim=True)
    for line in option_lines(item):
        output.echo(line)


def figure_text(item: Item, marked: bool) -> str:
    """The item's body map as text: the bare frame with the question, the marked map after a wrong answer."""
    from massage_quiz import bodymap
    from massage_quiz.bodymap import text

    unicode = text.terminal_can_draw_unicode()
    figure = item.figure
    assert figure is not None, "only items with a figure are drawn"
    if figure[0] == "acupoint":
        _, code, name, fields = figure
        return text.acupoint_text(code, name, bodymap.PointMap(*fields), unicode, marked)
    _, name, fields = figure
    return text.technique_text(name, bodymap.StrokePath(*fields), unicode, marked)


def option_lines(item: Item) -> list[str]:
    """The numbered options of a choice or order question, wrapped for the terminal."""
    return [_wrap(f"{n}. {option}", "  ", "     ") for n, option in enumerate(item.options, start=1)]


def answer_prompt(item: Item) -> str:
    """What the drill asks the trainee to type."""
    return {
        "typed": "> ",
        "choice": "Number or text > ",
        "true-false": "True or false? (t/f) > ",
        "order": "Order, e.g. 3 1 2 > ",
        "recall": "Recall it, then press Enter to see the answer: ",
    }[item.form]


def as_asked(item: Item) -> list[str]:
    """The question as the drill shows it, as lines of text."""
    lines = [_wrap(item.prompt)]
    return lines + option_lines(item) + [answer_prompt(item).rstrip()]


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    import shutil

    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    later = indent if hanging is None else hanging
    return "\n".join(textwrap.fill(part, width, initial_indent=indent, subsequent_indent=later) for part in text.split("\n"))


def _read(terminal: Terminal, prompt: str) -> str:
    answer = terminal.line(prompt)
    if answer.strip().lower() in QUIT_WORDS:
        raise Quit
    return answer


def _ask(item: Item, terminal: Terminal) -> tuple[str, bool]:
    if item.form == "recall":
        _read(terminal, answer_prompt(item))
        output.echo(_wrap(item.answer, "  "))
        while True:
            said = _read(terminal, "Did you remember it? (y/n) > ")
            verdict = matching.true_false(said)
            if verdict is not None:
                return said, verdict
            output.echo("Answer y or n.", dim=True)
    while True:
        answer = _read(terminal, answer_prompt(item))
        if not answer.strip():
            return answer, False  # an empty answer means "I don't know": show it
        verdict = _grade(item, answer)
        if verdict is not None:
            return answer, verdict
        output.echo(_unreadable(item), dim=True)


def _grade(item: Item, answer: str) -> bool | None:
    """Right (True), wrong (False), or not an answer of the right form (None, ask again)."""
    if item.form == "typed":
        return matching.typed_matches(answer, item.answer, item.accept)
    if item.form == "choice":
        index = matching.choice_index(answer, item.options)
        if index is None:
            return False if not answer.strip().isdigit() else None
        return bool(index == item.correct)
    if item.form == "true-false":
        verdict = matching.true_false(answer)
        return None if verdict is None else verdict == item.correct
    order = matching.order_indexes(answer, len(item.options))
    return None if order is None else tuple(order) == item.correct


def _unreadable(item: Item) -> str:
    if item.form == "choice":
        return f"Pick a number from 1 to {len(item.options)}, or type the option."
    if item.form == "true-false":
        return "Answer t (true) or f (false)."
    return (
        f"Give each number from 1 to {len(item.options)} once, e.g. {' '.join(str(n) for n in range(len(item.options), 0, -1))}."
    )


def _feedback(item: Item, correct: bool) -> None:
    if correct:
        output.echo("✓ Right.", fg="green", bold=True)
    else:
        output.echo("✗ Not quite.", fg="red", bold=True)
        if item.form == "order":
            steps = [item.options[i] for i in item.correct]
            output.echo("The right order:")
            for index, step in enumerate(steps, start=1):
                output.echo(_wrap(f"{index}. {step}", "  ", "     "))
        else:
            output.echo(_wrap(f"The answer: {item.answer}"))
        if item.figure:
            output.echo(figure_text(item, marked=True))
    for line in item.facts:
        output.echo(_wrap(line, "  "))
    if item.source:
        output.echo(_wrap("Source: " + "; ".join(item.source), "  "), dim=True)


def _rating_key(terminal: Terminal) -> int:
    key = terminal.key("Enter: next · h: that was hard · e: that was easy · q: quit ").lower()
    if key == "q":
        raise Quit
    return {"h": HARD, "e": EASY}.get(key, GOOD)


def summary(outcome: Outcome, store: Store | None, ids: list[str], now: datetime, practice: bool) -> list[str]:
    """The closing lines: answered, correct, what is due next."""
    lines = [f"{'Practice' if practice else 'Session'} over: {outcome.answered} answered, {outcome.correct} right."]
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
