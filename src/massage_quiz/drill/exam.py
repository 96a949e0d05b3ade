"""A timed practice exam: questions drawn from the drill's items, no feedback until the end, kept answer by answer.

Each answer is saved in the progress file before the next question, with
the time used so far, so an exam stopped with q, Ctrl-C or Ctrl-D (or a
closed terminal) is resumed where it stopped, or ended and scored. Only
the time spent answering counts: a paused exam's clock stops. Answers
count as reviews (and move the schedule) only if the trainee chose so.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from massage_quiz import output
from massage_quiz.catalogue.kinds import Form, QuestionType
from massage_quiz.drill import asking, clock, grading
from massage_quiz.drill.asking import Quit
from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import AGAIN, GOOD, Schedule
from massage_quiz.drill.terminal import Terminal
from massage_quiz.items.item import Item

# Self-graded recall cards show their answer before the trainee judges it: not exam material.
EXAM_FORMS = tuple(Form(kind) for kind in QuestionType)  # every form but recall: an exam grades an answer


class Settings(NamedTuple):
    """How an exam is set: its time limit, its filters, and whether its answers count as reviews."""

    minutes: float
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    record: bool = False


class Answer(NamedTuple):
    """One answer given in an exam, as the trainee gave it (an option's text, not its number)."""

    position: int
    item_id: str
    answer: str
    correct: bool
    late: bool  # given after the time was up: shown, never counted


class Sitting(NamedTuple):
    """An exam as the progress file keeps it."""

    exam_id: int
    started_at: int
    settings: Settings
    item_ids: tuple[str, ...]
    used: float  # seconds spent answering
    answers: tuple[Answer, ...]
    finished_at: int | None = None

    @property
    def left(self) -> float:
        """Seconds of the time limit not yet used."""
        return max(self.settings.minutes * 60 - self.used, 0.0)


def eligible(items: list[Item], settings: Settings) -> list[Item]:
    """The items an exam with these filters may ask."""
    return [
        i
        for i in items
        if i.form in EXAM_FORMS
        and (not settings.topics or i.topic in settings.topics)
        and (not settings.tags or any(tag in i.tags for tag in settings.tags))
    ]


def choose(items: list[Item], count: int, rng: random.Random) -> list[Item]:
    """``count`` items at random, no two facets of one entry (one would give the other away), topics mixed."""
    pool = list(items)
    rng.shuffle(pool)
    chosen: list[Item] = []
    entries: set[tuple[str, str]] = set()
    for item in pool:
        if item.entry not in entries or not item.entry[1]:
            chosen.append(item)
            entries.add(item.entry)
        if len(chosen) == count:
            return chosen
    rest = [i for i in pool if i not in chosen]  # a small filter: a second facet of an entry rather than fewer questions
    return chosen + rest[: count - len(chosen)]


def unfinished(store: Store) -> Sitting | None:
    """The exam stopped before its end, if any (the latest)."""
    rows = store.rows("SELECT id FROM exams WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1")
    return None if not rows else load(store, int(rows[0][0]))


def load(store: Store, exam_id: int) -> Sitting:
    """An exam and its answers so far."""
    (row,) = store.rows("SELECT id, started_at, settings, item_ids, used, finished_at FROM exams WHERE id = ?", (exam_id,))
    answers = store.rows(
        "SELECT position, item_id, answer, correct, late FROM exam_answers WHERE exam_id = ? ORDER BY position", (exam_id,)
    )
    given = json.loads(row[2])
    settings = Settings(float(given["minutes"]), tuple(given["topics"]), tuple(given["tags"]), bool(given["record"]))
    return Sitting(
        int(row[0]),
        int(row[1]),
        settings,
        tuple(json.loads(row[3])),
        float(row[4]),
        tuple(Answer(int(a[0]), str(a[1]), str(a[2]), bool(a[3]), bool(a[4])) for a in answers),
        None if row[5] is None else int(row[5]),
    )


def start(store: Store, chosen: list[Item], settings: Settings, now: datetime) -> Sitting:
    """Keep a new exam of the chosen items; return it."""
    ids = [i.id for i in chosen]
    with store.writing() as db:
        cursor = db.execute(
            "INSERT INTO exams (started_at, settings, item_ids, used) VALUES (?, ?, ?, 0)",
            (clock.epoch_of(now), json.dumps(settings._asdict()), json.dumps(ids)),
        )
        assert cursor.lastrowid is not None  # an INSERT always sets it
        exam_id = cursor.lastrowid
    return Sitting(exam_id, clock.epoch_of(now), settings, tuple(ids), 0.0, ())


def finish(store: Store, sitting: Sitting, now: datetime) -> Sitting:
    """Mark the exam ended (questions left unanswered count as missed)."""
    at = clock.epoch_of(now)
    with store.writing() as db:
        db.execute("UPDATE exams SET finished_at = ? WHERE id = ?", (at, sitting.exam_id))
    return load(store, sitting.exam_id)


def discard(store: Store, sitting: Sitting) -> None:
    """Drop an unfinished exam (answers it recorded as reviews stay reviews)."""
    with store.writing() as db:
        db.execute("DELETE FROM exam_answers WHERE exam_id = ?", (sitting.exam_id,))
        db.execute("DELETE FROM exams WHERE id = ?", (sitting.exam_id,))


def readable(item: Item, answer: str) -> str:
    """An answer as the result shows it: the option or steps the trainee picked, not their numbers on screen."""
    if item.form == Form.CHOICE:
        index = grading.choice_index(answer, item.options)
        return answer if index is None else item.options[index]
    if item.form == Form.ORDER:
        order = grading.order_indexes(answer, len(item.options))
        return answer if order is None else " → ".join(item.options[i] for i in order)
    if item.form == Form.TRUE_FALSE:
        verdict = grading.true_false(answer)
        return answer if verdict is None else ("true" if verdict else "false")
    return answer


class Asking(NamedTuple):
    """What an exam sitting needs besides the exam: the items, the terminal, the clocks, and the schedule (if answers count)."""

    items: dict[str, Item]
    terminal: Terminal
    elapsed: Callable[[], float]  # seconds, a monotonic clock
    now: Callable[[], datetime]
    schedule: Schedule | None


def sit(store: Store, sitting: Sitting, asking_with: Asking) -> bool:
    """Ask the exam's remaining questions until the end or the time is up (True), or until the trainee stops (False)."""
    answered = {a.position for a in sitting.answers}
    limit = sitting.settings.minutes * 60
    began, used = asking_with.elapsed(), sitting.used
    total = len(sitting.item_ids)
    try:
        for position, item_id in enumerate(sitting.item_ids):
            item = asking_with.items.get(item_id)
            if position in answered or item is None:
                continue
            spent = used + asking_with.elapsed() - began
            if spent >= limit:
                output.echo("Time is up.", bold=True)
                return True
            output.echo()
            output.echo(f"Time left: {_clock(limit - spent)}", dim=True)
            rng = random.Random(f"{sitting.exam_id}|{position}")
            shown = asking.shuffled(item, rng)
            asking.show(position + 1, total, shown, again=False)
            answer, correct = asking.ask(shown, asking_with.terminal)
            spent = used + asking_with.elapsed() - began
            late = spent > limit
            _save(store, sitting, Answer(position, item.id, readable(shown, answer), correct, late), spent)
            if late:
                output.echo("Time is up: that answer came after the end and does not count.", bold=True)
                return True
            if asking_with.schedule is not None:
                moment = asking_with.now().replace(microsecond=0)
                store.record(item.id, moment, GOOD if correct else AGAIN, correct, answer, asking_with.schedule)
    except (Quit, EOFError, KeyboardInterrupt):
        spent = used + asking_with.elapsed() - began
        with store.writing() as db:
            db.execute("UPDATE exams SET used = ? WHERE id = ?", (min(spent, limit), sitting.exam_id))
        output.echo()
        return False
    return True


def _save(store: Store, sitting: Sitting, answer: Answer, spent: float) -> None:
    """Keep one answer and the time used, in one transaction: a killed exam loses at most the question on screen."""
    with store.writing() as db:
        db.execute(
            "INSERT INTO exam_answers (exam_id, position, item_id, answer, correct, late) VALUES (?, ?, ?, ?, ?, ?)",
            (sitting.exam_id, answer.position, answer.item_id, answer.answer, int(answer.correct), int(answer.late)),
        )
        db.execute("UPDATE exams SET used = ? WHERE id = ?", (min(spent, sitting.settings.minutes * 60), sitting.exam_id))


def _clock(seconds: float) -> str:
    whole = max(int(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def paused(sitting: Sitting) -> str:
    """What to tell a trainee who stopped an exam before its end."""
    return (
        f"Exam paused: {len(sitting.answers)} of {len(sitting.item_ids)} answered, {_clock(sitting.left)} left "
        "(the clock stops while it is paused). massage-quiz exam resumes it; massage-quiz exam --end scores it now."
    )
