"""Taking an exam from start to result: start one, or resume or end the unfinished one, then score it and write the result."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import NamedTuple

from massage_quiz import output, ownedfile
from massage_quiz.drill import clock, exam, examresult
from massage_quiz.drill.progress import Store, default_path
from massage_quiz.drill.terminal import Terminal
from massage_quiz.errors import MassageQuizError, UsageProblem
from massage_quiz.items.item import Item
from massage_quiz.items.load import load_items


class Request(NamedTuple):
    """What the trainee asked of ``massage-quiz exam``."""

    questions: int
    minutes: float
    topics: tuple[str, ...]
    tags: tuple[str, ...]
    record: bool
    output: Path | None
    json: bool
    force: bool
    end: bool
    new: bool


def take(request: Request, retention: float, state: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Run the exam the request asks for, in the terminal, and show (and write) its result when it ends."""
    if request.output is not None:  # refused before the exam, not after the trainee's half hour
        ownedfile.check(
            request.output, examresult.is_result, "an exam result massage-quiz wrote", "exam-result.txt", request.force, "-o"
        )
    items = load_items(content_dirs)
    by_id: dict[str, Item] = {i.id: i for i in items}
    with Store(state or default_path()) as store:
        sitting = exam.unfinished(store)
        if sitting is not None and request.new:
            exam.discard(store, sitting)
            output.echo("The unfinished exam was discarded.", dim=True)
            sitting = None
        if request.end:
            if sitting is None:
                raise MassageQuizError("there is no unfinished exam to end: massage-quiz exam starts one")
            _report(exam.finish(store, sitting, clock.now()), by_id, request)
            return
        if sitting is None:
            sitting = _start(store, items, request)
        else:
            output.echo(_resuming(sitting), dim=True)
        schedule = None
        if sitting.settings.record:
            from massage_quiz.drill.retention import policy
            from massage_quiz.drill.scheduling import scheduler_for

            schedule = scheduler_for(retention, store.parameters(), policy(retention, content_dirs).retentions(items))
        asking = exam.Asking(by_id, Terminal(), time.monotonic, clock.now, schedule)
        if not exam.sit(store, sitting, asking):
            output.echo(exam.paused(exam.load(store, sitting.exam_id)))
            return
        _report(exam.finish(store, sitting, clock.now()), by_id, request)


def _start(store: Store, items: list[Item], request: Request) -> exam.Sitting:
    """A new exam of the request's size, drawn at random from the items its filters allow; say what it is."""
    settings = exam.Settings(request.minutes, request.topics, request.tags, request.record)
    pool = exam.eligible(items, settings)
    if not pool:
        raise UsageProblem("no exam questions match the --topic and --tag given (self-graded recall cards are never in an exam)")
    chosen = exam.choose(pool, request.questions, random.Random(clock.now().isoformat()))
    sitting = exam.start(store, chosen, settings, clock.now())
    few = f" (only {len(chosen)} match the filters)" if len(chosen) < request.questions else ""
    output.echo(
        f"Exam: {len(chosen)} questions{few}, {request.minutes:g} minutes. No feedback until the end; "
        "q, Ctrl-C or Ctrl-D pauses it (and its clock).",
        dim=True,
    )
    counted = (
        "Your answers count as reviews: they move your schedule."
        if request.record
        else ("Your answers do not change your schedule (--record would count them as reviews).")
    )
    output.echo(counted, dim=True)
    return sitting


def _resuming(sitting: exam.Sitting) -> str:
    started = examresult.moment(sitting.started_at)
    return (
        f"Resuming the exam started {started}: {len(sitting.answers)} of {len(sitting.item_ids)} answered, "
        f"{int(sitting.left) // 60}:{int(sitting.left) % 60:02d} left. (massage-quiz exam --new starts another instead.)"
    )


def _report(sitting: exam.Sitting, items: dict[str, Item], request: Request) -> None:
    """Show the result, and write it to the requested file."""
    data = examresult.result(sitting, items)
    output.echo()
    for line in examresult.text(data).splitlines():
        output.echo(line)
    if request.output is not None:
        examresult.write(data, request.output, request.json, request.force)
        output.echo(f"Wrote {request.output}.", dim=True)
