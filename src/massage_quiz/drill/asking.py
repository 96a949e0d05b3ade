"""Asking one item: show it (options shuffled at every showing), read and grade the answer, teach from it."""

from __future__ import annotations

import random
import unicodedata

from massage_quiz import output
from massage_quiz.catalogue.kinds import QUIT_WORDS, EntryKind, Form
from massage_quiz.drill import grading
from massage_quiz.drill.terminal import Terminal, wrap
from massage_quiz.errors import Quit as Quit  # still importable from here
from massage_quiz.errors import Unreadable
from massage_quiz.items.item import Item


def shuffled(item: Item, rng: random.Random, last: tuple[str, ...] = ()) -> Item:
    """The item with its options in a fresh order, never the ``last`` one shown (the Anki card keeps its own).

    The right answer follows its option, so grading reads the order on screen.
    """
    if len(item.options) < 2:
        return item
    order = list(range(len(item.options)))
    rng.shuffle(order)
    if tuple(item.options[i] for i in order) == last:
        order = order[1:] + order[:1]  # a showing again looks different: the answer moves
    options = tuple(item.options[i] for i in order)
    if item.form == Form.ORDER:
        correct = tuple(order.index(i) for i in item.right_order())
        if list(correct) == list(range(len(options))):
            return shuffled(item, rng, last)  # never show the steps already in order
        return item._replace(options=options, correct=correct)
    return item._replace(options=options, correct=order.index(item.right_option()))


def show(number: int, total: int, item: Item, again: bool) -> None:
    """The question: its number, topic, bare map, prompt and options.

    The map comes first, so the question and its options stay next to the answer line: on a short
    terminal (20 rows) it is the top of the map that scrolls away, never the question.
    """
    output.echo()
    output.echo(f"[{number}/{total}] {item.topic.capitalize()}" + (" · once more" if again else ""), dim=True)
    if item.figure:
        output.echo(figure_text(item, marked=False), dim=True)
    output.echo(wrap(item.prompt), bold=True)
    for line in option_lines(item):
        output.echo(line)


def figure_text(item: Item, marked: bool) -> str:
    """The item's body map as text: a neutral frame with the question, the marked map after a wrong answer."""
    from massage_quiz import bodymap
    from massage_quiz.bodymap import text
    from massage_quiz.drill.terminal import width

    unicode = text.terminal_can_draw_unicode()
    figure = item.figure
    assert figure is not None, "only items with a figure are drawn"
    if figure[0] == EntryKind.ACUPOINT:
        _, code, name, fields = figure
        return text.acupoint_text(code, name, bodymap.PointMap(*fields), unicode, marked, width())
    _, name, fields = figure
    return text.technique_text(name, bodymap.StrokePath(*fields), unicode, marked, width())


def option_lines(item: Item) -> list[str]:
    """The numbered options of a choice or order question, wrapped for the terminal."""
    return [wrap(f"{n}. {option}", "  ", "     ") for n, option in enumerate(item.options, start=1)]


def answer_prompt(item: Item) -> str:
    """What the drill asks the trainee to type."""
    return {
        Form.TYPED: "> ",
        Form.CHOICE: "Number or text > ",
        Form.TRUE_FALSE: "True or false? (t/f) > ",
        Form.ORDER: "Order, e.g. 3 1 2 > ",
        Form.RECALL: "Recall it, then press Enter to see the answer: ",
    }[item.form]


def as_asked(item: Item) -> list[str]:
    """The question as the drill shows it, as lines of text."""
    return [wrap(item.prompt), *option_lines(item), answer_prompt(item).rstrip()]


def read(terminal: Terminal, prompt: str, remember: bool = True) -> str:
    """One line from the trainee; the quit word stops the session, an unreadable line is asked again."""
    while True:
        try:
            answer = terminal.line(prompt, remember)
        except Unreadable as exc:
            output.echo(str(exc), dim=True)
            continue
        if unicodedata.normalize("NFKC", answer).strip().lower() in QUIT_WORDS:
            raise Quit
        return answer


def ask(item: Item, terminal: Terminal) -> tuple[str, bool]:
    """Read answers until one can be graded; return it and whether it is right."""
    if item.form == Form.RECALL:
        read(terminal, answer_prompt(item))
        output.echo(wrap(item.answer, "  "))
        while True:
            said = read(terminal, "Did you remember it? (y/n) > ")
            verdict = grading.true_false(said)
            if verdict is not None:
                return said, verdict
            output.echo("Answer y or n.", dim=True)
    while True:
        answer = read(terminal, answer_prompt(item))
        if not answer.strip():
            return answer, False  # an empty answer means "I don't know": show it
        verdict = grade(item, answer)
        if verdict is not None:
            return answer, verdict
        output.echo(unreadable(item, answer), dim=True)


def grade(item: Item, answer: str) -> bool | None:
    """Right (True), wrong (False), or not an answer of the right form (None: ask again, never graded)."""
    if item.form == Form.TYPED:
        return grading.typed_matches(answer, item.answer, item.accept, item.prompt)
    if item.form == Form.CHOICE:
        index = grading.choice_index(answer, item.options)
        return None if index is None else index == item.correct or item.options[index] in item.accept
    if item.form == Form.TRUE_FALSE:
        verdict = grading.true_false(answer)
        return None if verdict is None else verdict == item.correct
    order = grading.order_indexes(answer, len(item.options))
    return None if order is None else tuple(order) == item.correct


def unreadable(item: Item, answer: str) -> str:
    """Why an answer could not be graded, and what to type instead."""
    if item.form == Form.CHOICE:
        fits = grading.choice_candidates(answer, item.options)
        if len(fits) > 1:
            numbers = ", ".join(str(i + 1) for i in fits[:-1]) + f" and {fits[-1] + 1}"
            return f"That fits options {numbers}: type more of one, or its number."
        return f"Pick a number from 1 to {len(item.options)}, or type words from one option."
    if item.form == Form.TRUE_FALSE:
        return "Answer t (true) or f (false)."
    return (
        f"Give each number from 1 to {len(item.options)} once, e.g. {' '.join(str(n) for n in range(len(item.options), 0, -1))}."
    )


def feedback(item: Item, correct: bool, answer: str = "") -> None:
    """Right or not, the right answer (and the marked map) after a miss, then the facts and the source.

    A right code typed in an older notation is shown in WHO's, so the trainee learns the standard one.
    """
    if correct:
        output.echo("✓ Right.", fg="green", bold=True)
        who = grading.who_spelling(answer, item.answer) if item.form == Form.TYPED and answer else None
        if who:
            output.echo(wrap(f"In WHO's notation: {who}."))
    else:
        output.echo("✗ Not quite.", fg="red", bold=True)
        if item.form == Form.ORDER:
            output.echo("The right order:")
            for index, step in enumerate((item.options[i] for i in item.right_order()), start=1):
                output.echo(wrap(f"{index}. {step}", "  ", "     "))
        else:
            output.echo(wrap(f"The answer: {grading.shown_answer(item.answer)}"))
        picked = grading.choice_index(answer, item.options) if item.form == Form.CHOICE and answer.strip() else None
        for option, why, source in item.why_not:
            if picked is not None and item.options[picked] == option:
                output.echo(wrap(f"Why not “{option}”: {why}", "  ", "  "))
                output.echo(wrap(f"Source: {source}", "  ", "  "), dim=True)
        if item.figure:
            output.echo(figure_text(item, marked=True))
    for line in item.facts:
        output.echo(wrap(line, "  "))
    if item.source:
        output.echo(wrap("Source: " + "; ".join(item.source), "  "), dim=True)
