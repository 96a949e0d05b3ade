"""Today's drill: what to ask, and what to offer when nothing is due."""

from __future__ import annotations

from pathlib import Path

from massage_quiz import output
from massage_quiz.drill import clock, session
from massage_quiz.drill.progress import Store, default_path
from massage_quiz.drill.terminal import Terminal, wrap
from massage_quiz.errors import UsageProblem
from massage_quiz.items.item import Item
from massage_quiz.items.load import load_items


def drill(
    options: session.Options,
    retention: float,
    practice: bool,
    state: Path | None,
    content_dirs: tuple[str, ...],
    deck: Path | None = None,
) -> None:
    """Run today's drill (or a practice session) in the terminal, recording every answer at once."""
    from massage_quiz.drill.retention import policy
    from massage_quiz.drill.scheduling import scheduler_for

    items = load_items(content_dirs, deck)
    terminal = Terminal()
    with Store(state or default_path()) as store:
        now = clock.now()
        ids: list[str] = [i.id for i in items if session.wanted(i, options)]
        if not ids:
            raise UsageProblem(_nothing_matches(items))
        recording: Store | None
        if practice:
            queue, recording = session.practice_items(items, store, options), None
        else:
            due, new = session.select(items, store, now, options, _bundled(items))
            queue, recording = due + new, store
            if not queue:
                queue, recording = _nothing_due(store, ids, items, options, terminal)
        if not queue:
            return
        counts = f"{len(queue)} question{'s' if len(queue) != 1 else ''}"
        output.echo(wrap(f"{'Practice' if recording is None else 'Today'}: {counts}. Type q to stop at any time."), dim=True)
        schedule = scheduler_for(retention, store.parameters(), policy(retention, content_dirs).retentions(items))
        outcome = session.run(queue, recording, schedule, terminal, clock.now, options.limit)
        for line in session.summary(outcome, store, ids, clock.now(), recording is None):
            output.echo(wrap(line))
        if recording is not None and outcome.answered:
            adapt(store)


def adapt(store: Store) -> None:
    """Fit the trainee's memory model again once enough new answers have come in, and say what it found."""
    from massage_quiz.drill import fitting

    fitted = fitting.refresh(store, clock.epoch_of(clock.now()))
    if fitted is not None:
        output.echo(wrap(fitting.describe(fitted)), dim=True)


def _bundled(items: list[Item]) -> frozenset[str] | None:
    """The bundled items' ids when a course adds items of its own, else None (every item is bundled)."""
    from massage_quiz.items.load import bundled_ids

    bundled = bundled_ids()
    return bundled if any(item.id not in bundled for item in items) else None


def _nothing_due(
    store: Store, ids: list[str], items: list[Item], options: session.Options, terminal: Terminal
) -> tuple[list[Item], None]:
    """Say when the next item is due, and offer practice (asked on a terminal, named otherwise)."""
    now = clock.now()
    upcoming = store.next_due(ids)
    when = clock.describe(upcoming, now) if upcoming else "not yet scheduled"
    output.echo(wrap(f"Nothing is due now, and today's new items are done. Next due: {when}."))
    if terminal.interactive:
        try:
            output.echo(wrap("Practise anyway, without changing your schedule?"))
            answer = terminal.line("[y/N] ")
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return session.practice_items(items, store, options), None
    else:
        output.echo(wrap("To practise without changing your schedule: massage-quiz drill --practice"))
    return [], None


def _nothing_matches(items: list[Item]) -> str:
    """The filters matched nothing: say which topics and tags there are to choose from."""
    topics = sorted({i.topic for i in items})
    tags = sorted({tag for i in items for tag in i.tags})
    return f"no items match the --topic and --tag given. Topics: {', '.join(topics)}. Tags: {', '.join(tags) or 'none'}."
