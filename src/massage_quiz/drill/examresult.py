"""An exam's result: the score by topic and every miss with its answer and why, as printable text or JSON."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from massage_quiz import ownedfile
from massage_quiz.catalogue.kinds import Form
from massage_quiz.drill import grading
from massage_quiz.drill.exam import Sitting
from massage_quiz.items.item import Item
from massage_quiz.output import clean

FORMAT = 1
KIND = "massage-quiz exam result"
TITLE = "massage-quiz practice exam"
WIDTH = 78  # columns of the printable result: a page of text at 10 characters an inch


def result(sitting: Sitting, items: dict[str, Item]) -> dict[str, Any]:
    """The result as a dict with stable keys (documented in docs/exam.md); questions no longer in the course are left out."""
    given = {a.position: a for a in sitting.answers}
    questions: list[dict[str, Any]] = []
    topics: dict[str, dict[str, int]] = {}
    for position, item_id in enumerate(sitting.item_ids):
        item = items.get(item_id)
        if item is None:
            continue
        answer = given.get(position)
        right = answer is not None and answer.correct and not answer.late
        counts = topics.setdefault(item.topic, {"right": 0, "total": 0})
        counts["total"] += 1
        counts["right"] += int(right)
        questions.append(
            {
                "number": position + 1,
                "id": item.id,
                "topic": item.topic,
                "question": item.prompt,
                "your_answer": None if answer is None else answer.answer,
                "late": answer is not None and answer.late,
                "right": right,
                "answer": right_answer(item),
                "why": list(item.facts),
                "source": list(item.source),
            }
        )
    total = len(questions)
    score = sum(bool(q["right"]) for q in questions)
    return {
        "format": FORMAT,
        "kind": KIND,
        "started": moment(sitting.started_at),
        "finished": None if sitting.finished_at is None else moment(sitting.finished_at),
        "minutes": sitting.settings.minutes,
        "seconds_used": round(sitting.used),
        "topics_asked": list(sitting.settings.topics),
        "tags_asked": list(sitting.settings.tags),
        "counted_as_review": sitting.settings.record,
        "score": {"right": score, "total": total, "percent": round(100 * score / total) if total else 0},
        "by_topic": topics,
        "questions": questions,
    }


def right_answer(item: Item) -> str:
    """The right answer as the result shows it: the option's text, the steps in order, true or false, or the typed answer."""
    if item.form == Form.ORDER:
        return " → ".join(item.options[i] for i in item.right_order())
    if item.form == Form.CHOICE:
        return str(item.options[item.right_option()])
    if item.form == Form.TRUE_FALSE:
        return "true" if item.correct else "false"
    return grading.shown_answer(item.answer)


def text(data: dict[str, Any]) -> str:
    """The result as printable text: the score, the score by topic, then every miss with its answer and why."""
    score = data["score"]
    used = int(data["seconds_used"])
    lines = [
        TITLE,
        "",
        f"Started:  {data['started']}",
        f"Time:     {used // 60}:{used % 60:02d} used of {_minutes(data['minutes'])} minutes",
        "Counted as review: "
        + ("yes, each answer was recorded in your schedule" if data["counted_as_review"] else "no, your schedule is unchanged"),
        "",
        f"Score: {score['right']} of {score['total']} ({score['percent']} %)",
    ]
    for topic, counts in data["by_topic"].items():
        lines.append(f"  {topic.capitalize():<20}{counts['right']:>3} of {counts['total']}")
    missed = [q for q in data["questions"] if not q["right"]]
    lines += ["", f"Missed: {len(missed)}" if missed else "Missed: none"]
    for question in missed:
        lines.append("")
        lines += _wrapped(f"{question['number']}. {question['question']}", "", "   ")
        if question["your_answer"] is None:
            yours = "not answered"
        elif question["late"]:
            yours = f"{question['your_answer']} (after the time was up)"
        else:
            yours = question["your_answer"] or "(left empty)"
        lines += _wrapped(f"Your answer: {yours}", "   ", "     ")
        lines += _wrapped(f"The answer: {question['answer']}", "   ", "     ")
        for fact in question["why"]:
            lines += _wrapped(fact, "   ", "     ")
        if question["source"]:
            lines += _wrapped("Source: " + "; ".join(question["source"]), "   ", "     ")
    return "\n".join(clean(line) for line in lines) + "\n"


def as_json(data: dict[str, Any]) -> str:
    """The result as JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(data: dict[str, Any], target: Path, as_json_: bool, force: bool = False) -> None:
    """Write the result to ``target`` atomically, never over a file that is not an exam result massage-quiz wrote (unless ``force``)."""
    body = as_json(data) if as_json_ else text(data)
    ownedfile.write(target, body, is_result, "an exam result massage-quiz wrote", "exam-result.txt", force)


def is_result(path: Path) -> bool:
    """Whether ``path`` holds an exam result massage-quiz wrote (text or JSON)."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if head.startswith(TITLE + "\n"):
        return True
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("kind") == KIND


def _wrapped(text: str, indent: str, hanging: str) -> list[str]:
    """Lines of at most WIDTH columns; the text's own line breaks (a prompt's list of signs) are kept."""
    lines: list[str] = []
    for number, part in enumerate(text.split("\n")):
        first = indent if number == 0 else hanging
        lines += textwrap.wrap(part, WIDTH, initial_indent=first, subsequent_indent=hanging, break_long_words=False) or [first]
    return lines


def moment(seconds: int) -> str:
    """A moment as the result shows it: the minute, in UTC."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _minutes(value: float) -> str:
    return f"{value:g}"
